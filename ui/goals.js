// The goals (delmål) as every page writes them: their groups in order,
// the regulations' names, a goal's code and title, the discreet mark of a
// goal whose text is example data, and its state on a checklist.

import { h } from './dom.js';
import { t, vocab, compareText } from './i18n.js';

// The groups in the order the checklist shows them.
export const GROUPS = ['bt', 'a', 'b', 'c'];
export const REGULATIONS = { 2008: 'SOSFS 2008:17', 2015: 'SOSFS 2015:8', 2021: 'HSLF-FS 2021:8' };
export const GOAL_STATES = ['planned', 'in_progress', 'met', 'certified'];

export function regulationName(r) {
  return REGULATIONS[r] || String(r ?? t('common.none'));
}

// Orders goals as the checklist does: by group, then code with its number
// read as a number (STc2 before STc10).
export function compareGoals(a, b) {
  const g = GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group);
  if (g) return g;
  const num = (c) => {
    const m = /^(\D*)(\d+)(.*)$/.exec(c || '');
    return m ? [m[1], Number(m[2]), m[3]] : [c || '', 0, ''];
  };
  const [pa, na, ra] = num(a.code);
  const [pb, nb, rb] = num(b.code);
  return compareText(pa, pb) || na - nb || compareText(ra, rb);
}

// "STa1 Hälso- och sjukvårdens förutsättningar".
export function goalText(g) {
  return `${g.code} ${g.title}`;
}

// The mark of a goal whose text is example data (confidence "uncertain"),
// or null.
export function uncertainMark(g) {
  if (!g || g.confidence !== 'uncertain') return null;
  return h('span', { class: 'badge badge-example', title: t('goal.uncertain.title'), dataset: { uncertain: 'true' } },
    t('goal.uncertain'), h('span', { class: 'visually-hidden' }, `: ${t('goal.uncertain.title')}`));
}

// The title of a goal, with its mark.
export function goalTitle(g) {
  return [h('span', { class: 'goal-title' }, g.title), g.confidence === 'uncertain' ? ' ' : null, uncertainMark(g)];
}

// The code (strong) and the title of a goal, with its mark.
export function goalLabel(g) {
  return [h('strong', { class: 'goal-code' }, g.code), ' ', ...goalTitle(g)];
}

// A goal's state on a checklist as a badge.
export function goalStateBadge(status) {
  return h('span', { class: ['badge', `goal-${status}`], dataset: { status } }, vocab('goal_status', status));
}
