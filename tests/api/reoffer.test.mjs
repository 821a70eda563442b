// The re-offer of freed places (issue 14) through the API of a running
// server, on a small region made here by hand (region "RT", away from the
// demo's), whose ranking is worked out by hand below:
//   - what frees seat-weeks: a leave over a confirmed booking frees nothing,
//     its cancellation does; capacity raised frees the seats it adds; the
//     overview marks the seats newly freed;
//   - cancel -> the ranked candidates with their reasons, each caller seeing
//     only the candidates their scope reaches;
//   - offer -> two acceptances racing (exactly one wins, the other is told
//     why) -> the others' offers gone, the people told;
//   - automatic offers: expiry by the server's own pass, then the next
//     candidate; a decline moves on too;
//   - a watch firing; bad input named by field, nothing half-written.
//
// Weeks are counted from this week, W (the server's week 0). Unit G (the
// specialty of obstetrics) has one seat in W+10..W+19 and one in
// W+30..W+35; nothing else of that specialty is in the region. Trainee X's
// confirmed booking holds G's seat in W+10..W+19 and is cancelled (X is on
// sick leave W+8..W+25). Weights: 1,000 an unplaced full-time week, 20 a
// week late, 1 a week from the preferred start.
//
//   trainee (home)  need                 without the place     with it             gain
//   A (H1)          10 w, from W+10      no 10 weeks free:     W+10: 0             10000
//                   deadline W+60        unplaced, 10000
//   D (H1)          4 w, deadline W+22   W+30: 12 weeks late,  W+10: 0             240
//                                        240
//   C (H3)          6 w, from W+12       W+30: 18 off, 18      W+12: 0             18
//   B (H1)          6 w, from W+30       W+30: 0               W+14 (the last      -16
//                                                              start that fits): 16
//   E (H2)          4 w, from W+10       no candidate: H2 lets one trainee be away, and F is
//                                        away W+8..W+21
//   L (H1)          4 w, from W+10       no candidate: on leave W+9..W+21
//   X (H1)          10 w, from W+10      no candidate: on leave W+8..W+25
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, login, sessionHeaders, call, get, post, patch, sqlText, DEMO_PASSWORD } from './harness.mjs';

const srv = serveForTests({ extraArgs: ['--offer-pass', '1'] });

// ---- weeks and days (UTC, as the server counts them) ----

const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const now = new Date();
const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const MONDAY = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
const EPOCH = Date.UTC(1969, 11, 29); // the Monday of ISO week 1970-W01

// The ISO week W+k as "2027-W10", its Monday and Sunday, and its serial.
function week(k) {
  const d = new Date(MONDAY + k * 7 * DAY);
  const thursday = new Date(d.getTime() + 3 * DAY);
  const y = thursday.getUTCFullYear();
  const w = 1 + Math.floor((thursday - Date.UTC(y, 0, 1)) / DAY / 7);
  return `${y}-W${String(w).padStart(2, '0')}`;
}
const monday = (k) => iso(MONDAY + k * 7 * DAY);
const sunday = (k) => iso(MONDAY + k * 7 * DAY + 6 * DAY);
const serial = (k) => Math.round((MONDAY - EPOCH) / DAY / 7) + k;

// ---- the region, built once ----

const ids = {};
const as = {}; // username -> (method, path, body) -> response

async function ok(res, status = 201) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

async function user(username, roles) {
  await ok(await post(srv.base, '/api/v1/users', { username, name: username, password: DEMO_PASSWORD, roles }));
  const s = await login(srv.base, username);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  as[username] = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
}

const coord = (method, path, body) => as['rt-samordnare'](method, path, body);
const unitId = (sql) => Number(sqlText(srv.db, sql));

let n = 0;
async function trainee(home, endWeek) {
  n++;
  return (await ok(await coord('POST', '/api/v1/trainees', {
    name: `Omerbjuden ${String.fromCharCode(64 + n)}`, email: `omerbjuden.${n}@test.randa.se`,
    specialty_id: ids.home, regulation: '2021', home_unit_id: home, start_date: '2024-09-02', fte: 100,
    planned_end: monday(endWeek), status: 'active',
  }))).id;
}

