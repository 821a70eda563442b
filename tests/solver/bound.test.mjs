// The optimiser's second step (issue 16): column generation's bound, warm
// starts and measured bottlenecks, through `randa plan` on problem files.
//
// Plans are checked by the independent JS checker (spec.mjs); optimal
// scores come from exhaustive enumeration in JS. No timed assertions.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as spec from './spec.mjs';
import { prng, genProblem } from './gen.mjs';

const RANDA = process.env.RANDA_BIN || fileURLToPath(new URL('../../build/randa', import.meta.url));
const GEN = fileURLToPath(new URL('../../bench/gen.mjs', import.meta.url));

let dir;
let seq = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'randa-bound-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name, value) {
  const f = join(dir, name);
  writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}

// Runs `randa plan` on problem; returns the status, stderr and the plan.
function plan(problem, ...flags) {
  const n = seq++;
  const inFile = write(`p${n}.json`, problem);
  const outFile = join(dir, `plan${n}.json`);
  const r = spawnSync(RANDA, ['plan', '--in', inFile, '--out', outFile, ...flags], { encoding: 'utf8' });
  const written = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : null;
  return { status: r.status, stderr: r.stderr, plan: written };
}

function assertValid(problem, p, what) {
  const res = spec.checkPlan(problem, p);
  assert.deepEqual(res.structural, [], `${what}: structure`);
  assert.deepEqual(res.violations, [], `${what}: violations`);
  assert.equal(p.score, res.score, `${what}: the score written is the plan's score`);
  assert.ok(Number.isInteger(p.lower_bound) && p.lower_bound <= p.score, `${what}: lower_bound ${p.lower_bound} <= score ${p.score}`);
  return res.score;
}

const acceptable = (problem) => spec.fixedViolations(problem).length === 0;

describe('column generation (--method colgen)', () => {
  test('on problems small enough to enumerate, the plan is optimal and the bound is at most the optimum', () => {
    const r = prng(2016);
    let ran = 0;
    let tight = 0;
    for (let i = 0; ran < 25 && i < 3000; i++) {
      const problem = genProblem(r);
      problem.horizon.weeks = Math.min(problem.horizon.weeks, 12);
      const count = problem.trainees.reduce((a, t) => a + t.needs.length, 0);
      if (count > 3 || !acceptable(problem)) continue;
      const best = spec.optimum(problem);
      if (!Number.isFinite(best)) continue;
      ran++;
      const opt = plan(problem, '--method', 'colgen', '--time-limit', '2');
      assert.equal(opt.status, 0, opt.stderr);
      assert.equal(opt.plan.stats.method, 'colgen');
      const s = assertValid(problem, opt.plan, `problem ${i}`);
      assert.equal(s, best, `problem ${i}: score ${s}, optimum ${best}`);
      assert.ok(opt.plan.lower_bound <= best, `problem ${i}: bound ${opt.plan.lower_bound} above the optimum ${best}`);
      if (opt.plan.lower_bound === best) tight++;
    }
    assert.ok(ran >= 25, `only ${ran} problems could be enumerated`);
    // Most of these are proven optimal: the bound is a real bound, not 0.
    assert.ok(tight >= ran / 2, `the bound met the optimum on only ${tight} of ${ran}`);
  });

  test('on random problems the plan is valid and the bound is below every valid plan', () => {
    const r = prng(16);
    let ran = 0;
    for (let i = 0; ran < 12 && i < 200; i++) {
      const problem = genProblem(r);
      if (!acceptable(problem)) continue;
      ran++;
      const fcfs = plan(problem, '--method', 'fcfs');
      const fcfsScore = assertValid(problem, fcfs.plan, `problem ${i} fcfs`);
      const cg = plan(problem, '--method', 'colgen', '--time-limit', '1', '--threads', String(1 + (i % 2)));
      assert.equal(cg.status, 0, cg.stderr);
      const s = assertValid(problem, cg.plan, `problem ${i}`);
      assert.ok(s <= fcfsScore, `problem ${i}: ${s} worse than the baseline ${fcfsScore}`);
      const other = plan(problem, '--seed', String(i));
      const os = assertValid(problem, other.plan, `problem ${i} optimise`);
      assert.ok(cg.plan.lower_bound <= os && other.plan.lower_bound <= s, `problem ${i}: a bound above a valid plan`);
    }
  });
});

