// The paged list and the timeline every page shares (ui/list.js,
// ui/timeline.js), in a real browser (Debian's headless Chromium driven by
// playwright-core) against a real `randa serve` on a fresh demo region:
// paging forward and back from the keyboard with the address kept, an
// old address past the end, the empty and error states, the markup screen
// readers need, and the trainee's timeline: a text alternative on every
// bar, booking bars reached with Tab, ISO weeks written "v. 14".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openPage = (opts) => open(env.browser, { server: env.server, ...opts });
const api = (path) => apiGet(env.server, path);

// How the Swedish UI writes a number ("1 400", with a no-break space).
const sv = (n) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 }).format(n);

// Waits until the list has loaded (no busy slot, no loading note).
const settled = (page) => page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));

// The trainee ids of the rows shown.
const shownIds = (page) => page.locator('.list table tbody tr a').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href').split('/').pop())));

test('a list pages forward and back from the keyboard and keeps its page in the address', async () => {
  const { context, page, problems } = await openPage();
  const first = await api('/trainees?limit=50&offset=0');
  const second = await api('/trainees?limit=50&offset=50');
  assert.ok(first.total > 100, 'the demo region has more than two pages of trainees');
  const pages = Math.ceil(first.total / 50);

  await page.goto(`${env.server.base}/#/st-lakare`);
  await page.waitForSelector('h1:text-is("ST-läkare")');
  await settled(page);
  await page.locator('.list table tbody tr').first().waitFor();

  // The markup: a table named by its caption, column headers, a status
  // that reads out the count, a named pager whose buttons say what they do.
  assert.equal(await page.locator('.list table caption').textContent(), 'ST-läkare');
  const scopes = await page.locator('.list table thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('scope')));
  assert.ok(scopes.length === 6 && scopes.every((x) => x === 'col'), scopes.join());
  const count = page.locator('.list-count');
  assert.equal(await count.getAttribute('role'), 'status');
  assert.equal(await count.textContent(), `${sv(first.total)} ST-läkare`);
  const pager = page.locator('nav.pager');
  assert.equal(await pager.getAttribute('aria-label'), `ST-läkare: Sida 1 av ${pages}`);
  assert.equal(await page.locator('.pager-range').getAttribute('aria-live'), 'polite');
  assert.equal(await page.locator('.pager-range').textContent(), `1–50 av ${sv(first.total)}`);
  const prev = pager.locator('button[data-page="prev"]');
  const next = pager.locator('button[data-page="next"]');
  assert.equal(await prev.getAttribute('aria-label'), 'Föregående sida');
  assert.equal(await next.getAttribute('aria-label'), 'Nästa sida');
  assert.equal(await prev.isDisabled(), true);
  assert.deepEqual(await shownIds(page), first.items.map((x) => x.id));

  // Forward with the keyboard: the second page, the address says so, and
  // the button keeps the focus for the next press.
  await next.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.pager-range')?.textContent.startsWith('51–100'));
  await settled(page);
  assert.deepEqual(await shownIds(page), second.items.map((x) => x.id));
  assert.match(page.url(), /#\/st-lakare\?offset=50$/);
  assert.equal(await pager.getAttribute('aria-label'), `ST-läkare: Sida 2 av ${pages}`);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.page), 'next');
  assert.equal(await prev.isDisabled(), false);
  await shot(page, 'list-page-2');
  await assertAccessible(page, 'trainees, second page');

  // And back: the first page, no offset in the address.
  await prev.focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('.pager-range')?.textContent.startsWith('1–50'));
  await settled(page);
  assert.deepEqual(await shownIds(page), first.items.map((x) => x.id));
  assert.match(page.url(), /#\/st-lakare$/);
  // Föregående cannot go further: the focus moves to Nästa, not away.
  assert.equal(await prev.isDisabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.page), 'next');

  // The address of the second page opens it.
  await page.goto(`${env.server.base}/#/st-lakare?offset=50`);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.pager-range')?.textContent.startsWith('51–100'));
  assert.deepEqual(await shownIds(page), second.items.map((x) => x.id));

  // An address past the end shows the last page.
  const lastOffset = (pages - 1) * 50;
  const last = await api(`/trainees?limit=50&offset=${lastOffset}`);
  await page.goto(`${env.server.base}/#/st-lakare?offset=${first.total + 500}`);
  await page.reload();
  await page.waitForFunction((want) => document.querySelector('.pager-range')?.textContent.startsWith(want), `${sv(lastOffset + 1)}–`);
  await settled(page);
  assert.deepEqual(await shownIds(page), last.items.map((x) => x.id));
  assert.equal(await next.isDisabled(), true);
  assert.match(page.url(), new RegExp(`offset=${lastOffset}$`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a list with nothing to show says so, and an error says what went wrong', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${env.server.base}/#/st-lakare`);
  await page.locator('.list table tbody tr').first().waitFor();

  // A search that finds nobody: the count, the empty state, no table, no pager.
  await page.fill('input[name="q"]', 'Ingen-heter-så-här');
  await page.press('input[name="q"]', 'Enter');
  await page.locator('.list .empty').waitFor();
  assert.equal(await page.locator('.list .empty').textContent(), 'Inget att visa.');
  assert.equal(await page.locator('.list-count').textContent(), '0 ST-läkare');
  assert.equal(await page.locator('.list table').count(), 0);
  assert.equal(await page.locator('nav.pager').isVisible(), false);
  assert.match(page.url(), /q=Ingen-heter-s/);
  await shot(page, 'list-empty');
  await assertAccessible(page, 'trainees, nobody found');

  // Cleared, the first page is back.
  await page.fill('input[name="q"]', '');
  await page.press('input[name="q"]', 'Enter');
  await page.locator('.list table tbody tr').first().waitFor();
  assert.equal(await page.locator('nav.pager').isVisible(), true);

  // The log of a kind with no entries in the demo: its own empty text.
  await page.goto(`${env.server.base}/#/logg?actor=ingen-sadan-anvandare`);
  await page.locator('.list .empty').waitFor();
  assert.equal(await page.locator('.list-count').textContent(), '0 poster');
  await assertAccessible(page, 'log, nothing found');

  // A filter the API refuses: its message in the list, no count.
  await page.goto(`${env.server.base}/#/enheter?area=x`);
  const err = page.locator('.list .notice-error');
  await err.waitFor();
  assert.equal(await err.getAttribute('role'), 'alert');
  assert.equal(await page.locator('.list-count').textContent(), '');
  await assertAccessible(page, 'units, a refused filter');
  assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), []);
  await context.close();
});

