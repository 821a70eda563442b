// The yearly figures, unit reviews and doctors' programs through the API of
// a running server (a small demo region), on data built here by hand with
// answers worked out by hand:
//   - 2014, long before the demo's history begins, for the figures of
//     004 §5 over the whole region: ST and AT doctors who stayed, left, or
//     left and came back; a part-time trainee; contracts and supervisor
//     training signed before and after the year's end; STINS and SPUR
//     reviews on the edge of their windows, and a unit with no ST-läkare;
//   - next year, at a unit of our own, for the place market: seat-weeks
//     offered and used (a part-time trainee's placement lasts twice as
//     long), summer weeks, cancellations by reason; this year for the
//     requests made today, trainees behind plan and substitutes;
//   - a review's report round trip, a refused file type (422) and size
//     (413), the reviews due on Att göra, and refusals by role (403) and
//     scope (404).
// Every figure's counted records add up to the figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { serveForTests, login, sessionHeaders, call, get, post, patch, del, errorOf, authHeaders } from './harness.mjs';

const srv = serveForTests({ trainees: 30 });
const put = (path, body) => call(srv.base, 'PUT', path, body);

// ---- dates, as the server counts them (UTC) ----

const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const TODAY = iso(Date.now());
const CY = Number(TODAY.slice(0, 4));
const NY = CY + 1;

// The Monday of ISO week w of year y, as "YYYY-MM-DD".
function mondayOf(y, w) {
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return iso(jan4 - dow * DAY + (w - 1) * 7 * DAY);
}

// d + months, the day clamped to the month's end (as domain/week.h does).
function addMonths(d, months) {
  const [y, m, day] = d.split('-').map(Number);
  const t = y * 12 + (m - 1) + months;
  const ny = Math.floor(t / 12), nm = t % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return iso(Date.UTC(ny, nm, Math.min(day, last)));
}

const daysBetween = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

// ---- the data set ----

const REGION = 1;
const ids = {};
let n = 0;

