// Randa in a real browser (Debian's headless Chromium driven by
// playwright-core) against a real `randa serve` on a fresh demo region:
// a director finds a free gynaecology place for a GP trainee, requests it,
// the receiving unit accepts it, it shows on the trainee's timeline, it is
// cancelled and the seat is free again. Also the language switch, keyboard
// use and a console free of errors. Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, post } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, navFor, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openPage = (opts) => open(env.browser, { server: env.server, ...opts });
const api = (path) => apiGet(env.server, path);

// How the Swedish UI writes a number of seats ("1,5").
const sv = (n) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 }).format(n);

// The Monday of an ISO week, as a UTC time value (for comparing with leave dates).
function mondayOf(week) {
  const [y, w] = week.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - dow * 86400000 + (w - 1) * 7 * 86400000;
}

// Waits until the heat map shows n unit rows and is not loading.
async function mapShows(page, n) {
  await page.waitForFunction((count) => !document.querySelector('.map-slot[aria-busy]')
    && document.querySelectorAll('table.heatmap tr.unit-row').length === count, n);
}

async function selectSpecialty(page, id) {
  await page.waitForSelector(`select[name="specialty"] option[value="${id}"]`, { state: 'attached' });
  await page.selectOption('select[name="specialty"]', String(id));
}

// Finds, from the API alone, an open gynaecology need of a GP trainee that
// fits a run of free full-time weeks at one unit in the window the overview
// shows: the trainee has no booking or leave then, and the home unit keeps
// within its limit of trainees away (counting every overlapping booking of
// its trainees as a whole seat, which can only overestimate).
async function findPlace(places, gyn) {
  const needs = (await api(`/needs?specialty=${gyn.id}&status=open&limit=500`)).items
    .filter((n) => n.patterns.includes('full'))
    .sort((a, b) => a.id - b.id);
  assert.ok(needs.length > 0, 'the demo region has open gynaecology needs');
  const active = (b) => ['requested', 'confirmed', 'completed'].includes(b.status);
  const overlaps = (b, from, to) => b.start_week <= to && b.end_week >= from;
  for (const need of needs) {
    const trainee = await api(`/trainees/${need.trainee.id}`);
    if (trainee.specialty.code !== 'allmanmedicin') continue;
    const len = Math.ceil((need.weeks * 100) / trainee.fte);
    if (len > places.weeks.length) continue;
    const home = await api(`/units/${trainee.home_unit.id}`);
    const away = [];
    if (home.max_away !== null) {
      const mates = (await api(`/trainees?home_unit=${home.id}&limit=500`)).items;
      for (const m of mates) {
        const bs = (await api(`/bookings?trainee=${m.id}&limit=500`)).items;
        away.push(...bs.filter((b) => active(b) && b.unit.id !== home.id));
      }
    }
    const busy = (await api(`/bookings?trainee=${trainee.id}&limit=500`)).items.filter(active);
    const onLeave = (from, to) => trainee.leaves.some((l) => Date.parse(l.from_date) < mondayOf(to) + 7 * 86400000
      && Date.parse(l.to_date) >= mondayOf(from));
    for (const unit of places.units) {
      if (!unit.patterns.includes('full')) continue;
      for (let i = 0; i + len <= places.weeks.length; i++) {
        if (!unit.free.slice(i, i + len).every((f) => f >= 1)) continue;
        const from = places.weeks[i];
        const to = places.weeks[i + len - 1];
        if (busy.some((b) => overlaps(b, from, to))) continue;
        if (onLeave(from, to)) continue;
        if (home.max_away !== null && away.filter((b) => overlaps(b, from, to)).length + 1 > home.max_away) continue;
        return { need, trainee, unit, week: from, index: i, len };
      }
    }
  }
  return null;
}

