// The place overview and the booking workflow, against a running server on
// a fresh demo region. Expected values come from the database file itself
// (read with the sqlite3 tool) and from the planning format's occupancy
// rules, never from the server's own code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, post, call, errorOf, sqlText } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

// Rows of a query on the server's database, as arrays of strings.
function sql(query) {
  const out = sqlText(srv.db, query);
  return out.trim() === '' ? [] : out.trim().split('\n').map((l) => l.split('|'));
}

// ISO week "YYYY-Www" <-> serial (weeks since 1970-W01, whose Monday is
// 1969-12-29), computed here from the calendar.
const MONDAY0 = Date.UTC(1969, 11, 29);
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  const monday1 = jan4 - dow * 86400000;
  return Math.round((monday1 - MONDAY0) / 604800000) + (w - 1);
}
function isoOf(serial) {
  const monday = MONDAY0 + serial * 604800000;
  const thursday = new Date(monday + 3 * 86400000);
  const y = thursday.getUTCFullYear();
  return `${y}-W${String(serial - weekOf(`${y}-W01`) + 1).padStart(2, '0')}`;
}

// Occupancy in hundredths in placement week k (planning-format.md).
function occupancy(pattern, k) {
  return { full: 100, split4: 80, split3: 60, half: 50, alternate: k % 2 === 0 ? 100 : 0 }[pattern];
}

test('week helpers agree with the calendar', () => {
  assert.equal(isoOf(weekOf('2027-W10')), '2027-W10');
  assert.equal(isoOf(weekOf('2026-W53')), '2026-W53');
  assert.equal(weekOf('2027-W01') - weekOf('2026-W53'), 1);
});

