// Pieces of the re-offer of freed places (issue 14) that several pages
// show: a trainee's offers with accept and decline, one's watches of
// places, and a unit's place market figures. The freed places themselves
// and their candidates are pages/freed.js.

import { h, replace } from './dom.js';
import * as api from './api.js';
import { t, tn, vocab, fmtWeek, fmtNumber, fmtDateTime, fmtWeeks, specialtyName, compareText } from './i18n.js';
import { addWeeks, currentWeek, isWeek, weeksBetween } from './weeks.js';
import { section, errorBox, loading, empty, field, select, weekInput, table, notify, showFieldError, clearFieldErrors } from './components.js';
import { pagedList } from './list.js';

// "v. 10 2027 – v. 21 2027" of an offer or a freed place.
export function weeksText(x) {
  const from = x.start_week ?? x.from_week;
  const to = x.end_week ?? x.to_week;
  return from === to ? fmtWeek(from) : `${fmtWeek(from)} – ${fmtWeek(to)}`;
}

// An offer's state as a badge, in words (not by colour alone).
export function offerBadge(status) {
  return h('span', { class: ['badge', `offer-${status}`], dataset: { offerStatus: status } }, vocab('offer', status));
}

// The reason of a candidate in the language in use.
export function reasonText(c) {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'sv';
  return lang === 'en' ? c.reason_en : c.reason_sv;
}

// A trainee's offers (GET /offers?trainee=): the place, its weeks, the
// answer's deadline and state, and for those who may answer (mayAnswer)
// accept and decline. onAnswered(offer) runs after the server agreed.
export function offersSection(traineeId, mayAnswer, onAnswered) {
  const list = pagedList({
    label: t('offers.title'),
    path: '/offers',
    query: () => ({ trainee: traineeId }),
    limit: 20,
    empty: t('offers.none'),
    render: (items, l) => table(
      [t('offers.unit'), t('offers.weeks'), t('offers.deadline'), t('offers.status'), t('offers.actions')],
      items.map((o) => offerRow(o, mayAnswer, () => {
        l.load();
        if (onAnswered) onAnswered(o);
      })),
      { class: 'table table-offers', caption: t('offers.title') }),
  });
  const sec = section(t('offers.title'), h('p', { class: 'hint' }, t('offers.lead')), list.el);
  sec.id = 'erbjudanden';
  list.load();
  return sec;
}

function offerRow(o, mayAnswer, onDone) {
  const errSlot = h('div', { class: 'action-error' });
  const actions = h('div', { class: 'actions' });
  if (o.status === 'open' && mayAnswer) {
    const name = `${o.unit.name}, ${weeksText(o)}`;
    const accept = h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'accept-offer' }, 'aria-label': `${t('offers.accept')}: ${name}` }, t('offers.accept'));
    const decline = h('button', { type: 'button', class: 'btn', dataset: { action: 'decline-offer' }, 'aria-label': `${t('offers.decline')}: ${name}` }, t('offers.decline'));
    const run = async (what) => {
      errSlot.replaceChildren();
      accept.disabled = true;
      decline.disabled = true;
      try {
        const done = await api.post(`/offers/${o.id}/${what}`);
        notify(t(what === 'accept' ? 'offers.accepted' : 'offers.declined', { unit: o.unit.name, weeks: weeksText(o) }));
        onDone(done);
      } catch (e) {
        accept.disabled = false;
        decline.disabled = false;
        errSlot.replaceChildren(errorBox(e));
      }
    };
    accept.addEventListener('click', () => run('accept'));
    decline.addEventListener('click', () => run('decline'));
    actions.append(accept, decline);
  }
  return h('tr', { dataset: { offer: o.id, status: o.status } },
    h('td', null, h('a', { href: `#/enheter/${o.unit.id}` }, o.unit.name), h('span', { class: 'unit-meta' }, specialtyName(o.specialty))),
    h('td', null, weeksText(o), h('span', { class: 'muted' }, ` · ${vocab('pattern', o.pattern)}, ${fmtWeeks(o.weeks)}`)),
    h('td', null, o.status === 'open' ? t('offers.answer_by', { when: fmtDateTime(o.deadline) }) : fmtDateTime(o.answered_at)),
    h('td', null, offerBadge(o.status)),
    h('td', null, actions, errSlot));
}

