#!/usr/bin/env node
// The exact time-indexed MIP of the planning format
// (../shared/spec/planning-format.md), written in CPLEX LP format and solved
// by CBC or HiGHS, for the optimiser benchmark (bench/solver.sh).
//
//     node bench/mip.mjs lp    PROBLEM [--out model.lp] [--max-nonzeros N]
//     node bench/mip.mjs cbc   PROBLEM --out plan.json [--time-limit S] [--threads N]
//     node bench/mip.mjs highs PROBLEM --out plan.json [--time-limit S]
//     node bench/mip.mjs plan  PROBLEM CBC_SOLUTION [--log CBC_LOG] > plan.json
//
// `cbc` and `highs` write the model, solve it with the time limit and write
// the best solution found as a "randa-plan/1" file whose `score` is the
// solver's objective and `lower_bound` its best bound (rounded up: every
// score is an integer). CBC reads the LP file; HiGHS (npm `highs`,
// WebAssembly, one thread, at most 4 GiB) reads the same LP text, or gets
// the same rows as arrays when the text is over 64 MB. When the solver ends
// without a solution, or fails, the output file holds
// `"format": "randa-mip-result/1"` with `"plan": false`, the reason and the
// best bound if any, and the exit status is 3. A model with more than
// --max-nonzeros (default 40 million) nonzeros is not built at all (exit 3).
//
// The model, with t a trainee, n a need, (o, u, s) an option, unit and start:
//   x[n,o,u,s] binary for every start that respects from, earliest,
//     latest_end, the horizon, the trainee's unavailable weeks and his fixed
//     bookings, and where the placement alone fits the unit's seats and the
//     home's away limit left by the fixed bookings (the rows below would
//     force every other x to 0);
//   u[n] binary: n is unplaced;                     sum x[n,..] + u[n] = 1
//   a fixed need has its one x, fixed to 1, and no u;
//   per trainee and week, over x of two or more needs spanning that week:
//                                                    sum x <= 1
//   per need n after p:  sum x[n,..] - sum x[p,..] <= 0 (n placed => p placed)
//     sum s*x[n,..] - sum (s+len)*x[p,..] - H*sum x[n,..] >= -H (n starts
//     after p ends when n is placed);
//   per unit and week:   sum occ_k*x <= 100*seats (only where it can bind);
//   per home with max_away and week: sum occ_k*x of its trainees
//                                        <= 100*max_away (likewise);
//   per trainee t and need n: late[t] >= sum (s+len-deadline)*x[n,..] over
//     the starts that end after the deadline; late[t] >= 0;
//   minimise  sum (cost + shift*|s - preferred_start|)*x
//           + unplaced*weeks(option 0)*u + late*priority*late[t],
// which is the spec's score.
import { readFileSync, writeFileSync, openSync, writeSync, closeSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patternLen, patternOcc, seatsAt } from '../tests/solver/spec.mjs';

const USAGE = `usage: node bench/mip.mjs lp PROBLEM [--out model.lp] [--max-nonzeros N]
       node bench/mip.mjs cbc PROBLEM --out plan.json [--time-limit S] [--threads N]
       node bench/mip.mjs highs PROBLEM --out plan.json [--time-limit S]
       node bench/mip.mjs plan PROBLEM CBC_SOLUTION [--log CBC_LOG] > plan.json`;

