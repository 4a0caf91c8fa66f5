// Signing in and out with the api key, what a rotated key does to an open console, and a share
// link that no longer works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callApi, consoleContext, launchBrowser, signUp, startRunner, withCleanup } from './harness.mjs';

test('sign out, sign in with the api key, and refuse an unknown one', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('account');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Sign-in Co');
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // signed in: the tenant's name is in the header
    await page.goto(runner.url + '/sessions');
    await page.locator('.organization', { hasText: 'Sign-in Co' }).waitFor();

    // sign out: back to sign-in, and signed-in pages send you there
    await page.click('text=Sign out');
    await page.waitForURL('**/signin');
    await page.goto(runner.url + '/settings');
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/settings');

    // an unknown key is refused
    await page.fill('input[name=apiKey]', 'sk_not_a_real_key_at_all');
    await page.click('[data-key-form] button[type=submit]');
    await page.locator('.form-error', { hasText: 'unknown or was rotated' }).waitFor();

    // the right key signs in and returns to where the visitor was going
    await page.fill('input[name=apiKey]', tenant.apiKey);
    await page.click('[data-key-form] button[type=submit]');
    await page.waitForURL('**/settings');
    await page.locator('[data-settings-form]').waitFor();
    assert.deepEqual(problems, []);
  });
});

test('a console whose api key was rotated elsewhere asks to sign in again', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('rotated');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Rotated Co');
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/sessions');
    await page.locator('.results[data-state=empty]').waitFor();

    // when: a colleague rotates the api key through the API
    const { status } = await callApi(runner, 'POST', '/v1/keys/api/rotate', { key: tenant.apiKey });
    assert.equal(status, 200);

    // then: the next request of this console sends it to sign in, saying why
    await page.click('[data-refresh]');
    await page.waitForURL('**/signin');
    await page.locator('.notice', { hasText: 'no longer works' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('rewind:apiKey')), null);
    assert.deepEqual(problems, []);
  });
});

test('a share link that does not exist says it has expired or the session is gone', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('share-gone');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const { context, problems } = await consoleContext(browser, runner, null);
    const page = await context.newPage();
    await page.goto(runner.url + '/share/shr_doesnotexist0000000000000000');
    await page.locator('[role=alert]', { hasText: 'expired, or the session it showed was deleted' }).waitFor();
    assert.equal(await page.locator('.replayer-wrapper').count(), 0);
    assert.deepEqual(problems, []);
  });
});
