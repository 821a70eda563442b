// randa export and randa import through the real binary, on the demo
// region served by a running `randa serve`: export, import into a new
// SQLite file and into a new PostgreSQL database, export again, and the
// bytes are the same every way round (SQLite to SQLite, and SQLite to
// PostgreSQL to SQLite); the imported database serves the same region
// (the same users log in, a certificate signed before the move is not
// stale after it, every booking still has its own line in the audit
// log); a malformed file (not JSON, another version, a booking at a unit
// the file lacks) is refused, naming the record, with nothing written.
//
// PostgreSQL: the suite's server when RANDA_TEST_PG is set (the source
// database is then a PostgreSQL one too), else RANDA_PG_URL (a server of
// scripts/pg-test-cluster.sh); without either the PostgreSQL test skips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RANDA, PG, startServer, serveDatabase, login, call, sessionHeaders, sqlRows, sqlText } from './harness.mjs';

const PGURL = PG || process.env.RANDA_PG_URL || '';

let srv;
const created = [];
before(async () => { srv = await startServer(); });
after(async () => {
  await srv?.stop();
  for (const name of created) pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

// Runs randa with args; { status, stdout, stderr, ms }.
function randa(...args) {
  const t0 = Date.now();
  const r = spawnSync(RANDA, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

function pgAdmin(statement) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${PGURL}postgres`, '-c', statement],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

// A new, empty PostgreSQL database's URL.
function newPg() {
  const name = `randa_rj${process.pid}_${created.length + 1}`;
  pgAdmin(`CREATE DATABASE ${name}`);
  created.push(name);
  return `${PGURL}${name}`;
}

let files = 0;
const file = (label) => join(srv.dir, `${label}-${++files}`);

// Exports db to a new file; returns its path.
function exportOf(db, t, ...flags) {
  const out = file('region.json');
  const r = randa('export', '--db', db, '--out', out, ...flags);
  assert.equal(r.status, 0, r.stderr);
  const size = statSync(out).size;
  assert.match(r.stdout, new RegExp(`Wrote .* records in \\d+ tables, ${size} bytes`));
  t?.diagnostic(`export of ${db.startsWith('postgresql:') ? 'PostgreSQL' : 'SQLite'}: ${r.ms} ms, ${size} bytes`);
  return out;
}

// Imports path into db; returns randa's output.
function importInto(db, path, t) {
  const r = randa('import', '--in', path, '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Imported .* \d+ records in \d+ tables/);
  t?.diagnostic(`import into ${db.startsWith('postgresql:') ? 'PostgreSQL' : 'SQLite'}: ${r.ms} ms`);
  return r.stdout;
}

function assertSameBytes(a, b, what) {
  const x = readFileSync(a), y = readFileSync(b);
  assert.ok(x.equals(y), `${what}: ${a} and ${b} differ (${x.length} and ${y.length} bytes)`);
}

// The demo trainee the demo handledare supervises, and a certificate of
// theirs the handledare signs before the move: an activity done, over a
// goal met.
let signed;
async function signBeforeTheMove() {
  const hl = await login(srv.base, 'handledare');
  const st = await login(srv.base, 'st-lakare');
  const req = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(hl));
  const id = st.body.roles.find((r) => r.role === 'trainee').scope_id;
  const plan = await req('GET', `/api/v1/trainees/${id}/plan`);
  assert.equal(plan.status, 200, JSON.stringify(plan.body));
  const met = plan.body.goals.find((g) => g.status === 'met' || g.status === 'certified');
  const act = await req('POST', '/api/v1/activities', { trainee_id: id, kind: 'course', title: 'Kurs före flytten',
    from: '2026-W20', to: '2026-W20', status: 'done', goal_ids: [met.id] });
  assert.equal(act.status, 201, JSON.stringify(act.body));
  const r = await req('POST', `/api/v1/trainees/${id}/certificates/activity-${act.body.id}/sign`, { role: 'supervisor' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [{ email }] = sqlRows(srv.db, `SELECT p.email FROM trainee t JOIN person p ON p.id = t.person_id WHERE t.id = ${id}`);
  signed = { email, title: 'Kurs före flytten' };
}

let first; // the demo's file, exported once
test('export, import into a new SQLite file and export again give the same bytes', async (t) => {
  await signBeforeTheMove();
  first = exportOf(srv.db, t);
  assert.equal(statSync(first).mode & 0o777, 0o600, 'as secret as the database');
  const text = readFileSync(first, 'utf8');
  assert.ok(text.startsWith('{"format":"randa-region","version":1,\n"region":[\n'));
  assert.ok(text.endsWith('\n]}\n'), 'one trailing newline');
  assert.ok(!existsSync(`${first}.part`));

  const db = file('sqlite.db');
  const out = importInto(db, first, t);
  const trainees = sqlRows(srv.db, 'SELECT count(*) AS n FROM trainee')[0].n;
  assert.match(out, new RegExp(`trainee\\s+${trainees}\n`));
  assertSameBytes(first, exportOf(db), 'SQLite to SQLite');
  const counts = (d) => sqlRows(d, `SELECT (SELECT count(*) FROM booking) AS bookings,
    (SELECT count(*) FROM audit_log) AS entries, (SELECT count(*) FROM plan_goal) AS checklist,
    (SELECT count(*) FROM unit_review WHERE report IS NOT NULL) AS reports`)[0];
  assert.deepEqual(counts(db), counts(srv.db));
});

test('through PostgreSQL and back: SQLite to PostgreSQL to SQLite gives the same bytes',
  { skip: PGURL ? false : 'no PostgreSQL server: set RANDA_PG_URL (scripts/pg-test-cluster.sh)' }, async (t) => {
    assert.ok(first, 'the first test exported the demo');
    const pg = newPg();
    importInto(pg, first, t);
    const fromPg = exportOf(pg, t);
    assertSameBytes(first, fromPg, 'to PostgreSQL');
    const db = file('again.db');
    importInto(db, fromPg, t);
    assertSameBytes(first, exportOf(db), 'back to SQLite');
  });

// The booking and capacity rows each have their own insert in the audit
// log, by their new ids (as tests/api/backup.test.mjs checks a restore).
function assertAuditInvariants(db) {
  for (const [entity, table] of [['capacity', 'capacity'], ['booking', 'booking']]) {
    const missing = sqlRows(db, `SELECT count(*) AS n FROM ${table} x WHERE NOT EXISTS
      (SELECT 1 FROM audit_log a WHERE a.entity = '${entity}' AND a.entity_id = x.id AND a.action = 'insert')`)[0].n;
    assert.equal(Number(missing), 0, `${table} rows without their audit insert`);
  }
}

test('the imported database serves the region: the same log-ins, signatures not stale, history by the new ids', async () => {
  assert.ok(first && signed, 'the first test exported the demo');
  const db = PGURL ? newPg() : file('served.db');
  importInto(db, first);
  assertAuditInvariants(db);
  // Each approved version of a plan names its trainee's needs by their ids here.
  const needs = new Map();
  for (const r of sqlRows(db, 'SELECT id, trainee_id FROM rotation_need')) needs.set(Number(r.id), Number(r.trainee_id));
  let named = 0;
  for (const p of sqlRows(db, 'SELECT trainee_id, content FROM edu_plan WHERE content IS NOT NULL')) {
    for (const n of JSON.parse(p.content).needs) {
      if (n.id < 0) continue; // a need since deleted: an id no row has
      assert.equal(needs.get(n.id), Number(p.trainee_id), `need ${n.id} of a plan of trainee ${p.trainee_id}`);
      named++;
    }
  }
  assert.ok(named > 1000, `${named} needs named by approved plans`);

  const s = await serveDatabase(db);
  try {
    const hl = await login(s.base, 'handledare');
    assert.equal(hl.status, 200, 'the password hash moved with the user');
    const [{ id }] = sqlRows(db, `SELECT t.id FROM trainee t JOIN person p ON p.id = t.person_id
      WHERE p.email = '${signed.email}'`);
    const r = await call(s.base, 'GET', `/api/v1/trainees/${id}/certificates?limit=500`, undefined, sessionHeaders(hl));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const cert = r.body.items.find((c) => c.activity?.title === signed.title);
    assert.ok(cert, 'the signed certificate is there');
    assert.equal(cert.state, 'signed');
    assert.equal(cert.signatures.length, 1);
    assert.equal(cert.signatures[0].stale, false, 'what it signed is what it states, by the new ids');
  } finally {
    s.proc.kill('SIGTERM');
    await new Promise((ok) => s.proc.on('exit', ok));
  }
});

// The file with the first line that matches re changed by fn.
function edited(re, fn) {
  const lines = readFileSync(first, 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  assert.ok(i >= 0, `the file has a line like ${re}`);
  lines[i] = fn(lines[i]);
  const path = file('edited.json');
  writeFileSync(path, lines.join('\n'));
  return { path, line: i + 1 };
}

// Importing path into a new target fails with a message matching want,
// and the target holds nothing.
function refused(path, want) {
  const db = file('refused.db');
  let r = randa('import', '--in', path, '--db', db);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, want);
  assert.match(r.stderr, /nothing was imported/);
  assert.ok(!existsSync(db), 'no file is left behind');
  if (PGURL) {
    const pg = newPg();
    r = randa('import', '--in', path, '--db', pg);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, want);
    assert.equal(Number(sqlRows(pg, 'SELECT count(*) AS n FROM region')[0].n), 0);
    assert.equal(Number(sqlRows(pg, 'SELECT count(*) AS n FROM person')[0].n), 0);
  }
}

test('a malformed file is refused, naming the record and why, and nothing is written', () => {
  assert.ok(first, 'the first test exported the demo');
  // Not JSON: cut off in the middle of a record.
  const text = readFileSync(first, 'utf8');
  const cut = file('cut.json');
  writeFileSync(cut, text.slice(0, text.indexOf('\n"booking":[') + 4000));
  refused(cut, /line \d+: expected .*, but the file ends/);
  // Another version of the format.
  refused(edited(/^\{"format"/, (l) => l.replace('"version":1', '"version":2')).path,
    /format version 2; this randa reads version 1/);
  // A booking at a unit the file does not hold.
  let inBookings = false;
  const bad = file('bad.json');
  const lines = readFileSync(first, 'utf8').split('\n');
  let at = -1;
  for (let i = 0; i < lines.length && at < 0; i++) {
    if (lines[i] === '"booking":[') inBookings = true;
    else if (inBookings && lines[i].startsWith('{')) at = i;
  }
  const rec = JSON.parse(lines[at].replace(/,$/, ''));
  lines[at] = lines[at].replace(`"unit":"${rec.unit}"`, '"unit":"SE0000000000-NONE"');
  writeFileSync(bad, lines.join('\n'));
  const key = JSON.stringify([rec.trainee, rec.n]);
  refused(bad, new RegExp(`line ${at + 1}: booking ${key.replace(/[[\]]/g, '\\$&')}: ` +
    'unit: no unit "SE0000000000-NONE" in the file'));
});

test('an import into a database that holds data is refused, and nothing is duplicated', () => {
  assert.ok(first, 'the first test exported the demo');
  const before = sqlRows(srv.db, 'SELECT count(*) AS n FROM trainee')[0].n;
  const r = randa('import', '--in', first, '--db', srv.db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the database is not empty \(it holds 1 region, \d+ provider/);
  assert.equal(sqlRows(srv.db, 'SELECT count(*) AS n FROM trainee')[0].n, before);
  assert.equal(randa('import', '--db', file('x.db')).status, 2, 'no --in is a usage error');
  assert.equal(randa('export', '--db', srv.db).status, 2, 'no --out is a usage error');
  const again = randa('export', '--db', srv.db, '--out', first);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists/);
});

test('one region: its rows and the shared ones it uses; an unknown code is refused', (t) => {
  const one = exportOf(srv.db, t, '--region', 'skane');
  const text = readFileSync(one, 'utf8');
  assert.match(text, /\n\{"code":"skane","name":"Region Skåne"\}\n/);
  const r = randa('export', '--db', srv.db, '--out', file('none.json'), '--region', 'nowhere');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no region has the code nowhere/);
  const db = file('one.db');
  importInto(db, one);
  assertSameBytes(one, exportOf(db), 'one region moves whole');
});

test('a table nobody decided about stops the export, naming it', { skip: PG ? 'the SQLite store only' : false }, () => {
  const db = file('extra.db');
  assert.equal(randa('backup', '--db', srv.db, '--out', db).status, 0);
  sqlText(db, 'CREATE TABLE extra_thing (id INTEGER PRIMARY KEY, note TEXT)');
  const r = randa('export', '--db', db, '--out', file('extra.json'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the table extra_thing is neither exported nor left out on purpose/);
});
