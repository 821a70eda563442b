// randa backup, restore and migrate through the real binary, against a
// running `randa serve`: a backup taken while the API writes restores to a
// sound database, one taken at rest restores to the same rows in every
// table, and the commands refuse what they must (an existing --out, an
// existing target without --force, a schema newer than the binary).
// With RANDA_TEST_PG set the databases are PostgreSQL ones and the
// backups pg_dump archives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RANDA, PG, startServer, serveDatabase, post, sqlRows, sqlText } from './harness.mjs';

const run = promisify(execFile);

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
  await srv?.stop();
  for (const name of created) pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

// Runs randa with args; { status, stdout, stderr }.
function randa(...args) {
  const r = spawnSync(RANDA, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// PostgreSQL: a statement on the maintenance database.
function pgAdmin(statement) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${PG}postgres`, '-c', statement],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

const created = [];

// A target to restore into that does not exist yet: a file path in the
// server's folder, or a new empty PostgreSQL database.
function newTarget(label) {
  if (!PG) return join(srv.dir, `${label}.db`);
  const name = `randa_bk${process.pid}_${created.length + 1}`;
  pgAdmin(`CREATE DATABASE ${name}`);
  created.push(name);
  return `${PG}${name}`;
}

function tables(db) {
  const q = PG
    ? `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`
    : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`;
  return sqlRows(db, q).map((r) => r.name);
}

// Every row of table, in a stable order whatever its key.
function rowsOf(db, table) {
  return sqlRows(db, `SELECT * FROM ${table}`).map((r) => JSON.stringify(r)).sort();
}

// The booking and capacity rows and their audit entries agree: every row
// has its insert in the log, and every logged insert not since deleted
// has its row.
function assertAuditInvariants(db) {
  for (const [entity, table] of [['capacity', 'capacity'], ['booking', 'booking']]) {
    const missing = sqlRows(db, `SELECT count(*) AS n FROM ${table} x WHERE NOT EXISTS
      (SELECT 1 FROM audit_log a WHERE a.entity = '${entity}' AND a.entity_id = x.id AND a.action = 'insert')`)[0].n;
    assert.equal(Number(missing), 0, `${table} rows without their audit insert`);
    const orphans = sqlRows(db, `SELECT count(*) AS n FROM audit_log a WHERE a.entity = '${entity}'
      AND a.action = 'insert' AND NOT EXISTS (SELECT 1 FROM ${table} x WHERE x.id = a.entity_id)
      AND NOT EXISTS (SELECT 1 FROM audit_log d WHERE d.entity = a.entity AND d.entity_id = a.entity_id
                      AND d.action = 'delete')`)[0].n;
    assert.equal(Number(orphans), 0, `audit inserts of ${table} without their row`);
  }
}

function assertSound(db) {
  if (!PG) {
    assert.equal(sqlText(db, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlText(db, 'PRAGMA foreign_key_check'), '');
  }
  assertAuditInvariants(db);
}

// Units that take trainees, for capacity periods far beyond the demo's.
let units;
let written = 0;
async function writeCapacity() {
  units ??= sqlRows(srv.db, 'SELECT id FROM unit WHERE takes_trainees = 1 ORDER BY id LIMIT 40').map((r) => Number(r.id));
  const i = written++;
  // One week each, fifty a year per unit, so that a long backup's many
  // writes stay within the weeks Randa takes (years up to 2200).
  const slot = Math.floor(i / units.length);
  const year = 2040 + Math.floor(slot / 50), week = String(1 + (slot % 50)).padStart(2, '0');
  const r = await post(srv.base, '/api/v1/capacity',
    { unit_id: units[i % units.length], from_week: `${year}-W${week}`, to_week: `${year}-W${week}`, seats: 1 + (i % 5),
      patterns: ['full'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return Number(r.body.id);
}

test('a backup taken while the API writes restores to a sound database', async () => {
  const ids = [];
  const acknowledged = [];
  for (let i = 0; i < 5; i++) ids.push(await writeCapacity());
  const out = join(srv.dir, 'during.bak');
  let finished = false;
  let ackAtStart = 0;
  const writer = (async () => {
    while (!finished || ids.length < 30) ids.push(await writeCapacity());
  })();
  await new Promise((ok) => setTimeout(ok, 50));
  ackAtStart = ids.length;
  acknowledged.push(...ids.slice(0, ackAtStart));
  const backup = await run(RANDA, ['backup', '--db', srv.db, '--out', out]).finally(() => { finished = true; });
  await writer;
  assert.match(backup.stdout, new RegExp(`Wrote .*during\\.bak.* ${statSync(out).size} bytes`));
  assert.ok(ids.length > ackAtStart, 'writes went on while the backup ran');

  const target = newTarget('during');
  const r = randa('restore', '--in', out, '--db', target);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /schema version \d+/);
  assert.match(r.stdout, /capacity\s+\d+/);
  assertSound(target);
  // One moment's copy: every period acknowledged before the backup began,
  // and of the later ones a prefix in the order they were written.
  const present = new Set(sqlRows(target, `SELECT id FROM capacity WHERE id >= ${ids[0]}`).map((x) => Number(x.id)));
  for (const id of acknowledged) assert.ok(present.has(id), `capacity ${id} acknowledged before the backup`);
  const kept = ids.map((id) => present.has(id));
  assert.ok(kept.indexOf(false) === -1 || !kept.slice(kept.indexOf(false)).includes(true),
    `the backup holds a prefix of the writes: ${kept.map(Number).join('')}`);
  // The count randa restore printed is the restored table's.
  const printed = Number(r.stdout.match(/capacity\s+(\d+)/)[1]);
  assert.equal(printed, Number(sqlRows(target, 'SELECT count(*) AS n FROM capacity')[0].n));
});

test('a backup at rest restores to the same rows in every table', async () => {
  for (let i = 0; i < 3; i++) await writeCapacity();
  const out = join(srv.dir, 'rest.bak');
  const b = randa('backup', '--db', srv.db, '--out', out);
  assert.equal(b.status, 0, b.stderr);
  const target = newTarget('rest');
  const r = randa('restore', '--in', out, '--db', target);
  assert.equal(r.status, 0, r.stderr);
  assertSound(target);
  const names = tables(srv.db);
  assert.ok(names.includes('capacity') && names.includes('audit_log') && names.includes('schema_version'));
  assert.deepEqual(tables(target), names);
  for (const t of names) {
    const a = rowsOf(srv.db, t);
    const c = rowsOf(target, t);
    assert.equal(c.length, a.length, `${t}: row count`);
    assert.deepEqual(c, a, `${t}: rows`);
  }

  // --force replaces a target that holds a database.
  const again = randa('restore', '--in', out, '--db', target);
  assert.equal(again.status, 1);
  assert.match(again.stderr, PG ? /already holds Randa's tables.*--force/ : /already exists; use --force/);
  const forced = randa('restore', '--in', out, '--db', target, '--force');
  assert.equal(forced.status, 0, forced.stderr);
  for (const t of ['capacity', 'audit_log', 'booking']) assert.deepEqual(rowsOf(target, t), rowsOf(srv.db, t), t);
  if (!PG) assert.ok(!existsSync(`${target}.new`), 'no FILE.new left behind');
});

test('backup refuses an existing --out, and restore a file that is no backup', () => {
  const out = join(srv.dir, 'twice.bak');
  assert.equal(randa('backup', '--db', srv.db, '--out', out).status, 0);
  const size = statSync(out).size;
  const r = randa('backup', '--db', srv.db, '--out', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /twice\.bak already exists/);
  assert.equal(statSync(out).size, size, 'the existing backup is left alone');
  assert.equal(randa('backup', '--db', srv.db).status, 2, 'no --out is a usage error');
  assert.equal(randa('restore', '--db', srv.db).status, 2, 'no --in is a usage error');
  if (!PG) {
    const bad = randa('restore', '--in', join(srv.dir, 'none.bak'), '--db', join(srv.dir, 'x.db'));
    assert.equal(bad.status, 1);
    assert.ok(!existsSync(join(srv.dir, 'x.db')));
  }
});

test('migrate: --status on a current database, refusals of a newer one', async () => {
  let r = randa('migrate', '--db', srv.db, '--status');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /schema version (\d+); this randa: schema version \1/);
  assert.match(r.stdout, /Up to date/);
  r = randa('migrate', '--db', srv.db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /already: nothing to do/);

  // A copy whose schema is newer than the binary.
  const out = join(srv.dir, 'future.bak');
  assert.equal(randa('backup', '--db', srv.db, '--out', out).status, 0);
  const db = newTarget('future');
  assert.equal(randa('restore', '--in', out, '--db', db).status, 0);
  sqlText(db, "INSERT INTO schema_version (version, name, applied_at) VALUES (999, '999_future.sql', '2030-01-01T00:00:00Z')");
  r = randa('migrate', '--db', db, '--status');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /schema version 999; this randa: schema version \d+/);
  assert.match(r.stdout, /newer than this randa/);
  r = randa('migrate', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /schema version 999, newer than this randa knows \(\d+\)/);
  assert.equal(sqlRows(db, 'SELECT max(version) AS v FROM schema_version')[0].v, 999, 'nothing changed');
  r = randa('summary', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /999/);
  // restore refuses a backup of a newer schema.
  if (!PG) {
    r = randa('restore', '--in', db, '--db', join(srv.dir, 'newer.db'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /schema version 999/);
  }
  await assert.rejects(serveDatabase(db), /999/);

  // serve --no-migrate refuses a database behind the binary, changing it not.
  sqlText(db, 'DELETE FROM schema_version WHERE version >= (SELECT max(version) FROM schema_version WHERE version < 999)');
  const behind = Number(sqlRows(db, 'SELECT max(version) AS v FROM schema_version')[0].v);
  r = randa('migrate', '--db', db, '--status');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /1 migration pending/);
  await assert.rejects(serveDatabase(db, ['--no-migrate']), /run randa migrate/);
  assert.equal(Number(sqlRows(db, 'SELECT max(version) AS v FROM schema_version')[0].v), behind);
});
