// What a new user tripped over outside the replay itself: the sign-up snippet cut off at the right
// edge, counts that read "1 errors", a user filter that wanted the exact id, and share links that
// could be revoked only by deleting the session.
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callApi,
  consoleContext,
  importRecording,
  launchBrowser,
  replayedText,
  screenshot,
  signUp,
  startRunner,
  startSite,
  waitFor,
  withCleanup,
} from './harness.mjs';
import { checkoutJourney } from './fixtures.mjs';

test('the one-time sign-up page (api-key accounts) shows the whole snippet, nothing cut off at the right edge', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('signup-snippet');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    for (const width of [1440, 1024]) {
      const { context } = await consoleContext(browser, runner, null);
      cleanup(() => context.close());
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(runner.url + '/signup/api-key');
      await page.fill('input[name=email]', 'pm@snippet.test');
      await page.fill('input[name=organization]', 'Snippet Co ' + width);
      await page.click('button[type=submit]');
      const snippet = page.locator('[data-snippet]');
      await snippet.waitFor();
      const box = await snippet.evaluate((pre) => ({
        scroll: pre.scrollWidth,
        client: pre.clientWidth,
        right: pre.getBoundingClientRect().right,
      }));
      assert.ok(box.scroll <= box.client, `at ${width} px the snippet is ${box.scroll} px wide in a ${box.client} px box`);
      assert.ok(box.right <= width, `at ${width} px the snippet ends at ${box.right} px`);
      if (width === 1440) await screenshot(page, 'signup-snippet');
    }
  });
});

