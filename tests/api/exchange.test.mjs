// Exchange of places between regions (issue 17): three `randa serve`
// processes on loopback, each a region with its own database (Halland,
// Blekinge, Kronoberg), connected by federation tokens. Tests publishing,
// a request accepted across regions, the last seat accepted twice at once,
// cancellations propagating both ways, a 2-cycle and a 3-cycle swap found
// and approved by every region, a peer stopped mid-exchange and coming
// back (nothing lost, nothing doubled), forged, replayed and paused
// messages refused, and that no trainee's name, e-mail, HSA-id or personal
// identity number is ever sent: read from every outbox and from each
// receiver's database. Runs on SQLite files and, with RANDA_TEST_PG, on
// PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, call, sqlRows, errorOf } from './harness.mjs';

const FLAGS = ['--exchange-poll', '1', '--exchange-backoff-max', '2'];
const CODES = ['halland', 'blekinge', 'kronoberg'];
const regions = {}; // code -> server
const tokens = {}; // "x>y": the token region y presents to region x
const peerIds = {}; // "x>y": region x's id of its peer y

async function start(code, db, flags = FLAGS) {
  const extraArgs = ['--exchange-as', code, ...flags];
  return startServer(db ? { db, extraArgs } : { extraArgs });
}

const req = (code, method, path, body) => call(regions[code].base, method, `/api/v1${path}`, body);

async function ok(code, method, path, body, status = 200) {
  const r = await req(code, method, path, body);
  assert.equal(r.status, status, `${code} ${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// Polls fn until it returns a truthy value; fails after ms.
async function waitFor(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

const items = async (code, path) => (await ok(code, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=500`)).items;

async function connect(x, y) {
  const a = await ok(x, 'POST', '/exchange/peers', { code: y, name: `Region ${y}`, url: regions[y].base }, 201);
  tokens[`${x}>${y}`] = a.token;
  peerIds[`${x}>${y}`] = a.id;
  const b = await ok(y, 'POST', '/exchange/peers',
    { code: x, name: `Region ${x}`, url: regions[x].base, token: a.token }, 201);
  tokens[`${y}>${x}`] = b.token;
  peerIds[`${y}>${x}`] = b.id;
  await ok(x, 'PATCH', `/exchange/peers/${a.id}`, { token: b.token });
}

before(async () => {
  const started = await Promise.all(CODES.map((c) => start(c)));
  CODES.forEach((c, i) => { regions[c] = started[i]; });
  await connect('halland', 'blekinge');
  await connect('halland', 'kronoberg');
  await connect('blekinge', 'kronoberg');
});

after(async () => {
  for (const c of CODES) await regions[c]?.stop();
});

const sql = (code, q) => sqlRows(regions[code].db, q);

// A unit of the specialty that takes trainees, in region code's database.
function unitOf(code, specialty) {
  return sql(code, `SELECT u.id, u.name FROM unit u JOIN specialty s ON s.id = u.specialty_id
    WHERE s.code = '${specialty}' AND u.takes_trainees = 1 ORDER BY u.id LIMIT 1`)[0];
}

function specialtyId(code, specialty) {
  return sql(code, `SELECT id FROM specialty WHERE code = '${specialty}'`)[0].id;
}

// Open needs of the specialty of at most weeks weeks, not yet asked for.
function openNeeds(code, specialty, weeks, count = 1) {
  return sql(code, `SELECT n.id, n.weeks, n.trainee_id FROM rotation_need n JOIN specialty s ON s.id = n.specialty_id
    WHERE s.code = '${specialty}' AND n.status = 'open' AND n.weeks <= ${weeks}
      AND NOT EXISTS (SELECT 1 FROM xrequest r WHERE r.need_id = n.id)
    ORDER BY n.id LIMIT ${count}`);
}

async function publish(code, specialty, { seats = 1, weeks = 12, from = '2031-W10', to = '2031-W40' } = {}) {
  const unit = unitOf(code, specialty);
  const r = await ok(code, 'POST', '/exchange/offers', {
    unit_id: unit.id, from_week: from, to_week: to, weeks, seats, patterns: ['full'],
    contact_role: 'studierektor', contact_email: `studierektor@${code}.example`,
  }, 201);
  return { id: r.id, unit };
}

// The offer of region owner with id, as region viewer received it.
async function remoteOffer(viewer, owner, id, cond = () => true) {
  return waitFor(`${viewer} to see ${owner}'s offer ${id}`, async () =>
    (await items(viewer, '/exchange/remote-offers')).find((o) => o.peer.code === owner && o.remote_id === id && cond(o)));
}

