// Seeded random small planning problems and plans for property tests.
// Problems are well-formed by construction (every id known, every number in
// range, `after` only names earlier needs of the same trainee, so there is no
// cycle); fixed bookings may still clash on their own, which spec.mjs's
// fixedViolations() detects.
import { PATTERNS, patternLen, checkPlan } from './spec.mjs';

// mulberry32: a small, well-known 32-bit PRNG.
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[int(0, arr.length - 1)];
  const chance = (p) => next() < p;
  const sample = (arr, k) => {
    const c = arr.slice();
    for (let i = c.length - 1; i > 0; i--) {
      const j = int(0, i);
      [c[i], c[j]] = [c[j], c[i]];
    }
    return c.slice(0, k);
  };
  return { next, int, pick, chance, sample };
}

export function genProblem(r) {
  const H = r.int(8, 40);
  const nU = r.int(1, 3);
  const units = [];
  for (let i = 0; i < nU; i++) {
    const u = { id: `u${i}`, seats: r.pick([0, 1, 1, 1, 2, 2, 3]) };
    if (r.chance(0.3)) {
      u.except = [];
      for (let k = r.int(1, 2); k > 0; k--) {
        const a = r.int(0, H);
        u.except.push([a, a + r.int(1, 8), r.int(0, 2)]);
      }
    }
    if (r.chance(0.4)) u.max_away = r.int(0, 2);
    if (r.chance(0.2)) u.name = `Unit ${i}`;
    units.push(u);
  }
  const trainees = [];
  for (let i = r.int(1, 4), ti = 0; ti < i; ti++) {
    const t = { id: `t${ti}`, home: r.pick(units).id, from: r.int(0, 4), deadline: r.int(2, H + 4) };
    if (r.chance(0.5)) t.fte = r.chance(0.5) ? r.pick([75, 50, 60, 80, 33, 90]) : r.int(1, 100);
    else if (r.chance(0.5)) t.fte = 100;
    if (r.chance(0.6)) t.priority = r.int(1, 10);
    if (r.chance(0.3)) {
      t.unavailable = [];
      for (let k = r.int(1, 2); k > 0; k--) {
        const a = r.int(0, H);
        t.unavailable.push([a, a + r.int(1, 6)]);
      }
    }
    const fte = t.fte === undefined ? 100 : t.fte;
    t.needs = [];
    const fixedIds = new Set();
    for (let nn = r.int(1, 3), k = 0; k < nn; k++) {
      const n = { id: `${t.id}-n${k}`, options: [] };
      for (let no = r.int(1, 2); no > 0; no--) {
        const o = {
          units: r.sample(units, r.int(1, Math.min(2, nU))).map((u) => u.id),
          weeks: r.int(1, 6),
          pattern: r.pick(PATTERNS),
        };
        if (r.chance(0.3)) o.cost = r.int(0, 5);
        n.options.push(o);
      }
      if (r.chance(0.2)) n.earliest = r.int(0, 6);
      if (r.chance(0.2)) n.latest_end = r.int(3, H + 2);
      if (r.chance(0.4)) n.preferred_start = r.int(0, H - 1);
      if (k > 0 && r.chance(0.4)) n.after = r.sample(t.needs, r.int(1, Math.min(2, k))).map((m) => m.id);
      const predsFixed = (n.after || []).every((id) => fixedIds.has(id));
      if (predsFixed && r.chance(0.12)) {
        const oi = r.int(0, n.options.length - 1);
        const o = n.options[oi];
        const len = patternLen(o.pattern, o.weeks, fte);
        n.fixed = { option: oi, unit: r.pick(o.units), start: r.int(t.from, Math.max(t.from, H - len)) };
        fixedIds.add(n.id);
      }
      t.needs.push(n);
    }
    trainees.push(t);
  }
  return {
    format: 'randa-problem/1',
    horizon: r.chance(0.5) ? { start: '2027-W01', weeks: H } : { weeks: H },
    weights: { unplaced: r.pick([0, 1, 10, 100, 1000]), late: r.int(0, 30), shift: r.int(0, 5) },
    units,
    trainees,
  };
}

function planOf(problem, assignments) {
  const placed = new Set(assignments.map((a) => a.need));
  const unplaced = [];
  for (const t of problem.trainees)
    for (const n of t.needs) if (!placed.has(n.id)) unplaced.push({ trainee: t.id, need: n.id, reason: 'test' });
  return { format: 'randa-plan/1', assignments, unplaced };
}

// A randomised greedy plan that is valid by the JS checker (when the fixed
// bookings allow it): fixed needs as fixed, then each other need at a random
// start that keeps the plan valid, or unplaced.
export function greedyPlan(problem, r) {
  const H = problem.horizon.weeks;
  const assignments = [];
  const rest = [];
  for (const t of problem.trainees)
    for (const n of t.needs) {
      if (n.fixed) assignments.push({ trainee: t.id, need: n.id, option: n.fixed.option, unit: n.fixed.unit, start: n.fixed.start });
      else rest.push({ t, n });
    }
  for (const { t, n } of rest) {
    if (r.chance(0.15)) continue;
    for (let tries = 0; tries < 40; tries++) {
      const oi = r.int(0, n.options.length - 1);
      const a = { trainee: t.id, need: n.id, option: oi, unit: r.pick(n.options[oi].units), start: r.int(0, H) };
      const res = checkPlan(problem, planOf(problem, [...assignments, a]));
      if (res.valid) {
        assignments.push(a);
        break;
      }
    }
  }
  return planOf(problem, assignments);
}

