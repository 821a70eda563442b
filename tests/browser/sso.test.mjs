// Single sign-on in a real browser (issue 19): the log-in page offers
// "Logga in med SITHS" above the form; the button goes through a real
// OpenID Connect provider (oidc-provider on loopback) and back into Randa
// as the user the HSA-id names; log-out ends the provider's session too;
// an unknown person is told so; a provider that is down gets a clear
// message while the local form still works. Each view is checked against
// WCAG 2.1 AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, call, sqlRows, DEMO_PASSWORD } from '../api/harness.mjs';
import { startProvider, CLIENT_ID, CLIENT_SECRET } from '../api/oidc.mjs';
import { openPage, assertAccessible, shot } from './browser.mjs';

const env = { server: null, browser: null, idp: null, tmp: null };

before(async () => {
  mkdirSync(new URL('./screenshots/', import.meta.url), { recursive: true });
  env.tmp = mkdtempSync(join(tmpdir(), 'randa-sso-ui-'));
  const secret = join(env.tmp, 'secret');
  writeFileSync(secret, CLIENT_SECRET, { mode: 0o600 });
  env.idp = await startProvider();
  env.server = await startServer({
    extraArgs: ['--sso-issuer', env.idp.issuer, '--sso-client-id', CLIENT_ID,
      '--sso-client-secret-file', secret, '--sso-claim', 'hsa_id'],
  });
  env.idp.setRanda(env.server.base);
  const [u] = sqlRows(env.server.db, "SELECT id FROM app_user WHERE username = 'studierektor'");
  const set = await call(env.server.base, 'PUT', `/api/v1/users/${u.id}/sso`, { sso_id: 'SE2321000016-UI01' });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  env.idp.accounts.set('ui-sr', { name: 'Sara Rektor', hsa_id: 'SE2321000016-UI01' });
  env.idp.accounts.set('ui-unknown', { name: 'Okänd Person', hsa_id: 'SE2321000016-UI99' });
  env.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  await env.browser?.close();
  await env.server?.stop();
  await env.idp?.stop().catch(() => {});
  if (env.tmp) rmSync(env.tmp, { recursive: true, force: true });
});

const ssoButton = (page) => page.getByRole('button', { name: 'Logga in med SITHS' });

