// Scenarier (issue 18): what-if scenarios of a region's planning data.
// #/scenarier lists them (the shared paged list) with a confirmed delete;
// #/scenarier/ny makes one with changes of every kind (the query's
// specialty, year, extra and region prefill a "more ST posts" change: the
// forecast links here); #/scenarier/ID runs it, follows its progress and
// compares it side by side with today: delays per specialty, unplaced
// needs, seat utilisation, costs and bottlenecks, as tables and a chart.
// A scenario never touches a live booking (docs/scenarios.md).

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtDateTime, fmtWeek, fmtWeeks, specialtyName, compareText } from '../i18n.js';
import {
  pageHead, section, errorBox, loading, field, select, weekInput, notify, showFieldError, clearFieldErrors, table,
} from '../components.js';
import { pagedList, readState } from '../list.js';
import { barChart } from '../chart.js';
import { can } from '../session.js';
import { localError } from '../forms.js';
import { fmtKr } from './agreements.js';

const KINDS = ['more_posts', 'add_group', 'seats', 'shorten', 'summer', 'agreement'];
const FORMS = ['gaffel', 'training_node', 'tandem', 'st_clinic'];
const MODELS = ['none', 'per_day', 'per_week', 'per_month', 'per_procedure'];
const ACTIVE = ['queued', 'running'];
const POLL_MS = 700;
const RETRY_MS = 2000;
const CHART_MAX = 12; // specialties the chart shows at most

function statusBadge(status) {
  return h('span', { class: ['badge', `status-${status}`], dataset: { status } }, vocab('scn.status', status));
}

// ---- #/scenarier ----

export function renderList(view, { query }) {
  const state = readState(query, []);
  const list = pagedList({
    label: t('scn.list'),
    path: '/scenarios',
    query: () => ({}),
    state,
    hash: '#/scenarier',
    keys: [],
    limit: 25,
    count: (n) => tn('scn.count', n),
    empty: t('scn.none'),
    tableClass: 'table table-scenarios',
    rowAttrs: (sc) => ({ dataset: { scenario: sc.id, status: sc.status } }),
    columns: [
      { label: t('scn.name'), cell: (sc) => h('a', { href: `#/scenarier/${sc.id}` }, sc.name) },
      { label: t('scn.status'), cell: (sc) => statusBadge(sc.status) },
      { label: t('scn.changes'), cell: (sc) => fmtNumber(sc.changes_count), num: true },
      { label: t('scn.created'), cell: (sc) => fmtDateTime(sc.created_at), num: true },
      { label: t('scn.finished'), cell: (sc) => (sc.finished_at ? fmtDateTime(sc.finished_at) : t('common.none')), num: true },
      can('planning.run') ? { label: t('scn.actions'), cell: (sc) => deleteButton(sc, () => list.load()) } : null,
    ].filter(Boolean),
  });
  view.append(
    pageHead(t('scn.title'), t('scn.lead'),
      can('planning.run') ? h('a', { class: 'btn btn-primary', href: '#/scenarier/ny' }, t('scn.new')) : null),
    section(t('scn.list'), list.el));
  list.load();
}

// Ta bort, then Bekräfta or Avbryt in its place; onDone after the delete.
function deleteButton(sc, onDone) {
  const wrap = h('div', { class: 'row-actions' });
  const del = h('button', {
    type: 'button', class: 'btn btn-small', dataset: { action: 'delete' },
    'aria-label': t('scn.delete.label', { name: sc.name }), disabled: ACTIVE.includes(sc.status),
  }, t('common.delete'));
  const ask = () => {
    const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger', dataset: { action: 'confirm' } }, t('common.confirm_delete'));
    const no = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'cancel' } }, t('common.cancel'));
    no.addEventListener('click', () => {
      replace(wrap, del);
      del.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await api.del(`/scenarios/${sc.id}`);
        notify(t('scn.deleted', { name: sc.name }));
        onDone();
      } catch (e) {
        yes.disabled = false;
        wrap.append(h('p', { class: 'field-error', role: 'alert' }, localError(e).message));
      }
    });
    replace(wrap, h('span', { class: 'visually-hidden' }, t('scn.delete.ask', { name: sc.name })), yes, no);
    yes.focus();
  };
  del.addEventListener('click', ask);
  wrap.append(del);
  return wrap;
}

