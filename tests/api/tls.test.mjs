// `randa serve --tls-cert FILE --tls-key FILE`: HTTPS through
// libmicrohttpd's GnuTLS, with a self-signed certificate made here with the
// openssl tool. Checks the start-up line, HSTS, the session cookie's
// __Host- name and attributes, that plain HTTP to the TLS port gets no
// answer, that only TLS 1.2 and 1.3 are spoken, and that a missing or
// wrong certificate or key stops the start with a message naming the flag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { RANDA, TODAY, DEMO_PASSWORD, login } from './harness.mjs';

let dir;
let ca; // the self-signed certificate, which the client trusts
let proc;
let startLine = '';
let port;
let db;

// A self-signed certificate for 127.0.0.1 and its key, made with openssl;
// returns { cert, key } paths. curve: an EC key (fast to make).
function makeCert(name, cn) {
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${cn}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  return { cert, key };
}

// Starts `randa serve` on the test's database with extra arguments;
// resolves to { proc, scheme, port, out, log(), stop() } once it serves.
async function serve(extra) {
  let log = '';
  const p = spawn(RANDA, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  p.stderr.on('data', (d) => { log += d; });
  const started = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('randa serve did not start:\n' + log)), 15000);
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/(https?):\/\/127\.0\.0\.1:(\d+)\/.*\n/);
      if (m) { clearTimeout(timer); ok({ scheme: m[1], port: Number(m[2]), out }); }
    });
    p.on('exit', (code) => { clearTimeout(timer); fail(new Error(`randa serve exited ${code}:\n${log}`)); });
  });
  const stop = async () => {
    if (p.exitCode !== null) return;
    const done = new Promise((ok) => p.on('exit', ok));
    p.kill('SIGTERM');
    await done;
  };
  return { proc: p, ...started, log: () => log, stop };
}

let server;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'randa-tls-'));
  db = join(dir, 'randa.db');
  execFileSync(RANDA, ['demo', '--db', db, '--today', TODAY], { stdio: 'ignore' });
  const { cert, key } = makeCert('server', 'localhost');
  ca = readFileSync(cert);
  server = await serve(['--tls-cert', cert, '--tls-key', key]);
  proc = server.proc;
  port = server.port;
  startLine = server.out;
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// One HTTPS request that trusts only the test's certificate; resolves to
// { status, headers, body, protocol } (body parsed when JSON).
function request(method, path, { body, headers = {}, tls = {} } = {}) {
  return new Promise((ok, fail) => {
    const req = https.request({
      host: '127.0.0.1', port, method, path, ca, agent: false, ...tls,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const json = (res.headers['content-type'] || '').includes('json') && text !== '';
        ok({ status: res.statusCode, headers: res.headers, body: json ? JSON.parse(text) : text,
          protocol: res.socket.getProtocol() });
      });
    });
    req.on('error', fail);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

test('the start-up line names https, and a loopback listener gets no clear-text warning', () => {
  assert.match(startLine, /serving .* at https:\/\/127\.0\.0\.1:\d+\//);
  assert.doesNotMatch(startLine, /http:\/\//);
  assert.doesNotMatch(startLine, /WARNING/);
});

test('GET /healthz works over HTTPS, with HSTS and the security headers', async () => {
  const res = await request('GET', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'ok');
  assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(res.headers['content-security-policy'], /default-src 'self'/);
  // An error answer carries HSTS too.
  const missing = await request('GET', '/api/v1/no-such-thing');
  assert.ok(missing.status >= 400, String(missing.status));
  assert.equal(missing.headers['strict-transport-security'], 'max-age=31536000');
});

test('the log-in over TLS sets a __Host- cookie that is Secure, HttpOnly and SameSite=Strict', async () => {
  const res = await request('POST', '/api/v1/session', { body: { username: 'admin', password: DEMO_PASSWORD } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const setCookie = [].concat(res.headers['set-cookie'] || []);
  assert.equal(setCookie.length, 1, JSON.stringify(setCookie));
  const parts = setCookie[0].split(';').map((p) => p.trim());
  assert.match(parts[0], /^__Host-randa_session=[^;\s]+$/);
  const attrs = parts.slice(1).map((p) => p.toLowerCase());
  for (const a of ['secure', 'httponly', 'samesite=strict', 'path=/'])
    assert.ok(attrs.includes(a), `${a} in ${setCookie[0]}`);
  // __Host- cookies may not name a domain.
  assert.ok(!attrs.some((a) => a.startsWith('domain=')), setCookie[0]);
  // The session works over TLS, and only with its cookie.
  const cookie = parts[0];
  const me = await request('GET', '/api/v1/regions', { headers: { cookie } });
  assert.equal(me.status, 200, JSON.stringify(me.body));
  const anon = await request('GET', '/api/v1/regions');
  assert.equal(anon.status, 401, JSON.stringify(anon.body));
});

test('TLS 1.2 and 1.3 are spoken, TLS 1.1 is not', async () => {
  const v13 = await request('GET', '/healthz', { tls: { minVersion: 'TLSv1.3' } });
  assert.equal(v13.status, 200);
  assert.equal(v13.protocol, 'TLSv1.3');
  const v12 = await request('GET', '/healthz', { tls: { maxVersion: 'TLSv1.2' } });
  assert.equal(v12.status, 200);
  assert.equal(v12.protocol, 'TLSv1.2');
  // openssl's client still offers TLS 1.1 at security level 0: it
  // connects and sends its hello, which the server turns down.
  const old = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_1',
    '-cipher', 'DEFAULT:@SECLEVEL=0'], { input: '', encoding: 'utf8', timeout: 10000 });
  assert.match(old.stdout, /CONNECTED/, old.stderr);
  assert.match(old.stdout, /written [1-9]\d* bytes/, 'the client sent its TLS 1.1 hello');
  assert.notEqual(old.status, 0, 'a TLS 1.1 handshake succeeded');
  assert.match(old.stdout, /handshake has read 0 bytes/, 'the server answered the hello');
  assert.match(old.stdout, /Cipher is \(NONE\)/);
});

test('plain HTTP to the TLS port gets no HTTP answer, and HTTPS keeps working', async () => {
  const outcome = await new Promise((ok) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      ok({ status: res.statusCode });
    });
    req.on('timeout', () => { req.destroy(); ok({ error: 'timeout' }); });
    req.on('error', (error) => ok({ error: error.code || error.message }));
    req.end();
  });
  assert.ok(outcome.error, `plain HTTP was answered: ${JSON.stringify(outcome)}`);
  assert.notEqual(outcome.error, 'timeout', 'the server held the plain connection open');
  assert.equal(proc.exitCode, null, 'the server is still running');
  assert.equal((await request('GET', '/healthz')).status, 200);
});

