// Logga in: the form shown whenever nobody is logged in. After a log-in the
// app renders the page the address names, so a user whose session ended
// comes back to where they were.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, has } from '../i18n.js';
import { field, errorText } from '../components.js';

// Renders the form into view; onLogin(session body) runs after the server
// accepted the user name and password. note: 'expired' when a session just
// ended, 'logged_out' after logging out, or a text to show.
export function render(view, { onLogin, note }) {
  const user = h('input', {
    type: 'text', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false', 'data-field': 'username',
  });
  const pass = h('input', {
    type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'data-field': 'password',
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary login-submit' }, t('login.submit'));
  const errSlot = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const noteText = note === 'expired' ? t('login.expired') : note === 'logged_out' ? t('login.logged_out') : note;
  const form = h('form', { class: 'login-form', novalidate: true },
    field(t('login.username'), user),
    field(t('login.password'), pass),
    errSlot,
    h('div', { class: 'form-actions' }, submit));

  // Single sign-on (issue 19): "Logga in med SITHS" above the form, or
  // alone when local passwords are off (the form then waits behind a
  // disclosure for the break-glass administrator). What became of a log-in
  // through the provider comes back as ?sso=OUTCOME.
  const outcome = new URLSearchParams(window.location.search).get('sso');
  const ssoNote = outcome && has(`login.sso.${outcome}`) ? t(`login.sso.${outcome}`) : null;
  if (outcome) window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  const ssoSlot = h('div', { class: 'login-sso' });
  const lead = h('p', { class: 'lead' }, t('login.lead'));
  const formSlot = h('div', { class: 'login-local' }, form);

  const card = h('section', { class: 'card login-card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, t('login.title')),
    noteText ? h('p', { class: 'notice notice-warn login-note', role: 'status' }, noteText) : null,
    ssoNote ? h('p', { class: 'notice notice-error login-sso-note', role: 'alert', dataset: { code: outcome } }, ssoNote) : null,
    ssoSlot,
    lead,
    formSlot);
  view.append(h('div', { class: 'login-page' }, card));

  api.get('/sso').then((sso) => {
    if (!sso || !sso.enabled) return;
    const go = h('button', { type: 'button', class: 'btn btn-primary login-sso-button' }, t('login.sso', { name: sso.name }));
    const ssoErr = h('div', { class: 'form-error', 'aria-live': 'assertive' });
    go.addEventListener('click', async () => {
      go.disabled = true;
      go.textContent = t('login.sso_going', { name: sso.name });
      ssoErr.replaceChildren();
      try {
        const r = await api.post('/sso/login');
        window.location.assign(r.authorization_url);
      } catch (e) {
        go.disabled = false;
        go.textContent = t('login.sso', { name: sso.name });
        // The provider down: named, and the password form offered when
        // there is one (the server says so only in English).
        const text = e.code === 'provider_down'
          ? t(sso.local_passwords ? 'login.sso_down_local' : 'login.sso_down', { name: sso.name })
          : loginErrorText(e);
        ssoErr.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert', dataset: { code: e.code || '' } }, text));
      }
    });
    ssoSlot.replaceChildren(go, ssoErr);
    if (sso.local_passwords) {
      lead.textContent = t('login.sso_or');
    } else {
      lead.textContent = t('login.sso_only', { name: sso.name });
      formSlot.replaceChildren(h('details', { class: 'login-break-glass' },
        h('summary', null, t('login.break_glass')), form));
    }
    if (!noteText) go.focus();
  }, () => {
    // No answer: the local form stays as it is.
  });

  function fail(message, el, code) {
    errSlot.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert', dataset: { code: code || '' } }, message));
    for (const x of [user, pass]) x.removeAttribute('aria-invalid');
    if (el) {
      el.setAttribute('aria-invalid', 'true');
      el.focus();
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    const username = user.value.trim();
    if (!username) {
      fail(t('login.need_username'), user);
      return;
    }
    if (!pass.value) {
      fail(t('login.need_password'), pass);
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.sending');
    try {
      const body = await api.post('/session', { username, password: pass.value });
      onLogin(body);
    } catch (e) {
      submit.disabled = false;
      submit.textContent = t('login.submit');
      pass.value = '';
      // Our own words for the server's code: wrong name or password, or
      // locked for a while.
      fail(loginErrorText(e), e.field === 'username' ? user : pass, e.code);
    }
  });
  queueMicrotask(() => user.focus());
}

// A refused log-in in the user's language: the log-in page's own text for
// the code ("login.error.locked"), else the words every page uses. The
// server does not say how long a lock lasts other than in its English
// message, so the text names no number of minutes.
function loginErrorText(e) {
  return e && e.code && has(`login.error.${e.code}`) ? t(`login.error.${e.code}`) : errorText(e);
}
