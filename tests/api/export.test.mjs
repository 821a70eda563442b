// Exports (issue 15) against a running server on a fresh demo region: the
// lists as CSV, parsed back here and compared with the JSON list of the same
// route and filters; the Excel workbooks of the place overview, a trainee, a
// unit's schedule, the bookings and the yearly figures, opened again with
// exceljs (cells, heat-map colours, frozen panes, headers); the calendar
// feeds, parsed here and compared with the bookings; and what is refused:
// an unknown format or language, a record without a layout, a user without
// the right, a feed that is revoked, unknown or out of the user's sight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { serveForTests, login, sessionHeaders, authHeaders, call, get, errorOf } from './harness.mjs';

const srv = serveForTests();

// ---- helpers ----

// Logs in as username; returns a function (method, path, body) -> response.
async function as(username) {
  const s = await login(srv.base, username);
  assert.equal(s.status, 200, `log-in as ${username}`);
  const fn = (method, path, body) => call(srv.base, method, path, body, sessionHeaders(s));
  fn.session = s.body;
  fn.headers = sessionHeaders(s);
  return fn;
}

// GETs path (the tests' session, or the headers given) as bytes.
async function download(path, headers) {
  const res = await fetch(srv.base + path, { headers: headers ?? authHeaders(srv.base) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

// The CSV text of a download, checked for the byte order mark, then parsed
// as Swedish Excel writes it: fields separated by ";", quoted with '"'
// (doubled inside), lines ended by CRLF. Returns the rows, header first.
function parseCsv(buf) {
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  const text = buf.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'the last line ends in CRLF');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(field); field = ''; } else if (c === '\r') {
      assert.equal(text[i + 1], '\n', 'CR only before LF');
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      assert.notEqual(c, '\n', 'no bare LF outside quotes');
      field += c;
    }
  }
  return rows;
}

// A number as the CSV writes it: at most two decimals, a decimal comma.
const csvNumber = (n) => String(Number(n.toFixed(2))).replace('.', ',');

// Opens an .xlsx download with exceljs.
async function workbook(buf) {
  assert.deepEqual([...buf.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip file');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  return wb;
}

// The values of a worksheet's row (1-based), as an array from column A.
const rowOf = (ws, r) => ws.getRow(r).values.slice(1);

// The header row is frozen, with cols columns frozen beside it.
function assertFrozen(ws, cols) {
  const v = ws.views[0];
  assert.equal(v.state, 'frozen', `${ws.name}: frozen`);
  assert.equal(v.ySplit, 1, `${ws.name}: the header row frozen`);
  assert.equal(v.xSplit || 0, cols, `${ws.name}: columns frozen`);
}

// The Monday of ISO week "2027-W10" and the Sunday of its week, as dates.
function mondayOf(iso) {
  const [y, w] = iso.split('-W').map(Number);
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return new Date(jan4 - dow * 86400000 + (w - 1) * 604800000);
}
const day = (d) => d.toISOString().slice(0, 10);
const plusDays = (d, n) => new Date(d.getTime() + n * 86400000);

// The columns a list's row makes, as the server lays any list out: the
// fields of its objects each a column ("trainee.name"), an object's id
// dropped beside the same id as a field ("trainee_id").
function flatten(o, prefix = '', out = new Map(), depth = 0) {
  for (const [k, v] of Object.entries(o)) {
    const path = prefix + k;
    if (v && typeof v === 'object' && !Array.isArray(v) && depth + 1 < 3) flatten(v, `${path}.`, out, depth + 1);
    else out.set(path, v);
  }
  return out;
}

// A value as a cell of the CSV shows it.
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'ja' : 'nej';
  if (typeof v === 'number') return csvNumber(v);
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? String(x.name ?? x.title ?? x.code ?? x.id) : cellText(x))).join(', ');
  if (typeof v === 'object') return String(v.name ?? v.title ?? v.code ?? v.id);
  return String(v);
}