// The start variables of the model, one entry per x, in typed arrays
// (a 1,000-trainee problem has millions). need[i] indexes model.needs.
function enumerate(problem) {
  const H = problem.horizon.weeks;
  const units = new Map(problem.units.map((u, i) => [u.id, { u, i }]));
  const cap = problem.units.map((u) => Int32Array.from({ length: H }, (_, w) => 100 * seatsAt(u, w)));
  const awayCap = problem.units.map((u) => (u.max_away === undefined ? null : new Int32Array(H).fill(100 * u.max_away)));
  const needs = [];
  for (const t of problem.trainees) {
    const fte = t.fte ?? 100;
    for (const n of t.needs) needs.push({ t, n, fte, home: units.get(t.home).i });
  }
  // Capacity left by the fixed bookings, and each trainee's fixed weeks.
  const busy = new Map();
  for (const e of needs) {
    if (!e.n.fixed) continue;
    const f = e.n.fixed;
    const o = e.n.options[f.option];
    const len = patternLen(o.pattern, o.weeks, e.fte);
    const ui = units.get(f.unit).i;
    for (let k = 0; k < len && f.start + k < H; k++) {
      cap[ui][f.start + k] -= patternOcc(o.pattern, k);
      if (awayCap[e.home]) awayCap[e.home][f.start + k] -= patternOcc(o.pattern, k);
    }
    if (!busy.has(e.t)) busy.set(e.t, []);
    busy.get(e.t).push([f.start, f.start + len]);
  }
  const v = { need: [], opt: [], unit: [], start: [], len: [] };
  needs.forEach((e, ni) => {
    e.first = v.need.length;
    const { t, n } = e;
    if (n.fixed) {
      const o = n.options[n.fixed.option];
      push(v, ni, n.fixed.option, units.get(n.fixed.unit).i, n.fixed.start, patternLen(o.pattern, o.weeks, e.fte));
    } else {
      const blocked = [...(t.unavailable || []), ...(busy.get(t) || [])];
      n.options.forEach((o, oi) => {
        const len = patternLen(o.pattern, o.weeks, e.fte);
        const occ = Array.from({ length: len }, (_, k) => patternOcc(o.pattern, k));
        const lo = Math.max(t.from, n.earliest ?? 0);
        const hi = Math.min(H, n.latest_end ?? H) - len;
        for (const uid of new Set(o.units)) {
          const ui = units.get(uid).i;
          for (let s = lo; s <= hi; s++) {
            if (blocked.some(([a, b]) => s < b && a < s + len)) continue;
            if (!fits(occ, cap[ui], awayCap[e.home], s)) continue;
            push(v, ni, oi, ui, s, len);
          }
        }
      });
    }
    e.last = v.need.length;
  });
  const x = {};
  for (const k of Object.keys(v)) x[k] = Int32Array.from(v[k]);
  x.count = v.need.length;
  return { H, units, needs, x, capFull: problem.units.map((u) => Int32Array.from({ length: H }, (_, w) => 100 * seatsAt(u, w))) };
}

function push(v, ni, oi, ui, s, len) {
  v.need.push(ni);
  v.opt.push(oi);
  v.unit.push(ui);
  v.start.push(s);
  v.len.push(len);
}

function fits(occ, cap, away, s) {
  for (let k = 0; k < occ.length; k++) {
    if (occ[k] > cap[s + k]) return false;
    if (away && occ[k] > away[s + k]) return false;
  }
  return true;
}

// Lists of the x that occupy each (key, week) cell: key is a unit, a home or
// a home. Returns a CSR-like {off, ids, occ}; weeks of zero occupancy
// (the off weeks of `alternate`) are left out.
function cells(model, nKeys, keyOf) {
  const { H, x } = model;
  const size = nKeys * H;
  const off = new Int32Array(size + 1);
  const each = (fn) => {
    for (let i = 0; i < x.count; i++) {
      const key = keyOf(i);
      if (key < 0) continue;
      const o = model.needs[x.need[i]].n.options[x.opt[i]];
      for (let k = 0; k < x.len[i]; k++) {
        const occ = patternOcc(o.pattern, k);
        if (occ) fn(key * H + x.start[i] + k, i, occ);
      }
    }
  };
  each((c) => off[c + 1]++);
  for (let c = 0; c < size; c++) off[c + 1] += off[c];
  const ids = new Int32Array(off[size]);
  const occ = new Int32Array(off[size]);
  const fill = off.slice(0, size);
  each((c, i, o) => {
    ids[fill[c]] = i;
    occ[fill[c]++] = o;
  });
  return { off, ids, occ };
}

