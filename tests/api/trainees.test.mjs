// Trainees, their leaves and their rotation needs over the API, against a
// running server on a fresh demo region. Expected values come from the
// database file (read with the sqlite3 tool) and from the calendar, never
// from the server's own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, get, post, patch, call, errorOf, authHeaders } from './harness.mjs';

const srv = serveForTests();
const { sql, count, all } = srv;
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

// DELETE answers 204 with no body; read it without parsing JSON.
async function del(path) {
  const res = await fetch(srv.base + path, { method: 'DELETE', headers: authHeaders(srv.base) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

const expectGetError = srv.getError;

async function expectError(method, path, body, status, field) {
  const r = await call(srv.base, method, path, body);
  assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
  const e = errorOf(r);
  if (field !== undefined) assert.equal(e.field, field, `${method} ${path} ${JSON.stringify(body)}`);
  return e;
}

// ---- the calendar, worked out here ----

const DAY = 86400000;
const days = (iso) => Date.parse(iso + 'T00:00:00Z') / DAY;
const dateOf = (d) => new Date(d * DAY).toISOString().slice(0, 10);
const weekday = (iso) => (new Date(iso + 'T00:00:00Z').getUTCDay() + 6) % 7; // Monday 0
// Week serial: weeks since Monday 1969-12-29 (ISO 1970-W01).
const serialOfDate = (iso) => Math.floor((days(iso) - days('1969-12-29')) / 7);
function mondayOfWeek(isoWeek) {
  const [y, w] = isoWeek.split('-W').map(Number);
  const jan4 = days(`${y}-01-04`);
  return dateOf(jan4 - weekday(`${y}-01-04`) + 7 * (w - 1));
}
const isoWeekOfSerial = (serial) => {
  const monday = days('1969-12-29') + 7 * serial;
  const thursday = dateOf(monday + 3);
  const y = Number(thursday.slice(0, 4));
  const first = days(mondayOfWeek(`${y}-W01`));
  return `${y}-W${String((monday - first) / 7 + 1).padStart(2, '0')}`;
};
// The date months later, the day clamped to the month's end.
function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12), nm = total % 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

test('calendar helpers agree with known dates', () => {
  assert.equal(mondayOfWeek('2027-W10'), '2027-03-08');
  assert.equal(mondayOfWeek('2026-W53'), '2026-12-28');
  assert.equal(isoWeekOfSerial(serialOfDate('2027-03-14')), '2027-W10');
  assert.equal(addMonths('2021-08-31', 66), '2027-02-28');
  assert.equal(weekday('2027-01-04'), 0);
});

// ---- trainees ----

const TRAINEE_SQL = `SELECT t.id, p.name, p.email, p.hsa_id, t.specialty_id, sp.code, sp.name_sv,
  sp.name_en, t.regulation, t.home_unit_id, hu.name AS home_name, hu.area_id, hu.region_id,
  t.supervisor_id, t.start_date, t.fte, t.planned_end, t.status,
  (SELECT count(*) FROM rotation_need n WHERE n.trainee_id = t.id AND n.status = 'open') AS open_needs,
  (SELECT coalesce(sum(weeks), 0) FROM rotation_need n WHERE n.trainee_id = t.id AND n.status = 'open') AS open_weeks
  FROM trainee t JOIN person p ON p.id = t.person_id JOIN specialty sp ON sp.id = t.specialty_id
  JOIN unit hu ON hu.id = t.home_unit_id`;

function assertTraineeMatches(item, row) {
  assert.equal(item.id, row.id);
  assert.equal(item.name, row.name);
  assert.equal(item.email, row.email);
  assert.equal(item.hsa_id, row.hsa_id);
  assert.deepEqual(item.specialty, { id: row.specialty_id, code: row.code, name_sv: row.name_sv, name_en: row.name_en });
  assert.equal(item.regulation, row.regulation);
  assert.equal(item.home_unit.id, row.home_unit_id);
  assert.equal(item.home_unit.name, row.home_name);
  assert.equal(item.home_unit.area_id, row.area_id);
  assert.equal(item.home_unit.region_id, row.region_id);
  assert.equal(item.supervisor_id, row.supervisor_id);
  assert.equal(item.start_date, row.start_date);
  assert.equal(item.fte, row.fte);
  assert.equal(item.planned_end, row.planned_end);
  assert.equal(item.status, row.status);
  assert.equal(item.open_needs, row.open_needs);
  assert.equal(item.open_need_weeks, row.open_weeks);
}

test('trainees: the first page is ordered by name and counts every trainee', async () => {
  const r = await get(srv.base, '/api/v1/trainees');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, count('SELECT count(*) FROM trainee'));
  assert.equal(r.body.limit, 50);
  assert.equal(r.body.offset, 0);
  const rows = sql(`${TRAINEE_SQL} ORDER BY p.name, t.id LIMIT 50`);
  assert.equal(r.body.items.length, 50);
  r.body.items.forEach((item, i) => assertTraineeMatches(item, rows[i]));
});

test('trainees: every item of every page matches its rows, needs counted', async () => {
  const { items, total } = await all('/api/v1/trainees');
  assert.equal(items.length, total);
  const rows = sql(`${TRAINEE_SQL} ORDER BY p.name, t.id`);
  assert.equal(items.length, rows.length);
  items.forEach((item, i) => assertTraineeMatches(item, rows[i]));
  assert.ok(items.some((it) => it.open_needs > 1), 'some trainee has several open needs');
});

test('trainees: limit and offset pick the same slice as the database', async () => {
  const r = await get(srv.base, '/api/v1/trainees?limit=7&offset=300');
  assert.equal(r.status, 200);
  assert.equal(r.body.limit, 7);
  assert.equal(r.body.offset, 300);
  const ids = sql('SELECT t.id FROM trainee t JOIN person p ON p.id = t.person_id ORDER BY p.name, t.id LIMIT 7 OFFSET 300').map((x) => x.id);
  assert.deepEqual(r.body.items.map((x) => x.id), ids);
});

test('trainees: each filter gives exactly the matching trainees', async () => {
  const gp = sql("SELECT id FROM specialty WHERE code = 'allmanmedicin'")[0].id;
  const unit = sql('SELECT home_unit_id AS id FROM trainee GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')[0].id;
  const area = sql('SELECT id FROM area ORDER BY id LIMIT 1 OFFSET 1')[0].id;
  const region = sql('SELECT id FROM region LIMIT 1')[0].id;
  const cases = [
    [`specialty=${gp}`, `t.specialty_id = ${gp}`],
    ['specialty=allmanmedicin', `t.specialty_id = ${gp}`],
    [`home_unit=${unit}`, `t.home_unit_id = ${unit}`],
    [`area=${area}`, `hu.area_id = ${area}`],
    [`region=${region}`, `hu.region_id = ${region}`],
    ['status=on_leave', "t.status = 'on_leave'"],
    ['regulation=2015', "t.regulation = '2015'"],
    [`specialty=${gp}&area=${area}&status=active`, `t.specialty_id = ${gp} AND hu.area_id = ${area} AND t.status = 'active'`],
  ];
  for (const [args, where] of cases) {
    const { items, total } = await all(`/api/v1/trainees?${args}`);
    const ids = sql(`SELECT t.id FROM trainee t JOIN person p ON p.id = t.person_id
      JOIN unit hu ON hu.id = t.home_unit_id WHERE ${where} ORDER BY p.name, t.id`).map((x) => x.id);
    assert.ok(ids.length > 0, `${args} matches some trainee in the demo`);
    assert.equal(total, ids.length, args);
    assert.deepEqual(items.map((x) => x.id), ids, args);
  }
  const none = await get(srv.base, '/api/v1/trainees?region=999999');
  assert.equal(none.status, 200);
  assert.equal(none.body.total, 0);
  assert.deepEqual(none.body.items, []);
});

test('trainees: q finds text in the name or the e-mail, ignoring case', async () => {
  const someone = sql('SELECT p.name, p.email FROM trainee t JOIN person p ON p.id = t.person_id ORDER BY t.id LIMIT 1 OFFSET 17')[0];
  const last = someone.name.split(' ').pop();
  for (const text of [last.toUpperCase(), someone.email.split('@')[0]]) {
    const { items, total } = await all(`/api/v1/trainees?q=${encodeURIComponent(text)}`);
    const lower = text.toLowerCase();
    const expected = sql(`SELECT p.name, p.email FROM trainee t JOIN person p ON p.id = t.person_id`)
      .filter((p) => p.name.toLowerCase().includes(lower) || p.email.toLowerCase().includes(lower));
    assert.equal(total, expected.length, text);
    assert.ok(items.some((it) => it.email === someone.email), text);
    for (const it of items)
      assert.ok(it.name.toLowerCase().includes(lower) || it.email.toLowerCase().includes(lower), `${text}: ${it.name}`);
  }
  const wild = await get(srv.base, '/api/v1/trainees?q=%25');
  assert.equal(wild.status, 200);
  assert.equal(wild.body.total, 0, 'a % is text, not a wildcard');
});

test('trainees: q folds Swedish capitals as the reference lists do', async () => {
  // A trainee whose name has a capital Å, Ä or Ö ("Åsa", "Öberg"): the
  // word written in small letters finds them, and in capitals too.
  const someone = sql(`SELECT p.name, p.email FROM trainee t JOIN person p ON p.id = t.person_id
    WHERE p.name LIKE '%Å%' OR p.name LIKE '%Ä%' OR p.name LIKE '%Ö%' ORDER BY t.id LIMIT 1`)[0];
  assert.ok(someone, 'the demo has a trainee with Å, Ä or Ö in the name');
  const word = someone.name.split(' ').find((w) => /[ÅÄÖ]/.test(w));
  for (const text of [word.toLowerCase(), word.toUpperCase()]) {
    const { items } = await all(`/api/v1/trainees?q=${encodeURIComponent(text)}`);
    assert.ok(items.some((it) => it.email === someone.email), `${text} finds ${someone.name}`);
    for (const it of items)
      assert.ok(it.name.toLowerCase().includes(word.toLowerCase()) || it.email.toLowerCase().includes(word.toLowerCase()),
        `${text}: ${it.name}`);
  }
});

test('trainees: bad query arguments are 400 naming the argument', async () => {
  for (const [args, field] of [
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['offset=-1', 'offset'], ['limit=x', 'limit'],
    ['specialty=no-such-specialty', 'specialty'], ['specialty=0', 'specialty'],
    ['home_unit=abc', 'home_unit'], ['area=0', 'area'], ['region=-2', 'region'],
    ['status=retired', 'status'], ['regulation=2019', 'regulation'],
    [`q=${'x'.repeat(201)}`, 'q'],
  ])
    await expectGetError(`/api/v1/trainees?${args}`, 400, field);
});

test('trainee: one trainee with person, leaves, needs and projected end', async () => {
  const id = sql(`SELECT t.id FROM trainee t WHERE (SELECT count(*) FROM leave l WHERE l.trainee_id = t.id) = 2
    AND (SELECT count(*) FROM rotation_need n WHERE n.trainee_id = t.id) > 1 LIMIT 1`)[0].id;
  const r = await get(srv.base, `/api/v1/trainees/${id}`);
  assert.equal(r.status, 200);
  assertTraineeMatches(r.body, sql(`${TRAINEE_SQL} WHERE t.id = ${id}`)[0]);
  const leaves = sql(`SELECT id, trainee_id, from_date, to_date, kind FROM leave WHERE trainee_id = ${id} ORDER BY from_date`);
  assert.deepEqual(r.body.leaves, leaves);
  const needs = sql(`SELECT id, specialty_id, weeks, patterns, preferred_start, status FROM rotation_need
    WHERE trainee_id = ${id} ORDER BY id`);
  assert.equal(r.body.needs.length, needs.length);
  const names = ['full', 'split4', 'split3', 'half', 'alternate'];
  r.body.needs.forEach((n, i) => {
    const row = needs[i];
    assert.equal(n.id, row.id);
    assert.equal(n.trainee_id, id);
    assert.equal(n.specialty_id, row.specialty_id);
    assert.equal(n.weeks, row.weeks);
    assert.equal(n.status, row.status);
    assert.deepEqual(n.patterns, names.filter((_, b) => row.patterns & (1 << b)));
    assert.equal(n.preferred_start, row.preferred_start === null ? null : isoWeekOfSerial(row.preferred_start));
    const goals = sql(`SELECT goal_id FROM need_goal WHERE need_id = ${row.id} ORDER BY goal_id`).map((g) => g.goal_id);
    assert.deepEqual(n.goal_ids, goals);
    assert.deepEqual(n.unit_ids, []);
  });
  // The demo plans each end with the leave already in it, so the plan stands.
  assert.equal(r.body.projected_end, r.body.planned_end);
  assert.ok(r.body.projection.earliest_end <= r.body.planned_end);
  assert.equal(r.body.projection.minimum_months, r.body.regulation === '2021' ? 66 : 60);
});

test('trainee: unknown ids are 404', async () => {
  await expectGetError('/api/v1/trainees/999999', 404);
  await expectGetError('/api/v1/trainees/abc', 404);
  await expectGetError('/api/v1/trainees/0', 404);
});

// A valid new trainee's body, from rows of the demo.
function newTraineeBody(tag) {
  const home = sql("SELECT u.id, u.specialty_id FROM unit u JOIN specialty s ON s.id = u.specialty_id WHERE s.code = 'allmanmedicin' LIMIT 1")[0];
  const sup = sql(`SELECT id FROM supervisor WHERE unit_id = ${home.id} LIMIT 1`)[0];
  return {
    name: `Test Testsson ${tag}`, email: `test.${tag}@example.se`, hsa_id: null,
    specialty_id: home.specialty_id, regulation: '2015', home_unit_id: home.id,
    supervisor_id: sup ? sup.id : null, start_date: '2027-01-04', fte: 100, planned_end: '2032-01-03',
  };
}

test('trainee create: person and trainee in one write, shown as GET shows it', async () => {
  const body = { ...newTraineeBody('create'), hsa_id: 'SE2321000255-T1', status: 'active' };
  const r = await post(srv.base, '/api/v1/trainees', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const row = sql(`${TRAINEE_SQL} WHERE p.email = ${q(body.email)}`)[0];
  assert.ok(row, 'the trainee is in the database');
  assertTraineeMatches(r.body, row);
  assert.equal(r.body.hsa_id, 'SE2321000255-T1');
  assert.deepEqual(r.body.leaves, []);
  assert.deepEqual(r.body.needs, []);
  assert.equal(r.body.projected_end, body.planned_end);
  const again = await get(srv.base, `/api/v1/trainees/${r.body.id}`);
  assert.deepEqual(again.body, r.body);
});

test('trainee create: every field is checked before anything is written', async () => {
  const persons = count('SELECT count(*) FROM person');
  const good = newTraineeBody('bad');
  const cases = [
    [{ name: undefined }, 'name'], [{ name: '' }, 'name'], [{ name: 7 }, 'name'],
    [{ email: undefined }, 'email'], [{ email: 'no-at-sign' }, 'email'],
    [{ hsa_id: 'SE123' }, 'hsa_id'],
    [{ specialty_id: undefined }, 'specialty_id'], [{ specialty_id: 'x' }, 'specialty_id'], [{ specialty_id: 999999 }, 'specialty_id'],
    [{ regulation: '2019' }, 'regulation'], [{ regulation: 2015 }, 'regulation'], [{ regulation: undefined }, 'regulation'],
    [{ home_unit_id: undefined }, 'home_unit_id'], [{ home_unit_id: 999999 }, 'home_unit_id'],
    [{ supervisor_id: 999999 }, 'supervisor_id'], [{ supervisor_id: 0 }, 'supervisor_id'],
    [{ start_date: '2027-02-30' }, 'start_date'], [{ start_date: undefined }, 'start_date'],
    [{ fte: 0 }, 'fte'], [{ fte: 101 }, 'fte'], [{ fte: 50.5 }, 'fte'], [{ fte: undefined }, 'fte'],
    [{ planned_end: '2026-12-31' }, 'planned_end'], [{ planned_end: 'soon' }, 'planned_end'],
    [{ status: 'retired' }, 'status'],
    [{ colour: 'blue' }, 'colour'],
  ];
  for (const [change, field] of cases) {
    const body = { ...good, ...change };
    for (const k of Object.keys(change)) if (change[k] === undefined) delete body[k];
    await expectError('POST', '/api/v1/trainees', body, 422, field);
  }
  const taken = sql('SELECT email FROM person LIMIT 1')[0].email;
  await expectError('POST', '/api/v1/trainees', { ...good, email: taken }, 409, 'email');
  await expectError('POST', '/api/v1/trainees', '{"name": ', 400);
  await expectError('POST', '/api/v1/trainees', '[1, 2]', 400);
  assert.equal(count('SELECT count(*) FROM person'), persons, 'no refused create wrote a person');
});

test('trainee update: trainee and person fields change, each audited', async () => {
  const made = await post(srv.base, '/api/v1/trainees', newTraineeBody('update'));
  assert.equal(made.status, 201);
  const id = made.body.id;
  const audits = count(`SELECT count(*) FROM audit_log WHERE entity IN ('trainee', 'person')`);
  const other = sql(`SELECT id FROM unit WHERE id <> ${made.body.home_unit.id} AND takes_trainees = 1 LIMIT 1`)[0].id;
  const r = await patch(srv.base, `/api/v1/trainees/${id}`, {
    fte: 75, planned_end: '2033-06-30', status: 'on_leave', supervisor_id: null,
    home_unit_id: other, name: 'Test Ändrad', email: 'test.changed@example.se',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const row = sql(`${TRAINEE_SQL} WHERE t.id = ${id}`)[0];
  assertTraineeMatches(r.body, row);
  assert.equal(row.fte, 75);
  assert.equal(row.planned_end, '2033-06-30');
  assert.equal(row.status, 'on_leave');
  assert.equal(row.supervisor_id, null);
  assert.equal(row.home_unit_id, other);
  assert.equal(row.name, 'Test Ändrad');
  assert.equal(row.email, 'test.changed@example.se');
  const logged = sql(`SELECT entity, action, before_json, after_json FROM audit_log
    WHERE entity IN ('trainee', 'person') ORDER BY id`).slice(audits);
  assert.deepEqual(logged.map((a) => `${a.entity} ${a.action}`).sort(), ['person update', 'trainee update']);
  const t = logged.find((a) => a.entity === 'trainee');
  assert.equal(JSON.parse(t.before_json).fte, 100);
  assert.equal(JSON.parse(t.after_json).fte, 75);
  // A field left out keeps its value.
  const again = await patch(srv.base, `/api/v1/trainees/${id}`, { fte: 80 });
  assert.equal(again.status, 200);
  assert.equal(again.body.planned_end, '2033-06-30');
  assert.equal(again.body.name, 'Test Ändrad');
});

test('trainee update: bad values are refused by name and change nothing', async () => {
  const id = sql('SELECT id FROM trainee ORDER BY id LIMIT 1')[0].id;
  const before = sql(`${TRAINEE_SQL} WHERE t.id = ${id}`)[0];
  for (const [body, field] of [
    [{ fte: 0 }, 'fte'], [{ planned_end: before.start_date }, 'planned_end'],
    [{ home_unit_id: 999999 }, 'home_unit_id'], [{ specialty_id: 999999 }, 'specialty_id'],
    [{ supervisor_id: 999999 }, 'supervisor_id'], [{ status: 'gone' }, 'status'],
    [{ email: 'nope' }, 'email'], [{ person_id: 3 }, 'person_id'], [{ colour: 1 }, 'colour'],
  ])
    await expectError('PATCH', `/api/v1/trainees/${id}`, body, 422, field);
  const taken = sql(`SELECT email FROM person WHERE id <> (SELECT person_id FROM trainee WHERE id = ${id}) LIMIT 1`)[0].email;
  await expectError('PATCH', `/api/v1/trainees/${id}`, { email: taken }, 409, 'email');
  await expectError('PATCH', `/api/v1/trainees/${id}`, '{oops', 400);
  await expectError('PATCH', '/api/v1/trainees/999999', { fte: 50 }, 404);
  assert.deepEqual(sql(`${TRAINEE_SQL} WHERE t.id = ${id}`)[0], before);
});

test('trainee: leave pushes the projected end of a plan made at the minimum', async () => {
  // SOSFS 2015:8, full time from Monday 2027-01-04: the minimum of 60
  // months ends the day before 2032-01-04.
  const start = '2027-01-04';
  const minimumEnd = dateOf(days(addMonths(start, 60)) - 1);
  const made = await post(srv.base, '/api/v1/trainees', { ...newTraineeBody('projection'), start_date: start, planned_end: minimumEnd });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.projected_end, minimumEnd);
  assert.equal(made.body.projection.earliest_end, minimumEnd);
  // Two weeks of leave: ten weekdays not served, so the last weekday
  // served moves ten weekdays later.
  const l = await post(srv.base, '/api/v1/leaves', { trainee_id: made.body.id, from_date: '2028-03-06', to_date: '2028-03-19', kind: 'parental' });
  assert.equal(l.status, 201, JSON.stringify(l.body));
  let last = days(minimumEnd);
  while (weekday(dateOf(last)) > 4) last--;
  for (let n = 0; n < 10; last++) if (weekday(dateOf(last + 1)) <= 4) n++;
  const r = await get(srv.base, `/api/v1/trainees/${made.body.id}`);
  assert.equal(r.body.projected_end, dateOf(last));
  assert.equal(r.body.projection.leave_weekdays, 10);
  assert.equal(r.body.planned_end, minimumEnd, 'the plan itself is not rewritten');
});

// ---- leaves ----

test('leaves: the list counts every leave and filters by trainee, kind and weeks', async () => {
  const { items, total } = await all('/api/v1/leaves');
  assert.equal(total, count('SELECT count(*) FROM leave'));
  assert.deepEqual(items, sql('SELECT id, trainee_id, from_date, to_date, kind FROM leave ORDER BY trainee_id, from_date, id'));

  const tid = sql('SELECT trainee_id FROM leave GROUP BY 1 HAVING count(*) = 2 LIMIT 1')[0].trainee_id;
  const mine = await all(`/api/v1/leaves?trainee=${tid}`);
  assert.deepEqual(mine.items.map((l) => l.id), sql(`SELECT id FROM leave WHERE trainee_id = ${tid} ORDER BY from_date`).map((x) => x.id));

  const sick = await all('/api/v1/leaves?kind=sick');
  assert.equal(sick.total, count("SELECT count(*) FROM leave WHERE kind = 'sick'"));
  assert.ok(sick.items.every((l) => l.kind === 'sick'));

  // Weeks 2027-W10 to 2027-W20: Monday 2027-03-08 to Sunday 2027-05-23.
  const from = mondayOfWeek('2027-W10'), to = dateOf(days(mondayOfWeek('2027-W20')) + 6);
  assert.equal(to, '2027-05-23');
  const span = await all('/api/v1/leaves?from=2027-W10&to=2027-W20');
  const ids = sql(`SELECT id FROM leave WHERE to_date >= '${from}' AND from_date <= '${to}' ORDER BY trainee_id, from_date, id`).map((x) => x.id);
  assert.ok(ids.length > 0);
  assert.deepEqual(span.items.map((l) => l.id), ids);
  const open = await all('/api/v1/leaves?from=2027-W10');
  assert.equal(open.total, count(`SELECT count(*) FROM leave WHERE to_date >= '${from}'`));
});

test('leaves: bad query arguments are 400 naming the argument', async () => {
  for (const [args, field] of [
    ['trainee=0', 'trainee'], ['kind=holiday', 'kind'], ['from=2027-W99', 'from'],
    ['to=2027-13', 'to'], ['from=2027-W20&to=2027-W10', 'to'], ['limit=9999', 'limit'],
  ])
    await expectGetError(`/api/v1/leaves?${args}`, 400, field);
});

// A trainee's weekday that no leave of theirs covers, around a held booking.
function bookingWithoutLeave() {
  return sql(`SELECT b.id, b.trainee_id, b.start_week, b.end_week FROM booking b
    WHERE b.status IN ('requested', 'confirmed') AND NOT EXISTS (SELECT 1 FROM leave l
      WHERE l.trainee_id = b.trainee_id AND l.to_date >= date('1969-12-29', '+' || (7 * b.start_week - 7) || ' days')
      AND l.from_date <= date('1969-12-29', '+' || (7 * b.end_week + 7) || ' days'))
    ORDER BY b.id LIMIT 1`)[0];
}

test('leave create: a new leave, with warnings naming the held bookings it meets', async () => {
  const b = bookingWithoutLeave();
  // Tuesday to Thursday of the booking's first week.
  const monday = days('1969-12-29') + 7 * b.start_week;
  const body = { trainee_id: b.trainee_id, from_date: dateOf(monday + 1), to_date: dateOf(monday + 3), kind: 'sick' };
  const r = await post(srv.base, '/api/v1/leaves', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const row = sql(`SELECT id, trainee_id, from_date, to_date, kind FROM leave WHERE id = ${r.body.id}`)[0];
  assert.deepEqual({ ...r.body, warnings: undefined }, { ...row, warnings: undefined });
  const w = serialOfDate(body.from_date);
  const held = sql(`SELECT id FROM booking WHERE trainee_id = ${b.trainee_id} AND status IN ('requested', 'confirmed')
    AND start_week <= ${w} AND end_week > ${w} ORDER BY id`).map((x) => x.id);
  assert.ok(held.includes(b.id));
  assert.equal(r.body.warnings.length, 1);
  assert.equal(r.body.warnings[0].code, 'booking_overlap');
  assert.deepEqual(r.body.warnings[0].booking_ids, held);
  // GET repeats the warning while the booking holds.
  const g = await get(srv.base, `/api/v1/leaves/${r.body.id}`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, r.body);
});

test('leave create: a leave far from any booking has no warning', async () => {
  const t = sql(`SELECT t.id FROM trainee t WHERE NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = t.id)
    AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = t.id AND b.end_week > ${serialOfDate('2035-01-01')}) LIMIT 1`)[0];
  const r = await post(srv.base, '/api/v1/leaves', { trainee_id: t.id, from_date: '2035-02-05', to_date: '2035-02-09', kind: 'leave_of_absence' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(r.body.warnings, []);
});

test('leave create: overlapping another leave of the trainee is 409 on from_date', async () => {
  const l = sql(`SELECT trainee_id, from_date, to_date FROM leave
    WHERE trainee_id IN (SELECT trainee_id FROM leave GROUP BY 1 HAVING count(*) = 1) ORDER BY id LIMIT 1`)[0];
  const before = count('SELECT count(*) FROM leave');
  await expectError('POST', '/api/v1/leaves', { trainee_id: l.trainee_id, from_date: l.to_date, to_date: dateOf(days(l.to_date) + 3), kind: 'sick' }, 409, 'from_date');
  await expectError('POST', '/api/v1/leaves', { trainee_id: l.trainee_id, from_date: dateOf(days(l.from_date) - 3), to_date: l.from_date, kind: 'other' }, 409, 'from_date');
  assert.equal(count('SELECT count(*) FROM leave'), before);
  // The day after is free.
  const r = await post(srv.base, '/api/v1/leaves', { trainee_id: l.trainee_id, from_date: dateOf(days(l.to_date) + 1), to_date: dateOf(days(l.to_date) + 1), kind: 'sick' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

test('leave create: every field is checked', async () => {
  const tid = sql('SELECT id FROM trainee ORDER BY id DESC LIMIT 1')[0].id;
  const good = { trainee_id: tid, from_date: '2036-03-02', to_date: '2036-03-06', kind: 'sick' };
  const before = count('SELECT count(*) FROM leave');
  for (const [change, field] of [
    [{ trainee_id: undefined }, 'trainee_id'], [{ trainee_id: 999999 }, 'trainee_id'], [{ trainee_id: 'x' }, 'trainee_id'],
    [{ from_date: undefined }, 'from_date'], [{ from_date: '2036-02-30' }, 'from_date'],
    [{ to_date: undefined }, 'to_date'], [{ to_date: '2036-03-01' }, 'to_date'],
    [{ kind: 'holiday' }, 'kind'], [{ kind: undefined }, 'kind'], [{ note: 'x' }, 'note'],
  ]) {
    const body = { ...good, ...change };
    for (const k of Object.keys(change)) if (change[k] === undefined) delete body[k];
    await expectError('POST', '/api/v1/leaves', body, 422, field);
  }
  await expectError('POST', '/api/v1/leaves', 'not json', 400);
  assert.equal(count('SELECT count(*) FROM leave'), before);
});

test('leave: get, update and delete one leave, with audit rows', async () => {
  const tid = sql('SELECT id FROM trainee ORDER BY id DESC LIMIT 1 OFFSET 1')[0].id;
  const made = await post(srv.base, '/api/v1/leaves', { trainee_id: tid, from_date: '2037-05-04', to_date: '2037-05-08', kind: 'sick' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const other = await post(srv.base, '/api/v1/leaves', { trainee_id: tid, from_date: '2037-06-01', to_date: '2037-06-05', kind: 'other' });
  assert.equal(other.status, 201);
  const id = made.body.id;

  const up = await patch(srv.base, `/api/v1/leaves/${id}`, { to_date: '2037-05-22', kind: 'parental' });
  assert.equal(up.status, 200, JSON.stringify(up.body));
  assert.deepEqual(sql(`SELECT from_date, to_date, kind FROM leave WHERE id = ${id}`)[0],
    { from_date: '2037-05-04', to_date: '2037-05-22', kind: 'parental' });
  assert.equal(up.body.to_date, '2037-05-22');
  const audit = sql(`SELECT action, actor, before_json, after_json FROM audit_log
    WHERE entity = 'leave' AND entity_id = ${id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => [a.action, a.actor]), [['insert', 'tester'], ['update', 'tester']]);
  assert.equal(audit[0].before_json, null);
  assert.equal(JSON.parse(audit[0].after_json).to_date, '2037-05-08');
  assert.equal(JSON.parse(audit[1].before_json).to_date, '2037-05-08');
  assert.equal(JSON.parse(audit[1].after_json).kind, 'parental');

  await expectError('PATCH', `/api/v1/leaves/${id}`, { to_date: '2037-06-01' }, 409, 'from_date');
  await expectError('PATCH', `/api/v1/leaves/${id}`, { to_date: '2037-05-01' }, 422, 'to_date');
  await expectError('PATCH', `/api/v1/leaves/${id}`, { kind: 'x' }, 422, 'kind');
  await expectError('PATCH', `/api/v1/leaves/${id}`, { trainee_id: tid + 1 }, 422, 'trainee_id');
  await expectError('PATCH', `/api/v1/leaves/${id}`, { days: 3 }, 422, 'days');
  await expectError('PATCH', `/api/v1/leaves/${id}`, '{', 400);
  await expectError('PATCH', '/api/v1/leaves/999999', { kind: 'sick' }, 404);
  assert.equal(sql(`SELECT to_date FROM leave WHERE id = ${id}`)[0].to_date, '2037-05-22');

  const gone = await del(`/api/v1/leaves/${id}`);
  assert.equal(gone.status, 204);
  assert.equal(gone.body, null);
  assert.equal(count(`SELECT count(*) FROM leave WHERE id = ${id}`), 0);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity = 'leave' AND entity_id = ${id} AND action = 'delete'`), 1);
  await expectGetError(`/api/v1/leaves/${id}`, 404);
  assert.equal((await del(`/api/v1/leaves/${id}`)).status, 404);
  await expectGetError('/api/v1/leaves/abc', 404);
});

// ---- needs ----

const NEED_SQL = `SELECT n.id, n.trainee_id, p.name AS trainee_name, n.specialty_id, sp.code, sp.name_sv, sp.name_en,
  n.weeks, n.patterns, n.preferred_start, n.status
  FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id JOIN person p ON p.id = t.person_id
  JOIN unit hu ON hu.id = t.home_unit_id LEFT JOIN specialty sp ON sp.id = n.specialty_id`;
const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];

// The unit and goal links of needs, by need id, in two queries.
function linksOf(ids) {
  const units = new Map(ids.map((id) => [id, []])), goals = new Map(ids.map((id) => [id, []]));
  const list = ids.join(', ');
  for (const r of sql(`SELECT need_id, unit_id FROM need_unit WHERE need_id IN (${list}) ORDER BY need_id, unit_id`))
    units.get(r.need_id).push(r.unit_id);
  for (const r of sql(`SELECT need_id, goal_id FROM need_goal WHERE need_id IN (${list}) ORDER BY need_id, goal_id`))
    goals.get(r.need_id).push(r.goal_id);
  return { units, goals };
}

function assertNeedMatches(item, row, links = linksOf([row.id])) {
  assert.equal(item.id, row.id);
  assert.equal(item.trainee_id, row.trainee_id);
  assert.deepEqual(item.trainee, { id: row.trainee_id, name: row.trainee_name });
  assert.equal(item.specialty_id, row.specialty_id);
  assert.deepEqual(item.specialty, row.specialty_id === null ? null
    : { id: row.specialty_id, code: row.code, name_sv: row.name_sv, name_en: row.name_en });
  assert.equal(item.weeks, row.weeks);
  assert.deepEqual(item.patterns, PATTERNS.filter((_, b) => row.patterns & (1 << b)));
  assert.equal(item.preferred_start, row.preferred_start === null ? null : isoWeekOfSerial(row.preferred_start));
  assert.equal(item.status, row.status);
  assert.deepEqual(item.unit_ids, links.units.get(row.id));
  assert.deepEqual(item.goal_ids, links.goals.get(row.id));
}

test('needs: a page carries the trainee name, specialty names, units and goals', async () => {
  const r = await get(srv.base, '/api/v1/needs?limit=40&offset=100');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, count('SELECT count(*) FROM rotation_need'));
  const rows = sql(`${NEED_SQL} ORDER BY n.id LIMIT 40 OFFSET 100`);
  assert.equal(r.body.items.length, 40);
  const links = linksOf(rows.map((x) => x.id));
  r.body.items.forEach((item, i) => assertNeedMatches(item, rows[i], links));
  assert.ok(r.body.items.some((n) => n.goal_ids.length > 0));
});

// Needs of its own so that the unit filter has something to find: the
// demo's needs name specialties, not units.
async function newNeed(extra = {}) {
  const t = sql("SELECT t.id FROM trainee t WHERE t.status = 'active' ORDER BY t.id DESC LIMIT 1 OFFSET 5")[0];
  const unit = sql("SELECT u.id, u.specialty_id FROM unit u JOIN specialty s ON s.id = u.specialty_id WHERE s.code = 'psykiatri' LIMIT 1")[0];
  const goals = sql(`SELECT id FROM goal WHERE specialty_id IS NULL AND regulation = '2021' ORDER BY id LIMIT 2`).map((g) => g.id);
  const body = { trainee_id: t.id, unit_ids: [unit.id], goal_ids: goals, weeks: 12, patterns: ['full', 'split3'], preferred_start: '2028-W05', ...extra };
  const r = await post(srv.base, '/api/v1/needs', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { need: r.body, unit, body };
}

test('needs: each filter gives exactly the matching needs', async () => {
  const { need, unit } = await newNeed();
  const busy = sql('SELECT specialty_id AS id FROM rotation_need WHERE specialty_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1')[0].id;
  const area = sql('SELECT id FROM area ORDER BY id LIMIT 1 OFFSET 2')[0].id;
  const region = sql('SELECT id FROM region LIMIT 1')[0].id;
  const tid = sql('SELECT trainee_id FROM rotation_need GROUP BY 1 HAVING count(*) > 2 LIMIT 1')[0].trainee_id;
  // A need of the specialty, or one naming a unit of it.
  const ofSpecialty = (id) => `(n.specialty_id = ${id} OR n.id IN (SELECT nu.need_id FROM need_unit nu
    JOIN unit u ON u.id = nu.unit_id WHERE u.specialty_id = ${id}))`;
  const cases = [
    [`trainee=${tid}`, `n.trainee_id = ${tid}`],
    [`specialty=${unit.specialty_id}`, ofSpecialty(unit.specialty_id)],
    [`specialty=${busy}`, ofSpecialty(busy)],
    [`unit=${unit.id}`, `n.id IN (SELECT need_id FROM need_unit WHERE unit_id = ${unit.id})`],
    ['status=open', "n.status = 'open'"],
    ['status=done', "n.status = 'done'"],
    [`area=${area}`, `hu.area_id = ${area}`],
    [`region=${region}`, `hu.region_id = ${region}`],
    [`specialty=psykiatri&status=open&area=${area}`, `${ofSpecialty(unit.specialty_id)} AND n.status = 'open' AND hu.area_id = ${area}`],
  ];
  for (const [args, where] of cases) {
    const { items, total } = await all(`/api/v1/needs?${args}`);
    const rows = sql(`SELECT n.id FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id
      JOIN unit hu ON hu.id = t.home_unit_id WHERE ${where} ORDER BY n.id`);
    assert.ok(rows.length > 0, `${args} matches some need`);
    assert.equal(total, rows.length, args);
    assert.deepEqual(items.map((x) => x.id), rows.map((x) => x.id), args);
  }
  // The specialty filter finds the need that names only a unit of it.
  const psych = await all(`/api/v1/needs?specialty=${unit.specialty_id}`);
  assert.ok(psych.items.some((n) => n.id === need.id && n.specialty === null));
});

test('needs: bad query arguments are 400 naming the argument', async () => {
  for (const [args, field] of [
    ['trainee=x', 'trainee'], ['specialty=nope', 'specialty'], ['unit=0', 'unit'],
    ['area=-1', 'area'], ['region=1.5', 'region'], ['status=closed', 'status'], ['offset=x', 'offset'],
  ])
    await expectGetError(`/api/v1/needs?${args}`, 400, field);
});

test('need create: stored as sent, shown with names', async () => {
  const { need, body } = await newNeed();
  const row = sql(`${NEED_SQL} WHERE n.id = ${need.id}`)[0];
  assertNeedMatches(need, row);
  assert.deepEqual(need.unit_ids, body.unit_ids);
  assert.deepEqual(need.goal_ids, body.goal_ids);
  assert.equal(need.preferred_start, '2028-W05');
  assert.equal(need.status, 'open');
  assert.equal(row.preferred_start, serialOfDate(mondayOfWeek('2028-W05')));
  const g = await get(srv.base, `/api/v1/needs/${need.id}`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, need);
  const gyn = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'")[0].id;
  const bySpecialty = await post(srv.base, '/api/v1/needs', { trainee_id: need.trainee_id, specialty_id: gyn, weeks: 8, patterns: ['half'] });
  assert.equal(bySpecialty.status, 201, JSON.stringify(bySpecialty.body));
  assert.equal(bySpecialty.body.specialty.code, 'obstetrik-och-gynekologi');
  assert.equal(bySpecialty.body.preferred_start, null);
  assert.deepEqual(bySpecialty.body.unit_ids, []);
});

test('need create: every field is checked before anything is written', async () => {
  const tid = sql('SELECT id FROM trainee ORDER BY id LIMIT 1 OFFSET 3')[0].id;
  const gyn = sql("SELECT id FROM specialty WHERE code = 'obstetrik-och-gynekologi'")[0].id;
  const good = { trainee_id: tid, specialty_id: gyn, weeks: 8, patterns: ['full'] };
  const before = count('SELECT count(*) FROM rotation_need');
  for (const [change, field] of [
    [{ trainee_id: undefined }, 'trainee_id'], [{ trainee_id: 999999 }, 'trainee_id'],
    [{ specialty_id: 999999 }, 'specialty_id'], [{ specialty_id: null }, 'specialty_id'], [{ specialty_id: undefined }, 'specialty_id'],
    [{ unit_ids: [999999] }, 'unit_ids'], [{ unit_ids: 'all' }, 'unit_ids'], [{ unit_ids: [1, 1] }, 'unit_ids'],
    [{ goal_ids: [999999] }, 'goal_ids'], [{ goal_ids: [0] }, 'goal_ids'],
    [{ weeks: 0 }, 'weeks'], [{ weeks: 105 }, 'weeks'], [{ weeks: undefined }, 'weeks'],
    [{ patterns: [] }, 'patterns'], [{ patterns: ['weekly'] }, 'patterns'], [{ patterns: undefined }, 'patterns'],
    [{ preferred_start: '2028-W60' }, 'preferred_start'], [{ preferred_start: '2028-02-01' }, 'preferred_start'],
    [{ status: 'done' }, 'status'], [{ colour: 'red' }, 'colour'],
  ]) {
    const body = { ...good, ...change };
    for (const k of Object.keys(change)) if (change[k] === undefined) delete body[k];
    await expectError('POST', '/api/v1/needs', body, 422, field);
  }
  await expectError('POST', '/api/v1/needs', '{"weeks": 3', 400);
  assert.equal(count('SELECT count(*) FROM rotation_need'), before);
});

test('need update: fields and links change, audited; bad values change nothing', async () => {
  const { need } = await newNeed();
  const other = sql("SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id WHERE s.code = 'psykiatri' LIMIT 1 OFFSET 1")[0].id;
  const r = await patch(srv.base, `/api/v1/needs/${need.id}`, {
    unit_ids: [other], goal_ids: [], weeks: 20, patterns: ['alternate'], preferred_start: null, status: 'waived',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertNeedMatches(r.body, sql(`${NEED_SQL} WHERE n.id = ${need.id}`)[0]);
  assert.deepEqual(r.body.unit_ids, [other]);
  assert.deepEqual(r.body.goal_ids, []);
  assert.equal(r.body.preferred_start, null);
  assert.equal(r.body.status, 'waived');
  const audit = sql(`SELECT before_json, after_json FROM audit_log WHERE entity = 'need' AND entity_id = ${need.id} AND action = 'update'`);
  assert.equal(audit.length, 1);
  assert.equal(JSON.parse(audit[0].before_json).weeks, 12);
  assert.equal(JSON.parse(audit[0].after_json).weeks, 20);

  for (const [body, field, status = 422] of [
    [{ weeks: 0 }, 'weeks'], [{ patterns: [] }, 'patterns'], [{ unit_ids: [999999] }, 'unit_ids'],
    [{ goal_ids: [999999] }, 'goal_ids'], [{ specialty_id: 999999 }, 'specialty_id'],
    [{ unit_ids: [] }, 'specialty_id'], [{ status: 'finished' }, 'status'],
    [{ trainee_id: need.trainee_id + 1 }, 'trainee_id'], [{ colour: 'red' }, 'colour'],
  ])
    await expectError('PATCH', `/api/v1/needs/${need.id}`, body, status, field);
  await expectError('PATCH', `/api/v1/needs/${need.id}`, '[', 400);
  await expectError('PATCH', '/api/v1/needs/999999', { weeks: 3 }, 404);
  assertNeedMatches(r.body, sql(`${NEED_SQL} WHERE n.id = ${need.id}`)[0]);
  // Naming its own trainee is allowed.
  const same = await patch(srv.base, `/api/v1/needs/${need.id}`, { trainee_id: need.trainee_id, weeks: 21 });
  assert.equal(same.status, 200);
  assert.equal(same.body.weeks, 21);
});

test('need delete: refused while a booking holds it, else removed and audited', async () => {
  const held = sql("SELECT need_id AS id FROM booking WHERE status IN ('requested', 'confirmed') AND need_id IS NOT NULL LIMIT 1")[0].id;
  const e = await expectError('DELETE', `/api/v1/needs/${held}`, undefined, 409);
  assert.match(e.message, /requested|confirmed/);
  assert.equal(count(`SELECT count(*) FROM rotation_need WHERE id = ${held}`), 1);

  const { need } = await newNeed();
  const r = await del(`/api/v1/needs/${need.id}`);
  assert.equal(r.status, 204);
  assert.equal(count(`SELECT count(*) FROM rotation_need WHERE id = ${need.id}`), 0);
  assert.equal(count(`SELECT count(*) FROM need_unit WHERE need_id = ${need.id}`), 0);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE entity = 'need' AND entity_id = ${need.id} AND action = 'delete'`), 1);
  await expectGetError(`/api/v1/needs/${need.id}`, 404);
  assert.equal((await del(`/api/v1/needs/${need.id}`)).status, 404);
  await expectGetError('/api/v1/needs/nope', 404);
});
