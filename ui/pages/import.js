// Importera: a region's own lists into Randa (issue 15). Choose what the
// file holds, upload it for a dry run, read the report (each row's fate
// and every problem by line and column, also as a CSV file for Excel),
// fix the file and check it again, then import it: all or nothing. The
// templates of every kind of file download from the page, and the
// imports made are listed under it. Each problem is worded in the user's
// language from its code and column; the server's English message is
// added only where the code cannot say why.

import { h, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, fmtDateTime, fmtNumber, lang, has } from '../i18n.js';
import { pageHead, section, field, select, errorBox, notify, reasonNode } from '../components.js';
import { pagedList, pageOf } from '../list.js';

const KINDS = ['units', 'capacity', 'supervisors', 'trainees', 'leaves', 'needs', 'bookings', 'users'];
// Files past this are refused by the server (413); said before sending.
const FILE_MAX = 10 * 1024 * 1024;
// The problems' codes that say what kind of problem it is but not why: the
// server's message is shown with their words (as import_code_generic()
// in src/domain/import.c says).
const GENERIC = new Set(['malformed', 'out_of_range', 'duplicate', 'conflict', 'refused', 'file']);

// The words of a text with {name} placeholders as a list of strings and
// nodes: a column is the file's own word, shown as code, not translated.
function withCode(text, names) {
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 && part in names ? h('code', null, names[part]) : part));
}

// A problem of the report in the user's language, from its code and
// column ("import.problem.CODE", or "import.problem.CODE.row" when no
// column is to blame), with the server's reason where the code is
// generic. A code this UI does not know shows the server's message,
// marked as English (WCAG 3.1.2).
function problemText(p) {
  const key = `import.problem.${p.code}`;
  if (!p.code || !has(key)) return lang() === 'en' ? p.message : h('span', { lang: 'en' }, p.message);
  const words = withCode(t(!p.column && has(`${key}.row`) ? `${key}.row` : key),
    { column: p.column || '–', other: 'trainee_specialty' });
  return h('span', { class: 'import-problem' }, words, GENERIC.has(p.code) ? reasonNode({ reason: p.message }) : null);
}

