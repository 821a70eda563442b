#!/usr/bin/env node
// Seeded generator of realistic Swedish planning problems ("randa-problem/1")
// for the optimiser benchmark (bench/solver.sh).
//
//     node bench/gen.mjs SIZE [--seed N] [--stats] [--tight] [--home UNIT] > problem.json
//     node bench/gen.mjs --fixed-plan problem.json > plan.json
//
// SIZE is `tiny` (the spec's example, tests/solver/examples/tiny.json), a
// number of trainees (`50`, `250`, `1000`, ...) or `country` (about 12,000
// trainees). Every size plans 260 weeks from 2027-W01. The same SIZE and seed
// give the same file, byte for byte. `--stats` prints each specialty's demand
// against its capacity to standard error.
//
// The region is split into areas of about 250 trainees (Skåne has four). An
// area has primary-care centres (seats 0, home to 1-4 trainees of whom 1 or 2
// may be away at a time) and hospital clinics, some with a training node. Trainees
// in general practice need 3-6 rotations (gyn, psykiatri, barn, ...), the
// others 2-4. Seats are set from the demand: the bottleneck specialties
// (gyn, psykiatri, barn, ÖNH) get about as many seat-weeks before the
// trainees' deadlines as they are asked for, the others about 1.6 times as
// many, and every clinic has fewer seats in the summer. Confirmed bookings
// (`fixed`) are placed so that together they break no rule.
//
// `--tight` (issue 16) gives the bottleneck specialties 0.6 of those seats:
// their demand then fills their seat-weeks about as fully as paediatrics
// and psychiatry do in the demo region (`randa demo`).
//
// `--home UNIT` keeps only the trainees whose home is UNIT (every unit
// stays): what those trainees cost together in any plan of the whole problem
// is at least the optimum of this one, so an exact solver on it (bench/mip.mjs)
// measures how far Randa's bound and plan are from the truth for one home.
//
// `--fixed-plan` prints the plan that places only the fixed needs: valid for
// every problem this script writes, so `randa check problem plan` must exit 0.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { patternLen, patternOcc, seatsAt, fixedViolations } from '../tests/solver/spec.mjs';
import { prng as basePrng } from '../tests/solver/gen.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TINY = join(HERE, '..', 'tests', 'solver', 'examples', 'tiny.json');
const H = 260;
const COUNTRY = 12000;
const PER_AREA = 250;
// --tight: the bottleneck specialties get 0.6 of their seats (issue 16).
let TIGHT = false;

// The tests' generator (mulberry32), with two draws more.
function prng(seed) {
  const r = basePrng(seed);
  const weighted = (pairs) => {
    let x = r.next() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  };
  const shuffle = (arr) => r.sample(arr, arr.length);
  return { ...r, weighted, shuffle };
}

// Rotation specialties: short id, Swedish name, full-time weeks, bottleneck.
const SPECS = {
  gyn: { id: 'obstetrik-och-gynekologi', name: 'Kvinnokliniken', weeks: [8, 13], tight: true },
  psyk: { id: 'psykiatri', name: 'Psykiatriska kliniken', weeks: [8, 13], tight: true },
  barn: { id: 'barn-och-ungdomsmedicin', name: 'Barn- och ungdomskliniken', weeks: [8, 12], tight: true },
  onh: { id: 'oron-nas-och-halssjukdomar', name: 'ÖNH-kliniken', weeks: [4, 6], tight: true },
  med: { id: 'internmedicin', name: 'Medicinkliniken', weeks: [12, 20] },
  kir: { id: 'kirurgi', name: 'Kirurgiska kliniken', weeks: [8, 12] },
  akut: { id: 'akutsjukvard', name: 'Akutkliniken', weeks: [8, 12] },
  orto: { id: 'ortopedi', name: 'Ortopedkliniken', weeks: [4, 8] },
  ogon: { id: 'ogonsjukdomar', name: 'Ögonkliniken', weeks: [2, 4] },
  hud: { id: 'hud-och-konssjukdomar', name: 'Hudkliniken', weeks: [2, 4] },
  ger: { id: 'geriatrik', name: 'Geriatriska kliniken', weeks: [6, 10] },
  anest: { id: 'anestesi-och-intensivvard', name: 'Anestesi- och intensivvårdskliniken', weeks: [8, 12] },
  kard: { id: 'kardiologi', name: 'Hjärtkliniken', weeks: [8, 12] },
  neuro: { id: 'neurologi', name: 'Neurologiska kliniken', weeks: [6, 10] },
  rtg: { id: 'radiologi', name: 'Röntgenkliniken', weeks: [8, 12] },
};

