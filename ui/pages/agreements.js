// Avtal och kostnader (issue 18): the agreements of a home unit or the
// region with host units and providers (compensation, who pays the salary,
// ryggsäcksmedel, duties), a form to make one and a confirmed delete; and
// what rotations cost per year and provider kind, as a table and a bar
// chart, exportable as Excel or CSV; and the home units' budgets per year
// (issue 18: budget) against what their trainees' bookings cost.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtDate, compareText, has } from '../i18n.js';
import {
  pageHead, section, errorBox, field, select, notify, showFieldError, clearFieldErrors, exportLinks,
} from '../components.js';
import { pagedList, readState, wireFilters, pageOf } from '../list.js';
import { barChart } from '../chart.js';
import { can } from '../session.js';
import { localError } from '../forms.js';

const MODELS = ['none', 'per_day', 'per_week', 'per_month', 'per_procedure'];
const PAYERS = ['home', 'host', 'region'];
const KEYS = ['unit', 'from_year', 'to_year'];

// Öre as kronor: "12 500 kr".
export function fmtKr(ore) {
  return t('money.kr', { n: fmtNumber(Math.round(Number(ore) || 0) / 100) });
}

export function render(view, { query }) {
  const state = readState(query, KEYS);
  const thisYear = new Date().getFullYear();
  const unitSel = select([{ value: '', label: t('agr.subject.region') }], state.unit, { name: 'unit' });
  const fromIn = h('input', { type: 'number', name: 'from_year', min: '2000', max: '2190', class: 'input-narrow', value: state.from_year || String(thisYear) });
  const toIn = h('input', { type: 'number', name: 'to_year', min: '2000', max: '2190', class: 'input-narrow', value: state.to_year || String(thisYear + 4) });
  const filters = h('form', { class: 'filters', 'aria-label': t('agr.filters') },
    field(t('agr.subject'), unitSel, { className: 'field-wide' }),
    field(t('agr.from_year'), fromIn),
    field(t('agr.to_year'), toIn),
    h('button', { type: 'submit', class: 'btn' }, t('agr.show')));
  const subject = () => ({ unit: state.unit });
  const names = { units: new Map(), providers: new Map() };

  const agreements = pagedList({
    label: t('agr.list'),
    path: '/agreements',
    query: subject,
    state,
    hash: '#/avtal',
    keys: KEYS,
    limit: 25,
    count: (n) => tn('agr.count', n),
    empty: t('agr.none'),
    tableClass: 'table table-agreements',
    rowAttrs: (a) => ({ dataset: { agreement: a.id, model: a.model } }),
    columns: () => [
      { label: t('agr.home'), cell: (a) => (a.home_unit_id ? names.units.get(a.home_unit_id) || `#${a.home_unit_id}` : t('agr.subject.region')) },
      { label: t('agr.host'), cell: (a) => hostName(a, names) },
      { label: t('agr.period'), cell: (a) => `${fmtDate(a.from_date)} – ${fmtDate(a.to_date)}`, num: true },
      { label: t('agr.model'), cell: (a) => modelText(a) },
      { label: t('agr.salary'), cell: (a) => vocab('payer', a.salary_payer) },
      { label: t('agr.backpack'), cell: (a) => (a.backpack_ore ? t('agr.per_week', { kr: fmtKr(a.backpack_ore) }) : t('common.none')), num: true },
      { label: t('agr.duties'), cell: (a) => a.duties || t('common.none') },
      can('agreement.write') ? { label: t('agr.actions'), cell: (a) => deleteButton(a, () => agreements.load()) } : null,
    ].filter(Boolean),
  });

  // The years the costs and the budgets show: by default this one and the
  // four after it.
  const years = () => ({ from_year: state.from_year || thisYear, to_year: state.to_year || thisYear + 4 });
  const costs = { slot: h('div', { class: 'costs-chart' }) };
  costs.list = pagedList({
    label: t('costs.title'),
    fetch: async (offset, limit) => {
      const page = await api.get('/costs', { ...subject(), ...years(), limit: 100 });
      drawChart(costs.slot, page.items);
      return pageOf(page.items, offset, limit);
    },
    limit: 20,
    empty: t('costs.none'),
    tableClass: 'table table-costs',
    rowAttrs: (r) => ({ dataset: { year: String(r.year), kind: r.provider_kind, ore: String(r.cost_ore) } }),
    columns: [
      { label: t('costs.year'), cell: (r) => String(r.year), num: true },
      { label: t('costs.kind'), cell: (r) => vocab('provider', r.provider_kind) },
      { label: t('costs.bookings'), cell: (r) => fmtNumber(r.bookings), num: true },
      { label: t('costs.priced'), cell: (r) => fmtNumber(r.priced), num: true },
      { label: t('costs.weeks'), cell: (r) => fmtNumber(r.weeks), num: true },
      { label: t('costs.cost'), cell: (r) => fmtKr(r.cost_ore), num: true },
    ],
  });

  const addSlot = h('div', { class: 'agreement-add' });
  const budgets = budgetSection(subject, years);
  view.append(
    pageHead(t('agr.title'), t('agr.lead')),
    h('div', { class: 'card card-filters' }, filters),
    section(t('agr.list'), agreements.el, can('agreement.write') ? addSlot : null),
    section(t('costs.title'), h('p', { class: 'hint' }, t('costs.lead')), costs.slot, costs.list.el),
    budgets.el);
  view.querySelector('.page-head').append(
    exportLinks('/costs', () => ({ ...subject(), ...years() }), t('costs.title')),
    exportLinks('/budgets', () => ({ ...subject(), ...years() }), t('budget.title')),
    exportLinks('/agreements', subject, t('agr.list')));

  const reload = () => {
    agreements.first();
    costs.list.first();
    budgets.list.first();
  };
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.from_year = fromIn.value;
    state.to_year = toIn.value;
    reload();
  });
  wireFilters(agreements, { selects: [[unitSel, 'unit']], onChange: () => { costs.list.first(); budgets.list.first(); } });

  Promise.all([api.units(), api.getAll('/providers').catch(() => [])]).then(([units, providers]) => {
    for (const u of units) names.units.set(u.id, u.name);
    for (const p of providers) names.providers.set(p.id, p.name);
    const sorted = [...units].sort((a, b) => compareText(a.name, b.name));
    for (const u of sorted) unitSel.append(h('option', { value: String(u.id), selected: String(u.id) === state.unit }, u.name));
    agreements.load();
    if (can('agreement.write')) replace(addSlot, addForm(sorted, providers, () => agreements.first(), costs));
    budgets.units(sorted);
  }).catch((e) => {
    filters.append(errorBox(e));
    agreements.load();
  });
  costs.list.load();
  budgets.list.load();
}

