// A trainee's page: facts, the huvudhandledare (flagged without
// handledarutbildning; appointed here by the verksamhetschef), the
// education plan (its state and approvals, deadlines, contract, the
// checklist of goals, the activities, track and note, substitutes and
// history; plan.js and its neighbours), a timeline of the training
// (rotations, activities, leaves, today and the projected end), the
// rotations (each linked to its documentation), the certificates
// (certificates.js) and the needs not yet booked.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, vocab, fmtDate, fmtWeek, fmtWeeks, fmtNumber, specialtyName, compareText } from '../i18n.js';
import { parseDate, weekMonday, weeksSpan, today, dateString, currentWeek, addWeeks, DAY_MS } from '../weeks.js';
import {
  pageHead, section, errorBox, loading, empty, table, statusBadge, shortNoticeBadge, period, bookingActions, notify, rotationLink,
} from '../components.js';
import { exportLinks, feedLink } from '../components.js';
import { timeline, timelineLegend } from '../timeline.js';
import { access, traineeSubject } from '../access.js';
import { can } from '../session.js';
import { regulationName } from '../goals.js';
import { supervisorSummary, appointControl } from '../supervisors.js';
import { planController, overviewSection, checklistSection, activityText, activityWeeks } from './plan.js';
import { activitiesSection, trackSection, substitutesSection } from './plan-editor.js';
import { historySection } from './plan-history.js';
import { certificatesSection } from './certificates.js';
import { offersSection } from '../reoffer.js';

const HIDDEN_STATUSES = ['declined'];

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
    // Exportera: the trainee's plan and rotations; and their calendar feed.
    if (!head.querySelector('.export-links')) head.append(exportLinks(`/trainees/${id}`, {}, trainee.name), feedLink('trainee', trainee.id));

    bookings.sort((a, b) => compareText(a.start_week, b.start_week));
    const openNeeds = (trainee.needs || []).filter((n) => n.status === 'open');

    // The plan: what the user may do with it follows their roles for this
    // trainee; its parts draw once it is read.
    const may = await access();
    const subject = traineeSubject(trainee);
    const plan = planController(trainee, (action, role) => may(action, subject, role));
    const tl = trainingTimeline(trainee, bookings, openNeeds, plan);
    plan.add('timeline', { draw: () => tl.redraw() });
    const svSlot = h('div', { class: 'trainee-supervisor' });
    const drawSupervisor = () => replace(svSlot, ...huvudhandledare(trainee, may('supervisor.appoint', subject), async (sv) => {
      trainee.supervisor = sv;
      trainee.supervisor_id = sv ? sv.id : null;
      notify(sv ? t('trainee.supervisor.appointed', { name: sv.name }) : t('trainee.supervisor.removed'));
      drawSupervisor();
      svSlot.querySelector('[data-action="appoint-supervisor"]')?.focus();
    }));
    drawSupervisor();
    const svSection = section(t('trainee.supervisor'), svSlot);
    svSection.id = 'huvudhandledare';
    replace(body,
      facts(trainee),
      svSection,
      overviewSection(plan),
      section(t('trainee.timeline'), tl.el),
      checklistSection(plan),
      activitiesSection(plan),
      may('plan.write', subject) ? trackSection(plan) : null,
      substitutesSection(plan),
      historySection(plan),
      can('offer.read') ? offersSection(trainee.id, may('offer.answer', subject), () => load()) : null,
      section(t('trainee.bookings'), bookingList(bookings)),
      certificatesSection(trainee, (action, role) => may(action, subject, role)),
      section(t('trainee.open_needs'), needList(openNeeds, spById)),
      section(t('trainee.leaves'), leaveList(trainee.leaves || [])));
    plan.reload();
  }

  function bookingList(bookings) {
    const shown = bookings.filter((b) => !HIDDEN_STATUSES.includes(b.status));
    if (!shown.length) return empty(t('trainee.no_bookings'));
    return table(
      [t('bookings.unit'), t('bookings.specialty'), t('bookings.period'), t('bookings.pattern'), t('bookings.weeks'), t('bookings.status'),
        t('rotation.documentation'), t('bookings.actions')],
      shown.map((b) => h('tr', { dataset: { booking: b.id, status: b.status } },
        h('td', null, h('a', { href: `#/enheter/${b.unit.id}` }, b.unit.name)),
        h('td', null, specialtyName(b.specialty)),
        h('td', { class: 'num' }, period(b)),
        h('td', null, vocab('pattern', b.pattern)),
        h('td', { class: 'num' }, String(b.weeks)),
        h('td', null, statusBadge(b.status), ' ', shortNoticeBadge(b),
          b.cancel_reason ? h('span', { class: 'muted' }, ` (${vocab('reason', b.cancel_reason)})`) : null),
        h('td', null, rotationLink(b)),
        h('td', null, bookingActions(b, () => load())))),
      { class: 'table table-bookings' });
  }
}

