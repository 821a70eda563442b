// The paged list every list page shares: one page of items in a table (or
// drawn by the page), its count, the pager, and its loading, empty and
// error states; the page's filters and offset kept in the address.
//
// How to use it:
//
//   const state = readState(query, ['q', 'specialty']);   // from the address
//   const list = pagedList({
//     label: t('trainees.title'),             // names the table (caption) and the pager
//     path: '/trainees',                      // GET path?...&limit=&offset= answers
//     query: () => ({ q: state.q }),          //   { items, total, limit, offset }
//     state,                                  // the filters and the offset (state.offset)
//     hash: '#/st-lakare', keys: ['q', 'specialty'],   // written to the address on each load
//     limit: 50,
//     count: (n) => tn('trainees.count', n),  // the count above the list (omit: none)
//     empty: t('trainees.none'),              // the empty state (default "Inget att visa.")
//     columns: [
//       { label: t('trainees.name'), cell: (tr) => h('a', { href: `#/st-lakare/${tr.id}` }, tr.name) },
//       { label: t('trainees.start'), cell: (tr) => fmtDate(tr.start_date), num: true },
//     ],
//   });
//   view.append(filters, list.el);
//   wireFilters(list, { form, search: qIn, selects: [[spSel, 'specialty']] });
//   list.load();
//
// Other options: fetch(offset, limit) in place of path and query (for a
// list the page holds itself, answer with pageOf(all, offset, limit));
// rowAttrs(item) for the attributes of a row; row(item, list) for rows of
// the page's own ([tr, detail tr] is fine); render(items, list) for
// something other than a table; tableClass; columns as a function when
// they depend on the state; className of list.el; slot, an element of the
// page's own to hold the list (a tab panel); scroll, to bring the list's
// top into view after a page change; onRender(page) after each page shows.
//
// list.load() shows the current page again, list.first() the first page
// (after a filter changed); list.el holds the count and the list,
// list.count and list.slot are its parts.

import { h, replace } from './dom.js';
import * as api from './api.js';
import { t, fmtNumber } from './i18n.js';
import { errorBox, loading, empty, table } from './components.js';

const LIMIT = 50;

// The list state in the address: each of keys (or its default) and the
// offset.
export function readState(query, keys, defaults = {}) {
  const state = {};
  for (const k of keys) state[k] = query.get(k) || defaults[k] || '';
  state.offset = Math.max(0, Math.floor(Number(query.get('offset'))) || 0);
  return state;
}

// Writes the state's keys that have a value other than their default, and
// the offset, into the address without a new history entry.
export function writeState(hash, state, keys, defaults = {}) {
  const q = new URLSearchParams();
  for (const k of keys) if (state[k] && state[k] !== defaults[k]) q.set(k, state[k]);
  if (state.offset) q.set('offset', String(state.offset));
  const qs = q.toString();
  window.history.replaceState(null, '', `${hash}${qs ? `?${qs}` : ''}`);
}

// A page of a list held whole: what the API would answer.
export function pageOf(all, offset, limit) {
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
}

// The pager: previous, "51–100 av 1 400" (read out when it changes) and
// next. It stays in place between pages, so that the button pressed keeps
// the focus (or the other one, when it can go no further).
function pager(label, onPage) {
  const prev = h('button', { type: 'button', class: 'btn', dataset: { page: 'prev' }, 'aria-label': t('list.prev_page') },
    h('span', { 'aria-hidden': 'true' }, '← '), t('common.prev'));
  const next = h('button', { type: 'button', class: 'btn', dataset: { page: 'next' }, 'aria-label': t('list.next_page') },
    t('common.next'), h('span', { 'aria-hidden': 'true' }, ' →'));
  const range = h('span', { class: 'pager-range', 'aria-live': 'polite' });
  const el = h('nav', { class: 'pager', hidden: true }, prev, range, next);
  let at = { total: 0, limit: LIMIT, offset: 0 };
  prev.addEventListener('click', () => onPage(Math.max(0, at.offset - at.limit)));
  next.addEventListener('click', () => onPage(at.offset + at.limit));

  function set(p) {
    if (!p || (p.total <= p.limit && p.offset === 0)) {
      el.hidden = true;
      return;
    }
    at = p;
    const focused = document.activeElement;
    const from = p.total === 0 ? 0 : Math.min(p.offset + 1, p.total);
    const to = Math.min(p.offset + p.limit, p.total);
    const pages = Math.max(1, Math.ceil(p.total / p.limit));
    const page = Math.min(pages, Math.floor(p.offset / p.limit) + 1);
    const where = t('common.page_of', { page, pages });
    el.setAttribute('aria-label', label ? t('list.pager', { label, where }) : where);
    range.textContent = t('common.range', { from: fmtNumber(from), to: fmtNumber(to), total: fmtNumber(p.total) });
    prev.disabled = p.offset === 0;
    next.disabled = to >= p.total;
    el.hidden = false;
    if ((focused === prev || focused === next) && focused.disabled) (focused === prev ? next : prev).focus();
  }
  return { el, set };
}

