// Planering: starts the optimiser for the region or one specialty, follows
// the run live (it survives a reload: the run is in the address), shows its
// proposal per trainee, per unit, the unplaced needs and the bottlenecks, and
// turns the proposals the user chooses into booking requests in one action.

import { h, s, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtWeek, fmtWeekShort, fmtWeeks, fmtDateTime, specialtyName, compareText } from '../i18n.js';
import { addWeeks, currentWeek, weekParts, weekRange, weeksBetween, weeksSpan, today, dateString, DAY_MS } from '../weeks.js';
import { pageHead, section, errorBox, errorText, loading, empty, field, select, table, statusBadge, period, notify, markInvalid, reasonNode } from '../components.js';
import { pagedList, pageOf, wireFilters } from '../list.js';
import { timeline, timelineLegend } from '../timeline.js';
import { can } from '../session.js';

const POLL_MS = 500;
const RETRY_MS = 2000;
const TRAINEES_PER_PAGE = 10;
const RUNS_PER_PAGE = 10;
const LOAD_WEEKS = 26;
const LOAD_SHIFT = 13;
const MAX_SAMPLES = 400;
const ACTIVE = ['queued', 'running'];
const WITH_PLAN = ['done', 'cancelled'];
const BOOKED = ['requested', 'confirmed', 'completed'];
// Seats a placement occupies in each of its weeks (planning-format.md);
// "alternate" is away every other week, starting away.
const OCCUPANCY = { full: 1, split4: 0.8, split3: 0.6, half: 0.5, alternate: 1 };

const round1 = (x) => Math.round(x * 10) / 10;
const seconds = (x) => t('planning.seconds', { s: fmtNumber(round1(x)) });
const known = (x) => x !== null && x !== undefined;

// The gap between a score and its lower bound as a fraction of the score
// (0 when the score is 0), or null when either is unknown.
function gapOf(best, bound) {
  if (!known(best) || !known(bound)) return null;
  if (best <= 0) return 0;
  return Math.max(0, best - bound) / best;
}

// A gap as the page writes it: "1,2 %".
function fmtGap(g) {
  return known(g) ? t('planning.percent', { p: fmtNumber(round1(g * 100)) }) : t('common.none');
}

// A score, or "–" before there is one.
const fmtScore = (x) => (known(x) ? fmtNumber(x) : t('common.none'));

// "v. 10–v. 38 2027", or "v. 40 2027–v. 12 2028" across a year.
function weekSpan(a, b) {
  const pa = weekParts(a);
  const pb = weekParts(b);
  if (!pa || !pb) return `${fmtWeek(a)}–${fmtWeek(b)}`;
  return pa.year === pb.year ? `${fmtWeekShort(a)}–${fmtWeek(b)}` : `${fmtWeek(a)}–${fmtWeek(b)}`;
}

// ---- issue 16: the reason of an unplaced need, worded from its data ----

// "A, B, C" or "A, B, C och 2 till".
function whyUnits(units, more) {
  const names = (units || []).map((u) => u.name).join(', ');
  return more > 0 ? t('planning.why.more_units', { units: names, n: fmtNumber(more) }) : names;
}

// The reason of unplaced item it in the language in use, from it.why (the
// server's data: kind, units, weeks, the need it waits for); the server's
// English sentence only when there is no data. byNeed: need id -> item, to
// name the need waited for.
function reasonText(it, byNeed) {
  const w = it.why;
  if (!w) return it.reason || '';
  const vars = {
    units: whyUnits(w.units, w.more_units || 0),
    unit: w.units && w.units[0] ? w.units[0].name : t('common.none'),
    from: fmtWeek(w.from_week),
    to: fmtWeek(w.to_week),
    weeks: known(w.weeks) ? fmtWeeks(w.weeks) : '',
    deadline: fmtWeek(w.deadline_week),
    late: fmtWeeks(w.late || 0),
    limit: w.limit === 1 ? t('planning.why.trainees_1') : t('planning.why.trainees', { n: fmtNumber(w.limit || 0) }),
    patterns: (w.patterns || []).map((p) => vocab('pattern', p).toLowerCase()).join(t('planning.why.or')),
    specialty: w.specialty || t('common.none'),
  };
  switch (w.kind) {
    case 'waits': {
      const other = byNeed ? byNeed.get(w.waits_for) : null;
      return other && other.specialty
        ? t('planning.why.waits', { need: specialtyName(other.specialty) })
        : t('planning.why.waits_unknown');
    }
    case 'no_room': {
      const n = w.from_week && w.to_week ? Math.max(0, weeksBetween(w.from_week, w.to_week) + 1) : 0;
      return t('planning.why.no_room', { ...vars, span: fmtWeeks(n) });
    }
    case 'full': {
      const f = w.full;
      const more = f ? ' ' + t('planning.why.full_unit', { unit: f.unit.name, from: fmtWeek(f.from_week), to: fmtWeek(f.to_week) }) : '';
      return t('planning.why.full', vars) + more;
    }
    case 'budget':
      return t('planning.why.budget', { unit: vars.unit, amount: fmtNumber((w.limit || 0) * 1000) });
    case 'too_late':
    case 'busy':
    case 'away_limit':
    case 'no_unit':
    case 'no_specialty_unit':
    case 'unspecified':
      return t(`planning.why.${w.kind}`, vars);
    default:
      return it.reason || '';
  }
}

// Need id -> item, for reasonText().
function itemsByNeed(items) {
  return new Map((items || []).map((x) => [x.need_id, x]));
}

// ---- end issue 16 ----

