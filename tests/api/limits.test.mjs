// The limits `randa serve` keeps on one client: the rate limit per address
// (--rate-limit N: a token bucket of N requests a second, bursts of 2N;
// beyond, 429 "rate_limited" with Retry-After), the connection limit per
// address (--connections-per-address N: the next connection is closed at
// once), and the cap on the size of the request headers (431). Each
// address is its own client: Linux routes all of 127.0.0.0/8 to the
// loopback, so requests from 127.0.0.2, .3 and .4 come from other clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { RANDA, startServer, call, errorOf } from './harness.mjs';

const RATE = 5;
const BURST = 2 * RATE;
const PER_ADDRESS = 4;

let srv;
before(async () => {
  srv = await startServer({ extraArgs: ['--rate-limit', String(RATE), '--connections-per-address', String(PER_ADDRESS)] });
});
after(async () => { await srv?.stop(); });

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// A bucket left alone for BURST / RATE seconds is full again.
const refill = () => sleep((BURST / RATE) * 1000 + 200);

// The header cap, read from src/http/server.h so the test follows it.
const HEADER_MAX = (() => {
  const m = readFileSync('src/http/server.h', 'utf8').match(/#define SERVER_HEADER_BYTES_MAX\s+\(?([^/\n]+?)\)?\s*(\/\*|\n)/);
  assert.ok(m, 'SERVER_HEADER_BYTES_MAX not found in src/http/server.h');
  return Function(`return (${m[1]})`)();
})();

// One request on a connection of its own from address from (127.0.0.1 by
// default); resolves to { status, headers, body } (body parsed when JSON).
function request(method, path, { from = '127.0.0.1', headers = {}, body, agent = false } = {}) {
  const { port } = new URL(srv.base);
  return new Promise((ok, fail) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent, localAddress: from }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const json = (res.headers['content-type'] || '').includes('json') && text !== '';
        ok({ status: res.statusCode, headers: res.headers, body: json ? JSON.parse(text) : text });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

// Asserts a 429 in the error shape, with the security headers and a
// Retry-After of whole seconds; returns Retry-After.
function assertLimited(res) {
  assert.equal(res.status, 429, JSON.stringify(res.body));
  assert.match(res.headers['content-type'], /^application\/json/);
  const e = errorOf(res);
  assert.equal(e.code, 'rate_limited');
  assert.deepEqual(Object.keys(res.body), ['error']);
  assert.ok(!e.field, 'no field is to blame');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(res.headers['content-security-policy'] || '', /default-src 'self'/);
  const after_ = res.headers['retry-after'];
  assert.match(after_ || '', /^[1-9]\d*$/, `Retry-After: ${after_}`);
  // One token comes back every 1 / RATE seconds.
  assert.ok(Number(after_) <= Math.ceil(1 / RATE) + 1, `Retry-After ${after_}`);
  return Number(after_);
}

let limitedSeen = 0; // every 429 the tests got, to compare with /metrics

test('a burst beyond the bucket gets 429 with Retry-After, other addresses do not, and the client is served again after waiting', async () => {
  await refill();
  const statuses = [];
  let retryAfter = 0;
  const t0 = Date.now();
  for (let i = 0; i < 30; i++) {
    const res = await request('GET', '/healthz');
    statuses.push(res.status);
    if (res.status === 429) retryAfter = assertLimited(res);
    else assert.equal(res.status, 200);
  }
  const seconds = (Date.now() - t0) / 1000;
  const ok = statuses.filter((s) => s === 200).length;
  const limited = statuses.filter((s) => s === 429).length;
  limitedSeen += limited;
  assert.equal(ok + limited, 30, statuses.join(' '));
  // The full bucket first, then about RATE a second.
  assert.deepEqual(statuses.slice(0, BURST), Array(BURST).fill(200), statuses.join(' '));
  assert.ok(ok <= BURST + Math.ceil(seconds * RATE) + 1, `${ok} served in ${seconds} s: ${statuses.join(' ')}`);
  assert.ok(limited >= 30 - BURST - Math.ceil(seconds * RATE) - 1 && limited > 0, statuses.join(' '));

  // While refused, a log-in is refused as well, before the password is
  // looked at: the limit slows password guessing.
  const guess = await request('POST', '/api/v1/session', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'tester', password: 'randa-demo-2026' }),
  });
  assertLimited(guess);
  limitedSeen++;
  assert.equal(guess.headers['set-cookie'], undefined);

  // Another address has a bucket of its own.
  assert.equal((await request('GET', '/healthz', { from: '127.0.0.2' })).status, 200);

  // After Retry-After, served again.
  await sleep(retryAfter * 1000);
  assert.equal((await request('GET', '/healthz')).status, 200);
});

test('a parallel burst from one address is served up to the bucket, the rest refused', async () => {
  // Four connections at once (the connection limit), 40 requests.
  const agent = new http.Agent({ keepAlive: true, maxSockets: PER_ADDRESS });
  const t0 = Date.now();
  const results = await Promise.all(Array.from({ length: 40 },
    () => request('GET', '/healthz', { from: '127.0.0.4', agent })));
  const seconds = (Date.now() - t0) / 1000;
  agent.destroy();
  const ok = results.filter((r) => r.status === 200).length;
  const limited = results.filter((r) => r.status === 429);
  limitedSeen += limited.length;
  for (const r of limited) assertLimited(r);
  assert.equal(ok + limited.length, 40);
  assert.ok(ok >= BURST && ok <= BURST + Math.ceil(seconds * RATE) + 1, `${ok} of 40 served in ${seconds} s`);
});

