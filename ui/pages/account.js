// Mitt konto: who is logged in and with which roles, changing one's own
// password, logging out everywhere, and one's own API tokens (made here and
// shown once, listed and revoked).

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import * as session from '../session.js';
import { t, tn, vocab, fmtDateTime } from '../i18n.js';
import {
  pageHead, section, errorBox, errorText, fieldNote, loading, empty, field, select, table, notify, markInvalid, roleText, reasonNode,
} from '../components.js';
import { compareText } from '../i18n.js';
import { access, unitSubject } from '../access.js';
import { watchesSection } from '../reoffer.js';

// onLoggedOut(note) runs after every session of the user has ended.
export function render(view, { onLoggedOut }) {
  const s = session.get();
  const roles = session.roles();
  view.append(
    pageHead(t('account.title'), t('account.lead')),
    h('div', { class: 'page-body' },
      h('dl', { class: 'facts card account-facts' },
        h('div', null, h('dt', null, t('account.name')), h('dd', null, s.user.name)),
        h('div', null, h('dt', null, t('account.username')), h('dd', { dataset: { field: 'username' } }, s.user.username)),
        h('div', null, h('dt', null, t('account.expires')), h('dd', null, fmtDateTime(s.expires_at)))),
      section(t('account.roles'), roleList(roles)),
      section(t('account.password'), passwordForm()),
      section(t('account.everywhere'), h('p', { class: 'hint' }, t('account.everywhere.lead')), logoutAll(onLoggedOut)),
      session.can('watch.write') ? watchesSection() : null,
      tokens(),
      notificationPrefs()));
  // Calendar feeds (issue 15), for those who may subscribe to rotations.
  if (session.can('calendar.feed')) view.querySelector('.page-body').append(feeds());
}

// How many roles the page lists before the rest fold away.
const ROLES_OPEN = 12;

// The user's roles; beyond the first few, behind "show all".
function roleList(roles) {
  if (!roles.length) return empty(t('header.no_roles'));
  const item = (r) => h('li', { dataset: { role: r.role } }, roleText(r));
  const list = h('ul', { class: 'role-list' }, roles.slice(0, ROLES_OPEN).map(item));
  if (roles.length <= ROLES_OPEN) return list;
  return [list, h('details', { class: 'role-more' },
    h('summary', null, tn('account.roles.more', roles.length - ROLES_OPEN)),
    h('ul', { class: 'role-list' }, roles.slice(ROLES_OPEN).map(item)))];
}

