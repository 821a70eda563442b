// Quality reviews, AT/BT/ST doctors and the region's settings in a real
// browser (Debian's headless Chromium driven by playwright-core) against a
// real `randa serve` on a fresh demo region: the övergripande studierektor
// finds a unit whose STINS is overdue on Att göra, records the review on
// the unit's page (the server's refusals of a day ahead, a file that is
// no PDF and one over 5 MiB said at their fields) with its PDF report, the
// overdue mark goes and the report downloads byte for byte; a
// studierektor reads the reviews without a form, an ST-läkare sees none;
// a studierektor adds a doctor on the Läkare page and records that they
// left the region (a day ahead refused); the region's feedback form and
// assessment kinds are edited on Inställningar, and the ST-läkare's
// feedback form and the handledare's assessment form of a rotation offer
// them. Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { login, call, sessionHeaders } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const api = (path) => apiGet(env.server, path);
const url = (hash) => `${env.server.base}/${hash}`;

// The browser's notes of answers a test caused on purpose.
const unexpected = (problems, ...statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

// text as a regular expression that matches it exactly.
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Days as the server counts them (UTC).
const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const TODAY = iso(Date.now());

// GET path as the user of session s.
async function getAs(s, path) {
  const r = await call(env.server.base, 'GET', `/api/v1${path}`, undefined, sessionHeaders(s));
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Every item of a list as the user of session s.
async function allAs(s, path) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 500) {
    const page = await getAs(s, `${path}${sep}limit=500&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total || !page.items.length) return items;
  }
}

// Waits until no list or part of the page is loading.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// A PDF of n bytes or so, and other files.
function pdf(n = 3000) {
  return Buffer.concat([Buffer.from('%PDF-1.4\n% Självvärdering STINS\n'), Buffer.alloc(n, 0x41), Buffer.from('\n%%EOF\n')]);
}

test('the övergripande studierektor records an overdue STINS with its PDF report; the mark goes and the report downloads', async () => {
  const co = await login(env.server.base, 'samordnare');
  // The first unit whose STINS is overdue, where Att göra lists it.
  const todo = await allAs(co, '/todo');
  const at = todo.findIndex((i) => i.kind === 'stins' && i.state === 'overdue');
  assert.ok(at >= 0, 'the demo has a unit whose STINS is overdue');
  const unit = todo[at].unit;
  const before = await getAs(co, `/reviews?unit=${unit.id}&limit=100`);
  assert.equal(before.due.find((d) => d.kind === 'stins').state, 'overdue');

  const { context, page, problems } = await openAs('samordnare');
  // Att göra names the unit and links to its page.
  await page.goto(url(`#/att-gora?offset=${Math.floor(at / 50) * 50}`));
  const row = page.locator(`table.table-todo tr[data-kind="stins"][data-unit="${unit.id}"]`);
  await row.waitFor();
  await settled(page);
  await assertAccessible(page, 'Att göra with a review due');
  assert.equal(await row.getAttribute('data-state'), 'overdue');
  assert.match(await row.textContent(), new RegExp(`STINS-självvärdering.*av ${escapeRe(unit.name)}`));
  await row.locator('a.review-link').click();
  await page.waitForURL(new RegExp(`#/enheter/${unit.id}$`));

  const section = page.locator('section.unit-reviews');
  const due = section.locator('.review-due-facts [data-due="stins"]');
  await due.waitFor();
  await settled(page);
  assert.equal(await due.getAttribute('data-state'), 'overdue');
  assert.equal(await due.locator('.badge').textContent(), 'Försenad');
  assert.equal(await section.locator('table.table-reviews tbody tr').count(), Math.min(before.total, 10));
  await assertAccessible(page, 'a unit\'s reviews, one overdue');

  // A day that has not come yet: the server's refusal at the day, in Swedish.
  await section.locator('button[data-action="record-review"]').click();
  const form = section.locator('form.review-form');
  await form.locator('select[name="kind"]').selectOption('stins');
  await form.locator('input[name="reviewed_on"]').fill(iso(Date.now() + 40 * DAY));
  await form.locator('select[name="result"]').selectOption('remarks');
  await form.locator('textarea[name="note"]').fill('Handledningen behöver schemaläggas.');
  await form.locator('button[type="submit"]').click();
  const dayError = form.locator('.field-error[data-error-for="reviewed_on"]');
  await dayError.waitFor();
  assert.equal(await dayError.textContent(), 'Ange ett giltigt datum, i dag eller tidigare: en granskning registreras när den har ägt rum.');
  assert.equal(await form.locator('input[name="reviewed_on"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await getAs(co, `/reviews?unit=${unit.id}`)).total, before.total, 'nothing recorded');
  await assertAccessible(page, 'a review refused at its day');

  // Yesterday, with a file that is no PDF: the review is recorded, the
  // report refused at the file's field; the form asks for another file.
  const day = iso(Date.now() - DAY);
  await form.locator('input[name="reviewed_on"]').fill(day);
  await form.locator('input[name="report"]').setInputFiles({ name: 'rapport.txt', mimeType: 'text/plain', buffer: Buffer.from('inte en pdf') });
  await form.locator('button[type="submit"]').click();
  const fileError = form.locator('.field-error[data-error-for="report"]');
  await fileError.waitFor();
  assert.equal(await fileError.textContent(), 'Rapporten måste vara en PDF-fil.');
  assert.equal(await form.locator('input[name="report"]').getAttribute('aria-invalid'), 'true');
  const recorded = form.locator('.review-recorded .notice[data-recorded]');
  await recorded.waitFor();
  const id = Number(await recorded.getAttribute('data-recorded'));
  let review = await getAs(co, `/reviews/${id}`);
  assert.deepEqual([review.kind, review.reviewed_on, review.result, review.report], ['stins', day, 'remarks', null]);
  assert.equal(await form.locator('select[name="kind"]').isDisabled(), true, 'the review itself is recorded');
  await assertAccessible(page, 'a review recorded, its report refused');

  // Over 5 MiB: 413, said in Swedish at the file's field.
  const big = Buffer.concat([pdf(0), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
  await form.locator('input[name="report"]').setInputFiles({ name: 'stor.pdf', mimeType: 'application/pdf', buffer: big });
  await form.locator('button[type="submit"]').click();
  await page.waitForFunction(() => /högst 5 MB/.test(document.querySelector('form.review-form .field-error[data-error-for="report"]')?.textContent || ''));
  assert.equal((await getAs(co, `/reviews/${id}`)).report, null);

  // The PDF: the form closes, the review is listed with its report, and
  // the STINS is no longer overdue (here, in the API and on Att göra).
  const report = pdf();
  await form.locator('input[name="report"]').setInputFiles({ name: 'stins.pdf', mimeType: 'application/pdf', buffer: report });
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached' });
  const listed = section.locator(`table.table-reviews tr[data-review="${id}"]`);
  await listed.waitFor();
  await page.waitForFunction(() => document.querySelector('.review-due-facts [data-due="stins"]')?.dataset.state !== 'overdue');
  assert.equal(await due.locator('.badge').count(), 0, 'no mark');
  assert.equal(await due.locator('dd .num').textContent(), (await getAs(co, `/reviews?unit=${unit.id}`)).due.find((d) => d.kind === 'stins').due);
  review = await getAs(co, `/reviews/${id}`);
  assert.equal(review.report.size, report.length);
  assert.equal(await listed.getAttribute('data-report'), 'true');
  assert.match(await listed.textContent(), new RegExp(`${day}.*STINS.*Godkänd med anmärkningar`));
  assert.ok(!(await allAs(co, '/todo')).some((i) => i.kind === 'stins' && i.unit.id === unit.id), 'off Att göra');
  await settled(page);
  await assertAccessible(page, 'a unit\'s reviews with the new one');
  await shot(page, 'unit-reviews');

  // The report downloads as it was sent.
  const [download] = await Promise.all([page.waitForEvent('download'), listed.locator('a.report-link').click()]);
  assert.equal(download.suggestedFilename(), `stins-${unit.id}-${day}.pdf`);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(bytes.equals(report), 'the same bytes back');
  assert.deepEqual(unexpected(problems, 413, 422), []);
  await context.close();
});

test('a studierektor reads the unit\'s reviews without a form; an ST-läkare sees none', async () => {
  const dir = await login(env.server.base, 'studierektor');
  const unitId = dir.body.roles.find((r) => r.role === 'director').scope_id;
  const theirs = await getAs(dir, `/reviews?unit=${unitId}&limit=10`);
  const { context, page, problems } = await openAs('studierektor');
  await page.goto(url(`#/enheter/${unitId}`));
  const section = page.locator('section.unit-reviews');
  await section.locator('.review-due').locator('dl, p').first().waitFor();
  await settled(page);
  assert.equal(await section.locator('table.table-reviews tbody tr').count(), theirs.items.length);
  assert.equal(await section.locator('[data-action="record-review"], [data-action="review-report"], [data-action="delete-review"]').count(), 0);
  assert.equal(await section.locator('form').count(), 0);
  await assertAccessible(page, 'a unit\'s reviews as its studierektor');
  assert.deepEqual(problems, []);
  await context.close();

  const st = await openAs('st-lakare');
  await st.page.goto(url(`#/enheter/${unitId}`));
  await st.page.locator('section.card h2').first().waitFor();
  await settled(st.page);
  assert.equal(await st.page.locator('section.unit-reviews').count(), 0);
  assert.deepEqual(st.problems, []);
  await st.context.close();
});

test('a studierektor adds a doctor on the Läkare page and records that they left the region', async () => {
  const dir = await login(env.server.base, 'studierektor');
  const unitId = dir.body.roles.find((r) => r.role === 'director').scope_id;
  const all = await getAs(dir, '/programs?limit=1');
  const spec = (await api(`/units/${unitId}`)).specialty;

  const { context, page, problems } = await openAs('studierektor');
  await page.goto(url('#/platser'));
  await page.click('a[data-nav="doctors"]');
  await page.waitForSelector('h1:text-is("Läkare")');
  await page.locator('table.table-doctors tbody tr, .list .empty').first().waitFor();
  await settled(page);
  assert.match(await page.locator('.list-count').textContent(), new RegExp(`^${all.total} läkare`));
  await assertAccessible(page, 'the Läkare page');

  // A new ST at the unit: the specialty shows only for an ST.
  await page.click('button[data-action="add-program"]');
  const form = page.locator('form.program-add-form');
  assert.equal(await form.locator('select[name="specialty_id"]').isVisible(), false);
  await form.locator('select[name="program"]').selectOption('st');
  await form.locator('select[name="specialty_id"]').selectOption(String(spec.id));
  assert.equal(await form.locator('select[name="unit_id"]').inputValue(), String(unitId));
  await form.locator('input[name="name"]').fill('Greta Granqvist');
  await form.locator('input[name="email"]').fill('greta.granqvist@test.randa.se');
  await form.locator('input[name="start_date"]').fill('2021-09-01');
  await assertAccessible(page, 'adding a doctor');
  await form.locator('button[type="submit"]').click();
  const row = page.locator('table.table-doctors tr[data-program]', { hasText: 'Greta Granqvist' });
  await row.waitFor();
  await page.waitForURL(/q=Greta/);
  const id = Number(await row.getAttribute('data-program'));
  let made = await getAs(dir, `/programs/${id}`);
  assert.deepEqual([made.program, made.unit.id, made.specialty.id, made.start_date, made.status], ['st', unitId, spec.id, '2021-09-01', 'ongoing']);
  assert.equal(await row.getAttribute('data-status'), 'ongoing');

  // She left the region: a day ahead is refused at its field, then today.
  await row.locator('button[data-action="edit-program"]').click();
  const edit = page.locator(`form.program-form[data-program="${id}"]`);
  await edit.locator('input[name="left_on"]').fill(iso(Date.now() + 10 * DAY));
  await edit.locator('button[type="submit"]').click();
  const err = edit.locator('.field-error[data-error-for="left_on"]');
  await err.waitFor();
  assert.match(await err.textContent(), /left_on/);
  assert.equal((await getAs(dir, `/programs/${id}`)).left_on, null);
  await assertAccessible(page, 'a doctor\'s leaving refused');
  await edit.locator('input[name="left_on"]').fill(TODAY);
  await edit.locator('button[type="submit"]').click();
  await page.locator(`tr[data-program="${id}"][data-status="left"]`).waitFor();
  const left = page.locator(`tr[data-program="${id}"]`);
  assert.equal(await left.locator('td[data-col="left_on"]').textContent(), TODAY);
  assert.equal(await left.locator('.badge').textContent(), 'Lämnat regionen');
  assert.equal(await left.locator('[data-in-region]').textContent(), 'utanför regionen');
  made = await getAs(dir, `/programs/${id}`);
  assert.deepEqual([made.left_on, made.status, made.in_region], [TODAY, 'left', false]);
  await settled(page);
  await assertAccessible(page, 'a doctor who left');
  await shot(page, 'doctors');

  // In English too.
  await page.click('#lang-switch');
  await page.waitForSelector('h1:text-is("Doctors")');
  await page.locator(`tr[data-program="${id}"]`).waitFor();
  assert.equal(await page.locator(`tr[data-program="${id}"] .badge`).textContent(), 'Left the region');
  await page.click('#lang-switch');
  assert.deepEqual(unexpected(problems, 422), []);
  await context.close();
});

test('the region\'s feedback form and assessment kinds are edited on Inställningar, and a rotation offers them', async () => {
  const co = await login(env.server.base, 'samordnare');
  const region = co.body.roles.find((r) => r.role === 'coordinator').scope_id;
  const form0 = await getAs(co, `/feedback-form?region=${region}`);
  const { context, page, problems } = await openAs('samordnare');
  await page.goto(url('#/platser'));
  await page.click('a[data-nav="settings"]');
  await page.waitForSelector('h1:text-is("Inställningar")');
  const editor = page.locator('form.feedback-form-editor');
  await editor.waitFor();
  await page.locator('table.table-kinds tbody tr').first().waitFor();
  await settled(page);
  const questions = editor.locator('li.form-question');
  assert.equal(await questions.count(), form0.questions.length);
  await assertAccessible(page, 'Inställningar');

  // A new text question, moved up above the last; the first removed.
  await editor.locator('button[data-action="add-question"]').click();
  const added = questions.last();
  await added.locator('select[data-part="type"]').selectOption('text');
  await added.locator('input[data-part="text_sv"]').fill('Hur fungerade schemat?');
  await added.locator('input[data-part="text_en"]').fill('How did the schedule work?');
  const newId = await added.locator('input[data-part="id"]').inputValue();
  await added.locator('button[data-action="question-up"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'question-up', 'the focus stays on the button');
  await questions.first().locator('button[data-action="question-remove"]').click();
  // An empty question: the server's refusal is shown at the questions, in
  // Swedish words, with the server's reason (which question) marked as
  // English.
  await editor.locator('button[data-action="add-question"]').click();
  await editor.locator('button[type="submit"]').click();
  const err = editor.locator('.field-error[data-error-for="questions"]');
  await err.waitFor();
  assert.match(await err.textContent(), /^Värdet i fältet Frågor godtogs inte\. Serverns förklaring \(på engelska\): /);
  assert.match(await err.locator('.error-reason [lang="en"]').textContent(), /^questions: question \d+ must have/);
  assert.equal((await getAs(co, `/feedback-form?region=${region}`)).version, form0.version, 'nothing saved');
  await assertAccessible(page, 'the feedback form refused');
  await questions.last().locator('button[data-action="question-remove"]').click();
  await editor.locator('button[type="submit"]').click();
  await page.waitForFunction((v) => document.querySelector('form.feedback-form-editor')?.dataset.version === String(v), form0.version + 1);
  const form1 = await getAs(co, `/feedback-form?region=${region}`);
  const expected = form0.questions.slice(1);
  expected.splice(expected.length - 1, 0, { id: newId, type: 'text', text_sv: 'Hur fungerade schemat?', text_en: 'How did the schedule work?' });
  assert.deepEqual(form1.questions, expected);

  // Assessment kinds: one added (a taken code refused at its field),
  // renamed; DOPS taken out of use.
  const kinds = page.locator('table.table-kinds');
  const add = page.locator('form.kind-add-form');
  await add.locator('input[name="code"]').fill('cbd');
  await add.locator('input[name="name_sv"]').fill('Journalgranskning');
  await add.locator('input[name="name_en"]').fill('Record review');
  await add.locator('button[type="submit"]').click();
  await add.locator('.field-error[data-error-for="code"]').waitFor();
  await add.locator('input[name="code"]').fill('journal');
  await add.locator('button[type="submit"]').click();
  const journal = kinds.locator('tr[data-code="journal"]');
  await journal.waitFor();
  await journal.locator('button[data-action="rename-kind"]').click();
  const rename = page.locator('form.kind-form');
  await rename.locator('input[name="name_sv"]').fill('Granskning av journal');
  await rename.locator('button[type="submit"]').click();
  await kinds.locator('tr[data-code="journal"] td', { hasText: 'Granskning av journal' }).waitFor();
  await kinds.locator('tr[data-code="dops"] button[data-action="retire-kind"]').click();
  await kinds.locator('tr[data-code="dops"][data-active="false"]').waitFor();
  await settled(page);
  await assertAccessible(page, 'Inställningar, kinds changed');
  await shot(page, 'settings');
  const all = (await getAs(co, '/assessment-kinds?limit=500')).items;
  assert.deepEqual(all.filter((k) => ['journal', 'dops'].includes(k.code)).map((k) => [k.code, k.name_sv, k.active]),
    [['journal', 'Granskning av journal', true], ['dops', 'DOPS', false]]);
  // In English, the confirmation names the kind by its English name.
  await page.evaluate(() => localStorage.setItem('randa.lang', 'en'));
  await page.reload();
  await kinds.locator('tr[data-code="journal"] button[data-action="retire-kind"]').click();
  await page.locator('.toast', { hasText: 'Record review is taken out of use.' }).waitFor();
  await kinds.locator('tr[data-code="journal"] button[data-action="restore-kind"]').click();
  await page.locator('.toast', { hasText: 'Record review is back in use.' }).waitFor();
  await page.evaluate(() => localStorage.setItem('randa.lang', 'sv'));
  assert.deepEqual(unexpected(problems, 409, 422), []);
  await context.close();

  // The ST-läkare's feedback form of a rotation asks the new question, not
  // the one removed.
  const st = await login(env.server.base, 'st-lakare');
  const trainee = st.body.roles.find((r) => r.role === 'trainee').scope_id;
  let open = null;
  for (const b of (await getAs(st, `/bookings?trainee=${trainee}&limit=100`)).items) {
    if (!open && ['confirmed', 'completed'].includes(b.status) && !(await getAs(st, `/bookings/${b.id}/documentation`)).feedback) open = b;
  }
  assert.ok(open, 'the demo ST-läkare has a rotation without feedback');
  const sp = await openAs('st-lakare');
  await sp.page.goto(url(`#/randningar/${open.id}`));
  const fform = sp.page.locator('form.feedback-form');
  await fform.waitFor();
  await settled(sp.page);
  assert.equal(await fform.getAttribute('data-form-version'), String(form1.version));
  const text = fform.locator(`textarea[data-question="${newId}"]`);
  assert.equal(await sp.page.locator(`label[for="${await text.getAttribute('id')}"]`).textContent(), 'Hur fungerade schemat?');
  assert.equal(await fform.locator(`[data-question="${form0.questions[0].id}"]`).count(), 0);
  await assertAccessible(sp.page, 'the feedback form as the region edited it');
  assert.deepEqual(sp.problems, []);
  await sp.context.close();

  // The handledare's assessment form offers the new kind, not DOPS.
  const hl = await login(env.server.base, 'handledare');
  const mine = hl.body.roles.filter((r) => r.role === 'supervisor').map((r) => r.scope_id);
  let rotation = null;
  for (const id of mine) {
    for (const b of (await getAs(hl, `/bookings?trainee=${id}&limit=100`)).items) {
      if (!rotation && ['confirmed', 'completed'].includes(b.status)) rotation = b;
    }
  }
  assert.ok(rotation, 'a trainee of the demo handledare has a rotation');
  const hp = await openAs('handledare');
  await hp.page.goto(url(`#/randningar/${rotation.id}`));
  await hp.page.click('button[data-action="add-assessment"]');
  const kindSel = hp.page.locator('form.assessment-form select[name="kind_id"]');
  await kindSel.waitFor();
  const offered = await kindSel.locator('option').allTextContents();
  assert.ok(offered.includes('Granskning av journal'), offered.join(', '));
  assert.ok(!offered.includes('DOPS'), offered.join(', '));
  await settled(hp.page);
  await assertAccessible(hp.page, 'the assessment form with the region\'s kinds');
  assert.deepEqual(hp.problems, []);
  await hp.context.close();
});
