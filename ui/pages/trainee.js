// A trainee's page: facts, a timeline of the training (rotations, leaves,
// today and the projected end), the rotations and the needs not yet booked.

import { h, s, replace } from '../dom.js';
import * as api from '../api.js';
import { t, vocab, fmtDate, fmtWeek, fmtWeeks, fmtNumber, specialtyName, compareText } from '../i18n.js';
import { parseDate, weekMonday, weeksSpan, today, dateString, currentWeek, addWeeks, DAY_MS } from '../weeks.js';
import { pageHead, section, errorBox, loading, empty, table, statusBadge, shortNoticeBadge, period, bookingActions, lanes } from '../components.js';

const HIDDEN_STATUSES = ['declined'];
const REGULATIONS = { 2008: 'SOSFS 2008:17', 2015: 'SOSFS 2015:8', 2021: 'HSLF-FS 2021:8' };

export function render(view, { params }) {
  const id = params[0];
  const head = pageHead(t('trainees.title'));
  const body = h('div', { class: 'page-body' }, loading());
  view.append(head, body);
  load();

  async function load() {
    let trainee;
    let bookings;
    let specialties = [];
    try {
      [trainee, bookings] = await Promise.all([
        api.get(`/trainees/${id}`),
        api.getAll('/bookings', { trainee: id }),
      ]);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    try {
      specialties = await api.specialties();
    } catch {
      specialties = [];
    }
    const spById = new Map(specialties.map((sp) => [sp.id, sp]));
    replace(head.querySelector('h1'), trainee.name);
    document.title = `${trainee.name} – ${t('app.name')}`;
    const sub = head.querySelector('.lead') || head.appendChild(h('p', { class: 'lead' }));
    sub.textContent = `${t('trainee.kind')} · ${specialtyName(trainee.specialty)}`;

    bookings.sort((a, b) => compareText(a.start_week, b.start_week));
    const openNeeds = (trainee.needs || []).filter((n) => n.status === 'open');

    replace(body,
      facts(trainee),
      section(t('trainee.timeline'), timeline(trainee, bookings, openNeeds)),
      section(t('trainee.bookings'), bookingList(bookings)),
      section(t('trainee.open_needs'), needList(openNeeds, spById)),
      section(t('trainee.leaves'), leaveList(trainee.leaves || [])));
  }

  function bookingList(bookings) {
    const shown = bookings.filter((b) => !HIDDEN_STATUSES.includes(b.status));
    if (!shown.length) return empty(t('trainee.no_bookings'));
    return table(
      [t('bookings.unit'), t('bookings.specialty'), t('bookings.period'), t('bookings.pattern'), t('bookings.weeks'), t('bookings.status'), t('bookings.actions')],
      shown.map((b) => h('tr', { dataset: { booking: b.id, status: b.status } },
        h('td', null, h('a', { href: `#/enheter/${b.unit.id}` }, b.unit.name)),
        h('td', null, specialtyName(b.specialty)),
        h('td', { class: 'num' }, period(b)),
        h('td', null, vocab('pattern', b.pattern)),
        h('td', { class: 'num' }, String(b.weeks)),
        h('td', null, statusBadge(b.status), ' ', shortNoticeBadge(b),
          b.cancel_reason ? h('span', { class: 'muted' }, ` (${vocab('reason', b.cancel_reason)})`) : null),
        h('td', null, bookingActions(b, () => load())))),
      { class: 'table table-bookings' });
  }
}

function facts(tr) {
  const item = (label, value) => h('div', null, h('dt', null, label), h('dd', null, value ?? t('common.none')));
  return h('dl', { class: 'facts card' },
    item(t('trainee.specialty'), specialtyName(tr.specialty)),
    item(t('trainee.home_unit'), tr.home_unit ? h('a', { href: `#/enheter/${tr.home_unit.id}` }, tr.home_unit.name) : null),
    item(t('trainee.start_date'), fmtDate(tr.start_date)),
    item(t('trainee.planned_end'), fmtDate(tr.planned_end)),
    item(t('trainee.projected_end'), h('strong', null, fmtDate(tr.projected_end))),
    item(t('trainee.fte'), tr.fte != null ? `${fmtNumber(tr.fte)} %` : null),
    item(t('trainee.status'), vocab('trainee_status', tr.status)),
    tr.regulation ? item(t('trainee.regulation'), REGULATIONS[tr.regulation] || tr.regulation) : null,
    tr.email ? item(t('trainee.email'), tr.email) : null);
}

function needList(needs, spById) {
  if (!needs.length) return empty(t('trainee.no_open_needs'));
  return table(
    [t('trainee.need.specialty'), t('trainee.need.weeks'), t('trainee.need.patterns'), t('trainee.need.preferred'), ''],
    needs.map((n) => {
      const spId = n.specialty_id ?? (n.specialty && n.specialty.id);
      const sp = spById.get(spId) || n.specialty;
      const from = n.preferred_start || addWeeks(currentWeek(), 13);
      const q = new URLSearchParams({ from, to: addWeeks(from, 19) });
      if (spId) q.set('specialty', String(spId));
      return h('tr', { dataset: { need: n.id } },
        h('td', null, sp ? specialtyName(sp) : t('common.none')),
        h('td', { class: 'num' }, String(n.weeks)),
        h('td', null, (n.patterns || []).map((p) => vocab('pattern', p)).join(', ')),
        h('td', { class: 'num' }, n.preferred_start ? fmtWeek(n.preferred_start) : t('common.none')),
        h('td', null, h('a', { class: 'btn btn-small', href: `#/platser?${q}` }, t('trainee.need.find'))));
    }));
}

function leaveList(leaves) {
  if (!leaves.length) return empty(t('trainee.no_leaves'));
  return table([t('trainee.leave.kind'), t('trainee.leave.from'), t('trainee.leave.to')],
    leaves.map((l) => h('tr', null,
      h('td', null, vocab('leave', l.kind)),
      h('td', { class: 'num' }, fmtDate(l.from_date)),
      h('td', { class: 'num' }, fmtDate(l.to_date)))));
}

// The drawn class of a booking: a confirmed booking that has ended counts as completed.
function drawnStatus(b, now) {
  const span = weeksSpan(b);
  if (b.status === 'confirmed' && span && span[1] <= now) return 'completed';
  return b.status;
}

// The SVG timeline; it redraws itself when its box changes width.
function timeline(tr, bookings, openNeeds) {
  const wrap = h('div', { class: 'timeline-wrap' });
  const legend = h('ul', { class: 'legend timeline-legend' },
    ['completed', 'confirmed', 'requested', 'cancelled'].map((st) =>
      h('li', null, h('span', { class: ['swatch', `tl-swatch-${st}`], 'aria-hidden': 'true' }), vocab('status', st))),
    h('li', null, h('span', { class: 'swatch tl-swatch-leave', 'aria-hidden': 'true' }), t('trainee.timeline.leaves')),
    h('li', null, h('span', { class: 'swatch tl-swatch-need', 'aria-hidden': 'true' }), t('trainee.open_needs')));
  let lastWidth = 0;
  const draw = () => {
    const width = Math.max(640, Math.floor(wrap.clientWidth || 900));
    if (width === lastWidth) return;
    lastWidth = width;
    replace(wrap, drawTimeline(tr, bookings, openNeeds, width));
  };
  if (window.ResizeObserver) new ResizeObserver(draw).observe(wrap);
  requestAnimationFrame(draw);
  return h('div', null, wrap, legend);
}

function drawTimeline(tr, bookings, openNeeds, width) {
  const now = today();
  const start = parseDate(tr.start_date) ?? now;
  const ends = [parseDate(tr.projected_end), parseDate(tr.planned_end)];
  const items = [];
  for (const b of bookings) {
    if (HIDDEN_STATUSES.includes(b.status)) continue;
    const span = weeksSpan(b);
    if (!span) continue;
    items.push({ b, from: span[0], to: span[1], status: drawnStatus(b, now) });
    ends.push(span[1]);
  }
  const leaves = [];
  for (const l of tr.leaves || []) {
    const from = parseDate(l.from_date);
    const to = parseDate(l.to_date);
    if (from == null || to == null) continue;
    leaves.push({ l, from, to: to + DAY_MS });
    ends.push(to + DAY_MS);
  }
  const needs = [];
  for (const n of openNeeds) {
    const from = weekMonday(n.preferred_start);
    if (from == null) continue;
    needs.push({ n, from, to: from + n.weeks * 7 * DAY_MS });
    ends.push(from + n.weeks * 7 * DAY_MS);
  }
  const t0 = Math.min(start, now);
  const t1 = Math.max(...ends.filter((x) => x != null), now + 30 * DAY_MS, t0 + 365 * DAY_MS) + 30 * DAY_MS;

  // Active bookings first so that they take the top lane.
  const rank = { confirmed: 0, completed: 0, requested: 1, cancelled: 2 };
  items.sort((a, b) => (rank[a.status] ?? 3) - (rank[b.status] ?? 3) || a.from - b.from);
  const nBook = lanes(items);
  const nLeave = lanes(leaves);
  const nNeed = needs.length ? lanes(needs) : 0;

  const padL = 112;
  const padR = 16;
  const axisH = 28;
  const laneH = 30;
  const gap = 14;
  const x = (ms) => padL + ((ms - t0) / (t1 - t0)) * (width - padL - padR);
  const yBook = axisH + 8;
  const yLeave = yBook + nBook * laneH + gap;
  const yNeed = yLeave + nLeave * laneH + gap;
  const height = (nNeed ? yNeed + nNeed * laneH : yLeave + nLeave * laneH) + 26;

  const svg = s('svg', {
    class: 'timeline', width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': t('trainee.timeline.label', { name: tr.name, from: fmtDate(tr.start_date), to: fmtDate(tr.projected_end) }),
  });
  svg.append(s('defs', null,
    s('pattern', { id: 'tl-hatch', width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: '6', height: '6', class: 'tl-hatch-bg' }),
      s('line', { x1: '0', y1: '0', x2: '0', y2: '6', class: 'tl-hatch-line' }))));

  // Lane backgrounds and labels.
  const laneBand = (y, n, label) => [
    s('rect', { x: String(padL), y: String(y - 3), width: String(width - padL - padR), height: String(n * laneH), class: 'tl-lane' }),
    s('text', { x: '8', y: String(y + laneH / 2), class: 'tl-lane-label', 'dominant-baseline': 'middle' }, label),
  ];
  svg.append(...laneBand(yBook, nBook, t('trainee.timeline.rotations')), ...laneBand(yLeave, nLeave, t('trainee.timeline.leaves')));
  if (nNeed) svg.append(...laneBand(yNeed, nNeed, t('trainee.timeline.needs')));

  // The training itself, from start to the projected end.
  const pe = parseDate(tr.projected_end);
  if (pe != null) {
    svg.append(s('rect', { x: String(x(start)), y: String(axisH), width: String(Math.max(0, x(pe) - x(start))), height: '4', rx: '2', class: 'tl-training' }));
  }

  // Year ticks.
  const firstYear = new Date(t0).getUTCFullYear();
  const lastYear = new Date(t1).getUTCFullYear();
  const bottom = height - 20;
  for (let y = firstYear; y <= lastYear; y++) {
    const ms = Date.UTC(y, 0, 1);
    if (ms > t1) continue;
    if (ms < t0) {
      // The year the timeline starts in: its label at the left edge, if it fits.
      if (x(Date.UTC(y + 1, 0, 1)) - padL > 44) svg.append(s('text', { x: String(padL + 4), y: '14', class: 'tl-year' }, String(y)));
      continue;
    }
    const xx = x(ms);
    svg.append(s('line', { x1: String(xx), x2: String(xx), y1: String(axisH - 6), y2: String(bottom), class: 'tl-year-line' }),
      s('text', { x: String(xx + 4), y: '14', class: 'tl-year' }, String(y)));
  }

  const clip = (text, px) => {
    const max = Math.floor(px / 7);
    if (max < 4) return '';
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  };

  for (const it of items) {
    const b = it.b;
    const x0 = x(it.from);
    const w = Math.max(3, x(it.to) - x0);
    const y = yBook + it.lane * laneH;
    const label = `${b.unit.name}, ${period(b)}, ${vocab('status', b.status)}${b.cancel_reason ? ` (${vocab('reason', b.cancel_reason)})` : ''}`;
    svg.append(s('a', {
      href: `#/enheter/${b.unit.id}`, class: ['tl-booking', `tl-${it.status}`], 'aria-label': label,
      dataset: { booking: b.id, status: b.status },
    },
    s('title', null, label),
    s('rect', { x: String(x0), y: String(y), width: String(w), height: String(laneH - 6), rx: '3' }),
    s('text', { x: String(x0 + 5), y: String(y + (laneH - 6) / 2), 'dominant-baseline': 'middle' }, clip(b.unit.name, w - 8))));
  }
  for (const it of leaves) {
    const x0 = x(it.from);
    const w = Math.max(3, x(it.to) - x0);
    const y = yLeave + it.lane * laneH;
    const label = `${vocab('leave', it.l.kind)}, ${fmtDate(it.l.from_date)} – ${fmtDate(it.l.to_date)}`;
    svg.append(s('g', { class: 'tl-leave', dataset: { leave: it.l.id } },
      s('title', null, label),
      s('rect', { x: String(x0), y: String(y), width: String(w), height: String(laneH - 6), rx: '3' }),
      s('text', { x: String(x0 + 5), y: String(y + (laneH - 6) / 2), 'dominant-baseline': 'middle' }, clip(vocab('leave', it.l.kind), w - 8))));
  }
  for (const it of needs) {
    const x0 = x(it.from);
    const w = Math.max(3, x(it.to) - x0);
    const y = yNeed + it.lane * laneH;
    svg.append(s('g', { class: 'tl-need', dataset: { need: it.n.id } },
      s('title', null, `${t('trainee.open_needs')}: ${fmtWeek(it.n.preferred_start)}, ${fmtWeeks(it.n.weeks)}`),
      s('rect', { x: String(x0), y: String(y), width: String(w), height: String(laneH - 6), rx: '3' })));
  }

  // Today and the projected end.
  // Today and the projected end; when they are close, the end's label goes a line lower.
  const crowded = pe != null && Math.abs(x(pe) - x(now)) < 310;
  const marker = (ms, cls, text, anchorEnd, line) => {
    const xx = x(ms);
    return s('g', { class: cls },
      s('line', { x1: String(xx), x2: String(xx), y1: String(axisH - 8), y2: String(bottom + (line ? 14 : 0)) }),
      s('text', { x: String(anchorEnd ? xx - 4 : xx + 4), y: String(bottom + 14 + (line ? 14 : 0)), 'text-anchor': anchorEnd ? 'end' : 'start' }, text));
  };
  svg.append(marker(now, 'tl-today', `${t('trainee.timeline.today')} ${dateString(now)}`, x(now) > width - 160, 0));
  if (pe != null) svg.append(marker(pe, 'tl-end', `${t('trainee.timeline.end')} ${fmtDate(tr.projected_end)}`, true, crowded ? 1 : 0));
  if (crowded) {
    svg.setAttribute('height', String(height + 14));
    svg.setAttribute('viewBox', `0 0 ${width} ${height + 14}`);
  }
  return svg;
}
