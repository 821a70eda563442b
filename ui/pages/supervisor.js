// A supervisor's page: who they are and where, their handledarutbildning
// (a warning when it is missing), the trainees they are huvudhandledare
// of and the rotations they supervise, each a link. Those who keep the
// unit's supervisors (supervisor.write) record the training dates.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDate, fmtNumber, specialtyName, compareText } from '../i18n.js';
import {
  pageHead, section, errorBox, loading, statusBadge, period, notify, showFieldError, clearFieldErrors, field, rotationLink,
} from '../components.js';
import { pagedList, pageOf } from '../list.js';
import { access, unitSubject } from '../access.js';
import { untrainedFlag } from '../supervisors.js';
import { dateInput } from './supervisors.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function render(view, { params }) {
  const id = Number(params[0]);
  const head = pageHead(t('supervisors.title'));
  const body = h('div', { class: 'page-body' }, loading());
  view.append(head, body);
  let sv = null;
  let mayWrite = false;

  const trainees = pagedList({
    label: t('supervisor.trainees'),
    fetch: async (offset, limit) => pageOf([...(sv ? sv.supervised_trainees : [])]
      .sort((a, b) => compareText(a.name, b.name)), offset, limit),
    count: (n) => tn('supervisor.trainees.count', n),
    empty: t('supervisor.trainees.none'),
    tableClass: 'table table-supervised',
    columns: [
      { label: t('trainees.name'), cell: (tr) => h('a', { href: `#/st-lakare/${tr.id}` }, tr.name) },
      { label: t('trainee.status'), cell: (tr) => vocab('trainee_status', tr.status) },
    ],
    rowAttrs: (tr) => ({ dataset: { trainee: tr.id } }),
  });
  const rotations = pagedList({
    label: t('supervisor.rotations'),
    fetch: async (offset, limit) => pageOf([...(sv ? sv.supervised_rotations : [])]
      .sort((a, b) => compareText(a.start_week, b.start_week)), offset, limit),
    count: (n) => tn('supervisor.rotations.count', n),
    empty: t('supervisor.rotations.none'),
    tableClass: 'table table-bookings',
    columns: [
      { label: t('bookings.trainee'), cell: (b) => h('a', { href: `#/st-lakare/${b.trainee.id}` }, b.trainee.name) },
      { label: t('bookings.specialty'), cell: (b) => specialtyName(b.specialty) },
      { label: t('bookings.period'), cell: (b) => period(b), num: true },
      { label: t('bookings.status'), cell: (b) => statusBadge(b.status) },
      { label: t('rotation.documentation'), cell: (b) => rotationLink(b) },
    ],
    rowAttrs: (b) => ({ dataset: { booking: b.id } }),
  });
  const factsSlot = h('div');
  const formSlot = h('div');

  (async () => {
    let units;
    let may;
    try {
      [sv, units, may] = await Promise.all([api.get(`/supervisors/${id}`), api.units(), access()]);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    const unit = units.find((u) => u.id === sv.unit.id);
    mayWrite = Boolean(unit) && may('supervisor.write', unitSubject(unit));
    replace(head.querySelector('h1'), sv.name);
    document.title = `${sv.name} – ${t('app.name')}`;
    head.append(h('p', { class: 'lead' }, `${t('supervisor.kind')} · ${sv.unit.name}`));
    draw();
    replace(body, factsSlot, formSlot,
      section(t('supervisor.trainees'), h('p', { class: 'hint' }, t('supervisor.trainees.lead')), trainees.el),
      section(t('supervisor.rotations'), h('p', { class: 'hint' }, t('supervisor.rotations.lead')), rotations.el));
    trainees.load();
    rotations.load();
  })();

  function draw() {
    const item = (label, value, attrs) => h('div', attrs, h('dt', null, label), h('dd', null, value ?? t('common.none')));
    const warn = sv.trained ? null : h('div', { class: 'notice notice-warn', dataset: { flag: 'untrained' } },
      h('strong', null, t('supervisor.untrained')), ' ',
      sv.trainees ? t('supervisor.untrained.lead_n', { n: fmtNumber(sv.trainees) }) : t('supervisor.untrained.lead'));
    replace(factsSlot, warn, h('dl', { class: 'facts card supervisor-facts' },
      item(t('supervisors.unit'), h('a', { href: `#/enheter/${sv.unit.id}` }, sv.unit.name)),
      item(t('supervisor.email'), sv.email),
      item(t('supervisor.hsa_id'), sv.hsa_id),
      item(t('supervisor.trained_on'), sv.trained ? fmtDate(sv.trained_on) : untrainedFlag(sv), { dataset: { fact: 'trained_on' } }),
      item(t('supervisor.specialist_since'), sv.specialist_since ? fmtDate(sv.specialist_since) : null, { dataset: { fact: 'specialist_since' } }),
      item(t('supervisors.trainees'), fmtNumber(sv.trainees)),
      item(t('supervisors.rotations'), fmtNumber(sv.rotations))));
    replace(formSlot, mayWrite ? datesForm() : null);
  }

  // The training dates: handledarutbildning and specialist since; empty
  // clears.
  function datesForm() {
    const trained = dateInput('trained_on', sv.trained_on);
    const since = dateInput('specialist_since', sv.specialist_since);
    const errSlot = h('div', { class: 'form-error' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('supervisor.dates.save'));
    const form = h('form', { class: 'supervisor-dates card', novalidate: true, 'aria-labelledby': 'supervisor-dates-head' },
      h('h2', { id: 'supervisor-dates-head' }, t('supervisor.dates')),
      h('div', { class: 'field-row' },
        field(t('supervisor.trained_on'), trained, { hint: t('supervisor.trained_on.hint') }),
        field(t('supervisor.specialist_since'), since, { hint: t('supervisor.date.hint') })),
      errSlot,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form, errSlot);
      const patch = {
        trained_on: trained.value.trim() || null,
        specialist_since: since.value.trim() || null,
      };
      let bad = null;
      if (patch.trained_on && !DATE_RE.test(patch.trained_on)) bad = { field: 'trained_on', message: t('log.error.date') };
      else if (patch.specialist_since && !DATE_RE.test(patch.specialist_since)) bad = { field: 'specialist_since', message: t('log.error.date') };
      if (bad) {
        showFieldError(form, errSlot, bad);
        return;
      }
      submit.disabled = true;
      try {
        sv = await api.patch(`/supervisors/${id}`, patch);
        notify(t('supervisor.dates.saved', { name: sv.name }));
        draw();
        formSlot.querySelector('h2')?.setAttribute('tabindex', '-1');
        formSlot.querySelector('h2')?.focus();
      } catch (e) {
        submit.disabled = false;
        showFieldError(form, errSlot, e);
      }
    });
    return form;
  }
}

