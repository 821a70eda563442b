// Utbyte (#/utbyte, issue 17): the exchange of places with other regions.
// The connected regions and their state, the places this region publishes
// and those it receives (marked with their region), requests in and out,
// swaps proposed with the weeks each region gains, and the exchanges per
// year. What a user may do follows the session's actions.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, tn, fmtNumber, fmtWeek, fmtWeeks, fmtDateTime } from '../i18n.js';
import { pageHead, section, errorBox, errorText, field, select, weekInput, notify } from '../components.js';
import { addWeeks } from '../weeks.js';
import { pagedList } from '../list.js';
import { can } from '../session.js';
import { yearChart } from '../chart.js';

export function render(view) {
  const lists = [];
  const reload = () => lists.forEach((l) => l.load());
  const head = pageHead(t('xch.title'), t('xch.lead'));
  view.append(head);
  api.get('/exchange').then((x) => {
    head.append(h('p', { class: 'hint', dataset: { region: x.region } }, t('xch.self', { code: x.region })));
  }).catch(() => {});
  view.append(peersSection(lists, reload), offersSection(lists, reload), remoteSection(lists, reload),
    requestsSection(lists, reload), swapsSection(lists, reload), historySection());
  reload();
}

// A button that posts to path, then notes done and reloads the lists.
function actionButton(label, aria, path, done, reload, method = 'post', body) {
  const b = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': aria }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api[method](path, body);
      notify(done);
      reload();
    } catch (e) {
      notify(errorText(e), 'error');
      b.disabled = false;
    }
  });
  return b;
}

function badge(kind, value) {
  return h('span', { class: ['badge', `xch-${value}`], dataset: { state: value } }, t(`xch.${kind}.${value}`));
}

// A small form of fields whose submit posts what read() returns.
function form(label, fields, submit, onSubmit) {
  const out = h('p', { role: 'status', class: 'xch-result' });
  const el = h('form', { class: 'card-filters filters', 'aria-label': label }, ...fields,
    h('button', { type: 'submit', class: 'btn' }, submit), out);
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    out.replaceChildren();
    try {
      await onSubmit(out);
      el.reset();
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  });
  return el;
}

const input = (name, attrs = {}) => h('input', { name, ...attrs });

// ---- regions ----

function peersSection(lists, reload) {
  const l = pagedList({
    label: t('xch.peers'),
    path: '/exchange/peers',
    state: {},
    count: (n) => tn('xch.peers.count', n),
    empty: t('xch.peers.none'),
    rowAttrs: (p) => ({ dataset: { peer: p.code, state: p.state } }),
    columns: [
      { label: t('xch.region'), cell: (p) => `${p.name} (${p.code})` },
      { label: t('xch.address'), cell: (p) => p.url },
      { label: t('xch.state'), cell: (p) => badge('peer', p.state) },
      { label: t('xch.trust'), cell: (p) => t(p.pinned ? 'xch.trust.pinned' : p.ca_file ? 'xch.trust.ca' : 'xch.trust.system') },
      { label: t('xch.queued'), cell: (p) => fmtNumber(p.queued), num: true },
      { label: t('xch.failed'), cell: (p) => fmtNumber(p.failed), num: true },
      { label: t('xch.seen'), cell: (p) => (p.seen_at ? fmtDateTime(p.seen_at * 1000) : '–') },
      ...(can('exchange.admin') ? [{
        label: t('xch.actions'),
        cell: (p) => actionButton(t(p.state === 'active' ? 'xch.pause' : 'xch.resume'),
          t(p.state === 'active' ? 'xch.pause.label' : 'xch.resume.label', { name: p.name }),
          `/exchange/peers/${p.id}`, t('xch.saved'), reload, 'patch',
          { state: p.state === 'active' ? 'paused' : 'active' }),
      }] : []),
    ],
  });
  lists.push(l);
  const parts = [l.el];
  if (can('exchange.admin')) {
    const f = {
      code: input('code', { required: true, pattern: '[a-z0-9\\-]{1,32}' }),
      name: input('name', { required: true }),
      url: input('url', { required: true, type: 'url' }),
      pin: input('pin'),
      token: input('token', { autocomplete: 'off' }),
    };
    parts.push(form(t('xch.connect'), [
      field(t('xch.code'), f.code), field(t('xch.name'), f.name), field(t('xch.address'), f.url),
      field(t('xch.pin'), f.pin, { hint: t('xch.pin.hint') }), field(t('xch.token'), f.token, { hint: t('xch.token.hint') }),
    ], t('xch.connect.submit'), async (out) => {
      const body = { code: f.code.value, name: f.name.value, url: f.url.value };
      if (f.pin.value) body.pin = f.pin.value;
      if (f.token.value) body.token = f.token.value;
      const p = await api.post('/exchange/peers', body);
      out.replaceChildren(h('span', null, t('xch.token.once'), ' '), h('code', { dataset: { token: '' } }, p.token));
      reload();
    }));
  }
  return section(t('xch.peers'), ...parts);
}

