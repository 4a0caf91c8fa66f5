// Outages: the endpoint fails for a while (5xx, then the network is down): nothing is lost
// once it recovers, and memory stays bounded when it never does. Plus the other answers the
// transport must respect (401 stops, 400 drops the chunk, Retry-After).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserAndServers, isClick, logSends, sendTimes, waitForRecording } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

/**
 * A page with a fake clock that still runs in real time; fastForward skips backoff waits. The page
 * notes when it sends each chunk (logSends).
 */
async function openRecordedPage(site, ingest, path = '/basic') {
  const context = await setup.browser.newContext();
  await logSends(context);
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(site + path);
  await waitForRecording(page, ingest);
  return { context, page };
}

/** Advances the page clock in steps until predicate() holds (timers fire; fetches are real). */
async function fastForwardUntil(page, ingest, predicate, message, stepMs = 5_000, steps = 60) {
  for (let i = 0; i < steps; i++) {
    if (predicate()) return;
    await page.clock.fastForward(stepMs);
    try {
      await ingest.waitFor(predicate, message, 300);
      return;
    } catch {
      // not yet: advance again
    }
  }
  assert.fail('never happened: ' + message);
}

const tracked = (ingest) => new Set(ingest.customEvents('track').map((e) => e.data.payload.data.i));

test('5xx, then the network down, then recovery: every event arrives, once', async () => {
  // given a recording page
  const { ingest, site } = await fresh();
  const { context, page } = await openRecordedPage(site, ingest);

  // when the endpoint answers 503 for a while...
  ingest.mode = 'fail';
  ingest.failStatus = 503;
  let i = 0;
  const trackSome = async (n) => {
    for (let k = 0; k < n; k++) await page.evaluate((i) => window.rewind.track('step', { i }), i++);
  };
  await trackSome(10);
  await page.click('#buy');
  await fastForwardUntil(page, ingest, () => ingest.ingestAttempts().filter((r) => r.status === 503).length >= 3, 'three 503s');
  // ...then the network is down...
  ingest.mode = 'drop';
  await trackSome(10);
  await fastForwardUntil(
    page,
    ingest,
    () => ingest.ingestAttempts().filter((r) => r.status === -1).length >= 3,
    'three dropped connections',
  );
  assert.equal(ingest.customEvents('track').length, 0, 'nothing was accepted during the outage');
  // ...and then comes back
  ingest.mode = 'ok';
  await trackSome(10);
  await fastForwardUntil(page, ingest, () => tracked(ingest).size === 30, 'all 30 tracked events');

  // then nothing is lost or duplicated, and the seq has no gap
  assert.deepEqual(
    [...tracked(ingest)].sort((a, b) => a - b),
    [...Array(30).keys()],
  );
  assert.equal(ingest.customEvents('track').length, 30, 'each event once');
  assert.ok(ingest.events().some(isClick), 'the click made during the outage arrived');
  assert.equal(ingest.customEvents('dropped').length, 0, 'nothing had to be dropped');
  const seqs = ingest.chunksOf().map((c) => c.seq);
  assert.deepEqual(seqs, [...Array(seqs.length).keys()]);
  await context.close();
});

test('an endpoint that never recovers: memory stays bounded, the oldest chunks go with a dropped marker', async () => {
  // given a recording page whose endpoint fails for good
  const { ingest, site } = await fresh();
  const { context, page } = await openRecordedPage(site, ingest);
  const cdp = await context.newCDPSession(page);
  // JS heap plus ArrayBuffer backing stores: compressed chunks live in the latter.
  const heapUsed = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize + usage.backingStorageSize;
  };
  ingest.mode = 'fail';
  const before = await heapUsed();

  // when the page records 24 MB of barely compressible events
  const EVENTS = 480;
  const generatedBytes = await page.evaluate(async (count) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let total = 0;
    for (let i = 0; i < count; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(50_000));
      let blob = '';
      for (const b of bytes) blob += alphabet[b & 63];
      total += blob.length;
      window.rewind.track('blob', { i, blob });
      // Let compression run between events, as it would between a page's tasks.
      if (i % 10 === 9) await new Promise((r) => requestAnimationFrame(() => r()));
    }
    return total;
  }, EVENTS);
  await page.clock.fastForward(10_000);
  const growth = (await heapUsed()) - before;

  // then the heap grew by a bounded amount, far below what was recorded
  assert.ok(generatedBytes >= 24_000_000);
  assert.ok(growth < 6_000_000, `heap grew by ${growth} bytes while ${generatedBytes} were recorded`);

  // and once the endpoint is back, the newest events arrive after a dropped marker
  ingest.mode = 'ok';
  await fastForwardUntil(page, ingest, () => tracked(ingest).has(EVENTS - 1), 'the newest event');
  const dropped = ingest.customEvents('dropped');
  assert.ok(dropped.length > 0, 'a dropped marker was sent');
  const droppedCount = dropped.reduce((n, e) => n + e.data.payload.events, 0);
  assert.ok(droppedCount > 0);
  assert.ok(tracked(ingest).size < EVENTS, 'the oldest events were dropped');
  await fastForwardUntil(
    page,
    ingest,
    () => ingest.events().filter((e) => e.type === 2).length >= 2,
    'a fresh full snapshot after the drop',
  );
  await context.close();
});

