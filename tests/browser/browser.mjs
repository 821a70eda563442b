// What the browser tests share: Debian's headless Chromium (never a
// downloaded one) on a real `randa serve` over a fresh demo region, pages
// logged in as a user (tester unless told) that collect every console
// error, exception and failed request, API reads, the navigation each
// action opens, screenshots into tests/browser/screenshots/, and axe-core's
// check of the WCAG 2.1 A and AA rules on a page as it is.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, get, login } from '../api/harness.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
// axe-core's source, from node_modules (package-lock.json pins it).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// The rules of WCAG 2.0 and 2.1, levels A and AA.
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LAUNCH = {
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

// Starts the server and the browser before the file's tests and stops them
// after; the returned object's server and browser are set once started.
export function useBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env.server = await startServer();
    env.browser = await chromium.launch(LAUNCH);
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.stop();
  });
  return env;
}

// The pages of the navigation in its order: the action a user's session
// must list for the page to show, and its name in Swedish and English.
export const NAV_PAGES = [
  { nav: 'places', hash: '#/platser', action: 'places.read', sv: 'Platstillgång', en: 'Place availability' },
  { nav: 'trainees', hash: '#/st-lakare', action: 'trainee.read', sv: 'ST-läkare', en: 'Trainees' },
  { nav: 'todo', hash: '#/att-gora', action: 'todo.read', sv: 'Att göra', en: 'To do' },
  { nav: 'units', hash: '#/enheter', action: 'unit.read', sv: 'Enheter', en: 'Units' },
  { nav: 'supervisors', hash: '#/handledare', action: 'supervisor.read', sv: 'Handledare', en: 'Supervisors' },
  { nav: 'doctors', hash: '#/lakare', action: 'program.read', sv: 'Läkare', en: 'Doctors' },
  { nav: 'goals', hash: '#/delmal', action: 'reference.write', sv: 'Delmål', en: 'Goals' },
  { nav: 'bookings', hash: '#/bokningar', action: 'booking.read', sv: 'Bokningar', en: 'Bookings' },
  { nav: 'planning', hash: '#/planering', action: 'planning.read', sv: 'Planering', en: 'Planning' },
  { nav: 'metrics', hash: '#/matetal', action: 'figures.read', sv: 'Mätetal', en: 'Figures' },
  { nav: 'users', hash: '#/anvandare', action: 'user.admin', sv: 'Användare', en: 'Users' },
  { nav: 'log', hash: '#/logg', action: 'audit.read', sv: 'Logg', en: 'Log' },
  { nav: 'settings', hash: '#/installningar', action: 'form.write', sv: 'Inställningar', en: 'Settings' },
  // Imports (issue 15).
  { nav: 'import', hash: '#/importera', action: 'import.write', sv: 'Importera', en: 'Import' },
  // Agreements and costs, the demand forecast (issue 18: forms2).
  { nav: 'agreements', hash: '#/avtal', action: 'agreement.read', sv: 'Avtal och kostnader', en: 'Agreements and costs' },
  // Exchange of places between regions (issue 17).
  { nav: 'exchange', hash: '#/utbyte', action: 'exchange.read', sv: 'Utbyte', en: 'Exchange' },
  // Prognos: the demand forecast's page (issue 18).
  { nav: 'forecast', hash: '#/prognos', action: 'forecast.read', sv: 'Prognos', en: 'Forecast' },
  // What-if scenarios (issue 18: scenui).
  { nav: 'scenarios', hash: '#/scenarier', action: 'planning.read', sv: 'Scenarier', en: 'Scenarios' },
];

// The navigation pages a session's actions open, in order.
export function navFor(actions) {
  return NAV_PAGES.filter((p) => actions.includes(p.action));
}

// Adds the session cookie of a log-in ({ cookie: "randa_session=..." }) to
// a browser context for the server at base.
export async function addSession(context, base, s) {
  const i = s.cookie.indexOf('=');
  await context.addCookies([{
    name: s.cookie.slice(0, i), value: s.cookie.slice(i + 1), url: base, httpOnly: true, sameSite: 'Strict',
  }]);
}

// A fresh browser context (its own storage) and page, with every console
// error, uncaught exception, failed request and CSP violation collected.
// With server, the context is logged in: as the tests' user "tester" (the
// harness's session) or as user (logged in through the API with the demo
// password); user null leaves it logged out.
export async function openPage(browser, { width = 1440, height = 900, server = null, user = 'tester', timezoneId = 'Europe/Stockholm' } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, locale: 'sv-SE', timezoneId,
  });
  if (server && user) {
    const s = user === 'tester' ? server.session : await login(server.base, user);
    assert.ok(s && s.cookie, `log in as ${user}: ${JSON.stringify(s && s.body)}`);
    await addSession(context, server.base, s);
  }
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  // A request the test's own navigation cuts short (ERR_ABORTED) is no fault.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || '';
    if (!why.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()} ${why}`);
  });
  return { context, page, problems };
}

// GET /api/v1{path}, which must answer 200; returns the body.
export async function apiGet(server, path) {
  const res = await get(server.base, `/api/v1${path}`);
  assert.equal(res.status, 200, `GET ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

// Saves a screenshot of the page (of the window, when a panel is open),
// without the passing notifications.
export async function shot(page, name) {
  await page.evaluate(() => {
    document.getElementById('toasts').replaceChildren();
    window.scrollTo(0, 0);
  });
  const panelOpen = await page.evaluate(() => Boolean(document.querySelector('dialog[open]')));
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: !panelOpen });
}

// Fails, naming each broken rule (its id, impact and help, and the first
// few elements it found), unless the page as it is now, open dialogs and
// all, meets the WCAG 2.1 A and AA rules axe-core checks. label says which
// page or state it was. ignore lists a rule's proven false positives, each
// { rule, selector, why }: only the elements matching selector are let off,
// for that rule only, and why says why they are no fault. axe is put into
// the page through the DevTools protocol (not a script tag), so the page's
// content security policy stays as it is.
export async function assertAccessible(page, label, { ignore = [] } = {}) {
  for (const x of ignore) assert.ok(x.rule && x.selector && x.why, `${label}: ignore needs a rule, a selector and why`);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  // Colours are judged as they settle: a button's 0.12 s transition caught
  // half-way (a slow machine) is no contrast fault.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  const violations = await page.evaluate(async ({ tags, ignore }) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], elementRef: true });
    const ignored = (v, n) => ignore.some((x) => x.rule === v.id && n.element && n.element.matches(x.selector));
    return res.violations.map((v) => ({ ...v, nodes: v.nodes.filter((n) => !ignored(v, n)) }))
      .filter((v) => v.nodes.length)
      .map((v) => ({
        id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
        nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target.join(' '), why: n.failureSummary })),
      }));
  }, { tags: WCAG_AA, ignore });
  const text = violations.map((v) => [
    `- ${v.id} (${v.impact}, ${v.count} element${v.count === 1 ? '' : 's'}): ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target}\n      ${(n.why || '').replace(/\n\s*/g, ' ')}`),
  ].join('\n')).join('\n');
  assert.ok(violations.length === 0, `${label}: ${violations.length} WCAG 2.1 AA violation(s):\n${text}`);
}
