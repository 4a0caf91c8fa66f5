// A session whose tab was copied from another session's tab (window.open, "Duplicate tab") names that
// session as its opener (docs/INGEST.md, "Copied tabs"): the replay says "Opened from" and links to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleContext, importRecording, launchBrowser, signUp, startRunner, waitFor, withCleanup } from './harness.mjs';
import { generatedSession } from './fixtures.mjs';

test('the replay of a session opened from another links to that one', async () => {
  await withCleanup(async (cleanup) => {
    // given a session, and one opened from it
    const runner = await startRunner('opener');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Two Tabs Co');
    const opener = await importRecording(runner, tenant.apiKey, generatedSession(1).events);
    const opened = await importRecording(runner, tenant.apiKey, generatedSession(1).events, { openerSessionId: opener });
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // when the opened one is replayed
    await page.goto(`${runner.url}/sessions/${opened}`);
    const openedFrom = page.locator('[data-opened-from]');
    await openedFrom.waitFor();

    // then it says where it was opened from, and the link leads to that session's replay
    assert.match(await openedFrom.textContent(), /^Opened from session /);
    assert.equal(await openedFrom.locator('a').getAttribute('href'), `/sessions/${opener}`);
    await openedFrom.locator('a').click();
    await page.waitForURL((url) => url.pathname === `/sessions/${opener}`);
    await waitFor(async () => (await page.locator('.replay').getAttribute('data-session-id')) === opener, { what: 'the opener replay' });
    assert.equal(await page.locator('[data-opened-from]').count(), 0, 'the opener was opened from nothing');
    assert.deepEqual(problems, []);
  });
});
