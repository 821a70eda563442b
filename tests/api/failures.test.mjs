// What the server answers when its database fails under it: a running
// `randa serve` whose database file is changed behind its back with the
// sqlite3 tool, so that one kind of read or write fails. A failure must be
// an error answer (5xx), never a success that hides it: a failed log-in
// that cannot be counted is not let through as if counted, and a user
// whose roles cannot be read is not shown as a user with no roles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PG, serveForTests, login, call, sessionHeaders, errorOf } from './harness.mjs';

const srv = serveForTests({ trainees: 30 });

// Runs SQL on the served database file (not read-only).
// The breakage is written in SQLite's trigger dialect: against PostgreSQL
// these tests are skipped (the store's failure paths are the same code).
const onlySqlite = { skip: PG && 'the breakage is written for SQLite' };
const sqlRun = (query) => execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' });

// While fn runs, every write of a failed log-in's count fails.
async function withThrottleBroken(fn) {
  sqlRun(`CREATE TRIGGER test_throttle_insert BEFORE INSERT ON login_throttle
            BEGIN SELECT RAISE(ABORT, 'the test breaks counting'); END;
          CREATE TRIGGER test_throttle_update BEFORE UPDATE ON login_throttle
            BEGIN SELECT RAISE(ABORT, 'the test breaks counting'); END;`);
  try {
    await fn();
  } finally {
    sqlRun('DROP TRIGGER test_throttle_insert; DROP TRIGGER test_throttle_update;');
  }
}

// POST /api/v1/session as it is: { status, headers, body }.
async function logIn(username, password) {
  const res = await fetch(`${srv.base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const failures = (key) =>
  srv.sql(`SELECT failures FROM login_throttle WHERE key = '${key}'`)[0]?.failures ?? 0;

test('a failed log-in that cannot be counted is refused with 503, not answered as counted', onlySqlite, async () => {
  const before = failures('user:studierektor');
  await withThrottleBroken(async () => {
    for (const [user, password] of [['studierektor', 'wrong-password-1'], ['nobody-here', 'wrong-password-1']]) {
      const r = await logIn(user, password);
      assert.equal(r.status, 503, `${user}: ${JSON.stringify(r.body)}`);
      const e = errorOf(r);
      assert.equal(e.code, 'unavailable');
      assert.ok(!/wrong user name or password/.test(e.message), e.message);
      assert.equal(r.headers.get('set-cookie'), null);
      assert.ok(Number(r.headers.get('retry-after')) >= 1, 'Retry-After');
    }
  });
  assert.equal(failures('user:studierektor'), before, 'nothing was counted');
  // Counting works again: the same failure is a 401 and is counted.
  const r = await login(srv.base, 'studierektor', 'wrong-password-1');
  assert.equal(r.status, 401);
  assert.equal(failures('user:studierektor'), before + 1);
  assert.equal((await login(srv.base, 'studierektor')).status, 200);
});

test('a wrong current password that cannot be counted is refused with 503, the password unchanged', onlySqlite, async () => {
  const s = await login(srv.base, 'handledare');
  assert.equal(s.status, 200);
  const hash = () => srv.sql("SELECT password_hash FROM app_user WHERE username = 'handledare'")[0].password_hash;
  const was = hash();
  await withThrottleBroken(async () => {
    const r = await call(srv.base, 'POST', '/api/v1/session/password',
      { current_password: 'not-my-password-1', new_password: 'a-new-password-2026' }, sessionHeaders(s));
    assert.equal(r.status, 503, JSON.stringify(r.body));
    assert.equal(errorOf(r).code, 'unavailable');
  });
  assert.equal(hash(), was);
  assert.equal(failures('user:handledare'), 0, 'nothing was counted');
  const r = await call(srv.base, 'POST', '/api/v1/session/password',
    { current_password: 'not-my-password-1', new_password: 'a-new-password-2026' }, sessionHeaders(s));
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'current_password');
  assert.equal(failures('user:handledare'), 1);
});

test('a user whose roles cannot be read is an error, not a user with no roles', onlySqlite, async () => {
  const [{ id }] = srv.sql("SELECT id FROM app_user WHERE username = 'verksamhetschef'");
  const s = await login(srv.base, 'verksamhetschef');
  assert.equal(s.status, 200);
  const shown = await call(srv.base, 'GET', `/api/v1/users/${id}`);
  assert.equal(shown.status, 200);
  assert.ok(shown.body.roles.length > 0, 'the demo user has roles');
  // Reading the roles of this one user fails (an integer overflow in SQL);
  // every other user's roles read as before.
  sqlRun(`ALTER TABLE user_role RENAME TO test_user_role;
          CREATE VIEW user_role AS SELECT id, user_id, role, scope,
            CASE WHEN user_id = ${id} THEN abs(-9223372036854775807 - 1) ELSE scope_id END AS scope_id
          FROM test_user_role;`);
  try {
    for (const path of [`/api/v1/users/${id}`, '/api/v1/users?limit=500']) {
      const r = await call(srv.base, 'GET', path);
      assert.equal(r.status, 500, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(errorOf(r).code, 'internal');
    }
    // Their own session cannot be checked: not "log in again" (401), but
    // the server's failure.
    const me = await call(srv.base, 'GET', '/api/v1/session', undefined, sessionHeaders(s));
    assert.equal(me.status, 503, JSON.stringify(me.body));
    assert.equal(errorOf(me).code, 'unavailable');
    // Other users' sessions are not affected.
    assert.equal((await call(srv.base, 'GET', '/api/v1/session')).status, 200);
  } finally {
    sqlRun('DROP VIEW user_role; ALTER TABLE test_user_role RENAME TO user_role;');
  }
  const again = await call(srv.base, 'GET', `/api/v1/users/${id}`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.roles, shown.body.roles);
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, sessionHeaders(s))).status, 200,
    'the session was not ended by the failure');
});
