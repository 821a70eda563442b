// Single sign-on through OpenID Connect (issue 19), against Randa's API:
// a real provider (oidc-provider) for the flow as a region's would run it,
// and a hand-made one for the tokens a real provider never mints. Every
// refusal must leave no user and no session behind, only its event.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, login, sqlRows } from './harness.mjs';
import {
  startProvider, startFakeOp, throughProvider, finish, newKey, Jar, CLIENT_ID, CLIENT_SECRET,
} from './oidc.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'randa-sso-'));
const secretFile = join(tmp, 'client-secret');
writeFileSync(secretFile, CLIENT_SECRET + '\n', { mode: 0o600 });

const ssoArgs = (issuer, more = []) => ['--sso-issuer', issuer, '--sso-client-id', CLIENT_ID,
  '--sso-client-secret-file', secretFile, ...more];

let idp, real, op, fake;

before(async () => {
  idp = await startProvider();
  real = await startServer({ extraArgs: ssoArgs(idp.issuer, ['--sso-claim', 'hsa_id']) });
  idp.setRanda(real.base);
  // The hand-made provider is down until its tests start it; here local
  // passwords are off for everyone but the break-glass administrator.
  op = await startFakeOp();
  fake = await startServer({
    extraArgs: ssoArgs(op.issuer, ['--sso-name', 'Inera IdP', '--no-local-passwords', '--break-glass', 'tester']),
  });
});

