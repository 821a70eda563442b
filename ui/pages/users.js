// Användare (administrators): every account with its roles; a new account,
// changing an account's roles, disabling and enabling it, and setting a new
// password for it.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDateTime, compareText } from '../i18n.js';
import {
  pageHead, section, errorBox, errorText, fieldNote, field, select, notify, markInvalid, roleText, reasonNode,
} from '../components.js';
import { pagedList, readState } from '../list.js';

const ROLES = ['trainee', 'supervisor', 'director', 'unit_head', 'coordinator', 'admin'];
// What each role's scope_id names (the administrator's role has none).
const SCOPE = {
  trainee: 'trainee', supervisor: 'trainee', director: 'unit', unit_head: 'unit', coordinator: 'region', admin: null,
};
// How many roles a row of the list names before "+N".
const ROLES_SHOWN = 3;

export function render(view, { query }) {
  const list = pagedList({
    label: t('users.title'),
    path: '/users',
    state: readState(query, []),
    hash: '#/anvandare',
    count: (n) => tn('users.count', n),
    tableClass: 'table table-users',
    columns: [t('users.username'), t('users.name'), t('users.roles'), t('users.sso_id'), t('users.status'), t('users.created'), t('users.actions')]
      .map((label) => ({ label })),
    row: (u, l) => userRows(u, 7, () => l.load()),
  });
  const sso = h('div', { class: 'sso-settings-slot' });
  view.append(pageHead(t('users.title'), t('users.lead')),
    h('div', { class: 'page-body' },
      sso,
      section(t('users.new'), newUserForm(() => list.first())),
      list.el));
  list.load();
  ssoSettings(sso);
}

// ---- Single sign-on (issue 19: sso2) ----

// The provider's configuration as randa serve was started with it (read
// only: it is the installation's, not the database's), and whether people
// the provider knows but Randa does not get an account without roles.
async function ssoSettings(slot) {
  let s;
  try {
    s = await api.get('/sso/settings');
  } catch (e) {
    replace(slot, section(t('users.sso.title'), errorBox(e)));
    return;
  }
  const none = t('common.none');
  const dl = h('dl', { class: 'facts sso-config' },
    [['users.sso.provider', s.name], ['users.sso.issuer', s.issuer], ['users.sso.client_id', s.client_id],
      ['users.sso.claim', s.claim],
      ['users.sso.local', s.local_passwords ? t('users.sso.local.on') : t('users.sso.local.off', { user: s.break_glass || none })]]
      .map(([k, v]) => [h('dt', null, t(k)), h('dd', { dataset: { key: k.slice(10) } }, v || none)]));
  if (!s.enabled) {
    replace(slot, section(t('users.sso.title'), h('p', { class: 'hint sso-off' }, t('users.sso.off'))));
    return;
  }
  const box = h('input', { type: 'checkbox', name: 'create_users', 'data-field': 'create_users', checked: Boolean(s.create_users) });
  const boxId = `sso-create-users`;
  box.id = boxId;
  const hintId = 'sso-create-users-hint';
  box.setAttribute('aria-describedby', hintId);
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('common.save'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'sso-settings-form', novalidate: true },
    h('div', { class: 'field field-check' },
      h('label', { for: boxId }, box, ' ', t('users.sso.create', { name: s.name || none }))),
    h('p', { class: 'hint', id: hintId }, t('users.sso.create.hint')),
    errSlot,
    h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    save.disabled = true;
    try {
      const r = await api.put('/sso/settings', { create_users: box.checked });
      box.checked = Boolean(r.create_users);
      const msg = t(r.create_users ? 'users.sso.create.saved_on' : 'users.sso.create.saved_off');
      notify(msg);
      replace(errSlot, h('p', { class: 'notice notice-ok', role: 'status' }, msg));
    } catch (e) {
      showError(form, errSlot, e);
    } finally {
      save.disabled = false;
    }
  });
  replace(slot, section(t('users.sso.title'), dl, form));
}

