// The plan's history on a trainee's page: every version with its
// approvals (the shared paged list), and two chosen versions side by side:
// what was added, removed and changed among the activities, the rotation
// needs and the substitutes, and the track and the note.
//
// An approved version keeps its content as the approvers saw it; the
// draft being worked on has none yet, so it is read from the plan as it
// stands.

import { h, replace, nextId, scrollBox } from '../dom.js';
import * as api from '../api.js';
import { t, tn, vocab, fmtDate, fmtWeek, fmtWeeks, specialtyName } from '../i18n.js';
import { section, errorBox, loading, empty, field, select } from '../components.js';
import { pagedList } from '../list.js';
import { weekOf, DAY_MS } from '../weeks.js';

const APPROVERS = ['unit_head', 'supervisor', 'director'];
// The Monday of week serial 0 (1970-W01), as the server counts weeks.
const SERIAL0 = Date.UTC(1969, 11, 29);
const PATTERNS = ['full', 'split4', 'split3', 'half', 'alternate'];

export function historySection(ctx) {
  const listSlot = h('div', null, loading());
  const compareSlot = h('div', { class: 'plan-compare' });
  const el = section(t('history.title'), h('p', { class: 'hint' }, t('history.lead')), listSlot, compareSlot);
  el.classList.add('plan-history');
  const list = pagedList({
    label: t('history.versions'),
    path: `/trainees/${ctx.trainee.id}/plan/versions`,
    limit: 10,
    empty: t('history.none'),
    tableClass: 'table table-versions',
    columns: [
      { label: t('history.version'), cell: (v) => t('plan.version', { n: v.version }) },
      { label: t('history.state'), cell: (v) => h('span', { class: ['badge', `plan-status-${v.status}`] }, vocab('plan_state', v.status)) },
      { label: t('history.created'), cell: (v) => fmtDate(v.created_at), num: true },
      { label: t('history.approved'), cell: (v) => (v.approved_at ? fmtDate(v.approved_at) : t('common.none')), num: true },
      ...APPROVERS.map((role) => ({
        label: vocab('approver', role),
        cell: (v) => {
          const a = v.approvals[role];
          if (!a) return h('span', { class: 'muted' }, v.status === 'draft' ? t('plan.waiting') : t('common.none'));
          return [a.by.name, h('br'), h('span', { class: 'muted num' }, fmtDate(a.at))];
        },
      })),
    ],
    rowAttrs: (v) => ({ dataset: { version: v.version, status: v.status } }),
  });
  let versions = [];
  let chosen = null;

  async function draw() {
    if (ctx.error) {
      replace(listSlot, errorBox(ctx.error));
      compareSlot.replaceChildren();
      return;
    }
    if (list.el.parentNode !== listSlot) replace(listSlot, list.el);
    const shown = list.load();
    try {
      versions = await api.getAll(`/trainees/${ctx.trainee.id}/plan/versions`, {}, 1000);
    } catch (e) {
      replace(compareSlot, errorBox(e));
      await shown;
      return;
    }
    drawCompare();
    await shown;
  }

  function drawCompare() {
    const headId = nextId('cmp');
    if (versions.length < 2) {
      replace(compareSlot, h('h3', { id: headId }, t('history.compare')), empty(t('history.compare.one')));
      return;
    }
    const nums = versions.map((v) => v.version);
    if (!chosen || !nums.includes(chosen[0]) || !nums.includes(chosen[1])) chosen = [versions[1].version, versions[0].version];
    const opts = versions.map((v) => ({ value: v.version, label: `${t('plan.version', { n: v.version })} (${vocab('plan_state', v.status)})` }));
    const a = select(opts, chosen[0], { name: 'compare_a', 'data-field': 'compare_a' });
    const b = select(opts, chosen[1], { name: 'compare_b', 'data-field': 'compare_b' });
    const out = h('div', { class: 'compare-out', tabindex: '-1' });
    const go = h('button', { type: 'submit', class: 'btn btn-primary' }, t('history.compare.submit'));
    const form = h('form', { class: 'compare-form field-row', 'aria-labelledby': headId },
      field(t('history.compare.a'), a), field(t('history.compare.b'), b),
      h('div', { class: 'filter-shift' }, go));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      chosen = [Number(a.value), Number(b.value)];
      show(out, true);
    });
    replace(compareSlot, h('h3', { id: headId }, t('history.compare')), form, out);
    show(out, false);
  }

  async function show(out, focus) {
    replace(out, loading());
    const [va, vb] = chosen.map((n) => versions.find((v) => v.version === n));
    try {
      const [ca, cb] = [contentOf(ctx, va), contentOf(ctx, vb)];
      const specs = await api.specialties().catch(() => []);
      const known = await goalNames(ctx, [ca, cb]);
      replace(out, compareView(ctx, va, vb, ca, cb, { specs: new Map(specs.map((s) => [s.id, s])), goals: known }));
    } catch (e) {
      replace(out, errorBox(e));
    }
    if (focus) out.focus();
  }

  ctx.add('history', { draw });
  return el;
}

