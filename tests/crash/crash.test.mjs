// Crash safety of `randa serve`. Several clients write through the API at
// once (booking requests, accepting, declining and cancelling them, leaves,
// rotation needs), while the server is killed with SIGKILL at random moments
// and started again on the same database file. After every kill:
//   - every write that was acknowledged (answered 2xx) is there, in the
//     state acknowledged, and nothing else changed on the test's trainees;
//   - a write whose answer never came is there entirely or not at all;
//   - the rules that tie the tables together hold (a booked need has the
//     booking that holds it, every write has its audit row, ...);
//   - the file is sound (integrity_check, foreign_key_check).
// The same is then read back through the API of the restarted server.
//
// CRASH_SEED (printed) fixes the moments of the kills and the clients'
// choices; how the clients interleave is the scheduler's. CRASH_CYCLES
// kills (default 15), within about 75 seconds.
//
// With RANDA_TEST_PG (tests/api/harness.mjs) it runs against PostgreSQL;
// RANDA_TEST_PG_CRASH then names a command that stops the PostgreSQL
// server at once and starts it again (scripts/pg-test-cluster.sh crash),
// run after every third kill of randa serve, so that what PostgreSQL
// acknowledged must survive its own crash too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PG, startServer, call, sqlRows, sqlText } from '../api/harness.mjs';

