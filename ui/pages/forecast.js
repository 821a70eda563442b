// Prognos (issue 18): the demand forecast of a region. Per specialty of
// rotation, the rotation weeks needed per quarter for five years against
// the seat-weeks offered, as a bar chart with the shortfall marked (one
// image whose name gives every value) and the same figures as a table
// beside it; the same for one receiving unit (the unit picker); the intake
// of new trainees per specialty and year that the forecast assumes
// (entered, or the trend of the last years), edited by those who may; and
// per specialty with a shortfall a link that makes it a scenario. Region,
// specialty and unit are in the address (#/prognos?region=1&specialty=psykiatri).

import { h, replace, scrollBox } from '../dom.js';
import * as api from '../api.js';
import { t, tn, fmtNumber, fmtWeeks, specialtyName, compareText } from '../i18n.js';
import {
  pageHead, section, errorBox, errorText, empty, field, select, notify, showFieldError, clearFieldErrors, exportLinks,
} from '../components.js';
import { readState, writeState } from '../list.js';
import { barChart } from '../chart.js';
import { can } from '../session.js';

const HASH = '#/prognos';
const KEYS = ['region', 'specialty', 'unit'];

// "2027-Q3" as "2027 K3" (Swedish) or "2027 Q3".
export function quarterText(q) {
  const m = /^(\d{4})-Q(\d)$/.exec(q || '');
  return m ? t('fc.q', { year: m[1], q: m[2] }) : String(q);
}

const num = (v) => fmtNumber(Math.round(Number(v) * 10) / 10);

// The first quarter with a shortfall (its index), or -1.
export function firstShort(series) {
  return series.shortfall.findIndex((x) => x > 0);
}

export function render(view, { query }) {
  const state = readState(query, KEYS);
  const regionSel = select([], state.region, { name: 'region' });
  const specSel = select([{ value: '', label: t('fc.specialty.any') }], state.specialty, { name: 'specialty' });
  const unitSel = select([{ value: '', label: t('fc.unit.pick') }], state.unit, { name: 'unit' });
  const filters = h('form', { class: 'filters', 'aria-label': t('fc.filters') },
    field(t('fc.region'), regionSel),
    field(t('fc.specialty'), specSel, { className: 'field-wide' }));
  // Busy from the start: the reference lists load before the forecast does.
  const results = h('div', { class: 'fc-results', 'aria-live': 'polite', 'aria-busy': 'true' });
  const head = pageHead(t('nav.forecast'), t('fc.lead'));
  view.append(head, h('div', { class: 'card card-filters' }, filters), results);

  const ref = { specialties: [], units: [], regions: [] };
  let forecast = null;
  let exportSlot = null;

  const address = () => writeState(HASH, state, KEYS);
  const specOf = (id) => ref.specialties.find((x) => x.id === id);
  const specByCode = (code) => ref.specialties.find((x) => x.code === code || String(x.id) === code);
  const unitOf = (id) => ref.units.find((x) => x.id === id);

  const draw = () => {
    if (!forecast) return;
    const f = forecast;
    const chosen = state.specialty ? specByCode(state.specialty) : null;
    const specs = f.specialties
      .filter((x) => !chosen || x.specialty_id === chosen.id)
      .sort((a, b) => compareText(specialtyName(specOf(a.specialty_id)), specialtyName(specOf(b.specialty_id))));
    const specPart = specs.length
      ? specs.map((x) => specialtyBlock(f, x, specOf(x.specialty_id), state.region))
      : [empty(t('fc.none'))];

    // The unit picker: the units of the chosen specialty (or all).
    const units = f.units
      .filter((u) => !chosen || u.specialty_id === chosen.id)
      .map((u) => ({ u, unit: unitOf(u.unit_id) }))
      .sort((a, b) => compareText(a.unit ? a.unit.name : '', b.unit ? b.unit.name : ''));
    replace(unitSel, h('option', { value: '' }, t('fc.unit.pick')),
      ...units.map(({ u, unit }) => h('option', { value: String(u.unit_id), selected: String(u.unit_id) === state.unit },
        unit ? unit.name : `#${u.unit_id}`)));
    const picked = units.find(({ u }) => String(u.unit_id) === state.unit);
    const unitPart = picked
      ? seriesBlock(f, picked.u, picked.unit ? picked.unit.name : `#${picked.u.unit_id}`, 'unit')
      : h('p', { class: 'hint' }, units.length ? t('fc.unit.hint') : t('fc.none'));

    replace(results,
      section(t('fc.by_specialty'), ...specPart),
      section(t('fc.by_unit'), h('div', { class: 'filters' }, field(t('fc.unit'), unitSel, { className: 'field-wide' })), unitPart),
      intakeSection(f, ref, state.region, chosen, load));
    results.removeAttribute('aria-busy');
  };

  const load = async () => {
    results.setAttribute('aria-busy', 'true');
    replace(results, h('div', { class: 'loading fc-loading', role: 'status' },
      h('progress', { 'aria-label': t('fc.loading') }), ' ', t('fc.loading')));
    try {
      forecast = await api.get('/forecast', { region: state.region });
      if (!state.region) {
        state.region = String(forecast.region_id);
        regionSel.value = state.region;
        address();
      }
      draw();
    } catch (e) {
      forecast = null;
      results.removeAttribute('aria-busy');
      replace(results, errorBox(e));
    }
  };

  regionSel.addEventListener('change', () => {
    state.region = regionSel.value;
    state.unit = '';
    address();
    load();
  });
  specSel.addEventListener('change', () => {
    state.specialty = specSel.value;
    state.unit = '';
    address();
    draw();
  });
  unitSel.addEventListener('change', () => {
    state.unit = unitSel.value;
    address();
    const keep = unitSel.id;
    draw();
    document.getElementById(keep)?.focus();
  });
  filters.addEventListener('submit', (ev) => ev.preventDefault());

  Promise.all([api.specialties(), api.units(), api.regions().catch(() => [])]).then(([specialties, units, regions]) => {
    ref.specialties = specialties;
    ref.units = units;
    ref.regions = regions;
    for (const r of [...regions].sort((a, b) => compareText(a.name, b.name))) {
      regionSel.append(h('option', { value: String(r.id), selected: String(r.id) === state.region }, r.name));
    }
    if (!state.region && regions.length) {
      const u = units.find((x) => x.region_id);
      state.region = String(u ? u.region_id : regions[0].id);
      regionSel.value = state.region;
      address();
    }
    for (const sp of [...specialties].sort((a, b) => compareText(specialtyName(a), specialtyName(b)))) {
      specSel.append(h('option', { value: sp.code || String(sp.id), selected: (sp.code || String(sp.id)) === state.specialty }, specialtyName(sp)));
    }
    exportSlot = exportLinks('/forecast', () => {
      const sp = state.specialty ? specByCode(state.specialty) : null;
      return { region: state.region, specialty: sp ? sp.id : '', unit: state.unit };
    }, t('fc.title'));
    head.append(exportSlot);
    load();
  }).catch((e) => {
    results.removeAttribute('aria-busy');
    replace(results, errorBox(e));
  });
}