// The week of a server week serial (as an approved version keeps its
// weeks), or the week itself when it is one already; last: the serial is
// the week after the last.
function week(x, last) {
  if (x == null) return null;
  if (typeof x === 'number') return weekOf(SERIAL0 + (last ? x - 1 : x) * 7 * DAY_MS);
  return x;
}

const ids = (xs) => [...(xs || [])].sort((p, q) => p - q);

// The content of version v, read the same way whether kept by the server
// or taken from the draft as it stands; null when not known.
function contentOf(ctx, v) {
  if (v.content) {
    const c = v.content;
    return {
      track: c.track, note: c.note || '',
      activities: new Map((c.activities || []).map((a) => [a.id, {
        kind: a.kind, title: a.title, from: week(a.from), to: week(a.to, true), status: a.status, need_id: a.need_id ?? null, goal_ids: ids(a.goal_ids),
      }])),
      needs: new Map((c.needs || []).map((n) => [n.id, {
        specialty_id: n.specialty_id ?? null, weeks: n.weeks, preferred_start: week(n.preferred_start), status: n.status,
        patterns: typeof n.patterns === 'number' ? PATTERNS.filter((p, i) => n.patterns & (1 << i)) : n.patterns,
        goal_ids: ids(n.goal_ids),
      }])),
      substitutes: new Map((c.substitutes || []).map((x) => [x.id, {
        activity_id: x.activity_id, need_id: x.need_id, weeks_saved: x.weeks_saved, reason: x.reason,
      }])),
    };
  }
  const p = ctx.plan;
  if (!p || !p.plan || p.plan.version !== v.version) return null;
  const pattern = new Map((ctx.trainee.needs || []).map((n) => [n.id, n.patterns]));
  return {
    track: p.plan.track, note: p.plan.note || '',
    activities: new Map(p.activities.map((a) => [a.id, {
      kind: a.kind, title: a.title, from: a.from, to: a.to, status: a.status, need_id: a.need_id ?? null, goal_ids: ids(a.goal_ids),
    }])),
    needs: new Map(p.needs.map((n) => [n.id, {
      specialty_id: n.specialty ? n.specialty.id : null, weeks: n.weeks, preferred_start: n.preferred_start, status: n.status,
      patterns: pattern.get(n.id), goal_ids: ids(n.goal_ids),
    }])),
    substitutes: new Map(p.substitutes.map((x) => [x.id, {
      activity_id: x.activity_id, need_id: x.need_id, weeks_saved: x.weeks_saved, reason: x.reason,
    }])),
  };
}

