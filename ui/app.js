// Randa's web UI: the page shell, the language switch and the hash router
// (#/platser, #/st-lakare/12, ...), so the server needs no routing of its own.

import { t, lang, setLang } from './i18n.js';
import { h } from './dom.js';
import * as places from './pages/places.js';
import * as trainees from './pages/trainees.js';
import * as trainee from './pages/trainee.js';
import * as units from './pages/units.js';
import * as unit from './pages/unit.js';
import * as bookings from './pages/bookings.js';
import * as planning from './pages/planning.js';

const ROUTES = [
  { re: /^\/platser$/, nav: 'places', render: places.render },
  { re: /^\/st-lakare$/, nav: 'trainees', render: trainees.render },
  { re: /^\/st-lakare\/(\d+)$/, nav: 'trainees', render: trainee.render },
  { re: /^\/enheter$/, nav: 'units', render: units.render },
  { re: /^\/enheter\/(\d+)$/, nav: 'units', render: unit.render },
  { re: /^\/bokningar$/, nav: 'bookings', render: bookings.render },
  { re: /^\/planering(?:\/(\d+))?$/, nav: 'planning', render: planning.render },
];

const START = '#/platser';

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
}

function markNav(nav) {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function notFound(view) {
  view.append(h('header', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('common.not_found'))),
    h('p', null, h('a', { href: START }, t('common.back_to_start'))));
}

let firstRender = true;

// Renders the page the address names into a fresh view. A page that is
// still loading when the user moves on writes into its detached view,
// which nobody sees.
function route() {
  const { path, query } = currentRoute();
  if (path === '' || path === '/') {
    window.location.replace(START);
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
  } else {
    markNav(r.nav);
    const params = r.re.exec(path).slice(1);
    document.title = `${t(`nav.${r.nav}`)} – ${t('app.name')}`;
    r.render(view, { params, query });
  }
  if (!firstRender) {
    const h1 = view.querySelector('h1');
    if (h1) h1.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

function start() {
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
  window.addEventListener('hashchange', route);
  route();
}

start();
