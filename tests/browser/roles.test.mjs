// Logging in and what each role sees, in a real browser (Debian's headless
// Chromium driven by playwright-core) against a real `randa serve` on a
// fresh demo region: every demo user logs in through the form and gets
// exactly the pages their session's actions open (and a clear refusal on
// the others), logs out, and the API then refuses the old session; a wrong
// password shows the server's words; an ended session comes back to the
// same page after logging in again; the administrator creates, changes and
// disables an account and reads it all in the Logg page; a user changes
// their password, makes and revokes an API token and logs out everywhere.
// Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, call, get, post, DEMO_USERS, DEMO_PASSWORD } from '../api/harness.mjs';
import { useBrowser, openPage as open, shot, navFor, NAV_PAGES, addSession, assertAccessible } from './browser.mjs';

const env = useBrowser();
// A page of a context that is not logged in (unless user names one).
const openPage = (opts) => open(env.browser, { server: env.server, user: null, ...opts });

// The Swedish names of the roles, as the brief for the UI gives them.
const ROLE_SV = {
  trainee: 'ST-läkare', supervisor: 'Handledare', director: 'Studierektor',
  unit_head: 'Verksamhetschef', coordinator: 'Övergripande studierektor', admin: 'Administratör',
};
const roleText = (r) => (r.scope_name ? `${ROLE_SV[r.role]}, ${r.scope_name}` : ROLE_SV[r.role]);

// The problems a page collected, without the browser's notes of answers
// the test itself caused (a refused log-in, a request after the log-out).
const unexpected = (problems, ...statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

const sessionOf = (s) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

// The session body for a user's own log-in through the API (which then
// ends, so the browser's log-in is the user's only session of the test).
async function actionsOf(username, password = DEMO_PASSWORD) {
  const s = await login(env.server.base, username, password);
  assert.equal(s.status, 200, `${username}: ${JSON.stringify(s.body)}`);
  const out = await call(env.server.base, 'DELETE', '/api/v1/session', undefined, sessionOf(s));
  assert.equal(out.status, 200);
  return s.body;
}

// Fills and sends the log-in form; waits for the page behind it.
async function logIn(page, username, password = DEMO_PASSWORD) {
  const form = page.locator('form.login-form');
  await form.waitFor();
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}

const navTexts = (page) => page.locator('#mainnav a').allTextContents();

test('each demo user logs in through the form and sees exactly the pages their actions open', async () => {
  for (const username of DEMO_USERS) {
    const expected = await actionsOf(username);
    const allowed = navFor(expected.actions);
    const { context, page, problems } = await openPage();

    // Nobody is logged in: the log-in form, and no navigation.
    await page.goto(`${env.server.base}/`);
    await page.locator('form.login-form').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Logga in');
    assert.equal(await page.locator('#mainnav a').count(), 0);
    assert.equal(await page.locator('#userbox').isVisible(), false);
    if (username === DEMO_USERS[0]) {
      await shot(page, 'login');
      await assertAccessible(page, 'log-in page');
    }

    await logIn(page, username);
    await page.locator('#userbox .user-name').waitFor();
    assert.equal(await page.locator('#userbox .user-name').textContent(), expected.user.name, username);
    // The header names the roles: the first ones with their scope, then +N.
    const rolesText = await page.locator('#userbox .user-roles').textContent();
    const first = expected.roles.slice(0, 3).map(roleText);
    assert.ok(rolesText.startsWith(first.join(' · ')), `${username}: ${rolesText}`);
    if (expected.roles.length > 3) assert.ok(rolesText.endsWith(`+${expected.roles.length - 3}`), rolesText);

    // The start page is the first the user may use; the nav is exactly the
    // pages the session's actions open.
    await page.waitForURL(new RegExp(`${allowed[0].hash}$`));
    await page.waitForSelector(`h1:text-is("${allowed[0].sv}")`);
    assert.deepEqual(await navTexts(page), allowed.map((p) => p.sv), username);

    for (const p of NAV_PAGES) {
      await page.goto(`${env.server.base}/${p.hash}`);
      if (allowed.includes(p)) {
        await page.waitForSelector(`h1:text-is("${p.sv}")`);
        await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
        assert.equal(await page.locator('.notice-error').count(), 0, `${username} ${p.hash} shows no error`);
        assert.equal(await page.locator(`a[data-nav="${p.nav}"]`).getAttribute('aria-current'), 'page');
        // The place overview is the same for every role, and its thousands
        // of cells take seconds to check: flow.test.mjs checks it.
        if (p.nav !== 'places') await assertAccessible(page, `${p.hash} as ${username}`);
      } else {
        // A page the roles do not open: a refusal, not the page.
        await page.waitForSelector('h1:text-is("Du saknar behörighet")');
        assert.equal(await page.locator('.forbidden').count(), 1, `${username} ${p.hash}`);
        assert.equal(await page.locator(`a[data-nav="${p.nav}"]`).count(), 0);
        await assertAccessible(page, `${p.hash} refused to ${username}`);
      }
    }

    // Buttons for what the roles do not allow are not offered.
    if (expected.actions.includes('booking.read')) {
      await page.goto(`${env.server.base}/#/bokningar`);
      await page.waitForFunction(() => document.querySelector('#bookings-panel table, #bookings-panel .empty'));
      const rows = await page.locator('#bookings-panel tr[data-booking]').count();
      const accept = await page.locator('#bookings-panel button[data-action="accept"]').count();
      if (!expected.actions.includes('booking.decide')) assert.equal(accept, 0, `${username} may not decide`);
      else if (rows > 0) assert.ok(accept > 0, `${username} may decide`);
    }
    if (expected.actions.includes('planning.read')) {
      await page.goto(`${env.server.base}/#/planering`);
      await page.waitForSelector('h1:text-is("Planering")');
      assert.equal(await page.locator('form.plan-start').count(), expected.actions.includes('planning.run') ? 1 : 0);
    }

    // Logging out returns to the form, and the session is over on the server.
    const cookie = (await context.cookies()).find((c) => c.name === 'randa_session');
    assert.ok(cookie, 'the log-in set the session cookie');
    assert.equal(cookie.httpOnly, true);
    await page.click('#logout');
    await page.locator('form.login-form').waitFor();
    assert.equal(await page.locator('#mainnav a').count(), 0);
    assert.equal(await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status)), 401);
    const old = await call(env.server.base, 'GET', '/api/v1/session', undefined, { cookie: `${cookie.name}=${cookie.value}` });
    assert.equal(old.status, 401);
    assert.equal(old.body.error.code, 'unauthenticated');

    assert.deepEqual(unexpected(problems, 401), [], username);
    await context.close();
  }
});

