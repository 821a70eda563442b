// The server as a whole, against a running `randa serve`: health, metrics,
// the error shape of the HTTP layer (404, 405, 413, 400 for bodies that are
// not JSON objects, too many query arguments), HEAD, the security headers,
// clients that hang up, the UI's front page, and a graceful shutdown under
// load that loses no request already accepted and leaves a sound database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { RANDA, PG, startServer, call, get, errorOf, authHeaders, sqlText } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const sql = (db, query) => sqlText(db, query);

// The routes as the server lists them: [{ method, path }].
const ROUTES = execFileSync(RANDA, ['serve', '--routes'], { encoding: 'utf8' })
  .split('\n').filter(Boolean).map((l) => {
    const [method, path] = l.trim().split(' ');
    return { method, path };
  });

// A limit of the HTTP layer, read from its header so the test follows it.
function httpConstant(name) {
  const m = readFileSync('src/http/http.h', 'utf8').match(new RegExp(`#define ${name}\\s+\\(?([^/\\n]+?)\\)?\\s*(/\\*|\\n)`));
  assert.ok(m, `${name} not found in src/http/http.h`);
  return Function(`return (${m[1]})`)();
}
const BODY_MAX = httpConstant('HTTP_BODY_MAX');
const ARGS_MAX = httpConstant('HTTP_ARGS_MAX');

// Sends body as it is (a Buffer stays bytes); resolves like call().
async function send(method, path, body, headers = { 'content-type': 'application/json' }) {
  const res = await fetch(srv.base + path, { method, body, headers: { ...authHeaders(srv.base), ...headers } });
  const text = await res.text();
  const json = (res.headers.get('content-type') || '').includes('json');
  return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : text };
}

// Asserts the one error shape with status and code, and returns the error.
function assertError(res, status, code) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.headers.get('content-type') || '', /^application\/json/);
  const e = errorOf(res);
  assert.deepEqual(Object.keys(res.body), ['error']);
  for (const k of Object.keys(e)) assert.ok(['code', 'message', 'field'].includes(k), `unexpected error key ${k}`);
  if (code) assert.equal(e.code, code);
  assert.ok(e.message.length > 0);
  return e;
}

// ---- /metrics in the Prometheus text format ----

// Parses the exposition: { samples: Map("name{labels}" -> value), types: Map(name -> type) }.
function parseMetrics(text) {
  const samples = new Map();
  const types = new Map();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let m;
    if ((m = line.match(/^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/))) {
      types.set(m[1], m[2]);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})? (\S+)$/);
    assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    const value = Number(m[3] === '+Inf' ? Infinity : m[3]);
    assert.ok(!Number.isNaN(value), `bad value in ${line}`);
    samples.set(m[1] + (m[2] || ''), value);
  }
  return { samples, types };
}

async function scrape() {
  const res = await fetch(srv.base + '/metrics', { headers: authHeaders(srv.base) });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  return parseMetrics(await res.text());
}

const requestKey = (route, status) => `randa_http_requests_total{route="${route}",status="${status}"}`;

// The request counters as Map("route status" -> n).
function requestCounters(samples) {
  const out = new Map();
  for (const [k, v] of samples) {
    const m = k.match(/^randa_http_requests_total\{route="([^"]*)",status="(\d+)"\}$/);
    if (m) out.set(`${m[1]} ${m[2]}`, v);
  }
  return out;
}

test('/healthz answers 200 with the schema version the database has', async () => {
  const res = await get(srv.base, '/healthz');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const version = Number(sql(srv.db, 'SELECT max(version) FROM schema_version'));
  assert.deepEqual(res.body, { status: 'ok', schema_version: version });
});

