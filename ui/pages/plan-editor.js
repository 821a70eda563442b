// The plan editor on a trainee's page, for the trainee, the handledare and
// whoever else keeps the plan (plan.write): the activities with the goals
// each serves, the track (ledarskaps-ST, forsknings-ST) and the note, and
// for a studierektor the substitutes, activities that replace part of a
// rotation. Every change of the plan starts a draft that the three
// approvers approve again; the server answers a wrong field by name and
// the form shows the message at that field.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, vocab, fmtWeeks, fmtDateTime, fmtNumber, compareText } from '../i18n.js';
import {
  section, errorBox, loading, field, select, weekInput, notify, showFieldError, clearFieldErrors,
} from '../components.js';
import { pagedList, pageOf } from '../list.js';
import { isWeek, weeksBetween } from '../weeks.js';
import { GROUPS, compareGoals, goalTitle } from '../goals.js';
import { activityText, activityWeeks, needText } from './plan.js';

// The kinds as the certificates name them, in that order.
export const KINDS = ['clinical', 'auskultation', 'course', 'seminar', 'simulation', 'written_work', 'quality_work'];
const ACT_STATES = ['planned', 'in_progress', 'done'];
const TRACKS = ['none', 'leadership', 'research'];
const LIMIT = 25;

// ---- activities ----