// The run's scope: its specialty, or the whole region.
function scopeName(run) {
  return run.specialty ? specialtyName(run.specialty) : t('planning.scope.region');
}

function runBadge(status) {
  return h('span', { class: ['badge', `plan-status-${status}`], dataset: { status } }, vocab('plan_status', status));
}

// The best score and bound seen while following a run, kept for this
// browser tab so that a reload still draws the sparkline.
function samplesKey(id) {
  return `randa.plan.${id}.samples`;
}

function loadSamples(id) {
  try {
    const v = JSON.parse(window.sessionStorage.getItem(samplesKey(id)) || '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function saveSamples(id, samples) {
  try {
    window.sessionStorage.setItem(samplesKey(id), JSON.stringify(samples));
  } catch {
    // Storage full or private mode: the sparkline lasts for this page only.
  }
}

export function render(view, { params }) {
  const runId = params[0] ? Number(params[0]) : null;
  const runSlot = h('div', { class: 'plan-run-slot' });
  const proposalSlot = h('div', { class: 'plan-proposal-slot' });
  const runs = runList(runId);

  view.append(
    pageHead(t('planning.title'), t('planning.lead')),
    h('div', { class: 'page-body' },
      can('planning.run') ? startForm() : null,
      runSlot,
      proposalSlot,
      section(t('planning.runs'), runs.el)));

  runs.load();
  if (runId) follow(view, runId, runSlot, proposalSlot, () => runs.load());
}

// The form that starts a run.
function startForm() {
  const spSel = select([{ value: '', label: t('planning.scope.region') }], '', { name: 'specialty', 'data-field': 'specialty' });
  api.specialties().then((list) => {
    const opts = list.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value) }, o.label));
  }).catch(() => {});
  const limitIn = h('input', {
    type: 'number', name: 'time_limit', 'data-field': 'time_limit', min: '1', max: '600', step: '1',
    value: '20', required: true, inputmode: 'numeric', class: 'input-narrow',
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('planning.start'));
  const formError = h('div', { class: 'form-error' });
  const form = h('form', { class: 'plan-start', novalidate: true },
    field(t('planning.scope'), spSel, { className: 'plan-scope' }),
    field(t('planning.time_limit'), limitIn, { hint: t('planning.time_limit.hint'), className: 'plan-limit' }),
    h('div', { class: 'plan-start-actions' }, submit),
    formError);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    formError.replaceChildren();
    markInvalid(form, null);
    const limit = Number(limitIn.value);
    if (!Number.isInteger(limit) || limit < 1 || limit > 600) {
      markInvalid(form, { field: 'time_limit' });
      formError.append(h('p', { class: 'field-error', role: 'alert' }, t('planning.error.time_limit')));
      return;
    }
    const body = { time_limit: limit };
    if (spSel.value) body.specialty = Number(spSel.value);
    submit.disabled = true;
    submit.textContent = t('planning.starting');
    try {
      const run = await api.post('/plans', body);
      window.location.hash = `#/planering/${run.id}`;
    } catch (e) {
      submit.disabled = false;
      submit.textContent = t('planning.start');
      markInvalid(form, e);
      formError.append(errorBox(e));
    }
  });
  const id = nextId('sec');
  return h('section', { class: 'card plan-start-card', 'aria-labelledby': id }, h('h2', { id }, t('planning.new')), form);
}

// The list of earlier runs, a page at a time; the one shown is marked.
function runList(shownId) {
  return pagedList({
    label: t('planning.runs'),
    path: '/plans',
    limit: RUNS_PER_PAGE,
    slot: h('div', { class: 'plan-runs-slot' }),
    empty: t('planning.runs.none'),
    tableClass: 'table table-runs',
    rowAttrs: (r) => ({ dataset: { run: r.id }, class: r.id === shownId ? 'row-current' : null }),
    columns: [
      {
        label: t('planning.runs.id'),
        cell: (r) => [h('a', { href: `#/planering/${r.id}`, 'aria-current': r.id === shownId ? 'page' : null }, t('planning.run', { id: r.id })),
          r.id === shownId ? h('span', { class: 'muted' }, ` · ${t('planning.runs.shown')}`) : null],
      },
      { label: t('planning.runs.created'), cell: (r) => fmtDateTime(r.created_at), num: true },
      { label: t('planning.runs.scope'), cell: (r) => scopeName(r) },
      { label: t('planning.runs.status'), cell: (r) => runBadge(r.status) },
      { label: t('planning.runs.score'), cell: (r) => fmtScore(r.score), num: true },
      { label: t('planning.runs.gap'), cell: (r) => fmtGap(runGap(r)), num: true },
      { label: t('planning.runs.unplaced'), cell: (r) => (WITH_PLAN.includes(r.status) ? fmtNumber(r.unplaced) : t('common.none')), num: true },
    ],
  });
}

// The gap of a finished run (score against lower bound), else of its progress.
function runGap(r) {
  if (known(r.score)) return gapOf(r.score, r.lower_bound);
  const p = r.progress || {};
  return known(p.gap) ? p.gap : gapOf(p.best, p.bound);
}

