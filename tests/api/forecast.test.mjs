// The demand forecast (issue 18) against a running server on a fresh demo
// region: twenty quarters per specialty and unit, shortfall = need above
// offered, intake entered raises the demand of the specialties its
// trainees rotate to and removing it brings the trend back; bad input is
// refused naming the field, with nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, get, call } from './harness.mjs';

const srv = serveForTests();
const put = (path, body) => call(srv.base, 'PUT', path, body);
const sum = (a) => a.reduce((x, y) => x + y, 0);

test('the forecast: quarters, shortfall, intake entered and the trend', async () => {
  const regions = await get(srv.base, '/api/v1/regions');
  const region = regions.body.items[0].id;
  let r = await get(srv.base, `/api/v1/forecast?region=${region}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const f = r.body;
  assert.equal(f.quarters.length, 20);
  assert.match(f.quarters[0], /^\d{4}-Q1$/);
  assert.ok(f.specialties.length > 0 && f.units.length > 0);
  for (const s of [...f.specialties, ...f.units]) {
    assert.equal(s.need.length, 20);
    s.shortfall.forEach((x, i) => assert.ok(Math.abs(x - Math.max(0, s.need[i] - s.offered[i])) < 0.11));
  }
  // A unit's demand is its share of its specialty's: they sum to it where
  // the specialty offers seats.
  const sp = f.specialties.find((s) => f.units.filter((u) => u.specialty_id === s.specialty_id).length > 1 && s.offered[4] > 0);
  const unitsOf = f.units.filter((u) => u.specialty_id === sp.specialty_id);
  assert.ok(Math.abs(sum(unitsOf.map((u) => u.need[4])) - sp.need[4]) < 0.1 * unitsOf.length + 0.1);

  // Intake entered for a trainee specialty with trainees: demand rises.
  const trend = f.intake.find((x) => x.source === 'trend' && x.year === f.year0 + 1);
  assert.ok(trend);
  const before = sum(f.specialties.map((s) => sum(s.need)));
  r = await put('/api/v1/forecast/intake', { region_id: region, specialty_id: trend.specialty_id, year: f.year0 + 1, trainees: trend.trend + 20 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await get(srv.base, `/api/v1/forecast?region=${region}`);
  const entered = r.body.intake.find((x) => x.specialty_id === trend.specialty_id && x.year === f.year0 + 1);
  assert.deepEqual([entered.trainees, entered.source], [trend.trend + 20, 'entered']);
  const after = sum(r.body.specialties.map((s) => sum(s.need)));
  assert.ok(after > before + 1, `${after} > ${before}`);
  const log = srv.sql("SELECT count(*) AS n FROM audit_log WHERE entity = 'forecast_intake'");
  assert.equal(Number(log[0].n), 1);

  // Removed: the trend again.
  r = await put('/api/v1/forecast/intake', { region_id: region, specialty_id: trend.specialty_id, year: f.year0 + 1, trainees: null });
  assert.equal(r.status, 200);
  r = await get(srv.base, `/api/v1/forecast?region=${region}`);
  assert.equal(r.body.intake.find((x) => x.specialty_id === trend.specialty_id && x.year === f.year0 + 1).source, 'trend');

  // Refusals name the field; nothing is written.
  for (const [body, field] of [
    [{ region_id: region, specialty_id: trend.specialty_id, year: 1999, trainees: 3 }, 'year'],
    [{ region_id: region, specialty_id: trend.specialty_id, year: 2030, trainees: -1 }, 'trainees'],
    [{ region_id: region, specialty_id: 999999, year: 2030, trainees: 3 }, 'specialty_id'],
    [{ region_id: region, specialty_id: trend.specialty_id, year: 2030, trainees: 3, extra: 1 }, 'extra'],
  ]) {
    r = await put('/api/v1/forecast/intake', body);
    assert.ok(r.status === 422 || r.status === 400, JSON.stringify(r.body));
    assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  }
  assert.equal(Number(srv.sql('SELECT count(*) AS n FROM forecast_intake')[0].n), 0);

  // One specialty, one unit.
  r = await get(srv.base, `/api/v1/forecast?region=${region}&unit=${unitsOf[0].unit_id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.units.map((u) => u.unit_id), [unitsOf[0].unit_id]);
  assert.deepEqual(r.body.specialties.map((s) => s.specialty_id), [sp.specialty_id]);
  r = await get(srv.base, '/api/v1/forecast?region=abc');
  assert.equal(r.status, 400);
});
