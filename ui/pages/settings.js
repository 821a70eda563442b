// Inställningar: what the region sets for the documentation of every
// rotation, for those who keep it (form.write: the övergripande
// studierektor, the administrator). The feedback form the ST-läkare
// answers after a rotation (PUT /feedback-form): its questions added,
// removed, reordered, each a scale of 1 to 5 or free text in Swedish and
// English; saving makes a new version, and answers keep the version they
// answered. The kinds of assessment a handledare records during a
// rotation (/assessment-kinds): added, renamed, taken out of use and back
// (their code stays). The server judges every change and its refusals are
// said at the field they name.

import { h, replace, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDateTime, lang } from '../i18n.js';
import {
  pageHead, section, errorBox, loading, field, select, notify, showFieldError, clearFieldErrors,
} from '../components.js';
import { pagedList, readState } from '../list.js';
import { access } from '../access.js';

const TYPES = ['scale', 'text'];
const QUESTIONS_MAX = 30;

export function render(view, { query }) {
  const state = readState(query, ['region']);
  const head = pageHead(t('settings.title'), t('settings.lead'));
  const body = h('div', { class: 'page-body' }, loading());
  view.append(head, body);

  (async () => {
    let regions;
    let may;
    try {
      [regions, may] = await Promise.all([api.regions(), access()]);
    } catch (e) {
      replace(body, errorBox(e));
      return;
    }
    // The regions whose form the user keeps; more than one (an
    // administrator of several) gives a choice, kept in the address.
    const mine = regions.filter((r) => may('form.write', { home_region_id: r.id, unit_region_id: r.id }));
    const region = mine.find((r) => String(r.id) === state.region) || mine[0];
    if (!region) {
      replace(body, errorBox(t('settings.no_region')));
      return;
    }
    const formSlot = h('div', null, loading());
    let chooser = null;
    if (mine.length > 1) {
      const sel = select(mine.map((r) => ({ value: r.id, label: r.name })), region.id, { name: 'region' });
      sel.addEventListener('change', () => {
        window.location.hash = `#/installningar?region=${sel.value}`;
      });
      chooser = h('div', { class: 'card card-filters' }, h('div', { class: 'field-row' }, field(t('settings.region'), sel)));
    }
    const formSection = section(t('settings.form.title'), h('p', { class: 'hint' }, t('settings.form.lead', { region: region.name })), formSlot);
    formSection.classList.add('settings-form');
    replace(body, chooser, formSection, kindsSection());
    feedbackForm(region, formSlot);
  })();
}

// ---- the feedback form ----

// A question of the form being edited; key tells rows apart while ids change.
let keySeq = 0;
const draft = (q) => ({ key: ++keySeq, id: q.id, type: q.type, text_sv: q.text_sv, text_en: q.text_en });

// A code for a new question that no other has: fraga-N.
function freshId(questions) {
  const taken = new Set(questions.map((q) => q.id));
  let n = questions.length + 1;
  while (taken.has(`fraga-${n}`)) n += 1;
  return `fraga-${n}`;
}