// Columns: x[i] is column i, u[n] is X + n, late[t] is X + N + t (X start
// variables, N needs). Every row is handed to a sink as (name, cols, coefs,
// sense, rhs), so the LP text and HiGHS's arrays hold the same model.
function columns(problem, model) {
  const X = model.x.count;
  const N = model.needs.length;
  const count = X + N + problem.trainees.length;
  const name = (c) => (c < X ? `x${c}` : c < X + N ? `u${c - X}` : `l${c - X - N}`);
  return { X, N, count, name, u: (ni) => X + ni, late: (ti) => X + N + ti };
}

// Hands the whole model to `sink`: objective(col, coef) for each nonzero
// cost, then row(...) for each row, then fix(col) for the fixed needs'
// starts and binary(col) for the binaries.
function emitModel(problem, model, sink) {
  const { H, x, needs } = model;
  const cols = columns(problem, model);
  const nU = problem.units.length;
  const wt = problem.weights;
  for (let i = 0; i < x.count; i++) {
    const { n } = needs[x.need[i]];
    const c = (n.options[x.opt[i]].cost ?? 0) + (n.preferred_start === undefined ? 0 : wt.shift * Math.abs(x.start[i] - n.preferred_start));
    if (c) sink.objective(i, c);
  }
  needs.forEach((e, ni) => {
    const c = wt.unplaced * e.n.options[0].weeks;
    if (!e.n.fixed && c) sink.objective(cols.u(ni), c);
  });
  const lateIdx = lateTrainees(problem, model);
  for (const [ti, t] of lateIdx) sink.objective(cols.late(ti), wt.late * t.priority);
  const row = (name, terms, sense, rhs) => {
    if (terms.length) sink.row(name, terms, sense, rhs);
  };
  // One of the starts, or unplaced; a fixed need's one start is fixed to 1.
  needs.forEach((e, ni) => {
    const terms = [];
    for (let i = e.first; i < e.last; i++) terms.push([1, i]);
    if (!e.n.fixed) terms.push([1, cols.u(ni)]);
    row(`a${ni}`, terms, '=', 1);
  });
  overlapRows(problem, model, row);
  precedenceRows(problem, model, row);
  // Seats per unit-week and away limits per home-week, where they can bind.
  const cap = cells(model, nU, (i) => x.unit[i]);
  capacityRows(cap, nU, H, (u, wk) => model.capFull[u][wk], 'c', row);
  const homes = problem.units.map((u) => u.max_away);
  const away = cells(model, nU, (i) => (homes[needs[x.need[i]].home] === undefined ? -1 : needs[x.need[i]].home));
  capacityRows(away, nU, H, (u) => 100 * (homes[u] ?? 0), 'm', row);
  // Lateness: late[t] >= (end - deadline) of the chosen start of each need.
  for (const [ti, t] of lateIdx) {
    for (const ni of t.needIdx) {
      const e = needs[ni];
      const terms = [[1, cols.late(ti)]];
      for (let i = e.first; i < e.last; i++) {
        const over = x.start[i] + x.len[i] - t.deadline;
        if (over > 0) terms.push([-over, i]);
      }
      if (terms.length > 1) row(`l${ti}_${ni}`, terms, '>=', 0);
    }
  }
  needs.forEach((e) => {
    if (e.n.fixed) sink.fix(e.first);
  });
  for (let i = 0; i < x.count; i++) sink.binary(i);
  needs.forEach((e, ni) => {
    if (!e.n.fixed) sink.binary(cols.u(ni));
  });
  return cols;
}

// Streams LP text to a file descriptor in large chunks, each line at most
// about 200 characters.
function lpWriter(fd) {
  let buf = [];
  let len = 0;
  let line = '';
  const flush = () => {
    if (buf.length) writeSync(fd, buf.join(''));
    buf = [];
    len = 0;
  };
  const out = (s) => {
    buf.push(s);
    len += s.length;
    if (len > 1 << 22) flush();
  };
  const word = (t) => {
    if (line.length + t.length > 200) {
      out(`${line}\n`);
      line = '';
    }
    line += t;
  };
  const term = (coef, name) => word(coef === 1 ? ` + ${name}` : coef === -1 ? ` - ${name}` : coef < 0 ? ` - ${-coef} ${name}` : ` + ${coef} ${name}`);
  const end = (tail) => {
    out(`${line}${tail}\n`);
    line = '';
  };
  return { out, term, word, end, flush };
}

