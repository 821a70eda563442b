// Delmål (administrators): the goals of the regulations in the shared
// paged list, filtered by regulation, specialty, group and text, those
// whose text is example data marked; correcting a goal's code, title and
// confidence; and which common b goals apply to a specialty.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, specialtyName, compareText } from '../i18n.js';
import {
  pageHead, section, errorBox, loading, field, select, notify, showFieldError, clearFieldErrors,
} from '../components.js';
import { pagedList, readState, wireFilters } from '../list.js';
import { GROUPS, REGULATIONS, compareGoals, goalTitle, regulationName } from '../goals.js';

const KEYS = ['q', 'regulation', 'specialty', 'group'];
const CONFIDENCE = ['verified', 'secondary', 'uncertain'];
const COLS = 7;

export function render(view, { query }) {
  const state = readState(query, KEYS);
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const regSel = select([{ value: '', label: t('goals.regulation.any') },
    ...Object.keys(REGULATIONS).map((r) => ({ value: r, label: regulationName(r) }))], state.regulation, { name: 'regulation' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const grpSel = select([{ value: '', label: t('goals.group.any') }, ...GROUPS.map((g) => ({ value: g, label: vocab('goal_group', g) }))],
    state.group, { name: 'group' });
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('goals.q'), qIn, { className: 'field-wide' }),
    field(t('goals.regulation'), regSel),
    field(t('goals.specialty'), spSel),
    field(t('goals.group'), grpSel),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));
  const specs = new Map();
  const list = pagedList({
    label: t('goals.title'),
    path: '/goals',
    query: () => ({ q: state.q, regulation: state.regulation, specialty: state.specialty, group: state.group }),
    state,
    hash: '#/delmal',
    keys: KEYS,
    count: (n) => tn('goals.count', n),
    empty: t('goals.none'),
    tableClass: 'table table-goal-admin',
    scroll: true,
    columns: [t('goals.code'), t('goals.goal'), t('goals.group'), t('goals.regulation'), t('goals.specialty'), t('goals.confidence'), t('goals.actions')]
      .map((label) => ({ label })),
    row: (g, l) => goalRow(g, specs, () => l.load()),
  });
  view.append(pageHead(t('goals.title'), t('goals.lead')),
    h('div', { class: 'page-body' },
      h('div', { class: 'card card-filters' }, form),
      list.el,
      specialtyGoals(specs)));

  api.specialties().then((items) => {
    for (const sp of items) specs.set(sp.id, sp);
    const opts = items.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value), selected: String(o.value) === state.specialty }, o.label));
    list.load();
  }).catch(() => list.load());
  wireFilters(list, { form, search: qIn, selects: [[regSel, 'regulation'], [spSel, 'specialty'], [grpSel, 'group']] });
}

function goalRow(g, specs, onSaved) {
  const sp = g.specialty_id ? specs.get(g.specialty_id) : null;
  const edit = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action: 'edit' }, 'aria-label': `${t('common.edit')}: ${g.code} ${g.title}` }, t('common.edit'));
  const tr = h('tr', { dataset: { goal: g.id, confidence: g.confidence } },
    h('th', { scope: 'row', class: 'goal-code-cell' }, g.code),
    h('td', null, goalTitle(g)),
    h('td', null, vocab('goal_group', g.group)),
    h('td', null, regulationName(g.regulation)),
    h('td', null, g.specialty_id ? (sp ? specialtyName(sp) : `#${g.specialty_id}`) : h('span', { class: 'muted' }, t('goals.common'))),
    h('td', null, vocab('confidence', g.confidence)),
    h('td', null, edit));
  const editor = h('tr', { class: 'row-editor', hidden: true, dataset: { editor: g.id } });
  edit.addEventListener('click', () => {
    const open = editor.hidden;
    editor.hidden = !open;
    edit.setAttribute('aria-expanded', String(open));
    if (open) {
      replace(editor, h('td', { colspan: String(COLS) }, goalForm(g, {
        onSaved,
        onCancel() {
          editor.hidden = true;
          edit.setAttribute('aria-expanded', 'false');
          edit.focus();
        },
      })));
      editor.querySelector('input').focus();
    }
  });
  return [tr, editor];
}

