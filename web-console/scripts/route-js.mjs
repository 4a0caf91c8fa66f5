// `make bench`: the JavaScript each console route makes the browser load (docs/PERFORMANCE.md), measured
// in headless Chromium against the local runner: every script response of a fresh page, gzip -9 as the
// build reports bundles. The replay page must stay the only one that loads the player.
import { gzipSync } from 'node:zlib';
import {
  consoleContext,
  importRecording,
  launchBrowser,
  replayedText,
  signUp,
  startRunner,
  waitFor,
  withCleanup,
} from '../test/harness.mjs';
import { checkoutJourney } from '../test/fixtures.mjs';

await withCleanup(async (cleanup) => {
  const runner = await startRunner('route-js');
  cleanup(() => runner.stop());
  const browser = await launchBrowser();
  cleanup(() => browser.close());
  const tenant = await signUp(runner, 'Bench Co');
  const sessionId = await importRecording(runner, tenant.apiKey, checkoutJourney().events);
  const share = await fetch(`${runner.url}/v1/sessions/${sessionId}/share`, {
    method: 'POST',
    headers: { authorization: 'Bearer ' + tenant.apiKey },
  }).then((r) => r.json());
  const routes = [
    ['/signup', null, '/signup', () => true],
    ['/sessions', tenant.apiKey, '/sessions', (page) => page.locator('.session-row').count()],
    ['/settings', tenant.apiKey, '/settings', (page) => page.locator('[data-settings-form]').count()],
    ['/sessions/:id (replay)', tenant.apiKey, '/sessions/' + sessionId, async (page) => (await replayedText(page)).length > 0],
    ['/share/:token (replay)', null, '/share/' + share.token, async (page) => (await replayedText(page)).length > 0],
  ];
  for (const [name, key, path, ready] of routes) {
    const { context } = await consoleContext(browser, runner, key);
    const page = await context.newPage();
    const scripts = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script')
        scripts.push(response.body().then((body) => (body.length ? gzipSync(body, { level: 9 }).length : 0)));
    });
    await page.goto(runner.url + path);
    await waitFor(() => ready(page), { timeoutMs: 20_000, what: name + ' ready' });
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(scripts);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(
      `bench: JS of ${name.padEnd(24)} ${(total / 1024).toFixed(1)} KB gzip in ${sizes.length} file${sizes.length === 1 ? '' : 's'}`,
    );
    await context.close();
  }
});