// One random structurally sound change of a plan.
export function mutatePlan(problem, plan, r) {
  const H = problem.horizon.weeks;
  const needOf = new Map();
  for (const t of problem.trainees) for (const n of t.needs) needOf.set(n.id, n);
  const assignments = plan.assignments.map((a) => ({ ...a }));
  const kinds = ['shift', 'shift', 'option', 'unit', 'unplace', 'place', 'place'];
  for (let tries = 0; tries < 20; tries++) {
    const kind = r.pick(kinds);
    if (kind === 'place') {
      const placed = new Set(assignments.map((a) => a.need));
      const free = plan.unplaced.filter((u) => !placed.has(u.need));
      if (!free.length) continue;
      const u = r.pick(free);
      const n = needOf.get(u.need);
      const oi = r.int(0, n.options.length - 1);
      assignments.push({ trainee: u.trainee, need: u.need, option: oi, unit: r.pick(n.options[oi].units), start: r.int(0, H) });
      return planOf(problem, assignments);
    }
    if (!assignments.length) continue;
    const i = r.int(0, assignments.length - 1);
    const a = assignments[i];
    const n = needOf.get(a.need);
    if (kind === 'shift') {
      a.start = Math.max(0, a.start + r.pick([-3, -2, -1, 1, 2, 3]));
    } else if (kind === 'option') {
      if (n.options.length < 2) continue;
      a.option = 1 - a.option;
      a.unit = r.pick(n.options[a.option].units);
    } else if (kind === 'unit') {
      const others = n.options[a.option].units.filter((u) => u !== a.unit);
      if (!others.length) continue;
      a.unit = r.pick(others);
    } else if (kind === 'unplace') {
      assignments.splice(i, 1);
    }
    return planOf(problem, assignments);
  }
  return planOf(problem, assignments);
}

// Greedy shrinking of a (problem, plan) pair while stillFails(problem, plan)
// holds: drop trainees, needs, options, optional fields, and move
// assignments to unplaced. Returns the smallest pair found.
export function shrink(problem, plan, stillFails) {
  const clone = (x) => structuredClone(x);
  const dropNeed = (p, l, id) => {
    for (const t of p.trainees) {
      t.needs = t.needs.filter((n) => n.id !== id);
      for (const n of t.needs) if (n.after) n.after = n.after.filter((a) => a !== id);
    }
    l.assignments = l.assignments.filter((a) => a.need !== id);
    l.unplaced = l.unplaced.filter((a) => a.need !== id);
  };
  const candidates = (p, l) => {
    const out = [];
    for (const t of p.trainees)
      out.push(() => {
        const q = clone(p), m = clone(l);
        for (const n of t.needs) dropNeed(q, m, n.id);
        q.trainees = q.trainees.filter((x) => x.id !== t.id);
        return [q, m];
      });
    for (const t of p.trainees)
      for (const n of t.needs) {
        out.push(() => {
          const q = clone(p), m = clone(l);
          dropNeed(q, m, n.id);
          return [q, m];
        });
        n.options.forEach((o, j) => {
          if (n.options.length < 2) return;
          out.push(() => {
            const q = clone(p), m = clone(l);
            const qn = q.trainees.flatMap((x) => x.needs).find((x) => x.id === n.id);
            qn.options.splice(j, 1);
            if (qn.fixed) {
              if (qn.fixed.option === j) delete qn.fixed;
              else if (qn.fixed.option > j) qn.fixed.option--;
            }
            const a = m.assignments.find((x) => x.need === n.id);
            if (a && a.option === j) {
              m.assignments = m.assignments.filter((x) => x !== a);
              m.unplaced.push({ trainee: a.trainee, need: a.need, reason: 'shrunk' });
            } else if (a && a.option > j) a.option--;
            return [q, m];
          });
        });
        for (const k of ['earliest', 'latest_end', 'preferred_start', 'after', 'fixed'])
          if (n[k] !== undefined)
            out.push(() => {
              const q = clone(p);
              delete q.trainees.flatMap((x) => x.needs).find((x) => x.id === n.id)[k];
              return [q, l];
            });
        n.options.forEach((o, j) => {
          if (o.cost !== undefined)
            out.push(() => {
              const q = clone(p);
              delete q.trainees.flatMap((x) => x.needs).find((x) => x.id === n.id).options[j].cost;
              return [q, l];
            });
        });
      }
    for (const t of p.trainees)
      for (const k of ['fte', 'priority', 'unavailable'])
        if (t[k] !== undefined)
          out.push(() => {
            const q = clone(p);
            delete q.trainees.find((x) => x.id === t.id)[k];
            return [q, l];
          });
    for (const u of p.units) {
      for (const k of ['except', 'max_away', 'name'])
        if (u[k] !== undefined)
          out.push(() => {
            const q = clone(p);
            delete q.units.find((x) => x.id === u.id)[k];
            return [q, l];
          });
      const used = p.trainees.some((t) => t.home === u.id || t.needs.some((n) => n.options.some((o) => o.units.includes(u.id))));
      if (!used)
        out.push(() => {
          const q = clone(p);
          q.units = q.units.filter((x) => x.id !== u.id);
          return [q, l];
        });
    }
    for (const a of l.assignments)
      out.push(() => {
        const m = clone(l);
        m.assignments = m.assignments.filter((x) => x.need !== a.need);
        m.unplaced.push({ trainee: a.trainee, need: a.need, reason: 'shrunk' });
        return [p, m];
      });
    if (p.horizon.start !== undefined)
      out.push(() => {
        const q = clone(p);
        delete q.horizon.start;
        return [q, l];
      });
    return out;
  };
  let progress = true;
  while (progress) {
    progress = false;
    for (const c of candidates(problem, plan)) {
      const [q, m] = c();
      if (stillFails(q, m)) {
        [problem, plan] = [q, m];
        progress = true;
        break;
      }
    }
  }
  return { problem, plan };
}
