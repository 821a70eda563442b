// Bokningar: the region's inbox of requests to accept or decline, the
// confirmed bookings (which can be cancelled with a reason) and the most
// recent cancellations.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtDateTime, specialtyName, compareText } from '../i18n.js';
import { currentWeek } from '../weeks.js';
import {
  pageHead, errorBox, loading, empty, field, select, pager, table, shortNoticeBadge, period, bookingActions,
} from '../components.js';

const TABS = ['requested', 'confirmed', 'cancelled'];
const LIMIT = 50;

function writeHash(state) {
  const q = new URLSearchParams();
  if (state.tab !== 'requested') q.set('tab', state.tab);
  if (state.unit) q.set('unit', state.unit);
  if (state.specialty) q.set('specialty', state.specialty);
  if (state.offset) q.set('offset', String(state.offset));
  const qs = q.toString();
  window.history.replaceState(null, '', `#/bokningar${qs ? `?${qs}` : ''}`);
}

export function render(view, { query }) {
  const state = {
    tab: TABS.includes(query.get('tab')) ? query.get('tab') : 'requested',
    unit: query.get('unit') || '',
    specialty: query.get('specialty') || '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
  };

  const unitSel = select([{ value: '', label: t('bookings.unit.any') }], state.unit, { name: 'unit' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const filters = h('form', { class: 'filters', role: 'search' },
    field(t('bookings.unit'), unitSel, { className: 'field-wide' }),
    field(t('bookings.specialty'), spSel, { className: 'field-wide' }));
  filters.addEventListener('submit', (ev) => ev.preventDefault());

  const tabButtons = TABS.map((tab) => h('button', {
    type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': 'bookings-panel', dataset: { tab },
  }, h('span', { class: 'tab-label' }, t(`bookings.tab.${tab}`)), h('span', { class: 'tab-count' })));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('bookings.tabs') }, tabButtons);
  const panel = h('div', { class: 'tabpanel card', role: 'tabpanel', id: 'bookings-panel', tabindex: '0' });
  const count = h('p', { class: 'list-count', 'aria-live': 'polite' });

  view.append(pageHead(t('bookings.title'), t('bookings.lead')),
    h('div', { class: 'card card-filters' }, filters), tablist, h('div', null, count, panel));

  // The selects fill when the reference lists arrive.
  Promise.all([api.units(), api.specialties()]).then(([units, specialties]) => {
    const spById = new Map(specialties.map((sp) => [sp.id, sp]));
    const groups = new Map();
    for (const u of units) {
      const sid = u.specialty ? u.specialty.id : 0;
      if (!groups.has(sid)) groups.set(sid, []);
      groups.get(sid).push(u);
    }
    const ordered = [...groups.entries()].map(([sid, list]) => ({
      group: specialtyName(spById.get(sid) || list[0].specialty),
      options: list.sort((a, b) => compareText(a.name, b.name)).map((u) => ({ value: u.id, label: u.name })),
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

  async function loadCounts() {
    await Promise.all(TABS.map(async (tab) => {
      const el = tabButtons[TABS.indexOf(tab)].querySelector('.tab-count');
      try {
        const page = await api.get('/bookings', { ...tabQuery(tab), limit: 1 });
        el.textContent = fmtNumber(page.total);
        el.dataset.count = String(page.total);
      } catch {
        el.textContent = '';
      }
    }));
  }

  let seq = 0;
  async function load() {
    const mine = ++seq;
    writeHash(state);
    paintTabs();
    panel.setAttribute('aria-busy', 'true');
    if (!panel.firstChild) panel.append(loading());
    try {
      let items;
      let total;
      let pageInfo = null;
      if (state.tab === 'cancelled') {
        // The most recent first: every cancellation is read and sorted here.
        const all = await api.getAll('/bookings', tabQuery('cancelled'));
        all.sort((a, b) => compareText(b.updated_at, a.updated_at) || b.id - a.id);
        total = all.length;
        items = all.slice(state.offset, state.offset + LIMIT);
        pageInfo = { total, limit: LIMIT, offset: state.offset };
      } else {
        const page = await api.get('/bookings', { ...tabQuery(state.tab), limit: LIMIT, offset: state.offset });
        items = page.items;
        total = page.total;
        pageInfo = { total, limit: page.limit || LIMIT, offset: page.offset || 0 };
      }
      if (mine !== seq) return;
      count.textContent = tn('bookings.count', total);
      if (!items.length) {
        replace(panel, empty(t(`bookings.none.${state.tab}`)));
        return;
      }
      replace(panel, bookingTable(state.tab, items, changed),
        pager(pageInfo, (offset) => {
          state.offset = offset;
          load();
        }));
    } catch (e) {
      if (mine !== seq) return;
      count.textContent = '';
      replace(panel, errorBox(e));
    } finally {
      if (mine === seq) panel.removeAttribute('aria-busy');
    }
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
  for (const [el, key] of [[unitSel, 'unit'], [spSel, 'specialty']]) {
    el.addEventListener('change', () => {
      state[key] = el.value;
      state.offset = 0;
      changed();
    });
  }
  changed();
}

function bookingTable(tab, items, onChange) {
  const headers = [t('bookings.trainee'), t('bookings.unit'), t('bookings.specialty'), t('bookings.period'), t('bookings.pattern'), t('bookings.weeks')];
  if (tab === 'cancelled') headers.push(t('bookings.reason'), t('bookings.updated'));
  else headers.push(t('bookings.created'), t('bookings.actions'));
  return table(headers, items.map((b) => h('tr', { dataset: { booking: b.id, status: b.status } },
    h('td', null, h('a', { href: `#/st-lakare/${b.trainee.id}` }, b.trainee.name)),
    h('td', null, h('a', { href: `#/enheter/${b.unit.id}` }, b.unit.name)),
    h('td', null, specialtyName(b.specialty)),
    h('td', { class: 'num' }, period(b), ' ', shortNoticeBadge(b)),
    h('td', null, vocab('pattern', b.pattern)),
    h('td', { class: 'num' }, String(b.weeks)),
    tab === 'cancelled'
      ? [h('td', { class: 'reason' }, vocab('reason', b.cancel_reason)), h('td', { class: 'num' }, fmtDateTime(b.updated_at))]
      : [h('td', { class: 'num' }, fmtDateTime(b.created_at)), h('td', null, bookingActions(b, onChange))])),
  { class: 'table table-bookings' });
}
