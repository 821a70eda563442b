// Imports of CSV and Excel files through the API (issue 15): for each kind
// of file, a file with mistakes gives a report naming each line and column
// and writes nothing, in a dry run and for real; the same file fixed
// imports; importing it twice changes nothing (the counts and the log);
// the same data as an .xlsx workbook (written here with exceljs) imports
// alike; a studierektor's row of another unit is a problem of its row;
// the report comes as CSV for Excel, the templates download, and a file
// past 10 MiB is 413. Every problem has a code of the API's schema that
// says what to fix. Runs on SQLite and, with RANDA_TEST_PG, PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { serveForTests, authHeaders, login, sessionHeaders, get, sqlText } from './harness.mjs';

const srv = serveForTests();

const U1 = 'SE2321000255-IMP001'; // a vårdcentral the file creates
const U2 = 'SE2321000255-IMP002'; // a women's clinic the file creates
const REGION = 'skane';
const PROVIDER = '232100-0255';

// POSTs body (a string or a Buffer) as a file of kind; resolves to
// { status, body, headers }.
async function upload(kind, body, { dry = false, name = `${kind}.csv`, report, headers } = {}) {
  const q = new URLSearchParams({ kind, file_name: name });
  if (dry) q.set('dry_run', '1');
  if (report) q.set('report', report);
  const res = await fetch(`${srv.base}/api/v1/imports?${q}`, {
    method: 'POST', headers: headers || authHeaders(srv.base), body,
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') || '').includes('json');
  return { status: res.status, body: json ? JSON.parse(text) : text, headers: res.headers };
}

// What the database holds, table by table.
function counts() {
  const tables = ['unit', 'capacity', 'person', 'supervisor', 'trainee', 'leave', 'rotation_need', 'booking',
    'app_user', 'user_role', 'audit_log', 'data_import'];
  const out = {};
  for (const t of tables) out[t] = Number(srv.count(`SELECT count(*) AS n FROM ${t}`));
  return out;
}

const csv = (rows) => rows.map((r) => r.join(';')).join('\r\n') + '\r\n';

// The problems' codes as the API's schema lists them.
const CODES = YAML.parse(readFileSync(new URL('../../docs/api/openapi.yaml', import.meta.url), 'utf8'))
  .components.schemas.ImportReport.properties.problems.items.properties.code.enum;

// Asserts that report names every [line, column, pattern, code] of want
// (the code when given), and nothing else; every problem's code is one
// the schema lists.
function assertProblems(report, want, where) {
  const got = report.problems.map((p) => `${p.line ?? '-'} ${p.column ?? '-'} ${p.code}: ${p.message}`);
  for (const p of report.problems) assert.ok(CODES.includes(p.code), `${where}: code ${p.code} is not in the schema`);
  for (const [line, column, re, code] of want) {
    const hit = report.problems.find((p) => (p.line ?? 0) === line && (p.column ?? '') === column && re.test(p.message)
      && (code === undefined || p.code === code));
    assert.ok(hit, `${where}: no problem at line ${line}, column ${column} matching ${re}${code ? ` of code ${code}` : ''}; `
      + `the report has:\n  ${got.join('\n  ')}`);
  }
  assert.equal(report.problems.length, want.length, `${where}: other problems too:\n  ${got.join('\n  ')}`);
}

// Every kind of mistake the files below hold, counted as the tests check
// them: [kind, what].
const mistakes = [];

// Checks a faulty file: the dry run and the import both report want
// ([line, column, pattern, what, code]), and nothing is written. Then the
// fixed file: its dry run is clean and writes nothing, it imports (201)
// and a second import changes nothing.
async function faultyThenFixed(kind, faulty, want, fixed, { fixedName } = {}) {
  for (const [, , , what, code] of want) {
    assert.ok(CODES.includes(code), `${kind}, ${what}: no code`);
    mistakes.push([kind, what]);
  }
  const wantProblems = want.map(([l, c, re, , code]) => [l, c, re, code]);
  const before = counts();
  const dry = await upload(kind, faulty, { dry: true });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal(dry.body.ok, false);
  assert.equal(dry.body.written, false);
  assertProblems(dry.body, wantProblems, `${kind} dry run`);
  const real = await upload(kind, faulty);
  assert.equal(real.status, 422, JSON.stringify(real.body));
  assert.equal(real.body.error.code, 'invalid');
  assert.equal(real.body.id, null);
  assertProblems(real.body, wantProblems, `${kind} import`);
  assert.deepEqual(counts(), before, `${kind}: the faulty file wrote something`);

  const dryFixed = await upload(kind, fixed, { dry: true, name: fixedName });
  assert.equal(dryFixed.status, 200);
  assertProblems(dryFixed.body, [], `${kind} fixed, dry run`);
  assert.deepEqual(counts(), before, `${kind}: the dry run wrote something`);
  const done = await upload(kind, fixed, { name: fixedName });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.ok(done.body.id > 0);
  assert.equal(done.body.written, true);
  assert.equal(done.body.counts.failed, 0);
  assert.ok(done.body.counts.inserted > 0, `${kind}: nothing new`);
  // Every write of the import is in the log with its id.
  const audit = Number(srv.count(`SELECT count(*) AS n FROM audit_log WHERE import_id = ${done.body.id}`));
  assert.ok(audit >= done.body.counts.inserted, `${kind}: ${audit} audit rows`);
  const one = await get(srv.base, `/api/v1/imports/${done.body.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.audit_rows, audit);
  assert.equal(one.body.kind, kind);
  assert.equal(one.body.actor, 'tester');
  assert.equal(one.body.counts.inserted, done.body.counts.inserted);

  const after = counts();
  const again = await upload(kind, fixed, { name: fixedName });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(again.body.counts.unchanged, done.body.counts.rows, `${kind}: the second import changed rows`);
  for (const r of again.body.rows) assert.equal(r.action, 'unchanged');
  assert.deepEqual(counts(), { ...after, data_import: after.data_import + 1 },
    `${kind}: the second import changed the database or the log`);
  return done.body;
}

test('units: mistakes named by line and column, then the fixed file imports once', async () => {
  const head = ['hsa_id', 'name', 'region', 'provider', 'specialty', 'kind', 'takes_trainees', 'max_away'];
  const good = [
    [U1, 'Vårdcentralen Importen', REGION, PROVIDER, 'allmanmedicin', 'primary_care', 'ja', '3'],
    [U2, 'Kvinnokliniken Importen', REGION, PROVIDER, 'obstetrik-och-gynekologi', 'hospital_clinic', 'ja', ''],
  ];
  const row = (hsa, over = {}) => {
    const r = [hsa, 'Enhet', REGION, PROVIDER, 'allmanmedicin', 'primary_care', 'ja', ''];
    for (const [i, v] of Object.entries(over)) r[i] = v;
    return r;
  };
  const faulty = csv([head, ...good,
    row('SE232-IMP'), // 4
    row('SE2321000255-IMP003', { 2: 'gotland' }), // 5
    row('SE2321000255-IMP004', { 3: '999999-9999' }), // 6
    row('SE2321000255-IMP005', { 4: 'ingen-specialitet' }), // 7
    row('SE2321000255-IMP006', { 5: 'sjukhus' }), // 8
    row('SE2321000255-IMP007', { 6: 'kanske' }), // 9
    row('SE2321000255-IMP008', { 7: 'tre' }), // 10
    row(U1, { 1: 'Dubblett' }), // 11
    row('SE2321000255-IMP009', { 1: '' }), // 12
  ]);
  await faultyThenFixed('units', faulty, [
    [4, 'hsa_id', /must be SE, a 10-digit/, 'a malformed HSA-id', 'malformed'],
    [5, 'region', /no region gotland/, 'an unknown region', 'unknown'],
    [6, 'provider', /no provider with organisation number/, 'an unknown provider', 'unknown'],
    [7, 'specialty', /no specialty ingen-specialitet/, 'an unknown specialty', 'unknown'],
    [8, 'kind', /is no unit kind/, 'a word outside the vocabulary', 'malformed'],
    [9, 'takes_trainees', /neither ja nor nej/, 'a yes/no that is neither', 'malformed'],
    [10, 'max_away', /is not a number/, 'a number that is no number', 'malformed'],
    [11, 'hsa_id', /same HSA-id as line 2/, 'a unit twice in the file', 'duplicate'],
    [12, 'name', /must not be empty/, 'an empty required cell', 'required'],
  ], csv([head, ...good]));
  // The tester is studierektor and verksamhetschef of every unit the demo
  // had; of the new ones too from here on (as `randa user` would add).
  for (const role of ['director', 'unit_head'])
    sqlText(srv.db, `INSERT INTO user_role (user_id, role, scope, scope_id) SELECT a.id, '${role}', 'unit', u.id
      FROM app_user a, unit u WHERE a.username = 'tester' AND u.hsa_id IN ('${U1}', '${U2}')`);
});

test('capacity: weeks as Swedes write them, week 53 of a 52-week year and overlapping periods', async () => {
  const head = ['unit', 'from_week', 'to_week', 'seats', 'patterns', 'note'];
  const good = [
    [U1, '2027-W01', '2027-W26', '3', 'full, half', 'vår'],
    [U1, 'v. 27 2027', 'v. 52 2027', '2', 'full', 'höst'],
    [U2, '2027W01', 'vecka 52 2027', '2', 'full', ''],
  ];
  const faulty = csv([head, ...good,
    ['SE2321000255-NOPE1', '2027-W01', '2027-W10', '1', 'full', ''], // 5
    [U2, '2027-W40', '2027-W53', '1', 'full', ''], // 6
    [U2, 'vecka tio 2028', '2028-W20', '1', 'full', ''], // 7
    [U2, '2028-W30', '2028-W20', '1', 'full', ''], // 8
    [U1, '2027-W20', '2027-W30', '1', 'full', ''], // 9
    [U2, '2028-W30', '2028-W40', '1,5', 'full', ''], // 10
    [U2, '2028-W41', '2028-W45', '1', 'heltid', ''], // 11
  ]);
  await faultyThenFixed('capacity', faulty, [
    [5, 'unit', /no unit with HSA-id SE2321000255-NOPE1/, 'an unknown unit', 'unknown'],
    [6, 'to_week', /2027 has no week 53: it has 52 weeks/, 'week 53 in a 52-week year', 'out_of_range'],
    [7, 'from_week', /is not a week/, 'a week that is no week', 'malformed'],
    [8, 'to_week', /before its first/, 'a period that ends before it starts', 'out_of_range'],
    [9, 'from_week', /overlap/, 'overlapping capacity periods', 'conflict'],
    [10, 'seats', /whole number/, 'a decimal comma where a whole number belongs', 'malformed'],
    [11, 'patterns', /is no pattern/, 'an unknown pattern', 'malformed'],
  ], csv([head, ...good]));
  const [p] = srv.sql(`SELECT c.from_week, c.to_week, c.seats, c.note FROM capacity c JOIN unit u ON u.id = c.unit_id
    WHERE u.hsa_id = '${U1}' ORDER BY c.from_week LIMIT 1`);
  assert.equal(p.to_week - p.from_week, 26, 'to_week is the last week, inclusive');
  assert.equal(p.note, 'vår');
});

test('supervisors: a date written the wrong way', async () => {
  const head = ['email', 'name', 'hsa_id', 'unit', 'trained_on', 'specialist_since'];
  const good = [
    ['karin.holm@import.test', 'Karin Holm', 'SE2321000255-IS1', U1, '2024-05-15', '2015-09-01'],
    ['bo.ek@import.test', 'Bo Ek', '', U2, '', ''],
  ];
  await faultyThenFixed('supervisors', csv([head, ...good,
    ['nn@import.test', 'N N', '', U1, '15/5 2024', ''], // 4
  ]), [
    [4, 'trained_on', /is not a date: write it as 2027-03-01/, 'a date not in ISO form', 'malformed'],
  ], csv([head, ...good]));
});

const TRAINEE_HEAD = ['email', 'name', 'hsa_id', 'specialty', 'regulation', 'home_unit', 'start_date', 'planned_end',
  'fte', 'status'];
const TRAINEES = [
  ['sara.lind@import.test', 'Sara Lind', 'SE2321000255-IT1', 'allmanmedicin', '2021', U1, '2026-09-01', '2031-08-31', '100', 'active'],
  ['asa.oberg@import.test', 'Åsa Öberg', 'SE2321000255-IT2', 'allmanmedicin', '2015', U1, '2025-01-07', '2030-01-06', '0,75', ''],
];

test('trainees: a BOM, Windows-1252 letters, duplicated HSA-ids and the store\'s own rules', async () => {
  const row = (email, over = {}) => {
    const r = [email, 'Namn Namnsson', '', 'allmanmedicin', '2021', U1, '2026-09-01', '2031-08-31', '', ''];
    for (const [i, v] of Object.entries(over)) r[i] = v;
    return r;
  };
  // The faulty file has a byte order mark, as Excel's "CSV UTF-8" writes.
  const faulty = '\uFEFF' + csv([TRAINEE_HEAD, ...TRAINEES,
    row('per.dubb@import.test', { 2: 'SE2321000255-IT1' }), // 4
    row('eva.fel@import.test', { 6: '2026-02-30' }), // 5
    row('olle.slut@import.test', { 7: '2025-08-31' }), // 6
    row('lisa.tid@import.test', { 8: '150' }), // 7
    row('nils.reg@import.test', { 4: '2019' }), // 8
    row('saknas', {}), // 9
    row('kim.hem@import.test', { 5: 'SE2321000255-NOPE9' }), // 10
  ]);
  mistakes.push(['trainees', 'a byte order mark (read, not refused)']);
  // The fixed file is in Windows-1252, as Excel's plain "CSV" writes.
  mistakes.push(['trainees', 'Windows-1252 å, ä and ö']);
  const fixed = Buffer.from(csv([TRAINEE_HEAD, ...TRAINEES]), 'latin1');
  const dry = await upload('trainees', fixed, { dry: true });
  assert.equal(dry.body.file.encoding, 'Windows-1252');
  await faultyThenFixed('trainees', faulty, [
    [4, 'hsa_id', /line 2 gives the same HSA-id to sara.lind@import.test/, 'one HSA-id on two people in the file', 'duplicate'],
    [5, 'start_date', /is not a date/, 'a date that does not exist', 'malformed'],
    [6, 'planned_end', /./, 'a planned end before the start (the store\'s rule)', 'refused'],
    [7, 'fte', /1 to 100 percent/, 'an employment rate above full time', 'out_of_range'],
    [8, 'regulation', /is no regulation/, 'an unknown regulation', 'malformed'],
    [9, 'email', /not an e-mail address/, 'an e-mail without @', 'malformed'],
    [10, 'home_unit', /no unit with HSA-id/, 'an unknown home unit', 'unknown'],
  ], fixed);
  const [asa] = srv.sql(`SELECT p.name, t.fte FROM person p JOIN trainee t ON t.person_id = p.id
    WHERE p.email = 'asa.oberg@import.test'`);
  assert.deepEqual(asa, { name: 'Åsa Öberg', fte: 75 }, 'å, ä, ö and the decimal comma read right');
});

test('a studierektor imports only into their own unit: another unit\'s row is a problem of its row', async () => {
  const s = await login(srv.base, 'studierektor');
  assert.equal(s.status, 200);
  const [own] = srv.sql(`SELECT u.hsa_id FROM app_user a JOIN user_role r ON r.user_id = a.id
    JOIN unit u ON u.id = r.scope_id WHERE a.username = 'studierektor' AND r.role = 'director' LIMIT 1`);
  const before = counts();
  const r = await upload('trainees', csv([TRAINEE_HEAD,
    ['egen@import.test', 'Egen Trainee', '', 'allmanmedicin', '2021', own.hsa_id, '2026-09-01', '2031-08-31', '', ''],
    ['annan@import.test', 'Annan Trainee', '', 'allmanmedicin', '2021', U1, '2026-09-01', '2031-08-31', '', ''],
  ]), { headers: sessionHeaders(s) });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assertProblems(r.body, [[3, 'home_unit', /outside your scope/, 'scope']], 'studierektor');
  assert.equal(r.body.rows[0].action, 'insert');
  assert.deepEqual(counts(), before);
  mistakes.push(['trainees', 'a row outside the importer\'s scope']);
  // A verksamhetschef may not import trainees at all (trainee.write).
  const v = await login(srv.base, 'st-lakare');
  const refused = await upload('trainees', csv([TRAINEE_HEAD]), { headers: sessionHeaders(v) });
  assert.equal(refused.status, 403);
});

test('leaves: an unknown trainee, overlapping leaves and a leave that ends before it starts', async () => {
  const head = ['trainee', 'trainee_specialty', 'from_date', 'to_date', 'kind'];
  const good = [
    ['sara.lind@import.test', '', '2027-06-07', '2027-08-29', 'parental'],
    ['SE2321000255-IT2', 'allmanmedicin', '2027-01-04', '2027-01-15', 'sick'],
  ];
  await faultyThenFixed('leaves', csv([head, ...good,
    ['nobody@import.test', '', '2027-01-04', '2027-01-10', 'sick'], // 4
    ['sara.lind@import.test', '', '2027-07-01', '2027-09-30', 'other'], // 5
    ['asa.oberg@import.test', '', '2027-03-10', '2027-03-01', 'sick'], // 6
    ['sara.lind@import.test', '', '2027-10-04', '2027-10-08', 'semester'], // 7
    ['sara.lind@import.test', '', '2027-06-07', '2027-06-30', 'sick'], // 8
    ['sara.lind@import.test', 'kirurgi', '2027-11-01', '2027-11-05', 'sick'], // 9
  ]), [
    [4, 'trainee', /no trainee with e-mail or HSA-id nobody@import.test/, 'an unknown trainee', 'unknown'],
    [5, 'from_date', /./, 'overlapping leaves (the store\'s rule)', 'conflict'],
    [6, 'to_date', /./, 'a leave that ends before it starts', 'refused'],
    [7, 'kind', /is no leave kind/, 'an unknown leave kind', 'malformed'],
    [8, 'from_date', /same trainee and from_date as line 2/, 'a leave twice in the file', 'duplicate'],
    [9, 'trainee', /no trainee with e-mail or HSA-id sara.lind@import.test in kirurgi/,
      'a trainee who does not train in the specialty named', 'unknown'],
  ], csv([head, ...good]));
});

test('needs: neither specialty nor units, no weeks and a week that is no week', async () => {
  const head = ['trainee', 'trainee_specialty', 'specialty', 'units', 'weeks', 'patterns', 'preferred_start'];
  const good = [
    ['sara.lind@import.test', '', 'obstetrik-och-gynekologi', '', '12', 'full', '2027-W40'],
    ['asa.oberg@import.test', '', '', U2, '8', 'full, half', ''],
  ];
  await faultyThenFixed('needs', csv([head, ...good,
    ['sara.lind@import.test', '', '', '', '10', 'full', ''], // 4
    ['sara.lind@import.test', '', 'allmanmedicin', '', '0', 'full', ''], // 5
    ['sara.lind@import.test', '', 'allmanmedicin', '', '10', 'full', 'v. 99 2027'], // 6
    ['sara.lind@import.test', '', 'allmanmedicin', 'SE2321000255-NOPE2', '10', 'full', ''], // 7
  ]), [
    [4, 'specialty', /names a specialty, or units/, 'a need with no target', 'required'],
    [5, 'weeks', /must be 1 to 104/, 'a length out of range', 'out_of_range'],
    [6, 'preferred_start', /2027 has no week 99/, 'a week number beyond the year', 'out_of_range'],
    [7, 'units', /no unit with HSA-id SE2321000255-NOPE2/, 'an unknown unit in a list', 'unknown'],
  ], csv([head, ...good]));
});

test('bookings: over a leave, in the past, where there are no places, and without a need', async () => {
  const head = ['trainee', 'trainee_specialty', 'unit', 'start_week', 'pattern', 'weeks', 'status'];
  const good = [
    ['asa.oberg@import.test', '', U2, '2027-W10', 'full', '8', 'confirmed'],
    ['sara.lind@import.test', '', U2, 'v. 40 2027', 'full', '12', 'requested'],
  ];
  await faultyThenFixed('bookings', csv([head, good[0],
    ['sara.lind@import.test', '', U2, '2027-W30', 'full', '12', ''], // 3
    ['sara.lind@import.test', '', U1, '2027-W40', 'full', '', ''], // 4
    ['sara.lind@import.test', '', U2, '2020-W10', 'full', '', ''], // 5
    ['sara.lind@import.test', '', U2, '2028-W10', 'full', '', ''], // 6
    ['sara.lind@import.test', '', U2, '2027-W40', 'full', '', 'cancelled'], // 7
    ['sara.lind@import.test', '', U2, '2027-W42', 'varannan', '', ''], // 8
  ]), [
    [3, 'start_week', /on parental leave/, 'a booking over a leave', 'conflict'],
    [4, 'unit', /no open need of the trainee can be placed/, 'a booking no need asks for', 'refused'],
    [5, 'start_week', /in the past/, 'a booking in the past', 'refused'],
    [6, 'start_week', /has no places in week 2028-W10/, 'a booking where the unit has no places', 'conflict'],
    [7, 'status', /requested or confirmed/, 'a status an import cannot give', 'out_of_range'],
    [8, 'pattern', /is no pattern/, 'an unknown pattern of a booking', 'malformed'],
  ], csv([head, ...good]));
  const rows = srv.sql(`SELECT b.status, n.status AS need FROM booking b JOIN rotation_need n ON n.id = b.need_id
    JOIN trainee t ON t.id = b.trainee_id JOIN person p ON p.id = t.person_id
    WHERE p.email LIKE '%@import.test' ORDER BY b.start_week`);
  assert.deepEqual(rows, [{ status: 'confirmed', need: 'booked' }, { status: 'requested', need: 'booked' }]);
});

test('users: roles by natural keys, and an unknown role or scope', async () => {
  const head = ['username', 'name', 'roles'];
  const good = [
    ['karin.holm', 'Karin Holm', `director=${U1}, unit_head=${U1}`],
    ['sara.lind', 'Sara Lind', 'trainee=sara.lind@import.test'],
    ['regionchef', 'Region Chef', `coordinator=${REGION}`],
  ];
  await faultyThenFixed('users', csv([head, ...good,
    ['Bo Ek', 'Bo Ek', ''], // 5
    ['bo.ek', 'Bo Ek', `chef=${U2}`], // 6
    ['bo.ek2', 'Bo Ek', 'director=SE2321000255-NOPE1'], // 7
  ]), [
    [5, 'username', /./, 'a user name the store refuses', 'refused'],
    [6, 'roles', /is no role/, 'an unknown role', 'malformed'],
    [7, 'roles', /no unit with HSA-id/, 'a role of an unknown unit', 'unknown'],
  ], csv([head, ...good]));
  // An imported user cannot log in until an administrator sets a password.
  const s = await login(srv.base, 'karin.holm', 'anything-at-all-1');
  assert.equal(s.status, 401);
});

test('mistakes in the file as a whole are reported and write nothing', async () => {
  const before = counts();
  const head = TRAINEE_HEAD.join(';');
  const cases = [
    ['a comma-separated file', TRAINEE_HEAD.join(',') + '\n' + TRAINEES[0].join(',') + '\n', 1, /separated by commas/, 'file'],
    ['a tab-separated file', TRAINEE_HEAD.join('\t') + '\n', 1, /separated by tabs/, 'file'],
    ['UTF-16 text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(head, 'utf16le')]), null, /UTF-16/, 'file'],
    ['a missing column', csv([TRAINEE_HEAD.filter((c) => c !== 'planned_end'), TRAINEES[0].slice(0, 7)]), 1, /missing column/,
      'column_missing', 'planned_end'],
    ['an unknown column', csv([[...TRAINEE_HEAD, 'telefon'], [...TRAINEES[0], '040-123']]), 1, /unknown column/,
      'column_unknown', 'telefon'],
    ['a column named twice', csv([[...TRAINEE_HEAD, 'email'], [...TRAINEES[0], 'x@y.se']]), 1, /named twice/,
      'column_repeated', 'email'],
    ['a header and no rows', csv([TRAINEE_HEAD]), null, /no rows/, 'empty'],
    ['a quote never closed', `${head}\r\n${TRAINEES[0].join(';')}\r\n"open;x\r\n`, 3, /not closed/, 'file'],
    ['a byte Windows-1252 lacks', Buffer.concat([Buffer.from(`${head}\r\n`), Buffer.from([0x81, 0x0d, 0x0a])]), 2,
      /neither UTF-8 nor Windows-1252/, 'file'],
    ['a BOM on text that is not UTF-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${head}\r\n`),
      Buffer.from([0xe5, 0x0d, 0x0a])]), 2, /says it is UTF-8 but is not/, 'file'],
    ['a damaged Excel file', Buffer.from('PK\x03\x04 this is no archive'), null, /damaged ZIP/, 'file'],
  ];
  for (const [what, body, line, re, code, column] of cases) {
    const r = await upload('trainees', body);
    assert.equal(r.status, 422, `${what}: ${JSON.stringify(r.body)}`);
    assertProblems(r.body, [[line ?? 0, column ?? '', re, code]], what);
    mistakes.push(['file', what]);
  }
  const empty = await upload('trainees', '');
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.field, 'file');
  mistakes.push(['file', 'an empty file']);
  const noKind = await upload('nonsense', csv([TRAINEE_HEAD]));
  assert.equal(noKind.status, 400);
  assert.equal(noKind.body.error.field, 'kind');
  assert.deepEqual(counts(), before);
});

