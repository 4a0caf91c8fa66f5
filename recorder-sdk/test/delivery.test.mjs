// The end of a visit is not lost and cross-origin delivery (docs/INGEST.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserAndServers, isClick, waitForRecording, hideAndShow } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

test('a click 200 ms before the page closes reaches the server', async () => {
  // given a recorded page on one origin, sending to an endpoint on another
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install(); // the page's own time: the 200 ms below pass on it, not on the test's
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);

  // when the visitor clicks and closes the tab 200 ms later (well inside the test's 1 s batch interval)
  await page.click('#buy');
  await page.clock.runFor(200);
  await page.close({ runBeforeUnload: true });

  // then the click, its hint and the pagehide marker arrive
  await ingest.waitFor(() => ingest.events().some(isClick), 'the last click');
  const events = ingest.events();
  const click = events.find(isClick);
  const hint = events.find((e) => e.type === 5 && e.data.tag === 'click');
  assert.ok(hint, 'click hint recorded');
  assert.equal(hint.timestamp, click.timestamp);
  assert.equal(hint.data.payload.nodeId, click.data.id);
  await ingest.waitFor(() => ingest.visitComplete(), 'the pagehide marker and every chunk');
  await context.close();
});

test('on a page with 200 mutations a second, the last click still arrives when the tab closes', async () => {
  // given a page whose uncompressed tail is far larger than the 64 KB keepalive budget
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install(); // the page mutates on its own timers: 2.5 s of them pass at once below
  await page.goto(`${site}/heavy`);
  await waitForRecording(page, ingest);
  await page.clock.runFor(2_500);

  // when the visitor clicks a cell and closes the tab 200 ms later
  await page.click('#grid tr:nth-child(3) td:nth-child(2)');
  await page.clock.runFor(200);
  await page.close({ runBeforeUnload: true });

  // then the click and the pagehide marker arrive
  await ingest.waitFor(() => ingest.events().some(isClick), 'the last click');
  await ingest.waitFor(() => ingest.customEvents('pagehide').length > 0, 'the pagehide marker');
  await context.close();
});

test('chunks cross origins as simple requests: no preflight, gzip as a form body, no cookies', async () => {
  const { ingest, site, endpoint } = await fresh();
  assert.notEqual(new URL(site).origin, new URL(endpoint).origin);
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await context.addCookies([{ name: 'secret', value: 'c00kie', url: endpoint }]);
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.click('#buy');
  await hideAndShow(page);
  await ingest.waitFor(() => ingest.events().some(isClick), 'the click');

  assert.deepEqual(
    ingest.requests.filter((r) => r.method === 'OPTIONS'),
    [],
    'no CORS preflight',
  );
  const chunk = ingest.chunks[0];
  assert.equal(chunk.origin, new URL(site).origin);
  assert.equal(chunk.cookie, undefined, 'credentials are omitted');
  assert.equal(chunk.gzip, true, 'Chromium has CompressionStream: the body is gzip');
  assert.equal(chunk.contentType, 'application/x-www-form-urlencoded');
  assert.match(chunk.sessionId, /^[A-Za-z0-9_-]{22,64}$/);
  assert.equal(chunk.meta.url, `${site}/basic`);
  assert.equal(typeof chunk.meta.viewport.width, 'number');
  assert.equal(typeof chunk.meta.sdkVersion, 'string');
  await context.close();
});

test('reloads and same-tab navigation keep the session and continue its seq', async () => {
  const { ingest, site } = await fresh();
  // the third page is told apart by its query parameter, which the tenant keeps
  ingest.config = { ...ingest.config, urlQueryAllowList: ['second'] };
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.reload();
  // the reloaded page records (config answer, then its snapshot) before the visitor moves on
  await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length >= 2, "the reloaded page's full snapshot");
  await page.goto(`${site}/basic?second`);
  await page.click('#buy');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.events().some(isClick) && ingest.visitComplete(), 'the click on the third page and every chunk');

  assert.equal(ingest.sessionIds().length, 1, 'one session across three page loads');
  const seqs = ingest.chunksOf().map((c) => c.seq);
  assert.deepEqual(seqs, [...Array(seqs.length).keys()], 'seq 0, 1, 2, ... without gaps or repeats');
  const snapshots = ingest.events().filter((e) => e.type === 2);
  assert.equal(snapshots.length, 3, 'each page load starts with a full snapshot');
  assert.equal(ingest.chunks.filter((c) => c.meta.url.endsWith('?second')).length > 0, true);
  await context.close();
});