test('places: free seats are capacity minus the occupancy of bookings that hold seats', async () => {
  const from = '2027-W10', to = '2027-W29';
  const r = await get(srv.base, `/api/v1/places?from=${from}&to=${to}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.from, from);
  assert.equal(r.body.to, to);
  assert.equal(r.body.weeks.length, 20);
  assert.equal(r.body.weeks[0], from);
  assert.equal(r.body.weeks[19], to);
  const taking = sql('SELECT count(*) FROM unit WHERE takes_trainees = 1')[0][0];
  assert.equal(r.body.units.length, Number(taking));
  const f = weekOf(from), t = weekOf(to) + 1;
  const bookings = sql(`SELECT unit_id, start_week, end_week, pattern FROM booking
    WHERE status IN ('requested','confirmed','completed') AND end_week > ${f} AND start_week < ${t}`);
  const caps = sql(`SELECT unit_id, from_week, to_week, seats FROM capacity
    WHERE to_week > ${f} AND from_week < ${t}`);
  let checked = 0, fractional = 0;
  for (const u of r.body.units) {
    for (let i = 0; i < 20; i++) {
      const w = f + i;
      const cap = caps.find(([id, a, b]) => Number(id) === u.id && Number(a) <= w && w < Number(b));
      const seats = cap ? Number(cap[3]) : 0;
      let used = 0;
      for (const [id, a, b, p] of bookings)
        if (Number(id) === u.id && Number(a) <= w && w < Number(b)) used += occupancy(p, w - Number(a));
      assert.equal(u.seats[i], seats, `${u.name} seats in ${r.body.weeks[i]}`);
      assert.equal(Math.round(u.free[i] * 100), Math.max(0, seats * 100 - used),
        `${u.name} free in ${r.body.weeks[i]}`);
      if (!Number.isInteger(u.free[i])) fractional++;
      checked++;
    }
  }
  assert.ok(checked > 2000);
  assert.ok(fractional > 0, 'part-time patterns leave fractions of a seat');
});

test('places: each unit names its specialty, provider, area and goals', async () => {
  const r = await get(srv.base, '/api/v1/places?from=2027-W10&to=2027-W11');
  const u = r.body.units[0];
  const [name, spCode, provKind, goals] = sql(`SELECT u.name, s.code, p.kind,
      (SELECT count(*) FROM unit_goal WHERE unit_id = u.id)
    FROM unit u JOIN specialty s ON s.id = u.specialty_id JOIN provider p ON p.id = u.provider_id
    WHERE u.id = ${u.id}`)[0];
  assert.equal(u.name, name);
  assert.equal(u.specialty.code, spCode);
  assert.equal(u.provider.kind, provKind);
  assert.equal(u.goal_ids.length, Number(goals));
});

test('places: filters by specialty (code or id), provider type, area and pattern', async () => {
  const [spId] = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'")[0];
  const byCode = await get(srv.base, '/api/v1/places?from=2027-W10&to=2027-W19&specialty=obstetrik-och-gynekologi');
  const byId = await get(srv.base, `/api/v1/places?from=2027-W10&to=2027-W19&specialty=${spId}`);
  assert.equal(byCode.status, 200);
  assert.deepEqual(byCode.body, byId.body);
  const n = sql(`SELECT count(*) FROM unit WHERE takes_trainees = 1 AND specialty_id = ${spId}`)[0][0];
  assert.equal(byCode.body.units.length, Number(n));
  assert.ok(byCode.body.units.every((u) => u.specialty.id === Number(spId)));

  const priv = await get(srv.base, '/api/v1/places?from=2027-W10&to=2027-W11&provider_type=private');
  const nPriv = sql(`SELECT count(*) FROM unit u JOIN provider p ON p.id = u.provider_id
    WHERE u.takes_trainees = 1 AND p.kind = 'private'`)[0][0];
  assert.equal(priv.body.units.length, Number(nPriv));
  assert.ok(priv.body.units.length > 0 && priv.body.units.every((u) => u.provider.kind === 'private'));

  const [areaId] = sql('SELECT area_id FROM unit WHERE area_id IS NOT NULL LIMIT 1')[0];
  const area = await get(srv.base, `/api/v1/places?from=2027-W10&to=2027-W11&area=${areaId}`);
  assert.ok(area.body.units.length > 0 && area.body.units.every((u) => u.area.id === Number(areaId)));

  const split3 = await get(srv.base, '/api/v1/places?from=2027-W10&to=2027-W19&pattern=split3');
  assert.ok(split3.body.units.length > 0);
  assert.ok(split3.body.units.every((u) => u.patterns.includes('split3')));
  const nSplit3 = sql(`SELECT count(DISTINCT c.unit_id) FROM capacity c JOIN unit u ON u.id = c.unit_id
    WHERE u.takes_trainees = 1 AND (c.patterns & 4) != 0
      AND c.to_week > ${weekOf('2027-W10')} AND c.from_week < ${weekOf('2027-W19') + 1}`)[0][0];
  assert.equal(split3.body.units.length, Number(nSplit3));
});

test('places: a change made by another process shows at once, though the answer is cached', async () => {
  const path = '/api/v1/places?from=2028-W10&to=2028-W12&specialty=psykiatri';
  const first = await get(srv.base, path);
  const again = await get(srv.base, path);
  assert.deepEqual(again.body, first.body);
  const u = first.body.units.find((x) => x.seats[1] > 0);
  assert.ok(u, 'a psychiatry unit with seats in 2028-W11');
  const w = weekOf('2028-W11');
  const [id, seats] = sql(`SELECT id, seats FROM capacity WHERE unit_id = ${u.id}
    AND from_week <= ${w} AND to_week > ${w}`)[0];
  // Another process (the sqlite3 tool) adds three seats to that period.
  sqlText(srv.db, `UPDATE capacity SET seats = seats + 3 WHERE id = ${id}`);
  const after = await get(srv.base, path);
  const v = after.body.units.find((x) => x.id === u.id);
  assert.equal(v.seats[1], Number(seats) + 3);
  assert.equal(v.free[1], u.free[1] + 3);
});

test('places: bad arguments are 400 naming the argument', async () => {
  const cases = [
    ['/api/v1/places?to=2027-W10', 'from'],
    ['/api/v1/places?from=2027-W10', 'to'],
    ['/api/v1/places?from=2027-W99&to=2027-W10', 'from'],
    ['/api/v1/places?from=2027-10&to=2027-W10', 'from'],
    ['/api/v1/places?from=2027-W10&to=2027-W09', 'to'],
    ['/api/v1/places?from=2027-W01&to=2032-W01', 'to'],
    ['/api/v1/places?from=2027-W10&to=2027-W12&specialty=no-such-thing', 'specialty'],
    ['/api/v1/places?from=2027-W10&to=2027-W12&specialty=0', 'specialty'],
    ['/api/v1/places?from=2027-W10&to=2027-W12&provider_type=secret', 'provider_type'],
    ['/api/v1/places?from=2027-W10&to=2027-W12&pattern=quarter', 'pattern'],
    ['/api/v1/places?from=2027-W10&to=2027-W12&area=x', 'area'],
  ];
  for (const [path, field] of cases) {
    const r = await get(srv.base, path);
    assert.equal(r.status, 400, path);
    assert.equal(errorOf(r).field, field, path);
  }
});

// A unit of the specialty with a period of its own far beyond the demo's
// bookings (2031), so that the test controls every seat in it.
async function freshPeriod(specialtyCode, seats, from = '2031-W10', to = '2031-W40') {
  const [unitId] = sql(`SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = '${specialtyCode}' AND u.takes_trainees = 1
      AND NOT EXISTS (SELECT 1 FROM capacity c WHERE c.unit_id = u.id AND c.to_week > ${weekOf(from)})
    ORDER BY u.id LIMIT 1`)[0];
  const r = await post(srv.base, '/api/v1/capacity',
    { unit_id: Number(unitId), from_week: from, to_week: to, seats, patterns: ['full', 'half'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return Number(unitId);
}

// Open needs of a specialty whose trainees have no booking or leave in 2031
// and whose home units set no limit on trainees away, one per trainee.
function openNeeds(specialtyCode, count) {
  return sql(`SELECT n.id, n.trainee_id, n.weeks FROM rotation_need n
      JOIN specialty s ON s.id = n.specialty_id JOIN trainee t ON t.id = n.trainee_id
      JOIN unit h ON h.id = t.home_unit_id
    WHERE s.code = '${specialtyCode}' AND n.status = 'open' AND (n.patterns & 1) != 0
      AND (h.max_away IS NULL OR h.max_away >= 1) AND n.weeks <= 20
      AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id)
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = n.trainee_id AND b.end_week > ${weekOf('2031-W01')})
      AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = n.trainee_id AND l.to_date >= '2031-01-01')
    ORDER BY n.id`).map(([id, trainee, weeks]) =>
    ({ id: Number(id), trainee: Number(trainee), weeks: Number(weeks) }))
    .filter((n, i, all) => all.findIndex((m) => m.trainee === n.trainee) === i)
    .slice(0, count);
}

async function freeAt(unitId, week) {
  const r = await get(srv.base, `/api/v1/places?from=${week}&to=${week}&unit=${unitId}`);
  assert.equal(r.status, 200);
  return r.body.units[0].free[0];
}

test('a request takes the seat; accept, cancel with a reason, and the seat is free again', async () => {
  const unit = await freshPeriod('psykiatri', 1);
  const [need] = openNeeds('psykiatri', 1);
  assert.ok(need, 'the demo has an open psychiatry need');
  assert.equal(await freeAt(unit, '2031-W12'), 1);

  const r = await post(srv.base, '/api/v1/bookings',
    { need_id: need.id, unit_id: unit, start_week: '2031-W12', pattern: 'full' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.status, 'requested');
  assert.equal(r.body.trainee.id, need.trainee);
  assert.equal(r.body.weeks, need.weeks);
  assert.equal(r.body.start_week, '2031-W12');
  const fte = Number(sql(`SELECT fte FROM trainee WHERE id = ${need.trainee}`)[0][0]);
  const len = Math.ceil((need.weeks * 100) / fte); // full pattern
  assert.equal(r.body.end_week, isoOf(weekOf('2031-W12') + len - 1));
  assert.equal(r.body.short_notice, false);
  assert.deepEqual(r.body.warnings, []);
  assert.equal(sql(`SELECT status FROM rotation_need WHERE id = ${need.id}`)[0][0], 'booked');
  assert.equal(await freeAt(unit, '2031-W12'), 0);
  assert.equal(await freeAt(unit, '2031-W11'), 1);

  const id = r.body.id;
  const got = await get(srv.base, `/api/v1/bookings/${id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.unit.id, unit);

  const listed = await get(srv.base, `/api/v1/bookings?unit=${unit}&status=requested&from=2031-W01&to=2031-W52`);
  assert.deepEqual(listed.body.items.map((b) => b.id), [id]);
  assert.equal(listed.body.total, 1);

  const acc = await post(srv.base, `/api/v1/bookings/${id}/accept`);
  assert.equal(acc.status, 200);
  assert.equal(acc.body.status, 'confirmed');
  const again = await post(srv.base, `/api/v1/bookings/${id}/accept`);
  assert.equal(again.status, 409);
  assert.equal(errorOf(again).field, 'status');
  const dec = await post(srv.base, `/api/v1/bookings/${id}/decline`);
  assert.equal(dec.status, 409, 'a confirmed booking cannot be declined');

  const noReason = await call(srv.base, 'POST', `/api/v1/bookings/${id}/cancel`, {});
  assert.equal(noReason.status, 422);
  assert.equal(errorOf(noReason).field, 'reason');
  const badReason = await call(srv.base, 'POST', `/api/v1/bookings/${id}/cancel`, { reason: 'bored' });
  assert.equal(badReason.status, 422);
  assert.equal(errorOf(badReason).field, 'reason');
  const cancel = await post(srv.base, `/api/v1/bookings/${id}/cancel`, { reason: 'parental_leave' });
  assert.equal(cancel.status, 200);
  assert.equal(cancel.body.status, 'cancelled');
  assert.equal(cancel.body.cancel_reason, 'parental_leave');
  assert.equal(sql(`SELECT status FROM rotation_need WHERE id = ${need.id}`)[0][0], 'open');
  assert.equal(await freeAt(unit, '2031-W12'), 1);

  // The audit log kept every step with before and after.
  const audit = sql(`SELECT action, after_json FROM audit_log
    WHERE entity = 'booking' AND entity_id = ${id} ORDER BY id`)
    .map(([action, after]) => [action, JSON.parse(after).status]);
  assert.deepEqual(audit, [['insert', 'requested'], ['update', 'confirmed'], ['update', 'cancelled']]);
});