// Home specialties, their share of the trainees (Skåne 2018: allmänmedicin
// 391 of 1,378) and the rotations each one asks for, with how likely each is.
const HOMES = [
  ['am', 40, [['gyn', 0.9], ['psyk', 0.9], ['barn', 0.8], ['med', 0.6], ['kir', 0.3], ['akut', 0.4], ['orto', 0.3], ['onh', 0.4], ['ogon', 0.3], ['hud', 0.3], ['ger', 0.3]]],
  ['psyk', 8, [['med', 0.7], ['neuro', 0.6], ['ger', 0.4], ['akut', 0.3], ['barn', 0.2]]],
  ['med', 10, [['kard', 0.7], ['akut', 0.6], ['anest', 0.4], ['ger', 0.3], ['neuro', 0.3], ['psyk', 0.2]]],
  ['akut', 6, [['anest', 0.8], ['med', 0.7], ['kir', 0.6], ['orto', 0.5], ['barn', 0.4], ['kard', 0.3]]],
  ['anest', 6, [['med', 0.6], ['kir', 0.5], ['akut', 0.5], ['kard', 0.3], ['barn', 0.2]]],
  ['kir', 6, [['anest', 0.7], ['orto', 0.5], ['akut', 0.5], ['gyn', 0.2]]],
  ['orto', 5, [['kir', 0.7], ['anest', 0.5], ['akut', 0.4], ['rtg', 0.2]]],
  ['barn', 5, [['gyn', 0.5], ['anest', 0.5], ['psyk', 0.4], ['onh', 0.3]]],
  ['gyn', 5, [['kir', 0.7], ['anest', 0.6], ['barn', 0.3], ['med', 0.2]]],
  ['rtg', 4, [['med', 0.5], ['kir', 0.5], ['orto', 0.4], ['neuro', 0.3]]],
  ['neuro', 3, [['med', 0.7], ['psyk', 0.4], ['ger', 0.4], ['rtg', 0.3]]],
  ['ger', 2, [['med', 0.7], ['psyk', 0.5], ['neuro', 0.4]]],
];

// Area names: Skåne's four allmänmedicin areas first, then the rest of Sweden.
const AREAS = [
  ['mal', 'Malmö–Trelleborg'], ['lund', 'Lund–Ystad'], ['hbg', 'Helsingborg–Ängelholm'], ['kri', 'Kristianstad–Hässleholm'],
  ['sthn', 'Stockholm norr'], ['sths', 'Stockholm syd'], ['sthv', 'Stockholm väst'], ['stho', 'Stockholm öst'],
  ['sthc', 'Stockholm city'], ['sodt', 'Södertälje'], ['norrt', 'Norrtälje'], ['gbgn', 'Göteborg nordost'],
  ['gbgs', 'Göteborg sydväst'], ['gbgh', 'Göteborg Hisingen'], ['bor', 'Borås'], ['sko', 'Skövde'],
  ['thn', 'Trollhättan–Uddevalla'], ['upp', 'Uppsala'], ['enk', 'Enköping'], ['lkp', 'Linköping'],
  ['nkp', 'Norrköping'], ['jkp', 'Jönköping'], ['vmo', 'Värnamo'], ['vxo', 'Växjö'], ['kal', 'Kalmar'],
  ['vvk', 'Västervik'], ['vby', 'Visby'], ['kkr', 'Karlskrona'], ['hal', 'Halmstad'], ['var', 'Varberg'],
  ['kst', 'Karlstad'], ['ore', 'Örebro'], ['vas', 'Västerås'], ['fal', 'Falun'], ['mora', 'Mora'],
  ['gav', 'Gävle'], ['hud', 'Hudiksvall'], ['sund', 'Sundsvall'], ['ovik', 'Örnsköldsvik'], ['ost', 'Östersund'],
  ['ume', 'Umeå'], ['skel', 'Skellefteå'], ['lul', 'Luleå'], ['sun', 'Sunderbyn'], ['gal', 'Gällivare'],
  ['esk', 'Eskilstuna'], ['nyk', 'Nyköping'], ['kat', 'Katrineholm'],
];