test('a director requests a gynaecology place for a GP trainee; it is accepted, shown, cancelled and freed', async () => {
  const { context, page, problems } = await openPage();
  const specialties = (await api('/specialties?limit=500')).items;
  const gyn = specialties.find((s) => s.code === 'obstetrik-och-gynekologi');
  assert.ok(gyn, 'the demo region has gynaecology');

  // The overview is the start page.
  await page.goto(`${env.server.base}/`);
  await page.waitForSelector('table.heatmap');
  assert.equal(await page.locator('h1').textContent(), 'Platstillgång');
  assert.match(page.url(), /#\/platser/);

  // Filter to gynaecology: one group, as many rows as the API has units.
  await selectSpecialty(page, gyn.id);
  const from = await page.inputValue('input[name="from"]');
  const to = await page.inputValue('input[name="to"]');
  const places = await api(`/places?from=${from}&to=${to}&specialty=${gyn.id}`);
  assert.ok(places.units.length > 0);
  await mapShows(page, places.units.length);
  const groups = await page.locator('table.heatmap tr.group').allTextContents();
  assert.equal(groups.length, 1);
  assert.match(groups[0], /Obstetrik och gynekologi/);
  assert.equal(await page.locator('table.heatmap th.week').count(), places.weeks.length);
  // Every cell shows the free seats the API reports for it.
  for (const u of places.units) {
    const texts = await page.locator(`tr.unit-row[data-unit="${u.id}"] td.cell`).allTextContents();
    assert.deepEqual(texts, u.free.map((f, i) => (u.seats[i] > 0 ? sv(Math.max(0, f)) : '')), u.name);
  }
  await shot(page, 'places');
  await assertAccessible(page, 'place overview');

  const pick = await findPlace(places, gyn);
  assert.ok(pick, 'some GP trainee fits some free gynaecology place');
  const cell = page.locator(`td.cell[data-unit="${pick.unit.id}"][data-week="${pick.week}"]`);
  const freeBefore = pick.unit.free[pick.index];
  assert.equal(await cell.textContent(), sv(freeBefore));

  // Click the cell: the panel lists the unit's free weeks and offers the need.
  await cell.click();
  const dialog = page.locator('dialog.drawer');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.locator('h2').textContent(), pick.unit.name);
  await dialog.locator(`.chip[data-week="${pick.week}"]`).waitFor();
  assert.equal(await dialog.locator(`.chip[data-week="${pick.week}"] .chip-free`).textContent(), sv(freeBefore));
  await dialog.locator(`select[name="need_id"] option[value="${pick.need.id}"]`).waitFor({ state: 'attached' });
  const optionText = await dialog.locator(`select[name="need_id"] option[value="${pick.need.id}"]`).textContent();
  assert.ok(optionText.includes(pick.trainee.name), optionText);
  await dialog.locator('select[name="need_id"]').selectOption(String(pick.need.id));
  assert.equal(await dialog.locator('input[name="start_week"]').inputValue(), pick.week);
  await dialog.locator('select[name="pattern"]').selectOption('full');
  await shot(page, 'panel');
  await assertAccessible(page, 'place panel with a need chosen');

  // A start in the past is refused: the UI says so in Swedish, marks the
  // field it names, and gives the server's reason as a detail marked as
  // English (the Swedish words cannot say which rule the week broke).
  const past = `${new Date().getUTCFullYear() - 1}-W10`;
  const refused = await post(env.server.base, '/api/v1/bookings',
    { need_id: pick.need.id, unit_id: pick.unit.id, start_week: past, pattern: 'full' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.field, 'start_week');
  await dialog.locator('input[name="start_week"]').fill(past);
  await dialog.locator('button[type="submit"]').click();
  const err = dialog.locator('.form-error .notice-error');
  await err.waitFor();
  assert.ok((await err.textContent()).includes('Värdet i fältet Startvecka godtogs inte.'), await err.textContent());
  const reason = err.locator('.error-reason [lang="en"]');
  assert.equal(await reason.textContent(), refused.body.error.message);
  assert.match(await err.locator('.error-reason').textContent(), /^ Serverns förklaring \(på engelska\): /);
  const swedish = await err.evaluate((el) => { const c = el.cloneNode(true); c.querySelector('.error-reason').remove(); return c.textContent; });
  assert.ok(!swedish.includes(refused.body.error.message), swedish);
  assert.equal(await dialog.locator('input[name="start_week"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'start_week');
  await shot(page, 'panel-error');
  await assertAccessible(page, 'place panel with a refused request');

  // The server's answer is passed on with a short-notice warning added
  // (this start is three months away and more, so the server gives none):
  // the panel words it from its code, in Swedish.
  let served = null;
  await page.route('**/api/v1/bookings', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const res = await route.fetch();
    served = await res.json();
    const warnings = [{ code: 'short_notice', message: 'the placement starts less than three months from today; the receiving unit may not be able to plan for it' }];
    return route.fulfill({ response: res, json: { ...served, warnings } });
  });
  await dialog.locator('input[name="start_week"]').fill(pick.week);
  await dialog.locator('button[type="submit"]').click();
  const ok = dialog.locator('.notice-ok');
  await ok.waitFor();
  await page.unroute('**/api/v1/bookings');
  const okText = await ok.textContent();
  assert.ok(okText.includes(pick.trainee.name) && okText.includes(pick.unit.name), okText);
  const bookingId = Number(await ok.getAttribute('data-booking'));
  assert.ok(bookingId > 0);
  // Three months' lead time and more: the server gave no short-notice
  // warning; the one added is shown in Swedish only.
  assert.deepEqual(served.warnings || [], []);
  const warn = dialog.locator('.notice-warn li[data-code="short_notice"]');
  assert.equal(await warn.textContent(), 'Placeringen börjar om mindre än tre månader; den mottagande enheten kanske inte hinner planera för den.');
  await shot(page, 'requested');
  await assertAccessible(page, 'place panel after the request');

  let booking = await api(`/bookings/${bookingId}`);
  assert.equal(booking.status, 'requested');
  assert.equal(booking.trainee.id, pick.trainee.id);
  assert.equal(booking.unit.id, pick.unit.id);
  assert.equal(booking.start_week, pick.week);
  assert.equal(booking.pattern, 'full');

  // A requested booking holds its seat: the cell goes down by one.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want,
    [`td.cell[data-unit="${pick.unit.id}"][data-week="${pick.week}"]`, sv(freeBefore - 1)]);

  // The receiving unit accepts it in Bokningar.
  await page.click('a[data-nav="bookings"]');
  await page.waitForSelector('h1:text("Bokningar")');
  await page.waitForSelector(`select[name="unit"] option[value="${pick.unit.id}"]`, { state: 'attached' });
  await page.selectOption('select[name="unit"]', String(pick.unit.id));
  const row = page.locator(`#bookings-panel tr[data-booking="${bookingId}"]`);
  await row.waitFor();
  assert.ok((await row.textContent()).includes(pick.trainee.name));
  assert.equal(await row.locator('td').nth(1).textContent(), pick.unit.name);
  // The tab counts the unit's requests. The counts load after the list (and
  // the new row is in the region's list, too), so wait for the unit's count.
  const requestedTotal = (await api(`/bookings?status=requested&unit=${pick.unit.id}&limit=1`)).total;
  await page.waitForFunction((n) => document.querySelector('#tab-requested .tab-count')?.dataset.count === String(n),
    requestedTotal);
  await shot(page, 'bookings');
  await assertAccessible(page, 'bookings, requests of a unit');
  await row.locator('button[data-action="accept"]').click();
  await row.waitFor({ state: 'detached' });
  await page.locator('.toast', { hasText: pick.trainee.name }).first().waitFor();
  booking = await api(`/bookings/${bookingId}`);
  assert.equal(booking.status, 'confirmed');
  await page.waitForFunction((n) => document.querySelector('#tab-requested .tab-count')?.textContent === String(n), requestedTotal - 1);

  // The trainee's timeline shows it as confirmed.
  await page.goto(`${env.server.base}/#/st-lakare/${pick.trainee.id}`);
  await page.waitForSelector('h1:text("' + pick.trainee.name + '")');
  const bar = page.locator(`svg.timeline a.tl-booking[data-booking="${bookingId}"]`);
  await bar.waitFor();
  assert.equal(await bar.getAttribute('data-status'), 'confirmed');
  assert.match(await bar.getAttribute('class'), /\btl-confirmed\b/);
  assert.ok((await bar.locator('title').textContent()).includes('Bekräftad'));
  const listRow = page.locator(`tr[data-booking="${bookingId}"]`);
  assert.equal(await listRow.locator('.badge[data-status]').textContent(), 'Bekräftad');
  assert.equal(await page.locator('svg.timeline .tl-today').count(), 1);
  assert.ok(await page.locator('svg.timeline .tl-year').count() >= 2, 'year ticks');
  // The need is booked now, so it is not in the list of open needs.
  assert.equal(await page.locator(`tr[data-need="${pick.need.id}"]`).count(), 0);
  await shot(page, 'trainee');
  await assertAccessible(page, 'trainee page');

  // The unit's page shows the trainee among its booked trainees.
  await page.goto(`${env.server.base}/#/enheter/${pick.unit.id}`);
  await page.waitForSelector(`h1:text("${pick.unit.name}")`);
  await page.locator('table.table-capacity').waitFor();
  await shot(page, 'unit');
  await assertAccessible(page, 'unit page');

  // Cancel it with a reason in Bokningar.
  await page.goto(`${env.server.base}/#/bokningar?tab=confirmed&unit=${pick.unit.id}`);
  const crow = page.locator(`#bookings-panel tr[data-booking="${bookingId}"]`);
  await crow.waitFor();
  await crow.locator('button[data-action="cancel"]').click();
  await crow.locator('select[data-field="reason"]').selectOption('sick_leave');
  await assertAccessible(page, 'bookings, cancelling a booking');
  await crow.locator('button[data-action="confirm-cancel"]').click();
  await crow.waitFor({ state: 'detached' });
  booking = await api(`/bookings/${bookingId}`);
  assert.equal(booking.status, 'cancelled');
  assert.equal(booking.cancel_reason, 'sick_leave');
  await page.click('#tab-cancelled');
  const cancelled = page.locator(`#bookings-panel tr[data-booking="${bookingId}"]`);
  await cancelled.waitFor();
  assert.equal(await cancelled.locator('td.reason').textContent(), 'Sjukskrivning');
  await shot(page, 'cancelled');
  await assertAccessible(page, 'bookings, cancellations');

  // The seat is free again in the overview.
  await page.goto(`${env.server.base}/#/platser?specialty=${gyn.id}&from=${from}&to=${to}`);
  await mapShows(page, places.units.length);
  assert.equal(await page.locator(`td.cell[data-unit="${pick.unit.id}"][data-week="${pick.week}"]`).textContent(), sv(freeBefore));
  const after = await api(`/places?from=${from}&to=${to}&specialty=${gyn.id}`);
  assert.equal(after.units.find((u) => u.id === pick.unit.id).free[pick.index], freeBefore);

  // The only complaint in the console is the browser noting the refused request.
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /status of 422/);
  await context.close();
});

