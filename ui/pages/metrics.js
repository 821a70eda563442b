// Mätetal: the yearly figures of a region or one of its units (GET
// /figures): those of the yearly report (004 §5) and of the place market,
// each with its value, numerator and denominator, target and whether it is
// met, and a chart of its five years; and, one click away, the records
// behind a figure (GET /figures/records, #/matetal/ID): who is counted,
// who is not and why, each linked to its page. The choice of region, unit
// and year lives in the address (#/matetal?unit=3&year=2025), each choice
// a step of the history, so that a view can be linked and Back goes back.
// docs/figures.md defines the figures.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, has, lang, vocab, fmtNumber, fmtDate, specialtyName, compareText } from '../i18n.js';
import { pageHead, errorBox, loading, field, select, table } from '../components.js';
import { exportLinks } from '../components.js';
import { pagedList, readState } from '../list.js';
import { access, unitSubject } from '../access.js';
import { yearChart } from '../chart.js';
import { unitOptions } from './supervisors.js';
// The exchange with other regions per year (issue 17).
import { historySection as exchangeHistory } from './exchange.js';
import { can } from '../session.js';

const THIS_YEAR = new Date().getFullYear();
// The years offered: this one and the nine before (any other one the
// address names is added).
const YEARS_OFFERED = 10;
const RECORD_KEYS = ['region', 'unit', 'year', 'counted'];

export function render(view, { params, query }) {
  if (params[0]) renderRecords(view, params[0], query);
  else renderFigures(view, query);
  // The exchange with other regions per year (issue 17).
  if (!params[0] && can('exchange.read')) view.append(exchangeHistory());
}

// ---- numbers as the page writes them ----

const round1 = (v) => Math.round(v * 10) / 10;

// A share as "76,9 %" (Swedish) or "76.9%".
function pct(v) {
  return t('metrics.percent', { p: fmtNumber(round1(v * 100)) });
}

// An amount in the figure's unit of measure: "208,7 dagar", "1 vecka".
function amount(uom, n) {
  if (uom === 'count') return fmtNumber(n);
  return n === 1 && has(`metrics.uom.${uom}_1`) ? t(`metrics.uom.${uom}_1`) : t(`metrics.uom.${uom}`, { n: fmtNumber(n) });
}

// A figure's (or a year's, or a group's) value, or "Inget underlag" when
// there is nothing to count: never 0 % of nothing.
function valueText(f, x) {
  if (!x.denominator || x.value == null) return t('metrics.no_data');
  if (f.measure === 'share') return pct(x.value);
  return amount(f.unit_of_measure, f.measure === 'mean' ? round1(x.value) : x.value);
}

// "12 av 16", "6 181,6 av 13 946 platsveckor", "Förfrågningar som fick plats: 931".
function fractionText(f, x) {
  const vars = { num: fmtNumber(x.numerator), den: fmtNumber(x.denominator) };
  if (has(`metrics.fraction.${f.id}`)) return t(`metrics.fraction.${f.id}`, vars);
  if (has(`metrics.fraction.${f.unit_of_measure}`)) return t(`metrics.fraction.${f.unit_of_measure}`, vars);
  return t('metrics.fraction', vars);
}

const title = (f) => (lang() === 'sv' ? f.title_sv : f.title) || f.title || f.id;
const numbered = (f) => (f.number ? `${f.number}. ${title(f)}` : title(f));

// Whether x (the figure, a year or a group) meets the target: in words with
// an icon, never in colour alone.
function metBadge(f, x) {
  if (f.target == null) return h('span', { class: 'met met-none', dataset: { met: 'none' } }, t('metrics.target.none'));
  if (x.met == null) {
    return h('span', { class: 'met met-unknown', dataset: { met: 'unknown' } },
      h('span', { class: 'met-icon', 'aria-hidden': 'true' }, '–'), t('metrics.met.unknown'));
  }
  return h('span', { class: ['met', x.met ? 'met-yes' : 'met-no'], dataset: { met: String(x.met) } },
    h('span', { class: 'met-icon', 'aria-hidden': 'true' }, x.met ? '✓' : '✗'),
    t(x.met ? 'metrics.met' : 'metrics.not_met'));
}

// ---- the scope: region, unit and year ----