async function requestOf(code, direction, ref, cond = () => true) {
  return waitFor(`${code} to have request ${ref}`, async () =>
    (await items(code, `/exchange/requests?direction=${direction}`)).find((r) => r.ref === ref && cond(r)));
}

test('a published offer reaches every connected region with its unit and contact, and nothing more', async () => {
  const { id, unit } = await publish('halland', 'internmedicin', { seats: 2 });
  for (const viewer of ['blekinge', 'kronoberg']) {
    const o = await remoteOffer(viewer, 'halland', id);
    assert.equal(o.specialty, 'internmedicin');
    assert.equal(o.unit, unit.name);
    assert.equal(o.seats, 2);
    assert.equal(o.free, 2);
    assert.equal(o.from_week, '2031-W10');
    assert.deepEqual(o.patterns, ['full']);
    assert.equal(o.contact_email, 'studierektor@halland.example');
    assert.equal(o.peer.name, 'Region halland');
  }
  // Withdrawn, it disappears from the others.
  await ok('halland', 'POST', `/exchange/offers/${id}/withdraw`);
  await waitFor('the withdrawal', async () =>
    !(await items('blekinge', '/exchange/remote-offers')).some((o) => o.peer.code === 'halland' && o.remote_id === id));
});

test('a request is accepted across regions; the last seat accepted twice at once goes to one; cancellations reach the other side', async () => {
  const { id } = await publish('halland', 'psykiatri', { seats: 1, weeks: 20 });
  const fromB = await remoteOffer('blekinge', 'halland', id);
  const fromC = await remoteOffer('kronoberg', 'halland', id);
  const [needB] = openNeeds('blekinge', 'psykiatri', 20);
  const [needC] = openNeeds('kronoberg', 'psykiatri', 20);
  const rb = await ok('blekinge', 'POST', '/exchange/requests',
    { offer_id: fromB.id, need_id: needB.id, start_week: '2031-W12' }, 201);
  const rc = await ok('kronoberg', 'POST', '/exchange/requests',
    { offer_id: fromC.id, need_id: needC.id, start_week: '2031-W12' }, 201);
  const inB = await requestOf('halland', 'in', rb.ref);
  const inC = await requestOf('halland', 'in', rc.ref);
  assert.equal(inB.status, 'requested');
  assert.equal(inB.peer, 'blekinge');
  assert.equal(inB.start_week, '2031-W12');
  assert.equal(inB.trainee_id, null, 'the host never learns who the trainee is');
  assert.equal(inB.need_id, null);

  // Both accepted at once: exactly one wins the seat.
  const answers = await Promise.all([inB, inC].map((r) => req('halland', 'POST', `/exchange/requests/${r.id}/accept`)));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 409], JSON.stringify(answers.map((a) => a.body)));
  assert.equal(errorOf(answers.find((a) => a.status === 409)).field, 'offer');
  const [winner, winnerRegion, winnerNeed] = answers[0].status === 200
    ? [rb, 'blekinge', needB] : [rc, 'kronoberg', needC];
  const [loser, loserRegion] = answers[0].status === 200 ? [inC, 'kronoberg'] : [inB, 'blekinge'];
  const accepted = await requestOf(winnerRegion, 'out', winner.ref, (r) => r.status === 'accepted');
  assert.equal(accepted.need_id, winnerNeed.id);
  assert.equal(sql(winnerRegion, `SELECT status FROM rotation_need WHERE id = ${winnerNeed.id}`)[0].status, 'booked');
  await remoteOffer(loserRegion, 'halland', id, (o) => o.free === 0);

  // The guest cancels: the host's seat is free again.
  await ok(winnerRegion, 'POST', `/exchange/requests/${accepted.id}/cancel`);
  assert.equal(sql(winnerRegion, `SELECT status FROM rotation_need WHERE id = ${winnerNeed.id}`)[0].status, 'open');
  await requestOf('halland', 'in', winner.ref, (r) => r.status === 'cancelled');
  await remoteOffer(loserRegion, 'halland', id, (o) => o.free === 1);

  // Now the other is accepted, and the host cancels it: the guest learns.
  await ok('halland', 'POST', `/exchange/requests/${loser.id}/accept`);
  const out = await requestOf(loserRegion, 'out', loser.ref, (r) => r.status === 'accepted');
  await ok('halland', 'POST', `/exchange/requests/${loser.id}/cancel`);
  await requestOf(loserRegion, 'out', loser.ref, (r) => r.status === 'cancelled');
  assert.equal(sql(loserRegion, `SELECT status FROM rotation_need WHERE id = ${out.need_id}`)[0].status, 'open');

  // A request answered twice is refused the second time.
  const again = await req('halland', 'POST', `/exchange/requests/${loser.id}/accept`);
  assert.equal(again.status, 409);
});