function hostName(a, names) {
  if (a.host_unit_id) return names.units.get(a.host_unit_id) || `#${a.host_unit_id}`;
  if (a.host_provider_id) return t('agr.provider', { name: names.providers.get(a.host_provider_id) || `#${a.host_provider_id}` });
  return t('common.none');
}

function modelText(a) {
  const m = vocab('model', a.model);
  if (a.model === 'none') return m;
  const amount = fmtKr(a.amount_ore);
  return a.model === 'per_procedure'
    ? t('agr.model.procedure', { model: m, amount, n: fmtNumber(a.procedures_per_week) })
    : `${m}: ${amount}`;
}

// Ta bort, then Bekräfta or Avbryt in its place. opts (a budget's):
// the path to delete, the button's name, what to say when done.
function deleteButton(a, onDone, opts = {}) {
  const path = opts.path || `/agreements/${a.id}`;
  const wrap = h('div', { class: 'row-actions' });
  const del = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'delete' }, 'aria-label': opts.label || t('agr.delete.label', { id: a.id }) }, t('common.delete'));
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
        await api.del(path);
        notify(opts.done || t('agr.deleted'));
        onDone();
      } catch (e) {
        yes.disabled = false;
        wrap.append(h('p', { class: 'field-error', role: 'alert' }, localError(e).message));
      }
    });
    replace(wrap, h('span', { class: 'visually-hidden' }, opts.ask || t('agr.delete.ask')), yes, no);
    yes.focus();
  };
  del.addEventListener('click', ask);
  wrap.append(del);
  return wrap;
}

