// Pieces every page uses: page headings, labelled fields, error and loading
// notices, tables, status badges, notifications and the booking actions.
// The paged list is in list.js, the timeline in timeline.js.

import { h, nextId, replace, scrollBox } from './dom.js';
import { t, vocab, fmtWeek, has, lang } from './i18n.js';
import * as api from './api.js';
import { can } from './session.js';

// The page's heading block; the h1 takes focus after a navigation.
export function pageHead(title, lead, ...extra) {
  return h('header', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, title),
    lead ? h('p', { class: 'lead' }, lead) : null,
    ...extra);
}

// A section with a heading.
export function section(title, ...children) {
  const id = nextId('sec');
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...children);
}

// A field an API error names, as the forms call it ("Startvecka"), or the
// field's own name when the UI has no word for it.
export function fieldLabel(field) {
  return has(`field.${field}`) ? t(`field.${field}`) : field;
}

// The words for an error, in the user's language. An error of the API
// (an ApiError: a status and a code) is worded from its code, its field
// and status ("forms.err.FIELD.STATUS", "error.CODE.field", "error.CODE"),
// else as "error.http" with its status: the server's own message is in
// English and is shown only in the English UI. Anything else (a check's
// { field, message }, an Error of the page's own) keeps its message.
export function errorText(err) {
  if (err == null) return t('error.title');
  if (typeof err !== 'object') return String(err);
  const fromApi = typeof err.status === 'number' && typeof err.code === 'string';
  if (!fromApi) return err.message || String(err);
  if (lang() === 'en' && err.message && err.status > 0) return err.message;
  if (err.field && has(`forms.err.${err.field}.${err.status}`)) return t(`forms.err.${err.field}.${err.status}`);
  // "id" is the record the address names, not a field of a form.
  const named = err.field && err.field !== 'id' ? err.field : null;
  if (named && has(`error.${err.code}.field`)) return t(`error.${err.code}.field`, { field: fieldLabel(named) });
  if (has(`error.${err.code}`)) return t(`error.${err.code}`);
  return t('error.http', { status: err.status });
}

// The server's own reason, where the Swedish words could only say what
// kind of refusal it was (a bad value or a conflict in the general texts):
// which week is taken, why a value is refused. '' when there is none to
// add: in English the message is the text already.
export function errorReason(err) {
  if (!err || typeof err !== 'object') return '';
  if (typeof err.reason === 'string') return err.reason;
  const fromApi = typeof err.status === 'number' && typeof err.code === 'string';
  if (!fromApi || lang() === 'en' || !err.message) return '';
  if (err.code !== 'invalid' && err.code !== 'conflict') return '';
  if (err.field && has(`forms.err.${err.field}.${err.status}`)) return '';
  return err.message;
}

// errorReason() as a node: its label in the UI's language, the reason
// itself marked as English (WCAG 3.1.2), or null.
export function reasonNode(err) {
  const reason = errorReason(err);
  return reason ? h('span', { class: 'error-reason' }, ` ${t('error.reason')} `, h('span', { lang: 'en' }, reason)) : null;
}

// " (Fel i fältet: Startvecka)" after an error whose field is not among
// the form's controls (el null) and whose words do not name it already.
export function fieldNote(err, el) {
  if (!err || !err.field || err.field === 'id' || el) return '';
  const label = fieldLabel(err.field);
  return errorText(err).includes(label) ? '' : ` (${t('error.field', { field: label })})`;
}

// A notice for an error from the API (or anything thrown).
export function errorBox(err) {
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('strong', null, t('error.title')), ' ', errorText(err), reasonNode(err));
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

export function empty(text) {
  return h('p', { class: 'empty' }, text || t('common.empty'));
}

// A labelled form field around control (which gets an id if it has none).
export function field(label, control, { hint, className } = {}) {
  if (!control.id) control.id = nextId('f');
  const parts = [h('label', { for: control.id }, label), control];
  if (hint) {
    const hid = nextId('hint');
    control.setAttribute('aria-describedby', hid);
    parts.push(h('p', { class: 'hint', id: hid }, hint));
  }
  return h('div', { class: ['field', className] }, ...parts);
}

// A select of [{ value, label }] (or groups [{ group, options }]) with value chosen.
export function select(options, value, attrs = {}) {
  const el = h('select', attrs);
  const opt = (o) => h('option', { value: String(o.value), selected: String(o.value) === String(value ?? '') }, o.label);
  for (const o of options) {
    if (o.group) el.append(h('optgroup', { label: o.group }, o.options.map(opt)));
    else el.append(opt(o));
  }
  return el;
}

// A week input ("2027-W10"); browsers without a week picker show a text box
// that takes the same format.
export function weekInput(value, attrs = {}) {
  return h('input', {
    type: 'week', value: value || '', placeholder: t('week.placeholder'),
    pattern: '[0-9]{4}-W[0-9]{2}', autocomplete: 'off', ...attrs,
  });
}