// What the user may choose and what the address chose: resolves to
// { regions, units (those whose figures the user reads), regionOk(id),
// region, unit, year, defaultRegion }. Without a choice in the address, the
// user's region (an övergripande studierektor's), or else their first
// unit; a region the user reads no region-wide figures of becomes their
// unit there.
async function loadScope(query) {
  const [regions, units, may] = await Promise.all([api.regions(), api.units(), access()]);
  const regionOk = (id) => may('figures.read', { unit_region_id: id });
  const mine = units.filter((u) => may('figures.read', unitSubject(u)));
  const offered = regions.filter((r) => regionOk(r.id) || mine.some((u) => u.region_id === r.id));
  const first = offered.find((r) => regionOk(r.id)) || offered[0] || regions[0] || null;
  const defaultRegion = first ? first.id : null;

  const num = (k) => (/^\d+$/.test(query.get(k) || '') ? Number(query.get(k)) : null);
  let unit = num('unit');
  let region = num('region');
  const year = num('year') || THIS_YEAR;
  const known = unit ? units.find((u) => u.id === unit) : null;
  if (known) region = known.region_id;
  if (!region) region = defaultRegion;
  if (!unit && region && !regionOk(region)) {
    const u = mine.find((x) => x.region_id === region);
    if (u) unit = u.id;
  }
  return {
    regions: offered, units: mine, allUnits: units, regionOk, region, unit, year, defaultRegion,
  };
}

// The address of the figures of scope sc (region, unit, year): what is not
// the default is left out.
function figuresHash(sc) {
  const q = new URLSearchParams();
  if (sc.unit) q.set('unit', String(sc.unit));
  else if (sc.region && sc.region !== sc.defaultRegion) q.set('region', String(sc.region));
  if (sc.year !== THIS_YEAR) q.set('year', String(sc.year));
  const qs = q.toString();
  return `#/matetal${qs ? `?${qs}` : ''}`;
}

// The query of the API for scope sc.
function apiQuery(sc) {
  return { region: sc.region, unit: sc.unit || undefined, year: sc.year };
}

// The address of the records of figure id in scope sc.
function recordsHash(id, sc) {
  const q = new URLSearchParams({ region: String(sc.region) });
  if (sc.unit) q.set('unit', String(sc.unit));
  if (sc.year !== THIS_YEAR) q.set('year', String(sc.year));
  return `#/matetal/${encodeURIComponent(id)}?${q}`;
}

// "Region Skåne" or "Vuxenpsykiatri, Sus Lund", as the answer names it.
function scopeName(body) {
  return body.unit ? body.unit.name : body.region.name;
}

function yearOptions(year) {
  const years = [];
  for (let y = THIS_YEAR; y > THIS_YEAR - YEARS_OFFERED; y--) years.push(y);
  if (!years.includes(year)) years.push(year);
  years.sort((a, b) => b - a);
  return years.map((y) => ({ value: y, label: y === THIS_YEAR ? t('metrics.year.current', { year: y }) : String(y) }));
}

// ---- the figures ----