export function activitiesSection(ctx) {
  const write = ctx.may('plan.write');
  const holder = h('div', null, loading());
  const addSlot = h('div', { class: 'activity-add' });
  const el = section(t('activities.title'),
    h('p', { class: 'hint' }, write ? t('activities.lead.write') : t('activities.lead')),
    addSlot, holder);
  el.classList.add('plan-activities');
  el.id = 'aktiviteter';

  const sorted = () => (ctx.plan ? [...ctx.plan.activities] : [])
    .sort((a, b) => compareText(a.from || '9999', b.from || '9999') || compareText(a.title, b.title));
  const headers = [t('activity.kind'), t('activity.title'), t('activity.weeks'), t('activity.status'), t('activity.goals')];
  if (write) headers.push(t('activity.actions'));
  const list = pagedList({
    label: t('activities.title'),
    fetch: async (offset, limit) => pageOf(sorted(), offset, limit),
    limit: LIMIT,
    count: (n) => (n === 1 ? t('activities.count_1') : t('activities.count', { n: fmtNumber(n) })),
    empty: t('activities.none'),
    tableClass: 'table table-activities',
    columns: headers.map((label) => ({ label })),
    row: (a) => activityRow(ctx, a, write, headers.length),
  });

  if (write) {
    const open = h('button', { type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', dataset: { action: 'add-activity', focus: 'add-activity' } },
      h('span', { 'aria-hidden': 'true' }, '+ '), t('activity.add'));
    const formSlot = h('div', { class: 'activity-form-slot', hidden: true });
    const close = () => {
      formSlot.hidden = true;
      formSlot.replaceChildren();
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    };
    open.addEventListener('click', () => {
      if (!formSlot.hidden) {
        close();
        return;
      }
      const form = activityForm(ctx, null, {
        async onSaved(a) {
          notify(t('activity.added', { title: a.title }));
          formSlot.hidden = true;
          formSlot.replaceChildren();
          open.setAttribute('aria-expanded', 'false');
          await ctx.reload();
          const row = document.querySelector(`tr[data-activity="${a.id}"]`);
          (row ? row.querySelector('button') : open)?.focus();
        },
        onCancel: close,
      });
      replace(formSlot, form);
      formSlot.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      form.querySelector('select, input').focus();
    });
    addSlot.append(h('div', { class: 'actions' }, open), formSlot);
  }

  ctx.add('activities', {
    draw() {
      if (ctx.error || !ctx.plan) {
        replace(holder, ctx.error ? errorBox(ctx.error) : loading());
        return null;
      }
      if (list.el.parentNode !== holder) replace(holder, list.el);
      return list.load();
    },
  });
  return el;
}

function activityRow(ctx, a, write, cols) {
  const codes = a.goal_ids.map((gid) => ctx.goal(gid)).filter(Boolean).sort(compareGoals);
  const need = a.need_id ? ctx.need(a.need_id) : null;
  const tr = h('tr', { dataset: { activity: a.id, status: a.status, kind: a.kind } },
    h('td', null, vocab('activity_kind', a.kind)),
    h('td', null, h('span', { class: 'activity-title' }, a.title),
      need ? h('span', { class: 'unit-meta' }, `${t('activity.need')}: ${needText(need)}`) : null),
    h('td', { class: 'num' }, activityWeeks(a)),
    h('td', null, h('span', { class: ['badge', `act-${a.status}`] }, vocab('activity_status', a.status))),
    h('td', null, codes.length
      ? h('ul', { class: 'plain-list goal-codes' }, codes.map((g) => h('li', null, h('span', { title: g.title }, g.code), h('span', { class: 'visually-hidden' }, ` ${g.title}`))))
      : h('span', { class: 'muted' }, t('common.none'))));
  if (!write) return tr;

  const edit = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'edit', focus: `edit-activity-${a.id}` }, 'aria-label': `${t('common.edit')}: ${a.title}` }, t('common.edit'));
  const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'delete', focus: `delete-activity-${a.id}` }, 'aria-label': `${t('common.delete')}: ${a.title}` }, t('common.delete'));
  const errSlot = h('div', { class: 'action-error' });
  tr.append(h('td', null, h('div', { class: 'actions' }, edit, remove), errSlot));

  edit.addEventListener('click', () => {
    const editor = h('tr', { class: 'row-editor', dataset: { editor: a.id } });
    const form = activityForm(ctx, a, {
      async onSaved(saved) {
        notify(t('activity.saved', { title: saved.title }));
        await ctx.reload();
        document.querySelector(`[data-focus="edit-activity-${a.id}"]`)?.focus();
      },
      onCancel() {
        editor.replaceWith(tr);
        edit.focus();
      },
    });
    editor.append(h('td', { colspan: String(cols) }, form));
    tr.replaceWith(editor);
    form.querySelector('select, input').focus();
  });
  remove.addEventListener('click', async () => {
    if (remove.dataset.armed !== 'true') {
      remove.dataset.armed = 'true';
      remove.textContent = t('common.confirm_delete');
      remove.classList.add('btn-danger');
      remove.setAttribute('aria-label', `${t('common.confirm_delete')}: ${a.title}`);
      return;
    }
    remove.disabled = true;
    try {
      await api.del(`/activities/${a.id}`);
      notify(t('activity.deleted', { title: a.title }));
      await ctx.reload();
      document.querySelector('[data-focus="add-activity"]')?.focus();
    } catch (e) {
      remove.disabled = false;
      replace(errSlot, errorBox(e));
    }
  });
  return tr;
}