// Follows run id: polls it while it is queued or running and shows its
// progress, then its proposal. Stops when the view leaves the page.
function follow(view, id, runSlot, proposalSlot, onEnd) {
  const samples = loadSamples(id);
  const stat = (key, label) => {
    const dd = h('dd', { dataset: { stat: key } }, t('common.none'));
    return { dd, el: h('div', null, h('dt', null, label), dd) };
  };
  const stats = {
    phase: stat('phase', t('planning.run.phase')),
    best: stat('best', t('planning.run.best')),
    bound: stat('bound', t('planning.run.bound')),
    gap: stat('gap', t('planning.run.gap')),
    elapsed: stat('elapsed', t('planning.run.elapsed')),
    iterations: stat('iterations', t('planning.run.iterations')),
  };
  const title = h('h2', null, t('planning.run', { id }));
  const badgeSlot = h('span', { class: 'plan-run-badge' });
  const meta = h('p', { class: 'plan-run-meta muted' });
  const barId = nextId('bar');
  const bar = h('progress', { id: barId, max: '1', value: '0', class: 'plan-bar' });
  const barText = h('span', { class: 'plan-bar-text' });
  const spark = h('div', { class: 'plan-spark' });
  const cancel = h('button', { type: 'button', class: 'btn btn-danger', hidden: true }, t('planning.run.cancel'));
  const note = h('div', { class: 'plan-run-note', 'aria-live': 'polite' });
  const card = h('section', { class: 'card plan-run', 'aria-busy': 'true', dataset: { run: id } },
    h('div', { class: 'plan-run-head' }, h('div', null, h('div', { class: 'plan-run-title' }, title, badgeSlot), meta), cancel),
    h('div', { class: 'plan-run-body' },
      h('div', { class: 'plan-run-main' },
        h('div', { class: 'plan-bar-row' },
          h('label', { for: barId, class: 'plan-bar-label' }, t('planning.run.progress')), bar, barText),
        h('dl', { class: 'facts plan-stats' }, Object.values(stats).map((x) => x.el))),
      spark),
    note);
  replace(runSlot, card);

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    cancel.textContent = t('planning.run.cancelling');
    try {
      await api.post(`/plans/${id}/cancel`);
    } catch (e) {
      cancel.disabled = false;
      cancel.textContent = t('planning.run.cancel');
      replace(note, errorBox(e));
    }
  });

  function paint(run) {
    const p = run.progress || {};
    const active = ACTIVE.includes(run.status);
    replace(badgeSlot, runBadge(run.status));
    card.dataset.status = run.status;
    meta.textContent = [scopeName(run), `${t('planning.run.created')} ${fmtDateTime(run.created_at)}`,
      run.finished_at ? `${t('planning.run.finished')} ${fmtDateTime(run.finished_at)}` : null].filter(Boolean).join(' · ');
    stats.phase.dd.textContent = run.phase ? vocab('plan_phase', run.phase) : vocab('plan_status', run.status);
    const best = active ? p.best : (run.score ?? p.best);
    const bound = active ? p.bound : (run.lower_bound ?? p.bound);
    stats.best.dd.textContent = fmtScore(best);
    stats.bound.dd.textContent = fmtScore(bound);
    stats.gap.dd.textContent = fmtGap(active && known(p.gap) ? p.gap : gapOf(best, bound));
    stats.elapsed.dd.textContent = seconds(p.seconds || 0);
    stats.iterations.dd.textContent = fmtNumber(p.iterations || 0);
    const limit = run.time_limit || 0;
    const frac = active ? (limit > 0 ? Math.min(1, (p.seconds || 0) / limit) : 0) : 1;
    bar.value = frac;
    bar.setAttribute('aria-valuetext', t('planning.run.of', { s: fmtNumber(round1(p.seconds || 0)), limit: fmtNumber(limit) }));
    barText.textContent = t('planning.run.of', { s: fmtNumber(round1(p.seconds || 0)), limit: fmtNumber(limit) });
    cancel.hidden = !active || !can('planning.run');
    if (active && known(p.best)) {
      const last = samples[samples.length - 1];
      if (!last || last[0] !== p.seconds) {
        samples.push([p.seconds || 0, p.best, known(p.bound) ? p.bound : null]);
        while (samples.length > MAX_SAMPLES) samples.splice(1, 1);
        saveSamples(id, samples);
      }
    }
    replace(spark, samples.length >= 2 ? sparkline(samples) : null);
  }

  let lastStatus = null;
  async function tick() {
    if (!view.isConnected) return;
    let run;
    try {
      run = await api.get(`/plans/${id}`);
    } catch (e) {
      if (!view.isConnected) return;
      if (e.status === 404) {
        card.removeAttribute('aria-busy');
        replace(runSlot, errorBox(e));
        return;
      }
      replace(note, errorBox(e));
      setTimeout(tick, RETRY_MS);
      return;
    }
    if (!view.isConnected) return;
    paint(run);
    if (ACTIVE.includes(run.status)) {
      // The list of runs below shows the status too: keep it in step.
      if (lastStatus && lastStatus !== run.status) onEnd();
      lastStatus = run.status;
      setTimeout(tick, POLL_MS);
      return;
    }
    card.removeAttribute('aria-busy');
    if (run.status === 'failed') {
      replace(note, h('div', { class: 'notice notice-error', role: 'alert' }, t('planning.run.failed', { error: run.error || '' })));
    } else if (run.status === 'cancelled') {
      replace(note, h('p', { class: 'notice notice-warn' }, t('planning.run.cancelled_note')));
    } else {
      note.replaceChildren();
    }
    if (lastStatus) onEnd();
    if (WITH_PLAN.includes(run.status)) showProposal(view, run, proposalSlot);
  }
  tick();
}

