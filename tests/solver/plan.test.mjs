// `randa plan` (issue 4) against ../shared/spec/planning-format.md.
//
// Every plan is checked by the independent JS checker (spec.mjs), never by
// randa's own; optimal scores come from exhaustive enumeration in JS.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as spec from './spec.mjs';
import { prng, genProblem, greedyPlan } from './gen.mjs';

const RANDA = process.env.RANDA_BIN || fileURLToPath(new URL('../../build/randa', import.meta.url));
const TINY = JSON.parse(readFileSync(fileURLToPath(new URL('./examples/tiny.json', import.meta.url)), 'utf8'));

let dir;
let seq = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'randa-plan-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

// Runs `randa plan` on problem (an object or raw text); returns the exit
// status, stderr, and the plan written (or null).
function plan(problem, ...flags) {
  const n = seq++;
  const inFile = join(dir, `p${n}.json`);
  const outFile = join(dir, `plan${n}.json`);
  writeFileSync(inFile, typeof problem === 'string' ? problem : JSON.stringify(problem));
  const r = spawnSync(RANDA, ['plan', '--in', inFile, '--out', outFile, ...flags], { encoding: 'utf8' });
  const written = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, plan: written };
}

function assertValid(problem, p, what) {
  const res = spec.checkPlan(problem, p);
  assert.deepEqual(res.structural, [], `${what}: structure`);
  assert.deepEqual(res.violations, [], `${what}: violations`);
  assert.equal(p.score, res.score, `${what}: the score written is the plan's score`);
  assert.ok(Number.isInteger(p.lower_bound) && p.lower_bound <= p.score, `${what}: lower_bound ${p.lower_bound} <= score ${p.score}`);
  for (const u of p.unplaced) assert.ok(typeof u.reason === 'string' && u.reason.length > 10, `${what}: ${u.need} has a reason`);
  return res.score;
}

// Problems the loader accepts: fixed bookings valid on their own.
function acceptable(problem) {
  return spec.fixedViolations(problem).length === 0;
}

describe('randa plan on the format example', () => {
  test('finds the optimum 552 and proves it: the lower bound is 552 too', () => {
    const r = plan(TINY);
    assert.equal(r.status, 0, r.stderr);
    assertValid(TINY, r.plan, 'tiny');
    assert.equal(r.plan.score, 552);
    assert.equal(r.plan.lower_bound, 552);
    assert.match(r.stdout, /6 placed, 0 unplaced; score 552, lower bound 552 \(gap 0\.0 %\)/);
  });

  test('the baseline (--method fcfs) gives the 12,089 the format names', () => {
    const r = plan(TINY, '--method', 'fcfs');
    assert.equal(r.status, 0, r.stderr);
    assertValid(TINY, r.plan, 'fcfs');
    assert.equal(r.plan.score, 12089);
    assert.deepEqual(r.plan.unplaced.map((u) => u.need), ['cilla-psyk']);
    assert.equal(r.plan.stats.method, 'fcfs');
  });

  test('the unplaced need of the baseline is explained with the unit and weeks', () => {
    const r = plan(TINY, '--method', 'fcfs');
    const reason = r.plan.unplaced[0].reason;
    assert.match(reason, /Psykiatri Lund/);
    assert.match(reason, /2027-W\d\d/);
  });
});

describe('randa plan on random small problems', () => {
  test('every plan is valid, its bound is proven, and it is never worse than the baseline', () => {
    const r = prng(4242);
    let ran = 0;
    for (let i = 0; ran < 60 && i < 400; i++) {
      const problem = genProblem(r);
      if (!acceptable(problem)) continue;
      ran++;
      const fcfs = plan(problem, '--method', 'fcfs');
      assert.equal(fcfs.status, 0, fcfs.stderr);
      const fcfsScore = assertValid(problem, fcfs.plan, `problem ${i} fcfs`);
      const opt = plan(problem, '--threads', String(1 + (i % 2)), '--seed', String(i));
      assert.equal(opt.status, 0, opt.stderr);
      const s = assertValid(problem, opt.plan, `problem ${i}`);
      assert.ok(s <= fcfsScore, `problem ${i}: ${s} worse than the baseline ${fcfsScore}`);
      // The bound holds for any valid plan, also ones randa did not make.
      for (let k = 0; k < 3; k++) {
        const other = greedyPlan(problem, r);
        const res = spec.checkPlan(problem, other);
        if (res.valid) assert.ok(opt.plan.lower_bound <= res.score, `problem ${i}: bound ${opt.plan.lower_bound} above a valid plan's ${res.score}`);
      }
    }
    assert.ok(ran >= 60, `only ${ran} problems were acceptable`);
  });

  test('on problems small enough to enumerate, the score is the optimum and the bound is below it', () => {
    const r = prng(777);
    let ran = 0;
    for (let i = 0; ran < 25 && i < 2000; i++) {
      const problem = genProblem(r);
      problem.horizon.weeks = Math.min(problem.horizon.weeks, 12);
      const count = problem.trainees.reduce((a, t) => a + t.needs.length, 0);
      if (count > 3 || !acceptable(problem)) continue;
      // Keep the enumeration small: few units per option.
      const best = spec.optimum(problem);
      if (!Number.isFinite(best)) continue;
      ran++;
      const opt = plan(problem);
      assert.equal(opt.status, 0, opt.stderr);
      const s = assertValid(problem, opt.plan, `problem ${i}`);
      assert.equal(s, best, `problem ${i}: score ${s}, optimum ${best}\n${JSON.stringify(problem)}`);
      assert.ok(opt.plan.lower_bound <= best);
    }
    assert.ok(ran >= 25, `only ${ran} problems could be enumerated`);
  });

  test('the same seed and thread count give the same plan', () => {
    const r = prng(99);
    let ran = 0;
    for (let i = 0; ran < 6 && i < 100; i++) {
      const problem = genProblem(r);
      if (!acceptable(problem)) continue;
      ran++;
      const runs = [1, 2].map(() => plan(problem, '--seed', '7', '--threads', '2'));
      for (const x of runs) assert.equal(x.status, 0, x.stderr);
      const strip = (p) => ({ ...p, stats: { ...p.stats, seconds: 0 } });
      assert.deepEqual(strip(runs[0].plan), strip(runs[1].plan), `problem ${i}`);
    }
  });
});

