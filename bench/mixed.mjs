// The client of bench/mixed.sh: a mixed read/write load on a running
// `randa serve`, for a fixed time, then a table of latency, throughput,
// conflicts and errors per kind of request.
//
//     node bench/mixed.mjs BASE USERNAME PASSWORD [SECONDS] [CLIENTS]
//
// CLIENTS concurrent clients (each one keep-alive connection, one request
// at a time) pick, request after request:
//   - 40 %: the place overview, GET /places, over one of a dozen windows of
//     4 to 26 weeks in 2027-2028, for the whole region or filtered by a
//     specialty, an area or a pattern (each as often as the whole region);
//   - 40 %: a trainee's page as the UI loads it: GET /trainees/{id} (with
//     its needs and leave) and GET /bookings?trainee={id}, one after the
//     other, for a trainee drawn from all of them;
//   - 20 %: a write. A client with a booking it made cancels it
//     (POST /bookings/{id}/cancel), so that seats and needs come back;
//     otherwise it requests a place (POST /bookings) for the next open need
//     of its own share of them (no two clients ask for one need), at a unit
//     of the need's specialty drawn at random, from the need's preferred
//     start (or a week of 2027-2028 drawn at random) give or take 4 weeks.
// A request may be refused with 409 when the place is taken, the unit has
// no capacity that week or the trainee is elsewhere: that is the booking
// rule at work, not a failure, and is counted apart with its reason. Every
// other status that is not 2xx, and every failed connection, is an error.
import http from 'node:http';

const [base, username, password, secondsArg = '20', clientsArg = '32'] = process.argv.slice(2);
if (!base || !username || !password) {
  console.error('usage: node bench/mixed.mjs BASE USERNAME PASSWORD [SECONDS] [CLIENTS]');
  process.exit(2);
}
const seconds = Number(secondsArg);
const clients = Number(clientsArg);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 2 });

// ---- HTTP ----

let cookie = '';
let csrf = '';

// One request; resolves to { status, body (text), ms }. A failed
// connection resolves with status 0 and the error's message as body.
function request(method, path, body) {
  return new Promise((resolve) => {
    const headers = { cookie };
    let data;
    if (body !== undefined) {
      data = JSON.stringify(body);
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(data);
      headers['x-csrf-token'] = csrf;
    }
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        ms: Number(process.hrtime.bigint() - t0) / 1e6,
      }));
      res.on('error', (e) => resolve({ status: 0, body: e.message, ms: 0 }));
    });
    req.on('error', (e) => resolve({ status: 0, body: e.message, ms: 0 }));
    if (data !== undefined) req.write(data);
    req.end();
  });
}

