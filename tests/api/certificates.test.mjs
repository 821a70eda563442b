// The certificates of issue 13 through the API of a running server: what a
// trainee can be issued and its state, one certificate as a PDF (read back
// with poppler's pdftotext and pdfinfo: Swedish letters intact, the pages
// numbered) and as a page to print, signing by the handledare and the
// studierektor, and the refusals: 403 for someone who may not sign, 422
// with the reason for a goal not met or an activity not done, 409 twice;
// and a signature given before what the certificate states changed is
// flagged stale, in the JSON and by a line in the PDF and the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveForTests, login, sessionHeaders, call, errorOf } from './harness.mjs';

const srv = serveForTests();

async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200, `log-in as ${username}: ${JSON.stringify(s.body)}`);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s;
  fn.name_ = s.body.user.name;
  return fn;
}

// The trainee the demo's ST-läkare is, whom the demo handledare supervises
// and whose home unit is the demo studierektor's.
async function demoTrainee() {
  const st = await as('st-lakare');
  return st.session.body.roles.find((r) => r.role === 'trainee').scope_id;
}

// GETs a file as bytes with a session: { status, type, headers, bytes }.
async function fetchFile(req, path) {
  const res = await fetch(srv.base + path, { headers: sessionHeaders(req.session) });
  return { status: res.status, type: res.headers.get('content-type') || '', headers: res.headers,
    bytes: Buffer.from(await res.arrayBuffer()) };
}

