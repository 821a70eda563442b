// Aviseringar: the user's notifications, newest first, in the shared paged
// list; each links to its page and is marked read when opened; "markera
// alla som lästa"; only the unread ones on request.

import { h } from '../dom.js';
import * as api from '../api.js';
import * as bell from '../bell.js';
import { t, tn, fmtDateTime } from '../i18n.js';
import { pageHead, notify, errorBox } from '../components.js';
import { readState, pagedList } from '../list.js';

export function render(view, { query }) {
  const state = readState(query, ['unread']);
  const onlyUnread = h('input', { type: 'checkbox', id: 'notifications-unread', checked: state.unread === 'true' });
  const readAll = h('button', { type: 'button', class: 'btn', id: 'notifications-read-all' }, t('notifications.read_all'));
  const errSlot = h('div');

  // Opens notification n: marks it read, then goes to its page.
  async function open(ev, n) {
    if (n.read) return;
    ev.preventDefault();
    try {
      await api.post(`/notifications/${n.id}/read`);
    } catch {
      // Its page matters more than its mark; the next visit tries again.
    }
    bell.refresh();
    window.location.hash = n.link;
  }

  const item = (n) => h('li', { class: ['notification', n.read ? null : 'notification-unread'], dataset: { id: String(n.id), kind: n.kind } },
    h('a', { href: n.link, class: 'notification-link', on: { click: (ev) => open(ev, n) } },
      h('span', { class: 'notification-title' }, bell.title(n)),
      n.read ? null : h('span', { class: 'badge notification-badge' }, t('notifications.unread'))),
    h('p', { class: 'notification-details' }, bell.details(n)),
    h('p', { class: 'notification-time' }, h('time', { datetime: n.created_at }, fmtDateTime(n.created_at))));

  const list = pagedList({
    label: t('notifications.list'),
    path: '/notifications',
    query: () => (state.unread === 'true' ? { unread: 'true' } : {}),
    state,
    hash: '#/aviseringar',
    keys: ['unread'],
    limit: 25,
    count: (n) => tn('notifications.count', n),
    empty: () => (state.unread === 'true' ? t('notifications.none_unread') : t('notifications.none')),
    render: (items) => h('ul', { class: 'notification-list', 'aria-label': t('notifications.list') }, items.map(item)),
    onRender: (page) => { if (page.unread !== undefined) bell.set(page.unread); },
  });

  onlyUnread.addEventListener('change', () => {
    state.unread = onlyUnread.checked ? 'true' : '';
    list.first();
  });
  readAll.addEventListener('click', async () => {
    readAll.disabled = true;
    errSlot.replaceChildren();
    try {
      await api.post('/notifications/read-all');
      bell.set(0);
      notify(t('notifications.read_all.done'));
      await list.load();
    } catch (e) {
      errSlot.replaceChildren(errorBox(e));
    } finally {
      readAll.disabled = false;
    }
  });

  view.append(
    pageHead(t('notifications.title'), t('notifications.lead')),
    h('div', { class: 'page-body' },
      h('div', { class: 'toolbar notification-toolbar' },
        h('label', { class: 'check', for: 'notifications-unread' }, onlyUnread, ' ', t('notifications.unread_only')),
        readAll),
      errSlot,
      list.el));
  list.load();
}