export function render(view, { query }) {
  const kind = KINDS.includes(query.get('kind')) ? query.get('kind') : 'trainees';
  const kindSel = select(KINDS.map((k) => ({ value: k, label: t(`import.kind.${k}`) })), kind, { name: 'kind' });
  const fileIn = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv' });
  const check = h('button', { type: 'submit', class: 'btn btn-primary' }, t('import.check'));
  const run = h('button', { type: 'button', class: 'btn', disabled: true }, t('import.run'));
  const status = h('div', { class: 'import-status', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters import-form' },
    field(t('import.kind'), kindSel),
    field(t('import.file'), fileIn, { hint: t('import.file.hint'), className: 'field-wide' }),
    h('div', { class: 'filter-shift' }, check, run));
  const result = h('div', { class: 'import-result' });

  const templates = h('ul', { class: 'import-templates' }, KINDS.map((k) => h('li', null,
    h('a', { href: `/api/v1/imports/templates/${k}`, download: `randa-${k}.csv` },
      t('import.template', { kind: t(`import.kind.${k}`) })))));

  const history = pagedList({
    label: t('import.history.title'),
    path: '/imports',
    state: { offset: 0 },
    limit: 20,
    count: (n) => tn('import.history.count', n),
    empty: t('import.history.none'),
    columns: [
      { label: t('import.at'), cell: (i) => fmtDateTime(i.at) },
      { label: t('import.kind'), cell: (i) => t(`import.kind.${i.kind}`) },
      { label: t('import.file_name'), cell: (i) => i.file_name },
      { label: t('import.by'), cell: (i) => i.actor },
      { label: t('import.action.insert'), cell: (i) => fmtNumber(i.counts.inserted), num: true },
      { label: t('import.action.update'), cell: (i) => fmtNumber(i.counts.updated), num: true },
      { label: t('import.action.unchanged'), cell: (i) => fmtNumber(i.counts.unchanged), num: true },
    ],
  });

  view.append(
    pageHead(t('import.title'), t('import.lead')),
    h('div', { class: 'card card-filters' }, form, status),
    result,
    section(t('import.templates'), h('p', null, t('import.templates.lead')), templates),
    section(t('import.history.title'), history.el));
  history.load();

  // What the last dry run checked: the import button imports exactly that.
  let checked = null;
  const invalidate = () => {
    checked = null;
    run.disabled = true;
  };
  kindSel.addEventListener('change', invalidate);
  fileIn.addEventListener('change', invalidate);

  async function send(dry) {
    const file = fileIn.files && fileIn.files[0];
    status.replaceChildren();
    if (!file) {
      status.append(h('p', { class: 'form-error' }, t('import.choose_file')));
      fileIn.focus();
      return;
    }
    if (file.size > FILE_MAX) {
      status.append(h('p', { class: 'form-error' }, t('import.too_big')));
      return;
    }
    check.disabled = true;
    run.disabled = true;
    status.append(h('p', { class: 'loading' }, t(dry ? 'import.checking' : 'import.running')));
    try {
      const query = { kind: kindSel.value, file_name: file.name, dry_run: dry ? '1' : '0' };
      const { data } = await api.upload('/imports', query, file);
      status.replaceChildren();
      showReport(data, file, query.kind);
      if (dry && data.ok) {
        checked = { file, kind: query.kind };
        run.disabled = false;
        status.append(h('p', { class: 'notice notice-ok' }, t('import.ready')));
      } else if (dry) {
        status.append(h('p', { class: 'notice notice-error' }, t('import.fix')));
      } else if (data.written) {
        invalidate();
        notify(t('import.done', { inserted: data.counts.inserted, updated: data.counts.updated,
          unchanged: data.counts.unchanged }));
        status.append(h('p', { class: 'notice notice-ok' }, t('import.done', { inserted: data.counts.inserted,
          updated: data.counts.updated, unchanged: data.counts.unchanged })));
        history.first();
      } else {
        invalidate();
        status.append(h('p', { class: 'notice notice-error' }, t('import.failed')));
      }
    } catch (e) {
      status.replaceChildren(errorBox(e));
    } finally {
      check.disabled = false;
      if (checked) run.disabled = false;
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(true);
  });
  run.addEventListener('click', () => {
    if (checked && checked.file === fileIn.files[0] && checked.kind === kindSel.value) send(false);
  });

  // The report of a dry run or an import: the counts, the problems by line
  // and column, each row's fate, and the report as a CSV file.
  function showReport(r, file, k) {
    const c = r.counts;
    const summary = h('dl', { class: 'import-summary' },
      h('dt', null, t('import.file_name')), h('dd', null, r.file.name),
      h('dt', null, t('import.format')), h('dd', null,
        r.file.encoding ? `${r.file.format.toUpperCase()}, ${r.file.encoding}` : r.file.format.toUpperCase()),
      ...['insert', 'update', 'unchanged', 'error'].flatMap((a) => [
        h('dt', null, t(`import.action.${a}`)),
        h('dd', null, fmtNumber(a === 'insert' ? c.inserted : a === 'update' ? c.updated
          : a === 'unchanged' ? c.unchanged : c.failed ?? 0))]));
    const download = h('button', { type: 'button', class: 'btn' }, t('import.report.download'));
    download.addEventListener('click', async () => {
      try {
        const blob = await api.uploadForFile('/imports', { kind: k, file_name: file.name, dry_run: '1',
          report: 'csv', lang: document.documentElement.lang === 'en' ? 'en' : 'sv' }, file);
        const a = h('a', { href: URL.createObjectURL(blob), download: `${k}-${t('import.report.file')}.csv` });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      } catch (e) {
        status.replaceChildren(errorBox(e));
      }
    });
    const problems = pagedList({
      label: t('import.problems.title'),
      fetch: (offset, limit) => Promise.resolve(pageOf(r.problems, offset, limit)),
      state: { offset: 0 },
      count: (n) => tn('import.problems.count', n),
      empty: t('import.problems.none'),
      tableClass: 'table table-import-problems',
      columns: [
        { label: t('import.line'), cell: (p) => (p.line == null ? t('import.whole_file') : String(p.line)), num: true },
        { label: t('import.column'), cell: (p) => (p.column ? h('code', null, p.column) : '–') },
        // The cell as the file wrote it, in no language: what to look for.
        { label: t('import.value'), cell: (p) => (p.value ? h('code', { class: 'import-value' }, p.value) : '–') },
        { label: t('import.message'), cell: problemText },
      ],
    });
    const rows = pagedList({
      label: t('import.rows.title'),
      fetch: (offset, limit) => Promise.resolve(pageOf(r.rows, offset, limit)),
      state: { offset: 0 },
      count: (n) => tn('import.rows.count', n),
      empty: t('import.rows.none'),
      columns: [
        { label: t('import.line'), cell: (x) => String(x.line), num: true },
        { label: t('import.status'), cell: (x) => h('span', { class: `import-action import-${x.action}` },
          t(`import.action.${x.action}`)) },
        { label: t('import.key'), cell: (x) => x.key },
      ],
    });
    const headId = nextId('rep');
    result.replaceChildren(h('section', { class: 'card import-report', 'aria-labelledby': headId },
      h('h2', { id: headId }, t(r.dry_run ? 'import.report.dry' : 'import.report.real')),
      summary, h('p', null, download),
      h('h3', null, t('import.problems.title')), problems.el,
      h('h3', null, t('import.rows.title')), rows.el));
    problems.load();
    rows.load();
  }
}