// The form of one activity (a, or a new one): kind, title, weeks, state,
// the rotation need of clinical service, and the goals it serves.
function activityForm(ctx, a, { onSaved, onCancel }) {
  const p = ctx.plan;
  const kind = select(KINDS.map((k) => ({ value: k, label: vocab('activity_kind', k) })), a ? a.kind : 'course', { name: 'kind', 'data-field': 'kind' });
  const title = h('input', { type: 'text', name: 'title', 'data-field': 'title', maxlength: '200', required: true, autocomplete: 'off', value: a ? a.title : '' });
  const from = weekInput(a ? a.from : '', { name: 'from', 'data-field': 'from' });
  const to = weekInput(a ? a.to : '', { name: 'to', 'data-field': 'to' });
  const status = select(ACT_STATES.map((s) => ({ value: s, label: vocab('activity_status', s) })), a ? a.status : 'planned', { name: 'status', 'data-field': 'status' });
  const needs = [...p.needs].sort((x, y) => compareText(x.preferred_start || '9999', y.preferred_start || '9999'));
  const need = select([{ value: '', label: t('activity.need.home') }, ...needs.map((n) => ({ value: n.id, label: needText(n) }))],
    a && a.need_id ? a.need_id : '', { name: 'need_id', 'data-field': 'need_id' });
  const needField = field(t('activity.need'), need, { hint: t('activity.need.hint') });
  const showNeed = () => { needField.hidden = kind.value !== 'clinical'; };
  kind.addEventListener('change', showNeed);
  showNeed();
  const goals = goalPicker(p.goals, a ? a.goal_ids : []);
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, a ? t('common.save') : t('activity.add.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const headId = nextId('actf');
  const form = h('form', { class: 'activity-form', novalidate: true, 'aria-labelledby': headId, dataset: { activityForm: a ? a.id : 'new' } },
    h('h3', { id: headId }, a ? t('activity.edit_title', { title: a.title }) : t('activity.add')),
    h('div', { class: 'field-row' },
      field(t('activity.kind'), kind),
      field(t('activity.title'), title, { className: 'field-grow' })),
    h('div', { class: 'field-row' },
      field(t('activity.from'), from, { hint: t('activity.weeks.hint') }),
      field(t('activity.to'), to),
      field(t('activity.status'), status),
      needField),
    goals.el,
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', onCancel);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {
      kind: kind.value,
      title: title.value.trim(),
      from: from.value || null,
      to: to.value || null,
      status: status.value,
      need_id: kind.value === 'clinical' && need.value ? Number(need.value) : null,
      goal_ids: goals.read(),
    };
    let bad = null;
    if (!body.title) bad = { field: 'title', message: t('error.required') };
    else if (body.from && !isWeek(body.from)) bad = { field: 'from', message: t('error.week_format') };
    else if (body.to && !isWeek(body.to)) bad = { field: 'to', message: t('error.week_format') };
    else if (body.from && body.to && weeksBetween(body.from, body.to) < 0) bad = { field: 'to', message: t('error.week_order') };
    if (bad) {
      showFieldError(form, errSlot, bad);
      return;
    }
    submit.disabled = true;
    try {
      const saved = a
        ? await api.patch(`/activities/${a.id}`, body)
        : await api.post('/activities', { trainee_id: ctx.trainee.id, ...body });
      await onSaved(saved);
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return form;
}

// The goals of the checklist as checkboxes by group, with a filter on
// code and title; read() gives the chosen ids.
export function goalPicker(goals, chosen, { legend, name = 'goal_ids' } = {}) {
  const picked = new Set(chosen);
  const legendId = nextId('gl');
  const filterId = nextId('gf');
  const filter = h('input', { type: 'search', id: filterId, autocomplete: 'off', class: 'goal-filter' });
  const count = h('p', { class: 'hint goal-picked', 'aria-live': 'polite' });
  const boxes = [];
  const groups = GROUPS.map((grp) => {
    const items = goals.filter((g) => g.group === grp).sort(compareGoals);
    if (!items.length) return null;
    const gl = nextId('gg');
    return h('fieldset', { class: 'goal-checks', 'aria-labelledby': gl, dataset: { group: grp } },
      h('legend', { id: gl }, vocab('goal_group', grp)),
      items.map((g) => {
        const box = h('input', { type: 'checkbox', value: String(g.id), checked: picked.has(g.id), name, dataset: { code: g.code } });
        box.addEventListener('change', updateCount);
        const label = h('label', { class: 'check goal-check', dataset: { text: `${g.code} ${g.title}`.toLowerCase() } },
          box, h('span', null, h('strong', null, g.code), ' ', goalTitle(g)));
        boxes.push({ box, label });
        return label;
      }));
  });
  const el = h('fieldset', { class: 'checks goal-picker', 'data-field': name, tabindex: '-1', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, legend || t('activity.goals.legend')),
    h('div', { class: 'field field-inline goal-filter-field' },
      h('label', { for: filterId }, t('activity.goals.filter')), filter),
    count,
    h('div', { class: 'goal-scroll' }, groups));
  // Enter in the filter filters; it does not send the form around it.
  filter.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') ev.preventDefault();
  });
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const { label } of boxes) label.hidden = Boolean(q) && !label.dataset.text.includes(q);
    for (const fs of el.querySelectorAll('fieldset.goal-checks')) {
      fs.hidden = [...fs.querySelectorAll('label.goal-check')].every((l) => l.hidden);
    }
  });
  function updateCount() {
    const n = boxes.filter((b) => b.box.checked).length;
    count.textContent = n === 1 ? t('activity.goals.chosen_1') : t('activity.goals.chosen', { n });
  }
  updateCount();
  return { el, read: () => boxes.filter((b) => b.box.checked).map((b) => Number(b.box.value)) };
}

