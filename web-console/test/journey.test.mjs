// A new user's way from sign-up to the rage click: sign up → install →
// first session → filter by rage clicks → replay → jump to the rage click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  callApi,
  consoleContext,
  importRecording,
  launchBrowser,
  REPO_ROOT,
  replayedText,
  screenshot,
  startRunner,
  startSite,
  waitFor,
  withCleanup,
} from './harness.mjs';
import { demoSessionEvents } from './testdata.mjs';

const JUMP_LEAD_IN_MS = 1_000; // src/constants.ts: a jump starts this much before the frustration

function checkoutPage(snippet) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Checkout</title>
${snippet}
<style>body{font:16px system-ui;margin:40px} button{font:inherit;padding:8px 16px}</style>
</head><body>
<h1>Checkout</h1>
<p>Two bags of house blend, 18.00 EUR</p>
<label>Coupon code <input id="coupon" type="text"></label>
<button id="apply" type="button">Apply coupon</button>
<p><label>Delivery notes <input id="notes" type="text"></label></p>
<script>
  // the coupon service is down: every click asks it, nothing on the page changes
  document.getElementById('apply').addEventListener('click', function () {
    fetch('/api/coupon?code=' + encodeURIComponent(document.getElementById('coupon').value));
  });
</script>
</body></html>`;
}

test('a new user signs up, installs, sees the first session, filters by rage clicks and jumps to the rage click', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('journey');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const { context, problems } = await consoleContext(browser, runner, null);
    const page = await context.newPage();

    // sign up
    await page.goto(runner.url + '/signup/api-key');
    await page.fill('input[name=email]', 'pm@checkout.test');
    await page.fill('input[name=organization]', 'Checkout Co');
    await page.click('button[type=submit]');
    const apiKey = (await page.locator('[data-api-key]').textContent()).trim();
    const snippet = await page.locator('[data-snippet]').textContent();
    assert.match(apiKey, /^sk_/);
    assert.match(await page.locator('.warning').textContent(), /shown only this once/);

    // install: the indicator waits for the first session
    await page.click('[data-continue]');
    await page.waitForURL('**/install');
    assert.equal(await page.locator('[data-snippet]').textContent(), snippet);
    await page.locator('[data-install-status=waiting]').waitFor();
    await screenshot(page, 'journey-install-waiting');

    // a session that did not rage, for the filter to leave out: the rrweb demo recording
    const calm = await importRecording(runner, apiKey, demoSessionEvents());

    // first session: a visitor on another origin rage-clicks a coupon button that does nothing
    const site = await startSite({ '/checkout': checkoutPage(snippet) });
    cleanup(() => site.stop());
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    const visit = await visitor.newPage();
    const recording = visit.waitForResponse((r) => r.url().includes('/v1/ingest/config') && r.status() === 200);
    await visit.goto(site.url + '/checkout');
    await recording;
    await visit.type('#coupon', 'SPRING', { delay: 150 });
    for (let i = 0; i < 4; i++) await visit.click('#apply');
    await visit.type('#notes', 'leave at the door', { delay: 120 });
    await visit.close({ runBeforeUnload: true });

    // the indicator turns green
    await page.locator('[data-install-status=received]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'journey-install-received');

    // filter by rage clicks: the URL says so, and only the raging session is left
    await page.click('text=All sessions');
    await page.waitForURL('**/sessions');
    await waitFor(async () => (await page.locator('.session-row').count()) === 2, { timeoutMs: 15_000, what: 'both sessions listed' });
    await page.click('[data-flag=rage_click]');
    await page.waitForURL((url) => url.searchParams.getAll('flag').join() === 'rage_click');
    await waitFor(
      async () =>
        (await page.locator('.results').getAttribute('data-state')) === 'loaded' && (await page.locator('.session-row').count()) === 1,
      {
        timeoutMs: 10_000,
        what: 'the filtered list',
      },
    );
    const row = page.locator('.session-row');
    const sessionId = await row.getAttribute('data-session-id');
    assert.notEqual(sessionId, calm);
    assert.match(await row.locator('[data-badge=rage_click]').textContent(), /Rage click [1-9]/);
    await screenshot(page, 'journey-list-rage');

    // the filtered view survives a reload (it lives in the URL)
    await page.reload();
    assert.equal(await page.locator('[data-flag=rage_click]').getAttribute('aria-pressed'), 'true');
    await waitFor(async () => (await page.locator('.session-row').count()) === 1, { what: 'the filtered list after reload' });

    // replay, then jump to the rage click from the frustration list
    const { body: detail } = await callApi(runner, 'GET', '/v1/sessions/' + sessionId, { key: apiKey });
    const rage = detail.frustrations.find((f) => f.type === 'rage_click');
    assert.ok(rage, 'the API reports the rage click: ' + JSON.stringify(detail.frustrations));
    await row.locator('.entry-link').click();
    await page.waitForURL('**/sessions/' + sessionId);
    await waitFor(async () => (await replayedText(page)).includes('Apply coupon'), {
      timeoutMs: 10_000,
      what: 'the replayed checkout page',
    });
    const marker = page.locator('.timeline [data-marker=rage_click]');
    assert.equal(Number(await marker.getAttribute('data-offset-ms')), rage.offsetMs);
    await page.click('[data-tab=frustrations]');
    await page.click('[data-frustration=rage_click]');
    const target = rage.offsetMs - JUMP_LEAD_IN_MS;
    await waitFor(
      async () => {
        const at = Number(await page.locator('.player').getAttribute('data-current-ms'));
        return at >= target - 100 && at <= rage.offsetMs + 1_500;
      },
      { timeoutMs: 5_000, what: `the player at the rage click (${target} ms)` },
    );
    assert.match(page.url(), new RegExp(`[?&]t=${Math.max(0, target)}`));
    // the player keeps playing through the rage click
    await waitFor(async () => Number(await page.locator('.player').getAttribute('data-current-ms')) >= rage.offsetMs, {
      timeoutMs: 5_000,
      what: 'playback past the rage click',
    });
    await screenshot(page, 'journey-replay');

    // the side panel: the failing coupon calls, and where the session happened
    await page.click('[data-tab=network]');
    const call = page.locator('[data-panel=network] .entry', { hasText: '/api/coupon' }).first();
    await call.waitFor();
    assert.match(await call.textContent(), /GET.*404/);
    await page.click('[data-tab=details]');
    assert.match(await page.locator('[data-panel=details]').textContent(), /Chrome/);

    // the README's screenshots, refreshed on request only (npm run screenshots) so a test run leaves the tree clean
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(REPO_ROOT, 'docs/screenshots'), { recursive: true });
      copyFileSync(join(REPO_ROOT, 'web-console/test-artifacts/journey-list-rage.png'), join(REPO_ROOT, 'docs/screenshots/list.png'));
      copyFileSync(join(REPO_ROOT, 'web-console/test-artifacts/journey-replay.png'), join(REPO_ROOT, 'docs/screenshots/replay.png'));
    }
    assert.deepEqual(problems, []);
  });
});
