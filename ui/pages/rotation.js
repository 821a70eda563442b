// A rotation's documentation (GET /bookings/{id}/documentation), in the
// order it is written. Before: the goals set for it with their states on
// the checklist, the handledare (appointed by the receiving unit's
// verksamhetschef among the unit's supervisors) and the introduction.
// During: supervision meetings and assessments of a kind the region uses,
// with the goals they touched. After: the handledare's result per goal
// (met, partly, not yet, with a comment; it moves the checklist on) and
// the trainee's feedback on the region's form, given once; and when it
// should all be done. Each control shows only to those the policy lets
// use it (access.js); every write answers with the whole documentation,
// and the page draws it again.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, lang, vocab, fmtDate, fmtDateTime, fmtWeeks, specialtyName } from '../i18n.js';
import {
  pageHead, section, errorBox, loading, empty, field, select, statusBadge, period, notify,
  showFieldError, clearFieldErrors,
} from '../components.js';
import { pagedList, pageOf } from '../list.js';
import { access, bookingSubject } from '../access.js';
import { can } from '../session.js';
import { compareGoals, goalTitle, goalStateBadge } from '../goals.js';
import { today, parseDate } from '../weeks.js';
import { supervisorSummary, appointControl } from '../supervisors.js';

const RESULTS = ['met', 'partly', 'not_yet'];
const SCALE = [1, 2, 3, 4, 5];
const CLOSED = ['declined', 'cancelled'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const LIMIT = 25;

export function render(view, { params }) {
  const id = Number(params[0]);
  const head = pageHead(t('rotation.title_plain'));
  const body = h('div', { class: 'page-body' }, loading());
  view.append(head, body);

  (async () => {
    let doc;
    let units;
    let may;
    try {
      [doc, units, may] = await Promise.all([api.get(`/bookings/${id}/documentation`), api.units(), access()]);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    const b = doc.booking;
    const unit = units.find((u) => u.id === b.unit.id) || null;
    const trainee = await readTrainee(b);
    const subject = bookingSubject(b, trainee, unit);
    const open = !CLOSED.includes(b.status);
    const ctx = {
      id,
      doc,
      unit,
      kinds: [],
      form: null,
      parts: [],
      document: open && may('rotation.document', subject),
      assess: open && may('rotation.assess', subject),
      appoint: open && may('booking.supervisor', subject),
      feedback: open && may('feedback.write', subject),
      // Takes the documentation a write answered and draws it again; the
      // control named focus (data-focus) takes the focus.
      async set(next, focus) {
        ctx.doc = next;
        await Promise.all(ctx.parts.map((p) => p()));
        if (focus) document.querySelector(`[data-focus="${CSS.escape(focus)}"]`)?.focus();
      },
    };
    try {
      ctx.kinds = await api.cached('/assessment-kinds');
    } catch {
      ctx.kinds = [];
    }
    // The region's form: to answer it, or to read the answers by it.
    if (unit && ((ctx.feedback && !doc.feedback) || (doc.feedback && doc.feedback.answers))) {
      ctx.form = await api.get('/feedback-form', { region: unit.region_id }).catch((e) => ({ error: e }));
    }

    const title = t('rotation.title', { unit: b.unit.name });
    replace(head.querySelector('h1'), title);
    document.title = `${title} – ${t('app.name')}`;
    head.append(h('p', { class: 'lead' }, `${b.trainee.name} · ${specialtyName(b.specialty)} · ${period(b)}`));

    const factsSlot = h('div');
    ctx.parts.push(() => replace(factsSlot, facts(ctx)));
    replace(body,
      factsSlot,
      open ? null : h('div', { class: 'notice notice-warn', dataset: { closed: b.status } }, t('rotation.closed', { status: vocab('status', b.status).toLocaleLowerCase(lang()) })),
      beforeSection(ctx),
      duringSection(ctx),
      afterSection(ctx));
    for (const p of ctx.parts) p();
  })();
}

// The trainee of booking b as the list of trainees has them (with the
// home unit and its region), or null for a user who may not read them: a
// search by name in the user's own scope, which answers without the
// trainee rather than with an error.
async function readTrainee(b) {
  if (!can('trainee.read')) return null;
  try {
    const page = await api.get('/trainees', { q: b.trainee.name, limit: 100 });
    return page.items.find((x) => x.id === b.trainee.id) || null;
  } catch {
    return null;
  }
}

const item = (label, value, attrs) => h('div', attrs, h('dt', null, label), h('dd', null, value ?? t('common.none')));

// What is still missing after the rotation, as Att göra counts it.
function missing(doc) {
  const out = [];
  if (doc.goals.length && !doc.results.length) out.push('assessment');
  if (!doc.feedback) out.push('feedback');
  return out;
}

function facts(ctx) {
  const { doc } = ctx;
  const b = doc.booking;
  const due = parseDate(doc.documentation_due);
  const left = missing(doc);
  const late = due != null && today() > due && left.length > 0;
  return h('dl', { class: 'facts card rotation-facts' },
    item(t('bookings.trainee'), h('a', { href: `#/st-lakare/${b.trainee.id}` }, b.trainee.name)),
    item(t('bookings.unit'), h('a', { href: `#/enheter/${b.unit.id}` }, b.unit.name)),
    item(t('bookings.specialty'), specialtyName(b.specialty)),
    item(t('bookings.period'), `${period(b)} (${fmtWeeks(b.weeks)})`),
    item(t('bookings.status'), statusBadge(b.status)),
    item(t('rotation.due'), [
      h('span', { class: 'num' }, fmtDate(doc.documentation_due)),
      late ? [' ', h('span', { class: 'badge todo-overdue', dataset: { late: left.join(' ') } }, t('rotation.due.late'))] : null,
      left.length ? h('span', { class: 'unit-meta' }, t('rotation.due.missing', { what: left.map((k) => vocab('rotation_missing', k)).join(', ') })) : null,
    ], { dataset: { fact: 'due' } }));
}

// A part of a section: an h3 (which takes the focus when asked) and its
// content.
function part(title, key, ...children) {
  const hid = nextId('part');
  return h('section', { class: ['rotation-part', `rotation-${key}`], 'aria-labelledby': hid },
    h('h3', { id: hid, tabindex: '-1', dataset: { focus: `head-${key}` } }, title),
    ...children);
}

// A button that shows and hides a form under it.
function toggled(label, action, makeForm) {
  const btn = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action, focus: action } }, label);
  const slot = h('div', { class: 'rotation-form-slot', hidden: true });
  const close = () => {
    slot.hidden = true;
    slot.replaceChildren();
    btn.setAttribute('aria-expanded', 'false');
  };
  btn.addEventListener('click', () => {
    if (!slot.hidden) {
      close();
      return;
    }
    const form = makeForm(close);
    replace(slot, form);
    slot.hidden = false;
    btn.setAttribute('aria-expanded', 'true');
    form.querySelector('input, select, textarea')?.focus();
  });
  return h('div', { class: 'rotation-toggle' }, h('div', { class: 'actions' }, btn), slot);
}