async function need(traineeId, specialty, weeks, preferred) {
  const body = { trainee_id: traineeId, specialty_id: specialty, weeks, patterns: ['full'] };
  if (preferred !== undefined) body.preferred_start = week(preferred);
  return (await ok(await coord('POST', '/api/v1/needs', body))).id;
}

async function leave(traineeId, from, to) {
  return ok(await coord('POST', '/api/v1/leaves',
    { trainee_id: traineeId, from_date: monday(from), to_date: sunday(to), kind: 'sick' }));
}

// A booking requested by the coordinator and accepted by the unit.
async function confirmed(needId, unit, start, director) {
  const b = await ok(await coord('POST', '/api/v1/bookings',
    { need_id: needId, unit_id: unit, start_week: week(start), pattern: 'full' }));
  await ok(await as[director]('POST', `/api/v1/bookings/${b.id}/accept`), 200);
  return b.id;
}

let built = null;
const ready = () => (built ??= build());

async function build() {
  const spec = (code) => Number(sqlText(srv.db, `SELECT id FROM specialty WHERE code = '${code}'`));
  ids.gyn = spec('obstetrik-och-gynekologi');
  ids.home = spec('allmanmedicin');
  ids.med = spec('internmedicin');
  sqlText(srv.db, `INSERT INTO region (code, name) VALUES ('RT', 'Testregion')`);
  ids.region = unitId(`SELECT id FROM region WHERE code = 'RT'`);
  sqlText(srv.db, `INSERT INTO provider (name, org_nr, kind) VALUES ('Testregionen', '999999-0014', 'public')`);
  const provider = unitId(`SELECT id FROM provider WHERE org_nr = '999999-0014'`);
  const unit = (name, specialty, hsa, kind, takes, maxAway) => {
    sqlText(srv.db, `INSERT INTO unit (region_id, provider_id, specialty_id, name, hsa_id, kind, takes_trainees, max_away)
      VALUES (${ids.region}, ${provider}, ${specialty}, '${name}', 'SE9999990014-${hsa}', '${kind}', ${takes}, ${maxAway})`);
    return unitId(`SELECT id FROM unit WHERE hsa_id = 'SE9999990014-${hsa}'`);
  };
  ids.G = unit('Kvinnokliniken Testby', ids.gyn, 'G', 'hospital_clinic', 1, 'NULL');
  ids.M = unit('Medicinkliniken Testby', ids.med, 'M', 'hospital_clinic', 1, 'NULL');
  ids.H1 = unit('Vårdcentralen Ett', ids.home, 'H1', 'primary_care', 0, 'NULL');
  ids.H2 = unit('Vårdcentralen Två', ids.home, 'H2', 'primary_care', 0, 1);
  ids.H3 = unit('Vårdcentralen Tre', ids.home, 'H3', 'primary_care', 0, 'NULL');
  // The region's capacity from before Randa: written as rows, so that it
  // frees nothing (capacity added through Randa does).
  const capacity = (u, a, b, seats) => sqlText(srv.db, `INSERT INTO capacity (unit_id, from_week, to_week, seats, patterns, note)
    VALUES (${u}, ${serial(a)}, ${serial(b)}, ${seats}, 31, '')`);
  capacity(ids.G, 10, 20, 1);
  capacity(ids.G, 30, 36, 1);
  capacity(ids.M, 0, 80, 2);
  ids.gCapacityLate = unitId(`SELECT id FROM capacity WHERE unit_id = ${ids.G} AND from_week = ${serial(30)}`);

  await user('rt-samordnare', [{ role: 'coordinator', scope_id: ids.region }]);
  await user('rt-studierektor-g', [{ role: 'director', scope_id: ids.G }]);
  await user('rt-studierektor-m', [{ role: 'director', scope_id: ids.M }]);
  await user('rt-studierektor-h1', [{ role: 'director', scope_id: ids.H1 }]);
  await user('rt-studierektor-h3', [{ role: 'director', scope_id: ids.H3 }]);

  ids.A = await trainee(ids.H1, 60);
  ids.B = await trainee(ids.H1, 60);
  ids.C = await trainee(ids.H3, 60);
  ids.D = await trainee(ids.H1, 22);
  ids.E = await trainee(ids.H2, 60);
  ids.F = await trainee(ids.H2, 60);
  ids.L = await trainee(ids.H1, 60);
  ids.X = await trainee(ids.H1, 60);
  await user('rt-a', [{ role: 'trainee', scope_id: ids.A }]);
  await user('rt-d', [{ role: 'trainee', scope_id: ids.D }]);

  ids.nA = await need(ids.A, ids.gyn, 10, 10);
  ids.nB = await need(ids.B, ids.gyn, 6, 30);
  ids.nC = await need(ids.C, ids.gyn, 6, 12);
  ids.nD = await need(ids.D, ids.gyn, 4);
  ids.nE = await need(ids.E, ids.gyn, 4, 10);
  ids.nL = await need(ids.L, ids.gyn, 4, 10);
  ids.nX = await need(ids.X, ids.gyn, 10, 10);
  ids.nF = await need(ids.F, ids.med, 14, 8);

  ids.bF = await confirmed(ids.nF, ids.M, 8, 'rt-studierektor-m');
  ids.bX = await confirmed(ids.nX, ids.G, 10, 'rt-studierektor-g');
  await leave(ids.L, 9, 21);
  // A watch of the trainee A: told when obstetrics frees.
  ids.watch = (await ok(await as['rt-a']('POST', '/api/v1/watches',
    { specialty_id: ids.gyn, from_week: week(0), to_week: week(80) }))).id;
}