async function getJson(path) {
  const r = await request('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body);
}

async function getAll(path) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 500) {
    const page = await getJson(`${path}${sep}limit=500&offset=${offset}`);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

// ---- weeks ("2027-W05") and their serials (weeks since 1970-W01) ----

const WEEK_MS = 7 * 86400000;
const EPOCH = Date.UTC(1969, 11, 29); // the Monday of 1970-W01
function weekSerial(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000 + (w - 1) * WEEK_MS;
  return Math.round((monday - EPOCH) / WEEK_MS);
}
function weekIso(serial) {
  const thursday = new Date(EPOCH + serial * WEEK_MS + 3 * 86400000);
  const y = thursday.getUTCFullYear();
  const w = Math.floor((thursday - Date.UTC(y, 0, 1)) / WEEK_MS) + 1;
  return `${y}-W${String(w).padStart(2, '0')}`;
}

// ---- a deterministic random source (the same mix every run) ----

let seed = 20261205;
function random() {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return ((seed >>> 8) & 0xffffff) / 0x1000000;
}
const pick = (list) => list[Math.floor(random() * list.length)];

// ---- statistics per kind ----

const KINDS = ['places', 'trainee', 'trainee bookings', 'booking request', 'booking cancel'];
const stats = new Map(KINDS.map((k) => [k, { ms: [], ok: 0, conflicts: 0, errors: 0 }]));
const conflictReasons = new Map();
const errorSamples = [];

function conflictReason(body) {
  let msg = body;
  try { msg = JSON.parse(body).error.message; } catch { /* keep the text */ }
  const reasons = [
    [/is full in week/, 'the unit is full that week'],
    [/has no places in week/, 'the unit has no capacity that week'],
    [/does not take .* placements/, 'the unit does not take that pattern'],
    [/trainees away/, 'the home unit has its most trainees away'],
    [/trainee is placed/, 'the trainee is placed elsewhere then'],
    [/leave/, 'the trainee is on leave then'],
    [/not open/, 'the need is booked already'],
  ];
  for (const [re, reason] of reasons) if (re.test(msg)) return reason;
  return `other: ${msg.slice(0, 80)}`;
}

// Records response r of a kind; conflictOk: a 409 is the rule at work.
function record(kind, r, conflictOk = false) {
  const s = stats.get(kind);
  if (r.status >= 200 && r.status < 300) {
    s.ok++;
    s.ms.push(r.ms);
  } else if (r.status === 409 && conflictOk) {
    s.conflicts++;
    s.ms.push(r.ms);
    const reason = conflictReason(r.body);
    conflictReasons.set(reason, (conflictReasons.get(reason) || 0) + 1);
  } else {
    s.errors++;
    if (errorSamples.length < 5) errorSamples.push(`${kind}: ${r.status} ${r.body.slice(0, 160)}`);
  }
}

// ---- set-up: log in, read what the load draws from ----

const login = await request('POST', '/api/v1/session', { username, password });
if (login.status !== 200) {
  console.error(`mixed: cannot log in as ${username}: ${login.status} ${login.body}`);
  process.exit(1);
}
cookie = String(login.headers['set-cookie']).split(';')[0];
csrf = JSON.parse(login.body).csrf;

const specialties = await getAll('/api/v1/specialties');
const areas = await getAll('/api/v1/areas');
const units = (await getAll('/api/v1/units')).filter((u) => u.takes_trainees);
const trainees = (await getAll('/api/v1/trainees')).map((t) => t.id);
const needs = (await getAll('/api/v1/needs?status=open')).filter((n) => n.specialty_id || n.unit_ids.length);
const unitsOf = new Map();
for (const u of units) {
  if (!unitsOf.has(u.specialty.id)) unitsOf.set(u.specialty.id, []);
  unitsOf.get(u.specialty.id).push(u.id);
}

// The windows and filters of the overview: each client asks for them in a
// random order, so some answers come from the server's cache until a write
// changes the bookings.
const windows = [];
for (let i = 0; i < 12; i++) {
  const from = weekSerial('2027-W01') + Math.floor(random() * 90);
  windows.push([weekIso(from), weekIso(from + 3 + Math.floor(random() * 23))]);
}
const takenSpecialties = specialties.filter((sp) => unitsOf.has(sp.id));
const filters = [
  () => '',
  () => `&specialty=${pick(takenSpecialties).code}`,
  () => `&area=${pick(areas).id}`,
  () => `&pattern=${pick(['full', 'split4', 'split3', 'half', 'alternate'])}`,
];

const first = weekSerial('2027-W05');
const last = weekSerial('2028-W52');

// ---- the clients ----

const deadline = Date.now() + seconds * 1000;

async function client(k) {
  const mine = needs.filter((_, i) => i % clients === k);
  let next = 0;
  const made = []; // booking ids this client requested and not yet cancelled
  while (Date.now() < deadline) {
    const x = random();
    if (x < 0.4) {
      const [from, to] = pick(windows);
      const f = x < 0.2 ? '' : pick(filters)();
      record('places', await request('GET', `/api/v1/places?from=${from}&to=${to}${f}`));
    } else if (x < 0.8) {
      const id = pick(trainees);
      record('trainee', await request('GET', `/api/v1/trainees/${id}`));
      record('trainee bookings', await request('GET', `/api/v1/bookings?trainee=${id}&limit=500&offset=0`));
    } else if (made.length) {
      record('booking cancel', await request('POST', `/api/v1/bookings/${made.shift()}/cancel`,
        { reason: 'changed_plan' }));
    } else if (mine.length) {
      const n = mine[next++ % mine.length];
      const unit = n.unit_ids.length ? pick(n.unit_ids) : pick(unitsOf.get(n.specialty_id) || [0]);
      let start = n.preferred_start ? weekSerial(n.preferred_start) : first + Math.floor(random() * (last - first));
      start = Math.min(last, Math.max(first, start + Math.floor(random() * 9) - 4));
      const pattern = n.patterns.includes('full') ? 'full' : n.patterns[0];
      const r = await request('POST', '/api/v1/bookings',
        { need_id: n.id, unit_id: unit, start_week: weekIso(start), pattern, weeks: n.weeks });
      record('booking request', r, true);
      if (r.status === 201) made.push(JSON.parse(r.body).id);
    }
  }
}

const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
agent.destroy();

// ---- the report ----

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (v) => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
console.log(`${clients} clients, ${elapsed.toFixed(1)} s; ${trainees.length} trainees, ` +
  `${needs.length} open needs, ${units.length} units taking trainees`);
console.log('kind               requests   req/s   p50 ms   p90 ms   p99 ms   max ms   2xx   409   errors');
let total = 0;
let totalErrors = 0;
for (const kind of KINDS) {
  const s = stats.get(kind);
  const sorted = s.ms.slice().sort((a, b) => a - b);
  const n = s.ok + s.conflicts + s.errors;
  total += n;
  totalErrors += s.errors;
  console.log(`${kind.padEnd(18)} ${String(n).padStart(8)} ${(n / elapsed).toFixed(0).padStart(7)} ` +
    `${ms(percentile(sorted, 50)).padStart(8)} ${ms(percentile(sorted, 90)).padStart(8)} ` +
    `${ms(percentile(sorted, 99)).padStart(8)} ${ms(sorted[sorted.length - 1]).padStart(8)} ` +
    `${String(s.ok).padStart(5)} ${String(s.conflicts).padStart(5)} ${String(s.errors).padStart(8)}`);
}
console.log(`${'all'.padEnd(18)} ${String(total).padStart(8)} ${(total / elapsed).toFixed(0).padStart(7)}`);
if (conflictReasons.size) {
  console.log('409 on booking requests, by reason:');
  for (const [reason, n] of [...conflictReasons].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(n).padStart(6)}  ${reason}`);
}
for (const e of errorSamples) console.log(`error: ${e}`);
process.exit(totalErrors ? 1 : 0);
