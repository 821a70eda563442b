// The trainee's certificates (intyg) on their page: each certificate the
// server says the trainee can be issued, with its period or unit, its state
// (not ready and why, ready, partly signed, signed by whom and when, and a
// signature given before the facts changed flagged in words), its PDF and
// printable page, and for a handledare or studierektor who signs it the
// "Signera" action, confirmed before it is sent. A refusal (the
// certificate stopped being ready, or was signed in another window) shows
// the server's message in the row, which is drawn again as it is now.

import { h, nextId } from '../dom.js';
import * as api from '../api.js';
import { t, tn, lang, vocab, fmtDate, fmtDateTime, fmtWeeks } from '../i18n.js';
import { section, notify, errorText } from '../components.js';
import { pagedList } from '../list.js';
import { can } from '../session.js';

// The section for trainee tr, or null when the user may not read its
// certificates. may(action, role) says whether the user's roles (or only
// role) allow action on this trainee's records, as access.js judges it.
export function certificatesSection(tr, may) {
  if (!can('certificate.read') || !may('certificate.read')) return null;
  const maySign = (role) => may('certificate.sign', role);
  const signing = can('certificate.sign') && ['supervisor', 'director'].some((r) => maySign(r));
  const ctx = { tr, maySign, signing };
  const list = pagedList({
    label: t('cert.title'),
    path: `/trainees/${tr.id}/certificates`,
    limit: 25,
    count: (n) => tn('cert.count', n),
    empty: t('cert.none'),
    tableClass: 'table table-certificates',
    columns: [
      { label: t('cert.col.certificate') },
      { label: t('cert.col.period') },
      { label: t('cert.col.state') },
      { label: t('cert.col.documents') },
      signing ? { label: t('cert.col.sign') } : null,
    ].filter(Boolean),
    row: (c) => certRow(ctx, c),
  });
  const el = section(t('cert.title'), h('p', { class: 'hint' }, t('cert.lead')), list.el);
  el.id = 'intyg';
  el.classList.add('trainee-certificates');
  list.load();
  return el;
}

// What the certificate is about, to name it: "Kurs i etik", the unit of a
// rotation, or the form's title for BT and the summary.
function certWhat(c) {
  const a = c.activity;
  if (!a) return c.title;
  return c.kind === 'rotation' ? a.unit : a.title;
}

// The certificate's name in links and buttons: "Klinisk tjänstgöring under
// handledning, Neurologiska kliniken, Sus Lund, 2025-09-22 – 2025-11-02".
function certName(c) {
  const a = c.activity;
  if (!a) return c.title;
  return [c.subtitle, certWhat(c), a.from ? `${fmtDate(a.from)} – ${fmtDate(a.to)}` : null].filter(Boolean).join(', ');
}

// The reason a certificate cannot be signed now, in the language in use
// (the English one without the field it starts with).
function reasonText(r) {
  if (lang() === 'sv' && r.message_sv) return r.message_sv;
  const lead = `${r.field}: `;
  return r.message.startsWith(lead) ? r.message.slice(lead.length) : r.message;
}

// The roles the user signs in that the form still asks for, or whose
// signature is stale (signing again renews it), when it can be signed now.
function rolesToSign(ctx, c) {
  if (!ctx.signing || c.reason || c.state === 'not_ready') return [];
  const sigs = c.signatures || [];
  return (c.signers || []).filter((r) => !sigs.some((s) => s.role === r && !s.stale) && ctx.maySign(r));
}

// One row; error (an ApiError) is shown in it when given.
function certRow(ctx, c, error) {
  const a = c.activity;
  const name = certName(c);
  const stale = (c.signatures || []).some((s) => s.stale);
  const row = h('tr', { dataset: { cert: c.id, state: c.state, stale: String(stale) } },
    h('td', null,
      h('div', { class: 'cert-what' }, certWhat(c)),
      a ? [h('div', { class: 'cert-kind' }, c.subtitle), h('div', { class: 'cert-title muted' }, c.title)] : null),
    h('td', { class: 'num' }, a && a.from
      ? [h('span', { class: 'nowrap' }, `${fmtDate(a.from)} – ${fmtDate(a.to)}`), h('br'),
        h('span', { class: 'muted' }, fmtWeeks(a.weeks))]
      : t('common.none')),
    h('td', null, stateCell(c)),
    h('td', null, h('ul', { class: 'plain-list cert-docs' },
      h('li', null, h('a', {
        href: c.pdf, target: '_blank', rel: 'noopener', dataset: { doc: 'pdf' },
        'aria-label': t('cert.pdf_for', { name }),
      }, t('cert.pdf'))),
      h('li', null, h('a', {
        href: c.html, target: '_blank', rel: 'noopener', dataset: { doc: 'html' },
        'aria-label': t('cert.html_for', { name }),
      }, t('cert.html'))))));
  if (ctx.signing) row.append(h('td', null, signCell(ctx, c, name, row, error)));
  return row;
}

