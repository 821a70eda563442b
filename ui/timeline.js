// The timeline the trainee and planning pages share: weeks on a horizontal
// axis (the years above, ISO weeks below as Swedes write them, "v. 14"),
// bands of bars (each band packs its bars into as few lanes as fit),
// spans under the axis's top (the training) and markers (today, the
// projected end). It is drawn in SVG to the width of its box, again when
// that changes. Every bar has a text alternative; a bar with an address is
// a link, reached with Tab.
//
// How to use it:
//
//   const tl = timeline(() => ({                 // called on every drawing
//     label: t('trainee.timeline.label', {...}), // the chart's accessible name
//     from, to,                                  // the axis, UTC ms (weeksSpan and parseDate give them)
//     bands: [
//       { label: t('trainee.timeline.rotations'), bars: bookings.map((b) => ({
//         from, to,                              // UTC ms, to exclusive
//         label: 'Kirurgen, v. 10 2027 – v. 22 2027, Bekräftad',  // text alternative and tooltip
//         text: 'Kirurgen',                      // drawn on (or after) the bar; '' for none
//         className: ['tl-booking', 'tl-confirmed'],
//         href: '#/enheter/3',                   // optional: the bar is a link
//         dataset: { booking: 7 },               // optional
//         pin: false,                            // optional: a pin at its start (fixed)
//       })) },
//       { label: t('trainee.timeline.needs'), bars: [], optional: true },   // optional: not drawn when empty
//     ],
//     spans: [{ from, to, className: 'tl-training' }],
//     markers: [{ at: now, className: 'tl-today', text: 'I dag 2026-11-23' }],  // text: shown; else label: tooltip only
//     className: 'plan-timeline', dataset: { trainee: 12 },
//   }), { className: 'plan-timeline-wrap' });
//   section.append(tl.el, timelineLegend([{ className: 'tl-swatch-confirmed', label: '…' }]));
//   tl.redraw();                                 // after the data behind the spec changed
//
// Bars are drawn in the order given (sort them first), classes with
// style in style.css (tl-*, pl-*); the hatch of requested bookings is
// url(#tl-hatch), defined once per document.

import { h, s, replace } from './dom.js';
import { fmtWeekShort } from './i18n.js';
import { weekMonday, DAY_MS } from './weeks.js';

const MIN_WIDTH = 640;
const PAD_L = 112;
const PAD_R = 16;
const YEAR_Y = 13;
const TOP = 22;
const LANE_H = 28;
const BAR_H = LANE_H - 6;
const GAP = 12;
const LINE = 14;
const CHAR_W = 7;

// Puts each interval {from, to} (sorted by from) in the first lane where it
// does not overlap, setting its lane; returns how many lanes (at least 1).
export function lanes(items) {
  const ends = [];
  for (const it of items) {
    let lane = ends.findIndex((end) => end <= it.from);
    if (lane < 0) {
      lane = ends.length;
      ends.push(0);
    }
    ends[lane] = it.to;
    it.lane = lane;
  }
  return Math.max(1, ends.length);
}

// The legend under a timeline: [{ className, label }] as swatches.
export function timelineLegend(items, className) {
  return h('ul', { class: ['legend', className] }, items.map((x) =>
    h('li', null, h('span', { class: ['swatch', x.className], 'aria-hidden': 'true' }), x.label)));
}

// The patterns the bars' classes use, once in the document.
function ensureDefs() {
  if (document.getElementById('tl-hatch')) return;
  document.body.append(s('svg', { class: 'svg-defs', 'aria-hidden': 'true', width: '0', height: '0', focusable: 'false' },
    s('defs', null,
      s('pattern', { id: 'tl-hatch', width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: '6', height: '6', class: 'tl-hatch-bg' }),
        s('line', { x1: '0', y1: '0', x2: '0', y2: '6', class: 'tl-hatch-line' })))));
}

