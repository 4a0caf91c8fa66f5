// Settings saved in the console are what the API returns at once; deleting a
// session removes it from the list and its chunk URLs stop working; deleting a user's sessions and
// rotating the api key take effect at once too; a re-score after a change of the frustration rules shows
// its progress until done.
import { readFile } from 'node:fs/promises';
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

async function rows(page) {
  await waitFor(async () => ['loaded', 'empty'].includes(await page.locator('.results').getAttribute('data-state')), {
    what: 'the session list',
  });
  return page.locator('.session-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.sessionId));
}

test('settings saved in the console are what the API returns at once', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('settings');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Settings Co');
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/settings');
    // the plan, read-only: what GET /v1/tenant says (the default one)
    const { body: initial } = await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey });
    assert.deepEqual(initial.plan, { chunksPerMinute: 60000, sessionsPerMonth: 1000000 });
    await waitFor(async () => (await page.locator('[data-plan]').count()) === 1, { what: 'the plan in Settings' });
    assert.equal(
      await page.locator('[data-plan]').textContent(),
      '1,000,000 sessions a month, 60,000 chunks a minute (set by your operator)',
    );

    // when: an admin keeps sessions longer, restricts origins, samples half the visits, masks text, asks consent
    await page.selectOption('[data-setting=retentionDays]', '90');
    assert.match(await page.locator('[data-retention-effect]').textContent(), /kept for 90 days/);
    await page.fill('[data-setting=allowedOrigins]', 'https://shop.example.com\nhttp://localhost:3000/');
    await page.fill('[data-setting=sampleRate]', '50');
    await page.check('[data-setting=maskAllText]');
    await page.check('[data-setting=consentRequired]');
    assert.equal(await page.inputValue('[data-rule=deadWindowMs]'), '2500');
    await page.fill('[data-rule=deadWindowMs]', '4000');
    // a page signal's threshold too (docs/FRUSTRATION.md, "Quick back"), its range on the input
    assert.equal(await page.inputValue('[data-rule=quickBackWindowMs]'), '5000');
    assert.deepEqual(await page.locator('[data-rule=quickBackWindowMs]').evaluate((input) => [input.min, input.max]), ['1000', '30000']);
    await page.fill('[data-rule=quickBackWindowMs]', '8000');
    // console capture: all but debug by default; the admin keeps warnings and errors only
    assert.deepEqual(await page.locator('[data-console-level]:checked').evaluateAll((els) => els.map((e) => e.value)), [
      'log',
      'info',
      'warn',
      'error',
    ]);
    await page.uncheck('[data-console-level=log]');
    await page.uncheck('[data-console-level=info]');
    // assets: every kind by default, canvas off; the admin keeps images on the site and records canvases
    assert.equal(await page.inputValue('[data-setting=captureAssets]'), 'all');
    assert.equal(await page.isChecked('[data-setting=recordCanvas]'), false);
    await page.selectOption('[data-setting=captureAssets]', 'fonts_and_stylesheets');
    await page.check('[data-setting=recordCanvas]');
    await page.click('[data-settings-form] button[type=submit]');
    await waitFor(async () => /Saved/.test(await page.locator('[data-settings-status]').textContent()), { what: 'the settings saved' });

    // then: the API returns them at once
    const { body: saved } = await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey });
    assert.equal(saved.retentionDays, 90);
    assert.deepEqual(saved.allowedOrigins, ['https://shop.example.com', 'http://localhost:3000']);
    assert.equal(saved.sampleRate, 0.5);
    assert.equal(saved.maskAllText, true);
    assert.equal(saved.consentRequired, true);
    assert.deepEqual(saved.consoleLevels, ['warn', 'error']);
    assert.equal(saved.captureAssets, 'fonts_and_stylesheets');
    assert.equal(saved.recordCanvas, true);
    assert.deepEqual(saved.frustrationRules, {
      rageMinClicks: 3,
      rageMaxIntervalMs: 1000,
      rageRadiusPx: 30,
      deadWindowMs: 4000,
      deadScrollWindowMs: 100,
      errorClickWindowMs: 1000,
      quickBackWindowMs: 8000,
      excessiveScrollReversals: 4,
      excessiveScrollWindowMs: 10000,
    });
    await screenshot(page, 'settings-saved');
    // and Settings shows the stored asset and canvas choices when opened again
    const again = await context.newPage();
    await again.goto(runner.url + '/settings');
    await again.locator('[data-setting=captureAssets]').waitFor();
    assert.equal(await again.inputValue('[data-setting=captureAssets]'), 'fonts_and_stylesheets');
    assert.equal(await again.isChecked('[data-setting=recordCanvas]'), true);
    await again.close();

    // when: retention is shortened, the console says what will be deleted before saving
    await page.selectOption('[data-setting=retentionDays]', '7');
    assert.match(
      await page.locator('[data-retention-effect]').textContent(),
      /older than 7 days\) disappear from the console at once and are deleted for good/,
    );
    await page.click('[data-settings-form] button[type=submit]');
    const dialog = page.locator('dialog[open]');
    assert.match(await dialog.textContent(), /Shorten retention to 7 days/);
    await dialog.locator('[data-confirm]').click();
    await waitFor(async () => (await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey })).body.retentionDays === 7, {
      what: 'retention 7 through the API',
    });

    // and: a threshold out of its range is refused beside its own field, in words, and nothing changes
    assert.deepEqual(await page.locator('[data-rule=rageMinClicks]').evaluate((input) => [input.min, input.max]), ['2', '10']);
    await page.fill('[data-rule=rageMinClicks]', '1');
    await page.click('[data-settings-form] button[type=submit]');
    const fieldError = page.locator('[data-field-error=rageMinClicks]');
    await fieldError.waitFor();
    assert.equal(await fieldError.textContent(), 'A whole number from 2 to 10.');
    assert.equal(await page.locator('[data-rule=rageMinClicks]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-rule=rageMinClicks]').getAttribute('aria-describedby'), 'error-rageMinClicks');
    assert.doesNotMatch(await page.locator('[data-settings-status]').textContent(), /rageMinClicks/, 'no raw API text');
    assert.equal((await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey })).body.frustrationRules.rageMinClicks, 3);
    await page.fill('[data-rule=rageMinClicks]', '3');

    // and: a malformed origin is refused before it reaches the API
    await page.fill('[data-setting=allowedOrigins]', 'shop.example.com/path');
    await page.click('[data-settings-form] button[type=submit]');
    assert.match(await page.locator('[data-settings-status]').textContent(), /is not an origin/);
    assert.deepEqual((await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey })).body.allowedOrigins, [
      'https://shop.example.com',
      'http://localhost:3000',
    ]);
    assert.deepEqual(problems, []);
  });
});

