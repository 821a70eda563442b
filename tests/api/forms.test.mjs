// Forms of rotation (issue 18) against a running server on a fresh demo
// region: gaffel groups booked together or not at all, tandem and ST-clinic
// checks, a training node's limits, units' placement rules and the rule
// that alternate weeks are for rotations over four weeks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, get, post, call, del, errorOf } from './harness.mjs';

const put = (base, path, body) => call(base, 'PUT', path, body);

const srv = serveForTests();

// Weeks far ahead of the demo's bookings, so that the trainees are free.
const FROM = '2030-W10', TO = '2030-W40';
const MONDAY0 = Date.UTC(1969, 11, 29);
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return Math.round((jan4 - dow * 86400000 - MONDAY0) / 604800000) + (w - 1);
}

// n trainees with nothing booked or on leave after 2029 and home units
// without a limit on trainees away, each given an open need of specialty.
async function traineesWithNeeds(n, specialty, weeks, patterns = ['full', 'alternate', 'split3']) {
  const rows = srv.sql(`SELECT t.id FROM trainee t JOIN unit h ON h.id = t.home_unit_id
    WHERE t.status = 'active' AND h.max_away IS NULL
    AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = t.id AND b.end_week > ${weekOf('2029-W01')})
    AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = t.id AND l.to_date >= '2029-01-01')
    AND t.id NOT IN (SELECT trainee_id FROM rotation_need WHERE weeks = ${weeks} AND specialty_id = ${specialty})
    ORDER BY t.id LIMIT ${n}`);
  assert.equal(rows.length, n, 'enough free trainees in the demo');
  const needs = [];
  for (const { id } of rows) {
    const r = await post(srv.base, '/api/v1/needs', { trainee_id: id, specialty_id: specialty, weeks, patterns });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    needs.push(r.body.id);
  }
  return needs;
}

// The first unit of kind that takes trainees, leaving out skip and the
// units the demo gave forms or rules.
function unitOfKind(kind, skip = []) {
  const [u] = srv.sql(`SELECT id, specialty_id FROM unit WHERE kind = '${kind}' AND takes_trainees = 1
    AND id NOT IN (SELECT unit_id FROM unit_rule) AND id NOT IN (SELECT unit_id FROM rotation_form
      WHERE note LIKE 'Gaffelmottagning%' OR kind = 'tandem')
    ${skip.length ? `AND id NOT IN (${skip.join(',')})` : ''} ORDER BY id LIMIT 1`);
  return u;
}

// The gaffel form the first test makes and the second books further into.
let gaffel;

async function book(need, unit, start, extra = {}) {
  return post(srv.base, '/api/v1/bookings', { need_id: need, unit_id: unit, start_week: start,
    pattern: 'full', ...extra });
}