// ---- offers ----

// An offer's weeks are [from_week, to_week): it is shown, as every other
// range in the UI, with its last included week.
const weeksSpan = (o) => `${fmtWeek(o.from_week)} – ${fmtWeek(addWeeks(o.to_week, -1) || o.to_week)}`;

function offersSection(lists, reload) {
  const l = pagedList({
    label: t('xch.offers'),
    path: '/exchange/offers',
    state: {},
    count: (n) => tn('xch.offers.count', n),
    empty: t('xch.offers.none'),
    rowAttrs: (o) => ({ dataset: { offer: o.id } }),
    columns: [
      { label: t('xch.unit'), cell: (o) => o.unit },
      { label: t('xch.specialty'), cell: (o) => o.specialty_name },
      { label: t('xch.period'), cell: weeksSpan },
      { label: t('xch.weeks'), cell: (o) => fmtNumber(o.weeks), num: true },
      { label: t('xch.seats'), cell: (o) => fmtNumber(o.seats), num: true },
      { label: t('xch.free'), cell: (o) => fmtNumber(o.free), num: true },
      { label: t('xch.contact'), cell: (o) => `${o.contact_role}, ${o.contact_email}` },
      ...(can('exchange.publish') ? [{
        label: t('xch.actions'),
        cell: (o) => actionButton(t('xch.withdraw'), t('xch.withdraw.label', { unit: o.unit }),
          `/exchange/offers/${o.id}/withdraw`, t('xch.withdrawn'), reload),
      }] : []),
    ],
  });
  lists.push(l);
  const parts = [l.el];
  if (can('exchange.publish')) {
    const unitSel = select([{ value: '', label: t('xch.unit.choose') }], '', { name: 'unit_id', required: true });
    api.units().then((us) => {
      for (const u of (us.items || us).filter((x) => x.takes_trainees !== false))
        unitSel.append(h('option', { value: String(u.id) }, u.name));
    }).catch(() => {});
    const f = {
      from: weekInput('', { name: 'from_week', required: true }),
      // The last week the place is offered; sent as the week after it.
      to: weekInput('', { name: 'to_week', required: true }),
      weeks: input('weeks', { required: true, type: 'number', min: 1, max: 104 }),
      seats: input('seats', { type: 'number', min: 1, max: 100, value: '1' }),
      email: input('contact_email', { required: true, type: 'email' }),
    };
    parts.push(form(t('xch.publish'), [
      field(t('xch.unit'), unitSel), field(t('xch.from'), f.from), field(t('xch.to'), f.to),
      field(t('xch.weeks'), f.weeks), field(t('xch.seats'), f.seats), field(t('xch.email'), f.email),
    ], t('xch.publish.submit'), async () => {
      await api.post('/exchange/offers', {
        unit_id: Number(unitSel.value), from_week: f.from.value, to_week: addWeeks(f.to.value, 1) || f.to.value,
        weeks: Number(f.weeks.value), seats: Number(f.seats.value || 1), contact_email: f.email.value,
      });
      notify(t('xch.published'));
      reload();
    }));
  }
  return section(t('xch.offers'), ...parts);
}

// Other regions' offers, each marked with its region (also on the place
// overview, pages/places.js).
export function remoteOffersList(state = {}) {
  return pagedList({
    label: t('xch.remote'),
    path: '/exchange/remote-offers',
    state,
    count: (n) => tn('xch.remote.count', n),
    empty: t('xch.remote.none'),
    rowAttrs: (o) => ({ dataset: { remote: o.id, region: o.peer.code } }),
    columns: [
      { label: t('xch.region'), cell: (o) => h('span', { class: 'badge xch-region' }, o.peer.name) },
      { label: t('xch.unit'), cell: (o) => (o.site ? `${o.unit}, ${o.site}` : o.unit) },
      { label: t('xch.specialty'), cell: (o) => o.specialty_name },
      { label: t('xch.period'), cell: weeksSpan },
      { label: t('xch.weeks'), cell: (o) => fmtNumber(o.weeks), num: true },
      { label: t('xch.free'), cell: (o) => fmtNumber(o.free), num: true },
      { label: t('xch.contact'), cell: (o) => h('a', { href: `mailto:${o.contact_email}` }, `${o.contact_role}, ${o.contact_email}`) },
    ],
  });
}