test('deleting a session removes it from the list and its chunk URLs stop working', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('deletion');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Deletion Co');
    const doomed = await importRecording(runner, tenant.apiKey, generatedSession(1).events, { url: 'https://shop.example/doomed' });
    const kept = await importRecording(runner, tenant.apiKey, generatedSession(1).events, { url: 'https://shop.example/kept' });
    const { body: detail } = await callApi(runner, 'GET', '/v1/sessions/' + doomed, { key: tenant.apiKey });
    assert.ok(detail.chunks.length > 0);
    for (const chunk of detail.chunks) assert.equal((await fetch(chunk.url)).status, 200, 'chunk URLs work before the deletion');

    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/sessions');
    assert.deepEqual(new Set(await rows(page)), new Set([doomed, kept]));

    // when: the session is deleted from its replay page
    await page.click(`.session-row[data-session-id="${doomed}"] .entry-link`);
    await page.click('[data-delete]');
    await page.locator('dialog[open] [data-confirm]').click();

    // then: the list no longer has it, and its recording is gone
    await page.waitForURL('**/sessions');
    assert.match(await page.locator('.notice').textContent(), /Session deleted/);
    assert.deepEqual(await rows(page), [kept]);
    for (const chunk of detail.chunks) {
      const status = (await fetch(chunk.url)).status;
      assert.ok(status === 404 || status === 403, `a deleted chunk's URL answers ${status}`);
    }
    assert.equal((await callApi(runner, 'GET', '/v1/sessions/' + doomed, { key: tenant.apiKey })).status, 404);
    await page.reload();
    assert.deepEqual(await rows(page), [kept]);
    assert.deepEqual(problems, []);
  });
});