test('a gaffel group fills with identical weeks, needs two to confirm, and never splits', async () => {
  const u = unitOfKind('hospital_clinic');
  let r = await post(srv.base, '/api/v1/forms', { unit_id: u.id, kind: 'gaffel', from_week: FROM, to_week: TO,
    groups: 1, size: 3, needed: 2, note: 'Gaffel vår' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const form = r.body;
  gaffel = form;
  assert.deepEqual([form.kind, form.groups, form.size, form.needed, form.live_groups.length], ['gaffel', 1, 3, 2, 0]);
  const needs = await traineesWithNeeds(5, u.specialty_id, 6);
  const placesBefore = await get(srv.base, `/api/v1/places?from=2030-W12&to=2030-W17&unit=${u.id}`);

  // The first booking opens the group and fixes its weeks.
  const first = await book(needs[0], u.id, '2030-W12', { form_id: form.id });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  // Alone it cannot be confirmed: a gaffel group needs two at once.
  r = await post(srv.base, `/api/v1/bookings/${first.body.id}/accept`);
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'status');
  // Other weeks would split the group, and the one group is in use.
  r = await book(needs[1], u.id, '2030-W13', { form_id: form.id });
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'form_id');
  // The same weeks join it.
  const second = await book(needs[1], u.id, '2030-W12', { form_id: form.id });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  const third = await book(needs[2], u.id, '2030-W12', { form_id: form.id });
  assert.equal(third.status, 201, JSON.stringify(third.body));
  // Full at three.
  r = await book(needs[3], u.id, '2030-W12', { form_id: form.id });
  assert.equal(r.status, 409);
  assert.equal(errorOf(r).field, 'form_id');
  // Complete now: confirmed.
  r = await post(srv.base, `/api/v1/bookings/${first.body.id}/accept`);
  assert.equal(r.status, 200, JSON.stringify(r.body));

  r = await get(srv.base, `/api/v1/forms/${form.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.live_groups.length, 1);
  const g = r.body.live_groups[0];
  assert.deepEqual([g.start_week, g.end_week, g.pattern, g.members, g.confirmed, g.free, g.complete],
    ['2030-W12', '2030-W17', 'full', 3, 1, 0, true]);
  // Every member has the group's weeks.
  const rows = srv.sql(`SELECT DISTINCT b.start_week, b.end_week FROM booking_form bf
    JOIN booking b ON b.id = bf.booking_id WHERE bf.group_id = ${g.id}`);
  assert.deepEqual(rows.map((x) => [Number(x.start_week), Number(x.end_week)]),
    [[weekOf('2030-W12'), weekOf('2030-W12') + 6]]);
  // The group's trainees take none of the unit's ordinary seats.
  const placesAfter = await get(srv.base, `/api/v1/places?from=2030-W12&to=2030-W17&unit=${u.id}`);
  assert.deepEqual(placesAfter.body.units[0].free, placesBefore.body.units[0].free);

  // A form with bookings in it stays; its list shows it.
  r = await del(srv.base, `/api/v1/forms/${form.id}`);
  assert.equal(r.status, 409);
  r = await get(srv.base, `/api/v1/forms?unit=${u.id}&from=2030-W01&to=2030-W52`);
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((f) => f.id === form.id));
});

test('after the group weeks, the same gaffel group slot opens a new group', async () => {
  const form = gaffel;
  const u = { id: form.unit.id, specialty_id: srv.sql(`SELECT specialty_id FROM unit WHERE id = ${form.unit.id}`)[0].specialty_id };
  const needs = await traineesWithNeeds(1, u.specialty_id, 8);
  const r = await book(needs[0], u.id, '2030-W20', { form_id: form.id });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const again = await get(srv.base, `/api/v1/forms/${form.id}`);
  assert.equal(again.body.live_groups.length, 2);
  // Weeks outside the form's are refused.
  const late = await traineesWithNeeds(1, u.specialty_id, 7);
  const out = await book(late[0], u.id, '2030-W38', { form_id: form.id });
  assert.equal(out.status, 422, JSON.stringify(out.body));
  assert.equal(errorOf(out).field, 'form_id');
});

test('tandem seats are two, ST clinics need two to their size', async () => {
  const u = unitOfKind('private_clinic');
  for (const [body, field] of [
    [{ kind: 'tandem', size: 3 }, 'size'],
    [{ kind: 'gaffel', size: 4 }, 'size'],
    [{ kind: 'gaffel', size: 3, needed: 3 }, 'needed'],
    [{ kind: 'st_clinic', size: 4, needed: 5 }, 'needed'],
    [{ kind: 'halvtid' }, 'kind'],
  ]) {
    const r = await post(srv.base, '/api/v1/forms', { unit_id: u.id, from_week: FROM, to_week: TO, ...body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }
  const r = await post(srv.base, '/api/v1/forms', { unit_id: u.id, kind: 'st_clinic', from_week: FROM,
    to_week: TO, size: 4, needed: 3 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(srv.count(`SELECT count(*) FROM audit_log WHERE entity = 'rotation_form' AND entity_id = ${r.body.id}`), 1);
});

test('a training node takes at most its trainees at once for one to three months', async () => {
  const node = unitOfKind('training_node');
  // Seats enough that only the node's own limits bind.
  let r = await post(srv.base, '/api/v1/capacity', { unit_id: node.id, from_week: FROM, to_week: TO, seats: 10,
    patterns: ['full', 'split3', 'alternate'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await get(srv.base, `/api/v1/units/${node.id}/rules`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.effective, { min_weeks: 4, max_weeks: 13, max_trainees: 3 });
  r = await put(srv.base, `/api/v1/units/${node.id}/rules`, { max_trainees: 4 });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'max_trainees');
  r = await put(srv.base, `/api/v1/units/${node.id}/rules`, { max_weeks: 20 });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'max_weeks');
  r = await put(srv.base, `/api/v1/units/${node.id}/rules`, { max_trainees: 2 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.effective.max_trainees, 2);

  // Too long: 16 calendar weeks is more than three months.
  const long = await traineesWithNeeds(1, node.specialty_id, 16);
  r = await book(long[0], node.id, '2030-W12');
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'weeks');
  // 3 days a week for 6 full-time weeks spans 10 calendar weeks: allowed.
  const needs = await traineesWithNeeds(3, node.specialty_id, 6);
  r = await book(needs[0], node.id, '2030-W12', { pattern: 'split3' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await book(needs[1], node.id, '2030-W14');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // A third at once is one too many.
  r = await book(needs[2], node.id, '2030-W15');
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'start_week');
  assert.match(errorOf(r).message, /at most 2 trainees at once/);
  // After the second has left, there is room.
  r = await book(needs[2], node.id, '2030-W20');
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

test('alternate weeks are refused for rotations of four weeks or less', async () => {
  const u = unitOfKind('hospital_clinic');
  await post(srv.base, '/api/v1/capacity', { unit_id: u.id, from_week: '2031-W01', to_week: '2031-W30', seats: 5,
    patterns: ['full', 'alternate'] });
  const [short] = await traineesWithNeeds(1, u.specialty_id, 4);
  let r = await book(short, u.id, '2031-W05', { pattern: 'alternate' });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'pattern');
  const [longer] = await traineesWithNeeds(1, u.specialty_id, 5);
  r = await book(longer, u.id, '2031-W05', { pattern: 'alternate' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

test('a unit\'s own minimum length is enforced', async () => {
  const u = unitOfKind('private_clinic');
  await post(srv.base, '/api/v1/capacity', { unit_id: u.id, from_week: '2031-W01', to_week: '2031-W40', seats: 5,
    patterns: ['full'] });
  let r = await put(srv.base, `/api/v1/units/${u.id}/rules`, { min_weeks: 8, max_weeks: 4 });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'min_weeks');
  r = await put(srv.base, `/api/v1/units/${u.id}/rules`, { min_weeks: 6 });
  assert.equal(r.status, 200);
  const [n] = await traineesWithNeeds(1, u.specialty_id, 3);
  r = await book(n, u.id, '2031-W05');
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'weeks');
  assert.match(errorOf(r).message, /at least 6 calendar weeks/);
});

test('a booking under an agreement costs what its model says, per year and provider kind', async () => {
  const host = unitOfKind('private_clinic', [unitOfKind('private_clinic').id]);
  await post(srv.base, '/api/v1/capacity', { unit_id: host.id, from_week: '2032-W01', to_week: '2032-W40', seats: 5,
    patterns: ['full'] });
  const [need] = await traineesWithNeeds(1, host.specialty_id, 6);
  const [{ home }] = srv.sql(`SELECT t.home_unit_id AS home FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id
    WHERE n.id = ${need}`);
  // Refusals name their field.
  for (const [body, field] of [
    [{ host_unit_id: host.id, host_provider_id: 1 }, 'host_unit_id'],
    [{ host_unit_id: host.id, model: 'per_procedure', amount: 250 }, 'procedures_per_week'],
    [{ host_unit_id: host.id, model: 'per_week', amount: 10.005 }, 'amount'],
    [{ host_unit_id: host.id, salary_payer: 'kommunen' }, 'salary_payer'],
    [{ host_unit_id: host.id, to_date: '2031-12-31' }, 'to_date'],
  ]) {
    const r = await post(srv.base, '/api/v1/agreements', { home_unit_id: Number(home), from_date: '2032-01-01',
      to_date: '2032-12-31', model: 'per_week', amount: 1000, salary_payer: 'home', ...body });
    assert.equal(r.status, 422, JSON.stringify(body) + JSON.stringify(r.body));
    assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }
  // 1 000 kr a week and 100 kr of ryggsäcksmedel a week.
  let r = await post(srv.base, '/api/v1/agreements', { home_unit_id: Number(home), host_unit_id: host.id,
    from_date: '2032-01-01', to_date: '2032-12-31', model: 'per_week', amount: 1000, backpack: 100,
    salary_payer: 'home', duties: 'Handledning varje vecka' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.amount_ore, r.body.backpack_ore, r.body.region_id > 0], [100000, 10000, true]);
  const agreement = r.body.id;
  r = await post(srv.base, '/api/v1/bookings', { need_id: need, unit_id: host.id, start_week: '2032-W10',
    pattern: 'full' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await get(srv.base, `/api/v1/costs?unit=${home}&from_year=2032&to_year=2032`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const priv = r.body.items.find((x) => x.provider_kind === 'private');
  // 6 weeks x (1 000 + 100) kr = 6 600 kr.
  assert.deepEqual([priv.year, priv.bookings, priv.priced, priv.weeks, priv.cost_ore], [2032, 1, 1, 6, 660000]);
  r = await get(srv.base, `/api/v1/agreements?unit=${host.id}`);
  assert.ok(r.body.items.some((a) => a.id === agreement));
  // Without the agreement the booking costs nothing.
  r = await del(srv.base, `/api/v1/agreements/${agreement}`);
  assert.equal(r.status, 204);
  r = await get(srv.base, `/api/v1/costs?unit=${home}&from_year=2032&to_year=2032`);
  assert.equal(r.body.items.find((x) => x.provider_kind === 'private').cost_ore, 0);
  assert.equal(srv.count(`SELECT count(*) FROM audit_log WHERE entity = 'agreement' AND entity_id = ${agreement}`), 2);
});
