// A gaffel case on a demo region, shared by the API and browser tests of
// the optimiser and forms of rotation (issue 18): a hospital clinic with no
// bookings from 2026 on, its seats closed so that one gaffel form (one
// group of three, needing two, ten weeks) is its only capacity, and four
// full-time trainees, free all of 2027, whose need of 8 full-time weeks
// names only that clinic. Then a plan run over the clinic's specialty.
import assert from 'node:assert/strict';
import { get, post, patch, sqlRows } from './harness.mjs';

const MONDAY0 = Date.UTC(1969, 11, 29);
export function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return Math.round((jan4 - dow * 86400000 - MONDAY0) / 604800000) + (w - 1);
}

// The form's weeks: ten, so that one window of an 8-week group fits once.
export const FROM = '2027-W20', TO = '2027-W29';

async function waitFor(base, id, seconds = 120) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const r = await get(base, `/api/v1/plans/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (['done', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
    assert.ok(Date.now() < until, `run ${id} still ${r.body.status}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

// A plan run over specialty (a code) to its end, and its proposal's items.
export async function planRun(base, specialty) {
  const r = await post(base, '/api/v1/plans', { specialty, time_limit: 3, seed: 3 });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const run = await waitFor(base, r.body.id);
  assert.equal(run.status, 'done', JSON.stringify(run));
  const p = await get(base, `/api/v1/plans/${run.id}/proposal`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return { run, items: p.body.items };
}

// Sets the case up on the server at base (database db) and plans it.
export async function gaffelCase(base, db) {
  const sql = (q) => sqlRows(db, q);
  const [u] = sql(`SELECT u.id, u.name, u.specialty_id, sp.code FROM unit u
    JOIN specialty sp ON sp.id = u.specialty_id
    WHERE u.takes_trainees = 1 AND u.kind = 'hospital_clinic'
    AND u.id NOT IN (SELECT unit_id FROM unit_rule) AND u.id NOT IN (SELECT unit_id FROM rotation_form)
    AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.unit_id = u.id AND b.end_week > ${weekOf('2026-W01')})
    ORDER BY u.id LIMIT 1`);
  assert.ok(u, 'a free clinic in the demo');
  u.id = Number(u.id);
  const periods = (await get(base, `/api/v1/capacity?unit=${u.id}&limit=500`)).body.items;
  assert.ok(periods.length > 0);
  for (const c of periods) {
    const r = await patch(base, `/api/v1/capacity/${c.id}`, { seats: 0 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  let r = await post(base, '/api/v1/forms', { unit_id: u.id, kind: 'gaffel', from_week: FROM, to_week: TO,
    groups: 1, size: 3, needed: 2, note: 'Gaffel för planeringen' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const form = r.body;
  const trainees = sql(`SELECT t.id FROM trainee t JOIN unit h ON h.id = t.home_unit_id
    WHERE t.status = 'active' AND t.fte = 100 AND h.max_away IS NULL
    AND h.specialty_id <> ${u.specialty_id}
    AND NOT EXISTS (SELECT 1 FROM rotation_need n WHERE n.trainee_id = t.id AND n.status = 'open'
                    AND n.specialty_id = ${u.specialty_id})
    AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = t.id AND b.end_week > ${weekOf('2027-W01')}
                    AND b.start_week < ${weekOf('2028-W01')})
    AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = t.id AND l.to_date >= '2027-01-01'
                    AND l.from_date < '2028-01-01')
    AND (t.planned_end IS NULL OR t.planned_end > '2028-06-01')
    ORDER BY t.id LIMIT 4`);
  assert.equal(trainees.length, 4, 'four free trainees in the demo');
  const needs = [];
  for (const t of trainees) {
    r = await post(base, '/api/v1/needs', { trainee_id: Number(t.id), unit_ids: [u.id], weeks: 8, patterns: ['full'] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    needs.push(r.body.id);
  }
  const { run, items } = await planRun(base, u.code);
  return { u, form, needs, run, items };
}