async function ok(res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

async function trainee(home, { start, end, fte = 100, status = 'active', supervisor = null }) {
  n++;
  return (await ok(await post(srv.base, '/api/v1/trainees', {
    name: `Figur Test ${n}`, email: `figur.${n}@test.randa.se`, specialty_id: ids.spec,
    regulation: '2021', home_unit_id: home, supervisor_id: supervisor, start_date: start, fte,
    planned_end: end, status,
  }))).id;
}

async function supervisor(unit, trainedOn) {
  n++;
  return (await ok(await post(srv.base, '/api/v1/supervisors', {
    name: `Handledare Figur ${n}`, email: `handledare.figur.${n}@test.randa.se`, unit_id: unit,
    trained_on: trainedOn,
  }))).id;
}

async function contract(id, signedOn) {
  await ok(await put(`/api/v1/trainees/${id}/contract`, {
    signed_on: signedOn, employer: 'Region Skåne', parties: 'ST-läkaren och verksamhetschefen',
  }), 200);
}

async function doctor(program, unit, dates) {
  n++;
  const body = { program, unit_id: unit, name: `Doktor Figur ${n}`, email: `doktor.figur.${n}@test.randa.se`, ...dates };
  if (program === 'st') body.specialty_id = ids.spec;
  return (await ok(await post(srv.base, '/api/v1/programs', body))).id;
}

async function review(unit, kind, reviewedOn, result = 'approved') {
  return (await ok(await post(srv.base, '/api/v1/reviews', { unit_id: unit, kind, reviewed_on: reviewedOn, result }))).id;
}

async function need(traineeId, weeks, start) {
  return (await ok(await post(srv.base, '/api/v1/needs', {
    trainee_id: traineeId, unit_ids: [ids.u4], weeks, patterns: ['full'], preferred_start: start,
  }))).id;
}

async function booking(needId, startWeek) {
  return (await ok(await post(srv.base, '/api/v1/bookings', {
    need_id: needId, unit_id: ids.u4, start_week: startWeek, pattern: 'full',
  }))).id;
}

// Builds the data set once, before the first test that needs it (after
// the server of serveForTests() is up).
let built = null;
const ready = () => (built ??= build());

async function build() {
  // Units of one specialty that the demo left alone: no trainee at home,
  // no booking, review, doctor or supervisor there.
  const free = srv.sql(`SELECT u.id, u.specialty_id FROM unit u
    WHERE u.region_id = ${REGION}
      AND NOT EXISTS (SELECT 1 FROM trainee t WHERE t.home_unit_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.unit_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM unit_review r WHERE r.unit_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM doctor_program d WHERE d.unit_id = u.id)
      AND NOT EXISTS (SELECT 1 FROM supervisor s WHERE s.unit_id = u.id)
    ORDER BY u.specialty_id, u.id`);
  const bySpec = new Map();
  for (const u of free) bySpec.set(u.specialty_id, [...(bySpec.get(u.specialty_id) || []), u.id]);
  const [spec, units] = [...bySpec].find(([, us]) => us.length >= 3);
  assert.ok(units, 'a specialty with three units the demo left alone');
  ids.spec = spec;
  [ids.u1, ids.u2, ids.u3] = units;
  ids.u4 = free.find((u) => !units.slice(0, 3).includes(u.id)).id;
  ids.unitName = Object.fromEntries(srv.sql(`SELECT id, name FROM unit
    WHERE id IN (${ids.u1}, ${ids.u2}, ${ids.u3}, ${ids.u4})`).map((u) => [u.id, u.name]));

  // ---- 2014: the figures of 004 §5 ----
  const sv1 = await supervisor(ids.u1, '2011-05-01');
  const sv2 = await supervisor(ids.u2, '2015-03-01');
  const sv3 = await supervisor(ids.u1, null);
  ids.t1 = await trainee(ids.u1, { start: '2012-09-03', end: '2018-02-28', status: 'completed', supervisor: sv1 });
  ids.t2 = await trainee(ids.u2, { start: '2014-03-03', end: '2019-08-30', status: 'completed', supervisor: sv2 });
  // Part time at 50 %: ten years of calendar time, one trainee.
  ids.tpt = await trainee(ids.u2, { start: '2004-08-02', end: '2014-08-01', fte: 50, status: 'completed', supervisor: sv2 });
  ids.told = await trainee(ids.u1, { start: '2005-01-03', end: '2010-12-31', status: 'completed', supervisor: sv3 });
  await contract(ids.t1, '2012-09-01');
  await contract(ids.t2, '2015-01-10');
  await contract(ids.tpt, '2004-07-15');

  // ST completed in 2009: their fifth anniversary falls in 2014.
  ids.p1 = await doctor('st', ids.u1, { start_date: '2004-01-05', completed_on: '2009-03-02' });
  ids.p2 = await doctor('st', ids.u1, { start_date: '2004-02-02', completed_on: '2009-05-04', left_on: '2010-02-01', returned_on: '2012-09-01' });
  ids.p3 = await doctor('st', ids.u1, { start_date: '2004-03-01', completed_on: '2009-06-01', left_on: '2011-01-10' });
  ids.p4 = await doctor('st', ids.u1, { start_date: '2004-04-05', completed_on: '2009-08-03', left_on: '2014-09-01' });
  // ST that end in 2014: the part-time trainee's (from the trainee record),
  // one more completed, one left without completing, one left and came back.
  ids.c1 = (await ok(await post(srv.base, '/api/v1/programs', { program: 'st', trainee_id: ids.tpt, completed_on: '2014-06-30' }))).id;
  ids.c2 = await doctor('st', ids.u1, { start_date: '2008-09-01', completed_on: '2014-03-03' });
  ids.c3 = await doctor('st', ids.u1, { start_date: '2010-01-04', left_on: '2014-04-01' });
  ids.c4 = await doctor('st', ids.u2, { start_date: '2011-08-01', left_on: '2014-02-03', returned_on: '2014-10-01' });
  // AT completed in 2013, and a BT doctor (not an AT).
  ids.a1 = await doctor('at', ids.u1, { start_date: '2011-09-01', completed_on: '2013-03-31' });
  ids.a2 = await doctor('at', ids.u1, { start_date: '2011-12-01', completed_on: '2013-06-30', left_on: '2013-09-01' });
  ids.a3 = await doctor('at', ids.u1, { start_date: '2012-03-01', completed_on: '2013-09-30', left_on: '2014-01-15', returned_on: '2014-06-01' });
  ids.a4 = await doctor('at', ids.u1, { start_date: '2012-06-01', completed_on: '2013-12-31', left_on: '2014-12-31' });
  ids.b1 = await doctor('bt', ids.u1, { start_date: '2012-06-01', completed_on: '2013-05-31' });

  // Reviews: u1's STINS and SPUR, u2's STINS three years to the day before
  // 2014's end, and u3, which has no ST-läkare.
  ids.r1 = await review(ids.u1, 'stins', '2012-11-01');
  ids.r2 = await review(ids.u1, 'spur', '2010-06-15', 'remarks');
  ids.r3 = await review(ids.u2, 'stins', '2011-12-31');
  ids.r4 = await review(ids.u3, 'stins', '2014-05-05');

  // ---- next year and this year: the place market at u4 ----
  await ok(await patch(srv.base, `/api/v1/units/${ids.u4}`, { takes_trainees: true }), 200);
  await ok(await patch(srv.base, `/api/v1/units/${ids.u1}`, { max_away: null }), 200);
  for (const c of srv.sql(`SELECT id FROM capacity WHERE unit_id = ${ids.u4}`))
    await ok(await del(srv.base, `/api/v1/capacity/${c.id}`), 204);
  await ok(await post(srv.base, '/api/v1/capacity', {
    unit_id: ids.u4, from_week: `${NY}-W10`, to_week: `${NY}-W29`, seats: 2, patterns: ['full'],
  }));
  // Trainees at home at u1 now: on plan; part time on a full-time plan
  // (behind it); on plan with a substitute.
  ids.t5 = await trainee(ids.u1, { start: `${CY}-01-05`, end: `${CY + 8}-01-04` });
  ids.t6 = await trainee(ids.u1, { start: `${CY - 1}-01-06`, end: addMonths(`${CY - 1}-01-06`, 66), fte: 50 });
  ids.t7 = await trainee(ids.u1, { start: `${CY}-02-02`, end: `${CY + 8}-02-01` });
  ids.b1 = await booking(await need(ids.t5, 8, `${NY}-W10`), `${NY}-W10`);
  // Four full-time weeks at 50 %: eight calendar weeks, W20 to W27.
  ids.b2 = await booking(await need(ids.t6, 4, `${NY}-W20`), `${NY}-W20`);
  ids.b3 = await booking(await need(ids.t7, 4, `${NY}-W26`), `${NY}-W26`);
  ids.b4 = await booking(await need(ids.t5, 4, `${NY}-W22`), `${NY}-W22`);
  await ok(await post(srv.base, `/api/v1/bookings/${ids.b1}/accept`), 200);
  await ok(await post(srv.base, `/api/v1/bookings/${ids.b2}/accept`), 200);
  await ok(await post(srv.base, `/api/v1/bookings/${ids.b3}/cancel`, { reason: 'sick_leave' }), 200);
  await ok(await post(srv.base, `/api/v1/bookings/${ids.b4}/decline`), 200);
  const course = await ok(await post(srv.base, '/api/v1/activities', {
    trainee_id: ids.t7, kind: 'simulation', title: 'Simulering, akuta tillstånd',
  }));
  const open = await need(ids.t7, 6, `${NY}-W40`);
  await ok(await post(srv.base, '/api/v1/substitutes', {
    activity_id: course.id, need_id: open, weeks_saved: 2, reason: 'Simuleringen täcker de akuta momenten.',
  }));
}

// ---- reading figures ----

async function figures(query) {
  const r = await get(srv.base, `/api/v1/figures?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return Object.fromEntries(r.body.figures.map((f) => [f.id, f]));
}

async function records(figure, query) {
  const items = [];
  let body;
  for (let offset = 0; ; offset += 500) {
    const r = await get(srv.base, `/api/v1/figures/records?figure=${figure}&${query}&limit=500&offset=${offset}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    body = r.body;
    items.push(...r.body.items);
    if (items.length >= r.body.total) return { ...body, items };
  }
}

function share(f, num, den, met) {
  assert.deepEqual([f.numerator, f.denominator], [num, den], `${f.id}: ${f.numerator}/${f.denominator}`);
  if (den) assert.ok(Math.abs(f.value - num / den) < 1e-12, `${f.id}: value ${f.value}`);
  else assert.equal(f.value, null);
  assert.equal(f.met, met, `${f.id}: met`);
}

const byYear = (f) => Object.fromEntries(f.years.map((y) => [y.year, [y.numerator, y.denominator]]));

test('2014 in the region: figures 1 to 7 with their targets, hand-computed', async () => {
  await ready();
  const f = await figures(`region=${REGION}&year=2014`);
  // 1: of four who completed in 2009, one left for good; one left and came
  // back before the fifth year, one left after it. 3/4 is exactly 75 %.
  share(f.st_retention, 3, 4, true);
  assert.equal(f.st_retention.target, 0.75);
  assert.equal(f.st_retention.number, 1);
  // 2: of four who completed AT in 2013, one left for good and one left on
  // the very anniversary; one came back in time. The BT doctor is no AT.
  share(f.at_retention, 2, 4, false);
  // 3: two completed (the part-time trainee among them), one left without
  // completing; the one who left and came back is still in training.
  share(f.st_completion, 2, 3, false);
  assert.equal(f.st_completion.target, 0.9);
  // 4: the huvudhandledare of the three in training: one trained in 2011,
  // one only in 2015; the one untrained supervises no one in training.
  share(f.supervisor_training, 1, 2, false);
  assert.deepEqual(byYear(f.supervisor_training), { 2010: [0, 2], 2011: [0, 1], 2012: [1, 2], 2013: [1, 2], 2014: [1, 2] });
  // 5: three in training, one signed only in January 2015.
  share(f.st_contract, 2, 3, false);
  // 6: u1 (STINS 2012-11-01) and u2 (2011-12-31, due again on 2014-12-31
  // itself) within three years; neither within two; u3 trains no one.
  share(f.stins_3y, 2, 2, true);
  assert.equal(f.stins_3y.target, 0.5);
  share(f.stins_2y, 0, 2, false);
  assert.deepEqual(byYear(f.stins_2y)[2013], [2, 2], 'both within two years at the end of 2013');
  assert.deepEqual(f.stins_3y.groups.map((g) => [g.specialty.id, g.numerator, g.denominator]), [[ids.spec, 2, 2]]);
  // 7: only u1 had an external review.
  share(f.spur_5y, 1, 2, false);
  // Nothing of the place market that year.
  share(f.utilisation, 0, 0, null);
  assert.equal(f.utilisation.target, null);
  // A year later: both contracts signed, both supervisors trained.
  const g = await figures(`region=${REGION}&year=2015`);
  share(g.st_contract, 2, 2, true);
  share(g.supervisor_training, 2, 2, true);
  // Five years each, oldest first, as of each year's last day.
  assert.deepEqual(f.st_retention.years.map((y) => [y.year, y.as_of]),
    [2010, 2011, 2012, 2013, 2014].map((y) => [y, `${y}-12-31`]));
});

test('the records behind a figure: who is counted, who is not, and why; they add up', async () => {
  await ready();
  const q = `region=${REGION}&year=2014`;
  const ret = await records('st_retention', q);
  const mine = (items) => items.filter((r) => [ids.p1, ids.p2, ids.p3, ids.p4].includes(r.id));
  assert.deepEqual(mine(ret.items).map((r) => [r.id, r.counted, r.in_numerator, r.reason]).sort(),
    [[ids.p1, true, true, 'in_region'], [ids.p2, true, true, 'returned'],
      [ids.p3, true, false, 'left'], [ids.p4, true, true, 'in_region']].sort());
  assert.equal(mine(ret.items).find((r) => r.id === ids.p1).date, '2014-03-02', 'the fifth anniversary');
  assert.deepEqual([ret.numerator, ret.denominator], [3, 4]);
  // Seen from 1 June 2014, the fourth has not had five years yet: pending.
  const early = await records('st_retention', `${q}&on=2014-06-01`);
  const p4 = early.items.find((r) => r.id === ids.p4);
  assert.deepEqual([p4.counted, p4.reason], [false, 'pending']);
  assert.deepEqual([early.numerator, early.denominator], [2, 3]);
  assert.equal(early.as_of, '2014-06-01');
  const done = await records('st_completion', q);
  const c4 = done.items.find((r) => r.id === ids.c4);
  assert.deepEqual([c4.counted, c4.reason], [false, 'came_back']);
  const c1 = done.items.find((r) => r.id === ids.c1);
  assert.deepEqual([c1.counted, c1.in_numerator, c1.unit.id], [true, true, ids.u2], 'from the trainee record');
  // A unit with no ST-läkare is listed, not counted.
  const notCounted = await records('stins_3y', `${q}&counted=false`);
  const u3 = notCounted.items.find((r) => r.id === ids.u3);
  assert.deepEqual([u3.kind, u3.reason, u3.date], ['unit', 'no_trainees', '2014-05-05']);
  assert.ok(notCounted.items.every((r) => !r.counted));
  const contracts = await records('st_contract', `${q}&counted=true`);
  assert.deepEqual(contracts.items.map((r) => r.id).sort(), [ids.t1, ids.t2, ids.tpt].sort(), 'the part-time trainee once');
  assert.equal(contracts.items.find((r) => r.id === ids.t2).reason, 'unsigned');
});

test('every figure of the region this year: its counted records add up to it, and it is reproducible', async () => {
  await ready();
  const q = `region=${REGION}`;
  const first = await get(srv.base, `/api/v1/figures?${q}`);
  const again = await get(srv.base, `/api/v1/figures?${q}`);
  assert.deepEqual(again.body, first.body, 'the same data, the same figures');
  assert.equal(first.body.figures.length, 18); // 15 of issue 13, 3 of the freed places' (issue 14)
  for (const f of first.body.figures) {
    const r = await records(f.id, `${q}&counted=true`);
    const num = r.items.reduce((a, x) => a + x.numerator, 0);
    const den = r.items.reduce((a, x) => a + x.denominator, 0);
    assert.ok(Math.abs(num - f.numerator) < 1e-6 && Math.abs(den - f.denominator) < 1e-6,
      `${f.id}: records ${num}/${den}, figure ${f.numerator}/${f.denominator}`);
    assert.equal(r.total, r.items.length);
    assert.ok(f.records.startsWith(`/api/v1/figures/records?figure=${f.id}&region=${REGION}`));
  }
});

test('the place market at one unit: seat-weeks, summer, cancellations by reason, requests made today', async () => {
  await ready();
  const next = await figures(`region=${REGION}&unit=${ids.u4}&year=${NY}&on=${NY}-12-31`);
  // 2 seats in weeks 10-29: 40 seat-weeks; used 8 (full time, weeks 10-17)
  // and 8 (part time: four weeks over eight); the cancelled one none.
  share(next.utilisation, 16, 40, null);
  assert.deepEqual(next.utilisation.groups.map((g) => [g.specialty.id, g.numerator, g.denominator]),
    [[srv.sql(`SELECT specialty_id FROM unit WHERE id = ${ids.u4}`)[0].specialty_id, 16, 40]]);
  assert.ok(['public', 'private'].includes(next.utilisation.groups[0].provider_kind));
  assert.equal(next.utilisation.unit_of_measure, 'seat_weeks');
  // Weeks 26-32: 2 seats in 26-29 offered; the part-time placement in 26, 27.
  share(next.summer_utilisation, 2, 8, null);
  // Three bookings start that year (the declined one aside); one cancelled.
  share(next.cancellations, 1, 3, null);
  assert.deepEqual(next.cancellations.groups.map((g) => [g.reason, g.numerator, g.denominator]), [['sick_leave', 1, 3]]);
  const recs = await records('utilisation', `region=${REGION}&unit=${ids.u4}&year=${NY}&on=${NY}-12-31`);
  assert.deepEqual(recs.items.map((r) => [r.kind, r.id, r.numerator, r.denominator, r.reason]), [['unit', ids.u4, 16, 40, 'used']]);

  // This year: the four requests were made today.
  const now = await figures(`region=${REGION}&unit=${ids.u4}`);
  const starts = [`${NY}-W10`, `${NY}-W20`, `${NY}-W26`, `${NY}-W22`].map((w) => mondayOf(NY, Number(w.slice(6))));
  const short = starts.filter((s) => s < addMonths(TODAY, 3)).length;
  share(now.short_notice, short, 4, null);
  // Waiting: the two that got their place, days from today to their start.
  const waited = daysBetween(TODAY, starts[0]) + daysBetween(TODAY, starts[1]);
  assert.deepEqual([now.waiting_days.numerator, now.waiting_days.denominator], [waited, 2]);
  assert.equal(now.waiting_days.value, waited / 2);
  assert.equal(now.waiting_days.measure, 'mean');
});

test('trainees behind plan and weeks saved by substitutes, this year at their home unit', async () => {
  await ready();
  const f = await figures(`region=${REGION}&unit=${ids.u1}`);
  // Three at u1 now; the part-time one on a full-time plan is behind it.
  share(f.behind_plan, 1, 3, null);
  const behind = await records('behind_plan', `region=${REGION}&unit=${ids.u1}&counted=true`);
  assert.deepEqual(behind.items.filter((r) => r.in_numerator).map((r) => r.id), [ids.t6]);
  assert.deepEqual(f.behind_plan.years.slice(0, 4).map((y) => y.value), [null, null, null, null], 'not kept over time');
  // One substitute of two weeks.
  assert.deepEqual([f.substitute_weeks.numerator, f.substitute_weeks.denominator, f.substitute_weeks.value], [2, 1, 2]);
  assert.equal(f.substitute_weeks.measure, 'sum');
  // The unit's 2014 figures are its own doctors' and trainees'.
  const u = await figures(`region=${REGION}&unit=${ids.u1}&year=2014`);
  share(u.st_retention, 3, 4, true);
  share(u.st_contract, 1, 1, true);
  share(u.st_completion, 1, 2, false);
});

test('each record names the trainee record behind it, where one exists, so that a page can link to it', async () => {
  await ready();
  const q = `region=${REGION}&year=2014`;
  // A doctor's program names its trainee record only when it has one.
  const done = await records('st_completion', q);
  assert.equal(done.items.find((r) => r.id === ids.c1).trainee_id, ids.tpt, 'an ST from its trainee record');
  assert.equal(done.items.find((r) => r.id === ids.c2).trainee_id, null, 'an ST from before Randa');
  const contracts = await records('st_contract', `${q}&counted=true`);
  assert.ok(contracts.items.every((r) => r.trainee_id === r.id), 'a trainee is their own record');
  // Units and supervisors are no trainee's.
  assert.ok((await records('stins_3y', q)).items.every((r) => r.trainee_id === null));
  assert.ok((await records('supervisor_training', q)).items.every((r) => r.trainee_id === null));
  // A booking names its trainee; a substitute its trainee and their home unit.
  const cancelled = await records('cancellations', `region=${REGION}&unit=${ids.u4}&year=${NY}&on=${NY}-12-31`);
  assert.equal(cancelled.items.find((r) => r.id === ids.b3).trainee_id, ids.t7);
  const saved = await records('substitute_weeks', `region=${REGION}&unit=${ids.u1}&counted=true`);
  assert.deepEqual(saved.items.map((r) => [r.kind, r.trainee_id, r.unit && r.unit.id]), [['substitute', ids.t7, ids.u1]]);
});

test('a review keeps its PDF report byte for byte; other files and oversized ones are refused', async () => {
  await ready();
  const r = await ok(await post(srv.base, '/api/v1/reviews', {
    unit_id: ids.u4, kind: 'spur', reviewed_on: '2024-05-20', result: 'remarks',
    reviewer: 'SPUR-inspektörer', note: 'Handledningen behöver schemaläggas.',
  }));
  assert.deepEqual([r.kind, r.result, r.reviewer, r.next_due, r.report], ['spur', 'remarks', 'SPUR-inspektörer', '2029-05-20', null]);
  assert.equal(r.unit.id, ids.u4);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 255, 128, 10, 13, 0]), Buffer.alloc(4000, 0x41), Buffer.from('\n%%EOF\n')]);
  const url = `${srv.base}/api/v1/reviews/${r.id}/report`;
  let res = await fetch(url, { headers: authHeaders(srv.base) });
  assert.equal(res.status, 404, 'no report yet');
  assert.equal((await res.json()).error.field, 'report');
  res = await fetch(url, { method: 'PUT', headers: { ...authHeaders(srv.base), 'content-type': 'application/pdf' }, body: pdf });
  assert.equal(res.status, 200);
  const stored = await res.json();
  const sha = createHash('sha256').update(pdf).digest('hex');
  assert.deepEqual([stored.report.size, stored.report.type, stored.report.sha256], [pdf.length, 'application/pdf', sha]);
  res = await fetch(url, { headers: authHeaders(srv.base) });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), new RegExp(`^attachment; filename="spur-${ids.u4}-2024-05-20.pdf"$`));
  assert.equal(res.headers.get('etag'), `"${sha}"`);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(pdf), 'the same bytes back');
  // A PNG, or nothing, is no PDF: 422, and the report stays.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  for (const body of [png, Buffer.alloc(0), Buffer.from('%PD')]) {
    res = await fetch(url, { method: 'PUT', headers: { ...authHeaders(srv.base), 'content-type': 'application/pdf' }, body });
    assert.equal(res.status, 422);
    assert.equal((await res.json()).error.field, 'report');
  }
  // 5 MiB is taken; a byte more is 413, before anything is read.
  const max = Buffer.alloc(5 * 1024 * 1024, 0x20);
  max.write('%PDF-1.4\n');
  res = await fetch(url, { method: 'PUT', headers: authHeaders(srv.base), body: max });
  assert.equal(res.status, 200, 'exactly 5 MiB');
  assert.equal((await res.json()).report.size, max.length);
  res = await fetch(url, { method: 'PUT', headers: authHeaders(srv.base), body: Buffer.concat([max, Buffer.from(' ')]) });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'too_large');
  res = await fetch(url, { method: 'PUT', headers: authHeaders(srv.base), body: pdf });
  assert.equal(res.status, 200);
  // A review is recorded once it has taken place, of a unit that exists.
  let e = await post(srv.base, '/api/v1/reviews', { unit_id: ids.u4, kind: 'stins', reviewed_on: addMonths(TODAY, 1), result: 'approved' });
  assert.deepEqual([e.status, errorOf(e).field], [422, 'reviewed_on']);
  e = await post(srv.base, '/api/v1/reviews', { unit_id: 99999999, kind: 'stins', reviewed_on: '2024-01-01', result: 'approved' });
  assert.deepEqual([e.status, errorOf(e).field], [422, 'unit_id']);
  e = await post(srv.base, '/api/v1/reviews', { unit_id: ids.u4, kind: 'audit', reviewed_on: '2024-01-01', result: 'approved' });
  assert.deepEqual([e.status, errorOf(e).field], [422, 'kind']);
  // Listed with its unit's; deleted with its report.
  const list = await get(srv.base, `/api/v1/reviews?unit=${ids.u1}`);
  assert.deepEqual(list.body.items.map((x) => [x.kind, x.reviewed_on]), [['stins', '2012-11-01'], ['spur', '2010-06-15']]);
  assert.equal((await del(srv.base, `/api/v1/reviews/${r.id}`)).status, 204);
  assert.equal((await get(srv.base, `/api/v1/reviews/${r.id}`)).status, 404);
  assert.equal(srv.count(`SELECT count(*) FROM unit_review WHERE id = ${r.id}`), 0);
});

