// A unit's page: facts, the goals a rotation there covers (editable by
// its head of unit), its supervisors (those without handledarutbildning
// flagged), its quality reviews (reviews.js), its capacity periods
// (editable), the requests it has to answer and its booked trainees week
// by week, each linked to the rotation's documentation.

import { h, replace, nextId, scrollBox } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtWeek, fmtNumber, fmtDate, specialtyName, compareText } from '../i18n.js';
import { addWeeks, currentWeek, isWeek, weekParts, weeksBetween } from '../weeks.js';
import {
  pageHead, section, errorBox, loading, empty, field, weekInput, table, shortNoticeBadge,
  period, bookingActions, notify, markInvalid, select, rotationLink, errorText, fieldNote, reasonNode,
} from '../components.js';
import { can } from '../session.js';
import { access, unitSubject } from '../access.js';
import { GROUPS, REGULATIONS, compareGoals, goalTitle, regulationName } from '../goals.js';
import { pagedList, wireFilters } from '../list.js';
import { trainingCell } from '../supervisors.js';
import { reviewsSection } from './reviews.js';
import { exportLinks, feedLink } from '../components.js';
import { marketSection } from '../reoffer.js';
// Forms of rotation and placement rules (issue 18).
import { rulesSection, unitFormsSection } from '../forms.js';

const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];
const GRID_WEEKS = 26;

