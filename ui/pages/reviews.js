// The quality reviews of a unit on its page (004 §2.6): when its next
// STINS self-assessment and external review (SPUR) are due, or that they
// are overdue, as the server counts it (GET /reviews?unit= answers `due`;
// the page computes no deadline of its own); its reviews, newest first,
// with their PDF reports to download; and for those who record reviews
// (review.write: the unit's verksamhetschef, the övergripande
// studierektor) a form to record one with its report, a report to add or
// replace on a review, and a review to delete. A report is sent as the
// file itself (PUT /reviews/{id}/report), and the server's refusals (413
// beyond 5 MiB, 422 for what is no PDF) are said at the file's field.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDate, fmtNumber } from '../i18n.js';
import {
  section, empty, field, select, notify, errorBox, showFieldError, clearFieldErrors,
} from '../components.js';
import { pagedList } from '../list.js';
import { unitSubject } from '../access.js';
import { dateInput } from './supervisors.js';

const KINDS = ['stins', 'spur'];
const RESULTS = ['approved', 'remarks', 'not_approved'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const LIMIT = 10;

// The section of unit's page, or null for a user who may not read the
// unit's reviews; may is access()'s answer.
export function reviewsSection(unit, may) {
  const subject = unitSubject(unit);
  if (!may('review.read', subject)) return null;
  const writable = may('review.write', subject);
  const dueSlot = h('div', { class: 'review-due', 'aria-live': 'polite' });
  const list = pagedList({
    label: t('reviews.list'),
    // One unit's list also says when its next review of each kind is due.
    fetch: async (offset, limit) => {
      const page = await api.get('/reviews', { unit: unit.id, limit, offset });
      drawDue(dueSlot, page.due || []);
      return page;
    },
    limit: LIMIT,
    count: (n) => tn('reviews.count', n),
    empty: t('reviews.none'),
    tableClass: 'table table-reviews',
    columns: () => [
      { label: t('reviews.reviewed_on'), cell: (r) => fmtDate(r.reviewed_on), num: true },
      { label: t('reviews.kind'), cell: (r) => vocab('review_kind', r.kind) },
      { label: t('reviews.result'), cell: (r) => resultBadge(r.result) },
      { label: t('reviews.reviewer'), cell: (r) => r.reviewer || t('common.none') },
      { label: t('reviews.note'), cell: (r) => (r.note ? h('span', { class: 'pre-line' }, r.note) : t('common.none')) },
      { label: t('reviews.recorded_by'), cell: (r) => r.recorded_by.name },
      { label: t('reviews.report'), cell: (r) => reportLink(r) },
      ...(writable ? [{ label: t('unit.capacity.actions'), cell: (r) => rowActions(r, list) }] : []),
    ],
    rowAttrs: (r) => ({ dataset: { review: r.id, kind: r.kind, result: r.result, report: r.report ? 'true' : 'false' } }),
  });
  const el = section(t('reviews.title'),
    h('p', { class: 'hint' }, t('reviews.lead')),
    dueSlot,
    writable ? recordControl(unit, list) : null,
    list.el);
  el.classList.add('unit-reviews');
  el.id = 'granskningar';
  list.load();
  return el;
}

// When the next review of each kind is due, with its state; nothing is
// due at a unit that trains no ST-läkare now.
function drawDue(slot, due) {
  if (!due.length) {
    replace(slot, h('p', { class: 'review-due-none' }, t('reviews.due.none')));
    return;
  }
  replace(slot, h('dl', { class: 'facts review-due-facts' }, due.map((d) => h('div', { dataset: { due: d.kind, state: d.state } },
    h('dt', null, t(`reviews.due.${d.kind}`)),
    h('dd', null,
      h('span', { class: 'num' }, fmtDate(d.due)),
      d.state === 'upcoming' ? null : [' ', h('span', { class: ['badge', `todo-${d.state}`], dataset: { state: d.state } }, vocab('todo_state', d.state))],
      h('span', { class: 'unit-meta' }, d.last_review ? t('reviews.due.last', { date: fmtDate(d.last_review) }) : t('reviews.due.never')))))));
}

function resultBadge(result) {
  return h('span', { class: ['badge', `review-${result}`], dataset: { result } }, vocab('review_result', result));
}

// "PDF, 12 kB": the report to download, or a dash without one.
function reportLink(r) {
  if (!r.report) return h('span', { class: 'muted' }, t('reviews.report.none'));
  const kb = Math.max(1, Math.round(r.report.size / 1024));
  return h('a', { href: r.report.href, download: '', class: 'report-link', dataset: { report: r.id } },
    t('reviews.report.pdf', { kb: fmtNumber(kb) }),
    h('span', { class: 'visually-hidden' }, t('reviews.report.of', { kind: vocab('review_kind', r.kind), date: fmtDate(r.reviewed_on) })));
}

// A file input for a report: PDF, at most 5 MiB (the server judges).
function reportInput() {
  return h('input', { type: 'file', name: 'report', 'data-field': 'report', accept: 'application/pdf,.pdf' });
}

// Sends file as review id's report; an error names the field report (a
// body over 5 MiB is 413, which names no field: the file is all of it).
async function sendReport(id, file) {
  try {
    return await api.putFile(`/reviews/${id}/report`, file);
  } catch (e) {
    if (e.status === 413 && !e.field) e.field = 'report';
    throw e;
  }
}

// The buttons of a review's row: add or replace its report, delete it.
function rowActions(r, list) {
  const what = `${vocab('review_kind', r.kind)} ${fmtDate(r.reviewed_on)}`;
  const uploadText = r.report ? t('reviews.report.replace') : t('reviews.report.add');
  const upload = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action: 'review-report' }, 'aria-label': `${uploadText}: ${what}` }, uploadText);
  const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'delete-review' }, 'aria-label': `${t('common.delete')}: ${what}` }, t('common.delete'));
  const slot = h('div', { class: 'review-report-slot', hidden: true });
  const errBox = h('div');
  upload.addEventListener('click', () => {
    if (!slot.hidden) {
      slot.hidden = true;
      slot.replaceChildren();
      upload.setAttribute('aria-expanded', 'false');
      return;
    }
    const file = reportInput();
    const errSlot = h('div', { class: 'form-error' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('reviews.report.send'));
    const form = h('form', { class: 'review-report-form', novalidate: true },
      field(t('reviews.report.file'), file, { hint: t('reviews.report.hint') }), errSlot,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form, errSlot);
      if (!file.files.length) {
        showFieldError(form, errSlot, { field: 'report', message: t('reviews.report.choose') });
        return;
      }
      submit.disabled = true;
      try {
        await sendReport(r.id, file.files[0]);
        notify(t('reviews.report.saved', { what }));
        await list.load();
      } catch (e) {
        submit.disabled = false;
        showFieldError(form, errSlot, e);
      }
    });
    replace(slot, form);
    slot.hidden = false;
    upload.setAttribute('aria-expanded', 'true');
    file.focus();
  });
  remove.addEventListener('click', async () => {
    if (remove.dataset.armed !== 'true') {
      remove.dataset.armed = 'true';
      remove.textContent = t('common.confirm_delete');
      remove.setAttribute('aria-label', `${t('common.confirm_delete')}: ${what}`);
      remove.classList.add('btn-danger');
      return;
    }
    remove.disabled = true;
    try {
      await api.del(`/reviews/${r.id}`);
      notify(t('reviews.deleted', { what }));
      await list.load();
    } catch (e) {
      remove.disabled = false;
      replace(errBox, errorBox(e));
    }
  });
  return h('div', { class: 'review-actions' }, h('div', { class: 'actions' }, upload, remove), slot, errBox);
}

