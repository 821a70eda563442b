// Enheter: the units that take trainees, filtered by specialty, area,
// provider type and name.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, specialtyName, compareText } from '../i18n.js';
import { pageHead, errorBox, loading, empty, field, select, pager, table, wireSearch } from '../components.js';

const LIMIT = 100;

function writeHash(state) {
  const q = new URLSearchParams();
  for (const k of ['q', 'specialty', 'area', 'provider_type']) if (state[k]) q.set(k, state[k]);
  if (state.offset) q.set('offset', String(state.offset));
  const qs = q.toString();
  window.history.replaceState(null, '', `#/enheter${qs ? `?${qs}` : ''}`);
}

export function render(view, { query }) {
  const state = {
    q: query.get('q') || '',
    specialty: query.get('specialty') || '',
    area: query.get('area') || '',
    provider_type: query.get('provider_type') || '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
  };
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const areaSel = select([{ value: '', label: t('places.area.any') }], state.area, { name: 'area' });
  const provSel = select([
    { value: '', label: t('provider.any') },
    { value: 'public', label: vocab('provider', 'public') },
    { value: 'private', label: vocab('provider', 'private') },
  ], state.provider_type, { name: 'provider_type' });
  const count = h('p', { class: 'list-count', 'aria-live': 'polite' });
  const slot = h('div', { class: 'list-slot' }, loading());
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('units.q'), qIn, { className: 'field-wide' }),
    field(t('units.specialty'), spSel, { className: 'field-wide' }),
    field(t('units.area'), areaSel),
    field(t('units.provider'), provSel),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));
  view.append(pageHead(t('units.title'), t('units.lead')), h('div', { class: 'card card-filters' }, form), count, slot);

  api.specialties().then((list) => {
    const opts = list.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value), selected: String(o.value) === state.specialty }, o.label));
  }).catch(() => {});
  api.areas().then((list) => {
    for (const a of [...list].sort((x, y) => compareText(x.name, y.name))) areaSel.append(h('option', { value: String(a.id), selected: String(a.id) === state.area }, a.name));
  }).catch(() => {});

  let seq = 0;
  async function load() {
    const mine = ++seq;
    writeHash(state);
    slot.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get('/units', {
        q: state.q, specialty: state.specialty, area: state.area, provider_type: state.provider_type, limit: LIMIT, offset: state.offset,
      });
      if (mine !== seq) return;
      count.textContent = tn('units.count', page.total);
      if (!page.items.length) {
        replace(slot, empty());
        return;
      }
      const rows = page.items.map((u) => h('tr', null,
        h('td', null, h('a', { href: `#/enheter/${u.id}` }, u.name)),
        h('td', null, specialtyName(u.specialty)),
        h('td', null, u.provider ? u.provider.name : t('common.none'),
          u.provider && u.provider.kind === 'private' ? h('span', { class: 'badge badge-private' }, vocab('provider', 'private')) : null),
        h('td', null, u.area ? u.area.name : t('common.none')),
        h('td', null, vocab('unitkind', u.kind))));
      replace(slot,
        table([t('units.name'), t('units.specialty'), t('units.provider'), t('units.area'), t('units.kind')], rows),
        pager({ total: page.total, limit: page.limit || LIMIT, offset: page.offset || 0 }, (offset) => {
          state.offset = offset;
          load();
        }));
    } catch (e) {
      if (mine !== seq) return;
      count.textContent = '';
      replace(slot, errorBox(e));
    } finally {
      if (mine === seq) slot.removeAttribute('aria-busy');
    }
  }

  wireSearch({ form, qIn, selects: [[spSel, 'specialty'], [areaSel, 'area'], [provSel, 'provider_type']], state, load });
  load();
}
