// randa serve --db-read: the place overview and the lists come from a
// streaming standby, while log-in, session checks, single records and
// writes stay on the primary; a writer's own next reads stay there until
// the standby has replayed the write; with the standby stopped the primary
// serves everything. Runs against a real standby (scripts/test-pg.sh makes
// one): RANDA_TEST_PG names the primary, RANDA_TEST_PG_STANDBY the standby
// (a URL without the database name, like RANDA_TEST_PG), and
// RANDA_TEST_PG_STANDBY_HALT and _START the commands that stop the standby
// and start it again on the same port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execSync, spawnSync } from 'node:child_process';
import { PG, PG_TEMPLATE, PG_CLONE, RANDA, startServer, login, call, sessionHeaders, sqlText } from './harness.mjs';

const STANDBY = process.env.RANDA_TEST_PG_STANDBY || '';
const HALT = process.env.RANDA_TEST_PG_STANDBY_HALT || '';
const START = process.env.RANDA_TEST_PG_STANDBY_START || '';
const why = !PG
  ? 'needs RANDA_TEST_PG, a PostgreSQL server, and RANDA_TEST_PG_STANDBY, a streaming standby of it (scripts/test-pg.sh starts both)'
  : !STANDBY ? 'needs RANDA_TEST_PG_STANDBY, a streaming standby of RANDA_TEST_PG (scripts/pg-test-cluster.sh standby makes one)' : '';
const onlyStandby = { skip: why || false };
const canHalt = {
  skip: why || (!HALT || !START ? 'needs RANDA_TEST_PG_STANDBY_HALT and RANDA_TEST_PG_STANDBY_START, the commands that stop and start the standby' : false),
};

// Every wait for the standby is bounded: replay takes milliseconds here.
const REPLAY_WAIT_MS = 15000;
// The server tries a standby that did not answer again after 5 s.
const RETRY_WAIT_MS = 20000;

const name = `randa_r${process.pid}`;
let srv;

const primarySql = (q) => sqlText(`${PG}postgres`, q);
const standbySql = (q) => sqlText(`${STANDBY}postgres`, q);

async function until(what, check, ms = REPLAY_WAIT_MS) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

// Waits until the standby has replayed everything the primary has written.
async function caughtUp() {
  const pos = primarySql('SELECT pg_current_wal_insert_lsn()');
  await until(`the standby replays up to ${pos}`,
    () => standbySql(`SELECT pg_last_wal_replay_lsn() >= '${pos}'::pg_lsn`) === 't');
}

function pauseReplay() {
  standbySql('SELECT pg_wal_replay_pause()');
  return until('the standby pauses its replay',
    () => standbySql('SELECT pg_get_wal_replay_pause_state()') === 'paused');
}
const resumeReplay = () => standbySql('SELECT pg_wal_replay_resume()');

// ISO week "YYYY-Www" as a serial (weeks since 1970-W01).
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000;
  return Math.round((monday1 - Date.UTC(1969, 11, 29)) / 604800000) + (w - 1);
}

const rows = (q) => {
  const out = sqlText(srv.db, q);
  return out === '' ? [] : out.split('\n').map((l) => l.split('|'));
};

// A psychiatry unit with no capacity from 2031 on, and open psychiatry
// needs of trainees free in 2031, one per trainee (as bookings.test.mjs).
function bookable(count) {
  const [[unit]] = rows(`SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = 'psykiatri' AND u.takes_trainees = 1
      AND NOT EXISTS (SELECT 1 FROM capacity c WHERE c.unit_id = u.id AND c.to_week > ${weekOf('2031-W01')})
    ORDER BY u.id LIMIT 1`);
  const needs = rows(`SELECT n.id, n.trainee_id FROM rotation_need n
      JOIN specialty s ON s.id = n.specialty_id JOIN trainee t ON t.id = n.trainee_id
      JOIN unit h ON h.id = t.home_unit_id
    WHERE s.code = 'psykiatri' AND n.status = 'open' AND (n.patterns & 1) != 0
      AND (h.max_away IS NULL OR h.max_away >= 1) AND n.weeks <= 20
      AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id)
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = n.trainee_id AND b.end_week > ${weekOf('2031-W01')})
      AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = n.trainee_id AND l.to_date >= '2031-01-01')
    ORDER BY n.id`).filter(([, t], i, all) => all.findIndex(([, u]) => u === t) === i)
    .slice(0, count).map(([id]) => Number(id));
  assert.equal(needs.length, count, 'the demo has open psychiatry needs');
  return { unit: Number(unit), needs };
}