const CYCLES = Number(process.env.CRASH_CYCLES || 15);
const SEED = Number(process.env.CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
const BUDGET_MS = 75_000; // no kill is started after this long
const CLIENTS = 4;
const TRAINEES_PER_CLIENT = 4;
const SERVE_ARGS = ['--quiet'];
const PG_CRASH = PG ? process.env.RANDA_TEST_PG_CRASH || '' : '';

// ---- the database, through one door ----

// The rows of a query, as objects. Every read of the database in this test
// goes through here, so that the test can run against another store
// (PostgreSQL) by swapping this function: the SQL below is the dialect both
// share, but for engineChecks().
function dbRows(db, query) {
  return sqlRows(db, query);
}

// The database engine's own checks: SQLite's of the file; PostgreSQL's
// amcheck of every index of Randa's tables (its foreign keys are never
// off, so there is nothing like foreign_key_check to run).
function engineChecks(db) {
  const problems = [];
  if (PG) {
    try {
      sqlText(db, 'CREATE EXTENSION IF NOT EXISTS amcheck');
      const [{ n }] = dbRows(db, `SELECT count(*) AS n FROM (SELECT bt_index_check(c.oid, true)
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
          JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE a.amname = 'btree' AND s.nspname = 'public') x`);
      if (!(n > 0)) problems.push('amcheck checked no index');
    } catch (e) {
      problems.push(`amcheck: ${e.message}`);
    }
    return problems;
  }
  const ic = dbRows(db, 'PRAGMA integrity_check');
  if (ic.length !== 1 || Object.values(ic[0])[0] !== 'ok')
    problems.push(`integrity_check: ${JSON.stringify(ic.slice(0, 5))}`);
  const fk = dbRows(db, 'PRAGMA foreign_key_check');
  if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
  return problems;
}

const HOLDING = "('requested', 'confirmed')";
// The newest audit row of entity E for the row aliased r.
const newestAudit = (entity, r) => `a.entity = '${entity}' AND a.entity_id = ${r}.id
  AND a.id = (SELECT max(x.id) FROM audit_log x WHERE x.entity = '${entity}' AND x.entity_id = ${r}.id)`;
// Audit rows of E whose entity's newest row is (not) a delete.
const lastAuditIs = (entity, cond) => `SELECT a.entity_id FROM audit_log a
  WHERE a.entity = '${entity}' AND ${cond}
    AND a.id = (SELECT max(x.id) FROM audit_log x WHERE x.entity = '${entity}' AND x.entity_id = a.entity_id)`;

// The insert audit rows of E for the row aliased r since the newest delete
// of its id: ids of deleted rows come back (INTEGER PRIMARY KEY reuses the
// highest id once its row is gone), each life with its own insert.
const insertsSinceDelete = (entity, r) => `(SELECT count(*) FROM audit_log a
  WHERE a.entity = '${entity}' AND a.entity_id = ${r}.id AND a.action = 'insert'
    AND a.id > COALESCE((SELECT max(d.id) FROM audit_log d WHERE d.entity = '${entity}'
      AND d.entity_id = ${r}.id AND d.action = 'delete'), 0))`;

// Rules across tables that every committed state keeps: each query selects
// the rows that break its rule.
const INVARIANTS = [
  ['a booked need has a requested or confirmed booking',
    `SELECT n.id FROM rotation_need n WHERE n.status = 'booked'
       AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.need_id = n.id AND b.status IN ${HOLDING})`],
  ['a requested or confirmed booking has its need booked',
    `SELECT b.id, n.status FROM booking b JOIN rotation_need n ON n.id = b.need_id
     WHERE b.status IN ${HOLDING} AND n.status <> 'booked'`],
  ['a completed booking has its need done',
    `SELECT b.id, n.status FROM booking b JOIN rotation_need n ON n.id = b.need_id
     WHERE b.status = 'completed' AND n.status <> 'done'`],
  ['one booking at most holds a need',
    `SELECT need_id FROM booking WHERE status IN ${HOLDING} AND need_id IS NOT NULL
     GROUP BY need_id HAVING count(*) > 1`],
  ['a booking is for a need of its own trainee',
    `SELECT b.id FROM booking b JOIN rotation_need n ON n.id = b.need_id WHERE b.trainee_id <> n.trainee_id`],
  ['a holding booking is at a unit its need allows',
    `SELECT b.id FROM booking b JOIN rotation_need n ON n.id = b.need_id JOIN unit u ON u.id = b.unit_id
     WHERE b.status IN ${HOLDING}
       AND NOT EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id AND nu.unit_id = b.unit_id)
       AND (EXISTS (SELECT 1 FROM need_unit nu WHERE nu.need_id = n.id) OR n.specialty_id <> u.specialty_id)`],
  ['a trainee is placed once in any week',
    `SELECT p.id, q.id FROM booking p JOIN booking q ON q.trainee_id = p.trainee_id AND p.id < q.id
       AND p.start_week < q.end_week AND q.start_week < p.end_week
     WHERE p.status IN ('requested', 'confirmed', 'completed')
       AND q.status IN ('requested', 'confirmed', 'completed')`],
  ['leaves of a trainee share no day',
    `SELECT p.id, q.id FROM leave p JOIN leave q ON q.trainee_id = p.trainee_id AND p.id < q.id
       AND p.from_date <= q.to_date AND q.from_date <= p.to_date`],
  // The audit log is written in the transaction of the change it records.
  ['a booking has one insert audit row',
    `SELECT b.id FROM booking b WHERE (SELECT count(*) FROM audit_log a
       WHERE a.entity = 'booking' AND a.entity_id = b.id AND a.action = 'insert') <> 1`],
  ['a booking audit row has its booking',
    `SELECT a.id FROM audit_log a WHERE a.entity = 'booking'
       AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.id = a.entity_id)`],
  ['the newest audit row of a booking has its status and reason',
    `SELECT b.id, b.status FROM booking b JOIN audit_log a ON ${newestAudit('booking', 'b')}
     WHERE a.after_json NOT LIKE '%"status":"' || b.status || '"%'
        OR a.after_json NOT LIKE '%"cancel_reason":"' || COALESCE(b.cancel_reason, '') || '"%'`],
  ['a leave has one insert audit row since the last delete of its id',
    `SELECT l.id FROM leave l WHERE ${insertsSinceDelete('leave', 'l')} <> 1`],
  ['the newest audit row of a leave has its days and kind',
    `SELECT l.id FROM leave l JOIN audit_log a ON ${newestAudit('leave', 'l')}
     WHERE a.action = 'delete'
        OR a.after_json NOT LIKE '%"from_date":"' || l.from_date || '"%'
        OR a.after_json NOT LIKE '%"to_date":"' || l.to_date || '"%'
        OR a.after_json NOT LIKE '%"kind":"' || l.kind || '"%'`],
  ['a leave whose audit does not end in a delete is there',
    `${lastAuditIs('leave', "a.action <> 'delete'")}
       AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.id = a.entity_id)`],
  ['a leave whose audit ends in a delete is gone',
    `${lastAuditIs('leave', "a.action = 'delete'")}
       AND EXISTS (SELECT 1 FROM leave l WHERE l.id = a.entity_id)`],
  ['a need has one insert audit row since the last delete of its id',
    `SELECT n.id FROM rotation_need n WHERE ${insertsSinceDelete('need', 'n')} <> 1`],
  // (Its status follows its bookings without an audit row of its own.)
  ['the newest audit row of a need has its weeks, patterns and preferred start',
    `SELECT n.id FROM rotation_need n JOIN audit_log a ON ${newestAudit('need', 'n')}
     WHERE a.action = 'delete'
        OR a.after_json NOT LIKE '%"weeks":' || CAST(n.weeks AS TEXT) || '}%'
        OR a.after_json NOT LIKE '%"patterns":' || CAST(n.patterns AS TEXT) || ',%'
        OR a.after_json NOT LIKE '%"preferred_start":' || COALESCE(CAST(n.preferred_start AS TEXT), 'null') || ',%'`],
  ['a need whose audit does not end in a delete is there',
    `${lastAuditIs('need', "a.action <> 'delete'")}
       AND NOT EXISTS (SELECT 1 FROM rotation_need n WHERE n.id = a.entity_id)`],
];

function invariantProblems(db) {
  const problems = [];
  for (const [rule, query] of INVARIANTS) {
    const rows = dbRows(db, `${query} LIMIT 5`);
    if (rows.length) problems.push(`${rule}: broken by ${JSON.stringify(rows)}`);
  }
  return problems;
}

// ---- one shape for a row, whether read from the database or the API ----

const PATTERN_BIT = { full: 1, split4: 2, split3: 4, half: 8, alternate: 16 };
const mask = (names) => names.reduce((m, p) => m | PATTERN_BIT[p], 0);
const sorted = (ids) => [...ids].sort((a, b) => a - b);

// ISO week "YYYY-Www" <-> serial (weeks since 1970-W01, whose Monday is
// 1969-12-29), from the calendar.
const MONDAY0 = Date.UTC(1969, 11, 29);
function weekOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000;
  return Math.round((monday1 - MONDAY0) / 604800000) + (w - 1);
}
function isoOf(serial) {
  const thursday = new Date(MONDAY0 + serial * 604800000 + 3 * 86400000);
  const y = thursday.getUTCFullYear();
  return `${y}-W${String(serial - weekOf(`${y}-W01`) + 1).padStart(2, '0')}`;
}
const addDays = (date, n) => new Date(Date.parse(date) + n * 86400000).toISOString().slice(0, 10);

