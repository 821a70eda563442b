// Logga in: the form shown whenever nobody is logged in. After a log-in the
// app renders the page the address names, so a user whose session ended
// comes back to where they were.

import { h } from '../dom.js';
import * as api from '../api.js';
import { t, has } from '../i18n.js';
import { field } from '../components.js';

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

  const card = h('section', { class: 'card login-card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, t('login.title')),
    h('p', { class: 'lead' }, t('login.lead')),
    noteText ? h('p', { class: 'notice notice-warn login-note', role: 'status' }, noteText) : null,
    form);
  view.append(h('div', { class: 'login-page' }, card));

  function fail(message, el, code) {
    const known = code && has(`login.error.${code}`);
    errSlot.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert', dataset: { code: code || '' } },
      known ? [h('strong', null, t(`login.error.${code}`)), ' '] : null, message));
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
      // The server's own words: wrong name or password, or locked for a while.
      fail(e.message, e.field === 'username' ? user : pass, e.code);
    }
  });
  queueMicrotask(() => user.focus());
}
