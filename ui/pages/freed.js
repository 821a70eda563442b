// Lediga platser (issue 14): the places freed by a cancelled booking or by
// capacity added (#/lediga), and one freed place (#/lediga/ID): its
// candidates ranked by how much the place improves their plan, with the
// reasons, and for the receiving unit the offers: to chosen candidates by
// hand, or automatically to the next ones, each with an answer deadline.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtNumber, fmtDateTime, fmtWeeks, specialtyName } from '../i18n.js';
import { pageHead, section, errorBox, loading, field, select, notify, showFieldError, clearFieldErrors } from '../components.js';
import { pagedList, readState, wireFilters } from '../list.js';
import { can } from '../session.js';
import { access, unitSubject } from '../access.js';
import { weeksText, offerBadge, reasonText, causeText } from '../reoffer.js';

const HOURS = [24, 48, 72, 168];

export function render(view, { params, query }) {
  if (params && params[0]) place(view, Number(params[0]));
  else list(view, query);
}

// ---- the list ----

function stateBadge(f) {
  return h('span', { class: ['badge', `freed-${f.state}`], dataset: { state: f.state } }, vocab('freedstate', f.state));
}

function list(view, query) {
  const state = readState(query, ['open', 'unit'], { open: 'true' });
  const openSel = select([
    { value: 'true', label: t('freed.filter.open') },
    { value: 'false', label: t('freed.filter.closed') },
    { value: 'all', label: t('freed.filter.all') },
  ], state.open, { name: 'open' });
  const form = h('form', { class: 'filters card card-filters', 'aria-label': t('freed.filters') }, field(t('freed.filter'), openSel));
  const l = pagedList({
    label: t('freed.title'),
    path: '/freed',
    query: () => ({ open: state.open === 'all' ? '' : state.open, unit: state.unit }),
    state,
    hash: '#/lediga',
    keys: ['open', 'unit'],
    defaults: { open: 'true' },
    count: (n) => tn('freed.count', n),
    empty: t('freed.none'),
    rowAttrs: (f) => ({ dataset: { freed: f.id, state: f.state } }),
    columns: [
      { label: t('freed.unit'), cell: (f) => h('a', { href: `#/lediga/${f.id}` }, f.unit.name) },
      { label: t('freed.specialty'), cell: (f) => specialtyName(f.specialty) },
      { label: t('freed.weeks'), cell: (f) => weeksText(f) },
      { label: t('freed.seats'), cell: (f) => fmtNumber(f.seats), num: true },
      { label: t('freed.cause'), cell: (f) => causeText(f) },
      { label: t('freed.freed_at'), cell: (f) => fmtDateTime(f.freed_at) },
      { label: t('freed.state'), cell: (f) => stateBadge(f) },
      { label: t('freed.offers_open'), cell: (f) => fmtNumber(f.offers_open), num: true },
    ],
  });
  view.append(pageHead(t('freed.title'), t('freed.lead')), form, l.el);
  wireFilters(l, { form, selects: [[openSel, 'open']] });
  l.load();
}

// ---- one place ----

