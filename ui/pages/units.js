// Enheter: the units that take trainees, filtered by specialty, area,
// provider type and name.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, specialtyName, compareText } from '../i18n.js';
import { pageHead, field, select } from '../components.js';
import { pagedList, readState, wireFilters } from '../list.js';

const KEYS = ['q', 'specialty', 'area', 'provider_type'];

export function render(view, { query }) {
  const state = readState(query, KEYS);
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const areaSel = select([{ value: '', label: t('places.area.any') }], state.area, { name: 'area' });
  const provSel = select([
    { value: '', label: t('provider.any') },
    { value: 'public', label: vocab('provider', 'public') },
    { value: 'private', label: vocab('provider', 'private') },
  ], state.provider_type, { name: 'provider_type' });
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('units.q'), qIn, { className: 'field-wide' }),
    field(t('units.specialty'), spSel, { className: 'field-wide' }),
    field(t('units.area'), areaSel),
    field(t('units.provider'), provSel),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));
  const list = pagedList({
    label: t('units.title'),
    path: '/units',
    query: () => ({ q: state.q, specialty: state.specialty, area: state.area, provider_type: state.provider_type }),
    state,
    hash: '#/enheter',
    keys: KEYS,
    limit: 100,
    count: (n) => tn('units.count', n),
    columns: [
      { label: t('units.name'), cell: (u) => h('a', { href: `#/enheter/${u.id}` }, u.name) },
      { label: t('units.specialty'), cell: (u) => specialtyName(u.specialty) },
      {
        label: t('units.provider'),
        cell: (u) => [u.provider ? u.provider.name : t('common.none'),
          u.provider && u.provider.kind === 'private' ? h('span', { class: 'badge badge-private' }, vocab('provider', 'private')) : null],
      },
      { label: t('units.area'), cell: (u) => (u.area ? u.area.name : t('common.none')) },
      { label: t('units.kind'), cell: (u) => vocab('unitkind', u.kind) },
    ],
  });
  view.append(pageHead(t('units.title'), t('units.lead')), h('div', { class: 'card card-filters' }, form), list.el);

  api.specialties().then((items) => {
    const opts = items.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value), selected: String(o.value) === state.specialty }, o.label));
  }).catch(() => {});
  api.areas().then((items) => {
    for (const a of [...items].sort((x, y) => compareText(x.name, y.name))) areaSel.append(h('option', { value: String(a.id), selected: String(a.id) === state.area }, a.name));
  }).catch(() => {});

  wireFilters(list, { form, search: qIn, selects: [[spSel, 'specialty'], [areaSel, 'area'], [provSel, 'provider_type']] });
  list.load();
}