function dateField(label, name, value, hint) {
  const el = h('input', {
    type: 'text', name, 'data-field': name, value: value || '', placeholder: t('log.date.placeholder'),
    pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', inputmode: 'numeric', autocomplete: 'off', maxlength: '10', required: true,
  });
  return { el, field: field(label, el, { hint: hint || t('rotation.date.hint') }) };
}

function textArea(name, value, max) {
  return h('textarea', { name, 'data-field': name, rows: '3', maxlength: String(max) }, value || '');
}

// Sends a write; the answer is the documentation. On an error the form
// shows it at the field it names.
async function write(ctx, form, errSlot, submit, send, { done, focus }) {
  clearFieldErrors(form, errSlot);
  submit.disabled = true;
  try {
    const next = await send();
    notify(done);
    await ctx.set(next, focus);
    return true;
  } catch (e) {
    submit.disabled = false;
    showFieldError(form, errSlot, e);
    return false;
  }
}

function checkDate(form, errSlot, value, name) {
  if (DATE_RE.test(value)) return true;
  showFieldError(form, errSlot, { field: name, message: t('log.error.date') });
  return false;
}

// ---- before: goals, handledare, introduction ----

function beforeSection(ctx) {
  const goals = pagedList({
    label: t('rotation.goals'),
    fetch: async (offset, limit) => pageOf([...ctx.doc.goals].sort(compareGoals), offset, limit),
    limit: LIMIT,
    empty: t('rotation.goals.none'),
    tableClass: 'table table-goals table-rotation-goals',
    columns: [
      { label: t('plan.goal.code'), cell: (g) => h('strong', null, g.code), className: 'goal-code-cell' },
      { label: t('plan.goal.title'), cell: (g) => goalTitle(g) },
      { label: t('rotation.goal.state'), cell: (g) => goalStateBadge(g.status) },
      { label: t('rotation.goal.result'), cell: (g) => resultBadge(ctx.doc.results.find((r) => r.goal_id === g.id)) },
    ],
    rowAttrs: (g) => ({ dataset: { goal: g.id, status: g.status } }),
  });
  const svSlot = h('div', { class: 'rotation-supervisor' });
  const introSlot = h('div');
  ctx.parts.push(() => goals.load(), () => drawSupervisor(ctx, svSlot), () => drawIntro(ctx, introSlot));
  const el = section(t('rotation.before'),
    part(t('rotation.goals'), 'goals', h('p', { class: 'hint' }, t('rotation.goals.lead')), goals.el),
    part(t('rotation.supervisor'), 'supervisor', svSlot),
    part(t('rotation.intro'), 'intro', introSlot));
  el.classList.add('rotation-before');
  return el;
}