test('a request for a need of another specialty, or a need not open, is refused with the field named', async () => {
  const { id } = await publish('halland', 'geriatrik', { seats: 1, weeks: 20 });
  const o = await remoteOffer('blekinge', 'halland', id);
  const [need] = openNeeds('blekinge', 'psykiatri', 20);
  const r = await req('blekinge', 'POST', '/exchange/requests', { offer_id: o.id, need_id: need.id });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).field, 'offer_id');
  const bad = await req('blekinge', 'POST', '/exchange/requests', { offer_id: 999999, need_id: need.id });
  assert.equal(errorOf(bad).field, 'offer_id');
  const unknown = await req('blekinge', 'POST', '/exchange/requests', { offer_id: o.id, need_id: need.id, trainee: 'x' });
  assert.equal(unknown.status, 422);
  await ok('halland', 'POST', `/exchange/offers/${id}/withdraw`);
});

test('a request that arrives after the offer was withdrawn is declined, and the requesting region learns it', async () => {
  const { id } = await publish('halland', 'akutsjukvard', { weeks: 20 });
  const o = await remoteOffer('blekinge', 'halland', id);
  // Halland pauses Blekinge: the request waits in Blekinge's outbox.
  await ok('halland', 'PATCH', `/exchange/peers/${peerIds['halland>blekinge']}`, { state: 'paused' });
  const [need] = openNeeds('blekinge', 'akutsjukvard', 20);
  const r = await ok('blekinge', 'POST', '/exchange/requests', { offer_id: o.id, need_id: need.id }, 201);
  await waitFor('a refused attempt', async () =>
    (await items('blekinge', '/exchange/messages?direction=out')).some((m) => m.kind === 'request' && m.attempts >= 1));
  await ok('halland', 'POST', `/exchange/offers/${id}/withdraw`);
  await ok('halland', 'PATCH', `/exchange/peers/${peerIds['halland>blekinge']}`, { state: 'active' });
  await requestOf('blekinge', 'out', r.ref, (x) => x.status === 'declined');
  await requestOf('halland', 'in', r.ref, (x) => x.status === 'declined');
  assert.equal(sql('blekinge', `SELECT status FROM rotation_need WHERE id = ${need.id}`)[0].status, 'open');
});

// Waits until region code has received the offers and wants of every other.
async function catalogued(code, kind, pred) {
  return waitFor(`${code} to receive ${kind}`, async () => pred(await items(code, `/exchange/remote-${kind}`)));
}

async function approveEverywhere(uid, participants) {
  for (const code of participants) {
    const sw = await waitFor(`${code} to have swap ${uid}`, async () =>
      (await items(code, '/exchange/swaps')).find((s) => s.uid === uid));
    await ok(code, 'POST', `/exchange/swaps/${sw.id}/approve`);
  }
  for (const code of participants)
    await waitFor(`swap ${uid} booked in ${code}`, async () =>
      (await items(code, '/exchange/swaps')).find((s) => s.uid === uid && s.state === 'booked'));
}

test('a 2-cycle swap is found, approved by both regions and booked on both sides', async () => {
  // Halland has psychiatry to give and lacks paediatrics; Blekinge the opposite.
  const give = await publish('halland', 'kirurgi', { seats: 1, weeks: 10 });
  const back = await publish('blekinge', 'urologi', { seats: 1, weeks: 10 });
  await ok('halland', 'POST', '/exchange/wants', { specialty_id: specialtyId('halland', 'urologi'), weeks: 8 }, 201);
  await ok('blekinge', 'POST', '/exchange/wants', { specialty_id: specialtyId('blekinge', 'kirurgi'), weeks: 8 }, 201);
  await catalogued('halland', 'wants', (l) => l.some((w) => w.peer.code === 'blekinge' && w.specialty === 'kirurgi'));
  await catalogued('halland', 'offers', (l) => l.some((o) => o.peer.code === 'blekinge' && o.remote_id === back.id));
  const found = await ok('halland', 'POST', '/exchange/swaps/search');
  assert.equal(found.optimal, true);
  const sw = found.proposed.find((p) => p.legs.some((l) => l.specialty === 'kirurgi'));
  assert.ok(sw, JSON.stringify(found));
  assert.equal(sw.legs.length, 2);
  assert.equal(sw.weeks, 16);
  assert.deepEqual(sw.legs.map((l) => `${l.giver}>${l.receiver}:${l.specialty}`).sort(),
    ['blekinge>halland:urologi', 'halland>blekinge:kirurgi']);
  // Nothing is booked before both approved.
  await ok('halland', 'POST', `/exchange/swaps/${sw.id}/approve`);
  const held = sql('halland', `SELECT status FROM xrequest WHERE ref = '${sw.uid}'`);
  assert.deepEqual(held.map((r) => r.status), ['requested'], 'the seat given is held, not booked');
  assert.equal(sql('blekinge', `SELECT count(*) AS n FROM xrequest WHERE ref = '${sw.uid}'`)[0].n, 0);
  await approveEverywhere(sw.uid, ['blekinge']);
  await waitFor('booked in halland', async () =>
    (await items('halland', '/exchange/swaps')).find((s) => s.uid === sw.uid && s.state === 'booked'));
  for (const code of ['halland', 'blekinge']) {
    const rows = sql(code, `SELECT direction, status FROM xrequest WHERE ref = '${sw.uid}' ORDER BY direction`);
    assert.deepEqual(rows, [{ direction: 'in', status: 'accepted' }, { direction: 'out', status: 'accepted' }], code);
  }
  // Searching again proposes nothing more for these places.
  const again = await ok('halland', 'POST', '/exchange/swaps/search');
  assert.ok(!again.proposed.some((p) => p.legs.some((l) => l.specialty === 'kirurgi')));
  void give;
});

