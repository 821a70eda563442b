// `randa check PROBLEM.json PLAN.json` against ../shared/spec/planning-format.md.
//
// Contract of the command (issue 4):
// - valid plan: exit 0, last line of stdout `plan is valid; score N`;
// - invalid plan: exit 1, one stdout line per violation `rule R: ...` naming
//   the need (and unit and week where they apply; R = 0 for a structurally
//   broken plan file), last line `plan is invalid: K violations; score N`;
// - unreadable input: exit 2, nothing on stdout, one stderr line
//   `randa check: ...` naming the field and the id.
//
// Expected values come from the spec, through an independent JS
// implementation (spec.mjs) and hand-computed numbers, never from randa.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as spec from './spec.mjs';
import { prng, genProblem, greedyPlan, mutatePlan, shrink } from './gen.mjs';

const RANDA = process.env.RANDA_BIN || fileURLToPath(new URL('../../build/randa', import.meta.url));
// The spec's examples: the copy in tests/solver/examples, else the spec's own folder.
const LOCAL_EXAMPLES = fileURLToPath(new URL('./examples/', import.meta.url));
const EXAMPLES =
  process.env.RANDA_SPEC_EXAMPLES ||
  (existsSync(join(LOCAL_EXAMPLES, 'tiny.json')) ? LOCAL_EXAMPLES : fileURLToPath(new URL('../../../shared/spec/examples/', import.meta.url)));

const TINY = JSON.parse(readFileSync(join(EXAMPLES, 'tiny.json'), 'utf8'));
const TINY_PLAN = JSON.parse(readFileSync(join(EXAMPLES, 'tiny-plan.json'), 'utf8'));

const clone = (x) => structuredClone(x);

