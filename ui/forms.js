// Forms of rotation in the UI (issue 18): the gaffel groups, tandem and
// ST-clinic seats of the place overview with their free places, the
// choice of a group when a place is requested (the group's weeks are
// fixed), a unit's placement rules (shown, and edited by those who set its
// capacity), and the API's refusals of these worded in the user's
// language beside the control they concern.

import { h, replace, nextId } from './dom.js';
import * as api from './api.js';
import { t, tn, vocab, fmtWeek, fmtNumber } from './i18n.js';
import { section, errorBox, errorText, errorReason, loading, field, notify, showFieldError, clearFieldErrors } from './components.js';
import { pagedList } from './list.js';

// The error e with its message in the user's language (errorText()) and
// the server's reason where those words cannot give it, for showFieldError.
export function localError(e) {
  return { field: e && e.field, message: errorText(e), reason: errorReason(e) };
}

// "v. 12 – v. 17 2030" of a group or a form.
export function weeksText(from, to) {
  return from === to ? fmtWeek(from) : `${fmtWeek(from)} – ${fmtWeek(to)}`;
}

// One live group in words: its weeks, pattern, members and free places.
export function groupText(f, g) {
  const state = g.complete ? t('forms.group.complete') : t('forms.group.waiting', { n: fmtNumber(f.needed - g.members) });
  return t('forms.group.line', {
    weeks: weeksText(g.start_week, g.end_week), pattern: vocab('pattern', g.pattern),
    members: fmtNumber(g.members), size: fmtNumber(f.size), free: fmtNumber(g.free), state,
  });
}

// Free places in a form's live groups.
export function freeInGroups(f) {
  return (f.live_groups || []).reduce((n, g) => n + Math.max(0, g.free), 0);
}

function capacityText(f) {
  return t('forms.capacity', { groups: fmtNumber(f.groups), size: fmtNumber(f.size), needed: fmtNumber(f.needed) });
}

// The forms of rotation within the place overview's filters (query()
// gives specialty, from and to), as a paged list; list.first() after the
// filters change.
export function formsOverview(query, { unitColumn = true } = {}) {
  const list = pagedList({
    label: t('forms.title'),
    path: '/forms',
    query,
    limit: 20,
    count: (n) => tn('forms.count', n),
    empty: t('forms.none'),
    tableClass: 'table table-forms',
    rowAttrs: (f) => ({ dataset: { form: f.id, kind: f.kind, free: String(freeInGroups(f)) } }),
    columns: [
      unitColumn ? { label: t('forms.unit'), cell: (f) => h('a', { href: `#/enheter/${f.unit.id}` }, f.unit.name) } : null,
      { label: t('forms.kind'), cell: (f) => [vocab('formkind', f.kind), f.note ? h('span', { class: 'unit-meta' }, f.note) : null] },
      { label: t('forms.weeks'), cell: (f) => weeksText(f.from_week, f.to_week), num: true },
      { label: t('forms.capacity.head'), cell: capacityText },
      {
        label: t('forms.groups'),
        cell: (f) => (f.live_groups.length
          ? h('ul', { class: 'plain-list' }, f.live_groups.map((g) => h('li', { dataset: { group: g.id } }, groupText(f, g))))
          : t('forms.groups.none')),
      },
      { label: t('forms.free'), cell: (f) => fmtNumber(freeInGroups(f)), num: true },
    ].filter(Boolean),
  });
  return list;
}

// The section of the place overview: the list and a line on what it is.
export function formsSection(query) {
  const list = formsOverview(query);
  const el = section(t('forms.title'), h('p', { class: 'hint' }, t('forms.lead')), list.el);
  el.classList.add('forms-section');
  return { el, list };
}

// The choice of a form when a place at unit is requested: a select of
// "an ordinary seat", a new group of each form, or a live group with a
// free place (whose weeks and pattern are then fixed: onPick gets them).
// Returns { el, select, value() → form_id or null, load(week) }.
export function groupChoice(unit, onPick) {
  const sel = h('select', { name: 'form_id', 'data-field': 'form_id' });
  const info = h('p', { class: 'hint group-info', id: nextId('hint'), 'aria-live': 'polite' });
  sel.setAttribute('aria-describedby', info.id);
  const wrap = h('div', { class: 'group-choice', hidden: true }, field(t('forms.choose'), sel), info);
  let forms = [];
  const pick = () => {
    const [kind, fid, gid] = sel.value.split(':');
    const f = forms.find((x) => String(x.id) === fid);
    const g = f && kind === 'g' ? f.live_groups.find((x) => String(x.id) === gid) : null;
    if (g) info.textContent = t('forms.fixed', { weeks: weeksText(g.start_week, g.end_week), pattern: vocab('pattern', g.pattern) });
    else if (f) info.textContent = t('forms.new_group', { weeks: weeksText(f.from_week, f.to_week), needed: fmtNumber(f.needed) });
    else info.textContent = '';
    onPick(g ? { start_week: g.start_week, pattern: g.pattern } : null);
  };
  sel.addEventListener('change', pick);
  async function load(week) {
    try {
      const page = await api.get('/forms', { unit: unit.id, from: week, limit: 50 });
      forms = page.items.filter((f) => f.to_week >= week);
    } catch {
      forms = [];
    }
    sel.replaceChildren(h('option', { value: '' }, t('forms.ordinary')),
      ...forms.map((f) => h('optgroup', { label: `${vocab('formkind', f.kind)} · ${weeksText(f.from_week, f.to_week)}` },
        h('option', { value: `f:${f.id}` }, t('forms.open_new', { kind: vocab('formkind', f.kind) })),
        f.live_groups.filter((g) => g.free > 0 && g.end_week >= week).map((g) => h('option', { value: `g:${f.id}:${g.id}` },
          t('forms.join', { weeks: weeksText(g.start_week, g.end_week), free: fmtNumber(g.free), size: fmtNumber(f.size) }))))));
    wrap.hidden = forms.length === 0;
    pick();
  }
  return {
    el: wrap,
    select: sel,
    value: () => (sel.value ? Number(sel.value.split(':')[1]) : null),
    load,
  };
}

