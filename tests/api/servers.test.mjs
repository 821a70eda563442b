// Several `randa serve` processes on one database, as behind a load
// balancer: a session made on one server is good on the other, the place
// overview of one sees a booking made through the other at once, the last
// seat asked for through both goes to exactly one request, a log-out on
// one ends the session on both, plan runs queued through both are each
// solved once by whichever planner is free, and failed log-ins through
// both add up to one lock-out. Runs on a SQLite file and, with
// RANDA_TEST_PG, on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, serveDatabase, call, login, sessionHeaders, errorOf, sqlRows } from './harness.mjs';

let a, b;
before(async () => {
  a = await startServer();
  b = await serveDatabase(a.db);
});
after(async () => {
  if (b?.proc.exitCode === null) {
    const done = new Promise((ok) => b.proc.on('exit', ok));
    b.proc.kill('SIGTERM');
    await done;
  }
  await a?.stop();
});

const as = (srv, method, path, body) => call(srv.base, method, path, body, sessionHeaders(a.session));
const week = (iso) => {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000 + (w - 1) * 7 * 86400000;
  const epoch = Date.UTC(1969, 11, 29); // the Monday of 1970-W01
  return Math.round((monday - epoch) / (7 * 86400000));
};

// A unit of the specialty with no capacity after 2031-W01, given a period
// of `seats` seats through server a; its id.
async function freshPeriod(code, seats) {
  const [{ id }] = sqlRows(a.db, `SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = '${code}' AND u.takes_trainees = 1
      AND NOT EXISTS (SELECT 1 FROM capacity c WHERE c.unit_id = u.id AND c.to_week > ${week('2031-W01')})
    ORDER BY u.id LIMIT 1`);
  const r = await as(a, 'POST', '/api/v1/capacity',
    { unit_id: id, from_week: '2031-W10', to_week: '2031-W40', seats, patterns: ['full'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return id;
}

// Open full-time needs of the specialty, one per trainee, whose trainees
// are free in 2031 and whose home units set no limit on trainees away.
function openNeeds(code, count) {
  const rows = sqlRows(a.db, `SELECT n.id, n.trainee_id FROM rotation_need n
      JOIN specialty s ON s.id = n.specialty_id JOIN trainee t ON t.id = n.trainee_id
      JOIN unit h ON h.id = t.home_unit_id
    WHERE s.code = '${code}' AND n.status = 'open' AND (n.patterns & 1) != 0
      AND (h.max_away IS NULL OR h.max_away >= 1) AND n.weeks <= 20
      AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id)
      AND NOT EXISTS (SELECT 1 FROM booking x WHERE x.trainee_id = n.trainee_id AND x.end_week > ${week('2031-W01')})
      AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = n.trainee_id AND l.to_date >= '2031-01-01')
    ORDER BY n.id`);
  return rows.filter((n, i) => rows.findIndex((m) => m.trainee_id === n.trainee_id) === i).slice(0, count);
}

async function freeAt(srv, unit, w) {
  const r = await as(srv, 'GET', `/api/v1/places?from=${w}&to=${w}&unit=${unit}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.units[0].free[0];
}

test('a session made on one server is good on the other', async () => {
  const r = await as(b, 'GET', '/api/v1/session');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.user.username, 'tester');
});

test('the overview of one server sees a booking made through the other at once', async () => {
  const unit = await freshPeriod('psykiatri', 2);
  assert.equal(await freeAt(b, unit, '2031-W12'), 2, 'b sees the new period');
  const [need] = openNeeds('psykiatri', 1);
  const r = await as(a, 'POST', '/api/v1/bookings', { need_id: need.id, unit_id: unit, start_week: '2031-W12', pattern: 'full', weeks: 4 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(await freeAt(b, unit, '2031-W12'), 1, 'b sees the booking made through a');
});

test('the last seat asked for through both servers goes to exactly one request', async () => {
  const unit = await freshPeriod('obstetrik-och-gynekologi', 1);
  const needs = openNeeds('obstetrik-och-gynekologi', 24);
  assert.ok(needs.length >= 12, `enough open needs (${needs.length})`);
  const results = await Promise.all(needs.map((n, i) => as(i % 2 ? b : a, 'POST', '/api/v1/bookings',
    { need_id: n.id, unit_id: unit, start_week: '2031-W20', pattern: 'full', weeks: 4 })));
  const won = results.filter((r) => r.status === 201);
  assert.equal(won.length, 1, JSON.stringify(results.map((r) => r.status)));
  for (const r of results.filter((x) => x.status !== 201)) {
    assert.equal(r.status, 409);
    assert.match(errorOf(r).message, /full in week 2031-W2\d/);
  }
  const [{ n }] = sqlRows(a.db, `SELECT count(*) AS n FROM booking WHERE unit_id = ${unit}
    AND status IN ('requested', 'confirmed') AND need_id IN (${needs.map((x) => x.id).join(',')})`);
  assert.equal(Number(n), 1);
  assert.equal(await freeAt(a, unit, '2031-W20'), 0);
  assert.equal(await freeAt(b, unit, '2031-W20'), 0);
});

test('a log-out on one server ends the session on the other', async () => {
  const s = await login(a.base, 'samordnare');
  assert.ok(s.cookie);
  const h = sessionHeaders(s);
  assert.equal((await call(b.base, 'GET', '/api/v1/session', undefined, h)).status, 200);
  assert.equal((await call(a.base, 'DELETE', '/api/v1/session', undefined, h)).status, 200);
  assert.equal((await call(b.base, 'GET', '/api/v1/session', undefined, h)).status, 401);
});

// The runs a server's planner solved, by its log, in order.
const solvedBy = (srv) => [...srv.log().matchAll(/planner: solving plan run (\d+)$/gm)].map((m) => Number(m[1]));
const endedBy = (srv) => [...srv.log().matchAll(/planner: plan run (\d+) ended$/gm)].map((m) => Number(m[1]));
const byNumber = (x, y) => x - y;

test('plan runs queued through both servers are each solved once, by whichever planner is free', async () => {
  // Six runs of a second each, queued in turn through a and b: each
  // server wakes its own planner, and the two take the queue between them.
  const ids = [];
  for (let i = 0; i < 6; i++) {
    const r = await as(i % 2 ? b : a, 'POST', '/api/v1/plans', { time_limit: 1, seed: i + 1 });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    ids.push(r.body.id);
  }
  const deadline = Date.now() + 180000;
  let runs;
  for (;;) {
    runs = await Promise.all(ids.map(async (id) => {
      const r = await as(id % 2 ? a : b, 'GET', `/api/v1/plans/${id}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    }));
    if (runs.every((r) => !['queued', 'running'].includes(r.status))) break;
    assert.ok(Date.now() < deadline, `runs still waiting: ${JSON.stringify(runs.map((r) => [r.id, r.status]))}`);
    await sleep(200);
  }
  // Each has one result.
  for (const r of runs) {
    assert.equal(r.status, 'done', JSON.stringify(r));
    assert.equal(r.error, null);
    assert.equal(typeof r.score, 'number', `run ${r.id} has a score`);
    assert.ok(r.started_at && r.finished_at && r.started_at <= r.finished_at, JSON.stringify(r));
  }
  // Each was solved by exactly one planner, once, and the planner that
  // took it saw it through.
  const byA = solvedBy(a), byB = solvedBy(b);
  assert.deepEqual([...byA, ...byB].sort(byNumber), [...ids].sort(byNumber),
    `a solved ${byA}, b solved ${byB}`);
  assert.deepEqual(endedBy(a), byA);
  assert.deepEqual(endedBy(b), byB);
  assert.ok(byA.length >= 1 && byB.length >= 1, `both planners took runs: a ${byA}, b ${byB}`);
  assert.doesNotMatch(a.log() + b.log(), /plan run \d+ failed|error: planner/);
  // A planner solves one run at a time: the runs of one server follow
  // each other.
  for (const mine of [byA, byB]) {
    const own = runs.filter((r) => mine.includes(r.id)).sort((x, y) => (x.started_at < y.started_at ? -1 : 1));
    for (let i = 1; i < own.length; i++)
      assert.ok(own[i].started_at >= own[i - 1].finished_at,
        `run ${own[i].id} started before run ${own[i - 1].id} of the same planner ended`);
  }
});

test('failed log-ins through both servers add up: the account is locked on both', async () => {
  // Five wrong passwords (the limit) at once, three through a and two
  // through b: neither server alone sees five.
  const tries = await Promise.all([0, 1, 2, 3, 4].map((i) =>
    login((i % 2 ? b : a).base, 'verksamhetschef', `wrong-password-${i}`)));
  assert.deepEqual(tries.map((t) => t.status), [401, 401, 401, 401, 401]);
  for (const srv of [a, b]) {
    const r = await login(srv.base, 'verksamhetschef');
    assert.equal(r.status, 429, `the right password is refused through ${srv === a ? 'a' : 'b'}`);
    assert.equal(errorOf(r).code, 'locked');
    assert.equal(r.cookie, null);
  }
  // One count for both servers, and no failure lost between them.
  const rows = sqlRows(a.db, "SELECT failures FROM login_throttle WHERE key = 'user:verksamhetschef'");
  assert.deepEqual(rows.map((r) => Number(r.failures)), [5]);
  assert.equal((await login(b.base, 'studierektor')).status, 200, 'another account is not locked');
});