test('/metrics counts requests by route and status, exactly', async () => {
  const first = await scrape();
  const expect = [ // [path, method, status, route label]
    ['/api/v1/regions', 'GET', 200, '/api/v1/regions'],
    ['/api/v1/regions', 'GET', 200, '/api/v1/regions'],
    ['/api/v1/regions', 'GET', 200, '/api/v1/regions'],
    ['/api/v1/regions?limit=0', 'GET', 400, '/api/v1/regions'],
    ['/api/v1/regions/999999', 'GET', 404, '/api/v1/regions/{id}'],
    ['/api/v1/regions/999998', 'GET', 404, '/api/v1/regions/{id}'],
    ['/api/v1/no-such-thing', 'GET', 404, null], // no route: any label
    ['/api/v1/regions', 'DELETE', 405, null],
  ];
  for (const [path, method, status] of expect) {
    const res = await call(srv.base, method, path);
    assert.equal(res.status, status, `${method} ${path}`);
  }
  const second = await scrape();
  const a = requestCounters(first.samples), b = requestCounters(second.samples);
  const delta = new Map();
  for (const [k, v] of b) if (v !== (a.get(k) || 0)) delta.set(k, v - (a.get(k) || 0));
  // The first scrape is counted once it was answered: it shows in the second.
  const want = new Map([['/metrics 200', 1]]);
  for (const [, , status, route] of expect)
    if (route) want.set(`${route} ${status}`, (want.get(`${route} ${status}`) || 0) + 1);
  for (const [k, n] of want) assert.equal(delta.get(k), n, `counter ${k}: moved by ${delta.get(k)}, want ${n}`);
  const byStatus = (s) => [...delta].filter(([k]) => k.endsWith(' ' + s)).reduce((t, [, v]) => t + v, 0);
  assert.equal(byStatus(404), 3, 'all 404s');
  assert.equal(byStatus(405), 1, 'all 405s');
  const total = [...delta.values()].reduce((t, v) => t + v, 0);
  assert.equal(total, expect.length + 1, `counters moved: ${JSON.stringify([...delta])}`);
  assert.equal(first.types.get('randa_http_requests_total'), 'counter');

  // The latency histogram counted the same requests, and is cumulative.
  const h = 'randa_http_request_duration_seconds';
  assert.equal(second.types.get(h), 'histogram');
  const count = (m) => m.samples.get(`${h}_count`);
  assert.equal(count(second) - count(first), expect.length + 1, 'histogram count');
  assert.ok(second.samples.get(`${h}_sum`) > first.samples.get(`${h}_sum`), 'histogram sum grows');
  const buckets = [...second.samples].filter(([k]) => k.startsWith(`${h}_bucket{`))
    .map(([k, v]) => [Number(k.match(/le="([^"]+)"/)[1].replace('+Inf', 'Infinity')), v]);
  assert.ok(buckets.length >= 5, 'histogram buckets');
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(buckets[i][0] > buckets[i - 1][0], 'bucket bounds ascend');
    assert.ok(buckets[i][1] >= buckets[i - 1][1], 'buckets are cumulative');
  }
  assert.equal(buckets.at(-1)[0], Infinity, 'the last bucket is +Inf');
  assert.equal(buckets.at(-1)[1], count(second), '+Inf bucket equals count');

  // The database size is the file's.
  assert.equal(second.types.get('randa_db_size_bytes'), 'gauge');
  const size = second.samples.get('randa_db_size_bytes');
  assert.ok(size > 0, 'database size');
  if (PG) assert.equal(size, Number(sql(srv.db, 'SELECT pg_database_size(current_database())')));
  else assert.equal(size, statSync(srv.db).size);
  if (!PG) assert.ok(second.samples.has('randa_db_wal_size_bytes'));
  assert.ok(second.samples.get('randa_http_requests_in_flight') >= 1, 'the scrape itself is in flight');
});

// ---- the HTTP layer's errors ----

test('an unknown path is 404 in the error shape', async () => {
  for (const path of ['/api/v1/no-such-thing', '/api/v2/regions', '/api/v1/regions/1/extra',
    '/api/v1/', '/api', '/no-such-page.html', '/api/v1/regions/']) {
    const res = await get(srv.base, path);
    assertError(res, 404, 'not_found');
  }
});

test('a wrong method is 405 with Allow listing the methods the path has', async () => {
  const paths = [...new Set(ROUTES.map((r) => r.path))];
  const all = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  let checked = 0;
  for (const pattern of paths) {
    const path = pattern.replace('{id}', '1');
    const has = new Set(ROUTES.filter((r) => r.path === pattern).map((r) => r.method));
    if (has.has('GET')) has.add('HEAD');
    for (const method of all.filter((m) => !has.has(m))) {
      const res = await call(srv.base, method, path, method === 'GET' ? undefined : '{}');
      const e = assertError(res, 405, 'method_not_allowed');
      const allow = (res.headers.get('allow') || '').split(',').map((s) => s.trim()).filter(Boolean);
      assert.deepEqual(new Set(allow), has, `${method} ${path}: Allow ${res.headers.get('allow')}`);
      assert.match(e.message, new RegExp(method));
      checked++;
    }
  }
  assert.ok(checked > 40, `only ${checked} wrong methods tried`);
  // The UI answers GET and HEAD only, too.
  const res = await call(srv.base, 'POST', '/', '{}');
  assertError(res, 405, 'method_not_allowed');
  assert.deepEqual(new Set(res.headers.get('allow').split(',').map((s) => s.trim())), new Set(['GET', 'HEAD']));
});

test('a body over the limit is 413, with or without Content-Length, and the server keeps serving', async () => {
  const before_ = sql(srv.db, 'SELECT count(*) FROM capacity');
  // With Content-Length: refused on sight.
  const big = Buffer.alloc(BODY_MAX + 1, 0x20);
  let res = await send('POST', '/api/v1/capacity', big);
  assertError(res, 413, 'too_large');
  // Streamed in chunks without a length: refused once it passes the limit.
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const stream = new ReadableStream({
    pull(c) {
      if (sent > BODY_MAX + chunk.length) { c.close(); return; }
      sent += chunk.length;
      c.enqueue(chunk);
    },
  });
  const r2 = await fetch(srv.base + '/api/v1/trainees', {
    method: 'POST', body: stream, duplex: 'half',
    headers: { ...authHeaders(srv.base), 'content-type': 'application/json' },
  });
  res = { status: r2.status, headers: r2.headers, body: await r2.json() };
  assertError(res, 413, 'too_large');
  // Exactly at the limit is read (and then refused as not JSON, 400).
  res = await send('POST', '/api/v1/capacity', Buffer.alloc(BODY_MAX, 0x20));
  assertError(res, 400, 'malformed');
  // Still serving, and nothing was written.
  assert.equal((await get(srv.base, '/healthz')).status, 200);
  assert.equal((await get(srv.base, '/api/v1/regions')).status, 200);
  assert.equal(sql(srv.db, 'SELECT count(*) FROM capacity'), before_);
});

test('a body that is not one JSON object is 400, whatever is wrong with it', async () => {
  const before_ = sql(srv.db, 'SELECT count(*) FROM capacity');
  const unit = Number(sql(srv.db, 'SELECT min(id) FROM unit'));
  const valid = `{"unit_id":${unit},"from_week":"2040-W01","to_week":"2040-W02","seats":1}`;
  const bodies = {
    'empty': '',
    'truncated': valid.slice(0, -5),
    'an array': `[${valid}]`,
    'a string': '"seats"',
    'a number': '42',
    'null': 'null',
    'trailing garbage': valid + ' x',
    'two objects': valid + valid,
    'a key given twice': valid.replace('"seats":1', '"seats":1,"seats":2'),
    'invalid UTF-8': Buffer.concat([Buffer.from(valid.slice(0, -1) + ',"note":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
    'a NUL in a string': valid.slice(0, -1) + ',"note":"a\\u0000b"}',
    'a comment': valid.replace('{', '{/* x */'),
    'single quotes': valid.replace(/"/g, "'"),
  };
  for (const [what, body] of Object.entries(bodies)) {
    const res = await send('POST', '/api/v1/capacity', body);
    const e = assertError(res, 400, 'malformed');
    assert.ok(!e.field, `${what}: no field is to blame`);
    // The message speaks of the body, not of the parser's options.
    assert.doesNotMatch(e.message, /JSON_[A-Z_]+/, `${what}: ${e.message}`);
  }
  // A number too large for any field says so, and where.
  const huge = await send('POST', '/api/v1/capacity', valid.replace('"seats":1', '"seats":9223372036854775808'));
  const e = assertError(huge, 400, 'malformed');
  assert.match(e.message, /number .*too large.*line 1, column \d+/);
  assert.equal(sql(srv.db, 'SELECT count(*) FROM capacity'), before_, 'nothing was written');
  // The same body, well-formed, is taken: the 400s were about the syntax.
  const res = await call(srv.base, 'POST', '/api/v1/capacity', valid);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(Number(sql(srv.db, 'SELECT count(*) FROM capacity')), Number(before_) + 1);
  assert.equal((await call(srv.base, 'DELETE', `/api/v1/capacity/${res.body.id}`)).status, 204);
});

test('a query argument given twice is 400 naming it, whichever value comes first', async () => {
  for (const q of ['limit=2&limit=x', 'limit=x&limit=2', 'limit=2&limit=2']) {
    const res = await get(srv.base, `/api/v1/trainees?${q}`);
    const e = assertError(res, 400, 'malformed');
    assert.equal(e.field, 'limit', q);
  }
  assert.equal((await get(srv.base, '/api/v1/trainees?limit=2')).status, 200);
});

test('too many query arguments is 400; one fewer is served', async () => {
  const args = (n) => Array.from({ length: n }, (_, i) => `a${i}=${i}`).join('&');
  const ok = await get(srv.base, `/api/v1/regions?${args(ARGS_MAX - 1)}`);
  assert.equal(ok.status, 200);
  for (const n of [ARGS_MAX, ARGS_MAX + 1, 500]) {
    const res = await get(srv.base, `/api/v1/regions?${args(n)}`);
    assertError(res, 400, 'malformed');
  }
});

// ---- HEAD, headers, the UI ----

test('HEAD answers like GET, without a body', async () => {
  for (const path of ['/api/v1/regions', '/api/v1/units/1', '/healthz', '/metrics', '/api/v1/openapi.yaml', '/', '/api/v1/units/999999']) {
    const g = await fetch(srv.base + path, { headers: authHeaders(srv.base) });
    const gbody = Buffer.from(await g.arrayBuffer());
    const h = await fetch(srv.base + path, { method: 'HEAD', headers: authHeaders(srv.base) });
    assert.equal(h.status, g.status, path);
    assert.equal(h.headers.get('content-type'), g.headers.get('content-type'), path);
    assert.equal((await h.arrayBuffer()).byteLength, 0, `${path}: HEAD has no body`);
    if (path !== '/metrics') // metrics move between the two requests
      assert.equal(Number(h.headers.get('content-length')), gbody.length, `${path}: Content-Length`);
  }
});

test('every kind of response carries the security headers', async () => {
  const res = [
    await fetch(srv.base + '/api/v1/regions'),
    await fetch(srv.base + '/api/v1/regions/999999'),
    await fetch(srv.base + '/api/v1/regions', { method: 'DELETE' }),
    await fetch(srv.base + '/'),
    await fetch(srv.base + '/metrics'),
    await fetch(srv.base + '/api/v1/openapi.yaml'),
    await fetch(srv.base + '/api/v1/capacity', { method: 'POST', body: Buffer.alloc(BODY_MAX + 1) }),
  ];
  for (const r of res) {
    const where = `${r.url} ${r.status}`;
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'self'/, where);
    assert.match(csp, /frame-ancestors 'none'/, where);
    assert.match(csp, /object-src 'none'/, where);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, where);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', where);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', where);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', where);
    await r.arrayBuffer();
  }
  assert.equal(res[0].headers.get('cache-control'), 'no-store', 'JSON is not cached');
});

test('the UI is served at / as HTML', async () => {
  const res = await fetch(srv.base + '/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.ok((await res.text()).length > 0);
});

// ---- clients that hang up ----

// Opens a raw connection, writes data, then closes it abruptly.
function hangUp(port, data, { reset = false, waitMs = 20 } = {}) {
  return new Promise((ok) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(data, () => setTimeout(() => {
        if (reset) s.resetAndDestroy(); else s.destroy();
        ok();
      }, waitMs));
    });
    s.on('error', () => ok());
  });
}

