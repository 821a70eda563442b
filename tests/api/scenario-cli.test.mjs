// `randa scenario` (issue 18) on a demo database, SQLite or PostgreSQL
// (RANDA_TEST_PG): create from a JSON file, list, run (both summaries
// printed), compare, delete; a bad change is refused naming
// changes[i].field with nothing written; and no live booking moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RANDA, serveForTests, get } from './harness.mjs';

const srv = serveForTests();

function randa(...args) {
  const r = spawnSync(RANDA, ['scenario', '--db', srv.db, ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const LIVE = 'SELECT id, status, unit_id, start_week, end_week FROM booking ORDER BY id';
const LIVE_NEEDS = 'SELECT id, status, weeks FROM rotation_need ORDER BY id';

test('randa scenario: create, list, run, compare and delete, live bookings untouched', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'randa-scn-'));
  try {
    const [unit] = srv.sql('SELECT id FROM unit WHERE takes_trainees = 1 ORDER BY id LIMIT 1');
    const [sp] = srv.sql(`SELECT id FROM specialty WHERE code = 'psykiatri'`);
    const bookings = srv.sql(LIVE);
    const needs = srv.sql(LIVE_NEEDS);
    const scenarios = srv.count('SELECT count(*) FROM scenario');

    // A bad change: refused naming its field, nothing written.
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'Fel', region_id: 1, time_limit: 1,
      changes: [{ kind: 'more_posts', specialty_id: sp.id, year: 2027, extra: 0 }] }));
    const r0 = randa('create', bad);
    assert.equal(r0.code, 1, r0.out + r0.err);
    assert.match(r0.err, /changes\[0\]\.extra/);
    assert.equal(srv.count('SELECT count(*) FROM scenario'), scenarios);

    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ name: 'CLI: fler platser och fler ST-läkare', region_id: 1, time_limit: 1,
      changes: [
        { kind: 'seats', unit_id: unit.id, seats: 20, from_week: '2027-W01', to_week: '2028-W52' },
        { kind: 'more_posts', specialty_id: sp.id, year: 2027, extra: 2 },
      ] }));
    const r1 = randa('create', file);
    assert.equal(r1.code, 0, r1.err);
    const m = /^scenario (\d+) created: CLI: fler platser och fler ST-läkare$/m.exec(r1.out);
    assert.ok(m, r1.out);
    const id = Number(m[1]);
    assert.equal(srv.count(`SELECT count(*) FROM scenario_change WHERE scenario_id = ${id}`), 2);

    const r2 = randa('list');
    assert.equal(r2.code, 0, r2.err);
    assert.match(r2.out, new RegExp(`^${id}\\tnew\\t.*\\t2 changes\\tCLI: fler platser`, 'm'));

    const r3 = randa('run', String(id));
    assert.equal(r3.code, 0, r3.err);
    const run = JSON.parse(r3.out);
    for (const v of ['baseline', 'scenario']) {
      assert.equal(typeof run[v].score, 'number', v);
      assert.ok(Array.isArray(run[v].specialties), v);
    }
    // Two more trainees bring needs the baseline does not have.
    assert.ok(run.scenario.needs > run.baseline.needs, JSON.stringify([run.scenario.needs, run.baseline.needs]));
    const r4 = randa('compare', String(id));
    assert.equal(r4.code, 0, r4.err);
    assert.deepEqual(JSON.parse(r4.out), run);
    // The server sees the same run.
    const api = await get(srv.base, `/api/v1/scenarios/${id}`);
    assert.equal(api.body.status, 'done');
    assert.deepEqual(api.body.results, run);

    assert.deepEqual(srv.sql(LIVE), bookings, 'no booking moved');
    assert.deepEqual(srv.sql(LIVE_NEEDS), needs, 'no need changed');

    const r5 = randa('delete', String(id));
    assert.equal(r5.code, 0, r5.err);
    assert.match(r5.out, new RegExp(`^scenario ${id} deleted$`, 'm'));
    assert.doesNotMatch(randa('list').out, new RegExp(`^${id}\\t`, 'm'));
    assert.equal(srv.count(`SELECT count(*) FROM scenario_change WHERE scenario_id = ${id}`), 0);
    const r6 = randa('compare', String(id));
    assert.equal(r6.code, 1);
    assert.deepEqual(srv.sql(LIVE), bookings, 'deleting moved no booking');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
