// An independent implementation of ../shared/spec/planning-format.md in
// JavaScript: pattern lengths and occupancy, the six validity rules of a
// plan, its score, and the "fixed bookings that on their own break a rule"
// check of the Errors section. Written from the spec page only, so that the
// tests can cross-check `randa check` against it. Also the repository's own
// additions of docs/planning-format-groups.md: gaffel groups (rule 7) and
// home-unit budgets (rule 8 and the budget term of the score), with groups of
// 2..6 and fixed bookings in a group (`fixed.group`, format addition 1.2).
//
// The problems given here are assumed to be well-formed (every id known,
// every number in range); only the plan may be wrong.

const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];
export { PATTERNS };

const ceilDiv = (a, b) => Math.floor((a + b - 1) / b);

// Calendar weeks spanned by a placement of W full-time weeks at f percent.
export function patternLen(pattern, W, f) {
  switch (pattern) {
    case 'full':
      return ceilDiv(W * 100, f);
    case 'split4':
      return ceilDiv(W * 10000, 80 * f);
    case 'split3':
      return ceilDiv(W * 10000, 60 * f);
    case 'half':
      return ceilDiv(W * 10000, 50 * f);
    case 'alternate':
      return 2 * ceilDiv(W * 100, f) - 1;
    default:
      throw new Error(`unknown pattern ${pattern}`);
  }
}

// Occupancy (hundredths of a seat) in placement week k (0-based).
export function patternOcc(pattern, k) {
  switch (pattern) {
    case 'full':
      return 100;
    case 'split4':
      return 80;
    case 'split3':
      return 60;
    case 'half':
      return 50;
    case 'alternate':
      return k % 2 === 0 ? 100 : 0;
    default:
      throw new Error(`unknown pattern ${pattern}`);
  }
}

export function seatsAt(unit, week) {
  let s = unit.seats;
  for (const [a, b, v] of unit.except || []) if (week >= a && week < b) s = v;
  return s;
}

// Index of the problem: trainees and needs by id.
export function indexProblem(problem) {
  const units = new Map(problem.units.map((u) => [u.id, u]));
  const trainees = new Map();
  const needs = new Map(); // need id -> { need, trainee }
  for (const t of problem.trainees) {
    trainees.set(t.id, t);
    for (const n of t.needs) needs.set(n.id, { need: n, trainee: t });
  }
  return { units, trainees, needs };
}

const fteOf = (t) => (t.fte === undefined ? 100 : t.fte);
const prioOf = (t) => (t.priority === undefined ? 1 : t.priority);

// Resolve a list of assignments {trainee, need, option, unit, start} into
// placements with their length. Assignments must be structurally sound.
function placementsOf(idx, assignments) {
  return assignments.map((a) => {
    const { need, trainee } = idx.needs.get(a.need);
    const opt = need.options[a.option];
    const len = patternLen(opt.pattern, opt.weeks, fteOf(trainee));
    return { a, need, trainee, opt, len, start: a.start, end: a.start + len };
  });
}