function renderFigures(view, query) {
  const form = h('form', { class: 'filters metrics-filters', role: 'group', 'aria-label': t('metrics.choose') });
  const body = h('div', { class: 'page-body metrics-body', 'aria-busy': 'true' }, loading());
  view.append(pageHead(t('metrics.title'), t('metrics.lead')), h('div', { class: 'card card-filters' }, form), body);
  form.addEventListener('submit', (ev) => ev.preventDefault());

  (async () => {
    let sc;
    try {
      sc = await loadScope(query);
    } catch (e) {
      body.removeAttribute('aria-busy');
      replace(body, errorBox(e));
      return;
    }
    const regionSel = select(sc.regions.map((r) => ({ value: r.id, label: r.name })), sc.region, { name: 'region' });
    const unitSel = select([], '', { name: 'unit' });
    const yearSel = select(yearOptions(sc.year), sc.year, { name: 'year' });
    const fillUnits = () => {
      const opts = sc.regionOk(sc.region) ? [{ value: '', label: t('metrics.unit.all') }] : [];
      const here = sc.units.filter((u) => u.region_id === sc.region);
      // A unit the address names that the user does not read: shown, so
      // that the server's answer about it makes sense.
      const named = sc.unit && !here.some((u) => u.id === sc.unit) ? sc.allUnits.find((u) => u.id === sc.unit) : null;
      unitSel.replaceChildren(...select([...opts, ...unitOptions(named ? [...here, named] : here)], sc.unit || '').children);
      unitSel.value = String(sc.unit || '');
    };
    fillUnits();
    form.append(
      field(t('metrics.region'), regionSel),
      field(t('metrics.unit'), unitSel),
      field(t('metrics.year'), yearSel));
    // Exportera (issue 15): the figures as chosen, as Excel or CSV.
    view.querySelector('.page-head').append(exportLinks('/figures', () => apiQuery(sc), t('metrics.title')));

    // Each choice is a step of the history: Back shows the one before.
    const go = () => {
      const hash = figuresHash(sc);
      if (hash !== window.location.hash) window.history.pushState(null, '', hash);
      load();
    };
    regionSel.addEventListener('change', () => {
      sc.region = Number(regionSel.value);
      const u = sc.regionOk(sc.region) ? null : sc.units.find((x) => x.region_id === sc.region);
      sc.unit = u ? u.id : null;
      fillUnits();
      go();
    });
    unitSel.addEventListener('change', () => {
      sc.unit = unitSel.value ? Number(unitSel.value) : null;
      go();
    });
    yearSel.addEventListener('change', () => {
      sc.year = Number(yearSel.value);
      go();
    });

    let seq = 0;
    async function load() {
      const mine = ++seq;
      body.setAttribute('aria-busy', 'true');
      replace(body, loading());
      let answer;
      try {
        answer = await api.get('/figures', apiQuery(sc));
      } catch (e) {
        if (mine !== seq) return;
        body.removeAttribute('aria-busy');
        replace(body, errorBox(e));
        return;
      }
      if (mine !== seq) return;
      showFigures(body, answer, sc);
      body.removeAttribute('aria-busy');
    }
    load();
  })();
}

function showFigures(body, answer, sc) {
  const report = answer.figures.filter((f) => f.number != null);
  const market = answer.figures.filter((f) => f.number == null);
  const part = (heading, figs) => {
    if (!figs.length) return null;
    const id = nextId('sec');
    return h('section', { class: 'metrics-section', 'aria-labelledby': id },
      h('h2', { id }, heading),
      h('div', { class: 'figure-grid' }, figs.map((f) => figureCard(f, answer, sc))));
  };
  replace(body,
    h('p', { class: 'metrics-window', dataset: { from: answer.from, asOf: answer.as_of } },
      t('metrics.window', { scope: scopeName(answer), year: answer.year, from: fmtDate(answer.from), to: fmtDate(answer.as_of) })),
    part(t('metrics.section.report'), report),
    part(t('metrics.section.market'), market));
}

// A figure's value, numerator and denominator, target and whether met;
// with a chart below, the target's words show its dashed line.
function headline(f, { chart = false } = {}) {
  return [
    h('div', { class: 'figure-numbers' },
      h('p', { class: ['figure-value', f.denominator ? null : 'figure-no-data'] }, valueText(f, f)),
      f.denominator ? h('p', { class: 'figure-fraction' }, fractionText(f, f)) : null),
    h('p', { class: 'figure-target' },
      f.target != null ? h('span', null,
        chart ? h('span', { class: 'target-swatch', 'aria-hidden': 'true' }) : null,
        t('metrics.target', { target: pct(f.target) })) : null,
      metBadge(f, f)),
  ];
}