function feedbackForm(region, slot) {
  let saved = null;
  let questions = [];
  const meta = h('p', { class: 'form-version', 'aria-live': 'polite' });
  const listEl = h('ol', { class: 'form-questions' });
  const legendId = nextId('fq');
  const box = h('fieldset', { class: 'form-questions-box', 'data-field': 'questions', tabindex: '-1', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, t('settings.form.questions')), listEl);
  const add = h('button', { type: 'button', class: 'btn', dataset: { action: 'add-question' } },
    h('span', { 'aria-hidden': 'true' }, '+ '), t('settings.form.add'));
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('settings.form.save'));
  const undo = h('button', { type: 'button', class: 'btn', dataset: { action: 'undo-form' } }, t('settings.form.undo'));
  const form = h('form', { class: 'feedback-form-editor', novalidate: true },
    meta, box, h('div', { class: 'actions' }, add), errSlot,
    h('div', { class: 'form-actions' }, submit, undo));

  function show(f) {
    saved = f;
    questions = f.questions.map(draft);
    meta.textContent = f.version
      ? t('settings.form.version', { n: f.version, at: fmtDateTime(f.created_at) })
      : t('settings.form.version0');
    form.dataset.version = String(f.version);
    draw();
  }

  // Draws the questions; focus names the control to focus after it
  // ({ key, part }).
  function draw(focus) {
    replace(listEl, questions.map((q, i) => questionItem(q, i)));
    add.disabled = questions.length >= QUESTIONS_MAX;
    if (focus) {
      const el = listEl.querySelector(`[data-key="${focus.key}"] [data-part="${focus.part}"]`);
      (el && !el.disabled ? el : listEl.querySelector(`[data-key="${focus.key}"] input`) || add).focus();
    }
  }

  function move(i, by, part) {
    const j = i + by;
    if (j < 0 || j >= questions.length) return;
    [questions[i], questions[j]] = [questions[j], questions[i]];
    draw({ key: questions[j].key, part });
  }

  function questionItem(q, i) {
    const n = i + 1;
    const label = t('settings.form.question_n', { n });
    const named = (what) => `${what}: ${label}${q.text_sv ? ` (${q.text_sv})` : ''}`;
    const type = select(TYPES.map((x) => ({ value: x, label: vocab('question_type', x) })), q.type, { name: `type-${q.key}`, dataset: { part: 'type' } });
    const id = h('input', { type: 'text', name: `id-${q.key}`, value: q.id, maxlength: '32', autocomplete: 'off', class: 'input-code', dataset: { part: 'id' } });
    const sv = h('input', { type: 'text', name: `text_sv-${q.key}`, value: q.text_sv, maxlength: '300', autocomplete: 'off', lang: 'sv', dataset: { part: 'text_sv' } });
    const en = h('input', { type: 'text', name: `text_en-${q.key}`, value: q.text_en, maxlength: '300', autocomplete: 'off', lang: 'en', dataset: { part: 'text_en' } });
    type.addEventListener('change', () => { q.type = type.value; });
    id.addEventListener('input', () => { q.id = id.value.trim(); });
    sv.addEventListener('input', () => { q.text_sv = sv.value; });
    en.addEventListener('input', () => { q.text_en = en.value; });
    const up = h('button', { type: 'button', class: 'btn btn-small', disabled: i === 0, dataset: { action: 'question-up', part: 'up' }, 'aria-label': named(t('settings.form.up')) }, h('span', { 'aria-hidden': 'true' }, '↑ '), t('settings.form.up'));
    const down = h('button', { type: 'button', class: 'btn btn-small', disabled: i === questions.length - 1, dataset: { action: 'question-down', part: 'down' }, 'aria-label': named(t('settings.form.down')) }, h('span', { 'aria-hidden': 'true' }, '↓ '), t('settings.form.down'));
    const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet', disabled: questions.length === 1, dataset: { action: 'question-remove', part: 'remove' }, 'aria-label': named(t('settings.form.remove')) }, t('settings.form.remove'));
    up.addEventListener('click', () => move(i, -1, 'up'));
    down.addEventListener('click', () => move(i, 1, 'down'));
    remove.addEventListener('click', () => {
      questions.splice(i, 1);
      const next = questions[Math.min(i, questions.length - 1)];
      draw(next ? { key: next.key, part: 'remove' } : null);
      notify(t('settings.form.removed', { n }));
    });
    const headId = nextId('qh');
    return h('li', { class: 'form-question', dataset: { key: q.key, question: q.id } },
      h('section', { 'aria-labelledby': headId },
        h('h3', { id: headId, class: 'h4' }, label),
        h('div', { class: 'field-row' },
          field(t('settings.form.type'), type),
          field(t('settings.form.id'), id, { hint: t('settings.form.id.hint') }),
          field(t('settings.form.text_sv'), sv, { className: 'field-grow' }),
          field(t('settings.form.text_en'), en, { className: 'field-grow' })),
        h('div', { class: 'actions' }, up, down, remove)));
  }

  add.addEventListener('click', () => {
    const q = draft({ id: freshId(questions), type: 'scale', text_sv: '', text_en: '' });
    questions.push(q);
    draw({ key: q.key, part: 'text_sv' });
  });
  undo.addEventListener('click', () => {
    clearFieldErrors(form, errSlot);
    show(saved);
    notify(t('settings.form.undone'));
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    submit.disabled = true;
    try {
      const next = await api.put('/feedback-form', {
        region_id: region.id,
        questions: questions.map((q) => ({ id: q.id, type: q.type, text_sv: q.text_sv.trim(), text_en: q.text_en.trim() })),
      });
      show(next);
      notify(t('settings.form.saved', { n: next.version }));
    } catch (e) {
      showFieldError(form, errSlot, e);
    } finally {
      submit.disabled = false;
    }
  });

  api.get('/feedback-form', { region: region.id }).then((f) => {
    show(f);
    replace(slot, form);
  }).catch((e) => replace(slot, errorBox(e)));
}

