// The re-offer of a freed place in a real browser (Debian's headless
// Chromium driven by playwright-core) against a real `randa serve` on a
// fresh demo region: the receiving unit cancels a confirmed booking on
// Bokningar, the heat map marks the freed weeks (a star and words, not
// colour alone), the panel leads to the freed place, whose ranked
// candidates show their reasons; the place is offered to the demo
// ST-läkare, who accepts it on their own page and finds the placement
// booked. Every page and state is checked against WCAG 2.1 AA.
// Screenshots go to tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, post } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';
import { addWeeks, currentWeek, weekMonday, weeksBetween } from '../../ui/weeks.js';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const api = (path) => apiGet(env.server, path);
const url = (hash) => `${env.server.base}/${hash}`;

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// Whether trainee id is free (no booking holding seats) in weeks [a, b].
async function freeIn(traineeId, a, b) {
  const bookings = (await api(`/bookings?trainee=${traineeId}&from=${a}&to=${b}&limit=100`)).items;
  return !bookings.some((x) => ['requested', 'confirmed'].includes(x.status));
}

test('a cancelled booking frees a place that is offered to a candidate, who accepts it', async () => {
  const st = await login(env.server.base, 'st-lakare');
  const traineeId = st.body.roles.find((r) => r.role === 'trainee').scope_id;
  const trainee = await api(`/trainees/${traineeId}`);
  // A full-time confirmed booking of another trainee, a few weeks ahead,
  // whose weeks the ST-läkare has free of bookings and leave: the place to
  // free.
  const soon = addWeeks(currentWeek(), 6);
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const onLeave = (a, b) => trainee.leaves.some((l) =>
    l.from_date <= day(weekMonday(b) + 6 * 86400000) && l.to_date >= day(weekMonday(a)));
  let chosen = null;
  for (const b of (await api(`/bookings?status=confirmed&from=${soon}&sort=start&limit=200`)).items) {
    if (b.trainee.id === traineeId || b.start_week < soon || b.pattern !== 'full') continue;
    if (weeksBetween(b.start_week, b.end_week) < 3 || onLeave(b.start_week, b.end_week)) continue;
    if (!(await freeIn(traineeId, b.start_week, b.end_week))) continue;
    chosen = b;
    break;
  }
  assert.ok(chosen, 'a confirmed booking to cancel, whose weeks the ST-läkare has free');
  // The ST-läkare needs a rotation at that unit that fits those weeks.
  const span = weeksBetween(chosen.start_week, chosen.end_week) + 1;
  const need = await post(env.server.base, '/api/v1/needs', {
    trainee_id: traineeId, unit_ids: [chosen.unit.id], weeks: Math.max(1, Math.floor((span * trainee.fte) / 100)),
    patterns: ['full'], preferred_start: chosen.start_week,
  });
  assert.equal(need.status, 201, JSON.stringify(need.body));

  // ---- the receiving unit cancels the booking on Bokningar ----
  const { page, problems } = await openAs('tester');
  await page.goto(url(`#/bokningar?tab=confirmed&unit=${chosen.unit.id}`));
  const row = page.locator(`tr[data-booking="${chosen.id}"]`);
  await row.waitFor();
  await row.locator('[data-action="cancel"]').click();
  await row.locator('select[data-field="reason"]').selectOption('sick_leave');
  await row.locator('[data-action="confirm-cancel"]').click();
  await page.locator(`tr[data-booking="${chosen.id}"]`).waitFor({ state: 'detached' });
  const freed = (await api(`/freed?unit=${chosen.unit.id}&open=true`)).items.find((f) => f.booking_id === chosen.id);
  assert.ok(freed, 'the cancellation freed the place');

  // ---- the heat map marks the freed weeks ----
  await page.goto(url(`#/platser?from=${chosen.start_week}&to=${chosen.end_week}&specialty=${chosen.specialty.id}`));
  const cell = page.locator(`td.cell[data-unit="${chosen.unit.id}"][data-week="${chosen.start_week}"]`);
  await cell.waitFor();
  await settled(page);
  assert.match(await cell.getAttribute('class'), /\bfresh\b/);
  // The star is the stylesheet's, so that the cell's text stays its number.
  assert.equal(await cell.evaluate((el) => getComputedStyle(el, '::after').content), '"★"');
  assert.match(await cell.getAttribute('aria-label'), /varav 1 nyligen lediga(, kort varsel)?$/);
  assert.match(await page.locator('.map-summary').textContent(), /nyligen lediga/);
  await assertAccessible(page, 'the heat map with newly freed seats');
  await shot(page, 'reoffer-heatmap');
  await cell.click();
  const link = page.locator(`dialog[open] .freed-list li[data-freed="${freed.id}"] a`);
  await link.waitFor();
  // The freed seats are counted in words: "1 plats", never "1 plats(er)".
  const freedItem = await page.locator(`dialog[open] .freed-list li[data-freed="${freed.id}"]`).textContent();
  assert.ok(freedItem.includes(freed.seats === 1 ? ' · 1 plats · ' : ' platser · '), freedItem);
  assert.ok(!freedItem.includes('('), freedItem);
  await assertAccessible(page, 'the place panel with the freed place');
  await link.click();

  // ---- the freed place: its candidates, ranked with reasons ----
  await page.locator('table.table-candidates').waitFor();
  await settled(page);
  assert.match(await page.locator('h1').textContent(), new RegExp(chosen.unit.name));
  await assertAccessible(page, 'a freed place with its ranked candidates');
  const ranked = await api(`/freed/${freed.id}/candidates?limit=500`);
  const mine = ranked.items.find((c) => c.need.id === need.body.id);
  assert.ok(mine, `the ST-läkare is a candidate: ${JSON.stringify(ranked.items.slice(0, 3))}`);
  // Page on to the ST-läkare's row.
  for (let i = 0; i < Math.floor((mine.rank - 1) / 20); i++) {
    await page.locator('nav.pager [data-page="next"]').first().click();
    await settled(page);
  }
  const mineRow = page.locator(`table.table-candidates tr[data-need="${need.body.id}"]`);
  await mineRow.waitFor();
  assert.equal(await mineRow.getAttribute('data-rank'), String(mine.rank));
  assert.equal((await mineRow.locator('.reason').textContent()).trim(), mine.reason_sv);
  await mineRow.locator('input[type="checkbox"]').check();
  await page.locator('form.offer-form select[name="answer_hours"]').selectOption('72');
  await page.locator('form.offer-form [data-action="offer"]').click();
  await page.locator('.toast', { hasText: 'Platsen är erbjuden till 1 ST-läkare.' }).waitFor();
  const offerRow = page.locator('tr[data-offer][data-status="open"]');
  await offerRow.first().waitFor();
  const offers = (await api(`/offers?freed=${freed.id}`)).items;
  assert.deepEqual(offers.map((o) => [o.need_id, o.status, o.rank]), [[need.body.id, 'open', mine.rank]]);
  assert.equal((Date.parse(offers[0].deadline) - Date.parse(offers[0].offered_at)) / 3600000, 72);
  await settled(page);
  await assertAccessible(page, 'a freed place offered to a candidate');
  await shot(page, 'reoffer-candidates');
  assert.deepEqual(problems, []);

  // ---- the ST-läkare accepts it on their own page ----
  const trainee2 = await openAs('st-lakare');
  const tp = trainee2.page;
  await tp.goto(url(`#/st-lakare/${traineeId}`));
  const offer = tp.locator(`#erbjudanden tr[data-offer="${offers[0].id}"]`);
  await offer.waitFor();
  await settled(tp);
  assert.match(await offer.textContent(), /Svara senast \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  assert.match(await offer.textContent(), new RegExp(`v\\. \\d+ \\d{4} – v\\. \\d+ \\d{4}`));
  await assertAccessible(tp, 'the ST-läkare\'s offer waiting for an answer');
  await offer.locator('[data-action="accept-offer"]').click();
  await tp.locator(`#erbjudanden tr[data-offer="${offers[0].id}"][data-status="accepted"]`).waitFor();
  // An offer (erbjudande) is neuter: "Antaget".
  assert.equal((await tp.locator(`#erbjudanden tr[data-offer="${offers[0].id}"] .badge`).first().textContent()).trim(), 'Antaget');
  await settled(tp);
  const accepted = await api(`/offers/${offers[0].id}`);
  assert.equal(accepted.status, 'accepted');
  const booking = await api(`/bookings/${accepted.booking_id}`);
  assert.deepEqual([booking.status, booking.unit.id, booking.start_week], ['confirmed', chosen.unit.id, mine.placement.start_week]);
  await tp.locator(`tr[data-booking="${booking.id}"][data-status="confirmed"]`).waitFor();
  await assertAccessible(tp, 'the ST-läkare\'s offer accepted and booked');
  await shot(tp, 'reoffer-accepted');
  assert.deepEqual(trainee2.problems, []);
  // The place is taken now.
  assert.equal((await api(`/freed/${freed.id}`)).state, 'taken');
});
