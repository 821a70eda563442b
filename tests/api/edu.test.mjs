// The individual education plan through the API of a running server: the
// checklist on the trainee's regulation and specialty, a plan drafted,
// approved by the three roles each in their own session, changed and
// approved again; a substitute that shortens a rotation and the optimiser
// planning the shorter one; goals of the wrong regulation refused; the
// deadlines on edge dates; the "Att göra" list per role and scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, login, sessionHeaders, call, get, post, patch, del, errorOf } from './harness.mjs';

const srv = serveForTests();

async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200, `log-in as ${username}: ${JSON.stringify(s.body)}`);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s;
  return fn;
}

// The trainee the demo's ST-läkare is, and whom the demo handledare
// supervises.
async function demoTrainee() {
  const st = await as('st-lakare');
  return st.session.body.roles.find((r) => r.role === 'trainee').scope_id;
}

const plan = async (id, req) => {
  const r = req ? await req('GET', `/api/v1/trainees/${id}/plan`) : await get(srv.base, `/api/v1/trainees/${id}/plan`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};

test('the checklist holds every goal of the trainee\'s regulation and specialty, grouped', async () => {
  const id = await demoTrainee();
  const [t] = srv.sql(`SELECT regulation, specialty_id FROM trainee WHERE id = ${id}`);
  const p = await plan(id);
  assert.equal(p.regulation, t.regulation);
  const want = srv.sql(`SELECT g.id FROM goal g WHERE g.regulation = '${t.regulation}' AND
    (g.specialty_id = ${t.specialty_id} OR (g.specialty_id IS NULL AND (g.grp <> 'b' OR g.id IN
      (SELECT goal_id FROM specialty_goal WHERE specialty_id = ${t.specialty_id})))) ORDER BY g.id`).map((r) => r.id);
  assert.deepEqual(p.goals.map((g) => g.id).sort((a, b) => a - b), want);
  assert.ok(want.length > 5);
  // BT before a before b before c; within a group STc2 before STc10.
  const order = { bt: 0, a: 1, b: 2, c: 3 };
  for (let i = 1; i < p.goals.length; i++) {
    const [x, y] = [p.goals[i - 1], p.goals[i]];
    assert.ok(order[x.group] < order[y.group] ||
      (x.group === y.group && (x.code.length < y.code.length ||
        (x.code.length === y.code.length && x.code <= y.code))), `${x.code} before ${y.code}`);
  }
  for (const g of p.goals) {
    assert.equal(g.regulation, t.regulation);
    assert.ok(['planned', 'in_progress', 'met', 'certified'].includes(g.status));
    assert.ok(['verified', 'secondary', 'uncertain'].includes(g.confidence));
  }
  // Goals link the activities and needs that serve them.
  for (const a of p.activities)
    for (const gid of a.goal_ids)
      assert.ok(p.goals.find((g) => g.id === gid).activity_ids.includes(a.id));
  assert.ok(p.plan && p.plan.version >= 1, 'the demo gave the trainee a plan');
  // Completion: never before the end the rules allow, and the weeks still
  // to place counted from today at the trainee's fte.
  const tr = (await get(srv.base, `/api/v1/trainees/${id}`)).body;
  assert.ok(p.projected_completion >= tr.projected_end, `${p.projected_completion} < ${tr.projected_end}`);
  assert.equal(p.unplaced_weeks, p.needs.filter((n) => n.status === 'open').reduce((a, n) => a + n.weeks, 0));
});

test('a plan is drafted, approved by three roles in their own sessions, changed and approved again', async () => {
  const id = await demoTrainee();
  const st = await as('st-lakare');
  const hl = await as('handledare');
  const before = await plan(id);
  // The trainee drafts: a course on one of their a goals.
  const a = before.goals.find((g) => g.group === 'a');
  const made = await st('POST', '/api/v1/activities', { trainee_id: id, kind: 'course',
    title: 'Kurs i handledning', from: '2027-W10', to: '2027-W11', goal_ids: a ? [a.id] : [] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const draft = await plan(id);
  assert.equal(draft.plan.status, 'draft');
  const v = draft.plan.version;
  assert.equal(v, before.plan.status === 'draft' ? before.plan.version : before.plan.version + 1);
  for (const role of ['unit_head', 'supervisor', 'director']) assert.equal(draft.plan.approvals[role], null);

  // The trainee may not approve; the handledare approves only as handledare.
  let r = await st('POST', `/api/v1/trainees/${id}/plan/approve`, { version: v, role: 'supervisor' });
  assert.equal(r.status, 403);
  r = await hl('POST', `/api/v1/trainees/${id}/plan/approve`, { version: v, role: 'director' });
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).field, 'role');
  r = await hl('POST', `/api/v1/trainees/${id}/plan/approve`, { version: v, role: 'supervisor' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.plan.status, 'draft');
  assert.equal(r.body.plan.approvals.supervisor.by.name, srv.sql("SELECT name FROM app_user WHERE username = 'handledare'")[0].name);
  r = await hl('POST', `/api/v1/trainees/${id}/plan/approve`, { version: v, role: 'supervisor' });
  assert.equal(r.status, 409, 'the same role twice');
  assert.equal(errorOf(r).field, 'role');
  r = await post(srv.base, `/api/v1/trainees/${id}/plan/approve`, { version: v - 1 || 99, role: 'director' });
  assert.equal(r.status, 409, 'an old version');
  assert.equal(errorOf(r).field, 'version');
  r = await post(srv.base, `/api/v1/trainees/${id}/plan/approve`, { version: v, role: 'director' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await post(srv.base, `/api/v1/trainees/${id}/plan/approve`, { version: v, role: 'unit_head' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.plan.status, 'approved');
  assert.ok(r.body.plan.approved_at);

  // A change after approval starts the next draft, with no approvals.
  r = await st('PATCH', `/api/v1/activities/${made.body.id}`, { title: 'Kurs i handledning, steg 2' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const next = await plan(id);
  assert.equal(next.plan.version, v + 1);
  assert.equal(next.plan.status, 'draft');
  // Its state alone is progress, not a change of the plan.
  r = await st('PATCH', `/api/v1/activities/${made.body.id}`, { status: 'in_progress' });
  assert.equal(r.status, 200);
  assert.equal((await plan(id)).plan.version, v + 1);

  for (const [req, role] of [[hl, 'supervisor'], [null, 'director'], [null, 'unit_head']]) {
    const body = { version: v + 1, role };
    r = req ? await req('POST', `/api/v1/trainees/${id}/plan/approve`, body)
      : await post(srv.base, `/api/v1/trainees/${id}/plan/approve`, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  // The history side by side: v+1 approved with the renamed course, v
  // superseded with the first name.
  const h = await get(srv.base, `/api/v1/trainees/${id}/plan/versions`);
  assert.equal(h.status, 200);
  const [newest, older] = h.body.items;
  assert.equal(newest.version, v + 1);
  assert.equal(newest.status, 'approved');
  assert.equal(older.version, v);
  assert.equal(older.status, 'superseded');
  const title = (ver) => ver.content.activities.find((x) => x.id === made.body.id).title;
  assert.equal(title(newest), 'Kurs i handledning, steg 2');
  // The content is in the API's shapes: ISO weeks, the last one inclusive.
  const kept = newest.content.activities.find((x) => x.id === made.body.id);
  assert.equal(kept.from, '2027-W10');
  assert.equal(kept.to, '2027-W11');
  for (const n of newest.content.needs) assert.ok(Array.isArray(n.patterns) && n.patterns.length > 0);
  assert.equal(title(older), 'Kurs i handledning');
  assert.equal(srv.count(`SELECT count(*) FROM edu_plan WHERE trainee_id = ${id} AND status = 'approved'`), 1);
});

test('a goal of another regulation or specialty is refused with 422 naming the field', async () => {
  const id = await demoTrainee();
  const [t] = srv.sql(`SELECT regulation, specialty_id FROM trainee WHERE id = ${id}`);
  const [other] = srv.sql(`SELECT id, code FROM goal WHERE regulation <> '${t.regulation}'
    AND specialty_id = ${t.specialty_id} LIMIT 1`);
  const [foreign] = srv.sql(`SELECT id FROM goal WHERE regulation = '${t.regulation}'
    AND specialty_id IS NOT NULL AND specialty_id <> ${t.specialty_id} LIMIT 1`);
  const needs = srv.count(`SELECT count(*) FROM rotation_need WHERE trainee_id = ${id}`);
  for (const gid of [other.id, foreign.id]) {
    let r = await post(srv.base, '/api/v1/needs', { trainee_id: id, specialty_id: t.specialty_id, weeks: 4,
      patterns: ['full'], goal_ids: [gid] });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(errorOf(r).field, 'goal_ids');
    r = await post(srv.base, '/api/v1/activities', { trainee_id: id, kind: 'seminar', title: 'Seminarium',
      goal_ids: [gid] });
    assert.equal(r.status, 422);
    assert.equal(errorOf(r).field, 'goal_ids');
  }
  const r = await post(srv.base, '/api/v1/needs', { trainee_id: id, specialty_id: t.specialty_id, weeks: 4,
    patterns: ['full'], goal_ids: [other.id] });
  assert.match(errorOf(r).message, /the trainee follows/);
  assert.equal(srv.count(`SELECT count(*) FROM rotation_need WHERE trainee_id = ${id}`), needs, 'nothing written');
  // A goal the trainee's checklist has is accepted; a certified one names
  // its handledare, and only a handledare certifies.
  const p = await plan(id);
  const g = p.goals.find((x) => x.status !== 'certified');
  let s = await put(`/api/v1/trainees/${id}/goals/${g.id}`, { status: 'certified' });
  assert.equal(s.status, 422, 'certifying is its own route');
  assert.equal(errorOf(s).field, 'status');
  const dir = await as('studierektor');
  s = await dir('POST', `/api/v1/trainees/${id}/goals/${g.id}/certify`, {});
  assert.equal(s.status, 403, 'a studierektor does not certify');
  s = await put(`/api/v1/trainees/${id}/goals/${g.id}`, { status: 'in_progress' });
  assert.equal(s.status, 200, 'a studierektor keeps the checklist');
  assert.equal(s.body.goals.find((x) => x.id === g.id).status, 'in_progress');
  const hl = await as('handledare');
  s = await hl('POST', `/api/v1/trainees/${id}/goals/${g.id}/certify`, { note: 'Bedömd vid medsittning' });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const back = s.body.goals.find((x) => x.id === g.id);
  assert.equal(back.status, 'certified');
  assert.equal(back.certified_by.name, srv.sql("SELECT name FROM app_user WHERE username = 'handledare'")[0].name);
  assert.equal(back.note, 'Bedömd vid medsittning');
  s = await put(`/api/v1/trainees/${id}/goals/${other.id}`, { status: 'met' });
  assert.equal(s.status, 422);
  assert.equal(errorOf(s).field, 'goal_id');
});

const put = (path, body) => call(srv.base, 'PUT', path, body);

test('a substitute shortens a need, and the optimiser plans the shorter rotation', async () => {
  // An open need of an active trainee, with no booking, of the specialty
  // with most open needs.
  const [n] = srv.sql(`SELECT n.id, n.weeks, n.trainee_id, n.specialty_id, sp.code FROM rotation_need n
    JOIN trainee t ON t.id = n.trainee_id JOIN specialty sp ON sp.id = n.specialty_id
    WHERE n.status = 'open' AND t.status = 'active' AND n.weeks >= 6
      AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.need_id = n.id)
    ORDER BY n.id LIMIT 1`);
  assert.ok(n, 'the demo has an open need to shorten');
  const course = await post(srv.base, '/api/v1/activities', { trainee_id: n.trainee_id, kind: 'simulation',
    title: 'Simulering, akuta tillstånd', from: '2027-W05', to: '2027-W05' });
  assert.equal(course.status, 201, JSON.stringify(course.body));
  let r = await post(srv.base, '/api/v1/substitutes', { activity_id: course.body.id, need_id: n.id,
    weeks_saved: n.weeks + 1, reason: 'För mycket' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'weeks_saved');
  r = await post(srv.base, '/api/v1/substitutes', { activity_id: course.body.id, need_id: n.id,
    weeks_saved: 3, reason: 'Simuleringen täcker de akuta momenten' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.agreed_by.name, 'Testare');
  const need = await get(srv.base, `/api/v1/needs/${n.id}`);
  assert.equal(need.body.weeks, n.weeks - 3);
  const p = await plan(n.trainee_id);
  assert.ok(p.weeks_saved >= 3);
  assert.ok(p.substitutes.some((x) => x.need_id === n.id && x.weeks_saved === 3));

  // The optimiser plans the need at its new length.
  const run = await post(srv.base, '/api/v1/plans', { specialty: n.code, time_limit: 2, seed: 3 });
  assert.equal(run.status, 202, JSON.stringify(run.body));
  let status;
  for (const until = Date.now() + 90000; Date.now() < until;) {
    status = (await get(srv.base, `/api/v1/plans/${run.body.id}`)).body;
    if (['done', 'failed', 'cancelled'].includes(status.status)) break;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  assert.equal(status.status, 'done', JSON.stringify(status));
  const prop = await get(srv.base, `/api/v1/plans/${run.body.id}/proposal`);
  const item = prop.body.items.find((i) => i.need_id === n.id);
  assert.ok(item, 'the shortened need is in the run');
  assert.equal(item.weeks, n.weeks - 3);

  // Withdrawn, the need has its weeks back.
  r = await del(srv.base, `/api/v1/substitutes/${r.body.id}`);
  assert.equal(r.status, 204);
  assert.equal((await get(srv.base, `/api/v1/needs/${n.id}`)).body.weeks, n.weeks);
});

// Makes a trainee of allmänmedicin under regulation starting on start.
async function trainee(start, regulation = '2021') {
  const [u] = srv.sql(`SELECT u.id, u.specialty_id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = 'allmanmedicin' ORDER BY u.id LIMIT 1`);
  const n = Math.floor(Math.random() * 1e9);
  const r = await post(srv.base, '/api/v1/trainees', { name: `Frist ${start}`, email: `frist${n}@test.randa.se`,
    specialty_id: u.specialty_id, regulation, home_unit_id: u.id, start_date: start, fte: 100,
    planned_end: '2033-12-31' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}
const deadline = (p, kind) => p.deadlines.find((d) => d.kind === kind);

test('deadlines fall on month ends, leap days and in 53-week years', async () => {
  // Contract: a month from 31 January is the last day of February.
  let id = await trainee('2027-01-31');
  let p = await plan(id);
  assert.equal(deadline(p, 'contract').due, '2027-02-28');
  assert.equal(deadline(p, 'plan').due, '2027-07-31');
  assert.equal(deadline(p, 'bt').due, '2029-01-31');
  id = await trainee('2028-01-31');
  p = await plan(id);
  assert.equal(deadline(p, 'contract').due, '2028-02-29', 'a leap year');
  // Plan: six months from 31 August is 28 or 29 February.
  id = await trainee('2027-08-31', '2015');
  p = await plan(id);
  assert.equal(deadline(p, 'plan').due, '2028-02-29');
  assert.equal(deadline(p, 'bt'), undefined, 'BT is 2021:8 only');
  // BT: two years from a leap day is 28 February.
  id = await trainee('2028-02-29');
  p = await plan(id);
  assert.equal(deadline(p, 'bt').due, '2030-02-28');
  // Booking: three months before the Monday of 2026-W53 (28 December).
  const r = await post(srv.base, '/api/v1/needs', { trainee_id: id, specialty_id: srv.sql(
    `SELECT id FROM specialty WHERE code = 'psykiatri'`)[0].id, weeks: 8, patterns: ['full'],
    preferred_start: '2026-W53' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  p = await plan(id);
  const b = p.deadlines.find((d) => d.kind === 'booking' && d.need_id === r.body.id);
  assert.equal(b.due, '2026-09-28');
  assert.equal(b.starts, '2026-W53');
  // A contract signed meets its deadline, late when after it.
  let c = await put(`/api/v1/trainees/${id}/contract`, { signed_on: '2028-04-15', employer: 'Region Skåne',
    parties: 'ST-läkaren och verksamhetschefen' });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(deadline(c.body, 'contract').state, 'met');
  assert.equal(deadline(c.body, 'contract').late, true);
  c = await put(`/api/v1/trainees/${id}/contract`, { signed_on: '2028-02-30', employer: 'x', parties: 'y' });
  assert.equal(c.status, 422);
  assert.equal(errorOf(c).field, 'signed_on');
  // Revision: a year after the last approval, month end kept.
  const days = srv.sql(`SELECT substr(max(approved_at), 1, 10) AS d FROM edu_plan WHERE approved_at IS NOT NULL
    AND trainee_id = (SELECT trainee_id FROM edu_plan WHERE approved_at IS NOT NULL LIMIT 1)`);
  const [{ tid }] = srv.sql(`SELECT trainee_id AS tid FROM edu_plan WHERE approved_at IS NOT NULL LIMIT 1`);
  const last = srv.sql(`SELECT substr(max(approved_at), 1, 10) AS d FROM edu_plan WHERE trainee_id = ${tid}`)[0].d;
  assert.ok(days.length === 1);
  const rev = deadline(await plan(tid), 'revision');
  const d = new Date(last + 'T00:00:00Z');
  const want = new Date(Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), 1));
  const dim = new Date(Date.UTC(want.getUTCFullYear(), want.getUTCMonth() + 1, 0)).getUTCDate();
  want.setUTCDate(Math.min(d.getUTCDate(), dim));
  assert.equal(rev.due, want.toISOString().slice(0, 10));
});

test('Att göra lists what is due for the people in each role\'s scope', async () => {
  const dir = await as('studierektor');
  const hl = await as('handledare');
  const admin = await as('admin');
  const home = dir.session.body.roles.find((r) => r.role === 'director').scope_id;
  let r = await dir('GET', '/api/v1/todo?on=2027-03-01');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.on, '2027-03-01');
  assert.ok(r.body.items.length > 0, 'the demo has something due');
  const ids = new Set(srv.sql(`SELECT id FROM trainee WHERE home_unit_id = ${home}`).map((x) => x.id));
  for (const it of r.body.items) {
    // A rotation's missing documentation is also the receiving unit's.
    const atUnit = it.booking_id && srv.count(`SELECT unit_id FROM booking WHERE id = ${it.booking_id}`) === home;
    assert.ok(ids.has(it.trainee.id) || atUnit, `${it.trainee.name} is not of the studierektor's unit`);
    if (it.kind === 'approval') assert.equal(it.role, 'director');
    else assert.ok(['soon', 'overdue'].includes(it.state), JSON.stringify(it));
    if (it.due && it.state === 'overdue') assert.ok(it.due < '2027-03-01');
  }
  // Looking further ahead, more is due.
  const later = await dir('GET', '/api/v1/todo?on=2028-03-01');
  assert.ok(later.body.items.filter((i) => i.state === 'overdue').length >=
    r.body.items.filter((i) => i.state === 'overdue').length);
  // The handledare's list names only the trainees they supervise.
  const mine = new Set(hl.session.body.roles.filter((x) => x.role === 'supervisor').map((x) => x.scope_id));
  r = await hl('GET', '/api/v1/todo');
  assert.equal(r.status, 200);
  for (const it of r.body.items) assert.ok(mine.has(it.trainee.id));
  // An approval waiting for the handledare shows on their list.
  const id = [...mine][0];
  const made = await post(srv.base, '/api/v1/activities', { trainee_id: id, kind: 'seminar', title: 'Seminarium i etik' });
  assert.equal(made.status, 201);
  r = await hl('GET', '/api/v1/todo');
  assert.ok(r.body.items.some((i) => i.kind === 'approval' && i.trainee.id === id && i.role === 'supervisor'));
  // The administrator keeps no trainee records: no list.
  r = await admin('GET', '/api/v1/todo');
  assert.equal(r.status, 403);
  r = await dir('GET', '/api/v1/todo?on=2027-02-30');
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).field, 'on');
});

test('a plan outside the caller\'s scope answers as if it did not exist', async () => {
  const st = await as('st-lakare');
  const own = await demoTrainee();
  const [{ id }] = srv.sql(`SELECT id FROM trainee WHERE id <> ${own} ORDER BY id LIMIT 1`);
  let r = await st('GET', `/api/v1/trainees/${id}/plan`);
  assert.equal(r.status, 404);
  r = await st('GET', `/api/v1/trainees/${id}/plan/versions`);
  assert.equal(r.status, 404);
  r = await st('POST', '/api/v1/activities', { trainee_id: id, kind: 'course', title: 'Kurs' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'trainee_id');
  const [{ aid }] = srv.sql(`SELECT id AS aid FROM activity WHERE trainee_id = ${id} LIMIT 1`);
  r = await st('GET', `/api/v1/activities/${aid}`);
  assert.equal(r.status, 404);
  // The lists filtered by that trainee answer as for no trainee at all:
  // nothing tells the two apart.
  const [{ missing }] = srv.sql('SELECT max(id) + 1000 AS missing FROM trainee');
  for (const list of ['activities', 'substitutes']) {
    const theirs = await st('GET', `/api/v1/${list}?trainee=${id}`);
    const nobody = await st('GET', `/api/v1/${list}?trainee=${missing}`);
    assert.equal(theirs.status, 200, `${list} of another trainee: ${JSON.stringify(theirs.body)}`);
    assert.equal(nobody.status, 200, `${list} of no trainee: ${JSON.stringify(nobody.body)}`);
    assert.deepEqual([theirs.body.items, theirs.body.total], [[], 0]);
    assert.deepEqual(nobody.body, theirs.body);
  }
  r = await st('GET', `/api/v1/activities?trainee=${own}`);
  assert.ok(r.body.total > 0, 'the trainee\'s own activities are listed');
  r = await st('GET', `/api/v1/trainees/${own}/plan`);
  assert.equal(r.status, 200);
});

test('an administrator corrects a goal and the b goals of a specialty; others may not', async () => {
  const admin = await as('admin');
  const dir = await as('studierektor');
  const [g] = srv.sql(`SELECT id, code FROM goal WHERE confidence = 'uncertain' AND specialty_id IS NULL LIMIT 1`);
  let r = await dir('PATCH', `/api/v1/goals/${g.id}`, { title: 'Ny titel' });
  assert.equal(r.status, 403);
  r = await admin('PATCH', `/api/v1/goals/${g.id}`, { title: 'Rättad titel', confidence: 'verified' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.title, 'Rättad titel');
  assert.equal(r.body.confidence, 'verified');
  r = await admin('PATCH', `/api/v1/goals/${g.id}`, { confidence: 'maybe' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'confidence');
  const [sp] = srv.sql(`SELECT id FROM specialty WHERE code = 'psykiatri'`);
  const bs = srv.sql(`SELECT id FROM goal WHERE grp = 'b' AND regulation = '2021' ORDER BY id`).map((x) => x.id);
  r = await admin('PUT', `/api/v1/specialties/${sp.id}/goals`, { goal_ids: bs.slice(0, 2) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.goal_ids, bs.slice(0, 2));
  const listed = await get(srv.base, `/api/v1/goals?specialty=psykiatri&common=true&regulation=2021&group=b&limit=500`);
  assert.deepEqual(listed.body.items.map((x) => x.id), bs.slice(0, 2));
  const [a] = srv.sql(`SELECT id FROM goal WHERE grp = 'a' LIMIT 1`);
  r = await admin('PUT', `/api/v1/specialties/${sp.id}/goals`, { goal_ids: [a.id] });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'goal_ids');
  r = await admin('PUT', '/api/v1/specialties/999999/goals', { goal_ids: [] });
  assert.equal(r.status, 404);
});

test('goal matching: a unit of another specialty that covers a need\'s goals can take it', async () => {
  const id = await trainee('2027-01-04');
  const p = await plan(id);
  const g = p.goals.find((x) => x.group === 'c');
  const [psy] = srv.sql(`SELECT id FROM specialty WHERE code = 'psykiatri'`);
  const need = await post(srv.base, '/api/v1/needs', { trainee_id: id, specialty_id: psy.id, weeks: 8,
    patterns: ['full'], goal_ids: [g.id] });
  assert.equal(need.status, 201, JSON.stringify(need.body));
  const [u] = srv.sql(`SELECT u.id FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = 'geriatrik' AND u.takes_trainees = 1 ORDER BY u.id LIMIT 1`);
  const cap = await post(srv.base, '/api/v1/capacity', { unit_id: u.id, from_week: '2031-W10', to_week: '2031-W30',
    seats: 1, patterns: ['full'] });
  assert.equal(cap.status, 201, JSON.stringify(cap.body));
  const book = () => post(srv.base, '/api/v1/bookings', { need_id: need.body.id, unit_id: u.id,
    start_week: '2031-W12', pattern: 'full' });
  let r = await book();
  assert.equal(r.status, 422, 'geriatrics does not cover the goal yet');
  assert.equal(errorOf(r).field, 'unit_id');
  // The overview filtered by the goal: where can it be met?
  const where = async () => (await get(srv.base, `/api/v1/places?from=2031-W10&to=2031-W20&goal=${g.id}`)).body;
  let o = await where();
  assert.ok(!o.units.some((x) => x.id === u.id));
  const before = (await get(srv.base, `/api/v1/units/${u.id}`)).body.goal_ids;
  r = await patch(srv.base, `/api/v1/units/${u.id}`, { goal_ids: [...before, g.id] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  o = await where();
  assert.ok(o.units.some((x) => x.id === u.id), 'the unit shows for the goal');
  const covering = new Set(srv.sql(`SELECT unit_id FROM unit_goal WHERE goal_id = ${g.id}`).map((x) => x.unit_id));
  for (const x of o.units) assert.ok(covering.has(x.id), `${x.name} does not cover the goal`);
  r = await book();
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.unit.id, u.id);
});
