// The Insights page (src/pages/insights.ts, docs/INSIGHTS.md): labelled journeys imported through the API
// show up as the element and the page where users struggle, with sessions, change and users, and each
// latest replay opens the session at the moment of the frustration.
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
    what: 'the insights to settle',
  });
  return page.locator('.results').getAttribute('data-state');
}

test('the insights page shows where users struggle and opens each replay at the frustration', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('insights');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Insights Co');
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // before any session: the empty state
    await page.goto(runner.url + '/insights');
    assert.equal(await state(page), 'empty');
    assert.match(await page.locator('.results').textContent(), /No frustrations in the last 7 days/);

    // given the rage journey by two users, and a journey whose button throws
    const rage = journey('place-order-rage', 120_000);
    const first = await importRecording(runner, tenant.apiKey, rage.events, { url: rage.url, userId: 'ada' });
    const again = journey('place-order-rage', 60_000);
    const latest = await importRecording(runner, tenant.apiKey, again.events, { url: again.url, userId: 'grace' });
    const coupon = journey('coupon-throws', 30_000);
    await importRecording(runner, tenant.apiKey, coupon.events, { url: coupon.url });

    // when the page is read
    await page.reload();
    assert.equal(await state(page), 'loaded');

    // then the place-order button leads the elements: two sessions, both new against the week before, two users
    const button = page.locator('[data-hotspots=elements] .hotspot-row').first();
    assert.equal(await button.getAttribute('data-selector'), 'button#place-order');
    assert.equal((await button.locator('[data-sessions]').textContent())?.trim(), '2');
    assert.equal((await button.locator('[data-change]').textContent())?.trim(), '+2');
    assert.match(await button.textContent(), /Rage 2/);
    // a rage burst is not also a dead click (docs/FRUSTRATION.md)
    assert.doesNotMatch((await button.textContent()) ?? '', /Dead [1-9]/);
    const coupons = page.locator('[data-hotspots=elements] .hotspot-row[data-selector="button#apply-coupon"]');
    assert.match(await coupons.textContent(), /Error click 1/);
    // and the checkout page counts all three sessions, with the error
    const checkout = page.locator('[data-hotspots=pages] .hotspot-row').first();
    assert.equal((await checkout.locator('[data-sessions]').textContent())?.trim(), '3');
    assert.match(await checkout.textContent(), /Error 1/);

    // and the newest replay comes first and opens at the rage click
    const replays = button.locator('.replay-link');
    assert.deepEqual(await replays.evaluateAll((links) => links.map((a) => a.getAttribute('data-replay'))), [latest, first]);
    const detail = await callApi(runner, 'GET', '/v1/sessions/' + latest, { key: tenant.apiKey });
    const rageAt = detail.body.frustrations.find((f) => f.type === 'rage_click').offsetMs;
    await replays.first().click();
    await page.waitForURL((url) => url.pathname === '/sessions/' + latest);
    assert.equal(new URL(page.url()).searchParams.get('t'), String(rageAt));

    // and the 30-day period is in the URL and reads the same sessions
    await page.goto(runner.url + '/insights');
    assert.equal(await state(page), 'loaded');
    await page.click('[data-days="30"]');
    await page.waitForURL((url) => url.searchParams.get('days') === '30');
    await waitFor(async () => (await page.locator('.results').getAttribute('data-state')) === 'loaded', { what: 'the 30-day view' });
    assert.equal(await page.locator('[data-days="30"]').getAttribute('aria-pressed'), 'true');
    assert.equal(
      (await page.locator('[data-hotspots=elements] .hotspot-row').first().locator('[data-sessions]').textContent())?.trim(),
      '2',
    );

    // and the navigation names the page
    assert.equal(await page.locator('.nav-link.active').textContent(), 'Insights');
    assert.deepEqual(problems, []);
  });
});

/** A hand-built plain rrweb recording (docs/FRUSTRATION.md, "Form abandonment"): a sign-up form whose email
 * field is typed into, then the pricing page 20 s later; it ends `agoMs` before now. */