// ---- watches ----

// One's own watches of places (GET /watches): what each watches and how
// often it was told, with the form that adds one and a delete per row.
export function watchesSection() {
  const formSlot = h('div', null);
  const list = pagedList({
    label: t('watches.title'),
    path: '/watches',
    limit: 20,
    empty: t('watches.none'),
    columns: [
      { label: t('watches.what'), cell: (w) => watchWhat(w) },
      { label: t('watches.weeks'), cell: (w) => `${fmtWeek(w.from_week)} – ${fmtWeek(w.to_week)}` },
      { label: t('watches.hits'), cell: (w) => (w.last_freed_id
        ? h('a', { href: `#/lediga/${w.last_freed_id}` }, tn('watches.hits_n', w.hits))
        : tn('watches.hits_n', w.hits)) },
      { label: t('watches.actions'), cell: (w) => deleteButton(w, () => list.load()) },
    ],
    rowAttrs: (w) => ({ dataset: { watch: w.id } }),
  });
  const sec = section(t('watches.title'), h('p', { class: 'hint' }, t('watches.lead')), formSlot, list.el);
  sec.id = 'bevakningar';
  list.load();
  replace(formSlot, watchForm(() => list.first()));
  return sec;
}

function watchWhat(w) {
  const parts = [];
  if (w.specialty) parts.push(specialtyName(w.specialty));
  if (w.unit) parts.push(w.unit.name);
  if (w.goal) parts.push(`${w.goal.code} ${w.goal.title}`);
  return parts.join(' · ');
}

function deleteButton(w, onDone) {
  const b = h('button', { type: 'button', class: 'btn btn-quiet', dataset: { action: 'delete-watch' }, 'aria-label': `${t('common.delete')}: ${watchWhat(w)}` }, t('common.delete'));
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await api.del(`/watches/${w.id}`);
      notify(t('watches.deleted'));
      onDone();
    } catch (e) {
      b.disabled = false;
      b.after(errorBox(e));
    }
  });
  return b;
}

