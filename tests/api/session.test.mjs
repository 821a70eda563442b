// Log-in and sessions against a running server: cookie flags, log-out and
// log-out everywhere, CSRF, expiry, throttling and lock-out, password change
// and reset, disabling, API tokens, and the security events an
// administrator reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { PG, serveForTests, startServer, login, sessionHeaders, call, DEMO_PASSWORD } from './harness.mjs';

const srv = serveForTests();
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const with_ = (s) => sessionHeaders(s);
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

test('log-in sets an HttpOnly, SameSite=Strict session cookie and stores only its hash', async () => {
  const s = await login(srv.base, 'studierektor');
  assert.equal(s.status, 200);
  const flags = s.setCookie.split(';').map((f) => f.trim());
  assert.match(flags[0], /^randa_session=[A-Za-z0-9_-]{43}$/);
  assert.ok(flags.includes('HttpOnly'));
  assert.ok(flags.includes('SameSite=Strict'));
  assert.ok(flags.includes('Path=/'));
  assert.ok(!flags.includes('Secure'), 'no Secure flag without TLS');
  assert.equal(s.body.user.username, 'studierektor');
  assert.match(s.csrf, /^[A-Za-z0-9_-]{43}$/);
  const secret = flags[0].split('=')[1];
  assert.equal(srv.count(`SELECT count(*) FROM session WHERE token_hash = '${sha256(secret)}'`), 1);
  assert.equal(srv.count(`SELECT count(*) FROM session WHERE token_hash = '${secret}' OR csrf = '${secret}'`), 0);
  const me = await call(srv.base, 'GET', '/api/v1/session', undefined, with_(s));
  assert.equal(me.status, 200);
  assert.equal(me.body.csrf, s.csrf);
});

test('the database file is readable by its owner only', { skip: PG && 'PostgreSQL keeps no file of ours' }, () => {
  assert.equal(statSync(srv.db).mode & 0o777, 0o600);
});

test('a wrong password and an unknown user get the same answer', async () => {
  const wrong = await login(srv.base, 'samordnare', 'not-the-password-1');
  const unknown = await login(srv.base, 'nobody-at-all', 'not-the-password-1');
  for (const r of [wrong, unknown]) {
    assert.equal(r.status, 401);
    assert.equal(r.cookie, null);
    assert.deepEqual(r.body, { error: { code: 'invalid_credentials', message: 'wrong user name or password' } });
  }
  // What was typed as an unknown user name (perhaps a password) is not logged.
  assert.equal(srv.count("SELECT count(*) FROM auth_event WHERE actor = 'nobody-at-all'"), 0);
  assert.ok(srv.count("SELECT count(*) FROM auth_event WHERE event = 'login_failed' AND actor = '-'") >= 1);
});

test('log-out ends the session; log-out everywhere ends them all', async () => {
  const a = await login(srv.base, 'handledare');
  const b = await login(srv.base, 'handledare');
  const c = await login(srv.base, 'handledare');
  const out = await call(srv.base, 'DELETE', '/api/v1/session', undefined, with_(a));
  assert.equal(out.status, 200);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assert.equal((await call(srv.base, 'GET', '/api/v1/trainees', undefined, with_(a))).status, 401);
  assert.equal((await call(srv.base, 'GET', '/api/v1/trainees', undefined, with_(b))).status, 200);
  const all = await call(srv.base, 'POST', '/api/v1/session/logout-all', {}, with_(b));
  assert.equal(all.status, 200);
  assert.equal(all.body.sessions_ended, 2);
  for (const s of [b, c]) {
    const r = await call(srv.base, 'GET', '/api/v1/session', undefined, with_(s));
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'unauthenticated');
  }
});

