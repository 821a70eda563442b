// Platstillgång: the region's free rotation places as a heat map (units by
// specialty down, weeks across), and a panel to request a place from a cell.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, has, vocab, fmtWeek, fmtWeekShort, fmtNumber, fmtWeeks, specialtyName, compareText } from '../i18n.js';
import { addWeeks, currentWeek, isWeek, weeksBetween, weekParts } from '../weeks.js';
import { pageHead, errorBox, fieldNote, loading, empty, field, select, weekInput, notify, markInvalid, reasonNode } from '../components.js';
import { exportLinks } from '../components.js';
import { can } from '../session.js';
// Forms of rotation (issue 18).
import { formsSection, groupChoice, localError } from '../forms.js';
// Other regions' offers, marked with their region (issue 17).
import { remoteOffersList } from './exchange.js';
import { section } from '../components.js';

const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];
const LEAD_WEEKS = 13; // three months' lead time
const WINDOW_WEEKS = 20;
const SHIFT_WEEKS = 10;
const MAX_WEEKS = 104;
// The mark of a cell with seats freed in the last 14 days (issue 14): a
// star drawn by the stylesheet (.cell.fresh, so that the cell's text stays
// its number) and words in its name, never colour alone; the legend's.
const FRESH_MARK = '★';

// The colour class of a cell: no capacity, full, or a shade of green.
function level(free, seats) {
  if (!(seats > 0)) return 'lv-none';
  if (!(free > 0)) return 'lv-full';
  if (free < 1) return 'lv-1';
  if (free < 2) return 'lv-2';
  if (free < 3) return 'lv-3';
  if (free < 4) return 'lv-4';
  return 'lv-5';
}

function legend() {
  const sw = (cls, label) => h('li', null, h('span', { class: ['swatch', cls], 'aria-hidden': 'true' }), label);
  return h('div', { class: 'legend', role: 'group', 'aria-label': t('places.legend') },
    h('ul', null,
      sw('lv-none', t('places.legend.none')),
      sw('lv-full', t('places.legend.full')),
      h('li', { class: 'legend-scale' },
        h('span', null, t('places.legend.free')),
        h('span', { class: 'swatch lv-1', 'aria-hidden': 'true' }), fmtNumber(0.5),
        h('span', { class: 'swatch lv-2', 'aria-hidden': 'true' }), '1',
        h('span', { class: 'swatch lv-3', 'aria-hidden': 'true' }), '2',
        h('span', { class: 'swatch lv-4', 'aria-hidden': 'true' }), '3',
        h('span', { class: 'swatch lv-5', 'aria-hidden': 'true' }), '4+'),
      h('li', null, h('span', { class: 'swatch swatch-soon', 'aria-hidden': 'true' }), t('places.legend.soon')),
      h('li', null, h('span', { class: 'fresh-mark legend-fresh', 'aria-hidden': 'true' }, FRESH_MARK), t('places.legend.fresh'))));
}

// The state of the filters, from the address or the defaults.
function filtersFrom(query) {
  const from = isWeek(query.get('from')) ? query.get('from') : addWeeks(currentWeek(), LEAD_WEEKS);
  let to = isWeek(query.get('to')) ? query.get('to') : addWeeks(from, WINDOW_WEEKS - 1);
  if (weeksBetween(from, to) < 0) to = addWeeks(from, WINDOW_WEEKS - 1);
  return {
    specialty: query.get('specialty') || '',
    area: query.get('area') || '',
    provider_type: query.get('provider_type') || '',
    pattern: query.get('pattern') || '',
    from,
    to,
  };
}

function writeHash(f) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  window.history.replaceState(null, '', `#/platser?${q}`);
}

// A warning of a booking the server accepted, in the user's language
// ("panel.warning.CODE"); a warning the UI does not know keeps the
// server's words.
function warningText(w) {
  return has(`panel.warning.${w.code}`) ? t(`panel.warning.${w.code}`) : w.message;
}

