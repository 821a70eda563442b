// The bell in the page header: a link to the inbox (#/aviseringar) with
// the number of unread notifications, named for screen readers
// ("Aviseringar, 3 olästa"), and the words of one notification, which the
// inbox shows.

import { h, s } from './dom.js';
import * as api from './api.js';
import { t, tn, vocab, fmtWeek, fmtDate } from './i18n.js';

let bell = null;
let unread = 0;

function label(n) {
  return n === 0 ? t('bell.label_0') : tn('bell.label', n);
}

// Shows n unread on the bell.
function paint(n) {
  unread = n;
  if (!bell) return;
  bell.setAttribute('aria-label', label(n));
  bell.title = label(n);
  const badge = bell.querySelector('.bell-count');
  badge.textContent = n > 99 ? '99+' : String(n);
  badge.hidden = n === 0;
}

// The bell's link, for the header; refresh() fills in its count.
export function element() {
  const icon = s('svg', { class: 'bell-icon', viewBox: '0 0 24 24', width: '22', height: '22', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z' }));
  bell = h('a', { class: 'bell', href: '#/aviseringar', id: 'bell', dataset: { nav: 'notifications' } },
    icon, h('span', { class: 'bell-count', 'aria-hidden': 'true', hidden: true }, '0'));
  paint(unread);
  return bell;
}

// Asks the server how many notifications are unread and shows it; a
// failure leaves the bell as it was.
export async function refresh() {
  try {
    const r = await api.get('/notifications', { unread: 'true', limit: 1 });
    paint(r.unread);
  } catch {
    // The page itself reports what is wrong with the server.
  }
}

// Shows a count the page already knows (after marking read).
export function set(n) {
  paint(n);
}

// The heading of notification n in the language in use.
export function title(n) {
  const p = n.params || {};
  if (n.kind === 'answer' && (p.status === 'confirmed' || p.status === 'declined')) return t(`notif.kind.answer.${p.status}`);
  if (n.kind === 'deadline') {
    const what = p.what && (vocab('deadline', p.what) !== p.what ? vocab('deadline', p.what)
      : vocab('todo_kind', p.what) !== p.what ? vocab('todo_kind', p.what) : vocab('notif.kind_label', p.what));
    return `${t(p.state === 'overdue' ? 'notif.overdue' : 'notif.soon')}: ${what || t('notif.kind.deadline')}`;
  }
  return t(`notif.kind.${n.kind}`);
}

// The details of notification n: who, where, when, as one line.
export function details(n) {
  const p = n.params || {};
  const parts = [];
  if (p.trainee) parts.push(p.trainee);
  if (p.unit) parts.push(p.unit);
  if (p.from && p.to) parts.push(t('notif.weeks', { from: fmtWeek(p.from), to: fmtWeek(p.to) }));
  if (p.version) parts.push(t('notif.version', { n: p.version }));
  if (p.due) parts.push(t('notif.due', { date: fmtDate(p.due) }));
  if (n.kind === 'cancellation' && p.reason) parts.push(vocab('reason', p.reason));
  return parts.join(' · ');
}