test('a 3-cycle swap is found across three regions, approved by each and booked on all sides', async () => {
  await publish('halland', 'neurologi', { weeks: 12 });
  await publish('blekinge', 'kardiologi', { weeks: 12 });
  await publish('kronoberg', 'infektionssjukdomar', { weeks: 12 });
  await ok('halland', 'POST', '/exchange/wants', { specialty_id: specialtyId('halland', 'infektionssjukdomar'), weeks: 12 }, 201);
  await ok('blekinge', 'POST', '/exchange/wants', { specialty_id: specialtyId('blekinge', 'neurologi'), weeks: 12 }, 201);
  await ok('kronoberg', 'POST', '/exchange/wants', { specialty_id: specialtyId('kronoberg', 'kardiologi'), weeks: 12 }, 201);
  await catalogued('halland', 'wants', (l) => l.some((w) => w.specialty === 'kardiologi') && l.some((w) => w.specialty === 'neurologi'));
  await catalogued('halland', 'offers', (l) => l.some((o) => o.specialty === 'kardiologi') && l.some((o) => o.specialty === 'infektionssjukdomar'));
  const found = await ok('halland', 'POST', '/exchange/swaps/search');
  const sw = found.proposed.find((p) => p.legs.length === 3);
  assert.ok(sw, JSON.stringify(found));
  assert.equal(sw.weeks, 36);
  assert.deepEqual(sw.legs.map((l) => `${l.giver}>${l.receiver}`).sort(),
    ['blekinge>kronoberg', 'halland>blekinge', 'kronoberg>halland']);
  await approveEverywhere(sw.uid, ['halland', 'blekinge', 'kronoberg']);
  for (const code of CODES) {
    const rows = sql(code, `SELECT direction, status FROM xrequest WHERE ref = '${sw.uid}' ORDER BY direction`);
    assert.deepEqual(rows, [{ direction: 'in', status: 'accepted' }, { direction: 'out', status: 'accepted' }], code);
  }
  const history = await items('blekinge', '/exchange/history');
  assert.ok(history.some((h) => h.out >= 1 && h.weeks_out >= 12), JSON.stringify(history));
});

test('a swap declined by one region books nothing anywhere and frees the seat held', async () => {
  const off = await publish('blekinge', 'handkirurgi', { weeks: 6 });
  await publish('kronoberg', 'klinisk-fysiologi', { weeks: 6 });
  await ok('blekinge', 'POST', '/exchange/wants', { specialty_id: specialtyId('blekinge', 'klinisk-fysiologi'), weeks: 6 }, 201);
  await ok('kronoberg', 'POST', '/exchange/wants', { specialty_id: specialtyId('kronoberg', 'handkirurgi'), weeks: 6 }, 201);
  await catalogued('blekinge', 'wants', (l) => l.some((w) => w.specialty === 'handkirurgi'));
  await catalogued('blekinge', 'offers', (l) => l.some((o) => o.specialty === 'klinisk-fysiologi'));
  const found = await ok('blekinge', 'POST', '/exchange/swaps/search');
  const sw = found.proposed.find((p) => p.legs.some((l) => l.specialty === 'handkirurgi'));
  assert.ok(sw, JSON.stringify(found));
  await ok('blekinge', 'POST', `/exchange/swaps/${sw.id}/approve`);
  assert.equal((await items('blekinge', '/exchange/offers')).find((o) => o.id === off.id).free, 0, 'held');
  const there = await waitFor('kronoberg to have it', async () =>
    (await items('kronoberg', '/exchange/swaps')).find((s) => s.uid === sw.uid));
  await ok('kronoberg', 'POST', `/exchange/swaps/${there.id}/decline`);
  await waitFor('declined in blekinge', async () =>
    (await items('blekinge', '/exchange/swaps')).find((s) => s.uid === sw.uid && s.state === 'declined'));
  assert.equal((await items('blekinge', '/exchange/offers')).find((o) => o.id === off.id).free, 1, 'released');
  for (const code of ['blekinge', 'kronoberg'])
    assert.equal(sql(code, `SELECT count(*) AS n FROM xrequest WHERE ref = '${sw.uid}' AND status = 'accepted'`)[0].n, 0);
});

