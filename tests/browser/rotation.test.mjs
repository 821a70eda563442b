// Supervisors and the documentation of a rotation in a real browser
// (Debian's headless Chromium driven by playwright-core) against a real
// `randa serve` on a fresh demo region: the handledare records a
// supervision meeting, an assessment and a goal's result on a rotation of
// their trainee, and the trainee's plan shows the goal met; the ST-läkare
// gives feedback on the region's form once and is not offered it again;
// the Handledare page flags those without handledarutbildning, a
// verksamhetschef registers one, appoints them huvudhandledare on a
// trainee's page (flagged there) and records their training; the
// receiving unit's verksamhetschef appoints a rotation's handledare among
// the unit's supervisors. Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, call, sessionHeaders } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const api = (path) => apiGet(env.server, path);
const url = (hash) => `${env.server.base}/${hash}`;

// The browser's notes of answers a test caused on purpose.
const unexpected = (problems, ...statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

// GET path as the user of session s.
async function getAs(s, path) {
  const r = await call(env.server.base, 'GET', `/api/v1${path}`, undefined, sessionHeaders(s));
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Waits until no list or part of the page is loading.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// The rotation page of booking id, once it shows.
async function openRotation(page, id, label) {
  await page.goto(url(`#/randningar/${id}`));
  await page.locator('.rotation-after').waitFor();
  await settled(page);
  if (label) await assertAccessible(page, label);
}

// The confirmed or completed rotations of trainee id with their
// documentation (as the tests' user reads it).
async function rotationsOf(id) {
  const out = [];
  for (const b of (await api(`/bookings?trainee=${id}&limit=100`)).items) {
    if (b.status === 'confirmed' || b.status === 'completed') out.push(await api(`/bookings/${b.id}/documentation`));
  }
  return out;
}

test('the handledare records a meeting, an assessment and a goal\'s result, and the trainee\'s plan shows the goal met', async () => {
  const hl = await login(env.server.base, 'handledare');
  const mine = hl.body.roles.filter((r) => r.role === 'supervisor').map((r) => r.scope_id);
  // A rotation of one of their trainees with a goal not yet met.
  let doc = null;
  let goal = null;
  for (const id of mine) {
    for (const d of await rotationsOf(id)) {
      const g = d.goals.find((x) => x.status === 'planned' || x.status === 'in_progress');
      if (g && !doc) [doc, goal] = [d, g];
    }
  }
  assert.ok(doc, 'a trainee of the demo handledare has a rotation with a goal not yet met');
  const b = doc.booking;
  const kinds = (await api('/assessment-kinds')).items;
  const cbd = kinds.find((k) => k.code === 'cbd');

  const { context, page, problems } = await openAs('handledare');
  await openRotation(page, b.id, 'a rotation\'s documentation as its handledare');
  assert.equal(await page.locator('h1').textContent(), `Randning på ${b.unit.name}`);
  assert.equal(await page.locator(`.rotation-goals tr[data-goal="${goal.id}"]`).getAttribute('data-status'), goal.status);
  // What the handledare may not do is not offered: appoint the rotation's
  // handledare, give the trainee's feedback.
  assert.equal(await page.locator('[data-action="appoint-rotation-supervisor"]').count(), 0);
  assert.equal(await page.locator('form.feedback-form').count(), 0);

  // A supervision meeting: a day that does not exist is refused by the
  // server and said at the field; then it is recorded.
  const meetings = () => page.locator('table.table-meetings tbody tr');
  const before = doc.meetings.length;
  await page.click('button[data-action="add-meeting"]');
  const mform = page.locator('form.meeting-form');
  await mform.locator('input[name="held_on"]').fill('2026-02-30');
  await mform.locator('textarea[name="notes"]').fill('Genomgång av veckans fall');
  await mform.locator('textarea[name="actions"]').fill('Läsa PM för sepsis');
  await mform.locator('button[type="submit"]').click();
  const dayError = mform.locator('.field-error[data-error-for="held_on"]');
  await dayError.waitFor();
  assert.equal(await mform.locator('input[name="held_on"]').getAttribute('aria-invalid'), 'true');
  assert.ok((await mform.locator('input[name="held_on"]').getAttribute('aria-describedby')).includes(await dayError.getAttribute('id')));
  await assertAccessible(page, 'a supervision meeting refused at its day');
  assert.equal((await api(`/bookings/${b.id}/documentation`)).meetings.length, before, 'nothing written');
  await mform.locator('input[name="held_on"]').fill('2026-10-05');
  await mform.locator('button[type="submit"]').click();
  await mform.waitFor({ state: 'detached' });
  await page.waitForFunction((n) => document.querySelectorAll('table.table-meetings tbody tr').length === n, before + 1);
  doc = await api(`/bookings/${b.id}/documentation`);
  const meeting = doc.meetings.find((m) => m.held_on === '2026-10-05');
  assert.ok(meeting, 'the meeting is recorded');
  assert.equal(meeting.by.name, hl.body.user.name);
  assert.equal(meeting.actions, 'Läsa PM för sepsis');
  assert.match(await page.locator(`tr[data-meeting="${meeting.id}"]`).textContent(), /2026-10-05.*Genomgång av veckans fall.*Läsa PM för sepsis/);
  assert.equal(await meetings().count(), before + 1);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'add-meeting', 'the focus goes back to the button');

  // An assessment of a kind the region uses, touching the goal.
  await page.click('button[data-action="add-assessment"]');
  const aform = page.locator('form.assessment-form');
  await aform.locator('select[name="kind_id"]').selectOption({ label: cbd.name_sv });
  await aform.locator('input[name="held_on"]').fill('2026-10-12');
  await aform.locator(`input[name="goal_ids"][value="${goal.id}"]`).check();
  await aform.locator('textarea[name="note"]').fill('Fall med bröstsmärta');
  await assertAccessible(page, 'the form of an assessment');
  await aform.locator('button[type="submit"]').click();
  await aform.waitFor({ state: 'detached' });
  doc = await api(`/bookings/${b.id}/documentation`);
  const assessment = doc.assessments.find((a) => a.held_on === '2026-10-12');
  assert.ok(assessment, 'the assessment is recorded');
  assert.equal(assessment.kind_id, cbd.id);
  assert.deepEqual(assessment.goal_ids, [goal.id]);
  const arow = page.locator(`tr[data-assessment="${assessment.id}"]`);
  await arow.waitFor();
  assert.match(await arow.textContent(), new RegExp(`${cbd.name_sv.replace(/[()]/g, '\\$&')}.*${goal.code}`));

  // The result of the goal after the rotation: met, with a comment.
  const item = page.locator(`.result-item[data-goal="${goal.id}"]`);
  await item.locator('input[type="radio"][value="met"]').check();
  await item.locator('input[name="comment"]').fill('Självständig i bedömningen');
  await item.locator('button[type="submit"]').click();
  await page.locator(`.result-item[data-goal="${goal.id}"][data-result="met"]`).waitFor();
  await page.locator(`.rotation-goals tr[data-goal="${goal.id}"][data-status="met"]`).waitFor();
  assert.equal(await page.locator(`.rotation-goals tr[data-goal="${goal.id}"] [data-result]`).textContent(), 'Uppnått');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.focus), `result-${goal.id}`, 'the focus stays on the goal');
  await assertAccessible(page, 'a goal assessed as met');
  await shot(page, 'rotation-handledare');
  const result = (await api(`/bookings/${b.id}/documentation`)).results.find((r) => r.goal_id === goal.id);
  assert.equal(result.result, 'met');
  assert.equal(result.comment, 'Självständig i bedömningen');
  assert.equal(result.by.name, hl.body.user.name);

  // The trainee's plan shows the goal met.
  const plan = await api(`/trainees/${b.trainee.id}/plan`);
  assert.equal(plan.goals.find((g) => g.id === goal.id).status, 'met');
  await page.click(`.rotation-facts a[href="#/st-lakare/${b.trainee.id}"]`);
  await page.locator('.plan-state').waitFor();
  await page.locator(`.plan-checklist tr[data-goal="${goal.id}"][data-status="met"]`).waitFor();
  // The trainee page links the rotation back to its documentation.
  await page.locator(`table.table-bookings a.rotation-link[data-rotation="${b.id}"]`).waitFor();
  await settled(page);
  await assertAccessible(page, 'the trainee page after a rotation\'s assessment');
  assert.deepEqual(unexpected(problems, 422), []);
  await context.close();
});