// The session of the tests (tester) with the cookie of its last write,
// when it had one: the requests of "the writer".
let wrote = '';
const writer = () => ({
  cookie: wrote ? `${srv.session.cookie}; ${wrote}` : srv.session.cookie,
  'x-csrf-token': srv.session.csrf,
});
// The same session without it: another tab, another server's client.
const reader = () => sessionHeaders(srv.session);

async function write(method, path, body) {
  const r = await call(srv.base, method, path, body, writer());
  const c = r.headers.getSetCookie().find((v) => v.startsWith('randa_wrote='));
  if (c) wrote = c.split(';')[0];
  return r;
}
const read = (path, headers = reader()) => call(srv.base, 'GET', path, undefined, headers);

const WEEK = '2031-W12';
const freeAt = async (unit, headers) => {
  const r = await read(`/api/v1/places?from=${WEEK}&to=${WEEK}&unit=${unit}`, headers);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.units[0].free[0];
};
const listed = async (path, id, headers) => {
  const r = await read(path, headers);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.some((b) => b.id === id);
};

async function metrics() {
  const r = await call(srv.base, 'GET', '/metrics');
  assert.equal(r.status, 200);
  const m = {};
  for (const line of r.body.split('\n')) {
    const [k, v] = line.split(' ');
    if (k.startsWith('randa_db_standby_')) m[k.slice('randa_db_standby_'.length)] = Number(v);
  }
  return m;
}