function resultBadge(r) {
  if (!r) return h('span', { class: 'muted' }, t('rotation.result.none'));
  return h('span', { class: ['badge', `result-${r.result}`], dataset: { result: r.result } }, vocab('rotation_result', r.result));
}

function drawSupervisor(ctx, slot) {
  const { doc } = ctx;
  replace(slot,
    h('p', { class: 'rotation-supervisor-now' }, supervisorSummary(doc.supervisor)),
    doc.supervisor && !doc.supervisor.trained ? h('p', { class: 'hint' }, t('rotation.supervisor.untrained')) : null,
    ctx.appoint ? appointControl({
      current: doc.supervisor,
      unitId: doc.booking.unit.id,
      label: t('rotation.supervisor.choose'),
      action: 'appoint-rotation-supervisor',
      // Only a supervisor at the receiving unit may supervise the rotation.
      choices: () => api.getAll('/supervisors', { unit: doc.booking.unit.id }),
      async save(svId) {
        await api.put(`/bookings/${ctx.id}/supervisor`, { supervisor_id: svId });
        const next = await api.get(`/bookings/${ctx.id}/documentation`);
        notify(next.supervisor ? t('rotation.supervisor.appointed', { name: next.supervisor.name }) : t('rotation.supervisor.removed'));
        await ctx.set(next, 'appoint-rotation-supervisor');
      },
    }) : null);
}

function drawIntro(ctx, slot) {
  const intro = ctx.doc.introduction;
  const shown = intro
    ? h('dl', { class: 'facts rotation-intro', dataset: { held: intro.held_on } },
      item(t('rotation.intro.held_on'), fmtDate(intro.held_on)),
      item(t('rotation.intro.note'), intro.note ? h('span', { class: 'pre-line' }, intro.note) : null))
    : empty(t('rotation.intro.none'));
  replace(slot, shown, ctx.document
    ? toggled(intro ? t('rotation.intro.edit') : t('rotation.intro.record'), 'record-intro', () => introForm(ctx, intro))
    : null);
}