test('the ST-läkare gives feedback on the region\'s form once, and is not offered it again', async () => {
  const st = await login(env.server.base, 'st-lakare');
  const me = st.body.roles.find((r) => r.role === 'trainee').scope_id;
  const doc = (await rotationsOf(me)).find((d) => d.feedback === null);
  assert.ok(doc, 'the demo ST-läkare has a rotation without feedback');
  const b = doc.booking;
  const unit = (await api(`/units/${b.unit.id}`));
  const form = await api(`/feedback-form?region=${unit.region_id}`);
  const scales = form.questions.filter((q) => q.type === 'scale');
  const texts = form.questions.filter((q) => q.type === 'text');
  assert.ok(scales.length >= 2 && texts.length >= 1, 'the form has scale and text questions');

  const { context, page, problems } = await openAs('st-lakare');
  // Att göra reminds of it and links to the rotation's documentation.
  await page.goto(url('#/att-gora'));
  const todo = page.locator(`table.table-todo tr[data-kind="feedback"][data-booking="${b.id}"]`);
  await todo.waitFor();
  await settled(page);
  await assertAccessible(page, 'Att göra with a rotation\'s feedback');
  assert.match(await todo.textContent(), new RegExp(`Återkoppling på randning.*på ${b.unit.name}`));
  await todo.locator('a.rotation-link').click();
  await page.waitForURL(new RegExp(`#/randningar/${b.id}$`));
  await page.locator('form.feedback-form').waitFor();
  await settled(page);
  await assertAccessible(page, 'the feedback form');
  // The trainee documents nothing of the handledare's.
  assert.equal(await page.locator('button[data-action="add-meeting"]').count(), 0);
  assert.equal(await page.locator('form.result-form').count(), 0);

  // Every scale question is a group of five radio buttons named by the question.
  const fform = page.locator('form.feedback-form');
  for (const q of scales) {
    const group = fform.locator(`fieldset[data-question="${q.id}"]`);
    assert.equal(await group.locator('legend').textContent(), q.text_sv);
    assert.deepEqual(await group.locator('input[type="radio"]').evaluateAll((xs) => xs.map((x) => x.value)), ['1', '2', '3', '4', '5']);
  }
  // A scale left unanswered: said at that question, nothing sent.
  const answers = {};
  scales.forEach((q, i) => { answers[q.id] = (i % 5) + 1; });
  for (const q of scales.slice(0, -1)) await fform.locator(`fieldset[data-question="${q.id}"] input[value="${answers[q.id]}"]`).check();
  await fform.locator(`textarea[data-question="${texts[0].id}"]`).fill('Handledningen');
  await fform.locator('button[type="submit"]').click();
  const last = scales[scales.length - 1];
  await fform.locator(`.field-error[data-error-for="answers.${last.id}"]`).waitFor();
  assert.equal(await fform.locator(`fieldset[data-question="${last.id}"]`).getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'the feedback form with a question unanswered');
  assert.equal((await api(`/bookings/${b.id}/documentation`)).feedback, null, 'nothing sent');

  await fform.locator(`fieldset[data-question="${last.id}"] input[value="${answers[last.id]}"]`).check();
  await fform.locator('button[type="submit"]').click();
  await page.locator('.feedback-given').waitFor();
  assert.equal(await page.locator('form.feedback-form').count(), 0, 'given once, not offered again');
  const given = (await api(`/bookings/${b.id}/documentation`)).feedback;
  assert.deepEqual(given.answers, { ...answers, [texts[0].id]: 'Handledningen' });
  // The trainee reads back what they answered.
  assert.equal(await page.locator(`.feedback-answers [data-answer="${scales[0].id}"] dd`).textContent(), `${answers[scales[0].id]} av 5`);
  await assertAccessible(page, 'the feedback given');
  await shot(page, 'rotation-feedback');

  // After a reload, and on Att göra: not offered again.
  await page.reload();
  await page.locator('.feedback-given').waitFor();
  await settled(page);
  assert.equal(await page.locator('form.feedback-form').count(), 0);
  await page.goto(url('#/att-gora'));
  await page.locator('table.table-todo, .list .empty').first().waitFor();
  await settled(page);
  assert.equal(await page.locator(`tr[data-kind="feedback"][data-booking="${b.id}"]`).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();

  // The handledare sees that it was given, not what it says.
  const other = await openAs('handledare');
  await openRotation(other.page, b.id);
  await other.page.locator('.feedback-given').waitFor();
  assert.equal(await other.page.locator('.feedback-answers').count(), 0);
  assert.deepEqual(other.problems, []);
  await other.context.close();
});

test('the Handledare page flags those without handledarutbildning; a verksamhetschef registers one, appoints them and records their training', async () => {
  const vc = await login(env.server.base, 'verksamhetschef');
  const unitId = vc.body.roles.find((r) => r.role === 'unit_head').scope_id;
  const all = await getAs(vc, '/supervisors?limit=500');
  const untrained = await getAs(vc, '/supervisors?untrained=true&limit=500');
  assert.ok(untrained.total > 0, 'the demo has supervisors without the course');

  const { context, page, problems } = await openAs('verksamhetschef');
  await page.goto(url('#/platser'));
  await page.click('a[data-nav="supervisors"]');
  await page.waitForSelector('h1:text-is("Handledare")');
  const rows = page.locator('table.table-supervisors tbody tr');
  await rows.first().waitFor();
  await settled(page);
  await assertAccessible(page, 'the Handledare page');
  assert.equal(await rows.count(), all.items.length);
  assert.match(await page.locator('.list-count').textContent(), new RegExp(`^${all.total} handledare`));
  // Each without the course is flagged in words; each with it shows the day.
  for (const sv of all.items) {
    const row = page.locator(`tr[data-supervisor="${sv.id}"]`);
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[2], sv.trained ? sv.trained_on : '⚠ Saknar handledarutbildning', sv.name);
    assert.equal(cells[3], String(sv.trainees));
  }
  // Only those without it.
  await page.check('input[name="untrained"]');
  await page.waitForURL(/untrained=true/);
  await page.waitForFunction((n) => document.querySelectorAll('table.table-supervisors tbody tr').length === n, untrained.items.length);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((x) => Number(x.dataset.supervisor))), untrained.items.map((x) => x.id));
  assert.equal(await page.locator('table.table-supervisors tr[data-trained="true"]').count(), 0);
  await shot(page, 'supervisors');

  // Register a new one at the unit: the server's refusal of the email is
  // said at that field; then their page shows them, flagged.
  await page.click('button[data-action="add-supervisor"]');
  const rform = page.locator('form.supervisor-form');
  assert.equal(await rform.locator('select[name="unit_id"]').inputValue(), String(unitId));
  await rform.locator('input[name="name"]').fill('Hedda Handledare');
  await rform.locator('input[name="email"]').fill('hedda');
  await rform.locator('button[type="submit"]').click();
  await rform.locator('.field-error[data-error-for="email"]').waitFor();
  assert.equal(await rform.locator('input[name="email"]').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'registering a supervisor, refused at the email');
  await rform.locator('input[name="email"]').fill('hedda.handledare@test.randa.se');
  await rform.locator('button[type="submit"]').click();
  await page.waitForURL(/#\/handledare\/\d+$/);
  const hedda = Number(page.url().split('/').pop());
  await page.waitForSelector('h1:text-is("Hedda Handledare")');
  await page.locator('.notice[data-flag="untrained"]').waitFor();
  await settled(page);
  await assertAccessible(page, 'a supervisor\'s page, flagged');
  const made = await api(`/supervisors/${hedda}`);
  assert.equal(made.unit.id, unitId);
  assert.equal(made.trained, false);

  // Appoint her huvudhandledare of a trainee of the unit whose
  // huvudhandledare has the course: the page flags her at once.
  const trainees = (await getAs(vc, `/trainees?home_unit=${unitId}&limit=500`)).items;
  const tr = trainees.find((x) => x.supervisor_id && all.items.find((s) => s.id === x.supervisor_id)?.trained);
  assert.ok(tr, 'a trainee of the unit with a trained huvudhandledare');
  await page.goto(url(`#/st-lakare/${tr.id}`));
  const now = page.locator('#huvudhandledare .supervisor-now');
  await now.waitFor();
  assert.equal(await now.getAttribute('data-supervisor'), String(tr.supervisor_id));
  assert.equal(await page.locator('#huvudhandledare .notice[data-flag="untrained"]').count(), 0);
  await page.click('button[data-action="appoint-supervisor"]');
  const choose = page.locator('#huvudhandledare select[name="supervisor_id"]');
  await choose.waitFor();
  assert.equal(await choose.inputValue(), String(tr.supervisor_id));
  // The untrained are marked in the list itself.
  assert.equal(await choose.locator(`option[value="${hedda}"]`).textContent(), 'Hedda Handledare – saknar handledarutbildning');
  await settled(page);
  await assertAccessible(page, 'appointing a huvudhandledare');
  await choose.selectOption(String(hedda));
  await page.click('#huvudhandledare form.appoint-form button[type="submit"]');
  await page.locator(`#huvudhandledare .supervisor-now[data-supervisor="${hedda}"]`).waitFor();
  const warn = page.locator('#huvudhandledare .notice[data-flag="untrained"]');
  assert.equal(await warn.textContent(), 'Saknar handledarutbildning Hedda Handledare har inte gått handledarutbildning.');
  assert.equal(await page.locator('#huvudhandledare .flag-untrained').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'appoint-supervisor');
  await assertAccessible(page, 'a trainee page flagging the huvudhandledare');
  await shot(page, 'trainee-huvudhandledare');
  let record = await api(`/trainees/${tr.id}`);
  assert.equal(record.supervisor.id, hedda);
  assert.equal(record.supervisor.trained, false);

  // Her training recorded on her page: a day that does not exist is said
  // at the field; then the flag is gone, here and on the trainee's page.
  await page.click(`#huvudhandledare a[href="#/handledare/${hedda}"]`);
  const dform = page.locator('form.supervisor-dates');
  await dform.waitFor();
  await dform.locator('input[name="trained_on"]').fill('2026-02-30');
  await dform.locator('button[type="submit"]').click();
  await dform.locator('.field-error[data-error-for="trained_on"]').waitFor();
  assert.equal((await api(`/supervisors/${hedda}`)).trained, false);
  await dform.locator('input[name="trained_on"]').fill('2026-10-01');
  await dform.locator('button[type="submit"]').click();
  await page.locator('[data-fact="trained_on"] dd:text-is("2026-10-01")').waitFor();
  assert.equal(await page.locator('.notice[data-flag="untrained"]').count(), 0);
  assert.equal((await api(`/supervisors/${hedda}`)).trained_on, '2026-10-01');
  await page.goBack();
  await page.locator(`#huvudhandledare .supervisor-now[data-supervisor="${hedda}"][data-trained="true"]`).waitFor();
  assert.equal(await page.locator('#huvudhandledare .notice[data-flag="untrained"]').count(), 0);
  assert.deepEqual(unexpected(problems, 422), []);
  await context.close();

  // The studierektor keeps the record but does not appoint: no control.
  const dir = await openAs('studierektor');
  const dirUnit = (await login(env.server.base, 'studierektor')).body.roles.find((r) => r.role === 'director').scope_id;
  const [mate] = (await api(`/trainees?home_unit=${dirUnit}&limit=1`)).items;
  await dir.page.goto(url(`#/st-lakare/${mate.id}`));
  await dir.page.locator('#huvudhandledare .supervisor-now').waitFor();
  await dir.page.locator('.plan-state').waitFor();
  assert.equal(await dir.page.locator('[data-action="appoint-supervisor"]').count(), 0);
  record = await api(`/trainees/${mate.id}`);
  assert.equal(await dir.page.locator('#huvudhandledare .supervisor-now').getAttribute('data-supervisor'), String(record.supervisor.id));
  assert.deepEqual(dir.problems, []);
  await dir.context.close();
});