function checkSize(model, maxNonzeros) {
  const est = estimateNonzeros(model);
  if (est <= maxNonzeros) return;
  const mio = (v) => `${(v / 1e6).toFixed(1)} million`;
  const e = new Error(`model too large: ${mio(model.x.count)} start variables, about ${mio(est)} nonzeros (limit ${mio(maxNonzeros)})`);
  e.tooLarge = true;
  throw e;
}

// Writes the model in CPLEX LP format to `path` and returns it with its
// size. Throws {tooLarge} before writing when it has more than maxNonzeros.
export function writeLp(problem, path, maxNonzeros = 40e6) {
  const model = enumerate(problem);
  checkSize(model, maxNonzeros);
  const fd = openSync(path, 'w');
  const w = lpWriter(fd);
  const stats = { variables: model.x.count, rows: 0, nonzeros: 0 };
  const cols = columns(problem, model);
  const fixed = [];
  let section = 'obj';
  w.out('\\ randa-problem/1 as a time-indexed MIP (bench/mip.mjs)\nMinimize\n obj:');
  const enter = (s, head) => {
    if (section === s) return;
    if (section === 'obj' || section === 'bin') w.end('');
    if (section === 'obj') w.out('Subject To\n');
    section = s;
    if (head) w.out(head);
  };
  let objTerms = 0;
  emitModel(problem, model, {
    objective: (c, coef) => {
      w.term(coef, cols.name(c));
      objTerms++;
    },
    row: (name, terms, sense, rhs) => {
      if (section === 'obj' && !objTerms) w.term(0, cols.name(0));
      enter('rows');
      w.out(` ${name}:`);
      for (const [coef, c] of terms) w.term(coef, cols.name(c));
      w.end(` ${sense} ${rhs}`);
      stats.rows++;
      stats.nonzeros += terms.length;
    },
    fix: (c) => fixed.push(c),
    binary: (c) => {
      if (section !== 'bin') {
        enter('bounds');
        w.out('Bounds\n');
        for (const f of fixed) w.out(` ${cols.name(f)} = 1\n`);
        enter('bin', 'Binaries\n');
      }
      w.word(` ${cols.name(c)}`);
    },
  });
  w.end('');
  w.out('End\n');
  w.flush();
  closeSync(fd);
  return { model, stats };
}

// The same model as arrays for HiGHS (rows in CSR), for models whose LP
// text is too long for its WebAssembly file system.
export function buildArrays(problem, maxNonzeros = 40e6) {
  const model = enumerate(problem);
  checkSize(model, maxNonzeros);
  const cols = columns(problem, model);
  const cost = new Float64Array(cols.count);
  const lower = new Float64Array(cols.count);
  const upper = new Float64Array(cols.count).fill(Infinity);
  const integrality = new Int32Array(cols.count);
  let idx = new Int32Array(1 << 20);
  let val = new Float64Array(1 << 20);
  const starts = [0];
  const rowLower = [];
  const rowUpper = [];
  let nz = 0;
  emitModel(problem, model, {
    objective: (c, coef) => (cost[c] = coef),
    row: (name, terms, sense, rhs) => {
      if (nz + terms.length > idx.length) {
        const n = Math.max(2 * idx.length, nz + terms.length);
        const i2 = new Int32Array(n);
        i2.set(idx);
        idx = i2;
        const v2 = new Float64Array(n);
        v2.set(val);
        val = v2;
      }
      for (const [coef, c] of terms) {
        idx[nz] = c;
        val[nz++] = coef;
      }
      starts.push(nz);
      rowLower.push(sense === '<=' ? -Infinity : rhs);
      rowUpper.push(sense === '>=' ? Infinity : rhs);
    },
    fix: (c) => (lower[c] = 1),
    binary: (c) => {
      upper[c] = 1;
      integrality[c] = 1;
    },
  });
  // Columns of needs that are fixed: u does not exist in the LP text.
  model.needs.forEach((e, ni) => {
    if (e.n.fixed) upper[cols.u(ni)] = 0;
  });
  const numRows = rowLower.length;
  const data = {
    numCols: cols.count,
    numRows,
    colCost: cost,
    colLower: lower,
    colUpper: upper,
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    integrality,
    matrix: { format: 'csr', numRows, numCols: cols.count, starts: Int32Array.from(starts), indices: idx.subarray(0, nz), values: val.subarray(0, nz) },
  };
  return { model, cols, data, stats: { variables: model.x.count, rows: numRows, nonzeros: nz } };
}

