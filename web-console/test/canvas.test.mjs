// Canvas frames in the replay (docs/ASSETS.md, "Canvas"): a recording of a page with a chart canvas and
// one sampled frame (rrweb's canvas sampling: clearRect, then drawImage of an encoded image) replays with
// the frame drawn in the canvas, while the replay's iframe keeps its sandbox ("allow-same-origin" only:
// rrweb's own canvas replay would need allow-scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleContext, importRecording, launchBrowser, screenshot, signUp, startRunner, waitFor, withCleanup } from './harness.mjs';
import { png } from './png.mjs';

const CANVAS_ID = 6;

function chartRecording() {
  const t0 = Date.now() - 60_000;
  const el = (id, tagName, attributes, ...childNodes) => ({ type: 2, id, tagName, attributes, childNodes });
  const snapshot = {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
        el(3, 'html', {}, el(4, 'head', {}), el(5, 'body', {}, el(CANVAS_ID, 'canvas', { id: 'chart', width: '200', height: '100' }))),
      ],
    },
    initialOffset: { left: 0, top: 0 },
  };
  const frame = {
    source: 9,
    id: CANVAS_ID,
    type: 0,
    commands: [
      { property: 'clearRect', args: [0, 0, 200, 100] },
      {
        property: 'drawImage',
        args: [
          {
            rr_type: 'ImageBitmap',
            args: [
              {
                rr_type: 'Blob',
                data: [{ rr_type: 'ArrayBuffer', base64: png(200, 100, [220, 20, 60]).toString('base64') }],
                type: 'image/png',
              },
            ],
          },
          0,
          0,
        ],
      },
    ],
  };
  return [
    { type: 4, timestamp: t0, data: { href: 'https://dash.example/revenue', width: 800, height: 600 } },
    { type: 2, timestamp: t0, data: snapshot },
    { type: 3, timestamp: t0 + 300, data: frame },
    { type: 3, timestamp: t0 + 4000, data: { source: 1, positions: [{ x: 50, y: 50, id: 5, timeOffset: 0 }] } },
  ];
}

test("a recorded canvas frame is drawn in the replay's canvas, and the sandbox stays without scripts", async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('canvas');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Canvas Co');
    const sessionId = await importRecording(runner, tenant.apiKey, chartRecording(), { url: 'https://dash.example/revenue' });
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(`${runner.url}/sessions/${sessionId}`);

    const pixel = () =>
      page.evaluate(() => {
        const iframe = /** @type {HTMLIFrameElement | null} */ (document.querySelector('.replayer-wrapper iframe'));
        const canvas = /** @type {HTMLCanvasElement | null | undefined} */ (iframe?.contentDocument?.getElementById('chart'));
        if (!canvas || !canvas.dataset.rewindFrame) return null;
        const data = canvas.getContext('2d')?.getImageData(100, 50, 1, 1).data;
        return { sandbox: iframe?.getAttribute('sandbox'), rgb: data ? [data[0], data[1], data[2]] : null };
      });
    await waitFor(pixel, { timeoutMs: 20_000, what: 'the canvas frame drawn' });
    const drawn = await pixel();
    assert.deepEqual(drawn?.rgb, [220, 20, 60]);
    assert.equal(drawn?.sandbox, 'allow-same-origin');
    await screenshot(page, 'replay-canvas');
    assert.deepEqual(problems, []);
  });
});
