// Planering shows a proposal that places needs in a gaffel group (issue 18)
// in a real browser: the gaffel case of tests/api/forms-fixture.mjs on the
// demo region, planned through the API, then the run's page names each
// group placement as such, in Swedish and English, and meets WCAG 2.1 AA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, assertAccessible } from './browser.mjs';
import { gaffelCase } from '../api/forms-fixture.mjs';

const env = useBrowser();

test('Planering marks the places the plan puts in a group of a form', async () => {
  const { form, needs, run, items } = await gaffelCase(env.server.base, env.server.db);
  const inGroup = items.filter((i) => needs.includes(i.need_id) && i.form_id === form.id);
  assert.equal(inGroup.length, 3, JSON.stringify(items.filter((i) => needs.includes(i.need_id))));
  const left = items.find((i) => needs.includes(i.need_id) && i.status === 'unplaced');
  assert.ok(left, 'the fourth need is left unplaced');
  const { context, page, problems } = await openPage(env.browser, { server: env.server });
  try {
    await page.goto(`${env.server.base}/#/planering/${run.id}`);
    const search = page.locator('input[name="trainee_q"]');
    const badgeOf = async (it) => {
      await search.fill(it.trainee.name);
      const row = page.locator(`table.table-plan-items tr[data-need="${it.need_id}"]`);
      await row.waitFor();
      return row.locator('td').nth(it.status === 'unplaced' ? 6 : 2).locator('.badge');
    };
    for (const it of inGroup) {
      const badge = await badgeOf(it);
      assert.equal(await badge.textContent(), 'i grupp (gaffel, tandem eller ST-mottagning)');
    }
    assert.equal(await (await badgeOf(left)).count(), 1, 'only its status badge');
    await assertAccessible(page, 'planning, a group placement (sv)');
    await page.click('#lang-switch');
    await page.waitForSelector('h1:text("Planning")');
    const badge = await badgeOf(inGroup[0]);
    assert.equal(await badge.textContent(), 'in a group (gaffel, tandem or ST clinic)');
    await assertAccessible(page, 'planning, a group placement (en)');
    await page.click('#lang-switch');
    await page.waitForSelector('h1:text("Planering")');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