export function pagedList(o) {
  const state = o.state || {};
  if (!(state.offset >= 0)) state.offset = 0;
  const limit = o.limit || LIMIT;
  const fetchPage = o.fetch || ((offset, lim) => api.get(o.path, { ...(o.query ? o.query() : {}), limit: lim, offset }));
  const count = o.count ? h('p', { class: 'list-count', role: 'status', 'aria-live': 'polite' }) : null;
  const body = h('div', { class: 'list-body' }, loading());
  const slot = o.slot || h('div', { class: 'list-slot' });
  const nav = pager(o.label, (offset) => {
    state.offset = offset;
    load();
    if (o.scroll) slot.scrollIntoView({ block: 'start' });
  });
  slot.replaceChildren(body, nav.el);
  const list = {
    el: h('div', { class: ['list', o.className] }, count, slot),
    count,
    slot,
    state,
    load,
    first() {
      state.offset = 0;
      return load();
    },
  };

  const columns = () => (typeof o.columns === 'function' ? o.columns() : o.columns || []);
  const emptyText = () => (typeof o.empty === 'function' ? o.empty() : o.empty);

  function rows(items, cols) {
    if (o.row) return items.map((it) => o.row(it, list));
    return items.map((it) => h('tr', o.rowAttrs ? o.rowAttrs(it) : null,
      cols.map((c) => h('td', { class: [c.num ? 'num' : null, c.className] }, c.cell(it)))));
  }

  let seq = 0;
  // Shows the page at state.offset; one past the end (its last row went
  // away, or an old address) shows the last page instead, once.
  async function show(retreat) {
    const mine = ++seq;
    if (o.hash) writeState(o.hash, state, o.keys || [], o.defaults);
    slot.setAttribute('aria-busy', 'true');
    let page;
    try {
      page = await fetchPage(state.offset, limit);
    } catch (e) {
      if (mine !== seq) return;
      if (count) count.textContent = '';
      replace(body, errorBox(e));
      nav.set(null);
      slot.removeAttribute('aria-busy');
      return;
    }
    if (mine !== seq) return;
    const lim = page.limit || limit;
    const offset = page.offset ?? state.offset;
    if (retreat && !page.items.length && offset > 0 && page.total > 0) {
      state.offset = Math.floor((page.total - 1) / lim) * lim;
      show(false);
      return;
    }
    if (count) count.textContent = o.count(page.total);
    if (!page.items.length) {
      replace(body, empty(emptyText()));
    } else if (o.render) {
      replace(body, o.render(page.items, list));
    } else {
      const cols = columns();
      replace(body, table(cols.map((c) => c.label), rows(page.items, cols), { class: o.tableClass, caption: o.label }));
    }
    nav.set({ total: page.total, limit: lim, offset });
    slot.removeAttribute('aria-busy');
    if (o.onRender) o.onRender(page);
  }
  function load() {
    return show(true);
  }
  return list;
}

// Wires a list's filters: typing in the search field (after a pause),
// changing one of the selects ([element, state key] pairs) or submitting
// the form sets the list's state and shows its first page; then onChange().
export function wireFilters(list, { form, search, selects = [], onChange }) {
  const state = list.state;
  let timer = null;
  const reload = () => {
    list.first();
    if (onChange) onChange();
  };
  if (search) {
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.q = search.value.trim();
        reload();
      }, 250);
    });
  }
  for (const [el, key] of selects) {
    el.addEventListener('change', () => {
      state[key] = el.value;
      reload();
    });
  }
  if (form) {
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearTimeout(timer);
      if (search) state.q = search.value.trim();
      reload();
    });
  }
}
