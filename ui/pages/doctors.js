// Läkare: the region's AT, BT and ST doctors (GET /programs) whose home
// unit the user's scope reaches, with what became of them: the day they
// completed, left the region and came back, the state the server gives
// (ongoing, completed, left) and whether they are in the region today;
// found by name or e-mail, program, home unit and region, in the shared
// paged list. Those who keep them (program.write: the studierektor of the
// home unit, the övergripande studierektor) add a doctor and record what
// became of one; the server refuses days after today, and says so at the
// field. The yearly figures are counted from these records.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDate, specialtyName, compareText } from '../i18n.js';
import {
  pageHead, field, select, errorBox, notify, showFieldError, clearFieldErrors, disclosure,
} from '../components.js';
import { pagedList, readState, wireFilters } from '../list.js';
import { access } from '../access.js';
import { can } from '../session.js';
import { unitOptions, dateInput } from './supervisors.js';

const KEYS = ['q', 'program', 'unit', 'region'];
const PROGRAMS = ['at', 'bt', 'st'];
const OUTCOMES = ['completed_on', 'left_on', 'returned_on'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

// The subject of a doctor's records: their home unit (and its region),
// and an ST's trainee record, as the server judges program.* by.
const homeSubject = (unitId, regionId, traineeId = null) => ({ trainee_id: traineeId, home_unit_id: unitId, home_region_id: regionId });
const programSubject = (p) => homeSubject(p.unit.id, p.region_id, p.trainee_id);

export function render(view, { query }) {
  const state = readState(query, KEYS);
  if (!PROGRAMS.includes(state.program)) state.program = '';
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const progSel = select([{ value: '', label: t('doctors.program.any') }, ...PROGRAMS.map((p) => ({ value: p, label: vocab('program', p) }))],
    state.program, { name: 'program' });
  const unitSel = select([{ value: '', label: t('bookings.unit.any') }], state.unit, { name: 'unit' });
  const regionSel = select([{ value: '', label: t('doctors.region.any') }], state.region, { name: 'region' });
  const regionField = field(t('doctors.region'), regionSel);
  regionField.hidden = true;
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('doctors.q'), qIn, { className: 'field-wide' }),
    field(t('doctors.program'), progSel),
    field(t('doctors.unit'), unitSel, { className: 'field-wide' }),
    regionField,
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));

  let may = () => false;
  // The column of buttons shows to those who may change some doctor.
  const writer = can('program.write');
  const list = pagedList({
    label: t('doctors.title'),
    path: '/programs',
    query: () => ({ q: state.q, program: state.program, unit: state.unit, region: state.region }),
    state,
    hash: '#/lakare',
    keys: KEYS,
    count: (n) => tn('doctors.count', n),
    empty: t('doctors.none'),
    tableClass: 'table table-doctors',
    scroll: true,
    columns: [t('doctors.name'), t('doctors.program'), t('doctors.unit'), t('doctors.specialty'), t('doctors.start_date'),
      t('doctors.completed_on'), t('doctors.left_on'), t('doctors.returned_on'), t('doctors.status'),
      writer ? t('unit.capacity.actions') : null].filter(Boolean).map((label) => ({ label })),
    row: (p, l) => doctorRow(p, { writer, editable: may('program.write', programSubject(p)) }, () => l.load()),
  });

  const addSlot = h('div', { class: 'doctor-add' });
  view.append(pageHead(t('doctors.title'), t('doctors.lead')), addSlot,
    h('div', { class: 'card card-filters' }, form), list.el);
  wireFilters(list, { form, search: qIn, selects: [[progSel, 'program'], [unitSel, 'unit'], [regionSel, 'region']] });

  // The units to filter by are the home units the user reads doctors of;
  // those to add a doctor at, the ones where they keep them.
  Promise.all([api.units(), api.regions(), access()]).then(([units, regions, mayDo]) => {
    may = mayDo;
    const readable = units.filter((u) => may('program.read', homeSubject(u.id, u.region_id)));
    for (const g of unitOptions(readable.length ? readable : units)) {
      unitSel.append(h('optgroup', { label: g.group },
        g.options.map((o) => h('option', { value: String(o.value), selected: String(o.value) === state.unit }, o.label))));
    }
    const seen = regions.filter((r) => readable.some((u) => u.region_id === r.id));
    if (seen.length > 1 || state.region) {
      for (const r of regions) regionSel.append(h('option', { value: String(r.id), selected: String(r.id) === state.region }, r.name));
      regionField.hidden = false;
    }
    const writable = can('program.write') ? units.filter((u) => may('program.write', homeSubject(u.id, u.region_id))) : [];
    if (writable.length) {
      addSlot.append(addControl(writable, (made) => {
        // Show the new doctor: find them by name.
        state.q = made.person.name;
        qIn.value = made.person.name;
        Object.assign(state, { program: '', unit: '', region: '' });
        progSel.value = '';
        unitSel.value = '';
        regionSel.value = '';
        list.first();
      }));
    }
    list.load();
  }).catch((e) => {
    form.append(errorBox(e));
    list.load();
  });
}