test('counts read in the singular when there is one', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('plurals');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Plurals Co');
    const sessionId = await importRecording(runner, tenant.apiKey, checkoutJourney().events);
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    await page.goto(runner.url + '/sessions');
    const row = page.locator(`.session-row[data-session-id="${sessionId}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-badge=rage_click]').getAttribute('title'), '1 rage click');
    assert.equal(await row.locator('[data-badge=error]').getAttribute('title'), '1 error');

    await page.goto(runner.url + '/sessions/' + sessionId);
    await waitFor(async () => (await page.locator('[data-load-progress]').textContent()) === 'Recording loaded (1 chunk)', {
      what: 'the load status',
    });
    await page.click('[data-tab=details]');
    assert.match(await page.locator('[data-panel=details]').textContent(), /1 error(?!s)/);
    assert.doesNotMatch(await page.locator('body').textContent(), /\b1 (rage clicks|errors|chunks|clicks)\b/);
    assert.deepEqual(problems, []);
  });
});

test('the user filter finds ids that start with what was typed', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('user-prefix');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Users Co');
    const { events } = checkoutJourney();
    const newbie = await importRecording(runner, tenant.apiKey, events, { userId: 'newbie-42' });
    await importRecording(runner, tenant.apiKey, events, { userId: 'veteran-7' });
    const { context } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/sessions');
    await waitFor(async () => (await page.locator('.session-row').count()) === 2, { what: 'both sessions' });

    await page.fill('input[name=userId]', 'newbie');
    await page.press('input[name=userId]', 'Enter');
    await waitFor(
      async () => {
        const ids = await page.locator('.session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));
        return ids.length === 1 && ids[0] === newbie;
      },
      { what: 'only the newbie-42 session listed' },
    );
  });
});

test('share links are listed and revoked one by one, and a link can start at the current moment', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('share-links');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Share Co');
    const journey = checkoutJourney();
    const sessionId = await importRecording(runner, tenant.apiKey, journey.events);
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // the replay paused at the confirmation page
    const moment = journey.at.confirmation + 500;
    await page.goto(`${runner.url}/sessions/${sessionId}?t=${moment}`);
    await waitFor(async () => (await replayedText(page)).includes('Order confirmed'), { what: 'the confirmation page' });
    await page.click('[data-stage]');
    await waitFor(async () => (await page.locator('.player').getAttribute('data-state')) === 'paused', { what: 'paused' });
    const pausedAt = Number(await page.locator('.player').getAttribute('data-current-ms'));

    // two links, the first starting at this moment
    await page.click('[data-share]');
    const dialog = page.locator('dialog[open]');
    assert.equal(await dialog.locator('[data-share-at-moment]').isChecked(), true);
    await dialog.locator('[data-create-share]').click();
    const url = dialog.locator('[data-share-url]');
    await url.waitFor();
    const momentLink = await url.inputValue();
    assert.match(momentLink, new RegExp(`/share/[^?]+\\?t=${pausedAt}$`));
    await dialog.locator('[data-share-at-moment]').uncheck();
    await dialog.locator('[data-create-share]').click();
    await waitFor(async () => (await url.inputValue()) !== momentLink, { what: 'the second link' });
    const plainLink = await url.inputValue();
    assert.doesNotMatch(plainLink, /\?t=/);
    await waitFor(async () => (await dialog.locator('[data-share-link]').count()) === 2, { what: 'both links listed' });
    await screenshot(page, 'share-links');

    // revoke the plain one: it stops working, the other is still listed and works
    const { body: listed } = await callApi(runner, 'GET', `/v1/sessions/${sessionId}/shares`, { key: tenant.apiKey });
    const plainToken = plainLink.split('/share/')[1];
    // a link's id is the start of its token's hash (docs/openapi.yaml)
    const plainId = createHash('sha256').update(plainToken).digest('hex').slice(0, 16);
    assert.ok(listed.shares.some((s) => s.id === plainId));
    assert.equal(listed.shares.length, 2);
    await dialog.locator(`[data-revoke-share="${plainId}"]`).click();
    await waitFor(async () => (await dialog.locator('[data-share-link]').count()) === 1, { what: 'one link left' });
    assert.equal((await callApi(runner, 'GET', '/v1/shares/' + plainToken)).status, 404);

    // the moment link opens at that moment, without signing in
    const { context: visitor } = await consoleContext(browser, runner, null);
    cleanup(() => visitor.close());
    const shared = await visitor.newPage();
    await shared.goto(momentLink);
    await waitFor(async () => (await replayedText(shared)).includes('Order confirmed'), { what: 'the shared replay at the moment' });
    assert.ok(Number(await shared.locator('.player').getAttribute('data-current-ms')) >= pausedAt);
    assert.deepEqual(problems, []);
  });
});

test('a page on an origin that is not allowed says so in its console, and Settings shows the refused origin', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('refused-origin');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Origins Co');
    const patched = await callApi(runner, 'PATCH', '/v1/tenant', {
      key: tenant.apiKey,
      body: { allowedOrigins: ['https://shop.example.com'] },
    });
    assert.equal(patched.status, 200);

    // a visit from another origin
    const site = await startSite({
      '/': `<!doctype html><html><head><meta charset="utf-8"><title>Elsewhere</title>${tenant.snippet}</head><body><h1>Elsewhere</h1></body></html>`,
    });
    cleanup(() => site.stop());
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    const visit = await visitor.newPage();
    const messages = [];
    visit.on('console', (m) => messages.push(m.type() + ': ' + m.text()));
    await visit.goto(site.url + '/');
    await waitFor(
      () =>
        messages.some((m) =>
          /^warning: rewind: not recording: this page's origin \(http:\/\/127\.0\.0\.1:\d+\) is not among the allowed origins/.test(m),
        ),
      {
        what: 'the warning in the page console: ' + messages.join(' | '),
      },
    );

    // the Rewind console lists it, and one click allows it
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/settings');
    const refused = page.locator(`[data-refused-origin="${site.url}"]`);
    await refused.waitFor();
    assert.match(await refused.textContent(), /refused just now/);
    await screenshot(page, 'settings-refused-origin');
    await refused.locator('[data-allow-origin]').click();
    await page.click('[data-settings-form] button[type=submit]');
    await waitFor(async () => /Saved/.test(await page.locator('[data-settings-status]').textContent()), { what: 'saved' });
    assert.deepEqual((await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey })).body.allowedOrigins, [
      'https://shop.example.com',
      site.url,
    ]);
    assert.deepEqual(problems, []);
  });
});