test('declining reopens the need; a half-time placement takes half a seat', async () => {
  const unit = await freshPeriod('internmedicin', 1);
  const [a, b] = openNeeds('internmedicin', 2);
  assert.ok(a && b, 'two open internal-medicine needs');
  const ra = await post(srv.base, '/api/v1/bookings',
    { need_id: a.id, unit_id: unit, start_week: '2031-W12', pattern: 'half', weeks: 2 });
  const allowsHalf = Number(sql(`SELECT patterns FROM rotation_need WHERE id = ${a.id}`)[0][0]) & 8;
  if (!allowsHalf) {
    assert.equal(ra.status, 422);
    assert.equal(errorOf(ra).field, 'pattern');
    return;
  }
  assert.equal(ra.status, 201, JSON.stringify(ra.body));
  assert.equal(await freeAt(unit, '2031-W12'), 0.5);
  const dec = await post(srv.base, `/api/v1/bookings/${ra.body.id}/decline`);
  assert.equal(dec.status, 200);
  assert.equal(dec.body.status, 'declined');
  assert.equal(sql(`SELECT status FROM rotation_need WHERE id = ${a.id}`)[0][0], 'open');
  assert.equal(await freeAt(unit, '2031-W12'), 1);
});

test('the last seat: of many parallel requests exactly one wins, the others are told it is full', async () => {
  const unit = await freshPeriod('obstetrik-och-gynekologi', 1);
  const needs = openNeeds('obstetrik-och-gynekologi', 24);
  assert.ok(needs.length >= 12, `enough open needs (${needs.length})`);
  const results = await Promise.all(needs.map((n) => post(srv.base, '/api/v1/bookings',
    { need_id: n.id, unit_id: unit, start_week: '2031-W20', pattern: 'full', weeks: 4 })));
  const won = results.filter((r) => r.status === 201);
  const lost = results.filter((r) => r.status === 409);
  assert.equal(won.length, 1, JSON.stringify(results.map((r) => r.status)));
  assert.equal(lost.length, needs.length - 1);
  for (const r of lost) assert.match(errorOf(r).message, /full in week 2031-W2\d/);
  const held = sql(`SELECT count(*) FROM booking WHERE unit_id = ${unit}
    AND status IN ('requested','confirmed') AND start_week < ${weekOf('2031-W24')} AND end_week > ${weekOf('2031-W20')}`)[0][0];
  assert.equal(Number(held), 1);
  assert.equal(await freeAt(unit, '2031-W20'), 0);
  const booked = sql(`SELECT count(*) FROM rotation_need WHERE status = 'booked'
    AND id IN (${needs.map((n) => n.id).join(',')})`)[0][0];
  assert.equal(Number(booked), 1, 'only the winner\'s need is booked');
});

