// The client of bench/reoffer.sh: logs in, cancels confirmed bookings one
// at a time (the soonest of each unit, a few weeks ahead), and times the
// ranking of each freed place's candidates, computed and kept.
//
//     node bench/reoffer.mjs BASE USER PASSWORD PLACES [SERVER_PID]
import { readFileSync, readdirSync } from 'node:fs';

const [base, user, password, placesArg, pid] = process.argv.slice(2);
const places = Number(placesArg || 20);

const login = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: user, password }),
});
const session = await login.json();
const cookie = login.headers.get('set-cookie').split(';')[0];
const headers = { cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' };

// Nanoseconds the server's threads have spent on a CPU (Linux schedstat).
function serverCpu() {
  if (!pid) return 0;
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return ns;
}

async function call(method, path, body) {
  const c0 = serverCpu();
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body && JSON.stringify(body) });
  const json = await res.json();
  const ms = performance.now() - t0;
  const cpu = (serverCpu() - c0) / 1e6;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return { json, ms, cpu };
}

// This week plus six, as an ISO week.
function weekAhead(n) {
  const d = new Date(Date.now() + n * 7 * 86400000);
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - day) * 86400000);
  const y = thursday.getUTCFullYear();
  const w = 1 + Math.floor((thursday - Date.UTC(y, 0, 1)) / 86400000 / 7);
  return `${y}-W${String(w).padStart(2, '0')}`;
}

const { json: list } = await call('GET', `/bookings?status=confirmed&from=${weekAhead(6)}&sort=start&limit=500`);
const seen = new Set();
const chosen = [];
for (const b of list.items) {
  if (seen.has(b.unit.id)) continue;
  seen.add(b.unit.id);
  chosen.push(b);
  if (chosen.length === places) break;
}

const cold = [];
const warm = [];
const cpu = [];
for (const b of chosen) {
  await call('POST', `/bookings/${b.id}/cancel`, { reason: 'sick_leave' });
  const { json: freed } = await call('GET', `/freed?unit=${b.unit.id}&open=true&limit=1`);
  const f = freed.items[0];
  const first = await call('GET', `/freed/${f.id}/candidates?limit=50`);
  const again = await call('GET', `/freed/${f.id}/candidates?limit=50`);
  cold.push(first.ms);
  warm.push(again.ms);
  cpu.push(first.cpu);
  console.log(`${b.unit.name.padEnd(44).slice(0, 44)} ${f.from_week}..${f.to_week}` +
    `  ranked ${String(first.json.ranked).padStart(3)} of ${String(first.json.considered).padStart(3)}` +
    `  computed ${first.ms.toFixed(1).padStart(6)} ms (CPU ${first.cpu.toFixed(1).padStart(5)} ms)` +
    `  kept ${again.ms.toFixed(1).padStart(5)} ms`);
}

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
for (const [name, xs] of [['computed', cold], ['computed, server CPU', cpu], ['kept', warm]])
  console.log(`== ${name}: ${xs.length} places, median ${q(xs, 0.5).toFixed(1)} ms, ` +
    `p90 ${q(xs, 0.9).toFixed(1)} ms, longest ${Math.max(...xs).toFixed(1)} ms`);
