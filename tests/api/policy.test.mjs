// Authorisation against a running server: the matrix of every demo role ×
// every route, generated from the server's own policy table (GET /policy),
// and the scopes: what each role sees of trainees, bookings and plans, and
// that a record outside the scope answers exactly like one that does not
// exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, login, sessionHeaders, call, DEMO_USERS } from './harness.mjs';

const srv = serveForTests();
const MISSING = 999999;

// Logs in as username; returns a function (method, path, body) -> response.
async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200, `log-in as ${username}: ${JSON.stringify(s.body)}`);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s;
  return fn;
}

const policy = async () => (await call(srv.base, 'GET', '/api/v1/policy')).body;

// The routes that end the caller's session: a new log-in follows them.
const ENDS_SESSION = new Set(['DELETE /api/v1/session', 'POST /api/v1/session/logout-all']);

// A request for route that writes nothing: ids that do not exist, a body
// with an unknown field.
function probe(route) {
  const path = route.path.replace(/\{[a-z_]+\}/g, String(MISSING));
  const body = ['POST', 'PATCH', 'PUT'].includes(route.method) ? { matrix_probe: 1 } : undefined;
  return [route.method, path, body];
}

test('the policy names an action for every route, and every action is in the table', async () => {
  const p = await policy();
  assert.ok(p.routes.length > 50);
  const known = new Set([...p.actions, 'public', 'self']);
  for (const r of p.routes) assert.ok(known.has(r.action), `${r.method} ${r.path}: action ${r.action}`);
  // Every action of the table is used by some route, and some role has it.
  for (const a of p.actions) {
    assert.ok(p.routes.some((r) => r.action === a), `no route takes ${a}`);
    assert.ok(p.rules.some((r) => r.action === a), `no role may ${a}`);
  }
});