// The text and page count of a PDF, by pdftotext and pdfinfo.
function readPdf(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'randa-cert-'));
  try {
    const file = join(dir, 'c.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    return { text, pages, info };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const certs = async (req, id) => {
  const r = await req('GET', `/api/v1/trainees/${id}/certificates?limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
};
const sign = (req, id, cert, role) => req('POST', `/api/v1/trainees/${id}/certificates/${cert}/sign`, { role });

// The plan's checklist: { code -> goal }.
async function checklist(req, id) {
  const r = await req('GET', `/api/v1/trainees/${id}/plan`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// Sets goal's state as the handledare would (met, in_progress, planned).
async function setGoal(req, id, goal, status) {
  const r = await req('PUT', `/api/v1/trainees/${id}/goals/${goal}`, { status });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

test('the list names every certificate the trainee can be issued, each with its state', async () => {
  const id = await demoTrainee();
  const st = await as('st-lakare');
  const items = await certs(st, id);
  const [t] = srv.sql(`SELECT regulation FROM trainee WHERE id = ${id}`);
  const ids = items.map((c) => c.id);
  // Every live rotation, every activity of a kind the forms know, BT under
  // 2021:8 and the summary, in that order.
  const books = srv.sql(`SELECT id FROM booking WHERE trainee_id = ${id}
    AND status IN ('requested', 'confirmed', 'completed') ORDER BY start_week, id`).map((r) => `rotation-${r.id}`);
  const acts = srv.sql(`SELECT id FROM activity WHERE trainee_id = ${id}
    AND kind IN ('auskultation', 'course', 'written_work', 'quality_work', 'clinical')`).map((r) => `activity-${r.id}`);
  assert.deepEqual(ids.filter((x) => x.startsWith('rotation-')), books);
  assert.deepEqual(ids.filter((x) => x.startsWith('activity-')).sort(), acts.sort());
  assert.equal(ids.includes('bt'), t.regulation === '2021');
  assert.equal(ids.at(-1), 'summary');
  for (const c of items) {
    assert.ok(['not_ready', 'ready', 'partly_signed', 'signed'].includes(c.state), c.id);
    assert.equal(c.state === 'not_ready', c.reason !== null, c.id);
    if (c.reason) assert.ok(['status', 'goal_ids'].includes(c.reason.field), JSON.stringify(c.reason));
    assert.equal(c.trainee.id, id);
    assert.match(c.title, /^(Intyg|Sammanställning)/);
    assert.equal(c.pdf, `/api/v1/trainees/${id}/certificates/${c.id}.pdf`);
    assert.deepEqual(c.signers, ['bt', 'summary'].includes(c.id) ? ['supervisor', 'director'] : ['supervisor']);
  }
  // A rotation is clinical service under supervision at its unit.
  const rot = items.find((c) => c.kind === 'rotation');
  assert.equal(rot.subtitle, 'Klinisk tjänstgöring under handledning');
  assert.ok(rot.activity.unit && rot.activity.from && rot.activity.to, JSON.stringify(rot.activity));
  // The summary states every goal of the checklist.
  const plan = await checklist(st, id);
  assert.deepEqual(items.at(-1).goals.map((g) => g.code), plan.goals.map((g) => g.code));
});

test('the handledare, the studierektor of the home unit and the trainee see them; others as if missing', async () => {
  const id = await demoTrainee();
  for (const user of ['st-lakare', 'handledare', 'studierektor']) {
    const r = await (await as(user))('GET', `/api/v1/trainees/${id}/certificates`);
    assert.equal(r.status, 200, `${user}: ${JSON.stringify(r.body)}`);
  }
  // Another unit's trainee, for the studierektor: 404 as for none.
  const sr = await as('studierektor');
  const unit = sr.session.body.roles[0].scope_id;
  const [other] = srv.sql(`SELECT id FROM trainee WHERE home_unit_id <> ${unit} LIMIT 1`);
  for (const path of [(t) => `/api/v1/trainees/${t}/certificates`, (t) => `/api/v1/trainees/${t}/certificates/summary.pdf`]) {
    const hidden = await sr('GET', path(other.id));
    const missing = await sr('GET', path(999999));
    assert.equal(hidden.status, 404, path(other.id));
    assert.equal(missing.status, 404);
    assert.equal(errorOf(hidden).message, errorOf(missing).message.replace('999999', String(other.id)));
  }
  // The administrator reads no trainee's records.
  const admin = await as('admin');
  assert.equal((await admin('GET', `/api/v1/trainees/${id}/certificates`)).status, 403);
});

test('a course\'s certificate as PDF and as a page: Swedish text intact, one numbered page', async () => {
  const id = await demoTrainee();
  const hl = await as('handledare');
  const plan = await checklist(hl, id);
  // Two goals met, given in the reverse of the checklist's order: the
  // certificate states them in its order.
  const met = plan.goals.filter((g) => g.status === 'met' || g.status === 'certified').slice(0, 2);
  assert.equal(met.length, 2);
  const made = await hl('POST', '/api/v1/activities', { trainee_id: id, kind: 'course',
    title: 'Kurs i förlossningsvård – Åhus och Örebro', from: '2026-W10', to: '2026-W11',
    status: 'done', goal_ids: met.map((g) => g.id).reverse() });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const cert = `activity-${made.body.id}`;
  const one = await hl('GET', `/api/v1/trainees/${id}/certificates/${cert}`);
  assert.equal(one.status, 200, JSON.stringify(one.body));
  assert.equal(one.body.state, 'ready');
  assert.equal(one.body.subtitle, 'Kurs');
  assert.deepEqual(one.body.goals.map((g) => g.code), met.map((g) => g.code));
  assert.deepEqual([one.body.activity.from, one.body.activity.to, one.body.activity.weeks], ['2026-03-02', '2026-03-15', 2]);

  const pdf = await fetchFile(hl, `/api/v1/trainees/${id}/certificates/${cert}.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  assert.equal(pdf.headers.get('cache-control'), 'no-store');
  assert.match(pdf.headers.get('content-disposition'), new RegExp(`filename="intyg-${id}-${cert}\\.pdf"`));
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  const { text, pages, info } = readPdf(pdf.bytes);
  assert.equal(pages, 1);
  assert.match(info, /^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/m);
  const name = srv.sql(`SELECT p.name FROM trainee t JOIN person p ON p.id = t.person_id WHERE t.id = ${id}`)[0].name;
  for (const want of ['Intyg om genomförd utbildningsaktivitet', 'uppfyllda kompetenskrav', 'Kurs',
    'Handledare', 'Sökande', 'Delmål som aktiviteten avsett', name, 'Kurs i förlossningsvård – Åhus och Örebro',
    ...met.map((g) => g.code), 'HSLF-FS 2021:8', 'Ej signerat', 'sida 1 av 1'])
    assert.ok(text.includes(want), `the PDF lacks "${want}":\n${text}`);

  const page = await fetchFile(hl, `/api/v1/trainees/${id}/certificates/${cert}.html`);
  assert.equal(page.status, 200);
  assert.equal(page.type, 'text/html; charset=utf-8');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const html = page.bytes.toString('utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<html lang="sv">/);
  assert.match(html, /<link rel="stylesheet" href="\/print\.css">/);
  assert.match(html, /<h1>Intyg om genomförd utbildningsaktivitet och uppfyllda kompetenskrav<\/h1>/);
  for (const want of [name, 'Kurs i förlossningsvård – Åhus och Örebro', '<th scope="row">Handledare</th>', ...met.map((g) => g.code)])
    assert.ok(html.includes(want), `the page lacks "${want}"`);
  // The stylesheet it links is served, and the page has no inline style or script.
  const css = await fetch(`${srv.base}/print.css`);
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  assert.doesNotMatch(html, /<style|<script|style=/);
});

test('the summary is several numbered pages with every goal, rotation and activity', async () => {
  const id = await demoTrainee();
  const sr = await as('studierektor');
  const item = (await sr('GET', `/api/v1/trainees/${id}/certificates/summary`)).body;
  const pdf = await fetchFile(sr, `/api/v1/trainees/${id}/certificates/summary.pdf`);
  assert.equal(pdf.status, 200);
  const { text: raw, pages } = readPdf(pdf.bytes);
  const text = raw.replace(/\s+/g, ' ');
  assert.ok(pages >= 2, `${pages} pages`);
  for (let p = 1; p <= pages; p++) assert.ok(text.includes(`sida ${p} av ${pages}`), `sida ${p} av ${pages}`);
  assert.ok(text.includes('Sammanställning av specialiseringstjänstgöringen'));
  for (const g of item.goals) assert.ok(text.includes(g.code), g.code);
  for (const r of item.rotations) assert.ok(text.includes(r.unit.split(',')[0]), r.unit);
  for (const want of ['Klinisk tjänstgöring', 'Utbildningsaktiviteter', 'Studierektor', 'Handledare'])
    assert.ok(text.includes(want), want);
});

test('signing: who may, the refusals with their reasons, and who signed shown after', async () => {
  const id = await demoTrainee();
  const st = await as('st-lakare');
  const hl = await as('handledare');
  const sr = await as('studierektor');
  const plan = await checklist(hl, id);
  const met = plan.goals.find((g) => g.status === 'met' || g.status === 'certified');
  const open = plan.goals.find((g) => g.status === 'in_progress' || g.status === 'planned');
  const course = async (body) => {
    const r = await hl('POST', '/api/v1/activities', { trainee_id: id, kind: 'course', title: 'Kurs i ledarskap',
      from: '2026-W20', to: '2026-W20', status: 'done', goal_ids: [met.id], ...body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return `activity-${r.body.id}`;
  };
  const ready = await course({});
  const unmet = await course({ goal_ids: [met.id, open.id] });
  const undone = await course({ status: 'in_progress' });
  const before = srv.count('SELECT count(*) FROM certificate_signature');

  // The trainee may not sign at all; the handledare not as studierektor.
  let r = await sign(st, id, ready, 'supervisor');
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).code, 'forbidden');
  r = await sign(hl, id, ready, 'director');
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).field, 'role');
  // The studierektor co-signs only where the form asks.
  r = await sign(sr, id, ready, 'director');
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'role');
  // A goal not met, an activity not done: 422 with the reason.
  r = await sign(hl, id, unmet, 'supervisor');
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(errorOf(r).field, 'goal_ids');
  assert.match(errorOf(r).message, new RegExp(`${open.code} is ${open.status}, not met`));
  r = await sign(hl, id, undone, 'supervisor');
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'status');
  assert.match(errorOf(r).message, /in_progress, not done/);
  // The list says the same before anyone tries.
  const listed = await certs(hl, id);
  assert.deepEqual(listed.find((c) => c.id === unmet).reason, { field: 'goal_ids',
    message: errorOf(await sign(hl, id, unmet, 'supervisor')).message,
    message_sv: `1 av delmålen är inte uppfyllda ännu (först ${open.code}).` });
  assert.equal(listed.find((c) => c.id === undone).state, 'not_ready');
  // Unknown certificates: 404.
  for (const bad of ['activity-999999', 'nope', 'summary.pdf', 'summary.txt'])
    assert.equal((await sign(hl, id, bad, 'supervisor')).status, 404, bad);
  assert.equal(srv.count('SELECT count(*) FROM certificate_signature'), before, 'nothing was signed');

  // The handledare signs; the certificate shows who and when.
  r = await sign(hl, id, ready, 'supervisor');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'signed');
  assert.equal(r.body.signatures.length, 1);
  const [s] = r.body.signatures;
  assert.equal(s.role, 'supervisor');
  assert.equal(s.by.name, hl.name_);
  assert.equal(s.by.user_id, hl.session.body.user.id);
  assert.match(s.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  r = await sign(hl, id, ready, 'supervisor');
  assert.equal(r.status, 409, 'twice in one role');
  assert.equal(errorOf(r).field, 'role');
  assert.equal((await certs(st, id)).find((c) => c.id === ready).state, 'signed');
  const { text } = readPdf((await fetchFile(st, `/api/v1/trainees/${id}/certificates/${ready}.pdf`)).bytes);
  assert.ok(text.includes(`Signerat av ${hl.name_} ${s.at.slice(0, 10)}`), text);
  const html = (await fetchFile(st, `/api/v1/trainees/${id}/certificates/${ready}.html`)).bytes.toString();
  assert.ok(html.includes(`Signerat av ${hl.name_}`));
  // Recorded with what it said, and in the log.
  const [row] = srv.sql(`SELECT kind, activity_id, role, name, at, content FROM certificate_signature
    WHERE trainee_id = ${id} AND certificate = '${ready}'`);
  assert.deepEqual([row.kind, row.activity_id, row.role, row.name, row.at],
    ['activity', Number(ready.split('-')[1]), 'supervisor', hl.name_, s.at]);
  assert.deepEqual(JSON.parse(row.content).goals.map((g) => g.code), [met.code]);
  assert.equal(srv.count(`SELECT count(*) FROM audit_log WHERE entity = 'certificate_signature'
    AND after_json LIKE '%${ready}%'`), 1);
});