function place(view, id) {
  const head = pageHead(t('freed.place'));
  const body = h('div', { class: 'page-body' }, loading());
  view.append(head, body);
  let f;
  (async () => {
    try {
      f = await api.get(`/freed/${id}`);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    const may = await access();
    const mayOffer = can('offer.make') && may('offer.make', unitSubject(f.unit));
    const title = `${f.unit.name}, ${weeksText(f)}`;
    replace(head.querySelector('h1'), title);
    document.title = `${title} – ${t('app.name')}`;
    head.append(h('p', { class: 'lead' }, t('freed.place.lead')));
    const offerList = can('offer.read') ? offersOfPlace(f, mayOffer) : null;
    const candidates = can('candidates.read') ? candidatesOfPlace(f, mayOffer, () => {
      reread();
      if (offerList) offerList.load();
    }) : null;
    const factsSlot = h('div', null, facts(f));
    const autoSlot = h('div', null, mayOffer && f.state === 'open' ? autoForm(f, (g) => {
      f = g;
      replace(factsSlot, facts(f));
      if (offerList) offerList.load();
      if (candidates) candidates.load();
    }) : null);
    replace(body,
      factsSlot,
      candidates ? section(t('freed.candidates'), h('p', { class: 'hint' }, t('freed.candidates.lead')), candidates.el) : null,
      mayOffer && f.state === 'open' ? section(t('freed.auto'), h('p', { class: 'hint' }, t('freed.auto.lead')), autoSlot) : null,
      offerList ? section(t('freed.offers'), offerList.el) : null);
    async function reread() {
      try {
        f = await api.get(`/freed/${id}`);
        replace(factsSlot, facts(f));
      } catch {
        // The facts stay as they were; the lists tell what changed.
      }
    }
  })();
}

function facts(f) {
  const row = (label, value) => h('div', null, h('dt', null, label), h('dd', null, value));
  return h('dl', { class: 'facts card freed-facts' },
    row(t('freed.unit'), h('a', { href: `#/enheter/${f.unit.id}` }, f.unit.name)),
    row(t('freed.specialty'), specialtyName(f.specialty)),
    row(t('freed.weeks'), weeksText(f)),
    row(t('freed.seats'), `${fmtNumber(f.seats)} (${vocab('pattern', f.pattern)})`),
    row(t('freed.cause'), causeText(f)),
    row(t('freed.freed_at'), `${fmtDateTime(f.freed_at)} (${f.freed_by})`),
    row(t('freed.state'), stateBadge(f)),
    row(t('freed.auto'), f.auto_offers ? t('freed.auto.on', { n: f.auto_offers, hours: f.answer_hours }) : t('freed.auto.off')));
}

// The ranked candidates, with a box to choose each for an offer (for the
// receiving unit) and the form that sends the offers.
function candidatesOfPlace(f, mayOffer, onOffered) {
  const chosen = new Set();
  const open = f.state === 'open';
  const hoursSel = select(HOURS.map((x) => ({ value: x, label: t('freed.hours', { n: x }) })), 48, { name: 'answer_hours', 'data-field': 'answer_hours' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary', dataset: { action: 'offer' } }, t('freed.offer'));
  const errSlot = h('div', { class: 'form-error' });
  const columns = [
    { label: t('freed.rank'), cell: (c) => String(c.rank), num: true },
    { label: t('freed.trainee'), cell: (c) => [h('a', { href: `#/st-lakare/${c.trainee.id}` }, c.trainee.name), h('span', { class: 'unit-meta' }, c.trainee.home_unit.name)] },
    { label: t('freed.need'), cell: (c) => `${c.need.specialty ? specialtyName(c.need.specialty) : t('freed.need.units')}, ${fmtWeeks(c.need.weeks)}` },
    { label: t('freed.placement'), cell: (c) => weeksText(c.placement) },
    { label: t('freed.gain'), cell: (c) => fmtNumber(c.gain), num: true },
    { label: t('freed.reason'), cell: (c) => reasonCell(c) },
    { label: t('freed.offer_state'), cell: (c) => (c.offer ? offerBadge(c.offer.status) : t('freed.not_offered')) },
  ];
  if (mayOffer && open) {
    columns.unshift({
      label: t('freed.choose'),
      cell: (c) => {
        const box = h('input', {
          type: 'checkbox', name: 'need_ids', value: String(c.need.id), disabled: Boolean(c.offer),
          checked: chosen.has(c.need.id), 'aria-label': t('freed.choose_one', { name: c.trainee.name, rank: c.rank }),
        });
        box.addEventListener('change', () => (box.checked ? chosen.add(c.need.id) : chosen.delete(c.need.id)));
        return box;
      },
    });
  }
  const l = pagedList({
    label: t('freed.candidates'),
    path: `/freed/${f.id}/candidates`,
    limit: 20,
    count: (n) => tn('freed.candidates_n', n),
    empty: open ? t('freed.candidates.none') : t('freed.candidates.closed'),
    rowAttrs: (c) => ({ dataset: { need: c.need.id, rank: c.rank } }),
    columns,
    tableClass: 'table table-candidates',
  });
  l.load();
  if (!(mayOffer && open)) return l;
  const form = h('form', { class: 'offer-form', novalidate: true, 'aria-label': t('freed.offer') },
    h('div', { class: 'field-row', 'data-field': 'need_ids' }, field(t('freed.answer_within'), hoursSel)),
    errSlot,
    h('div', { class: 'form-actions' }, send));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    if (!chosen.size) {
      showFieldError(form, errSlot, { field: 'need_ids', message: t('freed.choose_first') });
      return;
    }
    send.disabled = true;
    try {
      const made = await api.post(`/freed/${f.id}/offers`, { need_ids: [...chosen], answer_hours: Number(hoursSel.value) });
      chosen.clear();
      notify(tn('freed.offered', made.items.length));
      l.load();
      onOffered();
    } catch (e) {
      showFieldError(form, errSlot, e);
    } finally {
      send.disabled = false;
    }
  });
  l.el.append(form);
  return l;
}

function reasonCell(c) {
  const more = c.reasons.slice(1);
  const main = h('span', { class: 'reason' }, reasonText(c));
  if (!more.length) return main;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'sv';
  return [main, h('ul', { class: 'reasons-more' }, more.map((r) => h('li', null, r[lang])))];
}

// Automatic offers: how many open at once, and the time to answer.
function autoForm(f, onSaved) {
  const nSel = select([0, 1, 2, 3, 4, 5].map((n) => ({ value: n, label: n ? t('freed.auto.n', { n }) : t('freed.auto.off') })),
    f.auto_offers, { name: 'auto_offers', 'data-field': 'auto_offers' });
  const hoursSel = select(HOURS.map((x) => ({ value: x, label: t('freed.hours', { n: x }) })), HOURS.includes(f.answer_hours) ? f.answer_hours : 48,
    { name: 'answer_hours', 'data-field': 'answer_hours' });
  const save = h('button', { type: 'submit', class: 'btn', dataset: { action: 'save-auto' } }, t('common.save'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'auto-form', novalidate: true, 'aria-label': t('freed.auto') },
    h('div', { class: 'field-row' }, field(t('freed.auto.count'), nSel), field(t('freed.answer_within'), hoursSel)),
    errSlot, h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    save.disabled = true;
    try {
      const g = await api.patch(`/freed/${f.id}`, { auto_offers: Number(nSel.value), answer_hours: Number(hoursSel.value) });
      notify(g.auto_offers ? t('freed.auto.saved_on', { n: g.auto_offers }) : t('freed.auto.saved_off'));
      onSaved(g);
    } catch (e) {
      showFieldError(form, errSlot, e);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

// The offers of the place, with withdraw for the receiving unit.
function offersOfPlace(f, mayOffer) {
  const l = pagedList({
    label: t('freed.offers'),
    path: '/offers',
    query: () => ({ freed: f.id }),
    limit: 20,
    empty: t('freed.offers.none'),
    rowAttrs: (o) => ({ dataset: { offer: o.id, status: o.status } }),
    columns: [
      { label: t('freed.trainee'), cell: (o) => h('a', { href: `#/st-lakare/${o.trainee.id}` }, o.trainee.name) },
      { label: t('freed.rank'), cell: (o) => String(o.rank), num: true },
      { label: t('freed.placement'), cell: (o) => weeksText(o) },
      { label: t('freed.offered_at'), cell: (o) => `${fmtDateTime(o.offered_at)}${o.automatic ? ` (${t('freed.automatic')})` : ''}` },
      { label: t('offers.deadline'), cell: (o) => fmtDateTime(o.deadline) },
      { label: t('offers.status'), cell: (o) => offerBadge(o.status) },
      { label: t('offers.actions'), cell: (o) => (mayOffer && o.status === 'open' ? withdrawButton(o, () => l.load()) : null) },
    ],
  });
  l.load();
  return l;
}

function withdrawButton(o, onDone) {
  const b = h('button', { type: 'button', class: 'btn btn-quiet', dataset: { action: 'withdraw-offer' }, 'aria-label': `${t('freed.withdraw')}: ${o.trainee.name}` }, t('freed.withdraw'));
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api.post(`/offers/${o.id}/withdraw`);
      notify(t('freed.withdrawn', { name: o.trainee.name }));
      onDone();
    } catch (e) {
      b.disabled = false;
      b.after(errorBox(e));
    }
  });
  return b;
}