test('a large chunk that does not compress, still being compressed when the tab closes, is split so its newest events leave', async () => {
  // given a browser whose gzip is slow (3 s), as on a busy phone
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  await context.addInitScript(() => {
    const NativeCompressionStream = window.CompressionStream;
    window.CompressionStream = class {
      constructor(format) {
        const inner = new NativeCompressionStream(format);
        const delay = new TransformStream({
          transform: (chunk, controller) => new Promise((r) => setTimeout(() => r(controller.enqueue(chunk)), 3_000)),
        });
        this.writable = inner.writable;
        this.readable = inner.readable.pipeThrough(delay);
      }
    };
  });
  const page = await context.newPage();
  await page.clock.install(); // the slow gzip runs on the page's timers: it is still at work when the tab closes
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);

  // when 122 KB of events that do not compress (random text: more than the keepalive budget even
  // compressed at once) wait, the visitor clicks, a few KB more push the batch over its 128 KB limit
  // (so it is cut, with the click near its end, and starts compressing), and the tab closes
  const track = (name, count) =>
    page.evaluate(
      ([n, c]) => {
        const random = () => Array.from({ length: 1_200 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join('');
        for (let i = 0; i < c; i++) window.rewind.track(n, { i, f: random() });
      },
      [name, count],
    );
  await track('before', 95);
  await page.click('#buy');
  await track('after', 10);
  await page.clock.runFor(200);
  await page.close({ runBeforeUnload: true });

  // then the click and everything after it arrive
  await ingest.waitFor(() => ingest.events().some(isClick), 'the last click');
  await ingest.waitFor(() => ingest.customEvents('pagehide').length > 0, 'the pagehide marker');
  const after = ingest.customEvents('track').filter((e) => e.data.payload.name === 'after');
  assert.equal(after.length, 10);
  await context.close();
});

test('a batch that reaches 128 KB leaves as one request; the event that would take it past the limit starts the next batch', async () => {
  const { ingest, site } = await fresh();
  ingest.flushMs = null; // the recorder's own 60 s batch, on the page's fake clock: only the size cuts it
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${site}/basic`);
  await page.waitForFunction(() => window.rewind.getReplayUrl() !== null);

  // when 13 events of 10 KB of JSON each are recorded (the 13th does not fit the first 128 KB), then a small one
  await page.evaluate(() => {
    for (let i = 1; i <= 13; i++) window.rewind.track(`big ${i}`, { f: 'x'.repeat(10_000) });
    window.rewind.track('small', {});
  });
  await ingest.waitFor(() => ingest.chunks.length === 1, 'the batch cut at its size');
  await hideAndShow(page);
  await ingest.waitFor(() => ingest.customEvents('track').length === 14, 'every event, the rest on hide');

  // then the first batch holds the first 12 and stays within 128 KB, and the 13th left with the event after it
  const tracked = (chunk) => chunk.events.filter((e) => e.type === 5 && e.data.tag === 'track').map((e) => e.data.payload.name);
  const [first] = ingest.chunks;
  assert.deepEqual(
    tracked(first),
    Array.from({ length: 12 }, (_, i) => `big ${i + 1}`),
  );
  assert.ok(Buffer.byteLength(first.text) <= 128 * 1024, `first batch ${Buffer.byteLength(first.text)} B of JSON`);
  const withThirteenth = ingest.chunks.find((c) => tracked(c).includes('big 13'));
  assert.deepEqual(tracked(withThirteenth), ['big 13', 'small']);
  await context.close();
});

test('a full snapshot larger than a batch leaves in one request with its Meta event', async () => {
  // given the heavy page, whose full snapshot is some 360 KB of JSON
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/heavy`);
  await ingest.waitFor(() => ingest.events().some((e) => e.type === 2), 'the full snapshot');

  // then the first chunk holds the Meta event and the snapshot, in the order the replay reads them
  const [first] = ingest.chunks;
  assert.equal(first.seq, 0);
  assert.deepEqual(
    first.events.slice(0, 2).map((e) => e.type),
    [4, 2],
  );
  assert.ok(Buffer.byteLength(first.text) > 128 * 1024, 'the snapshot is larger than a batch');
  await context.close();
});