// ---- #/scenarier/ny ----

export function renderNew(view, { query }) {
  const slot = h('div', null, loading());
  view.append(pageHead(t('scn.new.title'), t('scn.new.lead')), slot);
  Promise.all([api.regions(), api.specialties(), api.units()]).then(([regions, specs, units]) => {
    if (!view.isConnected) return;
    replace(slot, newForm(query, regions, specs, units));
  }).catch((e) => replace(slot, errorBox(e)));
}

function newForm(query, regions, specs, units) {
  const specOpts = [...specs].sort((a, b) => compareText(specialtyName(a), specialtyName(b)))
    .map((sp) => ({ value: sp.id, label: specialtyName(sp) }));
  const unitOpts = [...units].sort((a, b) => compareText(a.name, b.name)).map((u) => ({ value: u.id, label: u.name }));
  const region = select(regions.map((r) => ({ value: r.id, label: r.name })), query.get('region') || (regions[0] && regions[0].id),
    { name: 'region_id', 'data-field': 'region_id' });
  const name = h('input', { type: 'text', name: 'name', 'data-field': 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const scope = select([{ value: '', label: t('scn.scope.region') }, ...specOpts], '', { name: 'specialty_id', 'data-field': 'specialty_id' });
  const limit = h('input', { type: 'number', name: 'time_limit', 'data-field': 'time_limit', min: '1', max: '3600', step: '1', class: 'input-narrow', value: '10' });
  const runNow = h('input', { type: 'checkbox', name: 'run', id: nextId('f'), checked: true });
  const changesSlot = h('ol', { class: 'scenario-changes' });
  const changes = [];
  const kindSel = select(KINDS.map((k) => ({ value: k, label: vocab('scn.kind', k) })), 'more_posts', { name: 'kind' });
  const add = h('button', { type: 'button', class: 'btn', dataset: { action: 'add-change' } }, t('scn.change.add'));
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('scn.create'));

  const renumber = () => changes.forEach((c, i) => c.setIndex(i));
  const addChange = (kind, init = {}) => {
    const c = changeEditor(kind, init, specOpts, unitOpts, () => {
      changes.splice(changes.indexOf(c), 1);
      c.el.remove();
      renumber();
      add.focus();
    });
    changes.push(c);
    changesSlot.append(c.el);
    renumber();
    return c;
  };
  add.addEventListener('click', () => {
    const c = addChange(kindSel.value);
    c.focus();
  });

  // The forecast's "make a scenario": more ST posts in a specialty.
  const sp = query.get('specialty');
  if (sp) {
    const year = query.get('year') || String(new Date().getFullYear() + 1);
    const extra = query.get('extra') || '2';
    addChange('more_posts', { specialty_id: sp, year, extra });
    const s = specs.find((x) => String(x.id) === sp);
    name.value = tn('scn.name.more_posts', extra, { extra, name: s ? specialtyName(s) : `#${sp}`, year });
  }

  const form = h('form', { class: 'scenario-form card', novalidate: true, 'aria-labelledby': 'scn-form-title' },
    h('h2', { id: 'scn-form-title' }, t('scn.new.form')),
    field(t('scn.name'), name, { className: 'field-wide' }),
    h('div', { class: 'field-row' },
      field(t('scn.region'), region),
      field(t('scn.scope'), scope, { hint: t('scn.scope.hint') }),
      field(t('scn.time_limit'), limit, { hint: t('scn.time_limit.hint') })),
    h('fieldset', { class: 'scenario-changes-set', 'data-field': 'changes', tabindex: '-1' },
      h('legend', null, t('scn.changes')),
      h('p', { class: 'hint' }, t('scn.changes.hint')),
      changesSlot,
      h('div', { class: 'field-row' }, field(t('scn.change.kind'), kindSel), h('div', { class: 'field field-button' }, add))),
    h('div', { class: 'field field-inline' }, runNow, h('label', { for: runNow.id }, t('scn.run_now'))),
    errSlot,
    h('div', { class: 'form-actions' }, submit, ' ', h('a', { class: 'btn', href: '#/scenarier' }, t('common.cancel'))));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    if (!name.value.trim()) {
      showFieldError(form, errSlot, { field: 'name', message: t('scn.err.name') });
      return;
    }
    if (!changes.length) {
      showFieldError(form, errSlot, { field: 'changes', message: t('scn.err.changes') });
      return;
    }
    const body = {
      name: name.value.trim(), region_id: Number(region.value), time_limit: Number(limit.value || 10),
      changes: changes.map((c) => c.value()),
    };
    if (scope.value) body.specialty_id = Number(scope.value);
    submit.disabled = true;
    try {
      const sc = await api.post('/scenarios', body);
      if (runNow.checked) await api.post(`/scenarios/${sc.id}/run`);
      notify(t('scn.created_note', { name: sc.name }));
      window.location.hash = `#/scenarier/${sc.id}`;
    } catch (e) {
      showFieldError(form, errSlot, changeError(e));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// The reasons the API gives for a change's field (src/plan/scenario.c),
// in the user's language; another reason is shown as the API words it.
const REASONS = [
  [/^is required$/, 'scn.why.required'],
  [/^must be an integer$/, 'scn.why.integer'],
  [/^must be (-?\d+) to (-?\d+)$/, 'scn.why.range'],
  [/^is required, an ISO week YYYY-Www$/, 'scn.why.week_required'],
  [/^must be an ISO week YYYY-Www$/, 'scn.why.week'],
  [/^must be from_week or later$/, 'scn.why.week_order'],
  [/^must be gaffel, training_node, tandem or st_clinic$/, 'scn.why.form'],
  [/^must be none, per_day, per_week, per_month or per_procedure$/, 'scn.why.model'],
  [/^no unit (\d+) in the region$/, 'scn.why.unit'],
  [/^no trainee of specialty (\d+) in the region/, 'scn.why.template'],
];

function reasonText(reason) {
  for (const [re, key] of REASONS) {
    const m = re.exec(reason);
    if (m) return t(key, { a: m[1], b: m[2] });
  }
  return reason;
}

// The API names a change's field in its message ("changes[1].size: ..."):
// the control of that change's field, when the form has it.
function changeError(e) {
  const err = localError(e);
  const m = /changes\[(\d+)\]\.(\w+)/.exec((e && e.message) || '');
  if (m) {
    err.field = `changes[${m[1]}].${m[2]}`;
    const reason = reasonText(e.message.replace(/^.*?changes\[\d+\]\.\w+:\s*/, ''));
    err.message = t('scn.err.change', { n: Number(m[1]) + 1, field: t(`scn.f.${m[2]}`), reason });
    err.reason = ''; // worded here in full
  }
  return err;
}

// The fields of each kind: [name, control maker, default].
function kindFields(kind, specOpts, unitOpts) {
  const y = new Date().getFullYear();
  const num = (min, max) => () => h('input', { type: 'number', min: String(min), max: String(max), step: '1', class: 'input-narrow' });
  const sel = (opts) => () => select(opts, '');
  const week = () => weekInput('');
  const unitAll = [{ value: '', label: t('scn.all_units') }, ...unitOpts];
  return {
    more_posts: [['specialty_id', sel(specOpts)], ['year', num(1990, 2150), String(y + 1)], ['extra', num(1, 500), '2']],
    add_group: [['unit_id', sel(unitOpts)], ['form', sel(FORMS.map((f) => ({ value: f, label: vocab('scn.form', f) }))), 'gaffel'],
      ['size', num(1, 6), '2'], ['from_week', week, `${y + 1}-W01`], ['to_week', week, `${y + 2}-W52`]],
    seats: [['unit_id', sel(unitOpts)], ['seats', num(0, 1000), '1'], ['from_week', week, `${y + 1}-W01`], ['to_week', week, `${y + 1}-W52`]],
    shorten: [['specialty_id', sel(specOpts)], ['weeks', num(1, 52), '2']],
    summer: [['unit_id', sel(unitAll), '']],
    agreement: [['host_unit_id', sel(unitOpts)], ['model', sel(MODELS.map((m) => ({ value: m, label: vocab('model', m) }))), 'per_week'],
      ['amount_sek', num(0, 1000000000), '0'], ['procedures_per_week', num(0, 1000), '0'], ['backpack_sek', num(0, 1000000000), '0']],
  }[kind];
}

const NUMERIC = new Set(['specialty_id', 'unit_id', 'host_unit_id', 'year', 'extra', 'size', 'seats', 'weeks',
  'amount_sek', 'procedures_per_week', 'backpack_sek']);

// One change: its kind as a heading, its fields, a remove button.
function changeEditor(kind, init, specOpts, unitOpts, onRemove) {
  const controls = kindFields(kind, specOpts, unitOpts).map(([key, make, dflt]) => {
    const el = make();
    el.name = key;
    const v = init[key] ?? dflt;
    if (v != null) el.value = String(v);
    return { key, el };
  });
  const legend = h('legend', null);
  const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'remove-change' } }, t('scn.change.remove'));
  const el = h('li', { class: 'scenario-change', dataset: { kind } },
    h('fieldset', null, legend,
      h('div', { class: 'field-row' }, controls.map((c) => field(t(`scn.f.${c.key}`), c.el))),
      remove));
  remove.addEventListener('click', onRemove);
  return {
    el,
    focus: () => controls[0].el.focus(),
    setIndex(i) {
      legend.textContent = t('scn.change.n', { n: i + 1, kind: vocab('scn.kind', kind) });
      remove.setAttribute('aria-label', t('scn.change.remove.label', { n: i + 1 }));
      for (const c of controls) c.el.dataset.field = `changes[${i}].${c.key}`;
    },
    value() {
      const o = { kind };
      for (const c of controls) {
        if (c.el.value === '') continue;
        o[c.key] = NUMERIC.has(c.key) ? Number(c.el.value) : c.el.value;
      }
      return o;
    },
  };
}