test('clients that disconnect mid-request do not hurt the server', async () => {
  const port = Number(new URL(srv.base).port);
  const jobs = [];
  for (let i = 0; i < 10; i++) {
    // Headers cut short.
    jobs.push(hangUp(port, 'GET /api/v1/regions HTTP/1.1\r\nHost: x\r\nAcc'));
    // A body cut short.
    jobs.push(hangUp(port, 'POST /api/v1/capacity HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 500000\r\n\r\n{"unit_id": 1, "no', { reset: i % 2 === 0 }));
    // A large answer nobody reads (distinct windows, so none is cached).
    jobs.push(hangUp(port, `GET /api/v1/places?from=2027-W01&to=2030-W${String(10 + i).padStart(2, '0')} HTTP/1.1\r\nHost: x\r\nCookie: ${authHeaders(srv.base).cookie}\r\n\r\n`,
      { reset: i % 2 === 1, waitMs: i * 5 }));
  }
  await Promise.all(jobs);
  assert.equal(srv.proc.exitCode, null, 'the server is still running');
  assert.equal((await get(srv.base, '/healthz')).status, 200);
  const places = await get(srv.base, '/api/v1/places?from=2027-W01&to=2027-W10');
  assert.equal(places.status, 200);
  // No request is left counted as in flight (it would hold up a shutdown):
  // only the scrape itself, once the server has noticed the hang-ups.
  let inflight;
  for (let i = 0; i < 50; i++) {
    inflight = (await scrape()).samples.get('randa_http_requests_in_flight');
    if (inflight === 1) break;
    await sleep(100);
  }
  assert.equal(inflight, 1, 'requests in flight after the hang-ups');
});