// A small chart of the best score (line) and the bound (dashed) against
// the seconds of the run.
function sparkline(samples) {
  const w = 240;
  const hgt = 64;
  const pad = 4;
  const xs = samples.map((x) => x[0]);
  const ys = samples.flatMap((x) => [x[1], x[2]]).filter(known);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1e-9);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys, y0 + 1);
  const px = (v) => pad + ((v - x0) / (x1 - x0)) * (w - 2 * pad);
  const py = (v) => hgt - pad - ((v - y0) / (y1 - y0)) * (hgt - 2 * pad);
  const line = (k) => samples.filter((x) => known(x[k])).map((x) => `${px(x[0]).toFixed(1)},${py(x[k]).toFixed(1)}`).join(' ');
  const last = samples[samples.length - 1];
  return h('figure', { class: 'plan-spark-fig' },
    s('svg', {
      class: 'sparkline', width: String(w), height: String(hgt), viewBox: `0 0 ${w} ${hgt}`, role: 'img',
      'aria-label': `${t('planning.spark.label')}: ${t('planning.run.best')} ${fmtScore(last[1])}, ${t('planning.run.bound')} ${fmtScore(last[2])}`,
    },
    s('rect', { x: '0', y: '0', width: String(w), height: String(hgt), class: 'spark-bg' }),
    s('polyline', { points: line(2), class: 'spark-bound' }),
    s('polyline', { points: line(1), class: 'spark-best' })),
    h('figcaption', { class: 'legend' },
      h('ul', null,
        h('li', null, h('span', { class: 'swatch spark-swatch-best', 'aria-hidden': 'true' }), t('planning.run.best')),
        h('li', null, h('span', { class: 'swatch spark-swatch-bound', 'aria-hidden': 'true' }), t('planning.run.bound')))));
}

// ---- the proposal ----

// The last week of an item (its end_week is the last week included).
function lastWeek(it) {
  return it.end_week;
}

// The calendar span [Monday of the first week, Monday after the last) of
// something with start_week and end_week.
function itemPeriod(it) {
  return it.start_week ? period({ start_week: it.start_week, end_week: lastWeek(it) }) : t('common.none');
}

// Fetches and shows the proposal of a finished run.
async function showProposal(view, run, slot) {
  replace(slot, loading());
  let p;
  try {
    p = await api.get(`/plans/${run.id}/proposal`);
  } catch (e) {
    replace(slot, errorBox(e));
    return;
  }
  if (!view.isConnected) return;
  const proposal = new Proposal(run, p, slot);
  proposal.render();
}

// The proposal's state (items, selection, page of trainees) and its sections.
class Proposal {
  constructor(run, data, slot) {
    this.run = run;
    this.slot = slot;
    this.selected = new Set();
    this.bookings = new Map(); // trainee id -> today's bookings
    this.setData(data);
    this.loadFrom = null;
  }

  setData(data) {
    this.data = data;
    this.items = data.items || [];
    this.byNeed = new Map(this.items.map((it) => [it.need_id, it]));
    const groups = new Map();
    for (const it of this.items) {
      const tid = it.trainee.id;
      if (!groups.has(tid)) groups.set(tid, { trainee: it.trainee, items: [] });
      groups.get(tid).items.push(it);
    }
    this.trainees = [...groups.values()];
    // One time axis for every trainee, so that their timelines compare.
    const now = today();
    let t0 = now;
    let t1 = now + 365 * DAY_MS;
    for (const it of this.items) {
      const sp = weeksSpan(it);
      if (!sp) continue;
      t0 = Math.min(t0, sp[0]);
      t1 = Math.max(t1, sp[1]);
    }
    this.axis = { t0: t0 - 28 * DAY_MS, t1: t1 + 28 * DAY_MS };
    for (const n of [...this.selected]) if (!this.selectable(this.byNeed.get(n))) this.selected.delete(n);
  }

  // Only a proposal without a booking yet can become a booking request.
  selectable(it) {
    return Boolean(it && it.status === 'proposed' && it.unit && !it.booking);
  }