// What became of the doctor, as the server says it, and whether they are
// in the region today.
function statusCell(p) {
  return [h('span', { class: ['badge', `program-${p.status}`], dataset: { status: p.status } }, vocab('program_status', p.status)),
    h('span', { class: 'unit-meta', dataset: { inRegion: String(p.in_region) } }, p.in_region ? t('doctors.in_region') : t('doctors.not_in_region'))];
}

function doctorRow(p, { writer, editable }, onSaved) {
  const edit = editable
    ? h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action: 'edit-program' }, 'aria-label': `${t('doctors.edit')}: ${p.person.name}, ${vocab('program', p.program)}` }, t('doctors.edit'))
    : null;
  const date = (d) => h('td', { class: 'num' }, fmtDate(d));
  const tr = h('tr', { dataset: { program: p.id, kind: p.program, status: p.status } },
    h('th', { scope: 'row' }, p.person.name, h('span', { class: 'unit-meta' }, p.person.email)),
    h('td', null, vocab('program', p.program)),
    h('td', null, h('a', { href: `#/enheter/${p.unit.id}` }, p.unit.name)),
    h('td', null, p.specialty ? specialtyName(p.specialty) : t('common.none')),
    date(p.start_date),
    h('td', { class: 'num', dataset: { col: 'completed_on' } }, fmtDate(p.completed_on)),
    h('td', { class: 'num', dataset: { col: 'left_on' } }, fmtDate(p.left_on)),
    h('td', { class: 'num', dataset: { col: 'returned_on' } }, fmtDate(p.returned_on)),
    h('td', null, statusCell(p)),
    writer ? h('td', null, edit) : null);
  if (!edit) return tr;
  const editor = h('tr', { class: 'row-editor', hidden: true, dataset: { editor: p.id } });
  const close = () => {
    editor.hidden = true;
    editor.replaceChildren();
    edit.setAttribute('aria-expanded', 'false');
    edit.focus();
  };
  edit.addEventListener('click', () => {
    if (!editor.hidden) {
      close();
      return;
    }
    replace(editor, h('td', { colspan: String(tr.children.length) }, outcomeForm(p, { onSaved, onCancel: close })));
    editor.hidden = false;
    edit.setAttribute('aria-expanded', 'true');
    editor.querySelector('input').focus();
  });
  return [tr, editor];
}