test('the trainee cannot be in two places, or on leave', async () => {
  const unit = await freshPeriod('kirurgi', 2);
  const rows = sql(`SELECT n1.id, n2.id, n1.trainee_id FROM rotation_need n1
      JOIN rotation_need n2 ON n2.trainee_id = n1.trainee_id AND n2.id <> n1.id
      JOIN specialty s ON s.id = n1.specialty_id JOIN trainee t ON t.id = n1.trainee_id
      JOIN unit h ON h.id = t.home_unit_id
    WHERE s.code = 'kirurgi' AND n1.status = 'open' AND n2.status = 'open' AND n2.specialty_id = n1.specialty_id
      AND (n1.patterns & 1) != 0 AND (n2.patterns & 1) != 0 AND h.max_away IS NULL
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = n1.trainee_id AND b.end_week > ${weekOf('2031-W01')})
    LIMIT 1`);
  if (rows.length) {
    const [n1, n2] = rows[0].map(Number);
    const r1 = await post(srv.base, '/api/v1/bookings', { need_id: n1, unit_id: unit, start_week: '2031-W12', pattern: 'full' });
    assert.equal(r1.status, 201, JSON.stringify(r1.body));
    const r2 = await post(srv.base, '/api/v1/bookings', { need_id: n2, unit_id: unit, start_week: '2031-W13', pattern: 'full' });
    assert.equal(r2.status, 409);
    assert.match(errorOf(r2).message, /placed at .* already \(booking \d+\)/);
  }
  // Leave: give a trainee with an open need a leave in 2031, then ask.
  const [need] = openNeeds('psykiatri', 3).slice(-1);
  const unit2 = await freshPeriod('psykiatri', 3, '2031-W41', '2032-W30');
  sqlText(srv.db, `INSERT INTO leave (trainee_id, from_date, to_date, kind)
    VALUES (${need.trainee}, '2031-10-13', '2031-10-20', 'sick')`);
  const r3 = await post(srv.base, '/api/v1/bookings', { need_id: need.id, unit_id: unit2, start_week: '2031-W41', pattern: 'full' });
  assert.equal(r3.status, 409);
  assert.match(errorOf(r3).message, /on sick leave from 2031-10-13 to 2031-10-20/);
});

