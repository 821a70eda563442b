// Notifications (issue 14) against a running server on the demo region:
// who is told when a booking moves, the daily pass over the Att göra
// lists (each item told once), the inbox (own only, unread, read, read
// all), the e-mail preferences, and the e-mail itself through a real SMTP
// sink on loopback (smtp-server): recipients, a Swedish subject encoded as
// RFC 2047 words, the body's Swedish text and links, one daily digest, and
// a sink that is down losing no mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { startServer, login, call, get, post, sessionHeaders, sqlRows, errorOf } from './harness.mjs';

const PUBLIC_URL = 'https://randa.region.test/';
const TESTER_MAIL = 'testare@region.test';
const DIRECTOR_MAIL = 'studierektor@region.test';

// An SMTP server on loopback that keeps every message it is given, parsed.
async function startSink(port = 0) {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        mails.push({ from: session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) });
        done();
      });
    },
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', ok); });
  return { mails, port: server.server.address().port, close: () => new Promise((ok) => server.close(ok)) };
}

// Waits until fn() is truthy (polling), resolving to its value.
async function until(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

let srv, sink, director;
const sql = (q) => sqlRows(srv.db, q);
const as = (s) => ({ ...sessionHeaders(s) });

before(async () => {
  sink = await startSink();
  srv = await startServer({ extraArgs: ['--smtp', `smtp://127.0.0.1:${sink.port}`,
    '--mail-from', 'randa@region.test', '--public-url', PUBLIC_URL, '--mail-poll', '1',
    '--mail-retry', '1', '--daily-pass-every', '2'] });
  director = await login(srv.base, 'studierektor');
  assert.ok(director.cookie);
});
after(async () => { await srv?.stop(); await sink?.close(); });

// The id of a demo user.
const userId = (name) => sql(`SELECT id FROM app_user WHERE username = '${name}'`)[0].id;

test('preferences start at the defaults and refuse what is not an address or a kind', async () => {
  const r = await get(srv.base, '/api/v1/notifications/preferences');
  assert.equal(r.status, 200);
  assert.equal(r.body.email, null);
  assert.equal(r.body.digest, false);
  assert.equal(r.body.mail_enabled, true);
  assert.deepEqual(r.body.email_kinds, r.body.kinds);
  assert.ok(r.body.kinds.includes('cancellation'));
  const bad = await call(srv.base, 'PUT', '/api/v1/notifications/preferences', { email: 'a@b.se\r\nBcc: x@y.se' });
  assert.equal(bad.status, 422);
  assert.equal(errorOf(bad).field, 'email');
  const kind = await call(srv.base, 'PUT', '/api/v1/notifications/preferences', { email_kinds: ['gossip'] });
  assert.equal(kind.status, 422);
  assert.equal(errorOf(kind).field, 'email_kinds');
  // The tester hears of bookings by e-mail one at a time, and of nothing
  // else (the daily pass tells them of every unit's to-do list).
  const set = await call(srv.base, 'PUT', '/api/v1/notifications/preferences',
    { email: TESTER_MAIL, email_kinds: ['request', 'answer', 'cancellation'], digest: false });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.email, TESTER_MAIL);
  assert.deepEqual(set.body.email_kinds, ['request', 'answer', 'cancellation']);
  assert.ok(set.body.updated_at);
  // The studierektor wants one digest a day of everything.
  const d = await call(srv.base, 'PUT', '/api/v1/notifications/preferences',
    { email: DIRECTOR_MAIL, digest: true }, as(director));
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.digest, true);
});

// A requested booking far enough ahead to be asked for again once declined.
function requestedBooking() {
  const [b] = sql(`SELECT b.id, b.need_id, b.unit_id, b.trainee_id, b.pattern, b.weeks
    FROM booking b WHERE b.status = 'requested' AND b.need_id IS NOT NULL
    ORDER BY b.start_week DESC, b.id LIMIT 1`);
  assert.ok(b, 'the demo has requests waiting');
  return b;
}

let asked; // { id, unit_id, trainee, unit } of the request made again below

