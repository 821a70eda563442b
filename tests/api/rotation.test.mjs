// The documentation of a rotation through the API of a running server:
// before (goals, handledare, introduction), during (supervision meetings,
// assessments), after (the handledare's assessment per goal, which moves
// the checklist on; the trainee's feedback on the unit), the form the
// region keeps, and what is missing on the Att göra list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, login, sessionHeaders, call, get, post, patch, errorOf, sqlText } from './harness.mjs';

const srv = serveForTests();
const put = (path, body) => call(srv.base, 'PUT', path, body);

async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s;
  return fn;
}

// The demo ST-läkare's trainee and a rotation of theirs that has ended,
// whose need lists goals.
// with no feedback yet (chosen once: the tests document it in turn).
let chosen;
async function rotation() {
  const st = await as('st-lakare');
  const id = st.session.body.roles.find((r) => r.role === 'trainee').scope_id;
  chosen ??= srv.sql(`SELECT b.id FROM booking b WHERE b.trainee_id = ${id}
    AND b.status IN ('confirmed', 'completed') AND EXISTS (SELECT 1 FROM need_goal g WHERE g.need_id = b.need_id)
    AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.booking_id = b.id)
    ORDER BY b.end_week LIMIT 1`)[0];
  assert.ok(chosen, 'the demo trainee has a rotation with goals and no feedback');
  return { trainee: id, booking: chosen.id, st };
}