// The form that makes an agreement.
function addForm(units, providers, onAdded, costs) {
  const unitOpts = units.map((u) => ({ value: u.id, label: u.name }));
  const home = select([{ value: '', label: t('agr.subject.region') }, ...unitOpts], '', { name: 'home_unit_id', 'data-field': 'home_unit_id' });
  const hostUnit = select([{ value: '', label: t('common.none') }, ...unitOpts], '', { name: 'host_unit_id', 'data-field': 'host_unit_id' });
  const hostProv = select([{ value: '', label: t('common.none') },
    ...[...providers].sort((a, b) => compareText(a.name, b.name)).map((p) => ({ value: p.id, label: p.name }))], '', { name: 'host_provider_id', 'data-field': 'host_provider_id' });
  const y = new Date().getFullYear();
  const from = h('input', { type: 'date', name: 'from_date', 'data-field': 'from_date', required: true, value: `${y}-01-01` });
  const to = h('input', { type: 'date', name: 'to_date', 'data-field': 'to_date', required: true, value: `${y + 2}-12-31` });
  const model = select(MODELS.map((m) => ({ value: m, label: vocab('model', m) })), 'per_week', { name: 'model', 'data-field': 'model' });
  const amount = h('input', { type: 'number', name: 'amount', 'data-field': 'amount', min: '0', step: '0.01', class: 'input-narrow', value: '0' });
  const procs = h('input', { type: 'number', name: 'procedures_per_week', 'data-field': 'procedures_per_week', min: '0', max: '1000', step: '1', class: 'input-narrow', value: '0' });
  const payer = select(PAYERS.map((p) => ({ value: p, label: vocab('payer', p) })), 'home', { name: 'salary_payer', 'data-field': 'salary_payer' });
  const backpack = h('input', { type: 'number', name: 'backpack', 'data-field': 'backpack', min: '0', step: '0.01', class: 'input-narrow', value: '0' });
  const duties = h('textarea', { name: 'duties', 'data-field': 'duties', maxlength: '2000', rows: '2' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('agr.add'));
  const procField = field(t('agr.procedures'), procs);
  const syncModel = () => {
    procField.hidden = model.value !== 'per_procedure';
  };
  model.addEventListener('change', syncModel);
  syncModel();
  const form = h('form', { class: 'agreement-form', novalidate: true, 'aria-labelledby': 'agr-add-title' },
    h('h3', { id: 'agr-add-title' }, t('agr.add.title')),
    h('div', { class: 'field-row' }, field(t('agr.home'), home), field(t('agr.host_unit'), hostUnit), field(t('agr.host_provider'), hostProv)),
    h('div', { class: 'field-row' }, field(t('agr.from'), from), field(t('agr.to'), to)),
    h('div', { class: 'field-row' }, field(t('agr.model'), model), field(t('agr.amount'), amount, { hint: t('agr.amount.hint') }), procField),
    h('div', { class: 'field-row' }, field(t('agr.salary'), payer), field(t('agr.backpack'), backpack, { hint: t('agr.backpack.hint') })),
    field(t('agr.duties'), duties),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    if (!hostUnit.value && !hostProv.value) {
      showFieldError(form, errSlot, { field: 'host_unit_id', message: t('agr.host.required') });
      return;
    }
    const body = {
      from_date: from.value, to_date: to.value, model: model.value, amount: Number(amount.value || 0),
      salary_payer: payer.value, backpack: Number(backpack.value || 0), duties: duties.value.trim(),
    };
    if (home.value) body.home_unit_id = Number(home.value);
    else {
      const u = units.find((x) => x.region_id) || {};
      if (u.region_id) body.region_id = u.region_id;
    }
    if (hostUnit.value) body.host_unit_id = Number(hostUnit.value);
    if (hostProv.value) body.host_provider_id = Number(hostProv.value);
    if (model.value === 'per_procedure') body.procedures_per_week = Number(procs.value || 0);
    submit.disabled = true;
    try {
      await api.post('/agreements', body);
      notify(t('agr.added'));
      duties.value = '';
      onAdded();
      costs.list.first();
    } catch (e) {
      showFieldError(form, errSlot, localError(e));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// The costs as bars: a year's public and private stacked.
function drawChart(slot, rows) {
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const of = (y, k) => rows.find((r) => r.year === y && r.provider_kind === k) || { cost_ore: 0 };
  const groups = years.map((y) => ({
    label: String(y),
    bars: [
      { value: of(y, 'public').cost_ore / 100, className: 'bar-public' },
      { value: of(y, 'private').cost_ore / 100, className: 'bar-private' },
    ],
  }));
  const words = years.map((y) => t('costs.chart.year', {
    year: y, public: fmtKr(of(y, 'public').cost_ore), private: fmtKr(of(y, 'private').cost_ore),
  })).join('; ');
  replace(slot,
    barChart({ groups, stacked: true, label: `${t('costs.chart')}: ${words}` }),
    h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
      h('li', null, h('span', { class: 'swatch sw-bar' }), vocab('provider', 'public')),
      h('li', null, h('span', { class: 'swatch sw-private' }), vocab('provider', 'private'))));
}

// ---- Budget (issue 18: budget) ----
//
// Per home unit and year its budget, a hard limit or a weight for the
// optimiser, what the year's bookings of its trainees cost under the
// agreements and the rest, each with a bar of the booked cost against the
// budget (the part over it hatched); set, changed and removed by those who
// make the unit's agreements.

// The API's refusal of a budget, in the user's language at its field.
function budgetError(e) {
  if (e && e.field === 'id') return { field: 'unit_id', message: t('budget.err.unit') };
  const key = `budget.err.${e && e.field}`;
  if (e && e.field && e.status === 422 && has(key)) return { field: e.field, message: t(key) };
  return localError(e);
}

function budgetKind(b) {
  return b.weight == null ? t('budget.hard') : t('budget.weighted', { n: fmtNumber(b.weight) });
}

// The booked cost against the budget as a bar (chart.js), named in words.
function budgetBar(b) {
  const pct = b.amount_ore > 0 ? Math.round((100 * b.booked_ore) / b.amount_ore) : null;
  const label = t(b.over ? 'budget.bar.over' : 'budget.bar', {
    booked: fmtKr(b.booked_ore), amount: fmtKr(b.amount_ore), pct: pct == null ? '–' : fmtNumber(pct),
    over: fmtKr(b.booked_ore - b.amount_ore),
  });
  return barChart({
    groups: [{ label: '', bars: [{ value: b.booked_ore / 100, className: 'bar-budget' }], limit: b.amount_ore / 100 }],
    label, className: 'chart-budget',
  });
}

function budgetSection(subject, years) {
  const editable = can('agreement.write');
  const slot = h('div', { class: 'budget-edit' });
  const form = { fill: null };
  const list = pagedList({
    label: t('budget.list'),
    fetch: (offset, limit) => api.get('/budgets', { ...subject(), ...years(), limit, offset }),
    limit: 20,
    count: (n) => tn('budget.count', n),
    empty: t('budget.none'),
    tableClass: 'table table-budgets',
    rowAttrs: (b) => ({ dataset: { unit: String(b.unit_id), year: String(b.year), over: String(b.over) } }),
    columns: [
      { label: t('budget.unit'), cell: (b) => b.unit_name },
      { label: t('budget.year'), cell: (b) => String(b.year), num: true },
      { label: t('budget.amount'), cell: (b) => fmtKr(b.amount_ore), num: true },
      { label: t('budget.kind'), cell: (b) => budgetKind(b) },
      { label: t('budget.booked'), cell: (b) => fmtKr(b.booked_ore), num: true },
      { label: t('budget.rest'), cell: (b) => (b.over ? h('span', { class: 'shortfall' }, t('budget.over', { kr: fmtKr(b.booked_ore - b.amount_ore) })) : fmtKr(b.rest_ore)), num: true },
      { label: t('budget.bar.title'), cell: (b) => budgetBar(b) },
      editable ? {
        label: t('agr.actions'),
        cell: (b) => {
          const label = t('budget.edit.label', { unit: b.unit_name, year: b.year });
          const edit = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'edit' }, 'aria-label': label }, t('common.edit'));
          edit.addEventListener('click', () => form.fill && form.fill(b));
          const del = deleteButton(b, () => list.load(), {
            path: `/units/${b.unit_id}/budgets/${b.year}`,
            label: t('budget.delete.label', { unit: b.unit_name, year: b.year }),
            ask: t('budget.delete.ask'),
            done: t('budget.deleted'),
          });
          del.prepend(edit);
          return del;
        },
      } : null,
    ].filter(Boolean),
  });
  const el = section(t('budget.title'), h('p', { class: 'hint' }, t('budget.lead')), list.el, editable ? slot : null);
  el.classList.add('budget-section');
  return {
    el,
    list,
    units(units) {
      if (editable) replace(slot, budgetForm(units, subject, form, () => list.load()));
    },
  };
}

