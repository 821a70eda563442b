// What the browser tests share: Debian's headless Chromium (never a
// downloaded one) on a real `randa serve` over a fresh demo region, pages
// that collect every console error, exception and failed request, API reads
// and screenshots into tests/browser/screenshots/.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, get } from '../api/harness.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
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

// A fresh browser context (its own storage) and page, with every console
// error, uncaught exception, failed request and CSP violation collected.
export async function openPage(browser, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm',
  });
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