test('"Logga in med SITHS" leads through the provider into Randa, and log-out ends both', async () => {
  const { context, page, problems } = await openPage(env.browser, { user: null });
  await page.goto(env.server.base + '/');
  await ssoButton(page).waitFor();
  // The button stands above the local form, which stays.
  const order = await page.evaluate(() => {
    const b = document.querySelector('.login-sso-button');
    const f = document.querySelector('form.login-form');
    return Boolean(b.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(order, 'the SSO button comes before the form');
  assert.equal(await page.locator('form.login-form input[name="username"]').isVisible(), true);
  await assertAccessible(page, 'log-in page with SSO');
  await shot(page, 'sso-login');

  env.idp.next = 'ui-sr';
  await ssoButton(page).click();
  await page.locator('.user-name').waitFor();
  const me = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
  assert.equal(me.user.username, 'studierektor');
  assert.equal(new URL(page.url()).origin, env.server.base);
  await assertAccessible(page, 'start page after SSO');

  // Log-out: Randa's session ends and the browser goes to the provider's
  // log-out, which sends it back to Randa's log-in page.
  // (The provider's own pages fetch fonts from the internet, which this
  // machine has not: only what Randa's pages did counts.)
  // The logged-out page's first GET /session is the one 401 expected.
  assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), [], 'Randa\'s pages had no errors');
  await page.locator('#logout').click();
  await page.waitForURL((u) => u.href.startsWith(env.idp.issuer));
  await page.locator('button[name="logout"], button[type="submit"]').first().click();
  await page.waitForURL((u) => u.href.startsWith(env.server.base));
  await ssoButton(page).waitFor();
  const after = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(after, 401);
  await context.close();
});

test('an unknown person is told they have no account; nothing is created', async () => {
  const users = Number(sqlRows(env.server.db, 'SELECT count(*) AS n FROM app_user')[0].n);
  const { context, page } = await openPage(env.browser, { user: null });
  await page.goto(env.server.base + '/');
  env.idp.next = 'ui-unknown';
  await ssoButton(page).click();
  const note = page.locator('.login-sso-note');
  await note.waitFor();
  assert.match(await note.textContent(), /inget konto i Randa/);
  assert.equal(await note.getAttribute('role'), 'alert');
  assert.equal(new URL(page.url()).search, '', 'the outcome is taken off the address');
  assert.equal(Number(sqlRows(env.server.db, 'SELECT count(*) AS n FROM app_user')[0].n), users);
  await assertAccessible(page, 'log-in page after a refused SSO log-in');
  await shot(page, 'sso-unknown');
  await context.close();
});

// The administrator's side (issue 19: sso2): the users page shows the
// provider's configuration read only, sets whether unknown people get an
// account, and shows and sets each account's log-in id; a second account
// with the same id is refused with the field named. Runs before the
// provider is stopped below.
test('the users page shows the provider, sets create_users and each account\'s log-in id', async () => {
  const mk = async (username) => {
    const r = await call(env.server.base, 'POST', '/api/v1/users', {
      username, name: `Test ${username}`, password: 'ett-långt-lösenord-1', roles: [],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const a = await mk('aa.sso.ett');
  const b = await mk('aa.sso.tva');
  const idOf = (id) => sqlRows(env.server.db, `SELECT sso_id FROM app_user WHERE id = ${Number(id)}`)[0].sso_id;
  const { context, page, problems } = await openPage(env.browser, { server: env.server });
  await page.goto(env.server.base + '/#/anvandare');
  const form = page.locator('form.sso-settings-form');
  await form.waitFor();
  // The configuration, read only.
  const fact = (k) => page.locator(`.sso-config dd[data-key="${k}"]`).textContent();
  assert.equal(await fact('provider'), 'SITHS');
  assert.equal(await fact('issuer'), env.idp.issuer);
  assert.equal(await fact('client_id'), CLIENT_ID);
  assert.equal(await fact('claim'), 'hsa_id');
  assert.equal(await fact('local'), 'Tillåten för alla');
  assert.equal(await page.locator('.sso-config input').count(), 0, 'nothing of the configuration is editable');
  const box = page.getByLabel('Skapa konto åt okända personer som loggar in med SITHS');
  assert.equal(await box.isChecked(), false);
  await assertAccessible(page, 'users page with single sign-on');
  await shot(page, 'sso-users');

  // create_users on, saved, then off again (the test above relies on off).
  const setting = async () => (await call(env.server.base, 'GET', '/api/v1/sso/settings')).body.create_users;
  await box.check();
  await form.getByRole('button', { name: 'Spara' }).click();
  await form.locator('.notice-ok').waitFor();
  assert.equal(await setting(), true);
  await box.uncheck();
  await form.getByRole('button', { name: 'Spara' }).click();
  await page.waitForFunction(() => /nekas/.test(document.querySelector('form.sso-settings-form .notice-ok')?.textContent || ''));
  assert.equal(await setting(), false);

  // A log-in id for the first account, shown in its row afterwards.
  const rowA = page.locator(`tr[data-user="${a.id}"]`);
  assert.equal(await rowA.locator('.sso-cell').getAttribute('data-sso-id'), '');
  await rowA.getByRole('button', { name: 'Inloggnings-id: aa.sso.ett' }).click();
  const edA = page.locator(`tr[data-editor="${a.id}"] form.sso-form`);
  await edA.getByLabel('Inloggnings-id').fill('SE2321000016-UI42');
  await assertAccessible(page, 'users page, log-in id editor');
  await edA.getByRole('button', { name: 'Spara' }).click();
  await page.locator(`tr[data-user="${a.id}"] .sso-cell[data-sso-id="SE2321000016-UI42"]`).waitFor();
  assert.equal(idOf(a.id), 'SE2321000016-UI42');

  // The same id for the second account: refused, named, nothing written.
  const rowB = page.locator(`tr[data-user="${b.id}"]`);
  await rowB.getByRole('button', { name: 'Inloggnings-id: aa.sso.tva' }).click();
  const edB = page.locator(`tr[data-editor="${b.id}"] form.sso-form`);
  await edB.getByLabel('Inloggnings-id').fill('SE2321000016-UI42');
  await edB.getByRole('button', { name: 'Spara' }).click();
  const err = edB.locator('[role="alert"]');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-field'), 'sso_id');
  assert.equal(await edB.getByLabel('Inloggnings-id').getAttribute('aria-invalid'), 'true');
  assert.equal(idOf(b.id), null);
  await assertAccessible(page, 'users page, log-in id refused');

  // Emptied, the first account's id is removed.
  await page.locator(`tr[data-user="${a.id}"]`).getByRole('button', { name: 'Inloggnings-id: aa.sso.ett' }).click();
  const edA2 = page.locator(`tr[data-editor="${a.id}"] form.sso-form`);
  await edA2.getByLabel('Inloggnings-id').fill('');
  await edA2.getByRole('button', { name: 'Spara' }).click();
  await page.locator(`tr[data-user="${a.id}"] .sso-cell[data-sso-id=""]`).waitFor();
  assert.equal(idOf(a.id), null);

  // In English.
  await page.evaluate(() => localStorage.setItem('randa.lang', 'en'));
  await page.reload();
  await page.getByLabel('Create an account for unknown people who log in with SITHS').waitFor();
  assert.equal(await fact('local'), 'Allowed for everyone');
  await assertAccessible(page, 'users page with single sign-on, English');
  assert.deepEqual(problems.filter((p) => !p.includes('status of 409')), [], 'no errors but the refused id');
  await context.close();
});

test('a provider that is down: a clear message, and the password form still logs in', async () => {
  // A fresh server, so that the provider's address is not known yet.
  const { context, page } = await openPage(env.browser, { user: null });
  await env.idp.stop();
  const fresh = await startServer({
    db: env.server.db,
    extraArgs: ['--sso-issuer', env.idp.issuer, '--sso-client-id', CLIENT_ID],
  });
  try {
    await page.goto(fresh.base + '/');
    await ssoButton(page).click();
    const alert = page.locator('.login-sso [role="alert"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Inloggningstjänsten svarar inte/);
    assert.match(await alert.textContent(), /SITHS går inte att nå just nu\. Logga in med användarnamn och lösenord i Randa i stället\./);
    assert.doesNotMatch(await alert.textContent(), /cannot be reached/);
    await assertAccessible(page, 'log-in page with the provider down');
    const form = page.locator('form.login-form');
    await form.locator('input[name="username"]').fill('studierektor');
    await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await form.locator('button[type="submit"]').click();
    await page.locator('.user-name').waitFor();
  } finally {
    await context.close();
    await fresh.stop();
  }
});
