// Handledare: the supervisors at the units in the user's scope and the
// huvudhandledare of their trainees, filtered by unit, name and those
// without handledarutbildning (flagged in words); how many trainees and
// rotations each supervises. Those who keep supervisors (supervisor.write)
// register a new one at a unit of theirs.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, tn, fmtNumber, specialtyName, compareText } from '../i18n.js';
import {
  pageHead, field, select, errorBox, notify, showFieldError, clearFieldErrors, disclosure,
} from '../components.js';
import { pagedList, readState, wireFilters } from '../list.js';
import { access, unitSubject } from '../access.js';
import { can } from '../session.js';
import { trainingCell } from '../supervisors.js';

const KEYS = ['q', 'unit', 'untrained'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

// Units as select options, grouped by specialty.
export function unitOptions(units) {
  const groups = new Map();
  for (const u of units) {
    const name = specialtyName(u.specialty);
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(u);
  }
  return [...groups.entries()].sort((a, b) => compareText(a[0], b[0])).map(([group, items]) => ({
    group,
    options: items.sort((a, b) => compareText(a.name, b.name)).map((u) => ({ value: u.id, label: u.name })),
  }));
}

export function render(view, { query }) {
  const state = readState(query, KEYS);
  if (state.untrained !== 'true') state.untrained = '';
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const unitSel = select([{ value: '', label: t('bookings.unit.any') }], state.unit, { name: 'unit' });
  const untrained = h('input', { type: 'checkbox', name: 'untrained', checked: state.untrained === 'true' });
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('supervisors.q'), qIn, { className: 'field-wide' }),
    field(t('supervisors.unit'), unitSel, { className: 'field-wide' }),
    h('div', { class: 'filter-shift filter-check' }, h('label', { class: 'check' }, untrained, t('supervisors.untrained_only'))),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));

  const list = pagedList({
    label: t('supervisors.title'),
    path: '/supervisors',
    query: () => ({ q: state.q, unit: state.unit, untrained: state.untrained }),
    state,
    hash: '#/handledare',
    keys: KEYS,
    count: (n) => tn('supervisors.count', n),
    empty: () => (state.untrained ? t('supervisors.none_untrained') : t('supervisors.none')),
    tableClass: 'table table-supervisors',
    scroll: true,
    columns: [
      { label: t('supervisors.name'), cell: (sv) => h('a', { href: `#/handledare/${sv.id}` }, sv.name) },
      { label: t('supervisors.unit'), cell: (sv) => h('a', { href: `#/enheter/${sv.unit.id}` }, sv.unit.name) },
      { label: t('supervisors.trained_on'), cell: (sv) => trainingCell(sv) },
      { label: t('supervisors.trainees'), cell: (sv) => fmtNumber(sv.trainees), num: true },
      { label: t('supervisors.rotations'), cell: (sv) => fmtNumber(sv.rotations), num: true },
    ],
    rowAttrs: (sv) => ({ dataset: { supervisor: sv.id, trained: String(sv.trained) } }),
  });

  const addSlot = h('div', { class: 'supervisor-add' });
  view.append(pageHead(t('supervisors.title'), t('supervisors.lead')), addSlot,
    h('div', { class: 'card card-filters' }, form), list.el);

  untrained.addEventListener('change', () => {
    state.untrained = untrained.checked ? 'true' : '';
    list.first();
  });
  wireFilters(list, { form, search: qIn, selects: [[unitSel, 'unit']] });
  list.load();

  // The units to filter by are those whose supervisors the user reads;
  // those to register at, those where they keep supervisors.
  Promise.all([api.units(), access()]).then(([units, may]) => {
    const readable = units.filter((u) => may('supervisor.read', unitSubject(u)));
    for (const g of unitOptions(readable.length ? readable : units)) {
      unitSel.append(h('optgroup', { label: g.group },
        g.options.map((o) => h('option', { value: String(o.value), selected: String(o.value) === state.unit }, o.label))));
    }
    const writable = can('supervisor.write') ? units.filter((u) => may('supervisor.write', unitSubject(u))) : [];
    if (writable.length) addSlot.append(registerControl(writable, state.unit));
  }).catch((e) => form.append(errorBox(e)));
}

// "Registrera handledare": a form for a new supervisor at one of units.
function registerControl(units, unitId) {
  const open = h('button', { type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', dataset: { action: 'add-supervisor' } },
    h('span', { 'aria-hidden': 'true' }, '+ '), t('supervisors.add'));
  const slot = h('div', { hidden: true });
  const unit = select(unitOptions(units), unitId || (units.length === 1 ? units[0].id : ''), { name: 'unit_id', 'data-field': 'unit_id', required: true });
  if (!unit.value && units.length) unit.value = String(units[0].id);
  const name = h('input', { type: 'text', name: 'name', 'data-field': 'name', maxlength: '200', required: true, autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'email', 'data-field': 'email', maxlength: '254', required: true, autocomplete: 'off' });
  const hsa = h('input', { type: 'text', name: 'hsa_id', 'data-field': 'hsa_id', maxlength: '31', autocomplete: 'off' });
  const trained = dateInput('trained_on');
  const since = dateInput('specialist_since');
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('supervisors.add.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'supervisor-form card', novalidate: true, 'aria-labelledby': 'supervisor-add-head' },
    h('h2', { id: 'supervisor-add-head' }, t('supervisors.add')),
    h('div', { class: 'field-row' },
      field(t('supervisors.unit'), unit, { className: 'field-grow' }),
      field(t('supervisor.name'), name, { className: 'field-grow' })),
    h('div', { class: 'field-row' },
      field(t('supervisor.email'), email),
      field(t('supervisor.hsa_id'), hsa, { hint: t('supervisor.optional') })),
    h('div', { class: 'field-row' },
      field(t('supervisor.trained_on'), trained, { hint: t('supervisor.trained_on.hint') }),
      field(t('supervisor.specialist_since'), since, { hint: t('supervisor.date.hint') })),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  slot.append(form);
  const toggle = disclosure(open, slot, cancel, unit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {
      unit_id: Number(unit.value),
      name: name.value.trim(),
      email: email.value.trim(),
    };
    if (hsa.value.trim()) body.hsa_id = hsa.value.trim();
    if (trained.value.trim()) body.trained_on = trained.value.trim();
    if (since.value.trim()) body.specialist_since = since.value.trim();
    let bad = null;
    if (!body.unit_id) bad = { field: 'unit_id', message: t('error.required') };
    else if (!body.name) bad = { field: 'name', message: t('error.required') };
    else if (!body.email) bad = { field: 'email', message: t('error.required') };
    else if (body.trained_on && !DATE_RE.test(body.trained_on)) bad = { field: 'trained_on', message: t('log.error.date') };
    else if (body.specialist_since && !DATE_RE.test(body.specialist_since)) bad = { field: 'specialist_since', message: t('log.error.date') };
    if (bad) {
      showFieldError(form, errSlot, bad);
      return;
    }
    submit.disabled = true;
    try {
      const made = await api.post('/supervisors', body);
      notify(t('supervisors.added', { name: made.name }));
      window.location.hash = `#/handledare/${made.id}`;
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return h('div', { class: 'actions-bar' }, h('div', { class: 'actions' }, open), slot);
}

// A date field as the other pages have it: 2027-03-08, empty for none.
export function dateInput(name, value = '') {
  return h('input', {
    type: 'text', name, 'data-field': name, value: value || '', placeholder: t('log.date.placeholder'),
    pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', inputmode: 'numeric', autocomplete: 'off', maxlength: '10',
  });
}