test('a request for a place less than three months ahead is allowed and flagged', async () => {
  // Search the coming weeks for a free seat and a need that fits it.
  const from = '2026-W50', to = '2027-W08';
  const places = await get(srv.base, `/api/v1/places?from=${from}&to=${to}&pattern=full`);
  const needs = sql(`SELECT n.id, n.specialty_id, n.weeks FROM rotation_need n
    WHERE n.status = 'open' AND (n.patterns & 1) != 0 AND n.weeks <= 4
      AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id) ORDER BY n.id`);
  let made = null, tries = 0;
  outer: for (const u of places.body.units) {
    for (let i = 0; i + 6 <= u.free.length; i++) {
      if (!u.free.slice(i, i + 6).every((f) => f >= 1)) continue;
      for (const [id, sp] of needs) {
        if (Number(sp) !== u.specialty.id) continue;
        if (++tries > 60) break outer;
        const r = await post(srv.base, '/api/v1/bookings',
          { need_id: Number(id), unit_id: u.id, start_week: places.body.weeks[i], pattern: 'full' });
        if (r.status === 201) { made = r; break outer; }
        assert.equal(r.status, 409, JSON.stringify(r.body));
      }
      break;
    }
  }
  assert.ok(made, 'found a free near-term place for an open need');
  assert.equal(made.body.short_notice, true);
  assert.equal(made.body.warnings[0].code, 'short_notice');
});

