// Logg (administrators): the audit of every data change (what changed, by
// whom, the values before and after) and the security events (log-ins,
// failed log-ins, log-outs, password changes, API tokens), newest first,
// filtered by kind, user, what and dates.

import { h, nextId } from '../dom.js';
import * as api from '../api.js';
import { can } from '../session.js';
import { t, tn, vocab, fmtDateTime, compareText, has } from '../i18n.js';
import { pageHead, empty, field, select } from '../components.js';
import { pagedList, readState } from '../list.js';
const KINDS = ['write', 'event'];
// The security events and the changed entities the server writes.
const EVENTS = ['login', 'login_failed', 'login_locked', 'logout', 'logout_all', 'password_changed',
  'password_reset', 'token_created', 'token_revoked', 'export'];
const ENTITIES = ['booking', 'capacity', 'need', 'leave', 'trainee', 'person', 'unit', 'app_user', 'user_role', 'api_token'];
// How many changed fields a row names before its "show the change" button.
const SUMMARY_FIELDS = 3;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const KEYS = ['kind', 'actor', 'what', 'from', 'to'];

export function render(view, { query }) {
  const state = readState(query, KEYS);
  if (!KINDS.includes(state.kind)) state.kind = '';

  const kindSel = select([
    { value: '', label: t('log.kind.any') },
    ...KINDS.map((k) => ({ value: k, label: vocab('log_kind', k) })),
  ], state.kind, { name: 'kind' });
  const whatSel = select(whatOptions(state.what), state.what, { name: 'what' });
  const listId = nextId('actors');
  const actorIn = h('input', { type: 'text', name: 'actor', value: state.actor, autocomplete: 'off', list: listId, spellcheck: 'false' });
  const actors = h('datalist', { id: listId });
  // Dates as text the Swedish way (2026-11-23), whatever the browser's locale.
  const dateIn = (name) => h('input', {
    type: 'text', name, value: state[name], 'data-field': name, placeholder: t('log.date.placeholder'),
    pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', inputmode: 'numeric', autocomplete: 'off', maxlength: '10',
  });
  const fromIn = dateIn('from');
  const toIn = dateIn('to');
  const clear = h('button', { type: 'button', class: 'btn' }, t('log.clear'));
  const formError = h('div', { class: 'form-error' });
  const form = h('form', { class: 'filters log-filters', role: 'search' },
    field(t('log.kind'), kindSel),
    field(t('log.what'), whatSel, { className: 'field-wide' }),
    field(t('log.actor.label'), actorIn),
    field(t('log.from'), fromIn),
    field(t('log.to'), toIn),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')), clear),
    formError, actors);

  const list = pagedList({
    label: t('log.title'),
    path: '/log',
    query: () => ({ kind: state.kind, actor: state.actor, what: state.what, from: state.from, to: state.to }),
    state,
    hash: '#/logg',
    keys: KEYS,
    count: (n) => tn('log.count', n),
    empty: t('log.none'),
    tableClass: 'table table-log',
    columns: [t('log.at'), t('log.kind'), t('log.actor'), t('log.what'), t('log.action'), t('log.detail')].map((label) => ({ label })),
    row: (e) => (e.kind === 'write' ? writeRows(e, 6) : eventRow(e)),
  });
  view.append(pageHead(t('log.title'), t('log.lead')), h('div', { class: 'card card-filters' }, form), list.el);

  // The user names, for picking the actor.
  if (can('user.admin')) {
    api.getAll('/users', {}, 1000).then((users) => {
      for (const u of [...users].sort((a, b) => compareText(a.username, b.username))) {
        actors.append(h('option', { value: u.username }, u.name));
      }
    }).catch(() => {});
  }

  function readForm() {
    state.kind = kindSel.value;
    state.what = whatSel.value;
    state.actor = actorIn.value.trim();
    state.from = fromIn.value;
    state.to = toIn.value;
    state.offset = 0;
  }

  // The dates must be dates, from no later than to; else the field is marked.
  function checkDates() {
    for (const el of [fromIn, toIn]) el.removeAttribute('aria-invalid');
    formError.replaceChildren();
    let bad = null;
    let why = 'log.error.date';
    if (state.from && !DATE_RE.test(state.from)) bad = fromIn;
    else if (state.to && !DATE_RE.test(state.to)) bad = toIn;
    else if (state.from && state.to && state.from > state.to) {
      bad = toIn;
      why = 'log.error.order';
    }
    if (!bad) return true;
    bad.setAttribute('aria-invalid', 'true');
    formError.append(h('p', { class: 'field-error', role: 'alert' }, t(why)));
    bad.focus();
    return false;
  }

  // The first page for the filters, once the dates are right.
  function load() {
    if (checkDates()) list.first();
  }

  for (const el of [kindSel, whatSel, fromIn, toIn]) {
    el.addEventListener('change', () => {
      readForm();
      load();
    });
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    readForm();
    load();
  });
  clear.addEventListener('click', () => {
    for (const el of [kindSel, whatSel, actorIn, fromIn, toIn]) el.value = '';
    readForm();
    load();
  });
  if (checkDates()) list.load();
}

// The choices of "what": every event and entity the UI knows, and the one
// in the address if it is another.
function whatOptions(current) {
  const opt = (kind, v) => ({ value: v, label: has(`${kind}.${v}`) ? `${vocab(kind, v)} (${v})` : v });
  const groups = [
    { value: '', label: t('log.what.any') },
    { group: t('log.what.events'), options: EVENTS.map((v) => opt('event', v)) },
    { group: t('log.what.entities'), options: ENTITIES.map((v) => opt('entity', v)) },
  ];
  if (current && !EVENTS.includes(current) && !ENTITIES.includes(current)) groups.push({ value: current, label: current });
  return groups;
}