// A timeline in a box that redraws it to its width; spec is the object
// described above, or a function that gives it.
export function timeline(spec, { className } = {}) {
  const wrap = h('div', { class: ['timeline-wrap', className] });
  let lastWidth = 0;
  const draw = (force) => {
    const width = Math.max(MIN_WIDTH, Math.floor(wrap.clientWidth || 900));
    if (width === lastWidth && !force) return;
    lastWidth = width;
    ensureDefs();
    // A bar that had the focus keeps it.
    const had = wrap.contains(document.activeElement) ? document.activeElement.getAttribute('data-key') : null;
    replace(wrap, drawTimeline(typeof spec === 'function' ? spec() : spec, width));
    if (had) {
      const again = wrap.querySelector(`[data-key="${CSS.escape(had)}"]`);
      if (again) again.focus();
    }
  };
  if (window.ResizeObserver) new ResizeObserver(() => draw(false)).observe(wrap);
  requestAnimationFrame(() => draw(false));
  return { el: wrap, redraw: () => draw(true) };
}

// The weeks labelled along the bottom: each quarter (v. 1, 14, 27, 40)
// when there is room (per13: the pixels of 13 weeks), else each half year,
// else none but the years.
function weekTicks(from, to, per13) {
  const weeks = per13 >= 34 ? [1, 14, 27, 40] : per13 >= 17 ? [1, 27] : [1];
  const out = [];
  const y0 = new Date(from).getUTCFullYear() - 1;
  const y1 = new Date(to).getUTCFullYear() + 1;
  for (let yr = y0; yr <= y1; yr++) {
    for (const wk of weeks) {
      const w = `${yr}-W${String(wk).padStart(2, '0')}`;
      const ms = weekMonday(w);
      if (ms != null && ms >= from && ms <= to) out.push({ w, ms, year: wk === 1 ? yr : null });
    }
  }
  return { ticks: out, labelled: weeks.length > 1 };
}

// Shortens text to what fits in px, cut after a whole word with "…", or
// nothing when not even the first word fits: what a bar shows is always
// words of its name, so a link's visible text stays part of its accessible
// name (WCAG 2.5.3).
function clip(text, px) {
  const max = Math.floor(px / CHAR_W);
  if (max < 4) return '';
  if (text.length <= max) return text;
  let out = '';
  for (const word of text.split(' ')) {
    const next = out ? `${out} ${word}` : word;
    if (next.length + 1 > max) break;
    out = next;
  }
  return out ? `${out.replace(/[,;:.–-]+$/, '')}…` : '';
}