function parseArgs(argv) {
  const a = { size: undefined, seed: 1, stats: false, fixedPlan: undefined, tight: false, home: undefined };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--seed') a.seed = Number(argv[++i]);
    else if (v === '--stats') a.stats = true;
    else if (v === '--tight') a.tight = true;
    else if (v === '--home') {
      a.home = argv[++i];
      if (!a.home) throw new Error('--home: a unit id');
    }
    else if (v === '--fixed-plan') a.fixedPlan = argv[++i];
    else if (v === '--help' || v === '-h') a.help = true;
    else if (a.size === undefined) a.size = v;
    else throw new Error(`unexpected argument ${v}`);
  }
  if (!Number.isInteger(a.seed) || a.seed < 0) throw new Error('--seed: a non-negative integer');
  if (a.home !== undefined && (a.fixedPlan || a.size === 'tiny'))
    throw new Error('--home: only with a generated SIZE, not with tiny or --fixed-plan');
  return a;
}

const USAGE = `usage: node bench/gen.mjs SIZE [--seed N] [--stats] [--tight] [--home UNIT] > problem.json
       node bench/gen.mjs --fixed-plan problem.json > plan.json
SIZE: tiny | country (about ${COUNTRY} trainees) | a number of trainees (1..50000)`;

// Weeks away from a trainee's calendar: parental leave (about 5 %) and
// one-week courses.
function genUnavailable(r, from) {
  const out = [];
  if (r.chance(0.05)) {
    const a = r.int(from, H - 30);
    out.push([a, Math.min(H, a + r.int(26, 52))]);
  }
  for (let k = r.chance(0.25) ? r.int(1, 3) : 0; k > 0; k--) {
    const a = r.int(from, H - 2);
    if (out.some(([x, y]) => a < y && x < a + 1)) continue;
    out.push([a, a + 1]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

const lenOf = (o, fte) => patternLen(o.pattern, o.weeks, fte);

// The options of one need: full time at 1-4 clinics of the specialty in the
// area; sometimes also 3 days a week (split3) at a training node or half
// time, or alternate weeks, each at a small cost.
function genOptions(r, spec, area, weeks) {
  const clinics = area.clinics[spec];
  const some = (list) => r.shuffle(list).slice(0, r.int(1, Math.min(4, list.length))).sort();
  const opts = [{ units: some(clinics), weeks, pattern: 'full' }];
  const node = area.nodes[spec];
  if (node && r.chance(0.6)) opts.push({ units: [node], weeks, pattern: 'split3', cost: r.int(1, 3) });
  else if (r.chance(0.3)) opts.push({ units: some(clinics), weeks, pattern: 'half', cost: r.int(1, 3) });
  if (r.chance(0.15)) opts.push({ units: some(clinics), weeks, pattern: 'alternate', cost: r.int(2, 5) });
  return opts;
}

// Full-time length in calendar weeks of a need's first option.
const fullLen = (n, fte) => patternLen('full', n.weeks, fte);

// One trainee of an area: home specialty, rotations and dates. The units
// (home and options) are chosen once the area's clinics exist.
function genTrainee(r, id) {
  const [home, , pool] = r.weighted(HOMES.map((h) => [h, h[1]]));
  const fte = r.weighted([[100, 75], [80, 10], [75, 10], [50, 5]]);
  const from = r.chance(0.7) ? 0 : r.int(1, 104);
  const t = { id, home: undefined, homeSpec: home, from, deadline: 0, fte, priority: r.weighted([[1, 70], [2, 20], [3, 10]]) };
  const specs = r.shuffle(pool.filter(([, p]) => r.chance(p)).map(([s]) => s));
  const [lo, hi] = home === 'am' ? [3, 6] : [2, 4];
  for (const [s] of r.shuffle(pool)) if (specs.length < lo && !specs.includes(s)) specs.push(s);
  specs.length = Math.min(specs.length, hi);
  t.needs = specs.map((s) => {
    const [wlo, whi] = SPECS[s].weeks;
    return { id: `${id}-${s}`, spec: s, weeks: r.int(wlo, whi) };
  });
  const total = t.needs.reduce((sum, n) => sum + fullLen(n, fte), 0);
  t.deadline = Math.min(320, from + total + r.weighted([[r.int(0, 20), 15], [r.int(20, 100), 50], [r.int(100, 220), 35]]));
  t.unavailable = genUnavailable(r, from);
  // The education plan spreads the rotations evenly up to the deadline; a
  // need's preferred start is its slot there, give or take a few weeks.
  const gap = Math.max(0, Math.floor((t.deadline - from - total) / t.needs.length));
  let planned = from + r.int(0, gap);
  for (let k = 0; k < t.needs.length; k++) {
    const n = t.needs[k];
    const len = fullLen(n, fte);
    if (k > 0 && r.chance(0.25)) n.after = [t.needs[k - 1].id];
    if (r.chance(0.4)) n.preferred_start = Math.max(from, Math.min(H - len, planned + r.int(-4, 4)));
    planned += len + gap;
    if (r.chance(0.08)) n.earliest = Math.min(H - 2 * len, from + r.int(4, 52));
    if (r.chance(0.12)) n.latest_end = Math.min(H, Math.max(t.deadline, (n.earliest ?? from) + 3 * len) + r.int(0, 26));
  }
  return t;
}

// Home unit and options of a trainee, in the field order of the spec.
function placeTrainee(r, area, t) {
  if (t.homeSpec !== 'am') t.home = r.pick(area.clinics[t.homeSpec]);
  t.needs = t.needs.map((n) => {
    const out = { id: n.id };
    for (const k of ['earliest', 'latest_end', 'preferred_start', 'after']) if (n[k] !== undefined) out[k] = n[k];
    out.options = genOptions(r, n.spec, area, n.weeks);
    return out;
  });
  delete t.homeSpec;
  if (!t.unavailable.length) delete t.unavailable;
}

// Seats per week of a unit, filled in as fixed bookings are made.
function makeLoad() {
  const m = new Map();
  const get = (id) => {
    if (!m.has(id)) m.set(id, new Int32Array(H));
    return m.get(id);
  };
  return get;
}

// Tries to confirm one booking for a trainee's first need (one that waits
// for nothing) near the trainee's start, as a director would have done
// already; it must fit with every booking confirmed so far.
function tryFix(r, t, units, occ, away) {
  const cands = t.needs.filter((n) => !n.after);
  if (!cands.length) return;
  const n = r.pick(cands);
  const oi = r.int(0, n.options.length - 1);
  const o = n.options[oi];
  const unit = r.pick(o.units);
  const len = lenOf(o, t.fte);
  const first = Math.max(t.from, n.earliest ?? 0);
  const start = r.int(first, first + 40);
  if (start + len > H || (n.latest_end !== undefined && start + len > n.latest_end)) return;
  if ((t.unavailable || []).some(([a, b]) => start < b && a < start + len)) return;
  const u = units.get(unit);
  const h = units.get(t.home);
  const uo = occ(unit);
  const ha = away(t.home);
  for (let k = 0; k < len; k++) {
    const v = patternOcc(o.pattern, k);
    if (uo[start + k] + v > 100 * seatsAt(u, start + k)) return;
    if (h.max_away !== undefined && ha[start + k] + v > 100 * h.max_away) return;
  }
  for (let k = 0; k < len; k++) {
    uo[start + k] += patternOcc(o.pattern, k);
    ha[start + k] += patternOcc(o.pattern, k);
  }
  n.fixed = { option: oi, unit, start };
}

// Primary-care centres of an area, each home to 1-4 of its trainees in
// general practice. A centre lets one trainee away at a time, two when its
// trainees' rotations would not fit in about 80 % of the weeks otherwise.
function primaryCare(r, area, trainees) {
  const am = r.shuffle(trainees.filter((t) => t.homeSpec === 'am'));
  const out = [];
  for (let i = 0; i < am.length; ) {
    const group = am.slice(i, i + r.weighted([[1, 10], [2, 35], [3, 35], [4, 20]]));
    i += group.length;
    const u = { id: `${area.key}-vc-${out.length + 1}`, name: `Vårdcentralen ${area.sites[0]} ${out.length + 1}`, specialty: 'allmanmedicin', seats: 0 };
    const away = group.reduce((sum, t) => sum + t.needs.reduce((s, n) => s + fullLen(n, t.fte), 0), 0);
    const window = Math.min(...group.map((t) => H - t.from));
    u.max_away = Math.max(1, Math.ceil(away / (0.8 * window)));
    for (const t of group) t.home = u.id;
    out.push(u);
  }
  return out;
}

// Clinics of a specialty in an area with their seats, split from a total.
function makeClinics(r, area, s, seats) {
  const n = Math.max(1, Math.min(4, seats, r.int(1, 4)));
  const out = [];
  for (let k = 0; k < n; k++) {
    const share = Math.floor(seats / n) + (k < seats % n ? 1 : 0);
    const site = area.sites[k % area.sites.length];
    out.push({ id: `${area.key}-${s}-${k + 1}`, name: `${SPECS[s].name} ${site}`, specialty: SPECS[s].id, seats: Math.max(1, share) });
  }
  return out;
}

// Summer (weeks 26-31 of each year) at half the seats, rounded down; a
// third of the clinics also have one seat fewer over Christmas.
function addHolidays(r, u) {
  if (u.seats === 0) return;
  const summer = Math.floor(u.seats / 2);
  u.except = [];
  const xmas = r.chance(0.3);
  for (let y = 0; y * 52 < H; y++) {
    if (y * 52 + 26 < H) u.except.push([y * 52 + 26, Math.min(H, y * 52 + 32), summer]);
    if (xmas && y * 52 + 51 < H) u.except.push([y * 52 + 51, Math.min(H, y * 52 + 53), Math.max(0, u.seats - 1)]);
  }
}

function generate(n, seed) {
  const r = prng(seed * 7919 + n);
  const nAreas = Math.max(1, Math.round(n / PER_AREA));
  const units = [];
  const trainees = [];
  const stats = [];
  for (let i = 0; i < nAreas; i++) {
    const [key, name] = i < AREAS.length ? AREAS[i] : [`a${i + 1}`, `Område ${i + 1}`];
    const [town, second] = name.split('–');
    const area = { key, name, sites: [town, ...(second && r.chance(0.7) ? [second] : [])], clinics: {}, nodes: {} };
    const size = Math.floor(n / nAreas) + (i < n % nAreas ? 1 : 0);
    const mine = [];
    for (let k = 0; k < size; k++) mine.push(genTrainee(r, `t${String(trainees.length + mine.length + 1).padStart(5, '0')}`));
    units.push(...primaryCare(r, area, mine));
    sizeArea(r, area, mine, units, stats);
    for (const t of mine) placeTrainee(r, area, t);
    trainees.push(...mine);
  }
  // Home clinics: some keep at most a third of their own trainees away.
  const homeCount = new Map();
  for (const t of trainees) homeCount.set(t.home, (homeCount.get(t.home) || 0) + 1);
  for (const u of units)
    if (u.max_away === undefined && homeCount.get(u.id) >= 3 && r.chance(0.5)) u.max_away = Math.ceil(homeCount.get(u.id) / 3);
  const byId = new Map(units.map((u) => [u.id, u]));
  const occ = makeLoad();
  const away = makeLoad();
  for (const t of trainees) if (r.chance(0.2)) tryFix(r, t, byId, occ, away);
  const problem = {
    format: 'randa-problem/1',
    horizon: { start: '2027-W01', weeks: H },
    weights: { unplaced: 1000, late: 20, shift: 1 },
    units,
    trainees,
  };
  return { problem, stats };
}

// Clinics and training nodes of an area, with seats from the demand: the
// full-time seat-weeks its trainees ask for, against the mean weeks from a
// trainee's start to its deadline. Bottlenecks get about 1.0 of that, the
// rest 1.6. Every home specialty has at least one clinic.
function sizeArea(r, area, trainees, units, stats) {
  const demand = new Map();
  let window = 0;
  for (const t of trainees) {
    window += Math.min(H, t.deadline) - t.from;
    for (const n of t.needs) demand.set(n.spec, (demand.get(n.spec) || 0) + fullLen(n, t.fte));
  }
  window = Math.max(52, window / Math.max(1, trainees.length));
  for (const s of Object.keys(SPECS)) {
    const d = demand.get(s) || 0;
    if (!d && !trainees.some((t) => t.homeSpec === s)) continue;
    const nodeSeats = d && SPECS[s].tight && r.chance(0.5) ? r.int(1, 2) : 0;
    const ratio = SPECS[s].tight ? (TIGHT ? 0.6 : 1.0) : 1.6;
    const seats = Math.max(1, Math.round((d * ratio) / window) - nodeSeats);
    area.clinics[s] = [];
    for (const u of makeClinics(r, area, s, seats)) {
      addHolidays(r, u);
      units.push(u);
      area.clinics[s].push(u.id);
    }
    if (nodeSeats) {
      const u = { id: `${area.key}-${s}-nod`, name: `Utbildningsnod ${SPECS[s].name.toLowerCase()} ${area.sites[0]}`, specialty: SPECS[s].id, seats: nodeSeats };
      addHolidays(r, u);
      units.push(u);
      area.nodes[s] = u.id;
    }
    if (d) stats.push({ area: area.key, spec: s, demand: d, seats, node: nodeSeats, window: Math.round(window), load: +(d / ((seats + nodeSeats) * window)).toFixed(2) });
  }
}

// The plan that places the fixed needs and nothing else.
function fixedPlan(problem) {
  const assignments = [];
  const unplaced = [];
  for (const t of problem.trainees)
    for (const n of t.needs) {
      if (n.fixed) assignments.push({ trainee: t.id, need: n.id, option: n.fixed.option, unit: n.fixed.unit, start: n.fixed.start });
      else unplaced.push({ trainee: t.id, need: n.id, reason: 'only the fixed bookings are placed' });
    }
  return { format: 'randa-plan/1', assignments, unplaced };
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`gen: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) return process.stdout.write(`${USAGE}\n`);
  TIGHT = args.tight;
  if (args.fixedPlan) {
    const p = JSON.parse(readFileSync(args.fixedPlan, 'utf8'));
    return process.stdout.write(`${JSON.stringify(fixedPlan(p))}\n`);
  }
  if (args.size === 'tiny') return process.stdout.write(readFileSync(TINY, 'utf8'));
  const n = args.size === 'country' ? COUNTRY : Number(args.size);
  if (!Number.isInteger(n) || n < 1 || n > 50000) {
    process.stderr.write(`gen: SIZE: tiny, country or a number of trainees 1..50000, not ${args.size ?? "given"}\n${USAGE}\n`);
    process.exit(2);
  }
  const { problem, stats } = generate(n, args.seed);
  const bad = fixedViolations(problem);
  if (bad.length) throw new Error(`fixed bookings clash on their own: ${JSON.stringify(bad[0])}`);
  if (args.home !== undefined) {
    problem.trainees = problem.trainees.filter((t) => t.home === args.home);
    if (problem.trainees.length === 0) {
      process.stderr.write(`gen: --home: no trainee has the home ${args.home}\n`);
      process.exit(2);
    }
  }
  if (args.stats) {
    const needs = problem.trainees.reduce((s, t) => s + t.needs.length, 0);
    const fixed = problem.trainees.reduce((s, t) => s + t.needs.filter((x) => x.fixed).length, 0);
    process.stderr.write(`${problem.trainees.length} trainees, ${needs} needs (${fixed} fixed), ${problem.units.length} units\n`);
    for (const s of stats) process.stderr.write(`${s.area} ${s.spec}: demand ${s.demand} seat-weeks, ${s.seats}+${s.node} seats, window ${s.window} weeks, load ${s.load}\n`);
  }
  // One trainee or unit per line: diffable, and still small for the country.
  const lines = [
    '{"format": "randa-problem/1",',
    ` "horizon": ${JSON.stringify(problem.horizon)},`,
    ` "weights": ${JSON.stringify(problem.weights)},`,
    ' "units": [',
    problem.units.map((u) => `  ${JSON.stringify(u)}`).join(',\n'),
    ' ],',
    ' "trainees": [',
    problem.trainees.map((t) => `  ${JSON.stringify(t)}`).join(',\n'),
    ' ]}',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
