// The session list's pages (cursor pagination kept in the URL), its empty and error states, and the
// side panel of a replay fed by a real recording with network calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleContext, importRecording, launchBrowser, signUp, startRunner, waitFor, withCleanup } from './harness.mjs';

const PAGE_SIZE = 25; // src/constants.ts SESSIONS_PAGE_SIZE

/** The smallest replayable recording: a meta event, a snapshot, one mouse move. */
function tinyRecording(n) {
  const t = Date.now() - 10_000;
  const text = (id, value) => ({ type: 3, id, textContent: value });
  return [
    { type: 4, timestamp: t, data: { href: `https://shop.example/page-${n}`, width: 800, height: 600 } },
    {
      type: 2,
      timestamp: t + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'html',
              attributes: {},
              childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [text(4, 'Page ' + n)] }],
            },
          ],
        },
        initialOffset: { left: 0, top: 0 },
      },
    },
    { type: 3, timestamp: t + 2_000, data: { source: 1, positions: [{ x: 10, y: 10, id: 3, timeOffset: 0 }] } },
  ];
}

async function state(page) {
  await waitFor(async () => ['loaded', 'empty', 'error'].includes(await page.locator('.results').getAttribute('data-state')), {
    what: 'the list to settle',
  });
  return page.locator('.results').getAttribute('data-state');
}

test('the list pages through sessions with a cursor in the URL, and shows empty and error states', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('list');
    let runnerStopped = false;
    cleanup(() => !runnerStopped && runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Many Sessions Co');
    const total = PAGE_SIZE + 3;
    for (let i = 0; i < total; i++) await importRecording(runner, tenant.apiKey, tinyRecording(i));
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // first page, then older
    await page.goto(runner.url + '/sessions');
    assert.equal(await state(page), 'loaded');
    assert.equal(await page.locator('.session-row').count(), PAGE_SIZE);
    const firstPage = await page.locator('.session-row').evaluateAll((rows) => rows.map((r) => r.dataset.sessionId));
    await page.click('[data-older]');
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    await waitFor(async () => (await page.locator('.session-row').count()) === total - PAGE_SIZE, { what: 'the second page' });
    const secondPage = await page.locator('.session-row').evaluateAll((rows) => rows.map((r) => r.dataset.sessionId));
    assert.equal(new Set([...firstPage, ...secondPage]).size, total, 'no session on both pages');
    assert.equal(await page.locator('[data-older]').count(), 0, 'no page after the last');

    // the second page's URL is shareable
    await page.reload();
    await waitFor(async () => (await page.locator('.session-row').count()) === total - PAGE_SIZE, { what: 'the second page after reload' });

    // back to the newest
    await page.click('text=← Newest');
    await waitFor(async () => (await page.locator('.session-row').count()) === PAGE_SIZE, { what: 'the first page again' });

    // empty: filters that match nothing
    await page.fill('input[name=url]', 'no-such-page');
    await page.press('input[name=url]', 'Enter');
    await page.waitForURL((url) => url.searchParams.get('url') === 'no-such-page');
    assert.equal(await state(page), 'empty');
    assert.match(await page.locator('.results').textContent(), /No sessions match these filters/);
    await page.click('.results >> text=Clear filters');
    assert.equal(await state(page), 'loaded');

    // each filter goes through the URL to the API: none of these sessions matches any of them
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv'); // yyyy-mm-dd, local
    /** @type {[string, string, () => Promise<unknown>][]} */
    const filters = [
      ['from', tomorrow, () => page.fill('input[name=from]', tomorrow)],
      ['minDurationMs', '300000', () => page.selectOption('select[name=minDurationMs]', '300000')],
      ['browser', 'Firefox', async () => (await page.fill('input[name=browser]', 'Firefox'), page.press('input[name=browser]', 'Enter'))],
      ['flag', 'error', () => page.click('[data-flag=error]')],
    ];
    for (const [name, value, set] of filters) {
      await set();
      await page.waitForURL((url) => url.searchParams.get(name) === value);
      assert.equal(await state(page), 'empty', `no session with ${name}=${value}`);
      await page.click('.results >> text=Clear filters');
      await page.waitForURL((url) => url.search === '');
      assert.equal(await state(page), 'loaded');
    }
    // and a day range that holds them all
    const today = new Date().toLocaleDateString('sv');
    await page.fill('input[name=from]', today);
    await page.fill('input[name=to]', today);
    await page.waitForURL((url) => url.searchParams.get('to') === today);
    assert.equal(await state(page), 'loaded');
    assert.equal(await page.locator('.session-row').count(), PAGE_SIZE);

    // error: the API is gone
    await runner.stop();
    runnerStopped = true;
    await page.click('[data-refresh]');
    assert.equal(await state(page), 'error');
    assert.match(await page.locator('.results').textContent(), /cannot be reached/);
    await page.locator('.results button', { hasText: 'Try again' }).waitFor();
    assert.deepEqual(problems, []);
  });
});