// The API's objects in the database's terms (end_week: the week after).
const fromApi = {
  booking: (b) => ({
    id: b.id, trainee_id: b.trainee.id, need_id: b.need_id, unit_id: b.unit.id,
    start_week: weekOf(b.start_week), end_week: weekOf(b.end_week) + 1, pattern: b.pattern,
    weeks: b.weeks, status: b.status, cancel_reason: b.cancel_reason,
  }),
  need: (n) => ({
    id: n.id, trainee_id: n.trainee_id, specialty_id: n.specialty_id, weeks: n.weeks,
    patterns: mask(n.patterns), preferred_start: n.preferred_start === null ? null : weekOf(n.preferred_start),
    status: n.status, unit_ids: sorted(n.unit_ids), goal_ids: sorted(n.goal_ids),
  }),
  leave: (l) => ({ id: l.id, trainee_id: l.trainee_id, from_date: l.from_date, to_date: l.to_date, kind: l.kind }),
};

// The bookings, needs (with their units and goals) and leaves of trainees,
// as maps id -> row.
function readRows(db, trainees) {
  const ids = trainees.join(', ');
  const byId = (rows) => new Map(rows.map((r) => [r.id, r]));
  const booking = byId(dbRows(db, `SELECT id, trainee_id, need_id, unit_id, start_week, end_week,
      pattern, weeks, status, cancel_reason FROM booking WHERE trainee_id IN (${ids})`));
  const need = byId(dbRows(db, `SELECT id, trainee_id, specialty_id, weeks, patterns, preferred_start,
      status FROM rotation_need WHERE trainee_id IN (${ids})`));
  for (const n of need.values()) { n.unit_ids = []; n.goal_ids = []; }
  for (const [table, col] of [['need_unit', 'unit_id'], ['need_goal', 'goal_id']]) {
    const links = dbRows(db, `SELECT k.need_id, k.${col} AS id FROM ${table} k
        JOIN rotation_need n ON n.id = k.need_id WHERE n.trainee_id IN (${ids})`);
    for (const l of links) need.get(l.need_id)[`${col}s`].push(l.id);
  }
  for (const n of need.values()) { n.unit_ids = sorted(n.unit_ids); n.goal_ids = sorted(n.goal_ids); }
  const leave = byId(dbRows(db, `SELECT id, trainee_id, from_date, to_date, kind FROM leave
      WHERE trainee_id IN (${ids})`));
  return { booking, need, leave };
}