test('every role × every route: exactly the routes the table allows', async () => {
  const p = await policy();
  const routes = p.routes;
  const wrong = [];
  for (const user of DEMO_USERS) {
    let req = await as(user);
    const roles = new Set(req.session.body.roles.map((r) => r.role));
    for (const route of routes) {
      const allowed = route.action === 'public' || route.action === 'self' ||
        p.rules.some((r) => r.action === route.action && roles.has(r.role));
      const res = await req(...probe(route));
      if (ENDS_SESSION.has(`${route.method} ${route.path}`)) req = await as(user);
      const refused = res.status === 403 && res.body.error.code === 'forbidden';
      if (res.status === 401) wrong.push(`${user}: ${route.method} ${route.path} is 401`);
      else if (allowed === refused)
        wrong.push(`${user}: ${route.method} ${route.path} (${route.action}) ${allowed ? 'refused' : 'allowed'}: ` +
          `${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('without a log-in, every route but the public ones is 401', async () => {
  const p = await policy();
  const wrong = [];
  for (const route of p.routes) {
    const res = await call(srv.base, ...probe(route), { cookie: null });
    const want401 = route.action !== 'public';
    if ((res.status === 401) !== want401) wrong.push(`${route.method} ${route.path}: ${res.status}`);
    if (res.status === 401) assert.equal(res.body.error.code, 'unauthenticated');
  }
  assert.deepEqual(wrong, []);
});

// The 404 or 422 of a record that does not exist, with its id replaced.
const sameAsMissing = (res, missing, id) =>
  assert.deepEqual(res.body, JSON.parse(JSON.stringify(missing.body).replaceAll(String(MISSING), String(id))));

test('a studierektor sees the trainees of their unit and no others', async () => {
  const req = await as('studierektor');
  const unit = req.session.body.roles[0].scope_id;
  const mine = srv.sql(`SELECT id FROM trainee WHERE home_unit_id = ${unit} ORDER BY id`).map((r) => r.id);
  assert.ok(mine.length > 0);
  const list = await req('GET', '/api/v1/trainees?limit=500');
  assert.equal(list.status, 200);
  assert.equal(list.body.total, mine.length);
  assert.deepEqual(list.body.items.map((t) => t.id).sort((a, b) => a - b), mine);
  // Filters do not widen the scope.
  const other = srv.sql(`SELECT t.id, t.home_unit_id FROM trainee t WHERE home_unit_id <> ${unit} LIMIT 1`)[0];
  const filtered = await req('GET', `/api/v1/trainees?home_unit=${other.home_unit_id}`);
  assert.equal(filtered.body.total ?? 0, 0);
  // Another unit's trainee: exactly as if it did not exist, to read and to change.
  for (const [method, path, body] of [['GET', '/api/v1/trainees/ID'], ['PATCH', '/api/v1/trainees/ID', { fte: 50 }]]) {
    const missing = await req(method, path.replace('ID', MISSING), body);
    const hidden = await req(method, path.replace('ID', other.id), body);
    assert.equal(missing.status, 404);
    sameAsMissing(hidden, missing, other.id);
  }
  // Moving their trainee to a unit outside the scope: as for a unit that does not exist.
  const t = list.body.items[0];
  const moveMissing = await req('PATCH', `/api/v1/trainees/${t.id}`, { home_unit_id: MISSING });
  const moveAway = await req('PATCH', `/api/v1/trainees/${t.id}`, { home_unit_id: other.home_unit_id });
  assert.equal(moveMissing.status, 422);
  sameAsMissing(moveAway, moveMissing, other.home_unit_id);
  assert.equal(srv.sql(`SELECT home_unit_id FROM trainee WHERE id = ${t.id}`)[0].home_unit_id, unit);
  // A need for another unit's trainee: refused as for a trainee that does not exist; nothing written.
  const before = srv.count('SELECT count(*) FROM rotation_need');
  const need = (trainee) => ({ trainee_id: trainee, specialty_id: 1, weeks: 4, patterns: ['full'] });
  const missing = await req('POST', '/api/v1/needs', need(MISSING));
  const hidden = await req('POST', '/api/v1/needs', need(other.id));
  assert.equal(missing.status, 422);
  sameAsMissing(hidden, missing, other.id);
  assert.equal(srv.count('SELECT count(*) FROM rotation_need'), before);
  // The needs and leaves lists keep to the unit too.
  const needs = await req('GET', '/api/v1/needs?limit=500');
  const owners = new Set(srv.sql(`SELECT id FROM trainee WHERE home_unit_id = ${unit}`).map((r) => r.id));
  assert.ok(needs.body.items.length > 0);
  for (const n of needs.body.items) assert.ok(owners.has(n.trainee_id), `need ${n.id}`);
  const leaves = await req('GET', '/api/v1/leaves?limit=500');
  for (const l of leaves.body.items) assert.ok(owners.has(l.trainee_id), `leave ${l.id}`);
});

test('an ST-läkare reads only their own record, plan and bookings', async () => {
  const req = await as('st-lakare');
  const me = req.session.body.roles[0].scope_id;
  const list = await req('GET', '/api/v1/trainees');
  assert.deepEqual(list.body.items.map((t) => t.id), [me]);
  assert.equal((await req('GET', `/api/v1/trainees/${me}`)).status, 200);
  const other = srv.sql(`SELECT id FROM trainee WHERE id <> ${me} LIMIT 1`)[0].id;
  const missing = await req('GET', `/api/v1/trainees/${MISSING}`);
  sameAsMissing(await req('GET', `/api/v1/trainees/${other}`), missing, other);
  const bookings = await req('GET', '/api/v1/bookings?limit=500');
  assert.equal(bookings.body.total, srv.count(`SELECT count(*) FROM booking WHERE trainee_id = ${me}`));
  for (const b of bookings.body.items) assert.equal(b.trainee.id, me);
  const otherBooking = srv.sql(`SELECT id FROM booking WHERE trainee_id <> ${me} LIMIT 1`)[0].id;
  assert.equal((await req('GET', `/api/v1/bookings/${otherBooking}`)).status, 404);
  const needs = await req('GET', '/api/v1/needs?limit=500');
  assert.equal(needs.body.total, srv.count(`SELECT count(*) FROM rotation_need WHERE trainee_id = ${me}`));
  // They may edit their own plan's needs, but not another trainee's.
  const mine = srv.sql(`SELECT id, weeks FROM rotation_need WHERE trainee_id = ${me} AND status = 'open' LIMIT 1`)[0];
  if (mine) assert.equal((await req('PATCH', `/api/v1/needs/${mine.id}`, { weeks: mine.weeks })).status, 200);
  const theirs = srv.sql(`SELECT id FROM rotation_need WHERE trainee_id <> ${me} LIMIT 1`)[0].id;
  assert.equal((await req('PATCH', `/api/v1/needs/${theirs}`, { weeks: 4 })).status, 404);
});

test('a handledare sees exactly the trainees they supervise', async () => {
  const req = await as('handledare');
  const mine = req.session.body.roles.map((r) => r.scope_id).sort((a, b) => a - b);
  assert.ok(mine.length >= 1);
  const list = await req('GET', '/api/v1/trainees');
  assert.deepEqual(list.body.items.map((t) => t.id).sort((a, b) => a - b), mine);
});

test('a verksamhetschef sees the requests to their unit and decides only those', async () => {
  const req = await as('verksamhetschef');
  const unit = req.session.body.roles[0].scope_id;
  const list = await req('GET', '/api/v1/bookings?limit=500');
  const expected = srv.count(`SELECT count(*) FROM booking b JOIN trainee t ON t.id = b.trainee_id
    WHERE b.unit_id = ${unit} OR t.home_unit_id = ${unit}`);
  assert.equal(list.body.total, expected);
  assert.ok(expected > 0);
  for (const b of list.body.items)
    assert.ok(b.unit.id === unit || srv.count(`SELECT home_unit_id FROM trainee WHERE id = ${b.trainee.id}`) === unit);
  // A request to another unit is not theirs to accept; the booking stays as it was.
  const other = srv.sql(`SELECT id, status FROM booking WHERE unit_id <> ${unit} AND status = 'requested' LIMIT 1`)[0];
  const res = await req('POST', `/api/v1/bookings/${other.id}/accept`, {});
  assert.equal(res.status, 404);
  assert.equal(srv.sql(`SELECT status FROM booking WHERE id = ${other.id}`)[0].status, 'requested');
  // One to their own unit they may accept.
  const own = srv.sql(`SELECT id FROM booking WHERE unit_id = ${unit} AND status = 'requested' LIMIT 1`)[0];
  if (own) {
    const ok = await req('POST', `/api/v1/bookings/${own.id}/accept`, {});
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const [row] = srv.sql(`SELECT actor FROM audit_log WHERE entity = 'booking' AND entity_id = ${own.id} ORDER BY id DESC LIMIT 1`);
    assert.equal(row.actor, 'verksamhetschef', 'the audit log names who accepted');
  }
});

test('the place overview counts seats and never names who holds them', async () => {
  const req = await as('st-lakare');
  const res = await req('GET', '/api/v1/places?from=2027-W01&to=2027-W26');
  assert.equal(res.status, 200);
  const text = JSON.stringify(res.body);
  const names = srv.sql('SELECT p.name FROM booking b JOIN trainee t ON t.id = b.trainee_id JOIN person p ON p.id = t.person_id LIMIT 200');
  for (const { name } of names) assert.ok(!text.includes(`"${name}"`), `the overview names ${name}`);
  assert.ok(!/"trainee/.test(text), 'no trainee field in the overview');
});

test('planning runs are the coordinator\'s: others are refused, lists are scoped', async () => {
  const coord = await as('samordnare');
  assert.equal((await coord('GET', '/api/v1/plans')).status, 200);
  for (const user of ['studierektor', 'st-lakare', 'admin']) {
    const req = await as(user);
    const res = await req('POST', '/api/v1/plans', { time_limit: 1 });
    assert.equal(res.status, 403, user);
    assert.equal(res.body.error.code, 'forbidden');
    assert.match(res.body.error.message, /planning\.run/);
  }
  assert.equal(srv.count('SELECT count(*) FROM plan_run'), 0, 'no run was queued');
});

test('an administrator manages users but reads no trainee records', async () => {
  const req = await as('admin');
  assert.equal((await req('GET', '/api/v1/trainees')).status, 403);
  const users = await req('GET', '/api/v1/users?limit=500');
  assert.equal(users.status, 200);
  assert.deepEqual(users.body.items.map((u) => u.username).filter((u) => DEMO_USERS.includes(u)).sort(),
    [...DEMO_USERS].sort());
  // No password hash ever leaves the server.
  assert.ok(!JSON.stringify(users.body).includes('$argon2id$'));
});