// ---- kinds of assessment ----

function kindsSection() {
  const list = pagedList({
    label: t('settings.kinds.title'),
    path: '/assessment-kinds',
    limit: 50,
    count: (n) => tn('settings.kinds.count', n),
    empty: t('settings.kinds.none'),
    tableClass: 'table table-kinds',
    columns: [t('settings.kinds.code'), t('settings.kinds.name_sv'), t('settings.kinds.name_en'), t('settings.kinds.active'), t('unit.capacity.actions')]
      .map((label) => ({ label })),
    row: (k, l) => kindRow(k, () => changed(l)),
  });
  // The rotation page keeps the kinds it read: it reads them again.
  const changed = async (l) => {
    api.uncache('/assessment-kinds');
    await l.load();
  };
  const el = section(t('settings.kinds.title'), h('p', { class: 'hint' }, t('settings.kinds.lead')), list.el, kindForm(() => changed(list)));
  el.classList.add('settings-kinds');
  list.load();
  return el;
}

// A kind's name in the language in use (the Swedish name when it has no
// English one), and with its code.
const shownName = (k) => (lang() === 'en' && k.name_en) || k.name_sv;
const kindName = (k) => `${shownName(k)} (${k.code})`;

function kindRow(k, onSaved) {
  const rename = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false', dataset: { action: 'rename-kind' }, 'aria-label': `${t('settings.kinds.rename')}: ${kindName(k)}` }, t('settings.kinds.rename'));
  const flipText = k.active ? t('settings.kinds.retire') : t('settings.kinds.restore');
  const flip = h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: k.active ? 'retire-kind' : 'restore-kind' }, 'aria-label': `${flipText}: ${kindName(k)}` }, flipText);
  const errBox = h('div');
  const tr = h('tr', { dataset: { kind: k.id, code: k.code, active: String(k.active) } },
    h('th', { scope: 'row', class: 'goal-code-cell' }, k.code),
    h('td', { lang: 'sv' }, k.name_sv),
    h('td', { lang: 'en' }, k.name_en),
    h('td', null, k.active ? t('common.yes') : h('span', { class: 'badge badge-warn' }, t('settings.kinds.retired'))),
    h('td', null, h('div', { class: 'actions' }, rename, flip), errBox));
  const editor = h('tr', { class: 'row-editor', hidden: true, dataset: { editor: k.id } });
  const close = () => {
    editor.hidden = true;
    editor.replaceChildren();
    rename.setAttribute('aria-expanded', 'false');
    rename.focus();
  };
  rename.addEventListener('click', () => {
    if (!editor.hidden) {
      close();
      return;
    }
    replace(editor, h('td', { colspan: '5' }, renameForm(k, { onSaved, onCancel: close })));
    editor.hidden = false;
    rename.setAttribute('aria-expanded', 'true');
    editor.querySelector('input').focus();
  });
  flip.addEventListener('click', async () => {
    flip.disabled = true;
    errBox.replaceChildren();
    try {
      const saved = await api.patch(`/assessment-kinds/${k.id}`, { active: !k.active });
      notify(t(saved.active ? 'settings.kinds.restored' : 'settings.kinds.retired_now', { name: shownName(saved) }));
      await onSaved();
    } catch (e) {
      flip.disabled = false;
      replace(errBox, errorBox(e));
    }
  });
  return [tr, editor];
}

