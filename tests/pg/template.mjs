// Makes the PostgreSQL template database the suites clone for each server
// (tests/api/harness.mjs), once per run: `randa demo` into PostgreSQL takes
// many seconds, a clone a fraction of one.
import { PG, makeTemplate } from '../api/harness.mjs';

if (!PG) {
  console.error('template.mjs: set RANDA_TEST_PG to the server URL');
  process.exit(2);
}
makeTemplate();
