// A trainee's certificates (intyg) in a real browser (Debian's headless
// Chromium driven by playwright-core) against a real `randa serve` on a
// fresh demo region: a rotation walked from its documentation to a signed
// certificate, read back as a PDF; a signature flagged when the facts
// change after it; and the refusals: a certificate not ready offers no
// "Signera" and says why, and one that stopped being ready while the page
// was open shows the server's refusal in its row.
//
// Where the walk starts: a booking request for weeks already past is
// refused (start_week "is in the past"), and a rotation's certificate is
// ready only once its weeks have ended, so no booking made in the test
// could reach a signature. The walk therefore starts from a rotation of
// the demo ST-läkare whose weeks are past (the receiving unit confirmed it
// when the demo was made), with its documentation reset through the API:
// the handledare's results back to "not yet" and its goals back to in
// progress, no feedback given. The confirmation by the receiving unit is
// walked on the ST-läkare's requested rotation ahead, whose certificate
// then waits for its weeks to end. Screenshots go to
// tests/browser/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login, call, sessionHeaders } from '../api/harness.mjs';
import { useBrowser, openPage as open, apiGet, shot, assertAccessible } from './browser.mjs';

const env = useBrowser();
const openAs = (user) => open(env.browser, { server: env.server, user });
const api = (path) => apiGet(env.server, path);
const url = (hash) => `${env.server.base}/${hash}`;

// The browser's notes of answers a test caused on purpose.
const unexpected = (problems, ...statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

// method path (under /api/v1) as the user of session s, which must answer 200.
async function as(s, method, path, body) {
  const r = await call(env.server.base, method, `/api/v1${path}`, body, sessionHeaders(s));
  assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// The text of a PDF, by poppler's pdftotext, with its white space made single.
function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'randa-cert-'));
  try {
    const file = join(dir, 'c.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Waits until no list or part of the page is loading.
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.querySelector('.loading'));
}

// The trainee page of id with its certificates shown.
async function openCertificates(page, id, label) {
  await page.goto(url(`#/st-lakare/${id}`));
  await page.locator('#intyg table.table-certificates tbody tr').first().waitFor();
  await page.locator('.plan-state').waitFor();
  await settled(page);
  if (label) await assertAccessible(page, label);
}

// The rotation page of booking id, once it shows.
async function openRotation(page, id, label) {
  await page.goto(url(`#/randningar/${id}`));
  await page.locator('.rotation-after').waitFor();
  await settled(page);
  if (label) await assertAccessible(page, label);
}

// The demo ST-läkare (whom the demo handledare supervises) and sessions of
// the three who take part.
async function people() {
  const st = await login(env.server.base, 'st-lakare');
  const hl = await login(env.server.base, 'handledare');
  const me = st.body.roles.find((r) => r.role === 'trainee').scope_id;
  assert.ok(hl.body.roles.some((r) => r.role === 'supervisor' && r.scope_id === me), 'the demo handledare supervises the demo ST-läkare');
  return { st, hl, me };
}

