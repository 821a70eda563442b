// The page Utbyte (#/utbyte, issue 17) in a real browser against two
// regions' `randa serve` on loopback, connected by federation tokens: the
// connected region and its state, the places each offers (the other's
// marked with its region, on the place overview too), a request from the
// other region accepted on the page and reaching it, and a swap found and
// approved from the page, with the weeks each region gains. Checked against
// WCAG 2.1 AA in Swedish and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { useBrowser, openPage as open, shot, assertAccessible } from './browser.mjs';
import { startServer, call, sqlRows } from '../api/harness.mjs';

const env = useBrowser();
let b; // the other region, Blekinge
let region; // the code of env.server's region
let ownOffer; // the place env.server's region offers, weeks [2031-W10, 2031-W40)

const ok = async (base, method, path, body, status = 200) => {
  const r = await call(base, method, `/api/v1${path}`, body);
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
};

async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

const unitOf = (db, code) => sqlRows(db, `SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
  WHERE s.code = '${code}' AND u.takes_trainees = 1 ORDER BY u.id LIMIT 1`)[0].id;

before(async () => {
  b = await startServer({ extraArgs: ['--exchange-as', 'blekinge', '--exchange-poll', '1'] });
  // useBrowser()'s hook starts the first region beside this one.
  await waitFor('the first region', async () => env.server && env.browser, 60000);
  const a = env.server.base;
  region = (await ok(a, 'GET', '/exchange')).region;
  const pa = await ok(a, 'POST', '/exchange/peers', { code: 'blekinge', name: 'Region Blekinge', url: b.base }, 201);
  const pb = await ok(b.base, 'POST', '/exchange/peers', { code: region, name: 'Region Skåne', url: a, token: pa.token }, 201);
  await ok(a, 'PATCH', `/exchange/peers/${pa.id}`, { token: pb.token });
  // Each offers a place; each lacks what the other offers (a swap).
  const offer = ownOffer = await ok(a, 'POST', '/exchange/offers', { unit_id: unitOf(env.server.db, 'psykiatri'),
    from_week: '2031-W10', to_week: '2031-W40', weeks: 20, seats: 2, contact_email: 'studierektor@skane.example' }, 201);
  await ok(b.base, 'POST', '/exchange/offers', { unit_id: unitOf(b.db, 'geriatrik'),
    from_week: '2031-W10', to_week: '2031-W40', weeks: 12, contact_email: 'studierektor@blekinge.example' }, 201);
  const spec = (code) => sqlRows(env.server.db, `SELECT id FROM specialty WHERE code = '${code}'`)[0].id;
  await ok(a, 'POST', '/exchange/wants', { specialty_id: spec('geriatrik'), weeks: 10 }, 201);
  await ok(b.base, 'POST', '/exchange/wants', { specialty_id: spec('psykiatri'), weeks: 10 }, 201);
  await waitFor("Skåne's offer in Blekinge", async () =>
    (await ok(b.base, 'GET', '/exchange/remote-offers')).items.some((o) => o.remote_id === offer.id));
  await waitFor("Blekinge's wants in Skåne", async () => (await ok(a, 'GET', '/exchange/remote-wants')).items.length > 0);
});

after(async () => { await b?.stop(); });

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