test('a unit\'s reviews say when the next of each kind is due, from the last one or its earliest trainee', async () => {
  await ready();
  // u1 trains ST-läkare: its STINS fell due two years after 2012-11-01,
  // its SPUR five years after 2010-06-15; both are overdue today.
  let r = await get(srv.base, `/api/v1/reviews?unit=${ids.u1}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.due, [
    { kind: 'stins', due: '2014-11-01', state: 'overdue', last_review: '2012-11-01' },
    { kind: 'spur', due: '2015-06-15', state: 'overdue', last_review: '2010-06-15' },
  ]);
  // The kind filter narrows the reviews, not what is due.
  r = await get(srv.base, `/api/v1/reviews?unit=${ids.u1}&kind=spur`);
  assert.deepEqual([r.body.total, r.body.due.length], [1, 2]);
  // u2's trainees have all completed and u3 has none: nothing is due.
  for (const u of [ids.u2, ids.u3]) assert.deepEqual((await get(srv.base, `/api/v1/reviews?unit=${u}`)).body.due, [], `unit ${u}`);
  // A unit with trainees and no review of a kind: due after the start of
  // its earliest active trainee.
  const [fresh] = srv.sql(`SELECT t.home_unit_id AS id, min(t.start_date) AS since FROM trainee t
    WHERE t.status IN ('active', 'on_leave')
      AND NOT EXISTS (SELECT 1 FROM unit_review x WHERE x.unit_id = t.home_unit_id AND x.kind = 'spur')
    GROUP BY t.home_unit_id ORDER BY t.home_unit_id LIMIT 1`);
  assert.ok(fresh, 'a unit with trainees and no SPUR');
  const spur = (await get(srv.base, `/api/v1/reviews?unit=${fresh.id}`)).body.due.find((d) => d.kind === 'spur');
  const due = addMonths(fresh.since, 60);
  const state = due < TODAY ? 'overdue' : daysBetween(TODAY, due) <= 30 ? 'soon' : 'upcoming';
  assert.deepEqual(spur, { kind: 'spur', due, state, last_review: null });
  // Without a unit, the list says nothing of what is due.
  assert.equal('due' in (await get(srv.base, '/api/v1/reviews')).body, false);
  // A unit outside the caller's scope: no reviews and nothing due.
  const vc = await as('verksamhetschef');
  r = await vc('GET', `/api/v1/reviews?unit=${ids.u1}`);
  assert.deepEqual([r.status, r.body.total, r.body.due], [200, 0, []]);
});

test('doctors: an ST from its trainee record, what became of them, and dates refused', async () => {
  await ready();
  const p = (await get(srv.base, `/api/v1/programs/${ids.c1}`)).body;
  assert.deepEqual([p.program, p.trainee_id, p.unit.id, p.specialty.id, p.start_date, p.status],
    ['st', ids.tpt, ids.u2, ids.spec, '2004-08-02', 'completed']);
  let r = await post(srv.base, '/api/v1/programs', { program: 'st', trainee_id: ids.tpt });
  assert.deepEqual([r.status, errorOf(r).field], [409, 'trainee_id']);
  const a2 = (await get(srv.base, `/api/v1/programs/${ids.a2}`)).body;
  assert.deepEqual([a2.status, a2.in_region, a2.left_on], ['completed', false, '2013-09-01']);
  // Back in the region.
  r = await patch(srv.base, `/api/v1/programs/${ids.a2}`, { returned_on: '2016-02-01' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.returned_on, r.body.in_region], ['2016-02-01', true]);
  r = await patch(srv.base, `/api/v1/programs/${ids.a2}`, { returned_on: null });
  assert.equal(r.status, 200);
  r = await patch(srv.base, `/api/v1/programs/${ids.a1}`, { returned_on: '2016-02-01' });
  assert.deepEqual([r.status, errorOf(r).field], [422, 'returned_on'], 'back without having left');
  r = await patch(srv.base, `/api/v1/programs/${ids.a1}`, { left_on: addMonths(TODAY, 2) });
  assert.deepEqual([r.status, errorOf(r).field], [422, 'left_on'], 'not yet happened');
  r = await post(srv.base, '/api/v1/programs', { program: 'at', unit_id: ids.u1, name: 'Ny Doktor', email: 'ny.doktor@test.randa.se', start_date: '2020-01-01', specialty_id: ids.spec });
  assert.deepEqual([r.status, errorOf(r).field], [422, 'specialty_id'], 'an AT has no specialty');
  const list = await get(srv.base, `/api/v1/programs?unit=${ids.u1}&program=at`);
  assert.equal(list.body.total, 4);
});

test('doctors are found by a part of their name or e-mail', async () => {
  await ready();
  const name = (await get(srv.base, `/api/v1/programs/${ids.p3}`)).body.person.name;
  const part = name.slice(7).toUpperCase();
  let r = await get(srv.base, `/api/v1/programs?q=${encodeURIComponent(part)}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.ok(r.body.items.some((x) => x.id === ids.p3));
  assert.ok(r.body.items.every((x) => x.person.name.toUpperCase().includes(part) || x.person.email.toUpperCase().includes(part)));
  r = await get(srv.base, `/api/v1/programs?q=${encodeURIComponent(`doktor.figur.${name.split(' ').pop()}@`)}&unit=${ids.u1}`);
  assert.deepEqual(r.body.items.map((x) => x.id), [ids.p3]);
  // With the other filters: none of u1's AT doctors is p3.
  r = await get(srv.base, `/api/v1/programs?q=${encodeURIComponent(name)}&program=at`);
  assert.equal(r.body.total, 0);
  r = await get(srv.base, `/api/v1/programs?q=${'x'.repeat(201)}`);
  assert.deepEqual([r.status, errorOf(r).field], [400, 'q']);
});

// ---- Att göra and the roles ----

async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200, `log-in as ${username}`);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s;
  return fn;
}

