// The education plan (utbildningsplan) on a trainee's page: its version,
// state and three approvals, the deadlines, the ST contract, and the
// checklist of goals. The editor (activities, track and note,
// substitutes) is in plan-editor.js, the history in plan-history.js.
//
// planController(trainee, may) holds the plan the server last answered
// and the parts that draw it; a part redraws when a write changes the plan
// (the server answers each write with the whole plan, or the page reads it
// again), and the control that had the focus (data-focus) keeps it.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, vocab, fmtDate, fmtDateTime, fmtWeek, fmtWeeks, fmtNumber, specialtyName } from '../i18n.js';
import {
  section, errorBox, loading, empty, table, field, notify, select, showFieldError, clearFieldErrors,
} from '../components.js';
import { pagedList, pageOf } from '../list.js';
import { GROUPS, compareGoals, goalTitle, goalStateBadge } from '../goals.js';

const APPROVERS = ['unit_head', 'supervisor', 'director'];
// The states a plan writer sets; certifying is the handledare's own action.
const SETTABLE = ['planned', 'in_progress', 'met'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const CHECKLIST_LIMIT = 100;

export function planController(trainee, may) {
  const id = trainee.id;
  const ctx = {
    trainee,
    may,
    plan: null,
    error: null,
    flash: null,
    parts: new Map(),
    // Reads the plan again and redraws the parts (all, or those named).
    async reload(names) {
      try {
        ctx.plan = await api.get(`/trainees/${id}/plan`);
        ctx.error = null;
      } catch (e) {
        ctx.error = e;
      }
      return ctx.redraw(names);
    },
    // Takes the plan a write answered and redraws the parts.
    set(plan, names) {
      ctx.plan = plan;
      ctx.error = null;
      return ctx.redraw(names);
    },
    async redraw(names) {
      const active = document.activeElement;
      const key = active && active.closest ? active.closest('[data-focus]')?.dataset.focus : null;
      const drawn = [];
      for (const [name, part] of ctx.parts) if (!names || names.includes(name)) drawn.push(part.draw());
      await Promise.all(drawn);
      if (key && (!document.activeElement || document.activeElement === document.body)) {
        const again = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
        if (again) again.focus();
      }
    },
    add(name, part) {
      ctx.parts.set(name, part);
      return part;
    },
    goal: (gid) => (ctx.plan ? ctx.plan.goals.find((g) => g.id === gid) : null),
    activity: (aid) => (ctx.plan ? ctx.plan.activities.find((a) => a.id === aid) : null),
    need: (nid) => (ctx.plan ? ctx.plan.needs.find((n) => n.id === nid) : null),
  };
  return ctx;
}

// "Neurologi, 6 veckor, start v. 43 2025" for a rotation need of the plan.
export function needText(n) {
  const sp = n.specialty ? specialtyName(n.specialty) : t('common.none');
  const start = n.preferred_start ? `, ${t('plan.need.starts', { week: fmtWeek(n.preferred_start) })}` : '';
  return `${sp}, ${fmtWeeks(n.weeks)}${start}`;
}

// "Kurs: Kurs i etik".
export function activityText(a) {
  return `${vocab('activity_kind', a.kind)}: ${a.title}`;
}

// "v. 44 2023 – v. 46 2023", one week alone, or none.
export function activityWeeks(a) {
  if (!a.from && !a.to) return t('common.none');
  if (a.from === a.to || !a.to) return fmtWeek(a.from);
  if (!a.from) return fmtWeek(a.to);
  return `${fmtWeek(a.from)} – ${fmtWeek(a.to)}`;
}

// ---- the plan: version, state, approvals, deadlines, contract ----

export function overviewSection(ctx) {
  const slot = h('div', { class: 'plan-overview' }, loading());
  const el = section(t('plan.title'), slot);
  el.id = 'utbildningsplan';
  el.classList.add('plan-section');
  ctx.add('overview', { draw: () => drawOverview(ctx, slot) });
  return el;
}

function drawOverview(ctx, slot) {
  if (ctx.error) {
    replace(slot, errorBox(ctx.error));
    return;
  }
  if (!ctx.plan) {
    replace(slot, loading());
    return;
  }
  const p = ctx.plan;
  const v = p.plan;
  const flash = ctx.flash;
  ctx.flash = null;
  const flashEl = flash
    ? h('div', { class: ['notice', flash.kind === 'warn' ? 'notice-warn' : 'notice-ok'], role: flash.kind === 'warn' ? 'alert' : 'status', tabindex: '-1', dataset: { flash: flash.code || '' } },
      flash.text)
    : null;
  const head = v
    ? h('p', { class: 'plan-state', dataset: { version: v.version, status: v.status } },
      h('span', { class: 'plan-version' }, t('plan.version', { n: v.version })), ' ',
      h('span', { class: ['badge', `plan-status-${v.status}`], dataset: { status: v.status } }, vocab('plan_state', v.status)),
      ' ',
      h('span', { class: 'muted' }, v.status === 'approved' || v.status === 'superseded'
        ? t('plan.approved_on', { date: fmtDate(v.approved_at) })
        : t('plan.draft_since', { date: fmtDate(v.created_at) })))
    : h('p', { class: 'plan-state', dataset: { version: '0', status: 'none' } }, t('plan.none'));
  const facts = h('dl', { class: 'facts plan-facts-list' },
    item(t('plan.track'), vocab('track', v ? v.track : 'none')),
    item(t('plan.projected'), h('strong', { dataset: { field: 'projected_completion' } }, fmtDate(p.projected_completion))),
    item(t('plan.weeks_saved'), h('span', { dataset: { field: 'weeks_saved' } }, fmtWeeks(p.weeks_saved || 0))),
    p.unplaced_weeks != null ? item(t('plan.unplaced_weeks'), fmtWeeks(p.unplaced_weeks)) : null,
    v && v.note ? item(t('plan.note'), h('span', { class: 'plan-note' }, v.note)) : null);
  replace(slot,
    flashEl,
    head,
    facts,
    approvals(ctx),
    deadlines(ctx),
    contract(ctx));
  if (flashEl && flash.focus) flashEl.focus();
}

function item(label, value) {
  return h('div', null, h('dt', null, label), h('dd', null, value ?? t('common.none')));
}

// The three approvals of the version, and a button for each role the user
// approves the draft in.
function approvals(ctx) {
  const v = ctx.plan.plan;
  const headId = nextId('appr');
  const errSlot = h('div', { class: 'action-error' });
  const acting = Boolean(v && v.status === 'draft' && APPROVERS.some((role) => !v.approvals[role] && ctx.may('plan.approve', role)));
  const rows = APPROVERS.map((role) => {
    const a = v ? v.approvals[role] : null;
    let action = null;
    if (v && v.status === 'draft' && !a && ctx.may('plan.approve', role)) {
      action = h('button', {
        type: 'button', class: 'btn btn-primary btn-small', dataset: { approve: role, focus: `approve-${role}` },
      }, t(`plan.approve_as.${role}`));
      action.addEventListener('click', () => approve(ctx, role, action, errSlot));
    }
    return h('tr', { dataset: { approver: role, given: a ? 'true' : 'false' } },
      h('th', { scope: 'row' }, vocab('approver', role)),
      h('td', null, a ? a.by.name : h('span', { class: 'muted' }, v && v.status === 'draft' ? t('plan.waiting') : t('common.none'))),
      h('td', { class: 'num' }, a ? fmtDateTime(a.at) : t('common.none')),
      acting ? h('td', null, action) : null);
  });
  return h('div', { class: 'plan-approvals' },
    h('h3', { id: headId, tabindex: '-1', dataset: { focus: 'approvals' } }, t('plan.approvals')),
    table([t('plan.approver'), t('plan.approved_by'), t('plan.approved_at'), acting ? t('plan.approve') : null].filter(Boolean), rows,
      { class: 'table table-approvals', caption: t('plan.approvals') }),
    errSlot);
}

async function approve(ctx, role, btn, errSlot) {
  btn.disabled = true;
  errSlot.replaceChildren();
  const version = ctx.plan.plan.version;
  try {
    const plan = await api.post(`/trainees/${ctx.trainee.id}/plan/approve`, { version, role });
    notify(t('plan.approved_done', { role: vocab('approver', role), n: version }));
    ctx.flash = plan.plan.status === 'approved'
      ? { kind: 'ok', code: 'approved', text: t('plan.approved_all', { n: version }) }
      : null;
    await ctx.set(plan);
    const hd = document.querySelector('[data-focus="approvals"]');
    if (hd) hd.focus();
  } catch (e) {
    if (e.status === 409) {
      // The plan changed since the page read it: show it as it is now.
      ctx.flash = { kind: 'warn', code: 'changed', focus: true, text: t('plan.changed') };
      await ctx.reload();
      return;
    }
    btn.disabled = false;
    replace(errSlot, errorBox(e));
  }
}

// The deadlines with their day and state.
function deadlines(ctx) {
  const p = ctx.plan;
  const rows = (p.deadlines || []).map((d) => {
    const n = d.need_id ? ctx.need(d.need_id) : null;
    const what = d.kind === 'booking' && n
      ? `${vocab('deadline', d.kind)}: ${needText(n)}`
      : vocab('deadline', d.kind);
    return h('tr', { dataset: { deadline: d.kind, state: d.state } },
      h('td', null, what),
      h('td', { class: 'num' }, fmtDate(d.due)),
      h('td', null, h('span', { class: ['badge', `deadline-${d.state}`] }, vocab('deadline_state', d.state)),
        d.late ? h('span', { class: 'muted' }, ` (${t('plan.deadline.late')})`) : null),
      h('td', { class: 'num' }, d.done_on ? fmtDate(d.done_on) : t('common.none')));
  });
  return h('div', { class: 'plan-deadlines' },
    h('h3', null, t('plan.deadlines')),
    rows.length
      ? table([t('plan.deadline.what'), t('plan.deadline.due'), t('plan.deadline.state'), t('plan.deadline.done')], rows,
        { class: 'table table-deadlines', caption: t('plan.deadlines') })
      : empty(t('plan.deadlines.none')));
}

// The ST contract, and for those who keep the trainee's record a form to
// record it.
function contract(ctx) {
  const c = ctx.plan.contract;
  const view = c
    ? h('dl', { class: 'facts contract-facts', dataset: { contract: 'true' } },
      item(t('contract.signed_on'), fmtDate(c.signed_on)),
      item(t('contract.employer'), c.employer),
      item(t('contract.parties'), c.parties))
    : empty(t('contract.none'));
  const box = h('div', { class: 'plan-contract' }, h('h3', null, t('contract.title')), view);
  if (!ctx.may('trainee.write')) return box;

  const signed = h('input', {
    type: 'text', name: 'signed_on', 'data-field': 'signed_on', value: c ? c.signed_on : '', placeholder: t('log.date.placeholder'),
    pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', inputmode: 'numeric', autocomplete: 'off', maxlength: '10', required: true,
  });
  const employer = h('input', { type: 'text', name: 'employer', 'data-field': 'employer', value: c ? c.employer : '', maxlength: '200', required: true });
  const parties = h('input', { type: 'text', name: 'parties', 'data-field': 'parties', value: c ? c.parties : '', maxlength: '500', required: true });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('contract.save'));
  const form = h('form', { class: 'contract-form', novalidate: true },
    h('div', { class: 'field-row' },
      field(t('contract.signed_on'), signed, { hint: t('contract.signed_on.hint') }),
      field(t('contract.employer'), employer),
      field(t('contract.parties'), parties, { className: 'field-grow' })),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  const toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action: 'contract' } },
    c ? t('contract.edit') : t('contract.record'));
  const wrap = h('div', { class: 'contract-edit', hidden: true }, form);
  toggle.addEventListener('click', () => {
    const open = wrap.hidden;
    wrap.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) signed.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = { signed_on: signed.value.trim(), employer: employer.value.trim(), parties: parties.value.trim() };
    let bad = null;
    if (!DATE_RE.test(body.signed_on)) bad = { field: 'signed_on', message: t('log.error.date') };
    else if (!body.employer) bad = { field: 'employer', message: t('error.required') };
    else if (!body.parties) bad = { field: 'parties', message: t('error.required') };
    if (bad) {
      showFieldError(form, errSlot, bad);
      return;
    }
    submit.disabled = true;
    try {
      const plan = await api.put(`/trainees/${ctx.trainee.id}/contract`, body);
      notify(t('contract.saved'));
      ctx.set(plan, ['overview']);
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  box.append(h('div', { class: 'actions' }, toggle), wrap);
  return box;
}

// ---- the checklist ----

export function checklistSection(ctx) {
  const holder = h('div', null, loading());
  const el = section(t('plan.checklist'), h('p', { class: 'hint' }, t('plan.checklist.lead')), holder);
  el.classList.add('plan-checklist');
  const goals = () => (ctx.plan ? [...ctx.plan.goals].sort(compareGoals) : []);
  const list = pagedList({
    label: t('plan.checklist'),
    fetch: async (offset, limit) => pageOf(goals(), offset, limit),
    limit: CHECKLIST_LIMIT,
    count: (n) => {
      const all = ctx.plan ? ctx.plan.goals : [];
      return t('plan.goals.count', { n: fmtNumber(n), certified: fmtNumber(all.filter((g) => g.status === 'certified').length) });
    },
    empty: t('plan.goals.none'),
    render: (items) => checklistTables(ctx, items),
    className: 'checklist',
  });
  ctx.add('checklist', {
    draw() {
      if (ctx.error || !ctx.plan) {
        replace(holder, ctx.error ? errorBox(ctx.error) : loading());
        return;
      }
      if (list.el.parentNode !== holder) replace(holder, list.el);
      return list.load();
    },
  });
  return el;
}

// One table per group of the goals shown, BT first.
function checklistTables(ctx, items) {
  const certify = ctx.may('goal.certify');
  const write = ctx.may('plan.write');
  const out = [];
  for (const grp of GROUPS) {
    const goals = items.filter((g) => g.group === grp);
    if (!goals.length) continue;
    const hid = nextId('grp');
    const headers = [t('plan.goal.code'), t('plan.goal.title'), t('plan.goal.state'), t('plan.goal.certified'), t('plan.goal.serving')];
    if (certify) headers.push(t('plan.goal.actions'));
    out.push(h('div', { class: 'goal-group', dataset: { group: grp } },
      h('h3', { id: hid }, vocab('goal_group', grp)),
      table(headers, goals.map((g) => goalRow(ctx, g, write, certify)),
        { class: 'table table-goals', caption: vocab('goal_group', grp) })));
  }
  return out;
}

function goalRow(ctx, g, write, certify) {
  const status = h('div', { class: 'goal-state', dataset: { status: g.status } });
  const saved = h('span', { class: 'goal-saved muted', role: 'status' });
  if (write && g.status !== 'certified') {
    const sel = select(SETTABLE.map((s) => ({ value: s, label: vocab('goal_status', s) })), g.status, {
      name: `goal-${g.id}`, 'aria-label': t('plan.goal.state_for', { code: g.code, title: g.title }),
      dataset: { focus: `goal-state-${g.id}`, goalState: g.id }, class: 'select-compact',
    });
    sel.addEventListener('change', async () => {
      saved.textContent = '';
      sel.disabled = true;
      try {
        const plan = await api.put(`/trainees/${ctx.trainee.id}/goals/${g.id}`, { status: sel.value });
        ctx.plan = plan;
        const now = plan.goals.find((x) => x.id === g.id);
        status.dataset.status = now ? now.status : sel.value;
        saved.textContent = t('plan.goal.saved');
      } catch (e) {
        sel.value = status.dataset.status;
        saved.replaceChildren(errorBox(e));
      } finally {
        sel.disabled = false;
      }
    });
    status.append(sel, ' ', saved);
  } else {
    status.append(goalStateBadge(g.status));
  }
  const serving = [
    ...g.activity_ids.map((aid) => ctx.activity(aid)).filter(Boolean).map((a) => h('li', { dataset: { activity: a.id } }, activityText(a))),
    ...g.need_ids.map((nid) => ctx.need(nid)).filter(Boolean).map((n) => h('li', { dataset: { need: n.id } }, `${t('plan.goal.rotation')}: ${needText(n)}`)),
  ];
  const row = h('tr', { dataset: { goal: g.id, status: g.status, group: g.group } },
    h('th', { scope: 'row', class: 'goal-code-cell' }, g.code),
    h('td', null, goalTitle(g), g.note ? h('p', { class: 'goal-note muted' }, g.note) : null),
    h('td', null, status),
    h('td', null, g.certified_by
      ? [h('span', null, g.certified_by.name), h('br'), h('span', { class: 'muted num' }, fmtDate(g.certified_at))]
      : t('common.none')),
    h('td', null, serving.length ? h('ul', { class: 'plain-list' }, serving) : h('span', { class: 'muted' }, t('plan.goal.nothing'))));
  if (certify) {
    const cell = h('td', null);
    if (g.status !== 'certified') cell.append(certifyControl(ctx, g));
    row.append(cell);
  }
  return row;
}

// "Intyga": opens a note and a confirmation under the button.
function certifyControl(ctx, g) {
  const btn = h('button', {
    type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action: 'certify', focus: `certify-${g.id}` },
    'aria-label': t('plan.certify.for', { code: g.code, title: g.title }),
  }, t('plan.certify'));
  const note = h('input', { type: 'text', name: 'note', 'data-field': 'note', maxlength: '1000', autocomplete: 'off' });
  const confirm = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('plan.certify.confirm'));
  const cancel = h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'certify-form', novalidate: true },
    field(t('plan.certify.note'), note, { hint: t('plan.certify.hint', { code: g.code }) }),
    errSlot,
    h('div', { class: 'actions' }, confirm, cancel));
  const wrap = h('div', { class: 'certify-wrap', hidden: true }, form);
  btn.addEventListener('click', () => {
    const open = wrap.hidden;
    wrap.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
    if (open) note.focus();
  });
  cancel.addEventListener('click', () => {
    wrap.hidden = true;
    btn.setAttribute('aria-expanded', 'false');
    btn.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    confirm.disabled = true;
    try {
      const plan = await api.post(`/trainees/${ctx.trainee.id}/goals/${g.id}/certify`, note.value.trim() ? { note: note.value.trim() } : {});
      notify(t('plan.certified', { code: g.code }));
      ctx.set(plan, ['overview', 'checklist']);
    } catch (e) {
      confirm.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return h('div', { class: 'certify' }, btn, wrap);
}