test('a request, its answer and its cancellation tell the people concerned, by e-mail too', async () => {
  const b = requestedBooking();
  const view = await get(srv.base, `/api/v1/bookings/${b.id}`);
  assert.equal(view.status, 200);
  // The tester declines it (and, having done it, is not told of it)...
  const declined = await post(srv.base, `/api/v1/bookings/${b.id}/decline`, {});
  assert.equal(declined.status, 200, JSON.stringify(declined.body));
  // ... and the region's coordinator asks for the same place again: the
  // receiving unit's studierektor (the tester, of every unit) is told.
  const osr = await login(srv.base, 'samordnare');
  const again = await call(srv.base, 'POST', '/api/v1/bookings', {
    need_id: b.need_id, unit_id: b.unit_id, start_week: view.body.start_week,
    pattern: b.pattern, weeks: b.weeks }, as(osr));
  assert.equal(again.status, 201, JSON.stringify(again.body));
  asked = { id: again.body.id, trainee: view.body.trainee.name, unit: view.body.unit.name };
  const tester = userId('tester');
  const told = sql(`SELECT user_id, kind, link, params FROM notification
    WHERE entity = 'booking' AND entity_id = ${asked.id}`);
  assert.deepEqual(told.map((n) => [n.user_id, n.kind]), [[tester, 'request']]);
  assert.equal(told[0].link, '#/bokningar');
  const params = JSON.parse(told[0].params);
  assert.equal(params.trainee, asked.trainee);
  assert.equal(params.unit, asked.unit);
  assert.equal(params.from, view.body.start_week);
  // Nobody was told the decline by the tester; its trainee's users were.
  const decline = sql(`SELECT user_id FROM notification WHERE entity = 'booking' AND entity_id = ${b.id}`);
  assert.ok(!decline.some((n) => n.user_id === tester), 'the one who declined is not told');

  // The e-mail: to the tester, from the configured sender, subject and
  // body in Swedish with the page's link.
  const mail = await until(() => sink.mails.find((m) => m.parsed.text.includes(asked.trainee)), 'the request mail');
  assert.deepEqual(mail.to, [TESTER_MAIL]);
  assert.equal(mail.from, 'randa@region.test');
  assert.equal(mail.parsed.subject, `Randa: Bokningsförfrågan att besvara: ${asked.trainee} till ${asked.unit}, `
    + `v. ${view.body.start_week}–${again.body.end_week}`);
  assert.match(mail.raw, /^Subject: =\?UTF-8\?B\?/m, 'the subject is RFC 2047 encoded');
  assert.match(mail.raw, /^Content-Type: text\/plain; charset=UTF-8/m);
  assert.ok(mail.parsed.text.includes('Bekräfta eller avböj förfrågan i Randa.'), mail.parsed.text);
  assert.ok(mail.parsed.text.includes(`${PUBLIC_URL}#/bokningar`), mail.parsed.text);
  assert.ok(mail.parsed.text.includes('Mitt konto'), mail.parsed.text);
  // The sink has the mail before the server has closed its SMTP session
  // and marked the mail sent: wait for the mark.
  const sentRows = () => sql(`SELECT recipient, attempts, sent_at IS NOT NULL AS sent FROM mail_out
    WHERE recipient = '${TESTER_MAIL}'`);
  await until(() => sentRows().some((r) => Number(r.sent) === 1), 'the mail marked sent');
  assert.equal(sentRows().length, 1);
});