// ---- request smuggling ----

// Writes data on one raw connection and collects all it answers until the
// server closes it (or 3 s pass).
function exchangeRaw(port, data) {
  return new Promise((ok) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => s.write(data));
    const timer = setTimeout(() => { s.destroy(); ok({ text: got, closed: false }); }, 3000);
    s.on('data', (d) => { got += d; });
    s.on('close', () => { clearTimeout(timer); ok({ text: got, closed: true }); });
    s.on('error', () => {});
  });
}

test('a request with two lengths is refused, and what it hides is never served', async () => {
  const port = Number(new URL(srv.base).port);
  const hidden = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const head = 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';
  const cases = [
    // Two Content-Length headers, either order: a proxy may read the other.
    `${head}Content-Length: 2\r\nContent-Length: ${2 + hidden.length}\r\n\r\n{}${hidden}`,
    `${head}Content-Length: ${2 + hidden.length}\r\nContent-Length: 2\r\n\r\n{}${hidden}`,
    // Content-Length beside chunked transfer coding.
    `${head}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n${hidden}`,
  ];
  for (const data of cases) {
    const { text, closed } = await exchangeRaw(port, data);
    const answers = text.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
    assert.deepEqual(answers, ['HTTP/1.1 400'], `one answer, 400, to ${JSON.stringify(data.slice(0, 120))}: ${text.slice(0, 300)}`);
    assert.ok(closed, 'the connection is closed after the refusal');
    assert.ok(!text.includes('"status":"ok"'), 'the hidden request was not served');
  }
  assert.equal((await get(srv.base, '/healthz')).status, 200);
});