test('the cancellations page within their tab, newest first, and another tab starts on its first page', async () => {
  const { context, page, problems } = await openPage();
  // The page sorts every cancellation itself, the most recent first.
  const cancelled = (await api('/bookings?status=cancelled&limit=500')).items
    .sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : b.id - a.id));
  assert.ok(cancelled.length > 50, 'the demo region has more than a page of cancellations');
  await page.goto(`${env.server.base}/#/bokningar?tab=cancelled`);
  await page.waitForSelector('#tab-cancelled[aria-selected="true"]');
  await page.locator('#bookings-panel tr[data-booking]').first().waitFor();
  await settled(page);
  const rows = () => page.locator('#bookings-panel tr[data-booking]').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.booking)));
  assert.equal(await page.locator('.list-count').textContent(), `${sv(cancelled.length)} bokningar`);
  assert.equal(await page.locator('#bookings-panel table caption').textContent(), 'Bokningar');
  assert.deepEqual(await rows(), cancelled.slice(0, 50).map((b) => b.id));

  await page.click('#bookings-panel button[data-page="next"]');
  await page.waitForFunction(() => document.querySelector('#bookings-panel .pager-range')?.textContent.startsWith('51–'));
  await settled(page);
  assert.deepEqual(await rows(), cancelled.slice(50, 100).map((b) => b.id));
  assert.match(page.url(), /#\/bokningar\?tab=cancelled&offset=50$/);
  await assertAccessible(page, 'bookings, second page of cancellations');

  await page.click('#tab-requested');
  await page.waitForSelector('#tab-requested[aria-selected="true"]');
  await page.waitForFunction(() => document.querySelector('#bookings-panel .pager-range')?.textContent.startsWith('1–'));
  assert.match(page.url(), /#\/bokningar$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the tab counts follow the unit chosen, even when the region\'s counts answer last', async () => {
  // A bug found in CI: the page counts the region's requests as it opens
  // and the unit's once one is chosen; the region's answers, slower,
  // overwrote the unit's. Here they are held back on purpose.
  const requested = (await api('/bookings?status=requested&limit=500')).items;
  const perUnit = new Map();
  for (const b of requested) perUnit.set(b.unit.id, (perUnit.get(b.unit.id) || 0) + 1);
  const [unitId, unitCount] = [...perUnit].sort((a, b) => b[1] - a[1])[0];
  assert.ok(unitCount < requested.length, 'the demo region has requests at more than one unit');
  const { context, page, problems } = await openPage();
  const held = [];
  await page.route('**/api/v1/bookings?*', async (route) => {
    const q = new URL(route.request().url()).searchParams;
    if (q.get('limit') === '1' && !q.get('unit')) {
      const done = new Promise((resolve) => setTimeout(resolve, 1500)).then(() => route.continue());
      held.push(done);
      await done;
    } else {
      await route.continue();
    }
  });
  await page.goto(`${env.server.base}/#/bokningar`);
  await page.waitForSelector(`select[name="unit"] option[value="${unitId}"]`, { state: 'attached' });
  await page.selectOption('select[name="unit"]', String(unitId));
  await page.waitForFunction((n) => document.querySelector('#tab-requested .tab-count')?.dataset.count === String(n), unitCount);
  assert.ok(held.length > 0, 'the region\'s counts were held back');
  await Promise.all(held);
  // Every held answer has reached the page; the count is still the unit's.
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('#tab-requested .tab-count').getAttribute('data-count'), String(unitCount));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the trainee timeline names every bar, reaches the bookings with Tab and writes weeks the Swedish way', async () => {
  const { context, page, problems } = await openPage();
  // A trainee with bookings and a leave.
  const trainees = (await api('/trainees?limit=200')).items;
  let pick = null;
  for (const tr of trainees) {
    const full = await api(`/trainees/${tr.id}`);
    if (!full.leaves.length) continue;
    const bookings = (await api(`/bookings?trainee=${tr.id}&limit=500`)).items.filter((b) => b.status !== 'declined');
    if (bookings.length >= 2) {
      pick = { tr: full, bookings };
      break;
    }
  }
  assert.ok(pick, 'some trainee has bookings and a leave');
  await page.goto(`${env.server.base}/#/st-lakare/${pick.tr.id}`);
  const svg = page.locator('svg.timeline');
  await svg.waitFor();
  assert.equal(await svg.getAttribute('role'), 'group');
  assert.match(await svg.getAttribute('aria-label'), new RegExp(`^Tidslinje för ${pick.tr.name}`));

  // Every bar and marker has a text alternative; bookings are links.
  const bars = await svg.locator('.tl-band > *').evaluateAll((els) => els.map((el) => ({
    tag: el.tagName, role: el.getAttribute('role'), label: el.getAttribute('aria-label'), title: el.querySelector('title')?.textContent,
  })));
  assert.equal(bars.filter((b) => b.tag === 'a').length, pick.bookings.length);
  assert.ok(bars.length >= pick.bookings.length + pick.tr.leaves.length);
  for (const b of bars) {
    assert.ok(b.label && b.label === b.title, JSON.stringify(b));
    if (b.tag !== 'a') assert.equal(b.role, 'img');
  }
  const leave = pick.tr.leaves[0];
  assert.ok(bars.some((b) => b.label.includes(leave.from_date)), 'a leave is named with its dates');
  assert.equal(await svg.locator('.tl-band').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')).slice(0, 2).join()), 'Randningar,Ledigheter');
  assert.match(await svg.locator('.tl-today').getAttribute('aria-label'), /^I dag \d{4}-\d{2}-\d{2}$/);
  await assertAccessible(page, 'trainee page with bookings and leave');

  // Weeks as Swedes write them along the axis, the years above.
  const weeks = await svg.locator('.tl-week').allTextContents();
  assert.ok(weeks.length >= 4 && weeks.every((w) => /^v\. (1|14|27|40)$/.test(w)), weeks.join());
  assert.ok(await svg.locator('.tl-year').count() >= 2);
  assert.equal(await svg.locator('.tl-axis').getAttribute('aria-hidden'), 'true');

  // Tab reaches the first booking bar, which names its unit and period.
  await page.locator('.facts').last().click();
  let onBar = false;
  for (let i = 0; i < 20 && !onBar; i++) {
    await page.keyboard.press('Tab');
    onBar = await page.evaluate(() => document.activeElement?.matches('svg.timeline a.tl-booking'));
  }
  assert.ok(onBar, 'Tab reaches a booking on the timeline');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  const booking = pick.bookings.find((b) => focused.startsWith(b.unit.name));
  assert.ok(booking, focused);
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`#/enheter/${booking.unit.id}$`));

  // One hatch pattern in the document, however many timelines it drew.
  await page.goBack();
  await svg.waitFor();
  assert.equal(await page.locator('pattern#tl-hatch').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