async function todo(req, query = '') {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const r = await req('GET', `/api/v1/todo?limit=500&offset=${offset}${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    items.push(...r.body.items);
    if (items.length >= r.body.total) return items;
  }
}

const reviewItems = (items, unit) => items.filter((i) => ['stins', 'spur'].includes(i.kind) && (!unit || i.unit.id === unit));

test('reviews due are on Att göra for the unit\'s verksamhetschef and the övergripande studierektor', async () => {
  await ready();
  const tester = (m, p, b) => call(srv.base, m, p, b);
  // u1 trains ST-läkare now; its STINS fell due two years after 2012-11-01
  // and its SPUR five years after 2010-06-15.
  const mine = reviewItems(await todo(tester), ids.u1).map((i) => [i.kind, i.state, i.due, i.last_review, i.unit.name]);
  assert.deepEqual(mine.sort(), [['spur', 'overdue', '2015-06-15', '2010-06-15', ids.unitName[ids.u1]],
    ['stins', 'overdue', '2014-11-01', '2012-11-01', ids.unitName[ids.u1]]]);
  assert.deepEqual(reviewItems(await todo(tester), ids.u3), [], 'a unit with no ST-läkare has nothing due');
  // Seen from two weeks before: the STINS is soon, the SPUR not yet.
  const then = reviewItems(await todo(tester, '&on=2014-10-15'), ids.u1);
  assert.deepEqual(then.map((i) => [i.kind, i.state]), [['stins', 'soon']]);
  // The övergripande studierektor sees them; the studierektor records none.
  assert.equal(reviewItems(await todo(await as('samordnare')), ids.u1).length, 2);
  assert.deepEqual(reviewItems(await todo(await as('studierektor'))), []);
  // The verksamhetschef sees only their own unit's.
  const vc = await as('verksamhetschef');
  const own = vc.session.body.roles.find((r) => r.role === 'unit_head').scope_id;
  assert.ok(reviewItems(await todo(vc)).every((i) => i.unit.id === own));
  // A new self-assessment today takes it off the list.
  await review(ids.u1, 'stins', TODAY);
  assert.deepEqual(reviewItems(await todo(tester), ids.u1).map((i) => i.kind), ['spur']);
});

test('roles without the right get 403; a scope that does not reach gets 404', async () => {
  await ready();
  const refused = async (user, method, path, body) => {
    const r = await (await as(user))(method, path, body);
    assert.equal(r.status, 403, `${user} ${method} ${path}: ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).code, 'forbidden');
  };
  for (const user of ['st-lakare', 'handledare', 'admin']) {
    await refused(user, 'GET', `/api/v1/figures?region=${REGION}`);
    await refused(user, 'GET', `/api/v1/figures/records?figure=st_contract&region=${REGION}`);
    await refused(user, 'GET', '/api/v1/reviews');
    await refused(user, 'GET', '/api/v1/programs');
  }
  await refused('studierektor', 'POST', '/api/v1/reviews', { unit_id: ids.u1, kind: 'stins', reviewed_on: '2024-01-01', result: 'approved' });
  await refused('studierektor', 'DELETE', `/api/v1/reviews/${ids.r4}`);
  await refused('handledare', 'PUT', `/api/v1/reviews/${ids.r4}/report`, '%PDF-1.4');
  await refused('verksamhetschef', 'POST', '/api/v1/programs', { program: 'at', unit_id: ids.u1 });
  // A studierektor reads the figures of their own unit, not the region's
  // nor another unit's.
  const dir = await as('studierektor');
  const unit = dir.session.body.roles.find((r) => r.role === 'director').scope_id;
  assert.equal((await dir('GET', `/api/v1/figures?region=${REGION}&unit=${unit}`)).status, 200);
  assert.equal((await dir('GET', `/api/v1/figures?region=${REGION}`)).status, 404);
  assert.equal((await dir('GET', `/api/v1/figures?region=${REGION}&unit=${ids.u1}`)).status, 404);
  assert.equal((await dir('GET', `/api/v1/reviews/${ids.r1}`)).status, 404, 'another unit\'s review');
  // A verksamhetschef records their own unit's reviews, not another's.
  const vc = await as('verksamhetschef');
  const own = vc.session.body.roles.find((r) => r.role === 'unit_head').scope_id;
  let r = await vc('POST', '/api/v1/reviews', { unit_id: ids.u1, kind: 'stins', reviewed_on: '2024-01-01', result: 'approved' });
  assert.deepEqual([r.status, errorOf(r).field], [422, 'unit_id']);
  r = await vc('POST', '/api/v1/reviews', { unit_id: own, kind: 'stins', reviewed_on: '2024-01-01', result: 'approved' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.recorded_by.name, srv.sql("SELECT name FROM app_user WHERE username = 'verksamhetschef'")[0].name);
  assert.equal((await vc('DELETE', `/api/v1/reviews/${ids.r1}`)).status, 404);
  // Arguments: a region is required, a year ahead is not seen yet, a unit
  // must be of the region, a figure must exist.
  for (const [q, field] of [['', 'region'], [`region=${REGION}&year=${CY + 1}`, 'year'], [`region=${REGION}&year=1800`, 'year']]) {
    const x = await get(srv.base, `/api/v1/figures?${q}`);
    assert.deepEqual([x.status, errorOf(x).field], [400, field], q);
  }
  const x = await get(srv.base, `/api/v1/figures/records?figure=no_such&region=${REGION}`);
  assert.deepEqual([x.status, errorOf(x).field], [400, 'figure']);
  assert.equal((await get(srv.base, `/api/v1/figures?region=${REGION}&unit=99999999`)).status, 404);
  assert.equal((await get(srv.base, `/api/v1/figures?region=99999999`)).status, 404);
});