// Setting (or, left empty, removing) an account's identifier at the
// provider: the value of the configured claim, e.g. the HSA-id.
function ssoForm(u, close, reload) {
  const input = h('input', { type: 'text', name: 'sso_id', 'data-field': 'sso_id', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: '200', value: u.sso_id || '' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'sso-form', novalidate: true },
    h('h3', null, t('users.sso_id.for', { username: u.username })),
    field(t('users.sso_id'), input, { hint: t('users.sso_id.hint') }),
    errSlot,
    h('div', { class: 'form-actions' }, save, cancel));
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    const v = input.value.trim();
    save.disabled = true;
    try {
      await api.put(`/users/${u.id}/sso`, { sso_id: v || null });
      notify(t(v ? 'users.sso_id.saved' : 'users.sso_id.cleared', { username: u.username }));
      reload();
    } catch (e) {
      save.disabled = false;
      showError(form, errSlot, e);
    }
  });
  return form;
}

// ---- end issue 19 ----

// The form for a new account: user name, name, first password and roles.
function newUserForm(onMade) {
  const username = h('input', { type: 'text', name: 'username', 'data-field': 'username', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: '64' });
  const name = h('input', { type: 'text', name: 'name', 'data-field': 'name', autocomplete: 'off', required: true });
  const password = h('input', { type: 'password', name: 'password', 'data-field': 'password', autocomplete: 'new-password', required: true, minlength: '12' });
  const roles = rolesEditor([]);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.create'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'user-form', novalidate: true },
    h('div', { class: 'field-row' },
      field(t('users.username'), username, { hint: t('users.username.hint') }),
      field(t('users.name'), name),
      field(t('users.password'), password, { hint: t('password.rules') })),
    roles.el,
    errSlot,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    markInvalid(form, null);
    const body = { username: username.value.trim(), name: name.value.trim(), password: password.value };
    const missing = ['username', 'name', 'password'].find((k) => !body[k]);
    const read = roles.read();
    const bad = missing ? { field: missing, message: t('error.required') } : read.error;
    if (bad) {
      showError(form, errSlot, bad);
      return;
    }
    body.roles = read.roles;
    submit.disabled = true;
    try {
      const u = await api.post('/users', body);
      form.reset();
      roles.reset([]);
      notify(t('users.made', { username: u.username }));
      replace(errSlot, h('p', { class: 'notice notice-ok', role: 'status', dataset: { user: u.id } }, t('users.made', { username: u.username })));
      onMade();
    } catch (e) {
      showError(form, errSlot, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// An API error (or a check's { field, message }) under a form, with the
// field it names marked.
function showError(form, slot, err) {
  const el = markInvalid(form, err);
  replace(slot, h('div', { class: 'notice notice-error', role: 'alert', dataset: { field: err.field || '' } },
    h('strong', null, t('error.title')), ' ', errorText(err), fieldNote(err, el), reasonNode(err)));
  if (err.mark) err.mark();
}

// The roles of an account as rows of a role and its scope; read() gives
// { roles: [{ role, scope_id }] } or { error } naming the row at fault.
function rolesEditor(initial) {
  const rowsEl = h('ul', { class: 'role-rows' });
  const add = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'add-role' } }, '+ ', t('users.roles.add'));
  const el = h('fieldset', { class: 'roles-editor', 'data-field': 'roles', tabindex: '-1' },
    h('legend', null, t('users.roles')),
    rowsEl,
    h('div', { class: 'actions' }, add));
  let rows = [];

  function renumber() {
    rows.forEach((r, i) => r.label(i + 1));
    if (!rows.length) rowsEl.replaceChildren(h('li', { class: 'empty' }, t('users.roles.none')));
  }
  function addRow(r) {
    if (!rows.length) rowsEl.replaceChildren();
    const row = roleRow(r, () => {
      rows = rows.filter((x) => x !== row);
      row.el.remove();
      renumber();
      add.focus();
    });
    rows.push(row);
    rowsEl.append(row.el);
    renumber();
    return row;
  }
  add.addEventListener('click', () => addRow({ role: 'director', scope_id: null }).focus());

  function reset(list) {
    rows = [];
    rowsEl.replaceChildren();
    for (const r of list) addRow(r);
    renumber();
  }
  reset(initial);

  function read() {
    const roles = [];
    for (const [i, row] of rows.entries()) {
      const v = row.read();
      if (SCOPE[v.role] && !v.scope_id) {
        return { error: { message: t('users.roles.scope_missing', { n: i + 1 }), mark: row.markScope } };
      }
      roles.push(SCOPE[v.role] ? v : { role: v.role });
    }
    return { roles };
  }
  return { el, read, reset };
}

