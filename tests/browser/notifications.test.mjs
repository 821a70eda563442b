// Notifications in a real browser (Debian's headless Chromium driven by
// playwright-core) against a real `randa serve` on a fresh demo region:
// the bell in the header counts the studierektor's unread notifications
// and says so to a screen reader; the inbox lists them, opening one marks
// it read and leads to its page, "Markera alla som lästa" empties the
// count; the account page sets which come by e-mail, and how. Each view is
// checked against WCAG 2.1 A and AA. Screenshots go to
// tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, call, sessionHeaders, sqlRows } from '../api/harness.mjs';
import { useBrowser, openPage as open, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const url = (hash) => `${env.server.base}/${hash}`;
// What the bell says to a screen reader with n unread.
const bellSays = (n) => (n === 0 ? 'Aviseringar, inga olästa' : n === 1 ? 'Aviseringar, 1 oläst' : `Aviseringar, ${n} olästa`);

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// Two requests for trainees of the studierektor's home unit answered by
// the tester: the studierektor is told of each.
async function answerTwo() {
  const rows = sqlRows(env.server.db, `SELECT b.id FROM booking b JOIN trainee t ON t.id = b.trainee_id
    JOIN user_role r ON r.role = 'director' AND r.scope_id = t.home_unit_id
    JOIN app_user u ON u.id = r.user_id AND u.username = 'studierektor'
    WHERE b.status = 'requested' ORDER BY b.id LIMIT 2`);
  assert.equal(rows.length, 2, 'the demo has requests for trainees of the studierektor');
  const [accept, decline] = rows;
  for (const [b, how] of [[accept, 'accept'], [decline, 'decline']]) {
    const r = await call(env.server.base, 'POST', `/api/v1/bookings/${b.id}/${how}`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  return rows;
}

test('the bell counts unread notifications, the inbox opens one and marks them read', async () => {
  const [accepted] = await answerTwo();
  const sr = await login(env.server.base, 'studierektor');
  const mine = await call(env.server.base, 'GET', '/api/v1/notifications?unread=true', undefined, sessionHeaders(sr));
  const unread = mine.body.unread;
  assert.ok(unread >= 2, `unread ${unread}`);

  const { context, page, problems } = await openAs('studierektor');
  await page.goto(url('#/att-gora'));
  const bell = page.locator('#bell');
  await bell.waitFor();
  await page.waitForFunction((l) => document.querySelector('#bell')?.getAttribute('aria-label') === l, bellSays(unread));
  assert.equal(await page.locator('#bell .bell-count').textContent(), String(unread));
  await settled(page);
  await assertAccessible(page, 'the header with the bell');

  await bell.click();
  await page.waitForURL(/#\/aviseringar/);
  await page.locator('.notification-list').waitFor();
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Aviseringar');
  assert.equal(await bell.getAttribute('aria-current'), 'page');
  const first = page.locator(`.notification[data-kind="answer"]`).first();
  assert.match(await first.locator('.notification-title').textContent(), /^Bokningsförfrågan (bekräftad|avböjd)$/);
  assert.equal(await page.locator('.notification-unread').count(), Math.min(unread, 25));
  await shot(page, 'notifications-inbox');
  await assertAccessible(page, 'the inbox');

  // Opening the confirmed one: read, and its rotation's page.
  const item = page.locator(`.notification a[href="#/randningar/${accepted.id}"]`);
  await item.click();
  await page.waitForURL(new RegExp(`#/randningar/${accepted.id}$`));
  await page.waitForFunction((l) => document.querySelector('#bell')?.getAttribute('aria-label') === l, bellSays(unread - 1));

  // Only the unread ones, then all read.
  await page.goto(url('#/aviseringar?unread=true'));
  await page.locator('.notification-list').waitFor();
  await settled(page);
  assert.equal(await page.locator(`.notification a[href="#/randningar/${accepted.id}"]`).count(), 0);
  await page.locator('#notifications-read-all').click();
  await page.locator('.notification-list, .empty').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#bell')?.getAttribute('aria-label') === 'Aviseringar, inga olästa');
  await page.locator('text=Inga olästa aviseringar.').waitFor();
  await settled(page);
  await assertAccessible(page, 'the inbox, all read');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the account page sets which notifications come by e-mail, and how', async () => {
  const { context, page, problems } = await openAs('handledare');
  await page.goto(url('#/konto'));
  const form = page.locator('.notification-prefs-form');
  await form.waitFor();
  await settled(page);
  await assertAccessible(page, 'the account page with the e-mail preferences');
  // A wrong address is named.
  await form.locator('input[name="email"]').fill('inte en adress');
  await form.locator('button[type="submit"]').click();
  await form.locator('.notice-error[data-field="email"]').waitFor();
  assert.equal(await form.locator('input[name="email"]').getAttribute('aria-invalid'), 'true');
  // Deadlines only, in a daily digest.
  await form.locator('input[name="email"]').fill('handledare@region.test');
  for (const box of await form.locator('input[name="email_kinds"]').all())
    if (await box.getAttribute('value') !== 'deadline') await box.uncheck();
  await form.locator('input[name="email_kinds"][value="deadline"]').check();
  await form.locator('input[name="digest"][value="true"]').check();
  await form.locator('button[type="submit"]').click();
  await form.locator('.notice-ok').waitFor();
  await shot(page, 'notifications-preferences');
  await assertAccessible(page, 'the e-mail preferences saved');
  const hl = await login(env.server.base, 'handledare');
  const p = await call(env.server.base, 'GET', '/api/v1/notifications/preferences', undefined, sessionHeaders(hl));
  assert.equal(p.body.email, 'handledare@region.test');
  assert.deepEqual(p.body.email_kinds, ['deadline']);
  assert.equal(p.body.digest, true);
  // In English the bell says so too.
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => /^Notifications, /.test(document.querySelector('#bell')?.getAttribute('aria-label') || ''));
  await assertAccessible(page, 'the account page in English');
  assert.deepEqual(problems.filter((x) => !x.includes('status of 422')), []);
  await context.close();
});
