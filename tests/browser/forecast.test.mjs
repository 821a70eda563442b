// The page Prognos (#/prognos, issue 18) in a real browser on a fresh demo
// region: every specialty's table and chart show the API's need, offered
// seat-weeks and shortfall per quarter; the intake is edited on the page (a
// refusal shown at its field in Swedish, then a number saved, shown as
// entered and raising the demand the API computes); the "Gör till
// scenario" link of a specialty with a shortfall carries the specialty, the
// year of its first shortfall and that year's intake; region, specialty and
// unit are in the address; the export links give the forecast as CSV. Checked
// against WCAG 2.1 AA in Swedish and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();

async function settled(page) {
  await page.waitForFunction(() => document.querySelector('.fc-results') && !document.querySelector('.fc-results[aria-busy="true"]'));
}

// What the page's tables of a block say, quarter by quarter.
const tableOf = (page, selector) => page.$$eval(`${selector} .table-forecast tbody tr`, (rows) => rows.map((r) => ({
  quarter: r.dataset.quarter, need: Number(r.dataset.need), offered: Number(r.dataset.offered), short: Number(r.dataset.short),
  cells: [...r.querySelectorAll('td')].map((td) => td.textContent),
})));

const fmt = (v) => new Intl.NumberFormat('sv-SE').format(Math.round(v * 10) / 10);

function sameSeries(got, want, quarters, what) {
  assert.equal(got.length, quarters.length, what);
  got.forEach((r, i) => {
    assert.equal(r.quarter, quarters[i], what);
    assert.equal(r.need, want.need[i], `${what} ${r.quarter} need`);
    assert.equal(r.offered, want.offered[i], `${what} ${r.quarter} offered`);
    assert.equal(r.short, want.shortfall[i], `${what} ${r.quarter} shortfall`);
    assert.equal(r.cells[2], want.shortfall[i] > 0 ? fmt(want.shortfall[i]) : '–', `${what} ${r.quarter} shortfall shown`);
  });
}

