// Home units' budgets per year (issue 18: budget) against a running server
// on a fresh demo region: set, change, list with the year's booked cost
// (the same computation as /costs, checked against a hand-made booking
// under a hand-made agreement), remove; refusals name their field and
// write nothing; who may read and write. Runs on SQLite, and on
// PostgreSQL with RANDA_TEST_PG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RANDA, serveForTests, get, post, call, del, errorOf, login, sessionHeaders, authHeaders } from './harness.mjs';

const put = (base, path, body, headers) => call(base, 'PUT', path, body, headers);

const srv = serveForTests();

const WEEK0 = Date.UTC(1969, 11, 29);
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return Math.round((jan4 - dow * 86400000 - WEEK0) / 604800000) + (w - 1);
}

const rows = () => Number(srv.count('SELECT count(*) FROM unit_budget'));
const logged = () => Number(srv.count("SELECT count(*) FROM audit_log WHERE entity = 'unit_budget'"));

// A home unit with a trainee free in 2032, whose 6-week booking at a private
// clinic under a per-week agreement (1 000 kr + 100 kr ryggsäcksmedel a
// week) costs 6 600 kr: { home, host }.
let booked;
async function bookedHome() {
  if (booked) return booked;
  const [host] = srv.sql(`SELECT id, specialty_id FROM unit WHERE kind = 'private_clinic' AND takes_trainees = 1
    AND id NOT IN (SELECT unit_id FROM unit_rule) ORDER BY id LIMIT 1`);
  let r = await post(srv.base, '/api/v1/capacity', { unit_id: host.id, from_week: '2032-W01', to_week: '2032-W40',
    seats: 5, patterns: ['full'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const [t] = srv.sql(`SELECT t.id, t.home_unit_id AS home FROM trainee t JOIN unit h ON h.id = t.home_unit_id
    WHERE t.status = 'active' AND h.max_away IS NULL
    AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = t.id AND b.end_week > ${weekOf('2029-W01')})
    AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = t.id AND l.to_date >= '2029-01-01')
    ORDER BY t.id LIMIT 1`);
  r = await post(srv.base, '/api/v1/needs', { trainee_id: t.id, specialty_id: host.specialty_id, weeks: 6,
    patterns: ['full'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const need = r.body.id;
  r = await post(srv.base, '/api/v1/agreements', { home_unit_id: Number(t.home), host_unit_id: host.id,
    from_date: '2032-01-01', to_date: '2032-12-31', model: 'per_week', amount: 1000, backpack: 100,
    salary_payer: 'home' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await post(srv.base, '/api/v1/bookings', { need_id: need, unit_id: host.id, start_week: '2032-W10',
    pattern: 'full' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  booked = { home: Number(t.home), host: host.id };
  return booked;
}

test('a budget is set, changed, listed with the year\'s booked cost and removed, each written to the log', async () => {
  const { home } = await bookedHome();
  const log0 = logged();
  // 5 000,50 kr as a hard limit: the 6 600 kr booked are over it.
  let r = await put(srv.base, `/api/v1/units/${home}/budgets/2032`, { amount: 5000.5, weight: null });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.unit_id, r.body.year, r.body.amount_ore, r.body.weight, r.body.hard],
    [home, 2032, 500050, null, true]);
  assert.deepEqual([r.body.booked_ore, r.body.bookings, r.body.rest_ore, r.body.over], [660000, 1, -159950, true]);
  assert.ok(r.body.unit_name.length > 0);
  // The same figure as /costs gives for the unit and year.
  const costs = await get(srv.base, `/api/v1/costs?unit=${home}&from_year=2032&to_year=2032`);
  assert.equal(costs.body.items.reduce((a, x) => a + x.cost_ore, 0), 660000);
  // Changed to 10 000 kr with a weight: 200, the rest 3 400 kr.
  r = await put(srv.base, `/api/v1/units/${home}/budgets/2032`, { amount: 10000, weight: 25 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.amount_ore, r.body.weight, r.body.hard, r.body.rest_ore, r.body.over],
    [1000000, 25, false, 340000, false]);
  // Another year of the unit, with nothing booked.
  r = await put(srv.base, `/api/v1/units/${home}/budgets/2033`, { amount: 1 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.weight, r.body.booked_ore, r.body.rest_ore], [null, 0, 100]);
  assert.deepEqual(srv.sql(`SELECT year, amount_ore, weight FROM unit_budget WHERE unit_id = ${home} ORDER BY year`),
    [{ year: 2032, amount_ore: 1000000, weight: 25 }, { year: 2033, amount_ore: 100, weight: null }]);

  // The list: by unit, by region and year.
  r = await get(srv.base, `/api/v1/budgets?unit=${home}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.total, 2);
  assert.deepEqual(r.body.items.map((b) => [b.year, b.booked_ore, b.rest_ore]), [[2032, 660000, 340000], [2033, 0, 100]]);
  const [{ region }] = srv.sql(`SELECT region_id AS region FROM unit WHERE id = ${home}`);
  r = await get(srv.base, `/api/v1/budgets?region=${region}&year=2032&limit=1`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.total, r.body.limit, r.body.items[0].unit_id, r.body.items[0].booked_ore],
    [1, 1, home, 660000]);
  await srv.getError('/api/v1/budgets?year=1999', 400, 'year');
  await srv.getError('/api/v1/budgets?unit=999999', 404, 'unit');
  // A range of years, as the page asks it with the costs' range: either
  // end alone, both, or one year.
  const years = async (q) => (await get(srv.base, `/api/v1/budgets?unit=${home}&${q}`)).body.items.map((b) => b.year);
  assert.deepEqual(await years('from_year=2033'), [2033]);
  assert.deepEqual(await years('to_year=2032'), [2032]);
  assert.deepEqual(await years('from_year=2030&to_year=2040'), [2032, 2033]);
  assert.deepEqual(await years('from_year=2034&to_year=2190'), []);
  assert.deepEqual(await years('year=2033&from_year=2033'), [2033]);
  await srv.getError(`/api/v1/budgets?unit=${home}&from_year=2033&to_year=2032`, 400, 'to_year');
  await srv.getError(`/api/v1/budgets?unit=${home}&year=2032&to_year=2033`, 400, 'year');
  await srv.getError(`/api/v1/budgets?unit=${home}&from_year=2191`, 400, 'from_year');
  // As CSV: the rows of the list, with Swedish headers.
  const csv = await fetch(`${srv.base}/api/v1/budgets?unit=${home}&from_year=2032&to_year=2033&format=csv`,
    { headers: authHeaders(srv.base) });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition'), /filename="budgetar-\d{4}-\d{2}-\d{2}\.csv"/);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
  const col = (name) => lines[0].indexOf(name);
  for (const name of ['Enhet', 'År', 'Belopp (öre)', 'Bokat (öre)', 'Kvar (öre)', 'Över budget']) {
    assert.ok(col(name) >= 0, `${name} in ${lines[0].join(';')}`);
  }
  assert.deepEqual(lines.slice(1).map((l) => [l[col('År')], l[col('Bokat (öre)')], l[col('Kvar (öre)')]]),
    [['2032', '660000', '340000'], ['2033', '0', '100']]);

  // Removed: 204, then 404; the log has the two inserts, the update, the delete.
  r = await del(srv.base, `/api/v1/units/${home}/budgets/2033`);
  assert.equal(r.status, 204);
  r = await del(srv.base, `/api/v1/units/${home}/budgets/2033`);
  assert.equal(r.status, 404);
  assert.deepEqual(srv.sql(`SELECT action FROM audit_log WHERE entity = 'unit_budget' AND entity_id = ${home}
    ORDER BY id`).map((x) => x.action).slice(-4), ['insert', 'update', 'insert', 'delete']);
  assert.equal(logged(), log0 + 4);
});

test('refusals name the field and write nothing', async () => {
  const { home } = await bookedHome();
  const [n0, l0] = [rows(), logged()];
  for (const [year, body, status, field] of [
    [1999, { amount: 100 }, 422, 'year'],
    [2101, { amount: 100 }, 422, 'year'],
    [2034, { amount: -1 }, 422, 'amount'],
    [2034, { amount: 1e10 }, 422, 'amount'],
    [2034, { amount: 10.005 }, 422, 'amount'],
    [2034, { amount: '100' }, 422, 'amount'],
    [2034, {}, 422, 'amount'],
    [2034, { amount: 100, weight: -1 }, 422, 'weight'],
    [2034, { amount: 100, weight: 1.5 }, 422, 'weight'],
    [2034, { amount: 100, weight: 2000000 }, 422, 'weight'],
    [2034, { amount: 100, cap: 1 }, 422, 'cap'],
  ]) {
    const r = await put(srv.base, `/api/v1/units/${home}/budgets/${year}`, body);
    assert.equal(r.status, status, `${year} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }
  // A unit that does not exist: 404 naming the unit in the path.
  let r = await put(srv.base, '/api/v1/units/999999/budgets/2034', { amount: 100 });
  assert.equal(r.status, 404, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'id');
  r = await put(srv.base, `/api/v1/units/${home}/budgets/abc`, { amount: 100 });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'year');
  r = await del(srv.base, `/api/v1/units/${home}/budgets/1999`);
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'year');
  assert.deepEqual([rows(), logged()], [n0, l0]);
});

test('the home unit\'s verksamhetschef sets its budgets, the studierektor reads them, others may not', async () => {
  const who = {};
  for (const u of ['st-lakare', 'studierektor', 'verksamhetschef', 'samordnare']) {
    const s = await login(srv.base, u);
    assert.ok(s.cookie, u);
    who[u] = sessionHeaders(s);
  }
  const unitOf = (u) => Number(srv.count(`SELECT r.scope_id FROM user_role r JOIN app_user a ON a.id = r.user_id
    WHERE a.username = '${u}' AND r.scope = 'unit'`));
  const head = unitOf('verksamhetschef'), director = unitOf('studierektor');
  assert.notEqual(head, director);
  const [n0, l0] = [rows(), logged()];
  // The verksamhetschef: their own unit, as a home unit.
  let r = await put(srv.base, `/api/v1/units/${head}/budgets/2035`, { amount: 250000, weight: 10 }, who.verksamhetschef);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await call(srv.base, 'GET', `/api/v1/budgets?unit=${head}`, undefined, who.verksamhetschef);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((b) => [b.unit_id, b.year, b.amount_ore]), [[head, 2035, 25000000]]);
  // ... and no other unit: as if it did not exist.
  r = await put(srv.base, `/api/v1/units/${director}/budgets/2035`, { amount: 1 }, who.verksamhetschef);
  assert.equal(r.status, 404, JSON.stringify(r.body));
  // The studierektor reads their home unit's budgets but may not set them.
  r = await call(srv.base, 'GET', `/api/v1/budgets?unit=${director}`, undefined, who.studierektor);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await put(srv.base, `/api/v1/units/${director}/budgets/2035`, { amount: 1 }, who.studierektor);
  assert.equal(r.status, 403, JSON.stringify(r.body));
  r = await call(srv.base, 'DELETE', `/api/v1/units/${head}/budgets/2035`, undefined, who.studierektor);
  assert.equal(r.status, 403, JSON.stringify(r.body));
  // An ST-läkare neither reads nor writes them.
  r = await call(srv.base, 'GET', '/api/v1/budgets', undefined, who['st-lakare']);
  assert.equal(r.status, 403, JSON.stringify(r.body));
  r = await put(srv.base, `/api/v1/units/${head}/budgets/2035`, { amount: 1 }, who['st-lakare']);
  assert.equal(r.status, 403, JSON.stringify(r.body));
  // The region's övergripande studierektor sets any unit's of the region.
  r = await put(srv.base, `/api/v1/units/${director}/budgets/2035`, { amount: 1000 }, who.samordnare);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([rows(), logged()], [n0 + 2, l0 + 2]);
  r = await call(srv.base, 'GET', '/api/v1/budgets?year=2035', undefined, who.samordnare);
  assert.deepEqual(r.body.items.map((b) => b.unit_id).sort(), [head, director].sort());
});

test('the budgets move with the region file', async () => {
  const out = join(srv.dir ?? '/tmp', `budgets-${process.pid}.json`);
  execFileSync(RANDA, ['export', '--db', srv.db, '--out', out], { stdio: 'ignore' });
  const file = readFileSync(out, 'utf8');
  assert.match(file, /"unit_budget"/);
  assert.match(file, /"amount_ore":25000000/);
});
