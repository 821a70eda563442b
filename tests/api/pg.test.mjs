// What only the PostgreSQL store does: servers connect again, with the
// request's scope, after the database server dropped their connections (a
// restart, a fail-over), and `randa demo` refuses a database that already
// holds Randa or --force. Skipped without RANDA_TEST_PG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PG, RANDA, TODAY, serveForTests, login, call, sessionHeaders, sqlText } from './harness.mjs';

const onlyPg = { skip: !PG && 'needs RANDA_TEST_PG' };
const srv = PG ? serveForTests() : {};

// Ends every connection to the server's database but psql's own, as a
// restart of PostgreSQL would; returns how many it ended.
function dropConnections() {
  return Number(sqlText(srv.db, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()`));
}

test('after its connections were dropped, a server connects again and keeps each request in its scope', onlyPg, async () => {
  const director = await login(srv.base, 'studierektor');
  assert.ok(director.cookie);
  const scoped = await call(srv.base, 'GET', '/api/v1/trainees?limit=1', undefined, sessionHeaders(director));
  const all = await call(srv.base, 'GET', '/api/v1/trainees?limit=1');
  assert.equal(scoped.status, 200);
  assert.ok(scoped.body.total > 0 && scoped.body.total < all.body.total, 'the director sees some trainees, not all');

  assert.ok(dropConnections() > 0, 'the server had connections to drop');
  const again = await call(srv.base, 'GET', '/api/v1/trainees?limit=1', undefined, sessionHeaders(director));
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.total, scoped.body.total, 'the same scope after connecting again');

  dropConnections();
  assert.equal((await call(srv.base, 'GET', '/healthz')).status, 200);
  dropConnections();
  const unit = Number(sqlText(srv.db, 'SELECT min(id) FROM unit'));
  const w = await call(srv.base, 'POST', '/api/v1/capacity',
    { unit_id: unit, from_week: '2035-W01', to_week: '2035-W10', seats: 1, patterns: ['full'] });
  assert.equal(w.status, 201, `a write begins on a new connection: ${JSON.stringify(w.body)}`);
});

test('randa demo refuses a PostgreSQL database that holds Randa, and --force', onlyPg, () => {
  const r = spawnSync(RANDA, ['demo', '--db', srv.db, '--today', TODAY], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /already holds Randa's tables/);
  const f = spawnSync(RANDA, ['demo', '--db', srv.db, '--force'], { encoding: 'utf8' });
  assert.equal(f.status, 2, f.stderr);
  assert.match(f.stderr, /--force does not empty a PostgreSQL database/);
  assert.doesNotMatch(r.stdout + r.stderr + f.stderr, /postgresql:\/\//, 'the connection string is never printed');
});