export function statusBadge(status) {
  return h('span', { class: ['badge', `status-${status}`], dataset: { status } }, vocab('status', status));
}

export function shortNoticeBadge(b) {
  if (!b.short_notice || !['requested', 'confirmed'].includes(b.status)) return null;
  return h('span', { class: 'badge badge-warn', title: t('bookings.short_notice.title') }, t('bookings.short_notice'));
}

// "v. 10 2027 – v. 22 2027" for a booking.
export function period(b) {
  return `${fmtWeek(b.start_week)} – ${fmtWeek(b.end_week)}`;
}

// The link to a rotation's documentation page (#/randningar/ID), named by
// the booking's unit and period; text is what it shows (default
// "Dokumentation").
export function rotationLink(b, text) {
  const shown = text || t('rotation.documentation');
  return h('a', {
    href: `#/randningar/${b.id}`, class: 'rotation-link', dataset: { rotation: b.id },
    'aria-label': `${shown}: ${b.unit ? `${b.unit.name}, ` : ''}${period(b)}`,
  }, shown);
}

// Shows a short message in the notification area (read out by screen readers).
export function notify(message, kind = 'ok') {
  const area = document.getElementById('toasts');
  if (!area) return;
  const el = h('div', { class: ['toast', `toast-${kind}`] }, message);
  area.append(el);
  while (area.children.length > 3) area.firstElementChild.remove();
  setTimeout(() => el.remove(), 5000);
}

// A role as the header and the user lists write it: "Studierektor,
// Vuxenpsykiatri, Sus Lund" (an administrator's role has no scope).
export function roleText(r) {
  const name = vocab('role', r.role);
  return r.scope_name ? `${name}, ${r.scope_name}` : name;
}

// Marks the control named by an API error's field as invalid, if the form has it.
export function markInvalid(form, err) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  if (!err || !err.field) return null;
  const el = form.querySelector(`[data-field="${CSS.escape(err.field)}"]`);
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    el.focus();
  }
  return el;
}

// Clears what showFieldError() showed in form (and slot).
export function clearFieldErrors(form, slot) {
  for (const p of form.querySelectorAll('.field-error[data-error-for]')) p.remove();
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== el.dataset.errorId);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
    delete el.dataset.errorId;
  }
  if (slot) slot.replaceChildren();
}

// Shows an error from the API (or a check's { field, message }) at the
// field it names: the control with that data-field is marked invalid and
// takes the focus, the message goes under it and is read with it. An
// error that names no field of the form goes into slot as a notice.
export function showFieldError(form, slot, err) {
  clearFieldErrors(form, slot);
  const el = err && err.field ? form.querySelector(`[data-field="${CSS.escape(err.field)}"]`) : null;
  if (!el) {
    if (slot) {
      replace(slot, h('div', { class: 'notice notice-error', role: 'alert', dataset: { field: (err && err.field) || '' } },
        h('strong', null, t('error.title')), ' ', errorText(err), fieldNote(err, null), reasonNode(err)));
    }
    return null;
  }
  const id = nextId('err');
  const msg = h('p', { class: 'field-error', id, role: 'alert', dataset: { errorFor: err.field } }, errorText(err), reasonNode(err));
  if (el.tagName === 'FIELDSET') el.append(msg);
  else (el.closest('.field') || el.parentElement).append(msg);
  el.setAttribute('aria-invalid', 'true');
  el.dataset.errorId = id;
  el.setAttribute('aria-describedby', [el.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  el.focus();
  return el;
}

const REASONS = ['sick_leave', 'parental_leave', 'changed_plan', 'other'];

// Buttons to accept or decline a request and to cancel a booking with a
// reason. onDone(updatedBooking, action) runs after the server agreed.
export function bookingActions(b, onDone) {
  const buttons = h('div', { class: 'actions' });
  const box = h('div', { class: 'booking-actions' }, buttons);
  const errSlot = h('div', { class: 'action-error' });
  const name = b.trainee ? b.trainee.name : '';
  const unit = b.unit ? b.unit.name : '';

  async function run(action, body) {
    errSlot.replaceChildren();
    const controls = box.querySelectorAll('button, select');
    controls.forEach((x) => { x.disabled = true; });
    try {
      const updated = await api.post(`/bookings/${b.id}/${action}`, body);
      const msg = action === 'accept' ? 'bookings.accepted' : action === 'decline' ? 'bookings.declined' : 'bookings.cancelled';
      notify(t(msg, { name, unit }));
      onDone(updated, action);
    } catch (e) {
      controls.forEach((x) => { x.disabled = false; });
      errSlot.replaceChildren(errorBox(e));
    }
  }

  if (b.status === 'requested' && can('booking.decide')) {
    const accept = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'accept' }, 'aria-label': `${t('bookings.accept')}: ${name}, ${unit}` }, t('bookings.accept'));
    const decline = h('button', { type: 'button', class: 'btn', dataset: { action: 'decline' }, 'aria-label': `${t('bookings.decline')}: ${name}, ${unit}` }, t('bookings.decline'));
    accept.addEventListener('click', () => run('accept'));
    decline.addEventListener('click', () => run('decline'));
    buttons.append(accept, decline);
  }
  if (b.status === 'confirmed' && can('booking.cancel')) {
    const cancel = h('button', { type: 'button', class: 'btn btn-quiet', dataset: { action: 'cancel' }, 'aria-expanded': 'false', 'aria-label': `${t('bookings.cancel')} ${name}, ${unit}` }, t('bookings.cancel'));
    const reason = select(REASONS.map((r) => ({ value: r, label: vocab('reason', r) })), 'changed_plan', { 'data-field': 'reason' });
    const confirm = h('button', { type: 'button', class: 'btn btn-danger', dataset: { action: 'confirm-cancel' } }, t('bookings.cancel.confirm'));
    const form = h('div', { class: 'cancel-form', hidden: true },
      field(t('bookings.cancel.reason'), reason, { className: 'field-inline' }), confirm);
    cancel.addEventListener('click', () => {
      const open = form.hidden;
      form.hidden = !open;
      cancel.setAttribute('aria-expanded', String(open));
      if (open) reason.focus();
    });
    confirm.addEventListener('click', () => run('cancel', { reason: reason.value }));
    buttons.append(cancel);
    box.append(form);
  }
  box.append(errSlot);
  return box;
}

