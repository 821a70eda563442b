// Exports in a real browser (Debian's headless Chromium driven by
// playwright-core) against a real `randa serve` on a fresh demo region: the
// place overview's "Exportera" downloads an Excel workbook of the map as
// filtered (opened again with exceljs), the trainee, unit and bookings
// pages offer the same links with their own routes and filters, and on the
// account page an ST-läkare makes a calendar feed of their rotations,
// copies its address, which a calendar reads without logging in, and
// revokes it, after which the address answers 404. Every view is checked
// against WCAG 2.1 AA. Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { login } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const url = (hash) => `${env.server.base}/${hash}`;

// Waits until no list or part of the page is loading.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// The query of an export link's address, as an object (as it is when the
// pointer is on the link).
async function linkQuery(link) {
  await link.hover();
  const href = await link.getAttribute('href');
  const u = new URL(href, env.server.base);
  return { path: u.pathname, query: Object.fromEntries(u.searchParams) };
}

test('the place overview downloads the map as filtered as an Excel workbook', async () => {
  const { context, page, problems } = await openAs('tester');
  const from = '2027-W10';
  const to = '2027-W21';
  await page.goto(url(`#/platser?from=${from}&to=${to}&specialty=13`));
  await page.locator('table.heatmap').waitFor();
  await settled(page);
  const links = page.locator('.page-head .export-links');
  await links.waitFor();
  await assertAccessible(page, 'the place overview with its export links');
  const excel = links.locator('a[data-format="xlsx"]');
  assert.equal(await excel.textContent(), 'Excel');
  assert.equal(await excel.getAttribute('aria-label'), 'Exportera Platstillgång: Excel');
  const { path, query } = await linkQuery(excel);
  assert.equal(path, '/api/v1/places');
  assert.deepEqual({ from: query.from, to: query.to, specialty: query.specialty, format: query.format },
    { from, to, specialty: '13', format: 'xlsx' });
  const [download] = await Promise.all([page.waitForEvent('download'), excel.click()]);
  assert.equal(download.suggestedFilename(), `platstillgang-${from}-${to}.xlsx`);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Lediga platser');
  const json = await apiGet(env.server, `/places?from=${from}&to=${to}&specialty=13`);
  assert.equal(ws.rowCount, json.units.length + 1);
  assert.equal(ws.getRow(1).getCell(3).value, from);
  assert.equal(ws.getRow(2).getCell(2).value, json.units[0].name);
  assert.equal(ws.views[0].state, 'frozen');
  // After a change of filter the link follows it.
  await page.selectOption('select[name="provider_type"]', 'public');
  await settled(page);
  const csv = links.locator('a[data-format="csv"]');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  assert.match(csvDownload.suggestedFilename(), /^platstillgang-.*\.csv$/);
  assert.equal((await linkQuery(csv)).query.provider_type, 'public');
  await shot(page, 'export-places');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the trainee, unit, bookings and figures pages offer Excel and CSV of their own routes', async () => {
  const { context, page, problems } = await openAs('tester');
  const [trainee] = (await apiGet(env.server, '/trainees?limit=1')).items;
  await page.goto(url(`#/st-lakare/${trainee.id}`));
  await page.locator('.page-head .export-links').waitFor();
  await settled(page);
  await assertAccessible(page, 'a trainee\'s page with its export links');
  const t = await linkQuery(page.locator('.page-head .export-links a[data-format="xlsx"]'));
  assert.equal(t.path, `/api/v1/trainees/${trainee.id}`);
  const [tDownload] = await Promise.all([page.waitForEvent('download'),
    page.locator('.page-head .export-links a[data-format="csv"]').click()]);
  assert.equal(tDownload.suggestedFilename(), `st-lakare-${trainee.id}.csv`);

  const [unit] = (await apiGet(env.server, '/units?limit=1')).items;
  await page.goto(url(`#/enheter/${unit.id}`));
  await page.locator('.page-head .export-links').waitFor();
  await settled(page);
  await assertAccessible(page, 'a unit\'s page with its export links');
  assert.equal((await linkQuery(page.locator('.page-head .export-links a[data-format="xlsx"]'))).path, `/api/v1/units/${unit.id}`);
  assert.equal(await page.locator('.page-head a.feed-link').getAttribute('href'), `#/konto?kalender=unit-${unit.id}`);

  await page.goto(url('#/bokningar'));
  await page.locator('.page-head .export-links').waitFor();
  await settled(page);
  await assertAccessible(page, 'the bookings with their export links');
  const b = await linkQuery(page.locator('.export-links a[data-format="csv"]'));
  assert.equal(b.path, '/api/v1/bookings');
  assert.equal(b.query.status, 'requested');
  await page.locator('#tab-cancelled').click();
  await settled(page);
  assert.equal((await linkQuery(page.locator('.export-links a[data-format="csv"]'))).query.status, 'cancelled');
  // The yearly figures (Mätetal) as chosen, and the records behind one.
  await page.goto(url('#/matetal'));
  await page.locator('.page-head .export-links').waitFor();
  await settled(page);
  await assertAccessible(page, 'the yearly figures with their export links');
  const m = await linkQuery(page.locator('.page-head .export-links a[data-format="xlsx"]'));
  assert.equal(m.path, '/api/v1/figures');
  assert.ok(m.query.region && m.query.year, JSON.stringify(m.query));
  const [mDownload] = await Promise.all([page.waitForEvent('download'),
    page.locator('.page-head .export-links a[data-format="xlsx"]').click()]);
  assert.match(mDownload.suggestedFilename(), /^matetal-region-\d+-\d{4}\.xlsx$/);
  await page.goto(url(`#/matetal/st_contract?region=${m.query.region}`));
  await page.locator('.page-head .export-links').waitFor();
  await settled(page);
  const rec = await linkQuery(page.locator('.page-head .export-links a[data-format="csv"]'));
  assert.equal(rec.path, '/api/v1/figures/records');
  assert.equal(rec.query.figure, 'st_contract');

  // In English the exports speak English too.
  await page.locator('#lang-switch').click();
  await settled(page);
  assert.equal((await linkQuery(page.locator('.export-links a[data-format="xlsx"]'))).query.lang, 'en');
  await page.locator('#lang-switch').click();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an ST-läkare makes a calendar feed of their rotations, copies its address and revokes it', async () => {
  const { context, page, problems } = await openAs('st-lakare');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.base });
  await page.goto(url('#/konto'));
  const section = page.locator('#kalender');
  await section.waitFor();
  await settled(page);
  await page.waitForFunction(() => document.querySelectorAll('select[name="feed_subject"] option').length > 1);
  await assertAccessible(page, 'the account page with its calendar feeds');
  // The trainee is the only one to choose; without a choice the form says so.
  await section.locator('button[type="submit"]').click();
  assert.equal(await section.locator('select[name="feed_subject"]').getAttribute('aria-invalid'), 'true');
  const options = await section.locator('select[name="feed_subject"] option').allTextContents();
  assert.equal(options.length, 2);
  await section.locator('select[name="feed_subject"]').selectOption({ index: 1 });
  await section.locator('input[name="feed_name"]').fill('Mina randningar');
  await section.locator('button[type="submit"]').click();
  const shown = section.locator('.feed-shown .notice-ok');
  await shown.waitFor();
  await assertAccessible(page, 'a calendar feed just made, its address shown once');
  const address = await shown.locator('input.feed-url-input').inputValue();
  assert.match(address, /\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await shown.locator('[data-action="copy-feed"]').click();
  await shown.locator('[role="status"].hint').filter({ hasText: 'Adressen är kopierad.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), address);
  await shot(page, 'export-feed-made');
  // A calendar reads it without logging in.
  const ics = await fetch(address);
  assert.equal(ics.status, 200);
  assert.match(await ics.text(), /^BEGIN:VCALENDAR\r\n/);
  // The list shows it; revoking asks once more, then the address is gone.
  const row = section.locator('tr[data-state="active"]', { hasText: 'Mina randningar' });
  await row.waitFor();
  await row.locator('[data-action="revoke-feed"]').click();
  await row.locator('[data-action="revoke-feed"]').click();
  await section.locator('tr[data-state="revoked"]', { hasText: 'Mina randningar' }).waitFor();
  await assertAccessible(page, 'a calendar feed revoked');
  assert.equal((await fetch(address)).status, 404);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a unit\'s page leads to a feed of the unit, chosen already', async () => {
  const { context, page, problems } = await openAs('studierektor');
  const sr = await login(env.server.base, 'studierektor');
  const unit = sr.body.roles.find((r) => r.role === 'director').scope_id;
  await page.goto(url(`#/enheter/${unit}`));
  await page.locator('.page-head a.feed-link').click();
  await page.locator('#kalender').waitFor();
  await page.waitForFunction((id) => document.querySelector('select[name="feed_subject"]')?.value === String(id), unit);
  assert.equal(await page.locator('select[name="feed_kind"]').inputValue(), 'unit');
  await assertAccessible(page, 'the account page with a unit\'s feed asked for');
  assert.deepEqual(problems, []);
  await context.close();
});
