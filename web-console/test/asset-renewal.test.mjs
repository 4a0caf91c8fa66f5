// A replay that outlives its stored copies' URLs (docs/ASSETS.md, "Replay"): the runner issues the copies'
// URLs for a few seconds, and a picture first appears in the replay well after the URL the replay was
// opened with expired. The player renews the copies' URLs (it reads the session again, as it does for an
// expired chunk URL), so the picture still loads, in the console's replay and on a share link alike.
// The emulator does not refuse expired presigned URLs; the test does what S3 does, at the network: a
// stored copy's URL past its X-Amz-Date + X-Amz-Expires is answered 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { callApi, importRecording, launchBrowser, signUp, startRunner, waitFor, withCleanup } from './harness.mjs';

const EMULATOR_URL = process.env.AWS_ENDPOINT_URL || 'http://127.0.0.1:4566';
const VALID_SECONDS = 8;
const LATE_AT_MS = 26_000;
const LATE_URL = 'https://shop.example/img/late.png';
const LATE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const LATE_HASH = createHash('sha256').update(LATE_PNG).digest('hex');
const ORIGIN = 'https://shop.example';

const el = (id, tagName, attributes, ...childNodes) => ({ type: 2, id, tagName, attributes, childNodes });

/** 28 s of one page; the picture is added 26 s in. */
function lateImageSession() {
  const start = Date.now() - 30_000;
  const body = el(5, 'body', {}, el(6, 'h1', {}, { type: 3, id: 7, textContent: 'A long replay' }), el(8, 'div', { id: 'slot' }));
  const snapshot = {
    node: {
      type: 0,
      id: 1,
      childNodes: [{ type: 1, id: 2, name: 'html', publicId: '', systemId: '' }, el(3, 'html', {}, el(4, 'head', {}), body)],
    },
    initialOffset: { left: 0, top: 0 },
  };
  const move = (t) => ({ type: 3, timestamp: start + t, data: { source: 1, positions: [{ x: 100, y: 100, id: 5, timeOffset: 0 }] } });
  return [
    { type: 4, timestamp: start, data: { href: ORIGIN + '/', width: 1280, height: 720 } },
    { type: 2, timestamp: start, data: snapshot },
    // what the recorder adds once the tenant holds the copy (storeCopy): the recording names it (docs/ASSETS.md, "Replay")
    { type: 5, timestamp: start + 500, data: { tag: 'asset', payload: { assets: [{ url: LATE_URL, hash: LATE_HASH }] } } },
    move(1_000),
    {
      type: 3,
      timestamp: start + LATE_AT_MS,
      data: {
        source: 0,
        texts: [],
        attributes: [],
        removes: [],
        adds: [{ parentId: 8, nextId: null, node: el(9, 'img', { id: 'late', src: LATE_URL, width: '16', height: '16' }) }],
      },
    },
    move(28_000),
  ];
}