function introForm(ctx, intro) {
  const held = dateField(t('rotation.intro.held_on'), 'held_on', intro ? intro.held_on : '');
  const note = textArea('note', intro ? intro.note : '', 2000);
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const form = h('form', { class: 'rotation-form intro-form', novalidate: true },
    h('div', { class: 'field-row' }, held.field, field(t('rotation.intro.note'), note, { className: 'field-grow' })),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const value = held.el.value.trim();
    if (!checkDate(form, errSlot, value, 'held_on')) return;
    await write(ctx, form, errSlot, submit,
      () => api.put(`/bookings/${ctx.id}/introduction`, { held_on: value, note: note.value.trim() }),
      { done: t('rotation.intro.saved'), focus: 'record-intro' });
  });
  return form;
}

// ---- during: meetings and assessments ----

function duringSection(ctx) {
  const meetings = pagedList({
    label: t('rotation.meetings'),
    fetch: async (offset, limit) => pageOf([...ctx.doc.meetings].sort((a, b) => a.held_on.localeCompare(b.held_on) || a.id - b.id), offset, limit),
    limit: LIMIT,
    empty: t('rotation.meetings.none'),
    tableClass: 'table table-meetings',
    columns: [
      { label: t('rotation.held_on'), cell: (m) => fmtDate(m.held_on), num: true },
      { label: t('rotation.by'), cell: (m) => m.by.name },
      { label: t('rotation.meeting.notes'), cell: (m) => textCell(m.notes) },
      { label: t('rotation.meeting.actions'), cell: (m) => textCell(m.actions) },
    ],
    rowAttrs: (m) => ({ dataset: { meeting: m.id } }),
  });
  const assessments = pagedList({
    label: t('rotation.assessments'),
    fetch: async (offset, limit) => pageOf([...ctx.doc.assessments].sort((a, b) => a.held_on.localeCompare(b.held_on) || a.id - b.id), offset, limit),
    limit: LIMIT,
    empty: t('rotation.assessments.none'),
    tableClass: 'table table-assessments',
    columns: [
      { label: t('rotation.held_on'), cell: (a) => fmtDate(a.held_on), num: true },
      { label: t('rotation.assessment.kind'), cell: (a) => kindName(ctx, a.kind_id) },
      { label: t('rotation.by'), cell: (a) => a.by.name },
      { label: t('rotation.assessment.goals'), cell: (a) => goalCodes(ctx, a.goal_ids) },
      { label: t('rotation.assessment.note'), cell: (a) => textCell(a.note) },
    ],
    rowAttrs: (a) => ({ dataset: { assessment: a.id, kind: a.kind_id } }),
  });
  ctx.parts.push(() => meetings.load(), () => assessments.load());
  const el = section(t('rotation.during'),
    part(t('rotation.meetings'), 'meetings',
      ctx.document ? toggled(t('rotation.meeting.add'), 'add-meeting', (close) => meetingForm(ctx, close)) : null,
      meetings.el),
    part(t('rotation.assessments'), 'assessments',
      ctx.document ? toggled(t('rotation.assessment.add'), 'add-assessment', (close) => assessmentForm(ctx, close)) : null,
      assessments.el));
  el.classList.add('rotation-during');
  return el;
}

function textCell(s) {
  return s ? h('span', { class: 'pre-line' }, s) : h('span', { class: 'muted' }, t('common.none'));
}

function kindName(ctx, kindId) {
  const k = ctx.kinds.find((x) => x.id === kindId);
  if (!k) return `#${kindId}`;
  return lang() === 'en' ? k.name_en || k.name_sv : k.name_sv || k.name_en;
}

function goalCodes(ctx, ids) {
  const goals = ids.map((gid) => ctx.doc.goals.find((g) => g.id === gid) || { id: gid, code: `#${gid}`, title: '' });
  if (!goals.length) return h('span', { class: 'muted' }, t('common.none'));
  return h('ul', { class: 'plain-list goal-codes' }, goals.map((g) => h('li', { dataset: { goal: g.id } },
    h('span', { title: g.title }, g.code), g.title ? h('span', { class: 'visually-hidden' }, ` ${g.title}`) : null)));
}

