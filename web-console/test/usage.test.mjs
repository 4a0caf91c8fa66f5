// Usage: the console shows what GET /v1/usage says: this month's sessions against the plan's quota,
// and what was stored today, in a chart and a table, within the console's CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callApi,
  consoleContext,
  importRecording,
  launchBrowser,
  screenshot,
  signUp,
  startRunner,
  waitFor,
  withCleanup,
} from './harness.mjs';
import { generatedSession } from './fixtures.mjs';

test("the usage page shows the sessions of the month against the quota and today's usage", async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('usage');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Usage Co');
    // given two sessions stored today
    for (let i = 0; i < 2; i++) {
      await importRecording(runner, tenant.apiKey, generatedSession(1).events);
    }
    const { body: usage } = await callApi(runner, 'GET', '/v1/usage?days=30', { key: tenant.apiKey });
    const today = usage.days.at(-1);
    assert.equal(today.sessions, 2);

    // when the admin opens Usage from the navigation
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/sessions');
    await page.click('nav >> text=Usage');
    await waitFor(async () => (await page.locator('[data-usage-state]').getAttribute('data-usage-state')) === 'loaded', {
      what: 'the usage page',
    });

    // then it shows the month's sessions of the quota, today's bar and today's row, as the API says
    assert.equal(await page.locator('[data-usage-quota]').textContent(), '2 of 1,000,000 sessions');
    assert.equal(await page.locator(`.usage-bar[data-day="${today.day}"]`).getAttribute('data-sessions'), '2');
    assert.ok((await page.locator(`.usage-bar[data-day="${today.day}"]`).boundingBox()).height > 50, 'the busiest day is a tall bar');
    assert.equal(await page.locator('.usage-bar').count(), 30);
    const row = page.locator(`[data-usage-day="${today.day}"] td`);
    assert.deepEqual(await row.allTextContents(), [
      today.day,
      '2',
      String(today.chunks),
      today.bytes < 1024 ? `${today.bytes} B` : `${(today.bytes / 1024).toFixed(1)} KB`,
    ]);
    await screenshot(page, 'usage');
    assert.deepEqual(problems, []);
  });
});
