// ST-läkare: the region's trainees, searchable by name and specialty, a page
// at a time.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, fmtDate, fmtWeeks, specialtyName, compareText } from '../i18n.js';
import { pageHead, errorBox, loading, empty, field, select, pager, table, wireSearch } from '../components.js';

const LIMIT = 50;

function writeHash(state) {
  const q = new URLSearchParams();
  if (state.q) q.set('q', state.q);
  if (state.specialty) q.set('specialty', state.specialty);
  if (state.offset) q.set('offset', String(state.offset));
  const qs = q.toString();
  window.history.replaceState(null, '', `#/st-lakare${qs ? `?${qs}` : ''}`);
}

export function render(view, { query }) {
  const state = {
    q: query.get('q') || '',
    specialty: query.get('specialty') || '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
  };
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const count = h('p', { class: 'list-count', 'aria-live': 'polite' });
  const slot = h('div', { class: 'list-slot' }, loading());
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('trainees.q'), qIn, { className: 'field-wide' }),
    field(t('trainees.specialty'), spSel, { className: 'field-wide' }),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));

  view.append(pageHead(t('trainees.title'), t('trainees.lead')),
    h('div', { class: 'card card-filters' }, form), count, slot);

  api.specialties().then((list) => {
    const opts = list.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value), selected: String(o.value) === state.specialty }, o.label));
  }).catch(() => {});

  let seq = 0;
  async function load() {
    const mine = ++seq;
    writeHash(state);
    slot.setAttribute('aria-busy', 'true');
    try {
      const page = await api.get('/trainees', { q: state.q, specialty: state.specialty, limit: LIMIT, offset: state.offset });
      if (mine !== seq) return;
      count.textContent = tn('trainees.count', page.total);
      if (!page.items.length) {
        replace(slot, empty());
        return;
      }
      const rows = page.items.map((tr) => h('tr', null,
        h('td', null, h('a', { href: `#/st-lakare/${tr.id}` }, tr.name)),
        h('td', null, specialtyName(tr.specialty)),
        h('td', null, tr.home_unit ? tr.home_unit.name : t('common.none')),
        h('td', { class: 'num' }, fmtDate(tr.start_date)),
        h('td', { class: 'num' }, fmtDate(tr.planned_end)),
        h('td', { class: 'num' }, tr.open_needs ? `${tr.open_needs} (${fmtWeeks(tr.open_need_weeks)})` : '0')));
      replace(slot,
        table([t('trainees.name'), t('trainees.specialty'), t('trainees.home_unit'), t('trainees.start'), t('trainees.end'), t('trainees.open_needs')], rows),
        pager({ total: page.total, limit: page.limit || LIMIT, offset: page.offset || 0 }, (offset) => {
          state.offset = offset;
          load();
          slot.scrollIntoView({ block: 'start' });
        }));
    } catch (e) {
      if (mine !== seq) return;
      count.textContent = '';
      replace(slot, errorBox(e));
    } finally {
      if (mine === seq) slot.removeAttribute('aria-busy');
    }
  }

  wireSearch({ form, qIn, selects: [[spSel, 'specialty']], state, load });
  load();
}