test('a unit adds a capacity period, changes its seats and deletes it', async () => {
  const { context, page, problems } = await openPage();
  const unit = (await api('/units?limit=1')).items[0];
  const before = (await api(`/capacity?unit=${unit.id}&limit=500`)).items;
  await page.goto(`${env.server.base}/#/enheter/${unit.id}`);
  const add = page.locator('form.add-form');
  await add.waitFor();

  // The new period starts where the last one ends.
  const last = before.map((c) => c.to_week).sort().at(-1);
  const from = await add.locator('input[name="from_week"]').inputValue();
  const lastMonday = mondayOf(last);
  assert.equal(mondayOf(from) - lastMonday, 7 * 86400000, `${from} follows ${last}`);
  await add.locator('input[name="seats"]').fill('2');
  await add.locator('input[name="note"]').fill('extra');
  await add.locator('label.check', { hasText: 'Halvtid' }).locator('input').check();
  await assertAccessible(page, 'unit page, new capacity period filled in');
  await add.locator('button[type="submit"]').click();
  await page.locator('.toast', { hasText: 'Perioden sparades' }).waitFor();
  const added = (await api(`/capacity?unit=${unit.id}&limit=500`)).items.filter((c) => !before.some((b) => b.id === c.id));
  assert.equal(added.length, 1);
  assert.equal(added[0].from_week, from);
  assert.equal(added[0].seats, 2);
  assert.equal(added[0].note, 'extra');
  assert.deepEqual(added[0].patterns, ['full', 'half']);
  const row = page.locator(`tr[data-capacity="${added[0].id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td').nth(2).textContent(), '2');

  // Change its seats; a bad value is refused with the field marked.
  await row.locator('button', { hasText: 'Ändra' }).click();
  const editing = page.locator(`tr.editing[data-capacity="${added[0].id}"]`);
  await editing.locator('input[name="seats"]').fill('-1');
  await editing.locator('button[type="submit"]').click();
  assert.equal(await editing.locator('input[name="seats"]').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'unit page, a capacity period refused in editing');
  await editing.locator('input[name="seats"]').fill('3');
  await editing.locator('button[type="submit"]').click();
  await page.locator(`tr[data-capacity="${added[0].id}"]:not(.editing)`).waitFor();
  assert.equal((await api(`/capacity/${added[0].id}`)).seats, 3);
  assert.equal(await page.locator(`tr[data-capacity="${added[0].id}"] td`).nth(2).textContent(), '3');
  await shot(page, 'unit-capacity');

  // Delete it: the first press asks, the second deletes.
  const del = page.locator(`tr[data-capacity="${added[0].id}"] button`, { hasText: 'Ta bort' });
  await del.click();
  await assertAccessible(page, 'unit page, confirming a deletion');
  assert.equal((await get(env.server.base, `/api/v1/capacity/${added[0].id}`)).status, 200, 'not deleted before the confirmation');
  await page.locator(`tr[data-capacity="${added[0].id}"] button`, { hasText: 'Bekräfta borttagning' }).click();
  await page.locator(`tr[data-capacity="${added[0].id}"]`).waitFor({ state: 'detached' });
  assert.equal((await get(env.server.base, `/api/v1/capacity/${added[0].id}`)).status, 404);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch turns the labels into English and is remembered', async () => {
  const { context, page, problems } = await openPage();
  await page.goto(`${env.server.base}/#/platser`);
  await page.waitForSelector('table.heatmap');
  const nav = () => page.locator('#mainnav a').allTextContents();
  // tester holds every role, so the navigation has every page its actions open.
  const pages = navFor(env.server.session.body.actions);
  assert.ok(pages.length >= 5, 'tester sees the data pages');
  assert.deepEqual(await nav(), pages.map((p) => p.sv));
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  assert.equal(await page.locator('label[for]', { hasText: 'Specialitet' }).count(), 1);

  await page.click('#lang-switch');
  await page.waitForSelector('h1:text("Place availability")');
  assert.deepEqual(await nav(), pages.map((p) => p.en));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('label', { hasText: 'Specialty' }).count(), 1);
  assert.equal(await page.textContent('#lang-switch'), 'Svenska');
  await page.waitForSelector('table.heatmap');
  assert.match(await page.locator('table.heatmap td.cell').first().getAttribute('aria-label'), /wk \d+ \d{4}/);
  await shot(page, 'english');
  await assertAccessible(page, 'place overview in English');

  // Another page, and a reload: still English.
  await page.goto(`${env.server.base}/#/bokningar`);
  await page.waitForSelector('#bookings-panel table');
  await page.reload();
  await page.waitForSelector('h1:text("Bookings")');
  assert.equal(await page.locator('#tab-requested .tab-label').textContent(), 'Requests');
  await page.waitForSelector('#bookings-panel table');
  await assertAccessible(page, 'bookings in English');

  await page.click('#lang-switch');
  await page.waitForSelector('h1:text("Bokningar")');
  assert.deepEqual(await nav(), pages.map((p) => p.sv));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the heat map works from the keyboard: Tab to a cell, arrows move, Enter opens the panel', async () => {
  const { context, page, problems } = await openPage();
  const gyn = (await api('/specialties?limit=500')).items.find((s) => s.code === 'obstetrik-och-gynekologi');
  await page.goto(`${env.server.base}/#/platser?specialty=${gyn.id}`);
  const from = await page.inputValue('input[name="from"]');
  const to = await page.inputValue('input[name="to"]');
  const places = await api(`/places?from=${from}&to=${to}&specialty=${gyn.id}`);
  await mapShows(page, places.units.length);

  // From the last filter, Tab reaches the grid through the window buttons.
  await page.focus('input[name="to"]');
  let onCell = false;
  for (let i = 0; i < 6 && !onCell; i++) {
    await page.keyboard.press('Tab');
    onCell = await page.evaluate(() => document.activeElement?.matches('td.cell'));
  }
  assert.ok(onCell, 'Tab reaches a heat map cell');
  assert.equal(await page.locator('td.cell[tabindex="0"]').count(), 1, 'the grid is one tab stop');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => ({ unit: document.activeElement.dataset.unit, week: document.activeElement.dataset.week }));
  const rowUnits = await page.locator('tr.unit-row').evaluateAll((rows) => rows.map((r) => r.dataset.unit));
  assert.equal(focused.unit, rowUnits[1], 'ArrowDown moves to the next unit');
  assert.equal(focused.week, places.weeks[1], 'ArrowRight moves to the next week');

  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog.drawer');
  await dialog.waitFor({ state: 'visible' });
  const unit = places.units.find((u) => String(u.id) === focused.unit);
  assert.equal(await dialog.locator('h2').textContent(), unit.name);
  assert.equal(await page.evaluate(() => document.activeElement.closest('dialog') !== null), true, 'focus moves into the panel');
  await dialog.locator('select[name="need_id"], .empty, .notice').first().waitFor();
  // Every form control in the panel has a label.
  const unlabelled = await dialog.locator('input, select').evaluateAll((els) => els
    .filter((el) => !el.labels?.length && !el.getAttribute('aria-label')).map((el) => el.name));
  assert.deepEqual(unlabelled, []);
  await shot(page, 'keyboard-panel');
  await assertAccessible(page, 'place panel opened from the keyboard');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  const back = await page.evaluate(() => ({ unit: document.activeElement.dataset.unit, week: document.activeElement.dataset.week }));
  assert.deepEqual(back, focused, 'closing the panel returns focus to the cell');

  // A window from this week: weeks within three months are marked short
  // notice in words as well as by their hatching; later weeks are not.
  const [now, later] = await page.evaluate(async () => {
    const w = await import('/weeks.js');
    return [w.currentWeek(), w.addWeeks(w.currentWeek(), 25)];
  });
  await page.goto(`${env.server.base}/#/platser?specialty=${gyn.id}&from=${now}&to=${later}`);
  const nowPlaces = await api(`/places?from=${now}&to=${later}&specialty=${gyn.id}`);
  await mapShows(page, nowPlaces.units.length);
  const soonCells = await page.locator('td.cell.soon').evaluateAll((tds) => tds.map((td) => [td.getAttribute('aria-label'), Number(td.dataset.seats)]));
  assert.ok(soonCells.some(([, seats]) => seats > 0), 'the window starts with weeks at short notice');
  for (const [label, seats] of soonCells) if (seats > 0) assert.match(label, /: lediga platser [\d,]+ av [\d,]+(, varav .*)?, kort varsel$/, label);
  const laterCells = await page.locator('td.cell:not(.soon)').evaluateAll((tds) => tds.map((td) => td.getAttribute('aria-label')));
  assert.ok(laterCells.length > 0 && laterCells.every((l) => !l.includes('kort varsel')), laterCells[0]);
  await assertAccessible(page, 'place overview from this week');
  assert.deepEqual(problems, []);
  await context.close();
});