  render() {
    this.applyResult = h('div', { class: 'apply-result', tabindex: '-1' });
    this.count = h('span', { class: 'apply-count', 'aria-live': 'polite' });
    // Named from the start: sync() adds the count once the proposal is read.
    this.selectAllBtn = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'select-all' } },
      t('planning.select_all', { n: fmtNumber(0) }));
    this.clearBtn = h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'select-none' } }, t('planning.select_none'));
    this.applyBtn = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'apply' } }, t('planning.apply'));
    this.selectAllBtn.addEventListener('click', () => {
      for (const it of this.items) if (this.selectable(it)) this.selected.add(it.need_id);
      this.sync();
    });
    this.clearBtn.addEventListener('click', () => {
      this.selected.clear();
      this.sync();
    });
    this.applyBtn.addEventListener('click', () => this.apply());

    const qIn = h('input', { type: 'search', name: 'trainee_q', autocomplete: 'off' });
    // The proposal's trainees, a page at a time, each with its timeline.
    this.traineeList = pagedList({
      label: t('planning.trainees'),
      fetch: (offset, limit) => this.traineePage(offset, limit),
      state: { q: '' },
      limit: TRAINEES_PER_PAGE,
      className: 'plan-trainees',
      slot: h('div', { class: 'plan-trainees-slot' }),
      scroll: true,
      count: (n) => (n ? t('planning.trainees.count', { n: fmtNumber(n) }) : ''),
      empty: () => (this.trainees.length ? t('planning.trainees.none') : t('common.empty')),
      render: (groups) => groups.map((g) => this.traineeBlock(g)),
      onRender: () => this.sync(),
    });
    wireFilters(this.traineeList, { search: qIn });
    this.loadSlot = h('div', { class: 'plan-load' });
    this.unplacedSlot = h('div');
    this.bottleneckSlot = h('div');
    this.summarySlot = h('div');

    replace(this.slot,
      this.summarySlot,
      section(t('planning.trainees'),
        h('div', { class: 'plan-toolbar' }, field(t('planning.trainees.q'), qIn, { className: 'plan-q' }), planLegend()),
        this.traineeList.el,
        // Turning proposals into requests needs planning.run.
        can('planning.run')
          ? h('div', { class: 'apply-bar', role: 'region', 'aria-label': t('planning.apply.label') },
            this.count, this.selectAllBtn, this.clearBtn, h('span', { class: 'apply-gap' }), this.applyBtn)
          : null,
        this.applyResult),
      section(t('planning.load'), h('p', { class: 'hint plan-load-lead' }, t('planning.load.lead')), this.loadSlot),
      section(t('planning.unplaced'), this.unplacedSlot),
      section(t('planning.bottlenecks'), h('p', { class: 'hint' }, t('planning.bottlenecks.lead')), this.bottleneckSlot));
    this.renderAll();
  }

  renderAll() {
    replace(this.summarySlot, summary(this.run, this.items));
    replace(this.unplacedSlot, unplacedList(this.items));
    replace(this.bottleneckSlot, bottleneckList(this.data.bottlenecks || []));
    this.traineeList.load();
    this.renderLoad();
  }

  shownTrainees() {
    const q = this.traineeList.state.q.toLowerCase();
    if (!q) return this.trainees;
    return this.trainees.filter((g) => g.trainee.name.toLowerCase().includes(q));
  }

  // A page of the trainees shown, with today's bookings of each fetched.
  async traineePage(offset, limit) {
    const page = pageOf(this.shownTrainees(), offset, limit);
    const missing = page.items.filter((g) => !this.bookings.has(g.trainee.id));
    const lists = await Promise.all(missing.map((g) => api.getAll('/bookings', { trainee: g.trainee.id })));
    missing.forEach((g, i) => this.bookings.set(g.trainee.id, lists[i]));
    return page;
  }

  traineeBlock(g) {
    const tr = g.trainee;
    const items = g.items;
    const n = (st) => items.filter((it) => it.status === st).length;
    const selectable = items.filter((it) => this.selectable(it));
    const all = h('input', {
      type: 'checkbox', class: 'sel-trainee', dataset: { trainee: tr.id }, disabled: !selectable.length,
    });
    all.addEventListener('change', () => {
      for (const it of selectable) {
        if (all.checked) this.selected.add(it.need_id);
        else this.selected.delete(it.need_id);
      }
      this.sync();
    });
    const allId = nextId('all');
    all.id = allId;
    const headId = nextId('tr');
    const rows = items.map((it) => this.itemRow(it));
    const tl = timeline(() => planTimeline(tr, items, this.bookings.get(tr.id) || [], this.axis, this.selected),
      { className: 'plan-timeline-wrap' });
    return h('section', { class: 'plan-trainee', 'aria-labelledby': headId, dataset: { trainee: tr.id } },
      h('div', { class: 'plan-trainee-head' },
        h('h3', { id: headId }, h('a', { href: `#/st-lakare/${tr.id}` }, tr.name)),
        h('span', { class: 'muted plan-trainee-counts' }, t('planning.trainee.counts', { proposed: n('proposed'), fixed: n('fixed'), unplaced: n('unplaced') })),
        h('label', { class: 'check plan-select-trainee', for: allId }, all, t('planning.trainee.select_all', { name: tr.name }))),
      tl.el,
      table([t('planning.item.choose'), t('planning.item.specialty'), t('planning.item.unit'), t('planning.item.period'),
        t('planning.item.pattern'), t('planning.item.weeks'), t('planning.item.status'), t('planning.item.now')], rows,
      { class: 'table table-plan-items' }));
  }

  itemRow(it) {
    const box = h('input', {
      type: 'checkbox', class: 'sel-item', dataset: { need: it.need_id }, disabled: !this.selectable(it),
      'aria-label': t('planning.item.select', { unit: it.unit ? it.unit.name : t('common.none'), period: itemPeriod(it) }),
    });
    box.addEventListener('change', () => {
      if (box.checked) this.selected.add(it.need_id);
      else this.selected.delete(it.need_id);
      this.sync();
    });
    const b = it.booking;
    return h('tr', { dataset: { need: it.need_id, status: it.status } },
      h('td', { class: 'sel' }, it.status === 'proposed' ? box : null),
      h('td', null, specialtyName(it.specialty)),
      h('td', null, it.unit ? h('a', { href: `#/enheter/${it.unit.id}` }, it.unit.name) : t('common.none'),
        it.form_id ? ' ' : null, it.form_id ? h('span', { class: 'badge' }, t('planning.item.in_group')) : null),
      h('td', { class: 'num' }, itemPeriod(it)),
      h('td', null, it.pattern ? vocab('pattern', it.pattern) : t('common.none')),
      h('td', { class: 'num' }, known(it.weeks) ? String(it.weeks) : t('common.none')),
      h('td', null, h('span', { class: ['badge', `plan-item-${it.status}`] }, vocab('plan_item', it.status)),
        it.status === 'unplaced' && (it.why || it.reason) ? h('span', { class: 'plan-reason' }, reasonText(it, this.byNeed)) : null),
      h('td', null, b ? h('span', null, statusBadge(b.status), ' ', b.unit ? b.unit.name : '', ' ', h('span', { class: 'num' }, period(b))) : t('common.none')));
  }

  // Puts the selection into every checkbox, counter and timeline shown.
  sync() {
    const sel = this.selected;
    for (const box of this.slot.querySelectorAll('input.sel-item')) box.checked = sel.has(Number(box.dataset.need));
    for (const g of this.slot.querySelectorAll('svg .pl-proposed')) g.classList.toggle('pl-selected', sel.has(Number(g.dataset.need)));
    for (const box of this.slot.querySelectorAll('input.sel-trainee')) {
      const group = this.trainees.find((x) => String(x.trainee.id) === box.dataset.trainee);
      const ids = group ? group.items.filter((it) => this.selectable(it)).map((it) => it.need_id) : [];
      const k = ids.filter((x) => sel.has(x)).length;
      box.checked = ids.length > 0 && k === ids.length;
      box.indeterminate = k > 0 && k < ids.length;
    }
    const total = this.items.filter((it) => this.selectable(it)).length;
    this.count.textContent = tn('planning.selected', sel.size);
    this.selectAllBtn.textContent = t('planning.select_all', { n: fmtNumber(total) });
    this.selectAllBtn.disabled = total === 0 || sel.size === total;
    this.clearBtn.disabled = sel.size === 0;
    this.applyBtn.disabled = sel.size === 0 || this.applying;
  }

  // Sends the selection as booking requests: all of them or, on an error,
  // none, and the selection stays for another try.
  async apply() {
    const needs = [...this.selected].sort((a, b) => a - b);
    if (!needs.length) return;
    this.applying = true;
    this.applyBtn.textContent = t('planning.applying');
    this.sync();
    this.applyResult.replaceChildren();
    for (const tr of this.slot.querySelectorAll('tr.row-error')) tr.classList.remove('row-error');
    let res;
    try {
      res = await api.post(`/plans/${this.run.id}/apply`, { needs });
    } catch (e) {
      this.applying = false;
      this.applyBtn.textContent = t('planning.apply');
      this.sync();
      this.showApplyError(e);
      return;
    }
    const made = res.bookings || [];
    this.selected.clear();
    this.applying = false;
    this.applyBtn.textContent = t('planning.apply');
    replace(this.applyResult, h('div', { class: 'notice notice-ok', role: 'status', dataset: { bookings: made.map((b) => b.id).join(',') } },
      h('p', null, made.length === 1 ? t('planning.apply.done_1') : t('planning.apply.done', { n: fmtNumber(made.length) })),
      h('ul', { class: 'apply-list' }, made.map((b) => h('li', { dataset: { booking: b.id } },
        `${b.trainee ? b.trainee.name : ''}, ${b.unit ? b.unit.name : ''}, ${period(b)}`))),
      h('p', { class: 'notice-links' }, h('a', { href: '#/bokningar' }, t('planning.apply.goto')))));
    notify(made.length === 1 ? t('planning.apply.done_1') : t('planning.apply.done', { n: fmtNumber(made.length) }));
    this.applyResult.focus();
    // The proposal now shows the new requests; the load counts them as booked.
    for (const b of made) if (b.trainee) this.bookings.delete(b.trainee.id);
    try {
      this.setData(await api.get(`/plans/${this.run.id}/proposal`));
    } catch (e) {
      this.applyResult.append(errorBox(e));
    }
    this.renderAll();
  }

  // The error of a refused apply, naming the need it is about when the
  // server says which.
  showApplyError(e) {
    const needId = needOfError(e, this.byNeed);
    const it = needId ? this.byNeed.get(needId) : null;
    replace(this.applyResult, h('div', {
      class: 'notice notice-error', role: 'alert', dataset: { code: e.code, field: e.field || '', need: needId || '' },
    },
    h('p', null, h('strong', null, t('error.title')), ' ', errorText(e), reasonNode(e)),
    it ? h('p', null, t('planning.apply.need', {
      name: it.trainee.name, specialty: specialtyName(it.specialty), unit: it.unit ? it.unit.name : '', period: itemPeriod(it),
    })) : null,
    h('p', null, t('planning.apply.kept'))));
    if (it) {
      const row = this.slot.querySelector(`tr[data-need="${needId}"]`);
      if (row) row.classList.add('row-error');
    }
    this.applyResult.focus();
  }

  async renderLoad() {
    const proposed = this.items.filter((it) => it.status === 'proposed' && it.unit && !it.booking && it.start_week);
    if (!proposed.length) {
      replace(this.loadSlot, empty(t('planning.load.none')));
      return;
    }
    if (!this.loadFrom) {
      const first = proposed.map((it) => it.start_week).sort()[0];
      this.loadFrom = first < currentWeek() ? currentWeek() : first;
    }
    const from = this.loadFrom;
    const to = addWeeks(from, LOAD_WEEKS - 1);
    const seq = (this.loadSeq = (this.loadSeq || 0) + 1);
    this.loadSlot.setAttribute('aria-busy', 'true');
    let places;
    try {
      places = await api.get('/places', { from, to, specialty: this.run.specialty ? this.run.specialty.id : '' });
    } catch (e) {
      if (seq === this.loadSeq) replace(this.loadSlot, errorBox(e));
      return;
    }
    if (seq !== this.loadSeq) return;
    this.loadSlot.removeAttribute('aria-busy');
    const shift = (n) => {
      this.loadFrom = addWeeks(this.loadFrom, n);
      this.renderLoad();
    };
    const earlier = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'load-earlier' } }, '← ', t('places.earlier'));
    const later = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'load-later' } }, t('places.later'), ' →');
    earlier.addEventListener('click', () => shift(-LOAD_SHIFT));
    later.addEventListener('click', () => shift(LOAD_SHIFT));
    replace(this.loadSlot,
      h('div', { class: 'map-head' },
        h('p', { class: 'map-summary' }, `${fmtWeek(from)} – ${fmtWeek(to)}`),
        h('div', { class: 'map-shift' }, earlier, later),
        loadLegend()),
      loadMap(places, proposed));
  }
}