test('/metrics counts the refusals, and the log names the client once per spell, not per request', async () => {
  await refill();
  const res = await call(srv.base, 'GET', '/metrics');
  assert.equal(res.status, 200);
  const sample = (name) => {
    const m = res.body.match(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm'));
    return m ? Number(m[1]) : null;
  };
  assert.equal(sample('randa_http_requests_total{route="rate_limited",status="429"}'), limitedSeen);
  assert.match(res.body, /^# TYPE randa_http_rate_limit_evictions_total counter$/m);
  assert.equal(sample('randa_http_rate_limit_evictions_total'), 0);
  const log = srv.log();
  assert.match(log, /rate limit: refusing requests from 127\.0\.0\.1 /);
  assert.match(log, /rate limit: refusing requests from 127\.0\.0\.4 /);
  const lines = (log.match(/ 429 \d+ /g) || []).length;
  assert.ok(lines >= 2 && lines < limitedSeen / 2, `${lines} access-log lines for ${limitedSeen} refusals`);
});

test('headers over the cap get 431 and the server keeps serving', async () => {
  await refill();
  // Just under the cap (with the few headers the client adds): served.
  const under = await request('GET', '/healthz', { headers: { 'x-filler': 'a'.repeat(HEADER_MAX - 200) } });
  assert.equal(under.status, 200);
  // Over it: the error shape, with the security headers.
  const over = await request('GET', '/healthz', { headers: { 'x-filler': 'a'.repeat(HEADER_MAX + 1) } });
  assert.equal(over.status, 431, JSON.stringify(over.body));
  assert.equal(errorOf(over).code, 'too_large');
  assert.equal(over.headers['x-content-type-options'], 'nosniff');
  // Many small headers add up the same way.
  const many = {};
  for (let i = 0; i < 300; i++) many[`x-h${i}`] = 'v'.repeat(Math.ceil(HEADER_MAX / 300));
  const sum = await request('GET', '/healthz', { headers: many });
  assert.equal(sum.status, 431);
  assert.equal(errorOf(sum).code, 'too_large');
  // Far beyond the library's 64 KiB per connection: libmicrohttpd's own
  // 431, and the connection closes.
  const huge = await request('GET', '/healthz', { headers: { 'x-filler': 'a'.repeat(256 * 1024) } })
    .catch((e) => ({ error: e.code || e.message }));
  assert.ok(huge.error || huge.status === 431, JSON.stringify(huge).slice(0, 200));
  assert.equal(srv.proc.exitCode, null, 'the server is still running');
  assert.equal((await request('GET', '/healthz')).status, 200);
  assert.equal((await call(srv.base, 'GET', '/api/v1/regions')).status, 200);
});

// A connection from address from: resolves once it is open to
// { socket, get() } where get() sends GET /healthz and resolves to the
// status line, or to null when the server closes the connection first.
function connect(from) {
  const { port } = new URL(srv.base);
  return new Promise((ok, fail) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: from }, () => {
      let data = '';
      let closed = false;
      const waiters = [];
      socket.on('data', (d) => { data += d; flush(); });
      socket.on('close', () => { closed = true; flush(); });
      socket.on('error', () => {});
      function flush() {
        // A whole /healthz answer ends with its JSON object.
        const end = data.indexOf('}');
        if (end >= 0) {
          const line = data.slice(0, data.indexOf('\r\n'));
          data = data.slice(end + 1);
          waiters.shift()?.(line);
        } else if (closed) {
          while (waiters.length) waiters.shift()(null);
        }
      }
      const get = () => new Promise((done) => {
        waiters.push(done);
        if (closed) flush();
        else socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      ok({ socket, get });
    });
    socket.on('error', fail);
  });
}

test('connections beyond the limit per address are closed at once; other addresses are not affected', async () => {
  await refill();
  const open = [];
  for (let i = 0; i < PER_ADDRESS; i++) {
    const c = await connect('127.0.0.3');
    assert.match(await c.get(), /^HTTP\/1\.1 200/, `connection ${i + 1}`);
    open.push(c);
  }
  // One more from the same address: closed without an answer.
  const extra = await connect('127.0.0.3');
  assert.equal(await extra.get(), null, 'a connection beyond the limit was served');
  // The connections within the limit still work, and so do other addresses.
  assert.match(await open[0].get(), /^HTTP\/1\.1 200/);
  assert.equal((await request('GET', '/healthz')).status, 200);
  // Once one closes, a new one is taken.
  open.pop().socket.destroy();
  let again = null;
  for (let i = 0; i < 20 && again === null; i++) {
    await sleep(100);
    const c = await connect('127.0.0.3');
    again = await c.get();
    c.socket.destroy();
  }
  assert.match(again || '', /^HTTP\/1\.1 200/);
  for (const c of open) c.socket.destroy();
});

test('--rate-limit 0 turns the limit off', async () => {
  const p = spawn(RANDA, ['serve', '--db', srv.db, '--listen', '127.0.0.1:0', '--rate-limit', '0', '--quiet'],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const base = await new Promise((ok, fail) => {
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
        if (m) ok(m[0]);
      });
      p.on('exit', (code) => fail(new Error(`randa serve exited ${code}`)));
    });
    const statuses = [];
    for (let i = 0; i < 4 * BURST + 10; i++) statuses.push((await fetch(base + '/healthz')).status);
    assert.deepEqual([...new Set(statuses)], [200]);
  } finally {
    const done = new Promise((ok) => p.on('exit', ok));
    p.kill('SIGTERM');
    await done;
  }
});

test('the limits refuse values out of range', () => {
  for (const args of [['--rate-limit', '-1'], ['--rate-limit', 'many'], ['--rate-limit', '1000001'],
    ['--connections-per-address', '-1'], ['--connections-per-address', '1001']]) {
    const r = spawnSync(RANDA, ['serve', '--db', srv.db, '--listen', '127.0.0.1:0', ...args], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(args[0]));
  }
});