test('the files held 40 or more kinds of mistakes, each reported by line and column', () => {
  assert.ok(mistakes.length >= 40, `only ${mistakes.length}: ${mistakes.map((m) => m[1]).join('; ')}`);
  assert.equal(new Set(mistakes.map((m) => m[1])).size, mistakes.length, 'each mistake once');
});

// An .xlsx workbook of rows, written as Excel does (exceljs): dates as
// dates, numbers as numbers.
async function workbook(rows) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Blad1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('an Excel workbook of the same data changes nothing; a new row in it imports', async () => {
  const date = (s) => new Date(`${s}T00:00:00Z`);
  const rows = TRAINEES.map((r) => [r[0], r[1], r[2], r[3], Number(r[4]), r[5], date(r[6]), date(r[7]),
    r[8] === '0,75' ? 0.75 : Number(r[8]), r[9]]);
  const before = counts();
  const same = await upload('trainees', await workbook([TRAINEE_HEAD, ...rows]), { name: 'st.xlsx' });
  assert.equal(same.status, 201, JSON.stringify(same.body));
  assert.equal(same.body.file.format, 'xlsx');
  assert.deepEqual(same.body.rows.map((r) => r.action), ['unchanged', 'unchanged']);
  assert.deepEqual(counts(), { ...before, data_import: before.data_import + 1 });
  const more = await workbook([TRAINEE_HEAD, ...rows,
    ['nya.lakaren@import.test', 'Nya Läkaren', '', 'allmanmedicin', 2021, U1, date('2027-02-01'),
      date('2032-01-31'), 1, 'active']]);
  const dry = await upload('trainees', more, { dry: true, name: 'st.xlsx' });
  assert.deepEqual(dry.body.rows.map((r) => r.action), ['unchanged', 'unchanged', 'insert']);
  const done = await upload('trainees', more, { name: 'st.xlsx' });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  const [t] = srv.sql(`SELECT t.start_date, t.planned_end, t.fte FROM trainee t JOIN person p ON p.id = t.person_id
    WHERE p.email = 'nya.lakaren@import.test'`);
  assert.deepEqual(t, { start_date: '2027-02-01', planned_end: '2032-01-31', fte: 100 });
  // A workbook with a mistake: the sheet's row is the line.
  const bad = await upload('trainees', await workbook([TRAINEE_HEAD,
    ['x@import.test', 'X', '', 'allmanmedicin', 2021, 'SE2321000255-NOPE9', date('2027-02-01'), date('2032-01-31'), 1, '']]),
  { dry: true, name: 'fel.xlsx' });
  assertProblems(bad.body, [[2, 'home_unit', /no unit with HSA-id/, 'unknown']], 'workbook');
});