function remoteSection(lists, reload) {
  const l = remoteOffersList();
  lists.push(l);
  const parts = [h('p', { class: 'hint' }, t('xch.remote.hint')), l.el];
  if (can('exchange.request')) parts.push(requestForm(reload));
  return section(t('xch.remote'), ...parts);
}

// Requests another region's place for one of the open needs the user may
// plan, of the offer's specialty and no longer than its rotations: only
// the need's shape leaves the region.
function requestForm(reload) {
  const offerSel = select([{ value: '', label: t('xch.request.offer.choose') }], '', { name: 'offer_id', required: true });
  const needSel = select([{ value: '', label: t('xch.request.need.choose') }], '', { name: 'need_id', required: true });
  const start = weekInput('', { name: 'start_week' });
  let offers = [];
  let needs = null;
  // An empty list for want of an answer would read as "no places": say why.
  const failed = h('div');
  api.getAll('/exchange/remote-offers').then((items) => {
    offers = items;
    for (const o of items)
      offerSel.append(h('option', { value: String(o.id) }, `${o.peer.name}: ${o.unit}, ${o.specialty_name}, ${weeksSpan(o)}`));
  }).catch((e) => failed.replaceChildren(errorBox(e)));
  offerSel.addEventListener('change', async () => {
    const o = offers.find((x) => String(x.id) === offerSel.value);
    needSel.replaceChildren(h('option', { value: '' }, t('xch.request.need.choose')));
    if (!o) return;
    needs ??= await api.getAll('/needs', { status: 'open' }).catch(() => []);
    for (const n of needs.filter((x) => x.specialty && x.specialty.code === o.specialty && x.weeks <= o.weeks))
      needSel.append(h('option', { value: String(n.id) }, `${n.trainee.name}, ${fmtWeeks(n.weeks)}`));
  });
  const el = form(t('xch.request'), [
    field(t('xch.request.offer'), offerSel), field(t('xch.request.need'), needSel, { hint: t('xch.request.need.hint') }),
    field(t('xch.start'), start),
  ], t('xch.request.submit'), async (out) => {
    const body = { offer_id: Number(offerSel.value), need_id: Number(needSel.value) };
    if (start.value) body.start_week = start.value;
    await api.post('/exchange/requests', body);
    out.textContent = t('xch.requested');
    reload();
  });
  el.prepend(failed);
  return el;
}

// ---- requests ----

function requestsList(direction, reload) {
  return pagedList({
    label: t(`xch.requests.${direction}`),
    path: '/exchange/requests',
    query: () => ({ direction }),
    state: {},
    count: (n) => tn('xch.requests.count', n),
    empty: t('xch.requests.none'),
    rowAttrs: (r) => ({ dataset: { request: r.ref, status: r.status } }),
    columns: [
      { label: t('xch.region'), cell: (r) => r.peer },
      { label: t('xch.specialty'), cell: (r) => r.specialty },
      { label: t('xch.start'), cell: (r) => (r.start_week && !r.swap_id ? fmtWeek(r.start_week) : '–') },
      { label: t('xch.weeks'), cell: (r) => fmtNumber(r.weeks), num: true },
      { label: t('xch.source'), cell: (r) => t(r.swap_id ? 'xch.source.swap' : 'xch.source.request') },
      { label: t('xch.status'), cell: (r) => badge('status', r.status) },
      {
        label: t('xch.actions'),
        cell: (r) => {
          const acts = [];
          const what = `${r.peer}, ${r.specialty}`;
          if (can('exchange.decide') && direction === 'in' && r.status === 'requested' && !r.swap_id) {
            acts.push(actionButton(t('xch.accept'), t('xch.accept.label', { what }), `/exchange/requests/${r.id}/accept`, t('xch.accepted'), reload));
            acts.push(actionButton(t('xch.decline'), t('xch.decline.label', { what }), `/exchange/requests/${r.id}/decline`, t('xch.declined'), reload));
          }
          if (can('exchange.decide') && ['requested', 'accepted'].includes(r.status) && !r.swap_id)
            acts.push(actionButton(t('xch.cancel'), t('xch.cancel.label', { what }), `/exchange/requests/${r.id}/cancel`, t('xch.cancelled'), reload));
          return h('span', { class: 'actions' }, ...acts);
        },
      },
    ],
  });
}

