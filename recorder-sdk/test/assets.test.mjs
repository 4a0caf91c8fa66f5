// Asset capture in the browser (docs/ASSETS.md): after the first snapshot the recorder loads its asset
// capture beside itself and offers the page's images with the SHA-256 of their bytes, never those of
// blocked elements, never with cookies, under the URL the recording holds; with captureAssets: false it
// loads and sends nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { browserAndServers, waitForRecording } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

test("the page's images are offered with their SHA-256 after the first snapshot, blocked ones never", async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  await context.addCookies([{ name: 'sid', value: 'site-session', url: site }]);
  const page = await context.newPage();
  await page.goto(`${site}/assets`);
  await waitForRecording(page, ingest);

  const offer = await ingest.waitFor(() => ingest.assetOffers[0], 'an asset offer');
  const assets = offer.body.assets;
  const byPath = Object.fromEntries(assets.map((a) => [new URL(a.url).pathname, a]));
  assert.deepEqual(Object.keys(byPath).sort(), ['/img/banner.gif', '/img/photo.gif']);
  for (const [path, asset] of Object.entries(byPath)) {
    const bytes = await (await fetch(site + path)).arrayBuffer();
    assert.equal(asset.hash, createHash('sha256').update(Buffer.from(bytes)).digest('hex'), path);
    assert.equal(asset.size, bytes.byteLength);
    assert.equal(asset.type, 'image/gif');
  }
  // the URL as the recording holds it: without the query parameter the tenant does not allow
  assert.equal(byPath['/img/photo.gif'].url, `${site}/img/photo.gif`);
  assert.equal(offer.cookie, undefined);
  assert.match(offer.body.sessionId, /^[A-Za-z0-9_-]{16,64}$/);
  await context.close();
});

test('with captureAssets: false the capture script is never loaded and nothing is offered', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/assets#${encodeURIComponent(JSON.stringify({ captureAssets: false }))}`);
  await waitForRecording(page, ingest);
  // an idle moment for the page, then a marker through the recorder's own queue: anything asked before it has arrived
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(undefined))));
  await page.evaluate(() => window.rewind.track('marker'));
  await ingest.waitFor(() => ingest.customEvents('track').length > 0, 'the marker');

  assert.deepEqual(ingest.assetOffers, []);
  assert.deepEqual(
    ingest.requests.filter((r) => r.path === '/sdk/rewind-assets.js'),
    [],
  );
  await context.close();
});