function meetingForm(ctx, close) {
  const held = dateField(t('rotation.held_on'), 'held_on', '');
  const notes = textArea('notes', '', 4000);
  const actions = textArea('actions', '', 2000);
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('rotation.meeting.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'rotation-form meeting-form', novalidate: true },
    held.field,
    h('div', { class: 'field-row' },
      field(t('rotation.meeting.notes'), notes, { className: 'field-grow' }),
      field(t('rotation.meeting.actions'), actions, { className: 'field-grow', hint: t('rotation.meeting.actions.hint') })),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', () => {
    close();
    document.querySelector('[data-focus="add-meeting"]')?.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const value = held.el.value.trim();
    if (!checkDate(form, errSlot, value, 'held_on')) return;
    const ok = await write(ctx, form, errSlot, submit,
      () => api.post(`/bookings/${ctx.id}/meetings`, { held_on: value, notes: notes.value.trim(), actions: actions.value.trim() }),
      { done: t('rotation.meeting.saved', { date: value }) });
    if (ok) {
      close();
      document.querySelector('[data-focus="add-meeting"]')?.focus();
    }
  });
  return form;
}

function assessmentForm(ctx, close) {
  const active = ctx.kinds.filter((k) => k.active);
  const kind = select([{ value: '', label: t('rotation.assessment.kind.choose') },
    ...active.map((k) => ({ value: k.id, label: kindName(ctx, k.id) }))], '', { name: 'kind_id', 'data-field': 'kind_id', required: true });
  const held = dateField(t('rotation.held_on'), 'held_on', '');
  const note = textArea('note', '', 4000);
  const legendId = nextId('ag');
  const boxes = [...ctx.doc.goals].sort(compareGoals).map((g) => h('label', { class: 'check goal-check' },
    h('input', { type: 'checkbox', name: 'goal_ids', value: String(g.id) }),
    h('span', null, h('strong', null, g.code), ' ', goalTitle(g))));
  const goals = h('fieldset', { class: 'checks goal-checks-box', 'data-field': 'goal_ids', tabindex: '-1', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, t('rotation.assessment.goals.legend')),
    boxes.length ? boxes : h('p', { class: 'hint' }, t('rotation.goals.none')));
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('rotation.assessment.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'rotation-form assessment-form', novalidate: true },
    h('div', { class: 'field-row' }, field(t('rotation.assessment.kind'), kind), held.field),
    goals,
    field(t('rotation.assessment.note'), note),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', () => {
    close();
    document.querySelector('[data-focus="add-assessment"]')?.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    if (!kind.value) {
      showFieldError(form, errSlot, { field: 'kind_id', message: t('rotation.assessment.kind.required') });
      return;
    }
    const value = held.el.value.trim();
    if (!checkDate(form, errSlot, value, 'held_on')) return;
    const goalIds = [...goals.querySelectorAll('input:checked')].map((x) => Number(x.value));
    const ok = await write(ctx, form, errSlot, submit,
      () => api.post(`/bookings/${ctx.id}/assessments`, { kind_id: Number(kind.value), held_on: value, note: note.value.trim(), goal_ids: goalIds }),
      { done: t('rotation.assessment.saved', { kind: kindName(ctx, Number(kind.value)) }) });
    if (ok) {
      close();
      document.querySelector('[data-focus="add-assessment"]')?.focus();
    }
  });
  return form;
}

// ---- after: results per goal, feedback ----

