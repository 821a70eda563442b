// Units and their capacity periods over the API, against a running server on
// a fresh demo region. Expected values come from the database file (read
// with the sqlite3 tool), the calendar and the planning format's occupancy
// rules, never from the server's own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, get, post, patch, del, call, errorOf, authHeaders } from './harness.mjs';

const srv = serveForTests();
const { sql, count, all } = srv;

// ISO week "YYYY-Www" <-> serial (weeks since 1970-W01, whose Monday is
// 1969-12-29), computed here from the calendar.
const MONDAY0 = Date.UTC(1969, 11, 29);
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return Math.round((jan4 - dow * 86400000 - MONDAY0) / 604800000) + (w - 1);
}
function isoOf(serial) {
  const thursday = new Date(MONDAY0 + serial * 604800000 + 3 * 86400000);
  const y = thursday.getUTCFullYear();
  return `${y}-W${String(serial - weekOf(`${y}-W01`) + 1).padStart(2, '0')}`;
}
// This week, from the local calendar date (the server's clock).
function thisWeek() {
  const d = new Date();
  return Math.floor((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - MONDAY0) / 604800000);
}

const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];
const patternNames = (mask) => PATTERNS.filter((_, i) => mask & (1 << i));
// Occupancy in hundredths of a seat in placement week k (planning-format.md).
const occupancy = (pattern, k) =>
  ({ full: 100, split4: 80, split3: 60, half: 50, alternate: k % 2 === 0 ? 100 : 0 })[pattern];
const HOLDING = "('requested', 'confirmed', 'completed')";

const has = (text, q) => text.toLowerCase().includes(q.toLowerCase());
const ids = (items) => items.map((x) => x.id).sort((a, b) => a - b);

async function expectError(res, status, field, what) {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  const e = errorOf(res);
  if (field !== undefined) assert.equal(e.field, field, `${what}: ${e.message}`);
  return e;
}

// Units as the list shows them, built from the tables.
function unitRows() {
  return sql(`SELECT u.id, u.name, u.hsa_id, u.kind, u.takes_trainees, u.max_away,
      u.region_id, u.area_id, u.provider_id,
      sp.id AS sp_id, sp.code AS sp_code, sp.name_sv AS sp_sv, sp.name_en AS sp_en,
      p.name AS p_name, p.kind AS p_kind, a.name AS a_name,
      si.id AS si_id, si.name AS si_name, si.city AS si_city
    FROM unit u JOIN specialty sp ON sp.id = u.specialty_id
    JOIN provider p ON p.id = u.provider_id
    LEFT JOIN area a ON a.id = u.area_id LEFT JOIN site si ON si.id = u.site_id`)
    .map((r) => ({
      id: r.id, name: r.name, hsa_id: r.hsa_id, kind: r.kind,
      takes_trainees: r.takes_trainees === 1, max_away: r.max_away, region_id: r.region_id,
      specialty: { id: r.sp_id, code: r.sp_code, name_sv: r.sp_sv, name_en: r.sp_en },
      provider: { id: r.provider_id, name: r.p_name, kind: r.p_kind },
      area: r.area_id === null ? null : { id: r.area_id, name: r.a_name },
      site: r.si_id === null ? null : { id: r.si_id, name: r.si_name, city: r.si_city },
    }));
}

function capacityJson(r) {
  return {
    id: r.id, unit_id: r.unit_id, from_week: isoOf(r.from_week), to_week: isoOf(r.to_week - 1),
    seats: r.seats, patterns: patternNames(r.patterns), note: r.note,
  };
}
const capacityRows = (where) =>
  sql(`SELECT id, unit_id, from_week, to_week, seats, patterns, note FROM capacity ${where}`);

// Weeks of [lo, hi) where the unit's bookings occupy more than its capacity.
function overbooked(unit, lo, hi) {
  lo = Math.max(lo, thisWeek()); // weeks already past are history, not warnings
  const caps = capacityRows(`WHERE unit_id = ${unit}`);
  const books = sql(`SELECT start_week, end_week, pattern FROM booking
    WHERE unit_id = ${unit} AND status IN ${HOLDING}`);
  const out = [];
  for (let w = lo; w < hi; w++) {
    const cap = caps.find((c) => c.from_week <= w && w < c.to_week);
    const seats = cap ? cap.seats : 0;
    let used = 0;
    for (const b of books) if (b.start_week <= w && w < b.end_week) used += occupancy(b.pattern, w - b.start_week);
    if (used > seats * 100) out.push({ week: isoOf(w), seats, occupancy_pct: used });
  }
  return out;
}