// The form to change one's own password; the server names a bad field.
function passwordForm() {
  const current = h('input', { type: 'password', name: 'current_password', 'data-field': 'current_password', autocomplete: 'current-password', required: true });
  const fresh = h('input', { type: 'password', name: 'new_password', 'data-field': 'new_password', autocomplete: 'new-password', required: true, minlength: '12' });
  const again = h('input', { type: 'password', name: 'new_password_again', 'data-field': 'new_password_again', autocomplete: 'new-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('account.password.submit'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'password-form', novalidate: true },
    h('div', { class: 'field-row' },
      field(t('account.password.current'), current),
      field(t('account.password.new'), fresh, { hint: t('password.rules') }),
      field(t('account.password.again'), again)),
    errSlot,
    h('div', { class: 'form-actions' }, submit));

  const fail = (err) => {
    const el = markInvalid(form, err);
    replace(errSlot, h('div', { class: 'notice notice-error', role: 'alert', dataset: { field: err.field || '' } },
      h('strong', null, t('error.title')), ' ', errorText(err), fieldNote(err, el), reasonNode(err)));
    if (!el && err.field) fresh.focus();
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    markInvalid(form, null);
    let bad = null;
    if (!current.value) bad = { field: 'current_password', message: t('error.required') };
    else if (!fresh.value) bad = { field: 'new_password', message: t('error.required') };
    else if (fresh.value !== again.value) bad = { field: 'new_password_again', message: t('account.password.mismatch') };
    if (bad) {
      fail(bad);
      return;
    }
    submit.disabled = true;
    try {
      await api.post('/session/password', { current_password: current.value, new_password: fresh.value });
      form.reset();
      replace(errSlot, h('p', { class: 'notice notice-ok', role: 'status' }, t('account.password.changed')));
      notify(t('account.password.changed'));
    } catch (e) {
      fail(e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// "Logga ut överallt": asks once, then ends every session of the user.
function logoutAll(onLoggedOut) {
  const btn = h('button', { type: 'button', class: 'btn', id: 'logout-all' }, t('account.everywhere.button'));
  const errSlot = h('div');
  btn.addEventListener('click', async () => {
    if (btn.dataset.armed !== 'true') {
      btn.dataset.armed = 'true';
      btn.textContent = t('account.everywhere.confirm');
      btn.classList.add('btn-danger');
      return;
    }
    btn.disabled = true;
    try {
      const r = await api.post('/session/logout-all');
      onLoggedOut(tn('account.everywhere.done', r.sessions_ended));
    } catch (e) {
      btn.disabled = false;
      replace(errSlot, errorBox(e));
    }
  });
  return h('div', { class: 'logout-all' }, h('div', { class: 'actions' }, btn), errSlot);
}

// The user's API tokens: a list with revoke buttons and a form for a new
// one, whose secret shows once.
function tokens() {
  const listSlot = h('div', null, loading());
  const shownSlot = h('div', { tabindex: '-1', class: 'token-shown' });
  const name = h('input', { type: 'text', name: 'token_name', 'data-field': 'name', maxlength: '100', required: true, autocomplete: 'off' });
  const access = select([
    { value: 'read', label: vocab('access', 'read') },
    { value: 'write', label: vocab('access', 'write') },
  ], 'read', { name: 'access', 'data-field': 'access' });
  const days = h('input', { type: 'number', name: 'days', 'data-field': 'days', min: '1', max: '3650', step: '1', value: '90', class: 'input-narrow', inputmode: 'numeric' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('tokens.create'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'token-form', novalidate: true },
    h('h3', null, t('tokens.new')),
    h('div', { class: 'field-row' },
      field(t('tokens.name'), name),
      field(t('tokens.access'), access),
      field(t('tokens.days'), days, { hint: t('tokens.days.hint') })),
    errSlot,
    h('div', { class: 'form-actions' }, submit));

  async function load() {
    try {
      const page = await api.get('/tokens');
      const items = page.items || [];
      replace(listSlot, items.length ? tokenTable(items, load) : empty(t('tokens.none')));
    } catch (e) {
      replace(listSlot, errorBox(e));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    markInvalid(form, null);
    const body = { name: name.value.trim(), access: access.value };
    if (!body.name) {
      markInvalid(form, { field: 'name' });
      replace(errSlot, h('p', { class: 'field-error', role: 'alert' }, t('error.required')));
      return;
    }
    if (days.value !== '') body.days = Number(days.value);
    submit.disabled = true;
    try {
      const made = await api.post('/tokens', body);
      form.reset();
      const secret = h('input', { type: 'text', readonly: true, value: made.token, class: 'token-secret', 'aria-label': t('tokens.secret') });
      replace(shownSlot, h('div', { class: 'notice notice-ok', role: 'status' },
        h('p', null, h('strong', null, t('tokens.made', { name: made.name }))),
        h('p', null, t('tokens.once')),
        secret));
      shownSlot.focus();
      secret.select();
      load();
    } catch (e) {
      markInvalid(form, e);
      replace(errSlot, errorBox(e));
    } finally {
      submit.disabled = false;
    }
  });

  load();
  return section(t('tokens.title'), h('p', { class: 'hint' }, t('tokens.lead')), shownSlot, listSlot, form);
}

function tokenState(tk) {
  if (tk.revoked_at) return t('tokens.revoked');
  if (tk.expires_at && Date.parse(tk.expires_at) < Date.now()) return t('tokens.expired');
  return t('tokens.active');
}

function tokenTable(items, reload) {
  return table(
    [t('tokens.name'), t('tokens.access'), t('tokens.created'), t('tokens.expires'), t('tokens.used'), t('tokens.state'), t('tokens.actions')],
    items.map((tk) => {
      const errSlot = h('div', { class: 'action-error' });
      const revoke = tk.revoked_at ? null : h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': `${t('tokens.revoke')} ${tk.name}` }, t('tokens.revoke'));
      if (revoke) {
        revoke.addEventListener('click', async () => {
          if (revoke.dataset.armed !== 'true') {
            revoke.dataset.armed = 'true';
            revoke.textContent = t('tokens.revoke.confirm');
            revoke.setAttribute('aria-label', `${t('tokens.revoke.confirm')} ${tk.name}`);
            revoke.classList.add('btn-danger');
            return;
          }
          revoke.disabled = true;
          try {
            await api.del(`/tokens/${tk.id}`);
            notify(t('tokens.revoked.done', { name: tk.name }));
            reload();
          } catch (e) {
            revoke.disabled = false;
            replace(errSlot, errorBox(e));
          }
        });
      }
      return h('tr', { dataset: { token: tk.id } },
        h('td', null, tk.name),
        h('td', null, vocab('access', tk.access)),
        h('td', { class: 'num' }, fmtDateTime(tk.created_at)),
        h('td', { class: 'num' }, tk.expires_at ? fmtDateTime(tk.expires_at) : t('tokens.never')),
        h('td', { class: 'num' }, tk.used_at ? fmtDateTime(tk.used_at) : t('common.none')),
        h('td', null, tokenState(tk)),
        h('td', null, revoke, errSlot));
    }),
    { class: 'table table-tokens' });
}

// ---- notifications by e-mail (issue 14) ----

// The form of which notifications also come by e-mail, to which address,
// one at a time or in a daily digest.
function notificationPrefs() {
  const slot = h('div', null, loading());
  const box = section(t('notifications.prefs'), h('p', { class: 'hint' }, t('notifications.prefs.lead')), slot);
  box.id = 'notification-prefs';
  (async () => {
    let p;
    try {
      p = await api.get('/notifications/preferences');
    } catch (e) {
      replace(slot, errorBox(e));
      return;
    }
    const email = h('input', { type: 'email', name: 'email', 'data-field': 'email', autocomplete: 'email', value: p.email || '', placeholder: p.person_email || '' });
    const kinds = p.kinds.map((k) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'email_kinds', value: k, checked: p.email_kinds.includes(k) }), ' ', t(`notif.kind.${k}`)));
    const how = (value, text) => h('label', { class: 'check' },
      h('input', { type: 'radio', name: 'digest', value, checked: String(p.digest) === value }), ' ', text);
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.save'));
    const errSlot = h('div', { class: 'form-error' });
    const form = h('form', { class: 'notification-prefs-form', novalidate: true },
      p.mail_enabled ? null : h('p', { class: 'notice notice-warn' }, t('notifications.prefs.no_mail')),
      field(t('notifications.prefs.email'), email, {
        hint: p.person_email ? t('notifications.prefs.email.hint', { email: p.person_email }) : t('notifications.prefs.email.none') }),
      h('fieldset', { class: 'checks', 'data-field': 'email_kinds' }, h('legend', null, t('notifications.prefs.kinds')), kinds),
      h('fieldset', { class: 'checks' }, h('legend', null, t('notifications.prefs.how')),
        how('false', t('notifications.prefs.single')), how('true', t('notifications.prefs.digest'))),
      errSlot,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      errSlot.replaceChildren();
      markInvalid(form, null);
      submit.disabled = true;
      try {
        await api.put('/notifications/preferences', {
          email: email.value.trim() || null,
          email_kinds: [...form.querySelectorAll('input[name="email_kinds"]:checked')].map((c) => c.value),
          digest: form.querySelector('input[name="digest"]:checked')?.value === 'true',
        });
        replace(errSlot, h('p', { class: 'notice notice-ok', role: 'status' }, t('notifications.prefs.saved')));
        notify(t('notifications.prefs.saved'));
      } catch (e) {
        markInvalid(form, e);
        replace(errSlot, h('div', { class: 'notice notice-error', role: 'alert', dataset: { field: e.field || '' } },
          h('strong', null, t('error.title')), ' ', errorText(e)));
      } finally {
        submit.disabled = false;
      }
    });
    replace(slot, form);
  })();
  return box;
}

// ---- calendar feeds (issue 15) ----

// The kind and id a trainee's or unit's page asked a feed of
// (#/konto?kalender=unit-12), or null.
function askedFeed() {
  const raw = window.location.hash;
  const q = new URLSearchParams(raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '');
  const m = /^(trainee|unit)-(\d+)$/.exec(q.get('kalender') || '');
  return m ? { kind: m[1], id: m[2] } : null;
}

// The user's calendar feeds: a list with revoke buttons, and a form for a
// new one whose address shows once, with a button that copies it.
function feeds() {
  const asked = askedFeed();
  const listSlot = h('div', null, loading());
  const shownSlot = h('div', { tabindex: '-1', class: 'feed-shown' });
  const kind = select([
    { value: 'trainee', label: t('feeds.kind.trainee') },
    { value: 'unit', label: t('feeds.kind.unit') },
  ], asked ? asked.kind : 'trainee', { name: 'feed_kind', 'data-field': 'kind' });
  const subject = select([{ value: '', label: t('common.loading') }], '', { name: 'feed_subject', 'data-field': 'subject_id', required: true });
  const name = h('input', { type: 'text', name: 'feed_name', 'data-field': 'name', maxlength: '100', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('feeds.create'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'feed-form', novalidate: true },
    h('h3', null, t('feeds.new')),
    h('div', { class: 'field-row' },
      field(t('feeds.kind'), kind),
      field(t('feeds.subject'), subject, { className: 'field-wide' }),
      field(t('feeds.name'), name, { hint: t('feeds.name.hint') })),
    errSlot,
    h('div', { class: 'form-actions' }, submit));

  // The trainees or units the user may subscribe to, for the select.
  let seq = 0;
  async function fillSubjects(preselect) {
    const mine = ++seq;
    let options = [];
    try {
      if (kind.value === 'trainee') {
        const list = await api.getAll('/trainees', {}, 5000);
        options = list.map((x) => ({ value: x.id, label: x.name }));
      } else {
        const may = await access();
        options = (await api.units()).filter((u) => may('calendar.feed', unitSubject(u)))
          .map((u) => ({ value: u.id, label: u.name }));
      }
    } catch (e) {
      if (mine === seq) replace(errSlot, errorBox(e));
      return;
    }
    if (mine !== seq) return;
    options.sort((a, b) => compareText(a.label, b.label));
    subject.replaceChildren(...[{ value: '', label: t('feeds.subject.choose') }, ...options]
      .map((o) => h('option', { value: String(o.value), selected: String(o.value) === String(preselect ?? '') }, o.label)));
  }
  kind.addEventListener('change', () => fillSubjects());

  async function load() {
    try {
      const page = await api.get('/feeds', { limit: 500 });
      const items = page.items || [];
      replace(listSlot, items.length ? feedTable(items, load) : empty(t('feeds.none')));
    } catch (e) {
      replace(listSlot, errorBox(e));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    markInvalid(form, null);
    if (!subject.value) {
      markInvalid(form, { field: 'subject_id' });
      replace(errSlot, h('p', { class: 'field-error', role: 'alert' }, t('error.required')));
      return;
    }
    const body = { kind: kind.value, subject_id: Number(subject.value) };
    if (name.value.trim()) body.name = name.value.trim();
    submit.disabled = true;
    try {
      const made = await api.post('/feeds', body);
      name.value = '';
      const url = h('input', { type: 'text', readonly: true, value: made.url, class: 'feed-url-input', 'aria-label': t('feeds.url') });
      const copy = h('button', { type: 'button', class: 'btn', dataset: { action: 'copy-feed' } }, t('feeds.copy'));
      const copied = h('span', { class: 'hint', role: 'status' });
      copy.addEventListener('click', async () => {
        url.select();
        try {
          await navigator.clipboard.writeText(made.url);
        } catch {
          document.execCommand('copy'); // older browsers; the text is selected
        }
        copied.textContent = t('feeds.copied');
      });
      replace(shownSlot, h('div', { class: 'notice notice-ok', role: 'status', dataset: { feed: made.id } },
        h('p', null, h('strong', null, t('feeds.made', { name: made.name }))),
        h('p', null, t('feeds.once')),
        h('div', { class: 'feed-url' }, url, copy),
        copied));
      shownSlot.focus();
      url.select();
      load();
    } catch (e) {
      markInvalid(form, e);
      replace(errSlot, errorBox(e));
    } finally {
      submit.disabled = false;
    }
  });

  load();
  fillSubjects(asked ? asked.id : null);
  const sec = section(t('feeds.title'), h('p', { class: 'hint' }, t('feeds.lead')), shownSlot, listSlot, form);
  sec.id = 'kalender';
  // Asked for from a trainee's or unit's page: the form is where to look.
  if (asked) setTimeout(() => sec.scrollIntoView({ block: 'start' }), 0);
  return sec;
}

function feedTable(items, reload) {
  return table(
    [t('feeds.name'), t('feeds.shows'), t('tokens.created'), t('feeds.used'), t('tokens.state'), t('tokens.actions')],
    items.map((f) => {
      const errSlot = h('div', { class: 'action-error' });
      const revoke = f.revoked_at ? null : h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'revoke-feed' }, 'aria-label': `${t('feeds.revoke')} ${f.name}` }, t('feeds.revoke'));
      if (revoke) {
        revoke.addEventListener('click', async () => {
          if (revoke.dataset.armed !== 'true') {
            revoke.dataset.armed = 'true';
            revoke.textContent = t('feeds.revoke.confirm');
            revoke.setAttribute('aria-label', `${t('feeds.revoke.confirm')} ${f.name}`);
            revoke.classList.add('btn-danger');
            return;
          }
          revoke.disabled = true;
          try {
            await api.del(`/feeds/${f.id}`);
            notify(t('feeds.revoked.done', { name: f.name }));
            reload();
          } catch (e) {
            revoke.disabled = false;
            replace(errSlot, errorBox(e));
          }
        });
      }
      const shows = `${t(`feeds.kind.${f.kind}`)}: ${f.subject.name ?? `#${f.subject.id}`}`;
      return h('tr', { dataset: { feed: f.id, state: f.revoked_at ? 'revoked' : 'active' } },
        h('td', null, f.name),
        h('td', null, shows),
        h('td', { class: 'num' }, fmtDateTime(f.created_at)),
        h('td', { class: 'num' }, f.used_at ? fmtDateTime(f.used_at) : t('common.none')),
        h('td', null, f.revoked_at ? t('tokens.revoked') : t('tokens.active')),
        h('td', null, revoke, errSlot));
    }),
    { class: 'table table-feeds' });
}
