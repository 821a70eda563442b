// Starts a real `randa serve` on a fresh demo database for one test file,
// and small helpers to talk JSON to it. Each test file gets its own folder,
// database and port, so files can run in parallel.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync, existsSync, renameSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';

export const RANDA = process.env.RANDA_BIN || resolve('build/randa');
// Set to a PostgreSQL server's URL ("postgresql://randa@127.0.0.1:55432/",
// see scripts/pg-test-cluster.sh) to run the suites against PostgreSQL:
// each server then gets a database of its own, cloned from the
// template tests/pg/template.mjs made, instead of a file.
export const PG = process.env.RANDA_TEST_PG || '';
export const PG_TEMPLATE = 'randa_template';
export const TODAY = '2026-11-23';
// The password of every demo user (randa demo) and of the tests' own user.
export const DEMO_PASSWORD = 'randa-demo-2026';
// The demo's users, one per role.
export const DEMO_USERS = ['st-lakare', 'handledare', 'studierektor', 'verksamhetschef',
  'samordnare', 'admin'];

// The session each server's requests go out with unless they say otherwise:
// base -> { cookie, csrf }.
const sessions = new Map();

// Logs in as username; resolves to { status, body, cookie, csrf, setCookie }
// (cookie "name=value" for a Cookie header, or null when refused).
export async function login(base, username, password = DEMO_PASSWORD) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  const setCookie = res.headers.get('set-cookie');
  const cookie = res.ok && setCookie ? setCookie.split(';')[0] : null;
  return { status: res.status, body, cookie, csrf: body.csrf ?? null, setCookie };
}

// The headers that carry session s ({ cookie, csrf }).
export function sessionHeaders(s) {
  return s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {};
}

// The headers of the tests' session on server base (tester's cookie and
// CSRF token), for requests made without call().
export function authHeaders(base) {
  return sessionHeaders(sessions.get(base));
}

// Adds "tester" to database db: an administrator, the coordinator of every
// region and studierektor and verksamhetschef of every unit, so that the
// tests of each resource may do everything (the policy's own tests log in
// as the demo users instead).
// The trainee with a confirmed or completed rotation whom the tester
// supervises (with the first trainee of the list) and speaks for, so that
// routes a handledare or an ST-läkare takes can be called as the tester.
export const TESTER_ROTATION_SQL = `SELECT t.id FROM trainee t JOIN person p ON p.id = t.person_id
  WHERE EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = t.id AND b.status IN ('confirmed', 'completed'))
  ORDER BY p.name, t.id LIMIT 1`;