// Whether row is what expected says: null for none, else the fields given.
const matches = (row, expected) => expected === null ? row === null
  : row !== null && Object.keys(expected).every((k) => isDeepStrictEqual(row[k], expected[k]));

// ---- the expected state ----

// What the database must hold for the test's trainees: table -> id -> row,
// null for a row deleted. Every acknowledged write moves it on.
const model = { booking: new Map(), need: new Map(), leave: new Map() };
// Every row an acknowledged write left, and every write in flight at a kill
// with what became of it, oldest first (kills: the kills before it); and
// the newest entry per row, for messages.
const journal = [];
const lastWrite = new Map();

function record(kills, client, op, table, id, row) {
  const entry = { kills, client, op, table, id, row };
  journal.push(entry);
  lastWrite.set(`${table} ${id}`, entry);
}

function describe(table, id) {
  const w = lastWrite.get(`${table} ${id}`);
  if (!w) return ' (an untouched demo row)';
  return ` (last written by client ${w.client}'s ${w.op}, ${w.inflight ? `in flight at kill ${w.kills + 1}`
    : w.kills ? `after kill ${w.kills}` : 'before the first kill'})`;
}

// Bookings start in slots of 20 weeks from 2032 (no demo capacity there),
// leaves every 7 days from 2041, needs have a preferred start from 2045
// that names them.
const SLOT0 = weekOf('2032-W01'), SLOT_WEEKS = 20, SLOTS = 20;
const LEAVE0 = '2041-01-07';
const PREF0 = weekOf('2045-W01');
const KINDS = ['parental', 'sick', 'leave_of_absence', 'other'];
const REASONS = ['sick_leave', 'parental_leave', 'changed_plan', 'other'];

function rng32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One client: writes for its own trainees at its own unit, one write at a
// time, and parks when the server is down until the check has run.
class Client {
  constructor(n, ctl, trainees, unit, goals) {
    this.n = n;
    this.ctl = ctl;
    this.trainees = trainees.map((id) => ({ id, needSeq: 0, leaveSeq: 0 }));
    this.owns = new Set(trainees);
    this.unit = unit;
    this.goals = goals;
    this.rng = rng32(SEED + 1000 * (n + 1));
    this.inflight = null; // the write whose answer has not come
    this.request = null; // its AbortController while the request runs
    this.parked = false;
    this.stopped = false; // run() has returned: the runs are finished or this client found a problem
    this.acked = {};
  }

  int(n) { return Math.floor(this.rng() * n); }
  pick(list) { return list.length ? list[this.int(list.length)] : undefined; }

  rows(table, keep) {
    return [...model[table].values()].filter((r) => r && this.owns.has(r.trainee_id) && keep(r));
  }
  patterns() { return this.pick([['full'], ['half'], ['full', 'half']]); }
  goalIds() { return sorted(this.goals.filter(() => this.rng() < 0.4)); }

  // The writes this client can make now, each { name, method, path, body,
  // changes }: changes lists the rows the write touches, with their state
  // before and after (null: no row; a create has no id and a match to find
  // its row by).
  needCreate() {
    const t = this.pick(this.trainees);
    if (this.rows('need', (n) => n.trainee_id === t.id && n.preferred_start >= PREF0 && n.status === 'open').length >= 4)
      return null;
    const pref = PREF0 + t.needSeq++;
    const patterns = this.patterns();
    const body = {
      trainee_id: t.id, specialty_id: this.unit.specialty_id, weeks: 2 + this.int(7), patterns,
      preferred_start: isoOf(pref), unit_ids: this.rng() < 0.5 ? [this.unit.id] : [], goal_ids: this.goalIds(),
    };
    const after = { ...body, patterns: mask(patterns), preferred_start: pref, status: 'open' };
    return {
      name: 'need.create', method: 'POST', path: '/api/v1/needs', body,
      changes: [{ table: 'need', primary: true, before: null, after,
        match: (r) => r.trainee_id === t.id && r.preferred_start === pref }],
    };
  }

  ourOpenNeed() { return this.pick(this.rows('need', (n) => n.preferred_start >= PREF0 && n.status === 'open')); }