function lastAudit(entity, id) {
  const [row] = sql(`SELECT action, actor, before_json, after_json FROM audit_log
    WHERE entity = '${entity}' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`);
  return row && { ...row, before: JSON.parse(row.before_json), after: row.after_json && JSON.parse(row.after_json) };
}

test('week helpers agree with the calendar', () => {
  assert.equal(isoOf(weekOf('2027-W10')), '2027-W10');
  assert.equal(isoOf(weekOf('2026-W53')), '2026-W53');
  assert.equal(weekOf('2027-W01') - weekOf('2026-W53'), 1);
});

// ---- units ----

test('units: every unit, with its specialty, provider, area and site named', async () => {
  const rows = unitRows();
  const { items, total } = await all('/api/v1/units');
  assert.equal(total, rows.length);
  assert.equal(items.length, rows.length);
  for (const item of items) assert.deepEqual(item, rows.find((x) => x.id === item.id));
  assert.ok(items.some((x) => x.site === null), 'the demo has units without a site');
  const names = items.map((x) => x.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'ordered by name');

  const page = await get(srv.base, '/api/v1/units?limit=7&offset=20');
  assert.equal(page.status, 200);
  assert.equal(page.body.total, rows.length);
  assert.deepEqual(page.body.items.map((x) => x.id), items.slice(20, 27).map((x) => x.id));
  const first = await get(srv.base, '/api/v1/units');
  assert.equal(first.body.items.length, 50, 'default limit');
});

test('units: each filter, alone and together, selects what the tables say', async () => {
  const rows = unitRows();
  const gyn = rows.find((x) => x.specialty.code === 'obstetrik-och-gynekologi').specialty.id;
  const priv = rows.find((x) => x.provider.kind === 'private');
  const area = rows.find((x) => x.area).area.id;
  const cases = [
    [`region=${rows[0].region_id}`, (x) => x.region_id === rows[0].region_id],
    [`area=${area}`, (x) => x.area?.id === area],
    [`specialty=${gyn}`, (x) => x.specialty.id === gyn],
    [`provider=${priv.provider.id}`, (x) => x.provider.id === priv.provider.id],
    ['provider_type=private', (x) => x.provider.kind === 'private'],
    ['provider_type=public', (x) => x.provider.kind === 'public'],
    ['kind=primary_care', (x) => x.kind === 'primary_care'],
    ['kind=training_node', (x) => x.kind === 'training_node'],
    ['takes_trainees=true', (x) => x.takes_trainees],
    ['takes_trainees=false', (x) => !x.takes_trainees],
    ['q=KVINNOKLINIKEN', (x) => has(x.name, 'kvinnokliniken') || has(x.hsa_id, 'kvinnokliniken')],
    [`q=${encodeURIComponent('vårdcentralen')}`, (x) => has(x.name, 'vårdcentralen')],
    [`q=${encodeURIComponent(priv.hsa_id)}`, (x) => x.hsa_id === priv.hsa_id || has(x.name, priv.hsa_id)],
    [`specialty=${gyn}&provider_type=private`, (x) => x.specialty.id === gyn && x.provider.kind === 'private'],
    [`specialty=${gyn}&area=${area}&takes_trainees=true`,
      (x) => x.specialty.id === gyn && x.area?.id === area && x.takes_trainees],
  ];
  for (const [q, keep] of cases) {
    const want = rows.filter(keep);
    assert.ok(want.length > 0 || q.startsWith('takes_trainees=false'), `${q} selects something in the demo`);
    const got = await all(`/api/v1/units?${q}`);
    assert.equal(got.total, want.length, q);
    assert.deepEqual(ids(got.items), ids(want), q);
  }
  // Swedish capitals fold like the rest: the first letter of a name typed in capitals.
  const swedish = rows.find((x) => /[åäö]/.test(x.name));
  const word = swedish.name.split(/[ ,]/).find((w) => /[åäö]/.test(w));
  const got = await all(`/api/v1/units?q=${encodeURIComponent(word.toUpperCase())}`);
  assert.deepEqual(ids(got.items), ids(rows.filter((x) => has(x.name, word) || has(x.hsa_id, word))), word);
  const none = await get(srv.base, `/api/v1/units?region=${count('SELECT max(id) FROM region') + 1}`);
  assert.equal(none.body.total, 0);
});

