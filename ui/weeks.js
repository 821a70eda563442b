// ISO weeks ("2027-W10") and dates ("2027-03-08") in the browser: parsing,
// arithmetic and conversion. All calendar arithmetic is done in UTC so that
// the local time zone never shifts a day.

const DAY = 86400000;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Whether s is a well-formed ISO week of a real year ("2026-W53" only in
// years that have 53 weeks).
export function isWeek(s) {
  const m = WEEK_RE.exec(s || '');
  if (!m) return false;
  const week = Number(m[2]);
  return week >= 1 && week <= weeksInYear(Number(m[1]));
}

// The UTC midnight of a "YYYY-MM-DD" date, or null.
export function parseDate(s) {
  const m = DATE_RE.exec(String(s || '').slice(0, 10));
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

// "YYYY-MM-DD" of a UTC time value.
export function dateString(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

// Today's date in the browser's time zone, as a UTC midnight.
export function today() {
  const d = new Date();
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
}

// The Monday of week 1 of an ISO year, as a UTC midnight.
function week1Monday(year) {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - dow * DAY;
}

function weeksInYear(year) {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / (7 * DAY));
}

// The ISO week "2027-W10" that holds the UTC midnight ms.
export function weekOf(ms) {
  const dow = (new Date(ms).getUTCDay() + 6) % 7;
  const thursday = ms + (3 - dow) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - week1Monday(year)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// The Monday of an ISO week as a UTC midnight, or null when malformed.
export function weekMonday(w) {
  if (!isWeek(w)) return null;
  const m = WEEK_RE.exec(w);
  return week1Monday(Number(m[1])) + (Number(m[2]) - 1) * 7 * DAY;
}

// The week n weeks after w (n may be negative).
export function addWeeks(w, n) {
  const monday = weekMonday(w);
  if (monday == null) return null;
  return weekOf(monday + n * 7 * DAY);
}

// How many weeks b is after a.
export function weeksBetween(a, b) {
  return Math.round((weekMonday(b) - weekMonday(a)) / (7 * DAY));
}

// The calendar span of anything with start_week and end_week (its last
// week): [the first Monday, the Monday after the last week), or null.
export function weeksSpan(x) {
  const from = weekMonday(x.start_week);
  const last = weekMonday(x.end_week);
  return from == null || last == null ? null : [from, last + 7 * DAY];
}

// The week that holds today.
export function currentWeek() {
  return weekOf(today());
}

// The year and number of a week: { year: 2027, week: 10 }.
export function weekParts(w) {
  const m = WEEK_RE.exec(w || '');
  return m ? { year: Number(m[1]), week: Number(m[2]) } : null;
}

// The weeks from a to b, both included.
export function weekRange(a, b) {
  const out = [];
  const n = weeksBetween(a, b);
  for (let i = 0; i <= n; i++) out.push(addWeeks(a, i));
  return out;
}

export const DAY_MS = DAY;
