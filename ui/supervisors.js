// Supervisors (handledare) as every page shows them: the flag of one
// without handledarutbildning (in words, not colour alone), their training
// as a date or that flag, a link to their page, and the control that
// appoints one (the huvudhandledare of a trainee, the handledare of a
// rotation) among those the page offers.

import { h } from './dom.js';
import { t, fmtDate, compareText } from './i18n.js';
import { errorBox, field, select, showFieldError, clearFieldErrors, loading } from './components.js';
import { can } from './session.js';

// The flag of a supervisor without handledarutbildning, or null.
export function untrainedFlag(sv) {
  if (!sv || sv.trained) return null;
  return h('span', { class: 'badge badge-warn flag-untrained', dataset: { untrained: 'true' } },
    h('span', { 'aria-hidden': 'true' }, '⚠ '), t('supervisor.untrained'));
}

// When they took handledarutbildning, or the flag.
export function trainingCell(sv) {
  return sv.trained ? h('span', { class: 'num', dataset: { trained: sv.trained_on } }, fmtDate(sv.trained_on)) : untrainedFlag(sv);
}

// The supervisor's name: a link to their page for those who read
// supervisors, else the name.
export function supervisorLink(sv) {
  return can('supervisor.read')
    ? h('a', { href: `#/handledare/${sv.id}`, dataset: { supervisor: sv.id } }, sv.name)
    : h('span', { dataset: { supervisor: sv.id } }, sv.name);
}

// The name, the unit and the flag, for a page's facts.
export function supervisorSummary(sv, { unit = true } = {}) {
  if (!sv) return h('span', { class: 'muted', dataset: { supervisor: '' } }, t('supervisor.none'));
  return h('span', { class: 'supervisor-summary' },
    supervisorLink(sv),
    unit && sv.unit ? h('span', { class: 'unit-meta' }, sv.unit.name) : null,
    sv.trained ? null : [' ', untrainedFlag(sv)]);
}

// "Leyla Lundin – saknar handledarutbildning": a supervisor as an option.
function optionLabel(sv) {
  return sv.trained ? sv.name : `${sv.name} – ${t('supervisor.untrained.short')}`;
}

// Options for a select of supervisors: those of unitId first, the others
// grouped by their unit.
export function supervisorOptions(list, unitId) {
  const byName = (a, b) => compareText(a.name, b.name);
  const here = list.filter((sv) => sv.unit && sv.unit.id === unitId).sort(byName);
  const groups = new Map();
  for (const sv of list) {
    if (sv.unit && sv.unit.id === unitId) continue;
    const key = sv.unit ? sv.unit.name : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(sv);
  }
  const opt = (sv) => ({ value: sv.id, label: optionLabel(sv) });
  const out = [];
  if (here.length) out.push({ group: here[0].unit.name, options: here.map(opt) });
  for (const [name, items] of [...groups.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    out.push({ group: name || t('common.none'), options: items.sort(byName).map(opt) });
  }
  return out;
}

// A button that opens a form to appoint a supervisor: choices() resolves
// to the supervisors to choose among, save(id or null) writes the choice
// and resolves when the page shows it. An error the server names at
// supervisor_id shows at the select.
export function appointControl({ current, unitId, label, choices, save, action }) {
  const open = h('button', {
    type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action },
  }, current ? t('supervisor.appoint.change') : t('supervisor.appoint.new'));
  const slot = h('div', { class: 'appoint-slot', hidden: true });
  const box = h('div', { class: 'appoint' }, open, slot);
  const close = () => {
    slot.hidden = true;
    slot.replaceChildren();
    open.setAttribute('aria-expanded', 'false');
  };
  open.addEventListener('click', async () => {
    if (!slot.hidden) {
      close();
      open.focus();
      return;
    }
    slot.hidden = false;
    open.setAttribute('aria-expanded', 'true');
    slot.replaceChildren(loading());
    let list;
    try {
      list = await choices();
    } catch (e) {
      slot.replaceChildren(errorBox(e));
      return;
    }
    const sel = select([{ value: '', label: t('supervisor.appoint.none') }, ...supervisorOptions(list, unitId)],
      current ? current.id : '', { name: 'supervisor_id', 'data-field': 'supervisor_id' });
    const errSlot = h('div', { class: 'form-error' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('supervisor.appoint.save'));
    const cancel = h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel'));
    const form = h('form', { class: 'appoint-form', novalidate: true },
      field(label, sel, { hint: list.length ? t('supervisor.appoint.hint') : t('supervisor.appoint.empty') }),
      errSlot,
      h('div', { class: 'form-actions' }, submit, cancel));
    cancel.addEventListener('click', () => {
      close();
      open.focus();
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form, errSlot);
      submit.disabled = true;
      try {
        await save(sel.value ? Number(sel.value) : null);
      } catch (e) {
        submit.disabled = false;
        showFieldError(form, errSlot, e);
      }
    });
    slot.replaceChildren(form);
    sel.focus();
  });
  return box;
}
