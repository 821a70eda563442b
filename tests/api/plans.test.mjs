// Plan runs against a running server on a fresh demo region: a run over one
// specialty is started, followed to its end, and its proposal is checked
// against the database file itself (read with the sqlite3 tool) and the
// planning format's pattern rules (written out below), never against the
// server's own code; then bad input, cancelling, queueing, applying
// proposals as booking requests (all or nothing), and `randa plan --db` as
// another process on the same database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { serveForTests, get, post, call, errorOf, RANDA } from './harness.mjs';

const srv = serveForTests();

// ISO week "YYYY-Www" <-> serial (weeks since 1970-W01, whose Monday is
// 1969-12-29), and the serial of a date, computed here from the calendar.
const MONDAY0 = Date.UTC(1969, 11, 29);
const WEEK_MS = 604800000;
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return Math.round((jan4 - dow * 86400000 - MONDAY0) / WEEK_MS) + (w - 1);
}
const weekOfDate = (date) => Math.floor((Date.parse(date + 'T00:00:00Z') - MONDAY0) / WEEK_MS);

// The planning format's patterns: occupancy in placement week k (hundredths
// of a seat) and calendar length of `weeks` full-time weeks at fte percent.
const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];
const ceilDiv = (a, b) => Math.floor((a + b - 1) / b);
function occupancy(pattern, k) {
  return { full: 100, split4: 80, split3: 60, half: 50, alternate: k % 2 === 0 ? 100 : 0 }[pattern];
}
function patternLen(pattern, weeks, fte) {
  switch (pattern) {
    case 'full': return ceilDiv(weeks * 100, fte);
    case 'split4': return ceilDiv(weeks * 10000, 80 * fte);
    case 'split3': return ceilDiv(weeks * 10000, 60 * fte);
    case 'half': return ceilDiv(weeks * 10000, 50 * fte);
    default: return 2 * ceilDiv(weeks * 100, fte) - 1;
  }
}

// The specialty the main run plans: the one with the most open needs of
// active trainees, where seats are scarcest and the checks below bite.
function pickSpecialty() {
  const rows = srv.sql(`SELECT sp.id, sp.code, count(*) AS open FROM rotation_need n
    JOIN specialty sp ON sp.id = n.specialty_id JOIN trainee t ON t.id = n.trainee_id
    WHERE n.status = 'open' AND t.status = 'active'
    GROUP BY sp.id ORDER BY open DESC, sp.id LIMIT 1`);
  assert.equal(rows.length, 1, 'the demo has a specialty to plan');
  return rows[0];
}

