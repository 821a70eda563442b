// The Mätetal page in a real browser (Debian's headless Chromium driven by
// playwright-core) against a real `randa serve` on a fresh demo region: the
// övergripande studierektor sees every figure GET /figures answers with the
// same numerator and denominator, its target and whether it is met in
// words, and a chart of five years; changing the year and the unit is a
// new address and new values, and Back goes back; the records behind each
// figure are as many as its denominator, each linked to its page; a unit's
// studierektor sees their unit only, and the server's word for another;
// English works. Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, call, sessionHeaders } from '../api/harness.mjs';
import { useBrowser, openPage as open, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user, opts) => open(env.browser, { server: env.server, user, ...opts });
const url = (hash) => `${env.server.base}/${hash}`;
const THIS_YEAR = new Date().getFullYear();

// The browser's notes of answers a test caused on purpose.
const unexpected = (problems, ...statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

// GET /api/v1{path} as the user of session s.
async function getAs(s, path) {
  const r = await call(env.server.base, 'GET', `/api/v1${path}`, undefined, sessionHeaders(s));
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Numbers as the page writes them in each language.
const fmt = (n, l = 'sv') => new Intl.NumberFormat(l === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
const pct = (v, l = 'sv') => {
  const p = fmt(Math.round(v * 1000) / 10, l);
  return l === 'sv' ? `${p}\u00a0%` : `${p}%`;
};

// Waits until nothing on the page is loading.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// What the page shows of each figure: id, numerator and denominator (the
// card's data), the value, the fraction and the target's words.
async function shownFigures(page) {
  return page.locator('article.figure-card').evaluateAll((cards) => cards.map((c) => ({
    id: c.dataset.figure,
    numerator: Number(c.dataset.numerator),
    denominator: Number(c.dataset.denominator),
    value: c.querySelector('.figure-value').textContent,
    fraction: c.querySelector('.figure-fraction')?.textContent ?? null,
    met: c.querySelector('.met').dataset.met,
    metText: c.querySelector('.met').textContent,
    title: c.querySelector('h3').textContent,
  })));
}

// The figures of the API's answer as shownFigures() gives them.
const asShown = (answer) => answer.figures.map((f) => [f.id, f.numerator, f.denominator]);
const ids = (shown) => shown.map((f) => [f.id, f.numerator, f.denominator]);

// Opens #/matetal{query} and waits for the figures.
async function openFigures(page, query = '') {
  await page.goto(url(`#/matetal${query}`));
  await page.locator('article.figure-card').first().waitFor();
  await settled(page);
}

test('the övergripande studierektor sees every figure of the region as the API counts it, each with a chart of five years', async () => {
  const s = await login(env.server.base, 'samordnare');
  const region = s.body.roles.find((r) => r.role === 'coordinator').scope_id;
  const answer = await getAs(s, `/figures?region=${region}`);
  assert.ok(answer.figures.length >= 15, 'the seven of 004 §5 and the place market\'s');

  const { context, page, problems } = await openAs('samordnare');
  await openFigures(page);
  assert.equal(await page.locator('h1').textContent(), 'Mätetal');
  assert.equal(await page.locator('a[data-nav="metrics"]').getAttribute('aria-current'), 'page');
  // The user's region and this year, to date, by default.
  assert.equal(await page.inputValue('select[name="region"]'), String(region));
  assert.equal(await page.inputValue('select[name="unit"]'), '');
  assert.equal(await page.inputValue('select[name="year"]'), String(THIS_YEAR));
  assert.equal(await page.locator('select[name="year"] option:checked').textContent(), `${THIS_YEAR} (hittills)`);

  const shown = await shownFigures(page);
  assert.deepEqual(ids(shown), asShown(answer), 'every figure, with the API\'s numerator and denominator');
  for (const f of answer.figures) {
    const card = shown.find((x) => x.id === f.id);
    assert.ok(card.title.endsWith(f.title_sv), `${f.id}: ${card.title}`);
    if (f.number) assert.ok(card.title.startsWith(`${f.number}. `), card.title);
    if (!f.denominator) {
      // Nothing to count: said so, never 0 %.
      assert.equal(card.value, 'Inget underlag', f.id);
      assert.equal(card.fraction, null, f.id);
    } else if (f.measure === 'share' && f.unit_of_measure === 'count') {
      assert.equal(card.value, pct(f.value), f.id);
      assert.equal(card.fraction, `${fmt(f.numerator)} av ${fmt(f.denominator)}`, f.id);
    } else if (f.unit_of_measure === 'seat_weeks') {
      assert.equal(card.fraction, `${fmt(f.numerator)} av ${fmt(f.denominator)} platsveckor`, f.id);
    }
    // Met or not in words (with an icon), not colour alone.
    if (f.target == null) assert.equal(card.metText, 'Inget mål', f.id);
    else if (f.met === true) assert.equal(card.metText, '✓Målet uppfyllt', f.id);
    else if (f.met === false) assert.equal(card.metText, '✗Målet inte uppfyllt', f.id);
    assert.equal(card.met, f.target == null ? 'none' : f.met == null ? 'unknown' : String(f.met), f.id);
  }
  // The waiting time is a mean in days, the substitutes a sum of weeks.
  const waiting = answer.figures.find((f) => f.id === 'waiting_days');
  assert.equal(shown.find((x) => x.id === 'waiting_days').value, `${fmt(Math.round(waiting.value * 10) / 10)} dagar`);
  const saved = answer.figures.find((f) => f.id === 'substitute_weeks');
  assert.equal(shown.find((x) => x.id === 'substitute_weeks').value, saved.numerator === 1 ? '1 vecka' : `${fmt(saved.numerator)} veckor`);

  // Each chart: five points, one a year, named in its label, and the target as a line.
  for (const f of answer.figures) {
    const chart = page.locator(`article[data-figure="${f.id}"] svg.chart`);
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.deepEqual(await chart.locator('circle.chart-point').evaluateAll((cs) => cs.map((c) => c.dataset.label)),
      f.years.map((y) => String(y.year)), `${f.id}: five points`);
    const label = await chart.getAttribute('aria-label');
    for (const y of f.years) {
      const v = y.denominator ? (f.measure === 'share' ? pct(y.value) : null) : 'Inget underlag';
      assert.ok(label.includes(v ? `${y.year} ${v}` : `${y.year} `), `${f.id}: ${label}`);
    }
    assert.equal(await chart.locator('line.chart-target').count(), f.target == null ? 0 : 1, f.id);
    if (f.target != null) assert.ok(label.endsWith(`Mål ${pct(f.target)}.`), label);
  }
  // The per-specialty view of the reviews, one click open.
  const stins = page.locator('article[data-figure="stins_2y"] details.figure-groups');
  await stins.locator('summary').click();
  const groups = answer.figures.find((f) => f.id === 'stins_2y').groups;
  assert.equal(await stins.locator('tbody tr').count(), groups.length);
  await shot(page, 'metrics');
  await assertAccessible(page, 'figures of the region');

  // Narrower windows: the same page, one column of figures on a phone.
  for (const [width, height, name] of [[820, 1180, 'tablet'], [390, 844, 'mobile']]) {
    await page.setViewportSize({ width, height });
    await openFigures(page);
    assert.deepEqual(ids(await shownFigures(page)), asShown(answer));
    await shot(page, `metrics-${name}`);
    await assertAccessible(page, `figures of the region at ${width}×${height}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('changing the year and the unit changes the address and the values; Back goes back to the choice before', async () => {
  const s = await login(env.server.base, 'samordnare');
  const region = s.body.roles.find((r) => r.role === 'coordinator').scope_id;
  const last = THIS_YEAR - 1;
  const { context, page, problems } = await openAs('samordnare');
  await openFigures(page);

  // A slow answer shows that it is loading.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/\/api\/v1\/figures\?/, async (route) => {
    await held;
    await route.continue();
  });
  await page.selectOption('select[name="year"]', String(last));
  await page.waitForURL(new RegExp(`#/matetal\\?year=${last}$`));
  await page.locator('.metrics-body[aria-busy="true"]').waitFor();
  assert.equal(await page.locator('.metrics-body .loading').count(), 1);
  release();
  await settled(page);
  await page.unroute(/\/api\/v1\/figures\?/);
  const year = await getAs(s, `/figures?region=${region}&year=${last}`);
  assert.deepEqual(ids(await shownFigures(page)), asShown(year));
  assert.equal(await page.locator('.metrics-window').getAttribute('data-as-of'), `${last}-12-31`, 'a past year to its end');
  assert.equal(await page.locator(`article[data-figure="st_contract"] circle.chart-point`).last().getAttribute('data-label'), String(last));

  // A unit of the region: the unit's figures.
  const unit = (await getAs(s, '/units?limit=500')).items.find((u) => u.region_id === region && u.takes_trainees);
  await page.selectOption('select[name="unit"]', String(unit.id));
  await page.waitForURL(new RegExp(`#/matetal\\?unit=${unit.id}&year=${last}$`));
  await settled(page);
  const atUnit = await getAs(s, `/figures?region=${region}&unit=${unit.id}&year=${last}`);
  assert.deepEqual(ids(await shownFigures(page)), asShown(atUnit));
  assert.ok((await page.locator('.metrics-window').textContent()).startsWith(`${unit.name}, ${last}`));
  await assertAccessible(page, 'figures of a unit, last year');

  // Back: the region's figures of last year again, the choices with them.
  await page.goBack();
  await page.waitForURL(new RegExp(`#/matetal\\?year=${last}$`));
  await page.locator('article.figure-card').first().waitFor();
  await settled(page);
  assert.equal(await page.inputValue('select[name="unit"]'), '');
  assert.equal(await page.inputValue('select[name="year"]'), String(last));
  assert.deepEqual(ids(await shownFigures(page)), asShown(year));
  await page.goBack();
  await page.waitForURL(/#\/matetal$/);
  await page.locator('article.figure-card').first().waitFor();
  assert.equal(await page.inputValue('select[name="year"]'), String(THIS_YEAR));

  // The address alone opens the same view (a link to it).
  await openFigures(page, `?unit=${unit.id}&year=${last}`);
  assert.equal(await page.inputValue('select[name="unit"]'), String(unit.id));
  assert.deepEqual(ids(await shownFigures(page)), asShown(atUnit));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the records behind a figure: as many counted as its denominator, who is not and why, each linked to its page', async () => {
  const s = await login(env.server.base, 'samordnare');
  const region = s.body.roles.find((r) => r.role === 'coordinator').scope_id;
  const answer = await getAs(s, `/figures?region=${region}`);
  const { context, page, problems } = await openAs('samordnare');
  await openFigures(page);

  // One click from the figure.
  const contract = answer.figures.find((f) => f.id === 'st_contract');
  await page.locator('article[data-figure="st_contract"] a[data-action="records"]').click();
  await page.waitForURL(new RegExp(`#/matetal/st_contract\\?region=${region}$`));
  await page.locator('table.table-records').waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), `5. ${contract.title_sv}`);
  const all = await getAs(s, `/figures/records?figure=st_contract&region=${region}&limit=1`);
  assert.equal(await page.locator('.list-count').textContent(), `${fmt(all.total)} poster`);
  // Each trainee links to their page.
  const first = page.locator('table.table-records tbody tr').first();
  const id = await first.getAttribute('data-record');
  assert.equal(await first.locator('a.record-name').getAttribute('href'), `#/st-lakare/${id}`);
  // Only those counted: as many as the denominator, in pages of 50.
  await page.selectOption('select[name="counted"]', 'true');
  await page.waitForURL(new RegExp(`counted=true`));
  await page.waitForFunction((n) => document.querySelector('.list-count')?.textContent === n, `${fmt(contract.denominator)} poster`);
  await settled(page);
  assert.equal(await page.locator('table.table-records tbody tr[data-counted="false"]').count(), 0);
  assert.equal(await page.locator('table.table-records tbody tr').count(), Math.min(50, contract.denominator));
  assert.equal(await page.locator('nav.pager').isVisible(), contract.denominator > 50);
  await shot(page, 'metrics-records');
  await assertAccessible(page, 'the records of a figure');

  // Every figure that counts people, units or bookings: as many counted
  // records as its denominator. (Seat-weeks count weeks, not records.)
  for (const f of answer.figures.filter((x) => x.unit_of_measure !== 'seat_weeks')) {
    await page.goto(url(`#/matetal/${f.id}?region=${region}&counted=true`));
    await page.waitForFunction((n) => document.querySelector('.list-count')?.textContent === n,
      f.denominator === 1 ? '1 post' : `${fmt(f.denominator)} poster`);
    await settled(page);
    assert.equal(await page.locator('.figure-summary').getAttribute('data-denominator'), String(f.denominator), f.id);
  }

  // Who is listed and not counted, and why: the units with no ST-läkare.
  await page.goto(url(`#/matetal/stins_3y?region=${region}&counted=false`));
  await page.locator('table.table-records').waitFor();
  await settled(page);
  const row = page.locator('table.table-records tbody tr').first();
  assert.equal(await row.getAttribute('data-reason'), 'no_trainees');
  assert.equal(await row.locator('.record-why').textContent(), 'Inga ST-läkare under året');
  assert.equal(await row.locator('.record-counted').textContent(), 'Nej');
  assert.equal(await row.locator('a.record-name').getAttribute('href'), `#/enheter/${await row.getAttribute('data-record')}`);
  await assertAccessible(page, 'records not counted');
  // A booking links to its rotation's page; its unit to the unit's.
  await page.goto(url(`#/matetal/cancellations?region=${region}&counted=true`));
  await page.locator('table.table-records').waitFor();
  const booking = page.locator('table.table-records tbody tr').first();
  assert.equal(await booking.locator('a.record-name').getAttribute('href'), `#/randningar/${await booking.getAttribute('data-record')}`);
  assert.match(await booking.locator('td:nth-child(2) a').getAttribute('href'), /^#\/enheter\/\d+$/);
  // Back to the figures, of the same region and year.
  await page.click('.back-link a');
  await page.waitForURL(/#\/matetal$/);
  await page.locator('article.figure-card').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a unit\'s studierektor sees the figures of their unit only, and the server\'s word for another unit', async () => {
  const s = await login(env.server.base, 'studierektor');
  const mine = s.body.roles.find((r) => r.role === 'director').scope_id;
  const unit = await getAs(s, `/units/${mine}`);
  const answer = await getAs(s, `/figures?region=${unit.region_id}&unit=${mine}`);
  const { context, page, problems } = await openAs('studierektor');
  await openFigures(page);
  // Their region and their unit; not the whole region, no other unit.
  assert.deepEqual(await page.locator('select[name="region"] option').evaluateAll((os) => os.map((o) => o.value)), [String(unit.region_id)]);
  assert.deepEqual(await page.locator('select[name="unit"] option').evaluateAll((os) => os.map((o) => o.value)), [String(mine)]);
  assert.deepEqual(ids(await shownFigures(page)), asShown(answer));
  assert.ok((await page.locator('.metrics-window').textContent()).startsWith(`${unit.name}, `));
  await assertAccessible(page, 'figures of the studierektor\'s unit');

  // The region in the address: their unit's figures.
  await openFigures(page, `?region=${unit.region_id}`);
  assert.equal(await page.inputValue('select[name="unit"]'), String(mine));
  assert.deepEqual(ids(await shownFigures(page)), asShown(answer));
  // Another unit: the server says no, told in Swedish words.
  const other = (await getAs(s, '/units?limit=500')).items.find((u) => u.id !== mine && u.region_id === unit.region_id);
  await page.goto(url(`#/matetal?unit=${other.id}`));
  const refused = page.locator('.metrics-body .notice-error');
  await refused.waitFor();
  assert.ok((await refused.textContent()).includes('Det som fältet Enhet anger finns inte.'), await refused.textContent());
  assert.ok(!(await refused.textContent()).includes('does not exist'), await refused.textContent());
  assert.equal(await page.locator('article.figure-card').count(), 0);
  await assertAccessible(page, 'figures of another unit refused');
  // Their records are their unit's.
  await page.goto(url(`#/matetal/st_contract?region=${unit.region_id}&unit=${mine}`));
  await page.locator('table.table-records').waitFor();
  await settled(page);
  const units = await page.locator('table.table-records tbody tr td:nth-child(2)').allTextContents();
  assert.ok(units.length > 0 && units.every((n) => n === unit.name), units.join(', '));
  assert.deepEqual(unexpected(problems, 404), []);
  await context.close();
});

test('the figures and their records in English', async () => {
  const s = await login(env.server.base, 'samordnare');
  const region = s.body.roles.find((r) => r.role === 'coordinator').scope_id;
  const answer = await getAs(s, `/figures?region=${region}`);
  const { context, page, problems } = await openAs('samordnare');
  await openFigures(page);
  await page.click('#lang-switch');
  await page.waitForSelector('h1:text-is("Figures")');
  await page.locator('article.figure-card').first().waitFor();
  await settled(page);
  assert.equal(await page.locator('select[name="year"] option:checked').textContent(), `${THIS_YEAR} (to date)`);
  assert.equal(await page.locator('a[data-nav="metrics"]').textContent(), 'Figures');
  const shown = await shownFigures(page);
  assert.deepEqual(ids(shown), asShown(answer));
  for (const f of answer.figures) {
    const card = shown.find((x) => x.id === f.id);
    assert.ok(card.title.endsWith(f.title), `${f.id}: ${card.title}`);
    if (f.denominator && f.unit_of_measure === 'count' && f.measure === 'share') {
      assert.equal(card.value, pct(f.value, 'en'), f.id);
      assert.equal(card.fraction, `${fmt(f.numerator, 'en')} of ${fmt(f.denominator, 'en')}`, f.id);
    }
    if (f.met === true) assert.equal(card.metText, '✓Target met');
    if (f.met === false) assert.equal(card.metText, '✗Target not met');
    if (!f.denominator) assert.equal(card.value, 'No data');
  }
  await shot(page, 'metrics-english');
  await assertAccessible(page, 'figures in English');
  await page.locator('article[data-figure="st_retention"] a[data-action="records"]').click();
  await page.locator('table.table-records').waitFor();
  await settled(page);
  assert.equal(await page.locator('table.table-records th').first().textContent(), 'Name');
  assert.match(await page.locator('.list-count').textContent(), /^[\d,]+ records?$/);
  await assertAccessible(page, 'records in English');
  await page.click('#lang-switch');
  await page.waitForSelector('h1:text-is("1. ' + answer.figures[0].title_sv + '")');
  assert.deepEqual(problems, []);
  await context.close();
});