function renameForm(k, { onSaved, onCancel }) {
  const sv = h('input', { type: 'text', name: 'name_sv', 'data-field': 'name_sv', value: k.name_sv, maxlength: '100', required: true, autocomplete: 'off', lang: 'sv' });
  const en = h('input', { type: 'text', name: 'name_en', 'data-field': 'name_en', value: k.name_en, maxlength: '100', required: true, autocomplete: 'off', lang: 'en' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const headId = nextId('ke');
  const form = h('form', { class: 'kind-form', novalidate: true, 'aria-labelledby': headId, dataset: { kind: k.id } },
    h('h3', { id: headId, class: 'h4' }, t('settings.kinds.rename_title', { code: k.code })),
    h('div', { class: 'field-row' },
      field(t('settings.kinds.name_sv'), sv, { className: 'field-grow' }),
      field(t('settings.kinds.name_en'), en, { className: 'field-grow' })),
    errSlot,
    h('div', { class: 'form-actions' }, submit, cancel));
  cancel.addEventListener('click', onCancel);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    const body = {};
    if (sv.value.trim() !== k.name_sv) body.name_sv = sv.value.trim();
    if (en.value.trim() !== k.name_en) body.name_en = en.value.trim();
    if (!Object.keys(body).length) {
      onCancel();
      return;
    }
    submit.disabled = true;
    try {
      const saved = await api.patch(`/assessment-kinds/${k.id}`, body);
      notify(t('settings.kinds.saved', { name: shownName(saved) }));
      await onSaved();
    } catch (e) {
      submit.disabled = false;
      showFieldError(form, errSlot, e);
    }
  });
  return form;
}

// A new kind: its code (kept for good) and its names.
function kindForm(onAdded) {
  const code = h('input', { type: 'text', name: 'code', 'data-field': 'code', maxlength: '32', required: true, autocomplete: 'off', class: 'input-code' });
  const sv = h('input', { type: 'text', name: 'name_sv', 'data-field': 'name_sv', maxlength: '100', required: true, autocomplete: 'off', lang: 'sv' });
  const en = h('input', { type: 'text', name: 'name_en', 'data-field': 'name_en', maxlength: '100', required: true, autocomplete: 'off', lang: 'en' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('settings.kinds.add.submit'));
  const form = h('form', { class: 'add-form kind-add-form', novalidate: true, 'aria-labelledby': 'kind-add-head' },
    h('h3', { id: 'kind-add-head' }, t('settings.kinds.add')),
    h('div', { class: 'field-row' },
      field(t('settings.kinds.code'), code, { hint: t('settings.kinds.code.hint') }),
      field(t('settings.kinds.name_sv'), sv),
      field(t('settings.kinds.name_en'), en)),
    errSlot,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form, errSlot);
    submit.disabled = true;
    try {
      const made = await api.post('/assessment-kinds', { code: code.value.trim(), name_sv: sv.value.trim(), name_en: en.value.trim() });
      notify(t('settings.kinds.added', { name: shownName(made) }));
      form.reset();
      await onAdded(made);
      code.focus();
    } catch (e) {
      showFieldError(form, errSlot, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
