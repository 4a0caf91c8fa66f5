// The public API (README.md, "API"): the snippet, the npm package, identify/track, consent and opt-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserAndServers, hideAndShow, isClick, waitForRecording } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

/**
 * Grants consent, waits for the recording it starts, then sends a marker event and waits for it. The
 * transport delivers in order, so whatever the page sent before consent has arrived by then; returns
 * the page time consent was given at.
 */
async function grantConsentAndDeliver(page, ingest) {
  const consentAt = await page.evaluate(() => {
    const now = Date.now();
    window.rewind.grantConsent();
    return now;
  });
  await waitForRecording(page, ingest);
  await page.evaluate(() => window.rewind.track('after-consent', {}));
  await hideAndShow(page);
  await ingest.waitFor(() => ingest.customEvents('track').length > 0, 'the event after consent');
  return consentAt;
}

/** The id of the session a page records, from its replay URL. */
async function sessionOf(page) {
  const url = await (await page.waitForFunction(() => window.rewind && window.rewind.getReplayUrl())).jsonValue();
  return url.split('/').pop();
}

test('the snippet queues calls made before the bundle arrives and replays them in order', async () => {
  // given a bundle that is slow to arrive
  const { ingest, site, endpoint } = await fresh();
  /** @type {(value?: unknown) => void} */
  let release;
  ingest.sdkGate = new Promise((r) => (release = r));
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/snippet-early`, { waitUntil: 'domcontentloaded' });

  // when the page has run its early calls while the bundle was still held back
  assert.equal(await page.evaluate(() => window.bundleMissingAtFirstCall), true);
  assert.equal(await page.evaluate(() => window.replayUrlBeforeLoad), null);
  assert.deepEqual(await page.evaluate(() => window.rewind.q.map((c) => c[0])), ['init', 'identify', 'track']);
  release();

  // then the bundle replays them: the session is recorded, identified and carries the event
  await waitForRecording(page, ingest);
  await page.click('#buy');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.customEvents('track').length > 0, 'the early track event');
  const identify = ingest.customEvents('identify')[0];
  assert.deepEqual(identify.data.payload, { userId: 'user-42', traits: { plan: 'pro' } });
  assert.deepEqual(ingest.customEvents('track')[0].data.payload, { name: 'signup-started', data: { step: 1 } });
  assert.ok(
    ingest.chunks.every((c) => c.meta.userId === 'user-42'),
    'every chunk names the user',
  );
  assert.ok(ingest.requests.some((r) => r.path === '/sdk/rewind.js'));
  assert.ok(ingest.requests.some((r) => r.path === '/v1/ingest/config'));
  assert.ok(endpoint);
  await context.close();
});

test('getReplayUrl points at the session in the console; the npm package works like the snippet', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/esm`);
  await waitForRecording(page, ingest);
  await page.click('#buy');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.events().some(isClick), 'the click');
  assert.equal(ingest.chunks[0].meta.userId, 'esm-user');

  const again = await context.newPage();
  await again.goto(`${site}/esm`);
  const url = await (await again.waitForFunction(() => window.rewind && window.rewind.getReplayUrl())).jsonValue();
  assert.match(url, /^https:\/\/console\.example\.test\/sessions\/[A-Za-z0-9_-]{22}$/);
  await context.close();
});

test('consent mode (tenant setting) records nothing until grantConsent(), then remembers it', async () => {
  // given a tenant that requires consent
  const { ingest, site } = await fresh();
  ingest.config = { ...ingest.config, consentRequired: true };
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await ingest.waitFor(() => ingest.requests.some((r) => r.path === '/v1/ingest/config'), 'the config call');

  // when the visitor clicks before consenting
  await page.click('#buy');
  await page.evaluate(() => window.rewind.track('before-consent', {}));
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  assert.equal(await page.evaluate(() => window.rewind.getReplayUrl()), null);

  // then consent starts recording, nothing from before it was sent, and a reload records without asking again
  const consentAt = await grantConsentAndDeliver(page, ingest);
  assert.ok(
    ingest.events().every((e) => e.timestamp >= consentAt),
    'nothing sent from before consent',
  );
  assert.equal(ingest.events().some(isClick), false, 'the click before consent is not recorded');
  assert.deepEqual(
    ingest.customEvents('track').map((e) => e.data.payload.name),
    ['after-consent'],
  );
  await page.reload();
  await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length >= 2, 'recording after the reload');
  await context.close();
});

test('consent mode (init option) waits for grantConsent() too', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/manual#${encodeURIComponent(JSON.stringify({ consent: true }))}`);
  await ingest.waitFor(() => ingest.requests.some((r) => r.path === '/v1/ingest/config'), 'the config call');
  await page.click('#buy');
  const consentAt = await grantConsentAndDeliver(page, ingest);
  assert.ok(
    ingest.events().every((e) => e.timestamp >= consentAt),
    'nothing sent from before consent',
  );
  assert.equal(ingest.events().some(isClick), false);
  await context.close();
});

test('optOut() stops recording and persists across visits until optIn()', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.evaluate(() => window.rewind.optOut());
  const attempts = ingest.ingestAttempts().length;
  await page.click('#buy');

  // a later visit in a new tab is not recorded either
  const later = await context.newPage();
  await later.goto(`${site}/basic`);
  await later.click('#buy');
  await Promise.all([later.waitForEvent('close'), later.close({ runBeforeUnload: true })]);
  await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);

  // optIn() brings recording back; its first chunk leaves after whatever the closed pages sent
  const third = await context.newPage();
  await third.goto(`${site}/basic`);
  await third.evaluate(() => window.rewind.optIn());
  const recorded = await sessionOf(third);
  await ingest.waitFor(() => ingest.chunksOf(recorded).length > 0, 'recording after optIn');
  const sentSince = ingest.ingestAttempts().slice(attempts);
  assert.deepEqual(
    sentSince.filter((r) => r.sessionId !== recorded),
    [],
    'nothing sent after optOut',
  );
  assert.equal(ingest.events().some(isClick), false);
  await context.close();
});

test('stop() ends recording on the page and delivers what was recorded', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.click('#buy');
  await page.evaluate(() => window.rewind.stop());
  await ingest.waitFor(() => ingest.events().some(isClick), 'the click before stop()');
  const attempts = ingest.ingestAttempts().length;
  await page.click('#buy');
  await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);

  // a later tab records; its first chunk leaves after whatever the stopped page sent on closing
  const later = await context.newPage();
  await later.goto(`${site}/basic`);
  const recorded = await sessionOf(later);
  await ingest.waitFor(() => ingest.chunksOf(recorded).length > 0, "the later tab's first chunk");
  assert.deepEqual(
    ingest
      .ingestAttempts()
      .slice(attempts)
      .filter((r) => r.sessionId !== recorded),
    [],
    'nothing sent after stop()',
  );
  assert.equal(ingest.events().filter(isClick).length, 1, 'only the click before stop()');
  await context.close();
});

test('a track() payload that cannot be serialized is skipped without throwing into the site', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  const threw = await page.evaluate(() => {
    const cyclic = {};
    cyclic.self = cyclic;
    try {
      window.rewind.track('cyclic', cyclic);
      window.rewind.track('big', { n: 10n });
      window.rewind.track('fine', { ok: true });
      return false;
    } catch {
      return true;
    }
  });
  assert.equal(threw, false);
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.customEvents('track').length > 0, 'the serializable event');
  assert.deepEqual(
    ingest.customEvents('track').map((e) => e.data.payload.name),
    ['fine'],
  );
  await context.close();
});