  needPatch() {
    const n = this.ourOpenNeed();
    if (!n) return null;
    const patterns = this.patterns();
    const body = { weeks: 2 + ((n.weeks - 2 + 1 + this.int(6)) % 7), patterns,
      unit_ids: n.unit_ids.length ? [] : [this.unit.id], goal_ids: this.goalIds() };
    return {
      name: 'need.patch', method: 'PATCH', path: `/api/v1/needs/${n.id}`, body,
      changes: [{ table: 'need', id: n.id, primary: true, before: n, after: { ...n, ...body, patterns: mask(patterns) } }],
    };
  }

  needWaive() {
    const n = this.ourOpenNeed();
    if (!n) return null;
    return {
      name: 'need.waive', method: 'PATCH', path: `/api/v1/needs/${n.id}`, body: { status: 'waived' },
      changes: [{ table: 'need', id: n.id, primary: true, before: n, after: { ...n, status: 'waived' } }],
    };
  }

  bookingRequest() {
    const n = this.ourOpenNeed();
    if (!n) return null;
    const held = this.rows('booking', (b) => b.trainee_id === n.trainee_id && ['requested', 'confirmed'].includes(b.status));
    const free = [];
    for (let k = 0; k < SLOTS; k++) {
      const a = SLOT0 + k * SLOT_WEEKS, e = a + SLOT_WEEKS;
      if (!held.some((b) => b.start_week < e && a < b.end_week)) free.push(a);
    }
    const start = this.pick(free);
    if (start === undefined) return null;
    const pattern = this.pick(Object.keys(PATTERN_BIT).filter((p) => n.patterns & PATTERN_BIT[p]));
    const body = { need_id: n.id, unit_id: this.unit.id, start_week: isoOf(start), pattern };
    return {
      name: 'booking.request', method: 'POST', path: '/api/v1/bookings', body,
      changes: [
        { table: 'booking', primary: true, before: null,
          after: { trainee_id: n.trainee_id, need_id: n.id, unit_id: this.unit.id, start_week: start, pattern,
            weeks: n.weeks, status: 'requested', cancel_reason: null },
          match: (r) => r.need_id === n.id },
        { table: 'need', id: n.id, before: n, after: { ...n, status: 'booked' } },
      ],
    };
  }

  // Moves one of our bookings in status from to status to.
  bookingMove(name, from, to, verb, body, reason = null) {
    const b = this.pick(this.rows('booking', (r) => r.start_week >= SLOT0 && from.includes(r.status)));
    if (!b) return null;
    const changes = [{ table: 'booking', id: b.id, primary: true, before: b,
      after: { ...b, status: to, cancel_reason: reason } }];
    if (to !== 'confirmed') {
      const n = model.need.get(b.need_id);
      changes.push({ table: 'need', id: n.id, before: n, after: { ...n, status: 'open' } });
    }
    return { name, method: 'POST', path: `/api/v1/bookings/${b.id}/${verb}`, body, changes };
  }

  leaveCreate() {
    const t = this.pick(this.trainees);
    const from = addDays(LEAVE0, 7 * t.leaveSeq++);
    const body = { trainee_id: t.id, from_date: from, to_date: addDays(from, this.int(5)), kind: this.pick(KINDS) };
    return {
      name: 'leave.create', method: 'POST', path: '/api/v1/leaves', body,
      changes: [{ table: 'leave', primary: true, before: null, after: body,
        match: (r) => r.trainee_id === t.id && r.from_date === from }],
    };
  }

  ourLeave() { return this.pick(this.rows('leave', (l) => l.from_date >= LEAVE0)); }

  leavePatch() {
    const l = this.ourLeave();
    if (!l) return null;
    const body = { kind: this.pick(KINDS.filter((k) => k !== l.kind)), to_date: addDays(l.from_date, this.int(7)) };
    return {
      name: 'leave.patch', method: 'PATCH', path: `/api/v1/leaves/${l.id}`, body,
      changes: [{ table: 'leave', id: l.id, primary: true, before: l, after: { ...l, ...body } }],
    };
  }

  leaveDelete() {
    const l = this.ourLeave();
    if (!l) return null;
    return {
      name: 'leave.delete', method: 'DELETE', path: `/api/v1/leaves/${l.id}`,
      changes: [{ table: 'leave', id: l.id, primary: true, before: l, after: null }],
    };
  }