test('Utbyte shows the connected region, both regions\' places, and a request accepted on it reaches the other region', async () => {
  // Blekinge's studierektor requests Skåne's place for a trainee's need.
  {
    const { context, page, problems } = await open(env.browser, { server: b });
    try {
      await page.goto(`${b.base}/#/utbyte`);
      await page.locator('h1:text-is("Utbyte")').waitFor();
      await settled(page);
      const offerSel = page.getByLabel('Plats', { exact: true });
      await page.waitForFunction(() => document.querySelectorAll('select[name="offer_id"] option').length > 1);
      await offerSel.selectOption({ index: 1 });
      await page.waitForFunction(() => document.querySelectorAll('select[name="need_id"] option').length > 1);
      await page.getByLabel('Behov', { exact: true }).selectOption({ index: 1 });
      await page.locator('input[name="start_week"]').fill('2031-W12');
      await page.getByRole('button', { name: 'Begär', exact: true }).click();
      await page.getByText('Förfrågan är skickad.').waitFor();
      await page.locator('tr[data-status="requested"]').first().waitFor();
      await settled(page);
      await assertAccessible(page, 'utbyte: a request sent to another region');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
  await waitFor('the request in Skåne', async () =>
    (await ok(env.server.base, 'GET', '/exchange/requests?direction=in')).items.length > 0);
  const { context, page, problems } = await open(env.browser, { server: env.server });
  try {
    await page.goto(`${env.server.base}/#/platser`);
    await page.locator('nav a[href="#/utbyte"]').click();
    await page.locator('h1:text-is("Utbyte")').waitFor();
    await settled(page);
    const peer = page.locator('tr[data-peer="blekinge"]');
    await peer.waitFor();
    assert.match(await peer.textContent(), /Region Blekinge.*Aktiv/);
    await page.locator('tr[data-region="blekinge"]').first().waitFor();
    assert.match(await page.locator('tr[data-region="blekinge"]').first().textContent(), /Region Blekinge.*Geriatrik/i);
    const req = page.locator('tr[data-status="requested"]').first();
    await req.waitFor();
    await assertAccessible(page, 'utbyte: a request waiting');
    await shot(page, 'exchange');
    // An offer's to_week is not included: the page shows its last week,
    // as every other range, for this region's place and the other's.
    const mine = page.locator(`tr[data-offer="${ownOffer.id}"]`);
    await mine.waitFor();
    assert.ok((await mine.textContent()).includes('v. 10 2031 – v. 39 2031'), await mine.textContent());
    assert.ok(!(await mine.textContent()).includes('v. 40 2031'), await mine.textContent());
    assert.ok((await page.locator('tr[data-region="blekinge"]').first().textContent()).includes('v. 10 2031 – v. 39 2031'));

    await req.getByRole('button', { name: /^Godkänn förfrågan/ }).click();
    await page.locator('tr[data-status="accepted"]').first().waitFor();
    await waitFor('Blekinge told', async () =>
      (await ok(b.base, 'GET', '/exchange/requests?direction=out')).items.some((r) => r.status === 'accepted'));

    // The swap: found from the page, approved here and in Blekinge.
    await page.getByRole('button', { name: 'Sök byten' }).click();
    const sw = page.locator('tr[data-state="proposed"][data-swap]').first();
    await sw.waitFor();
    assert.match(await sw.textContent(), new RegExp(`${region} \\+10 veckor`));
    assert.match(await sw.textContent(), /blekinge \+10 veckor/);
    await sw.getByRole('button', { name: /^Godkänn bytet/ }).click();
    const uid = await sw.getAttribute('data-swap');
    const there = await waitFor('the swap in Blekinge', async () =>
      (await ok(b.base, 'GET', '/exchange/swaps')).items.find((s) => s.uid === uid));
    await ok(b.base, 'POST', `/exchange/swaps/${there.id}/approve`);
    await waitFor('booked here', async () =>
      (await ok(env.server.base, 'GET', '/exchange/swaps')).items.some((s) => s.uid === uid && s.state === 'booked'));
    await page.reload();
    await page.locator(`tr[data-swap="${uid}"][data-state="booked"]`).waitFor();
    await page.locator('.card table caption', { hasText: 'Utbyten per år' }).waitFor();
    await settled(page);
    await assertAccessible(page, 'utbyte: a swap booked, the history');

    // A place offered from the page: the user gives its last week, the
    // server gets the week after it.
    const publish = page.locator('form[aria-label="Erbjud en plats"]');
    await page.waitForFunction(() => document.querySelectorAll('select[name="unit_id"] option').length > 1);
    await publish.locator('select[name="unit_id"]').selectOption({ index: 1 });
    assert.equal(await publish.locator('input[name="to_week"]').getAttribute('placeholder'), '2027-W10');
    await publish.getByLabel('Från vecka').fill('2031-W12');
    await publish.getByLabel('Till och med vecka').fill('2031-W20');
    await publish.locator('input[name="weeks"]').fill('4');
    await publish.locator('input[name="contact_email"]').fill('studierektor@skane.example');
    await publish.getByRole('button', { name: 'Erbjud', exact: true }).click();
    await page.locator('.toast', { hasText: 'Platsen är erbjuden' }).first().waitFor();
    const made = (await ok(env.server.base, 'GET', '/exchange/offers')).items.find((o) => o.from_week === '2031-W12');
    assert.equal(made?.to_week, '2031-W21', JSON.stringify(made));
    await page.locator(`tr[data-offer="${made.id}"]`, { hasText: 'v. 12 2031 – v. 20 2031' }).waitFor();

    // In English.
    await page.locator('#lang-switch').click();
    await page.locator('h1:text-is("Exchange")').waitFor();
    await settled(page);
    await assertAccessible(page, 'utbyte: in English');
    await page.locator('#lang-switch').click();

    // The exchanges per year on Mätetal too.
    await page.goto(`${env.server.base}/#/matetal`);
    await page.locator('h2', { hasText: 'Utbyten per år' }).waitFor();
    await page.locator('tr[data-year="2031"]').waitFor();
    await settled(page);
    await assertAccessible(page, 'matetal: with the exchanges per year');

    // The place overview marks the other region's places with the region.
    await page.goto(`${env.server.base}/#/platser`);
    await page.locator('h2', { hasText: 'Platser i andra regioner' }).waitFor();
    await page.locator('tr[data-region="blekinge"]').first().waitFor();
    await settled(page);
    await assertAccessible(page, 'platser: with other regions\' places');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// The other regions' places unread (the server busy) must not read as "no
// places": the request form says why its list is empty.
test('when the other regions\' places cannot be read, the request form says so', async () => {
  const { context, page } = await open(env.browser, { server: b });
  try {
    await page.route('**/api/v1/exchange/remote-offers?*', (route) => route.fulfill({
      status: 503, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }),
    }));
    await page.goto(`${b.base}/#/utbyte`);
    const form = page.locator('form', { has: page.locator('select[name="offer_id"]') });
    await form.getByRole('alert').filter({ hasText: 'Servern kan inte svara just nu' }).waitFor();
    assert.equal(await form.locator('select[name="offer_id"] option').count(), 1);
    await settled(page);
    await assertAccessible(page, 'utbyte: the other regions\' places unread');
  } finally {
    await context.close();
  }
});