// The violations of rules 2..6 among the given placements (rule 1 and the
// plan's structure are checked by the callers). Each violation is
// {rule, need, other?, unit?, week?}.
function ruleViolations(problem, idx, pls) {
  const out = [];
  const H = problem.horizon.weeks;
  const byNeed = new Map(pls.map((p) => [p.need.id, p]));
  // rule 2
  for (const p of pls) {
    const n = p.need;
    if (p.start < p.trainee.from) out.push({ rule: 2, need: n.id, what: 'from' });
    if (n.earliest !== undefined && p.start < n.earliest) out.push({ rule: 2, need: n.id, what: 'earliest' });
    if (p.end > H) out.push({ rule: 2, need: n.id, what: 'horizon' });
    if (n.latest_end !== undefined && p.end > n.latest_end) out.push({ rule: 2, need: n.id, what: 'latest_end' });
  }
  // rule 3
  for (let i = 0; i < pls.length; i++) {
    const p = pls[i];
    for (let j = i + 1; j < pls.length; j++) {
      const q = pls[j];
      if (q.trainee !== p.trainee) continue;
      if (p.start < q.end && q.start < p.end) out.push({ rule: 3, need: p.need.id, other: q.need.id });
    }
    for (const [a, b] of p.trainee.unavailable || []) {
      if (p.start < b && a < p.end) out.push({ rule: 3, need: p.need.id, what: 'unavailable', range: [a, b] });
    }
  }
  // rule 4
  for (const p of pls) {
    for (const pred of p.need.after || []) {
      const q = byNeed.get(pred);
      if (!q) out.push({ rule: 4, need: p.need.id, other: pred, what: 'unplaced' });
      else if (q.end > p.start) out.push({ rule: 4, need: p.need.id, other: pred, what: 'order' });
    }
  }
  // rules 5 and 6: occupancy per unit-week and away per home-week
  const occ = new Map(); // unit -> Map(week -> {sum, needs})
  const away = new Map();
  const add = (m, u, w, v, need) => {
    if (!m.has(u)) m.set(u, new Map());
    const mw = m.get(u);
    if (!mw.has(w)) mw.set(w, { sum: 0, needs: [] });
    const cell = mw.get(w);
    cell.sum += v;
    if (v > 0) cell.needs.push(need);
  };
  // Weeks are 0 .. horizon.weeks-1 ("Time"): a placement's weeks past the
  // horizon already break rule 2 and are not counted again by rules 5 and 6.
  for (const p of pls) {
    for (let k = 0; k < p.len && p.start + k < H; k++) {
      if (p.start + k < 0) continue;
      const v = patternOcc(p.opt.pattern, k);
      // docs/planning-format-groups.md: a group's members take no seat.
      if (p.a.group === undefined) add(occ, p.a.unit, p.start + k, v, p.need.id);
      add(away, p.trainee.home, p.start + k, v, p.need.id);
    }
  }
  for (const [u, mw] of occ) {
    const unit = idx.units.get(u);
    for (const [w, cell] of mw) {
      if (cell.sum > 100 * seatsAt(unit, w)) out.push({ rule: 5, unit: u, week: w, needs: cell.needs, occ: cell.sum });
    }
  }
  for (const [u, mw] of away) {
    const unit = idx.units.get(u);
    if (unit.max_away === undefined) continue;
    for (const [w, cell] of mw) {
      if (cell.sum > 100 * unit.max_away) out.push({ rule: 6, unit: u, week: w, needs: cell.needs, occ: cell.sum });
    }
  }
  out.push(...groupViolations(problem, pls), ...budgetViolations(problem, pls));
  return out;
}

// ---- docs/planning-format-groups.md: gaffel groups and budgets ----------

// Every group of the problem by id: {group, unit}.
function groupsOf(problem) {
  const m = new Map();
  for (const u of problem.units) for (const g of u.groups || []) m.set(g.id, { group: g, unit: u.id });
  return m;
}

// Rule 7: a group option's placement names a group of its unit (and only a
// group option's does), lies within the group's weeks; a group's members
// share start, end and pattern, are at most size and at least needed.
function groupViolations(problem, pls) {
  const out = [];
  const groups = groupsOf(problem);
  const members = new Map();
  for (const p of pls) {
    const g = p.a.group;
    if (!!p.opt.group !== (g !== undefined)) {
      out.push({ rule: 7, need: p.need.id, what: 'group_wrong' });
      continue;
    }
    if (g === undefined) continue;
    const e = groups.get(g);
    if (e.unit !== p.a.unit) {
      out.push({ rule: 7, need: p.need.id, what: 'group_wrong' });
      continue;
    }
    if (p.start < e.group.from || p.end > e.group.to) out.push({ rule: 7, need: p.need.id, what: 'group_outside' });
    if (!members.has(g)) members.set(g, []);
    const first = members.get(g)[0];
    if (first && (first.start !== p.start || first.end !== p.end || first.opt.pattern !== p.opt.pattern))
      out.push({ rule: 7, need: p.need.id, other: first.need.id, what: 'group_split' });
    members.get(g).push(p);
  }
  for (const [g, ms] of members) {
    const { group } = groups.get(g);
    const needed = group.needed ?? 2;
    // A group whose members are all fixed in it is a live group waiting for
    // members: not short.
    const waiting = ms.every((p) => p.need.fixed && p.need.fixed.group === g);
    if (ms.length > group.size) out.push({ rule: 7, group: g, what: 'group_full' });
    else if (ms.length < needed && !waiting) out.push({ rule: 7, group: g, what: 'group_short' });
  }
  return out;
}