after(async () => {
  await real?.stop();
  await fake?.stop();
  await idp?.stop().catch(() => {});
  if (op?.listening) await op.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const count = (srv, q) => Number(Object.values(sqlRows(srv.db, q)[0])[0]);
const written = (srv) => ({
  users: count(srv, 'SELECT count(*) FROM app_user'),
  sessions: count(srv, 'SELECT count(*) FROM session'),
  pending: count(srv, 'SELECT count(*) FROM sso_login'),
});
const events = async (srv, what) => {
  const r = await call(srv.base, 'GET', `/api/v1/log?kind=event&what=${what}&limit=100`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
};
const userId = (srv, name) => count(srv, `SELECT id FROM app_user WHERE username = '${name}'`);
const asSession = (cookie) => ({ cookie, authorization: null });

test('the log-in page learns the provider and whether passwords are allowed', async () => {
  const a = await call(real.base, 'GET', '/api/v1/sso', undefined, { cookie: null });
  assert.equal(a.status, 200);
  assert.deepEqual(a.body, { enabled: true, name: 'SITHS', local_passwords: true });
  const b = await call(fake.base, 'GET', '/api/v1/sso', undefined, { cookie: null });
  assert.deepEqual(b.body, { enabled: true, name: 'Inera IdP', local_passwords: false });
});

test('a user mapped by HSA-id logs in through the provider with their Randa roles', async () => {
  const id = userId(real, 'studierektor');
  const set = await call(real.base, 'PUT', `/api/v1/users/${id}/sso`, { sso_id: 'SE2321000016-SR01' });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.sso_id, 'SE2321000016-SR01');
  // The subject is the provider's own; the HSA-id claim names the user.
  idp.accounts.set('subject-of-sr', { name: 'Sara Rektor', hsa_id: 'SE2321000016-SR01' });
  idp.next = 'subject-of-sr';
  const flow = await throughProvider(real.base);
  const url = new URL(flow.callback);
  assert.equal(url.pathname, '/api/v1/sso/callback');
  assert.ok(url.searchParams.get('code'));
  // PKCE S256, a nonce and a state went out.
  const auth = new URL(flow.body.authorization_url);
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  assert.match(auth.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(auth.searchParams.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(flow.randa.get('randa_sso'), 'the state is bound to the browser');
  const before = written(real);
  const done = await finish(flow.callback, flow.randa);
  assert.equal(done.status, 303);
  assert.equal(done.location, '/');
  assert.ok(done.session, 'a session cookie is set');
  const me = await call(real.base, 'GET', '/api/v1/session', undefined, asSession(done.session));
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'studierektor');
  assert.deepEqual(me.body.roles.map((r) => r.role), ['director'], 'roles are Randa\'s own');
  assert.deepEqual(written(real), { ...before, sessions: before.sessions + 1, pending: 0 });
  const logins = await events(real, 'sso_login');
  assert.ok(logins.some((e) => e.actor === 'studierektor' && e.detail.includes('SE2321000016-SR01')));
  // Logging out ends the Randa session and hands the provider's end.
  const out = await call(real.base, 'DELETE', '/api/v1/session', undefined,
    { cookie: done.session, 'x-csrf-token': me.body.csrf, authorization: null });
  assert.equal(out.status, 200);
  const end = new URL(out.body.end_session_url);
  assert.equal(end.origin, idp.issuer);
  assert.equal(end.searchParams.get('client_id'), CLIENT_ID);
  assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${real.base}/`);
  assert.equal((await fetch(end)).status, 200, 'the provider knows the log-out address');
  const gone = await call(real.base, 'GET', '/api/v1/session', undefined, asSession(done.session));
  assert.equal(gone.status, 401);
  // A local session's log-out has no provider to end.
  const local = await login(real.base, 'studierektor');
  const lout = await call(real.base, 'DELETE', '/api/v1/session', undefined,
    { cookie: local.cookie, 'x-csrf-token': local.csrf, authorization: null });
  assert.equal(lout.body.end_session_url, undefined);
});

test('an unknown person is refused, or gets an account without roles, as the administrator decides', async () => {
  idp.accounts.set('subject-new', { name: 'Nils Ny', hsa_id: 'SE2321000016-NEW1' });
  idp.next = 'subject-new';
  const before = written(real);
  let flow = await throughProvider(real.base);
  let done = await finish(flow.callback, flow.randa);
  assert.equal(done.location, '/?sso=unknown_user');
  assert.equal(done.session, null);
  assert.deepEqual(written(real), { ...before, pending: 0 }, 'nothing written');
  const refused = await events(real, 'sso_refused');
  assert.ok(refused.some((e) => e.actor === 'SE2321000016-NEW1' && e.detail.includes('unknown_user')));

  const on = await call(real.base, 'PUT', '/api/v1/sso/settings', { create_users: true });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  assert.equal(on.body.create_users, true);
  assert.equal(on.body.claim, 'hsa_id');
  const bad = await call(real.base, 'PUT', '/api/v1/sso/settings', { create_users: 'yes' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.field, 'create_users');
  // Only an administrator decides.
  const sr = await login(real.base, 'studierektor');
  const no = await call(real.base, 'PUT', '/api/v1/sso/settings', { create_users: false },
    { cookie: sr.cookie, 'x-csrf-token': sr.csrf, authorization: null });
  assert.equal(no.status, 403);

  flow = await throughProvider(real.base);
  done = await finish(flow.callback, flow.randa);
  assert.equal(done.location, '/');
  const me = await call(real.base, 'GET', '/api/v1/session', undefined, asSession(done.session));
  assert.equal(me.body.user.username, 'se2321000016-new1');
  assert.equal(me.body.user.name, 'Nils Ny');
  assert.deepEqual(me.body.roles, [], 'no roles until given');
  assert.equal(count(real, "SELECT count(*) FROM app_user WHERE sso_id = 'SE2321000016-NEW1'"), 1);
  const created = await events(real, 'sso_user_created');
  assert.ok(created.some((e) => e.actor === 'se2321000016-new1'));
  // The account has no password anyone knows.
  assert.equal((await login(real.base, 'se2321000016-new1', '')).status, 422);
  await call(real.base, 'PUT', '/api/v1/sso/settings', { create_users: false });
});

test('a replayed code, a used state and a callback without its verifier are refused with nothing written', async () => {
  idp.next = 'subject-of-sr';
  const flow = await throughProvider(real.base);
  const first = await finish(flow.callback, flow.randa);
  assert.equal(first.location, '/');
  // The same callback again: its state (with its verifier) is used up.
  const before = written(real);
  const again = await finish(flow.callback, flow.randa);
  assert.equal(again.location, '/?sso=state');
  assert.equal(again.session, null);
  // The old code with a fresh log-in's state: the provider refuses it.
  const fresh = await throughProvider(real.base);
  const code = new URL(flow.callback).searchParams.get('code');
  const state = new URL(fresh.callback).searchParams.get('state');
  const replay = await finish(`${real.base}/api/v1/sso/callback?code=${code}&state=${state}`, fresh.randa);
  assert.equal(replay.location, '/?sso=refused');
  assert.equal(replay.session, null);
  // A callback that lacks this browser's state cookie has no PKCE verifier
  // and no nonce to check: refused before the code is redeemed.
  const third = await throughProvider(real.base);
  const noVerifier = await finish(third.callback, new Jar());
  assert.equal(noVerifier.location, '/?sso=state');
  // And the provider itself will not redeem a code without the verifier.
  const tok = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: new URL(third.callback).searchParams.get('code'),
      redirect_uri: `${real.base}/api/v1/sso/callback`,
    }),
  });
  assert.equal(tok.status, 400);
  // Only the third log-in, whose callback never came with its cookie, is
  // still waiting (for its ten minutes).
  assert.deepEqual(written(real), { ...before, pending: 1 }, 'nothing written');
  const refused = await events(real, 'sso_refused');
  assert.ok(refused.some((e) => e.detail.includes('invalid_grant')), JSON.stringify(refused.map((e) => e.detail)));
});

test('local passwords off: only the break-glass administrator logs in with one', async () => {
  const sr = await login(fake.base, 'studierektor');
  assert.equal(sr.status, 403);
  assert.equal(sr.body.error.code, 'local_disabled');
  assert.equal(sr.cookie, null);
  assert.equal((await login(fake.base, 'tester')).status, 200);
});

test('a provider that is down: a clear message, and local log-in where allowed', async () => {
  const before = written(fake);
  const r = await fetch(`${fake.base}/api/v1/sso/login`, { method: 'POST' });
  assert.equal(r.status, 503);
  const e = (await r.json()).error;
  assert.equal(e.code, 'provider_down');
  assert.match(e.message, /Inera IdP cannot be reached now/);
  assert.doesNotMatch(e.message, /password/, 'no password to fall back on here');
  assert.deepEqual(written(fake), before, 'nothing kept');
  assert.equal((await login(fake.base, 'tester')).status, 200, 'the break-glass administrator still logs in');
  // Where passwords are allowed, the message says so and they work. The
  // real provider goes down between the way out and the way back.
  idp.next = 'subject-of-sr';
  const flow = await throughProvider(real.base);
  await idp.stop();
  const done = await finish(flow.callback, flow.randa);
  assert.equal(done.location, '/?sso=provider_down');
  assert.equal(done.session, null);
  assert.equal((await login(real.base, 'studierektor')).status, 200);
  await op.start();
});

// The hand-made provider's tests: each makes one log-in with the token
// the provider mints.
const rsa1 = newKey('RS256', 'rsa-1');
const ec1 = newKey('ES256', 'ec-1');

async function fakeLogin(token) {
  const randa = new Jar();
  const start = await fetch(`${fake.base}/api/v1/sso/login`, { method: 'POST' });
  assert.equal(start.status, 200, 'the provider is up');
  randa.take(start);
  const { authorization_url } = await start.json();
  const { callback } = op.issue(authorization_url, token);
  return finish(callback, randa);
}

test('tokens signed with RS256 and ES256 log in; rotated keys are fetched again', async () => {
  assert.ok(op.listening);
  op.published = [rsa1, ec1];
  const id = userId(fake, 'handledare');
  assert.equal((await call(fake.base, 'PUT', `/api/v1/users/${id}/sso`, { sso_id: 'fake-sub-1' })).status, 200);
  // Another user may not take the same identifier.
  const taken = await call(fake.base, 'PUT', `/api/v1/users/${userId(fake, 'admin')}/sso`, { sso_id: 'fake-sub-1' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.field, 'sso_id');
  // The users list and a user's page show the identifier (issue 19: sso2).
  assert.equal((await call(fake.base, 'GET', `/api/v1/users/${id}`)).body.sso_id, 'fake-sub-1');
  assert.equal((await call(fake.base, 'GET', `/api/v1/users/${userId(fake, 'admin')}`)).body.sso_id, null);
  const listed = await call(fake.base, 'GET', '/api/v1/users?limit=500');
  assert.equal(listed.body.items.find((u) => u.id === id).sso_id, 'fake-sub-1');
  const rs = await fakeLogin({ sub: 'fake-sub-1', key: rsa1 });
  assert.equal(rs.location, '/');
  const es = await fakeLogin({ sub: 'fake-sub-1', key: ec1 });
  assert.equal(es.location, '/');
  const me = await call(fake.base, 'GET', '/api/v1/session', undefined, asSession(es.session));
  assert.equal(me.body.user.username, 'handledare');
  // The provider rotates to a new key: Randa fetches the set again.
  const fetches = op.jwksFetches;
  const rsa2 = newKey('RS256', 'rsa-2');
  op.published = [rsa2, ec1];
  const rotated = await fakeLogin({ sub: 'fake-sub-1', key: rsa2 });
  assert.equal(rotated.location, '/');
  assert.equal(op.jwksFetches, fetches + 1);
  op.published = [rsa1, ec1];
});

const bad = {
  'signed by another key under the published kid': () => ({ sub: 'fake-sub-1', key: { ...newKey('RS256', 'rsa-1') } }),
  'signed by a key the provider does not publish': () => ({ sub: 'fake-sub-1', key: newKey('ES256', 'ec-other') }),
  'for another audience': () => ({ sub: 'fake-sub-1', key: rsa1, claims: { aud: 'another-client' } }),
  'from another issuer': () => ({ sub: 'fake-sub-1', key: rsa1, claims: { iss: 'http://127.0.0.1:1/evil' } }),
  'expired': () => ({ sub: 'fake-sub-1', key: rsa1, claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 } }),
  'with another nonce': () => ({ sub: 'fake-sub-1', key: rsa1, claims: { nonce: 'not-the-nonce-of-this-log-in-at-all-00000000' } }),
  'unsigned (alg none)': () => ({ sub: 'fake-sub-1', key: rsa1, alg: 'none' }),
};
const reasons = {
  'signed by another key under the published kid': /signature does not verify/,
  'signed by a key the provider does not publish': /no EC key of the provider has kid ec-other/,
  'for another audience': /audience/,
  'from another issuer': /issued by http:\/\/127\.0\.0\.1:1\/evil/,
  'expired': /expired/,
  'with another nonce': /nonce/,
  'unsigned (alg none)': /RS256 or ES256/,
};

for (const [name, token] of Object.entries(bad)) {
  test(`a token ${name} is refused with nothing written`, async () => {
    const before = written(fake);
    const done = await fakeLogin(token());
    assert.equal(done.status, 303);
    assert.equal(done.location, '/?sso=refused');
    assert.equal(done.session, null);
    assert.deepEqual(written(fake), { ...before, pending: 0 });
    const [last] = await events(fake, 'sso_refused');
    assert.match(last.detail, reasons[name]);
  });
}
