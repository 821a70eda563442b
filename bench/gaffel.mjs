#!/usr/bin/env node
// Seeded generator of the gaffel case of docs/wip-gaffel.md and
// docs/benchmarks.md ("randa-problem/1" with the additions of
// docs/planning-format-groups.md).
//
//     node bench/gaffel.mjs [--groups] [--budget WEIGHT] [--seed N] > problem.json
//
// 200 trainees at 5 primary-care homes, each with 2 needs of 12 weeks at
// one of 10 clinics of 2 seats, horizon 130 weeks. `--groups` gives every
// clinic 3 gaffel groups (weeks 10-29, 50-69, 90-109; size 3, needed 2) and
// every need an 8-week group option. `--budget W` gives every home a budget
// of half what its trainees would spend on seats (spend 40 a seat placement,
// 30 in a group), with weight W (0: a hard limit). The same flags give the
// same file, byte for byte.
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
let seed = value('--seed', 1) >>> 0 || 1;
const rnd = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const groups = flag('--groups');
const budget = args.includes('--budget') ? value('--budget', 0) : null;
const clinics = Array.from({ length: 10 }, (_, i) => ({
  id: `k${i}`,
  seats: 2,
  ...(groups ? { groups: [10, 50, 90].map((from, g) => ({ id: `k${i}-g${g}`, from, to: from + 20, size: 3, needed: 2 })) } : {}),
}));
const homes = Array.from({ length: 5 }, (_, i) => ({ id: `vc${i}`, seats: 0 }));
const trainees = [];
for (let t = 0; t < 200; t++) {
  const from = rnd(40);
  const needs = [0, 1].map((k) => {
    const unit = `k${rnd(10)}`;
    const options = [{ units: [unit], weeks: 12, pattern: 'full', ...(budget !== null ? { spend: 40 } : {}) }];
    if (groups) options.push({ units: [unit], weeks: 8, pattern: 'full', group: true, ...(budget !== null ? { spend: 30 } : {}) });
    return { id: `t${t}-n${k}`, options };
  });
  trainees.push({ id: `t${t}`, home: `vc${t % 5}`, from, deadline: from + 52, needs });
}
if (budget !== null)
  for (const h of homes) {
    const n = trainees.filter((t) => t.home === h.id).length * 2;
    h.budget = { amount: (40 * n) / 2, ...(budget > 0 ? { weight: budget } : {}) };
  }
process.stdout.write(
  JSON.stringify({
    format: 'randa-problem/1',
    horizon: { weeks: 130 },
    weights: { unplaced: 1000, late: 20, shift: 1 },
    units: [...clinics, ...homes],
    trainees,
  }) + '\n',
);