// A table with a header row; rows is a list of rows (tr elements). A
// caption in attrs names the table for screen readers (it is not shown).
export function table(headers, rows, attrs = {}) {
  const { caption, ...rest } = attrs;
  return scrollBox(caption || t('common.table_scrolls'),
    h('table', { ...rest, class: rest.class || 'table' },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows)));
}

// Wires the button open that shows and hides a form in slot: aria-expanded
// follows, the first field takes the focus on opening and the button again
// on cancel. Returns toggle(on) for closing it after a save.
export function disclosure(open, slot, cancel, first) {
  const toggle = (on) => {
    slot.hidden = !on;
    open.setAttribute('aria-expanded', String(on));
  };
  open.addEventListener('click', () => {
    toggle(slot.hidden);
    if (!slot.hidden) first.focus();
  });
  cancel.addEventListener('click', () => {
    toggle(false);
    open.focus();
  });
  return toggle;
}

// (Imported here to keep the export's block whole; imports are hoisted.)
import { lang as exportLang } from './i18n.js';

// "Exportera: Excel · CSV" (issue 15): links that download what a page
// shows from the same API route as a workbook or as CSV, with the page's
// filters. path is the route under /api/v1 ("/places"); query an object of
// its arguments or a function that gives them as they are when the link is
// followed; label names what is exported, for screen readers.
export function exportLinks(path, query, label) {
  const formats = [
    { format: 'xlsx', text: t('export.excel'), title: t('export.excel.title') },
    { format: 'csv', text: t('export.csv'), title: t('export.csv.title') },
  ];
  const href = (format) => {
    const q = new URLSearchParams();
    const args = typeof query === 'function' ? query() : query || {};
    for (const [k, v] of Object.entries(args)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    q.set('format', format);
    if (exportLang() !== 'sv') q.set('lang', exportLang());
    return `/api/v1${path}?${q}`;
  };
  const links = formats.map((f) => {
    const a = h('a', {
      class: 'btn btn-small export-link', href: href(f.format), download: '', dataset: { format: f.format },
      title: f.title, 'aria-label': `${t('export.label', { what: label })}: ${f.text}`,
    }, f.text);
    // The filters may have changed since the link was drawn: it is made
    // anew when pointed at, focused or followed.
    const fresh = () => { a.href = href(f.format); };
    for (const ev of ['pointerenter', 'focus', 'click']) a.addEventListener(ev, fresh);
    return a;
  });
  return h('div', { class: 'export-links', role: 'group', 'aria-label': t('export.label', { what: label }) },
    h('span', { class: 'export-title', 'aria-hidden': 'true' }, t('export.title')), ...links);
}

// A link to make a calendar feed of a trainee's or a unit's rotations on
// the account page (#/konto?kalender=trainee-12), for those who may;
// otherwise nothing.
export function feedLink(kind, id) {
  if (!can('calendar.feed')) return null;
  return h('a', { class: 'btn btn-small btn-quiet feed-link', href: `#/konto?kalender=${kind}-${id}`, dataset: { feed: kind } },
    t('feeds.subscribe_here'));
}