async function waitFor(id, done, seconds = 90) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const r = await get(srv.base, `/api/v1/plans/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (done(r.body)) return r.body;
    assert.ok(Date.now() < until, `run ${id} still ${r.body.status} after ${seconds} s`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}
const ended = (run) => ['done', 'failed', 'cancelled'].includes(run.status);

// Books a second need of the specialty ahead for a trainee who has an
// open one, through the bookings API: the run must keep it, fixed.
async function bookAhead(specialty) {
  const [t] = srv.sql(`SELECT n.trainee_id AS id FROM rotation_need n
    JOIN trainee t ON t.id = n.trainee_id WHERE n.status = 'open'
    AND t.status = 'active' AND n.specialty_id = ${specialty.id} ORDER BY n.id LIMIT 1`);
  const need = await post(srv.base, '/api/v1/needs',
    { trainee_id: t.id, specialty_id: specialty.id, weeks: 4, patterns: ['full'] });
  assert.equal(need.status, 201, JSON.stringify(need.body));
  const units = srv.sql(`SELECT id FROM unit WHERE specialty_id = ${specialty.id}
    AND takes_trainees = 1 ORDER BY id`);
  const [{ w }] = srv.sql('SELECT max(start_week) AS w FROM booking');
  for (let start = w - 100; start < w; start += 3)
    for (const u of units) {
      const r = await post(srv.base, '/api/v1/bookings', { need_id: need.body.id, unit_id: u.id,
        start_week: isoOf(start), pattern: 'full' });
      if (r.status === 201) return r.body;
    }
  assert.fail('no place to book ahead');
}
function isoOf(serial) {
  const thursday = new Date(MONDAY0 + serial * WEEK_MS + 3 * 86400000);
  const y = thursday.getUTCFullYear();
  return `${y}-W${String(serial - weekOf(`${y}-W01`) + 1).padStart(2, '0')}`;
}

// One run over one specialty, shared by the tests that read its proposal.
let main; // { specialty, run, proposal, booked }
async function mainRun() {
  if (main) return main;
  const specialty = pickSpecialty();
  const booked = await bookAhead(specialty);
  const r = await post(srv.base, '/api/v1/plans', { specialty: specialty.code, time_limit: 3, seed: 7 });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `/api/v1/plans/${r.body.id}`);
  assert.ok(['queued', 'running'].includes(r.body.status), r.body.status);
  assert.equal(r.body.specialty.code, specialty.code);
  assert.equal(r.body.time_limit, 3);
  assert.equal(r.body.seed, 7);
  const run = await waitFor(r.body.id, ended);
  assert.equal(run.status, 'done', JSON.stringify(run));
  const p = await get(srv.base, `/api/v1/plans/${run.id}/proposal`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  main = { specialty, run, proposal: p.body, booked };
  return main;
}

test('a run over one specialty ends done with its score, bound and counts', async () => {
  const { run, proposal } = await mainRun();
  assert.ok(run.started_at && run.finished_at && run.finished_at >= run.started_at);
  assert.equal(run.error, null);
  assert.equal(typeof run.score, 'number');
  assert.ok(run.lower_bound <= run.score, `bound ${run.lower_bound} > score ${run.score}`);
  assert.equal(run.progress.best, run.score);
  assert.equal(run.needs, proposal.items.length);
  assert.equal(run.needs, run.assigned + run.unplaced);
  const count = (s) => proposal.items.filter((i) => i.status === s).length;
  assert.equal(run.fixed, count('fixed'));
  assert.equal(run.assigned, count('proposed') + count('fixed'));
  assert.equal(run.unplaced, count('unplaced'));
  assert.ok(count('proposed') > 0, 'the run proposes places');
  assert.ok(count('fixed') > 0, 'the run keeps bookings ahead');
  const kept = proposal.items.find((i) => i.need_id === main.booked.need_id);
  assert.equal(kept.status, 'fixed');
  assert.equal(kept.start_week, main.booked.start_week);
  assert.equal(kept.booking.id, main.booked.id);
  assert.equal(proposal.horizon.start_week, run.horizon.start_week);
  assert.equal(weekOf(proposal.horizon.end_week) - weekOf(proposal.horizon.start_week) + 1,
    proposal.horizon.weeks);
});

test('the proposal holds exactly the open needs of the specialty and the needs booked ahead', async () => {
  const { specialty, proposal, run } = await mainRun();
  const h0 = weekOf(run.horizon.start_week);
  const scope = `(n.specialty_id = ${specialty.id} OR EXISTS (SELECT 1 FROM need_unit nu
    JOIN unit u ON u.id = nu.unit_id WHERE nu.need_id = n.id AND u.specialty_id = ${specialty.id}))`;
  const trainees = `SELECT t.id FROM trainee t JOIN unit h ON h.id = t.home_unit_id
    WHERE t.status = 'active' AND EXISTS (SELECT 1 FROM rotation_need n
    WHERE n.trainee_id = t.id AND n.status = 'open' AND ${scope})`;
  const open = srv.sql(`SELECT n.id FROM rotation_need n WHERE n.status = 'open'
    AND ${scope} AND n.trainee_id IN (${trainees})`).map((r) => r.id).sort((a, b) => a - b);
  const got = proposal.items.filter((i) => i.status !== 'fixed').map((i) => i.need_id)
    .sort((a, b) => a - b);
  assert.deepEqual(got, open);
  // Fixed: the needs of those trainees booked from week 0 on, as booked.
  const booked = srv.sql(`SELECT b.need_id, b.unit_id, b.start_week, b.end_week, b.pattern,
    b.weeks FROM booking b JOIN rotation_need n ON n.id = b.need_id
    WHERE b.status IN ('requested', 'confirmed') AND b.start_week >= ${h0}
    AND n.status = 'booked' AND ${scope} AND n.trainee_id IN (${trainees})`);
  const fixed = proposal.items.filter((i) => i.status === 'fixed');
  assert.equal(fixed.length, booked.length);
  for (const b of booked) {
    const it = fixed.find((i) => i.need_id === b.need_id);
    assert.ok(it, `need ${b.need_id} is booked ahead but not fixed`);
    assert.equal(it.unit.id, b.unit_id);
    assert.equal(weekOf(it.start_week), b.start_week);
    assert.equal(weekOf(it.end_week), b.end_week - 1);
    assert.equal(it.pattern, b.pattern);
    assert.equal(it.weeks, b.weeks);
    assert.equal(it.booking.unit.id, b.unit_id);
  }
});

test('every proposed place is one the booking rules allow, recomputed from the database', async () => {
  const { proposal, run } = await mainRun();
  const h0 = weekOf(run.horizon.start_week);
  const proposed = proposal.items.filter((i) => i.status === 'proposed');
  const needs = new Map(srv.sql(`SELECT n.id, n.specialty_id, n.weeks, n.patterns, t.fte,
    t.home_unit_id AS home, n.trainee_id FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id
    WHERE n.id IN (${proposed.map((i) => i.need_id).join(',')})`).map((r) => [r.id, r]));
  const needUnits = srv.sql('SELECT need_id, unit_id FROM need_unit');
  const needGoals = srv.sql('SELECT need_id, goal_id FROM need_goal');
  const unitGoals = srv.sql('SELECT unit_id, goal_id FROM unit_goal');
  const units = new Map(srv.sql('SELECT id, specialty_id, takes_trainees, max_away FROM unit')
    .map((r) => [r.id, r]));
  const caps = srv.sql('SELECT unit_id, from_week, to_week, seats, patterns FROM capacity');
  const bookings = srv.sql(`SELECT b.trainee_id, b.unit_id, b.start_week, b.end_week, b.pattern,
    t.home_unit_id AS home FROM booking b JOIN trainee t ON t.id = b.trainee_id
    WHERE b.status IN ('requested', 'confirmed', 'completed') AND b.end_week > ${h0}`);
  const leaves = srv.sql('SELECT trainee_id, from_date, to_date FROM leave');
  // Placements: the bookings that hold seats, and the proposed places.
  const places = bookings.map((b) => ({ ...b, start: b.start_week, end: b.end_week }));
  for (const it of proposed) {
    const n = needs.get(it.need_id);
    assert.ok(n, `need ${it.need_id} exists`);
    const start = weekOf(it.start_week), end = weekOf(it.end_week) + 1;
    assert.equal(end - start, patternLen(it.pattern, it.weeks, n.fte), `need ${it.need_id}: length`);
    assert.ok(start >= h0, `need ${it.need_id} starts before the horizon`);
    assert.equal(it.weeks, n.weeks);
    assert.ok(n.patterns & (1 << PATTERNS.indexOf(it.pattern)), `need ${it.need_id}: pattern`);
    const named = needUnits.filter((r) => r.need_id === it.need_id).map((r) => r.unit_id);
    const u = units.get(it.unit.id);
    assert.equal(u.takes_trainees, 1);
    if (named.length) assert.ok(named.includes(u.id), `need ${it.need_id}: unit not named`);
    else {
      // Its specialty, or (goal matching) a unit that covers all its goals.
      const want = needGoals.filter((r) => r.need_id === it.need_id).map((r) => r.goal_id);
      const has = new Set(unitGoals.filter((r) => r.unit_id === u.id).map((r) => r.goal_id));
      assert.ok(u.specialty_id === n.specialty_id || (want.length > 0 && want.every((g) => has.has(g))),
        `need ${it.need_id}: unit of another specialty that does not cover its goals`);
    }
    assert.equal(it.booking, null);
    places.push({ trainee_id: n.trainee_id, unit_id: u.id, start, end, pattern: it.pattern,
      home: n.home, need: it.need_id });
  }
  // Seats: every unit-week a proposal touches holds what its capacity offers.
  let checked = 0;
  for (const it of proposed) {
    const start = weekOf(it.start_week), end = weekOf(it.end_week) + 1;
    for (let w = start; w < end; w++) {
      if (occupancy(it.pattern, w - start) === 0) continue;
      const cap = caps.find((c) => c.unit_id === it.unit.id && c.from_week <= w && w < c.to_week);
      assert.ok(cap && cap.seats > 0, `need ${it.need_id}: no seats at unit ${it.unit.id} week ${w}`);
      assert.ok(cap.patterns & (1 << PATTERNS.indexOf(it.pattern)),
        `need ${it.need_id}: unit ${it.unit.id} refuses ${it.pattern} in week ${w}`);
      let used = 0;
      for (const p of places)
        if (p.unit_id === it.unit.id && p.start <= w && w < p.end) used += occupancy(p.pattern, w - p.start);
      assert.ok(used <= cap.seats * 100, `unit ${it.unit.id} week ${w}: ${used} > ${cap.seats} seats`);
      // The home unit's limit on trainees away.
      const n = needs.get(it.need_id), home = units.get(n.home);
      if (home.max_away !== null && home.id !== it.unit.id) {
        let away = 0;
        for (const p of places)
          if (p.home === home.id && p.unit_id !== home.id && p.start <= w && w < p.end)
            away += occupancy(p.pattern, w - p.start);
        assert.ok(away <= home.max_away * 100, `home ${home.id} week ${w}: ${away} away`);
      }
      checked++;
    }
  }
  assert.ok(checked > 50, `only ${checked} unit-weeks checked`);
  // The trainee: nowhere else, and not on leave.
  for (const it of proposed) {
    const n = needs.get(it.need_id);
    const start = weekOf(it.start_week), end = weekOf(it.end_week) + 1;
    for (const p of places)
      if (p.trainee_id === n.trainee_id && p.need !== it.need_id)
        assert.ok(p.end <= start || end <= p.start, `need ${it.need_id} overlaps another placement`);
    for (const l of leaves.filter((x) => x.trainee_id === n.trainee_id))
      assert.ok(weekOfDate(l.to_date) < start || end <= weekOfDate(l.from_date),
        `need ${it.need_id} overlaps leave ${l.from_date}..${l.to_date}`);
  }
});

test('unplaced needs carry a reason; bottlenecks name real units and weeks', async () => {
  const { proposal } = await mainRun();
  for (const it of proposal.items) {
    if (it.status !== 'unplaced') {
      assert.equal(it.reason, null);
      assert.equal(it.why, null);
      continue;
    }
    assert.ok(typeof it.reason === 'string' && it.reason.length > 10, `need ${it.need_id}: ${it.reason}`);
    assert.equal(it.unit, null);
    assert.equal(it.start_week, null);
    assert.equal(it.pattern, null);
    // The same reason as data (issue 16): its kind, real units by their
    // database ids and names, weeks in order, the need waited for.
    const w = it.why;
    assert.ok(w && ['waits', 'too_late', 'no_room', 'busy', 'away_limit', 'full'].includes(w.kind), JSON.stringify(w));
    for (const u of w.units) {
      const [row] = srv.sql(`SELECT name FROM unit WHERE id = ${Number(u.id)}`);
      assert.equal(u.name, row.name);
    }
    if (w.from_week && w.to_week) assert.ok(weekOf(w.from_week) <= weekOf(w.to_week), JSON.stringify(w));
    if (w.kind === 'waits') {
      const other = proposal.items.find((x) => x.need_id === w.waits_for);
      assert.ok(other && other.trainee.id === it.trainee.id && other.status === 'unplaced', JSON.stringify(w));
    } else {
      assert.equal(w.waits_for, null);
      assert.ok(w.units.length >= 1, JSON.stringify(w));
      assert.ok(w.weeks >= 1, JSON.stringify(w));
    }
  }
  for (const b of proposal.bottlenecks) {
    const [u] = srv.sql(`SELECT name FROM unit WHERE id = ${b.unit.id}`);
    assert.equal(b.unit.name, u.name);
    assert.ok(weekOf(b.from_week) <= weekOf(b.to_week));
    assert.equal(typeof b.gain, 'number');
  }
});

test('a need no unit can take is reported unplaced with "no unit offers"', async () => {
  // A need of a specialty with no unit in the region: every one of its
  // patterns is refused, so it is left out of the problem.
  const [sp] = srv.sql(`SELECT id, code FROM specialty s WHERE NOT EXISTS (SELECT 1 FROM unit u
    WHERE u.specialty_id = s.id) ORDER BY id LIMIT 1`);
  const [t] = srv.sql(`SELECT t.id FROM trainee t WHERE t.status = 'active' ORDER BY t.id LIMIT 1`);
  const n = await post(srv.base, '/api/v1/needs',
    { trainee_id: t.id, specialty_id: sp.id, weeks: 8, patterns: ['full'] });
  assert.equal(n.status, 201, JSON.stringify(n.body));
  const r = await post(srv.base, '/api/v1/plans', { specialty: sp.code, time_limit: 1 });
  assert.equal(r.status, 202);
  const run = await waitFor(r.body.id, ended);
  assert.equal(run.status, 'done', JSON.stringify(run));
  const p = await get(srv.base, `/api/v1/plans/${run.id}/proposal`);
  const it = p.body.items.find((i) => i.need_id === n.body.id);
  assert.equal(it.status, 'unplaced');
  assert.match(it.reason, /no unit offers/);
  const [spn] = srv.sql(`SELECT name_sv FROM specialty WHERE id = ${sp.id}`);
  assert.equal(it.why.kind, 'no_specialty_unit');
  assert.equal(it.why.specialty, spn.name_sv);
  assert.deepEqual(it.why.patterns, ['full']);
  assert.deepEqual(it.why.units, []);
  assert.equal(it.why.from_week, p.body.horizon.start_week);
  assert.equal(it.why.to_week, p.body.horizon.end_week);
  assert.equal(it.trainee.id, t.id);
  assert.equal(await srv.count(`SELECT count(*) FROM rotation_need WHERE id = ${n.body.id}`), 1);
  assert.equal((await call(srv.base, 'DELETE', `/api/v1/needs/${n.body.id}`)).status, 204);
});

test('bad input is refused naming the field, and nothing is written', async () => {
  const runs = srv.count('SELECT count(*) FROM plan_run');
  const bookings = srv.count('SELECT count(*) FROM booking');
  const cases = [
    [{ specialty: 'no-such-specialty' }, 422, 'specialty'],
    [{ specialty: 999999 }, 422, 'specialty'],
    [{ specialty: true }, 422, 'specialty'],
    [{ region: 'no-such-region' }, 422, 'region'],
    [{ time_limit: 0 }, 422, 'time_limit'],
    [{ time_limit: 601 }, 422, 'time_limit'],
    [{ time_limit: 2.5 }, 422, 'time_limit'],
    [{ time_limit: '20' }, 422, 'time_limit'],
    [{ seed: -1 }, 422, 'seed'],
    [{ seed: 'x' }, 422, 'seed'],
    [{ timelimit: 20 }, 422, 'timelimit'],
    ['{"time_limit": ', 400, undefined],
    ['[]', 400, undefined],
  ];
  for (const [body, status, field] of cases) {
    const r = await post(srv.base, '/api/v1/plans', body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
    const e = errorOf(r);
    if (field) {
      assert.equal(e.field, field, JSON.stringify(body));
      assert.match(e.message, new RegExp(`^${field}: `));
    }
  }
  for (const path of ['/api/v1/plans/999999', '/api/v1/plans/abc', '/api/v1/plans/0',
    '/api/v1/plans/999999/proposal']) {
    const r = await get(srv.base, path);
    assert.equal(r.status, 404, path);
    errorOf(r);
  }
  assert.equal((await post(srv.base, '/api/v1/plans/999999/cancel')).status, 404);
  assert.equal((await post(srv.base, '/api/v1/plans/999999/apply', { needs: [1] })).status, 404);
  assert.equal((await get(srv.base, '/api/v1/plans?status=finished')).status, 400);
  assert.equal(srv.count('SELECT count(*) FROM plan_run'), runs);
  assert.equal(srv.count('SELECT count(*) FROM booking'), bookings);
});

test('apply refuses needs the proposal does not place, naming the need', async () => {
  const { run, proposal } = await mainRun();
  const bookings = srv.count('SELECT count(*) FROM booking');
  const fixed = proposal.items.find((i) => i.status === 'fixed');
  const unplaced = proposal.items.find((i) => i.status === 'unplaced');
  const proposed = proposal.items.find((i) => i.status === 'proposed');
  const [other] = srv.sql(`SELECT id FROM rotation_need WHERE id NOT IN
    (${proposal.items.map((i) => i.need_id).join(',')}) LIMIT 1`);
  const cases = [
    [{ needs: [other.id] }, new RegExp(`need ${other.id} is not in plan run ${run.id}`)],
    [{ needs: [999999999] }, /need 999999999 is not in plan run/],
    [{ needs: [fixed.need_id] }, new RegExp(`need ${fixed.need_id} is booked already`)],
    [{ needs: [proposed.need_id, proposed.need_id] }, /listed twice/],
    [{ needs: [] }, /needs: must be a list/],
    [{ needs: [0] }, /needs: item 0/],
    [{ needs: 'all' }, /needs: must be a list/],
    [{}, /needs: is required/],
  ];
  if (unplaced)
    cases.push([{ needs: [proposed.need_id, unplaced.need_id] },
      new RegExp(`need ${unplaced.need_id} has no place`)]);
  for (const [body, message] of cases) {
    const r = await post(srv.base, `/api/v1/plans/${run.id}/apply`, body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).field, 'needs');
    assert.match(r.body.error.message, message);
  }
  assert.equal(srv.count('SELECT count(*) FROM booking'), bookings);
});

test('apply turns proposals into booking requests; one that clashes writes nothing', async () => {
  const { run, proposal } = await mainRun();
  // Three proposed places of different trainees at different units.
  const chosen = [];
  for (const it of proposal.items.filter((i) => i.status === 'proposed'))
    if (!chosen.some((c) => c.trainee.id === it.trainee.id || c.unit.id === it.unit.id))
      chosen.push(it);
  assert.ok(chosen.length >= 3, 'three proposals to apply');
  const [a, b, c] = chosen;

  // The capacity of c's unit drops to nothing after the run: requesting a
  // and c together fails on c, and a is not requested either.
  const cap = srv.sql(`SELECT id, seats FROM capacity WHERE unit_id = ${c.unit.id}
    AND from_week <= ${weekOf(c.start_week)} AND to_week > ${weekOf(c.start_week)}`)[0];
  assert.equal((await call(srv.base, 'PATCH', `/api/v1/capacity/${cap.id}`, { seats: 0 })).status, 200);
  const before = srv.count('SELECT count(*) FROM booking');
  const audit = srv.count('SELECT count(*) FROM audit_log');
  let r = await post(srv.base, `/api/v1/plans/${run.id}/apply`, { needs: [a.need_id, c.need_id] });
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'needs');
  assert.match(r.body.error.message, new RegExp(`need ${c.need_id} `));
  assert.doesNotMatch(r.body.error.message, new RegExp(`need ${a.need_id} `));
  assert.equal(srv.count('SELECT count(*) FROM booking'), before);
  assert.equal(srv.count('SELECT count(*) FROM audit_log'), audit);
  assert.equal(srv.sql(`SELECT status FROM rotation_need WHERE id = ${a.need_id}`)[0].status, 'open');
  assert.equal((await call(srv.base, 'PATCH', `/api/v1/capacity/${cap.id}`, { seats: cap.seats })).status, 200);

  // a and b: both requested, as proposed.
  r = await post(srv.base, `/api/v1/plans/${run.id}/apply`, { needs: [a.need_id, b.need_id] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.bookings.length, 2);
  for (const [i, it] of [a, b].entries()) {
    const bk = r.body.bookings[i];
    assert.equal(bk.need_id, it.need_id);
    assert.equal(bk.unit.id, it.unit.id);
    assert.equal(bk.trainee.id, it.trainee.id);
    assert.equal(bk.start_week, it.start_week);
    assert.equal(bk.end_week, it.end_week);
    assert.equal(bk.pattern, it.pattern);
    assert.equal(bk.status, 'requested');
    const listed = await get(srv.base, `/api/v1/bookings?need=${it.need_id}`);
    assert.deepEqual(listed.body.items.map((x) => x.id), [bk.id]);
    assert.equal(srv.sql(`SELECT status FROM rotation_need WHERE id = ${it.need_id}`)[0].status, 'booked');
  }
  const audited = srv.sql(`SELECT actor FROM audit_log WHERE entity = 'booking'
    AND entity_id = ${r.body.bookings[0].id}`);
  assert.equal(audited[0].actor, `tester (plan run ${run.id})`, 'who applied, and from which run');
  // Reading a proposal is logged as an export.
  assert.ok(srv.count(`SELECT count(*) FROM auth_event WHERE event = 'export'
    AND actor = 'tester' AND detail = 'plan run ${run.id} proposal'`) >= 1);
  // The proposal shows the requests now; applying a again clashes (409).
  const p = await get(srv.base, `/api/v1/plans/${run.id}/proposal`);
  assert.equal(p.body.items.find((i) => i.need_id === a.need_id).booking.id, r.body.bookings[0].id);
  const again = await post(srv.base, `/api/v1/plans/${run.id}/apply`, { needs: [c.need_id, a.need_id] });
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, new RegExp(`need ${a.need_id} `));
  assert.equal(srv.sql(`SELECT status FROM rotation_need WHERE id = ${c.need_id}`)[0].status, 'open');
});

test('runs wait their turn, and cancel stops a queued run at once and a running one soon', async () => {
  await mainRun(); // nothing else runs
  // The whole region with a long time limit, and one behind it.
  const first = await post(srv.base, '/api/v1/plans', { time_limit: 120 });
  const second = await post(srv.base, '/api/v1/plans', { time_limit: 120 });
  assert.equal(first.status, 202);
  assert.equal(second.status, 202);
  assert.equal(second.body.status, 'queued');
  await waitFor(first.body.id, (r) => r.status === 'running');
  assert.equal((await get(srv.base, `/api/v1/plans/${second.body.id}`)).body.status, 'queued');
  const listed = await get(srv.base, '/api/v1/plans?status=queued');
  assert.deepEqual(listed.body.items.map((r) => r.id), [second.body.id]);
  const all = await get(srv.base, '/api/v1/plans');
  assert.ok(all.body.items[0].id > all.body.items[1].id, 'newest first');

  let r = await post(srv.base, `/api/v1/plans/${second.body.id}/cancel`);
  assert.equal(r.status, 202);
  assert.equal(r.body.status, 'cancelled');
  assert.ok(r.body.finished_at);
  // A cancelled queued run has no plan, so no proposal.
  assert.equal((await get(srv.base, `/api/v1/plans/${second.body.id}/proposal`)).status, 409);

  // Progress reaches the database while it runs.
  const running = await waitFor(first.body.id, (x) => x.progress.seconds > 0.5 || ended(x));
  assert.ok(running.phase.length > 0);
  const t0 = Date.now();
  r = await post(srv.base, `/api/v1/plans/${first.body.id}/cancel`);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const stopped = await waitFor(first.body.id, ended, 30);
  assert.ok(Date.now() - t0 < 20000, 'the run stops soon after cancel');
  assert.ok(['cancelled', 'done'].includes(stopped.status), stopped.status);
  assert.ok(stopped.progress.seconds < 100, 'it did not run to its limit');
  // The best plan is kept: its proposal reads.
  const p = await get(srv.base, `/api/v1/plans/${first.body.id}/proposal`);
  assert.equal(p.status, 200);
  assert.equal(p.body.items.length, stopped.needs);
  // An ended run cannot be cancelled.
  const again = await post(srv.base, `/api/v1/plans/${first.body.id}/cancel`);
  assert.equal(again.status, 409);
  assert.equal(errorOf(again).code, 'conflict');
});

// randa plan --db as another process: resolves to { code, stdout, stderr }.
function planDb(args, onStart) {
  return new Promise((ok) => {
    const proc = spawn(RANDA, ['plan', '--db', srv.db, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('exit', (code) => ok({ code, stdout, stderr }));
    onStart?.(proc);
  });
}

test('randa plan --db stores a run the server shows, and changes no booking', async () => {
  const { specialty } = await mainRun();
  const bookings = srv.sql('SELECT id, status, start_week FROM booking ORDER BY id');
  const needs = srv.sql('SELECT id, status FROM rotation_need ORDER BY id');
  const r = await planDb(['--specialty', specialty.code, '--time-limit', '1', '--seed', '3']);
  assert.equal(r.code, 0, r.stderr);
  const m = r.stdout.match(/^plan run (\d+) \(Region [^,]+, [^)]+\): done\n\s+(\d+) needs: (\d+) placed \((\d+) of them booked already\), (\d+) unplaced\n\s+score (\d+), lower bound (\d+)/);
  assert.ok(m, r.stdout);
  assert.equal(r.stderr, '', 'no progress lines when standard error is not a terminal');
  const run = (await get(srv.base, `/api/v1/plans/${m[1]}`)).body;
  assert.equal(run.status, 'done');
  assert.equal(run.specialty.code, specialty.code);
  assert.equal(run.seed, 3);
  assert.deepEqual([run.needs, run.assigned, run.fixed, run.unplaced, run.score, run.lower_bound],
    m.slice(2, 8).map(Number));
  assert.equal((await get(srv.base, `/api/v1/plans/${m[1]}/proposal`)).body.items.length, run.needs);
  assert.deepEqual(srv.sql('SELECT id, status, start_week FROM booking ORDER BY id'), bookings);
  assert.deepEqual(srv.sql('SELECT id, status FROM rotation_need ORDER BY id'), needs);
  // Bad usage names the flag.
  const bad = await planDb(['--specialty', 'no-such-specialty']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--specialty: no specialty with code no-such-specialty/);
  const badLimit = await planDb(['--time-limit', '0']);
  assert.equal(badLimit.code, 2);
  assert.match(badLimit.stderr, /--time-limit/);
});

test('a run of randa plan --db is cancelled through the API of another process', async () => {
  await mainRun();
  let started;
  const exited = planDb(['--time-limit', '120'], (proc) => { started = proc; });
  // Its row appears, running, with progress from the other process.
  let run;
  for (const until = Date.now() + 60000; ; ) {
    const r = await get(srv.base, '/api/v1/plans?status=running');
    run = r.body.items.find((x) => x.progress.seconds > 0.5);
    if (run) break;
    assert.ok(Date.now() < until && started.exitCode === null, 'the command runs');
    await new Promise((ok) => setTimeout(ok, 200));
  }
  const t0 = Date.now();
  const c = await post(srv.base, `/api/v1/plans/${run.id}/cancel`);
  assert.equal(c.status, 202);
  const r = await exited;
  assert.ok(Date.now() - t0 < 20000, 'the command stopped soon after cancel');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^plan run ${run.id} .*: (cancelled|done)`));
  const ended = (await get(srv.base, `/api/v1/plans/${run.id}`)).body;
  assert.ok(['cancelled', 'done'].includes(ended.status));
  assert.ok(ended.progress.seconds < 100);
});