// A specialty's chart and table, its total shortfall and the scenario link.
function specialtyBlock(f, x, sp, region) {
  const name = specialtyName(sp);
  const block = seriesBlock(f, x, name, 'specialty');
  block.dataset.specialty = sp ? sp.code || String(sp.id) : String(x.specialty_id);
  const i = firstShort(x);
  if (i >= 0) {
    const year = Number(f.quarters[i].slice(0, 4));
    const intake = f.intake.find((r) => r.specialty_id === x.specialty_id && r.year === year);
    if (intake && sp) {
      const extra = Math.max(1, intake.trainees);
      const q = new URLSearchParams({ specialty: sp.code || String(sp.id), year: String(year), extra: String(extra), region: String(region || f.region_id) });
      block.append(h('p', { class: 'fc-scenario' },
        h('a', {
          class: 'btn', href: `#/scenarier/ny?${q}`, dataset: { extra: String(extra), year: String(year) },
          'aria-label': tn('fc.scenario.label', extra, { extra: fmtNumber(extra), name, year }),
        }, t('fc.scenario'))));
    } else {
      block.append(h('p', { class: 'hint' }, t('fc.scenario.other')));
    }
  }
  return block;
}

// The chart of one series (a specialty's or a unit's) and its table.
function seriesBlock(f, x, name, kind) {
  const quarters = f.quarters.map(quarterText);
  const groups = quarters.map((label, i) => ({
    label, bars: [{ value: x.need[i], className: 'bar-need' }], limit: x.offered[i],
  }));
  const words = quarters.map((q, i) => (x.shortfall[i] > 0
    ? t('fc.chart.q_short', { q, need: num(x.need[i]), offered: num(x.offered[i]), short: num(x.shortfall[i]) })
    : t('fc.chart.q', { q, need: num(x.need[i]), offered: num(x.offered[i]) }))).join('; ');
  const rows = quarters.map((q, i) => h('tr', {
    class: x.shortfall[i] > 0 ? 'fc-short' : null,
    dataset: { quarter: f.quarters[i], need: String(x.need[i]), offered: String(x.offered[i]), short: String(x.shortfall[i]) },
  },
  h('th', { scope: 'row' }, q),
  h('td', { class: 'num' }, num(x.need[i])),
  h('td', { class: 'num' }, num(x.offered[i])),
  h('td', { class: 'num' }, x.shortfall[i] > 0 ? num(x.shortfall[i]) : '–')));
  const caption = t('fc.table', { name });
  const tbl = h('table', { class: 'table table-forecast' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('fc.quarter')),
      h('th', { scope: 'col', class: 'num' }, t('fc.need')),
      h('th', { scope: 'col', class: 'num' }, t('fc.offered')),
      h('th', { scope: 'col', class: 'num' }, t('fc.short')))),
    h('tbody', null, ...rows));
  const total = x.total_shortfall > 0 ? t('fc.total_short', { weeks: fmtWeeks(Math.round(Number(x.total_shortfall) * 10) / 10) }) : t('fc.no_short');
  return h('div', { class: ['fc-series', `fc-${kind}`], dataset: { total: String(x.total_shortfall) } },
    h('h3', null, name),
    h('p', { class: x.total_shortfall > 0 ? 'fc-total fc-total-short' : 'fc-total' }, total),
    h('div', { class: 'fc-pair' },
      h('figure', { class: 'fc-chart' },
        barChart({ groups, label: `${t('fc.chart', { name })}: ${words}` }),
        h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
          h('li', null, h('span', { class: 'swatch sw-bar' }), t('fc.legend.need')),
          h('li', null, h('span', { class: 'swatch sw-over' }), t('fc.legend.over')),
          h('li', null, h('span', { class: 'swatch sw-limit' }), t('fc.legend.limit')))),
      h('div', { class: 'fc-table' }, scrollBox(caption, tbl))));
}