test('the report downloads as CSV for Excel, the templates download, and a file past 10 MiB is 413', async () => {
  const faulty = csv([TRAINEE_HEAD, ...TRAINEES,
    ['y@import.test', 'Y', '', 'allmanmedicin', '2021', 'SE2321000255-NOPE9', '2027-02-01', '2032-01-31', '', ''],
    ['z@import.test', 'Z', '', 'allmanmedicin', '2021', U1, '2027-02-01', '2032-01-31', '150', ''],
    ['d@import.test', 'D', 'SE2321000255-IT2', 'allmanmedicin', '2021', U1, '2027-02-01', '2032-01-31', '', '']]);
  const r = await upload('trainees', faulty, { dry: true, report: 'csv' });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /trainees-rapport\.csv/);
  const lines = r.body.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'rad;kolumn;värde;status;nyckel;meddelande');
  assert.ok(lines.includes('2;;;oförändrad;SE2321000255-IT1 allmanmedicin;'), lines.join('\n'));
  // Each problem in Swedish from its code, beside the cell the file wrote;
  // the server's English only where the code cannot say why.
  assert.ok(lines.includes('4;home_unit;SE2321000255-NOPE9;fel;;Det som cellen anger finns inte i Randa.'), lines.join('\n'));
  assert.ok(lines.includes('5;fte;150;fel;;Värdet är inte tillåtet här. Serverns förklaring (på engelska): '
    + '150: must be 1 to 100 percent of full time'), lines.join('\n'));
  // A duplicate says which line holds the record first.
  assert.ok(lines.some((l) => l.startsWith('6;hsa_id;SE2321000255-IT2;fel;;') && /Serverns förklaring \(på engelska\): .*line 3/.test(l)),
    lines.join('\n'));
  const en = await fetch(`${srv.base}/api/v1/imports?kind=trainees&dry_run=1&report=csv&lang=en`,
    { method: 'POST', headers: authHeaders(srv.base), body: faulty });
  const enBytes = Buffer.from(await en.arrayBuffer());
  assert.equal(enBytes.subarray(0, 3).toString('hex'), 'efbbbf', 'a BOM, so that Excel reads UTF-8');
  const enText = enBytes.toString('utf8', 3);
  assert.match(enText, /^line;column;value;status;key;message\r\n/);
  const enLines = enText.split('\r\n');
  assert.ok(enLines.includes('4;home_unit;SE2321000255-NOPE9;error;;The cell names something that is not in Randa.'), enText);
  assert.ok(enLines.includes('5;fte;150;error;;The value is not allowed here. The server says: '
    + '150: must be 1 to 100 percent of full time'), enText);
  assert.ok(enLines.some((l) => l.startsWith('6;hsa_id;SE2321000255-IT2;error;;') && /The server says: .*line 3/.test(l)), enText);

  for (const kind of ['units', 'capacity', 'supervisors', 'trainees', 'leaves', 'needs', 'bookings', 'users']) {
    const t = await fetch(`${srv.base}/api/v1/imports/templates/${kind}`, { headers: authHeaders(srv.base) });
    assert.equal(t.status, 200);
    assert.match(t.headers.get('content-disposition'), new RegExp(`randa-${kind}\\.csv`));
    const bytes = Buffer.from(await t.arrayBuffer());
    assert.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'a BOM, so that Excel reads UTF-8');
    assert.equal(bytes.toString('utf8', 3).split('\r\n').length, 3, 'the header, an example and the end');
  }
  assert.equal((await get(srv.base, '/api/v1/imports/templates/nonsense')).status, 404);

  const big = await upload('trainees', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
  assert.equal(big.status, 413);
});