// The heat map's shade of a week, as the UI's level() in ui/pages/places.js
// and the colours of ui/style.css.
function shade(free, seats) {
  if (!(seats > 0)) return 'FFF0F2F4';
  if (!(free > 0)) return 'FFF3D6D0';
  if (free < 1) return 'FFE2F3E8';
  if (free < 2) return 'FFC1E6CF';
  if (free < 3) return 'FF8FD0A9';
  if (free < 4) return 'FF57B583';
  return 'FF2A8152';
}

const STATUS_SV = { requested: 'Förfrågad', confirmed: 'Bekräftad', declined: 'Avböjd', cancelled: 'Avbokad', completed: 'Genomförd' };
const PATTERN_SV = { full: 'Heltid', split4: '4+1 dagar', split3: '3+2 dagar', half: 'Halvtid', alternate: 'Varannan vecka' };

// ---- CSV ----

test('a list as CSV is the JSON list, every row and field, as Swedish Excel reads it', async () => {
  const json = await srv.all('/api/v1/needs?status=open');
  assert.ok(json.total > 500, 'more rows than one page');
  const r = await download('/api/v1/needs?status=open&format=csv');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="behov-\d{4}-\d{2}-\d{2}\.csv"$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const [header, ...rows] = parseCsv(r.body);
  assert.equal(rows.length, json.total);
  // The columns: every field of the rows in the order they come, an
  // object's id beside the same id as a field only once.
  const paths = [...flatten(json.items[0]).keys()].filter((p) => !(p.endsWith('.id') && !p.slice(0, -3).includes('.') && `${p.slice(0, -3)}_id` in json.items[0]));
  assert.equal(header.length, paths.length, header.join(';'));
  assert.deepEqual(header.slice(0, 3), ['Id', 'ST-läkare (id)', 'ST-läkare']);
  assert.ok(header.includes('Önskad start') && header.includes('Specialitet: kod'), header.join(';'));
  json.items.forEach((item, i) => {
    const f = flatten(item);
    assert.deepEqual(rows[i], paths.map((p) => cellText(f.get(p))), `row ${i + 1} (need ${item.id})`);
  });
  // Personal data left the system: the security log says who took what.
  const [logged] = srv.sql(`SELECT actor, detail FROM auth_event WHERE event = 'export' ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(logged, { actor: 'tester', detail: `/api/v1/needs csv status=open (${json.total} rows)` });
});

test('the bookings as CSV keep the JSON list\'s filters, with Swedish words, weeks and dates', async () => {
  const unit = srv.sql(`SELECT unit_id FROM booking WHERE status = 'confirmed' GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`)[0].unit_id;
  const q = `unit=${unit}&status=confirmed&sort=start`;
  const json = await srv.all(`/api/v1/bookings?${q}`);
  const r = await download(`/api/v1/bookings?${q}&format=csv`);
  assert.equal(r.status, 200);
  const [header, ...rows] = parseCsv(r.body);
  assert.deepEqual(header, ['Id', 'ST-läkare', 'Enhet', 'Specialitet', 'Första vecka', 'Sista vecka', 'Första dag',
    'Sista dag', 'Veckor', 'Mönster', 'Status', 'Orsak till avbokning', 'Kort varsel', 'Begärd', 'Ändrad']);
  assert.equal(rows.length, json.total);
  json.items.forEach((b, i) => {
    assert.deepEqual(rows[i].slice(0, 12), [String(b.id), b.trainee.name, b.unit.name, b.specialty.name_sv, b.start_week,
      b.end_week, day(mondayOf(b.start_week)), day(plusDays(mondayOf(b.end_week), 6)), String(b.weeks),
      PATTERN_SV[b.pattern], 'Bekräftad', ''], `booking ${b.id}`);
    assert.equal(rows[i][13], b.created_at.slice(0, 10));
  });
});

test('a page of a list, when asked for, is that page only', async () => {
  const r = await download('/api/v1/trainees?limit=7&offset=3&format=csv');
  const json = await get(srv.base, '/api/v1/trainees?limit=7&offset=3');
  const [, ...rows] = parseCsv(r.body);
  assert.deepEqual(rows.map((x) => Number(x[0])), json.body.items.map((t) => t.id));
});

test('lang=en gives English headers and words', async () => {
  const r = await download('/api/v1/bookings?status=requested&format=csv&lang=en');
  const [header, first] = parseCsv(r.body);
  assert.deepEqual(header.slice(0, 4), ['Id', 'Trainee', 'Unit', 'Specialty']);
  assert.equal(first[10], 'Requested');
  const needs = parseCsv((await download('/api/v1/needs?limit=1&format=csv&lang=en')).body);
  assert.equal(needs[0][2], 'Trainee');
});

// ---- Excel ----

test('the place overview as a workbook: a heat map week by week in the page\'s colours, frozen beside its units', async () => {
  const q = 'from=2027-W10&to=2027-W29&specialty=internmedicin';
  const json = (await get(srv.base, `/api/v1/places?${q}`)).body;
  const r = await download(`/api/v1/places?${q}&format=xlsx`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="platstillgang-2027-W10-2027-W29.xlsx"');
  const wb = await workbook(r.body);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['Lediga platser', 'Platser', 'Förklaring']);
  const ws = wb.getWorksheet('Lediga platser');
  assertFrozen(ws, 2);
  assert.deepEqual(rowOf(ws, 1), ['Specialitet', 'Enhet', ...json.weeks, 'Vårdgivare', 'Offentlig/privat', 'Område']);
  assert.ok(ws.getRow(1).getCell(1).font.bold, 'a bold header');
  assert.ok(ws.getColumn(2).width >= 40, 'the units\' column is wide enough for their names');
  assert.equal(ws.rowCount, json.units.length + 1);
  let colours = 0;
  json.units.forEach((u, i) => {
    const row = ws.getRow(i + 2);
    assert.equal(row.getCell(2).value, u.name);
    assert.equal(row.getCell(json.weeks.length + 3).value, u.provider.name);
    for (let w = 0; w < json.weeks.length; w++) {
      const cell = row.getCell(w + 3);
      assert.equal(cell.value ?? null, u.seats[w] > 0 ? Math.max(0, u.free[w]) : null, `${u.name} ${json.weeks[w]}`);
      assert.equal(cell.fill.fgColor.argb, shade(u.free[w], u.seats[w]), `${u.name} ${json.weeks[w]}: colour`);
      colours++;
    }
  });
  assert.ok(json.units.length > 3 && colours === json.units.length * 20);
  const seats = wb.getWorksheet('Platser');
  assert.equal(seats.getRow(2).getCell(3).value, json.units[0].seats[0]);
  // The CSV of the same is the heat map's sheet, with a decimal comma.
  const [header, first] = parseCsv((await download(`/api/v1/places?${q}&format=csv`)).body);
  assert.deepEqual(header.slice(2, 4), json.weeks.slice(0, 2));
  assert.equal(first[2], json.units[0].seats[0] > 0 ? csvNumber(Math.max(0, json.units[0].free[0])) : '');
});

test('a trainee as a workbook: their facts, rotations, activities, goals, needs and leave', async () => {
  const id = srv.sql(`SELECT trainee_id FROM booking GROUP BY trainee_id HAVING count(*) > 2 ORDER BY trainee_id LIMIT 1`)[0].trainee_id;
  const trainee = (await get(srv.base, `/api/v1/trainees/${id}`)).body;
  const bookings = await srv.all(`/api/v1/bookings?trainee=${id}&sort=start`);
  const plan = (await get(srv.base, `/api/v1/trainees/${id}/plan`)).body;
  const r = await download(`/api/v1/trainees/${id}?format=xlsx`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="st-lakare-${id}.xlsx"`);
  const wb = await workbook(r.body);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['Översikt', 'Randningar', 'Aktiviteter', 'Delmål', 'Behov', 'Ledighet']);
  const facts = wb.getWorksheet('Översikt');
  assert.deepEqual(rowOf(facts, 2), ['Namn', trainee.name]);
  assert.deepEqual(rowOf(facts, 3), ['HSA-id', trainee.hsa_id]);
  const rot = wb.getWorksheet('Randningar');
  assertFrozen(rot, 2);
  assert.equal(rot.rowCount, bookings.total + 1);
  bookings.items.forEach((b, i) => {
    const row = rot.getRow(i + 2);
    assert.equal(row.getCell(1).value, b.id);
    assert.equal(row.getCell(2).value, b.unit.name);
    assert.equal(row.getCell(4).value, b.start_week);
    // Dates are real dates, shown as Swedes write them.
    assert.ok(row.getCell(6).value instanceof Date);
    assert.equal(day(row.getCell(6).value), day(mondayOf(b.start_week)));
    assert.equal(row.getCell(6).numFmt, 'yyyy-mm-dd');
    assert.equal(row.getCell(10).value, STATUS_SV[b.status]);
  });
  assert.equal(wb.getWorksheet('Aktiviteter').rowCount, plan.activities.length + 1);
  const goals = wb.getWorksheet('Delmål');
  assert.equal(goals.rowCount, plan.goals.length + 1);
  assert.equal(goals.getRow(2).getCell(1).value, plan.goals[0].code);
  assert.equal(wb.getWorksheet('Ledighet').rowCount, trainee.leaves.length + 1);
  // Its CSV is its rotations.
  const [header, ...rows] = parseCsv((await download(`/api/v1/trainees/${id}?format=csv`)).body);
  assert.equal(header[1], 'Enhet');
  assert.deepEqual(rows.map((x) => Number(x[0])), bookings.items.map((b) => b.id));
});