function goalForm(g, { onSaved, onCancel }) {
  const code = h('input', { type: 'text', name: 'code', 'data-field': 'code', value: g.code, maxlength: '16', required: true, autocomplete: 'off', class: 'input-code' });
  const title = h('input', { type: 'text', name: 'title', 'data-field': 'title', value: g.title, maxlength: '300', required: true, autocomplete: 'off' });
  const conf = select(CONFIDENCE.map((c) => ({ value: c, label: vocab('confidence', c) })), g.confidence, { name: 'confidence', 'data-field': 'confidence' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const headId = nextId('ge');
  const form = h('form', { class: 'goal-form', novalidate: true, 'aria-labelledby': headId },
    h('h2', { id: headId, class: 'h3' }, t('goals.edit', { code: g.code })),
    h('div', { class: 'field-row' },
      field(t('goals.code'), code),
      field(t('goals.goal'), title, { className: 'field-grow' }),
      field(t('goals.confidence'), conf, { hint: t('goals.confidence.hint') })),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', onCancel);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {};
    if (code.value.trim() !== g.code) body.code = code.value.trim();
    if (title.value.trim() !== g.title) body.title = title.value.trim();
    if (conf.value !== g.confidence) body.confidence = conf.value;
    if (body.code === '') {
      showFieldError(form, errSlot, { field: 'code', message: t('error.required') });
      return;
    }
    if (body.title === '') {
      showFieldError(form, errSlot, { field: 'title', message: t('error.required') });
      return;
    }
    if (!Object.keys(body).length) {
      onCancel();
      return;
    }
    submit.disabled = true;
    try {
      const saved = await api.patch(`/goals/${g.id}`, body);
      notify(t('goals.saved', { code: saved.code }));
      await onSaved(saved);
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return form;
}

// Which common b goals apply to a specialty: a checkbox per b goal, by
// regulation.
function specialtyGoals(specs) {
  const spSel = select([{ value: '', label: t('goals.b.choose') }], '', { name: 'b_specialty' });
  const slot = h('div', { class: 'b-goals' });
  const el = section(t('goals.b.title'), h('p', { class: 'hint' }, t('goals.b.lead')),
    h('div', { class: 'field-row' }, field(t('goals.specialty'), spSel)), slot);
  el.classList.add('specialty-goals');
  api.specialties().then((items) => {
    const opts = items.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value) }, o.label));
  }).catch(() => {});
  let bGoals = null;
  spSel.addEventListener('change', async () => {
    const id = Number(spSel.value);
    if (!id) {
      slot.replaceChildren();
      return;
    }
    replace(slot, loading());
    try {
      if (!bGoals) bGoals = await api.getAll('/goals', { group: 'b', common: 'true' });
      const now = await api.get(`/specialties/${id}/goals`);
      replace(slot, bForm(specs.get(id), id, bGoals, now.goal_ids));
    } catch (e) {
      replace(slot, errorBox(e));
    }
  });
  return el;
}

function bForm(sp, id, goals, chosen) {
  const picked = new Set(chosen);
  const name = sp ? specialtyName(sp) : `#${id}`;
  const boxes = [];
  const regs = [...new Set(goals.map((g) => g.regulation))].sort();
  const legendId = nextId('bl');
  const groups = regs.map((r) => {
    const lid = nextId('br');
    return h('fieldset', { class: 'goal-checks', 'aria-labelledby': lid, dataset: { regulation: r } },
      h('legend', { id: lid }, regulationName(r)),
      goals.filter((g) => g.regulation === r).sort(compareGoals).map((g) => {
        const box = h('input', { type: 'checkbox', name: 'goal_ids', value: String(g.id), checked: picked.has(g.id), dataset: { code: g.code } });
        boxes.push(box);
        return h('label', { class: 'check goal-check' }, box, h('span', null, h('strong', null, g.code), ' ', goalTitle(g)));
      }));
  });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('goals.b.save'));
  const form = h('form', { class: 'b-form', novalidate: true, dataset: { specialty: id } },
    h('fieldset', { class: 'checks', 'data-field': 'goal_ids', tabindex: '-1', 'aria-labelledby': legendId },
      h('legend', { id: legendId }, t('goals.b.legend', { specialty: name })), groups),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    submit.disabled = true;
    try {
      const ids = boxes.filter((b) => b.checked).map((b) => Number(b.value));
      await api.put(`/specialties/${id}/goals`, { goal_ids: ids });
      notify(t('goals.b.saved', { specialty: name }));
    } catch (e) {
      showFieldError(form, errSlot, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