test('booking requests: every field is checked and named', async () => {
  const [need] = openNeeds('psykiatri', 1);
  const [unit] = sql(`SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = 'psykiatri' AND u.takes_trainees = 1 LIMIT 1`)[0];
  const [other] = sql(`SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = 'kirurgi' AND u.takes_trainees = 1 LIMIT 1`)[0];
  const [noTake] = sql('SELECT id FROM unit WHERE takes_trainees = 0 LIMIT 1')[0] ?? [null];
  const ok = { need_id: need.id, unit_id: Number(unit), start_week: '2031-W30', pattern: 'full' };
  const cases = [
    [{ ...ok, need_id: undefined }, 'need_id'],
    [{ ...ok, need_id: 0 }, 'need_id'],
    [{ ...ok, need_id: 'five' }, 'need_id'],
    [{ ...ok, need_id: 99999999 }, 'need_id'],
    [{ ...ok, unit_id: undefined }, 'unit_id'],
    [{ ...ok, unit_id: 99999999 }, 'unit_id'],
    [{ ...ok, unit_id: Number(other) }, 'unit_id'],
    [{ ...ok, start_week: undefined }, 'start_week'],
    [{ ...ok, start_week: '2031-W54' }, 'start_week'],
    [{ ...ok, start_week: 2031 }, 'start_week'],
    [{ ...ok, start_week: '2025-W10' }, 'start_week'],
    [{ ...ok, pattern: undefined }, 'pattern'],
    [{ ...ok, pattern: 'quarter' }, 'pattern'],
    [{ ...ok, weeks: 0 }, 'weeks'],
    [{ ...ok, weeks: 105 }, 'weeks'],
    [{ ...ok, weeks: 2.5 }, 'weeks'],
    [{ ...ok, status: 'confirmed' }, 'status'],
  ];
  if (noTake) cases.push([{ ...ok, unit_id: Number(noTake) }, 'unit_id']);
  const before = sql('SELECT count(*) FROM booking')[0][0];
  for (const [body, field] of cases) {
    const r = await post(srv.base, '/api/v1/bookings', JSON.parse(JSON.stringify(body)));
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }
  for (const bad of ['{"need_id": 1,', '[1, 2]', '"text"', '', '{"need_id": 1, "need_id": 2}']) {
    const r = await call(srv.base, 'POST', '/api/v1/bookings', bad);
    assert.equal(r.status, 400, bad);
    errorOf(r);
  }
  assert.equal(sql('SELECT count(*) FROM booking')[0][0], before, 'nothing was written');
});