// One figure: its value, numerator and denominator, target and whether
// met, the chart of its five years, its groups and the way to its records.
function figureCard(f, answer, sc) {
  const id = nextId('fig');
  const years = f.years || [];
  const chartValue = (y) => (y.denominator && y.value != null ? y.value : null);
  const chartLabel = t('metrics.chart', {
    title: title(f),
    from: years.length ? years[0].year : '',
    to: years.length ? years[years.length - 1].year : '',
    values: years.map((y) => t('metrics.chart.year', { year: y.year, value: valueText(f, y) })).join(', '),
  }) + (f.target != null ? ` ${t('metrics.chart.target', { target: pct(f.target) })}` : '');
  const chart = yearChart({
    points: years.map((y) => ({
      label: String(y.year), value: chartValue(y),
      className: y.met === true ? 'chart-met' : y.met === false ? 'chart-not-met' : null,
    })),
    max: f.measure === 'share' ? 1 : undefined,
    target: f.target,
    label: chartLabel,
  });
  return h('article', {
    class: 'figure-card',
    'aria-labelledby': id,
    dataset: {
      figure: f.id, numerator: String(f.numerator), denominator: String(f.denominator), met: String(f.met),
    },
  },
  h('h3', { id }, numbered(f)),
  has(`metrics.about.${f.id}`) ? h('p', { class: 'figure-about' }, t(`metrics.about.${f.id}`)) : null,
  headline(f, { chart: true }),
  h('figure', { class: 'figure-chart' }, chart),
  groupsBlock(f, answer),
  h('p', { class: 'figure-actions' },
    h('a', {
      class: 'btn btn-small', href: recordsHash(f.id, sc), dataset: { action: 'records' },
      'aria-label': t('metrics.records.open_for', { title: title(f) }),
    }, t('metrics.records.open'))));
}

// The figure split by specialty (and provider kind) or by cancellation
// reason, in a table one click open.
function groupsBlock(f, answer) {
  const groups = f.groups || [];
  if (!groups.length) return null;
  const by = groups[0].outcome ? 'outcome' : groups[0].reason ? 'reason' : groups[0].provider_kind ? 'market' : 'specialty';
  const rows = [...groups];
  if (by === 'reason') rows.sort((a, b) => compareText(vocab('reason', a.reason), vocab('reason', b.reason)));
  else if (by === 'outcome') rows.sort((a, b) => compareText(vocab('offer', a.outcome), vocab('offer', b.outcome)));
  else rows.sort((a, b) => compareText(specialtyName(a.specialty), specialtyName(b.specialty)) || compareText(a.provider_kind, b.provider_kind));
  const headers = [
    by === 'reason' ? t('metrics.col.reason') : by === 'outcome' ? t('metrics.col.outcome') : t('metrics.col.specialty'),
    by === 'market' ? t('metrics.col.provider') : null,
    t('metrics.col.fraction'),
    t('metrics.col.value'),
    f.target != null ? t('metrics.col.met') : null,
  ].filter(Boolean);
  const trs = rows.map((g) => h('tr', { dataset: { group: g.reason || g.outcome || (g.specialty ? String(g.specialty.id) : '') } },
    h('td', null, by === 'reason' ? vocab('reason', g.reason) : by === 'outcome' ? vocab('offer', g.outcome) : specialtyName(g.specialty)),
    by === 'market' ? h('td', null, vocab('provider', g.provider_kind)) : null,
    h('td', { class: 'num' }, fractionText(f, g)),
    h('td', { class: 'num' }, valueText(f, g)),
    f.target != null ? h('td', null, metBadge(f, g)) : null));
  return h('details', { class: 'figure-groups' },
    h('summary', null, t(`metrics.groups.${by}`, { n: fmtNumber(groups.length) })),
    table(headers, trs, { class: 'table table-compact', caption: t('metrics.groups.caption', { title: title(f), year: answer.year }) }));
}

// ---- the records behind a figure ----

// The link to a record's own page: a trainee's, a supervisor's, a unit's,
// a booking's documentation; a doctor's program or a substitute through
// the trainee record behind it, where there is one.
function recordLink(r) {
  let href = null;
  if (r.kind === 'trainee') href = `#/st-lakare/${r.id}`;
  else if (r.kind === 'supervisor') href = `#/handledare/${r.id}`;
  else if (r.kind === 'unit') href = `#/enheter/${r.id}`;
  else if (r.kind === 'booking') href = `#/randningar/${r.id}`;
  else if (r.trainee_id) href = `#/st-lakare/${r.trainee_id}`;
  return href ? h('a', { href, class: 'record-name' }, r.name) : h('span', { class: 'record-name' }, r.name);
}

function whyText(r) {
  const why = vocab('figreason', r.reason);
  return r.cancel_reason ? `${why}: ${vocab('reason', r.cancel_reason).toLowerCase()}` : why;
}

