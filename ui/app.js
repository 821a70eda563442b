// Randa's web UI: the page shell (navigation, the logged-in user, the
// language switch), the log-in page when nobody is logged in, and the hash
// router (#/platser, #/st-lakare/12, ...), so the server needs no routing of
// its own. What the navigation offers follows the session's actions.

import { t, lang, setLang } from './i18n.js';
import { h } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { roleText, errorText } from './components.js';
import * as login from './pages/login.js';
import * as places from './pages/places.js';
import * as trainees from './pages/trainees.js';
import * as trainee from './pages/trainee.js';
import * as units from './pages/units.js';
import * as unit from './pages/unit.js';
import * as bookings from './pages/bookings.js';
import * as planning from './pages/planning.js';
import * as users from './pages/users.js';
import * as log from './pages/log.js';
import * as account from './pages/account.js';
import * as todo from './pages/todo.js';
import * as goals from './pages/goals.js';
import * as supervisors from './pages/supervisors.js';
import * as supervisor from './pages/supervisor.js';
import * as rotation from './pages/rotation.js';
import * as freed from './pages/freed.js';
import * as metrics from './pages/metrics.js';
import * as doctors from './pages/doctors.js';
import * as settings from './pages/settings.js';
import * as notifications from './pages/notifications.js';
import * as bell from './bell.js';
// Imports (issue 15).
import * as importPage from './pages/import.js';
// Agreements and costs, the demand forecast (issue 18: forms2).
import * as agreements from './pages/agreements.js';
// Exchange of places between regions (issue 17).
import * as exchange from './pages/exchange.js';
// Prognos: the demand forecast's page (issue 18).
import * as forecast from './pages/forecast.js';
// What-if scenarios (issue 18: scenui).
import * as scenarios from './pages/scenarios.js';

// The navigation, in order; each item shows only to users whose actions
// include need.
const NAV = [
  { nav: 'places', href: '#/platser', need: 'places.read' },
  { nav: 'trainees', href: '#/st-lakare', need: 'trainee.read' },
  { nav: 'todo', href: '#/att-gora', need: 'todo.read' },
  { nav: 'units', href: '#/enheter', need: 'unit.read' },
  { nav: 'supervisors', href: '#/handledare', need: 'supervisor.read' },
  { nav: 'doctors', href: '#/lakare', need: 'program.read' },
  { nav: 'goals', href: '#/delmal', need: 'reference.write' },
  { nav: 'bookings', href: '#/bokningar', need: 'booking.read' },
  { nav: 'planning', href: '#/planering', need: 'planning.read' },
  { nav: 'metrics', href: '#/matetal', need: 'figures.read' },
  { nav: 'users', href: '#/anvandare', need: 'user.admin' },
  { nav: 'log', href: '#/logg', need: 'audit.read' },
  { nav: 'settings', href: '#/installningar', need: 'form.write' },
  // Imports of CSV and Excel files (issue 15).
  { nav: 'import', href: '#/importera', need: 'import.write' },
  // Agreements and costs, the demand forecast (issue 18: forms2).
  { nav: 'agreements', href: '#/avtal', need: 'agreement.read' },
  // Exchange of places between regions (issue 17).
  { nav: 'exchange', href: '#/utbyte', need: 'exchange.read' },
  // Prognos: the demand forecast's page (issue 18).
  { nav: 'forecast', href: '#/prognos', need: 'forecast.read' },
  // What-if scenarios (issue 18: scenui).
  { nav: 'scenarios', href: '#/scenarier', need: 'planning.read' },
];