// The huvudhandledare: who, where, a warning in words when they lack
// handledarutbildning, and for the verksamhetschef (supervisor.appoint)
// the control that appoints another among the supervisors they see.
function huvudhandledare(tr, appoint, onSaved) {
  const sv = tr.supervisor;
  const home = tr.home_unit ? tr.home_unit.id : null;
  return [
    h('p', { class: 'supervisor-now', dataset: { supervisor: sv ? sv.id : '', trained: sv ? String(sv.trained) : '' } },
      supervisorSummary(sv)),
    sv && !sv.trained
      ? h('div', { class: 'notice notice-warn', dataset: { flag: 'untrained' } },
        h('strong', null, t('supervisor.untrained')), ' ', t('trainee.supervisor.untrained', { name: sv.name }))
      : null,
    !sv ? h('p', { class: 'hint' }, t('trainee.supervisor.none_lead')) : null,
    appoint ? appointControl({
      current: sv,
      unitId: home,
      label: t('trainee.supervisor.choose'),
      action: 'appoint-supervisor',
      choices: () => api.getAll('/supervisors'),
      async save(id) {
        const r = await api.put(`/trainees/${tr.id}/supervisor`, { supervisor_id: id });
        await onSaved(r.supervisor);
      },
    }) : null,
  ];
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
    tr.regulation ? item(t('trainee.regulation'), regulationName(tr.regulation)) : null,
    tr.email ? item(t('trainee.email'), tr.email) : null);
}