// Upper estimate of the nonzeros, counted before anything is written.
function estimateNonzeros(model) {
  let nz = 0;
  for (let i = 0; i < model.x.count; i++) nz += 3 * model.x.len[i] + 4;
  return nz;
}

// Trainees whose lateness can be positive, as [index, {deadline, priority,
// needIdx}] with the indexes of their needs in model.needs.
function lateTrainees(problem, model) {
  const out = [];
  const { x, needs } = model;
  if (!problem.weights.late) return out;
  const byT = new Map();
  needs.forEach((e, ni) => {
    if (!byT.has(e.t)) byT.set(e.t, []);
    byT.get(e.t).push(ni);
  });
  problem.trainees.forEach((t, ti) => {
    const needIdx = byT.get(t) || [];
    let late = false;
    for (const ni of needIdx) for (let i = needs[ni].first; i < needs[ni].last && !late; i++) late = x.start[i] + x.len[i] > t.deadline;
    if (late) out.push([ti, { deadline: t.deadline, priority: t.priority ?? 1, needIdx }]);
  });
  return out;
}

// No two placements of a trainee overlap: for each week covered by starts
// of two or more of the trainee's needs, at most one of them.
function overlapRows(problem, model, row) {
  const { x, needs, H } = model;
  let ti = 0;
  for (const t of problem.trainees) {
    const idx = [];
    needs.forEach((e, ni) => {
      if (e.t === t) idx.push(ni);
    });
    const cover = Array.from({ length: H }, () => []);
    for (const ni of idx)
      for (let i = needs[ni].first; i < needs[ni].last; i++) for (let k = 0; k < x.len[i]; k++) cover[x.start[i] + k].push(i);
    for (let wk = 0; wk < H; wk++) {
      const c = cover[wk];
      if (c.length < 2 || c.every((i) => x.need[i] === x.need[c[0]])) continue;
      // A week whose starts are a subset of the week before's, or a strict
      // subset of the week after's, is implied by that week's row.
      if (wk > 0 && isSubset(c, cover[wk - 1])) continue;
      if (wk + 1 < H && c.length < cover[wk + 1].length && isSubset(c, cover[wk + 1])) continue;
      row(`o${ti}_${wk}`, c.map((i) => [1, i]), '<=', 1);
    }
    ti++;
  }
}

// Whether sorted list a is a subset of sorted list b.
function isSubset(a, b) {
  if (a.length > b.length) return false;
  let j = 0;
  for (const v of a) {
    while (j < b.length && b[j] < v) j++;
    if (j === b.length || b[j] !== v) return false;
    j++;
  }
  return true;
}

// Predecessors: placed only if the predecessor is, and only after it ends.
function precedenceRows(problem, model, row) {
  const { x, needs, H } = model;
  const byId = new Map(needs.map((e, ni) => [e.n.id, ni]));
  needs.forEach((e, ni) => {
    for (const pid of e.n.after || []) {
      const pi = byId.get(pid);
      const p = needs[pi];
      const a = [];
      for (let i = e.first; i < e.last; i++) a.push([1, i]);
      for (let i = p.first; i < p.last; i++) a.push([-1, i]);
      if (e.last > e.first) row(`p${ni}_${pi}`, a, '<=', 0);
      const b = [];
      for (let i = e.first; i < e.last; i++) b.push([x.start[i] - H, i]);
      for (let i = p.first; i < p.last; i++) b.push([-(x.start[i] + x.len[i]), i]);
      if (e.last > e.first) row(`q${ni}_${pi}`, b, '>=', -H);
    }
  });
}