// Code and title of every goal the two contents name: the checklist's,
// and the others read one by one.
async function goalNames(ctx, contents) {
  const known = new Map((ctx.plan ? ctx.plan.goals : []).map((g) => [g.id, g]));
  const want = new Set();
  for (const c of contents) {
    if (!c) continue;
    for (const m of [c.activities, c.needs]) for (const x of m.values()) for (const gid of x.goal_ids) if (!known.has(gid)) want.add(gid);
  }
  const more = await Promise.all([...want].slice(0, 60).map((gid) => api.get(`/goals/${gid}`).catch(() => null)));
  for (const g of more) if (g) known.set(g.id, g);
  return known;
}

// What the fields of each kind of item are called, in order.
const FIELDS = {
  activities: ['kind', 'title', 'from', 'to', 'status', 'need_id', 'goal_ids'],
  needs: ['specialty_id', 'weeks', 'preferred_start', 'patterns', 'status', 'goal_ids'],
  substitutes: ['activity_id', 'need_id', 'weeks_saved', 'reason'],
};

function same(x, y) {
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
}

// The side-by-side view of versions va and vb with contents ca and cb.
function compareView(ctx, va, vb, ca, cb, names) {
  const la = t('plan.version', { n: va.version });
  const lb = t('plan.version', { n: vb.version });
  if (!ca || !cb) {
    return h('p', { class: 'empty' }, t('history.compare.no_content', { n: (!ca ? va : vb).version }));
  }
  const fmt = formatter(ctx, ca, cb, names);
  const blocks = [];
  // The track and the note.
  const planRows = [];
  for (const k of ['track', 'note']) {
    if (same(ca[k], cb[k])) continue;
    planRows.push(h('tr', { class: 'cmp-changed', dataset: { field: k } },
      h('th', { scope: 'row' }, t(k === 'track' ? 'plan.track' : 'plan.note')),
      h('td', { class: 'cmp-a' }, h('del', null, k === 'track' ? vocab('track', ca[k]) : ca[k] || t('common.none'))),
      h('td', { class: 'cmp-b' }, h('ins', null, k === 'track' ? vocab('track', cb[k]) : cb[k] || t('common.none')))));
  }
  blocks.push(block(t('history.cmp.plan'), la, lb, planRows, 0, 'plan'));
  for (const kind of ['activities', 'needs', 'substitutes']) {
    const rows = [];
    let unchanged = 0;
    const keys = [...new Set([...ca[kind].keys(), ...cb[kind].keys()])].sort((p, q) => p - q);
    for (const key of keys) {
      const x = ca[kind].get(key);
      const y = cb[kind].get(key);
      const name = fmt.name(kind, y || x);
      if (x && y) {
        const changed = FIELDS[kind].filter((f) => !same(x[f], y[f]));
        if (!changed.length) {
          unchanged += 1;
          continue;
        }
        rows.push(h('tr', { class: 'cmp-changed', dataset: { change: 'changed', item: key } },
          h('th', { scope: 'row' }, name, h('span', { class: 'badge cmp-badge-changed' }, t('history.cmp.changed'))),
          h('td', { class: 'cmp-a' }, h('ul', { class: 'plain-list' }, changed.map((f) => h('li', null, `${fmt.label(kind, f)}: `, h('del', null, fmt.value(kind, f, x[f])))))),
          h('td', { class: 'cmp-b' }, h('ul', { class: 'plain-list' }, changed.map((f) => h('li', null, `${fmt.label(kind, f)}: `, h('ins', null, fmt.value(kind, f, y[f]))))))));
      } else if (y) {
        rows.push(h('tr', { class: 'cmp-added', dataset: { change: 'added', item: key } },
          h('th', { scope: 'row' }, name, h('span', { class: 'badge cmp-badge-added' }, t('history.cmp.added'))),
          h('td', { class: 'cmp-a muted' }, t('history.cmp.absent')),
          h('td', { class: 'cmp-b' }, h('ins', null, fmt.describe(kind, y)))));
      } else {
        rows.push(h('tr', { class: 'cmp-removed', dataset: { change: 'removed', item: key } },
          h('th', { scope: 'row' }, name, h('span', { class: 'badge cmp-badge-removed' }, t('history.cmp.removed'))),
          h('td', { class: 'cmp-a' }, h('del', null, fmt.describe(kind, x))),
          h('td', { class: 'cmp-b muted' }, t('history.cmp.absent'))));
      }
    }
    blocks.push(block(t(`history.cmp.${kind}`), la, lb, rows, unchanged, kind));
  }
  return h('div', { class: 'compare-view', dataset: { a: va.version, b: vb.version } },
    h('p', { class: 'compare-title' }, t('history.compare.title', { a: la, b: lb })), blocks);
}