test('timestamps are shown in Swedish time, whatever the browser\'s time zone', async () => {
  // A browser in UTC: a request made at 23:30 UTC on 7 March was made on
  // 8 March in Sweden (00:30).
  const { context, page, problems } = await openPage({ timezoneId: 'UTC' });
  const unit = (await api('/units?limit=1')).items[0];
  const trainee = (await api('/trainees?limit=1')).items[0];
  const made = {
    id: 999001, status: 'requested', pattern: 'full', weeks: 4, start_week: '2027-W20', end_week: '2027-W23',
    trainee: { id: trainee.id, name: trainee.name }, unit: { id: unit.id, name: unit.name },
    created_at: '2027-03-07T23:30:00Z', updated_at: '2027-03-07T23:30:00Z', short_notice: false,
  };
  await page.route('**/api/v1/bookings?*', async (route) => {
    const q = new URL(route.request().url()).searchParams;
    if (q.get('status') !== 'requested' || q.get('unit') !== String(unit.id) || q.get('from')) return route.continue();
    return route.fulfill({ json: { items: [made], total: 1, limit: 500, offset: 0 } });
  });
  await page.goto(`${env.server.base}/#/enheter/${unit.id}`);
  const row = page.locator(`tr[data-booking="${made.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td').nth(4).textContent(), '2027-03-08');
  assert.deepEqual(await page.evaluate(async () => {
    const m = await import('/i18n.js');
    return [m.fmtDate('2027-03-07T23:30:00Z'), m.fmtDate('2027-03-07'), m.fmtDateTime('2027-03-07T23:30:00Z'), m.fmtDateTime('2027-07-01T12:05:00Z')];
  }), ['2027-03-08', '2027-03-07', '2027-03-08 00:30', '2027-07-01 14:05']);
  await page.unroute('**/api/v1/bookings?*');
  assert.deepEqual(problems, []);
  await context.close();
});

test('every page renders without console errors, on a laptop and on a tablet', async () => {
  const trainee = (await api('/trainees?limit=1')).items[0];
  const unit = (await api('/units?limit=1')).items[0];
  const pages = [
    ['#/platser', 'Platstillgång'],
    ['#/st-lakare', 'ST-läkare'],
    [`#/st-lakare/${trainee.id}`, trainee.name],
    ['#/enheter', 'Enheter'],
    [`#/enheter/${unit.id}`, unit.name],
    ['#/bokningar', 'Bokningar'],
    ['#/att-gora', 'Att göra'],
    ['#/delmal', 'Delmål'],
    ['#/anvandare', 'Användare'],
    ['#/logg', 'Logg'],
    ['#/konto', 'Mitt konto'],
  ];
  for (const [width, height, suffix] of [[1440, 900, ''], [820, 1180, '-tablet']]) {
    const { context, page, problems } = await openPage({ width, height });
    for (const [hash, title] of pages) {
      await page.goto(`${env.server.base}/${hash}`);
      await page.waitForSelector(`h1:text("${title}")`);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
      assert.equal(await page.locator('.notice-error').count(), 0, `${hash} shows no error`);
      // Every visible form control has a label.
      const unlabelled = await page.locator('main input, main select').evaluateAll((els) => els
        .filter((el) => el.offsetParent && !el.labels?.length && !el.getAttribute('aria-label'))
        .map((el) => el.name || el.type));
      assert.deepEqual(unlabelled, [], `${hash}: every field has a label`);
      await assertAccessible(page, `${hash} at ${width}×${height}`);
      if (suffix) await shot(page, `${hash.replace(/[#/]+/g, '-').replace(/^-|-$/g, '').replace(/-\d+$/, '-detail')}${suffix}`);
    }
    // An unknown id is a clear message, not a broken page.
    await page.goto(`${env.server.base}/#/st-lakare/999999`);
    await page.locator('.notice-error').waitFor();
    // The API's 404 in Swedish words, not the server's English message.
    const notFound = await get(env.server.base, '/api/v1/trainees/999999');
    assert.equal(notFound.status, 404);
    const said = await page.locator('.notice-error').textContent();
    assert.ok(said.includes('Det du bad om finns inte, eller har tagits bort.'), said);
    assert.ok(!said.includes(notFound.body.error.message), said);
    await assertAccessible(page, `an unknown trainee at ${width}×${height}`);
    assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
    await context.close();
  }
});