test("deleting a user's sessions and rotating the api key take effect at once", async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('user-deletion');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Erasure Co');
    const theirs = [
      await importRecording(runner, tenant.apiKey, generatedSession(1).events, { userId: 'user-42' }),
      await importRecording(runner, tenant.apiKey, generatedSession(1).events, { userId: 'user-42' }),
    ];
    const other = await importRecording(runner, tenant.apiKey, generatedSession(1).events, { userId: 'user-7' });
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // the list filtered by user, from a shared URL
    await page.goto(runner.url + '/sessions?userId=user-42');
    assert.equal(await page.locator('input[name=userId]').inputValue(), 'user-42');
    assert.deepEqual(new Set(await rows(page)), new Set(theirs));

    // when: every session of user-42 is deleted in Settings
    await page.click('nav >> text=Settings');
    await page.fill('[data-delete-user-id]', 'user-42');
    await page.click('[data-delete-user]');
    await page.locator('dialog[open] [data-confirm]').click();
    await waitFor(async () => /Deleted 2 sessions of user-42/.test(await page.locator('[data-delete-user-status]').textContent()), {
      what: 'the deletion report',
    });

    // then: only the other user's session is left
    const { body: list } = await callApi(runner, 'GET', '/v1/sessions', { key: tenant.apiKey });
    assert.deepEqual(
      list.sessions.map((s) => s.sessionId),
      [other],
    );

    // when: the api key is rotated
    await page.click('[data-rotate=api]');
    await page.locator('dialog[open] [data-confirm]').click();
    const newKey = (await page.locator('.key-result [data-api-key]').textContent()).trim();

    // then: the old key stops at once, the new one works, and the console carries on with it
    assert.notEqual(newKey, tenant.apiKey);
    assert.equal((await callApi(runner, 'GET', '/v1/tenant', { key: tenant.apiKey })).status, 401);
    assert.equal((await callApi(runner, 'GET', '/v1/tenant', { key: newKey })).status, 200);
    await page.click('nav >> text=Sessions');
    assert.deepEqual(await rows(page), [other]);
    assert.deepEqual(problems, []);
  });
});

test('re-scoring sessions after a change of the frustration rules shows its progress until done', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('rescore');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Rescore Co');
    // the journey's burst is four clicks on a button that never answers: a rage click by default, a dead click
    // when five clicks are needed to rage (docs/FRUSTRATION.md, "Re-score history")
    const journey = JSON.parse(
      await readFile(new URL('../../functions/src/test/resources/journeys/place-order-rage-plain.json', import.meta.url), 'utf8'),
    );
    const sessionId = await importRecording(runner, tenant.apiKey, journey.events, { url: journey.meta.url });
    const flags = async () => (await callApi(runner, 'GET', '/v1/sessions/' + sessionId, { key: tenant.apiKey })).body.flags;
    assert.deepEqual(await flags(), ['rage_click']);
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/settings');
    const status = page.locator('[data-rescore-status]');
    await waitFor(async () => (await status.getAttribute('data-rescore-state')) === 'none', { what: 'the re-score progress' });
    assert.equal(await status.textContent(), 'No re-score has run yet.');

    // when: the admin raises the rage threshold, saves, and re-scores
    await page.fill('[data-rule=rageMinClicks]', '5');
    await page.click('[data-settings-form] button[type=submit]');
    await waitFor(async () => /Saved/.test(await page.locator('[data-settings-status]').textContent()), { what: 'the saved settings' });
    await page.click('[data-rescore]');
    await page.locator('dialog[open] [data-confirm]').click();

    // then: the progress is polled until the run is done, and the session is judged by the new rules
    await waitFor(async () => (await status.getAttribute('data-rescore-state')) === 'done', { timeoutMs: 30_000, what: 'the re-score' });
    assert.match(await status.textContent(), /^Done: 1 session re-scored, 1 changed, finished /);
    assert.equal(await page.locator('[data-rescore]').isDisabled(), false);
    assert.deepEqual(await flags(), ['dead_click']);
    const { body: run } = await callApi(runner, 'GET', '/v1/tenant/rescore', { key: tenant.apiKey });
    assert.equal(run.frustrationRules.rageMinClicks, 5);
    await screenshot(page, 'settings-rescore');
    assert.deepEqual(problems, []);
  });
});