test('a peer stopped mid-exchange gets every message once it is back: nothing lost, nothing doubled', async () => {
  const { id } = await publish('halland', 'ortopedi', { weeks: 20 });
  const o = await remoteOffer('kronoberg', 'halland', id);
  const [need] = openNeeds('kronoberg', 'ortopedi', 20);
  const r = await ok('kronoberg', 'POST', '/exchange/requests', { offer_id: o.id, need_id: need.id }, 201);
  const inbound = await requestOf('halland', 'in', r.ref);

  const db = regions.kronoberg.db;
  regions.kronoberg.proc.kill('SIGTERM');
  await new Promise((done) => regions.kronoberg.proc.on('exit', done));
  // Accepted while Kronoberg is away: the answer waits in the outbox.
  await ok('halland', 'POST', `/exchange/requests/${inbound.id}/accept`);
  const waiting = await waitFor('a failed attempt', async () =>
    (await items('halland', '/exchange/messages?direction=out')).find((m) =>
      m.peer === 'kronoberg' && m.kind === 'answer' && m.attempts >= 1 && m.state === 'queued'));
  assert.notEqual(waiting.last_error, '');

  // Back, on another port: each peer is told its new address.
  const back = await start('kronoberg', db);
  const stop = back.stop;
  regions.kronoberg = { ...back, db, stop: async () => { await stop(); } };
  for (const x of ['halland', 'blekinge'])
    await ok(x, 'PATCH', `/exchange/peers/${peerIds[`${x}>kronoberg`]}`, { url: back.base });
  await requestOf('kronoberg', 'out', r.ref, (q) => q.status === 'accepted');
  const sent = await waitFor('the answer sent', async () =>
    (await items('halland', '/exchange/messages?direction=out')).find((m) => m.msg_id === waiting.msg_id && m.state === 'sent'));
  assert.ok(sent.attempts >= 2);
  assert.equal(sql('kronoberg', `SELECT count(*) AS n FROM xmessage WHERE direction = 'in' AND msg_id = '${waiting.msg_id}'`)[0].n, 1);
  assert.equal(sql('kronoberg', `SELECT count(*) AS n FROM xrequest WHERE ref = '${r.ref}'`)[0].n, 1);
  // The original delivery again (as if the answer had been lost) changes nothing.
  const replay = await fetch(`${back.base}/api/v1/exchange/inbox`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens['kronoberg>halland']}`, 'content-type': 'application/json' },
    body: sql('halland', `SELECT body FROM xmessage WHERE msg_id = '${waiting.msg_id}'`)[0].body,
  });
  assert.equal(replay.status, 409);
  assert.equal((await replay.json()).error.code, 'replayed');
});

// A message waiting for its next try (the peer refused it) holds back the
// later ones to the same peer: a catalogue is the whole list of offers, so
// an older one overtaken by a newer would bring a withdrawn offer back.
// Two regions of their own, whose long backoff keeps the first catalogue
// waiting while the second is due.
test('messages to a peer arrive in the order they were queued, also after a refused try', async () => {
  const slow = ['--exchange-poll', '1', '--exchange-backoff-max', '60'];
  const [x, y] = ['gotland', 'dalarna'];
  [regions[x], regions[y]] = await Promise.all([x, y].map((c) => start(c, undefined, slow)));
  try {
    await connect(x, y);
    const outbox = () => items(x, '/exchange/messages?direction=out');
    await waitFor('the first catalogues sent', async () => (await outbox()).every((m) => m.state === 'sent'));

    // Dalarna pauses Gotland: Gotland's catalogue with the offer is refused
    // until its next try is seconds away.
    await ok(y, 'PATCH', `/exchange/peers/${peerIds[`${y}>${x}`]}`, { state: 'paused' });
    const offer = await publish(x, 'internmedicin');
    const waiting = await waitFor('a catalogue refused three times', async () =>
      (await outbox()).find((m) => m.kind === 'catalog' && m.state === 'queued' && m.attempts >= 3));
    // Back again; the offer withdrawn queues a newer catalogue, due at once.
    await ok(y, 'PATCH', `/exchange/peers/${peerIds[`${y}>${x}`]}`, { state: 'active' });
    await ok(x, 'POST', `/exchange/offers/${offer.id}/withdraw`);
    await waitFor('every message sent', async () => {
      const all = await outbox();
      return all.some((m) => m.msg_id === waiting.msg_id && m.state === 'sent') && all.every((m) => m.state === 'sent');
    }, 30000);

    const sent = sql(x, "SELECT msg_id FROM xmessage WHERE direction = 'out' ORDER BY id").map((r) => r.msg_id);
    const received = sql(y, "SELECT msg_id FROM xmessage WHERE direction = 'in' ORDER BY id").map((r) => r.msg_id);
    assert.deepEqual(received, sent);
    assert.ok(!(await items(y, '/exchange/remote-offers')).some((o) => o.remote_id === offer.id),
      'the withdrawn offer is not shown in the other region');
  } finally {
    for (const c of [x, y]) {
      await regions[c]?.stop();
      delete regions[c];
    }
  }
});

test('forged, replayed, malformed and paused messages are refused and change nothing', async () => {
  const inbox = `${regions.halland.base}/api/v1/exchange/inbox`;
  const post = (token, body) => fetch(inbox, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const hex = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const msg = (from, kind, body) => ({ v: 1, id: hex(), from, to: 'halland', kind, sent_at: Math.floor(Date.now() / 1000), body });
  // Catalogues come and go meanwhile; nothing else may be taken.
  const takenSql = 'SELECT count(*) AS n FROM xmessage WHERE direction = \'in\' AND kind <> \'catalog\'';
  const before = sql('halland', takenSql)[0].n;

  // No token, a wrong token.
  const valid = JSON.stringify(msg('blekinge', 'catalog', { offers: [], wants: [] }));
  assert.equal((await fetch(inbox, { method: 'POST', body: valid })).status, 403);
  assert.equal((await post('not-a-token', msg('blekinge', 'catalog', { offers: [], wants: [] }))).status, 403);
  // Blekinge's token, claiming to be Kronoberg.
  const forged = await post(tokens['halland>blekinge'], msg('kronoberg', 'catalog', { offers: [], wants: [] }));
  assert.equal(forged.status, 422);
  assert.equal((await forged.json()).error.field, 'from');
  // Blekinge cancelling a request that is Kronoberg's.
  const theirs = sql('halland', 'SELECT r.ref FROM xrequest r JOIN xpeer p ON p.id = r.peer_id WHERE p.code = \'kronoberg\' AND r.status = \'accepted\' LIMIT 1')[0];
  const steal = await post(tokens['halland>blekinge'], msg('blekinge', 'cancel', { ref: theirs.ref, side: 'guest' }));
  assert.equal(steal.status, 422);
  assert.equal((await steal.json()).error.field, 'body.ref');
  assert.equal(sql('halland', `SELECT status FROM xrequest WHERE ref = '${theirs.ref}'`)[0].status, 'accepted');
  // Malformed: an unknown field, a wrong type, too old, not JSON.
  const refused = async (m, field) => {
    const r = await post(tokens['halland>blekinge'], m);
    assert.equal(r.status, 422);
    assert.equal((await r.json()).error.field, field);
  };
  await refused(msg('blekinge', 'catalog', { offers: [], wants: [], trainees: [] }), 'body.trainees');
  await refused(msg('blekinge', 'answer', { ref: hex(), status: 'maybe' }), 'body.status');
  await refused({ ...msg('blekinge', 'catalog', { offers: [], wants: [] }), sent_at: 1000 }, 'sent_at');
  await refused({ ...msg('blekinge', 'catalog', { offers: [], wants: [] }), name: 'Anna' }, 'name');
  assert.equal((await post(tokens['halland>blekinge'], '{"v":1,')).status, 400);
  // A message Halland took from Blekinge, sent again: refused as a replay. (The first message
  // Halland took may be Kronoberg's, which Blekinge's token is refused for naming.)
  const taken = (await waitFor('a message from Blekinge', () =>
    sql('halland', 'SELECT m.body FROM xmessage m JOIN xpeer p ON p.id = m.peer_id WHERE m.direction = \'in\' AND p.code = \'blekinge\' ORDER BY m.id LIMIT 1')[0])).body;
  const replay = await post(tokens['halland>blekinge'], taken);
  assert.equal(replay.status, 409);
  assert.equal((await replay.json()).error.code, 'replayed');
  // Paused: Blekinge's messages are refused at once, and none go to it.
  await ok('halland', 'PATCH', `/exchange/peers/${peerIds['halland>blekinge']}`, { state: 'paused' });
  assert.equal((await post(tokens['halland>blekinge'], msg('blekinge', 'catalog', { offers: [], wants: [] }))).status, 403);
  await ok('halland', 'PATCH', `/exchange/peers/${peerIds['halland>blekinge']}`, { state: 'active' });
  assert.equal(sql('halland', takenSql)[0].n, before);
});

test('a removed peer is cut off at once', async () => {
  // A fourth, throw-away peer on Halland: removed, its token no longer works.
  const p = await ok('halland', 'POST', '/exchange/peers', { code: 'gotland', name: 'Gotland', url: 'http://127.0.0.1:9' }, 201);
  const m = { v: 1, id: 'a'.repeat(32), from: 'gotland', to: 'halland', kind: 'catalog', sent_at: Math.floor(Date.now() / 1000), body: { offers: [], wants: [] } };
  const send = () => fetch(`${regions.halland.base}/api/v1/exchange/inbox`, {
    method: 'POST', headers: { authorization: `Bearer ${p.token}` }, body: JSON.stringify(m) });
  assert.equal((await send()).status, 200);
  assert.equal((await req('halland', 'DELETE', `/exchange/peers/${p.id}`)).status, 204);
  assert.equal((await send()).status, 403);
  assert.ok(!(await items('halland', '/exchange/peers')).some((x) => x.code === 'gotland'));
  // A removed peer and one that never was are both 404 naming the id, for a
  // change (before its body is looked at) as for a removal.
  for (const id of [p.id, 999999]) {
    for (const [method, body] of [['PATCH', { state: 'paused' }], ['PATCH', { colour: 'red' }], ['DELETE']]) {
      const r = await req('halland', method, `/exchange/peers/${id}`, body);
      assert.equal(r.status, 404, `${method} peer ${id}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.field, 'id');
    }
  }
});