export function render(view, { query }) {
  const f = filtersFrom(query);
  const mapSlot = h('div', { class: 'map-slot' });
  const summary = h('p', { class: 'map-summary', 'aria-live': 'polite' });
  const dialog = h('dialog', { class: 'drawer', 'aria-labelledby': 'panel-title' });
  let loadSeq = 0;

  const specialtySel = select([{ value: '', label: t('places.specialty.any') }], f.specialty, { name: 'specialty' });
  const areaSel = select([{ value: '', label: t('places.area.any') }], f.area, { name: 'area' });
  const providerSel = select([
    { value: '', label: t('provider.any') },
    { value: 'public', label: vocab('provider', 'public') },
    { value: 'private', label: vocab('provider', 'private') },
  ], f.provider_type, { name: 'provider_type' });
  const patternSel = select([{ value: '', label: t('pattern.any') },
    ...PATTERNS.map((p) => ({ value: p, label: vocab('pattern', p) }))], f.pattern, { name: 'pattern' });
  const fromIn = weekInput(f.from, { name: 'from', required: true });
  const toIn = weekInput(f.to, { name: 'to', required: true });
  const weekError = h('p', { class: 'field-error', id: nextId('err'), hidden: true });
  const earlier = h('button', { type: 'button', class: 'btn btn-small' }, '← ', t('places.earlier'));
  const later = h('button', { type: 'button', class: 'btn btn-small' }, t('places.later'), ' →');

  const form = h('form', { class: 'filters', 'aria-label': t('places.filters') },
    field(t('places.specialty'), specialtySel, { className: 'field-wide' }),
    field(t('places.area'), areaSel),
    field(t('places.provider'), providerSel),
    field(t('places.pattern'), patternSel),
    field(t('places.from'), fromIn),
    field(t('places.to'), toIn),
    weekError);

  view.append(
    pageHead(t('places.title'), t('places.lead')),
    h('div', { class: 'card card-filters' }, form),
    h('div', { class: 'map-head' }, summary, h('div', { class: 'map-shift' }, earlier, later), legend()),
    h('p', { class: 'hint map-hint', id: 'map-hint' }, t('places.hint')),
    mapSlot,
    dialog);
  // The forms of rotation (issue 18) within the same filters, below the map.
  const forms = formsSection(() => ({ specialty: f.specialty, from: f.from, to: f.to }));
  dialog.before(forms.el);
  forms.list.load();
  // Exportera: the overview as it is filtered now, as Excel or CSV.
  view.querySelector('.page-head').append(exportLinks('/places', () => ({ ...f }), t('places.title')));
  // Places other regions offer (issue 17), each marked with its region.
  if (can('exchange.read')) {
    const remote = remoteOffersList();
    view.append(section(t('xch.remote'), remote.el));
    remote.load();
  }

  // The reference lists fill the selects when they arrive.
  api.specialties().then((list) => {
    const opts = list.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) specialtySel.append(h('option', { value: String(o.value), selected: String(o.value) === f.specialty }, o.label));
  }).catch((e) => mapSlot.before(errorBox(e)));
  api.areas().then((list) => {
    const sorted = [...list].sort((a, b) => compareText(a.name, b.name));
    for (const a of sorted) areaSel.append(h('option', { value: String(a.id), selected: String(a.id) === f.area }, a.name));
  }).catch(() => {});

  function weeksValid() {
    let msg = '';
    for (const el of [fromIn, toIn]) el.removeAttribute('aria-invalid');
    if (!isWeek(fromIn.value)) {
      msg = t('error.week_format');
      fromIn.setAttribute('aria-invalid', 'true');
    } else if (!isWeek(toIn.value)) {
      msg = t('error.week_format');
      toIn.setAttribute('aria-invalid', 'true');
    } else if (weeksBetween(fromIn.value, toIn.value) < 0) {
      msg = t('error.week_order');
      toIn.setAttribute('aria-invalid', 'true');
    } else if (weeksBetween(fromIn.value, toIn.value) >= MAX_WEEKS) {
      msg = t('error.week_span', { n: MAX_WEEKS });
      toIn.setAttribute('aria-invalid', 'true');
    }
    weekError.textContent = msg;
    weekError.hidden = !msg;
    for (const el of [fromIn, toIn]) {
      if (msg) el.setAttribute('aria-errormessage', weekError.id);
      else el.removeAttribute('aria-errormessage');
    }
    return !msg;
  }

  function readForm() {
    f.specialty = specialtySel.value;
    f.area = areaSel.value;
    f.provider_type = providerSel.value;
    f.pattern = patternSel.value;
    f.from = fromIn.value;
    f.to = toIn.value;
  }

  function changed() {
    if (!weeksValid()) return;
    readForm();
    writeHash(f);
    load();
    forms.list.first();
  }

  for (const el of [specialtySel, areaSel, providerSel, patternSel, fromIn, toIn]) el.addEventListener('change', changed);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    changed();
  });
  const shift = (n) => {
    if (!weeksValid()) return;
    fromIn.value = addWeeks(fromIn.value, n);
    toIn.value = addWeeks(toIn.value, n);
    changed();
  };
  earlier.addEventListener('click', () => shift(-SHIFT_WEEKS));
  later.addEventListener('click', () => shift(SHIFT_WEEKS));

  // The cell last opened ({ unit, week }): it stays the grid's tab stop when the map reloads.
  let opened = null;
  const cellOf = (key) => key && mapSlot.querySelector(`td.cell[data-unit="${key.unit}"][data-week="${key.week}"]`);

  async function load() {
    const seq = ++loadSeq;
    mapSlot.setAttribute('aria-busy', 'true');
    if (!mapSlot.firstChild) mapSlot.append(loading());
    try {
      const data = await api.get('/places', {
        from: f.from, to: f.to, specialty: f.specialty, area: f.area,
        provider_type: f.provider_type, pattern: f.pattern,
      });
      if (seq !== loadSeq) return;
      let free = 0;
      let fresh = 0;
      for (const u of data.units) for (const x of u.free) free += Math.max(0, x);
      for (const u of data.units) for (const x of u.fresh || []) fresh += x;
      summary.textContent = t('places.summary', { units: fmtNumber(data.units.length), weeks: data.weeks.length, free: fmtNumber(free) })
        + (fresh > 0 ? t('places.summary_fresh', { fresh: fmtNumber(fresh) }) : '');
      replace(mapSlot, data.units.length ? heatmap(data, openPanel, opened) : empty(t('places.none')));
    } catch (e) {
      if (seq !== loadSeq) return;
      summary.textContent = '';
      replace(mapSlot, errorBox(e));
    } finally {
      if (seq === loadSeq) mapSlot.removeAttribute('aria-busy');
    }
  }

  // Opens the panel of a cell; closing it puts the focus back on the cell
  // (on its successor when a booking has redrawn the map meanwhile).
  function openPanel(unit, week) {
    opened = { unit: unit.id, week };
    showPanel(dialog, unit, week, f, load);
    dialog.addEventListener('close', () => {
      const cell = cellOf(opened);
      if (cell) cell.focus();
    }, { once: true });
  }

  load();
}