let place;
before(async () => {
  if (why) return;
  primarySql(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE} ${PG_CLONE}`);
  // The standby gets the new database by replaying the primary's log.
  await caughtUp();
  srv = await startServer({ db: `${PG}${name}`, extraArgs: ['--db-read', `${STANDBY}${name}`] });
  place = bookable(3);
  const cap = await write('POST', '/api/v1/capacity',
    { unit_id: place.unit, from_week: '2031-W10', to_week: '2031-W40', seats: 3, patterns: ['full'] });
  assert.equal(cap.status, 201, JSON.stringify(cap.body));
});

after(async () => {
  if (why) return;
  resumeReplay();
  await srv?.stop();
  if (HALT && START) execSync(START, { stdio: 'ignore' });
  primarySql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

test('--db-read needs PostgreSQL on both sides', () => {
  const r = spawnSync(RANDA, ['serve', '--db', 'x.db', '--db-read', 'postgresql://h/x', '--listen', '127.0.0.1:0'],
    { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--db-read needs PostgreSQL/);
});

test('a booking is in the overview and the lists once the standby has replayed it', onlyStandby, async () => {
  await until('the standby has the new capacity', async () => (await freeAt(place.unit)) === 3);
  const r = await write('POST', '/api/v1/bookings',
    { need_id: place.needs[0], unit_id: place.unit, start_week: WEEK, pattern: 'full' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await until('the overview shows the booking', async () => (await freeAt(place.unit)) === 2);
  assert.ok(await listed(`/api/v1/bookings?unit=${place.unit}`, r.body.id));
  const m = await metrics();
  assert.equal(m.up, 1);
  assert.ok(m.reads_total > 0, 'the standby served reads');
});

test('with the replay paused, the overview and lists lag; a record by id, the writer\'s own reads and writes do not', onlyStandby, async () => {
  await caughtUp();
  const before = await metrics();
  await pauseReplay();
  try {
    const r = await write('POST', '/api/v1/bookings',
      { need_id: place.needs[1], unit_id: place.unit, start_week: WEEK, pattern: 'full' });
    assert.equal(r.status, 201, `a write goes to the primary: ${JSON.stringify(r.body)}`);
    assert.ok(wrote, 'the write set the cookie of its log position');
    const id = r.body.id;

    // Another reader: the overview and the lists come from the standby,
    // which has not replayed the booking; the booking itself, read by id,
    // comes from the primary.
    assert.equal(await freeAt(place.unit), 2, 'the overview lags');
    assert.equal(await listed(`/api/v1/bookings?unit=${place.unit}`, id), false, 'the bookings list lags');
    const need = await read(`/api/v1/needs?trainee=${r.body.trainee.id}`);
    assert.equal(need.body.items.find((n) => n.id === place.needs[1]).status, 'open', 'the needs list lags');
    const one = await read(`/api/v1/bookings/${id}`);
    assert.equal(one.status, 200, 'a record by id comes from the primary');
    assert.equal(one.body.status, 'requested');

    // The writer's own next reads come from the primary. The reader's
    // overview above is cached too, under the generation the standby
    // had: had it been filed under the primary's newer one, the writer
    // would get it here, stale and marked current.
    assert.equal(await freeAt(place.unit, writer()), 1, 'the writer sees their booking in the overview');
    assert.ok(await listed(`/api/v1/bookings?unit=${place.unit}`, id, writer()));
    const m = await metrics();
    assert.ok(m.reads_total >= before.reads_total + 3, 'the lagging reads came from the standby');
    assert.ok(m.behind_total >= before.behind_total + 2, 'the writer\'s reads went to the primary');
    assert.equal(m.fallbacks_total, before.fallbacks_total, 'the standby never failed');
  } finally {
    resumeReplay();
  }
  await until('the overview shows the booking after the replay', async () => (await freeAt(place.unit)) === 1);
  // Caught up, the standby serves the writer again.
  await caughtUp();
  const before2 = await metrics();
  assert.equal(await freeAt(place.unit, writer()), 1);
  assert.equal((await metrics()).reads_total, before2.reads_total + 1);
});

test('a log-out takes effect at once, whatever the standby lags', onlyStandby, async () => {
  const other = await login(srv.base, 'tester');
  assert.ok(other.cookie);
  await caughtUp(); // the standby has the session too
  await pauseReplay();
  try {
    const h = sessionHeaders(other);
    assert.equal((await read('/api/v1/trainees?limit=1', h)).status, 200);
    const out = await call(srv.base, 'DELETE', '/api/v1/session', undefined, h);
    assert.ok(out.status === 200 || out.status === 204, JSON.stringify(out.body));
    for (const path of ['/api/v1/trainees?limit=1', `/api/v1/places?from=${WEEK}&to=${WEEK}`, '/api/v1/bookings?limit=1'])
      assert.equal((await read(path, h)).status, 401, `${path} after the log-out`);
  } finally {
    resumeReplay();
  }
});

test('with the standby stopped, the primary serves the reads, says so once and counts them', canHalt, async () => {
  const before = await metrics();
  execSync(HALT, { stdio: 'ignore' });
  try {
    for (let i = 0; i < 3; i++) {
      assert.equal(await freeAt(place.unit), 1, 'the overview, from the primary');
      const t = await read('/api/v1/trainees?limit=1');
      assert.equal(t.status, 200, JSON.stringify(t.body));
    }
    const r = await write('POST', '/api/v1/bookings',
      { need_id: place.needs[2], unit_id: place.unit, start_week: WEEK, pattern: 'full' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(await listed(`/api/v1/bookings?unit=${place.unit}`, r.body.id), 'a list, from the primary');
    const m = await metrics();
    assert.equal(m.up, 0);
    assert.ok(m.fallbacks_total >= before.fallbacks_total + 7, JSON.stringify([before, m]));
    assert.equal(srv.log().match(/the standby \(--db-read\) does not answer/g)?.length, 1, srv.log());
  } finally {
    execSync(START, { stdio: 'ignore' });
  }
  // Back: after a few seconds the server tries the standby again.
  await until('the standby serves reads again', async () => {
    await read('/api/v1/trainees?limit=1');
    return (await metrics()).up === 1;
  }, RETRY_WAIT_MS);
  assert.match(srv.log(), /the standby \(--db-read\) answers again/);
  const m = await metrics();
  await read('/api/v1/trainees?limit=1');
  assert.equal((await metrics()).reads_total, m.reads_total + 1);
});