test('no trainee name, e-mail, HSA-id or personal identity number is ever sent or received', async () => {
  const bodies = [];
  for (const code of CODES) {
    for (const m of await items(code, '/exchange/messages?direction=out')) bodies.push(m.body);
    for (const r of sql(code, 'SELECT body FROM xmessage')) bodies.push(r.body);
  }
  assert.ok(bodies.length > 30, `${bodies.length} messages`);
  const wire = bodies.join('\n');
  const people = [];
  for (const code of CODES)
    people.push(...sql(code, `SELECT p.name, p.email, p.hsa_id FROM person p JOIN trainee t ON t.person_id = p.id`));
  assert.ok(people.length > 100);
  for (const p of people) {
    assert.ok(!wire.includes(p.email), `e-mail ${p.email} on the wire`);
    if (p.hsa_id) assert.ok(!wire.includes(p.hsa_id), `HSA-id ${p.hsa_id} on the wire`);
    assert.ok(!wire.includes(`"${p.name}"`), `name ${p.name} on the wire`);
  }
  assert.doesNotMatch(wire, /\b(19|20)?\d{6}[-+]\d{4}\b/, 'a personal identity number');
  // No field of any message is about a person (contact_email is the
  // unit's studierektor's function address, published by the unit).
  const keys = (v, out) => {
    if (Array.isArray(v)) v.forEach((x) => keys(x, out));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keys(x, out); }
    return out;
  };
  const seen = keys(bodies.map((b) => JSON.parse(b)), new Set());
  for (const k of seen) assert.doesNotMatch(k, /^(name|email|hsa_id|personnummer|pnr|need_id|trainee.*|person.*)$/, k);
  // The host's rows of requests in know no trainee or need.
  for (const code of CODES)
    assert.equal(sql(code, `SELECT count(*) AS n FROM xrequest WHERE direction = 'in' AND (trainee_id IS NOT NULL OR need_id IS NOT NULL)`)[0].n, 0);
});