// "Registrera granskning": the review, then its report. When the review
// is recorded and the report refused, the form stays open to send
// another file for the same review (it records no second review).
function recordControl(unit, list) {
  const open = h('button', { type: 'button', class: 'btn btn-primary', 'aria-expanded': 'false', dataset: { action: 'record-review' } },
    h('span', { 'aria-hidden': 'true' }, '+ '), t('reviews.record'));
  const slot = h('div', { class: 'review-form-slot', hidden: true });
  const toggle = (on) => {
    slot.hidden = !on;
    open.setAttribute('aria-expanded', String(on));
    if (on) replace(slot, reviewForm(unit, list, () => {
      toggle(false);
      open.focus();
    }));
    else slot.replaceChildren();
  };
  open.addEventListener('click', () => {
    toggle(slot.hidden);
    if (!slot.hidden) slot.querySelector('select, input')?.focus();
  });
  return h('div', { class: 'review-record' }, h('div', { class: 'actions' }, open), slot);
}

function reviewForm(unit, list, close) {
  const kind = select(KINDS.map((k) => ({ value: k, label: vocab('review_kind', k) })), 'stins', { name: 'kind', 'data-field': 'kind', required: true });
  const day = dateInput('reviewed_on');
  day.required = true;
  const result = select(RESULTS.map((r) => ({ value: r, label: vocab('review_result', r) })), 'approved', { name: 'result', 'data-field': 'result', required: true });
  const reviewer = h('input', { type: 'text', name: 'reviewer', 'data-field': 'reviewer', maxlength: '200', autocomplete: 'off' });
  const note = h('textarea', { name: 'note', 'data-field': 'note', rows: '3', maxlength: '2000' });
  const file = reportInput();
  const recordedSlot = h('div', { class: 'review-recorded' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('reviews.record.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'review-form', novalidate: true, 'aria-labelledby': 'review-form-head' },
    h('h3', { id: 'review-form-head' }, t('reviews.record')),
    h('div', { class: 'field-row' },
      field(t('reviews.kind'), kind),
      field(t('reviews.reviewed_on'), day, { hint: t('reviews.reviewed_on.hint') }),
      field(t('reviews.result'), result)),
    h('div', { class: 'field-row' },
      field(t('reviews.reviewer'), reviewer, { className: 'field-grow', hint: t('reviews.reviewer.hint') })),
    field(t('reviews.note'), note),
    field(t('reviews.report.file'), file, { hint: t('reviews.report.hint') }),
    recordedSlot, errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', close);
  let recorded = null;

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const chosen = file.files[0] || null;
    if (!recorded) {
      const body = { unit_id: unit.id, kind: kind.value, reviewed_on: day.value.trim(), result: result.value };
      if (reviewer.value.trim()) body.reviewer = reviewer.value.trim();
      if (note.value.trim()) body.note = note.value.trim();
      if (!DATE_RE.test(body.reviewed_on)) {
        showFieldError(form, errSlot, { field: 'reviewed_on', message: t('log.error.date') });
        return;
      }
      submit.disabled = true;
      try {
        recorded = await api.post('/reviews', body);
      } catch (e) {
        submit.disabled = false;
        showFieldError(form, errSlot, e);
        return;
      }
    } else if (!chosen) {
      showFieldError(form, errSlot, { field: 'report', message: t('reviews.report.choose') });
      return;
    }
    const what = `${vocab('review_kind', recorded.kind)} ${fmtDate(recorded.reviewed_on)}`;
    submit.disabled = true;
    if (chosen) {
      try {
        await sendReport(recorded.id, chosen);
      } catch (e) {
        // The review stands; only another file is asked for now.
        for (const el of [kind, day, result, reviewer, note]) el.disabled = true;
        replace(recordedSlot, h('div', { class: 'notice notice-warn', dataset: { recorded: recorded.id } }, t('reviews.recorded_without_report', { what })));
        submit.textContent = t('reviews.report.send');
        cancel.textContent = t('reviews.record.done');
        submit.disabled = false;
        showFieldError(form, errSlot, e);
        await list.load();
        return;
      }
    }
    notify(chosen ? t('reviews.recorded_with_report', { what }) : t('reviews.recorded', { what }));
    close();
    await list.load();
  });
  return form;
}