// Rows sum occ*x <= limit per (key, week) where the most the cell can hold
// is over the limit.
function capacityRows(c, nKeys, H, limit, prefix, row) {
  for (let key = 0; key < nKeys; key++) {
    for (let wk = 0; wk < H; wk++) {
      const cell = key * H + wk;
      const a = c.off[cell];
      const b = c.off[cell + 1];
      if (b - a < 2) continue;
      let most = 0;
      for (let j = a; j < b; j++) most += c.occ[j];
      const lim = limit(key, wk);
      if (most <= lim) continue;
      const terms = [];
      for (let j = a; j < b; j++) terms.push([c.occ[j], c.ids[j]]);
      row(`${prefix}${key}_${wk}`, terms, '<=', lim);
    }
  }
}

// A plan from value(i), the value of start variable x[i].
export function planFrom(problem, model, value, info) {
  const { x, needs } = model;
  const assignments = [];
  const unplaced = [];
  needs.forEach((e) => {
    let chosen = -1;
    for (let i = e.first; i < e.last; i++) if (value(i) > 0.5) chosen = i;
    if (chosen >= 0) {
      assignments.push({ trainee: e.t.id, need: e.n.id, option: x.opt[chosen], unit: problem.units[x.unit[chosen]].id, start: x.start[chosen] });
    } else {
      const reason = e.last > e.first ? `left unplaced by ${info.solver}` : 'no start fits the rules on its own';
      unplaced.push({ trainee: e.t.id, need: e.n.id, reason });
    }
  });
  const plan = { format: 'randa-plan/1', assignments, unplaced, score: Math.round(info.objective) };
  if (info.bound !== undefined && Number.isFinite(info.bound)) plan.lower_bound = Math.ceil(info.bound - 1e-6);
  plan.stats = info.stats;
  return plan;
}

// CBC's solution file: first line the status, then "index name value cost".
export function readCbcSolution(text) {
  const lines = text.split('\n');
  const head = lines[0] || '';
  const m = head.match(/objective value\s+(-?[\d.eE+-]+)/);
  const values = new Map();
  for (const l of lines.slice(1)) {
    const r = l.match(/^\s*(?:\*\*)?\s*\d+\s+(\S+)\s+(-?[\d.eE+-]+)/);
    if (r) values.set(r[1], Number(r[2]));
  }
  // "Stopped on time (no integer solution - continuous used)" holds the LP
  // relaxation's values: not a plan.
  const status = head.replace(/ - objective value.*/, '').trim();
  const integer = m !== null && values.size > 0 && !/infeasible|no integer solution/i.test(status);
  return { status, integer, objective: m ? Number(m[1]) : undefined, values };
}

// CBC's log: the best bound, when it stopped before proving optimality.
export function readCbcLog(text) {
  const out = {};
  const lb = text.match(/^Lower bound:\s+(-?[\d.eE+-]+)/m);
  if (lb) out.bound = Number(lb[1]);
  const res = text.match(/^Result - (.*)$/m);
  if (res) out.result = res[1].trim();
  if (out.result && out.result.startsWith('Optimal')) {
    const ov = text.match(/^Objective value:\s+(-?[\d.eE+-]+)/m);
    if (ov) out.bound = Number(ov[1]);
  }
  return out;
}