function watchForm(onSaved) {
  const spSel = select([{ value: '', label: t('watches.specialty.any') }], '', { name: 'specialty_id', 'data-field': 'specialty_id' });
  const unitSel = select([{ value: '', label: t('watches.unit.any') }], '', { name: 'unit_id', 'data-field': 'unit_id' });
  const goalSel = select([{ value: '', label: t('watches.goal.any') }], '', { name: 'goal_id', 'data-field': 'goal_id', disabled: true });
  const from = weekInput(currentWeek(), { name: 'from_week', 'data-field': 'from_week', required: true });
  const to = weekInput(addWeeks(currentWeek(), 51), { name: 'to_week', 'data-field': 'to_week', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('watches.add'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'watch-form', novalidate: true, 'aria-label': t('watches.add') },
    h('div', { class: 'field-row' },
      field(t('watches.specialty'), spSel),
      field(t('watches.unit'), unitSel),
      field(t('watches.goal'), goalSel)),
    h('div', { class: 'field-row' },
      field(t('watches.from'), from),
      field(t('watches.to'), to)),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  api.specialties().then((list) => {
    const opts = list.map((sp) => ({ value: sp.id, label: specialtyName(sp) })).sort((a, b) => compareText(a.label, b.label));
    for (const o of opts) spSel.append(h('option', { value: String(o.value) }, o.label));
  }).catch(() => {});
  api.getAll('/units', { takes_trainees: 'true' }, 1000).then((list) => {
    for (const u of [...list].sort((a, b) => compareText(a.name, b.name))) unitSel.append(h('option', { value: String(u.id) }, u.name));
  }).catch(() => {});
  spSel.addEventListener('change', async () => {
    goalSel.replaceChildren(h('option', { value: '' }, t('watches.goal.any')));
    goalSel.disabled = !spSel.value;
    if (!spSel.value) return;
    try {
      const goals = await api.getAll('/goals', { specialty: spSel.value, common: 'false' }, 500);
      for (const g of goals) goalSel.append(h('option', { value: String(g.id) }, `${g.code} ${g.title}`));
    } catch {
      // The goals stay unchosen: the watch works without one.
    }
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    if (!spSel.value && !unitSel.value && !goalSel.value) {
      showFieldError(form, errSlot, { field: 'specialty_id', message: t('watches.need_one') });
      return;
    }
    for (const [el, name] of [[from, 'from_week'], [to, 'to_week']]) {
      if (!isWeek(el.value)) {
        showFieldError(form, errSlot, { field: name, message: t('error.week_format') });
        return;
      }
    }
    if (weeksBetween(from.value, to.value) < 0) {
      showFieldError(form, errSlot, { field: 'to_week', message: t('error.week_order') });
      return;
    }
    const body = { from_week: from.value, to_week: to.value };
    for (const [el, name] of [[spSel, 'specialty_id'], [unitSel, 'unit_id'], [goalSel, 'goal_id']])
      if (el.value) body[name] = Number(el.value);
    submit.disabled = true;
    try {
      await api.post('/watches', body);
      notify(t('watches.added'));
      onSaved();
    } catch (e) {
      showFieldError(form, errSlot, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- a unit's place market ----

const MARKET = ['freed_reused', 'freed_rebooked_days', 'offers_accepted'];

// The unit's place market this year (GET /figures?region=&unit=): freed
// seat-weeks booked again, days to booked again, offers accepted and how
// the others ended.
export function marketSection(unit) {
  const slot = h('div', null, loading());
  const sec = section(t('market.title'), h('p', { class: 'hint' }, t('market.lead')), slot,
    h('p', null, h('a', { href: `#/lediga?unit=${unit.id}` }, t('market.freed_link'))));
  sec.id = 'platsmarknad';
  (async () => {
    try {
      const answer = await api.get('/figures', { region: unit.region_id, unit: unit.id });
      const rows = MARKET.map((id) => answer.figures.find((f) => f.id === id)).filter(Boolean).map((f) => h('tr', { dataset: { figure: f.id } },
        h('th', { scope: 'row' }, document.documentElement.lang === 'en' ? f.title : f.title_sv),
        h('td', { class: 'num' }, marketValue(f)),
        h('td', null, marketDetail(f))));
      replace(slot, table([t('market.figure'), t('market.value'), t('market.detail')], rows,
        { class: 'table table-market', caption: t('market.caption', { year: answer.year }) }));
    } catch (e) {
      replace(slot, errorBox(e));
    }
  })();
  return sec;
}

function marketValue(f) {
  if (f.value == null) return t('common.none');
  if (f.measure === 'share') return `${fmtNumber(Math.round(f.value * 1000) / 10)} %`;
  return tn('market.days', Math.round(f.value * 10) / 10);
}

function marketDetail(f) {
  if (f.id === 'offers_accepted') {
    if (!f.denominator) return t('market.offers_none');
    const parts = (f.groups || []).map((g) => `${vocab('offer', g.outcome)} ${fmtNumber(g.numerator)}`);
    return `${tn('market.offers_n', f.denominator)}: ${parts.join(', ')}`;
  }
  if (f.id === 'freed_reused')
    return t('market.seat_weeks', { num: fmtNumber(f.numerator), den: fmtNumber(f.denominator) });
  return tn('market.rebooked', f.denominator);
}

// A freed place's cause in words: "Avbokad (sjukskrivning)".
// A place in a form's group says so: only the group's weeks take it.
export function causeText(f) {
  const cause = vocab('freedcause', f.cause);
  return f.form_id ? `${cause}, ${t('freed.in_group')}` : cause;
}
