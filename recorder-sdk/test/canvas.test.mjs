// Canvas recording (docs/ASSETS.md, "Canvas"): off by default, so a canvas is only the element it is and
// rrweb's canvas worker (dist/rewind-canvas.js) is never loaded; when the tenant's recordCanvas setting
// turns it on, the worker comes from beside the recorder before rrweb starts and each change of a canvas
// is sent as a WebP frame, at most CANVAS_FPS a second; the page's recordCanvas: false keeps it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserAndServers, waitForRecording } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

const isCanvasFrame = (e) => e.type === 3 && e.data.source === 9;
const canvasScriptLoads = (ingest) => ingest.requests.filter((r) => r.path === '/sdk/rewind-canvas.js');

/** Draws the next point of the chart now (the page's own timer does it each second too). */
async function marker(page, ingest) {
  await page.evaluate(() => window.rewind.track('marker'));
  await ingest.waitFor(() => ingest.customEvents('track').length > 0, 'the marker');
}

test('without the tenant setting no canvas frame is recorded and the canvas worker is never loaded', async () => {
  const { ingest, site } = await fresh();
  const page = await setup.browser.newPage();
  await page.goto(`${site}/chart`);
  await waitForRecording(page, ingest);
  // two new points drawn, then a marker through the recorder's own queue
  await page.waitForFunction(() => Number(document.getElementById('latest').dataset.draws) >= 3);
  await marker(page, ingest);

  assert.deepEqual(ingest.events().filter(isCanvasFrame), []);
  assert.deepEqual(canvasScriptLoads(ingest), []);
  const snapshot = JSON.stringify(ingest.events().find((e) => e.type === 2));
  assert.ok(!snapshot.includes('rr_dataURL'), 'the full snapshot carries no canvas image');
  await page.close();
});

test('with recordCanvas on, the chart is recorded as WebP frames, one per change', async () => {
  const { ingest, site } = await fresh();
  ingest.config = { ...ingest.config, recordCanvas: true };
  const page = await setup.browser.newPage();
  await page.goto(`${site}/chart`);
  await waitForRecording(page, ingest);
  await ingest.waitFor(() => ingest.events().filter(isCanvasFrame).length >= 2, 'two canvas frames', 20_000);

  assert.equal(canvasScriptLoads(ingest).length, 1, 'the worker came from beside the recorder, once');
  const frames = ingest.events().filter(isCanvasFrame);
  const draw = frames[0].data.commands.find((c) => c.property === 'drawImage');
  const blob = draw.args[0].args[0];
  assert.equal(blob.type, 'image/webp');
  assert.ok(blob.data[0].base64.length > 100, 'an image of the chart');
  // sampled frames (rrweb's sampling.canvas), not the drawing calls: the chart changes once a second,
  // and a frame that did not change is not sent
  for (let i = 1; i < frames.length; i++) assert.ok(frames[i].timestamp - frames[i - 1].timestamp >= 400, 'one frame per change');
  await page.close();
});

test("the page's recordCanvas: false keeps canvas out even when the tenant turns it on", async () => {
  const { ingest, site } = await fresh();
  ingest.config = { ...ingest.config, recordCanvas: true };
  const page = await setup.browser.newPage();
  await page.goto(`${site}/chart#${encodeURIComponent(JSON.stringify({ recordCanvas: false }))}`);
  await waitForRecording(page, ingest);
  await page.waitForFunction(() => Number(document.getElementById('latest').dataset.draws) >= 3);
  await marker(page, ingest);

  assert.deepEqual(ingest.events().filter(isCanvasFrame), []);
  assert.deepEqual(canvasScriptLoads(ingest), []);
  await page.close();
});
