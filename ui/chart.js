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