test('a certificate the client does not trust is refused by the client', async () => {
  await assert.rejects(request('GET', '/healthz', { tls: { ca: undefined } }),
    (e) => /self[- ]signed|unable to verify|certificate/i.test(e.message));
});

// Runs `randa serve` with args on the test's database; it must not start.
function serveFails(args) {
  const r = spawnSync(RANDA, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...args],
    { encoding: 'utf8', timeout: 15000 });
  assert.equal(r.signal, null, `randa serve ${args.join(' ')} kept running`);
  assert.ok(r.status === 1 || r.status === 2, `exit ${r.status}: ${r.stderr}`);
  assert.doesNotMatch(r.stdout, /serving/);
  return r.stderr;
}

test('a missing, wrong or lone certificate or key stops the start, naming the flag', () => {
  const { cert, key } = makeCert('good', 'localhost');
  const other = makeCert('other', 'other');
  const notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'hello\n');
  const broken = join(dir, 'broken.pem');
  writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n');

  let err = serveFails(['--tls-cert', join(dir, 'nope.pem'), '--tls-key', key]);
  assert.match(err, /--tls-cert/);
  assert.match(err, /nope\.pem/);
  assert.match(err, /No such file/);
  err = serveFails(['--tls-cert', cert, '--tls-key', join(dir, 'nope.pem')]);
  assert.match(err, /--tls-key/);
  err = serveFails(['--tls-cert', notPem, '--tls-key', key]);
  assert.match(err, /--tls-cert.*not\.pem/);
  // A key given as the certificate, and the other way round.
  err = serveFails(['--tls-cert', key, '--tls-key', key]);
  assert.match(err, /--tls-cert/);
  err = serveFails(['--tls-cert', cert, '--tls-key', cert]);
  assert.match(err, /--tls-key/);
  // PEM armour around nonsense, and a key that is not the certificate's.
  err = serveFails(['--tls-cert', broken, '--tls-key', key]);
  assert.match(err, /--tls-cert/);
  err = serveFails(['--tls-cert', cert, '--tls-key', other.key]);
  assert.match(err, /--tls-cert/);
  assert.match(err, /do not match/);
  // One without the other.
  err = serveFails(['--tls-cert', cert]);
  assert.match(err, /--tls-key/);
  err = serveFails(['--tls-key', key]);
  assert.match(err, /--tls-cert/);
});

test('without TLS: http in the start-up line, no HSTS, and a session cookie neither __Host- nor Secure', async () => {
  const plain = await serve([]);
  try {
    assert.equal(plain.scheme, 'http');
    const base = `http://127.0.0.1:${plain.port}`;
    const res = await fetch(base + '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('strict-transport-security'), null);
    const l = await login(base, 'admin');
    assert.equal(l.status, 200, JSON.stringify(l.body));
    assert.match(l.setCookie, /^randa_session=/);
    assert.doesNotMatch(l.setCookie, /;\s*Secure/i);
  } finally {
    await plain.stop();
  }
});
