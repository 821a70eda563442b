// The Importera page in a real browser (Debian's headless Chromium driven
// by playwright-core) against a real `randa serve` on a fresh demo region
// (issue 15): the tester checks a file of units with mistakes and reads
// the report by line and column, with the import refused; then checks the
// fixed file, imports it, sees its rows as new and the import in the list;
// checks it once more and sees every row unchanged. The templates and the
// report as CSV download from the page. Each problem is worded in the
// user's language from its code, in Swedish and in English. Every state is
// checked against WCAG 2.1 AA; screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const url = (hash) => `${env.server.base}/${hash}`;

const HEAD = 'hsa_id;name;region;provider;specialty;kind;takes_trainees;max_away';
const GOOD = [
  'SE2321000255-WEB001;Vårdcentralen Webbimporten;skane;232100-0255;allmanmedicin;primary_care;ja;2',
  'SE2321000255-WEB002;Barnkliniken Webbimporten;skane;232100-0255;allmanmedicin;hospital_clinic;nej;',
];
const FAULTY = [HEAD, GOOD[0], 'SE2321000255-WEB002;Barnkliniken Webbimporten;gotland;232100-0255;allmanmedicin;hospital_clinic;kanske;']
  .join('\r\n') + '\r\n';
const FIXED = [HEAD, ...GOOD].join('\r\n') + '\r\n';

// Waits until no list or part of the page is loading.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