export function render(view, { params }) {
  const id = Number(params[0]);
  const head = pageHead(t('units.title'));
  const body = h('div', { class: 'page-body' }, loading());
  view.append(head, body);

  (async () => {
    let unit;
    try {
      unit = await api.get(`/units/${id}`);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    replace(head.querySelector('h1'), unit.name);
    document.title = `${unit.name} – ${t('app.name')}`;
    head.append(h('p', { class: 'lead' }, `${specialtyName(unit.specialty)} · ${vocab('unitkind', unit.kind)}`));
    // Exportera: the unit's schedule, a year from two weeks ago (it names
    // trainees: for those who may read the bookings); and its feed.
    if (can('booking.read')) head.append(exportLinks(`/units/${id}`, {}, unit.name), feedLink('unit', unit.id));

    const goalSlot = h('div', null, loading());
    const capSlot = h('div', null, loading());
    const reqSlot = h('div', null, loading());
    const gridSlot = h('div', null, loading());
    // Bookings show to those who may read them; the capacity to everyone.
    const bookingsToo = can('booking.read');
    const may = await access();
    const svSlot = h('div');
    const supervisorsToo = can('supervisor.read') && may('supervisor.read', unitSubject(unit));
    replace(body,
      facts(unit),
      section(t('unit.goals.title'), h('p', { class: 'hint' }, t('unit.goals.lead')), goalSlot),
      supervisorsToo ? section(t('unit.supervisors'), h('p', { class: 'hint' }, t('unit.supervisors.lead')), svSlot) : null,
      reviewsSection(unit, may),
      bookingsToo ? section(t('unit.requests'), reqSlot) : null,
      bookingsToo ? section(t('unit.booked'), gridSlot) : null,
      // The unit's place market (issue 14), to those who read its figures.
      can('figures.read') && may('figures.read', unitSubject(unit)) ? marketSection(unit) : null,
      section(t('unit.capacity'), h('p', { class: 'hint' }, t('unit.capacity.lead')), capSlot),
      // Its placement rules and forms of rotation (issue 18).
      rulesSection(unit, may('capacity.write', unitSubject(unit))),
      can('places.read') ? unitFormsSection(unit) : null);

    const grid = bookedGrid(unit, gridSlot);
    const refreshAll = () => {
      loadRequests();
      grid.load();
    };
    async function loadRequests() {
      try {
        const items = await api.getAll('/bookings', { unit: id, status: 'requested' });
        items.sort((a, b) => compareText(a.start_week, b.start_week));
        replace(reqSlot, items.length ? requestTable(items, refreshAll) : empty(t('unit.no_requests')));
      } catch (e) {
        replace(reqSlot, errorBox(e));
      }
    }
    if (bookingsToo) {
      loadRequests();
      grid.load();
    }
    if (supervisorsToo) unitSupervisors(unit, svSlot);
    unitGoals(unit, goalSlot, may('unit.write', unitSubject(unit)));
    capacityEditor(unit, capSlot, () => {
      if (bookingsToo) grid.load();
    });
  })();
}

function facts(u) {
  const item = (label, value) => h('div', null, h('dt', null, label), h('dd', null, value ?? t('common.none')));
  const goals = u.goal_ids || u.goals;
  return h('dl', { class: 'facts card' },
    item(t('units.specialty'), specialtyName(u.specialty)),
    item(t('units.provider'), u.provider ? `${u.provider.name} (${vocab('provider', u.provider.kind)})` : null),
    item(t('units.area'), u.area ? u.area.name : null),
    u.site ? item(t('unit.site'), [u.site.name, u.site.city].filter(Boolean).join(', ')) : null,
    item(t('units.kind'), vocab('unitkind', u.kind)),
    item(t('unit.hsa_id'), u.hsa_id),
    item(t('unit.takes_trainees'), u.takes_trainees === false || u.takes_trainees === 0 ? t('common.no') : t('common.yes')),
    u.max_away != null ? item(t('unit.max_away'), fmtNumber(u.max_away)) : null,
    goals && goals.length ? item(t('unit.goals'), fmtNumber(goals.length)) : null);
}

function requestTable(items, onChange) {
  return table(
    [t('bookings.trainee'), t('bookings.period'), t('bookings.pattern'), t('bookings.weeks'), t('bookings.created'), t('bookings.actions')],
    items.map((b) => h('tr', { dataset: { booking: b.id, status: b.status } },
      h('td', null, h('a', { href: `#/st-lakare/${b.trainee.id}` }, b.trainee.name), h('span', { class: 'unit-meta' }, rotationLink(b))),
      h('td', { class: 'num' }, period(b), ' ', shortNoticeBadge(b)),
      h('td', null, vocab('pattern', b.pattern)),
      h('td', { class: 'num' }, String(b.weeks)),
      h('td', { class: 'num' }, fmtDate(b.created_at)),
      h('td', null, bookingActions(b, onChange)))),
    { class: 'table table-bookings' });
}

// Confirmed and requested bookings of the unit across a window of weeks,
// with the occupancy of each week under them.
function bookedGrid(unit, slot) {
  let from = addWeeks(currentWeek(), -2);
  const nav = (n) => {
    from = addWeeks(from, n);
    load();
  };

  async function load() {
    const to = addWeeks(from, GRID_WEEKS - 1);
    try {
      const [confirmed, requested, places] = await Promise.all([
        api.getAll('/bookings', { unit: unit.id, status: 'confirmed', from, to }),
        api.getAll('/bookings', { unit: unit.id, status: 'requested', from, to }),
        api.get('/places', { from, to, specialty: unit.specialty && unit.specialty.id }).catch(() => null),
      ]);
      const weeks = [];
      for (let i = 0; i < GRID_WEEKS; i++) weeks.push(addWeeks(from, i));
      const inWindow = (b) => b.end_week >= from && b.start_week <= to;
      const rows = [...confirmed, ...requested].filter(inWindow)
        .sort((a, b) => compareText(a.start_week, b.start_week) || compareText(a.trainee.name, b.trainee.name));
      const pu = places && places.units.find((x) => x.id === unit.id);

      const head = h('tr', null,
        h('th', { scope: 'col', class: 'sticky-col' }, t('bookings.trainee')),
        weeks.map((w) => h('th', { scope: 'col', class: 'week', title: fmtWeek(w), 'aria-label': fmtWeek(w) },
          String(weekParts(w).week))));
      const body = rows.map((b) => h('tr', { dataset: { booking: b.id, status: b.status } },
        h('th', { scope: 'row', class: 'sticky-col' },
          h('a', { href: `#/st-lakare/${b.trainee.id}` }, b.trainee.name),
          h('span', { class: 'unit-meta' }, `${vocab('pattern', b.pattern)} · ${vocab('status', b.status)} · `, rotationLink(b))),
        weeks.map((w) => {
          const on = w >= b.start_week && w <= b.end_week;
          return h('td', { class: ['wk', on ? `wk-on wk-${b.status}` : null], title: on ? `${fmtWeek(w)}: ${vocab('status', b.status)}` : null });
        })));
      const foot = pu
        ? h('tfoot', null, h('tr', null,
          h('th', { scope: 'row', class: 'sticky-col' }, t('unit.booked.occupancy')),
          weeks.map((w, i) => {
            const seats = pu.seats[i] ?? 0;
            const taken = Math.max(0, seats - (pu.free[i] ?? 0));
            return h('td', { class: ['occ', seats > 0 && taken >= seats ? 'occ-full' : null], title: fmtWeek(w) },
              seats > 0 ? `${fmtNumber(taken)}/${fmtNumber(seats)}` : '–');
          })))
        : null;

      const prev = h('button', { type: 'button', class: 'btn btn-small' }, '← ', t('places.earlier'));
      const next = h('button', { type: 'button', class: 'btn btn-small' }, t('places.later'), ' →');
      prev.addEventListener('click', () => nav(-13));
      next.addEventListener('click', () => nav(13));
      replace(slot,
        h('div', { class: 'grid-nav' }, prev, h('span', null, t('unit.booked.window', { from: fmtWeek(from), to: fmtWeek(to) })), next),
        rows.length || pu
          ? scrollBox(t('unit.booked.window', { from: fmtWeek(from), to: fmtWeek(to) }),
            h('table', { class: 'table weekgrid' }, h('thead', null, head), h('tbody', null, body), foot))
          : null,
        rows.length ? null : empty(t('unit.booked.none')));
    } catch (e) {
      replace(slot, errorBox(e));
    }
  }
  return { load };
}

// The inputs of one capacity period; values from c (or empty for a new one).
function capacityFields(c) {
  const from = weekInput(c ? c.from_week : '', { required: true, 'data-field': 'from_week', name: 'from_week' });
  const to = weekInput(c ? c.to_week : '', { required: true, 'data-field': 'to_week', name: 'to_week' });
  const seats = h('input', { type: 'number', min: '0', max: '1000', step: '1', required: true, value: c ? String(c.seats) : '1', 'data-field': 'seats', name: 'seats', class: 'input-narrow' });
  const note = h('input', { type: 'text', maxlength: '200', value: c ? c.note || '' : '', 'data-field': 'note', name: 'note' });
  const legendId = nextId('lg');
  const boxes = PATTERNS.map((p) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: p, checked: c ? (c.patterns || []).includes(p) : p === 'full' }), vocab('pattern', p)));
  const patterns = h('fieldset', { class: 'checks', 'data-field': 'patterns', tabindex: '-1', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, t('unit.capacity.patterns.legend')), boxes);
  const read = () => ({
    from_week: from.value,
    to_week: to.value,
    seats: Number(seats.value),
    patterns: boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
    note: note.value,
  });
  return { from, to, seats, note, patterns, read };
}