const freedCount = () => Number(sqlText(srv.db, `SELECT count(*) FROM freed_place WHERE unit_id IN (${ids.G}, ${ids.M})`));
const notified = (username, kind) => Number(sqlText(srv.db, `SELECT count(*) FROM notification n
  JOIN app_user u ON u.id = n.user_id WHERE u.username = '${username}' AND n.kind = '${kind}'`));

// ---- what frees seat-weeks ----

test('a leave over a confirmed booking frees nothing until the booking is cancelled', async () => {
  await ready();
  const l = await leave(ids.X, 8, 25);
  assert.ok(l.warnings.some((w) => w.code === 'booking_overlap' && w.booking_ids.includes(ids.bX)),
    'the leave warns of the booking it overlaps');
  assert.equal(freedCount(), 0, 'the booking still holds its seat');
  const c = await ok(await coord('POST', `/api/v1/bookings/${ids.bX}/cancel`, { reason: 'sick_leave' }), 200);
  assert.equal(c.status, 'cancelled');
  const list = await ok(await coord('GET', `/api/v1/freed?unit=${ids.G}`), 200);
  assert.equal(list.total, 1);
  const f = list.items[0];
  ids.freed = f.id;
  assert.equal(f.cause, 'cancelled');
  assert.equal(f.booking_id, ids.bX);
  assert.deepEqual([f.from_week, f.to_week, f.pattern, f.seats, f.state], [week(10), week(19), 'full', 1, 'open']);
  assert.equal(freedCount(), 1);
});

