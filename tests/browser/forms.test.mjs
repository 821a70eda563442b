// Forms of rotation, placement rules, agreements and costs (issue 18) in a
// real browser (Debian's headless Chromium) against a real `randa serve`
// on a fresh demo region: the place overview lists the demo's gaffel and
// tandem forms with their free places; the place panel offers a form's
// groups and fixes the group's weeks; the unit page shows a training
// node's rules, refuses looser ones in Swedish at the field and saves
// stricter ones; Avtal och kostnader lists the demo's agreements, adds one
// (a refusal said in Swedish first), deletes it after a confirmation, and
// draws the costs as a table and a chart named by its values; once in
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

// A week "2027-W10" plus n weeks (ISO), computed through dates.
function addWeeks(w, n) {
  const [y, k] = w.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000 + (k - 1 + n) * 7 * 86400000;
  const d = new Date(monday + 3 * 86400000); // its Thursday names the year
  const yy = d.getUTCFullYear();
  const j4 = Date.UTC(yy, 0, 4);
  const m1 = j4 - ((new Date(j4).getUTCDay() + 6) % 7) * 86400000;
  return `${yy}-W${String(Math.floor((monday - m1) / (7 * 86400000)) + 1).padStart(2, '0')}`;
}

test('the place overview lists the forms of rotation and the panel fixes a group\'s weeks', async () => {
  const forms = await api('/forms?limit=50');
  const gaffel = forms.items.find((f) => f.kind === 'gaffel');
  assert.ok(gaffel, 'the demo has a gaffel form');
  const unit = await api(`/units/${gaffel.unit.id}`);
  const from = gaffel.from_week;
  const to = addWeeks(from, 19);

  const { context, page, problems } = await openAs('tester');
  await page.goto(url(`#/platser?specialty=${unit.specialty.id}&from=${from}&to=${to}`));
  const row = page.locator(`.forms-section tr[data-form="${gaffel.id}"]`);
  await row.waitFor();
  await settled(page);
  assert.match(await row.textContent(), /Gaffelmottagning/);
  assert.match(await row.textContent(), /2 grupper à 3, minst 2 samtidigt/);
  await assertAccessible(page, 'the place overview with its forms');

  // The panel of the gaffel unit: a new group, then (after one booking
  // through the API) that group with its fixed weeks.
  await page.locator(`td.cell[data-unit="${unit.id}"][data-week="${addWeeks(from, 2)}"]`).click();
  const choice = page.locator('dialog .group-choice');
  await choice.waitFor();
  await page.waitForFunction(() => !document.querySelector('dialog .group-choice')?.hidden);
  const options = await choice.locator('option').allTextContents();
  assert.equal(options[0], 'Vanlig plats (enhetens platser)');
  assert.ok(options.some((o) => /Starta en ny grupp \(Gaffelmottagning\)/.test(o)), options.join(' | '));
  await choice.locator('select').selectOption(`f:${gaffel.id}`);
  assert.match(await choice.locator('.group-info').textContent(), /En ny grupp inom/);
  await assertAccessible(page, 'the place panel with a form to choose');
  await shot(page, 'forms-panel');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a training node\'s rules: shown, a looser one refused in Swedish, a stricter one saved', async () => {
  const units = await api('/units?limit=500');
  const node = units.items.find((u) => u.kind === 'training_node');
  assert.ok(node, 'the demo has a training node');
  const { context, page, problems } = await openAs('tester');
  await page.goto(url(`#/enheter/${node.id}`));
  const rules = page.locator('section.rules-section');
  await rules.locator('table.table-rules').waitFor();
  await settled(page);
  const own = await api(`/units/${node.id}/rules`);
  assert.equal(await rules.locator('tr[data-rule="max_trainees"] td').nth(1).getAttribute('data-effective'), String(own.effective.max_trainees));
  assert.match(await rules.textContent(), /Utbildningsnod: högst 3/);
  await assertAccessible(page, 'a training node\'s rules');

  await rules.locator('button[data-action="edit-rules"]').click();
  const form = rules.locator('form.rules-form');
  await form.locator('input[name="max_weeks"]').fill('20');
  await form.locator('button[type="submit"]').click();
  const err = form.locator('.field-error[data-error-for="max_weeks"]');
  await err.waitFor();
  assert.match(await err.textContent(), /Längsta placering är utanför det tillåtna/);
  assert.equal(await form.locator('input[name="max_weeks"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await api(`/units/${node.id}/rules`)).max_weeks, own.max_weeks, 'nothing saved');
  await assertAccessible(page, 'a looser rule refused');

  await form.locator('input[name="max_weeks"]').fill('10');
  await form.locator('input[name="max_trainees"]').fill('1');
  await form.locator('button[type="submit"]').click();
  await rules.locator('table.table-rules').waitFor();
  const after = await api(`/units/${node.id}/rules`);
  assert.deepEqual([after.max_weeks, after.max_trainees, after.effective.max_trainees], [10, 1, 1]);
  assert.equal(await rules.locator('tr[data-rule="max_weeks"] td').nth(1).textContent(), '10 veckor');
  assert.deepEqual(problems.filter((p) => !p.includes('status of 422')), []);
  await context.close();
});

test('Avtal och kostnader: the agreements, one added and deleted, the costs as a table and a chart', async () => {
  const before = await api('/agreements?limit=100');
  assert.ok(before.total >= 1, 'the demo has agreements');
  const { context, page, problems } = await openAs('samordnare');
  await page.goto(url('#/avtal'));
  const rows = page.locator('table.table-agreements tbody tr');
  await rows.first().waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Avtal och kostnader');
  const shown = await rows.count();
  assert.ok(shown >= 1);
  await page.locator('table.table-costs tbody tr').first().waitFor();
  const chart = page.locator('.costs-chart svg[role="img"]');
  const label = await chart.getAttribute('aria-label');
  const costs = await api('/costs?limit=100');
  const y0 = costs.items[0].year;
  assert.match(label, new RegExp(`${y0}: offentlig`));
  assert.equal(await page.locator('table.table-costs tbody tr').count(), Math.min(costs.items.length, 20));
  // Costs, budgets and agreements each export.
  const exported = await page.locator('.export-links a[data-format="csv"]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.deepEqual(exported, ['/api/v1/costs', '/api/v1/budgets', '/api/v1/agreements']);
  await assertAccessible(page, 'Avtal och kostnader');
  await shot(page, 'agreements');

  // The end before the start: refused, said in Swedish at the field.
  const form = page.locator('form.agreement-form');
  const units = await api('/units?limit=500');
  const host = units.items.find((u) => u.kind === 'private_clinic') || units.items[0];
  await form.locator('select[name="host_unit_id"]').selectOption(String(host.id));
  await form.locator('input[name="from_date"]').fill('2027-06-01');
  await form.locator('input[name="to_date"]').fill('2027-01-01');
  await form.locator('select[name="model"]').selectOption('per_day');
  await form.locator('input[name="amount"]').fill('1500.50');
  await form.locator('button[type="submit"]').click();
  const err = form.locator('.field-error[data-error-for="to_date"]');
  await err.waitFor();
  assert.match(await err.textContent(), /Slutdatum måste vara samma som eller efter startdatum/);
  assert.equal((await api('/agreements?limit=100')).total, before.total);
  await assertAccessible(page, 'an agreement refused');

  await form.locator('input[name="to_date"]').fill('2027-12-31');
  await form.locator('textarea[name="duties"]').fill('Handledning två timmar i veckan');
  await form.locator('button[type="submit"]').click();
  await page.waitForFunction((n) => document.querySelector('.list-count')?.textContent.includes(String(n)), before.total + 1);
  const all = await api('/agreements?limit=100');
  const made = all.items.find((a) => a.duties === 'Handledning två timmar i veckan');
  assert.ok(made);
  assert.deepEqual([made.model, made.amount_ore, made.host_unit_id, made.from_date], ['per_day', 150050, host.id, '2027-06-01']);
  const row = page.locator(`tr[data-agreement="${made.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Per dag: 1[\s\u00a0]?500,5 kr/);

  // Delete asks first; Avbryt keeps it, Bekräfta deletes it.
  await row.locator('button[data-action="delete"]').click();
  await row.locator('button[data-action="cancel"]').click();
  assert.ok((await api('/agreements?limit=100')).items.some((a) => a.id === made.id));
  await row.locator('button[data-action="delete"]').click();
  await assertAccessible(page, 'a delete to confirm');
  await row.locator('button[data-action="confirm"]').click();
  await row.waitFor({ state: 'detached' });
  assert.ok(!(await api('/agreements?limit=100')).items.some((a) => a.id === made.id));
  assert.deepEqual(problems.filter((p) => !p.includes('status of 422')), []);
  await context.close();
});

test('in English: the forms, the rules and Agreements and costs', async () => {
  const { context, page, problems } = await openAs('samordnare');
  await page.goto(url('#/avtal'));
  await page.evaluate(() => localStorage.setItem('randa.lang', 'en'));
  await page.reload();
  await page.locator('table.table-agreements tbody tr').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Agreements and costs');
  assert.match(await page.locator('.costs-chart svg').getAttribute('aria-label'), /public SEK/);
  await assertAccessible(page, 'Agreements and costs in English');
  const units = await api('/units?limit=500');
  const node = units.items.find((u) => u.kind === 'training_node');
  await page.goto(url(`#/enheter/${node.id}`));
  await page.locator('section.rules-section table.table-rules').waitFor();
  await settled(page);
  assert.match(await page.locator('section.rules-section h2').textContent(), /Placement rules/);
  await assertAccessible(page, 'a unit\'s rules in English');
  assert.deepEqual(problems, []);
  await context.close();
});
