// Scenarier (issue 18) in a real browser (Debian's headless Chromium)
// against a real `randa serve` on a fresh demo region: the list shows the
// demo's scenarios; the new-scenario form is prefilled from the forecast's
// query (more ST posts), refuses a change at its field in Swedish and
// writes nothing, then creates and runs a scenario whose page follows the
// run and compares it with today (tables and a chart named by its values);
// deleting asks first and leaves the live bookings as they were; once in
// English too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const api = (path) => apiGet(env.server, path);
const url = (hash) => `${env.server.base}/${hash}`;

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// Every booking's id, status, unit and weeks, to see that nothing moved.
async function bookings() {
  const all = [];
  for (let offset = 0; ; offset += 500) {
    const p = await api(`/bookings?limit=500&offset=${offset}`);
    all.push(...p.items.map((b) => [b.id, b.status, b.unit_id ?? (b.unit && b.unit.id), b.start_week, b.end_week]));
    if (offset + 500 >= p.total) break;
  }
  return all;
}

test('Scenarier: the list, a refused change, a run compared with today, a confirmed delete', async () => {
  const before = await api('/scenarios?limit=50');
  assert.ok(before.items.some((s) => /psykiatri/.test(s.name)), 'the demo has a psychiatry scenario');
  const specs = await api('/specialties?limit=500');
  const psy = specs.items.find((s) => s.code === 'psykiatri');
  assert.ok(psy);
  const live = await bookings();

  const { context, page, problems } = await openAs('tester');
  await page.goto(url('#/scenarier'));
  await page.locator('table.table-scenarios tbody tr').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Scenarier');
  assert.equal(await page.locator('table.table-scenarios tbody tr').count(), before.total);
  assert.match(await page.locator('table.table-scenarios').textContent(), /Inte kört/);
  await assertAccessible(page, 'Scenarier, the list');
  await shot(page, 'scenarios-list');

  // The forecast's link: a "more ST posts" change prefilled.
  await page.goto(url(`#/scenarier/ny?specialty=${psy.id}&year=2028&extra=3&region=1`));
  const form = page.locator('form.scenario-form');
  await form.waitFor();
  const first = form.locator('li.scenario-change').first();
  assert.equal(await first.getAttribute('data-kind'), 'more_posts');
  assert.equal(await first.locator('select[name="specialty_id"]').inputValue(), String(psy.id));
  assert.equal(await first.locator('input[name="year"]').inputValue(), '2028');
  assert.equal(await first.locator('input[name="extra"]').inputValue(), '3');
  assert.match(await form.locator('input[name="name"]').inputValue(), /^3 ST-tjänster till i .+ från 2028$/);
  await assertAccessible(page, 'a new scenario, prefilled');

  // A gaffel group of five is refused at its field; nothing is written.
  const units = await api('/units?limit=500');
  const unit = units.items.find((u) => u.takes_trainees !== false);
  await form.locator('select[name="kind"]').selectOption('add_group');
  await form.locator('button[data-action="add-change"]').click();
  const second = form.locator('li.scenario-change').nth(1);
  await second.locator('select[name="unit_id"]').selectOption(String(unit.id));
  await second.locator('input[name="size"]').fill('5');
  await form.locator('input[name="time_limit"]').fill('2');
  await form.locator('button[type="submit"]').click();
  const err = second.locator('.field-error');
  await err.waitFor();
  // In Swedish throughout: the API's reason (a gaffel group holds 2 to 3)
  // is worded by the page.
  assert.equal(await err.textContent(), 'Ändring 2: Storlek godtogs inte (måste vara 2 till 3).');
  assert.equal(await second.locator('input[name="size"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await api('/scenarios?limit=50')).total, before.total);
  await assertAccessible(page, 'a change refused');
  await shot(page, 'scenario-new');

  // Size 3 is a gaffel group: created, run at once, followed to the end.
  await second.locator('input[name="size"]').fill('3');
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(/#\/scenarier\/\d+$/);
  const id = Number(page.url().split('/').pop());
  await page.locator('.scenario-compare').waitFor({ timeout: 120000 });
  await settled(page);
  const sc = await api(`/scenarios/${id}`);
  assert.equal(sc.status, 'done');
  assert.equal(sc.changes.length, 2);
  assert.match(await page.locator('h1').textContent(), /ST-tjänster till i/);
  assert.match(await page.locator('.scenario-change-list').textContent(), /3 fler ST-läkare i .+ från 2028/);
  const row = (k) => page.locator(`table.table-compare tr[data-figure="${k}"] td`);
  const cells = await row('seat_weeks').allTextContents();
  const num = (x) => Number(x.replace(/[\s\u00a0\u2212]/g, (c) => (c === '\u2212' ? '-' : '')).replace(',', '.'));
  assert.equal(num(cells[0]), sc.results.baseline.seat_weeks);
  assert.equal(num(cells[1]), sc.results.scenario.seat_weeks);
  assert.ok(sc.results.scenario.seat_weeks > sc.results.baseline.seat_weeks, 'the gaffel group adds seats');
  assert.equal(num((await row('needs').allTextContents())[1]), sc.results.scenario.needs);
  assert.ok(sc.results.scenario.needs > sc.results.baseline.needs, 'three more trainees bring needs');
  const specRows = page.locator('table.table-compare-specs tbody tr');
  assert.ok((await specRows.count()) > 0);
  const chart = page.locator('.scenario-chart svg');
  if (await chart.count()) assert.match(await chart.getAttribute('aria-label'), /i dag \d+, i scenariot \d+/);
  else assert.match(await page.locator('.scenario-compare').textContent(), /Ingen specialitet blir försenad/);
  await assertAccessible(page, 'a scenario compared with today');
  await shot(page, 'scenario-compare');

  // Delete asks first; Avbryt keeps it, Bekräfta deletes it.
  const head = page.locator('.page-head');
  await head.locator('button[data-action="delete"]').click();
  await head.locator('button[data-action="cancel"]').click();
  assert.equal((await api(`/scenarios/${id}`)).id, id);
  await head.locator('button[data-action="delete"]').click();
  await assertAccessible(page, 'a scenario delete to confirm');
  await head.locator('button[data-action="confirm"]').click();
  await page.waitForURL(/#\/scenarier$/);
  await page.locator('table.table-scenarios tbody tr').first().waitFor();
  assert.ok(!(await api('/scenarios?limit=50')).items.some((s) => s.id === id));
  assert.deepEqual(await bookings(), live, 'no live booking moved');
  assert.deepEqual(problems.filter((p) => !p.includes('status of 422')), []);
  await context.close();
});

test('in English: the list and a demo scenario run and compared', async () => {
  const list = await api('/scenarios?limit=50');
  const gaffel = list.items.find((s) => /gaffelgrupp/.test(s.name));
  assert.ok(gaffel, 'the demo has a gaffel scenario');
  const { context, page, problems } = await openAs('tester');
  await page.goto(url('#/scenarier'));
  await page.evaluate(() => localStorage.setItem('randa.lang', 'en'));
  await page.reload();
  await page.locator('table.table-scenarios tbody tr').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Scenarios');
  await assertAccessible(page, 'Scenarios in English');

  await page.goto(url(`#/scenarier/${gaffel.id}`));
  const run = page.locator('button[data-action="run"]');
  await run.waitFor();
  assert.match(await page.locator('.scenario-change-list').textContent(), /Gaffel clinic with 3 seats at/);
  await run.click();
  // The run is followed while it lasts: a progress bar named in words.
  await page.locator('.scenario-compare').waitFor({ timeout: 120000 });
  await settled(page);
  assert.equal((await api(`/scenarios/${gaffel.id}`)).status, 'done');
  assert.match(await page.locator('table.table-compare caption').textContent(), /Today and the scenario/);
  assert.match(await page.locator('table.table-compare tr[data-figure="utilisation"] th').textContent(), /Seat utilisation/);
  await assertAccessible(page, 'a scenario compared in English');
  assert.deepEqual(problems, []);
  await context.close();
});