test('the overview marks the seats newly freed, and no others', async () => {
  await ready();
  const o = await ok(await get(srv.base, `/api/v1/places?unit=${ids.G}&from=${week(0)}&to=${week(39)}`), 200);
  const g = o.units[0];
  const fresh = g.fresh.map((x, k) => (x > 0 ? k : null)).filter((k) => k !== null);
  assert.deepEqual(fresh, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  assert.ok(g.fresh.every((x, k) => x <= g.free[k]));
});

test('the watch fired with the cancellation, and its owner was told', async () => {
  await ready();
  const w = await ok(await as['rt-a']('GET', `/api/v1/watches/${ids.watch}`), 200);
  assert.equal(w.hits, 1);
  assert.equal(w.last_freed_id, ids.freed);
  assert.equal(notified('rt-a', 'place_freed'), 1);
  // Another user's watch is as one that does not exist.
  const other = await as['rt-d']('GET', `/api/v1/watches/${ids.watch}`);
  assert.equal(other.status, 404);
});

// ---- the ranking ----

const rankOf = (body) => body.items.map((c) => [c.trainee.id, c.rank, c.gain]);

test('the receiving unit sees every candidate, ranked as worked out by hand', async () => {
  await ready();
  const r = await ok(await as['rt-studierektor-g']('GET', `/api/v1/freed/${ids.freed}/candidates`), 200);
  assert.deepEqual(rankOf(r), [[ids.A, 1, 10000], [ids.D, 2, 240], [ids.C, 3, 18], [ids.B, 4, -16]]);
  assert.equal(r.total, 4);
  assert.equal(r.ranked, 4);
  assert.equal(r.considered, 7, 'A, B, C, D, E, L and X need obstetrics');
  const [a, d, c, b] = r.items;
  assert.deepEqual(a.placement, { start_week: week(10), end_week: week(19), pattern: 'full', weeks: 10 });
  assert.deepEqual([a.without.unplaced_weeks, a.with.unplaced_weeks, a.without.need_start], [10, 0, null]);
  assert.equal(a.reasons[0].code, 'placed');
  assert.match(a.reason_sv, /^Får plats: utan den här platsen blir behovet \(10 veckor\) utan plats/);
  assert.match(a.reason_en, /^Gets a place/);
  assert.deepEqual([d.without.late_weeks, d.with.late_weeks, d.placement.start_week], [12, 0, week(10)]);
  assert.equal(d.reasons[0].code, 'less_late');
  assert.match(d.reason_sv, /^12 veckor mindre försenad: klar v\. \d+ \d{4} i stället för v\. \d+ \d{4}$/);
  assert.deepEqual([c.without.shift_weeks, c.with.shift_weeks, c.placement.start_week], [18, 0, week(12)]);
  assert.equal(c.reason_sv, 'Startar 18 veckor närmare önskad start');
  assert.deepEqual([b.without.shift_weeks, b.with.shift_weeks, b.placement.start_week], [0, 16, week(14)]);
  assert.equal(b.reason_en, 'Starts 16 weeks further from the preferred start');
  assert.equal(b.reasons[0].code, 'further_start');
});

test('a scoped studierektor sees only the candidates of their own unit', async () => {
  await ready();
  const h1 = await ok(await as['rt-studierektor-h1']('GET', `/api/v1/freed/${ids.freed}/candidates`), 200);
  assert.deepEqual(rankOf(h1), [[ids.A, 1, 10000], [ids.D, 2, 240], [ids.B, 4, -16]]);
  assert.equal(h1.total, 3);
  const h3 = await ok(await as['rt-studierektor-h3']('GET', `/api/v1/freed/${ids.freed}/candidates`), 200);
  assert.deepEqual(rankOf(h3), [[ids.C, 3, 18]]);
  const m = await ok(await as['rt-studierektor-m']('GET', `/api/v1/freed/${ids.freed}/candidates`), 200);
  assert.deepEqual([m.total, m.items], [0, []]);
  // A trainee reads no one's candidacy; paging keeps the ranks.
  assert.equal((await as['rt-a']('GET', `/api/v1/freed/${ids.freed}/candidates`)).status, 403);
  const page = await ok(await as['rt-studierektor-g']('GET', `/api/v1/freed/${ids.freed}/candidates?limit=2&offset=2`), 200);
  assert.deepEqual(rankOf(page), [[ids.C, 3, 18], [ids.B, 4, -16]]);
});

// ---- offers ----

test('offers refuse bad input by field, and write nothing then', async () => {
  await ready();
  const g = as['rt-studierektor-g'];
  const path = `/api/v1/freed/${ids.freed}/offers`;
  const before = Number(sqlText(srv.db, 'SELECT count(*) FROM offer'));
  for (const [body, status, field] of [
    [{ need_ids: [] }, 422, 'need_ids'],
    [{ need_ids: [ids.nA], answer_hours: 0 }, 422, 'answer_hours'],
    [{ need_ids: [ids.nA, ids.nX] }, 422, 'need_ids'], // X is on leave: no candidate
    [{ need_ids: [ids.nA], deadline: 'tomorrow' }, 422, 'deadline'],
  ]) {
    const r = await g('POST', path, body);
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
  }
  assert.equal(Number(sqlText(srv.db, 'SELECT count(*) FROM offer')), before, 'nothing half-written');
  // Only the receiving unit offers: a home unit's studierektor may not.
  assert.equal((await as['rt-studierektor-h1']('POST', path, { need_ids: [ids.nA] })).status, 404);
  assert.equal((await as['rt-a']('POST', path, { need_ids: [ids.nA] })).status, 403);
  const auto = await g('PATCH', `/api/v1/freed/${ids.freed}`, { auto_offers: 9 });
  assert.equal(auto.status, 422);
  assert.equal(auto.body.error.field, 'auto_offers');
});

test('of two acceptances racing for the place exactly one wins; the other is told why', async () => {
  await ready();
  const made = await ok(await as['rt-studierektor-g']('POST', `/api/v1/freed/${ids.freed}/offers`,
    { need_ids: [ids.nA, ids.nD], answer_hours: 24 }));
  assert.equal(made.items.length, 2);
  const [oA, oD] = made.items;
  assert.deepEqual([oA.need_id, oA.rank, oA.status, oA.start_week], [ids.nA, 1, 'open', week(10)]);
  assert.deepEqual([oD.need_id, oD.rank, oD.start_week], [ids.nD, 2, week(10)]);
  const hours = (Date.parse(oA.deadline) - Date.parse(oA.offered_at)) / 3600000;
  assert.equal(hours, 24);
  // Each trainee was told, and so was the studierektor of their home unit.
  assert.equal(notified('rt-a', 'offer'), 1);
  assert.equal(notified('rt-d', 'offer'), 1);
  assert.equal(notified('rt-studierektor-h1', 'offer'), 2);
  // A's offer is not D's to answer.
  assert.equal((await as['rt-d']('POST', `/api/v1/offers/${oA.id}/accept`)).status, 404);
  const [ra, rd] = await Promise.all([
    as['rt-a']('POST', `/api/v1/offers/${oA.id}/accept`),
    as['rt-d']('POST', `/api/v1/offers/${oD.id}/accept`),
  ]);
  const results = [ra, rd];
  const won = results.filter((r) => r.status === 200);
  const lost = results.filter((r) => r.status === 409);
  assert.equal(won.length, 1, JSON.stringify(results.map((r) => [r.status, r.body])));
  assert.equal(lost.length, 1);
  assert.equal(lost[0].body.error.field, 'status');
  assert.match(lost[0].body.error.message, /went to another candidate who accepted first/);
  const winner = won[0].body;
  assert.equal(winner.status, 'accepted');
  const loserOffer = winner.id === oA.id ? oD : oA;
  const loserUser = winner.id === oA.id ? 'rt-d' : 'rt-a';
  // The winner's booking is made and confirmed, its need booked.
  const b = await ok(await coord('GET', `/api/v1/bookings/${winner.booking_id}`), 200);
  assert.deepEqual([b.status, b.unit.id, b.start_week, b.need_id], ['confirmed', ids.G, week(10), winner.need_id]);
  assert.equal(sqlText(srv.db, `SELECT status FROM rotation_need WHERE id = ${winner.need_id}`), 'booked');
  // The place is taken, the other offer gone, and its trainee told.
  const f = await ok(await get(srv.base, `/api/v1/freed/${ids.freed}`), 200);
  assert.deepEqual([f.state, f.accepted, f.offers_open], ['taken', 1, 0]);
  const gone = await ok(await coord('GET', `/api/v1/offers/${loserOffer.id}`), 200);
  assert.equal(gone.status, 'gone');
  assert.equal(notified(loserUser, 'offer_gone'), 1);
  assert.equal(notified('rt-studierektor-g', 'answer'), 1);
  // Answering again is a clash, saying why.
  const again = await as[loserUser]('POST', `/api/v1/offers/${loserOffer.id}/decline`);
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /is gone/);
  // A taken place has no candidates and takes no offers.
  const none = await ok(await as['rt-studierektor-g']('GET', `/api/v1/freed/${ids.freed}/candidates`), 200);
  assert.equal(none.total, 0);
  assert.equal((await as['rt-studierektor-g']('POST', `/api/v1/freed/${ids.freed}/offers`, { need_ids: [ids.nB] })).status, 409);
  // A trainee sees their own offers.
  const mine = await ok(await as[loserUser]('GET', '/api/v1/offers'), 200);
  assert.deepEqual(mine.items.map((o) => o.id), [loserOffer.id]);
});