test('a write without the session\'s CSRF token, or from another origin, is refused and writes nothing', async () => {
  const s = await login(srv.base, 'samordnare');
  const unit = srv.sql('SELECT id, name FROM unit LIMIT 1')[0];
  const trainee = srv.sql('SELECT t.id, t.fte FROM trainee t LIMIT 1')[0];
  const body = { fte: trainee.fte === 100 ? 75 : 100 };
  const path = `/api/v1/trainees/${trainee.id}`;
  for (const headers of [{ cookie: s.cookie }, { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) },
    { cookie: s.cookie, 'x-csrf-token': (await login(srv.base, 'samordnare')).csrf }]) {
    const r = await call(srv.base, 'PATCH', path, body, headers);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'csrf');
  }
  const cross = await call(srv.base, 'PATCH', path, body, { ...with_(s), origin: 'https://evil.example' });
  assert.equal(cross.status, 403);
  assert.equal(cross.body.error.code, 'cross_origin');
  assert.equal(srv.sql(`SELECT fte FROM trainee WHERE id = ${trainee.id}`)[0].fte, trainee.fte);
  // With the token it goes through.
  const ok = await call(srv.base, 'PATCH', path, body, with_(s));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(srv.sql(`SELECT fte FROM trainee WHERE id = ${trainee.id}`)[0].fte, body.fte);
  assert.ok(unit);
});

test('failed log-ins are slowed, then the account is locked; others still log in', async () => {
  const t0 = Date.now();
  for (let i = 0; i < 5; i++) assert.equal((await login(srv.base, 'verksamhetschef', `wrong-password-${i}`)).status, 401);
  // 250 ms more per failure: 0.25 + 0.5 + 0.75 + 1 + 1.25 s at least.
  assert.ok(Date.now() - t0 >= 3500, `five failures took ${Date.now() - t0} ms`);
  const locked = await login(srv.base, 'verksamhetschef');
  assert.equal(locked.status, 429, 'even the right password is refused while locked');
  assert.equal(locked.body.error.code, 'locked');
  assert.equal(locked.cookie, null);
  assert.equal((await login(srv.base, 'studierektor')).status, 200, 'another account is not locked');
  // The administrator reads the events.
  const admin = await login(srv.base, 'admin');
  const log = await call(srv.base, 'GET', '/api/v1/log?kind=event&actor=verksamhetschef', undefined, with_(admin));
  assert.equal(log.status, 200);
  const events = log.body.items.map((e) => e.what);
  assert.equal(events.filter((e) => e === 'login_failed').length, 5);
  assert.ok(events.includes('login_locked'));
  assert.ok(log.body.items.every((e) => e.detail === null || e.detail.startsWith('127.0.0.1')));
  // Dates bound the log; a date that is no date is refused, naming the argument.
  const today = log.body.items[0].at.slice(0, 10);
  const byDate = await call(srv.base, 'GET', `/api/v1/log?kind=event&actor=verksamhetschef&from=${today}&to=${today}`,
    undefined, with_(admin));
  assert.equal(byDate.body.total, log.body.total);
  const before = await call(srv.base, 'GET', '/api/v1/log?kind=event&actor=verksamhetschef&to=2000-01-01',
    undefined, with_(admin));
  assert.equal(before.body.total, 0);
  const bad = await call(srv.base, 'GET', '/api/v1/log?from=2026-13-01', undefined, with_(admin));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'from');
});

test('a user changes their password: other sessions end, the old password stops working', async () => {
  const a = await login(srv.base, 'st-lakare');
  const b = await login(srv.base, 'st-lakare');
  const change = (body) => call(srv.base, 'POST', '/api/v1/session/password', body, with_(a));
  let r = await change({ current_password: 'wrong-password-here', new_password: 'ett-nytt-losenord-9' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'current_password');
  r = await change({ current_password: DEMO_PASSWORD, new_password: 'aaaaaaaaaaaaaa' });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'new_password');
  r = await change({ current_password: DEMO_PASSWORD, new_password: 'ett-nytt-losenord-9' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, with_(a))).status, 200, 'this session stays');
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, with_(b))).status, 401, 'the other ended');
  assert.equal((await login(srv.base, 'st-lakare')).status, 401);
  assert.equal((await login(srv.base, 'st-lakare', 'ett-nytt-losenord-9')).status, 200);
  // The audit log keeps when, never the hash.
  assert.equal(srv.count("SELECT count(*) FROM audit_log WHERE after_json LIKE '%argon2%' OR before_json LIKE '%argon2%'"), 0);
});