test('the receiving unit\'s verksamhetschef appoints a rotation\'s handledare among the unit\'s supervisors', async () => {
  const vc = await login(env.server.base, 'verksamhetschef');
  const unitId = vc.body.roles.find((r) => r.role === 'unit_head').scope_id;
  const [b] = (await getAs(vc, `/bookings?unit=${unitId}&status=confirmed&limit=1`)).items;
  assert.ok(b, 'the unit has a confirmed rotation');
  const here = (await getAs(vc, `/supervisors?unit=${unitId}&limit=500`)).items;
  const pick = here.find((s) => s.trained) || here[0];

  const { context, page, problems } = await openAs('verksamhetschef');
  // From the unit's page, the rotation's documentation.
  await page.goto(url(`#/enheter/${unitId}`));
  await page.locator('table.table-supervisors tbody tr').first().waitFor();
  assert.equal(await page.locator('table.table-supervisors tbody tr').count(), Math.min(here.length, 25));
  await settled(page);
  await assertAccessible(page, 'the unit page with its supervisors');
  await openRotation(page, b.id, 'a rotation\'s documentation as the receiving unit\'s verksamhetschef');
  assert.equal(await page.locator('.rotation-supervisor-now [data-supervisor]').getAttribute('data-supervisor'), '');
  await page.click('button[data-action="appoint-rotation-supervisor"]');
  const choose = page.locator('.rotation-supervisor select[name="supervisor_id"]');
  await choose.waitFor();
  // Only the unit's supervisors are offered (and "none").
  const offered = await choose.locator('option').evaluateAll((os) => os.map((o) => Number(o.value)).filter(Boolean));
  assert.deepEqual(offered.sort((x, y) => x - y), here.map((s) => s.id).sort((x, y) => x - y));
  await choose.selectOption(String(pick.id));
  await page.click('.rotation-supervisor form.appoint-form button[type="submit"]');
  await page.locator(`.rotation-supervisor-now [data-supervisor="${pick.id}"]`).waitFor();
  await assertAccessible(page, 'a rotation with its handledare appointed');
  assert.equal((await api(`/bookings/${b.id}`)).supervisor_id, pick.id);
  // Her page lists the rotation, linked to its documentation.
  await page.click(`.rotation-supervisor-now a[href="#/handledare/${pick.id}"]`);
  await page.locator(`table.table-bookings a.rotation-link[data-rotation="${b.id}"]`).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Handledare page and a rotation\'s documentation read in English too', async () => {
  const [b] = (await api('/bookings?status=confirmed&limit=1')).items;
  const { context, page, problems } = await openAs('tester');
  await page.goto(url('#/handledare?untrained=true'));
  await page.locator('table.table-supervisors tbody tr').first().waitFor();
  await page.click('#lang-switch');
  await page.waitForSelector('h1:text-is("Supervisors")');
  await page.locator('table.table-supervisors tbody tr').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('table.table-supervisors .flag-untrained').first().textContent(), '⚠ No supervisor training');
  assert.equal(await page.locator('label.check', { hasText: 'Only those without supervisor training' }).count(), 1);
  await assertAccessible(page, 'the Handledare page in English');
  await openRotation(page, b.id, 'a rotation\'s documentation in English');
  assert.equal(await page.locator('h1').textContent(), `Rotation at ${b.unit.name}`);
  assert.deepEqual(await page.locator('section.card > h2').allTextContents(), ['Before the rotation', 'During the rotation', 'After the rotation']);
  assert.equal(await page.locator('.rotation-facts [data-fact="due"] dt').textContent(), 'Documentation due');
  await page.click('#lang-switch');
  await page.waitForSelector(`h1:text-is("Randning på ${b.unit.name}")`);
  assert.deepEqual(problems, []);
  await context.close();
});
