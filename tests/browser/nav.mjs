// The navigation as the education plan's pages extend it: the pages of
// browser.mjs's NAV_PAGES with Att göra and Delmål in their places (once
// NAV_PAGES names them itself, it is used as it is).
import { NAV_PAGES } from './browser.mjs';

const ADDED = [
  { after: 'trainees', nav: 'todo', hash: '#/att-gora', action: 'todo.read', sv: 'Att göra', en: 'To do' },
  { after: 'units', nav: 'goals', hash: '#/delmal', action: 'reference.write', sv: 'Delmål', en: 'Goals' },
];

export const ALL_PAGES = NAV_PAGES.flatMap((p) => [p, ...ADDED
  .filter((x) => x.after === p.nav && !NAV_PAGES.some((q) => q.nav === x.nav))
  .map(({ after, ...x }) => x)]);

// The navigation pages a session's actions open, in order.
export function navFor(actions) {
  return ALL_PAGES.filter((p) => actions.includes(p.action));
}
