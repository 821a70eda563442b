// `randa check --json PROBLEM.json PLAN.json`: the violations as data
// (issue 16). Each violation names its rule, its kind, the need, the other
// need, the unit and the weeks as the problem's ids and weeks, so that no
// reader has to match message text; the messages are the same lines the
// text output prints. Cases are built by hand on the spec's tiny example.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patternLen } from './spec.mjs';

const RANDA = process.env.RANDA_BIN || fileURLToPath(new URL('../../build/randa', import.meta.url));
const LOCAL = fileURLToPath(new URL('./examples/', import.meta.url));
const EXAMPLES =
  process.env.RANDA_SPEC_EXAMPLES ||
  (existsSync(join(LOCAL, 'tiny.json')) ? LOCAL : fileURLToPath(new URL('../../../shared/spec/examples/', import.meta.url)));
const TINY = JSON.parse(readFileSync(join(EXAMPLES, 'tiny.json'), 'utf8'));
const TINY_PLAN = JSON.parse(readFileSync(join(EXAMPLES, 'tiny-plan.json'), 'utf8'));

let dir;
let seq = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'randa-check-json-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function put(x) {
  const file = join(dir, `${++seq}.json`);
  writeFileSync(file, JSON.stringify(x));
  return file;
}

// Runs check with and without --json on the same files.
function check(plan) {
  const files = [put(TINY), put(plan)];
  const json = spawnSync(RANDA, ['check', '--json', ...files], { encoding: 'utf8' });
  const text = spawnSync(RANDA, ['check', ...files], { encoding: 'utf8' });
  assert.equal(json.status, text.status, 'the same exit status');
  const out = JSON.parse(json.stdout);
  const lines = text.stdout.split('\n').filter((l) => l.startsWith('rule '));
  assert.deepEqual(out.violations.map((v) => v.message), lines, 'the messages are the text lines');
  for (const v of out.violations) assert.ok(v.message.startsWith(`rule ${v.rule}: `), v.message);
  return { status: json.status, ...out };
}

const plan = () => structuredClone(TINY_PLAN);
const at = (pl, need) => pl.assignments.find((a) => a.need === need);
const only = (out, kind) => out.violations.filter((v) => v.kind === kind);

test('a valid plan: valid, its score, no violations, exit 0', () => {
  const out = check(plan());
  assert.equal(out.status, 0);
  assert.equal(out.valid, true);
  assert.equal(out.score, 552);
  assert.deepEqual(out.violations, []);
});

test('rule 2: a start before the trainee may start names need, unit, weeks and the limit', () => {
  const pl = plan();
  at(pl, 'bo-gyn').start = 0; // bo is free from week 2
  const len = patternLen('full', 6, 75); // bo-gyn at bo's 75 %
  const out = check(pl);
  assert.equal(out.status, 1);
  assert.equal(out.valid, false);
  const [v, ...rest] = only(out, 'before_from');
  assert.equal(rest.length, 0);
  assert.deepEqual(
    { rule: v.rule, need: v.need, other: v.other, unit: v.unit, week: v.week, last_week: v.last_week, limit: v.limit },
    { rule: 2, need: 'bo-gyn', other: null, unit: 'gyn-lund', week: 0, last_week: len - 1, limit: 2 },
  );
});

test('rule 5: one line per full week, with the unit, the occupancy and the seats', () => {
  const pl = plan();
  at(pl, 'anna-gyn').start = 2; // on top of bo-gyn at gyn-lund (1 seat) from week 2
  const both = Math.min(patternLen('full', 8, 100), patternLen('full', 6, 75));
  const seats = only(check(pl), 'seats');
  assert.deepEqual(seats.map((v) => v.week), Array.from({ length: both }, (_, k) => 2 + k));
  for (const v of seats) {
    assert.equal(v.rule, 5);
    assert.equal(v.unit, 'gyn-lund');
    assert.equal(v.need, null);
    assert.equal(v.value, 200);
    assert.equal(v.limit, 1);
    assert.equal(v.last_week, v.week);
  }
});

test('rule 4: an unplaced predecessor names both needs', () => {
  const pl = plan();
  pl.assignments = pl.assignments.filter((a) => a.need !== 'anna-gyn');
  pl.unplaced.push({ trainee: 'anna', need: 'anna-gyn', reason: 'test' });
  const [v] = only(check(pl), 'predecessor_unplaced');
  assert.equal(v.rule, 4);
  assert.equal(v.need, 'anna-psyk');
  assert.equal(v.other, 'anna-gyn');
});

test('rule 1: a fixed need moved names where it is fixed', () => {
  const pl = plan();
  at(pl, 'bo-psyk').start = 21;
  const [v] = only(check(pl), 'fixed_moved');
  assert.deepEqual([v.rule, v.need, v.unit, v.week], [1, 'bo-psyk', 'psyk-lund', 20]);
});

test('rule 3: an overlap with leave, and rule 0: an unknown need and a missing one', () => {
  const pl = plan();
  at(pl, 'bo-gyn').start = 10; // bo is away weeks 12..19
  pl.assignments = pl.assignments.filter((a) => a.need !== 'cilla-gyn');
  pl.assignments.push({ trainee: 'cilla', need: 'nobody', option: 0, unit: 'gyn-lund', start: 0 });
  const out = check(pl);
  const [leave] = only(out, 'overlaps_unavailable');
  assert.deepEqual([leave.rule, leave.need, leave.week, leave.last_week], [3, 'bo-gyn', 10, 10 + patternLen('full', 6, 75) - 1]);
  const [unknown] = only(out, 'unknown_need');
  assert.equal(unknown.rule, 0);
  assert.equal(unknown.need, null);
  assert.match(unknown.message, /\bnobody\b/);
  const [missing] = only(out, 'missing');
  assert.deepEqual([missing.rule, missing.need], [0, 'cilla-gyn']);
});

test('--json on an unreadable plan: exit 2, nothing on stdout', () => {
  const r = spawnSync(RANDA, ['check', '--json', put(TINY), put({ format: 'nope' })], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^randa check: .*format/);
});
