// Times GET /api/v1/todo (Att göra) for the region's coordinator on a
// fresh demo region: on SQLite, or on PostgreSQL when RANDA_TEST_PG names a
// server holding the test template (scripts/test-pg.sh, tests/pg/template.mjs).
//   RANDA_BIN=build/randa node bench/todo.mjs
import { startServer, login, sessionHeaders } from '../tests/api/harness.mjs';
const srv = await startServer();
const s = await login(srv.base, 'samordnare');
for (const q of ['/api/v1/todo?on=2026-11-01&limit=100', '/api/v1/todo?on=2026-11-01&limit=100', '/api/v1/todo?limit=50', '/api/v1/todo?on=2000-01-03&limit=500']) {
  const t0 = Date.now();
  const r = await fetch(srv.base + q, { headers: sessionHeaders(s) });
  const b = await r.json();
  console.log(q, r.status, (Date.now() - t0) + ' ms', b.total);
}
srv.proc.kill();
process.exit(0);