// ---- concurrent writes ----

test('concurrent writes to different rows all succeed', async () => {
  // Each connection of the server's pool writes in its own transaction: two
  // of them writing at once must wait for each other, never fail.
  const ids = sql(srv.db, 'SELECT id FROM unit ORDER BY id DESC LIMIT 24').split('\n').map(Number);
  const results = await Promise.all(ids.map((id) =>
    call(srv.base, 'PATCH', `/api/v1/units/${id}`, { name: `Samtidig ${id}` })));
  const failed = results.map((r, i) => [ids[i], r]).filter(([, r]) => r.status !== 200)
    .map(([id, r]) => `unit ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.deepEqual(failed, [], 'concurrent PATCHes failed');
  for (const id of ids) assert.equal(sql(srv.db, `SELECT name FROM unit WHERE id = ${id}`), `Samtidig ${id}`);
});

// ---- graceful shutdown ----

// A GET or PATCH over agent; resolves to { status, body, at } or { error, at }.
function request(agent, base, method, path, body) {
  return new Promise((ok) => {
    const req = http.request(base + path, {
      method, agent,
      headers: { ...authHeaders(base), ...(body ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, body: Buffer.concat(chunks).toString(), at: Date.now() }));
      res.on('error', (error) => ok({ error, at: Date.now() }));
    });
    req.on('error', (error) => ok({ error, at: Date.now() }));
    req.end(body);
  });
}

test('SIGTERM finishes the requests in flight, exits 0 and leaves a sound database', async () => {
  const s = await startServer();
  try {
    const N = 32;
    const agent = new http.Agent({ keepAlive: true, maxSockets: N });
    // N connections the server has accepted (each answered once).
    const warm = await Promise.all(Array.from({ length: N }, () => request(agent, s.base, 'GET', '/healthz')));
    assert.ok(warm.every((r) => r.status === 200), 'warm-up');
    const units = sql(s.db, 'SELECT id FROM unit ORDER BY id LIMIT 8').split('\n').map(Number);
    // The burst: slow place overviews (distinct windows, so none is
    // cached) and a few writes, each on an accepted connection.
    const burst = [];
    for (let i = 0; i < N; i++) {
      if (i % 4 === 3) {
        const id = units[(i - 3) / 4];
        burst.push(request(agent, s.base, 'PATCH', `/api/v1/units/${id}`, JSON.stringify({ name: `Stängd vid nedstängning ${id}` }))
          .then((r) => ({ ...r, id })));
      } else {
        burst.push(request(agent, s.base, 'GET', `/api/v1/places?from=2027-W01&to=2031-W${String(52 - i).padStart(2, '0')}`));
      }
    }
    await sleep(20); // the requests are on the wire
    const exited = new Promise((ok) => s.proc.on('exit', (code, signal) => ok({ code, signal })));
    const killedAt = Date.now();
    s.proc.kill('SIGTERM');
    const results = await Promise.all(burst);
    const { code, signal } = await exited;
    agent.destroy();

    assert.ok(results.some((r) => r.at > killedAt), 'some requests were still in flight at SIGTERM (the test needs a slower burst)');
    // The process stopped cleanly...
    assert.equal(signal, null);
    assert.equal(code, 0, s.log());
    assert.match(s.log(), /stopped/);
    const late = await request(undefined, s.base, 'GET', '/healthz');
    assert.ok(late.error, 'the server no longer accepts connections');
    // ...leaving a sound database with every write it acknowledged...
    if (!PG) {
      assert.equal(sql(s.db, 'PRAGMA integrity_check'), 'ok');
      assert.equal(sql(s.db, 'PRAGMA foreign_key_check'), '');
    }
    for (const r of results.filter((x) => x.id !== undefined && x.status === 200))
      assert.equal(sql(s.db, `SELECT name FROM unit WHERE id = ${r.id}`), `Stängd vid nedstängning ${r.id}`);
    // ...after answering every request it had been sent.
    const failed = results.filter((r) => r.status !== 200)
      .map((r) => `${r.id ? 'PATCH' : 'GET'} ${r.error ? r.error.message : `${r.status} ${r.body}`} (${r.at - killedAt} ms after SIGTERM)`);
    assert.deepEqual(failed, [], `every request sent on an accepted connection before SIGTERM completes with 200 (${failed.length} of ${N} did not)`);
    for (const r of results.filter((x) => x.id === undefined)) {
      const body = JSON.parse(r.body);
      assert.ok(Array.isArray(body.units) && body.units.length > 0, 'a whole overview');
    }
  } finally {
    await s.stop();
  }
});