describe('warm start (--warm)', () => {
  function problems() {
    const r = prng(5150);
    const out = [];
    for (let i = 0; out.length < 10 && i < 300; i++) {
      const problem = genProblem(r);
      if (acceptable(problem) && problem.trainees.some((t) => t.needs.length > 0)) out.push(problem);
    }
    return out;
  }

  test('after a new need, the re-plan is valid and no worse than the old plan with the need unplaced', () => {
    for (const [i, problem] of problems().entries()) {
      const first = plan(problem, '--seed', '3');
      assert.equal(first.status, 0, first.stderr);
      const changed = structuredClone(problem);
      const t = changed.trainees.find((x) => x.needs.length > 0);
      const extra = structuredClone(t.needs[0]);
      extra.id = `${t.needs[0].id}-new`;
      delete extra.fixed;
      delete extra.after;
      t.needs.push(extra);
      // The old plan is valid for the changed problem once it lists the
      // new need as unplaced: the re-plan may only improve on it.
      const old = structuredClone(first.plan);
      old.unplaced.push({ trainee: t.id, need: extra.id });
      const oldRes = spec.checkPlan(changed, old);
      assert.ok(oldRes.valid, `problem ${i}: the old plan with the new need unplaced is valid`);
      const warm = write(`warm${i}.json`, first.plan);
      const again = plan(changed, '--warm', warm, '--seed', '3', '--time-limit', '1');
      assert.equal(again.status, 0, again.stderr);
      const s = assertValid(changed, again.plan, `problem ${i} re-planned`);
      assert.ok(s <= oldRes.score, `problem ${i}: re-plan ${s} worse than the old plan's ${oldRes.score}`);
    }
  });

  test('after a cancellation, the stored plan still starts the run and the re-plan is valid', () => {
    for (const [i, problem] of problems().entries()) {
      const first = plan(problem, '--seed', '4');
      const changed = structuredClone(problem);
      const t = changed.trainees.find((x) => x.needs.some((n) => !n.fixed && !changed.trainees.some((y) => y.needs.some((m) => (m.after || []).includes(n.id)))));
      if (!t) continue;
      const k = t.needs.findIndex((n) => !n.fixed && !changed.trainees.some((y) => y.needs.some((m) => (m.after || []).includes(n.id))));
      t.needs.splice(k, 1);
      const warm = write(`cancel${i}.json`, first.plan);
      const again = plan(changed, '--warm', warm, '--time-limit', '1');
      assert.equal(again.status, 0, again.stderr);
      const s = assertValid(changed, again.plan, `problem ${i} after the cancellation`);
      // The old plan without the cancelled need is valid and scores at most
      // its old score: the re-plan is at least that good.
      assert.ok(s <= first.plan.score, `problem ${i}: ${s} > ${first.plan.score}`);
    }
  });

  test('a warm plan that is not JSON: exit 2, the flag named, no plan written', () => {
    const [problem] = problems();
    const bad = write('bad-warm.json', '{"format": ');
    const r = plan(problem, '--warm', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--warm/);
    assert.equal(r.plan, null);
  });
});