// The number of the need an apply error is about: the server's need_id,
// or a need of the proposal its message names.
function needOfError(e, byNeed) {
  if (e.need_id && byNeed.has(Number(e.need_id))) return Number(e.need_id);
  const m = /\b(?:need|behov)\D{0,3}(\d+)/i.exec(e.message || '');
  if (m && byNeed.has(Number(m[1]))) return Number(m[1]);
  return null;
}

function summary(run, items) {
  const count = (st) => items.filter((it) => it.status === st).length;
  const needs = known(run.needs) ? run.needs : items.length;
  const fixed = known(run.fixed) ? run.fixed : count('fixed');
  const unplaced = known(run.unplaced) ? run.unplaced : count('unplaced');
  const placed = known(run.assigned) ? run.assigned : count('proposed') + count('fixed');
  const item = (key, label, value) => h('div', null, h('dt', null, label), h('dd', { dataset: { stat: key } }, value));
  const id = nextId('sec');
  return h('section', { class: 'card plan-summary', 'aria-labelledby': id },
    h('h2', { id }, t('planning.summary')),
    h('dl', { class: 'facts plan-facts' },
      item('needs', t('planning.sum.needs'), fmtNumber(needs)),
      item('placed', t('planning.sum.placed'), fmtNumber(placed)),
      item('fixed', t('planning.sum.fixed'), fmtNumber(fixed)),
      item('unplaced', t('planning.sum.unplaced'), fmtNumber(unplaced)),
      item('score', t('planning.sum.score'), fmtScore(run.score)),
      item('lower_bound', t('planning.sum.lower_bound'), fmtScore(run.lower_bound)),
      item('gap', t('planning.sum.gap'), fmtGap(gapOf(run.score, run.lower_bound)))),
    h('p', { class: 'hint' }, t('planning.sum.hint')));
}