// What each home unit's trainees spend on the placements.
function spendOf(problem, pls) {
  const spend = new Map(problem.units.map((u) => [u.id, 0]));
  for (const p of pls) spend.set(p.trainee.home, spend.get(p.trainee.home) + (p.opt.spend || 0));
  return spend;
}

// Rule 8: a budget without a weight is a hard limit.
function budgetViolations(problem, pls) {
  const spend = spendOf(problem, pls);
  return problem.units
    .filter((u) => u.budget && u.budget.weight === undefined && spend.get(u.id) > u.budget.amount)
    .map((u) => ({ rule: 8, unit: u.id, spend: spend.get(u.id) }));
}

// The budget term of the score: weight x overspend of weighted budgets.
function budgetTerm(problem, pls) {
  const spend = spendOf(problem, pls);
  let over = 0;
  for (const u of problem.units)
    if (u.budget && u.budget.weight !== undefined) over += u.budget.weight * Math.max(0, spend.get(u.id) - u.budget.amount);
  return over;
}

// Structural problems of a plan (rule 0). Returns a list of messages.
export function structuralErrors(problem, plan) {
  const idx = indexProblem(problem);
  const errs = [];
  const seen = new Map();
  const mark = (id) => seen.set(id, (seen.get(id) || 0) + 1);
  for (const a of plan.assignments || []) {
    mark(a.need);
    const e = idx.needs.get(a.need);
    if (!e) {
      errs.push(`unknown need ${a.need}`);
      continue;
    }
    if (!idx.trainees.has(a.trainee)) errs.push(`need ${a.need}: unknown trainee ${a.trainee}`);
    else if (e.trainee.id !== a.trainee) errs.push(`need ${a.need} of wrong trainee`);
    if (!Number.isInteger(a.option) || a.option < 0 || a.option >= e.need.options.length) {
      errs.push(`need ${a.need} option out of range`);
      continue;
    }
    if (!idx.units.has(a.unit)) errs.push(`need ${a.need}: unknown unit ${a.unit}`);
    else if (!e.need.options[a.option].units.includes(a.unit)) errs.push(`need ${a.need}: unit ${a.unit} not in option ${a.option}`);
    if (a.group !== undefined && !groupsOf(problem).has(a.group)) errs.push(`need ${a.need}: no such group ${a.group}`);
  }
  for (const u of plan.unplaced || []) {
    mark(u.need);
    if (!idx.needs.has(u.need)) errs.push(`unknown need ${u.need}`);
  }
  for (const id of idx.needs.keys()) {
    const c = seen.get(id) || 0;
    if (c === 0) errs.push(`need ${id} missing`);
    if (c > 1) errs.push(`need ${id} listed ${c} times`);
  }
  return errs;
}

// Score of a structurally sound plan.
export function score(problem, plan) {
  const idx = indexProblem(problem);
  const w = problem.weights;
  const pls = placementsOf(idx, plan.assignments);
  const assigned = new Set(pls.map((p) => p.need.id));
  let unplacedWeeks = 0;
  for (const [id, { need }] of idx.needs) if (!assigned.has(id)) unplacedWeeks += need.options[0].weeks;
  let late = 0;
  for (const t of problem.trainees) {
    let end = 0;
    for (const p of pls) if (p.trainee === t && p.end > end) end = p.end;
    late += prioOf(t) * Math.max(0, end - t.deadline);
  }
  let shift = 0;
  let cost = 0;
  for (const p of pls) {
    if (p.need.preferred_start !== undefined) shift += Math.abs(p.start - p.need.preferred_start);
    cost += p.opt.cost || 0;
  }
  return w.unplaced * unplacedWeeks + w.late * late + w.shift * shift + cost + budgetTerm(problem, pls);
}