test('events travel in 60 s batches: a click waits for its batch unless the page is hidden', async () => {
  const { ingest, site } = await fresh();
  ingest.flushMs = null; // the recorder's own interval, on the page's fake clock
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${site}/basic`);
  await page.waitForFunction(() => window.rewind.getReplayUrl() !== null);
  const mark = (name) => page.evaluate((n) => window.rewind.track(n, {}), name);
  const holds = (chunk, name) => chunk.events.some((e) => e.type === 5 && e.data.tag === 'track' && e.data.payload.name === name);

  // a small snapshot waits for its batch: 50 s later it is still there to share a chunk with a new event
  await page.clock.fastForward(50_000);
  await mark('50 s in');
  await page.clock.fastForward(11_000);
  await waitForRecording(page, ingest);
  assert.equal(ingest.ingestAttempts().length, 1, 'the snapshot and what followed it in one request');
  assert.ok(holds(ingest.chunks[0], '50 s in'), 'the snapshot waited 50 s: it shares its chunk with an event 50 s later');

  // a click waits too: 50 s after it, it is still there to share a chunk with a new event
  await page.click('#buy');
  await page.clock.fastForward(50_000);
  await mark('50 s after the click');
  await page.clock.fastForward(10_100);
  await ingest.waitFor(() => ingest.events().some(isClick), 'the click, with its batch');
  assert.equal(ingest.ingestAttempts().length, 2, 'one request for the batch');
  const clickChunk = ingest.chunks.find((c) => c.events.some(isClick));
  assert.ok(holds(clickChunk, '50 s after the click'), 'the click waited 50 s: it shares its chunk with an event 50 s later');

  // a tab switch sends what is pending at once
  await page.click('#buy');
  await hideAndShow(page);
  await ingest.waitFor(() => ingest.events().filter(isClick).length === 2, 'the second click, on hide');
  assert.equal(ingest.ingestAttempts().length, 3);
  await context.close();
});

test('a tab closed late in a 60 s batch sends its pending events compressed at once, in one request', async () => {
  // given a browser whose CompressionStream calls the test can count
  const { ingest, site } = await fresh();
  ingest.flushMs = null; // the recorder's own 60 s batch: its events are still pending when the tab closes
  const context = await setup.browser.newContext();
  await context.addInitScript(() => {
    const NativeCompressionStream = window.CompressionStream;
    window.__gzipsStarted = 0;
    window.CompressionStream = class {
      constructor(format) {
        window.__gzipsStarted++;
        const inner = new NativeCompressionStream(format);
        this.writable = inner.writable;
        this.readable = inner.readable;
      }
    };
  });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${site}/basic`);
  await page.waitForFunction(() => window.rewind.getReplayUrl() !== null);

  // and a first batch that left with its 60 s
  const filler = 'lorem ipsum dolor sit amet '.repeat(40);
  const track = (name) =>
    page.evaluate(
      ([n, f]) => {
        for (let i = 0; i < 14; i++) window.rewind.track(n, { i, f });
      },
      [name, filler],
    );
  await track('first batch');
  await page.clock.runFor(60_000);
  await ingest.waitFor(() => ingest.chunks.length === 1, 'the first batch');

  // when some 40 s of a journey's events (~60 KB of JSON, more than one keepalive request takes
  // uncompressed) wait in the next batch, a click follows and the tab closes
  for (let step = 0; step < 4; step++) {
    await track('pending');
    await page.clock.runFor(10_000);
  }
  await page.click('#buy');
  await page.clock.runFor(200);
  const gzipsBefore = await page.evaluate(() => window.__gzipsStarted);
  await page.close({ runBeforeUnload: true });

  // then everything arrives, the second batch in one request: one gzip member, made without CompressionStream
  await ingest.waitFor(() => ingest.visitComplete(), 'the pagehide marker and every chunk');
  assert.equal(ingest.ingestAttempts().length, 2, 'one request a batch');
  const chunk = ingest.chunks[1];
  assert.equal(chunk.seq, 1);
  assert.equal(chunk.gzip, true);
  assert.equal(ingest.customEvents('track').length, 14 + 56);
  assert.ok(chunk.events.some(isClick), 'the last click');
  const isize = chunk.raw.readUInt32LE(chunk.raw.length - 4);
  assert.equal(isize, Buffer.byteLength(chunk.text), 'one gzip member: it inflates to the whole chunk');
  assert.ok(chunk.raw.length < Buffer.byteLength(chunk.text) / 2, `${chunk.raw.length} bytes for ${chunk.text.length} of JSON`);
  assert.ok(gzipsBefore >= 1, 'the first batch went through CompressionStream');
  await context.close();
});
