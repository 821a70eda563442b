// ST-läkare: the region's trainees, searchable by name and specialty, a page
// at a time.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, tn, fmtDate, fmtWeeks, specialtyName, compareText } from '../i18n.js';
import { pageHead, field, select } from '../components.js';
import { pagedList, readState, wireFilters } from '../list.js';

const KEYS = ['q', 'specialty'];

export function render(view, { query }) {
  const state = readState(query, KEYS);
  const qIn = h('input', { type: 'search', name: 'q', value: state.q, autocomplete: 'off' });
  const spSel = select([{ value: '', label: t('places.specialty.any') }], state.specialty, { name: 'specialty' });
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('trainees.q'), qIn, { className: 'field-wide' }),
    field(t('trainees.specialty'), spSel, { className: 'field-wide' }),
    h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search'))));
  const list = pagedList({
    label: t('trainees.title'),
    path: '/trainees',
    query: () => ({ q: state.q, specialty: state.specialty }),
    state,
    hash: '#/st-lakare',
    keys: KEYS,
    count: (n) => tn('trainees.count', n),
    scroll: true,
    columns: [
      { label: t('trainees.name'), cell: (tr) => h('a', { href: `#/st-lakare/${tr.id}` }, tr.name) },
      { label: t('trainees.specialty'), cell: (tr) => specialtyName(tr.specialty) },
      { label: t('trainees.home_unit'), cell: (tr) => (tr.home_unit ? tr.home_unit.name : t('common.none')) },
      { label: t('trainees.start'), cell: (tr) => fmtDate(tr.start_date), num: true },
      { label: t('trainees.end'), cell: (tr) => fmtDate(tr.planned_end), num: true },
      { label: t('trainees.open_needs'), cell: (tr) => (tr.open_needs ? `${tr.open_needs} (${fmtWeeks(tr.open_need_weeks)})` : '0'), num: true },
    ],
  });

  view.append(pageHead(t('trainees.title'), t('trainees.lead')), h('div', { class: 'card card-filters' }, form), list.el);

  api.specialties().then((items) => {
    const opts = items.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value), selected: String(o.value) === state.specialty }, o.label));
  }).catch(() => {});

  wireFilters(list, { form, search: qIn, selects: [[spSel, 'specialty']] });
  list.load();
}
