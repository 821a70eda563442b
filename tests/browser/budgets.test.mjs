// The Budget section of Avtal och kostnader (issue 18: budget) in a real
// browser (Debian's headless Chromium) against a real `randa serve` on a
// fresh demo region: the demo's budgets per home unit and year with their
// kind, booked cost, rest and a bar against the budget named by its
// values; a budget refused in Swedish at its field (nothing written), set,
// changed through Ändra, and removed after a confirmation; read-only for
// the studierektor; once in English too. assertAccessible on each state.
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

test('Budget: the demo\'s budgets with their cost and bar, one refused, set, changed, filtered by year and removed', async () => {
  // The page shows the years of its range: this year and the four after.
  const y = new Date().getFullYear();
  const before = await api(`/budgets?from_year=${y}&to_year=${y + 4}&limit=100`);
  assert.ok(before.total >= 2, 'the demo has budgets');
  const { context, page, problems } = await openAs('samordnare');
  await page.goto(url('#/avtal'));
  const section = page.locator('section.budget-section');
  const rows = section.locator('table.table-budgets tbody tr');
  await rows.first().waitFor();
  await settled(page);
  assert.equal(await section.locator('h2').first().textContent(), 'Budget');
  assert.equal(await rows.count(), before.items.length);
  // The demo's budget with a cost: its figures and its bar in words.
  const spent = before.items.find((b) => b.booked_ore > 0);
  assert.ok(spent, 'a demo budget has a booked cost');
  const row = section.locator(`tr[data-unit="${spent.unit_id}"][data-year="${spent.year}"]`);
  const text = (await row.textContent()).replace(/\s/g, ' ');
  assert.match(text, new RegExp(spent.unit_name));
  assert.match(text, spent.weight == null ? /Hård gräns/ : new RegExp(`Viktad: ${spent.weight} poäng`));
  const bar = row.locator('svg.chart-budget[role="img"]');
  const pct = Math.round((100 * spent.booked_ore) / spent.amount_ore);
  assert.match(await bar.getAttribute('aria-label'), new RegExp(`^Bokat .* kr av .* kr, ${pct} %`));
  assert.equal(await bar.locator('.chart-limit').count(), 1);
  assert.match(await section.locator('table.table-budgets tbody').textContent(), /Hård gräns/);
  await assertAccessible(page, 'Budget');
  await shot(page, 'budgets');

  // A year out of range: said in Swedish at the field, nothing written.
  const form = section.locator('form.budget-form');
  const unit = spent.unit_id;
  await form.locator('select[name="unit_id"]').selectOption(String(unit));
  await form.locator('input[name="year"]').fill('2150');
  await form.locator('input[name="amount"]').fill('1000');
  await form.locator('button[type="submit"]').click();
  const err = form.locator('.field-error[data-error-for="year"]');
  await err.waitFor();
  assert.match(await err.textContent(), /Året måste vara ett årtal från 2000 till 2100/);
  assert.equal(await form.locator('input[name="year"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await api('/budgets?limit=100')).total, before.total);
  await assertAccessible(page, 'a budget refused');

  // The range's last year as a hard limit of 12 345,50 kr.
  const year = y + 4;
  await form.locator('input[name="year"]').fill(String(year));
  await form.locator('input[name="amount"]').fill('12345.50');
  await form.locator('button[type="submit"]').click();
  const made = section.locator(`tr[data-unit="${unit}"][data-year="${year}"]`);
  await made.waitFor();
  assert.match((await made.textContent()).replace(/\s/g, ' '), /12 345,5 kr.*Hård gräns/);
  let saved = (await api(`/budgets?unit=${unit}&year=${year}`)).items[0];
  assert.deepEqual([saved.amount_ore, saved.weight], [1234550, null]);

  // Ändra fills the form; weighted at 40 points.
  await made.locator('button[data-action="edit"]').click();
  assert.equal(await form.locator('input[name="amount"]').inputValue(), '12345.5');
  await form.locator('select[name="kind"]').selectOption('weighted');
  await form.locator('input[name="weight"]').fill('40');
  await form.locator('button[type="submit"]').click();
  await page.waitForFunction(([u, yr]) => /Viktad: 40/.test(document.querySelector(`tr[data-unit="${u}"][data-year="${yr}"]`)?.textContent || ''), [unit, year]);
  saved = (await api(`/budgets?unit=${unit}&year=${year}`)).items[0];
  assert.deepEqual([saved.amount_ore, saved.weight], [1234550, 40]);

  // The page's years narrowed to that year alone: the list keeps to them,
  // and so does its export.
  await page.locator('input[name="from_year"]').fill(String(year));
  await page.locator('input[name="to_year"]').fill(String(year));
  await page.locator('input[name="to_year"]').press('Enter');
  const inYear = (await api(`/budgets?year=${year}&limit=100`)).items;
  await page.waitForFunction(([n, yr]) => {
    const trs = [...document.querySelectorAll('section.budget-section table.table-budgets tbody tr')];
    return trs.length === n && trs.every((r) => r.dataset.year === yr);
  }, [inYear.length, String(year)]);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((r) => r.dataset.year)), inYear.map(() => String(year)));
  // (The link is made anew when it is pointed at or focused.)
  const csvLink = page.locator('a[href*="/api/v1/budgets?"][href*="format=csv"]');
  await csvLink.focus();
  assert.match(await csvLink.getAttribute('href'), new RegExp(`from_year=${year}&to_year=${year}`));

  // Delete asks first; Bekräfta removes it.
  await made.locator('button[data-action="delete"]').click();
  await assertAccessible(page, 'a budget to delete');
  await made.locator('button[data-action="confirm"]').click();
  await made.waitFor({ state: 'detached' });
  assert.equal((await api(`/budgets?unit=${unit}&year=${year}`)).total, 0);
  assert.deepEqual(problems.filter((p) => !p.includes('status of 422')), []);
  await context.close();
});

test('Budget for the studierektor: read, not edited; and in English', async () => {
  {
    const { context, page, problems } = await openAs('studierektor');
    await page.goto(url('#/avtal'));
    const section = page.locator('section.budget-section');
    await section.locator('.list-count, .empty').first().waitFor();
    await settled(page);
    assert.equal(await section.locator('form.budget-form').count(), 0);
    assert.equal(await section.locator('button[data-action="edit"]').count(), 0);
    await assertAccessible(page, 'Budget for the studierektor');
    assert.deepEqual(problems, []);
    await context.close();
  }
  const { context, page, problems } = await openAs('samordnare');
  await page.goto(url('#/avtal'));
  await page.evaluate(() => localStorage.setItem('randa.lang', 'en'));
  await page.reload();
  const section = page.locator('section.budget-section');
  await section.locator('table.table-budgets tbody tr').first().waitFor();
  await settled(page);
  assert.match(await section.locator('table.table-budgets tbody').textContent(), /Hard limit/);
  assert.match(await section.locator('svg.chart-budget').first().getAttribute('aria-label'), /^Booked SEK/);
  await assertAccessible(page, 'Budget in English');
  assert.deepEqual(problems, []);
  await context.close();
});