test('a visit that ends during an outage is sent by the next page of the tab', async () => {
  const { ingest, site } = await fresh();
  const { context, page } = await openRecordedPage(site, ingest);
  ingest.mode = 'drop';
  await page.evaluate(() => window.rewind.track('before-leaving', {}));
  await page.click('#buy');
  await fastForwardUntil(page, ingest, () => ingest.ingestAttempts().some((r) => r.status === -1), 'a failed attempt');

  // the visitor goes on to another page of the site while the endpoint is still away
  await page.goto(`${site}/basic?next`);
  ingest.mode = 'ok';
  await fastForwardUntil(
    page,
    ingest,
    () => ingest.customEvents('track').some((e) => e.data.payload.name === 'before-leaving'),
    'the event of the first page',
  );
  assert.ok(ingest.events().some(isClick), 'the click of the first page arrived');
  assert.equal(ingest.sessionIds().length, 1);
  await context.close();
});

test('401 stops the recorder: no more requests, no replay URL', async () => {
  const { ingest, site } = await fresh();
  const { context, page } = await openRecordedPage(site, ingest);
  assert.ok(await page.evaluate(() => window.rewind.getReplayUrl()));
  ingest.mode = 'fail';
  ingest.failStatus = 401;
  await page.click('#buy');
  await fastForwardUntil(page, ingest, () => ingest.ingestAttempts().some((r) => r.status === 401), 'the 401');
  const attempts = ingest.ingestAttempts().length;
  await page.click('#buy');
  await page.clock.fastForward(120_000);
  await page.evaluate(() => document.body.append('more mutations'));
  await page.clock.fastForward(120_000);
  assert.equal(ingest.ingestAttempts().length, attempts, 'nothing sent after the 401');
  assert.equal(await page.evaluate(() => window.rewind.getReplayUrl()), null);
  await context.close();
});

test('429 rate_limited is retried after its Retry-After; 429 quota_exceeded stops the recorder for the page', async () => {
  const { ingest, site } = await fresh();
  const { context, page } = await openRecordedPage(site, ingest);

  // the tenant's chunks of this minute are taken: the chunk waits out the minute, then goes
  ingest.mode = 'fail';
  ingest.failStatus = 429;
  ingest.failCode = 'rate_limited';
  ingest.retryAfterSeconds = 40;
  await page.evaluate(() => window.rewind.track('limited', {}));
  await fastForwardUntil(page, ingest, () => ingest.ingestAttempts().some((r) => r.status === 429), 'the rate_limited 429');
  ingest.mode = 'ok';
  await fastForwardUntil(
    page,
    ingest,
    () => ingest.customEvents('track').some((e) => e.data.payload.name === 'limited'),
    'the retried chunk',
    10_000,
  );

  // the tenant's sessions of this month are used up: nothing more is sent from this page
  const beforeQuota = ingest.ingestAttempts().length;
  ingest.mode = 'fail';
  ingest.failCode = 'quota_exceeded';
  ingest.retryAfterSeconds = 86_400;
  await page.evaluate(() => window.rewind.track('over quota', {}));
  await fastForwardUntil(
    page,
    ingest,
    () =>
      ingest
        .ingestAttempts()
        .slice(beforeQuota)
        .some((r) => r.status === 429),
    'the quota_exceeded 429',
  );
  const attempts = ingest.ingestAttempts().length;
  await page.click('#buy');
  await page.clock.fastForward(120_000);
  await page.evaluate(() => document.body.append('more mutations'));
  await page.clock.fastForward(120_000);
  assert.equal(ingest.ingestAttempts().length, attempts, 'nothing sent after quota_exceeded');
  assert.equal(await page.evaluate(() => window.rewind.getReplayUrl()), null, 'the recorder stopped');
  await context.close();
});

test('400 drops the chunk without retrying it; Retry-After is honoured', async () => {
  const { ingest, site } = await fresh();
  const { context, page } = await openRecordedPage(site, ingest);

  ingest.mode = 'fail';
  ingest.failStatus = 400;
  await page.evaluate(() => window.rewind.track('bad', {}));
  await fastForwardUntil(page, ingest, () => ingest.ingestAttempts().some((r) => r.status === 400), 'the 400');
  const badSeq = ingest.ingestAttempts().find((r) => r.status === 400).seq;

  ingest.failStatus = 503;
  ingest.retryAfterSeconds = 120;
  await page.evaluate(() => window.rewind.track('later', {}));
  await fastForwardUntil(page, ingest, () => ingest.ingestAttempts().some((r) => r.status === 503), 'the 503');
  const afterFirst503 = ingest.ingestAttempts().length;
  ingest.mode = 'ok';
  await page.clock.fastForward(100_000);
  await fastForwardUntil(
    page,
    ingest,
    () => ingest.customEvents('track').some((e) => e.data.payload.name === 'later'),
    'the retried chunk',
    10_000,
  );
  // one request at a time: the page's sends and the endpoint's attempts are the same list, in order
  const sent = await sendTimes(page);
  assert.equal(sent.length, ingest.ingestAttempts().length);
  assert.equal(
    ingest.ingestAttempts()[afterFirst503].seq,
    ingest.ingestAttempts()[afterFirst503 - 1].seq,
    'the next request retried the chunk',
  );
  assert.ok(sent[afterFirst503] - sent[afterFirst503 - 1] >= 120_000, 'no retry before Retry-After');
  assert.equal(ingest.ingestAttempts().filter((r) => r.seq === badSeq).length, 1, 'the refused chunk was not retried');
  await context.close();
});