test('a sink that is down loses no mail: it is sent after a retry', async () => {
  assert.ok(asked, 'runs after the request test');
  const port = sink.port;
  const before = sink.mails.length;
  await sink.close();
  // The coordinator withdraws the request: the tester is told by e-mail.
  const osr = await login(srv.base, 'samordnare');
  const cancel = await call(srv.base, 'POST', `/api/v1/bookings/${asked.id}/cancel`,
    { reason: 'parental_leave' }, as(osr));
  assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
  const failed = await until(() => sql(`SELECT id, attempts, last_error FROM mail_out
    WHERE sent_at IS NULL AND attempts > 0 AND last_error <> ''`)[0], 'a failed attempt');
  assert.ok(failed.last_error.length > 0);
  sink = await startSink(port);
  const mail = await until(() => sink.mails.find((m) => m.parsed.subject.startsWith('Randa: Randning avbokad')),
    'the cancellation mail after the sink is back');
  assert.ok(mail.parsed.subject.includes(asked.trainee));
  assert.ok(mail.parsed.subject.endsWith('(föräldraledighet)'), mail.parsed.subject);
  assert.ok(mail.parsed.text.includes(`${PUBLIC_URL}#/randningar/${asked.id}`), mail.parsed.text);
  assert.ok(before >= 1);
  // The sink has the mail before the server hears its answer and marks it sent.
  const row = await until(() => {
    const r = sql(`SELECT attempts, sent_at FROM mail_out WHERE id = ${failed.id}`)[0];
    return r.sent_at ? r : null;
  }, 'the mail marked sent');
  assert.ok(row.attempts >= 2, `attempts ${row.attempts}`);
});

test('the daily pass tells each Att göra item once', async () => {
  const mine = await call(srv.base, 'GET', '/api/v1/todo?limit=500', undefined, as(director));
  assert.equal(mine.status, 200);
  assert.ok(mine.body.total > 0, 'the studierektor has things to do');
  const id = userId('studierektor');
  const count = () => sql(`SELECT count(*) AS n FROM notification WHERE user_id = ${id}
    AND kind IN ('deadline', 'plan_approval')`)[0].n;
  const told = await until(() => count() >= mine.body.total && count(), 'the daily pass');
  assert.equal(told, mine.body.total);
  // Every item of the list has its notification, linked to its page.
  const rows = sql(`SELECT kind, link, params FROM notification WHERE user_id = ${id}
    AND kind IN ('deadline', 'plan_approval')`);
  const linkOf = (item) => (item.booking_id ? `#/randningar/${item.booking_id}`
    : item.trainee ? `#/st-lakare/${item.trainee.id}` : `#/enheter/${item.unit.id}`);
  for (const item of mine.body.items) {
    const what = item.kind === 'approval' ? 'plan_approval' : 'deadline';
    const hit = rows.find((r) => r.kind === what && r.link === linkOf(item)
      && (what === 'plan_approval' || (JSON.parse(r.params).what === item.kind && JSON.parse(r.params).due === item.due)));
    assert.ok(hit, `no notification of ${JSON.stringify(item)}`);
  }
  // Passes go on every two seconds: nothing is told twice.
  await new Promise((ok) => setTimeout(ok, 4500));
  assert.equal(count(), told);
});