function drawTimeline(spec, width) {
  const from = spec.from;
  const to = spec.to;
  const scale = (width - PAD_L - PAD_R) / (to - from);
  const x = (ms) => PAD_L + (ms - from) * scale;

  // The bands that show, their bars within the axis and packed in lanes.
  let y = TOP + ((spec.spans || []).length ? 10 : 4);
  const bands = [];
  for (const band of spec.bands || []) {
    const bars = band.bars.filter((b) => b.to > from && b.from < to)
      .map((b) => ({ ...b, from: Math.max(b.from, from), to: Math.min(b.to, to) }));
    if (band.optional && !bars.length) continue;
    const n = lanes(bars);
    bands.push({ ...band, bars, y, n });
    y += n * LANE_H + GAP;
  }
  const plotBottom = y - GAP + 2;
  const { ticks, labelled } = weekTicks(from, to, 13 * 7 * DAY_MS * scale);
  const weekY = plotBottom + 13;
  let bottom = labelled ? weekY + 4 : plotBottom;

  // Markers with a text go on the first line where they meet no other.
  const markers = [];
  const lines = [];
  for (const m of spec.markers || []) {
    if (m.at < from || m.at > to) continue;
    const xx = x(m.at);
    if (!m.text) {
      markers.push({ ...m, xx, line: -1 });
      continue;
    }
    const w = m.text.length * CHAR_W;
    const end = xx > width - PAD_R - w - 8;
    const box = end ? [xx - w - 4, xx] : [xx, xx + w + 4];
    let line = 0;
    while ((lines[line] || []).some((b) => b[0] < box[1] + 8 && box[0] < b[1] + 8)) line += 1;
    (lines[line] = lines[line] || []).push(box);
    markers.push({ ...m, xx, end, line });
  }
  const textY = (line) => bottom + LINE + line * LINE;
  const height = (lines.length ? textY(lines.length - 1) : bottom) + 8;

  const svg = s('svg', {
    class: ['timeline', spec.className], width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`,
    role: 'group', 'aria-label': spec.label, dataset: spec.dataset,
  });

  // The axis: lane backgrounds, years, weeks and the spans, all seen only.
  const axis = s('g', { class: 'tl-axis', 'aria-hidden': 'true' });
  for (const b of bands) {
    axis.append(s('rect', { x: String(PAD_L), y: String(b.y - 3), width: String(width - PAD_L - PAD_R), height: String(b.n * LANE_H), class: 'tl-lane' }),
      s('text', { x: '8', y: String(b.y + BAR_H / 2), class: 'tl-lane-label', 'dominant-baseline': 'middle' }, b.label));
  }
  const firstBand = bands.length ? bands[0].y - 3 : TOP;
  for (const tk of ticks) {
    const xx = x(tk.ms);
    axis.append(s('line', {
      x1: String(xx), x2: String(xx), y1: String(tk.year ? TOP - 6 : firstBand), y2: String(plotBottom), class: tk.year ? 'tl-year-line' : 'tl-tick',
    }));
    if (labelled && xx + 30 < width) axis.append(s('text', { x: String(xx + 3), y: String(weekY), class: 'tl-week' }, fmtWeekShort(tk.w)));
    if (tk.year && xx + 36 < width) axis.append(s('text', { x: String(xx + 3), y: String(YEAR_Y), class: 'tl-year' }, String(tk.year)));
  }
  // The year the axis starts in, at the left edge when it fits before the next.
  let startYear = new Date(from).getUTCFullYear();
  if (weekMonday(`${startYear}-W01`) > from) startYear -= 1;
  if (weekMonday(`${startYear}-W01`) < from && x(weekMonday(`${startYear + 1}-W01`)) - PAD_L > 44) {
    axis.append(s('text', { x: String(PAD_L + 3), y: String(YEAR_Y), class: 'tl-year' }, String(startYear)));
  }
  for (const sp of spec.spans || []) {
    const x0 = x(Math.max(sp.from, from));
    const x1 = x(Math.min(sp.to, to));
    if (x1 > x0) axis.append(s('rect', { x: String(x0), y: String(TOP), width: String(x1 - x0), height: '4', rx: '2', class: sp.className }));
  }
  svg.append(axis);

  // The bars of each band, a group named by the band. A bar's name goes
  // inside it when it fits, else after it when there is room before the
  // next bar of its lane.
  for (const band of bands) {
    const g = s('g', { class: 'tl-band', role: 'group', 'aria-label': band.label });
    band.bars.forEach((b, i) => {
      const x0 = x(b.from);
      const w = Math.max(3, x(b.to) - x0);
      const top = band.y + b.lane * LANE_H;
      const inset = b.pin ? 14 : 5;
      const text = b.text || '';
      const next = band.bars.slice(i + 1).find((q) => q.lane === b.lane);
      const room = (next ? x(next.from) : width - PAD_R) - (x0 + w) - 8;
      const inside = text.length * CHAR_W <= w - inset - 4 || room < 40;
      const attrs = {
        class: [...[].concat(b.className || []), inside ? null : 'tl-outside'],
        dataset: { ...b.dataset, key: b.key ?? `${band.label}:${i}` },
        'aria-label': b.label,
      };
      const bar = b.href ? s('a', { ...attrs, href: b.href }) : s('g', { ...attrs, role: 'img' });
      bar.append(s('title', null, b.label),
        s('rect', { x: String(x0), y: String(top), width: String(w), height: String(BAR_H), rx: '3' }));
      if (b.pin) bar.append(s('circle', { cx: String(x0 + 7), cy: String(top + BAR_H / 2), r: '3', class: 'tl-pin' }));
      if (text) {
        bar.append(s('text', { x: String(inside ? x0 + inset : x0 + w + 5), y: String(top + BAR_H / 2), 'dominant-baseline': 'middle' },
          clip(text, inside ? w - inset - 3 : room)));
      }
      g.append(bar);
    });
    svg.append(g);
  }

  // The markers: a line across the bands, and its text under the axis.
  for (const m of markers) {
    const lineEnd = m.line >= 0 ? textY(m.line) - LINE + 2 : plotBottom;
    const label = m.label || m.text;
    const g = s('g', { class: m.className, role: 'img', 'aria-label': label },
      s('title', null, label),
      s('line', { x1: String(m.xx), x2: String(m.xx), y1: String(TOP - 6), y2: String(lineEnd) }));
    if (m.line >= 0) {
      g.append(s('text', { x: String(m.end ? m.xx - 4 : m.xx + 4), y: String(textY(m.line)), 'text-anchor': m.end ? 'end' : 'start' }, m.text));
    }
    svg.append(g);
  }
  return svg;
}