// Checks a period before it goes to the server; returns an error-like object or null.
function checkPeriod(v) {
  if (!isWeek(v.from_week)) return { field: 'from_week', message: t('error.week_format') };
  if (!isWeek(v.to_week)) return { field: 'to_week', message: t('error.week_format') };
  if (weeksBetween(v.from_week, v.to_week) < 0) return { field: 'to_week', message: t('error.week_order') };
  if (!Number.isInteger(v.seats) || v.seats < 0 || v.seats > 1000) return { field: 'seats', message: t('error.required') };
  if (!v.patterns.length) return { field: 'patterns', message: t('error.required') };
  return null;
}

// The unit's capacity periods; those who may change them (capacity.write)
// get edit and delete buttons and the form for a new period.
function capacityEditor(unit, slot, onChange) {
  const editable = can('capacity.write');
  let showPast = false;
  let items = [];

  async function load() {
    try {
      items = await api.getAll('/capacity', { unit: unit.id });
      items.sort((a, b) => compareText(a.from_week, b.from_week));
      draw();
    } catch (e) {
      replace(slot, errorBox(e));
    }
  }

  function errorInto(form, box, err) {
    const el = markInvalid(form, err);
    replace(box, h('div', { class: 'notice notice-error', role: 'alert', dataset: { field: err.field || '' } },
      h('strong', null, t('error.title')), ' ', errorText(err), fieldNote(err, el), reasonNode(err)));
  }

  function viewRow(c) {
    const edit = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `${t('common.edit')} ${fmtWeek(c.from_week)} – ${fmtWeek(c.to_week)}` }, t('common.edit'));
    const weeks = `${fmtWeek(c.from_week)} – ${fmtWeek(c.to_week)}`;
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': `${t('common.delete')} ${weeks}` }, t('common.delete'));
    const errBox = h('div');
    const tr = h('tr', { dataset: { capacity: c.id } },
      h('td', { class: 'num' }, fmtWeek(c.from_week)),
      h('td', { class: 'num' }, fmtWeek(c.to_week)),
      h('td', { class: 'num' }, fmtNumber(c.seats)),
      h('td', null, (c.patterns || []).map((p) => vocab('pattern', p)).join(', ')),
      h('td', null, c.note || ''),
      editable ? h('td', null, h('div', { class: 'actions' }, edit, remove), errBox) : null);
    edit.addEventListener('click', () => {
      const er = editRow(c);
      tr.replaceWith(er);
      er.querySelector('input').focus();
    });
    remove.addEventListener('click', async () => {
      if (remove.dataset.armed !== 'true') {
        remove.dataset.armed = 'true';
        remove.textContent = t('common.confirm_delete');
        remove.setAttribute('aria-label', `${t('common.confirm_delete')} ${weeks}`);
        remove.classList.add('btn-danger');
        return;
      }
      remove.disabled = true;
      try {
        await api.del(`/capacity/${c.id}`);
        notify(t('unit.capacity.deleted'));
        await load();
        onChange();
      } catch (e) {
        remove.disabled = false;
        replace(errBox, errorBox(e));
      }
    });
    return tr;
  }

  function editRow(c) {
    const f = capacityFields(c);
    const errBox = h('div');
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('common.save'));
    const cancel = h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel'));
    const label = (el, key) => {
      el.setAttribute('aria-label', t(key));
      return el;
    };
    const formId = nextId('capform');
    const form = h('form', { id: formId, class: 'row-form', novalidate: true });
    for (const el of [f.from, f.to, f.seats, f.note]) el.setAttribute('form', formId);
    save.setAttribute('form', formId);
    for (const b of f.patterns.querySelectorAll('input')) b.setAttribute('form', formId);
    const tr = h('tr', { class: 'editing', dataset: { capacity: c.id } },
      h('td', null, label(f.from, 'unit.capacity.from')),
      h('td', null, label(f.to, 'unit.capacity.to')),
      h('td', null, label(f.seats, 'unit.capacity.seats')),
      h('td', null, f.patterns),
      h('td', null, label(f.note, 'unit.capacity.note')),
      h('td', null, form, h('div', { class: 'actions' }, save, cancel), errBox));
    cancel.addEventListener('click', () => tr.replaceWith(viewRow(c)));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = f.read();
      const bad = checkPeriod(v);
      if (bad) {
        errorInto(tr, errBox, bad);
        return;
      }
      save.disabled = true;
      try {
        await api.patch(`/capacity/${c.id}`, v);
        notify(t('unit.capacity.saved'));
        await load();
        onChange();
      } catch (e) {
        save.disabled = false;
        errorInto(tr, errBox, e);
      }
    });
    return tr;
  }

  function addForm() {
    const f = capacityFields(null);
    const last = items[items.length - 1];
    if (last && isWeek(last.to_week)) {
      f.from.value = addWeeks(last.to_week, 1);
      f.to.value = addWeeks(last.to_week, 26);
    }
    const errBox = h('div');
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('unit.capacity.add'));
    const form = h('form', { class: 'add-form', novalidate: true },
      h('h3', null, t('unit.capacity.add')),
      h('div', { class: 'field-row' },
        field(t('unit.capacity.from'), f.from),
        field(t('unit.capacity.to'), f.to),
        field(t('unit.capacity.seats'), f.seats),
        field(t('unit.capacity.note'), f.note)),
      f.patterns,
      errBox,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = f.read();
      const bad = checkPeriod(v);
      if (bad) {
        errorInto(form, errBox, bad);
        return;
      }
      submit.disabled = true;
      try {
        await api.post('/capacity', { unit_id: unit.id, ...v });
        notify(t('unit.capacity.saved'));
        await load();
        onChange();
      } catch (e) {
        submit.disabled = false;
        errorInto(form, errBox, e);
      }
    });
    return form;
  }

  function draw() {
    const now = currentWeek();
    const past = items.filter((c) => c.to_week < now);
    const shown = showPast ? items : items.filter((c) => c.to_week >= now);
    const toggleId = nextId('past');
    const toggle = h('input', { type: 'checkbox', id: toggleId, checked: showPast });
    toggle.addEventListener('change', () => {
      showPast = toggle.checked;
      draw();
      document.getElementById(toggleId).focus();
    });
    replace(slot,
      past.length ? h('p', { class: 'check' }, toggle, h('label', { for: toggleId }, `${t('unit.capacity.show_past')} (${past.length})`)) : null,
      shown.length
        ? table([t('unit.capacity.from'), t('unit.capacity.to'), t('unit.capacity.seats'), t('unit.capacity.patterns'), t('unit.capacity.note'),
          editable ? t('unit.capacity.actions') : null].filter(Boolean),
        shown.map(viewRow), { class: 'table table-capacity' })
        : empty(t('unit.capacity.none')),
      editable ? addForm() : null);
  }

  load();
}