// The heat map as an ARIA grid: one tab stop (the cell of active, else the
// first), arrows move, Enter or a click opens.
function heatmap(data, onOpen, active0) {
  const weeks = data.weeks;
  const soon = addWeeks(currentWeek(), LEAD_WEEKS);
  const groups = new Map();
  for (const u of data.units) {
    const key = u.specialty ? u.specialty.id : 0;
    if (!groups.has(key)) groups.set(key, { specialty: u.specialty, units: [] });
    groups.get(key).units.push(u);
  }
  const ordered = [...groups.values()].sort((a, b) => compareText(specialtyName(a.specialty), specialtyName(b.specialty)));

  // Header: the years over the weeks.
  const years = [];
  for (const w of weeks) {
    const y = weekParts(w).year;
    if (years.length && years[years.length - 1].year === y) years[years.length - 1].n += 1;
    else years.push({ year: y, n: 1 });
  }
  const thead = h('thead', null,
    h('tr', { class: 'row-years' },
      h('th', { class: 'corner', rowspan: '2', scope: 'col' }, t('places.unit')),
      years.map((y) => h('th', { colspan: String(y.n), scope: 'colgroup', class: 'year' }, String(y.year)))),
    h('tr', { class: 'row-weeks' },
      weeks.map((w) => h('th', {
        scope: 'col', class: ['week', w < soon ? 'soon' : null], 'aria-label': fmtWeek(w), title: fmtWeek(w),
      }, String(weekParts(w).week)))));

  const cells = [];
  const tbody = h('tbody');
  for (const g of ordered) {
    g.units.sort((a, b) => compareText(a.name, b.name));
    tbody.append(h('tr', { class: 'group' },
      h('th', { colspan: String(weeks.length + 1), scope: 'colgroup' },
        h('span', { class: 'group-name' }, specialtyName(g.specialty), h('span', { class: 'group-count' }, ` · ${g.units.length}`)))));
    for (const u of g.units) {
      const row = [];
      const meta = [u.provider && u.provider.name, u.area && u.area.name].filter(Boolean).join(' · ');
      const tr = h('tr', { class: 'unit-row', dataset: { unit: u.id } },
        h('th', { scope: 'row', class: 'unit-name' },
          h('a', { href: `#/enheter/${u.id}`, tabindex: '-1' }, u.name),
          h('span', { class: 'unit-meta' },
            u.provider && u.provider.kind === 'private' ? h('span', { class: 'badge badge-private' }, vocab('provider', 'private')) : null,
            meta)));
      weeks.forEach((w, i) => {
        const seats = u.seats[i] ?? 0;
        const free = u.free[i] ?? 0;
        const fresh = (u.fresh && u.fresh[i]) || 0;
        let label = seats > 0
          ? t('places.cell', { unit: u.name, week: fmtWeek(w), free: fmtNumber(Math.max(0, free)), seats: fmtNumber(seats) })
          : t('places.cell_none', { unit: u.name, week: fmtWeek(w) });
        if (fresh > 0) label += t('places.cell_fresh', { fresh: fmtNumber(fresh) });
        // Within three months: marked by colour, and said in words too.
        if (w < soon && seats > 0) label += t('places.cell_soon');
        const td = h('td', {
          class: ['cell', level(free, seats), w < soon ? 'soon' : null, fresh > 0 ? 'fresh' : null],
          tabindex: '-1', 'aria-label': label, title: label,
          dataset: { unit: u.id, week: w, free: String(free), seats: String(seats), fresh: String(fresh), r: cells.length, c: i },
        }, seats > 0 ? fmtNumber(Math.max(0, free)) : '');
        row.push(td);
        tr.append(td);
      });
      cells.push({ unit: u, row });
      tbody.append(tr);
    }
  }

  let active = cells[0].row[0];
  if (active0) {
    const found = cells.find((x) => x.unit.id === active0.unit);
    const c = weeks.indexOf(active0.week);
    if (found && c >= 0) active = found.row[c];
  }
  active.tabIndex = 0;
  function activate(td, focus = true) {
    active.tabIndex = -1;
    active = td;
    active.tabIndex = 0;
    if (focus) active.focus();
  }

  tbody.addEventListener('click', (ev) => {
    const td = ev.target.closest('td.cell');
    if (!td) return;
    activate(td);
    onOpen(cells[Number(td.dataset.r)].unit, td.dataset.week);
  });
  tbody.addEventListener('keydown', (ev) => {
    const td = ev.target.closest('td.cell');
    if (!td) return;
    const r = Number(td.dataset.r);
    const c = Number(td.dataset.c);
    const last = weeks.length - 1;
    let next = null;
    switch (ev.key) {
      case 'ArrowRight': next = cells[r].row[Math.min(last, c + 1)]; break;
      case 'ArrowLeft': next = cells[r].row[Math.max(0, c - 1)]; break;
      case 'ArrowDown': next = cells[Math.min(cells.length - 1, r + 1)].row[c]; break;
      case 'ArrowUp': next = cells[Math.max(0, r - 1)].row[c]; break;
      case 'Home': next = ev.ctrlKey ? cells[0].row[0] : cells[r].row[0]; break;
      case 'End': next = ev.ctrlKey ? cells[cells.length - 1].row[last] : cells[r].row[last]; break;
      case 'PageDown': next = cells[Math.min(cells.length - 1, r + 10)].row[c]; break;
      case 'PageUp': next = cells[Math.max(0, r - 10)].row[c]; break;
      case 'Enter':
      case ' ':
        ev.preventDefault();
        onOpen(cells[r].unit, td.dataset.week);
        return;
      default:
        return;
    }
    ev.preventDefault();
    activate(next);
  });

  return h('div', { class: 'heatmap-scroll' },
    h('table', { class: 'heatmap', role: 'grid', 'aria-label': t('places.grid_label'), 'aria-describedby': 'map-hint' }, thead, tbody));
}