async function choose(page, name, text) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('a faulty file is reported by line and column; the fixed one imports, and twice changes nothing', async () => {
  const { context, page, problems } = await open(env.browser, { server: env.server });
  try {
    await page.goto(url('#/platser'));
    await page.locator('nav a[href="#/importera"]').click();
    await page.locator('h1', { hasText: 'Importera' }).waitFor();
    await settled(page);
    // A template per kind of file.
    assert.equal(await page.locator('.import-templates a').count(), 8);
    assert.equal(await page.locator('.import-templates a[href="/api/v1/imports/templates/units"]').count(), 1);
    await assertAccessible(page, 'import: the empty page');
    await shot(page, 'import-empty');

    // The faulty file: checked, reported, not importable.
    await page.locator('select[name="kind"]').selectOption('units');
    await choose(page, 'enheter.csv', FAULTY);
    await page.getByRole('button', { name: 'Kontrollera filen' }).click();
    await page.locator('.import-report').waitFor();
    await settled(page);
    const rows = page.locator('.table-import-problems tbody tr');
    assert.equal(await rows.count(), 2);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    cells.sort((a, b) => a[1].localeCompare(b[1]));
    // Line, column and the value the file wrote, then the mistake.
    assert.deepEqual(cells.map((c) => c.slice(0, 3)), [['3', 'region', 'gotland'], ['3', 'takes_trainees', 'kanske']]);
    // In Swedish from the problem's code: an unknown region needs no more
    // words; a cell written wrong adds the server's reason, marked as
    // English (WCAG 3.1.2) and said to be.
    assert.equal(cells[0][3], 'Det som kolumnen region anger finns inte i Randa.');
    assert.match(cells[1][3], /^Värdet i kolumnen takes_trainees är felaktigt skrivet\. Serverns förklaring \(på engelska\): "kanske" is neither ja nor nej$/);
    assert.ok(await page.getByRole('columnheader', { name: 'Felet', exact: true }).isVisible());
    const regionRow = rows.filter({ has: page.locator('td code', { hasText: /^region$/ }) });
    assert.equal(await regionRow.locator('td:last-child [lang="en"]').count(), 0);
    const yesNoRow = rows.filter({ has: page.locator('td code', { hasText: /^takes_trainees$/ }) });
    assert.equal(await yesNoRow.locator('td:last-child [lang="en"]').textContent(), '"kanske" is neither ja nor nej');
    assert.ok(await page.getByText('rätta dem i filen').isVisible());
    assert.equal(await page.getByRole('button', { name: 'Importera', exact: true }).isDisabled(), true);
    await assertAccessible(page, 'import: the report of a faulty file');
    await shot(page, 'import-faulty');

    // The report as CSV for Excel.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ner rapporten (CSV)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^units-rapport\.csv$/);
    const text = await new Promise((resolve, reject) => {
      download.createReadStream().then((s) => {
        const parts = [];
        s.on('data', (d) => parts.push(d));
        s.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        s.on('error', reject);
      }, reject);
    });
    assert.match(text, /^\uFEFFrad;kolumn;värde;status;nyckel;meddelande\r\n/);
    assert.match(text, /\r\n3;region;gotland;fel;;Det som cellen anger finns inte i Randa\.\r\n/);

    // The fixed file: clean, imported, listed.
    await choose(page, 'enheter.csv', FIXED);
    await page.getByRole('button', { name: 'Kontrollera filen' }).click();
    await page.getByText('Inga fel: filen kan importeras.').waitFor();
    await settled(page);
    assert.equal(await page.locator('.import-insert').count(), 2, 'both rows new');
    await page.getByRole('button', { name: 'Importera', exact: true }).click();
    await page.getByText('Importen är klar: 2 nya, 0 ändrade, 0 oförändrade.').first().waitFor();
    await settled(page);
    const units = await apiGet(env.server, '/units?q=Webbimporten');
    assert.equal(units.total, 2);
    const imports = await apiGet(env.server, '/imports');
    assert.equal(imports.items[0].file_name, 'enheter.csv');
    assert.ok(await page.locator('.list').last().getByText('enheter.csv').isVisible(), 'the import is listed');
    await assertAccessible(page, 'import: imported');
    await shot(page, 'import-done');

    // The same file again: every row unchanged.
    await page.getByRole('button', { name: 'Kontrollera filen' }).click();
    await page.getByText('Inga fel: filen kan importeras.').waitFor();
    await settled(page);
    assert.equal(await page.locator('.import-unchanged').count(), 2);
    assert.equal(await page.locator('.import-unchanged').first().textContent(), 'Oförändrad');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// Checks text as a file of kind on the import page; resolves to the
// problems' rows.
async function checkFile(page, kind, name, text) {
  await page.locator('select[name="kind"]').selectOption(kind);
  await choose(page, name, text);
  await page.locator('.import-form button[type="submit"]').click();
  await page.locator('.import-report').waitFor();
  await settled(page);
  return page.locator('.table-import-problems tbody tr');
}

const UNKNOWN_UNIT = 'unit;from_week;to_week;seats\r\nSE2321000255-NOPE1;2027-W01;2027-W10;1\r\n';

test('an unknown unit is worded in Swedish for a Swedish user, not in the server\'s English', async () => {
  const { context, page, problems } = await open(env.browser, { server: env.server });
  try {
    await page.goto(url('#/importera'));
    await page.locator('h1', { hasText: 'Importera' }).waitFor();
    await settled(page);
    const rows = await checkFile(page, 'capacity', 'kapacitet.csv', UNKNOWN_UNIT);
    assert.equal(await rows.count(), 1);
    const cell = rows.first().locator('td').last();
    assert.equal(await cell.textContent(), 'Det som kolumnen unit anger finns inte i Randa.');
    assert.equal(await cell.locator('code').textContent(), 'unit', 'the file\'s own column name, as it is');
    assert.equal(await cell.locator('[lang="en"]').count(), 0);
    assert.doesNotMatch(await page.locator('.import-report').textContent(), /no unit with HSA-id/);
    // The value the file wrote stands beside it, so that the user sees
    // which unit Randa does not know.
    assert.ok(await page.getByRole('columnheader', { name: 'Värdet i filen', exact: true }).isVisible());
    assert.equal(await rows.first().locator('td code.import-value').textContent(), 'SE2321000255-NOPE1');
    await assertAccessible(page, 'import: an unknown unit in Swedish');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an English user reads the same problem in English', async () => {
  const { context, page, problems } = await open(env.browser, { server: env.server });
  try {
    await page.goto(url('#/importera'));
    await page.evaluate(() => localStorage.setItem('randa.lang', 'en'));
    await page.reload();
    await page.locator('h1', { hasText: 'Import' }).waitFor();
    await settled(page);
    const rows = await checkFile(page, 'capacity', 'capacity.csv', UNKNOWN_UNIT);
    assert.equal(await rows.count(), 1);
    assert.ok(await page.getByRole('columnheader', { name: 'The mistake', exact: true }).isVisible());
    const cell = rows.first().locator('td').last();
    assert.equal(await cell.textContent(), 'The column unit names something that is not in Randa.');
    assert.equal(await cell.locator('code').textContent(), 'unit');
    await assertAccessible(page, 'import: an unknown unit in English');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an ST-läkare is not offered the page', async () => {
  const { context, page } = await open(env.browser, { server: env.server, user: 'st-lakare' });
  try {
    await page.goto(url('#/platser'));
    await page.locator('nav#mainnav').waitFor();
    await settled(page);
    assert.equal(await page.locator('nav a[href="#/importera"]').count(), 0);
  } finally {
    await context.close();
  }
});
