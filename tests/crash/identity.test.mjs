// A demo database cloned from the PostgreSQL template (tests/api/harness.mjs)
// keeps making fresh ids after PostgreSQL crashes. PostgreSQL 15's default
// clone (STRATEGY WAL_LOG) copies each sequence with the values it had
// logged ahead, and hands those out without logging them again: after a
// crash the identity went back and the next insert met a duplicate key (the
// crash test on PostgreSQL found it as a 409 on a new need). Runs only with
// PostgreSQL and a command that crashes it (make test-pg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { PG, startServer, call, sqlRows } from '../api/harness.mjs';

const PG_CRASH = PG ? process.env.RANDA_TEST_PG_CRASH || '' : '';

test('after PostgreSQL crashes, a fresh clone of the demo makes new rows with new ids',
  { skip: !PG_CRASH && 'needs PostgreSQL and RANDA_TEST_PG_CRASH (make test-pg)' }, async () => {
    const first = await startServer();
    let again = null;
    try {
      const [n] = sqlRows(first.db, `SELECT trainee_id, specialty_id FROM rotation_need
        WHERE specialty_id IS NOT NULL AND status = 'open' ORDER BY id LIMIT 1`);
      const need = (week) => ({ trainee_id: n.trainee_id, specialty_id: n.specialty_id, weeks: 4,
        patterns: ['full'], preferred_start: week, unit_ids: [], goal_ids: [] });
      const before = await call(first.base, 'POST', '/api/v1/needs', need('2045-W02'));
      assert.equal(before.status, 201, JSON.stringify(before.body));
      // The server first, then PostgreSQL, as a power cut would.
      const exited = new Promise((ok) => first.proc.once('exit', ok));
      first.proc.kill('SIGKILL');
      await exited;
      execSync(PG_CRASH, { stdio: ['ignore', 'ignore', 'inherit'] });
      again = await startServer({ db: first.db });
      const kept = await call(again.base, 'GET', `/api/v1/needs/${before.body.id}`);
      assert.equal(kept.status, 200, 'the acknowledged need survived the crash');
      const after = await call(again.base, 'POST', '/api/v1/needs', need('2045-W10'));
      assert.equal(after.status, 201, JSON.stringify(after.body));
      assert.ok(after.body.id > before.body.id, `new id ${after.body.id} after ${before.body.id}`);
    } finally {
      await again?.stop();
      await first.stop();
    }
  });