let dir;
let seq = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'randa-check-'));
});
after(() => {
  if (dir && !process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

// Writes an input: an object as JSON, {raw: text} as is, {path} not at all.
function put(x, name) {
  if (x && typeof x === 'object' && 'path' in x) return x.path;
  const file = join(dir, `${++seq}-${name}.json`);
  writeFileSync(file, x && typeof x === 'object' && 'raw' in x ? x.raw : JSON.stringify(x, null, 1));
  return file;
}

function check(problem, plan) {
  const args = ['check', put(problem, 'problem'), put(plan, 'plan')];
  const r = spawnSync(RANDA, args, { encoding: 'utf8', timeout: 20000 });
  if (r.error) throw r.error;
  r.args = args;
  r.lines = r.stdout.split('\n').filter((l) => l !== '');
  return r;
}

const show = (r) => `\n$ randa ${r.args.join(' ')}\nexit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// An id as a whole token (ids hold letters, digits, '-' and '_').
const hasToken = (line, tok) => new RegExp(`(^|[^A-Za-z0-9_-])${esc(String(tok))}($|[^A-Za-z0-9_-])`).test(line);
const hasWeek = (line, w) => new RegExp(`\\bweek ${w}(?![0-9])`).test(line);

function expectValid(r, score) {
  assert.equal(r.status, 0, 'exit status' + show(r));
  assert.equal(r.lines.at(-1), `plan is valid; score ${score}`, show(r));
}

// want: [{rule, need?, needs?, unit?, week?}]; score: expected score or
// undefined to accept any integer.
function expectInvalid(r, want, score) {
  assert.equal(r.status, 1, 'exit status' + show(r));
  const last = r.lines.at(-1) || '';
  const m = /^plan is invalid: (\d+) violations?; score (-?\d+)$/.exec(last);
  assert.ok(m, 'last line `plan is invalid: K violations; score N`' + show(r));
  const body = r.lines.slice(0, -1);
  for (const l of body) assert.match(l, /^rule [0-6]: /, 'every other line is a violation' + show(r));
  assert.equal(Number(m[1]), body.length, 'K counts the violation lines' + show(r));
  if (score !== undefined) assert.equal(Number(m[2]), score, 'score' + show(r));
  for (const w of want) {
    const needs = w.needs || (w.need ? [w.need] : []);
    const ok = body.some(
      (l) =>
        l.startsWith(`rule ${w.rule}: `) &&
        needs.every((n) => hasToken(l, n)) &&
        (w.unit === undefined || hasToken(l, w.unit)) &&
        (w.week === undefined || hasWeek(l, w.week)),
    );
    assert.ok(ok, `a line for ${JSON.stringify(w)}` + show(r));
  }
  return { count: Number(m[1]), score: Number(m[2]), body };
}

// fields: the field names, one of which must appear; ids: one of which must
// appear (none when the field has no id, e.g. horizon.weeks).
function expectUnreadable(r, { fields = [], ids = [] } = {}) {
  assert.equal(r.status, 2, 'exit status' + show(r));
  assert.equal(r.stdout, '', 'nothing on stdout' + show(r));
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, 'one line on stderr' + show(r));
  assert.ok(lines[0].startsWith('randa check: '), show(r));
  if (fields.length) assert.ok(fields.some((f) => hasToken(lines[0], f)), `stderr names ${fields.join(' or ')}` + show(r));
  if (ids.length) assert.ok(ids.some((i) => hasToken(lines[0], i)), `stderr names ${ids.join(' or ')}` + show(r));
}

// Accessors on a problem / plan copy.
const trainee = (p, id) => p.trainees.find((t) => t.id === id);
const need = (p, id) => p.trainees.flatMap((t) => t.needs).find((n) => n.id === id);
const unit = (p, id) => p.units.find((u) => u.id === id);
const asg = (plan, id) => plan.assignments.find((a) => a.need === id);
function unplace(plan, id) {
  const i = plan.assignments.findIndex((a) => a.need === id);
  const [a] = plan.assignments.splice(i, 1);
  plan.unplaced.push({ trainee: a.trainee, need: a.need, reason: 'test' });
}

// JS expectation for a (problem, plan) pair built from the example.
function js(problem, plan) {
  return spec.checkPlan(problem, plan);
}

describe('the spec example', () => {
  test('the JS reading of the spec scores the optimal plan 552 and finds it valid', () => {
    // by hand: anna late 12 weeks x priority 2 x 20 = 480, cilla late 2 x 20 = 40,
    // shifts anna-gyn 10 + cilla-gyn 22 = 32, no option cost.
    assert.equal(spec.patternLen('full', 6, 75), 8);
    assert.equal(spec.patternLen('half', 4, 75), 11);
    assert.equal(spec.patternLen('alternate', 6, 100), 11);
    assert.equal(spec.patternLen('split3', 8, 100), 14);
    const res = js(TINY, TINY_PLAN);
    assert.deepEqual(res.structural, []);
    assert.deepEqual(res.violations, []);
    assert.equal(res.score, 552);
    assert.equal(480 + 40 + 32, 552);
  });

  test('randa check: valid, score 552', () => {
    expectValid(check(TINY, TINY_PLAN), 552);
  });

  test('the plan score the file claims is not trusted', () => {
    const plan = clone(TINY_PLAN);
    plan.score = 1;
    plan.lower_bound = 1;
    expectValid(check(TINY, plan), 552);
  });

  test('a plan without score, lower_bound and stats is still checked', () => {
    const { format, assignments, unplaced } = TINY_PLAN;
    expectValid(check(TINY, { format, assignments, unplaced }), 552);
  });

  test('assignment order does not matter', () => {
    const plan = clone(TINY_PLAN);
    plan.assignments.reverse();
    expectValid(check(TINY, plan), 552);
  });
});

describe('pattern lengths and occupancy', () => {
  // One trainee, one big unit: a placement that ends exactly at the horizon
  // is valid, one week later breaks rule 2. Pins len for each pattern.
  const cases = [
    ['full', 6, 75, 8],
    ['full', 10, 100, 10],
    ['full', 1, 1, 100],
    ['split4', 5, 90, 7], // 50000 / 7200 = 6.94
    ['split4', 4, 100, 5],
    ['split3', 7, 45, 26], // 70000 / 2700 = 25.9
    ['split3', 3, 100, 5],
    ['half', 3, 33, 19], // 30000 / 1650 = 18.2
    ['half', 4, 100, 8],
    ['alternate', 4, 60, 13], // 2 * ceil(6.67) - 1
    ['alternate', 1, 100, 1],
    ['alternate', 5, 100, 9],
  ];
  const one = (pattern, W, f, H) => ({
    format: 'randa-problem/1',
    horizon: { weeks: H },
    weights: { unplaced: 1000, late: 1, shift: 1 },
    units: [{ id: 'home', seats: 0 }, { id: 'big', seats: 5 }],
    trainees: [{ id: 't', home: 'home', from: 0, deadline: 1040, fte: f, needs: [{ id: 't-n', options: [{ units: ['big'], weeks: W, pattern }] }] }],
  });
  const plan = (start) => ({ format: 'randa-plan/1', assignments: [{ trainee: 't', need: 't-n', option: 0, unit: 'big', start }], unplaced: [] });
  for (const [pattern, W, f, len] of cases) {
    test(`${pattern} ${W} weeks at ${f} %: len ${len}`, () => {
      assert.equal(spec.patternLen(pattern, W, f), len);
      const p = one(pattern, W, f, len + 3);
      expectValid(check(p, plan(3)), 0);
      expectInvalid(check(p, plan(4)), [{ rule: 2, need: 't-n' }], 0);
    });
  }

  const two = (pa, pb, sb, seats = 1) => ({
    problem: {
      format: 'randa-problem/1',
      horizon: { weeks: 40 },
      weights: { unplaced: 1000, late: 1, shift: 1 },
      units: [{ id: 'home', seats: 0 }, { id: 'one', seats }],
      trainees: [
        { id: 'a', home: 'home', from: 0, deadline: 40, needs: [{ id: 'a-n', options: [{ units: ['one'], weeks: 3, pattern: pa }] }] },
        { id: 'b', home: 'home', from: 0, deadline: 40, needs: [{ id: 'b-n', options: [{ units: ['one'], weeks: 3, pattern: pb }] }] },
      ],
    },
    plan: {
      format: 'randa-plan/1',
      assignments: [
        { trainee: 'a', need: 'a-n', option: 0, unit: 'one', start: 0 },
        { trainee: 'b', need: 'b-n', option: 0, unit: 'one', start: sb },
      ],
      unplaced: [],
    },
  });
  test('alternate + alternate one week apart share a one-seat unit', () => {
    const { problem, plan } = two('alternate', 'alternate', 1);
    assert.equal(js(problem, plan).valid, true);
    expectValid(check(problem, plan), 0);
  });
  test('alternate + alternate two weeks apart overfill a one-seat unit (weeks 2 and 4)', () => {
    const { problem, plan } = two('alternate', 'alternate', 2);
    expectInvalid(check(problem, plan), [
      { rule: 5, unit: 'one', week: 2, needs: ['a-n', 'b-n'] },
      { rule: 5, unit: 'one', week: 4, needs: ['a-n', 'b-n'] },
    ], 0);
  });
  test('half + half fit one seat', () => {
    const { problem, plan } = two('half', 'half', 0);
    expectValid(check(problem, plan), 0);
  });
  test('split3 + half (110) overfill one seat', () => {
    const { problem, plan } = two('split3', 'half', 0);
    expectInvalid(check(problem, plan), [{ rule: 5, unit: 'one', week: 0, needs: ['a-n', 'b-n'] }], 0);
  });
  test('split4 + split4 (160) fit two seats', () => {
    const { problem, plan } = two('split4', 'split4', 0, 2);
    expectValid(check(problem, plan), 0);
  });
  test('split4 + half (130) overfill one seat', () => {
    const { problem, plan } = two('split4', 'half', 2);
    expectInvalid(check(problem, plan), [{ rule: 5, unit: 'one', week: 2, needs: ['a-n', 'b-n'] }], 0);
  });
});

describe('validity rules broken by one change of the optimal plan', () => {
  test('rule 1: a fixed need left unplaced', () => {
    const plan = clone(TINY_PLAN);
    unplace(plan, 'bo-psyk');
    // + 1000 x 4 weeks unplaced; bo's end becomes 10, before his deadline.
    const exp = js(TINY, plan);
    assert.equal(exp.score, 552 + 4000);
    assert.deepEqual(exp.violations.map((v) => v.rule), [1]);
    expectInvalid(check(TINY, plan), [{ rule: 1, need: 'bo-psyk' }], 4552);
  });

  test('rule 1: a fixed need moved', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'bo-psyk').start = 21; // also overlaps anna-psyk at psyk-lund week 31 (rule 5)
    const exp = js(TINY, plan);
    expectInvalid(check(TINY, plan), [{ rule: 1, need: 'bo-psyk' }], exp.score);
    assert.equal(exp.score, 552); // bo still ends (32) before his deadline 36
  });

  test('rule 2: start before the trainee\'s from', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'bo-gyn').start = 1; // bo from 2; shift 1
    assert.deepEqual(js(TINY, plan).violations.map((v) => v.rule), [2]);
    expectInvalid(check(TINY, plan), [{ rule: 2, need: 'bo-gyn' }], 553);
  });

  test('rule 2: start before the need\'s earliest', () => {
    const p = clone(TINY);
    need(p, 'anna-gyn').earliest = 11; // planned at 10
    expectInvalid(check(p, TINY_PLAN), [{ rule: 2, need: 'anna-gyn' }], 552);
  });

  test('rule 2: ends past the horizon', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-psyk').start = 34; // [34, 45) > 44; anna 15 weeks late x 2 x 20 = 600
    assert.equal(js(TINY, plan).score, 552 - 480 + 600);
    expectInvalid(check(TINY, plan), [{ rule: 2, need: 'anna-psyk' }], 672);
  });

  test('rule 2: ends at the horizon is fine', () => {
    const p = clone(TINY);
    p.horizon.weeks = 42; // cilla-gyn and anna-psyk both end at 42
    expectValid(check(p, TINY_PLAN), 552);
  });

  test('rule 2: ends past latest_end', () => {
    const p = clone(TINY);
    need(p, 'cilla-psyk').latest_end = 11; // placed [0, 12)
    expectInvalid(check(p, TINY_PLAN), [{ rule: 2, need: 'cilla-psyk' }], 552);
    need(p, 'cilla-psyk').latest_end = 12;
    expectValid(check(p, TINY_PLAN), 552);
  });

  test('rule 3: two placements of one trainee overlap', () => {
    const p = clone(TINY);
    need(p, 'cilla-psyk').options[0].units.push('gyn-nod'); // a free unit
    const plan = clone(TINY_PLAN);
    Object.assign(asg(plan, 'cilla-psyk'), { unit: 'gyn-nod', start: 25 }); // [25, 37) vs cilla-gyn [32, 42)
    assert.deepEqual(js(p, plan).violations.map((v) => v.rule), [3]);
    expectInvalid(check(p, plan), [{ rule: 3, need: 'cilla-psyk' }], 552);
    const r = check(p, plan);
    assert.ok(r.lines.some((l) => l.startsWith('rule 3: ') && hasToken(l, 'cilla-gyn')), 'names both needs' + show(r));
  });

  test('rule 3: a placement overlaps an unavailable range', () => {
    const p = clone(TINY);
    trainee(p, 'cilla').unavailable = [[11, 12]]; // last week of cilla-psyk [0, 12)
    expectInvalid(check(p, TINY_PLAN), [{ rule: 3, need: 'cilla-psyk' }], 552);
    trainee(p, 'cilla').unavailable = [[12, 32]]; // exactly the gap: fine
    expectValid(check(p, TINY_PLAN), 552);
  });

  test('rule 4: a need starts before its predecessor ends', () => {
    const p = clone(TINY);
    need(p, 'cilla-psyk').after = ['cilla-gyn']; // cilla-gyn [32, 42), cilla-psyk [0, 12)
    assert.deepEqual(js(p, TINY_PLAN).violations.map((v) => v.rule), [4]);
    expectInvalid(check(p, TINY_PLAN), [{ rule: 4, need: 'cilla-psyk' }], 552);
    const r = check(p, TINY_PLAN);
    assert.ok(r.lines.some((l) => l.startsWith('rule 4: ') && hasToken(l, 'cilla-gyn')), 'names the predecessor' + show(r));
  });

  test('rule 4: predecessor ending exactly at the start is fine', () => {
    const p = clone(TINY);
    need(p, 'cilla-gyn').after = ['cilla-psyk']; // psyk ends 12, gyn starts 32
    expectValid(check(p, TINY_PLAN), 552);
    // anna-psyk right after anna-gyn [10, 18), with a second seat at psyk-lund for bo-psyk:
    // anna ends at 29, before her deadline 30.
    const q = clone(TINY);
    unit(q, 'psyk-lund').seats = 2;
    delete unit(q, 'vc-norr').max_away; // bo-psyk (half) and anna-psyk (alternate) both away from vc-norr
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-psyk').start = 18;
    assert.equal(js(q, plan).valid, true);
    expectValid(check(q, plan), 552 - 480);
    asg(plan, 'anna-psyk').start = 17;
    expectInvalid(check(q, plan), [{ rule: 4, need: 'anna-psyk' }, { rule: 3, need: 'anna-psyk' }], 552 - 480);
  });

  test('rule 4: predecessor unplaced, successor assigned', () => {
    const plan = clone(TINY_PLAN);
    unplace(plan, 'anna-gyn');
    // + 8 x 1000, anna-gyn's shift of 10 goes away, anna still ends at 42
    assert.equal(js(TINY, plan).score, 552 + 8000 - 10);
    expectInvalid(check(TINY, plan), [{ rule: 4, need: 'anna-psyk' }], 8542);
  });

  test('rule 5: two placements share a one-seat week (an added trainee)', () => {
    const p = clone(TINY);
    p.trainees.push({ id: 'dan', home: 'vc-syd', from: 0, deadline: 44, needs: [{ id: 'dan-psyk', options: [{ units: ['psyk-lund'], weeks: 2, pattern: 'full' }] }] });
    const plan = clone(TINY_PLAN);
    plan.assignments.push({ trainee: 'dan', need: 'dan-psyk', option: 0, unit: 'psyk-lund', start: 5 }); // [5, 7) with cilla-psyk [0, 12)
    assert.deepEqual(js(p, plan).violations.map((v) => `${v.rule} ${v.week}`), ['5 5', '5 6']);
    const res = expectInvalid(check(p, plan), [
      { rule: 5, unit: 'psyk-lund', week: 5, needs: ['dan-psyk', 'cilla-psyk'] },
      { rule: 5, unit: 'psyk-lund', week: 6, needs: ['dan-psyk', 'cilla-psyk'] },
    ], 552);
    assert.ok(!res.body.some((l) => l.startsWith('rule 5: ') && hasWeek(l, 7)), 'week 7 is not overfull');
  });

  test('rule 5: a placement in a week whose seats an except range sets to 0', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'cilla-gyn').start = 31; // gyn-lund has 0 seats in [26, 32); cilla 1 week late, shift 21
    assert.equal(js(TINY, plan).score, 552 - 20 - 1);
    expectInvalid(check(TINY, plan), [{ rule: 5, unit: 'gyn-lund', week: 31, need: 'cilla-gyn' }], 531);
  });

  test('rule 5: later except entries win', () => {
    const p = clone(TINY);
    unit(p, 'gyn-lund').except = [[26, 32, 0], [31, 32, 1]]; // week 31 back to one seat
    const plan = clone(TINY_PLAN);
    asg(plan, 'cilla-gyn').start = 31;
    expectValid(check(p, plan), 531);
    unit(p, 'gyn-lund').except = [[31, 32, 1], [26, 32, 0]];
    expectInvalid(check(p, plan), [{ rule: 5, unit: 'gyn-lund', week: 31, need: 'cilla-gyn' }], 531);
  });

  test('rule 6: more than max_away of a unit\'s own trainees away', () => {
    const plan = clone(TINY_PLAN);
    Object.assign(asg(plan, 'bo-gyn'), { unit: 'gyn-nod', start: 3 }); // [3, 11) with anna-gyn [10, 18): both from vc-norr
    assert.deepEqual(js(TINY, plan).violations.map((v) => `${v.rule} ${v.unit} ${v.week}`), ['6 vc-norr 10']);
    expectInvalid(check(TINY, plan), [{ rule: 6, unit: 'vc-norr', week: 10, needs: ['anna-gyn', 'bo-gyn'] }], 553);
  });

  test('rule 6: partial occupancies add up (split3 60 + half 50 > 100)', () => {
    const plan = clone(TINY_PLAN);
    Object.assign(asg(plan, 'anna-gyn'), { option: 1, unit: 'gyn-nod', start: 10 }); // split3 [10, 24); bo-psyk half [20, 31)
    const exp = js(TINY, plan);
    assert.equal(exp.score, 554); // + cost 2
    expectInvalid(check(TINY, plan), [
      { rule: 6, unit: 'vc-norr', week: 20, needs: ['anna-gyn', 'bo-psyk'] },
      { rule: 6, unit: 'vc-norr', week: 23, needs: ['anna-gyn', 'bo-psyk'] },
    ], 554);
    const p = clone(TINY);
    delete unit(p, 'vc-norr').max_away; // absent: no limit
    expectValid(check(p, plan), 554);
  });
});

describe('structurally broken plans (rule 0)', () => {
  test('a need missing', () => {
    const plan = clone(TINY_PLAN);
    plan.assignments = plan.assignments.filter((a) => a.need !== 'cilla-gyn');
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'cilla-gyn' }]);
  });
  test('a need listed twice (assignments and unplaced)', () => {
    const plan = clone(TINY_PLAN);
    plan.unplaced.push({ trainee: 'anna', need: 'anna-gyn', reason: 'x' });
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn' }]);
  });
  test('a need assigned twice', () => {
    const plan = clone(TINY_PLAN);
    plan.assignments.push({ ...asg(plan, 'bo-gyn') });
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'bo-gyn' }]);
  });
  test('an unknown need', () => {
    const plan = clone(TINY_PLAN);
    plan.unplaced.push({ trainee: 'anna', need: 'anna-ortho', reason: 'x' });
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-ortho' }]);
  });
  test('an unknown trainee', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-gyn').trainee = 'zed';
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn' }]);
  });
  test('a need assigned to the wrong trainee', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-gyn').trainee = 'bo';
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn' }]);
  });
  test('an unknown unit', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-gyn').unit = 'gyn-xyz';
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn', unit: 'gyn-xyz' }]);
  });
  test('a unit not among the option\'s units', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-gyn').unit = 'gyn-nod'; // option 0 is gyn-lund only
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn', unit: 'gyn-nod' }]);
  });
  test('option index out of range (2 of 2, and -1)', () => {
    const plan = clone(TINY_PLAN);
    asg(plan, 'anna-gyn').option = 2;
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn' }]);
    asg(plan, 'anna-gyn').option = -1;
    expectInvalid(check(TINY, plan), [{ rule: 0, need: 'anna-gyn' }]);
  });
});

describe('unreadable problems and plans (exit 2)', () => {
  const bad = (name, mutate, want, jsFixed) =>
    test(name, () => {
      const p = clone(TINY);
      mutate(p);
      if (jsFixed) assert.ok(spec.fixedViolations(p).length > 0, 'the JS reading finds the fixed bookings break a rule');
      expectUnreadable(check(p, TINY_PLAN), want);
    });

  describe('missing required fields', () => {
    bad('format', (p) => delete p.format, { fields: ['format'] });
    bad('horizon', (p) => delete p.horizon, { fields: ['horizon'] });
    bad('horizon.weeks', (p) => delete p.horizon.weeks, { fields: ['weeks'] });
    bad('weights', (p) => delete p.weights, { fields: ['weights'] });
    bad('weights.unplaced', (p) => delete p.weights.unplaced, { fields: ['unplaced'] });
    bad('weights.late', (p) => delete p.weights.late, { fields: ['late'] });
    bad('weights.shift', (p) => delete p.weights.shift, { fields: ['shift'] });
    bad('units', (p) => delete p.units, { fields: ['units'] });
    bad('units[].id', (p) => delete unit(p, 'gyn-nod').id, { fields: ['id'] });
    bad('units[].seats', (p) => delete unit(p, 'gyn-nod').seats, { fields: ['seats'], ids: ['gyn-nod'] });
    bad('trainees', (p) => delete p.trainees, { fields: ['trainees'] });
    bad('trainees[].id', (p) => delete trainee(p, 'bo').id, { fields: ['id'] });
    bad('trainees[].home', (p) => delete trainee(p, 'bo').home, { fields: ['home'], ids: ['bo'] });
    bad('trainees[].from', (p) => delete trainee(p, 'bo').from, { fields: ['from'], ids: ['bo'] });
    bad('trainees[].deadline', (p) => delete trainee(p, 'bo').deadline, { fields: ['deadline'], ids: ['bo'] });
    bad('trainees[].needs', (p) => delete trainee(p, 'bo').needs, { fields: ['needs'], ids: ['bo'] });
    bad('needs[].id', (p) => delete need(p, 'bo-gyn').id, { fields: ['id'], ids: ['bo'] });
    bad('needs[].options', (p) => delete need(p, 'bo-gyn').options, { fields: ['options'], ids: ['bo-gyn'] });
    bad('options[].units', (p) => delete need(p, 'bo-gyn').options[0].units, { fields: ['units'], ids: ['bo-gyn'] });
    bad('options[].weeks', (p) => delete need(p, 'bo-gyn').options[0].weeks, { fields: ['weeks'], ids: ['bo-gyn'] });
    bad('options[].pattern', (p) => delete need(p, 'bo-gyn').options[0].pattern, { fields: ['pattern'], ids: ['bo-gyn'] });
    bad('fixed.start', (p) => delete need(p, 'bo-psyk').fixed.start, { fields: ['start', 'fixed'], ids: ['bo-psyk'] });
  });

  describe('mistyped fields', () => {
    bad('format of another version', (p) => (p.format = 'randa-problem/2'), { fields: ['format'] });
    bad('horizon.start not an ISO week', (p) => (p.horizon.start = 'next spring'), { fields: ['start'] });
    bad('horizon.start a number', (p) => (p.horizon.start = 2027), { fields: ['start'] });
    bad('a need with no options', (p) => (need(p, 'bo-gyn').options = []), { fields: ['options'], ids: ['bo-gyn'] });
    bad('an option with no units', (p) => (need(p, 'bo-gyn').options[0].units = []), { fields: ['units'], ids: ['bo-gyn'] });
    bad('horizon.weeks a string', (p) => (p.horizon.weeks = '44'), { fields: ['weeks'] });
    bad('horizon.weeks not an integer', (p) => (p.horizon.weeks = 44.5), { fields: ['weeks'] });
    bad('weights.late a string', (p) => (p.weights.late = '20'), { fields: ['late'] });
    bad('units not an array', (p) => (p.units = {}), { fields: ['units'] });
    bad('unit id a number', (p) => (unit(p, 'vc-syd').id = 5), { fields: ['id'] });
    bad('unit id empty', (p) => (unit(p, 'vc-syd').id = ''), { fields: ['id'] });
    bad('seats a string', (p) => (unit(p, 'gyn-lund').seats = '1'), { fields: ['seats'], ids: ['gyn-lund'] });
    bad('seats null', (p) => (unit(p, 'gyn-lund').seats = null), { fields: ['seats'], ids: ['gyn-lund'] });
    bad('except not triples', (p) => (unit(p, 'gyn-lund').except = [[26, 32]]), { fields: ['except'], ids: ['gyn-lund'] });
    bad('max_away a string', (p) => (unit(p, 'vc-norr').max_away = '1'), { fields: ['max_away'], ids: ['vc-norr'] });
    bad('home a number', (p) => (trainee(p, 'bo').home = 3), { fields: ['home'], ids: ['bo'] });
    bad('from not an integer', (p) => (trainee(p, 'bo').from = 1.5), { fields: ['from'], ids: ['bo'] });
    bad('from negative', (p) => (trainee(p, 'bo').from = -1), { fields: ['from'], ids: ['bo'] });
    bad('fte a string', (p) => (trainee(p, 'bo').fte = '75'), { fields: ['fte'], ids: ['bo'] });
    bad('unavailable not pairs', (p) => (trainee(p, 'bo').unavailable = [[12]]), { fields: ['unavailable'], ids: ['bo'] });
    bad('needs an object', (p) => (trainee(p, 'bo').needs = {}), { fields: ['needs'], ids: ['bo'] });
    bad('option units a string', (p) => (need(p, 'bo-gyn').options[0].units = 'gyn-lund'), { fields: ['units'], ids: ['bo-gyn'] });
    bad('option weeks not an integer', (p) => (need(p, 'bo-gyn').options[0].weeks = 6.5), { fields: ['weeks'], ids: ['bo-gyn'] });
    bad('option cost a string', (p) => (need(p, 'anna-gyn').options[1].cost = '2'), { fields: ['cost'], ids: ['anna-gyn'] });
    bad('after a string', (p) => (need(p, 'anna-psyk').after = 'anna-gyn'), { fields: ['after'], ids: ['anna-psyk'] });
    bad('preferred_start a string', (p) => (need(p, 'anna-gyn').preferred_start = '0'), { fields: ['preferred_start'], ids: ['anna-gyn'] });
    bad('fixed not an object', (p) => (need(p, 'bo-psyk').fixed = 20), { fields: ['fixed'], ids: ['bo-psyk'] });
  });

  describe('numbers out of range', () => {
    bad('horizon.weeks 0', (p) => (p.horizon.weeks = 0), { fields: ['weeks'] });
    bad('horizon.weeks 1041', (p) => (p.horizon.weeks = 1041), { fields: ['weeks'] });
    bad('fte 0', (p) => (trainee(p, 'anna').fte = 0), { fields: ['fte'], ids: ['anna'] });
    bad('fte 101', (p) => (trainee(p, 'anna').fte = 101), { fields: ['fte'], ids: ['anna'] });
    bad('priority 0', (p) => (trainee(p, 'anna').priority = 0), { fields: ['priority'], ids: ['anna'] });
    bad('priority 11', (p) => (trainee(p, 'anna').priority = 11), { fields: ['priority'], ids: ['anna'] });
    bad('weeks 0', (p) => (need(p, 'anna-gyn').options[1].weeks = 0), { fields: ['weeks'], ids: ['anna-gyn'] });
    bad('weeks 105', (p) => (need(p, 'anna-gyn').options[1].weeks = 105), { fields: ['weeks'], ids: ['anna-gyn'] });
    bad('weights.unplaced -1', (p) => (p.weights.unplaced = -1), { fields: ['unplaced'] });
    bad('weights.late -1', (p) => (p.weights.late = -1), { fields: ['late'] });
    bad('weights.shift -1', (p) => (p.weights.shift = -1), { fields: ['shift'] });
    bad('weights.unplaced 1000001', (p) => (p.weights.unplaced = 1000001), { fields: ['unplaced'] });
    bad('seats 1000001', (p) => (unit(p, 'gyn-nod').seats = 1000001), { fields: ['seats'], ids: ['gyn-nod'] });
    bad('seats -1', (p) => (unit(p, 'gyn-nod').seats = -1), { fields: ['seats'], ids: ['gyn-nod'] });

    const ok = (name, mutate, score) =>
      test(name, () => {
        const p = clone(TINY);
        mutate(p);
        const exp = js(p, TINY_PLAN);
        assert.equal(exp.score, score);
        if (exp.valid) expectValid(check(p, TINY_PLAN), score);
        else expectInvalid(check(p, TINY_PLAN), [], score);
      });
    test('boundaries accepted: fte 1', () => {
      const p = clone(TINY);
      p.trainees.push({ id: 'eva', home: 'vc-syd', from: 0, deadline: 44, fte: 1, needs: [{ id: 'eva-n', options: [{ units: ['gyn-nod'], weeks: 1, pattern: 'full' }] }] });
      const plan = clone(TINY_PLAN);
      plan.unplaced.push({ trainee: 'eva', need: 'eva-n', reason: 'test' });
      assert.equal(js(p, plan).score, 1552);
      expectValid(check(p, plan), 1552);
    });
    ok('boundaries accepted: horizon 1040, seats and weights 1000000', (p) => {
      p.horizon.weeks = 1040;
      unit(p, 'gyn-nod').seats = 1000000;
      p.weights.unplaced = 1000000;
    }, 552);
    ok('boundaries accepted: priority 10, weeks 104', (p) => {
      trainee(p, 'anna').priority = 10; // anna 12 weeks late: 12 x 10 x 20 = 2400
      need(p, 'anna-gyn').options[1].weeks = 104;
    }, 552 - 480 + 2400);
    test('boundaries accepted: fte 1', () => {
      const p = clone(TINY);
      p.trainees.push({ id: 'eva', home: 'vc-syd', from: 0, deadline: 44, fte: 1, needs: [{ id: 'eva-n', options: [{ units: ['gyn-nod'], weeks: 1, pattern: 'full' }] }] });
      const plan = clone(TINY_PLAN);
      plan.unplaced.push({ trainee: 'eva', need: 'eva-n', reason: 'test' });
      assert.equal(js(p, plan).score, 1552);
      expectValid(check(p, plan), 1552);
    });
    ok('boundaries accepted: horizon 1 (the plan is then invalid, but readable)', (p) => {
      p.horizon.weeks = 1;
      delete need(p, 'bo-psyk').fixed; // a fixed booking past the horizon would make the problem unreadable
    }, 552);
  });

  describe('references', () => {
    bad('unknown unit in home', (p) => (trainee(p, 'bo').home = 'vc-vast'), { fields: ['home'], ids: ['bo', 'vc-vast'] });
    bad('unknown unit in options', (p) => need(p, 'bo-gyn').options[0].units.push('gyn-xyz'), { fields: ['units'], ids: ['bo-gyn', 'gyn-xyz'] });
    bad('unknown unit in fixed', (p) => (need(p, 'bo-psyk').fixed.unit = 'psyk-xyz'), { fields: ['unit', 'fixed'], ids: ['bo-psyk', 'psyk-xyz'] });
    bad('unknown pattern', (p) => (need(p, 'bo-gyn').options[0].pattern = 'weekly'), { fields: ['pattern'], ids: ['bo-gyn', 'weekly'] });
    bad('after names another trainee\'s need', (p) => (need(p, 'anna-psyk').after = ['bo-gyn']), { fields: ['after'], ids: ['anna-psyk', 'bo-gyn'] });
    bad('after names an unknown need', (p) => (need(p, 'anna-psyk').after = ['anna-ortho']), { fields: ['after'], ids: ['anna-psyk', 'anna-ortho'] });
    bad('after names the need itself', (p) => (need(p, 'anna-psyk').after = ['anna-psyk']), { fields: ['after'], ids: ['anna-psyk'] });
    bad('after forms a cycle of two', (p) => (need(p, 'anna-gyn').after = ['anna-psyk']), { fields: ['after'], ids: ['anna-gyn', 'anna-psyk'] });
    bad('after forms a cycle of three', (p) => {
      need(p, 'anna-gyn').after = ['anna-x'];
      trainee(p, 'anna').needs.push({ id: 'anna-x', after: ['anna-psyk'], options: [{ units: ['gyn-nod'], weeks: 1, pattern: 'full' }] });
    }, { fields: ['after'], ids: ['anna-gyn', 'anna-psyk', 'anna-x'] });
    bad('duplicate unit id', (p) => (unit(p, 'vc-syd').id = 'gyn-lund'), { fields: ['id'], ids: ['gyn-lund'] });
    bad('duplicate trainee id', (p) => {
      trainee(p, 'cilla').id = 'bo';
    }, { fields: ['id'], ids: ['bo'] });
    bad('duplicate need id in one trainee', (p) => (trainee(p, 'cilla').needs[1].id = 'cilla-gyn'), { fields: ['id'], ids: ['cilla-gyn'] });
    bad('duplicate need id across trainees', (p) => (need(p, 'cilla-gyn').id = 'bo-gyn'), { fields: ['id'], ids: ['bo-gyn'] });
    bad('fixed option out of range', (p) => (need(p, 'bo-psyk').fixed.option = 1), { fields: ['option', 'fixed'], ids: ['bo-psyk'] });
    bad('fixed unit not in the option', (p) => (need(p, 'bo-psyk').fixed.unit = 'gyn-lund'), { fields: ['unit', 'fixed'], ids: ['bo-psyk', 'gyn-lund'] });

    test('ids are unique per kind: a need may share a unit\'s or a trainee\'s id', () => {
      const p = clone(TINY);
      need(p, 'cilla-gyn').id = 'gyn-lund';
      need(p, 'cilla-psyk').id = 'cilla';
      const plan = clone(TINY_PLAN);
      asg(plan, 'cilla-gyn').need = 'gyn-lund';
      asg(plan, 'cilla-psyk').need = 'cilla';
      expectValid(check(p, plan), 552);
    });
  });

  describe('fixed bookings that on their own break a rule', () => {
    const FIX = ['fixed', 'unavailable', 'from', 'earliest', 'latest_end', 'weeks', 'seats', 'max_away', 'after', 'start'];
    bad('two fixed placements overfill a one-seat unit (rule 5)', (p) => {
      need(p, 'cilla-psyk').fixed = { option: 0, unit: 'psyk-lund', start: 15 }; // [15, 27) full + bo-psyk half [20, 31)
    }, { fields: FIX, ids: ['cilla-psyk', 'bo-psyk', 'psyk-lund'] }, true);
    bad('a fixed placement in an unavailable range (rule 3)', (p) => {
      trainee(p, 'bo').unavailable = [[12, 21]];
    }, { fields: FIX, ids: ['bo-psyk', 'bo'] }, true);
    bad('a fixed placement before from (rule 2)', (p) => (trainee(p, 'bo').from = 21), { fields: FIX, ids: ['bo-psyk', 'bo'] }, true);
    bad('a fixed placement before earliest (rule 2)', (p) => (need(p, 'bo-psyk').earliest = 21), { fields: FIX, ids: ['bo-psyk'] }, true);
    bad('a fixed placement past latest_end (rule 2)', (p) => (need(p, 'bo-psyk').latest_end = 30), { fields: FIX, ids: ['bo-psyk'] }, true);
    bad('a fixed placement past the horizon (rule 2)', (p) => (p.horizon.weeks = 30), { fields: FIX, ids: ['bo-psyk'] }, true);
    bad('a fixed placement in a 0-seat week (rule 5)', (p) => (unit(p, 'psyk-lund').except = [[30, 31, 0]]), { fields: FIX, ids: ['bo-psyk', 'psyk-lund'] }, true);
    bad('two fixed placements of one trainee overlap (rule 3)', (p) => {
      need(p, 'bo-gyn').fixed = { option: 0, unit: 'gyn-nod', start: 22 }; // [22, 30)
    }, { fields: FIX, ids: ['bo-gyn', 'bo-psyk', 'bo'] }, true);
    bad('two fixed placements out of order (rule 4)', (p) => {
      need(p, 'bo-gyn').fixed = { option: 0, unit: 'gyn-nod', start: 2 }; // [2, 10)
      need(p, 'bo-gyn').after = ['bo-psyk']; // bo-psyk [20, 31)
    }, { fields: FIX, ids: ['bo-gyn', 'bo-psyk'] }, true);
    bad('fixed placements exceed max_away (rule 6)', (p) => {
      need(p, 'anna-gyn').fixed = { option: 1, unit: 'gyn-nod', start: 10 }; // split3 [10, 24) 60 + bo-psyk half 50
    }, { fields: FIX, ids: ['anna-gyn', 'bo-psyk', 'vc-norr'] }, true);

    test('fixed bookings that keep the rules are accepted', () => {
      const p = clone(TINY);
      need(p, 'anna-gyn').fixed = { option: 0, unit: 'gyn-lund', start: 10 };
      need(p, 'cilla-psyk').fixed = { option: 0, unit: 'psyk-lund', start: 0 };
      assert.deepEqual(spec.fixedViolations(p), []);
      expectValid(check(p, TINY_PLAN), 552);
    });
    test('a fixed need after a need that is not fixed is accepted (the spec\'s own example has one)', () => {
      const p = clone(TINY);
      need(p, 'anna-psyk').fixed = { option: 0, unit: 'psyk-lund', start: 31 }; // after anna-gyn
      expectValid(check(p, TINY_PLAN), 552);
    });
  });

  test('unknown fields are ignored at every level', () => {
    const p = clone(TINY);
    p['x-future'] = 1;
    p.horizon['x-future'] = { a: [1] };
    p.weights['x-future'] = 1;
    unit(p, 'gyn-lund')['x-future'] = 'yes';
    trainee(p, 'anna')['x-future'] = [1, 2];
    need(p, 'anna-gyn')['x-future'] = null;
    need(p, 'anna-gyn').options[0]['x-future'] = true;
    need(p, 'bo-psyk').fixed['x-future'] = 1;
    const plan = clone(TINY_PLAN);
    plan['x-future'] = 1;
    plan.assignments[0]['x-future'] = 1;
    expectValid(check(p, plan), 552);
  });

  test('optional fields absent take their defaults (fte 100, priority 1, cost 0)', () => {
    const p = clone(TINY);
    delete trainee(p, 'cilla').fte;
    delete trainee(p, 'cilla').priority;
    delete trainee(p, 'cilla').unavailable;
    delete p.horizon.start;
    delete unit(p, 'gyn-lund').name;
    delete unit(p, 'gyn-lund').specialty;
    expectValid(check(p, TINY_PLAN), 552);
  });

  test('the plan\'s format is wrong', () => {
    const plan = clone(TINY_PLAN);
    plan.format = 'randa-plan/2';
    expectUnreadable(check(TINY, plan), { fields: ['format'] });
    delete plan.format;
    expectUnreadable(check(TINY, plan), { fields: ['format'] });
  });
  test('the problem is not JSON', () => {
    expectUnreadable(check({ raw: '{"format": "randa-problem/1", ' }, TINY_PLAN));
  });
  test('the problem is a JSON array', () => {
    expectUnreadable(check({ raw: '[]' }, TINY_PLAN));
  });
  test('the plan is not JSON', () => {
    expectUnreadable(check(TINY, { raw: 'format: randa-plan/1\n' }));
  });
  test('the problem file is missing', () => {
    expectUnreadable(check({ path: join(dir, 'no-such-problem.json') }, TINY_PLAN));
  });
  test('the plan file is missing', () => {
    expectUnreadable(check(TINY, { path: join(dir, 'no-such-plan.json') }));
  });
});

describe('score arithmetic', () => {
  const scored = (name, mutateProblem, mutatePlan, hand) =>
    test(name, () => {
      const p = clone(TINY);
      const plan = clone(TINY_PLAN);
      mutateProblem(p);
      mutatePlan(plan);
      const exp = js(p, plan);
      assert.equal(exp.score, hand, 'the JS formula agrees with the hand computation');
      if (exp.valid) expectValid(check(p, plan), hand);
      else expectInvalid(check(p, plan), [], hand);
    });
  const none = () => {};

  // cilla-gyn unplaced: + 10 weeks x 1000, its shift 22 goes, cilla ends at 12 (no longer 2 late).
  scored('an unplaced need costs unplaced x options[0].weeks', none, (plan) => unplace(plan, 'cilla-gyn'), 552 + 10000 - 22 - 40);
  // anna-gyn and anna-psyk unplaced: options[0].weeks 8 (not option 1's 20) + 6; anna's end becomes 0.
  scored('unplaced uses options[0].weeks, not another option\'s', (p) => (need(p, 'anna-gyn').options[1].weeks = 20), (plan) => {
    unplace(plan, 'anna-gyn');
    unplace(plan, 'anna-psyk');
  }, 552 + 14000 - 480 - 10);
  scored('a trainee with nothing placed is never late', none, (plan) => {
    unplace(plan, 'cilla-gyn');
    unplace(plan, 'cilla-psyk');
  }, 552 - 22 - 40 + 22000);
  scored('lateness counts priority x weeks late x weights.late', (p) => {
    trainee(p, 'anna').priority = 3; // 12 x 3 x 20
    p.weights.late = 20;
  }, none, 552 - 480 + 720);
  scored('weights.late scales lateness', (p) => (p.weights.late = 7), none, 552 - 520 + 7 * (24 + 2));
  scored('lateness uses the trainee\'s latest end, not the last need listed', none, (plan) => {
    const a = asg(plan, 'anna-psyk');
    plan.assignments = [a, ...plan.assignments.filter((x) => x !== a)];
  }, 552);
  scored('weights.shift scales the distance to preferred_start', (p) => (p.weights.shift = 7), none, 552 - 32 + 7 * 32);
  scored('a start before preferred_start counts its distance too', (p) => (need(p, 'cilla-gyn').preferred_start = 40), none, 552 - 22 + 8);
  scored('option cost is added', none, (plan) => Object.assign(asg(plan, 'anna-gyn'), { option: 1, unit: 'gyn-nod' }), 554);
  scored('option cost is added (valid plan without max_away)', (p) => delete unit(p, 'vc-norr').max_away, (plan) => Object.assign(asg(plan, 'anna-gyn'), { option: 1, unit: 'gyn-nod' }), 554);
  scored('all weights 0: score is the option costs', (p) => {
    p.weights = { unplaced: 0, late: 0, shift: 0 };
    need(p, 'cilla-gyn').options[0].cost = 9;
  }, none, 9);
  scored('fte stretches the length and so the lateness', (p) => (trainee(p, 'cilla').fte = 50), none,
    // cilla-psyk full 12 at 50 %: 24 weeks [0, 24); cilla-gyn [32, 52): 12 late. Both past the
    // horizon, which only makes the plan invalid.
    552 - 40 + 20 * 12);
});

describe('property: randa check agrees with the JS reading of the spec', () => {
  const N = Number(process.env.CHECK_PROPERTY_N || 200);
  const SEED = Number(process.env.CHECK_PROPERTY_SEED || 20270104);

  // What the spec (JS) expects and what randa says, as comparable objects.
  function compare(problem, plan) {
    const fixedBad = spec.fixedViolations(problem);
    let want;
    let exp = null;
    if (fixedBad.length) want = { status: 2 };
    else {
      exp = spec.checkPlan(problem, plan);
      want = { status: exp.valid ? 0 : 1, score: exp.score };
    }
    const res = check(problem, plan);
    const got = { status: res.status };
    if (res.status === 0 || res.status === 1) {
      const m = /score (-?\d+)$/.exec(res.lines.at(-1) || '');
      got.score = m ? Number(m[1]) : null;
      const wantLast = res.status === 0 ? /^plan is valid; score -?\d+$/ : /^plan is invalid: \d+ violations?; score -?\d+$/;
      if (!wantLast.test(res.lines.at(-1) || '')) got.lastLine = res.lines.at(-1);
    }
    const agree = JSON.stringify(got) === JSON.stringify(want);
    return { agree, want, got, exp, fixedBad, res };
  }
  // The generator's invariant, kept while shrinking: a fixed need only
  // follows fixed needs (the spec leaves the other case open).
  const wellFormed = (p) =>
    p.trainees.every((t) => t.needs.every((n) => !n.fixed || (n.after || []).every((a) => t.needs.find((m) => m.id === a)?.fixed)));

  test(`${N} random small problems, two plans each`, (t) => {
    const r = prng(SEED);
    const disagreements = [];
    const ruleDiffs = [];
    const counts = { exit0: 0, exit1: 0, exit2: 0 };
    for (let i = 0; i < N; i++) {
      const problem = genProblem(r);
      const greedy = greedyPlan(problem, r);
      const plans = [greedy, mutatePlan(problem, greedy, r)];
      for (const [k, plan] of plans.entries()) {
        const c = compare(problem, plan);
        counts[`exit${c.res.status}`] = (counts[`exit${c.res.status}`] || 0) + 1;
        if (!c.agree) disagreements.push({ case: `${i}.${k}`, problem, plan, c });
        else if (c.exp && c.res.status === 1) {
          const gotRules = [...new Set(c.res.lines.slice(0, -1).map((l) => Number(/^rule (\d+):/.exec(l)?.[1])))].sort();
          const wantRules = [...new Set(c.exp.violations.map((v) => v.rule))].sort();
          if (gotRules.join() !== wantRules.join()) ruleDiffs.push({ case: `${i}.${k}`, wantRules, gotRules, js: c.exp.violations, stdout: c.res.stdout, problem, plan });
        }
      }
    }
    t.diagnostic(`exit codes: ${JSON.stringify(counts)}`);
    if (ruleDiffs.length) {
      t.diagnostic(`${ruleDiffs.length} plans where the set of broken rules differs`);
      writeFileSync(join(dir, 'rule-diffs.json'), JSON.stringify(ruleDiffs, null, 1));
      for (const d of ruleDiffs.slice(0, 3)) t.diagnostic(JSON.stringify({ case: d.case, wantRules: d.wantRules, gotRules: d.gotRules, js: d.js, stdout: d.stdout }));
    }
    const report = [];
    for (const d of disagreements.slice(0, Number(process.env.CHECK_SHRINK || 5))) {
      const kind = (c) => JSON.stringify([c.want.status, c.got.status, c.want.status === c.got.status]);
      const k0 = kind(d.c);
      const small = shrink(d.problem, d.plan, (p, l) => {
        if (!wellFormed(p)) return false;
        const c = compare(p, l);
        return !c.agree && kind(c) === k0;
      });
      const c = compare(small.problem, small.plan);
      report.push({ case: d.case, want: c.want, got: c.got, js: c.exp ? c.exp.violations : c.fixedBad, stdout: c.res.stdout, stderr: c.res.stderr, problem: small.problem, plan: small.plan });
    }
    if (disagreements.length) writeFileSync(join(dir, 'disagreements.json'), JSON.stringify(report, null, 1));
    assert.ok(counts.exit0 > N / 4 && counts.exit1 > N / 4, `the random plans mix valid and invalid: ${JSON.stringify(counts)}`);
    assert.equal(ruleDiffs.length, 0, 'the same rules are reported broken:\n' + ruleDiffs.slice(0, 3).map((d) => JSON.stringify(d)).join('\n'));
    assert.equal(
      disagreements.length,
      0,
      `${disagreements.length} disagreements; the first ones, shrunk:\n` + report.map((d) => JSON.stringify(d)).join('\n'),
    );
  });
});

test('the randa binary has a check command', () => {
  assert.ok(existsSync(RANDA), `${RANDA} exists`);
});