test('bookings: unknown ids are 404, wrong methods 405, bad filters 400', async () => {
  for (const [m, p] of [['GET', '/api/v1/bookings/99999999'], ['POST', '/api/v1/bookings/99999999/accept'],
    ['POST', '/api/v1/bookings/99999999/decline'], ['GET', '/api/v1/bookings/abc']]) {
    const r = await call(srv.base, m, p);
    assert.equal(r.status, 404, p);
    errorOf(r);
  }
  const c = await call(srv.base, 'POST', '/api/v1/bookings/99999999/cancel', { reason: 'other' });
  assert.equal(c.status, 404);
  for (const [m, p, allow] of [['DELETE', '/api/v1/bookings/1', 'GET, HEAD'], ['PUT', '/api/v1/bookings', 'GET, HEAD, POST'],
    ['GET', '/api/v1/bookings/1/accept', 'POST']]) {
    const r = await call(srv.base, m, p);
    assert.equal(r.status, 405, `${m} ${p}`);
    assert.equal(r.headers.get('allow'), allow);
  }
  for (const [q, field] of [['status=maybe', 'status'], ['unit=-1', 'unit'], ['limit=0', 'limit'],
    ['limit=501', 'limit'], ['offset=-1', 'offset'], ['from=W10', 'from']]) {
    const r = await get(srv.base, `/api/v1/bookings?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(errorOf(r).field, field, q);
  }
});

test('bookings: the list filters and pages agree with the database', async () => {
  const [unit, n] = sql(`SELECT unit_id, count(*) FROM booking WHERE status = 'confirmed'
    GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`)[0];
  const page1 = await get(srv.base, `/api/v1/bookings?unit=${unit}&status=confirmed&limit=5`);
  assert.equal(page1.body.total, Number(n));
  assert.equal(page1.body.items.length, Math.min(5, Number(n)));
  const all = [];
  for (let off = 0; off < Number(n); off += 5) {
    const p = await get(srv.base, `/api/v1/bookings?unit=${unit}&status=confirmed&limit=5&offset=${off}`);
    all.push(...p.body.items);
  }
  assert.equal(new Set(all.map((b) => b.id)).size, Number(n));
  assert.ok(all.every((b) => b.unit.id === Number(unit) && b.status === 'confirmed'));
  const weeks = all.map((b) => weekOf(b.start_week));
  assert.deepEqual(weeks, [...weeks].sort((a, b) => b - a), 'newest start first');
  const soonest = await get(srv.base, `/api/v1/bookings?unit=${unit}&status=confirmed&sort=start&limit=500`);
  const up = soonest.body.items.map((b) => weekOf(b.start_week));
  assert.equal(up.length, Number(n));
  assert.deepEqual(up, [...up].sort((a, b) => a - b), 'sort=start: soonest first');
  const badSort = await get(srv.base, '/api/v1/bookings?sort=name');
  assert.equal(badSort.status, 400);
  assert.equal(errorOf(badSort).field, 'sort');

  const [trainee, tn] = sql('SELECT trainee_id, count(*) FROM booking GROUP BY trainee_id ORDER BY 2 DESC LIMIT 1')[0];
  const byTrainee = await get(srv.base, `/api/v1/bookings?trainee=${trainee}&limit=500`);
  assert.equal(byTrainee.body.total, Number(tn));
  const name = sql(`SELECT p.name FROM trainee t JOIN person p ON p.id = t.person_id WHERE t.id = ${trainee}`)[0][0];
  assert.ok(byTrainee.body.items.every((b) => b.trainee.name === name));

  const f = weekOf('2027-W10'), t = weekOf('2027-W20') + 1;
  const inWindow = sql(`SELECT count(*) FROM booking WHERE end_week > ${f} AND start_week < ${t}`)[0][0];
  const windowed = await get(srv.base, '/api/v1/bookings?from=2027-W10&to=2027-W20&limit=1');
  assert.equal(windowed.body.total, Number(inWindow));
});