function renderRecords(view, figureId, query) {
  const head = pageHead(t('metrics.title'));
  const back = h('p', { class: 'back-link' }, h('a', { href: '#/matetal' }, h('span', { 'aria-hidden': 'true' }, '← '), t('metrics.records.back')));
  const body = h('div', { class: 'page-body', 'aria-busy': 'true' }, loading());
  view.append(back, head, body);

  (async () => {
    let sc;
    let answer;
    try {
      sc = await loadScope(query);
      answer = await api.get('/figures', apiQuery(sc));
    } catch (e) {
      body.removeAttribute('aria-busy');
      replace(body, errorBox(e));
      return;
    }
    back.querySelector('a').setAttribute('href', figuresHash(sc));
    const f = answer.figures.find((x) => x.id === figureId);
    if (!f) {
      body.removeAttribute('aria-busy');
      replace(body, errorBox(new Error(t('metrics.records.no_such', { id: figureId }))));
      return;
    }
    replace(head.querySelector('h1'), numbered(f));
    document.title = `${title(f)} – ${t('app.name')}`;
    head.append(h('p', { class: 'lead' }, t('metrics.records.lead', { scope: scopeName(answer), year: answer.year })));

    const state = readState(query, RECORD_KEYS);
    state.region = String(sc.region);
    state.unit = sc.unit ? String(sc.unit) : '';
    state.year = String(sc.year);
    if (!['true', 'false'].includes(state.counted)) state.counted = '';
    // Exportera (issue 15): the records behind the figure, as filtered.
    head.append(exportLinks('/figures/records', () => ({ figure: f.id, ...apiQuery(sc), counted: state.counted }), title(f)));
    const countedSel = select([
      { value: '', label: t('metrics.records.all') },
      { value: 'true', label: t('metrics.records.counted') },
      { value: 'false', label: t('metrics.records.not_counted') },
    ], state.counted, { name: 'counted' });
    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('metrics.records.filter') },
      field(t('metrics.records.show'), countedSel, { className: 'field-wide' }));
    filters.addEventListener('submit', (ev) => ev.preventDefault());

    const adds = f.unit_of_measure !== 'count';
    const list = pagedList({
      label: title(f),
      path: '/figures/records',
      query: () => ({ figure: f.id, ...apiQuery(sc), counted: state.counted }),
      state,
      hash: `#/matetal/${encodeURIComponent(f.id)}`,
      keys: RECORD_KEYS,
      defaults: { year: String(THIS_YEAR) },
      count: (n) => tn('metrics.records.count', n),
      empty: t('metrics.records.none'),
      tableClass: 'table table-records',
      scroll: true,
      columns: [
        { label: t('metrics.col.name'), cell: recordLink },
        { label: t('metrics.col.unit'), cell: (r) => (r.unit ? h('a', { href: `#/enheter/${r.unit.id}` }, r.unit.name) : t('common.none')) },
        { label: t('metrics.col.counted'), cell: (r) => (r.counted ? t('common.yes') : t('common.no')), className: 'record-counted' },
        { label: t('metrics.col.in_numerator'), cell: (r) => (r.in_numerator ? t('common.yes') : t('common.no')), className: 'record-in-numerator' },
        adds ? {
          label: t('metrics.col.adds'),
          num: true,
          cell: (r) => (!r.counted ? t('common.none')
            : f.measure === 'share' ? t('metrics.adds.fraction', { num: fmtNumber(r.numerator), den: amount(f.unit_of_measure, r.denominator) })
              : amount(f.unit_of_measure, r.numerator)),
        } : null,
        { label: t('metrics.col.why'), cell: whyText, className: 'record-why' },
        { label: t('metrics.col.date'), cell: (r) => fmtDate(r.date), num: true },
      ].filter(Boolean),
      rowAttrs: (r) => ({
        dataset: {
          record: String(r.id), kind: r.kind, counted: String(r.counted), inNumerator: String(r.in_numerator), reason: r.reason,
        },
      }),
    });

    replace(body,
      h('div', { class: 'card figure-summary', dataset: { figure: f.id, numerator: String(f.numerator), denominator: String(f.denominator) } },
        has(`metrics.about.${f.id}`) ? h('p', { class: 'figure-about' }, t(`metrics.about.${f.id}`)) : null,
        headline(f)),
      h('div', { class: 'card card-filters' }, filters),
      list.el);
    body.removeAttribute('aria-busy');
    countedSel.addEventListener('change', () => {
      state.counted = countedSel.value;
      list.first();
    });
    list.load();
  })();
}