// ---- #/scenarier/ID ----

export function renderOne(view, { params }) {
  const id = Number(params[0]);
  const head = h('div', null, pageHead(t('scn.title'), null));
  const body = h('div', { class: 'scenario' }, loading());
  view.append(head, body);
  Promise.all([api.get(`/scenarios/${id}`), api.specialties(), api.units(), api.regions()]).then(([sc, specs, units, regions]) => {
    if (!view.isConnected) return;
    const names = {
      spec: new Map(specs.map((s) => [s.id, specialtyName(s)])),
      unit: new Map(units.map((u) => [u.id, u.name])),
      region: new Map(regions.map((r) => [r.id, r.name])),
    };
    showScenario(view, head, body, sc, names);
  }).catch((e) => replace(body, errorBox(e)));
}

function showScenario(view, head, body, first, names) {
  const id = first.id;
  const badgeSlot = h('span', { class: 'scenario-badge' });
  const run = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'run' } }, t('scn.run'));
  const del = can('planning.run') ? deleteButton(first, () => { window.location.hash = '#/scenarier'; }) : null;
  replace(head, pageHead(first.name, t('scn.one.lead'), h('div', { class: 'page-actions' }, badgeSlot, can('planning.run') ? run : null, del)));
  const facts = h('dl', { class: 'facts' });
  const progressSlot = h('div', { class: 'scenario-progress', 'aria-live': 'polite' });
  const resultSlot = h('div', { class: 'scenario-results' });
  replace(body,
    section(t('scn.about'), facts, h('h3', null, t('scn.changes')), changesList(first.changes, names)),
    progressSlot, resultSlot);

  const barId = nextId('bar');
  const bar = h('progress', { id: barId, max: '1', value: '0', class: 'plan-bar' });
  const barText = h('span', { class: 'plan-bar-text' });
  let shownDone = null;

  function paint(sc) {
    replace(badgeSlot, statusBadge(sc.status));
    const active = ACTIVE.includes(sc.status);
    run.disabled = active;
    run.textContent = sc.status === 'new' ? t('scn.run') : t('scn.run.again');
    const dels = head.querySelector('[data-action="delete"]');
    if (dels) dels.disabled = active;
    const fact = (k, v) => [h('dt', null, t(k)), h('dd', null, v)];
    replace(facts,
      ...fact('scn.region', names.region.get(sc.region_id) || `#${sc.region_id}`),
      ...fact('scn.scope', sc.specialty_id ? names.spec.get(sc.specialty_id) || `#${sc.specialty_id}` : t('scn.scope.region')),
      ...fact('scn.time_limit', t('scn.seconds', { n: fmtNumber(sc.time_limit) })),
      ...fact('scn.created', fmtDateTime(sc.created_at)),
      ...fact('scn.finished', sc.finished_at ? fmtDateTime(sc.finished_at) : t('common.none')));
    if (active) {
      // Both runs, the baseline then the scenario, within time_limit each.
      const p = sc.progress || {};
      const total = 2 * (sc.time_limit || 1);
      const done = (p.phase || '').startsWith('scenario') ? sc.time_limit + (p.seconds || 0) : (p.seconds || 0);
      bar.value = Math.min(1, done / total);
      const words = t('scn.progress.text', { phase: phaseText(sc.status, p.phase), s: fmtNumber(Math.round((p.seconds || 0) * 10) / 10) });
      bar.setAttribute('aria-valuetext', words);
      barText.textContent = words;
      if (!progressSlot.firstChild) {
        replace(progressSlot, h('section', { class: 'card plan-run', 'aria-busy': 'true' },
          h('div', { class: 'plan-bar-row' }, h('label', { for: barId, class: 'plan-bar-label' }, t('scn.progress')), bar, barText)));
      }
    } else {
      replace(progressSlot, sc.status === 'failed'
        ? h('div', { class: 'notice notice-error', role: 'alert' }, t('scn.failed', { error: sc.error || '' }))
        : null);
      if (sc.status === 'done' && shownDone !== sc.finished_at) {
        shownDone = sc.finished_at;
        replace(resultSlot, comparison(sc, names));
      } else if (sc.status !== 'done') {
        replace(resultSlot, sc.status === 'new' ? h('p', { class: 'empty' }, t('scn.not_run')) : null);
      }
    }
  }

  async function tick() {
    if (!view.isConnected) return;
    let sc;
    try {
      sc = await api.get(`/scenarios/${id}`);
    } catch (e) {
      if (!view.isConnected) return;
      replace(progressSlot, errorBox(e));
      if (e.status !== 404) setTimeout(tick, RETRY_MS);
      return;
    }
    if (!view.isConnected) return;
    paint(sc);
    if (ACTIVE.includes(sc.status)) setTimeout(tick, POLL_MS);
  }

  run.addEventListener('click', async () => {
    run.disabled = true;
    try {
      await api.post(`/scenarios/${id}/run`);
      replace(resultSlot);
      shownDone = null;
      tick();
    } catch (e) {
      run.disabled = false;
      replace(progressSlot, errorBox(localError(e)));
    }
  });
  paint(first);
  if (ACTIVE.includes(first.status)) setTimeout(tick, POLL_MS);
}