// The form that sets a budget: unit, year, amount in kronor, hard or weighted.
function budgetForm(units, subject, handle, onSaved) {
  const unit = select(units.map((u) => ({ value: u.id, label: u.name })), subject().unit || '', { name: 'unit_id', 'data-field': 'unit_id' });
  const year = h('input', { type: 'number', name: 'year', 'data-field': 'year', min: '2000', max: '2100', step: '1', class: 'input-narrow', value: String(new Date().getFullYear() + 1) });
  const amount = h('input', { type: 'number', name: 'amount', 'data-field': 'amount', min: '0', step: '0.01', class: 'input-narrow', value: '' });
  const kind = select([{ value: 'hard', label: t('budget.hard') }, { value: 'weighted', label: t('budget.kind.weighted') }], 'hard', { name: 'kind' });
  const weight = h('input', { type: 'number', name: 'weight', 'data-field': 'weight', min: '0', max: '1000000', step: '1', class: 'input-narrow', value: '10' });
  const weightField = field(t('budget.weight'), weight, { hint: t('budget.weight.hint') });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('budget.save'));
  const sync = () => {
    weightField.hidden = kind.value !== 'weighted';
  };
  kind.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'budget-form', novalidate: true, 'aria-labelledby': 'budget-form-title' },
    h('h3', { id: 'budget-form-title' }, t('budget.form.title')),
    h('div', { class: 'field-row' }, field(t('budget.unit'), unit, { className: 'field-wide' }), field(t('budget.year'), year)),
    h('div', { class: 'field-row' }, field(t('budget.amount.kr'), amount, { hint: t('budget.amount.hint') }), field(t('budget.kind'), kind), weightField),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  handle.fill = (b) => {
    clearFieldErrors(form, errSlot);
    unit.value = String(b.unit_id);
    year.value = String(b.year);
    amount.value = String(b.amount_ore / 100);
    kind.value = b.weight == null ? 'hard' : 'weighted';
    if (b.weight != null) weight.value = String(b.weight);
    sync();
    amount.focus();
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const y = year.value.trim() || '0';
    const body = { amount: amount.value.trim() === '' ? null : Number(amount.value), weight: kind.value === 'weighted' ? Number(weight.value) : null };
    submit.disabled = true;
    try {
      const saved = await api.put(`/units/${unit.value}/budgets/${encodeURIComponent(y)}`, body);
      notify(t('budget.saved', { unit: saved.unit_name, year: saved.year }));
      onSaved();
    } catch (e) {
      showFieldError(form, errSlot, budgetError(e));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
// ---- end Budget ----
