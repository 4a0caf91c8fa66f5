// The JavaScript errors pages (src/pages/errors.ts, docs/INSIGHTS.md "Error groups"): a journey whose
// coupon button throws, imported twice through the API, shows up as one error group with its count,
// sessions and sparkline; its page has the sample stack and the sessions, each opening the replay at
// the error; an admin resolves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPO_ROOT,
  callApi,
  consoleContext,
  importRecording,
  launchBrowser,
  signUp,
  startRunner,
  waitFor,
  withCleanup,
} from './harness.mjs';

/** A labelled journey of functions/src/test/resources/journeys, moved so that it ends `agoMs` before now. */
function journey(name, agoMs) {
  const fixture = JSON.parse(readFileSync(join(REPO_ROOT, 'functions/src/test/resources/journeys', name + '.json'), 'utf8'));
  const last = fixture.events[fixture.events.length - 1].timestamp;
  const shift = Date.now() - agoMs - last;
  return { events: fixture.events.map((e) => ({ ...e, timestamp: e.timestamp + shift })), url: fixture.meta.url };
}

async function state(page) {
  await waitFor(async () => ['loaded', 'empty', 'error'].includes(await page.locator('.results').getAttribute('data-state')), {
    what: 'the errors to settle',
  });
  return page.locator('.results').getAttribute('data-state');
}

test('the errors pages group an error, open its sessions at the error and resolve it', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('errors');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Errors Co');
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // before any session: the empty state
    await page.goto(runner.url + '/insights/errors');
    assert.equal(await state(page), 'empty');
    assert.match(await page.locator('.results').textContent(), /No JavaScript errors in the last 7 days/);

    // given the coupon journey (its button throws) by two users
    const older = journey('coupon-throws', 120_000);
    const first = await importRecording(runner, tenant.apiKey, older.events, { url: older.url, userId: 'ada' });
    const newer = journey('coupon-throws', 60_000);
    const latest = await importRecording(runner, tenant.apiKey, newer.events, { url: newer.url, userId: 'grace' });

    // when the list is read (from the Insights page's link)
    await page.goto(runner.url + '/insights');
    await page.click('a.errors-link');
    await page.waitForURL((url) => url.pathname === '/insights/errors');
    assert.equal(await state(page), 'loaded');

    // then one group: two occurrences in two sessions by two users, open, with a sparkline
    const rows = page.locator('.error-row');
    assert.equal(await rows.count(), 1);
    const row = rows.first();
    assert.match(await row.textContent(), /Cannot read properties of undefined \(reading 'code'\)/);
    assert.equal((await row.locator('[data-occurrences]').textContent())?.trim(), '2');
    assert.equal((await row.locator('[data-sessions]').textContent())?.trim(), '2');
    assert.equal((await row.locator('[data-users]').textContent())?.trim(), '2');
    assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'open');
    assert.equal(await row.locator('svg.sparkline polyline').count(), 1);
    const groupId = await row.getAttribute('data-group');

    // and its page has the sample stack and both sessions, the newest first
    await row.locator('a.error-link').click();
    await page.waitForURL((url) => url.pathname === '/insights/errors/' + groupId);
    assert.equal(await state(page), 'loaded');
    assert.match(
      await page.locator('[data-stack]').textContent(),
      /at HTMLButtonElement\.<anonymous> \(http:\/\/127\.0\.0\.1:34791\/checkout\.html:58:14\)/,
    );
    const links = page.locator('.error-sessions .replay-link');
    assert.deepEqual(await links.evaluateAll((all) => all.map((a) => a.getAttribute('data-replay'))), [latest, first]);

    // and "all sessions with this error" lists both, through the session list's errorGroup filter
    await page.click('[data-all-sessions]');
    await page.waitForURL((url) => url.pathname === '/sessions' && url.searchParams.get('errorGroup') === groupId);
    await waitFor(async () => (await page.locator('.session-row').count()) === 2, { what: 'the two sessions with the error' });
    assert.deepEqual(
      (await page.locator('.session-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')))).sort(),
      [first, latest].sort(),
    );
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/insights/errors/' + groupId);
    assert.equal(await state(page), 'loaded');

    // and a session's link opens the replay at the error
    const detail = await callApi(runner, 'GET', '/v1/sessions/' + latest, { key: tenant.apiKey });
    const errorAt = detail.body.frustrations.find((f) => f.type === 'error').offsetMs;
    await links.first().click();
    await page.waitForURL((url) => url.pathname === '/sessions/' + latest);
    assert.equal(new URL(page.url()).searchParams.get('t'), String(errorAt));

    // and the admin resolves it: the page and the API say resolved
    await page.goto(runner.url + '/insights/errors/' + groupId);
    assert.equal(await state(page), 'loaded');
    await page.click('[data-set-status=resolved]');
    await waitFor(async () => (await page.locator('.results').getAttribute('data-status')) === 'resolved', { what: 'the group resolved' });
    assert.equal(await page.locator('[data-set-status=open]').count(), 1);
    const group = await callApi(runner, 'GET', '/v1/insights/errors/' + groupId, { key: tenant.apiKey });
    assert.equal(group.body.group.status, 'resolved');

    assert.equal(await page.locator('.nav-link.active').textContent(), 'Insights');
    assert.deepEqual(problems, []);
  });
});