test('each problem gives the cell the file wrote, cut at a character when long', async () => {
  const long = `SE2321000255-${'å'.repeat(200)}`;
  const file = csv([['unit', 'from_week', 'to_week', 'seats'],
    ['SE2321000255-NOPE1', '2027-W01', '2027-W10', '1'], // 2
    [long, '2027-W01', '2027-W10', '1'], // 3
    ['', '2027-W01', '2027-W10', '1'], // 4
    ['SE2321000255-NOPE2', '2027-W01', '2027-W54', '1']]); // 5
  const r = await upload('capacity', file, { dry: true });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const at = (line, column) => r.body.problems.find((p) => p.line === line && p.column === column);
  assert.equal(at(2, 'unit').value, 'SE2321000255-NOPE1');
  assert.ok(at(3, 'unit'), JSON.stringify(r.body.problems));
  const cut = at(3, 'unit').value;
  assert.ok(cut.endsWith('…') && long.startsWith(cut.slice(0, -1)), cut);
  assert.ok(Buffer.byteLength(cut) < 160 && cut.length > 60, `${cut.length} characters`);
  // The English message cuts the value too, at a character: a cut inside
  // one lost the whole problem from the report.
  assert.match(at(3, 'unit').message, /^no unit with HSA-id SE2321000255-å+ in Randa$/);
  assert.equal(at(4, 'unit').value, null, 'an empty cell has no value');
  assert.equal(at(5, 'to_week').value, '2027-W54');
  // A problem of the header names a column but no cell.
  const head = await upload('capacity', csv([['unit', 'from_week', 'to_week', 'seats', 'färg'],
    ['SE2321000255-NOPE1', '2027-W01', '2027-W10', '1', 'blå']]), { dry: true });
  const unknownColumn = head.body.problems.find((p) => p.code === 'column_unknown');
  assert.ok(unknownColumn, JSON.stringify(head.body.problems));
  assert.equal(unknownColumn.value, null);
});

test('the list shows the imports made, newest first, to their maker and to an administrator', async () => {
  const list = await srv.all('/api/v1/imports');
  assert.ok(list.total >= 16, `${list.total} imports`);
  assert.ok(list.items[0].id > list.items[list.items.length - 1].id);
  assert.equal(list.total, Number(srv.count('SELECT count(*) AS n FROM data_import')));
  // The studierektor made none.
  const s = await login(srv.base, 'studierektor');
  const theirs = await fetch(`${srv.base}/api/v1/imports`, { headers: sessionHeaders(s) });
  assert.equal((await theirs.json()).total, 0);
  const other = await fetch(`${srv.base}/api/v1/imports/${list.items[0].id}`, { headers: sessionHeaders(s) });
  assert.equal(other.status, 404);
});