function needList(needs, spById) {
  if (!needs.length) return empty(t('trainee.no_open_needs'));
  return table(
    [t('trainee.need.specialty'), t('trainee.need.weeks'), t('trainee.need.patterns'), t('trainee.need.preferred'), t('bookings.actions')],
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

// The timeline of the training: rotations, leaves and open needs with a
// preferred start, from the start of training to past its projected end.
function trainingTimeline(tr, bookings, openNeeds, plan) {
  const legend = timelineLegend([
    ...['completed', 'confirmed', 'requested', 'cancelled'].map((st) => ({ className: `tl-swatch-${st}`, label: vocab('status', st) })),
    { className: 'tl-swatch-leave', label: t('trainee.timeline.leaves') },
    { className: 'tl-swatch-activity', label: t('trainee.timeline.activities') },
    { className: 'tl-swatch-need', label: t('trainee.open_needs') },
  ], 'timeline-legend');
  const tl = timeline(() => timelineSpec(tr, bookings, openNeeds, plan.plan ? plan.plan.activities : []));
  return { el: h('div', null, tl.el, legend), redraw: tl.redraw };
}

// The plan's activities with weeks, as bars.
function activityBars(activities) {
  const bars = [];
  for (const a of activities) {
    const span = weeksSpan({ start_week: a.from || a.to, end_week: a.to || a.from });
    if (!span) continue;
    bars.push({
      from: span[0],
      to: span[1],
      label: `${activityText(a)}, ${activityWeeks(a)}, ${vocab('activity_status', a.status)}`,
      text: a.title,
      className: ['tl-activity', `tl-act-${a.status}`],
      dataset: { activity: a.id, status: a.status },
      key: `activity-${a.id}`,
    });
  }
  return bars.sort((a, b) => a.from - b.from);
}

function timelineSpec(tr, bookings, openNeeds, activities) {
  const now = today();
  const start = parseDate(tr.start_date) ?? now;
  const ends = [parseDate(tr.projected_end), parseDate(tr.planned_end)];
  const rotations = [];
  for (const b of bookings) {
    if (HIDDEN_STATUSES.includes(b.status)) continue;
    const span = weeksSpan(b);
    if (!span) continue;
    const status = drawnStatus(b, now);
    rotations.push({
      from: span[0],
      to: span[1],
      rank: { confirmed: 0, completed: 0, requested: 1, cancelled: 2 }[status] ?? 3,
      label: `${b.unit.name}, ${period(b)}, ${vocab('status', b.status)}${b.cancel_reason ? ` (${vocab('reason', b.cancel_reason)})` : ''}`,
      text: b.unit.name,
      className: ['tl-booking', `tl-${status}`],
      href: `#/enheter/${b.unit.id}`,
      dataset: { booking: b.id, status: b.status },
      key: `booking-${b.id}`,
    });
    ends.push(span[1]);
  }
  // Active bookings first so that they take the top lane.
  rotations.sort((a, b) => a.rank - b.rank || a.from - b.from);
  const leaves = [];
  for (const l of tr.leaves || []) {
    const from = parseDate(l.from_date);
    const to = parseDate(l.to_date);
    if (from == null || to == null) continue;
    leaves.push({
      from,
      to: to + DAY_MS,
      label: `${vocab('leave', l.kind)}, ${fmtDate(l.from_date)} – ${fmtDate(l.to_date)}`,
      text: vocab('leave', l.kind),
      className: 'tl-leave',
      dataset: { leave: l.id },
    });
    ends.push(to + DAY_MS);
  }
  const needs = [];
  for (const n of openNeeds) {
    const from = weekMonday(n.preferred_start);
    if (from == null) continue;
    needs.push({
      from,
      to: from + n.weeks * 7 * DAY_MS,
      label: `${t('trainee.open_needs')}: ${fmtWeek(n.preferred_start)}, ${fmtWeeks(n.weeks)}`,
      className: 'tl-need',
      dataset: { need: n.id },
    });
    ends.push(from + n.weeks * 7 * DAY_MS);
  }
  leaves.sort((a, b) => a.from - b.from);
  needs.sort((a, b) => a.from - b.from);
  const acts = activityBars(activities);
  for (const a of acts) ends.push(a.to);
  const t0 = Math.min(start, now);
  const t1 = Math.max(...ends.filter((x) => x != null), now + 30 * DAY_MS, t0 + 365 * DAY_MS) + 30 * DAY_MS;
  const pe = parseDate(tr.projected_end);
  return {
    label: t('trainee.timeline.label', { name: tr.name, from: fmtDate(tr.start_date), to: fmtDate(tr.projected_end) }),
    from: t0,
    to: t1,
    bands: [
      { label: t('trainee.timeline.rotations'), bars: rotations },
      { label: t('trainee.timeline.leaves'), bars: leaves },
      { label: t('trainee.timeline.activities'), bars: acts, optional: true },
      { label: t('trainee.timeline.needs'), bars: needs, optional: true },
    ],
    // The training itself, from start to the projected end.
    spans: pe != null ? [{ from: start, to: pe, className: 'tl-training' }] : [],
    markers: [
      { at: now, className: 'tl-today', text: `${t('trainee.timeline.today')} ${dateString(now)}` },
      pe != null ? { at: pe, className: 'tl-end', text: `${t('trainee.timeline.end')} ${fmtDate(tr.projected_end)}` } : null,
    ].filter(Boolean),
  };
}