test('a unit\'s schedule as a workbook: who is there each week, under them the seats and the free', async () => {
  const unit = srv.sql(`SELECT unit_id FROM booking WHERE status IN ('confirmed', 'requested') AND start_week > 2900
    GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`)[0].unit_id;
  const from = '2027-W01';
  const to = '2027-W26';
  const bookings = (await srv.all(`/api/v1/bookings?unit=${unit}&from=${from}&to=${to}&sort=start`)).items
    .filter((b) => !['declined', 'cancelled'].includes(b.status));
  const places = (await get(srv.base, `/api/v1/places?unit=${unit}&from=${from}&to=${to}`)).body;
  const r = await download(`/api/v1/units/${unit}?format=xlsx&from=${from}&to=${to}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="enhet-${unit}-${from}-${to}.xlsx"`);
  const wb = await workbook(r.body);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['Schema', 'Bokningar', 'Kapacitet', 'Förklaring']);
  const ws = wb.getWorksheet('Schema');
  assertFrozen(ws, 1);
  assert.deepEqual(rowOf(ws, 1).slice(0, 6), ['ST-läkare', 'Status', 'Mönster', 'Första vecka', 'Sista vecka', from]);
  assert.equal(rowOf(ws, 1).length, 5 + 26);
  assert.ok(bookings.length > 0);
  bookings.forEach((b, i) => {
    const row = ws.getRow(i + 2);
    assert.equal(row.getCell(1).value, b.trainee.name);
    places.weeks.forEach((w, k) => {
      const on = w >= b.start_week && w <= b.end_week;
      assert.equal(row.getCell(6 + k).value ?? null, on ? { confirmed: 'B', requested: 'F', completed: 'G' }[b.status] : null,
        `${b.trainee.name} ${w}`);
    });
  });
  const seats = ws.getRow(bookings.length + 2);
  const free = ws.getRow(bookings.length + 3);
  assert.equal(seats.getCell(1).value, 'Platser');
  assert.deepEqual(places.weeks.map((w, k) => seats.getCell(6 + k).value), places.units[0].seats);
  assert.equal(free.getCell(6).fill.fgColor.argb, shade(places.units[0].free[0], places.units[0].seats[0]));
  assert.equal(wb.getWorksheet('Bokningar').rowCount, (await srv.all(`/api/v1/bookings?unit=${unit}&from=${from}&to=${to}`)).total + 1);
});