// ---- the track and the note ----

export function trackSection(ctx) {
  const slot = h('div', null, loading());
  const el = section(t('plan.track_note'), slot);
  el.classList.add('plan-track');
  ctx.add('track', {
    draw() {
      if (ctx.error || !ctx.plan) {
        replace(slot, ctx.error ? errorBox(ctx.error) : loading());
        return;
      }
      replace(slot, trackForm(ctx));
    },
  });
  return el;
}

function trackForm(ctx) {
  const v = ctx.plan.plan;
  const write = ctx.may('plan.write');
  if (!write) {
    return h('dl', { class: 'facts' },
      h('div', null, h('dt', null, t('plan.track')), h('dd', null, vocab('track', v ? v.track : 'none'))),
      h('div', null, h('dt', null, t('plan.note')), h('dd', null, v && v.note ? v.note : t('common.none'))));
  }
  const track = select(TRACKS.map((x) => ({ value: x, label: vocab('track', x) })), v ? v.track : 'none', { name: 'track', 'data-field': 'track' });
  const note = h('textarea', { name: 'note', 'data-field': 'note', rows: '3', maxlength: '2000' });
  note.value = v ? v.note : '';
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', dataset: { focus: 'track-save' } }, t('common.save'));
  const form = h('form', { class: 'track-form', novalidate: true },
    h('div', { class: 'field-row' },
      field(t('plan.track'), track, { hint: t('plan.track.hint') }),
      field(t('plan.note'), note, { className: 'field-grow', hint: t('plan.note.hint') })),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    submit.disabled = true;
    try {
      const plan = await api.patch(`/trainees/${ctx.trainee.id}/plan`, { track: track.value, note: note.value });
      notify(t('plan.track.saved'));
      await ctx.set(plan);
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return form;
}

// ---- substitutes ----

export function substitutesSection(ctx) {
  const holder = h('div', null, loading());
  const formSlot = h('div');
  const el = section(t('subst.title'), h('p', { class: 'hint' }, t('subst.lead')), holder, formSlot);
  el.classList.add('plan-substitutes');
  const write = ctx.may('substitute.write');
  const headers = [t('subst.activity'), t('subst.need'), t('subst.weeks'), t('subst.reason'), t('subst.agreed')];
  if (write) headers.push(t('subst.actions'));
  const list = pagedList({
    label: t('subst.title'),
    fetch: async (offset, limit) => pageOf(ctx.plan ? ctx.plan.substitutes : [], offset, limit),
    limit: LIMIT,
    empty: t('subst.none'),
    tableClass: 'table table-substitutes',
    columns: headers.map((label) => ({ label })),
    row: (x) => substituteRow(ctx, x, write),
  });
  ctx.add('substitutes', {
    draw() {
      if (ctx.error || !ctx.plan) {
        replace(holder, ctx.error ? errorBox(ctx.error) : loading());
        return null;
      }
      if (list.el.parentNode !== holder) replace(holder, list.el);
      replace(formSlot, write ? substituteForm(ctx) : null);
      return list.load();
    },
  });
  return el;
}

function substituteRow(ctx, x, write) {
  const a = ctx.activity(x.activity_id);
  const n = ctx.need(x.need_id);
  const tr = h('tr', { dataset: { substitute: x.id } },
    h('td', null, a ? activityText(a) : `#${x.activity_id}`),
    h('td', null, n ? needText(n) : `#${x.need_id}`),
    h('td', { class: 'num' }, fmtWeeks(x.weeks_saved)),
    h('td', null, x.reason),
    h('td', null, x.agreed_by.name, h('br'), h('span', { class: 'muted num' }, fmtDateTime(x.agreed_at))));
  if (!write) return tr;
  const withdraw = h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'withdraw' }, 'aria-label': `${t('subst.withdraw')}: ${a ? a.title : x.activity_id}` }, t('subst.withdraw'));
  const errSlot = h('div', { class: 'action-error' });
  withdraw.addEventListener('click', async () => {
    if (withdraw.dataset.armed !== 'true') {
      withdraw.dataset.armed = 'true';
      withdraw.textContent = t('subst.withdraw.confirm');
      withdraw.classList.add('btn-danger');
      return;
    }
    withdraw.disabled = true;
    try {
      await api.del(`/substitutes/${x.id}`);
      notify(t('subst.withdrawn'));
      await ctx.reload();
      document.querySelector('[data-focus="subst-activity"]')?.focus();
    } catch (e) {
      withdraw.disabled = false;
      replace(errSlot, errorBox(e));
    }
  });
  tr.append(h('td', null, withdraw, errSlot));
  return tr;
}