function unplacedList(items) {
  const rows = items.filter((it) => it.status === 'unplaced');
  const byNeed = itemsByNeed(items);
  if (!rows.length) return empty(t('planning.unplaced.none'));
  return h('div', { class: 'plan-unplaced', tabindex: '0', role: 'region', 'aria-label': t('planning.unplaced') }, table(
    [t('planning.unplaced.trainee'), t('planning.item.specialty'), t('planning.item.weeks'), t('planning.unplaced.reason')],
    rows.map((it) => h('tr', { dataset: { need: it.need_id } },
      h('td', null, h('a', { href: `#/st-lakare/${it.trainee.id}` }, it.trainee.name)),
      h('td', null, specialtyName(it.specialty)),
      h('td', { class: 'num' }, known(it.weeks) ? String(it.weeks) : t('common.none')),
      h('td', { class: 'plan-reason-cell' }, reasonText(it, byNeed) || t('common.none'))))));
}

function bottleneckList(list) {
  if (!list.length) return empty(t('planning.bottlenecks.none'));
  return h('ol', { class: 'plan-bottlenecks' }, list.map((b) => h('li', { dataset: { unit: b.unit ? b.unit.id : '' } },
    t('planning.bottleneck', {
      unit: b.unit ? b.unit.name : t('common.none'),
      weeks: weekSpan(b.from_week, b.to_week),
      gain: fmtNumber(b.gain),
    }))));
}

function planLegend() {
  return timelineLegend([
    { className: 'pl-swatch-proposed', label: t('planning.legend.proposed') },
    { className: 'pl-swatch-selected', label: t('planning.legend.selected') },
    { className: 'pl-swatch-fixed', label: t('planning.legend.fixed') },
    { className: 'tl-swatch-confirmed', label: vocab('status', 'confirmed') },
    { className: 'tl-swatch-requested', label: vocab('status', 'requested') },
    { className: 'tl-swatch-completed', label: vocab('status', 'completed') },
  ], 'plan-legend');
}

// A trainee's timeline: the plan's placements (proposed, or fixed by a
// booking) over today's bookings, on the proposal's common time axis.
function planTimeline(tr, items, bookings, axis, selected) {
  const now = today();
  const placed = [];
  for (const it of items) {
    const sp = weeksSpan(it);
    if (!it.unit || !sp) continue;
    placed.push({
      from: sp[0],
      to: sp[1],
      label: `${vocab('plan_item', it.status)}: ${it.unit.name}, ${itemPeriod(it)}, ${vocab('pattern', it.pattern)}`,
      text: it.unit.name,
      className: ['pl-item', `pl-${it.status}`, selected.has(it.need_id) ? 'pl-selected' : null],
      dataset: { need: it.need_id },
      pin: it.status === 'fixed',
    });
  }
  const booked = [];
  for (const b of bookings) {
    if (!BOOKED.includes(b.status)) continue;
    const sp = weeksSpan(b);
    if (!sp) continue;
    const st = b.status === 'confirmed' && sp[1] <= now ? 'completed' : b.status;
    booked.push({
      from: sp[0],
      to: sp[1],
      label: `${b.unit.name}, ${period(b)}, ${vocab('status', b.status)}`,
      text: b.unit.name,
      className: ['tl-booking', `tl-${st}`],
      dataset: { booking: b.id, status: b.status },
    });
  }
  placed.sort((a, b) => a.from - b.from);
  booked.sort((a, b) => a.from - b.from);
  return {
    label: t('planning.timeline.label', { name: tr.name }),
    className: 'plan-timeline',
    dataset: { trainee: tr.id },
    from: axis.t0,
    to: axis.t1,
    bands: [
      { label: t('planning.timeline.proposal'), bars: placed },
      { label: t('planning.timeline.booked'), bars: booked },
    ],
    markers: [{ at: now, className: 'tl-today', label: `${t('trainee.timeline.today')} ${dateString(now)}` }],
  };
}