// Every page: the address it answers, its nav item, the action it needs
// (null: any logged-in user) and its renderer.
const ROUTES = [
  { re: /^\/platser$/, nav: 'places', need: 'places.read', render: places.render },
  // Freed places and their candidates (issue 14).
  { re: /^\/lediga(?:\/(\d+))?$/, nav: 'places', need: 'places.read', render: freed.render },
  { re: /^\/st-lakare$/, nav: 'trainees', need: 'trainee.read', render: trainees.render },
  { re: /^\/st-lakare\/(\d+)$/, nav: 'trainees', need: 'trainee.read', render: trainee.render },
  { re: /^\/att-gora$/, nav: 'todo', need: 'todo.read', render: todo.render },
  { re: /^\/delmal$/, nav: 'goals', need: 'reference.write', render: goals.render },
  { re: /^\/enheter$/, nav: 'units', need: 'unit.read', render: units.render },
  { re: /^\/enheter\/(\d+)$/, nav: 'units', need: 'unit.read', render: unit.render },
  { re: /^\/handledare$/, nav: 'supervisors', need: 'supervisor.read', render: supervisors.render },
  { re: /^\/handledare\/(\d+)$/, nav: 'supervisors', need: 'supervisor.read', render: supervisor.render },
  { re: /^\/lakare$/, nav: 'doctors', need: 'program.read', render: doctors.render },
  { re: /^\/bokningar$/, nav: 'bookings', need: 'booking.read', render: bookings.render },
  { re: /^\/randningar\/(\d+)$/, nav: 'bookings', need: 'booking.read', render: rotation.render },
  { re: /^\/planering(?:\/(\d+))?$/, nav: 'planning', need: 'planning.read', render: planning.render },
  { re: /^\/matetal(?:\/([a-z0-9_]+))?$/, nav: 'metrics', need: 'figures.read', render: metrics.render },
  { re: /^\/anvandare$/, nav: 'users', need: 'user.admin', render: users.render },
  { re: /^\/logg$/, nav: 'log', need: 'audit.read', render: log.render },
  { re: /^\/installningar$/, nav: 'settings', need: 'form.write', render: settings.render },
  { re: /^\/aviseringar$/, nav: 'notifications', need: null, render: notifications.render },
  // Imports of CSV and Excel files (issue 15).
  { re: /^\/importera$/, nav: 'import', need: 'import.write', render: importPage.render },
  // Agreements and costs, the demand forecast (issue 18: forms2).
  { re: /^\/avtal$/, nav: 'agreements', need: 'agreement.read', render: agreements.render },
  // Exchange of places between regions (issue 17).
  { re: /^\/utbyte$/, nav: 'exchange', need: 'exchange.read', render: exchange.render },
  // Prognos: the demand forecast's page (issue 18).
  { re: /^\/prognos$/, nav: 'forecast', need: 'forecast.read', render: forecast.render },
  // What-if scenarios (issue 18: scenui).
  { re: /^\/scenarier$/, nav: 'scenarios', need: 'planning.read', render: scenarios.renderList },
  { re: /^\/scenarier\/ny$/, nav: 'scenarios', need: 'planning.run', render: scenarios.renderNew },
  { re: /^\/scenarier\/(\d+)$/, nav: 'scenarios', need: 'planning.read', render: scenarios.renderOne },
  { re: /^\/konto$/, nav: 'account', need: null, render: (view) => account.render(view, { onLoggedOut: loggedOut }) },
];

// How many of the user's roles the header names before "+N".
const ROLES_SHOWN = 3;

// The user's start page: the first page the navigation offers them.
function startHash() {
  const first = NAV.find((x) => session.can(x.need));
  return first ? first.href : '#/konto';
}

// The route in the address: { path: "/st-lakare/12", query: URLSearchParams }.
function currentRoute() {
  const raw = window.location.hash.replace(/^#/, '');
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  return { path, query };
}

// Writes the shell's texts in the language in use.
function paintShell() {
  document.documentElement.lang = lang();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  const sw = document.getElementById('lang-switch');
  const other = lang() === 'sv' ? 'en' : 'sv';
  sw.textContent = t('lang.switch');
  sw.setAttribute('lang', other);
  sw.setAttribute('aria-label', t('lang.switch.label'));
  paintSession();
}

// The navigation and the user box for the session (hidden without one).
function paintSession() {
  const s = session.get();
  const navbar = document.getElementById('navbar');
  const list = document.getElementById('nav-list');
  const box = document.getElementById('userbox');
  list.replaceChildren(...NAV.filter((x) => session.can(x.need)).map((x) => h('li', null,
    h('a', { href: x.href, dataset: { nav: x.nav } }, t(`nav.${x.nav}`)))));
  navbar.hidden = !s || list.children.length === 0;
  document.querySelector('.brand').setAttribute('href', s ? startHash() : '#/');
  if (!s) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const roles = session.roles().map(roleText);
  const shown = roles.slice(0, ROLES_SHOWN).join(' · ');
  const more = roles.length > ROLES_SHOWN ? t('header.roles_more', { n: roles.length - ROLES_SHOWN }) : '';
  const logout = h('button', { type: 'button', class: 'topbar-btn', id: 'logout' }, t('header.logout'));
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    let end = null;
    try {
      end = (await api.del('/session'))?.end_session_url;
    } catch {
      // Already gone on the server: the page forgets it all the same.
    }
    // A session that began at the identity provider ends there too
    // (issue 19); the provider sends the browser back here.
    if (end) {
      session.clear();
      window.location.assign(end);
      return;
    }
    loggedOut('logged_out');
  });
  box.replaceChildren(
    bell.element(),
    h('div', { class: 'user-who' },
      h('a', { class: 'user-name', href: '#/konto', title: t('header.account'), dataset: { nav: 'account' } }, s.user.name || s.user.username),
      h('span', { class: 'user-roles', title: roles.join('\n') || null },
        h('span', { class: 'user-roles-list' }, roles.length ? shown : t('header.no_roles')),
        more ? h('span', { class: 'user-roles-more' }, more) : null)),
    logout);
  box.hidden = false;
}