// The days the doctor completed, left the region and came back; only
// those changed are sent, an emptied one as null (none).
function outcomeForm(p, { onSaved, onCancel }) {
  const inputs = Object.fromEntries(OUTCOMES.map((k) => [k, dateInput(k, p[k] || '')]));
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const headId = nextId('pe');
  const form = h('form', { class: 'program-form', novalidate: true, 'aria-labelledby': headId, dataset: { program: p.id } },
    h('h2', { id: headId, class: 'h3' }, t('doctors.edit.title', { name: p.person.name, program: vocab('program', p.program) })),
    h('div', { class: 'field-row' }, OUTCOMES.map((k) => field(t(`doctors.${k}`), inputs[k], { hint: t('doctors.date.hint') }))),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', onCancel);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {};
    for (const k of OUTCOMES) {
      const v = inputs[k].value.trim();
      if (v && !DATE_RE.test(v)) {
        showFieldError(form, errSlot, { field: k, message: t('log.error.date') });
        return;
      }
      if (v !== (p[k] || '')) body[k] = v || null;
    }
    if (!Object.keys(body).length) {
      onCancel();
      return;
    }
    submit.disabled = true;
    try {
      const saved = await api.patch(`/programs/${p.id}`, body);
      notify(t('doctors.saved', { name: saved.person.name }));
      await onSaved(saved);
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return form;
}

// "Lägg till läkare": a new person's AT, BT or ST at a home unit of the
// user's; an ST names its specialty. onAdded(program) after the server
// agreed.
function addControl(units, onAdded) {
  const open = h('button', { type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', dataset: { action: 'add-program' } },
    h('span', { 'aria-hidden': 'true' }, '+ '), t('doctors.add'));
  const slot = h('div', { hidden: true });
  const program = select(PROGRAMS.map((p) => ({ value: p, label: vocab('program', p) })), 'at', { name: 'program', 'data-field': 'program', required: true });
  const unit = select(unitOptions(units), units.length === 1 ? units[0].id : '', { name: 'unit_id', 'data-field': 'unit_id', required: true });
  if (!unit.value && units.length) unit.value = String(units[0].id);
  const specialty = select([{ value: '', label: t('doctors.specialty.choose') }], '', { name: 'specialty_id', 'data-field': 'specialty_id' });
  const specialtyField = field(t('doctors.specialty'), specialty, { hint: t('doctors.specialty.hint') });
  const name = h('input', { type: 'text', name: 'name', 'data-field': 'name', maxlength: '200', required: true, autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'email', 'data-field': 'email', maxlength: '254', required: true, autocomplete: 'off' });
  const hsa = h('input', { type: 'text', name: 'hsa_id', 'data-field': 'hsa_id', maxlength: '31', autocomplete: 'off' });
  const start = dateInput('start_date');
  start.required = true;
  const outcomes = Object.fromEntries(OUTCOMES.map((k) => [k, dateInput(k)]));
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('doctors.add.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'program-add-form card', novalidate: true, 'aria-labelledby': 'program-add-head' },
    h('h2', { id: 'program-add-head' }, t('doctors.add')),
    h('div', { class: 'field-row' },
      field(t('doctors.program'), program),
      field(t('doctors.unit'), unit, { className: 'field-grow' }),
      specialtyField),
    h('div', { class: 'field-row' },
      field(t('doctors.name'), name, { className: 'field-grow' }),
      field(t('doctors.email'), email),
      field(t('doctors.hsa_id'), hsa, { hint: t('supervisor.optional') })),
    h('div', { class: 'field-row' },
      field(t('doctors.start_date'), start, { hint: t('doctors.date.hint') }),
      OUTCOMES.map((k) => field(t(`doctors.${k}`), outcomes[k], { hint: t('doctors.date.optional') }))),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  slot.append(form);
  // Only an ST names its specialty.
  const showSpecialty = () => {
    specialtyField.hidden = program.value !== 'st';
  };
  program.addEventListener('change', showSpecialty);
  showSpecialty();
  api.specialties().then((items) => {
    const opts = items.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) specialty.append(h('option', { value: String(o.value) }, o.label));
  }).catch(() => {});
  const toggle = disclosure(open, slot, cancel, program);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {
      program: program.value,
      unit_id: Number(unit.value),
      name: name.value.trim(),
      email: email.value.trim(),
      start_date: start.value.trim(),
    };
    if (hsa.value.trim()) body.hsa_id = hsa.value.trim();
    if (program.value === 'st' && specialty.value) body.specialty_id = Number(specialty.value);
    for (const k of OUTCOMES) if (outcomes[k].value.trim()) body[k] = outcomes[k].value.trim();
    let bad = null;
    if (!body.unit_id) bad = { field: 'unit_id', message: t('error.required') };
    else if (!body.name) bad = { field: 'name', message: t('error.required') };
    else if (!body.email) bad = { field: 'email', message: t('error.required') };
    else {
      const wrong = ['start_date', ...OUTCOMES].find((k) => (k === 'start_date' || body[k]) && !DATE_RE.test(body[k] || ''));
      if (wrong) bad = { field: wrong, message: t('log.error.date') };
    }
    if (bad) {
      showFieldError(form, errSlot, bad);
      return;
    }
    submit.disabled = true;
    try {
      const made = await api.post('/programs', body);
      notify(t('doctors.added', { name: made.person.name, program: vocab('program', made.program) }));
      submit.disabled = false;
      form.reset();
      showSpecialty();
      toggle(false);
      open.focus();
      onAdded(made);
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return h('div', { class: 'actions-bar' }, h('div', { class: 'actions' }, open), slot);
}