// One role: the role and, when it has one, its scope (a unit, a region, or
// a trainee by number: administrators may not list trainees).
function roleRow(r, onRemove) {
  const roleSel = select(ROLES.map((x) => ({ value: x, label: vocab('role', x) })), r.role, { class: 'role-select', dataset: { part: 'role' } });
  const roleField = field(t('users.role'), roleSel, { className: 'field-role' });
  const scopeSlot = h('div', { class: 'role-scope' });
  const remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { action: 'remove-role' } }, t('users.roles.remove'));
  remove.addEventListener('click', onRemove);
  const el = h('li', { class: 'role-row' }, roleField, scopeSlot, remove);
  let scope = null;
  let keep = { id: r.scope_id, name: r.scope_name };

  function drawScope() {
    const kind = SCOPE[roleSel.value];
    scope = null;
    if (!kind) {
      replace(scopeSlot, h('p', { class: 'hint role-all' }, t('users.scope.all')));
      return;
    }
    if (kind === 'trainee') {
      scope = h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric', class: 'input-narrow', value: keep.id ? String(keep.id) : '', dataset: { part: 'scope' } });
      replace(scopeSlot, field(t('users.scope.trainee'), scope, { hint: keep.id && keep.name ? keep.name : t('users.scope.trainee.hint') }));
      return;
    }
    const first = keep.id ? [{ value: keep.id, label: keep.name || `#${keep.id}` }] : [];
    scope = select([{ value: '', label: t(`users.scope.${kind}.choose`) }, ...first], keep.id || '', { dataset: { part: 'scope' } });
    const sel = scope;
    replace(scopeSlot, field(t(`users.scope.${kind}`), sel, { className: 'field-scope' }));
    (kind === 'unit' ? api.units() : api.regions()).then((list) => {
      const value = sel.value;
      const opts = [...list].sort((a, b) => compareText(a.name, b.name));
      sel.replaceChildren(h('option', { value: '' }, t(`users.scope.${kind}.choose`)),
        ...opts.map((x) => h('option', { value: String(x.id), selected: String(x.id) === value }, x.name)));
    }).catch((e) => scopeSlot.append(errorBox(e)));
  }
  roleSel.addEventListener('change', () => {
    keep = { id: null, name: null };
    drawScope();
  });
  drawScope();

  return {
    el,
    focus: () => roleSel.focus(),
    label(n) {
      roleSel.setAttribute('aria-label', `${t('users.role')} ${n}`);
      remove.setAttribute('aria-label', `${t('users.roles.remove')} ${n}`);
    },
    read() {
      const v = { role: roleSel.value };
      if (scope) v.scope_id = Number(scope.value) || null;
      return v;
    },
    markScope() {
      if (!scope) return;
      scope.setAttribute('aria-invalid', 'true');
      scope.focus();
    },
  };
}