test('a wrong password and a locked account are told in Swedish only', async () => {
  const { context, page, problems } = await openPage();
  const refused = await login(env.server.base, 'verksamhetschef', 'not-the-password');
  assert.equal(refused.status, 401);
  await page.goto(`${env.server.base}/#/enheter`);
  await logIn(page, 'verksamhetschef', 'still-not-the-password');
  const err = page.locator('form.login-form .notice-error');
  await err.waitFor();
  // Only the Swedish sentence: the server's English message is not shown.
  assert.equal((await err.textContent()).trim(), 'Fel användarnamn eller lösenord.');
  assert.ok(!(await err.textContent()).includes(refused.body.error.message), await err.textContent());
  assert.equal(await err.getAttribute('data-code'), 'invalid_credentials');
  assert.equal(await page.locator('input[name="password"]').inputValue(), '', 'the password is cleared');
  assert.equal(await page.locator('#mainnav a').count(), 0);
  await assertAccessible(page, 'log-in page, a wrong password');

  // An account of its own, locked by failed log-ins: the form says so in
  // Swedish (the server gives the wait only in its English message).
  const made = await post(env.server.base, '/api/v1/users',
    { username: 'laset.konto', name: 'Låst Konto', password: 'ett-långt-lösenord-1', roles: [{ role: 'admin' }] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  let locked = null;
  for (let i = 0; i < 10 && !locked; i++) {
    const r = await login(env.server.base, 'laset.konto', `fel-${i}`);
    if (r.status === 429) locked = r.body.error;
  }
  assert.ok(locked, 'failed log-ins lock the account');
  await logIn(page, 'laset.konto', 'ett-långt-lösenord-1');
  await page.waitForFunction(() => document.querySelector('form.login-form .notice-error')?.dataset.code === 'locked');
  assert.equal((await err.textContent()).trim(), 'För många misslyckade försök – kontot är tillfälligt låst. Försök igen om en stund.');
  assert.doesNotMatch(await err.textContent(), /\b(too|many|minutes|try|again)\b/i);

  // The right password: the page asked for at first.
  await logIn(page, 'verksamhetschef');
  await page.waitForSelector('h1:text-is("Enheter")');
  assert.match(page.url(), /#\/enheter$/);
  assert.deepEqual(unexpected(problems, 401, 429), []);
  await context.close();
});

test('an ended session shows the log-in page, and logging in again returns to the same page', async () => {
  const s = await login(env.server.base, 'studierektor');
  const { context, page, problems } = await openPage();
  await addSession(context, env.server.base, s);
  await page.goto(`${env.server.base}/#/bokningar?tab=confirmed`);
  await page.waitForSelector('h1:text-is("Bokningar")');
  await page.waitForSelector('#tab-confirmed[aria-selected="true"]');
  // Every request of the page has been answered (the list, the three tabs'
  // counts, the filters' lists): else one still in flight when the session
  // ends meets the 401 first, and the tab is gone before the click.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]')
    && [...document.querySelectorAll('.tab-count')].every((el) => el.dataset.count !== undefined)
    && document.querySelectorAll('select[name="unit"] option').length > 1);

  // The session ends on the server (as after logging out elsewhere).
  assert.equal((await call(env.server.base, 'DELETE', '/api/v1/session', undefined, sessionOf(s))).status, 200);
  await page.click('#tab-cancelled');
  await page.locator('form.login-form').waitFor();
  assert.match(await page.locator('.login-note').textContent(), /session har upphört/);
  assert.equal(await page.locator('#mainnav a').count(), 0);
  assert.match(page.url(), /#\/bokningar\?tab=cancelled/);
  await assertAccessible(page, 'log-in page after the session ended');

  await logIn(page, 'studierektor');
  await page.waitForSelector('h1:text-is("Bokningar")');
  await page.waitForSelector('#tab-cancelled[aria-selected="true"]');
  assert.match(page.url(), /#\/bokningar\?tab=cancelled/);
  assert.deepEqual(unexpected(problems, 401), []);
  await context.close();
});

test('the administrator creates, changes and disables an account and reads it in the Logg page', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${env.server.base}/#/logg`);
  await logIn(page, 'admin');
  await page.waitForSelector('h1:text-is("Logg")');

  // Its own log-in is the newest security event of its name.
  const events = (await get(env.server.base, '/api/v1/log?kind=event&actor=admin&limit=1')).body;
  assert.equal(events.items[0].what, 'login');
  const kind = page.locator('select[name="kind"]');
  await kind.selectOption('event');
  await page.fill('input[name="actor"]', 'admin');
  await page.click('form.log-filters button[type="submit"]');
  await page.waitForURL(/kind=event/);
  const firstRow = page.locator(`table.table-log tr[data-id="${events.items[0].id}"][data-kind="event"]`);
  await firstRow.waitFor();
  assert.equal(await page.locator('table.table-log tbody tr[data-kind]').first().getAttribute('data-id'), String(events.items[0].id));
  assert.equal(await firstRow.locator('.log-what').textContent(), 'Inloggning');
  assert.equal(await firstRow.locator('.log-actor').textContent(), 'admin');
  // The time as Swedes write it, in Swedish time.
  const at = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' })
    .format(new Date(events.items[0].at));
  assert.equal(await firstRow.locator('td').first().textContent(), at);
  assert.match(at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  // Only events, as many as the API counts.
  assert.equal(await page.locator('table.table-log tbody tr[data-kind="write"]').count(), 0);
  assert.match(await page.locator('.list-count').textContent(), new RegExp(`^${events.total}\\b`));
  await shot(page, 'log');
  await assertAccessible(page, 'log, security events');

  // A new account through the form: a password the rules refuse first.
  const unit = (await get(env.server.base, '/api/v1/units?limit=1')).body.items[0];
  await page.click('a[data-nav="users"]');
  await page.waitForSelector('h1:text-is("Användare")');
  const form = page.locator('form.user-form');
  await form.locator('input[name="username"]').fill('ny.rektor');
  await form.locator('input[name="name"]').fill('Ny Rektor');
  await form.locator('input[name="password"]').fill('kort');
  await form.locator('button[data-action="add-role"]').click();
  const row = form.locator('.role-row').first();
  await row.locator('select[data-part="role"]').selectOption('director');
  await row.locator(`select[data-part="scope"] option[value="${unit.id}"]`).waitFor({ state: 'attached' });
  await row.locator('select[data-part="scope"]').selectOption(String(unit.id));
  await form.locator('button[type="submit"]').click();
  const bad = form.locator('.form-error .notice-error');
  await bad.waitFor();
  assert.equal(await bad.getAttribute('data-field'), 'password');
  assert.equal(await form.locator('input[name="password"]').getAttribute('aria-invalid'), 'true');
  assert.equal((await get(env.server.base, '/api/v1/users?limit=500')).body.items.filter((u) => u.username === 'ny.rektor').length, 0);
  await assertAccessible(page, 'users, a new account refused');

  await form.locator('input[name="password"]').fill('ett-bra-lösenord-42');
  await form.locator('button[type="submit"]').click();
  await form.locator('.notice-ok').waitFor();
  await assertAccessible(page, 'users, a new account made');
  const made = (await get(env.server.base, '/api/v1/users?limit=500')).body.items.find((u) => u.username === 'ny.rektor');
  assert.ok(made, 'the account exists');
  assert.equal(made.name, 'Ny Rektor');
  assert.deepEqual(made.roles.map((r) => [r.role, r.scope_id]), [['director', unit.id]]);
  const userRow = page.locator(`tr[data-user="${made.id}"]`);
  await userRow.waitFor();
  assert.ok((await userRow.locator('.roles-cell').textContent()).includes(`Studierektor, ${unit.name}`));

  // Change its roles: studierektor becomes coordinator of the region.
  const region = (await get(env.server.base, '/api/v1/regions')).body.items[0];
  await userRow.locator('button[data-action="roles"]').click();
  const editor = page.locator(`tr[data-editor="${made.id}"] form.roles-form`);
  await editor.waitFor();
  await editor.locator('.role-row select[data-part="role"]').selectOption('coordinator');
  await editor.locator(`select[data-part="scope"] option[value="${region.id}"]`).waitFor({ state: 'attached' });
  await editor.locator('select[data-part="scope"]').selectOption(String(region.id));
  await assertAccessible(page, 'users, changing roles');
  await editor.locator('button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'ny.rektor' }).first().waitFor();
  await page.waitForFunction((id) => document.querySelector(`tr[data-user="${id}"] .roles-cell`)?.textContent.includes('Övergripande studierektor'), made.id);
  const changed = (await get(env.server.base, `/api/v1/users/${made.id}`)).body;
  assert.deepEqual(changed.roles.map((r) => [r.role, r.scope_id]), [['coordinator', region.id]]);

  // A new password from the administrator works for logging in.
  await page.locator(`tr[data-user="${made.id}"] button[data-action="password"]`).click();
  const reset = page.locator(`tr[data-editor="${made.id}"] form.reset-form`);
  await reset.locator('input[name="password"]').fill('ett-annat-lösenord-7');
  await assertAccessible(page, 'users, a new password');
  await reset.locator('button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'nytt lösenord' }).first().waitFor();
  const asNew = await login(env.server.base, 'ny.rektor', 'ett-annat-lösenord-7');
  assert.equal(asNew.status, 200);
  assert.deepEqual(asNew.body.roles.map((r) => r.role), ['coordinator']);

  // Disable it: the API says so, and its session is over.
  await page.locator(`tr[data-user="${made.id}"] button[data-action="disable"]`).click();
  await page.locator(`tr[data-user="${made.id}"] .badge[data-disabled="true"]`).waitFor();
  assert.equal((await get(env.server.base, `/api/v1/users/${made.id}`)).body.disabled, true);
  assert.equal((await call(env.server.base, 'GET', '/api/v1/session', undefined, { cookie: asNew.cookie })).status, 401);
  await shot(page, 'users');
  await assertAccessible(page, 'users, an account disabled');

  // The Logg page shows the changes of the account with their before and after.
  await page.goto(`${env.server.base}/#/logg?kind=write&what=app_user`);
  const writes = (await get(env.server.base, '/api/v1/log?kind=write&what=app_user&limit=50')).body.items
    .filter((e) => e.entity_id === made.id);
  const inserted = writes.find((e) => e.action === 'insert');
  const disabled = writes.find((e) => e.action === 'update' && e.after && e.after.disabled === true);
  assert.ok(inserted && disabled, JSON.stringify(writes));
  const insRow = page.locator(`table.table-log tr[data-kind="write"][data-id="${inserted.id}"]`);
  await insRow.waitFor();
  assert.equal(await insRow.getAttribute('data-action'), 'insert');
  assert.match(await insRow.locator('.log-what').textContent(), new RegExp(`Användare #${made.id}`));
  // The audit of disabling keeps the new value only (before is null).
  const disRow = page.locator(`table.table-log tr[data-kind="write"][data-id="${disabled.id}"]`);
  const yesNo = (v) => (v ? 'Ja' : 'Nej');
  const beforeText = disabled.before ? yesNo(disabled.before.disabled) : 'inte sparat';
  const summary = await disRow.locator('.diff-summary').textContent();
  assert.ok(summary.includes(disabled.before ? `disabled: ${beforeText} → Ja` : 'disabled: Ja'), summary);
  await disRow.locator('button[data-action="diff"]').click();
  const diff = page.locator(`#${await disRow.locator('button[data-action="diff"]').getAttribute('aria-controls')}`);
  await diff.locator('table.diff').waitFor();
  const cell = (f, side) => diff.locator(`tr[data-field="${f}"] td.diff-${side}`).textContent();
  assert.equal(await diff.locator('tr[data-field="disabled"]').getAttribute('class'), 'diff-changed');
  assert.equal(await cell('disabled', 'before'), beforeText);
  assert.equal(await cell('disabled', 'after'), 'Ja');
  await assertAccessible(page, 'log, a change opened');

  // A change with both sides kept: a booking cancelled through the API shows
  // each changed field as before → after.
  const confirmed = (await get(env.server.base, '/api/v1/bookings?status=confirmed&limit=1')).body.items[0];
  assert.equal((await post(env.server.base, `/api/v1/bookings/${confirmed.id}/cancel`, { reason: 'other' })).status, 200);
  const upd = (await get(env.server.base, '/api/v1/log?kind=write&what=booking&limit=5')).body.items
    .find((e) => e.entity_id === confirmed.id && e.action === 'update');
  assert.ok(upd && upd.before && upd.after, JSON.stringify(upd));
  assert.equal(upd.before.status, 'confirmed');
  assert.equal(upd.after.status, 'cancelled');
  await page.selectOption('select[name="what"]', 'booking');
  const updRow = page.locator(`table.table-log tr[data-kind="write"][data-id="${upd.id}"]`);
  await updRow.waitFor();
  await updRow.locator('button[data-action="diff"]').click();
  const updDiff = page.locator(`#${await updRow.locator('button[data-action="diff"]').getAttribute('aria-controls')}`);
  await updDiff.locator('table.diff').waitFor();
  const changedKeys = Object.keys({ ...upd.before, ...upd.after })
    .filter((k) => JSON.stringify(upd.before[k] ?? null) !== JSON.stringify(upd.after[k] ?? null));
  assert.deepEqual(await updDiff.locator('tr.diff-changed').evaluateAll((rows) => rows.map((r) => r.dataset.field)), changedKeys);
  assert.equal(await updDiff.locator('tr[data-field="status"] td.diff-before').textContent(), 'confirmed');
  assert.equal(await updDiff.locator('tr[data-field="status"] td.diff-after').textContent(), 'cancelled');
  assert.ok((await updRow.locator('.diff-summary').textContent()).includes('confirmed → cancelled'));
  await shot(page, 'log-diff');
  await assertAccessible(page, 'log, changes of a booking');

  // Filters: a from date after to is refused in the form.
  await page.fill('input[name="from"]', '2026-12-01');
  await page.fill('input[name="to"]', '2026-11-01');
  await page.click('form.log-filters button[type="submit"]');
  assert.equal(await page.getAttribute('input[name="to"]', 'aria-invalid'), 'true');
  await assertAccessible(page, 'log, refused dates');
  assert.deepEqual(unexpected(problems, 401, 422), []);
  await context.close();
});

test('a user changes the password, makes and revokes an API token and logs out everywhere', async () => {
  const made = await post(env.server.base, '/api/v1/users',
    { username: 'konto.test', name: 'Konto Test', password: 'första-lösenordet-1', roles: [{ role: 'admin' }] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const other = await login(env.server.base, 'konto.test', 'första-lösenordet-1');
  assert.equal(other.status, 200);

  const { context, page, problems } = await openPage();
  await page.goto(`${env.server.base}/#/konto`);
  await logIn(page, 'konto.test', 'första-lösenordet-1');
  await page.waitForSelector('h1:text-is("Mitt konto")');
  assert.equal(await page.locator('[data-field="username"]').textContent(), 'konto.test');
  assert.deepEqual(await page.locator('.role-list li').allTextContents(), ['Administratör']);

  // A wrong current password: the server's message, the field marked.
  const pw = page.locator('form.password-form');
  await pw.locator('input[name="current_password"]').fill('inte-mitt-lösenord');
  await pw.locator('input[name="new_password"]').fill('andra-lösenordet-2');
  await pw.locator('input[name="new_password_again"]').fill('andra-lösenordet-2');
  await pw.locator('button[type="submit"]').click();
  await pw.locator('.notice-error[data-field="current_password"]').waitFor();
  assert.equal(await pw.locator('input[name="current_password"]').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'account, a wrong current password');
  await pw.locator('input[name="current_password"]').fill('första-lösenordet-1');
  await pw.locator('button[type="submit"]').click();
  await pw.locator('.notice-ok').waitFor();
  assert.equal((await login(env.server.base, 'konto.test', 'första-lösenordet-1')).status, 401);
  // The change ends the user's other sessions, not this one.
  assert.equal((await call(env.server.base, 'GET', '/api/v1/session', undefined, { cookie: other.cookie })).status, 401);
  assert.equal(await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status)), 200);
  const elsewhere = await login(env.server.base, 'konto.test', 'andra-lösenordet-2');
  assert.equal(elsewhere.status, 200);

  // A token: shown once, it reads the API; revoked, it does not.
  const tf = page.locator('form.token-form');
  await tf.locator('input[name="token_name"]').fill('rapport');
  await tf.locator('select[name="access"]').selectOption('read');
  await tf.locator('button[type="submit"]').click();
  const secret = page.locator('.token-shown input.token-secret');
  await secret.waitFor();
  const token = await secret.inputValue();
  assert.match(token, /^randa_/);
  await assertAccessible(page, 'account, a new token shown');
  const bearer = { authorization: `Bearer ${token}` };
  assert.equal((await call(env.server.base, 'GET', '/api/v1/units?limit=1', undefined, bearer)).status, 200);
  const tokenRow = page.locator('table.table-tokens tr[data-token]', { hasText: 'rapport' });
  await tokenRow.waitFor();
  await tokenRow.locator('button').click();
  await assertAccessible(page, 'account, confirming a revocation');
  await tokenRow.locator('button', { hasText: 'Bekräfta' }).click();
  await page.locator('.toast', { hasText: 'rapport' }).first().waitFor();
  assert.equal((await call(env.server.base, 'GET', '/api/v1/units?limit=1', undefined, bearer)).status, 401);
  await shot(page, 'account');
  await assertAccessible(page, 'account, a token revoked');

  // Logging out everywhere (asked twice) ends this session and the one
  // made through the API.
  await page.click('#logout-all');
  await assertAccessible(page, 'account, confirming logging out everywhere');
  assert.equal((await call(env.server.base, 'GET', '/api/v1/session', undefined, { cookie: elsewhere.cookie })).status, 200);
  await page.click('#logout-all');
  await page.locator('form.login-form').waitFor();
  await assertAccessible(page, 'log-in page after logging out everywhere');
  assert.match(await page.locator('.login-note').textContent(), /utloggad överallt \(2 sessioner/);
  assert.equal((await call(env.server.base, 'GET', '/api/v1/session', undefined, { cookie: elsewhere.cookie })).status, 401);
  assert.equal(await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status)), 401);
  assert.deepEqual(unexpected(problems, 401, 422), []);
  await context.close();
});