test('a rotation is certified once it has ended and its goals are met; BT is co-signed by the studierektor', async () => {
  const id = await demoTrainee();
  const hl = await as('handledare');
  const sr = await as('studierektor');
  const items = await certs(hl, id);
  const rot = items.find((c) => c.kind === 'rotation' && ['completed', 'confirmed'].includes(c.activity.status) &&
    c.reason?.field !== 'status');
  assert.ok(rot, 'the demo trainee has a rotation that has ended');
  // A handledare at the receiving unit, appointed by its verksamhetschef
  // (the tests' own user is that everywhere).
  const booking = rot.activity.booking_id;
  const [unit] = srv.sql(`SELECT unit_id FROM booking WHERE id = ${booking}`);
  const [sup] = srv.sql(`SELECT s.id, p.name FROM supervisor s JOIN person p ON p.id = s.person_id
    WHERE s.unit_id = ${unit.unit_id} ORDER BY s.id LIMIT 1`);
  if (sup) {
    const r = await call(srv.base, 'PUT', `/api/v1/bookings/${booking}/supervisor`, { supervisor_id: sup.id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  // Its goals not all met: refused, naming the first that is not.
  const unmet = rot.goals.filter((g) => g.status !== 'met' && g.status !== 'certified');
  if (unmet.length) {
    const r = await sign(hl, id, rot.id, 'supervisor');
    assert.equal(r.status, 422);
    assert.equal(errorOf(r).field, 'goal_ids');
    assert.ok(errorOf(r).message.includes(unmet[0].code), errorOf(r).message);
    for (const g of unmet) await setGoal(hl, id, g.id, 'met');
  }
  let r = await sign(hl, id, rot.id, 'supervisor');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'signed');
  const { text } = readPdf((await fetchFile(hl, `/api/v1/trainees/${id}/certificates/${rot.id}.pdf`)).bytes);
  const flat = text.replace(/\s+/g, ' ');
  for (const want of ['Klinisk tjänstgöring under handledning', 'Tjänstgöringsställe', rot.activity.unit.split(',')[0],
    rot.activity.from, rot.activity.to, ...rot.goals.map((g) => g.code), `Signerat av ${hl.name_}`])
    assert.ok(flat.includes(want), `the rotation's PDF lacks "${want}":\n${text}`);
  if (sup) assert.ok(flat.includes(sup.name), `the handledare ${sup.name}`);

  // BT: every BT goal met, then the handledare signs and the studierektor co-signs.
  const bt = (await certs(hl, id)).find((c) => c.id === 'bt');
  assert.ok(bt, 'a trainee under HSLF-FS 2021:8 has a BT certificate');
  for (const g of bt.goals.filter((x) => x.status !== 'met' && x.status !== 'certified')) await setGoal(hl, id, g.id, 'met');
  r = await sign(hl, id, 'bt', 'supervisor');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'partly_signed');
  r = await sign(sr, id, 'bt', 'supervisor');
  assert.equal(r.status, 403, 'the studierektor is not the handledare');
  r = await sign(sr, id, 'bt', 'director');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'signed');
  assert.deepEqual(r.body.signatures.map((x) => [x.role, x.by.name]).sort(),
    [['director', sr.name_], ['supervisor', hl.name_]]);
  // A co-signature is no change to what the first signature signed.
  assert.deepEqual(r.body.signatures.map((x) => x.stale), [false, false]);
  const btPdf = readPdf((await fetchFile(sr, `/api/v1/trainees/${id}/certificates/bt.pdf`)).bytes).text.replace(/\s+/g, ' ');
  for (const want of ['Intyg om godkänd bastjänstgöring (BT)', 'Delmål i bastjänstgöringen', ...bt.goals.map((g) => g.code),
    `Signerat av ${hl.name_}`, `Signerat av ${sr.name_}`])
    assert.ok(btPdf.includes(want), `the BT PDF lacks "${want}"`);

  // The summary waits for every goal of the checklist.
  const summary = (await certs(hl, id)).find((c) => c.id === 'summary');
  const left = summary.goals.filter((g) => g.status !== 'met' && g.status !== 'certified');
  r = await sign(hl, id, 'summary', 'supervisor');
  if (left.length) {
    assert.equal(r.status, 422);
    assert.equal(errorOf(r).field, 'goal_ids');
    assert.ok(errorOf(r).message.includes(left[0].code));
  } else {
    assert.equal(r.status, 200);
  }
});