function markNav(nav) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function notFound(view) {
  view.append(h('header', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('common.not_found'))),
    h('p', null, h('a', { href: startHash() }, t('common.back_to_start'))));
}

function forbidden(view) {
  view.append(h('header', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('common.forbidden'))),
    h('div', { class: 'notice notice-warn forbidden', role: 'alert' }, t('common.forbidden.text')),
    h('p', null, h('a', { href: startHash() }, t('common.back_to_start'))));
}

let firstRender = true;

// The log-in page in place of whatever page the address names; that page
// shows once the user has logged in.
function showLogin(note) {
  paintSession();
  markNav(null);
  const main = document.getElementById('main');
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  document.title = `${t('login.title')} – ${t('app.name')}`;
  login.render(view, {
    note,
    onLogin(body) {
      session.set(body);
      api.clearCache();
      paintSession();
      firstRender = false;
      route();
    },
  });
}

// Forgets the session after a log-out (here or everywhere) and shows the
// log-in page for the start page of whoever logs in next.
function loggedOut(note) {
  session.clear();
  api.clearCache();
  window.history.replaceState(null, '', '#/');
  showLogin(note);
}

// Renders the page the address names into a fresh view. A page that is
// still loading when the user moves on writes into its detached view,
// which nobody sees.
function route() {
  if (!session.get()) {
    showLogin();
    return;
  }
  const { path, query } = currentRoute();
  if (path === '' || path === '/') {
    window.location.replace(startHash());
    return;
  }
  const main = document.getElementById('main');
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  const r = ROUTES.find((x) => x.re.test(path));
  document.title = t('app.name');
  if (!r) {
    markNav(null);
    notFound(view);
  } else if (r.need && !session.can(r.need)) {
    markNav(null);
    document.title = `${t('common.forbidden')} – ${t('app.name')}`;
    forbidden(view);
  } else {
    markNav(r.nav);
    const params = r.re.exec(path).slice(1);
    document.title = `${t(`nav.${r.nav}`)} – ${t('app.name')}`;
    r.render(view, { params, query });
  }
  bell.refresh();
  if (!firstRender) {
    const h1 = view.querySelector('h1');
    if (h1) h1.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

// Asks the server who is logged in: the session, null when nobody is, or
// throws when the server cannot be reached.
async function loadSession() {
  try {
    return await api.get('/session');
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

async function start() {
  paintShell();
  document.getElementById('lang-switch').addEventListener('click', () => {
    setLang(lang() === 'sv' ? 'en' : 'sv');
    paintShell();
    route();
    document.getElementById('lang-switch').focus();
  });
  document.getElementById('skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    document.getElementById('main').focus();
  });
  // The server ended the session (expired, logged out elsewhere): log in
  // again and come back to the same page.
  session.whenEnded(() => {
    api.clearCache();
    showLogin('expired');
  });
  try {
    const s = await loadSession();
    if (s) session.set(s);
  } catch (e) {
    const main = document.getElementById('main');
    main.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, h('strong', null, t('error.title')), ' ', errorText(e)));
    return;
  }
  paintSession();
  window.addEventListener('hashchange', route);
  route();
}

start();