function afterSection(ctx) {
  const results = pagedList({
    label: t('rotation.results'),
    fetch: async (offset, limit) => pageOf([...ctx.doc.goals].sort(compareGoals), offset, limit),
    limit: LIMIT,
    empty: t('rotation.goals.none'),
    className: 'rotation-results',
    render: (goals) => h('div', { class: 'result-list' }, goals.map((g) => resultItem(ctx, g))),
  });
  const fbSlot = h('div', { class: 'rotation-feedback-slot' });
  ctx.parts.push(() => results.load(), () => drawFeedback(ctx, fbSlot));
  const el = section(t('rotation.after'),
    part(t('rotation.results'), 'results', h('p', { class: 'hint' }, ctx.assess ? t('rotation.results.lead.assess') : t('rotation.results.lead')), results.el),
    part(t('rotation.feedback'), 'feedback', fbSlot));
  el.classList.add('rotation-after');
  return el;
}

// One goal's result: what the handledare said, and for the handledare the
// form to say it.
function resultItem(ctx, g) {
  const r = ctx.doc.results.find((x) => x.goal_id === g.id);
  const said = r
    ? h('p', { class: 'result-now' }, resultBadge(r), ' ',
      h('span', { class: 'muted' }, t('rotation.result.by', { name: r.by.name, at: fmtDateTime(r.at) })),
      r.comment ? h('span', { class: 'result-comment pre-line' }, r.comment) : null)
    : h('p', { class: 'result-now muted' }, t('rotation.result.none'));
  const box = h('div', { class: 'result-item', dataset: { goal: g.id, result: r ? r.result : '' } },
    h('h4', { class: 'result-goal' }, h('span', { class: 'goal-code' }, g.code), ' ', goalTitle(g), ' ', goalStateBadge(g.status)),
    said);
  if (!ctx.assess) return box;

  const legendId = nextId('res');
  const name = nextId('result');
  const radios = RESULTS.map((v) => h('label', { class: 'check' },
    h('input', { type: 'radio', name, value: v, checked: r ? r.result === v : false }), vocab('rotation_result', v)));
  const group = h('fieldset', { class: 'checks result-choice', 'data-field': 'result', tabindex: '-1', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, t('rotation.result.legend', { code: g.code })), radios);
  const comment = h('input', { type: 'text', name: 'comment', 'data-field': 'comment', maxlength: '2000', autocomplete: 'off', value: r ? r.comment : '' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', {
    type: 'submit', class: 'btn btn-primary btn-small', dataset: { focus: `result-${g.id}` },
    'aria-label': t('rotation.result.save_for', { code: g.code }),
  }, t('common.save'));
  const form = h('form', { class: 'result-form', novalidate: true, dataset: { goal: g.id } },
    group,
    h('div', { class: 'field-row result-row' }, field(t('rotation.result.comment'), comment, { className: 'field-grow' }),
      h('div', { class: 'form-actions' }, submit)),
    errSlot);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const chosen = group.querySelector('input:checked');
    if (!chosen) {
      showFieldError(form, errSlot, { field: 'result', message: t('rotation.result.required') });
      return;
    }
    await write(ctx, form, errSlot, submit,
      () => api.put(`/bookings/${ctx.id}/results/${g.id}`, { result: chosen.value, comment: comment.value.trim() }),
      { done: t('rotation.result.saved', { code: g.code, result: vocab('rotation_result', chosen.value) }), focus: `result-${g.id}` });
  });
  box.append(form);
  return box;
}

function questionText(q) {
  return lang() === 'en' ? q.text_en || q.text_sv : q.text_sv || q.text_en;
}

function drawFeedback(ctx, slot) {
  const fb = ctx.doc.feedback;
  if (fb) {
    replace(slot,
      h('p', { class: 'feedback-given', dataset: { given: fb.submitted_at } },
        h('span', { class: 'badge goal-certified' }, t('rotation.feedback.given')), ' ',
        t('rotation.feedback.given_at', { at: fmtDateTime(fb.submitted_at) })),
      fb.answers ? feedbackAnswers(ctx, fb.answers) : h('p', { class: 'hint' }, t('rotation.feedback.private')));
    return;
  }
  if (!ctx.feedback) {
    replace(slot, empty(t('rotation.feedback.none')));
    return;
  }
  if (!ctx.form || ctx.form.error) {
    replace(slot, errorBox(ctx.form ? ctx.form.error : t('rotation.feedback.no_form')));
    return;
  }
  replace(slot, feedbackForm(ctx, ctx.form));
}