// ---- a unit's placement rules ----

const RULES = ['min_weeks', 'max_weeks', 'max_trainees'];

function ruleValue(v, unitKey) {
  return v == null ? t('forms.rules.none') : t(unitKey, { n: fmtNumber(v) });
}

const RULE_UNIT = { min_weeks: 'forms.rules.weeks_n', max_weeks: 'forms.rules.weeks_n', max_trainees: 'forms.rules.trainees_n' };

// The section of the unit page: the unit's own rules and those in force
// (a training node's are never looser than 1–3 trainees, 4–13 weeks);
// editable when editable.
export function rulesSection(unit, editable) {
  const slot = h('div', { class: 'rules-slot' }, loading());
  const el = section(t('forms.rules.title'), h('p', { class: 'hint' }, t('forms.rules.lead')), slot);
  el.classList.add('rules-section');
  let rules = null;

  function table() {
    return h('table', { class: 'table table-rules' },
      h('caption', null, t('forms.rules.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('forms.rules.rule')),
        h('th', { scope: 'col' }, t('forms.rules.own')),
        h('th', { scope: 'col' }, t('forms.rules.effective')))),
      h('tbody', null, RULES.map((k) => h('tr', { dataset: { rule: k } },
        h('th', { scope: 'row' }, t(`forms.rules.${k}`)),
        h('td', { class: 'num' }, ruleValue(rules[k], RULE_UNIT[k])),
        h('td', { class: 'num', dataset: { effective: String(rules.effective[k] ?? '') } }, ruleValue(rules.effective[k], RULE_UNIT[k]))))));
  }

  function draw() {
    const edit = editable ? h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit-rules' }, t('forms.rules.edit')) : null;
    if (edit) edit.addEventListener('click', editForm);
    replace(slot,
      rules.training_node ? h('p', { class: 'notice' }, t('forms.rules.node')) : null,
      table(),
      edit);
  }

  function editForm() {
    const inputs = RULES.map((k) => h('input', {
      type: 'number', min: '1', max: k === 'max_trainees' ? '1000' : '208', step: '1', name: k, 'data-field': k,
      class: 'input-narrow', value: rules[k] == null ? '' : String(rules[k]),
    }));
    const errSlot = h('div', { class: 'form-error' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
    const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
    const form = h('form', { class: 'rules-form', novalidate: true, 'aria-label': t('forms.rules.edit') },
      h('div', { class: 'field-row' }, RULES.map((k, i) => field(t(`forms.rules.${k}`), inputs[i], { hint: t('forms.rules.empty_hint') }))),
      errSlot,
      h('div', { class: 'form-actions' }, save, cancel));
    cancel.addEventListener('click', () => {
      draw();
      slot.querySelector('[data-action="edit-rules"]')?.focus();
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form, errSlot);
      const body = {};
      for (let i = 0; i < RULES.length; i++) {
        const v = inputs[i].value.trim();
        if (v !== '' && !/^\d+$/.test(v)) {
          showFieldError(form, errSlot, { field: RULES[i], message: t('forms.rules.whole') });
          return;
        }
        body[RULES[i]] = v === '' ? null : Number(v);
      }
      save.disabled = true;
      try {
        rules = await api.put(`/units/${unit.id}/rules`, body);
        draw();
        notify(t('forms.rules.saved'));
        slot.querySelector('[data-action="edit-rules"]')?.focus();
      } catch (e) {
        save.disabled = false;
        showFieldError(form, errSlot, localError(e));
      }
    });
    replace(slot, form);
    inputs[0].focus();
  }

  (async () => {
    try {
      rules = await api.get(`/units/${unit.id}/rules`);
      draw();
    } catch (e) {
      replace(slot, errorBox(e));
    }
  })();
  return el;
}

// The forms of one unit, for its page.
export function unitFormsSection(unit) {
  const list = formsOverview(() => ({ unit: unit.id }), { unitColumn: false });
  const el = section(t('forms.unit.title'), list.el);
  el.classList.add('unit-forms-section');
  list.load();
  return el;
}