function requestsSection(lists, reload) {
  const inl = requestsList('in', reload);
  const outl = requestsList('out', reload);
  lists.push(inl, outl);
  return section(t('xch.requests'),
    h('h3', null, t('xch.requests.in')), inl.el,
    h('h3', null, t('xch.requests.out')), outl.el);
}

// ---- swaps ----

// "halland +8 veckor, blekinge +8 veckor": the weeks each region of a swap receives.
function gains(sw) {
  const by = new Map();
  for (const l of sw.legs) by.set(l.receiver, (by.get(l.receiver) || 0) + l.weeks);
  return [...by].map(([code, w]) => t('xch.gain', { code, weeks: fmtWeeks(w) })).join(', ');
}

function swapsSection(lists, reload) {
  const l = pagedList({
    label: t('xch.swaps'),
    path: '/exchange/swaps',
    state: {},
    count: (n) => tn('xch.swaps.count', n),
    empty: t('xch.swaps.none'),
    rowAttrs: (sw) => ({ dataset: { swap: sw.uid, state: sw.state } }),
    columns: [
      { label: t('xch.ring'), cell: (sw) => sw.legs.map((x) => `${x.giver} → ${x.receiver}: ${x.specialty}`).join('; ') },
      { label: t('xch.gains'), cell: gains },
      { label: t('xch.total'), cell: (sw) => fmtNumber(sw.weeks), num: true },
      { label: t('xch.approvals'), cell: (sw) => sw.approvals.join(', ') || '–' },
      { label: t('xch.state'), cell: (sw) => badge('swap', sw.state) },
      ...(can('exchange.admin') ? [{
        label: t('xch.actions'),
        cell: (sw) => (sw.state !== 'proposed' ? '' : h('span', { class: 'actions' },
          actionButton(t('xch.approve'), t('xch.approve.label', { what: gains(sw) }), `/exchange/swaps/${sw.id}/approve`, t('xch.approved'), reload),
          actionButton(t('xch.decline'), t('xch.decline.label', { what: gains(sw) }), `/exchange/swaps/${sw.id}/decline`, t('xch.declined'), reload))),
      }] : []),
    ],
  });
  lists.push(l);
  const parts = [h('p', { class: 'hint' }, t('xch.swaps.hint')), l.el];
  if (can('exchange.admin')) {
    const out = h('p', { role: 'status' });
    const b = h('button', { type: 'button', class: 'btn' }, t('xch.search'));
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const r = await api.post('/exchange/swaps/search');
        out.textContent = tn('xch.search.found', r.proposed.length);
        reload();
      } catch (e) {
        out.replaceChildren(errorBox(e));
      }
      b.disabled = false;
    });
    parts.unshift(h('div', { class: 'actions' }, b, out));
  }
  return section(t('xch.swaps'), ...parts);
}

// ---- history ----

// The exchanges per year, as a figure and a table (also on Mätetal).
export function historySection() {
  const body = h('div');
  api.get('/exchange/history', { limit: 500 }).then((r) => {
    const years = r.items;
    if (!years.length) {
      body.append(h('p', { class: 'empty' }, t('xch.history.none')));
      return;
    }
    const label = t('xch.history.chart') + ': ' +
      years.map((y) => `${y.year} ${fmtNumber(y.weeks_out)}`).join(', ');
    body.append(yearChart({ points: years.map((y) => ({ label: String(y.year), value: y.weeks_out })), label }),
      h('table', { class: 'table' },
        h('caption', null, t('xch.history')),
        h('thead', null, h('tr', null, ...['xch.year', 'xch.history.out', 'xch.history.weeks_out', 'xch.history.in', 'xch.history.weeks_in']
          .map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, ...years.map((y) => h('tr', { dataset: { year: y.year } },
          h('th', { scope: 'row' }, String(y.year)),
          ...[y.out, y.weeks_out, y.in, y.weeks_in].map((v) => h('td', { class: 'num' }, fmtNumber(v))))))));
  }).catch((e) => body.append(errorBox(e)));
  return section(t('xch.history'), body);
}