// Consecutive weeks with free seats: [{ from, to, min }].
function freeRuns(weeks, free) {
  const runs = [];
  weeks.forEach((w, i) => {
    if (free[i] > 0) {
      const last = runs[runs.length - 1];
      if (last && last.end === i - 1) {
        last.to = w;
        last.end = i;
        last.min = Math.min(last.min, free[i]);
      } else runs.push({ from: w, to: w, end: i, min: free[i] });
    }
  });
  return runs;
}

function needTrainee(n) {
  const tr = n.trainee || {};
  return { id: tr.id ?? n.trainee_id, name: tr.name ?? n.trainee_name ?? `#${n.trainee_id}` };
}

// Fills and opens the panel of one unit around one week.
function showPanel(dialog, unit, week, filters, onBooked) {
  const close = h('button', { type: 'button', class: 'btn btn-quiet drawer-close', 'aria-label': t('common.close') }, '✕');
  close.addEventListener('click', () => dialog.close());
  const meta = [specialtyName(unit.specialty), unit.provider && `${unit.provider.name} (${vocab('provider', unit.provider.kind)})`,
    unit.area && unit.area.name].filter(Boolean).join(' · ');
  const stripSlot = h('div', { class: 'strip-slot' }, loading());
  const formSlot = h('div', { class: 'request-slot' }, loading());
  const resultSlot = h('div', { class: 'result-slot', tabindex: '-1' });
  const freedSlot = h('div', { class: 'freed-slot' }, loading());
  const mayRequest = can('booking.request');

  replace(dialog,
    h('div', { class: 'drawer-head' },
      h('div', null,
        h('h2', { id: 'panel-title' }, unit.name),
        h('p', { class: 'drawer-meta' }, meta, ' · ', h('a', { href: `#/enheter/${unit.id}` }, t('panel.open_unit')))),
      close),
    h('section', { class: 'drawer-section', 'aria-labelledby': 'panel-free' },
      h('h3', { id: 'panel-free' }, t('panel.around', { week: fmtWeek(week) })),
      stripSlot),
    h('section', { class: 'drawer-section', 'aria-labelledby': 'panel-freed' },
      h('h3', { id: 'panel-freed' }, t('panel.freed')),
      freedSlot),
    // Only those who may request a place are offered the form.
    mayRequest
      ? h('section', { class: 'drawer-section', 'aria-labelledby': 'panel-request' },
        h('h3', { id: 'panel-request' }, t('panel.request')),
        resultSlot,
        formSlot)
      : null);
  if (!dialog.open) dialog.showModal();
  close.focus();

  let startInput = null;
  let chips = [];
  function pickStart(w) {
    if (startInput) {
      startInput.value = w;
      startInput.dispatchEvent(new Event('input'));
    }
  }
  function markChips() {
    for (const c of chips) c.setAttribute('aria-pressed', String(Boolean(startInput) && c.dataset.week === startInput.value));
  }

  async function loadStrip() {
    const from = addWeeks(week, -4);
    const to = addWeeks(week, 15);
    try {
      const data = await api.get('/places', { from, to, specialty: unit.specialty && unit.specialty.id });
      const u = data.units.find((x) => x.id === unit.id);
      if (!u) {
        replace(stripSlot, empty(t('panel.no_free')));
        return;
      }
      chips = data.weeks.map((w, i) => {
        const free = u.free[i] ?? 0;
        const seats = u.seats[i] ?? 0;
        const chip = h('button', {
          type: 'button', class: ['chip', level(free, seats), w === week ? 'chip-clicked' : null],
          dataset: { week: w }, 'aria-pressed': 'false',
          // The name holds the chip's visible text in order, "v. 14" then
          // the free seats, with the year in parentheses (WCAG 2.5.3).
          'aria-label': seats > 0
            ? tn('panel.chip', Math.max(0, free), { week: fmtWeekShort(w), year: w.slice(0, 4), free: fmtNumber(Math.max(0, free)), seats: fmtNumber(seats) })
            : t('panel.chip_none', { week: fmtWeekShort(w), year: w.slice(0, 4) }),
        }, h('span', { class: 'chip-week' }, fmtWeekShort(w)), ' ', h('span', { class: 'chip-free' }, seats > 0 ? fmtNumber(Math.max(0, free)) : '–'));
        chip.addEventListener('click', () => pickStart(w));
        return chip;
      });
      const runs = freeRuns(data.weeks, u.free);
      replace(stripSlot,
        h('div', { class: 'strip' }, chips),
        runs.length
          ? h('div', { class: 'runs' }, h('p', { class: 'runs-title' }, t('panel.free_ranges')),
            h('ul', null, runs.map((r) => h('li', null,
              r.from === r.to ? fmtWeek(r.from) : `${fmtWeek(r.from)} – ${fmtWeek(r.to)}`,
              ` (${fmtWeeks(weeksBetween(r.from, r.to) + 1)})`))))
          : empty(t('panel.no_free')));
      markChips();
    } catch (e) {
      replace(stripSlot, errorBox(e));
    }
  }

  async function loadForm() {
    const spId = unit.specialty && unit.specialty.id;
    let needs;
    try {
      needs = await api.getAll('/needs', { specialty: spId, status: 'open' }, 2000);
    } catch (e) {
      replace(formSlot, errorBox(e));
      return;
    }
    needs.sort((a, b) => compareText(a.preferred_start || '9999', b.preferred_start || '9999') || compareText(needTrainee(a).name, needTrainee(b).name));
    if (!needs.length) {
      replace(formSlot, empty(t('panel.need.none', { specialty: specialtyName(unit.specialty) })));
      return;
    }
    const needLabel = (n) => (n.preferred_start
      ? t('panel.need.label', { name: needTrainee(n).name, weeks: fmtWeeks(n.weeks), start: fmtWeek(n.preferred_start) })
      : t('panel.need.label_nostart', { name: needTrainee(n).name, weeks: fmtWeeks(n.weeks) }));
    const needSel = select([{ value: '', label: t('panel.need.choose') },
      ...needs.map((n) => ({ value: n.id, label: needLabel(n) }))], '', { required: true, 'data-field': 'need_id', name: 'need_id' });
    const needFilter = h('input', { type: 'search', autocomplete: 'off', name: 'need_filter' });
    needFilter.addEventListener('input', () => {
      const q = needFilter.value.trim().toLowerCase();
      for (const o of needSel.options) if (o.value) o.hidden = q !== '' && !o.textContent.toLowerCase().includes(q);
    });
    const info = h('p', { class: 'hint need-info', 'aria-live': 'polite' });
    startInput = weekInput(week, { required: true, 'data-field': 'start_week', name: 'start_week' });
    startInput.addEventListener('input', markChips);
    startInput.addEventListener('change', markChips);
    const patternSel = h('select', { required: true, 'data-field': 'pattern', name: 'pattern' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('panel.submit'));
    const formError = h('div', { class: 'form-error' });
    // A group of a form of rotation (issue 18): its weeks and pattern are fixed.
    const group = groupChoice(unit, (fixed) => {
      startInput.readOnly = Boolean(fixed);
      if (fixed) {
        pickStart(fixed.start_week);
        if ([...patternSel.options].some((o) => o.value === fixed.pattern)) patternSel.value = fixed.pattern;
      }
      for (const c of chips) c.disabled = Boolean(fixed);
    });
    group.load(week);

    function refreshPatterns() {
      const need = needs.find((n) => String(n.id) === needSel.value);
      const unitPatterns = unit.patterns && unit.patterns.length ? unit.patterns : PATTERNS;
      const allowed = PATTERNS.filter((p) => unitPatterns.includes(p) && (!need || (need.patterns || PATTERNS).includes(p)));
      const keep = patternSel.value;
      patternSel.replaceChildren(...allowed.map((p) => h('option', { value: p }, vocab('pattern', p))));
      const prefer = [keep, filters.pattern, 'full'].find((p) => p && allowed.includes(p));
      if (prefer) patternSel.value = prefer;
      patternSel.disabled = allowed.length === 0;
      submit.disabled = allowed.length === 0;
      if (!need) info.textContent = '';
      else if (!allowed.length) info.textContent = t('panel.pattern.none');
      else info.textContent = t('panel.need.info', { weeks: need.weeks, patterns: (need.patterns || []).map((p) => vocab('pattern', p)).join(', ') });
    }
    needSel.addEventListener('change', refreshPatterns);
    refreshPatterns();

    const form = h('form', { class: 'request-form', novalidate: true },
      needs.length > 8 ? field(t('panel.need.filter'), needFilter) : null,
      field(t('panel.need'), needSel),
      info,
      h('div', { class: 'field-row' },
        field(t('panel.start'), startInput),
        field(t('panel.pattern'), patternSel)),
      group.el,
      formError,
      h('div', { class: 'form-actions' }, submit));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      formError.replaceChildren();
      markInvalid(form, null);
      if (!needSel.value) {
        markInvalid(form, { field: 'need_id' });
        formError.append(h('p', { class: 'field-error', role: 'alert' }, t('error.required')));
        return;
      }
      if (!isWeek(startInput.value)) {
        markInvalid(form, { field: 'start_week' });
        formError.append(h('p', { class: 'field-error', role: 'alert' }, t('error.week_format')));
        return;
      }
      const need = needs.find((n) => String(n.id) === needSel.value);
      submit.disabled = true;
      submit.textContent = t('panel.sending');
      try {
        const b = await api.post('/bookings', {
          need_id: need.id, unit_id: unit.id, start_week: startInput.value, pattern: patternSel.value,
          ...(group.value() ? { form_id: group.value() } : {}),
        });
        const name = (b.trainee && b.trainee.name) || needTrainee(need).name;
        const traineeId = (b.trainee && b.trainee.id) || needTrainee(need).id;
        const warnings = b.warnings || [];
        replace(resultSlot,
          h('div', { class: 'notice notice-ok', role: 'status', dataset: { booking: b.id } },
            h('p', null, t('panel.sent', { name, unit: unit.name, from: fmtWeek(b.start_week), to: fmtWeek(b.end_week) })),
            h('p', { class: 'notice-links' },
              h('a', { href: `#/bokningar?unit=${unit.id}` }, t('panel.goto_bookings')),
              traineeId ? h('a', { href: `#/st-lakare/${traineeId}` }, t('panel.goto_trainee')) : null)),
          warnings.length
            ? h('div', { class: 'notice notice-warn', role: 'alert' },
              h('strong', null, t('panel.warnings')),
              h('ul', null, warnings.map((w) => h('li', { dataset: { code: w.code } }, warningText(w)))))
            : null);
        notify(t('panel.sent', { name, unit: unit.name, from: fmtWeek(b.start_week), to: fmtWeek(b.end_week) }));
        resultSlot.focus();
        onBooked();
        loadStrip();
        loadForm();
      } catch (e) {
        submit.disabled = false;
        submit.textContent = t('panel.submit');
        const el = markInvalid(form, e);
        formError.append(h('div', { class: 'notice notice-error', role: 'alert', dataset: { code: e.code, field: e.field || '' } },
          h('strong', null, t('error.title')), ' ', localError(e).message, reasonNode(e),
          fieldNote(e, el) ? h('span', { class: 'error-field' }, fieldNote(e, el)) : null));
      }
    });
    replace(formSlot, form);
    markChips();
  }

  // The places freed at the unit around the week (issue 14), each to its
  // candidates and offers.
  async function loadFreed() {
    try {
      const list = await api.get('/freed', { unit: unit.id, open: 'true', from: addWeeks(week, -4), to: addWeeks(week, 15), limit: 20 });
      replace(freedSlot, list.items.length
        ? h('ul', { class: 'freed-list' }, list.items.map((x) => h('li', { dataset: { freed: x.id } },
          h('a', { href: `#/lediga/${x.id}` }, `${fmtWeek(x.from_week)} – ${fmtWeek(x.to_week)}`),
          ` · ${tn('panel.freed.seats', x.seats)} · ${vocab('freedcause', x.cause)}`,
          can('candidates.read') ? h('span', { class: 'muted' }, ` · ${t('panel.freed.candidates')}`) : null)))
        : empty(t('panel.freed.none')));
    } catch (e) {
      replace(freedSlot, errorBox(e));
    }
  }

  loadStrip();
  loadFreed();
  if (mayRequest) loadForm();
}
