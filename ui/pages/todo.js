// Att göra: what is due within 30 days or overdue for the trainees in the
// user's scope (contracts, plans, revisions, bookings, BT certificates,
// the feedback and the assessment a rotation lacks two weeks after its
// end), the plans waiting for an approval the user gives, and the quality
// reviews due of the units whose reviews the user records (no trainee:
// linked to the unit's page), approvals first, in the shared paged list;
// "Visa per dag" looks from another day.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDate } from '../i18n.js';
import { pageHead, field, showFieldError, clearFieldErrors } from '../components.js';
import { pagedList, readState } from '../list.js';

const KEYS = ['on'];
// The kinds of a unit's quality review that is due.
const REVIEWS = ['stins', 'spur'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function render(view, { query }) {
  const state = readState(query, KEYS);
  const onIn = h('input', {
    type: 'text', name: 'on', 'data-field': 'on', value: state.on, placeholder: t('log.date.placeholder'),
    pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', inputmode: 'numeric', autocomplete: 'off', maxlength: '10',
  });
  const today = h('button', { type: 'button', class: 'btn', dataset: { action: 'today' } }, t('todo.today'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'filters todo-filters', role: 'search', novalidate: true },
    field(t('todo.on'), onIn, { hint: t('todo.on.hint') }),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('todo.show')), today),
    errSlot);
  const seen = h('p', { class: 'todo-on muted', 'aria-live': 'polite' });

  const list = pagedList({
    label: t('todo.title'),
    // A day the server refuses is shown at the day picker too.
    fetch: async (offset, limit) => {
      try {
        return await api.get('/todo', { on: state.on, limit, offset });
      } catch (e) {
        if (e.field === 'on') showFieldError(form, errSlot, e);
        throw e;
      }
    },
    state,
    hash: '#/att-gora',
    keys: KEYS,
    count: (n) => tn('todo.count', n),
    empty: t('todo.none'),
    tableClass: 'table table-todo',
    scroll: true,
    columns: [
      { label: t('todo.what'), cell: (it) => what(it) },
      { label: t('todo.trainee'), cell: (it) => (it.trainee ? h('a', { href: `#/st-lakare/${it.trainee.id}`, dataset: { trainee: it.trainee.id } }, it.trainee.name) : t('common.none')) },
      { label: t('todo.due'), cell: (it) => (it.due ? fmtDate(it.due) : t('common.none')), num: true },
      { label: t('todo.state'), cell: (it) => h('span', { class: ['badge', `todo-${it.state}`], dataset: { state: it.state } }, vocab('todo_state', it.state)) },
    ],
    rowAttrs: (it) => ({
      dataset: {
        kind: it.kind, state: it.state, ...(it.trainee ? { trainee: it.trainee.id } : {}),
        ...(it.booking_id ? { booking: it.booking_id } : {}), ...(REVIEWS.includes(it.kind) ? { unit: it.unit.id } : {}),
      },
    }),
    onRender: (page) => {
      seen.textContent = page.on ? t('todo.seen_from', { date: fmtDate(page.on) }) : '';
    },
  });
  view.append(pageHead(t('todo.title'), t('todo.lead')), h('div', { class: 'card card-filters' }, form), seen, list.el);

  function set(on) {
    clearFieldErrors(form, errSlot);
    if (on && !DATE_RE.test(on)) {
      showFieldError(form, errSlot, { field: 'on', message: t('log.error.date') });
      return;
    }
    state.on = on;
    list.first();
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    set(onIn.value.trim());
  });
  today.addEventListener('click', () => {
    onIn.value = '';
    set('');
  });
  list.load();
}

// What is due: the deadline, the approval with the role it waits for, or
// the feedback or assessment a rotation still lacks, linked to its
// documentation.
function what(it) {
  if ((it.kind === 'feedback' || it.kind === 'assessment') && it.booking_id) {
    return [h('a', { href: `#/randningar/${it.booking_id}`, class: 'rotation-link', dataset: { rotation: it.booking_id } }, vocab('todo_kind', it.kind)),
      it.unit ? h('span', { class: 'unit-meta' }, t('todo.rotation_at', { unit: it.unit.name })) : null];
  }
  if (REVIEWS.includes(it.kind) && it.unit) {
    return [h('a', { href: `#/enheter/${it.unit.id}`, class: 'review-link', dataset: { unit: it.unit.id } }, vocab('todo_kind', it.kind)),
      h('span', { class: 'unit-meta' }, t('todo.review_at', { unit: it.unit.name }),
        it.last_review ? ` · ${t('reviews.due.last', { date: fmtDate(it.last_review) })}` : ` · ${t('reviews.due.never')}`)];
  }
  if (it.kind === 'approval') {
    return [h('span', null, vocab('todo_kind', 'approval')),
      h('span', { class: 'unit-meta' }, t('todo.approval_as', { role: vocab('approver', it.role), n: it.version }))];
  }
  return vocab('deadline', it.kind);
}