  choose() {
    const reason = this.pick(REASONS);
    const menu = [
      [3, () => this.needCreate()], [2, () => this.needPatch()], [0.5, () => this.needWaive()],
      [5, () => this.bookingRequest()],
      [2, () => this.bookingMove('booking.accept', ['requested'], 'confirmed', 'accept')],
      [1, () => this.bookingMove('booking.decline', ['requested'], 'declined', 'decline')],
      [2, () => this.bookingMove('booking.cancel', ['requested', 'confirmed'], 'cancelled', 'cancel',
        { reason }, reason)],
      [2, () => this.leaveCreate()], [1, () => this.leavePatch()], [0.5, () => this.leaveDelete()],
    ];
    const total = menu.reduce((s, [w]) => s + w, 0);
    for (;;) {
      let r = this.rng() * total;
      const [, make] = menu.find(([w]) => (r -= w) < 0) ?? menu[0];
      const op = make();
      if (op) return op;
    }
  }

  // The answer came: the model moves on to the rows the write acknowledged.
  acknowledge(op, body) {
    for (const c of op.changes) {
      let row = null;
      if (c.after !== null && c.primary) {
        row = fromApi[c.table](body);
        if (!matches(row, c.after))
          this.ctl.problems.push(`client ${this.n} ${op.name}: answered ${JSON.stringify(row)}, asked for ${JSON.stringify(c.after)}`);
      } else if (c.after !== null) {
        row = { ...c.before, ...c.after };
      }
      const id = c.id ?? row.id;
      model[c.table].set(id, row);
      record(this.ctl.kills, this.n, op.name, c.table, id, row);
    }
    this.acked[op.name] = (this.acked[op.name] ?? 0) + 1;
  }

  async park() {
    this.parked = true;
    await this.ctl.resumed;
    this.parked = false;
  }

  async run() {
    try {
      await this.loop();
    } finally {
      this.stopped = true;
    }
  }

  async loop() {
    while (!this.ctl.finished) {
      if (this.ctl.down) { await this.park(); continue; }
      const op = this.choose();
      this.inflight = op;
      let res;
      this.request = new AbortController();
      try {
        res = await call(this.ctl.base, op.method, op.path, op.body, {}, this.request.signal);
      } catch {
        // No answer: the server is gone. The check after the kill finds
        // out whether the write happened, and clears inflight.
        await this.park();
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        this.acknowledge(op, res.body);
        this.inflight = null;
      } else {
        // Every write is chosen to be valid in the state the model holds.
        this.ctl.problems.push(`client ${this.n} ${op.name} ${op.path} ${JSON.stringify(op.body)}: `
          + `answered ${res.status} ${JSON.stringify(res.body)}`);
        this.inflight = null;
        this.ctl.finished = true;
      }
    }
  }
}

// ---- the checks ----

// After a kill, with every client parked: settles the writes in flight
// (all of a write or none of it), then compares the database with the
// model, row by row, and checks the invariants and the file.
function checkDatabase(db, trainees, clients, stats) {
  const problems = [...engineChecks(db), ...invariantProblems(db)];
  const actual = readRows(db, trainees);
  for (const c of clients) {
    const op = c.inflight;
    if (!op) continue;
    c.inflight = null;
    stats.inflight++;
    const found = op.changes.map((ch) => {
      if (ch.id !== undefined) return actual[ch.table].get(ch.id) ?? null;
      // A new row: one whose id the model has no row for (or only a
      // deleted one: ids come back).
      const rows = [...actual[ch.table].values()].filter((r) => !model[ch.table].get(r.id) && ch.match(r));
      if (rows.length > 1) problems.push(`client ${c.n} ${op.name}: ${rows.length} rows for one write: ${JSON.stringify(rows)}`);
      return rows[0] ?? null;
    });
    const after = op.changes.every((ch, k) => matches(found[k], ch.after));
    const before = op.changes.every((ch, k) => matches(found[k], ch.before));
    journal.push({ kills: stats.cycle - 1, client: c.n, op: op.name, inflight: true, path: op.path,
      body: op.body ?? null, written: after ? 'all' : before ? 'none' : 'half', found });
    if (after) {
      stats.inflightDone++;
      op.changes.forEach((ch, k) => {
        const id = ch.id ?? found[k].id;
        model[ch.table].set(id, found[k]);
        record(stats.cycle - 1, c.n, op.name, ch.table, id, found[k]);
        lastWrite.get(`${ch.table} ${id}`).inflight = true;
      });
    } else if (!before) {
      problems.push(`client ${c.n} ${op.name} ${op.path} ${JSON.stringify(op.body ?? null)} was in flight and is half written: `
        + op.changes.map((ch, k) => `${ch.table} ${ch.id ?? '(new)'} is ${JSON.stringify(found[k])}, `
          + `before ${JSON.stringify(ch.before)}, after ${JSON.stringify(ch.after)}`).join('; '));
    }
  }
  problems.push(...compare(actual, 'the database'));
  return problems;
}