// An account, with its buttons; an editor opens in a row below.
function userRows(u, cols, reload) {
  const roles = (u.roles || []).map(roleText);
  const more = roles.length - ROLES_SHOWN;
  const editSlot = h('td', { colspan: String(cols) });
  const editRow = h('tr', { class: 'row-editor', hidden: true, dataset: { editor: u.id } }, editSlot);
  const errSlot = h('div', { class: 'action-error' });

  const editRoles = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'roles' }, 'aria-expanded': 'false', 'aria-label': `${t('users.roles.edit')}: ${u.username}` }, t('users.roles.edit'));
  const editSso = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'sso' }, 'aria-expanded': 'false', 'aria-label': `${t('users.sso_id.edit')}: ${u.username}` }, t('users.sso_id.edit'));
  const newPass = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'password' }, 'aria-expanded': 'false', 'aria-label': `${t('users.reset')}: ${u.username}` }, t('users.reset'));
  const toggle = h('button', { type: 'button', class: ['btn', 'btn-small', u.disabled ? null : 'btn-quiet'], dataset: { action: u.disabled ? 'enable' : 'disable' }, 'aria-label': `${t(u.disabled ? 'users.enable' : 'users.disable')}: ${u.username}` },
    t(u.disabled ? 'users.enable' : 'users.disable'));

  // Opens one editor (roles or password) below the row, or closes it.
  let open = null;
  function openEditor(which, button, make) {
    for (const b of [editRoles, editSso, newPass]) b.setAttribute('aria-expanded', 'false');
    if (open === which) {
      open = null;
      editRow.hidden = true;
      button.focus();
      return;
    }
    open = which;
    button.setAttribute('aria-expanded', 'true');
    replace(editSlot, make(() => {
      open = null;
      editRow.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }));
    editRow.hidden = false;
    const first = editSlot.querySelector('input, select');
    if (first) first.focus();
  }
  editRoles.addEventListener('click', () => openEditor('roles', editRoles, (close) => rolesForm(u, close, reload)));
  editSso.addEventListener('click', () => openEditor('sso', editSso, (close) => ssoForm(u, close, reload)));
  newPass.addEventListener('click', () => openEditor('password', newPass, (close) => resetForm(u, close)));
  toggle.addEventListener('click', async () => {
    toggle.disabled = true;
    errSlot.replaceChildren();
    try {
      await api.patch(`/users/${u.id}`, { disabled: !u.disabled });
      notify(t(u.disabled ? 'users.enabled' : 'users.disabled', { username: u.username }));
      reload();
    } catch (e) {
      toggle.disabled = false;
      replace(errSlot, errorBox(e));
    }
  });

  const row = h('tr', { dataset: { user: u.id, username: u.username }, class: u.disabled ? 'row-disabled' : null },
    h('td', null, h('strong', null, u.username)),
    h('td', null, u.name),
    h('td', { class: 'roles-cell', title: roles.length > ROLES_SHOWN ? roles.join('\n') : null },
      roles.length
        ? h('ul', { class: 'role-list-compact' },
          roles.slice(0, ROLES_SHOWN).map((x) => h('li', null, x)),
          more > 0 ? h('li', { class: 'muted' }, t('header.roles_more', { n: more })) : null)
        : h('span', { class: 'muted' }, t('header.no_roles'))),
    h('td', { class: 'sso-cell', dataset: { ssoId: u.sso_id || '' } }, u.sso_id ? h('code', null, u.sso_id) : h('span', { class: 'muted' }, t('common.none'))),
    h('td', null, h('span', { class: ['badge', u.disabled ? 'status-cancelled' : 'status-confirmed'], dataset: { disabled: String(Boolean(u.disabled)) } },
      t(u.disabled ? 'users.state.disabled' : 'users.state.active'))),
    h('td', { class: 'num' }, fmtDateTime(u.created_at)),
    h('td', null, h('div', { class: 'actions' }, editRoles, editSso, newPass, toggle), errSlot));
  return [row, editRow];
}

// Changing an account's roles: the whole list is sent and replaces the old.
function rolesForm(u, close, reload) {
  const roles = rolesEditor(u.roles || []);
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('common.save'));
  const cancel = h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'roles-form', novalidate: true },
    h('h3', null, t('users.roles.for', { username: u.username })), roles.el, errSlot, h('div', { class: 'form-actions' }, save, cancel));
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    const read = roles.read();
    if (read.error) {
      showError(form, errSlot, read.error);
      return;
    }
    save.disabled = true;
    try {
      await api.patch(`/users/${u.id}`, { roles: read.roles });
      notify(t('users.roles.saved', { username: u.username }));
      reload();
    } catch (e) {
      save.disabled = false;
      showError(form, errSlot, e);
    }
  });
  return form;
}

// An administrator sets a new password for an account.
function resetForm(u, close) {
  const pass = h('input', { type: 'password', name: 'password', 'data-field': 'password', autocomplete: 'new-password', required: true, minlength: '12' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, t('users.reset.submit'));
  const cancel = h('button', { type: 'button', class: 'btn btn-small' }, t('common.cancel'));
  const errSlot = h('div', { class: 'form-error' });
  const form = h('form', { class: 'reset-form', novalidate: true },
    h('h3', null, t('users.reset.for', { username: u.username })),
    field(t('users.password.new'), pass, { hint: t('password.rules') }),
    errSlot,
    h('div', { class: 'form-actions' }, save, cancel));
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    errSlot.replaceChildren();
    if (!pass.value) {
      showError(form, errSlot, { field: 'password', message: t('error.required') });
      return;
    }
    save.disabled = true;
    try {
      await api.post(`/users/${u.id}/password`, { password: pass.value });
      notify(t('users.reset.done', { username: u.username }));
      close();
    } catch (e) {
      save.disabled = false;
      showError(form, errSlot, e);
    }
  });
  return form;
}