describe('randa plan on trainees with more needs than the exact programme takes', () => {
  // More than ten needs: placed need by need, and priced need by need for
  // the bound. Chains listed backwards make the order matter.
  function manyNeeds(seed) {
    const r = prng(seed);
    const trainees = [];
    for (let ti = 0; ti < 3; ti++) {
      const needs = [];
      for (let k = 0; k < 12; k++) {
        const n = { id: `t${ti}-n${k}`, options: [{ units: r.chance(0.5) ? ['a'] : ['a', 'b'], weeks: r.int(1, 4), pattern: r.pick(['full', 'half', 'alternate']) }] };
        if (r.chance(0.4)) n.preferred_start = r.int(0, 50);
        if (k < 11 && r.chance(0.3)) n.after = [`t${ti}-n${k + 1}`];
        needs.push(n);
      }
      // A booking already confirmed that waits for a need that is not:
      // that need must end before it, on its own unit so it always can.
      needs[11].options[0].units = ['c'];
      needs.push({ id: `t${ti}-fixed`, after: [`t${ti}-n11`],
        options: [{ units: ['c'], weeks: 2, pattern: 'full' }],
        fixed: { option: 0, unit: 'c', start: 60 + 4 * ti } });
      trainees.push({ id: `t${ti}`, home: 'home', from: r.int(0, 4), deadline: r.int(30, 70), needs });
    }
    return {
      format: 'randa-problem/1', horizon: { weeks: 80 },
      weights: { unplaced: 100, late: 5, shift: 1 },
      units: [{ id: 'a', seats: 1 }, { id: 'b', seats: 1, except: [[20, 30, 0]] }, { id: 'c', seats: 3 },
        { id: 'home', seats: 0, max_away: 2 }],
      trainees,
    };
  }

  test('plans are valid, no worse than the baseline, and the bound holds', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const problem = manyNeeds(seed);
      const fcfs = plan(problem, '--method', 'fcfs');
      const fcfsScore = assertValid(problem, fcfs.plan, `seed ${seed} fcfs`);
      const opt = plan(problem, '--seed', String(seed));
      assert.equal(opt.status, 0, opt.stderr);
      const s = assertValid(problem, opt.plan, `seed ${seed}`);
      assert.ok(s <= fcfsScore, `seed ${seed}: ${s} worse than the baseline ${fcfsScore}`);
      assert.ok(opt.plan.lower_bound <= fcfsScore);
      // The fixed booking stays, and the need it waits for is placed before it.
      const placed = new Set(opt.plan.assignments.map((a) => a.need));
      for (let ti = 0; ti < 3; ti++) assert.ok(placed.has(`t${ti}-fixed`) && placed.has(`t${ti}-n11`));
    }
  });
});

describe('randa plan refuses bad input and writes nothing', () => {
  test('a problem that breaks the format: exit 2, the field and the id named, no plan file', () => {
    const bad = structuredClone(TINY);
    bad.trainees[1].needs[0].options[0].units = ['gyn-lund', 'no-such-unit'];
    const r = plan(bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /trainees\[bo\]\.needs\[bo-gyn\]\.options\[0\]\.units/);
    assert.match(r.stderr, /no-such-unit/);
    assert.equal(r.plan, null);
  });

  test('text that is not JSON: exit 2 and no plan file', () => {
    const r = plan('{"format": "randa-problem/1", ');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not JSON|JSON/);
    assert.equal(r.plan, null);
  });

  test('bad flags: exit 2 with the flag named', () => {
    const r1 = spawnSync(RANDA, ['plan', '--in', 'x.json'], { encoding: 'utf8' });
    assert.equal(r1.status, 2);
    assert.match(r1.stderr, /--out/);
    const r2 = spawnSync(RANDA, ['plan', '--in', 'a', '--out', 'b', '--threads', '0'], { encoding: 'utf8' });
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /--threads/);
    const r3 = spawnSync(RANDA, ['plan', '--in', 'a', '--out', 'b', '--method', 'magic'], { encoding: 'utf8' });
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /--method/);
  });
});