test('a daily digest gathers what happened since the last one, its subject in the right number', async () => {
  const id = userId('studierektor');
  // Something new for the studierektor, who chose a digest: the requests
  // for two trainees of their home unit answered.
  const asked = sql(`SELECT b.id FROM booking b JOIN trainee t ON t.id = b.trainee_id
    JOIN user_role r ON r.role = 'director' AND r.scope_id = t.home_unit_id AND r.user_id = ${id}
    WHERE b.status = 'requested' ORDER BY b.id LIMIT 2`);
  assert.equal(asked.length, 2, 'the demo has requests for trainees of the studierektor');
  const earlier = sink.mails.filter((m) => m.to.includes(DIRECTOR_MAIL)).length;
  for (const b of asked) {
    const ok = await post(srv.base, `/api/v1/bookings/${b.id}/accept`, {});
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  }
  const answers = () => sql(`SELECT id, link, mail FROM notification WHERE user_id = ${id} AND kind = 'answer'
    AND entity_id IN (${asked.map((b) => b.id).join(', ')})`);
  assert.equal(answers().length, 2);
  // The daily pass runs every two seconds here, so it may fall between the
  // two answers: then the first digest has one and the next the other.
  const digests = () => sink.mails.filter((m) => m.to.includes(DIRECTOR_MAIL)).slice(earlier);
  const carrying = (n) => digests().filter((m) => m.parsed.text.includes(`${PUBLIC_URL}${n.link}`));
  await until(() => answers().every((n) => carrying(n).length > 0), 'the digests');
  for (const n of answers()) {
    assert.equal(n.mail, 'queued');
    assert.equal(carrying(n).length, 1, `${n.link} is in one digest`);
  }
  const sent = digests();
  assert.ok(sent.length >= 1 && sent.length <= 2, `${sent.length} digests for two answers`);
  for (const mail of sent) {
    const items = (mail.parsed.text.match(/^\* /gm) ?? []).length;
    assert.ok(items >= 1, mail.parsed.text);
    assert.equal(mail.parsed.subject, items === 1 ? 'Randa: 1 ny avisering' : `Randa: ${items} nya aviseringar`);
    assert.ok(mail.parsed.text.includes('Det här har hänt i Randa sedan förra sammanfattningen'), mail.parsed.text);
    assert.ok(mail.parsed.text.includes(`${PUBLIC_URL}#/aviseringar`));
    assert.ok(mail.parsed.text.includes('Bokningsförfrågan bekräftad: '), mail.parsed.text);
  }
  // The next passes write no other digest: there is nothing new, and a
  // day has not passed.
  await new Promise((ok) => setTimeout(ok, 4500));
  assert.equal(sink.mails.filter((m) => m.to.includes(DIRECTOR_MAIL)).length, earlier + sent.length);
});

test('the inbox lists only the caller\'s own, newest first, with unread counts and filters', async () => {
  const all = await get(srv.base, '/api/v1/notifications?limit=5');
  assert.equal(all.status, 200);
  assert.ok(all.body.total > 0);
  assert.equal(all.body.unread, all.body.total);
  assert.ok(all.body.items.length <= 5);
  const ids = all.body.items.map((n) => n.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  for (const n of all.body.items) {
    assert.equal(n.read, false);
    assert.match(n.link, /^#\//);
    assert.equal(typeof n.text, 'string');
  }
  // Someone else's notification is not there for them.
  const first = all.body.items[0];
  const theirs = await call(srv.base, 'POST', `/api/v1/notifications/${first.id}/read`, undefined, as(director));
  assert.equal(theirs.status, 404);
  // Read one: it is read, the count drops, the unread filter leaves it out.
  const read = await post(srv.base, `/api/v1/notifications/${first.id}/read`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.equal(read.body.read, true);
  assert.ok(read.body.read_at);
  const unread = await get(srv.base, '/api/v1/notifications?unread=true&limit=500');
  assert.equal(unread.body.unread, all.body.total - 1);
  assert.equal(unread.body.total, all.body.total - 1);
  assert.ok(!unread.body.items.some((n) => n.id === first.id));
  const bad = await get(srv.base, '/api/v1/notifications?unread=maybe');
  assert.equal(bad.status, 400);
  // Read all.
  const done = await post(srv.base, '/api/v1/notifications/read-all');
  assert.equal(done.status, 200);
  assert.equal(done.body.marked, all.body.total - 1);
  const after = await get(srv.base, '/api/v1/notifications?limit=1');
  assert.equal(after.body.unread, 0);
  // The studierektor's own are untouched.
  const theirsAfter = await call(srv.base, 'GET', '/api/v1/notifications?limit=1', undefined, as(director));
  assert.ok(theirsAfter.body.unread > 0);
});

test('the metrics count the mail queue', async () => {
  const res = await fetch(`${srv.base}/metrics`, { headers: sessionHeaders(srv.session) });
  const text = await res.text();
  assert.equal(res.status, 200);
  const value = (name) => Number((text.match(new RegExp(`^${name} (\\d+)$`, 'm')) || [])[1]);
  assert.ok(value('randa_mail_sent') >= 2, text);
  assert.ok(value('randa_mail_send_errors_total') >= 1);
  assert.ok(Number.isFinite(value('randa_mail_queued')));
  assert.ok(Number.isFinite(value('randa_mail_failed')));
});