// The changes in words.
function changesList(changes, names) {
  if (!changes || !changes.length) return h('p', { class: 'empty' }, t('scn.changes.none'));
  return h('ol', { class: 'scenario-change-list' }, changes.map((c) => h('li', { dataset: { kind: c.kind } }, changeText(c, names))));
}

function changeText(c, names) {
  const spec = names.spec.get(c.specialty_id) || `#${c.specialty_id}`;
  const unit = (u) => (u ? names.unit.get(u) || `#${u}` : t('scn.all_units'));
  const weeks = `${fmtWeek(c.from_week)} – ${fmtWeek(c.to_week)}`;
  switch (c.kind) {
    case 'more_posts': return t('scn.text.more_posts', { extra: fmtNumber(c.extra), name: spec, year: c.year });
    case 'add_group': return tn('scn.text.add_group', c.size || 2, { form: vocab('scn.form', c.form), size: fmtNumber(c.size || 2), unit: unit(c.unit_id), weeks });
    case 'seats': return tn('scn.text.seats', c.seats, { seats: fmtNumber(c.seats), unit: unit(c.unit_id), weeks });
    case 'shorten': return t('scn.text.shorten', { weeks: fmtWeeks(c.weeks), name: spec });
    case 'summer': return t('scn.text.summer', { unit: unit(c.unit_id) });
    case 'agreement': return t('scn.text.agreement', { model: vocab('model', c.model), amount: fmtKr((c.amount_sek || 0) * 100), unit: unit(c.host_unit_id) });
    default: return c.kind;
  }
}