// Compares rows read (table -> id -> row) with the model.
function compare(actual, where) {
  const problems = [];
  for (const table of Object.keys(model)) {
    for (const [id, want] of model[table]) {
      const got = actual[table].get(id) ?? null;
      if (!isDeepStrictEqual(got, want))
        problems.push(`${where}: ${table} ${id} is ${JSON.stringify(got)}, acknowledged ${JSON.stringify(want)}${describe(table, id)}`);
    }
    for (const [id, got] of actual[table])
      if (!model[table].has(id))
        problems.push(`${where}: ${table} ${id} ${JSON.stringify(got)} was never acknowledged nor in flight`);
  }
  return problems;
}

// The same rows read through the API of the running server.
async function checkApi(base, trainees) {
  const actual = { booking: new Map(), need: new Map(), leave: new Map() };
  for (const t of trainees) {
    for (const [table, path] of [['booking', 'bookings'], ['need', 'needs'], ['leave', 'leaves']]) {
      for (let offset = 0; ; offset += 500) {
        const r = await call(base, 'GET', `/api/v1/${path}?trainee=${t}&limit=500&offset=${offset}`);
        if (r.status !== 200) return [`GET ${path} of trainee ${t}: ${r.status} ${JSON.stringify(r.body)}`];
        for (const item of r.body.items) actual[table].set(item.id, fromApi[table](item));
        if (offset + r.body.items.length >= r.body.total || r.body.items.length === 0) break;
      }
    }
  }
  // The model holds deleted rows as null: compare() treats them as absent.
  return compare(actual, 'the API');
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(2);
  }
}