test('Prognos shows the API\'s forecast, edits the intake, links a shortfall to a scenario', async () => {
  const { server } = env;
  const region = (await apiGet(server, '/regions')).items[0].id;
  const specs = (await apiGet(server, '/specialties?limit=500')).items;
  const codeOf = (id) => specs.find((s) => s.id === id).code;
  const { page, problems, context } = await openPage(env.browser, { server });
  try {
    await page.goto(`${server.base}/#/prognos`);
    await page.locator('h1:text-is("Prognos")').waitFor();
    await settled(page);
    assert.match(page.url(), new RegExp(`#/prognos\\?region=${region}`));
    let f = await apiGet(server, `/forecast?region=${region}`);
    for (const x of f.specialties) {
      const got = await tableOf(page, `.fc-specialty[data-specialty="${codeOf(x.specialty_id)}"]`);
      sameSeries(got, x, f.quarters, codeOf(x.specialty_id));
    }
    // The chart names every quarter's values.
    const label = await page.locator('.fc-specialty svg[role="img"]').first().getAttribute('aria-label');
    assert.equal(label.split('; ').length, 20, label);
    assert.match(label, /K1: behov/);
    await assertAccessible(page, 'Prognos (sv)');

    // The intake: a refusal at its field in Swedish, then saved.
    const row = f.intake.find((r) => r.year === f.year0 + 1 && r.source === 'trend');
    const input = page.locator(`input[name="trainees-${row.specialty_id}-${row.year}"]`);
    await input.fill('-1');
    await page.getByRole('button', { name: 'Spara intag' }).click();
    const err = page.locator(`[data-error-for="trainees-${row.specialty_id}-${row.year}"]`);
    await err.waitFor();
    assert.match(await err.textContent(), /måste vara ett heltal från 0 till 10 000/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal((await apiGet(server, `/forecast?region=${region}`)).intake
      .find((r) => r.specialty_id === row.specialty_id && r.year === row.year).source, 'trend');
    await assertAccessible(page, 'Prognos, intake refused');

    const want = row.trend + 400;
    await input.fill(String(want));
    await page.getByRole('button', { name: 'Spara intag' }).click();
    await page.getByText('Intaget är sparat.').waitFor();
    await settled(page);
    const cell = page.locator(`input[name="trainees-${row.specialty_id}-${row.year}"]`);
    assert.equal(await cell.inputValue(), String(want));
    assert.equal(await cell.getAttribute('data-source'), 'entered');
    const before = f;
    f = await apiGet(server, `/forecast?region=${region}`);
    const entered = f.intake.find((r) => r.specialty_id === row.specialty_id && r.year === row.year);
    assert.deepEqual([entered.trainees, entered.source], [want, 'entered']);
    const total = (g) => g.specialties.reduce((n, s) => n + s.need.reduce((a, b) => a + b, 0), 0);
    assert.ok(total(f) > total(before) + 100, `${total(f)} > ${total(before)}`);

    // The page shows the new shortfall, and each specialty with one links
    // to a scenario of the year of its first shortfall and its intake.
    const short = f.specialties.filter((x) => x.total_shortfall > 0);
    assert.ok(short.length > 0, 'an intake of 400 more gives a shortfall');
    let links = 0;
    for (const x of f.specialties) {
      const sel = `.fc-specialty[data-specialty="${codeOf(x.specialty_id)}"]`;
      sameSeries(await tableOf(page, sel), x, f.quarters, codeOf(x.specialty_id));
      assert.equal(Number(await page.locator(sel).getAttribute('data-total')), x.total_shortfall);
      const link = page.locator(`${sel} a.fc-scenario, ${sel} .fc-scenario a`);
      const i = x.shortfall.findIndex((v) => v > 0);
      const year = i >= 0 ? Number(f.quarters[i].slice(0, 4)) : 0;
      const intake = f.intake.find((r) => r.specialty_id === x.specialty_id && r.year === year);
      if (i < 0 || !intake) {
        assert.equal(await link.count(), 0, codeOf(x.specialty_id));
        continue;
      }
      links++;
      const href = await link.getAttribute('href');
      const q = new URLSearchParams(href.split('?')[1]);
      assert.ok(href.startsWith('#/scenarier/ny?'), href);
      assert.deepEqual([q.get('specialty'), q.get('year'), q.get('extra'), q.get('region')],
        [codeOf(x.specialty_id), String(year), String(Math.max(1, intake.trainees)), String(region)]);
      assert.equal(await link.textContent(), 'Gör till scenario');
    }
    assert.ok(links > 0, 'the raised specialty links to a scenario');
    await shot(page, 'forecast-sv');

    // One specialty in the address, and a receiving unit picked.
    const sp = f.specialties.find((x) => f.units.filter((u) => u.specialty_id === x.specialty_id).length > 0);
    await page.goto(`${server.base}/#/prognos?region=${region}&specialty=${codeOf(sp.specialty_id)}`);
    await settled(page);
    assert.equal(await page.locator('.fc-specialty').count(), 1);
    const unit = f.units.find((u) => u.specialty_id === sp.specialty_id);
    await page.getByLabel('Mottagande enhet', { exact: true }).selectOption(String(unit.unit_id));
    await page.locator('.fc-unit').waitFor();
    sameSeries(await tableOf(page, '.fc-unit'), unit, f.quarters, `unit ${unit.unit_id}`);
    assert.match(page.url(), new RegExp(`unit=${unit.unit_id}`));

    // The export: the forecast as CSV, a row per specialty and quarter.
    const href = await page.locator('.page-head .export-link[data-format="csv"]').getAttribute('href');
    assert.match(href, /^\/api\/v1\/forecast\?/);
    const res = await context.request.get(`${server.base}${href}`);
    assert.equal(res.status(), 200);
    const csv = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.match(csv[0], /^Kod;Specialitet;Kvartal;Behov \(veckor\);Erbjudna platsveckor;Underskott$/);
    assert.equal(csv.length, 1 + 20);

    // English.
    await page.locator('#lang-switch').click();
    await page.locator('h1:text-is("Forecast")').waitFor();
    await settled(page);
    assert.match(await page.locator('.fc-specialty svg[role="img"]').getAttribute('aria-label'), /Q1: demand/);
    await assertAccessible(page, 'Forecast (en)');
    // The one 422 is the refused intake above, shown at its field.
    assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), []);
    assert.equal(problems.length, 1, problems.join('\n'));
  } finally {
    await context.close();
  }
});
