// Supervisors (handledare) through the API of a running server: the list
// with its flags and counts, a supervisor registered and trained, and
// their appointment by the verksamhetschef: huvudhandledare of a trainee,
// handledare of a rotation at their own unit; nobody else may (004 §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, login, sessionHeaders, call, get, errorOf } from './harness.mjs';

const srv = serveForTests();
const put = (path, body) => call(srv.base, 'PUT', path, body);

async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s;
  return fn;
}

test('the list flags supervisors without handledarutbildning and counts whom they supervise', async () => {
  const all = await srv.all('/api/v1/supervisors');
  assert.equal(all.total, srv.count('SELECT count(*) FROM supervisor'));
  const untrained = await srv.all('/api/v1/supervisors?untrained=true');
  assert.equal(untrained.total, srv.count('SELECT count(*) FROM supervisor WHERE trained_on IS NULL'));
  assert.ok(untrained.total > 0, 'the demo has some without the course');
  for (const s of untrained.items) assert.equal(s.trained, false);
  const busiest = all.items.reduce((a, b) => (b.trainees > a.trainees ? b : a));
  assert.equal(busiest.trainees, srv.count(`SELECT count(*) FROM trainee WHERE supervisor_id = ${busiest.id}
    AND status IN ('active', 'on_leave')`));
  const one = await get(srv.base, `/api/v1/supervisors/${busiest.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.supervised_trainees.filter((t) => ['active', 'on_leave'].includes(t.status)).length,
    busiest.trainees);
  // A trainee's page flags an untrained huvudhandledare.
  const [t] = srv.sql(`SELECT t.id FROM trainee t JOIN supervisor s ON s.id = t.supervisor_id
    WHERE s.trained_on IS NULL LIMIT 1`);
  const tr = await get(srv.base, `/api/v1/trainees/${t.id}`);
  assert.equal(tr.body.supervisor.trained, false);
});

test('a supervisor is registered at a unit, trained, and appointed by the verksamhetschef only', async () => {
  const dir = await as('studierektor');
  const home = dir.session.body.roles.find((r) => r.role === 'director').scope_id;
  const made = await dir('POST', '/api/v1/supervisors', { unit_id: home, name: 'Hedda Handledare',
    email: 'hedda.handledare@test.randa.se' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.trained, false);
  let r = await dir('PATCH', `/api/v1/supervisors/${made.body.id}`, { trained_on: '2026-02-30' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'trained_on');
  r = await dir('PATCH', `/api/v1/supervisors/${made.body.id}`, { trained_on: '2026-10-01' });
  assert.equal(r.status, 200);
  assert.equal(r.body.trained, true);
  assert.equal(r.body.trained_on, '2026-10-01');

  const [t] = srv.sql(`SELECT id, supervisor_id FROM trainee WHERE home_unit_id = ${home} LIMIT 1`);
  // The studierektor keeps the record but does not appoint.
  r = await dir('PUT', `/api/v1/trainees/${t.id}/supervisor`, { supervisor_id: made.body.id });
  assert.equal(r.status, 403);
  r = await dir('PATCH', `/api/v1/trainees/${t.id}`, { supervisor_id: made.body.id });
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).field, 'supervisor_id');
  r = await dir('PATCH', `/api/v1/trainees/${t.id}`, { supervisor_id: t.supervisor_id, fte: 90 });
  assert.equal(r.status, 200, 'an unchanged supervisor is no appointment');
  assert.equal(srv.sql(`SELECT supervisor_id FROM trainee WHERE id = ${t.id}`)[0].supervisor_id, t.supervisor_id);
  // The tester is verksamhetschef of every unit.
  r = await put(`/api/v1/trainees/${t.id}/supervisor`, { supervisor_id: made.body.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.supervisor.id, made.body.id);
  assert.equal(r.body.supervisor.trained, true);
  r = await put(`/api/v1/trainees/${t.id}/supervisor`, { supervisor_id: 999999 });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'supervisor_id');
  assert.equal((await get(srv.base, `/api/v1/trainees/${t.id}`)).body.supervisor.id, made.body.id);
  const log = srv.sql(`SELECT after_json FROM audit_log WHERE entity = 'trainee' AND entity_id = ${t.id}
    ORDER BY id DESC LIMIT 1`);
  assert.match(log[0].after_json, new RegExp(`"supervisor_id":${made.body.id}`));
});

test('a rotation\'s handledare is one at its unit, appointed by that unit\'s verksamhetschef', async () => {
  const [b] = srv.sql(`SELECT b.id, b.unit_id FROM booking b WHERE b.status = 'confirmed'
    AND EXISTS (SELECT 1 FROM supervisor s WHERE s.unit_id = b.unit_id) LIMIT 1`);
  const [here] = srv.sql(`SELECT id FROM supervisor WHERE unit_id = ${b.unit_id} LIMIT 1`);
  const [there] = srv.sql(`SELECT id FROM supervisor WHERE unit_id <> ${b.unit_id} LIMIT 1`);
  let r = await put(`/api/v1/bookings/${b.id}/supervisor`, { supervisor_id: there.id });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'supervisor_id');
  const st = await as('st-lakare');
  r = await st('PUT', `/api/v1/bookings/${b.id}/supervisor`, { supervisor_id: here.id });
  assert.ok([403, 404].includes(r.status));
  r = await put(`/api/v1/bookings/${b.id}/supervisor`, { supervisor_id: here.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.supervisor_id, here.id);
  const sv = await get(srv.base, `/api/v1/supervisors/${here.id}`);
  assert.ok(sv.body.supervised_rotations.some((x) => x.id === b.id));
  r = await put(`/api/v1/bookings/${b.id}/supervisor`, { supervisor_id: null });
  assert.equal(r.status, 200);
  assert.equal(r.body.supervisor_id, null);
  const [gone] = srv.sql(`SELECT b.id, b.unit_id FROM booking b WHERE b.status = 'cancelled'
    AND EXISTS (SELECT 1 FROM supervisor s WHERE s.unit_id = b.unit_id) LIMIT 1`);
  const [gs] = srv.sql(`SELECT id FROM supervisor WHERE unit_id = ${gone.unit_id} LIMIT 1`);
  r = await put(`/api/v1/bookings/${gone.id}/supervisor`, { supervisor_id: gs.id });
  assert.equal(r.status, 409);
});
