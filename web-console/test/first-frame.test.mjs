// Time to first frame of a 1-minute and a 30-minute session (generated, same
// event density). The replay starts on the first chunk, so the longer session must show its first
// frame before all its chunks are in; the figures go to docs/PERFORMANCE.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  consoleContext,
  importRecording,
  launchBrowser,
  replayedText,
  screenshot,
  signUp,
  startRunner,
  waitFor,
  withCleanup,
} from './harness.mjs';
import { generatedSession } from './fixtures.mjs';

const RUNS = 9;
const CHUNK_KEY = /\/(\d{6})\.json\.gz/;

/** Opens the replay page fresh and reads the console's own first-frame figures. */
async function measure(context, runnerUrl, sessionId, title) {
  const page = await context.newPage();
  const chunkResponses = [];
  page.on('response', (r) => CHUNK_KEY.test(r.url()) && chunkResponses.push(r.url()));
  await page.goto(`${runnerUrl}/sessions/${sessionId}`);
  const player = page.locator('.player');
  await waitFor(async () => (await player.getAttribute('data-first-frame-ms')) !== null, { timeoutMs: 20_000, what: 'the first frame' });
  assert.ok((await replayedText(page)).includes(title), 'the first frame shows the recorded page');
  const figures = await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.querySelector('.player'));
    const at = (name) => Math.round(performance.getEntriesByName(name)[0].startTime);
    return {
      firstFrameMs: Number(el.dataset.firstFrameMs),
      sinceNavigationMs: at('rewind:first-frame'),
      // phases, from navigation: the session's summary and chunk URLs, the first chunk, the first frame
      sessionLoadedMs: at('rewind:session-loaded'),
      firstChunkMs: at('rewind:first-chunk'),
      chunksAtFirstFrame: Number(el.dataset.chunksAtFirstFrame),
      chunksTotal: Number(el.dataset.chunksTotal),
    };
  });
  await waitFor(async () => (await player.getAttribute('data-loaded')) === 'true', { timeoutMs: 60_000, what: 'every chunk loaded' });
  assert.equal(Number(await player.getAttribute('data-chunks-loaded')), figures.chunksTotal);
  // what a player that waited for the whole recording would have shown its first frame after, at best
  figures.allChunksMs = await page.evaluate(() => Math.round(performance.getEntriesByName('rewind:all-chunks')[0].startTime));
  await page.close();
  return figures;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test('time to first frame does not grow with session length: the 30-minute replay starts before its chunks are in', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('ttff');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Long Sessions Co');

    // given: a 1-minute and a 30-minute session of the same density
    const short = generatedSession(1);
    const long = generatedSession(30);
    const shortId = await importRecording(runner, tenant.apiKey, short.events);
    const longId = await importRecording(runner, tenant.apiKey, long.events);
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);

    // when: each is opened fresh, several times, in pairs whose order alternates so neither always
    // follows the other (the first pair warms the JVM and is not counted)
    await measure(context, runner.url, shortId, short.title);
    await measure(context, runner.url, longId, long.title);
    const runs = { short: [], long: [] };
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 === 0 ? ['short', 'long'] : ['long', 'short'];
      for (const which of order) {
        const session = which === 'short' ? [shortId, short.title] : [longId, long.title];
        runs[which].push(await measure(context, runner.url, ...session));
      }
    }

    // then: the long session's first frame came before all its chunks, every time
    for (const run of runs.long) {
      assert.ok(run.chunksTotal >= 30, `the 30-minute session has many chunks (${run.chunksTotal})`);
      assert.ok(run.chunksAtFirstFrame < run.chunksTotal, `first frame after ${run.chunksAtFirstFrame} of ${run.chunksTotal} chunks`);
    }

    const summary = (name, list) => ({
      session: name,
      chunks: list[0].chunksTotal,
      chunksAtFirstFrame: Math.max(...list.map((r) => r.chunksAtFirstFrame)),
      firstFrameMsMedian: median(list.map((r) => r.firstFrameMs)),
      firstFrameMsMin: Math.min(...list.map((r) => r.firstFrameMs)),
      firstFrameMsMax: Math.max(...list.map((r) => r.firstFrameMs)),
      sinceNavigationMsMedian: median(list.map((r) => r.sinceNavigationMs)),
      sessionLoadedMsMedian: median(list.map((r) => r.sessionLoadedMs)),
      firstChunkMsMedian: median(list.map((r) => r.firstChunkMs)),
      allChunksMsMedian: median(list.map((r) => r.allChunksMs)),
    });
    const figures = [summary('1 minute', runs.short), summary('30 minutes', runs.long)];
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'time-to-first-frame.json'), JSON.stringify({ runs: RUNS, figures, raw: runs }, null, 2));
    for (const f of figures) {
      console.log(
        `time to first frame, ${f.session}: median ${f.firstFrameMsMedian} ms (min ${f.firstFrameMsMin}, max ${f.firstFrameMsMax}) from opening the replay, ` +
          `${f.sinceNavigationMsMedian} ms from navigation (session summary at ${f.sessionLoadedMsMedian}, first chunk at ${f.firstChunkMsMedian}); ` +
          `first frame after ${f.chunksAtFirstFrame} of ${f.chunks} chunks, all chunks in at ${f.allChunksMsMedian}`,
      );
    }
    assert.deepEqual(problems, []);
  });
});

test('the first frame of a long session shows while its later chunks are still held back', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('ttff-held');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Held Chunks Co');
    const long = generatedSession(30);
    const sessionId = await importRecording(runner, tenant.apiKey, long.events);
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();

    // given: every chunk after the first two is held at the network until released
    /** @type {(value?: unknown) => void} */
    let release;
    const released = new Promise((resolve) => (release = resolve));
    const held = new Set();
    await page.route(CHUNK_KEY, async (route) => {
      const seq = Number(CHUNK_KEY.exec(route.request().url())[1]);
      if (seq >= 2) {
        held.add(seq);
        await released;
      }
      await route.continue();
    });

    // when: the replay opens
    await page.goto(`${runner.url}/sessions/${sessionId}`);

    // then: it draws the page and plays while the rest is held
    const player = page.locator('.player');
    await waitFor(async () => (await replayedText(page)).includes(long.title), {
      timeoutMs: 15_000,
      what: 'the first frame with later chunks held',
    });
    await waitFor(async () => Number(await player.getAttribute('data-current-ms')) > 0, { what: 'playback to start' });
    assert.ok(held.size > 0, 'later chunks were requested and held');
    assert.ok(Number(await player.getAttribute('data-chunks-loaded')) <= 2);
    assert.match(await page.locator('[data-load-progress]').textContent(), /Loading recording: [12] of \d+ chunks/);
    await screenshot(page, 'first-frame-held');

    // and: once released, the rest streams in
    release();
    await waitFor(async () => (await player.getAttribute('data-loaded')) === 'true', {
      timeoutMs: 30_000,
      what: 'the held chunks to load',
    });
    assert.equal(await player.getAttribute('data-chunks-loaded'), await player.getAttribute('data-chunks-total'));
    assert.deepEqual(problems, []);
  });
});