test('units: bad filters are 400 naming the argument', async () => {
  for (const [q, field] of [['region=x', 'region'], ['area=0', 'area'], ['specialty=1.5', 'specialty'],
    ['provider=-2', 'provider'], ['provider_type=privat', 'provider_type'], ['kind=clinic', 'kind'],
    ['takes_trainees=yes', 'takes_trainees'], ['takes_trainees=1', 'takes_trainees'],
    [`q=${'x'.repeat(201)}`, 'q'], ['limit=0', 'limit'], ['offset=x', 'offset']]) {
    await expectError(await get(srv.base, `/api/v1/units?${q}`), 400, field, q);
  }
});

test('units and capacity: specialty takes a code as well as an id; an unknown code is 400', async () => {
  const [{ id: gyn }] = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'");
  const wantUnits = ids(unitRows().filter((x) => x.specialty.id === gyn));
  const wantPeriods = ids(capacityRows(`WHERE unit_id IN (SELECT id FROM unit WHERE specialty_id = ${gyn})`));
  assert.ok(wantUnits.length > 0 && wantPeriods.length > 0, 'the demo has units and periods of the specialty');
  for (const sp of [String(gyn), 'obstetrik-och-gynekologi']) {
    const units = await all(`/api/v1/units?specialty=${sp}`);
    assert.deepEqual(ids(units.items), wantUnits, `units?specialty=${sp}`);
    const periods = await all(`/api/v1/capacity?specialty=${sp}`);
    assert.deepEqual(ids(periods.items), wantPeriods, `capacity?specialty=${sp}`);
  }
  for (const path of ['/api/v1/units', '/api/v1/capacity']) {
    const e = await expectError(await get(srv.base, `${path}?specialty=no-such-specialty`), 400, 'specialty', path);
    assert.match(e.message, /no-such-specialty/, path);
  }
});

test('a unit: its goals and the capacity periods that have not ended', async () => {
  const [{ unit_id: id }] = sql(`SELECT unit_id FROM unit_goal GROUP BY unit_id
    HAVING count(*) >= 2 ORDER BY unit_id LIMIT 1`);
  const r = await get(srv.base, `/api/v1/units/${id}`);
  assert.equal(r.status, 200);
  const { goal_ids, capacity, ...rest } = r.body;
  assert.deepEqual(rest, unitRows().find((x) => x.id === id));
  assert.deepEqual(goal_ids, sql(`SELECT goal_id FROM unit_goal WHERE unit_id = ${id} ORDER BY goal_id`)
    .map((x) => x.goal_id));
  const now = thisWeek();
  const want = capacityRows(`WHERE unit_id = ${id} AND to_week > ${now} ORDER BY from_week`);
  assert.ok(want.length > 0);
  assert.deepEqual(capacity, want.map(capacityJson));

  // A period that ended last week is history, not shown; one ending this week is.
  const lastWeek = isoOf(now - 1), thisOne = isoOf(now);
  const [free] = sql(`SELECT id FROM unit WHERE id NOT IN (SELECT unit_id FROM capacity
    WHERE from_week <= ${now} AND to_week > ${now - 3}) ORDER BY id LIMIT 1`);
  const ended = await post(srv.base, '/api/v1/capacity', { unit_id: free.id, from_week: isoOf(now - 3), to_week: lastWeek, seats: 1 });
  assert.equal(ended.status, 201, JSON.stringify(ended.body));
  const ongoing = await post(srv.base, '/api/v1/capacity', { unit_id: free.id, from_week: thisOne, to_week: thisOne, seats: 1 });
  assert.equal(ongoing.status, 201, JSON.stringify(ongoing.body));
  const again = (await get(srv.base, `/api/v1/units/${free.id}`)).body.capacity;
  assert.ok(!again.some((c) => c.id === ended.body.id), 'ended');
  assert.ok(again.some((c) => c.id === ongoing.body.id), 'ongoing');
  assert.deepEqual(again,
    capacityRows(`WHERE unit_id = ${free.id} AND to_week > ${now} ORDER BY from_week`).map(capacityJson));

  const max = count('SELECT max(id) FROM unit');
  await expectError(await get(srv.base, `/api/v1/units/${max + 1}`), 404, undefined, 'unknown unit');
  await expectError(await get(srv.base, '/api/v1/units/abc'), 404, undefined, 'not an id');
});