test('capacity raised frees the seats it adds', async () => {
  await ready();
  const r = await as['rt-studierektor-g']('PATCH', `/api/v1/capacity/${ids.gCapacityLate}`, { seats: 2 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const list = await ok(await get(srv.base, `/api/v1/freed?unit=${ids.G}&open=true`), 200);
  const f = list.items.find((x) => x.cause === 'capacity');
  assert.ok(f, JSON.stringify(list.items));
  assert.deepEqual([f.capacity_id, f.from_week, f.to_week, f.seats], [ids.gCapacityLate, week(30), week(35), 1]);
  ids.freedCapacity = f.id;
});

test('automatic offers go to the top candidate, and on to the next when one expires or is declined', async () => {
  await ready();
  const g = as['rt-studierektor-g'];
  const ranked = await ok(await g('GET', `/api/v1/freed/${ids.freedCapacity}/candidates`), 200);
  assert.ok(ranked.total >= 3, JSON.stringify(rankOf(ranked)));
  const needAt = (i) => ranked.items[i].need.id;
  const on = await ok(await g('PATCH', `/api/v1/freed/${ids.freedCapacity}`, { auto_offers: 1, answer_hours: 2 }), 200);
  assert.deepEqual([on.auto_offers, on.answer_hours, on.offers_open], [1, 2, 1]);
  const open = async () => (await ok(await coord('GET', `/api/v1/offers?freed=${ids.freedCapacity}&status=open`), 200)).items;
  let first = await open();
  assert.deepEqual(first.map((o) => [o.need_id, o.rank, o.automatic]), [[needAt(0), 1, true]]);
  // Its deadline passes with nobody reading: the server's own pass ends
  // it and offers the place to the next candidate.
  const stamp = (ms) => new Date(ms).toISOString().slice(0, 19) + 'Z';
  sqlText(srv.db, `UPDATE offer SET offered_at = '${stamp(Date.now() - 3 * 3600000)}',
    deadline = '${stamp(Date.now() - 3600000)}' WHERE id = ${first[0].id}`);
  let next = [];
  for (let i = 0; i < 50 && !(next.length === 1 && next[0].id !== first[0].id); i++) {
    await new Promise((ok2) => setTimeout(ok2, 200));
    next = await open();
  }
  assert.deepEqual(next.map((o) => [o.need_id, o.rank]), [[needAt(1), 2]]);
  assert.equal(sqlText(srv.db, `SELECT status FROM offer WHERE id = ${first[0].id}`), 'expired');
  assert.equal(sqlText(srv.db, `SELECT answered_by FROM offer WHERE id = ${first[0].id}`), 'randa serve (offers)');
  // Declined: the next one at once.
  const declined = await ok(await coord('POST', `/api/v1/offers/${next[0].id}/decline`), 200);
  assert.equal(declined.status, 'declined');
  const third = await open();
  assert.deepEqual(third.map((o) => [o.need_id, o.rank]), [[needAt(2), 3]]);
  // An expired offer cannot be accepted.
  const late = await coord('POST', `/api/v1/offers/${first[0].id}/accept`);
  assert.equal(late.status, 409);
  assert.match(late.body.error.message, /expired/);
});

test('watches name what they watch, and refuse what names nothing', async () => {
  await ready();
  const a = as['rt-a'];
  const bad = await a('POST', '/api/v1/watches', { from_week: week(0), to_week: week(10) });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'specialty_id');
  const order = await a('POST', '/api/v1/watches', { unit_id: ids.G, from_week: week(10), to_week: week(2) });
  assert.equal(order.status, 422);
  assert.equal(order.body.error.field, 'to_week');
  // An id no row has is named, alone, and nothing is written.
  const watches = Number(sqlText(srv.db, 'SELECT count(*) FROM place_watch'));
  for (const field of ['unit_id', 'specialty_id', 'goal_id']) {
    const r = await a('POST', '/api/v1/watches', { [field]: 999999, from_week: week(0), to_week: week(10) });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message, /999999/);
  }
  assert.equal(Number(sqlText(srv.db, 'SELECT count(*) FROM place_watch')), watches);
  const w = await ok(await a('POST', '/api/v1/watches', { unit_id: ids.G, from_week: week(0), to_week: week(40) }));
  assert.deepEqual([w.unit.id, w.hits, w.to_week], [ids.G, 0, week(40)]);
  const unknown = await a('PATCH', `/api/v1/watches/${w.id}`, { unit_id: 999999 });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.field, 'unit_id');
  const changed = await ok(await a('PATCH', `/api/v1/watches/${w.id}`, { to_week: week(50) }), 200);
  assert.equal(changed.to_week, week(50));
  const list = await ok(await a('GET', '/api/v1/watches'), 200);
  assert.deepEqual(list.items.map((x) => x.id), [w.id, ids.watch]);
  assert.equal((await as['rt-d']('DELETE', `/api/v1/watches/${w.id}`)).status, 404);
  assert.equal((await a('DELETE', `/api/v1/watches/${w.id}`)).status, 204);
});