test('the bookings as a workbook, with the list\'s filters', async () => {
  const json = await srv.all('/api/v1/bookings?status=requested');
  const wb = await workbook((await download('/api/v1/bookings?status=requested&format=xlsx')).body);
  const ws = wb.getWorksheet('Bokningar');
  assertFrozen(ws, 2);
  assert.equal(ws.rowCount, json.total + 1);
  assert.deepEqual(json.items.map((b, i) => ws.getRow(i + 2).getCell(1).value), json.items.map((b) => b.id));
  assert.equal(ws.getRow(2).getCell(11).fill.fgColor.argb, 'FFFCE8B2', 'a request\'s status on amber');
  assert.ok(ws.autoFilter, 'filter buttons on the header');
});

test('the yearly figures as a workbook: a year a column, met on green and not met on red', async () => {
  const json = (await get(srv.base, '/api/v1/figures?region=1')).body;
  const wb = await workbook((await download('/api/v1/figures?region=1&format=xlsx')).body);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['Mätetal', 'Underlag', 'Grupper']);
  const ws = wb.getWorksheet('Mätetal');
  assert.deepEqual(rowOf(ws, 1).slice(0, 8), ['Nr', 'Mätetal', 'Mål', ...json.figures[0].years.map((y) => String(y.year))]);
  json.figures.forEach((f, i) => {
    const row = ws.getRow(i + 2);
    assert.equal(row.getCell(2).value, f.title_sv);
    f.years.forEach((y, k) => {
      const cell = row.getCell(4 + k);
      if (y.value === null) return;
      assert.ok(Math.abs(cell.value - y.value) < 1e-9, `${f.id} ${y.year}`);
      if (f.measure === 'share') assert.equal(cell.numFmt, '0.0%');
      if (y.met !== null) assert.equal(cell.fill.fgColor.argb, y.met ? 'FFC1E6CF' : 'FFF3D6D0', `${f.id} ${y.year}: colour`);
    });
  });
  const csv = parseCsv((await download('/api/v1/figures?region=1&format=csv')).body);
  const st = json.figures.find((f) => f.id === 'st_retention');
  const last = st.years[st.years.length - 1];
  assert.equal(csv[1][3 + st.years.length - 1], `${(last.value * 100).toFixed(1).replace('.', ',')}%`);
});

