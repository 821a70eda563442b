// The exchange's HTTPS to a peer region (issue 17): a peer served over TLS
// with a self-signed certificate (made here with openssl) is reached only
// when its public key is pinned or its certificate given as the CA; a wrong
// pin, or no pin and no CA (the system's CAs do not know it), delivers
// nothing, and the outbox says why and tries again. Runs on SQLite and,
// with RANDA_TEST_PG, on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RANDA, startServer, call, sqlRows } from './harness.mjs';

let a, b, tls, dir, cert, key, port, peerId, pin;

async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

const ok = async (srv, method, path, body, status = 200) => {
  const r = await call(srv.base, method, `/api/v1${path}`, body);
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'randa-xtls-'));
  cert = join(dir, 'cert.pem');
  key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  pin = 'sha256//' + execSync(`openssl x509 -in ${cert} -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`,
    { encoding: 'utf8' }).trim();
  [a, b] = await Promise.all([
    startServer({ extraArgs: ['--exchange-as', 'halland', '--exchange-poll', '1', '--exchange-backoff-max', '1'] }),
    startServer({ extraArgs: ['--exchange-as', 'blekinge'] }),
  ]);
  // Blekinge knows Halland (its token), then serves over TLS only.
  const onB = await ok(b, 'POST', '/exchange/peers', { code: 'halland', name: 'Halland', url: a.base }, 201);
  b.proc.kill('SIGTERM');
  await new Promise((done) => b.proc.on('exit', done));
  tls = spawn(RANDA, ['serve', '--db', b.db, '--listen', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key,
    '--exchange-as', 'blekinge', '--rate-limit', '0', '--daily-pass', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  port = await new Promise((done, fail) => {
    let out = '';
    tls.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/https:\/\/127\.0\.0\.1:(\d+)/);
      if (m) done(Number(m[1]));
    });
    tls.on('exit', (code) => fail(new Error(`randa serve --tls-cert exited ${code}`)));
  });
  const peer = await ok(a, 'POST', '/exchange/peers', {
    code: 'blekinge', name: 'Blekinge', url: `https://127.0.0.1:${port}`,
    pin: 'sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', token: onB.token,
  }, 201);
  peerId = peer.id;
});

after(async () => {
  if (tls && tls.exitCode === null) {
    const done = new Promise((ok2) => tls.on('exit', ok2));
    tls.kill('SIGTERM');
    await done;
  }
  await a?.stop();
  await b?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const received = () => sqlRows(b.db, `SELECT count(*) AS n FROM xmessage WHERE direction = 'in'`)[0].n;
const outbox = async () => (await ok(a, 'GET', '/exchange/messages?direction=out&limit=500')).items
  .filter((m) => m.peer === 'blekinge');

test('a wrong pin delivers nothing and the outbox says why; the right pin delivers', async () => {
  const failing = await waitFor('a failed attempt', async () =>
    (await outbox()).find((m) => m.state === 'queued' && m.attempts >= 1));
  assert.match(failing.last_error, /pinned|public key|SSL/i);
  assert.equal(received(), 0);
  await ok(a, 'PATCH', `/exchange/peers/${peerId}`, { pin });
  await waitFor('delivered', async () => (await outbox()).every((m) => m.state === 'sent'));
  assert.ok(received() >= 1);
});

test('without a pin the peer is trusted only with its certificate given as the CA', async () => {
  await ok(a, 'PATCH', `/exchange/peers/${peerId}`, { pin: '' });
  const unit = sqlRows(a.db, 'SELECT id FROM unit WHERE takes_trainees = 1 ORDER BY id LIMIT 1')[0].id;
  const publish = () => ok(a, 'POST', '/exchange/offers', { unit_id: unit, from_week: '2031-W10', to_week: '2031-W40',
    weeks: 10, contact_email: 'studierektor@halland.example' }, 201);
  await publish();
  const failing = await waitFor('a refused certificate', async () =>
    (await outbox()).find((m) => m.state === 'queued' && m.attempts >= 1));
  assert.match(failing.last_error, /certificate|SSL/i);
  const before = received();
  await ok(a, 'PATCH', `/exchange/peers/${peerId}`, { ca_file: cert });
  await waitFor('delivered', async () => (await outbox()).every((m) => m.state === 'sent'));
  assert.ok(received() > before);
});
