// Reference data over the API: regions, providers, sites, areas,
// specialties and goals, against a running server on a fresh demo region.
// Expected values come from the database file (read with the sqlite3 tool),
// never from the server's own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, get, call, errorOf } from './harness.mjs';

const srv = serveForTests();
const { sql, count, all } = srv;

// Case-insensitive substring, as a person means it (ASCII letters fold).
const has = (text, q) => text.toLowerCase().includes(q.toLowerCase());

const expectError = srv.getError;

test('regions: the list holds every region, ordered by name, with the list shape', async () => {
  const rows = sql('SELECT id, code, name FROM region');
  const r = await get(srv.base, '/api/v1/regions');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'limit', 'offset', 'total']);
  assert.equal(r.body.total, rows.length);
  assert.equal(r.body.limit, 50);
  assert.equal(r.body.offset, 0);
  assert.deepEqual(r.body.items.map((x) => x.id).sort(), rows.map((x) => x.id).sort());
  for (const row of rows) assert.deepEqual(r.body.items.find((x) => x.id === row.id), row);
  const names = r.body.items.map((x) => x.name);
  assert.deepEqual(names, [...names].sort());
});

test('regions: one by id, and unknown ids are 404', async () => {
  const [row] = sql('SELECT id, code, name FROM region LIMIT 1');
  const r = await get(srv.base, `/api/v1/regions/${row.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, row);
  const max = count('SELECT max(id) FROM region');
  await expectError(`/api/v1/regions/${max + 1}`, 404);
  await expectError('/api/v1/regions/abc', 404);
  await expectError('/api/v1/regions/0', 404);
  await expectError('/api/v1/regions/-1', 404);
});

test('pagination: limit and offset page through a stable order; the total ignores them', async () => {
  const total = count('SELECT count(*) FROM provider');
  assert.ok(total >= 5, 'the demo has enough providers to page');
  const { items } = await all('/api/v1/providers');
  assert.equal(items.length, total);
  const page = await get(srv.base, '/api/v1/providers?limit=2&offset=3');
  assert.equal(page.status, 200);
  assert.equal(page.body.total, total);
  assert.equal(page.body.limit, 2);
  assert.equal(page.body.offset, 3);
  assert.deepEqual(page.body.items.map((x) => x.id), items.slice(3, 5).map((x) => x.id));
  const past = await get(srv.base, `/api/v1/providers?offset=${total + 10}`);
  assert.equal(past.status, 200);
  assert.equal(past.body.items.length, 0);
  assert.equal(past.body.total, total);
});

test('pagination: bad limit and offset are 400 naming the argument', async () => {
  for (const [q, field] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=ten', 'limit'],
    ['limit=', 'limit'], ['offset=-1', 'offset'], ['offset=1.5', 'offset']]) {
    for (const list of ['regions', 'providers', 'sites', 'areas', 'specialties', 'goals'])
      await expectError(`/api/v1/${list}?${q}`, 400, field);
  }
});

test('providers: filter by kind and by text in the name', async () => {
  const rows = sql('SELECT id, name, org_nr, kind FROM provider');
  const priv = await all('/api/v1/providers?kind=private');
  const expected = rows.filter((x) => x.kind === 'private');
  assert.ok(expected.length > 0);
  assert.equal(priv.total, expected.length);
  assert.deepEqual(priv.items.map((x) => x.id).sort((a, b) => a - b), expected.map((x) => x.id).sort((a, b) => a - b));
  for (const p of priv.items) assert.deepEqual(p, rows.find((x) => x.id === p.id));

  const pub = await all('/api/v1/providers?kind=public');
  assert.equal(pub.total, rows.length - expected.length);

  // A word from one private provider's name, typed in upper case.
  const word = expected[0].name.split(' ')[0].toUpperCase();
  const byText = await all(`/api/v1/providers?q=${encodeURIComponent(word)}`);
  const want = rows.filter((x) => has(x.name, word));
  assert.ok(want.length >= 1);
  assert.deepEqual(byText.items.map((x) => x.id).sort(), want.map((x) => x.id).sort());

  const both = await all(`/api/v1/providers?kind=public&q=${encodeURIComponent(word)}`);
  assert.equal(both.total, want.filter((x) => x.kind === 'public').length);

  const none = await get(srv.base, '/api/v1/providers?q=%25');
  assert.equal(none.body.total, rows.filter((x) => x.name.includes('%')).length, '% is not a wildcard');
  const empty = await get(srv.base, '/api/v1/providers?q=');
  assert.equal(empty.body.total, rows.length, 'an empty q filters nothing');
});

test('providers: one by id; bad filters are 400, unknown ids 404', async () => {
  const [row] = sql("SELECT id, name, org_nr, kind FROM provider WHERE kind = 'private' LIMIT 1");
  const r = await get(srv.base, `/api/v1/providers/${row.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, row);
  await expectError('/api/v1/providers?kind=privat', 400, 'kind');
  await expectError(`/api/v1/providers?q=${'x'.repeat(201)}`, 400, 'q');
  await expectError(`/api/v1/providers/${count('SELECT max(id) FROM provider') + 1}`, 404);
});

test('sites and areas: filter by region, one by id, 404 and 400', async () => {
  const [{ id: region }] = sql('SELECT id FROM region LIMIT 1');
  for (const [list, cols] of [['sites', 'id, region_id, name, city'], ['areas', 'id, region_id, name']]) {
    const table = list === 'sites' ? 'site' : 'area';
    const rows = sql(`SELECT ${cols} FROM ${table}`);
    assert.ok(rows.length > 0, table);
    const everything = await all(`/api/v1/${list}`);
    assert.equal(everything.total, rows.length);
    const mine = await all(`/api/v1/${list}?region=${region}`);
    assert.equal(mine.total, rows.filter((x) => x.region_id === region).length);
    for (const item of mine.items) assert.deepEqual(item, rows.find((x) => x.id === item.id));
    const names = mine.items.map((x) => x.name);
    assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), `${list} by name`);
    const other = await get(srv.base, `/api/v1/${list}?region=${count('SELECT max(id) FROM region') + 1}`);
    assert.equal(other.status, 200);
    assert.equal(other.body.total, 0);

    const one = await get(srv.base, `/api/v1/${list}/${rows[0].id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, rows[0]);
    await expectError(`/api/v1/${list}/${count(`SELECT max(id) FROM ${table}`) + 1}`, 404);
    await expectError(`/api/v1/${list}?region=abc`, 400, 'region');
    await expectError(`/api/v1/${list}?region=0`, 400, 'region');
  }
});

test('specialties: filter by kind, parent and text in the code or either name', async () => {
  const rows = sql('SELECT id, code, name_sv, name_en, kind, parent_id FROM specialty');
  const everything = await all('/api/v1/specialties');
  assert.equal(everything.total, rows.length);
  for (const item of everything.items) assert.deepEqual(item, rows.find((x) => x.id === item.id));

  for (const kind of ['bas', 'gren', 'tillagg']) {
    const r = await all(`/api/v1/specialties?kind=${kind}`);
    assert.equal(r.total, rows.filter((x) => x.kind === kind).length, kind);
    assert.ok(r.items.every((x) => x.kind === kind));
  }
  const gren = rows.find((x) => x.kind === 'gren');
  const children = await all(`/api/v1/specialties?parent=${gren.parent_id}`);
  assert.equal(children.total, rows.filter((x) => x.parent_id === gren.parent_id).length);
  assert.ok(children.items.some((x) => x.id === gren.id));

  const gyn = rows.find((x) => x.code === 'obstetrik-och-gynekologi');
  for (const q of ['GYNEKOLOGI', 'gynaecology', 'obstetrik-och']) {
    const r = await all(`/api/v1/specialties?q=${encodeURIComponent(q)}`);
    const want = rows.filter((x) => has(x.code, q) || has(x.name_sv, q) || has(x.name_en, q));
    assert.deepEqual(r.items.map((x) => x.id).sort(), want.map((x) => x.id).sort(), q);
    assert.ok(r.items.some((x) => x.id === gyn.id), q);
  }
  const sv = await all(`/api/v1/specialties?q=${encodeURIComponent('Allmänmedicin')}`);
  assert.ok(sv.items.some((x) => x.code === 'allmanmedicin'), 'Swedish letters match as typed');
});

test('specialties: one by id (a gren names its parent); 400 and 404', async () => {
  const [row] = sql("SELECT id, code, name_sv, name_en, kind, parent_id FROM specialty WHERE kind = 'gren' LIMIT 1");
  const r = await get(srv.base, `/api/v1/specialties/${row.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, row);
  assert.ok(r.body.parent_id > 0);
  const [bas] = sql("SELECT id FROM specialty WHERE kind = 'bas' LIMIT 1");
  assert.equal((await get(srv.base, `/api/v1/specialties/${bas.id}`)).body.parent_id, null);
  await expectError('/api/v1/specialties?kind=basic', 400, 'kind');
  await expectError('/api/v1/specialties?parent=x', 400, 'parent');
  await expectError(`/api/v1/specialties/${count('SELECT max(id) FROM specialty') + 1}`, 404);
});

test('goals: filter by specialty, common, regulation and text', async () => {
  const rows = sql('SELECT id, regulation, specialty_id, code, title, grp AS "group", confidence FROM goal');
  const total = await get(srv.base, '/api/v1/goals');
  assert.equal(total.body.total, rows.length);
  assert.equal(total.body.items.length, 50);

  const [{ id: gyn }] = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'");
  const mine = await all(`/api/v1/goals?specialty=${gyn}`);
  const wantMine = rows.filter((x) => x.specialty_id === gyn);
  assert.ok(wantMine.length > 0);
  assert.deepEqual(mine.items.map((x) => x.id).sort(), wantMine.map((x) => x.id).sort());
  for (const g of mine.items) assert.deepEqual(g, rows.find((x) => x.id === g.id));

  const common = await all('/api/v1/goals?common=true');
  const wantCommon = rows.filter((x) => x.specialty_id === null);
  assert.ok(wantCommon.length > 0);
  assert.equal(common.total, wantCommon.length);
  assert.ok(common.items.every((x) => x.specialty_id === null));

  const specific = await get(srv.base, '/api/v1/goals?common=false&limit=1');
  assert.equal(specific.body.total, rows.length - wantCommon.length);

  // A specialty and common=true: every goal a trainee of it works towards:
  // its own, the BT and a goals, and the b goals that apply to it.
  const towards = await all(`/api/v1/goals?specialty=${gyn}&common=true&regulation=2021`);
  const bOfGyn = new Set(sql(`SELECT goal_id FROM specialty_goal WHERE specialty_id = ${gyn}`).map((x) => x.goal_id));
  const want = rows.filter((x) => x.regulation === '2021' && (x.specialty_id === gyn ||
    (x.specialty_id === null && (x.group !== 'b' || bOfGyn.has(x.id)))));
  assert.ok(rows.some((x) => x.regulation === '2021' && x.group === 'b' && !bOfGyn.has(x.id)),
    'the demo leaves some b goal out of gynaecology, so the filter is tested');
  assert.deepEqual(towards.items.map((x) => x.id).sort(), want.map((x) => x.id).sort());
  assert.ok(towards.items.some((x) => x.specialty_id === null) && towards.items.some((x) => x.specialty_id === gyn));
  const onlyMine = await get(srv.base, `/api/v1/goals?specialty=${gyn}&common=false&limit=500`);
  assert.equal(onlyMine.body.total, wantMine.length);

  for (const reg of ['2008', '2015', '2021']) {
    const r = await get(srv.base, `/api/v1/goals?regulation=${reg}&limit=1`);
    assert.equal(r.body.total, rows.filter((x) => x.regulation === reg).length, reg);
  }

  const word = wantMine.find((x) => x.title.split(' ')[0].length > 4).title.split(' ')[0];
  const byText = await all(`/api/v1/goals?q=${encodeURIComponent(word.toUpperCase())}&specialty=${gyn}`);
  const wantText = wantMine.filter((x) => has(x.code, word) || has(x.title, word));
  assert.ok(wantText.length > 0);
  assert.deepEqual(byText.items.map((x) => x.id).sort(), wantText.map((x) => x.id).sort());
  const byCode = await all('/api/v1/goals?q=STa');
  assert.equal(byCode.total, rows.filter((x) => has(x.code, 'STa') || has(x.title, 'STa')).length);
});

test('goals: specialty takes a code as well as an id; an unknown code is 400', async () => {
  const [{ id: gyn }] = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'");
  const want = sql(`SELECT id FROM goal WHERE specialty_id = ${gyn}`).map((x) => x.id).sort((a, b) => a - b);
  assert.ok(want.length > 0);
  for (const sp of [String(gyn), 'obstetrik-och-gynekologi']) {
    const got = await all(`/api/v1/goals?specialty=${sp}`);
    assert.deepEqual(got.items.map((x) => x.id).sort((a, b) => a - b), want, `goals?specialty=${sp}`);
  }
  const e = await expectError('/api/v1/goals?specialty=no-such-specialty', 400, 'specialty');
  assert.match(e.message, /no-such-specialty/);
});

test('goals: one by id (common goals have no specialty); 400 and 404', async () => {
  const [row] = sql(`SELECT id, regulation, specialty_id, code, title, grp AS "group", confidence
    FROM goal WHERE specialty_id IS NULL LIMIT 1`);
  const r = await get(srv.base, `/api/v1/goals/${row.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, row);
  assert.equal(r.body.specialty_id, null);
  await expectError('/api/v1/goals?common=yes', 400, 'common');
  await expectError('/api/v1/goals?regulation=1999', 400, 'regulation');
  await expectError('/api/v1/goals?specialty=-3', 400, 'specialty');
  await expectError(`/api/v1/goals/${count('SELECT max(id) FROM goal') + 1}`, 404);
});

test('reference data is read-only: writes are 405', async () => {
  for (const [m, p] of [['POST', '/api/v1/regions'], ['PATCH', '/api/v1/regions/1'],
    ['DELETE', '/api/v1/providers/1'], ['POST', '/api/v1/goals'], ['PUT', '/api/v1/specialties/1'],
    ['DELETE', '/api/v1/goals/1']]) {
    const r = await call(srv.base, m, p, {});
    assert.equal(r.status, 405, `${m} ${p}`);
    errorOf(r);
  }
});
