// A small chart of a figure over the years: one point a year joined by a
// line, the target as a dashed line, in inline SVG. It is one image to
// assistive technology (role="img") named by a sentence that gives every
// year's value, so that nothing it shows is only seen.
//
//   yearChart({
//     points: [{ label: '2022', value: 0.6 }, { label: '2023', value: null }, ...],
//     max: 1,                       // the top of the scale (default: the largest value)
//     target: 0.75,                 // or null
//     label: 'Andel …, 2022–2026: 2022 60 %, 2023 inget underlag, …',
//   })
//
// A point whose value is null (nothing to count) is drawn as a hollow ring
// on the baseline and breaks the line.

import { s } from './dom.js';

const W = 260;
const H = 96;
const PAD = { top: 10, right: 18, bottom: 20, left: 18 };

export function yearChart({ points, max, target = null, label, className }) {
  const known = points.map((p) => p.value).filter((v) => v != null);
  const top = max ?? Math.max(1e-9, ...known, target ?? 0) * 1.15;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (points.length > 1 ? (i * innerW) / (points.length - 1) : innerW / 2);
  const y = (v) => PAD.top + innerH - (Math.min(Math.max(v, 0), top) / top) * innerH;
  const base = PAD.top + innerH;

  const parts = [s('line', { class: 'chart-axis', x1: PAD.left, x2: W - PAD.right, y1: base, y2: base })];
  if (target != null) {
    parts.push(s('line', {
      class: 'chart-target', x1: PAD.left, x2: W - PAD.right, y1: y(target), y2: y(target), dataset: { target: String(target) },
    }));
  }
  // The line, in runs of consecutive years that have a value.
  let run = [];
  const flush = () => {
    if (run.length > 1) parts.push(s('polyline', { class: 'chart-line', points: run.join(' ') }));
    run = [];
  };
  points.forEach((p, i) => {
    if (p.value == null) flush();
    else run.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  flush();
  points.forEach((p, i) => {
    const none = p.value == null;
    parts.push(s('circle', {
      class: ['chart-point', none ? 'chart-none' : null, p.className],
      cx: x(i).toFixed(1), cy: (none ? base : y(p.value)).toFixed(1), r: none ? 3 : 3.5,
      dataset: { label: p.label, value: none ? '' : String(p.value) },
    }));
    parts.push(s('text', { class: 'chart-year', x: x(i).toFixed(1), y: H - 5, 'text-anchor': 'middle' }, p.label));
  });
  return s('svg', {
    class: ['chart', className], viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label,
    preserveAspectRatio: 'xMidYMid meet', focusable: 'false',
  }, ...parts);
}

// ---- bars (issue 18: costs and the demand forecast) ----
//
// Bars per group (a year, a quarter), side by side or stacked, with an
// optional limit per group drawn as a short dashed line over its bars
// (the seat-weeks offered); a bar that passes its group's limit has the
// part above it drawn as "over" (hatched by the stylesheet, and named in
// the label, so that it is never told by colour alone). One image to
// assistive technology, named by label, which must give every value.
//
//   barChart({
//     groups: [{ label: '2027 K1', bars: [{ value: 120, className: 'bar-a' }], limit: 100 }, ...],
//     stacked: false,
//     label: 'Behov och utbud …: 2027 K1 120 veckor, 100 erbjudna, 20 saknas; …',
//   })

const BW = 520;
const BH = 150;
const BPAD = { top: 10, right: 8, bottom: 22, left: 8 };

export function barChart({ groups, stacked = false, label, className, max }) {
  const totals = groups.map((g) => (stacked
    ? g.bars.reduce((n, b) => n + Math.max(0, b.value || 0), 0)
    : Math.max(0, ...g.bars.map((b) => b.value || 0))));
  const top = max ?? Math.max(1e-9, ...totals, ...groups.map((g) => g.limit ?? 0)) * 1.1;
  const innerW = BW - BPAD.left - BPAD.right;
  const innerH = BH - BPAD.top - BPAD.bottom;
  const base = BPAD.top + innerH;
  const y = (v) => base - (Math.min(Math.max(v, 0), top) / top) * innerH;
  const slot = innerW / Math.max(1, groups.length);
  const gap = Math.min(6, slot * 0.2);
  const parts = [s('line', { class: 'chart-axis', x1: BPAD.left, x2: BW - BPAD.right, y1: base, y2: base })];
  // Only every nth label when there are many groups.
  const every = Math.max(1, Math.ceil(groups.length / 12));
  groups.forEach((g, i) => {
    const x0 = BPAD.left + i * slot + gap / 2;
    const w = slot - gap;
    const n = stacked ? 1 : Math.max(1, g.bars.length);
    let acc = 0;
    g.bars.forEach((b, j) => {
      const v = Math.max(0, b.value || 0);
      const from = stacked ? acc : 0;
      const to = from + v;
      acc = to;
      const bx = stacked ? x0 : x0 + (j * w) / n;
      const bw = stacked ? w : w / n;
      const cut = g.limit != null && to > g.limit ? Math.max(from, g.limit) : to;
      if (cut > from) {
        parts.push(s('rect', {
          class: ['chart-bar', b.className], x: bx.toFixed(1), y: y(cut).toFixed(1), width: Math.max(0.5, bw - 0.5).toFixed(1),
          height: (y(from) - y(cut)).toFixed(1), dataset: { group: g.label, value: String(v) },
        }));
      }
      if (to > cut) {
        parts.push(s('rect', {
          class: ['chart-bar', 'chart-over', b.className], x: bx.toFixed(1), y: y(to).toFixed(1), width: Math.max(0.5, bw - 0.5).toFixed(1),
          height: (y(cut) - y(to)).toFixed(1), dataset: { group: g.label, over: String(to - cut) },
        }));
      }
    });
    if (g.limit != null) {
      parts.push(s('line', {
        class: 'chart-limit', x1: (x0 - gap / 2).toFixed(1), x2: (x0 + w + gap / 2).toFixed(1),
        y1: y(g.limit).toFixed(1), y2: y(g.limit).toFixed(1), dataset: { group: g.label, limit: String(g.limit) },
      }));
    }
    if (i % every === 0) {
      parts.push(s('text', { class: 'chart-year', x: (x0 + w / 2).toFixed(1), y: BH - 6, 'text-anchor': 'middle' }, g.label));
    }
  });
  return s('svg', {
    class: ['chart', 'chart-bars', className], viewBox: `0 0 ${BW} ${BH}`, role: 'img', 'aria-label': label,
    preserveAspectRatio: 'xMidYMid meet', focusable: 'false',
  }, ...parts);
}