test('a rotation from its documentation to a signed certificate: the handledare documents it, the trainee gives feedback, the handledare signs it', async () => {
  const { st, hl, me } = await people();
  const trainee = await api(`/trainees/${me}`);
  // A rotation whose weeks are past, not signed, without feedback.
  let cert = null;
  let doc = null;
  for (const c of (await as(hl, 'GET', `/trainees/${me}/certificates?limit=500`)).items) {
    if (cert || c.kind !== 'rotation' || c.signatures.length || c.reason?.field === 'status' || !c.goals.length) continue;
    const d = await api(`/bookings/${c.activity.booking_id}/documentation`);
    if (d.feedback === null) [cert, doc] = [c, d];
  }
  assert.ok(cert, 'the demo ST-läkare has a rotation that has ended, with goals and no feedback');
  const b = doc.booking;
  // Its documentation reset: no result, its goals in progress.
  for (const g of cert.goals) {
    await as(hl, 'PUT', `/bookings/${b.id}/results/${g.id}`, { result: 'not_yet' });
    await as(hl, 'PUT', `/trainees/${me}/goals/${g.id}`, { status: 'in_progress' });
  }
  const row = (page) => page.locator(`#intyg tr[data-cert="${cert.id}"]`);

  // Before the rotation is documented the handledare sees its certificate
  // not ready, with why, and is offered no signature.
  const hlPage = await openAs('handledare');
  let page = hlPage.page;
  await openCertificates(page, me, 'the trainee page with certificates not ready');
  assert.equal(await page.locator('#intyg h2').textContent(), 'Intyg');
  assert.equal(await row(page).getAttribute('data-state'), 'not_ready');
  assert.equal(await row(page).locator('.cert-reason').textContent(),
    `${cert.goals.length} av delmålen är inte uppfyllda ännu (först ${cert.goals[0].code}).`);
  assert.equal(await row(page).locator('button[data-action="sign"]').count(), 0);

  // The handledare records a supervision meeting and an assessment and
  // sets each goal's result to met on the rotation page.
  await openRotation(page, b.id, 'the rotation\'s documentation before the results');
  await page.click('button[data-action="add-meeting"]');
  const mform = page.locator('form.meeting-form');
  await mform.locator('input[name="held_on"]').fill(cert.activity.from);
  await mform.locator('textarea[name="notes"]').fill('Halvtidsavstämning av randningen');
  await mform.locator('textarea[name="actions"]').fill('Läsa in på epilepsivård');
  await assertAccessible(page, 'the form of a supervision meeting');
  await mform.locator('button[type="submit"]').click();
  await mform.waitFor({ state: 'detached' });
  const kinds = (await api('/assessment-kinds')).items;
  const cbd = kinds.find((k) => k.code === 'cbd');
  await page.click('button[data-action="add-assessment"]');
  const aform = page.locator('form.assessment-form');
  await aform.locator('select[name="kind_id"]').selectOption({ label: cbd.name_sv });
  await aform.locator('input[name="held_on"]').fill(cert.activity.to);
  for (const g of cert.goals) await aform.locator(`input[name="goal_ids"][value="${g.id}"]`).check();
  await aform.locator('textarea[name="note"]').fill('Fall med nydebuterat krampanfall');
  await aform.locator('button[type="submit"]').click();
  await aform.waitFor({ state: 'detached' });
  for (const g of cert.goals) {
    const item = page.locator(`.result-item[data-goal="${g.id}"]`);
    await item.locator('input[type="radio"][value="met"]').check();
    await item.locator('button[type="submit"]').click();
    await page.locator(`.rotation-goals tr[data-goal="${g.id}"][data-status="met"]`).waitFor();
  }
  await assertAccessible(page, 'the rotation\'s goals assessed as met');
  doc = await api(`/bookings/${b.id}/documentation`);
  assert.equal(doc.meetings.filter((m) => m.notes === 'Halvtidsavstämning av randningen').length, 1);
  assert.equal(doc.assessments.filter((a) => a.note === 'Fall med nydebuterat krampanfall').length, 1);
  assert.deepEqual(doc.results.map((r) => r.result), cert.goals.map(() => 'met'));

  // The ST-läkare gives feedback on the region's form.
  const stPage = await openAs('st-lakare');
  await openRotation(stPage.page, b.id);
  const fform = stPage.page.locator('form.feedback-form');
  await fform.waitFor();
  for (const fs of await fform.locator('fieldset[data-question]').all()) await fs.locator('input[value="4"]').check();
  await fform.locator('button[type="submit"]').click();
  await stPage.page.locator('.feedback-given').waitFor();
  await assertAccessible(stPage.page, 'the feedback given');
  assert.notEqual((await api(`/bookings/${b.id}/documentation`)).feedback, null);
  // The trainee reads their certificates but signs none.
  await openCertificates(stPage.page, me, 'the trainee\'s own certificates');
  assert.equal(await stPage.page.locator('#intyg button[data-action="sign"]').count(), 0);
  assert.equal(await row(stPage.page).getAttribute('data-state'), 'ready');
  assert.deepEqual(stPage.problems, []);
  await stPage.context.close();

  // The handledare opens the trainee's page: the certificate is ready.
  await openCertificates(page, me, 'the trainee page with the rotation\'s certificate ready');
  const r = row(page);
  assert.equal(await r.getAttribute('data-state'), 'ready');
  assert.equal(await r.locator('.badge').textContent(), 'Klart att signera');
  assert.equal(await r.locator('.cert-what').textContent(), b.unit.name);
  assert.equal(await r.locator('.cert-kind').textContent(), 'Klinisk tjänstgöring under handledning');
  assert.equal(await r.locator('.cert-title').textContent(), cert.title);
  assert.ok((await r.textContent()).includes(`${cert.activity.from} – ${cert.activity.to}`));
  // Its documents, each named for the certificate.
  const pdfLink = r.locator('a[data-doc="pdf"]');
  assert.equal(await pdfLink.textContent(), 'PDF');
  assert.equal(await pdfLink.getAttribute('aria-label'),
    `PDF – Klinisk tjänstgöring under handledning, ${b.unit.name}, ${cert.activity.from} – ${cert.activity.to} (öppnas i ny flik)`);
  assert.equal(await r.locator('a[data-doc="html"]').textContent(), 'Utskriftsvänlig sida');

  // "Signera" asks for confirmation; then the row shows the signature.
  const signBtn = r.locator('button[data-action="sign"]');
  assert.equal(await signBtn.getAttribute('aria-label'), `Signera som handledare: Klinisk tjänstgöring under handledning, ${b.unit.name}, ${cert.activity.from} – ${cert.activity.to}`);
  await signBtn.click();
  const confirm = r.locator('button[data-action="confirm-sign"]');
  await confirm.waitFor();
  assert.equal(await signBtn.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'confirm-sign');
  await assertAccessible(page, 'signing a certificate, asked to confirm');
  assert.equal((await api(`/trainees/${me}/certificates/${cert.id}`)).signatures.length, 0, 'nothing signed before the confirmation');
  await confirm.click();
  await page.locator(`#intyg tr[data-cert="${cert.id}"][data-state="signed"]`).waitFor();
  const signed = await api(`/trainees/${me}/certificates/${cert.id}`);
  assert.equal(signed.state, 'signed');
  assert.equal(signed.signatures[0].by.name, hl.body.user.name);
  assert.equal(await r.locator('.badge').textContent(), 'Signerat');
  const sig = r.locator('.cert-signatures li[data-role="supervisor"]');
  // Shown in Swedish time, as the page's browser is (UTC 23:31 is the next
  // day in Stockholm).
  const local = new Date(signed.signatures[0].at).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 16);
  assert.equal(await sig.textContent(), `Handledare: ${hl.body.user.name}, ${local}`);
  assert.equal(await r.locator('button[data-action="sign"]').count(), 0, 'not offered twice');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.focus), 'state', 'the focus goes to the state');
  await settled(page);
  await assertAccessible(page, 'a certificate signed');
  await shot(page, 'certificates-signed');

  // The PDF link answers a PDF naming the trainee and the signature.
  const pdf = await page.request.get(`${env.server.base}${await pdfLink.getAttribute('href')}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const text = pdfText(await pdf.body());
  for (const want of [trainee.name, b.unit.name.split(',')[0], `Signerat av ${hl.body.user.name}`, ...cert.goals.map((g) => g.code)])
    assert.ok(text.includes(want), `the PDF lacks "${want}":\n${text}`);
  assert.ok(!text.includes('Uppgifterna har ändrats'));
  const html = await page.request.get(`${env.server.base}${await r.locator('a[data-doc="html"]').getAttribute('href')}`);
  assert.equal(html.status(), 200);
  assert.match(html.headers()['content-type'], /^text\/html/);

  // A goal it states stops being met: the signature is flagged in words,
  // on the page and in the PDF.
  await as(hl, 'PUT', `/trainees/${me}/goals/${cert.goals[0].id}`, { status: 'in_progress' });
  await page.reload();
  await r.locator('.flag-stale').waitFor();
  assert.equal(await r.getAttribute('data-stale'), 'true');
  assert.equal(await r.locator('.flag-stale').textContent(), '⚠ Uppgifterna har ändrats efter underskriften');
  assert.equal(await r.locator('.cert-reason').textContent(), `1 av delmålen är inte uppfyllda ännu (först ${cert.goals[0].code}).`);
  await assertAccessible(page, 'a signature flagged stale');
  await shot(page, 'certificates-stale');
  const stale = pdfText(await (await page.request.get(`${env.server.base}${signed.pdf}`)).body());
  assert.ok(stale.includes(`Uppgifterna har ändrats efter underskriften den ${signed.signatures[0].at.slice(0, 10)}`), stale);
  await as(hl, 'PUT', `/trainees/${me}/goals/${cert.goals[0].id}`, { status: 'met' });
  assert.deepEqual(hlPage.problems, []);
  await hlPage.context.close();
});

test('a certificate not ready offers no signature and says why; one that stopped being ready shows the server\'s refusal in its row', async () => {
  const { hl, me } = await people();
  // The receiving unit confirms the ST-läkare's requested rotation (the
  // tests' own user heads every unit): its certificate waits for its weeks.
  const requested = (await api(`/bookings?trainee=${me}&status=requested&limit=100`)).items[0];
  assert.ok(requested, 'the demo ST-läkare has a rotation requested');
  const vc = await openAs('tester');
  await vc.page.goto(url(`#/st-lakare/${me}`));
  const accept = vc.page.locator(`table.table-bookings tr[data-booking="${requested.id}"] button[data-action="accept"]`);
  await accept.click();
  await vc.page.locator(`table.table-bookings tr[data-booking="${requested.id}"][data-status="confirmed"]`).waitFor();
  assert.equal((await api(`/bookings/${requested.id}`)).status, 'confirmed');
  assert.deepEqual(vc.problems, []);
  await vc.context.close();

  const { context, page, problems } = await openAs('handledare');
  await openCertificates(page, me, 'the trainee page with a rotation ahead');
  const ahead = page.locator(`#intyg tr[data-cert="rotation-${requested.id}"]`);
  assert.equal(await ahead.getAttribute('data-state'), 'not_ready');
  const last = (await api(`/trainees/${me}/certificates/rotation-${requested.id}`)).activity.last_week;
  assert.equal(await ahead.locator('.cert-reason').textContent(),
    `Placeringen pågår till och med vecka ${Number(last.slice(6))} ${last.slice(0, 4)}.`);
  assert.equal(await ahead.locator('button[data-action="sign"]').count(), 0, 'not offered');
  // Every row not ready offers none.
  assert.equal(await page.locator('#intyg tr[data-state="not_ready"] button[data-action="sign"]').count(), 0);

  // A course ready when the page was read, whose goal is then no longer
  // met: signing it is refused, said in Swedish in its row (not in the
  // server's English), taking the focus, and the row shows it as it is now.
  const course = (await as(hl, 'GET', `/trainees/${me}/certificates?limit=500`)).items
    .find((c) => c.kind === 'activity' && c.state === 'ready' && c.goals.length === 1);
  assert.ok(course, 'the demo ST-läkare has a course ready to sign');
  const row = page.locator(`#intyg tr[data-cert="${course.id}"]`);
  await row.locator('button[data-action="sign"]').click();
  await as(hl, 'PUT', `/trainees/${me}/goals/${course.goals[0].id}`, { status: 'in_progress' });
  await row.locator('button[data-action="confirm-sign"]').click();
  const err = page.locator(`#intyg tr[data-cert="${course.id}"] .cert-error`);
  await err.waitFor();
  assert.equal(await err.textContent(), 'Intyget signerades inte: det är inte längre klart att signera. Skälet står i raden.');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cert-error')), true, 'the focus goes to the refusal');
  assert.equal(await row.getAttribute('data-state'), 'not_ready');
  assert.equal(await row.locator('button[data-action="sign"]').count(), 0);
  assert.equal(await row.locator('.cert-reason').textContent(), `1 av delmålen är inte uppfyllda ännu (först ${course.goals[0].code}).`);
  assert.equal((await api(`/trainees/${me}/certificates/${course.id}`)).signatures.length, 0);
  await assertAccessible(page, 'a signature refused');
  await shot(page, 'certificates-refused');
  await as(hl, 'PUT', `/trainees/${me}/goals/${course.goals[0].id}`, { status: 'met' });

  // In English.
  await page.click('#lang-switch');
  await page.locator('#intyg h2:text-is("Certificates")').waitFor();
  await settled(page);
  assert.equal(await ahead.locator('.badge').textContent(), 'Not ready to sign');
  assert.match(await ahead.locator('.cert-reason').textContent(), new RegExp(`^the rotation runs until ${last}; it is certified when it has ended$`));
  await assertAccessible(page, 'the certificates in English');
  await page.click('#lang-switch');
  assert.deepEqual(unexpected(problems, 422), []);
  await context.close();
});