// The intake per trainee specialty and year: a table, with a number field
// per year for those who may change it (empty: the trend), saved together.
function intakeSection(f, ref, region, chosen, reload) {
  const years = [...new Set(f.intake.map((r) => r.year))].sort();
  const specIds = [...new Set(f.intake.map((r) => r.specialty_id))]
    .filter((id) => !chosen || id === chosen.id);
  const name = (id) => specialtyName(ref.specialties.find((s) => s.id === id));
  specIds.sort((a, b) => compareText(name(a), name(b)));
  if (!specIds.length) return section(t('fc.intake'), h('p', { class: 'hint' }, t('fc.intake.lead')), empty(t('fc.intake.none')));
  const editable = can('forecast.write');
  const inputs = [];
  const cell = (r) => {
    const source = t(`fc.intake.source.${r.source}`);
    if (!editable) {
      return h('td', { class: 'num', dataset: { source: r.source, trainees: String(r.trainees) } },
        fmtNumber(r.trainees), ' ', h('span', { class: 'fc-source' }, `(${source})`));
    }
    const input = h('input', {
      type: 'number', inputmode: 'numeric', min: '0', max: '10000', step: '1', class: 'input-narrow',
      name: `trainees-${r.specialty_id}-${r.year}`,
      value: r.source === 'entered' ? String(r.trainees) : '', placeholder: String(r.trend),
      'aria-label': t('fc.intake.input', { name: name(r.specialty_id), year: r.year, trend: fmtNumber(r.trend) }),
      dataset: { field: `trainees-${r.specialty_id}-${r.year}`, specialty: String(r.specialty_id), year: String(r.year), source: r.source },
    });
    inputs.push({ input, r });
    return h('td', { dataset: { source: r.source, trainees: String(r.trainees) } },
      h('div', { class: 'field fc-intake-field' }, input,
        h('span', { class: 'fc-source' }, r.source === 'entered' ? source : t('fc.intake.trend', { n: fmtNumber(r.trend) }))));
  };
  const tbl = h('table', { class: 'table table-intake' },
    h('caption', { class: 'visually-hidden' }, t('fc.intake')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('fc.specialty')),
      ...years.map((y) => h('th', { scope: 'col', class: 'num' }, String(y))))),
    h('tbody', null, ...specIds.map((id) => h('tr', { dataset: { specialty: String(id) } },
      h('th', { scope: 'row' }, name(id)),
      ...years.map((y) => {
        const r = f.intake.find((x) => x.specialty_id === id && x.year === y);
        return r ? cell(r) : h('td', null, '');
      })))));
  if (!editable) return section(t('fc.intake'), h('p', { class: 'hint' }, t('fc.intake.lead')), scrollBox(t('fc.intake'), tbl));

  const errSlot = h('div', { class: 'form-error' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('fc.intake.save'));
  const form = h('form', { class: 'fc-intake-form', novalidate: true, 'aria-label': t('fc.intake') },
    h('p', { class: 'hint' }, t('fc.intake.hint')),
    scrollBox(t('fc.intake'), tbl), errSlot, h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const changed = inputs.filter(({ input, r }) => input.value.trim() !== (r.source === 'entered' ? String(r.trainees) : ''));
    save.disabled = true;
    let failed = false;
    for (const { input, r } of changed) {
      const text = input.value.trim();
      const trainees = text === '' ? null : Number(text);
      try {
        await api.put('/forecast/intake', { region_id: Number(region || f.region_id), specialty_id: r.specialty_id, year: r.year, trainees });
      } catch (e) {
        failed = true;
        showFieldError(form, errSlot, {
          field: e.field === 'trainees' || e.field === 'year' ? input.dataset.field : e.field,
          message: intakeError(e, name(r.specialty_id), r.year),
        });
        break;
      }
    }
    save.disabled = false;
    if (!failed) {
      if (changed.length) notify(t('fc.intake.saved'));
      reload();
    }
  });
  return section(t('fc.intake'), h('p', { class: 'hint' }, t('fc.intake.lead')), form);
}

// The API's refusal of an intake in the user's language.
function intakeError(e, name, year) {
  const key = { trainees: 'fc.err.trainees', year: 'fc.err.year', specialty_id: 'fc.err.specialty', region_id: 'fc.err.region' }[e.field];
  return key ? t(key, { name, year }) : errorText(e);
}