test(`acknowledged writes survive SIGKILL, unacknowledged ones are whole or absent (seed ${SEED})`,
  { timeout: 150_000 }, async (t) => {
    console.log(`crash: CRASH_SEED=${SEED} CRASH_CYCLES=${CYCLES}`);
    const started = Date.now();
    const first = await startServer({ extraArgs: SERVE_ARGS });
    const { db, dir } = first;
    let srv = first;
    const ctl = { base: srv.base, down: false, finished: false, resumed: null, resume: null, problems: [], kills: 0 };
    const stats = { cycle: 0, inflight: 0, inflightDone: 0 };
    // On failure the folder stays, with the database and journal.jsonl.
    let passed = false;
    const fail = (problems, when) => {
      if (problems.length)
        assert.fail(`${when} (CRASH_SEED=${SEED}; database and journal.jsonl kept in ${dir}):\n  `
          + problems.slice(0, 25).join('\n  ') + (problems.length > 25 ? `\n  ... and ${problems.length - 25} more` : ''));
    };
    let clients = [];
    let running = [];
    try {
      // Trainees full time, whose home units set no limit on trainees away
      // and who have nothing booked or on leave from 2032; units with no
      // capacity from 2032, one per client, given seats there.
      const trainees = dbRows(db, `SELECT t.id FROM trainee t JOIN unit h ON h.id = t.home_unit_id
          WHERE t.fte = 100 AND t.status = 'active' AND h.max_away IS NULL
            AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.trainee_id = t.id AND b.end_week > ${SLOT0})
            AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.trainee_id = t.id AND l.to_date >= '2032-01-01')
          ORDER BY t.id LIMIT ${CLIENTS * TRAINEES_PER_CLIENT}`).map((r) => r.id);
      const units = dbRows(db, `SELECT u.id, u.specialty_id FROM unit u WHERE u.takes_trainees = 1
          AND NOT EXISTS (SELECT 1 FROM capacity c WHERE c.unit_id = u.id AND c.to_week > ${SLOT0})
          ORDER BY u.id LIMIT ${CLIENTS}`);
      assert.equal(trainees.length, CLIENTS * TRAINEES_PER_CLIENT, 'enough free trainees in the demo');
      assert.equal(units.length, CLIENTS, 'enough units without capacity from 2032');
      for (const u of units) {
        const r = await call(srv.base, 'POST', '/api/v1/capacity', { unit_id: u.id, from_week: isoOf(SLOT0),
          to_week: isoOf(SLOT0 + SLOT_WEEKS * SLOTS + 20), seats: 50, patterns: ['full', 'half'] });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const demoRows = readRows(db, trainees);
      for (const table of Object.keys(model)) for (const [id, row] of demoRows[table]) model[table].set(id, row);
      fail(checkDatabase(db, trainees, [], stats), 'the fresh demo database');

      clients = units.map((u, i) => new Client(i, ctl, trainees.slice(i * TRAINEES_PER_CLIENT, (i + 1) * TRAINEES_PER_CLIENT),
        u, dbRows(db, `SELECT goal_id FROM unit_goal WHERE unit_id = ${u.id} ORDER BY goal_id LIMIT 4`).map((r) => r.goal_id)));
      running = clients.map((c) => c.run());

      const rng = rng32(SEED);
      let cycle = 0;
      while (cycle < CYCLES && Date.now() - started < BUDGET_MS && !ctl.finished) {
        await sleep(100 + Math.floor(rng() * 500));
        cycle++;
        stats.cycle = cycle;
        ctl.resumed = new Promise((ok) => { ctl.resume = ok; });
        ctl.down = true;
        const exited = new Promise((ok) => srv.proc.once('exit', ok));
        srv.proc.kill('SIGKILL');
        await exited;
        // No answer can come from a dead server: a request still waiting for
        // one (it has been seen to wait on after the kill) is given up, and
        // its write settled by the check as any other in flight.
        for (const c of clients) c.request?.abort();
        if (PG_CRASH && cycle % 3 === 0) {
          execSync(PG_CRASH, { stdio: ['ignore', 'ignore', 'inherit'] });
          stats.pgCrashes = (stats.pgCrashes ?? 0) + 1;
        }
        // A client that found a problem stops instead of parking: the
        // problem is then the failure, not the wait.
        await until(() => clients.every((c) => c.parked || c.stopped), 30_000,
          () => 'the clients to notice the kill; still waiting: ' + clients.filter((c) => !c.parked && !c.stopped)
            .map((c) => `client ${c.n} ${c.inflight ? `${c.inflight.method} ${c.inflight.path}` : '(no write in flight)'}`).join(', '));
        fail(ctl.problems, `before kill ${cycle}`);
        fail(checkDatabase(db, trainees, clients, stats), `after kill ${cycle}, in the database file`);
        try {
          srv = await startServer({ db, extraArgs: SERVE_ARGS });
        } catch (e) {
          fail([e.message], `after kill ${cycle}, randa serve does not start again`);
        }
        ctl.base = srv.base;
        fail(await checkApi(srv.base, trainees), `after restart ${cycle}, through the API`);
        ctl.kills = cycle;
        ctl.down = false;
        ctl.resume();
      }

      // The last round: the clients finish their writes, the server stays up.
      ctl.finished = true;
      await Promise.all(running);
      fail(ctl.problems, 'at the end');
      assert.ok(clients.every((c) => c.inflight === null));
      fail(checkDatabase(db, trainees, [], stats), 'at the end, in the database file');
      fail(await checkApi(srv.base, trainees), 'at the end, through the API');

      const acked = {};
      for (const c of clients) for (const [k, v] of Object.entries(c.acked)) acked[k] = (acked[k] ?? 0) + v;
      const total = Object.values(acked).reduce((s, v) => s + v, 0);
      const summary = `crash: seed ${SEED}, ${cycle} kills in ${((Date.now() - started) / 1000).toFixed(1)} s, `
        + `${total} writes acknowledged (${Object.entries(acked).map(([k, v]) => `${k} ${v}`).join(', ')}), `
        + `${stats.inflight} in flight at a kill (${stats.inflightDone} of them written)`
        + (PG ? `, PostgreSQL crashed ${stats.pgCrashes ?? 0} times` : '');
      console.log(summary);
      t.diagnostic(summary);
      assert.ok(cycle >= Math.min(CYCLES, 3), `only ${cycle} kills in the time allowed`);
      assert.ok(total >= 10 * cycle, `only ${total} writes acknowledged in ${cycle} cycles`);
      passed = true;
    } finally {
      ctl.finished = true;
      ctl.down = false;
      ctl.resume?.();
      await srv.stop();
      if (passed) rmSync(dir, { recursive: true, force: true });
      else if (existsSync(dir))
        writeFileSync(join(dir, 'journal.jsonl'), journal.map((e) => JSON.stringify(e)).join('\n') + '\n');
    }
  });
