// Avtal och kostnader (issue 18): the agreements of a home unit or the
// region with host units and providers (compensation, who pays the salary,
// ryggsäcksmedel, duties), a form to make one and a confirmed delete; and
// what rotations cost per year and provider kind, as a table and a bar
// chart, exportable as Excel or CSV.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtDate, compareText } from '../i18n.js';
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

  const costs = { slot: h('div', { class: 'costs-chart' }) };
  costs.list = pagedList({
    label: t('costs.title'),
    fetch: async (offset, limit) => {
      const page = await api.get('/costs', { ...subject(), from_year: state.from_year || thisYear, to_year: state.to_year || thisYear + 4, limit: 100 });
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
  view.append(
    pageHead(t('agr.title'), t('agr.lead')),
    h('div', { class: 'card card-filters' }, filters),
    section(t('agr.list'), agreements.el, can('agreement.write') ? addSlot : null),
    section(t('costs.title'), h('p', { class: 'hint' }, t('costs.lead')), costs.slot, costs.list.el));
  view.querySelector('.page-head').append(
    exportLinks('/costs', () => ({ ...subject(), from_year: state.from_year || thisYear, to_year: state.to_year || thisYear + 4 }), t('costs.title')),
    exportLinks('/agreements', subject, t('agr.list')));

  const reload = () => {
    agreements.first();
    costs.list.first();
  };
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.from_year = fromIn.value;
    state.to_year = toIn.value;
    reload();
  });
  wireFilters(agreements, { selects: [[unitSel, 'unit']], onChange: () => costs.list.first() });

  Promise.all([api.units(), api.getAll('/providers').catch(() => [])]).then(([units, providers]) => {
    for (const u of units) names.units.set(u.id, u.name);
    for (const p of providers) names.providers.set(p.id, p.name);
    const sorted = [...units].sort((a, b) => compareText(a.name, b.name));
    for (const u of sorted) unitSel.append(h('option', { value: String(u.id), selected: String(u.id) === state.unit }, u.name));
    agreements.load();
    if (can('agreement.write')) replace(addSlot, addForm(sorted, providers, () => agreements.first(), costs));
  }).catch((e) => {
    filters.append(errorBox(e));
    agreements.load();
  });
  costs.list.load();
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

// Ta bort, then Bekräfta or Avbryt in its place.
function deleteButton(a, onDone) {
  const wrap = h('div', { class: 'row-actions' });
  const del = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'delete' }, 'aria-label': t('agr.delete.label', { id: a.id }) }, t('common.delete'));
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
        await api.del(`/agreements/${a.id}`);
        notify(t('agr.deleted'));
        onDone();
      } catch (e) {
        yes.disabled = false;
        wrap.append(h('p', { class: 'field-error', role: 'alert' }, localError(e).message));
      }
    });
    replace(wrap, h('span', { class: 'visually-hidden' }, t('agr.delete.ask')), yes, no);
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