// ---- exchange2: a seat held for another region is taken locally too ----

// The specialty's first unit gets a period of 1 seat in [from, to), years
// beyond the demo's periods, so that the test owns every seat of it.
async function ownPeriod(code, specialty, from, to) {
  const unit = unitOf(code, specialty);
  await ok(code, 'POST', '/capacity',
    { unit_id: unit.id, from_week: from, to_week: to, seats: 1, patterns: ['full'] }, 201);
  return unit;
}

async function freeAt(code, unitId, week) {
  const r = await ok(code, 'GET', `/places?from=${week}&to=${week}&unit=${unitId}`);
  return r.units[0].free[0];
}

test('a seat published and accepted by a peer is taken locally: a local request is refused and the overview shows 0 free', async () => {
  const from = '2035-W10', to = '2035-W40';
  const unit = await ownPeriod('halland', 'psykiatri', from, to);
  assert.equal(await freeAt('halland', unit.id, '2035-W12'), 1);
  const offer = await ok('halland', 'POST', '/exchange/offers', {
    unit_id: unit.id, from_week: from, to_week: to, weeks: 20, seats: 1, patterns: ['full'],
    contact_role: 'studierektor', contact_email: 'studierektor@halland.example',
  }, 201);
  // Publishing alone holds nothing.
  assert.equal(await freeAt('halland', unit.id, '2035-W12'), 1);
  const remote = await remoteOffer('blekinge', 'halland', offer.id);
  const [need] = openNeeds('blekinge', 'psykiatri', 20);
  const out = await ok('blekinge', 'POST', '/exchange/requests',
    { offer_id: remote.id, need_id: need.id, start_week: '2035-W12' }, 201);
  const inH = await requestOf('halland', 'in', out.ref);
  await ok('halland', 'POST', `/exchange/requests/${inH.id}/accept`);

  // Held from 2035-W12 for the need's weeks: 0 free there, 1 the week before.
  assert.equal(await freeAt('halland', unit.id, '2035-W12'), 0);
  assert.equal(await freeAt('halland', unit.id, '2035-W11'), 1);

  // A local request for the same weeks is refused with the reason.
  const [local] = sql('halland', `SELECT n.id FROM rotation_need n JOIN specialty s ON s.id = n.specialty_id
    WHERE s.code = 'psykiatri' AND n.status = 'open' AND (n.patterns & 1) != 0 AND n.weeks <= 20
      AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id) ORDER BY n.id LIMIT 1`);
  assert.ok(local, 'halland has an open psychiatry need');
  const refused = await req('halland', 'POST', '/bookings',
    { need_id: local.id, unit_id: unit.id, start_week: '2035-W12', pattern: 'full' });
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.equal(errorOf(refused).field, 'start_week');
  assert.match(errorOf(refused).message, /full in week 2035-W12 \(1 of 1 seats taken, 1 of them held for another region\)/);
  assert.equal(sql('halland', `SELECT status FROM rotation_need WHERE id = ${local.id}`)[0].status, 'open', 'nothing written');

  // The guest cancels: the seat is the unit's again.
  const accepted = await requestOf('blekinge', 'out', out.ref, (r) => r.status === 'accepted');
  await ok('blekinge', 'POST', `/exchange/requests/${accepted.id}/cancel`);
  await requestOf('halland', 'in', out.ref, (r) => r.status === 'cancelled');
  assert.equal(await freeAt('halland', unit.id, '2035-W12'), 1);
});