function parseArgs(argv) {
  const a = { cmd: argv[0], files: [], timeLimit: 60, threads: 2, maxNonzeros: 40e6 };
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i];
    const num = (name) => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: a positive number`);
      return n;
    };
    if (v === '--out') a.out = argv[++i];
    else if (v === '--log') a.log = argv[++i];
    else if (v === '--time-limit') a.timeLimit = num('--time-limit');
    else if (v === '--threads') a.threads = num('--threads');
    else if (v === '--max-nonzeros') a.maxNonzeros = num('--max-nonzeros');
    else if (v.startsWith('--')) throw new Error(`unknown flag ${v}`);
    else a.files.push(v);
  }
  return a;
}

const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const now = () => Number(process.hrtime.bigint() / 1000000n) / 1000;

// Writes a result without a plan: why there is none.
function noPlan(out, solver, why, stats) {
  const r = { format: 'randa-mip-result/1', solver, plan: false, reason: why, stats };
  if (Number.isFinite(stats.bound)) r.lower_bound = Math.ceil(stats.bound - 1e-6);
  if (out) writeFileSync(out, `${JSON.stringify(r, null, 1)}\n`);
  process.stderr.write(`mip: ${solver}: ${why}\n`);
  process.exit(3);
}

function runCbc(args, problem) {
  const dir = mkdtempSync(join(tmpdir(), 'randa-mip-'));
  try {
    const t0 = now();
    let built;
    try {
      built = writeLp(problem, join(dir, 'model.lp'), args.maxNonzeros);
    } catch (e) {
      if (e.tooLarge) noPlan(args.out, 'cbc', e.message, {});
      throw e;
    }
    const stats = { solver: 'cbc', model_seconds: +(now() - t0).toFixed(2), ...built.stats };
    const t1 = now();
    const run = spawnSync('cbc', [join(dir, 'model.lp'), 'timeMode', 'elapsed', 'threads', String(args.threads), 'sec', String(args.timeLimit), 'solve', 'solu', join(dir, 'sol.txt')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      // CBC does not stop in the middle of the root LP: give it twice its
      // time limit, then kill it.
      timeout: (args.timeLimit * 2 + 60) * 1000,
    });
    stats.solve_seconds = +(now() - t1).toFixed(2);
    if (args.log) writeFileSync(args.log, (run.stdout || '') + (run.stderr || ''));
    if (run.error && run.error.code === 'ETIMEDOUT') noPlan(args.out, 'cbc', `no plan in ${args.timeLimit} s (killed after ${stats.solve_seconds} s)`, stats);
    if (run.error) noPlan(args.out, 'cbc', `cbc did not run: ${run.error.message}`, stats);
    const log = readCbcLog(run.stdout || '');
    stats.result = log.result;
    stats.bound = log.bound;
    let sol;
    try {
      sol = readCbcSolution(readFileSync(join(dir, 'sol.txt'), 'utf8'));
    } catch {
      noPlan(args.out, 'cbc', `no plan in ${args.timeLimit} s (${log.result || `cbc exit ${run.status}`})`, stats);
    }
    if (!sol.integer || /No feasible solution/.test(run.stdout || ''))
      noPlan(args.out, 'cbc', `no plan in ${args.timeLimit} s`, stats);
    stats.status = sol.status;
    const plan = planFrom(problem, built.model, (i) => sol.values.get(`x${i}`) ?? 0, { solver: 'CBC', objective: sol.objective, bound: log.bound, stats });
    writeFileSync(args.out, `${JSON.stringify(plan, null, 1)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// HiGHS reads the LP text up to this size; a longer text does not fit
// through its WebAssembly file system (a 190 MB text fails with "Invalid
// array length"), so the same rows are passed as arrays instead.
const HIGHS_MAX_TEXT = 64 << 20;

async function runHighs(args, problem) {
  const dir = mkdtempSync(join(tmpdir(), 'randa-mip-'));
  const t0 = now();
  let model;
  let input;
  let stats;
  try {
    const built = writeLp(problem, join(dir, 'model.lp'), args.maxNonzeros);
    model = built.model;
    stats = { solver: 'highs', ...built.stats };
    if (statSync(join(dir, 'model.lp')).size <= HIGHS_MAX_TEXT && !process.env.MIP_HIGHS_ARRAYS) {
      input = { format: 'lp', data: readFileSync(join(dir, 'model.lp'), 'utf8') };
      stats.input = 'LP text';
    } else {
      input = buildArrays(problem, args.maxNonzeros).data;
      stats.input = process.env.MIP_HIGHS_ARRAYS ? 'arrays' : 'arrays (the LP text is too long for HiGHS in WebAssembly)';
    }
  } catch (e) {
    if (e.tooLarge) noPlan(args.out, 'highs', e.message, {});
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  stats.model_seconds = +(now() - t0).toFixed(2);
  let m;
  let t1 = now();
  try {
    const highs = await (await import('highs')).default();
    t1 = now();
    m = highs.createModel(input);
    input = undefined;
    m.options.set({ time_limit: args.timeLimit, output_flag: false, mip_rel_gap: 0 });
    m.run();
    stats.solve_seconds = +(now() - t1).toFixed(2);
    const names = Object.fromEntries(Object.entries(highs.constants.modelStatus).map(([k, v]) => [v, k]));
    stats.status = names[m.getModelStatus()] ?? String(m.getModelStatus());
    const info = (k) => {
      try {
        return Number(m.info.get(k));
      } catch {
        return undefined;
      }
    };
    stats.bound = info('mip_dual_bound');
    stats.mip_node_count = info('mip_node_count');
    if (info('primal_solution_status') !== 2) noPlan(args.out, 'highs', `no plan in ${args.timeLimit} s`, stats);
    // Columns by name: the LP reader numbers them in order of appearance.
    const col = m.getSolution().colValue;
    const x = new Float64Array(model.x.count);
    for (let c = 0; c < col.length; c++) {
      if (col[c] <= 0.5) continue;
      const name = stats.input === 'LP text' ? m.getColName(c) : `x${c}`;
      if (name[0] === 'x' && +name.slice(1) < x.length) x[+name.slice(1)] = col[c];
    }
    const plan = planFrom(problem, model, (i) => x[i], { solver: 'HiGHS', objective: m.getObjectiveValue(), bound: stats.bound, stats });
    writeFileSync(args.out, `${JSON.stringify(plan, null, 1)}\n`);
  } catch (e) {
    stats.solve_seconds = +(now() - t1).toFixed(2);
    if (process.env.MIP_DEBUG) console.error(e);
    noPlan(args.out, 'highs', `failed after ${stats.solve_seconds} s: ${e.message}`, stats);
  } finally {
    if (m) m.dispose();
  }
}

async function main() {
  let a;
  try {
    a = parseArgs(process.argv.slice(2));
    if (!['lp', 'cbc', 'highs', 'plan'].includes(a.cmd)) throw new Error(`unknown command ${a.cmd ?? ''}`);
    if (!a.files.length) throw new Error('PROBLEM: missing');
    if ((a.cmd === 'cbc' || a.cmd === 'highs') && !a.out) throw new Error('--out: missing');
    if (a.cmd === 'plan' && a.files.length < 2) throw new Error('CBC_SOLUTION: missing');
  } catch (e) {
    process.stderr.write(`mip: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const problem = readJson(a.files[0]);
  if (a.cmd === 'lp') {
    try {
      const { stats } = writeLp(problem, a.out ?? '/dev/stdout', a.maxNonzeros);
      process.stderr.write(`mip: ${stats.variables} start variables, ${stats.rows} rows, ${stats.nonzeros} nonzeros\n`);
    } catch (e) {
      if (!e.tooLarge) throw e;
      process.stderr.write(`mip: ${e.message}\n`);
      process.exit(3);
    }
  } else if (a.cmd === 'cbc') runCbc(a, problem);
  else if (a.cmd === 'highs') await runHighs(a, problem);
  else {
    const model = enumerate(problem);
    const sol = readCbcSolution(readFileSync(a.files[1], 'utf8'));
    if (!sol.integer) {
      process.stderr.write(`mip: ${a.files[1]} holds no integer solution (${sol.status})\n`);
      process.exit(3);
    }
    const log = a.log ? readCbcLog(readFileSync(a.log, 'utf8')) : {};
    const plan = planFrom(problem, model, (i) => sol.values.get(`x${i}`) ?? 0, { solver: 'CBC', objective: sol.objective, bound: log.bound, stats: { status: sol.status } });
    process.stdout.write(`${JSON.stringify(plan, null, 1)}\n`);
  }
}

main();