test('an administrator resets a password and disables a user, ending their sessions', async () => {
  const admin = await login(srv.base, 'admin');
  const victim = await login(srv.base, 'samordnare');
  const id = victim.body.user.id;
  const weak = await call(srv.base, 'POST', `/api/v1/users/${id}/password`, { password: 'short' }, with_(admin));
  assert.equal(weak.status, 422);
  assert.equal(weak.body.error.field, 'password');
  const badRole = await call(srv.base, 'PATCH', `/api/v1/users/${id}`, { roles: [{ role: 'admin', scope_id: 3 }] }, with_(admin));
  assert.equal(badRole.status, 422);
  assert.equal(badRole.body.error.field, 'roles');
  const reset = await call(srv.base, 'POST', `/api/v1/users/${id}/password`, { password: 'aterstallt-losen-42' }, with_(admin));
  assert.equal(reset.status, 200);
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, with_(victim))).status, 401);
  const again = await login(srv.base, 'samordnare', 'aterstallt-losen-42');
  assert.equal(again.status, 200);
  // A reset also revokes the user's API tokens.
  const tok = await call(srv.base, 'POST', '/api/v1/tokens', { name: 'Före', access: 'read' }, with_(again));
  assert.equal(tok.status, 201);
  const reset2 = await call(srv.base, 'POST', `/api/v1/users/${id}/password`, { password: 'aterstallt-losen-43' }, with_(admin));
  assert.equal(reset2.status, 200);
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, { authorization: `Bearer ${tok.body.token}` })).status, 401);
  const again2 = await login(srv.base, 'samordnare', 'aterstallt-losen-43');
  assert.equal(again2.status, 200);
  const off = await call(srv.base, 'PATCH', `/api/v1/users/${id}`, { disabled: true }, with_(admin));
  assert.equal(off.status, 200);
  assert.equal(off.body.disabled, true);
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, with_(again2))).status, 401);
  assert.equal((await login(srv.base, 'samordnare', 'aterstallt-losen-43')).status, 401);
  // Not even an administrator can disable themselves.
  const self = await call(srv.base, 'PATCH', `/api/v1/users/${admin.body.user.id}`, { disabled: true }, with_(admin));
  assert.equal(self.status, 422);
  const on = await call(srv.base, 'PATCH', `/api/v1/users/${id}`, { disabled: false }, with_(admin));
  assert.equal(on.status, 200);
  assert.equal((await login(srv.base, 'samordnare', 'aterstallt-losen-43')).status, 200);
  const log = await call(srv.base, 'GET', '/api/v1/log?kind=event&what=password_reset', undefined, with_(admin));
  assert.ok(log.body.items.some((e) => e.actor === 'samordnare' && /by admin/.test(e.detail)));
});