test('a rotation is documented before, during and after, and the checklist moves on', async () => {
  const { trainee, booking } = await rotation();
  const hl = await as('handledare');
  let r = await hl('GET', `/api/v1/bookings/${booking}/documentation`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const goals = srv.sql(`SELECT goal_id FROM need_goal WHERE need_id = (SELECT need_id FROM booking
    WHERE id = ${booking}) ORDER BY goal_id`).map((x) => x.goal_id);
  assert.deepEqual(r.body.goals.map((g) => g.id).sort((a, b) => a - b), goals);
  r = await hl('PUT', `/api/v1/bookings/${booking}/introduction`, { held_on: '2026-09-07', note: 'Rundvandring' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.introduction, { held_on: '2026-09-07', note: 'Rundvandring' });
  r = await hl('POST', `/api/v1/bookings/${booking}/meetings`, { held_on: '2026-09-14', notes: 'Genomgång',
    actions: 'Läsa PM för sepsis' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const name = srv.sql("SELECT name FROM app_user WHERE username = 'handledare'")[0].name;
  assert.equal(r.body.meetings.at(-1).by.name, name);
  const kinds = (await get(srv.base, '/api/v1/assessment-kinds')).body.items;
  const cbd = kinds.find((k) => k.code === 'cbd');
  const [other] = srv.sql(`SELECT id FROM goal WHERE regulation <> (SELECT regulation FROM trainee WHERE id = ${trainee})
    LIMIT 1`);
  r = await hl('POST', `/api/v1/bookings/${booking}/assessments`, { kind_id: cbd.id, held_on: '2026-09-21',
    goal_ids: [other.id] });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'goal_ids');
  r = await hl('POST', `/api/v1/bookings/${booking}/assessments`, { kind_id: 999999, held_on: '2026-09-21' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'kind_id');
  r = await hl('POST', `/api/v1/bookings/${booking}/assessments`, { kind_id: cbd.id, held_on: '2026-09-21',
    note: 'Fall med bröstsmärta', goal_ids: [goals[0]] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(r.body.assessments.at(-1).goal_ids, [goals[0]]);

  // After: met makes the goal met on the checklist; partly makes it in progress.
  const state = async (g) => (await get(srv.base, `/api/v1/trainees/${trainee}/plan`)).body.goals
    .find((x) => x.id === g).status;
  const was = await state(goals[0]);
  r = await hl('PUT', `/api/v1/bookings/${booking}/results/${goals[0]}`, { result: 'met', comment: 'Självständig' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.results.find((x) => x.goal_id === goals[0]).result, 'met');
  assert.equal(await state(goals[0]), was === 'certified' ? 'certified' : 'met');
  r = await hl('PUT', `/api/v1/bookings/${booking}/results/${goals[0]}`, { result: 'maybe' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'result');
  r = await hl('PUT', `/api/v1/bookings/${booking}/results/${other.id}`, { result: 'met' });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'goal_id');
});

test('only the trainee\'s handledare assesses; others are refused', async () => {
  const { booking } = await rotation();
  const dir = await as('studierektor');
  let r = await dir('PUT', `/api/v1/bookings/${booking}/results/1`, { result: 'met' });
  assert.equal(r.status, 403, 'a studierektor does not assess goals');
  // A handledare's scope is the trainees they supervise: another trainee's
  // rotation answers as if it did not exist (docs/security.md 3.8).
  const hl = await as('handledare');
  const mine = hl.session.body.roles.filter((x) => x.role === 'supervisor').map((x) => x.scope_id);
  const [b] = srv.sql(`SELECT id FROM booking WHERE status = 'confirmed' AND trainee_id NOT IN (${mine.join(',')})
    LIMIT 1`);
  r = await hl('PUT', `/api/v1/bookings/${b.id}/results/1`, { result: 'met' });
  assert.equal(r.status, 404);
  assert.equal(srv.count(`SELECT count(*) FROM rotation_result WHERE booking_id = ${b.id}`), 0);
});

test('the trainee gives feedback once, on the region\'s form; the unit and the region read it', async () => {
  const { booking, st } = await rotation();
  let r = await st('POST', `/api/v1/bookings/${booking}/feedback`, { answers: { intro: 4 } });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'answers');
  r = await st('POST', `/api/v1/bookings/${booking}/feedback`, { answers: { intro: 4, supervision: 5, goals: 4,
    climate: 6 } });
  assert.equal(r.status, 422, 'a scale is 1 to 5');
  r = await st('POST', `/api/v1/bookings/${booking}/feedback`, { answers: { intro: 4, supervision: 5, goals: 4,
    climate: 3, best: 'Handledningen', nope: 1 } });
  assert.equal(r.status, 422, 'no such question');
  r = await st('POST', `/api/v1/bookings/${booking}/feedback`, { answers: { intro: 4, supervision: 5, goals: 4,
    climate: 3, best: 'Handledningen' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.feedback.answers.best, 'Handledningen');
  r = await st('POST', `/api/v1/bookings/${booking}/feedback`, { answers: { intro: 1, supervision: 1, goals: 1,
    climate: 1 } });
  assert.equal(r.status, 409, 'once');
  // The handledare sees that it was given, not what it says.
  const hl = await as('handledare');
  r = await hl('GET', `/api/v1/bookings/${booking}/documentation`);
  assert.ok(r.body.feedback.submitted_at);
  assert.equal(r.body.feedback.answers, undefined);
  // The övergripande studierektor reads it among the region's, with no name.
  const co = await as('samordnare');
  r = await co('GET', '/api/v1/feedback?limit=500');
  assert.equal(r.status, 200);
  const it = r.body.items.find((x) => x.booking_id === booking);
  assert.equal(it.answers.supervision, 5);
  assert.equal(it.form_version, 1);
  assert.ok(!JSON.stringify(it).includes(srv.sql(`SELECT p.name FROM person p JOIN trainee t ON t.person_id = p.id
    JOIN booking b ON b.trainee_id = t.id WHERE b.id = ${booking}`)[0].name));
  r = await hl('GET', '/api/v1/feedback');
  assert.equal(r.status, 403);
});

test('the region edits its form: a new version; a bad form is refused', async () => {
  const co = await as('samordnare');
  const region = co.session.body.roles.find((r) => r.role === 'coordinator').scope_id;
  const before = (await co('GET', `/api/v1/feedback-form?region=${region}`)).body;
  let r = await co('PUT', '/api/v1/feedback-form', { region_id: region, questions: [{ id: 'x', type: 'stars',
    text_sv: 'X', text_en: 'X' }] });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'questions');
  r = await co('PUT', '/api/v1/feedback-form', { region_id: region, questions: [
    { id: 'helhet', type: 'scale', text_sv: 'Helhetsbetyg', text_en: 'Overall' },
    { id: 'fritt', type: 'text', text_sv: 'Övrigt', text_en: 'Other' }] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.version, before.version + 1);
  assert.equal(r.body.questions.length, 2);
  const st = await as('st-lakare');
  r = await st('PUT', '/api/v1/feedback-form', { region_id: region, questions: before.questions });
  assert.equal(r.status, 403);
});

test('the region renames a kind of assessment and takes it out of use; assessments keep it', async () => {
  const co = await as('samordnare');
  let r = await co('POST', '/api/v1/assessment-kinds', { code: 'journal', name_sv: 'Journalgranskning', name_en: 'Record review' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  r = await co('PATCH', `/api/v1/assessment-kinds/${id}`, { name_sv: 'Granskning av journal', name_en: 'Medical record review' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { id, code: 'journal', name_sv: 'Granskning av journal', name_en: 'Medical record review', active: true });
  // An assessment of it, then it is taken out of use: listed after those
  // in use, refused for new assessments, kept by the old one.
  const { booking } = await rotation();
  const hl = await as('handledare');
  const made = await hl('POST', `/api/v1/bookings/${booking}/assessments`, { kind_id: id, held_on: '2026-10-20', note: '', goal_ids: [] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  r = await co('PATCH', `/api/v1/assessment-kinds/${id}`, { active: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.active, false);
  const kinds = (await co('GET', '/api/v1/assessment-kinds?limit=500')).body.items;
  assert.deepEqual(kinds.at(-1), { id, code: 'journal', name_sv: 'Granskning av journal', name_en: 'Medical record review', active: false });
  assert.ok(kinds.slice(0, -1).every((k) => k.active));
  r = await hl('POST', `/api/v1/bookings/${booking}/assessments`, { kind_id: id, held_on: '2026-10-21', note: '', goal_ids: [] });
  assert.deepEqual([r.status, errorOf(r).field], [422, 'kind_id']);
  const doc = (await hl('GET', `/api/v1/bookings/${booking}/documentation`)).body;
  assert.ok(doc.assessments.some((a) => a.kind_id === id));
  // Back in use.
  r = await co('PATCH', `/api/v1/assessment-kinds/${id}`, { active: true });
  assert.equal(r.body.active, true);
  // Bad values are named; the code is not changed; an unknown kind is 404;
  // the ST-läkare may not.
  for (const [body, field] of [[{ name_sv: '' }, 'name_sv'], [{ name_en: 'x'.repeat(101) }, 'name_en'],
    [{ active: 'no' }, 'active'], [{ code: 'annat' }, 'code']]) {
    r = await co('PATCH', `/api/v1/assessment-kinds/${id}`, body);
    assert.deepEqual([r.status, errorOf(r).field], [422, field], JSON.stringify(body));
  }
  assert.equal((await co('PATCH', '/api/v1/assessment-kinds/99999999', { active: false })).status, 404);
  const st = await as('st-lakare');
  assert.equal((await st('PATCH', `/api/v1/assessment-kinds/${id}`, { active: false })).status, 403);

  // The kinds are the installation's, shared by every region it serves:
  // once it serves a second region, one region's övergripande
  // studierektor may no longer change them for both (403 saying why,
  // nothing written); an administrator may.
  sqlText(srv.db, `INSERT INTO region (code, name) VALUES ('test-kronoberg', 'Region Kronoberg')`);
  try {
    r = await co('PATCH', `/api/v1/assessment-kinds/${id}`, { active: false });
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.match(errorOf(r).message, /every region/);
    r = await co('POST', '/api/v1/assessment-kinds', { code: 'sim', name_sv: 'Simulering', name_en: 'Simulation' });
    assert.equal(r.status, 403);
    assert.equal(srv.count(`SELECT count(*) FROM assessment_kind WHERE code = 'sim' OR (id = ${id} AND active = 0)`), 0);
    r = await patch(srv.base, `/api/v1/assessment-kinds/${id}`, { name_sv: 'Journalgranskning' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  } finally {
    sqlText(srv.db, `DELETE FROM region WHERE code = 'test-kronoberg'`);
  }
});

test('Att göra reminds of feedback and assessments missing two weeks after a rotation', async () => {
  const co = await as('samordnare');
  const r = await co('GET', '/api/v1/todo?on=2026-11-01&limit=100');
  assert.equal(r.status, 200);
  const items = r.body.items.filter((x) => x.kind === 'feedback' || x.kind === 'assessment');
  assert.ok(items.length > 0, 'the demo has rotations that ended without documentation');
  for (const x of items) {
    assert.ok(x.due < '2026-11-01', `${x.kind} of booking ${x.booking_id} due ${x.due}`);
    const [b] = srv.sql(`SELECT status FROM booking WHERE id = ${x.booking_id}`);
    assert.ok(['confirmed', 'completed'].includes(b.status));
    const table = x.kind === 'feedback' ? 'feedback' : 'rotation_result';
    assert.equal(srv.count(`SELECT count(*) FROM ${table} WHERE booking_id = ${x.booking_id}`), 0,
      `booking ${x.booking_id} has its ${x.kind}`);
  }
  // The rotation documented by the tests above is not reminded of.
  assert.ok(!items.some((x) => x.booking_id === chosen.id));
  // Seen before any rotation ended, nothing is overdue.
  const early = await co('GET', '/api/v1/todo?on=2000-01-03&limit=500');
  assert.equal(early.body.items.filter((x) => x.kind === 'feedback').length, 0);
});