describe('bottlenecks', () => {
  test('name weeks no longer than a rotation, and the first five are measured, never negative', () => {
    const gen = spawnSync('node', [GEN, '50', '--seed', '3'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(gen.status, 0, gen.stderr);
    const problem = JSON.parse(gen.stdout);
    const longest = new Map();
    for (const t of problem.trainees) {
      for (const n of t.needs) {
        for (const o of n.options) {
          const len = spec.patternLen(o.pattern, o.weeks, t.fte ?? 100);
          for (const u of o.units) longest.set(u, Math.max(longest.get(u) || 0, len));
        }
      }
    }
    const r = plan(problem, '--time-limit', '3', '--threads', '2');
    assert.equal(r.status, 0, r.stderr);
    assertValid(problem, r.plan, '50 trainees');
    // How many there are depends on how far the bound got in the time
    // (none on a slow, sanitized build): each one found must hold.
    const list = r.plan.stats.bottlenecks;
    list.forEach((b, i) => {
      assert.ok(longest.has(b.unit), `${b.unit} takes rotations`);
      assert.ok(b.to > b.from && b.to - b.from <= Math.min(26, longest.get(b.unit)), `${b.unit}: ${b.from}..${b.to}`);
      assert.ok(Number.isInteger(b.gain) && b.gain >= 1);
      if (i < 5) assert.ok(Number.isInteger(b.measured) && b.measured >= 0, `bottleneck ${i} measured`);
      else assert.equal(b.measured, undefined);
    });
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].gain >= list[i].gain, 'best first');
  });

  test('one seat too few: the unit and the weeks of one rotation are named, and the seat measured as worth it', () => {
    // Four trainees need 10 weeks each at a unit with one seat for 30
    // weeks: one of them cannot be placed, whatever the plan.
    const trainees = [0, 1, 2, 3].map((i) => ({
      id: `t${i}`, home: 'home', from: 0, deadline: 30,
      needs: [{ id: `n${i}`, options: [{ units: ['a'], weeks: 10, pattern: 'full' }] }],
    }));
    const problem = {
      format: 'randa-problem/1', horizon: { weeks: 30 },
      weights: { unplaced: 100, late: 5, shift: 1 },
      units: [{ id: 'a', seats: 1 }, { id: 'home', seats: 0 }],
      trainees,
    };
    const r = plan(problem, '--time-limit', '2');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(assertValid(problem, r.plan, 'one seat'), 1000);
    const list = r.plan.stats.bottlenecks;
    assert.ok(list.length >= 1, 'the seat is a bottleneck');
    for (const b of list) {
      assert.equal(b.unit, 'a');
      assert.equal(b.to - b.from, 10, 'as long as the rotation');
    }
    // With the seat the fourth trainee fits: 100 x 10 weeks less.
    assert.equal(list[0].measured, 1000);
  });
});

// bound2: the aggregate bound packs whole needs into a group's seats (a 0/1
// knapsack solved exactly), not fractions of them.
describe('the aggregate bound with whole needs', () => {
  const unit = (id, seats) => ({ id, name: id, specialty: 'barn', seats });
  const trainee = (id, weeks, units) => ({
    id, home: 'vc', from: 0, deadline: 12, fte: 100, priority: 1, unavailable: [],
    needs: [{ id: `${id}-n`, preferred_start: 0, options: [{ units, weeks, pattern: 'full' }] }],
  });
  const packing = (weeks, seats = 1) => ({
    format: 'randa-problem/1',
    horizon: { start: '2027-W01', weeks: 12 },
    weights: { unplaced: 1000, late: 20, shift: 1 },
    units: [unit('barn', seats), { id: 'vc', name: 'vc', specialty: 'allmanmedicin', seats: 0 }],
    trainees: weeks.map((w, i) => trainee(`t${i}`, w, ['barn'])),
  });

  test('two 8-week needs in one seat for 12 weeks: one is unplaced, and the bound proves it', () => {
    const problem = packing([8, 8]);
    const best = spec.optimum(problem);
    assert.equal(best, 8000);
    const r = plan(problem, '--time-limit', '2');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(assertValid(problem, r.plan, 'packing'), best);
    // Half of a need fits in the seat-weeks left: the fractional bound was 4,004.
    assert.equal(r.plan.lower_bound, best);
  });

  test('on packings small enough to enumerate the bound is at most the optimum', () => {
    const r = prng(2612);
    for (let i = 0; i < 12; i++) {
      const weeks = Array.from({ length: r.int(2, 3) }, () => r.int(3, 9));
      const problem = packing(weeks, i % 2 ? r.int(1, 2) : 1);
      const best = spec.optimum(problem);
      for (const method of ['optimise', 'colgen']) {
        const p = plan(problem, '--method', method, '--time-limit', '1');
        assert.equal(p.status, 0, p.stderr);
        assertValid(problem, p.plan, `packing ${i} ${weeks} ${method}`);
        assert.ok(p.plan.lower_bound <= best, `packing ${i} (${weeks}) ${method}: bound ${p.plan.lower_bound} above the optimum ${best}`);
      }
    }
  });
});