function addTester(db) {
  const ids = (q) => sqlRows(db, q).map((r) => r.id);
  const roles = ['--role', 'admin'];
  for (const id of ids('SELECT id FROM region')) roles.push('--role', `coordinator=${id}`);
  for (const id of ids('SELECT id FROM unit')) roles.push('--role', `director=${id}`, '--role', `unit_head=${id}`);
  // Every action is the tester's: handledare too, of the trainee a list of
  // trainees shows first (as tests take ids from lists).
  const [first] = ids(`SELECT t.id FROM trainee t JOIN person p ON p.id = t.person_id
    ORDER BY p.name, t.id LIMIT 1`);
  roles.push('--role', `supervisor=${first}`);
  // ... and of the first with a rotation to document (TESTER_ROTATION_SQL).
  const [rotating] = ids(TESTER_ROTATION_SQL);
  if (rotating !== first) roles.push('--role', `supervisor=${rotating}`);
  roles.push('--role', `trainee=${rotating}`); // to give feedback on its rotations
  execFileSync(RANDA, ['user', 'add', 'tester', '--name', 'Testare', '--db', db, ...roles],
    { input: `${DEMO_PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
}

// Runs one statement on the server's maintenance database (PostgreSQL).
function pgAdmin(statement) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${PG}postgres`, '-c', statement],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

let pgDatabases = 0;

// PostgreSQL 15's default way of cloning a database (STRATEGY WAL_LOG)
// copies each sequence's page with the values it had pre-logged, and
// nextval() in the clone then writes no WAL for those: after a crash the
// clone's identities go back to the template's and the next insert meets a
// duplicate key (the crash test on PostgreSQL met it; with FILE_COPY the
// identities move on after a crash as they should). Every clone of a
// template is made with this.
export const PG_CLONE = 'STRATEGY FILE_COPY';

// Makes the demo database of a test: a file in dir, or with PG a new
// PostgreSQL database (cloned from the template when it is the default
// demo). Returns its path or URL.
function makeDemo(dir, trainees) {
  if (PG && !trainees) {
    const name = `randa_t${process.pid}_${++pgDatabases}`;
    pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE} ${PG_CLONE}`);
    return `${PG}${name}`;
  }
  let db = join(dir, 'randa.db');
  if (PG) {
    const name = `randa_t${process.pid}_${++pgDatabases}`;
    pgAdmin(`CREATE DATABASE ${name}`);
    db = `${PG}${name}`;
  }
  if (!PG && !trainees) {
    copyFileSync(sqliteTemplate(), db);
    return db;
  }
  const demo = ['demo', '--db', db, '--today', TODAY];
  if (trainees) demo.push('--trainees', String(trainees));
  execFileSync(RANDA, demo, { stdio: 'ignore' });
  addTester(db);
  return db;
}

// The default demo with its tester as an SQLite file, made once per build
// of the binary (the demo is the same every time for its seed and day) and
// copied for each test: beside the binary, named by its size and time, and
// moved into place whole, so that test files starting at once never read
// half of one.
function sqliteTemplate() {
  const st = statSync(RANDA);
  const dir = join(dirname(RANDA), 'test-templates');
  const path = join(dir, `demo-${st.size}-${Math.floor(st.mtimeMs)}.db`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}`;
  execFileSync(RANDA, ['demo', '--db', tmp, '--today', TODAY], { stdio: 'ignore' });
  addTester(tmp);
  renameSync(tmp, path);
  return path;
}

// Removes what makeDemo() made outside dir.
function dropDemo(db) {
  if (PG && db.startsWith(PG)) pgAdmin(`DROP DATABASE IF EXISTS ${db.slice(PG.length)} WITH (FORCE)`);
}

// Makes the template every default PostgreSQL test database is cloned from.
export function makeTemplate() {
  pgAdmin(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
  pgAdmin(`CREATE DATABASE ${PG_TEMPLATE}`);
  const db = `${PG}${PG_TEMPLATE}`;
  execFileSync(RANDA, ['demo', '--db', db, '--today', TODAY], { stdio: 'ignore' });
  addTester(db);
}

// Serves database db (a file or a URL) on a free loopback port with the
// test's flags. Resolves to { base, proc, log }.
export async function serveDatabase(db, extraArgs = []) {
  // No rate limit unless a test asks for one: the suites fire bursts. No
  // daily pass of the notifications either (it would tell the tester of
  // every unit's to-do list at start): tests/api/notifications.test.mjs
  // asks for one.
  const proc = spawn(RANDA, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--rate-limit', '0',
    '--daily-pass', 'off', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const base = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('randa serve did not start:\n' + log)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); ok(`http://127.0.0.1:${m[1]}`); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`randa serve exited ${code}:\n${log}`)); });
  });
  return { base, proc, log: () => log };
}

// Creates a demo database (the default seed, TODAY) and serves it on a free
// loopback port. Resolves to { base, db, dir, proc, stop }. Given db, serves
// that database as it is instead (one an earlier call created, tester
// included); dir is then null and stop() leaves the database.
export async function startServer({ trainees, extraArgs = [], db: existing } = {}) {
  const dir = existing ? null : mkdtempSync(join(tmpdir(), 'randa-api-'));
  const db = existing ?? makeDemo(dir, trainees);
  const { base, proc, log } = await serveDatabase(db, extraArgs);
  const tester = await login(base, 'tester');
  if (!tester.cookie) throw new Error('cannot log in as tester: ' + JSON.stringify(tester.body));
  sessions.set(base, tester);
  const stop = async () => {
    sessions.delete(base);
    if (proc.exitCode === null && proc.signalCode === null) {
      const done = new Promise((ok) => proc.on('exit', ok));
      proc.kill('SIGTERM');
      await done;
    }
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
      dropDemo(db);
    }
  };
  return { base, db, dir, proc, stop, log, session: tester };
}