test('a seat the unit booked itself after publishing cannot be given to a peer: the acceptance is refused and nothing changes', async () => {
  const from = '2036-W10', to = '2036-W40';
  const unit = await ownPeriod('halland', 'psykiatri', from, to);
  const offer = await ok('halland', 'POST', '/exchange/offers', {
    unit_id: unit.id, from_week: from, to_week: to, weeks: 20, seats: 1, patterns: ['full'],
    contact_role: 'studierektor', contact_email: 'studierektor@halland.example',
  }, 201);
  // The unit's own trainee takes the one seat after the offer is out.
  const [local] = sql('halland', `SELECT n.id FROM rotation_need n JOIN specialty s ON s.id = n.specialty_id
    WHERE s.code = 'psykiatri' AND n.status = 'open' AND (n.patterns & 1) != 0 AND n.weeks <= 20
      AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id) ORDER BY n.id LIMIT 1`);
  assert.ok(local, 'halland has an open psychiatry need');
  await ok('halland', 'POST', '/bookings',
    { need_id: local.id, unit_id: unit.id, start_week: '2036-W12', pattern: 'full' }, 201);
  assert.equal(await freeAt('halland', unit.id, '2036-W12'), 0);

  const remote = await remoteOffer('blekinge', 'halland', offer.id);
  const [need] = openNeeds('blekinge', 'psykiatri', 20);
  const out = await ok('blekinge', 'POST', '/exchange/requests',
    { offer_id: remote.id, need_id: need.id, start_week: '2036-W14' }, 201);
  const inH = await requestOf('halland', 'in', out.ref);
  const refused = await req('halland', 'POST', `/exchange/requests/${inH.id}/accept`);
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  assert.equal(errorOf(refused).field, 'offer');
  assert.match(errorOf(refused).message, /full in week 2036-W14/);
  // Nothing half-written: the request still waits, the seat is still the unit's own.
  assert.equal(sql('halland', `SELECT status FROM xrequest WHERE id = ${inH.id}`)[0].status, 'requested');
  assert.equal(await freeAt('halland', unit.id, '2036-W12'), 0);
  assert.equal(sql('blekinge', `SELECT status FROM rotation_need WHERE id = ${need.id}`)[0].status, 'open');
});