// ---- the load per unit ----

function loadLevel(seats, load) {
  if (!(seats > 0)) return 'ld-none';
  const r = load / seats;
  if (r > 1.0001) return 'ld-over';
  if (r >= 0.9999) return 'ld-full';
  if (r >= 0.5) return 'ld-high';
  if (r > 0) return 'ld-low';
  return 'ld-empty';
}

function loadLegend() {
  const sw = (cls, label) => h('li', null, h('span', { class: ['swatch', cls], 'aria-hidden': 'true' }), label);
  return h('div', { class: 'legend' }, h('ul', null,
    sw('ld-none', t('places.legend.none')),
    sw('ld-empty', t('planning.load.empty')),
    sw('ld-low', t('planning.load.low')),
    sw('ld-high', t('planning.load.high')),
    sw('ld-full', t('planning.load.full')),
    // Over-booked is marked by "!" as well as by colour.
    h('li', null, h('span', { class: ['swatch', 'ld-over'], 'aria-hidden': 'true' }, h('span', { class: 'ld-over-mark' }, '!')), t('planning.load.over')),
    sw('ld-swatch-prop', t('planning.load.prop'))));
}

// Units with proposals down, the window's weeks across: booked today plus
// proposed seats against the unit's seats.
function loadMap(places, proposed) {
  const weeks = places.weeks;
  const index = new Map(weeks.map((w, i) => [w, i]));
  const units = new Map();
  for (const it of proposed) {
    if (!units.has(it.unit.id)) units.set(it.unit.id, { unit: it.unit, prop: new Array(weeks.length).fill(0), any: false });
    const u = units.get(it.unit.id);
    const occ = OCCUPANCY[it.pattern] ?? 1;
    weekRange(it.start_week, lastWeek(it)).forEach((w, k) => {
      const i = index.get(w);
      if (i === undefined) return;
      if (it.pattern === 'alternate' && k % 2 === 1) return;
      u.prop[i] += occ;
      u.any = true;
    });
  }
  const rows = [...units.values()].filter((u) => u.any).sort((a, b) => compareText(a.unit.name, b.unit.name));
  if (!rows.length) return empty(t('planning.load.none'));
  const byId = new Map(places.units.map((u) => [u.id, u]));
  const soon = currentWeek();
  const years = [];
  for (const w of weeks) {
    const y = weekParts(w).year;
    if (years.length && years[years.length - 1].year === y) years[years.length - 1].n += 1;
    else years.push({ year: y, n: 1 });
  }
  const head = h('thead', null,
    h('tr', { class: 'row-years' },
      h('th', { class: 'corner', rowspan: '2', scope: 'col' }, t('planning.load.unit')),
      years.map((y) => h('th', { colspan: String(y.n), scope: 'colgroup', class: 'year' }, String(y.year)))),
    h('tr', { class: 'row-weeks' },
      weeks.map((w) => h('th', { scope: 'col', class: ['week', w < soon ? 'soon' : null], title: fmtWeek(w), 'aria-label': fmtWeek(w) }, String(weekParts(w).week)))));
  const body = h('tbody', null, rows.map((r) => {
    const pu = byId.get(r.unit.id);
    return h('tr', { class: 'unit-row', dataset: { unit: r.unit.id } },
      h('th', { scope: 'row', class: 'unit-name' }, h('a', { href: `#/enheter/${r.unit.id}`, title: r.unit.name }, r.unit.name)),
      weeks.map((w, i) => {
        const seats = pu ? pu.seats[i] ?? 0 : 0;
        const bookedNow = pu ? Math.max(0, seats - Math.max(0, pu.free[i] ?? 0)) : 0;
        const prop = round1(r.prop[i] * 100) / 100;
        const level = loadLevel(seats, bookedNow + prop);
        let label = seats > 0
          ? t('planning.load.cell', { unit: r.unit.name, week: fmtWeek(w), booked: fmtNumber(bookedNow), proposed: fmtNumber(prop), seats: fmtNumber(seats) })
          : t('planning.load.cell_none', { unit: r.unit.name, week: fmtWeek(w), proposed: fmtNumber(prop) });
        // Over-booked is said in words and marked with "!", not by colour alone.
        const over = level === 'ld-over';
        if (over) label += t('planning.load.cell_over');
        return h('td', {
          class: ['ld-cell', level, prop > 0 ? 'ld-prop' : null],
          title: label, 'aria-label': label,
          dataset: { week: w, proposed: String(prop), booked: String(bookedNow), seats: String(seats), ...(over ? { over: 'true' } : {}) },
        }, prop > 0 ? fmtNumber(prop) : '', over ? h('span', { class: 'ld-over-mark', 'aria-hidden': 'true' }, '!') : null);
      }));
  }));
  return h('div', { class: 'heatmap-scroll plan-load-scroll', tabindex: '0', role: 'region', 'aria-label': t('planning.load.label') },
    h('table', { class: 'heatmap plan-loadmap' }, head, body));
}
