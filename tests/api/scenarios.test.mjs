// What-if scenarios through the API on a demo region: bad changes are
// refused naming the field, a scenario runs in the planner's worker to
// both summaries, and deleting it leaves live bookings as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, get, post, call, errorOf } from './harness.mjs';

const srv = serveForTests();

test('a bad change is refused naming changes[i].field, nothing written', async () => {
  const before = srv.count('SELECT count(*) FROM scenario');
  const r = await post(srv.base, '/api/v1/scenarios', { name: 'x', region_id: 1,
    changes: [{ kind: 'seats', unit_id: 1, seats: 2, from_week: '2027-W01', to_week: '2027-W10' },
      { kind: 'add_group', unit_id: 1, form: 'gaffel', size: 5, from_week: '2027-W01', to_week: '2027-W10' }] });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.match(errorOf(r).message, /changes\[1\]\.size/);
  assert.equal(srv.count('SELECT count(*) FROM scenario'), before);
});

test('a scenario runs to both summaries and deleting it leaves bookings untouched', async () => {
  const [unit] = srv.sql('SELECT id FROM unit WHERE takes_trainees = 1 ORDER BY id LIMIT 1');
  const bookings = srv.sql('SELECT id, status, unit_id, start_week FROM booking ORDER BY id');
  const r = await post(srv.base, '/api/v1/scenarios', { name: 'Gaffel', region_id: 1, time_limit: 2,
    changes: [{ kind: 'add_group', unit_id: unit.id, form: 'gaffel', size: 2,
      from_week: '2026-W01', to_week: '2030-W52' }] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.status, 'new');
  assert.equal(r.body.changes.length, 1);
  const run = await post(srv.base, `/api/v1/scenarios/${r.body.id}/run`, {});
  assert.equal(run.status, 202, JSON.stringify(run.body));
  let s;
  for (const until = Date.now() + 90000; ;) {
    s = (await get(srv.base, `/api/v1/scenarios/${r.body.id}`)).body;
    if (['done', 'failed'].includes(s.status)) break;
    assert.ok(Date.now() < until, `still ${s.status}`);
    await new Promise((ok) => setTimeout(ok, 300));
  }
  assert.equal(s.status, 'done', JSON.stringify(s));
  for (const v of ['baseline', 'scenario']) {
    assert.equal(typeof s.results[v].score, 'number');
    assert.ok(Array.isArray(s.results[v].specialties));
  }
  // The gaffel group is seats the baseline does not have.
  assert.ok(s.results.scenario.seat_weeks > s.results.baseline.seat_weeks);
  const list = await get(srv.base, '/api/v1/scenarios?limit=10&offset=0');
  assert.ok(list.body.items.some((x) => x.id === r.body.id));
  const del = await call(srv.base, 'DELETE', `/api/v1/scenarios/${r.body.id}`);
  assert.equal(del.status, 204);
  assert.equal((await get(srv.base, `/api/v1/scenarios/${r.body.id}`)).status, 404);
  assert.deepEqual(srv.sql('SELECT id, status, unit_id, start_week FROM booking ORDER BY id'), bookings);
});