test('PATCH a unit: name, takes_trainees, max_away and goals, audited', async () => {
  const [u] = sql(`SELECT id, name FROM unit WHERE takes_trainees = 1 AND max_away IS NULL
    ORDER BY id DESC LIMIT 1`);
  const goals = sql('SELECT id FROM goal ORDER BY id LIMIT 3 OFFSET 100').map((x) => x.id);
  const r = await patch(srv.base, `/api/v1/units/${u.id}`, {
    name: 'Kvinnokliniken Ängelholm', takes_trainees: false, max_away: 3, goal_ids: [goals[2], goals[0]],
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.id, u.id);
  assert.equal(r.body.name, 'Kvinnokliniken Ängelholm');
  assert.equal(r.body.takes_trainees, false);
  assert.equal(r.body.max_away, 3);
  assert.deepEqual(r.body.goal_ids, [goals[0], goals[2]]);
  assert.ok(r.body.specialty && r.body.provider && Array.isArray(r.body.capacity));
  const [row] = sql(`SELECT name, takes_trainees, max_away FROM unit WHERE id = ${u.id}`);
  assert.deepEqual(row, { name: 'Kvinnokliniken Ängelholm', takes_trainees: 0, max_away: 3 });
  assert.deepEqual(sql(`SELECT goal_id FROM unit_goal WHERE unit_id = ${u.id} ORDER BY goal_id`)
    .map((x) => x.goal_id), [goals[0], goals[2]]);
  const audit = lastAudit('unit', u.id);
  assert.equal(audit.action, 'update');
  assert.equal(audit.before.name, u.name);
  assert.equal(audit.before.max_away, null);
  assert.equal(audit.after.name, 'Kvinnokliniken Ängelholm');
  assert.deepEqual(audit.after.goal_ids, [goals[0], goals[2]]);

  // Only the fields named change; null is "no limit"; [] clears the goals.
  const again = await patch(srv.base, `/api/v1/units/${u.id}`, { max_away: null, goal_ids: [] });
  assert.equal(again.status, 200);
  assert.equal(again.body.max_away, null);
  assert.equal(again.body.name, 'Kvinnokliniken Ängelholm');
  assert.equal(again.body.takes_trainees, false);
  assert.deepEqual(again.body.goal_ids, []);
  assert.equal(count(`SELECT count(*) FROM unit_goal WHERE unit_id = ${u.id}`), 0);
  const listed = await all(`/api/v1/units?q=${encodeURIComponent('ängelholm')}&takes_trainees=false`);
  assert.ok(listed.items.some((x) => x.id === u.id), 'the list sees the change');
});

test('PATCH a unit: every field is checked and named, and nothing is written', async () => {
  const [u] = sql('SELECT id, name, max_away, takes_trainees FROM unit ORDER BY id LIMIT 1');
  const goalsBefore = count(`SELECT count(*) FROM unit_goal WHERE unit_id = ${u.id}`);
  const audits = count('SELECT count(*) FROM audit_log');
  const [g] = sql('SELECT id FROM goal LIMIT 1');
  const maxGoal = count('SELECT max(id) FROM goal');
  const bad = [
    [{ name: '' }, 'name'], [{ name: 'x'.repeat(201) }, 'name'], [{ name: 5 }, 'name'], [{ name: null }, 'name'],
    [{ takes_trainees: 'yes' }, 'takes_trainees'], [{ takes_trainees: 1 }, 'takes_trainees'],
    [{ max_away: -1 }, 'max_away'], [{ max_away: 1001 }, 'max_away'], [{ max_away: '2' }, 'max_away'],
    [{ max_away: 1.5 }, 'max_away'],
    [{ goal_ids: String(g.id) }, 'goal_ids'], [{ goal_ids: [0] }, 'goal_ids'], [{ goal_ids: [g.id, g.id] }, 'goal_ids'],
    [{ goal_ids: [maxGoal + 1] }, 'goal_ids'], [{ goal_ids: ['1'] }, 'goal_ids'],
    [{ goal_ids: Array.from({ length: 65 }, (_, i) => i + 1) }, 'goal_ids'],
    [{ hsa_id: 'SE2321000255-X1' }, 'hsa_id'], [{ nmae: 'typo' }, 'nmae'],
    // Control characters, and the bidirectional overrides that make a name
    // read otherwise than it is written.
    [{ name: 'Barn\u0007kliniken' }, 'name'], [{ name: 'Barn\u001b[2Jkliniken' }, 'name'],
    [{ name: 'Barn\u0085kliniken' }, 'name'], [{ name: 'Barn\u202ekliniken' }, 'name'],
    [{ name: 'Barn\u2066kliniken' }, 'name'], [{ name: 'Barn\u007fkliniken' }, 'name'],
    // A good field with a bad one: nothing is written.
    [{ name: 'Ny klinik', max_away: 5000 }, 'max_away'],
    [{ name: 'Ny klinik', goal_ids: [maxGoal + 7] }, 'goal_ids'],
  ];
  for (const [body, field] of bad) {
    const e = await expectError(await patch(srv.base, `/api/v1/units/${u.id}`, body), 422, field,
      JSON.stringify(body).slice(0, 80));
    assert.ok(e.message.length > 0);
  }
  const [after] = sql(`SELECT id, name, max_away, takes_trainees FROM unit WHERE id = ${u.id}`);
  assert.deepEqual(after, u);
  assert.equal(count(`SELECT count(*) FROM unit_goal WHERE unit_id = ${u.id}`), goalsBefore);
  assert.equal(count('SELECT count(*) FROM audit_log'), audits, 'no audit row for refused writes');

  for (const text of ['{"name": ', '[]', '"x"', '']) {
    const r = await call(srv.base, 'PATCH', `/api/v1/units/${u.id}`, text);
    await expectError(r, 400, undefined, `body ${text}`);
  }
  const max = count('SELECT max(id) FROM unit');
  await expectError(await patch(srv.base, `/api/v1/units/${max + 1}`, { name: 'x' }), 404, undefined, 'unknown');
});

// ---- capacity ----

test('capacity: filters by unit, specialty and overlapping weeks (to is inclusive)', async () => {
  const all_ = capacityRows('');
  const everything = await get(srv.base, '/api/v1/capacity?limit=500');
  assert.equal(everything.body.total, all_.length);

  const [{ unit_id: unit }] = sql('SELECT unit_id FROM capacity GROUP BY unit_id HAVING count(*) > 3 LIMIT 1');
  const mine = await all(`/api/v1/capacity?unit=${unit}`);
  const want = capacityRows(`WHERE unit_id = ${unit} ORDER BY from_week`);
  assert.deepEqual(mine.items, want.map(capacityJson), 'in week order, shaped as the API says');

  const [{ id: gyn }] = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'");
  const bySp = await all(`/api/v1/capacity?specialty=${gyn}`);
  assert.deepEqual(ids(bySp.items),
    ids(capacityRows(`WHERE unit_id IN (SELECT id FROM unit WHERE specialty_id = ${gyn})`)));

  const from = '2027-W10', to = '2027-W12';
  const f = weekOf(from), t = weekOf(to);
  const byWeeks = await all(`/api/v1/capacity?from=${from}&to=${to}`);
  const wantWeeks = all_.filter((c) => c.from_week <= t && c.to_week > f);
  assert.ok(wantWeeks.length > 0);
  assert.deepEqual(ids(byWeeks.items), ids(wantWeeks));
  // A period whose last week is exactly "from" is included; one starting the week after "to" is not.
  const ends = all_.find((c) => c.to_week - 1 > weekOf('2026-W40'));
  const last = await all(`/api/v1/capacity?unit=${ends.unit_id}&from=${isoOf(ends.to_week - 1)}&to=${isoOf(ends.to_week - 1)}`);
  assert.ok(last.items.some((x) => x.id === ends.id), 'its last week overlaps');
  const before_ = await all(`/api/v1/capacity?unit=${ends.unit_id}&to=${isoOf(ends.from_week - 1)}`);
  assert.ok(!before_.items.some((x) => x.id === ends.id), 'the week before it does not');

  const combined = await all(`/api/v1/capacity?specialty=${gyn}&from=${from}`);
  assert.equal(combined.total,
    count(`SELECT count(*) FROM capacity WHERE to_week > ${f} AND unit_id IN (SELECT id FROM unit WHERE specialty_id = ${gyn})`));
  const page = await get(srv.base, `/api/v1/capacity?specialty=${gyn}&limit=3&offset=2`);
  assert.equal(page.body.total, bySp.total);
  assert.deepEqual(page.body.items, bySp.items.slice(2, 5));
});

test('capacity: bad filters are 400 naming the argument', async () => {
  for (const [q, field] of [['from=2027-10', 'from'], ['to=2026-W54', 'to'], ['from=2027-W00', 'from'],
    ['from=2027-W20&to=2027-W10', 'to'], ['unit=x', 'unit'], ['specialty=0', 'specialty'], ['limit=501', 'limit']]) {
    await expectError(await get(srv.base, `/api/v1/capacity?${q}`), 400, field, q);
  }
});

test('capacity: one period by id; unknown ids 404', async () => {
  const [row] = capacityRows("WHERE note <> '' LIMIT 1");
  const r = await get(srv.base, `/api/v1/capacity/${row.id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, capacityJson(row));
  const max = count('SELECT max(id) FROM capacity');
  await expectError(await get(srv.base, `/api/v1/capacity/${max + 1}`), 404, undefined, 'unknown');
  await expectError(await get(srv.base, '/api/v1/capacity/x'), 404, undefined, 'not an id');
});

// A unit none of whose periods reaches into year (each test takes its own).
function freeUnit(year) {
  const [u] = sql('SELECT id FROM unit ORDER BY id LIMIT 1 OFFSET 5');
  assert.equal(count(`SELECT count(*) FROM capacity WHERE unit_id = ${u.id}
    AND to_week > ${weekOf(`${year}-W01`)} AND from_week < ${weekOf(`${year + 1}-W01`)}`), 0);
  return u.id;
}

test('POST capacity: creates a period; to_week is the last week, inclusive', async () => {
  const unit = freeUnit(2034);
  const r = await post(srv.base, '/api/v1/capacity',
    { unit_id: unit, from_week: '2034-W10', to_week: '2034-W19', seats: 2, patterns: ['split3', 'full'], note: 'vår' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const [row] = capacityRows(`WHERE id = ${r.body.id}`);
  assert.deepEqual(row, { id: r.body.id, unit_id: unit, from_week: weekOf('2034-W10'),
    to_week: weekOf('2034-W19') + 1, seats: 2, patterns: 0b101, note: 'vår' });
  assert.deepEqual(r.body, { ...capacityJson(row), warnings: [] });
  assert.deepEqual(r.body.patterns, ['full', 'split3']);

  // Defaults: full time only, no note. A one-week period ends where it starts.
  const one = await post(srv.base, '/api/v1/capacity', { unit_id: unit, from_week: '2034-W20', to_week: '2034-W20', seats: 0 });
  assert.equal(one.status, 201, JSON.stringify(one.body));
  assert.deepEqual(one.body.patterns, ['full']);
  assert.equal(one.body.note, '');
  assert.equal(one.body.to_week, '2034-W20');
  assert.equal(count(`SELECT to_week - from_week FROM capacity WHERE id = ${one.body.id}`), 1);
  assert.ok((await get(srv.base, `/api/v1/units/${unit}`)).body.capacity.some((c) => c.id === one.body.id));

  // Overlapping a period of the same unit is 409 naming from_week; another unit is fine.
  const clash = await post(srv.base, '/api/v1/capacity', { unit_id: unit, from_week: '2034-W19', to_week: '2034-W30', seats: 1 });
  const e = await expectError(clash, 409, 'from_week', 'overlap');
  assert.match(e.message, /2034-W10 to 2034-W19/);
  const [other] = sql(`SELECT id FROM unit WHERE id <> ${unit} AND id NOT IN
    (SELECT unit_id FROM capacity WHERE to_week > ${weekOf('2034-W01')}) LIMIT 1`);
  const elsewhere = await post(srv.base, '/api/v1/capacity', { unit_id: other.id, from_week: '2034-W19', to_week: '2034-W30', seats: 1 });
  assert.equal(elsewhere.status, 201);
});

test('POST capacity: every field is checked and named, nothing is written', async () => {
  const unit = freeUnit(2035);
  const good = { unit_id: unit, from_week: '2035-W10', to_week: '2035-W19', seats: 2 };
  const maxUnit = count('SELECT max(id) FROM unit');
  const before_ = count('SELECT count(*) FROM capacity');
  const without = (k) => Object.fromEntries(Object.entries(good).filter(([key]) => key !== k));
  const bad = [
    [without('unit_id'), 'unit_id'], [{ ...good, unit_id: String(unit) }, 'unit_id'], [{ ...good, unit_id: 0 }, 'unit_id'],
    [{ ...good, unit_id: maxUnit + 1 }, 'unit_id'], [{ ...good, unit_id: null }, 'unit_id'],
    [without('from_week'), 'from_week'], [{ ...good, from_week: '2035-10' }, 'from_week'],
    [{ ...good, from_week: '2035-W60' }, 'from_week'], [{ ...good, from_week: 2035 }, 'from_week'],
    [without('to_week'), 'to_week'], [{ ...good, to_week: '2035-W09' }, 'to_week'], [{ ...good, to_week: '' }, 'to_week'],
    [without('seats'), 'seats'], [{ ...good, seats: -1 }, 'seats'], [{ ...good, seats: 1001 }, 'seats'],
    [{ ...good, seats: '2' }, 'seats'], [{ ...good, seats: 1.5 }, 'seats'],
    [{ ...good, patterns: [] }, 'patterns'], [{ ...good, patterns: ['full', 'weekly'] }, 'patterns'],
    [{ ...good, patterns: 'full' }, 'patterns'],
    [{ ...good, note: 'x'.repeat(201) }, 'note'], [{ ...good, note: 5 }, 'note'],
    [{ ...good, id: 3 }, 'id'], [{ ...good, to: '2035-W19' }, 'to'],
  ];
  for (const [body, field] of bad)
    await expectError(await post(srv.base, '/api/v1/capacity', body), 422, field, JSON.stringify(body).slice(0, 90));
  for (const text of ['{"unit_id": 1,', '[1]', 'null'])
    await expectError(await call(srv.base, 'POST', '/api/v1/capacity', text), 400, undefined, `body ${text}`);
  assert.equal(count('SELECT count(*) FROM capacity'), before_);
});

test('PATCH capacity: fields overlay the period; overlap excludes itself; audited', async () => {
  const unit = freeUnit(2036);
  const a = (await post(srv.base, '/api/v1/capacity', { unit_id: unit, from_week: '2036-W01', to_week: '2036-W10', seats: 2 })).body;
  const b = (await post(srv.base, '/api/v1/capacity', { unit_id: unit, from_week: '2036-W20', to_week: '2036-W30', seats: 1 })).body;
  assert.ok(a.id && b.id);

  const r = await patch(srv.base, `/api/v1/capacity/${a.id}`, { seats: 3, note: 'sommar', patterns: ['half'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { ...a, seats: 3, note: 'sommar', patterns: ['half'], warnings: [] });
  const audit = lastAudit('capacity', a.id);
  assert.equal(audit.action, 'update');
  assert.equal(audit.before.seats, 2);
  assert.equal(audit.after.seats, 3);
  assert.equal(audit.after.note, 'sommar');

  // Its own weeks never clash; up to the week before b is fine, b's first week is not.
  const grown = await patch(srv.base, `/api/v1/capacity/${a.id}`, { from_week: '2035-W50', to_week: '2036-W19' });
  assert.equal(grown.status, 200, JSON.stringify(grown.body));
  assert.equal(count(`SELECT to_week FROM capacity WHERE id = ${a.id}`), weekOf('2036-W19') + 1);
  const e = await expectError(await patch(srv.base, `/api/v1/capacity/${a.id}`, { to_week: '2036-W20' }), 409, 'from_week', 'overlap');
  assert.match(e.message, /2036-W20 to 2036-W30/);
  assert.equal(count(`SELECT to_week FROM capacity WHERE id = ${a.id}`), weekOf('2036-W19') + 1, 'unchanged');

  const before_ = capacityRows(`WHERE id = ${a.id}`)[0];
  const audits = count('SELECT count(*) FROM audit_log');
  const bad = [
    [{ to_week: '2035-W40' }, 'to_week'], [{ from_week: '2036-W25' }, 'from_week'],
    [{ from_week: '2036-W01', to_week: '2035-W52' }, 'to_week'],
    [{ seats: 1001 }, 'seats'], [{ seats: null }, 'seats'], [{ patterns: [] }, 'patterns'],
    [{ note: 'x'.repeat(201) }, 'note'], [{ unit_id: unit }, 'unit_id'], [{ id: 4 }, 'id'],
    [{ seats: 1, from_week: 'soon' }, 'from_week'],
  ];
  for (const [body, field] of bad)
    await expectError(await patch(srv.base, `/api/v1/capacity/${a.id}`, body), 422, field, JSON.stringify(body));
  assert.deepEqual(capacityRows(`WHERE id = ${a.id}`)[0], before_);
  assert.equal(count('SELECT count(*) FROM audit_log'), audits, 'refused writes leave no audit row');
  await expectError(await call(srv.base, 'PATCH', `/api/v1/capacity/${a.id}`, '{"seats":'), 400, undefined, 'malformed');
  const max = count('SELECT max(id) FROM capacity');
  await expectError(await patch(srv.base, `/api/v1/capacity/${max + 1}`, { seats: 1 }), 404, undefined, 'unknown');
});

// A period whose weeks bookings occupy, with the peak occupancy from this
// week on; with ongoing, one that started before this week.
function bookedPeriod(minPeak, ongoing = false) {
  const periods = sql(`SELECT c.id, c.unit_id, c.from_week, c.to_week, c.seats FROM capacity c
    WHERE EXISTS (SELECT 1 FROM booking b WHERE b.unit_id = c.unit_id AND b.status IN ${HOLDING}
      AND b.start_week < c.to_week AND b.end_week > c.from_week) ORDER BY c.id`);
  for (const p of periods) {
    const books = sql(`SELECT start_week, end_week, pattern FROM booking WHERE unit_id = ${p.unit_id}
      AND status IN ${HOLDING} AND start_week < ${p.to_week} AND end_week > ${p.from_week}`);
    let peak = 0;
    for (let w = Math.max(p.from_week, thisWeek()); w < p.to_week; w++) {
      let used = 0;
      for (const b of books) if (b.start_week <= w && w < b.end_week) used += occupancy(b.pattern, w - b.start_week);
      peak = Math.max(peak, used);
    }
    if (ongoing && !(p.from_week < thisWeek() && thisWeek() < p.to_week)) continue;
    if (peak >= minPeak && overbooked(p.unit_id, p.from_week, p.to_week).length === 0) return { ...p, peak };
  }
  assert.fail(`no booked period with a peak of ${minPeak}`);
}

test('PATCH capacity: fewer seats than bookings occupy is allowed and warns week by week', async () => {
  const p = bookedPeriod(100, true);
  const seats = Math.ceil(p.peak / 100) - 1; // the peak week no longer fits
  const r = await patch(srv.base, `/api/v1/capacity/${p.id}`, { seats });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.seats, seats);
  const want = overbooked(p.unit_id, p.from_week, p.to_week);
  assert.ok(want.length > 0);
  assert.deepEqual(r.body.warnings.map(({ week, seats: s, occupancy_pct }) => ({ week, seats: s, occupancy_pct })), want);
  for (const w of r.body.warnings) {
    assert.ok(weekOf(w.week) >= thisWeek(), `${w.week}: past weeks are history, not warnings`);
    assert.equal(w.code, 'overbooked');
    assert.match(w.message, new RegExp(`^${w.week}: `));
  }

  // Shrinking the period: the weeks it gives up have no seats, and are named too.
  const cut = p.to_week - 1;
  const shrunk = await patch(srv.base, `/api/v1/capacity/${p.id}`, { seats: 1000, to_week: isoOf(cut - 1) });
  assert.equal(shrunk.status, 200, JSON.stringify(shrunk.body));
  const wantCut = overbooked(p.unit_id, p.from_week, p.to_week);
  assert.deepEqual(shrunk.body.warnings.map((w) => w.week), wantCut.map((w) => w.week));
  assert.ok(wantCut.every((w) => weekOf(w.week) >= cut && w.seats === 0));
});

test('DELETE capacity: refused while bookings occupy it; otherwise gone, audited', async () => {
  const p = bookedPeriod(1);
  const e = await expectError(await del(srv.base, `/api/v1/capacity/${p.id}`), 409, undefined, 'booked period');
  assert.match(e.message, /\d{4}-W\d\d/);
  assert.equal(count(`SELECT count(*) FROM capacity WHERE id = ${p.id}`), 1);

  const unit = freeUnit(2037);
  const made = await post(srv.base, '/api/v1/capacity', { unit_id: unit, from_week: '2037-W01', to_week: '2037-W05', seats: 1 });
  assert.equal(made.status, 201);
  // fetch itself: a 204 has no body to parse.
  const r = await fetch(`${srv.base}/api/v1/capacity/${made.body.id}`, { method: 'DELETE', headers: authHeaders(srv.base) });
  assert.equal(r.status, 204);
  assert.equal(await r.text(), '');
  assert.equal(count(`SELECT count(*) FROM capacity WHERE id = ${made.body.id}`), 0);
  const audit = lastAudit('capacity', made.body.id);
  assert.equal(audit.action, 'delete');
  assert.equal(audit.after_json, null);
  assert.equal(audit.before.seats, 1);
  await expectError(await get(srv.base, `/api/v1/capacity/${made.body.id}`), 404, undefined, 'gone');
  await expectError(await del(srv.base, `/api/v1/capacity/${made.body.id}`), 404, undefined, 'twice');
  await expectError(await del(srv.base, '/api/v1/capacity/x'), 404, undefined, 'not an id');
});

test('units and capacity: wrong methods are 405', async () => {
  for (const [m, p] of [['POST', '/api/v1/units'], ['DELETE', '/api/v1/units/1'], ['PUT', '/api/v1/capacity/1'],
    ['PATCH', '/api/v1/capacity'], ['DELETE', '/api/v1/capacity']]) {
    const r = await call(srv.base, m, p, {});
    assert.equal(r.status, 405, `${m} ${p}`);
    errorOf(r);
  }
});