test('a certificate of another trainee\'s activity, or of a seminar, does not exist here', async () => {
  const id = await demoTrainee();
  const hl = await as('handledare');
  const [other] = srv.sql(`SELECT id FROM activity WHERE trainee_id <> ${id} LIMIT 1`);
  if (other) assert.equal((await hl('GET', `/api/v1/trainees/${id}/certificates/activity-${other.id}`)).status, 404);
  const seminar = await hl('POST', '/api/v1/activities', { trainee_id: id, kind: 'seminar', title: 'ST-dag', status: 'done' });
  assert.equal(seminar.status, 201, JSON.stringify(seminar.body));
  const r = await hl('GET', `/api/v1/trainees/${id}/certificates/activity-${seminar.body.id}.pdf`);
  assert.equal(r.status, 404);
  assert.equal(errorOf(r).field, 'cert');
  assert.ok(!(await certs(hl, id)).some((c) => c.id === `activity-${seminar.body.id}`));
  for (const bad of ['bt.txt', 'rotation-0', 'rotation-01', 'Summary'])
    assert.equal((await hl('GET', `/api/v1/trainees/${id}/certificates/${bad}`)).status, 404, bad);
});

test('a signature given before what the certificate states changed is stale, and the PDF and the page say so', async () => {
  const id = await demoTrainee();
  const hl = await as('handledare');
  const st = await as('st-lakare');
  const plan = await checklist(hl, id);
  const [g1, g2] = plan.goals.filter((g) => g.status === 'met');
  assert.ok(g1 && g2, 'the demo trainee has two goals met, not yet certified');
  const course = async (title, goal) => {
    const r = await hl('POST', '/api/v1/activities', { trainee_id: id, kind: 'course', title,
      from: '2026-W30', to: '2026-W31', status: 'done', goal_ids: [goal.id] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const changed = await course('Kurs i akut omhändertagande', g1);
  const kept = await course('Kurs i palliativ vård', g2);
  const one = async (act) => {
    const r = await st('GET', `/api/v1/trainees/${id}/certificates/activity-${act}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const staleOf = async (act) => (await one(act)).signatures.map((x) => x.stale);
  const pdfText = async (act) => readPdf((await fetchFile(st, `/api/v1/trainees/${id}/certificates/activity-${act}.pdf`)).bytes)
    .text.replace(/\s+/g, ' ');
  for (const act of [changed, kept]) {
    const r = await sign(hl, id, `activity-${act}`, 'supervisor');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.signatures[0].stale, false, 'as signed');
  }
  const at = (await one(changed)).signatures[0].at;
  const line = `Uppgifterna har ändrats efter underskriften den ${at.slice(0, 10)}`;

  // The handledare certifies the goal on the checklist: it stays met, and
  // a certification is a signature of its own, not a changed fact.
  let r = await hl('POST', `/api/v1/trainees/${id}/goals/${g1.id}/certify`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(await staleOf(changed), [false]);
  assert.ok(!(await pdfText(changed)).includes('Uppgifterna har ändrats'));

  // The course's weeks change: that certificate's signature is stale, in
  // the list and alone, and its PDF and page print the line by it; the
  // other course's is not.
  r = await hl('PATCH', `/api/v1/activities/${changed}`, { to: '2026-W33' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(await staleOf(changed), [true]);
  assert.deepEqual(await staleOf(kept), [false]);
  const listed = await certs(st, id);
  assert.deepEqual(listed.find((c) => c.id === `activity-${changed}`).signatures.map((x) => x.stale), [true]);
  assert.deepEqual(listed.find((c) => c.id === `activity-${kept}`).signatures.map((x) => x.stale), [false]);
  assert.equal((await one(changed)).state, 'signed', 'a stale signature is still a signature');
  const text = await pdfText(changed);
  assert.ok(text.includes(`Signerat av ${hl.name_}`) && text.includes(line), `the PDF lacks "${line}":\n${text}`);
  assert.ok(!(await pdfText(kept)).includes('Uppgifterna har ändrats'), 'unchanged, no line');
  const html = (await fetchFile(st, `/api/v1/trainees/${id}/certificates/activity-${changed}.html`)).bytes.toString();
  assert.ok(html.includes(line), 'the page says it too');

  // Back as signed: no longer stale.
  r = await hl('PATCH', `/api/v1/activities/${changed}`, { to: '2026-W31' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(await staleOf(changed), [false]);
  // Signed and current: a second signature in the role is refused.
  r = await sign(hl, id, `activity-${changed}`, 'supervisor');
  assert.equal(r.status, 409);
  assert.equal(errorOf(r).field, 'role');

  // Changed again, the handledare signs what it states now: the signature
  // is renewed in place (one per role), no longer stale, and the log keeps
  // the signature it replaced.
  r = await hl('PATCH', `/api/v1/activities/${changed}`, { to: '2026-W32' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(await staleOf(changed), [true]);
  r = await sign(hl, id, `activity-${changed}`, 'supervisor');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.signatures.map((x) => x.stale), [false]);
  assert.equal(srv.count(`SELECT count(*) FROM certificate_signature
    WHERE trainee_id = ${id} AND certificate = 'activity-${changed}'`), 1);
  const [renewed] = srv.sql(`SELECT action, before_json, after_json FROM audit_log
    WHERE entity = 'certificate_signature' ORDER BY id DESC LIMIT 1`);
  assert.equal(renewed.action, 'update');
  const [was, then] = [JSON.parse(renewed.before_json), JSON.parse(renewed.after_json)];
  assert.equal(was.at, at, 'the signature replaced');
  assert.notDeepEqual(was.content, then.content, 'what it said before and now');
  assert.ok(!(await pdfText(changed)).includes('Uppgifterna har ändrats'), 'renewed, no line');

  // The other course's goal no longer met: stale, with why it could not
  // be signed now.
  await setGoal(hl, id, g2.id, 'in_progress');
  const now = await one(kept);
  assert.deepEqual(now.signatures.map((x) => x.stale), [true]);
  assert.equal(now.reason.field, 'goal_ids');
  await setGoal(hl, id, g2.id, 'met');
  assert.deepEqual(await staleOf(kept), [false]);
});
