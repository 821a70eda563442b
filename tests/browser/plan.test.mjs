// The education plan in a real browser (Debian's headless Chromium driven
// by playwright-core) against a real `randa serve` on a fresh demo region:
// the demo ST-läkare drafts an activity in the plan editor and the
// handledare, the studierektor and a verksamhetschef approve it, each in
// their own browser session, and the history shows what changed; an
// approval of a plan that changed meanwhile is refused and said so; the
// studierektor's Att göra lists what is due and links to the trainee; the
// administrator corrects a goal; goal and activity states set on the page
// are kept after a reload; a head of unit changes the goals of the unit.
// Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, call, get, post, patch, sessionHeaders } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const api = (path) => apiGet(env.server, path);
const page$ = (id) => `${env.server.base}/#/st-lakare/${id}`;

// The browser's notes of answers a test caused on purpose.
const unexpected = (problems, ...statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

// GET path as the user of session s.
async function getAs(s, path) {
  const r = await call(env.server.base, 'GET', `/api/v1${path}`, undefined, sessionHeaders(s));
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Makes the demo user username head of unit unitId too (the demo's
// verksamhetschef heads another unit than the ST-läkare's home unit).
async function headOf(username, unitId) {
  const users = (await api('/users?limit=500')).items;
  const u = users.find((x) => x.username === username);
  const roles = u.roles.map((r) => ({ role: r.role, scope_id: r.scope_id }));
  if (!roles.some((r) => r.role === 'unit_head' && r.scope_id === unitId)) roles.push({ role: 'unit_head', scope_id: unitId });
  const r = await patch(env.server.base, `/api/v1/users/${u.id}`, { roles });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

// The trainee page of id, once its plan shows.
async function openPlan(page, id) {
  await page.goto(page$(id));
  await page.locator('.plan-state').waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
  await assertAccessible(page, `the trainee page with its plan (${id})`);
}

test('a trainee drafts an activity; the handledare, the studierektor and a verksamhetschef approve it in their own browsers', async () => {
  const st = await login(env.server.base, 'st-lakare');
  const id = st.body.roles.find((r) => r.role === 'trainee').scope_id;
  const trainee = await api(`/trainees/${id}`);
  await headOf('verksamhetschef', trainee.home_unit.id);
  const before = await api(`/trainees/${id}/plan`);
  const version = before.plan.status === 'draft' ? before.plan.version : before.plan.version + 1;
  const goalA = before.goals.find((g) => g.group === 'a');
  const goalC = before.goals.find((g) => g.group === 'c' && g.code.endsWith('12')) || before.goals.find((g) => g.group === 'c');
  const title = `Kurs i palliativ vård ${process.pid}`;
  const mine = async () => (await api(`/activities?trainee=${id}&limit=500`)).items.filter((a) => a.title === title);

  // The ST-läkare drafts the course in the editor.
  const { context, page, problems } = await openAs('st-lakare');
  await openPlan(page, id);
  assert.equal(await page.locator('h1').textContent(), trainee.name);
  assert.equal(await page.locator('button[data-approve]').count(), 0, 'an ST-läkare approves nothing');
  await page.click('button[data-action="add-activity"]');
  const form = page.locator('form[data-activity-form="new"]');
  await form.locator('select[name="kind"]').selectOption('course');
  await form.locator('input[name="title"]').fill(title);
  await form.locator('input[name="from"]').fill('2027-W12');
  await form.locator('input[name="to"]').fill('2027-W10');
  await form.locator(`input[name="goal_ids"][value="${goalA.id}"]`).check();
  // The filter narrows the goals to those whose code or title matches.
  await form.locator('input[type="search"]').fill(goalC.title.toLowerCase());
  assert.equal(await form.locator(`label.goal-check:has(input[value="${goalA.id}"])`).isVisible(), false);
  // Enter in the filter filters and does not send the form.
  await form.locator('input[type="search"]').press('Enter');
  assert.equal(await form.locator('.field-error').count(), 0);
  await form.locator(`input[name="goal_ids"][value="${goalC.id}"]`).check();
  assert.equal(await form.locator('.goal-picked').textContent(), '2 delmål valda');
  await form.locator('button[type="submit"]').click();
  // The weeks in the wrong order: said at the field, nothing written.
  const weekError = form.locator('.field-error[data-error-for="to"]');
  await weekError.waitFor();
  assert.equal(await form.locator('input[name="to"]').getAttribute('aria-invalid'), 'true');
  assert.ok((await form.locator('input[name="to"]').getAttribute('aria-describedby')).includes(await weekError.getAttribute('id')));
  assert.deepEqual(await mine(), []);
  await form.locator('input[name="from"]').fill('2027-W10');
  await form.locator('input[name="to"]').fill('2027-W12');
  await form.locator('button[type="submit"]').click();
  const row = page.locator('tr[data-activity]', { hasText: title });
  await row.waitFor();

  const [made] = await mine();
  assert.ok(made, 'the activity is in the plan');
  assert.equal(made.kind, 'course');
  assert.equal(made.from, '2027-W10');
  assert.equal(made.to, '2027-W12');
  assert.equal(made.status, 'planned');
  assert.deepEqual([...made.goal_ids].sort((a, b) => a - b), [goalA.id, goalC.id].sort((a, b) => a - b));
  assert.equal(await row.locator('td').nth(2).textContent(), 'v. 10 2027 – v. 12 2027');
  // The plan is a draft to approve again, with no approvals.
  await page.locator(`.plan-state[data-status="draft"][data-version="${version}"]`).waitFor();
  const draft = await api(`/trainees/${id}/plan`);
  assert.equal(draft.plan.status, 'draft');
  assert.equal(draft.plan.version, version);
  assert.equal(await page.locator('tr[data-approver][data-given="true"]').count(), 0);
  // The course is a bar of the timeline's activities, and the checklist
  // names it under both its goals.
  const bar = page.locator(`svg.timeline [data-activity="${made.id}"]`);
  await bar.waitFor({ state: 'attached' });
  assert.match(await bar.getAttribute('aria-label'), new RegExp(`^Kurs: ${title}, v\\. 10 2027 – v\\. 12 2027, Planerad$`));
  for (const g of [goalA, goalC]) assert.equal(await page.locator(`tr[data-goal="${g.id}"] li[data-activity="${made.id}"]`).count(), 1, g.code);
  await shot(page, 'plan-trainee');
  assert.deepEqual(problems, []);
  await context.close();

  // Each approver in their own browser: one button, their own role.
  for (const [user, role] of [['handledare', 'supervisor'], ['studierektor', 'director'], ['verksamhetschef', 'unit_head']]) {
    const b = await openAs(user);
    await openPlan(b.page, id);
    const btn = b.page.locator(`button[data-approve="${role}"]`);
    await btn.waitFor();
    assert.equal(await b.page.locator('button[data-approve]').count(), 1, `${user} approves as ${role} only`);
    assert.equal(await btn.textContent(), { supervisor: 'Godkänn som huvudhandledare', director: 'Godkänn som studierektor', unit_head: 'Godkänn som verksamhetschef' }[role]);
    await btn.click();
    await b.page.locator(`tr[data-approver="${role}"][data-given="true"]`).waitFor();
    assert.equal(await b.page.locator('button[data-approve]').count(), 0);
    const name = (await login(env.server.base, user)).body.user.name;
    const now = await api(`/trainees/${id}/plan`);
    assert.equal(now.plan.approvals[role].by.name, name);
    assert.equal(await b.page.locator(`tr[data-approver="${role}"] td`).first().textContent(), name);
    if (role === 'unit_head') {
      // The third approval approves the version.
      assert.equal(now.plan.status, 'approved');
      await b.page.locator(`.plan-state[data-status="approved"][data-version="${version}"]`).waitFor();
      await b.page.locator('.notice[data-flash="approved"]').waitFor();
      // The history holds it, and side by side with the version before it
      // shows the course as added.
      await b.page.locator(`table.table-versions tr[data-version="${version}"][data-status="approved"]`).waitFor();
      const added = b.page.locator(`.cmp-block[data-kind="activities"] tr[data-change="added"][data-item="${made.id}"]`);
      await added.waitFor();
      await assertAccessible(b.page, 'the plan history side by side');
      assert.ok((await added.textContent()).includes(title));
      assert.equal(await b.page.locator('select[name="compare_b"]').inputValue(), String(version));
      await shot(b.page, 'plan-approved');
      // The state is kept after a reload.
      await b.page.reload();
      await b.page.locator(`.plan-state[data-status="approved"][data-version="${version}"]`).waitFor();
    } else {
      assert.equal(now.plan.status, 'draft');
    }
    assert.deepEqual(b.problems, [], user);
    await b.context.close();
  }
});

test('an approval of a plan that changed meanwhile is refused, and the page shows the plan as it is now', async () => {
  // The trainee the tests' user supervises, and is studierektor and
  // verksamhetschef of too: all three buttons.
  const first = (await api('/trainees?limit=1')).items[0];
  const made = await post(env.server.base, '/api/v1/activities', { trainee_id: first.id, kind: 'seminar', title: 'Seminarium i etik' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const v = (await api(`/trainees/${first.id}/plan`)).plan.version;
  const { context, page, problems } = await openAs('tester');
  await openPlan(page, first.id);
  await page.locator('button[data-approve="director"]').waitFor();
  assert.equal(await page.locator('button[data-approve]').count(), 3);

  // Meanwhile, elsewhere: the version is approved and a change starts the next.
  for (const role of ['supervisor', 'director', 'unit_head']) {
    const r = await post(env.server.base, `/api/v1/trainees/${first.id}/plan/approve`, { version: v, role });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const r = await patch(env.server.base, `/api/v1/trainees/${first.id}/plan`, { note: 'Ändrad under tiden' });
  assert.equal(r.status, 200);
  assert.equal(r.body.plan.version, v + 1);

  await page.click('button[data-approve="director"]');
  const notice = page.locator('.notice[data-flash="changed"]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Planen har ändrats sedan du öppnade sidan/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.flash), 'changed', 'the notice takes the focus');
  await page.locator(`.plan-state[data-status="draft"][data-version="${v + 1}"]`).waitFor();
  assert.equal(await page.locator('tr[data-approver][data-given="true"]').count(), 0);
  assert.equal(await page.locator('button[data-approve]').count(), 3, 'the new draft waits for all three');
  assert.equal(await page.locator('.plan-facts-list .plan-note').textContent(), 'Ändrad under tiden');
  const now = await api(`/trainees/${first.id}/plan`);
  assert.equal(now.plan.approvals.director, null, 'the refused approval wrote nothing');
  assert.deepEqual(unexpected(problems, 409), []);
  await context.close();
});

test('the studierektor\'s Att göra lists what is due, by day, and links to the trainee', async () => {
  const dir = await login(env.server.base, 'studierektor');
  const home = dir.body.roles.find((r) => r.role === 'director').scope_id;
  // A draft of a trainee of the unit waits for the studierektor.
  const mates = (await api(`/trainees?home_unit=${home}&limit=500`)).items;
  const tr = mates[mates.length - 1];
  const made = await post(env.server.base, '/api/v1/activities', { trainee_id: tr.id, kind: 'auskultation', title: 'Auskultation på BUP' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const todo = await getAs(dir, '/todo?limit=50');
  assert.ok(todo.items.some((i) => i.kind === 'approval' && i.trainee.id === tr.id));

  const { context, page, problems } = await openAs('studierektor');
  await page.goto(`${env.server.base}/#/platser`);
  await page.click('a[data-nav="todo"]');
  await page.waitForSelector('h1:text-is("Att göra")');
  const rows = page.locator('table.table-todo tbody tr');
  await rows.first().waitFor();
  await assertAccessible(page, 'Att göra');
  assert.equal(await rows.count(), todo.items.length);
  assert.match(await page.locator('.list-count').textContent(), new RegExp(`^${todo.total} sak`));
  assert.match(await page.locator('.todo-on').textContent(), new RegExp(todo.on));
  // Each row as the API has it, approvals first.
  const kinds = await rows.evaluateAll((trs) => trs.map((x) => `${x.dataset.kind}:${x.dataset.trainee}:${x.dataset.state}`));
  assert.deepEqual(kinds, todo.items.map((i) => `${i.kind}:${i.trainee.id}:${i.state}`));
  const approval = page.locator(`tr[data-kind="approval"][data-trainee="${tr.id}"]`);
  assert.match(await approval.textContent(), /Godkänna utbildningsplan.*som Studierektor/);
  await shot(page, 'todo');

  // Another day: the list the API gives for it.
  const later = await getAs(dir, '/todo?on=2028-03-01&limit=50');
  await page.fill('input[name="on"]', '2028-03-01');
  await page.click('form.todo-filters button[type="submit"]');
  await page.waitForURL(/on=2028-03-01/);
  await page.waitForFunction(() => document.querySelector('.todo-on')?.textContent.includes('2028-03-01'));
  assert.equal(await rows.count(), later.items.length);
  // A day that does not exist is refused at the day picker.
  await page.fill('input[name="on"]', '2027-02-30');
  await page.click('form.todo-filters button[type="submit"]');
  await page.locator('.field-error[data-error-for="on"]').waitFor();
  assert.equal(await page.getAttribute('input[name="on"]', 'aria-invalid'), 'true');
  await page.click('button[data-action="today"]');
  await page.waitForFunction(() => !window.location.hash.includes('on='));
  await approval.waitFor();

  // The row links to the trainee, whose plan waits for the studierektor.
  await approval.locator('a').click();
  await page.waitForURL(new RegExp(`#/st-lakare/${tr.id}$`));
  await page.waitForSelector(`h1:text-is("${tr.name}")`);
  await page.locator('button[data-approve="director"]').waitFor();
  assert.deepEqual(unexpected(problems, 400), []);
  await context.close();
});

test('the administrator corrects a goal\'s title on the Delmål page, and which b goals a specialty has', async () => {
  const goals = (await api('/goals?regulation=2021&group=a&limit=500')).items;
  const g = goals.find((x) => x.confidence === 'uncertain' && x.specialty_id === null);
  assert.ok(g, 'the demo has an uncertain a goal');
  const { context, page, problems } = await openAs('admin');
  await page.goto(`${env.server.base}/#/platser`);
  await page.click('a[data-nav="goals"]');
  await page.waitForSelector('h1:text-is("Delmål")');
  await page.locator('table.table-goal-admin tbody tr').first().waitFor();
  await assertAccessible(page, 'Delmål');
  await page.selectOption('select[name="regulation"]', '2021');
  await page.selectOption('select[name="group"]', 'a');
  await page.waitForURL(/group=a/);
  await page.fill('input[name="q"]', g.code);
  const row = page.locator(`tr[data-goal="${g.id}"]`);
  await row.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table.table-goal-admin tbody tr[data-goal]').length <= 3);
  assert.equal(await row.locator('[data-uncertain]').count(), 1, 'example data is marked');

  await row.locator('button[data-action="edit"]').click();
  const form = page.locator(`tr[data-editor="${g.id}"] form.goal-form`);
  await form.waitFor();
  // A code of another group: the server's refusal at the code.
  await form.locator('input[name="code"]').fill('STc99');
  await form.locator('button[type="submit"]').click();
  await form.locator('.field-error[data-error-for="code"]').waitFor();
  await assertAccessible(page, 'Delmål: a goal refused at its field');
  assert.equal(await form.locator('input[name="code"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await api(`/goals/${g.id}`)).code, g.code);

  const title = `${g.title} (rättad)`;
  await form.locator('input[name="code"]').fill(g.code);
  await form.locator('input[name="title"]').fill(title);
  await form.locator('select[name="confidence"]').selectOption('verified');
  await form.locator('button[type="submit"]').click();
  await page.locator('.toast', { hasText: `${g.code} är sparat` }).first().waitFor();
  await page.waitForFunction(([id, text]) => document.querySelector(`tr[data-goal="${id}"] .goal-title`)?.textContent === text, [g.id, title]);
  const saved = await api(`/goals/${g.id}`);
  assert.equal(saved.title, title);
  assert.equal(saved.confidence, 'verified');
  assert.equal(await row.locator('[data-uncertain]').count(), 0, 'no longer marked');
  await shot(page, 'goals');

  // The b goals of psychiatry: one taken away.
  const sp = (await api('/specialties?limit=500')).items.find((x) => x.code === 'psykiatri');
  const had = (await api(`/specialties/${sp.id}/goals`)).goal_ids;
  await page.selectOption('select[name="b_specialty"]', String(sp.id));
  const bForm = page.locator(`form.b-form[data-specialty="${sp.id}"]`);
  await bForm.waitFor();
  assert.deepEqual((await bForm.locator('input[name="goal_ids"]:checked').evaluateAll((els) => els.map((e) => Number(e.value)))).sort((a, b) => a - b),
    [...had].sort((a, b) => a - b));
  await bForm.locator(`input[name="goal_ids"][value="${had[0]}"]`).uncheck();
  await bForm.locator('button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'b-delmålen' }).first().waitFor();
  assert.deepEqual((await api(`/specialties/${sp.id}/goals`)).goal_ids, had.slice(1));
  assert.deepEqual(unexpected(problems, 422), []);
  await context.close();
});

test('a goal set back to planned, a certified goal and an activity in progress are kept after a reload', async () => {
  const hl = await login(env.server.base, 'handledare');
  const id = hl.body.roles.find((r) => r.role === 'supervisor').scope_id;
  const before = await api(`/trainees/${id}/plan`);
  const busy = before.goals.find((g) => g.status === 'in_progress');
  const open = before.goals.find((g) => g.status === 'planned' || g.status === 'met');
  assert.ok(busy && open, 'the demo plan has goals in progress and not certified');
  const act = before.activities.find((a) => a.status === 'planned') || before.activities[0];

  const { context, page, problems } = await openAs('handledare');
  await openPlan(page, id);
  // The goal in progress goes back to planned.
  const sel = page.locator(`select[data-goal-state="${busy.id}"]`);
  assert.equal(await sel.inputValue(), 'in_progress');
  await sel.selectOption('planned');
  await page.locator(`tr[data-goal="${busy.id}"] .goal-saved`, { hasText: 'Sparat' }).waitFor();
  assert.equal((await api(`/trainees/${id}/plan`)).goals.find((g) => g.id === busy.id).status, 'planned');

  // The handledare certifies another.
  await page.locator(`tr[data-goal="${open.id}"] button[data-action="certify"]`).click();
  const cf = page.locator(`tr[data-goal="${open.id}"] form.certify-form`);
  await cf.locator('input[name="note"]').fill('Bedömd vid medsittning');
  await cf.locator('button[type="submit"]').click();
  await page.locator(`tr[data-goal="${open.id}"][data-status="certified"]`).waitFor();
  assert.match(await page.locator(`tr[data-goal="${open.id}"]`).textContent(), /Demo Handledare/);

  // The activity is under way: its state alone changes no version.
  const v = (await api(`/trainees/${id}/plan`)).plan;
  await page.locator(`tr[data-activity="${act.id}"] button[data-action="edit"]`).click();
  const ef = page.locator(`form[data-activity-form="${act.id}"]`);
  await ef.locator('select[name="status"]').selectOption('in_progress');
  await ef.locator('button[type="submit"]').click();
  await page.locator(`tr[data-activity="${act.id}"][data-status="in_progress"]`).waitFor();
  const after = await api(`/trainees/${id}/plan`);
  assert.equal(after.plan.version, v.version);
  assert.equal(after.plan.status, v.status);

  await page.reload();
  await page.locator('.plan-state').waitFor();
  await page.locator(`select[data-goal-state="${busy.id}"]`).waitFor();
  assert.equal(await page.locator(`select[data-goal-state="${busy.id}"]`).inputValue(), 'planned');
  await page.locator(`tr[data-goal="${open.id}"][data-status="certified"]`).waitFor();
  assert.equal(await page.locator(`tr[data-goal="${open.id}"] button[data-action="certify"]`).count(), 0);
  await page.locator(`tr[data-activity="${act.id}"][data-status="in_progress"]`).waitFor();
  const certified = after.goals.find((g) => g.id === open.id);
  assert.equal(certified.status, 'certified');
  assert.equal(certified.note, 'Bedömd vid medsittning');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a head of unit takes a goal from the unit and adds it back; others only read them', async () => {
  const vc = await login(env.server.base, 'verksamhetschef');
  const unitId = vc.body.roles.find((r) => r.role === 'unit_head' && r.scope_name && r.scope_id).scope_id;
  const unit = await api(`/units/${unitId}`);
  assert.ok(unit.goal_ids.length > 0, 'the unit names goals');
  const goal = await api(`/goals/${unit.goal_ids[0]}`);

  const { context, page, problems } = await openAs('verksamhetschef');
  await page.goto(`${env.server.base}/#/enheter/${unitId}`);
  const current = page.locator('table.table-unit-goals');
  await current.waitFor();
  assert.equal(await current.locator('tbody tr').count(), unit.goal_ids.length);
  const row = current.locator(`tr[data-goal="${goal.id}"]`);
  assert.equal(await row.locator('th').textContent(), goal.code);
  await row.locator('button[data-action="remove-goal"]').click();
  await row.waitFor({ state: 'detached' });
  assert.ok(!(await api(`/units/${unitId}`)).goal_ids.includes(goal.id));

  // Found again by its regulation, specialty and code, and added back.
  await page.selectOption('select[name="goal_regulation"]', goal.regulation);
  if (goal.specialty_id) await page.selectOption('select[name="goal_specialty"]', String(goal.specialty_id));
  await page.fill('input[name="goal_q"]', goal.code);
  const found = page.locator(`table.table-goal-find tr[data-goal="${goal.id}"] button[data-action="add-goal"]`);
  await found.click();
  await current.locator(`tr[data-goal="${goal.id}"]`).waitFor();
  assert.ok((await api(`/units/${unitId}`)).goal_ids.includes(goal.id));
  assert.deepEqual(problems, []);
  await context.close();

  // The ST-läkare reads them and changes nothing.
  const other = await openAs('st-lakare');
  await other.page.goto(`${env.server.base}/#/enheter/${unitId}`);
  await other.page.locator('table.table-unit-goals').waitFor();
  assert.equal(await other.page.locator('button[data-action="remove-goal"]').count(), 0);
  assert.equal(await other.page.locator('input[name="goal_q"]').count(), 0);
  assert.deepEqual(other.problems, []);
  await other.context.close();
});

test('the plan reads in English too', async () => {
  const { context, page, problems } = await openAs('handledare');
  const hl = await login(env.server.base, 'handledare');
  const id = hl.body.roles.find((r) => r.role === 'supervisor').scope_id;
  await openPlan(page, id);
  await page.click('#lang-switch');
  await page.waitForSelector('h2:text-is("Education plan")');
  await page.locator('.plan-state').waitFor();
  assert.ok(await page.locator('h3:text-is("Approvals")').count());
  assert.ok(await page.locator('h2:text-is("Plan history")').count());
  assert.ok(await page.locator('.goal-group h3', { hasText: 'a – common to all specialties' }).count());
  await page.click('#lang-switch');
  await page.waitForSelector('h2:text-is("Utbildningsplan")');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a studierektor lets a course replace weeks of a rotation, and withdraws it', async () => {
  const dir = await login(env.server.base, 'studierektor');
  const home = dir.body.roles.find((r) => r.role === 'director').scope_id;
  // A trainee of the unit with an open rotation that has no booking, and
  // a course of the plan.
  let pick = null;
  for (const tr of (await api(`/trainees?home_unit=${home}&limit=500`)).items) {
    const p = await api(`/trainees/${tr.id}/plan`);
    const need = p.needs.find((n) => n.status === 'open' && n.weeks >= 4);
    const act = p.activities.find((a) => a.kind !== 'clinical');
    if (!need || !act) continue;
    const booked = (await api(`/bookings?trainee=${tr.id}&limit=500`)).items
      .some((b) => b.need_id === need.id && ['requested', 'confirmed'].includes(b.status));
    if (!booked) {
      pick = { tr, p, need, act };
      break;
    }
  }
  assert.ok(pick, 'the unit has a trainee with an open rotation and a course');
  const { tr, need, act } = pick;
  const saved0 = pick.p.weeks_saved;

  const { context, page, problems } = await openAs('studierektor');
  await openPlan(page, tr.id);
  const form = page.locator('form.subst-form');
  await form.locator('select[name="activity_id"]').selectOption(String(act.id));
  await form.locator('select[name="need_id"]').selectOption(String(need.id));
  await form.locator('input[name="weeks_saved"]').fill(String(need.weeks + 1));
  await form.locator('input[name="reason"]').fill('Kursen täcker de akuta momenten');
  await form.locator('button[type="submit"]').click();
  // More weeks than the rotation has: the server says so at the field.
  await form.locator('.field-error[data-error-for="weeks_saved"]').waitFor();
  assert.equal(await form.locator('input[name="weeks_saved"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await api(`/substitutes?trainee=${tr.id}&limit=500`)).total, pick.p.substitutes.length);

  await form.locator('input[name="weeks_saved"]').fill('2');
  await form.locator('button[type="submit"]').click();
  const row = page.locator('table.table-substitutes tr[data-substitute]', { hasText: act.title });
  await row.waitFor();
  await page.waitForFunction((n) => document.querySelector('[data-field="weeks_saved"]')?.textContent === n, `${saved0 + 2} veckor`);
  assert.equal((await api(`/needs/${need.id}`)).weeks, need.weeks - 2);
  assert.match(await row.textContent(), /Demo Studierektor/);

  // Withdrawn (asked twice), the rotation has its weeks back.
  await row.locator('button[data-action="withdraw"]').click();
  await row.locator('button[data-action="withdraw"]').click();
  await row.waitFor({ state: 'detached' });
  assert.equal((await api(`/needs/${need.id}`)).weeks, need.weeks);
  assert.deepEqual(unexpected(problems, 422), []);
  await context.close();
});