// Full check of a plan against a well-formed problem:
// { structural: [...], violations: [...], valid, score }.
export function checkPlan(problem, plan) {
  const structural = structuralErrors(problem, plan);
  if (structural.length) return { structural, violations: [], valid: false, score: null };
  const idx = indexProblem(problem);
  const pls = placementsOf(idx, plan.assignments);
  const violations = [];
  // rule 1
  const byNeed = new Map(plan.assignments.map((a) => [a.need, a]));
  for (const [id, { need }] of idx.needs) {
    if (!need.fixed) continue;
    const a = byNeed.get(id);
    const f = need.fixed;
    if (!a || a.option !== f.option || a.unit !== f.unit || a.start !== f.start || a.group !== f.group)
      violations.push({ rule: 1, need: id });
  }
  violations.push(...ruleViolations(problem, idx, pls));
  return { structural, violations, valid: violations.length === 0, score: score(problem, plan) };
}

// The fixed bookings on their own: the violations of rules 2..6 when only the
// fixed needs are placed. Rule 4 is only checked between two fixed needs (the
// spec's own example has a fixed need after a need that is not fixed).
export function fixedViolations(problem) {
  const idx = indexProblem(problem);
  const assignments = [];
  for (const t of problem.trainees)
    for (const n of t.needs)
      if (n.fixed) {
        const { option, unit, start, group } = n.fixed;
        assignments.push({ trainee: t.id, need: n.id, option, unit, start, ...(group === undefined ? {} : { group }) });
      }
  const fixedIds = new Set(assignments.map((a) => a.need));
  const pls = placementsOf(idx, assignments);
  return ruleViolations(problem, idx, pls).filter((v) => v.rule !== 4 || fixedIds.has(v.other));
}

// The least score over every plan of a problem, by enumeration: the
// answer the optimiser and its bound are checked against on problems
// small enough to enumerate (a few needs, a short horizon).
export function optimum(problem) {
  const H = problem.horizon.weeks;
  const needs = [];
  for (const t of problem.trainees) for (const n of t.needs) needs.push({ t, n });
  const choices = needs.map(({ t, n }) => {
    const fte = t.fte ?? 100;
    if (n.fixed) {
      const { option, unit, start, group } = n.fixed;
      return [{ option, unit, start, ...(group === undefined ? {} : { group }) }];
    }
    const c = [null];
    n.options.forEach((o, oi) => {
      const len = patternLen(o.pattern, o.weeks, fte);
      if (o.group) {
        for (const unit of o.units)
          for (const g of problem.units.find((u) => u.id === unit).groups || [])
            for (let s = g.from; s + len <= Math.min(H, g.to); s++) c.push({ option: oi, unit, start: s, group: g.id });
        return;
      }
      for (const unit of o.units) for (let s = 0; s + len <= H; s++) c.push({ option: oi, unit, start: s });
    });
    return c;
  });
  let best = Infinity;
  const pick = new Array(needs.length);
  const walk = (i) => {
    if (i === needs.length) {
      const assignments = [];
      const unplaced = [];
      needs.forEach(({ t, n }, k) => {
        if (pick[k]) assignments.push({ trainee: t.id, need: n.id, ...pick[k] });
        else unplaced.push({ trainee: t.id, need: n.id });
      });
      const res = checkPlan(problem, { format: 'randa-plan/1', assignments, unplaced });
      if (res.valid && res.score < best) best = res.score;
      return;
    }
    for (const c of choices[i]) {
      pick[i] = c;
      walk(i + 1);
    }
  };
  walk(0);
  return best;
}