function feedbackAnswers(ctx, answers) {
  const questions = ctx.form && !ctx.form.error ? ctx.form.questions : [];
  const known = new Set(questions.map((q) => q.id));
  const rows = [
    ...questions.filter((q) => q.id in answers).map((q) => [questionText(q), q.type, answers[q.id], q.id]),
    ...Object.keys(answers).filter((k) => !known.has(k)).map((k) => [k, typeof answers[k] === 'number' ? 'scale' : 'text', answers[k], k]),
  ];
  return h('dl', { class: 'facts feedback-answers' }, rows.map(([label, type, value, key]) =>
    item(label, type === 'scale' ? t('rotation.feedback.of5', { n: value }) : textCell(value), { dataset: { answer: key } })));
}

// The region's form: a scale question as a group of five radio buttons,
// a text question as a text area. Sent once.
function feedbackForm(ctx, form) {
  const groups = form.questions.map((q) => {
    if (q.type === 'scale') {
      const legendId = nextId('fq');
      const name = `q-${q.id}`;
      return h('fieldset', { class: 'checks feedback-scale', 'data-field': `answers.${q.id}`, tabindex: '-1', 'aria-labelledby': legendId, dataset: { question: q.id } },
        h('legend', { id: legendId }, questionText(q)),
        SCALE.map((n) => h('label', { class: 'check scale-option' },
          h('input', { type: 'radio', name, value: String(n) }), t(`rotation.feedback.scale.${n}`))));
    }
    const area = h('textarea', { name: `q-${q.id}`, 'data-field': `answers.${q.id}`, rows: '3', maxlength: '2000', dataset: { question: q.id } });
    return field(questionText(q), area, { className: 'feedback-text', hint: t('rotation.feedback.text.hint') });
  });
  const legendId = nextId('fb');
  const all = h('fieldset', { class: 'feedback-questions', 'data-field': 'answers', tabindex: '-1', 'aria-labelledby': legendId },
    h('legend', { id: legendId, class: 'visually-hidden' }, t('rotation.feedback.questions')), groups);
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('rotation.feedback.submit'));
  const el = h('form', { class: 'rotation-form feedback-form', novalidate: true, dataset: { formVersion: form.version } },
    h('p', { class: 'hint' }, t('rotation.feedback.lead')),
    all, errSlot,
    h('div', { class: 'form-actions' }, submit));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(el, errSlot);
    const answers = {};
    for (const q of form.questions) {
      if (q.type === 'scale') {
        const on = el.querySelector(`input[name="q-${CSS.escape(q.id)}"]:checked`);
        if (!on) {
          showFieldError(el, errSlot, { field: `answers.${q.id}`, message: t('rotation.feedback.scale.required') });
          return;
        }
        answers[q.id] = Number(on.value);
      } else {
        const text = el.querySelector(`textarea[name="q-${CSS.escape(q.id)}"]`).value.trim();
        if (text) answers[q.id] = text;
      }
    }
    submit.disabled = true;
    try {
      const next = await api.post(`/bookings/${ctx.id}/feedback`, { answers });
      notify(t('rotation.feedback.saved'));
      await ctx.set(next, 'head-feedback');
    } catch (e) {
      if (e.status === 409) {
        // Given meanwhile (in another window): show it as it is.
        const next = await api.get(`/bookings/${ctx.id}/documentation`).catch(() => null);
        if (next) {
          notify(t('rotation.feedback.already'), 'warn');
          await ctx.set(next, 'head-feedback');
          return;
        }
      }
      submit.disabled = false;
      showFieldError(el, errSlot, e);
    }
  });
  return el;
}