// A table row of texts, the first a row header; dataset on the row.
function row(cells, dataset) {
  return h('tr', dataset ? { dataset } : null, cells.map((c, i) => (i === 0
    ? h('th', { scope: 'row' }, c) : h('td', { class: 'num' }, c))));
}

// "baseline: construct" in words: which run, and the solver's phase.
function phaseText(status, phase) {
  if (status === 'queued' || !phase) return vocab('plan_status', status);
  const [variant, rest] = phase.split(': ');
  return rest ? `${vocab('scn.variant', variant)}: ${vocab('plan_phase', rest)}` : vocab('plan_phase', variant);
}

// Today and the scenario side by side.
function comparison(sc, names) {
  const r = sc.results || {};
  const a = r.baseline;
  const b = r.scenario;
  if (!a || !b) return h('p', { class: 'empty' }, t('scn.not_run'));
  const diff = (x, y, dec = 0) => {
    const d = Math.round((y - x) * 10 ** dec) / 10 ** dec;
    return d > 0 ? `+${fmtNumber(d)}` : fmtNumber(d);
  };
  const rows = [
    ['late_weeks', a.late_weeks, b.late_weeks],
    ['unplaced', a.unplaced, b.unplaced],
    ['unplaced_weeks', a.unplaced_weeks, b.unplaced_weeks],
    ['placed', a.placed, b.placed],
    ['needs', a.needs, b.needs],
    ['seat_weeks', a.seat_weeks, b.seat_weeks],
    ['used_seat_weeks', a.used_seat_weeks, b.used_seat_weeks],
  ].map(([k, x, y]) => h('tr', { dataset: { figure: k } }, h('th', { scope: 'row' }, t(`scn.fig.${k}`)),
    h('td', { class: 'num' }, fmtNumber(x)), h('td', { class: 'num' }, fmtNumber(y)), h('td', { class: 'num' }, diff(x, y))));
  rows.push(h('tr', { dataset: { figure: 'utilisation' } }, h('th', { scope: 'row' }, t('scn.fig.utilisation')),
    h('td', { class: 'num' }, `${fmtNumber(a.utilisation)} %`), h('td', { class: 'num' }, `${fmtNumber(b.utilisation)} %`),
    h('td', { class: 'num' }, `${diff(a.utilisation, b.utilisation, 1)} %`)));
  rows.push(h('tr', { dataset: { figure: 'cost' } }, h('th', { scope: 'row' }, t('scn.fig.cost')),
    h('td', { class: 'num' }, fmtKr(a.cost_ore)), h('td', { class: 'num' }, fmtKr(b.cost_ore)),
    h('td', { class: 'num' }, fmtKr(b.cost_ore - a.cost_ore))));
  const sumTable = h('table', { class: 'table table-compare' },
    h('caption', null, t('scn.compare.summary')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('scn.fig')), h('th', { scope: 'col', class: 'num' }, t('scn.today')),
      h('th', { scope: 'col', class: 'num' }, t('scn.scenario')), h('th', { scope: 'col', class: 'num' }, t('scn.diff')))),
    h('tbody', null, rows));

  // Per specialty: the union of both, most weeks late first.
  const byId = new Map();
  for (const [v, s] of [['a', a], ['b', b]]) {
    for (const x of s.specialties || []) {
      const e = byId.get(x.specialty_id) || { id: x.specialty_id, code: x.code, a: null, b: null };
      e[v] = x;
      byId.set(x.specialty_id, e);
    }
  }
  const zero = { trainees: 0, late_trainees: 0, late_weeks: 0, unplaced: 0 };
  const specs = [...byId.values()].map((e) => ({ ...e, a: e.a || zero, b: e.b || zero, name: names.spec.get(e.id) || e.code || `#${e.id}` }))
    .sort((x, y) => (Math.max(y.a.late_weeks, y.b.late_weeks) - Math.max(x.a.late_weeks, x.b.late_weeks)) || compareText(x.name, y.name));
  const specTable = table(
    [t('scn.spec'), t('scn.spec.trainees'), t('scn.spec.late_today'), t('scn.spec.late_scenario'),
      t('scn.spec.weeks_today'), t('scn.spec.weeks_scenario'), t('scn.spec.unplaced_today'), t('scn.spec.unplaced_scenario')],
    specs.map((e) => row([e.name, fmtNumber(e.b.trainees), fmtNumber(e.a.late_trainees), fmtNumber(e.b.late_trainees),
      fmtNumber(e.a.late_weeks), fmtNumber(e.b.late_weeks), fmtNumber(e.a.unplaced), fmtNumber(e.b.unplaced)], { specialty: String(e.id) })),
    { class: 'table table-compare-specs', caption: t('scn.compare.specs') });
  const shown = specs.filter((e) => e.a.late_weeks || e.b.late_weeks).slice(0, CHART_MAX);
  const chart = shown.length
    ? h('figure', { class: 'scenario-chart' },
      barChart({
        groups: shown.map((e) => ({ label: e.code || e.name, bars: [{ value: e.a.late_weeks }, { value: e.b.late_weeks, className: 'bar-private' }] })),
        label: `${t('scn.chart')}: ${shown.map((e) => t('scn.chart.spec', { name: e.name, today: fmtNumber(e.a.late_weeks), scenario: fmtNumber(e.b.late_weeks) })).join('; ')}`,
      }),
      h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
        h('li', null, h('span', { class: 'swatch sw-bar' }), t('scn.today')),
        h('li', null, h('span', { class: 'swatch sw-private' }), t('scn.scenario'))))
    : h('p', { class: 'empty' }, t('scn.chart.none'));

  const bott = (s, label) => ((s.bottlenecks || []).length
    ? table([t('scn.bn.unit'), t('scn.bn.weeks'), t('scn.bn.gain')],
      s.bottlenecks.map((x) => row([x.unit || names.unit.get(x.unit_id) || `#${x.unit_id}`, `${fmtWeek(x.from_week)} – ${fmtWeek(x.to_week)}`, fmtNumber(x.gain)])),
      { caption: t('scn.bn.caption', { variant: label }) })
    : h('p', { class: 'empty' }, t('scn.bn.none')));
  return h('div', { class: 'scenario-compare', dataset: { compare: String(sc.id) } },
    section(t('scn.compare'), h('p', { class: 'hint' }, t('scn.compare.lead')), sumTable),
    section(t('scn.compare.specs'), chart, specTable),
    section(t('scn.bottlenecks'),
      h('div', { class: 'two-col' },
        h('div', null, h('h3', null, t('scn.today')), bott(a, t('scn.today'))),
        h('div', null, h('h3', null, t('scn.scenario')), bott(b, t('scn.scenario'))))));
}