// fetch with a JSON body; resolves to { status, headers, body } where body is
// the parsed JSON (or the text when the response is not JSON). The request
// carries the tests' session (tester) unless headers name a cookie or an
// authorization of their own (null for none). signal, when given, aborts the
// request (an AbortController's).
export async function call(base, method, path, body, headers = {}, signal = undefined) {
  const own = 'cookie' in headers || 'authorization' in headers;
  const init = { method, signal, headers: { ...(own ? {} : sessionHeaders(sessions.get(base))), ...headers } };
  for (const k of Object.keys(init.headers)) if (init.headers[k] === null) delete init.headers[k];
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed = text;
  if (text !== '' && (res.headers.get('content-type') || '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

export const get = (base, path) => call(base, 'GET', path);
export const post = (base, path, body) => call(base, 'POST', path, body);
export const patch = (base, path, body) => call(base, 'PATCH', path, body);
export const del = (base, path) => call(base, 'DELETE', path);

// Asserts the one error shape: {"error": {"code", "message", "field"}}.
export function errorOf(res) {
  const e = res.body && res.body.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string')
    throw new Error('not the error shape: ' + JSON.stringify(res.body));
  return e;
}

// The rows of a query on database db (a file, read with the sqlite3 tool,
// or a PostgreSQL URL, read with psql), as objects.
export function sqlRows(db, query) {
  if (db.startsWith('postgresql://')) {
    const q = query.trim().replace(/;$/, '');
    const out = execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c',
      `SELECT coalesce(json_agg(r), '[]') FROM (${q}) r`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out);
  }
  const out = execFileSync('sqlite3', ['-readonly', '-json', db, query],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.trim() === '' ? [] : JSON.parse(out);
}

// Runs statements on database db and returns what they print as the
// sqlite3 tool does: a row a line, columns separated by '|'.
export function sqlText(db, statements) {
  if (db.startsWith('postgresql://'))
    return execFileSync('psql', ['-X', '-q', '-t', '-A', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', statements],
      { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
  return execFileSync('sqlite3', [db, statements], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
}

// Serves a fresh demo database to the test file that calls it at its top
// level: starts the server before the file's tests and stops it after them.
// Returns the server of startServer() (base, db, ...: filled in once the
// tests run) with helpers bound to it:
//   sql(query)     the rows of a query on its database, as objects;
//   count(query)   the single number a query selects;
//   all(path)      { items, total } of a list, read page by page (limit 500);
//   getError(path, status, field)  GETs path, asserts the status, the error
//                  shape and (when given) the field; resolves to the error.
export function serveForTests(options) {
  const srv = {
    sql: (query) => sqlRows(srv.db, query),
    count: (query) => Object.values(sqlRows(srv.db, query)[0])[0],
    async all(path) {
      const items = [];
      const sep = path.includes('?') ? '&' : '?';
      for (let offset = 0; ; offset += 500) {
        const r = await get(srv.base, `${path}${sep}limit=500&offset=${offset}`);
        assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
        items.push(...r.body.items);
        if (items.length >= r.body.total) return { items, total: r.body.total };
      }
    },
    async getError(path, status, field) {
      const r = await get(srv.base, path);
      assert.equal(r.status, status, `${path}: ${JSON.stringify(r.body)}`);
      const e = errorOf(r);
      if (field !== undefined) assert.equal(e.field, field, path);
      return e;
    },
  };
  before(async () => { Object.assign(srv, await startServer(options)); });
  after(async () => { await srv.stop?.(); });
  return srv;
}