describe('one home alone (bench/gen.mjs --home)', () => {
  const gen = (...args) => spawnSync('node', [GEN, '50', '--seed', '1', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

  test('keeps exactly the trainees of the home and every unit; an unknown home is refused', () => {
    const full = gen();
    const sub = gen('--home', 'mal-vc-1');
    assert.equal(full.status, 0, full.stderr);
    assert.equal(sub.status, 0, sub.stderr);
    const whole = JSON.parse(full.stdout);
    const alone = JSON.parse(sub.stdout);
    const mates = whole.trainees.filter((t) => t.home === 'mal-vc-1');
    assert.ok(mates.length >= 2, 'the home has trainees to share its limit');
    assert.deepEqual(alone.trainees, mates);
    assert.deepEqual(alone.units, whole.units);
    assert.deepEqual(alone.weights, whole.weights);
    const r = plan(alone, '--time-limit', '2', '--threads', '2');
    assert.equal(r.status, 0, r.stderr);
    assertValid(alone, r.plan, 'mal-vc-1 alone');

    const bad = gen('--home', 'no-such-unit');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--home: no trainee has the home no-such-unit/);
    assert.equal(bad.stdout, '');
    const tiny = spawnSync('node', [GEN, 'tiny', '--home', 'vc-norr'], { encoding: 'utf8' });
    assert.equal(tiny.status, 2, 'tiny is a fixed file: --home would be ignored');
    assert.match(tiny.stderr, /--home: only with a generated SIZE/);
  });
});

// The joint bound of a home with max_away 1 (src/solver/home.c) plans the
// home's trainees together; its relaxation (half-time, alternate and one-week
// placements take half the place away) must allow every valid plan.
describe('a home that lets one trainee away at a time', () => {
  // Two or three trainees of home h (max_away 1), at most three needs in all
  // (small enough to enumerate), every pattern, fixed bookings and leave.
  function homeProblem(r) {
    for (;;) {
      const problem = genProblem(r);
      problem.horizon.weeks = Math.min(problem.horizon.weeks, r.int(10, 16));
      problem.units.push({ id: 'h', seats: 0, max_away: 1 });
      problem.trainees = problem.trainees.slice(0, 3).map((t) => ({ ...t, home: 'h' }));
      const count = problem.trainees.reduce((a, t) => a + t.needs.length, 0);
      if (problem.trainees.length >= 2 && count <= 3 && acceptable(problem)) return problem;
    }
  }

  // Needs of 3 and 5 weeks, each due when it could first end, at a clinic
  // closed in weeks 7 and 8: one after the other, the second is late. Priced
  // week by week, each trainee's schedule alone, the bound stays at 113; the
  // home's trainees planned together prove the optimum.
  test('two trainees who cannot both be away: the bound proves the optimum', () => {
    const need = (t, weeks) => ({
      id: t, home: 'h', from: 0, deadline: weeks,
      needs: [{ id: `${t}-n`, options: [{ units: ['u'], weeks, pattern: 'full' }] }],
    });
    const problem = {
      format: 'randa-problem/1',
      horizon: { weeks: 20 },
      weights: { unplaced: 1000, late: 20, shift: 1 },
      units: [{ id: 'u', seats: 3, except: [[7, 9, 0]] }, { id: 'h', seats: 0, max_away: 1 }],
      trainees: [need('t0', 3), need('t1', 5)],
    };
    const best = spec.optimum(problem);
    assert.equal(best, 180);
    const p = plan(problem, '--time-limit', '1');
    assert.equal(p.status, 0, p.stderr);
    assert.equal(assertValid(problem, p.plan, 'home'), best);
    assert.equal(p.plan.lower_bound, best);
  });

  test('on homes small enough to enumerate the bound is at most the optimum', () => {
    const r = prng(1611);
    for (let i = 0; i < 40; i++) {
      const problem = homeProblem(r);
      const best = spec.optimum(problem);
      const p = plan(problem, '--time-limit', '1');
      assert.equal(p.status, 0, p.stderr);
      assertValid(problem, p.plan, `home ${i}`);
      assert.ok(p.plan.lower_bound <= best, `home ${i}: bound ${p.plan.lower_bound} above the optimum ${best}: ${JSON.stringify(problem)}`);
    }
  });
});