// The state in words: the badge, who signed and when (a stale signature
// flagged), whom it waits for, and why it cannot be signed now.
function stateCell(c) {
  const sigs = c.signatures || [];
  const waiting = c.state === 'partly_signed'
    ? (c.signers || []).filter((r) => !sigs.some((s) => s.role === r)) : [];
  return h('div', { class: 'cert-state', tabindex: '-1', dataset: { focus: 'state' } },
    h('span', { class: ['badge', `cert-${c.state}`] }, vocab('cert_state', c.state)),
    sigs.length ? h('ul', { class: 'plain-list cert-signatures' }, sigs.map((s) => h('li', {
      dataset: { role: s.role, stale: String(s.stale) },
    },
    t('cert.signed_by', { role: vocab('role', s.role), name: s.by.name, at: fmtDateTime(s.at) }),
    s.stale ? h('strong', { class: 'flag-stale' }, t('cert.stale')) : null))) : null,
    waiting.length ? h('p', { class: 'muted cert-waiting' },
      t('cert.waiting', { roles: waiting.map((r) => vocab('role', r).toLowerCase()).join(', ') })) : null,
    c.reason ? h('p', { class: 'cert-reason', dataset: { field: c.reason.field } }, reasonText(c.reason)) : null);
}

// "Signera" for each role the user signs the certificate in, each opening
// a confirmation; and the server's refusal, when there was one.
function signCell(ctx, c, name, row, error) {
  const cell = h('div', { class: 'cert-sign' });
  const roles = rolesToSign(ctx, c);
  for (const role of roles) {
    const label = roles.length > 1 ? t('cert.sign_as', { role: vocab('role', role).toLowerCase() }) : t('cert.sign');
    const btn = h('button', {
      type: 'button', class: 'btn btn-small btn-primary', 'aria-expanded': 'false',
      dataset: { action: 'sign', role },
      'aria-label': t('cert.sign_for', { action: t('cert.sign_as', { role: vocab('role', role).toLowerCase() }), name }),
    }, label);
    const textId = nextId('sign');
    const confirm = h('button', { type: 'button', class: 'btn btn-small btn-primary', dataset: { action: 'confirm-sign' }, 'aria-describedby': textId },
      t('cert.sign.confirm'));
    const cancel = h('button', { type: 'button', class: 'btn btn-small', dataset: { action: 'cancel-sign' } }, t('common.cancel'));
    const panel = h('div', { class: 'cert-confirm', hidden: true },
      h('p', { id: textId }, t('cert.sign.text', { role: vocab('role', role).toLowerCase() })),
      h('div', { class: 'actions' }, confirm, cancel));
    btn.addEventListener('click', () => {
      const open = panel.hidden;
      panel.hidden = !open;
      btn.setAttribute('aria-expanded', String(open));
      if (open) confirm.focus();
    });
    cancel.addEventListener('click', () => {
      panel.hidden = true;
      btn.setAttribute('aria-expanded', 'false');
      btn.focus();
    });
    confirm.addEventListener('click', () => sign(ctx, c, role, row, [btn, confirm, cancel]));
    cell.append(h('div', { class: 'cert-sign-role' }, btn, panel));
  }
  if (!roles.length && !error) cell.append(h('span', { class: 'muted' }, t('common.none')));
  if (error) {
    cell.append(h('div', { class: 'notice notice-error cert-error', role: 'alert', tabindex: '-1', dataset: { status: error.status } },
      h('strong', null, t('cert.sign.refused')), ' ',
      // Refused as not ready: the row as it is now says why, in words of ours.
      error.status === 422 && c.state !== 'ready' ? t('cert.sign.not_ready') : errorText(error)));
  }
  return cell;
}

// Signs c in role; the row is drawn again as the server answers, with its
// refusal when it refused.
async function sign(ctx, c, role, row, controls) {
  controls.forEach((x) => { x.disabled = true; });
  const path = `/trainees/${ctx.tr.id}/certificates/${c.id}`;
  let next;
  let error = null;
  try {
    next = await api.post(`${path}/sign`, { role });
    notify(t('cert.signed_done', { name: certName(c) }));
  } catch (e) {
    error = e;
    try {
      next = await api.get(path);
    } catch {
      next = c;
    }
  }
  const fresh = certRow(ctx, next, error);
  row.replaceWith(fresh);
  (fresh.querySelector(error ? '.cert-error' : '[data-focus="state"]') || fresh).focus();
}