function block(title, la, lb, rows, unchanged, kind) {
  const hid = nextId('cb');
  return h('div', { class: 'cmp-block', dataset: { kind } },
    h('h4', { id: hid }, title),
    rows.length
      ? scrollBox(title, h('table', { class: 'table table-compare' },
        h('caption', { class: 'visually-hidden' }, title),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('history.cmp.item')), h('th', { scope: 'col' }, la), h('th', { scope: 'col' }, lb))),
        h('tbody', null, rows)))
      : h('p', { class: 'empty' }, t('history.cmp.none')),
    unchanged ? h('p', { class: 'hint' }, tn('history.cmp.unchanged', unchanged)) : null);
}

// How the items and their fields read.
function formatter(ctx, ca, cb, names) {
  const act = (id) => cb.activities.get(id) || ca.activities.get(id);
  const need = (id) => cb.needs.get(id) || ca.needs.get(id);
  const spec = (id) => (names.specs.get(id) ? specialtyName(names.specs.get(id)) : t('common.none'));
  const goals = (list) => (list && list.length
    ? list.map((gid) => (names.goals.get(gid) ? names.goals.get(gid).code : `#${gid}`)).join(', ')
    : t('common.none'));
  const weeksOf = (a) => (a.from && a.to && a.from !== a.to ? `${fmtWeek(a.from)} – ${fmtWeek(a.to)}` : a.from ? fmtWeek(a.from) : t('common.none'));
  const needName = (n) => (n ? `${spec(n.specialty_id)}, ${fmtWeeks(n.weeks)}` : t('common.none'));
  const actName = (a) => (a ? `${vocab('activity_kind', a.kind)}: ${a.title}` : t('common.none'));
  const value = (kind, f, v) => {
    if (v == null || v === '') return t('common.none');
    switch (f) {
      case 'kind': return vocab('activity_kind', v);
      case 'from': case 'to': case 'preferred_start': return fmtWeek(v);
      case 'status': return vocab(kind === 'needs' ? 'need_status' : 'activity_status', v);
      case 'need_id': return needName(need(v));
      case 'activity_id': return actName(act(v));
      case 'goal_ids': return goals(v);
      case 'specialty_id': return spec(v);
      case 'weeks': case 'weeks_saved': return fmtWeeks(v);
      case 'patterns': return v.map((p) => vocab('pattern', p)).join(', ') || t('common.none');
      default: return String(v);
    }
  };
  return {
    value,
    label: (kind, f) => t(`history.f.${kind}.${f}`),
    name(kind, x) {
      if (kind === 'activities') return actName(x);
      if (kind === 'needs') return needName(x);
      return t('history.cmp.subst', { activity: actName(act(x.activity_id)) });
    },
    describe(kind, x) {
      if (kind === 'activities') return [weeksOf(x), vocab('activity_status', x.status), `${t('activity.goals')}: ${goals(x.goal_ids)}`].join(' · ');
      if (kind === 'needs') {
        return [x.preferred_start ? t('plan.need.starts', { week: fmtWeek(x.preferred_start) }) : null, vocab('need_status', x.status),
          `${t('activity.goals')}: ${goals(x.goal_ids)}`].filter(Boolean).join(' · ');
      }
      return t('history.cmp.subst_text', { weeks: fmtWeeks(x.weeks_saved), need: needName(need(x.need_id)), reason: x.reason });
    },
  };
}