// A new substitute: an activity other than clinical service, an open
// rotation need, the weeks it saves and why.
function substituteForm(ctx) {
  const p = ctx.plan;
  const acts = p.activities.filter((a) => a.kind !== 'clinical');
  const open = p.needs.filter((n) => n.status === 'open');
  const headId = nextId('sub');
  if (!acts.length || !open.length) {
    return h('div', { class: 'add-form' }, h('h3', { id: headId }, t('subst.add')),
      h('p', { class: 'empty' }, !acts.length ? t('subst.no_activities') : t('subst.no_needs')));
  }
  const activity = select([{ value: '', label: t('subst.choose_activity') }, ...acts.map((a) => ({ value: a.id, label: `${activityText(a)} (${activityWeeks(a)})` }))],
    '', { name: 'activity_id', 'data-field': 'activity_id', dataset: { focus: 'subst-activity' }, required: true });
  const need = select([{ value: '', label: t('subst.choose_need') }, ...open.map((n) => ({ value: n.id, label: needText(n) }))],
    '', { name: 'need_id', 'data-field': 'need_id', required: true });
  const weeks = h('input', { type: 'number', name: 'weeks_saved', 'data-field': 'weeks_saved', min: '1', max: '104', step: '1', value: '1', class: 'input-narrow', required: true });
  const reason = h('input', { type: 'text', name: 'reason', 'data-field': 'reason', maxlength: '500', autocomplete: 'off', required: true });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('subst.add.submit'));
  const form = h('form', { class: 'add-form subst-form', novalidate: true, 'aria-labelledby': headId },
    h('h3', { id: headId }, t('subst.add')),
    h('div', { class: 'field-row' },
      field(t('subst.activity'), activity),
      field(t('subst.need'), need),
      field(t('subst.weeks'), weeks),
      field(t('subst.reason'), reason, { className: 'field-grow' })),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {
      activity_id: Number(activity.value), need_id: Number(need.value), weeks_saved: Number(weeks.value), reason: reason.value.trim(),
    };
    let bad = null;
    if (!body.activity_id) bad = { field: 'activity_id', message: t('error.required') };
    else if (!body.need_id) bad = { field: 'need_id', message: t('error.required') };
    else if (!Number.isInteger(body.weeks_saved) || body.weeks_saved < 1) bad = { field: 'weeks_saved', message: t('subst.weeks.bad') };
    else if (!body.reason) bad = { field: 'reason', message: t('error.required') };
    if (bad) {
      showFieldError(form, errSlot, bad);
      return;
    }
    submit.disabled = true;
    try {
      await api.post('/substitutes', body);
      notify(t('subst.added', { weeks: fmtWeeks(body.weeks_saved) }));
      await ctx.reload();
      document.querySelector('[data-focus="subst-activity"]')?.focus();
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return form;
}