function kindBadge(kind) {
  return h('span', { class: ['badge', `log-${kind}`] }, vocab('log_kind', kind));
}

function eventRow(e) {
  const failed = ['login_failed', 'login_locked'].includes(e.what);
  return h('tr', { dataset: { kind: e.kind, what: e.what, id: e.id }, class: failed ? 'log-alert' : null },
    h('td', { class: 'num' }, fmtDateTime(e.at)),
    h('td', null, kindBadge(e.kind)),
    h('td', { class: 'log-actor' }, e.actor),
    h('td', { class: 'log-what' }, vocab('event', e.what)),
    h('td', null, t('common.none')),
    h('td', { class: 'log-detail' }, e.detail || ''));
}

// A value of a record as the diff shows it.
function show(v) {
  if (v === undefined || v === null || v === '') return t('common.none');
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// The fields of a change: [{ key, before, after, changed }], in the order
// of the records.
function diff(before, after) {
  const b = before && typeof before === 'object' ? before : {};
  const a = after && typeof after === 'object' ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => ({
    key,
    before: b[key],
    after: a[key],
    changed: JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null),
  }));
}

// A data change: a row with its changed fields in short and a button that
// opens the whole before/after comparison in the row below.
function writeRows(e, cols) {
  const fields = diff(e.before, e.after);
  const changed = fields.filter((f) => f.changed);
  // An insert, or an update whose earlier values the audit did not keep,
  // has only new values; a delete only old ones.
  const onlyAfter = e.action === 'insert' || (e.action === 'update' && !e.before);
  // A new or removed record is shown whole behind the button; a change
  // names its changed fields here.
  const summed = e.action === 'update' ? changed : [];
  const summary = summed.slice(0, SUMMARY_FIELDS).map((f) => h('li', null,
    h('span', { class: 'diff-key' }, f.key), ': ',
    onlyAfter ? show(f.after) : e.action === 'delete' ? show(f.before) : [
      h('del', null, show(f.before)), ' → ', h('ins', null, show(f.after))]));
  const detailId = nextId('diff');
  const toggle = h('button', {
    type: 'button', class: 'btn btn-small btn-quiet', 'aria-expanded': 'false', 'aria-controls': detailId, dataset: { action: 'diff' },
  }, t(e.action === 'update' ? 'log.diff.show' : 'log.diff.record', { n: fields.length }));
  const detail = h('tr', { class: 'log-diff-row', id: detailId, hidden: true }, h('td', { colspan: String(cols) }, diffTable(e, fields)));
  toggle.addEventListener('click', () => {
    const open = detail.hidden;
    detail.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? t('log.diff.hide') : t(e.action === 'update' ? 'log.diff.show' : 'log.diff.record', { n: fields.length });
  });
  const row = h('tr', { dataset: { kind: e.kind, what: e.what, id: e.id, action: e.action || '' } },
    h('td', { class: 'num' }, fmtDateTime(e.at)),
    h('td', null, kindBadge(e.kind)),
    h('td', { class: 'log-actor' }, e.actor),
    h('td', { class: 'log-what' }, vocab('entity', e.what), e.entity_id ? h('span', { class: 'muted' }, ` #${e.entity_id}`) : null),
    h('td', null, h('span', { class: ['badge', `log-action-${e.action}`] }, vocab('audit_action', e.action))),
    h('td', { class: 'log-detail' },
      summary.length ? h('ul', { class: 'diff-summary' }, summary,
        summed.length > SUMMARY_FIELDS ? h('li', { class: 'muted' }, t('log.diff.more', { n: summed.length - SUMMARY_FIELDS })) : null) : null,
      fields.length ? toggle : null));
  return [row, detail];
}

// Field, before and after side by side, the fields that changed marked;
// a new or removed record as its fields and values.
function diffTable(e, fields) {
  if (!fields.length) return empty(t('log.diff.none'));
  const caption = h('caption', null, t('log.diff.caption', { what: vocab('entity', e.what), id: e.entity_id ?? '', action: vocab('audit_action', e.action) }));
  if (e.action === 'insert' || e.action === 'delete') {
    const rec = e.action === 'insert' ? e.after : e.before;
    return h('table', { class: 'table diff diff-record' }, caption,
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('log.diff.field')),
        h('th', { scope: 'col' }, t('log.diff.value')))),
      h('tbody', null, fields.map((f) => h('tr', { dataset: { field: f.key } },
        h('th', { scope: 'row' }, f.key),
        h('td', { class: 'diff-value' }, show(rec ? rec[f.key] : null))))));
  }
  return h('table', { class: 'table diff' }, caption,
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('log.diff.field')),
      h('th', { scope: 'col' }, t('log.diff.before')),
      h('th', { scope: 'col' }, t('log.diff.after')))),
    h('tbody', null, fields.map((f) => h('tr', { class: f.changed ? 'diff-changed' : 'diff-same', dataset: { field: f.key } },
      h('th', { scope: 'row' }, f.key, f.changed ? h('span', { class: 'visually-hidden' }, ` (${t('log.diff.changed')})`) : null),
      h('td', { class: 'diff-before' }, e.before ? show(f.before) : t('log.diff.not_kept')),
      h('td', { class: 'diff-after' }, e.after ? show(f.after) : t('common.none'))))));
}