// The unit's supervisors in the shared list, each with their
// handledarutbildning or the flag that it is missing, and a link to them
// all on the Handledare page.
function unitSupervisors(unit, slot) {
  const list = pagedList({
    label: t('unit.supervisors'),
    path: '/supervisors',
    query: () => ({ unit: unit.id }),
    limit: 25,
    count: (n) => tn('supervisors.count', n),
    empty: t('unit.supervisors.none'),
    tableClass: 'table table-supervisors',
    columns: [
      { label: t('supervisors.name'), cell: (sv) => h('a', { href: `#/handledare/${sv.id}` }, sv.name) },
      { label: t('supervisors.trained_on'), cell: (sv) => trainingCell(sv) },
      { label: t('supervisors.trainees'), cell: (sv) => fmtNumber(sv.trainees), num: true },
      { label: t('supervisors.rotations'), cell: (sv) => fmtNumber(sv.rotations), num: true },
    ],
    rowAttrs: (sv) => ({ dataset: { supervisor: sv.id, trained: String(sv.trained) } }),
  });
  replace(slot, list.el, h('p', null, h('a', { href: `#/handledare?unit=${unit.id}` }, t('unit.supervisors.all'))));
  list.load();
}

// The goals a rotation at the unit covers, with their codes and titles;
// for those who may change the unit, a button to take one away and a
// search of every goal to add one. Each change is saved at once.
function unitGoals(unit, slot, editable) {
  let ids = [...(unit.goal_ids || [])];
  const known = new Map();
  const currentSlot = h('div', { class: 'unit-goals-now' });
  const errSlot = h('div', { class: 'action-error' });
  let finder = null;
  let specs = new Map();

  async function details() {
    const want = ids.filter((id) => !known.has(id));
    const got = await Promise.all(want.map((id) => api.get(`/goals/${id}`).catch(() => null)));
    for (const g of got) if (g) known.set(g.id, g);
  }

  async function save(next, message) {
    errSlot.replaceChildren();
    try {
      const u = await api.patch(`/units/${unit.id}`, { goal_ids: next });
      ids = [...(u.goal_ids || [])];
      notify(message);
      await draw();
      if (finder) finder.load();
      return true;
    } catch (e) {
      replace(errSlot, errorBox(e));
      return false;
    }
  }

  function specName(id) {
    const sp = specs.get(id);
    return id ? (sp ? specialtyName(sp) : `#${id}`) : t('goals.common');
  }

  async function draw() {
    await details();
    const goals = ids.map((id) => known.get(id) || { id, code: `#${id}`, title: '', group: 'c' }).sort(compareGoals);
    if (!goals.length) {
      replace(currentSlot, empty(t('unit.goals.none')));
      return;
    }
    const headers = [t('goals.code'), t('goals.goal'), t('goals.regulation'), t('goals.specialty')];
    if (editable) headers.push(t('unit.capacity.actions'));
    replace(currentSlot, table(headers, goals.map((g) => {
      const row = h('tr', { dataset: { goal: g.id } },
        h('th', { scope: 'row', class: 'goal-code-cell' }, g.code),
        h('td', null, goalTitle(g)),
        h('td', null, regulationName(g.regulation)),
        h('td', null, specName(g.specialty_id)));
      if (editable) {
        const remove = h('button', {
          type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'remove-goal' },
          'aria-label': `${t('unit.goals.remove')}: ${g.code} ${g.title}`,
        }, t('unit.goals.remove'));
        remove.addEventListener('click', async () => {
          remove.disabled = true;
          const ok = await save(ids.filter((x) => x !== g.id), t('unit.goals.removed', { code: g.code }));
          if (ok) (currentSlot.querySelector('button') || slot.querySelector('input[type="search"]'))?.focus();
          else remove.disabled = false;
        });
        row.append(h('td', null, remove));
      }
      return row;
    }), { class: 'table table-unit-goals', caption: t('unit.goals.title') }));
  }

  // The search for a goal to add: the shared list of /goals.
  function goalFinder() {
    const state = { q: '', regulation: '', specialty: '', group: '', offset: 0 };
    const qIn = h('input', { type: 'search', name: 'goal_q', autocomplete: 'off' });
    const regSel = select([{ value: '', label: t('goals.regulation.any') },
      ...Object.keys(REGULATIONS).map((r) => ({ value: r, label: regulationName(r) }))], '', { name: 'goal_regulation' });
    const spSel = select([{ value: '', label: t('places.specialty.any') },
      ...[...specs.values()].map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label))],
    '', { name: 'goal_specialty' });
    const grpSel = select([{ value: '', label: t('goals.group.any') }, ...GROUPS.map((g) => ({ value: g, label: vocab('goal_group', g) }))], '', { name: 'goal_group' });
    const form = h('form', { class: 'filters', role: 'search' },
      field(t('goals.q'), qIn, { className: 'field-wide' }),
      field(t('goals.regulation'), regSel),
      field(t('goals.specialty'), spSel),
      field(t('goals.group'), grpSel),
      h('div', { class: 'filter-shift' }, h('button', { type: 'submit', class: 'btn' }, t('common.search'))));
    const list = pagedList({
      label: t('unit.goals.find'),
      path: '/goals',
      query: () => ({ q: state.q, regulation: state.regulation, specialty: state.specialty, group: state.group }),
      state,
      limit: 10,
      count: (n) => tn('goals.count', n),
      empty: t('goals.none'),
      tableClass: 'table table-goal-find',
      columns: [
        { label: t('goals.code'), cell: (g) => g.code },
        { label: t('goals.goal'), cell: (g) => goalTitle(g) },
        { label: t('goals.regulation'), cell: (g) => regulationName(g.regulation) },
        { label: t('goals.specialty'), cell: (g) => specName(g.specialty_id) },
        {
          label: t('unit.capacity.actions'),
          cell: (g) => {
            if (ids.includes(g.id)) return h('span', { class: 'muted' }, t('unit.goals.added_already'));
            const add = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'add-goal', goal: g.id }, 'aria-label': `${t('unit.goals.add')}: ${g.code} ${g.title}` }, t('unit.goals.add'));
            add.addEventListener('click', async () => {
              add.disabled = true;
              known.set(g.id, g);
              if (!(await save([...ids, g.id], t('unit.goals.added', { code: g.code })))) add.disabled = false;
              else qIn.focus();
            });
            return add;
          },
        },
      ],
      rowAttrs: (g) => ({ dataset: { goal: g.id } }),
    });
    wireFilters(list, { form, search: qIn, selects: [[regSel, 'regulation'], [spSel, 'specialty'], [grpSel, 'group']] });
    const hid = nextId('ug');
    const el = h('section', { class: 'unit-goal-find', 'aria-labelledby': hid },
      h('h3', { id: hid }, t('unit.goals.find')), h('div', { class: 'card-filters' }, form), list.el);
    return { el, load: () => list.load() };
  }

  (async () => {
    try {
      specs = new Map((await api.specialties().catch(() => [])).map((sp) => [sp.id, sp]));
      await draw();
    } catch (e) {
      replace(slot, errorBox(e));
      return;
    }
    replace(slot, currentSlot, errSlot);
    if (editable) {
      finder = goalFinder();
      slot.append(finder.el);
      finder.load();
    }
  })();
}