test('the place market figures count the freed seat-weeks booked again and the offers', async () => {
  await ready();
  const r = await ok(await coord('GET', `/api/v1/figures?region=${ids.region}&unit=${ids.G}`), 200);
  const fig = (id) => r.figures.find((f) => f.id === id);
  // Freed: G's seat in W+10..W+19 (10 seat-weeks) and the seat added in
  // W+30..W+35 (6). Booked again: the winner's placement, 10 weeks (A) or
  // 4 (D), the day it was freed; the added seat not yet.
  const winner = Number(sqlText(srv.db, `SELECT trainee_id FROM offer WHERE status = 'accepted'`));
  const reused = fig('freed_reused');
  assert.deepEqual([reused.numerator, reused.denominator], [winner === ids.A ? 10 : 4, 16]);
  assert.equal(reused.unit_of_measure, 'seat_weeks');
  assert.deepEqual(reused.groups.map((g) => g.specialty.id), [ids.gyn]);
  const days = fig('freed_rebooked_days');
  assert.deepEqual([days.numerator, days.denominator, days.value], [0, 1, 0]);
  const records = await ok(await coord('GET',
    `/api/v1/figures/records?figure=freed_rebooked_days&region=${ids.region}&unit=${ids.G}`), 200);
  assert.deepEqual(records.items.map((x) => [x.id, x.counted, x.reason]).sort((a, b) => a[0] - b[0]),
    [[ids.freed, true, 'rebooked'], [ids.freedCapacity, false, 'not_rebooked']]);
  // Offers: A's and D's (one accepted, one gone), then the automatic ones
  // (expired, declined, and one waiting).
  const offers = fig('offers_accepted');
  assert.deepEqual([offers.numerator, offers.denominator], [1, 5]);
  assert.deepEqual(Object.fromEntries(offers.groups.map((g) => [g.outcome, g.numerator])),
    { accepted: 1, gone: 1, expired: 1, declined: 1, open: 1 });
});