test('API tokens: hashed, read-only or not, revocable, never made with a token', async () => {
  const s = await login(srv.base, 'studierektor');
  const make = (body, headers = with_(s)) => call(srv.base, 'POST', '/api/v1/tokens', body, headers);
  const read = await make({ name: 'Rapportverktyg', access: 'read', days: 30 });
  assert.equal(read.status, 201, JSON.stringify(read.body));
  assert.match(read.body.token, /^randa_[A-Za-z0-9_-]{43}$/);
  const secret = read.body.token.slice('randa_'.length);
  assert.equal(srv.count(`SELECT count(*) FROM api_token WHERE token_hash = '${sha256(secret)}'`), 1);
  const bearer = (t) => ({ authorization: `Bearer ${t}` });
  const list = await call(srv.base, 'GET', '/api/v1/trainees', undefined, bearer(read.body.token));
  assert.equal(list.status, 200);
  const unit = s.body.roles[0].scope_id;
  assert.equal(list.body.total, srv.count(`SELECT count(*) FROM trainee WHERE home_unit_id = ${unit}`), 'the token has its user\'s scope');
  const trainee = list.body.items[0];
  const write = await call(srv.base, 'PATCH', `/api/v1/trainees/${trainee.id}`, { fte: trainee.fte }, bearer(read.body.token));
  assert.equal(write.status, 403);
  const rw = await make({ name: 'Import', access: 'write' });
  const w = await call(srv.base, 'PATCH', `/api/v1/trainees/${trainee.id}`, { fte: trainee.fte }, bearer(rw.body.token));
  assert.equal(w.status, 200, 'a token needs no CSRF token');
  assert.equal((await make({ name: 'x', access: 'read' }, bearer(rw.body.token))).status, 403);
  assert.equal((await make({ name: 'x', access: 'admin' })).status, 422);
  const mine = await call(srv.base, 'GET', '/api/v1/tokens', undefined, with_(s));
  assert.deepEqual(mine.body.items.map((t) => t.name), ['Rapportverktyg', 'Import']);
  assert.ok(!JSON.stringify(mine.body).includes(secret));
  const noSession = await call(srv.base, 'DELETE', '/api/v1/session', undefined, bearer(rw.body.token));
  assert.equal(noSession.status, 400, 'a token has no session to end');
  const gone = await call(srv.base, 'DELETE', `/api/v1/tokens/${read.body.id}`, undefined, with_(s));
  assert.equal(gone.status, 204);
  assert.equal((await call(srv.base, 'GET', '/api/v1/trainees', undefined, bearer(read.body.token))).status, 401);
  // Another user cannot revoke it.
  const other = await login(srv.base, 'handledare');
  assert.equal((await call(srv.base, 'DELETE', `/api/v1/tokens/${rw.body.id}`, undefined, with_(other))).status, 404);
  assert.equal((await call(srv.base, 'GET', '/api/v1/session', undefined, bearer('randa_' + 'A'.repeat(43)))).status, 401);
});

test('sessions end after the idle time and after the absolute time', async () => {
  const s2 = await startServer({ trainees: 30, extraArgs: ['--session-idle', '2', '--session-max', '4'] });
  try {
    const idle = await login(s2.base, 'admin');
    const busy = await login(s2.base, 'admin');
    const start = Date.now();
    const me = (s) => call(s2.base, 'GET', '/api/v1/session', undefined, with_(s));
    // busy keeps asking every half second; idle waits.
    for (let i = 0; i < 5; i++) {
      await sleep(500);
      assert.equal((await me(busy)).status, 200, `busy at ${(i + 1) * 0.5} s`);
    }
    assert.equal((await me(idle)).status, 401, 'idle for 2.5 s');
    while ((await me(busy)).status === 200 && Date.now() - start < 10000) await sleep(250);
    const lived = Date.now() - start;
    assert.ok(lived >= 3000 && lived < 6000, `the busy session ended after ${lived} ms, not at 4 s`);
    const ended = await me(busy);
    assert.equal(ended.body.error.code, 'unauthenticated');
    assert.equal((await login(s2.base, 'admin')).status, 200, 'a new log-in works');
  } finally {
    await s2.stop();
  }
});

test('50 failed log-ins from one address lock that address, whatever the user names', async () => {
  const s2 = await startServer({ trainees: 30 });
  try {
    // Unknown names, one failure each: no account reaches its own limit.
    for (let i = 0; i < 50; i++) {
      const r = await login(s2.base, `nobody-${i}`, 'not-the-password-1');
      assert.equal(r.status, 401, `attempt ${i + 1}`);
    }
    const locked = await login(s2.base, 'admin');
    assert.equal(locked.status, 429, 'the right password of a real user is refused from this address');
    assert.equal(locked.body.error.code, 'locked');
    const me = await call(s2.base, 'GET', '/api/v1/session', undefined, sessionHeaders(s2.session));
    assert.equal(me.status, 200, 'a session made before the lock still works');
  } finally {
    await s2.stop();
  }
});
