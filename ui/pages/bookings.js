// Bokningar: the region's inbox of requests to accept or decline, the
// confirmed bookings (which can be cancelled with a reason) and the most
// recent cancellations, each linked to the rotation's documentation.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtDateTime, specialtyName, compareText } from '../i18n.js';
import { currentWeek } from '../weeks.js';
import {
  pageHead, errorBox, field, select, shortNoticeBadge, period, bookingActions, rotationLink,
} from '../components.js';
import { pagedList, pageOf, readState, wireFilters } from '../list.js';
import { exportLinks } from '../components.js';

const TABS = ['requested', 'confirmed', 'cancelled'];
const KEYS = ['tab', 'unit', 'specialty'];
const DEFAULTS = { tab: 'requested' };

export function render(view, { query }) {
  const state = readState(query, KEYS, DEFAULTS);
  if (!TABS.includes(state.tab)) state.tab = DEFAULTS.tab;

  const unitSel = select([{ value: '', label: t('bookings.unit.any') }], state.unit, { name: 'unit' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const filters = h('form', { class: 'filters', role: 'search' },
    field(t('bookings.unit'), unitSel, { className: 'field-wide' }),
    field(t('bookings.specialty'), spSel, { className: 'field-wide' }));

  const tabButtons = TABS.map((tab) => h('button', {
    type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': 'bookings-panel', dataset: { tab },
  }, h('span', { class: 'tab-label' }, t(`bookings.tab.${tab}`)), h('span', { class: 'tab-count' })));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('bookings.tabs') }, tabButtons);
  const panel = h('div', { class: 'tabpanel card', role: 'tabpanel', id: 'bookings-panel', tabindex: '0' });
  const list = pagedList({
    label: t('bookings.title'),
    fetch: (offset, limit) => (state.tab === 'cancelled'
      ? cancelledPage(offset, limit)
      : api.get('/bookings', { ...tabQuery(state.tab), limit, offset })),
    state,
    hash: '#/bokningar',
    keys: KEYS,
    defaults: DEFAULTS,
    slot: panel,
    count: (n) => tn('bookings.count', n),
    empty: () => t(`bookings.none.${state.tab}`),
    tableClass: 'table table-bookings',
    rowAttrs: (b) => ({ dataset: { booking: b.id, status: b.status } }),
    columns: () => bookingColumns(state.tab, changed),
  });

  view.append(pageHead(t('bookings.title'), t('bookings.lead')),
    h('div', { class: 'card card-filters' }, filters), tablist, list.el);
  // Exportera: the tab's bookings with the filters, as Excel or CSV.
  view.querySelector('.page-head').append(exportLinks('/bookings', () => tabQuery(state.tab), t('bookings.title')));

  // The selects fill when the reference lists arrive.
  Promise.all([api.units(), api.specialties()]).then(([units, specialties]) => {
    const spById = new Map(specialties.map((sp) => [sp.id, sp]));
    const groups = new Map();
    for (const u of units) {
      const sid = u.specialty ? u.specialty.id : 0;
      if (!groups.has(sid)) groups.set(sid, []);
      groups.get(sid).push(u);
    }
    const ordered = [...groups.entries()].map(([sid, inGroup]) => ({
      group: specialtyName(spById.get(sid) || inGroup[0].specialty),
      options: inGroup.sort((a, b) => compareText(a.name, b.name)).map((u) => ({ value: u.id, label: u.name })),
    })).sort((a, b) => compareText(a.group, b.group));
    for (const g of ordered) {
      unitSel.append(h('optgroup', { label: g.group },
        g.options.map((o) => h('option', { value: String(o.value), selected: String(o.value) === state.unit }, o.label))));
    }
    const sps = [...specialties].sort((a, b) => compareText(specialtyName(a), specialtyName(b)));
    for (const sp of sps) spSel.append(h('option', { value: String(sp.id), selected: String(sp.id) === state.specialty }, specialtyName(sp)));
  }).catch((e) => filters.append(errorBox(e)));

  function filterQuery() {
    return { unit: state.unit, specialty: state.specialty };
  }

  // The query of a tab: confirmed bookings are those not yet over, soonest
  // first.
  function tabQuery(tab) {
    const q = { ...filterQuery(), status: tab };
    if (tab === 'confirmed') {
      q.from = currentWeek();
      q.sort = 'start'; // what comes next first: those are the ones to cancel
    }
    return q;
  }

  function paintTabs() {
    for (const b of tabButtons) {
      const on = b.dataset.tab === state.tab;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${state.tab}`);
  }

  // The counts of the latest filters: an answer to earlier ones that comes
  // later is dropped, as the list drops its own.
  let countsSeq = 0;
  async function loadCounts() {
    const mine = ++countsSeq;
    await Promise.all(TABS.map(async (tab) => {
      const el = tabButtons[TABS.indexOf(tab)].querySelector('.tab-count');
      try {
        const page = await api.get('/bookings', { ...tabQuery(tab), limit: 1 });
        if (mine !== countsSeq) return;
        el.textContent = fmtNumber(page.total);
        el.dataset.count = String(page.total);
      } catch {
        if (mine === countsSeq) el.textContent = '';
      }
    }));
  }

  // The most recent cancellations first: every one is read and sorted here.
  async function cancelledPage(offset, limit) {
    const all = await api.getAll('/bookings', tabQuery('cancelled'));
    all.sort((a, b) => compareText(b.updated_at, a.updated_at) || b.id - a.id);
    return pageOf(all, offset, limit);
  }

  function load() {
    paintTabs();
    return list.load();
  }

  function changed() {
    load();
    loadCounts();
  }

  function selectTab(tab, focus) {
    state.tab = tab;
    state.offset = 0;
    load();
    if (focus) tabButtons[TABS.indexOf(tab)].focus();
  }

  tablist.addEventListener('click', (ev) => {
    const b = ev.target.closest('[role="tab"]');
    if (b) selectTab(b.dataset.tab, false);
  });
  tablist.addEventListener('keydown', (ev) => {
    const i = TABS.indexOf(state.tab);
    let next = null;
    if (ev.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length];
    else if (ev.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (ev.key === 'Home') next = TABS[0];
    else if (ev.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    ev.preventDefault();
    selectTab(next, true);
  });
  wireFilters(list, { form: filters, selects: [[unitSel, 'unit'], [spSel, 'specialty']], onChange: loadCounts });
  changed();
}

// The columns of a tab's table: who, where, when, and then the reason and
// time of a cancellation or the time of the request and its actions.
function bookingColumns(tab, onChange) {
  const cols = [
    { label: t('bookings.trainee'), cell: (b) => h('a', { href: `#/st-lakare/${b.trainee.id}` }, b.trainee.name) },
    { label: t('bookings.unit'), cell: (b) => h('a', { href: `#/enheter/${b.unit.id}` }, b.unit.name) },
    { label: t('bookings.specialty'), cell: (b) => specialtyName(b.specialty) },
    { label: t('bookings.period'), cell: (b) => [period(b), ' ', shortNoticeBadge(b)], num: true },
    { label: t('bookings.pattern'), cell: (b) => vocab('pattern', b.pattern) },
    { label: t('bookings.weeks'), cell: (b) => String(b.weeks), num: true },
    { label: t('rotation.documentation'), cell: (b) => rotationLink(b) },
  ];
  if (tab === 'cancelled') {
    cols.push({ label: t('bookings.reason'), cell: (b) => vocab('reason', b.cancel_reason), className: 'reason' },
      { label: t('bookings.updated'), cell: (b) => fmtDateTime(b.updated_at), num: true });
  } else {
    cols.push({ label: t('bookings.created'), cell: (b) => fmtDateTime(b.created_at), num: true },
      { label: t('bookings.actions'), cell: (b) => bookingActions(b, onChange) });
  }
  return cols;
}