function abandonedSignUp(agoMs, typed) {
  const start = Date.now() - agoMs - 25_000;
  const el = (id, tagName, attributes, childNodes = []) => ({ type: 2, id, tagName, attributes, childNodes });
  const snapshot = (at, id, children) => ({
    type: 2,
    timestamp: at,
    data: {
      node: { type: 0, id: 1, childNodes: [el(2, 'html', {}, [el(3, 'head', {}), el(4, 'body', {}, children)])] },
      initialOffset: { left: 0, top: 0 },
    },
  });
  const form = el(10, 'form', { action: '/signup' }, [
    el(11, 'input', { type: 'email', id: 'email', placeholder: 'Email' }),
    el(12, 'button', {}, [{ type: 3, id: 13, textContent: 'Sign up' }]),
  ]);
  return [
    { type: 4, timestamp: start, data: { href: 'https://shop.example/signup', width: 1024, height: 768 } },
    snapshot(start + 1, 1, [form]),
    { type: 3, timestamp: start + 2000, data: { source: 5, id: 11, text: typed, isChecked: false } },
    { type: 4, timestamp: start + 22_000, data: { href: 'https://shop.example/pricing', width: 1024, height: 768 } },
    snapshot(start + 22_001, 1, [{ type: 3, id: 20, textContent: 'Pricing' }]),
  ];
}

test('an abandoned form is a list filter, a replay marker and entry, and an insights badge on its field', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('insights-forms');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Forms Co');
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // given an abandoned sign-up and a calm session
    const secret = 'typed-secret-0815';
    const abandoned = await importRecording(runner, tenant.apiKey, abandonedSignUp(60_000, secret), {
      url: 'https://shop.example/signup',
    });
    const calm = journey('stepper-slow', 30_000);
    await importRecording(runner, tenant.apiKey, calm.events, { url: calm.url });

    // when the list is filtered by abandoned forms
    await page.goto(runner.url + '/sessions');
    await waitFor(async () => (await page.locator('.session-row').count()) === 2, { timeoutMs: 15_000, what: 'both sessions listed' });
    await page.click('[data-flag=form_abandonment]');
    await page.waitForURL((url) => url.searchParams.getAll('flag').join() === 'form_abandonment');
    await waitFor(
      async () =>
        (await page.locator('.results').getAttribute('data-state')) === 'loaded' && (await page.locator('.session-row').count()) === 1,
      { timeoutMs: 10_000, what: 'the filtered list' },
    );

    // then only the abandoned session is left, with its badge
    const row = page.locator('.session-row');
    assert.equal(await row.getAttribute('data-session-id'), abandoned);
    assert.match(await row.locator('[data-badge=form_abandonment]').textContent(), /1/);

    // and its replay marks it and lists it by the field, never by what was typed
    const { body: detail } = await callApi(runner, 'GET', '/v1/sessions/' + abandoned, { key: tenant.apiKey });
    const found = detail.frustrations.find((f) => f.type === 'form_abandonment');
    assert.ok(found, JSON.stringify(detail.frustrations));
    await row.locator('.entry-link').click();
    await page.waitForURL('**/sessions/' + abandoned);
    const marker = page.locator('.timeline [data-marker=form_abandonment]');
    await marker.waitFor({ timeout: 10_000 });
    assert.equal(Number(await marker.getAttribute('data-offset-ms')), found.offsetMs);
    await page.click('[data-tab=frustrations]');
    const entry = page.locator('[data-frustration=form_abandonment]');
    assert.match(await entry.textContent(), /Abandoned form/);
    assert.match(await entry.textContent(), /Email/);
    assert.doesNotMatch(await page.locator('body').textContent(), new RegExp(secret));

    // and the insights count it on the field
    await page.goto(runner.url + '/insights');
    assert.equal(await state(page), 'loaded');
    const field = page.locator('[data-hotspots=elements] .hotspot-row[data-selector="input#email"]');
    assert.match(await field.textContent(), /Abandoned form 1/);
    assert.deepEqual(problems, []);
  });
});