// ---- refusals ----

test('an unknown format or language, or a record without a layout, is 400 naming the argument', async () => {
  for (const [path, field] of [['/api/v1/units?format=pdf', 'format'], ['/api/v1/units?format=csv&lang=de', 'lang'],
    ['/api/v1/units?lang=fi', 'lang'], ['/api/v1/regions/1?format=csv', 'format'],
    ['/api/v1/units/1?format=xlsx&from=2027-W60', 'from']]) {
    const e = await srv.getError(path, 400, field);
    assert.equal(e.code, 'malformed', path);
  }
  // format=json is the JSON itself.
  const json = await get(srv.base, '/api/v1/regions?format=json');
  assert.equal(json.status, 200);
  assert.ok(Array.isArray(json.body.items));
});

test('an export keeps to the route\'s policy and scope', async () => {
  const st = await as('st-lakare');
  const me = st.session.roles[0].scope_id;
  // The yearly figures are not an ST-läkare's: 403 as for the JSON.
  const figures = await st('GET', '/api/v1/figures?region=1&format=xlsx');
  assert.equal(figures.status, 403);
  assert.equal(errorOf(figures).code, 'forbidden');
  // Another trainee's workbook: as if they did not exist.
  const other = srv.sql(`SELECT id FROM trainee WHERE id <> ${me} LIMIT 1`)[0].id;
  assert.equal((await st('GET', `/api/v1/trainees/${other}?format=xlsx`)).status, 404);
  assert.equal((await st('GET', `/api/v1/trainees/${me}?format=xlsx`)).status, 200);
  // Their bookings as CSV are theirs only.
  const mine = await download('/api/v1/bookings?format=csv', st.headers);
  assert.equal(mine.status, 200);
  const rows = parseCsv(mine.body);
  assert.equal(rows.length - 1, srv.count(`SELECT count(*) FROM booking WHERE trainee_id = ${me}`));
  // A unit's schedule names its trainees: the administrator, who reads no
  // trainee's records, may read the unit but not its schedule.
  const admin = await as('admin');
  assert.equal((await admin('GET', '/api/v1/units/1')).status, 200);
  const schedule = await admin('GET', '/api/v1/units/1?format=xlsx');
  assert.equal(schedule.status, 403);
  assert.match(errorOf(schedule).message, /booking\.read/);
  // Without a log-in: 401, as for the JSON.
  assert.equal((await call(srv.base, 'GET', '/api/v1/bookings?format=csv', undefined, { cookie: null })).status, 401);
});