/** The recorder's side of capture for one asset: offer, presigned upload, commit (docs/ASSETS.md). */
async function storeCopy(runner, ingestKey, sessionId) {
  const hash = LATE_HASH;
  const post = (path, body) =>
    fetch(`${runner.url}${path}?key=${encodeURIComponent(ingestKey)}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body),
    });
  const offer = await post('/v1/assets', { sessionId, assets: [{ url: LATE_URL, hash, size: LATE_PNG.length, type: 'image/png' }] });
  assert.equal(offer.status, 200, await offer.clone().text());
  const [upload] = (await offer.json()).uploads;
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: LATE_PNG });
  assert.equal(put.status, 200);
  const commit = await post('/v1/assets/commit', { sessionId, assets: [{ url: LATE_URL, hash }] });
  assert.equal(commit.status, 200);
  assert.deepEqual(
    (await commit.json()).assets.map((a) => a.result),
    ['stored'],
  );
}

/** When a presigned URL stops working: X-Amz-Date + X-Amz-Expires. */
function expiresAt(url) {
  const query = new URL(url).searchParams;
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') || '') || [];
  if (!y) throw new Error('not a presigned URL: ' + url);
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) + Number(query.get('X-Amz-Expires')) * 1000;
}

/** A browser context that plays in real time (no skipping) and answers expired copy URLs as S3 does. */
async function replayContext(browser, runner, apiKey, log) {
  /** @type {{name: string, value: string}[]} */
  const localStorage = [{ name: 'rewind:player', value: JSON.stringify({ speed: 1, skipInactive: false }) }];
  if (apiKey) localStorage.push({ name: 'rewind:apiKey', value: apiKey });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    storageState: { cookies: [], origins: [{ origin: runner.url, localStorage }] },
  });
  await context.route(
    (url) => url.href.startsWith(EMULATOR_URL) && url.pathname.includes('/a/'),
    (route) => {
      const expired = Date.now() > expiresAt(route.request().url());
      log.push({ url: route.request().url(), at: Date.now(), expired });
      return expired
        ? route.fulfill({
            status: 403,
            contentType: 'application/xml',
            body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
          })
        : route.continue();
    },
  );
  return context;
}

/** The late picture in the replay frame, once it has loaded or failed. */
function latePicture(page) {
  return page.evaluate(() => {
    const iframe = /** @type {HTMLIFrameElement | null} */ (document.querySelector('.replayer-wrapper iframe'));
    const img = /** @type {HTMLImageElement | null} */ (iframe?.contentDocument?.getElementById('late') ?? null);
    return img && img.complete ? { src: img.currentSrc, naturalWidth: img.naturalWidth } : null;
  });
}

test('a stored copy first shown after the URL the replay opened with expired still loads, in the console and on a share link', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('asset-renewal', { REWIND_ASSET_URL_SECONDS: String(VALID_SECONDS) });
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Shop');

    // given: a session whose picture appears 26 s in, and the tenant's stored copy of it
    const sessionId = await importRecording(runner, tenant.apiKey, lateImageSession());
    await storeCopy(runner, tenant.ingestKey, sessionId);
    const share = await callApi(runner, 'POST', `/v1/sessions/${sessionId}/share`, { key: tenant.apiKey, body: { expiresInHours: 1 } });
    assert.equal(share.status, 201);

    // when: the replay is opened in the console and through the share link, and plays in real time
    const views = await Promise.all(
      [
        { name: 'console', apiKey: tenant.apiKey, url: `${runner.url}/sessions/${sessionId}`, api: `/v1/sessions/${sessionId}` },
        { name: 'share', apiKey: null, url: share.body.url.replace(/^https?:\/\/[^/]+/, runner.url), api: '/v1/shares/' },
      ].map(async (view) => {
        const log = [];
        const context = await replayContext(browser, runner, view.apiKey, log);
        cleanup(() => context.close());
        const page = await context.newPage();
        const details = [];
        page.on('response', (r) => {
          if (new URL(r.url()).pathname.startsWith(view.api) && r.request().method() === 'GET')
            details.push(r.json().then((d) => ({ at: Date.now(), copy: d.assets?.[LATE_URL], validFor: d.assetsValidForSeconds })));
        });
        await page.goto(view.url);
        return { ...view, page, log, details };
      }),
    );

    // then: in both, the picture loads from the stored copy, requested after the first URL had expired
    for (const view of views) {
      const picture = await waitFor(() => latePicture(view.page), {
        timeoutMs: 90_000,
        what: `the late picture in the ${view.name} replay`,
      });
      const details = await Promise.all(view.details);
      assert.equal(details[0].validFor, VALID_SECONDS, 'the detail says how long its copies work');
      const firstUrl = details[0].copy;
      assert.ok(firstUrl, 'the first detail holds the copy');
      const loadedBy = view.log.find((r) => r.url === picture.src);
      assert.ok(loadedBy, `the ${view.name} replay asked the store for the picture: ${picture.src}`);
      assert.ok(loadedBy.at > expiresAt(firstUrl), `the ${view.name} replay first showed the picture after its first URL expired`);
      assert.equal(picture.naturalWidth, 1, `the ${view.name} replay shows the picture: ${JSON.stringify(picture)}`);
      assert.notEqual(picture.src, firstUrl, 'with a renewed URL');
      assert.ok(details.length >= 2, `the ${view.name} replay read the session again (${details.length} reads)`);
      assert.deepEqual(
        view.log.filter((r) => r.expired),
        [],
        `the ${view.name} replay never used an expired copy URL`,
      );
    }
  });
});