// ---- calendar feeds ----

// The events of an iCalendar text: lines unfolded, each VEVENT as a map of
// its properties (name without parameters -> { params, value }).
function parseIcs(text) {
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n'), text.slice(0, 40));
  assert.ok(text.trimEnd().endsWith('END:VCALENDAR'));
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  const events = [];
  const cal = new Map();
  let ev = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') { ev = new Map(); continue; }
    if (line === 'END:VEVENT') { events.push(ev); ev = null; continue; }
    const colon = line.indexOf(':');
    const [name, ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1).replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1');
    (ev ?? cal).set(name, { params, value });
  }
  return { cal, events };
}

// A feed's calendar, read without any log-in.
const readFeed = (url) => fetch(url.replace(/^https?:\/\/[^/]+/, srv.base));

test('a trainee\'s feed holds each of their rotations as an all-day span with the unit, its site and the handledare', async () => {
  const st = await as('st-lakare');
  const me = st.session.roles[0].scope_id;
  const made = await st('POST', '/api/v1/feeds', { kind: 'trainee', subject_id: me });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.match(made.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(made.body.url.endsWith(`/api/v1/calendar/${made.body.token}.ics`));
  assert.equal(srv.count(`SELECT count(*) FROM calendar_feed WHERE token_hash = '${made.body.token}'`), 0, 'only a hash is kept');
  const res = await readFeed(made.body.url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const { cal, events } = parseIcs(await res.text());
  assert.equal(cal.get('VERSION').value, '2.0');
  assert.match(cal.get('X-WR-CALNAME').value, /^Randningar – /);
  const bookings = (await st('GET', `/api/v1/bookings?trainee=${me}&limit=500`)).body.items
    .filter((b) => ['requested', 'confirmed', 'completed'].includes(b.status));
  assert.ok(bookings.length > 0);
  assert.equal(events.length, bookings.length);
  const host = new URL(srv.base).hostname;
  for (const b of bookings) {
    const e = events.find((x) => x.get('UID').value === `randa-booking-${b.id}@${host}`);
    assert.ok(e, `an event of booking ${b.id}`);
    assert.deepEqual(e.get('DTSTART').params, ['VALUE=DATE']);
    assert.equal(e.get('DTSTART').value, day(mondayOf(b.start_week)).replaceAll('-', ''));
    assert.equal(e.get('DTEND').value, day(plusDays(mondayOf(b.end_week), 7)).replaceAll('-', ''), 'the Monday after the last week');
    assert.ok(e.get('SUMMARY').value.endsWith(b.unit.name));
    assert.equal(e.get('STATUS').value, b.status === 'requested' ? 'TENTATIVE' : 'CONFIRMED');
    const unit = (await get(srv.base, `/api/v1/units/${b.unit.id}`)).body;
    assert.ok(e.get('LOCATION').value.startsWith(b.unit.name));
    if (unit.site) assert.ok(e.get('LOCATION').value.endsWith(`${unit.site.name}, ${unit.site.city}`));
    const desc = e.get('DESCRIPTION').value;
    assert.match(desc, /^ST-läkare: /);
    if (b.supervisor_id) {
      const sv = (await get(srv.base, `/api/v1/supervisors/${b.supervisor_id}`)).body;
      assert.ok(desc.includes(`Handledare: ${sv.name}`), desc);
    } else assert.ok(desc.includes('Handledare: ej utsedd'), desc);
  }
  // The feed's list shows it, used just now; its secret never again.
  const list = await st('GET', '/api/v1/feeds');
  const shown = list.body.items.find((f) => f.id === made.body.id);
  assert.ok(shown.used_at);
  assert.equal(shown.token, undefined);
});

test('a unit\'s feed holds the rotations at the unit, for those who may read them', async () => {
  const sr = await as('studierektor');
  const unit = sr.session.roles.find((r) => r.role === 'director').scope_id;
  const made = await sr('POST', '/api/v1/feeds', { kind: 'unit', subject_id: unit, name: 'Enhetens randningar' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.name, 'Enhetens randningar');
  const { events } = parseIcs(await (await readFeed(made.body.url)).text());
  const n = srv.count(`SELECT count(*) FROM booking WHERE unit_id = ${unit} AND status IN ('requested', 'confirmed', 'completed')`);
  assert.equal(events.length, n);
  // An ST-läkare may not subscribe to a unit's rotations: refused as a unit
  // that does not exist.
  const st = await as('st-lakare');
  const missing = await st('POST', '/api/v1/feeds', { kind: 'unit', subject_id: 999999 });
  const hidden = await st('POST', '/api/v1/feeds', { kind: 'unit', subject_id: unit });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.error.field, 'subject_id');
  assert.deepEqual(hidden.body, JSON.parse(JSON.stringify(missing.body).replace('999999', String(unit))));
  // Nor the administrator anyone's: no role of theirs has calendar.feed.
  const admin = await as('admin');
  assert.equal((await admin('POST', '/api/v1/feeds', { kind: 'unit', subject_id: unit })).status, 403);
  assert.equal((await admin('GET', '/api/v1/feeds')).status, 403);
});

test('a revoked, unknown or malformed feed, and one whose user is disabled, answer the same 404', async () => {
  const st = await as('st-lakare');
  const me = st.session.roles[0].scope_id;
  const made = (await st('POST', '/api/v1/feeds', { kind: 'trainee', subject_id: me })).body;
  assert.equal((await readFeed(made.url)).status, 200);
  // Without .ics too.
  assert.equal((await fetch(`${srv.base}/api/v1/calendar/${made.token}`)).status, 200);
  const answers = async (url) => {
    const r = await readFeed(url);
    return [r.status, await r.text()];
  };
  const unknown = await answers(`${srv.base}/api/v1/calendar/${'A'.repeat(43)}.ics`);
  assert.equal(unknown[0], 404);
  assert.deepEqual(await answers(`${srv.base}/api/v1/calendar/nope`), unknown);
  // Another user cannot revoke it.
  const sr = await as('studierektor');
  assert.equal((await sr('DELETE', `/api/v1/feeds/${made.id}`)).status, 404);
  assert.equal((await readFeed(made.url)).status, 200);
  assert.equal((await st('DELETE', `/api/v1/feeds/${made.id}`)).status, 204);
  assert.deepEqual(await answers(made.url), unknown);
  assert.equal((await st('DELETE', `/api/v1/feeds/${made.id}`)).status, 404);
  const list = (await st('GET', '/api/v1/feeds')).body.items;
  assert.ok(list.find((f) => f.id === made.id).revoked_at);
  // A feed of a user who is then disabled goes with them.
  const other = (await st('POST', '/api/v1/feeds', { kind: 'trainee', subject_id: me })).body;
  const uid = st.session.user.id;
  assert.equal((await call(srv.base, 'PATCH', `/api/v1/users/${uid}`, { disabled: true })).status, 200);
  assert.deepEqual(await answers(other.url), unknown);
  assert.equal((await call(srv.base, 'PATCH', `/api/v1/users/${uid}`, { disabled: false })).status, 200);
  assert.equal((await readFeed(other.url)).status, 200);
});
