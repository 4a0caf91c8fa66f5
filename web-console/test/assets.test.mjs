// Replays that outlive the site (docs/ASSETS.md): a page with an image, a favicon, a web font (an icon
// font) and a stylesheet background is recorded with the snippet; then the site's assets are REMOVED
// (its server answers 404 for every one of them) and the session is replayed through a share link in a
// fresh browser. The replay shows the image, the background and the font from the tenant's stored
// copies, and its favicon link points at its copy; and the same for a font and backgrounds that a
// CSS-in-JS library inserts through the CSSOM and that sheets adopted after load (by the document and
// by a shadow root) bring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_ROOT, callApi, consoleContext, launchBrowser, screenshot, signUp, startRunner, waitFor, withCleanup } from './harness.mjs';
import { png } from './png.mjs';

const EMULATOR_URL = process.env.AWS_ENDPOINT_URL || 'http://127.0.0.1:4566';

/** An icon font that ships in a pinned dev dependency (playwright-core's codicons). */
function iconFont() {
  const dir = join(CONSOLE_ROOT, 'node_modules/playwright-core/lib/vite/recorder/assets');
  const file = readdirSync(dir).find((f) => f.endsWith('.ttf'));
  assert.ok(file, 'an icon font in playwright-core');
  return readFileSync(join(dir, file));
}

const ASSETS = {
  '/img/photo.png': { type: 'image/png', body: png(120, 80, [200, 30, 30]) },
  '/img/hero.png': { type: 'image/png', body: png(64, 64, [30, 160, 60]) },
  '/img/private.png': { type: 'image/png', body: png(10, 10, [0, 0, 255]) },
  '/img/favicon.png': { type: 'image/png', body: png(16, 16, [250, 200, 0]) },
  '/fonts/icons.ttf': { type: 'font/ttf', body: iconFont() },
  '/css/site.css': {
    type: 'text/css',
    body: Buffer.from(`@font-face { font-family: "ShopIcons"; src: url("../fonts/icons.ttf") format("truetype"); }
.hero { width: 320px; height: 120px; background-image: url("../img/hero.png"); }
.icon { font-family: "ShopIcons"; font-size: 32px; }`),
  },
};

function shopPage(snippet) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="/css/site.css">
<link rel="icon" href="/img/favicon.png">
${snippet}
</head><body>
<h1>Product page</h1>
<img id="photo" src="/img/photo.png" alt="the product" width="120" height="80">
<div id="hero" class="hero">Summer sale</div>
<p id="icon" class="icon">&#xea60;</p>
<div data-rewind-block><img id="private" src="/img/private.png" alt="a blocked picture"></div>
</body></html>`;
}

/**
 * The customer's site: the page and its assets, until `removeAssets()`; then every asset is a 404.
 * @param {string} page
 * @param {Record<string, {type: string, body: Buffer}>} assets
 */
async function startShop(page, assets = ASSETS) {
  let assetsGone = false;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://site').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    const asset = assets[path];
    if (!asset || assetsGone) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
    res.end(asset.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    removeAssets: () => (assetsGone = true),
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** In the replay iframe: what each asset shows, and where it came from. */
function replayedAssets(page) {
  return page.evaluate(async () => {
    const iframe = /** @type {HTMLIFrameElement | null} */ (document.querySelector('.replayer-wrapper iframe'));
    const doc = iframe?.contentDocument;
    const win = /** @type {Window | null} */ (iframe?.contentWindow ?? null);
    const photo = /** @type {HTMLImageElement | null} */ (doc?.getElementById('photo') ?? null);
    const hero = doc?.getElementById('hero');
    if (!doc || !win || !photo || !hero) return null;
    const fonts = await doc.fonts.load('32px ShopIcons').catch(() => []);
    const heroBackground = win.getComputedStyle(hero).backgroundImage;
    const backgroundUrl = (/url\("(.*)"\)/.exec(heroBackground) || [])[1] || '';
    // what the replay fetched; not the probe below, an <img> of the background's URL made by an earlier poll
    const loaded = /** @type {PerformanceResourceTiming[]} */ (win.performance.getEntriesByType('resource'))
      .filter((e) => !(e.initiatorType === 'img' && e.name === backgroundUrl))
      .map((e) => e.name);
    // the background's own URL, loaded as an image inside the replay frame: it must be a 64 px picture
    const background = /** @type {HTMLImageElement} */ (doc.createElement('img'));
    const backgroundWidth = await new Promise((resolve) => {
      background.onload = () => resolve(background.naturalWidth);
      background.onerror = () => resolve(0);
      background.src = backgroundUrl;
    });
    return {
      photo: { src: photo.currentSrc, complete: photo.complete, naturalWidth: photo.naturalWidth },
      favicon: doc.querySelector('link[rel="icon"]')?.getAttribute('href') || '',
      background: { url: backgroundUrl, naturalWidth: backgroundWidth },
      fontLoaded: fonts.length > 0 && fonts.every((f) => f.status === 'loaded') && doc.fonts.check('32px ShopIcons'),
      loaded,
    };
  });
}

test('after the site removed its assets, a replay still shows its image, background and icon font from the stored copies', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('assets');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Shop');

    // given: a visitor's page with an image, a stylesheet background and an icon font, recorded with the snippet
    const shop = await startShop(shopPage(tenant.snippet));
    cleanup(() => shop.stop());
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    const visit = await visitor.newPage();
    const offered = visit.waitForRequest((r) => new URL(r.url()).pathname === '/v1/assets', { timeout: 30_000 });
    const committed = visit.waitForResponse((r) => r.url().includes('/v1/assets/commit'), { timeout: 30_000 });
    const started = Date.now();
    await visit.goto(shop.url + '/');
    await visit.evaluate(() => document.fonts.ready);
    const commit = await committed;
    console.log(`# assets committed ${Date.now() - started} ms after the page load began`);
    assert.equal(commit.status(), 200);
    const results = (await commit.json()).assets.map((a) => a.result);
    const offeredUrls = JSON.parse((await offered).postData() || '{}').assets.map((a) => new URL(a.url).pathname);
    // the stylesheet was inlined by rrweb; the picture inside data-rewind-block is not offered
    assert.deepEqual(offeredUrls.sort(), ['/fonts/icons.ttf', '/img/favicon.png', '/img/hero.png', '/img/photo.png']);
    assert.deepEqual(results, ['stored', 'stored', 'stored', 'stored'], 'the image, the favicon, the background and the font were stored');
    const sessionId = await visit.evaluate(() => JSON.parse(sessionStorage.getItem('rewind:session') || '{}').id);
    await visit.close({ runBeforeUnload: true });
    await waitFor(async () => (await callApi(runner, 'GET', `/v1/sessions/${sessionId}`, { key: tenant.apiKey })).status === 200, {
      timeoutMs: 15_000,
      what: 'the session to be listed',
    });

    // when: the site's assets are gone
    shop.removeAssets();
    for (const path of Object.keys(ASSETS)) assert.equal((await fetch(shop.url + path)).status, 404, path + ' is gone');

    // and: the session is replayed through a share link in a browser that never saw the site
    const share = await callApi(runner, 'POST', `/v1/sessions/${sessionId}/share`, { key: tenant.apiKey, body: { expiresInHours: 1 } });
    assert.equal(share.status, 201);
    const { context, problems } = await consoleContext(browser, runner, null);
    cleanup(() => context.close());
    const page = await context.newPage();
    await page.goto(share.body.url.replace(/^https?:\/\/[^/]+/, runner.url));

    // then: the image, the background and the font render, each from the tenant's stored copy
    const replayed = await waitFor(
      async () => {
        const seen = await replayedAssets(page);
        // the background is fetched once the replay lays the page out: wait for all three requests to finish
        const ready = seen && seen.photo.complete && seen.photo.naturalWidth > 0 && seen.fontLoaded;
        return ready && seen.loaded.filter((url) => url.includes(`/t/${tenant.tenantId}/a/`)).length >= 3 ? seen : null;
      },
      { timeoutMs: 20_000, what: 'the replayed image and font' },
    );
    await screenshot(page, 'assets-replay');
    const stored = (url) => url.startsWith(EMULATOR_URL) && url.includes(`/t/${tenant.tenantId}/a/`);
    assert.equal(replayed.photo.naturalWidth, 120);
    assert.ok(stored(replayed.photo.src), 'the photo is the stored copy: ' + replayed.photo.src);
    assert.ok(stored(replayed.background.url), 'the background is the stored copy: ' + replayed.background.url);
    assert.ok(stored(replayed.favicon), 'the favicon link points at the stored copy: ' + replayed.favicon);
    assert.equal(replayed.background.naturalWidth, 64);
    assert.equal(
      replayed.loaded.filter(stored).length,
      3,
      'the photo, the background and the font came from the store: ' + replayed.loaded.join(' '),
    );
    assert.deepEqual(
      replayed.loaded.filter((name) => name.startsWith(shop.url)),
      [],
      'nothing was asked of the site',
    );
    assert.deepEqual(problems, []);
  });
});

/** Assets no element uses until the page's script inserts rules and adopts sheets, after the first snapshot. */
const LATE_ASSETS = {
  '/img/inserted.png': { type: 'image/png', body: png(64, 40, [220, 120, 0]) },
  '/img/adopted.png': { type: 'image/png', body: png(48, 30, [120, 0, 200]) },
  '/img/shadow.png': { type: 'image/png', body: png(32, 20, [0, 150, 150]) },
  '/fonts/late.ttf': { type: 'font/ttf', body: iconFont() },
};

function cssInJsPage(snippet) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<style id="css-in-js"></style>
${snippet}
</head><body>
<h1>Product page</h1>
<div id="inserted" class="inserted">Inserted rule</div>
<div id="adopted">Adopted sheet</div>
<p id="late-icon" class="late-icon">&#xea60;</p>
<div id="host"></div>
</body></html>`;
}

/** What a CSS-in-JS library and a web component do once the page runs: nothing of it is a DOM change the snapshot saw. */
function styleThePage() {
  const sheet = /** @type {CSSStyleSheet} */ (/** @type {HTMLStyleElement} */ (document.getElementById('css-in-js')).sheet);
  // relative URLs, as the page wrote them: rrweb records insertRule's text as it is
  sheet.insertRule('@font-face { font-family: "LateIcons"; src: url("fonts/late.ttf") format("truetype"); }', 0);
  sheet.insertRule('.inserted { width: 320px; height: 80px; background-image: url(img/inserted.png); }', 1);
  sheet.insertRule('.late-icon { font-family: "LateIcons"; font-size: 32px; }', 2);
  const adopted = new CSSStyleSheet();
  adopted.replaceSync('#adopted { width: 320px; height: 80px; background-image: url("/img/adopted.png"); }');
  document.adoptedStyleSheets = [adopted];
  const shadow = /** @type {HTMLElement} */ (document.getElementById('host')).attachShadow({ mode: 'open' });
  shadow.innerHTML = '<div id="in-shadow">In a shadow root</div>';
  const shadowSheet = new CSSStyleSheet();
  shadowSheet.replaceSync('#in-shadow { width: 320px; height: 80px; background-image: url(/img/shadow.png); }');
  shadow.adoptedStyleSheets = [shadowSheet];
}

/** In the replay iframe: the backgrounds of the three styled elements, whether the late font is in, what was fetched. */
function replayedLateStyles(page) {
  return page.evaluate(async () => {
    const iframe = /** @type {HTMLIFrameElement | null} */ (document.querySelector('.replayer-wrapper iframe'));
    const doc = iframe?.contentDocument;
    const win = /** @type {Window | null} */ (iframe?.contentWindow ?? null);
    const inShadow = doc?.getElementById('host')?.shadowRoot?.getElementById('in-shadow');
    const inserted = doc?.getElementById('inserted');
    const adopted = doc?.getElementById('adopted');
    if (!doc || !win || !inserted || !adopted || !inShadow) return null;
    const url = (element) => (/url\("(.*)"\)/.exec(win.getComputedStyle(element).backgroundImage) || [])[1] || '';
    const fonts = await doc.fonts.load('32px LateIcons').catch(() => []);
    return {
      inserted: url(inserted),
      adopted: url(adopted),
      shadow: url(inShadow),
      fontLoaded: fonts.length > 0 && fonts.every((f) => f.status === 'loaded') && doc.fonts.check('32px LateIcons'),
      loaded: /** @type {PerformanceResourceTiming[]} */ (win.performance.getEntriesByType('resource')).map((e) => e.name),
    };
  });
}

test('rules a CSS-in-JS library inserts and sheets adopted after load replay from the stored copies after the site removed its assets', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('assets-cssom');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Shop');

    // given: a recorded page that, after its first snapshot, inserts rules (a font and a background) and
    // adopts sheets with a url() in the document and in a shadow root
    const shop = await startShop(cssInJsPage(tenant.snippet), LATE_ASSETS);
    cleanup(() => shop.stop());
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    const visit = await visitor.newPage();
    /** @type {Record<string, string>} path to the commit's result */
    const committed = {};
    visit.on('response', async (response) => {
      if (!response.url().includes('/v1/assets/commit')) return;
      const sent = JSON.parse(response.request().postData() || '{}').assets || [];
      const results = (await response.json().catch(() => ({ assets: [] }))).assets;
      sent.forEach((a, i) => (committed[new URL(a.url).pathname] = results[i]?.result));
    });
    await visit.goto(shop.url + '/');
    // the capture is loaded once the first snapshot is taken: what follows is in incremental events only
    await waitFor(() => visit.evaluate(() => typeof (/** @type {any} */ (window).__rewindAssets) === 'function'), {
      timeoutMs: 15_000,
      what: 'the asset capture after the first snapshot',
    });
    await visit.evaluate(styleThePage);
    const late = Object.keys(LATE_ASSETS).sort();
    await waitFor(() => late.every((path) => committed[path] === 'stored'), { timeoutMs: 30_000, what: 'the late assets stored' });
    assert.deepEqual(Object.keys(committed).sort(), late);
    const sessionId = await visit.evaluate(() => JSON.parse(sessionStorage.getItem('rewind:session') || '{}').id);
    await visit.close({ runBeforeUnload: true });
    await waitFor(async () => (await callApi(runner, 'GET', `/v1/sessions/${sessionId}`, { key: tenant.apiKey })).status === 200, {
      timeoutMs: 15_000,
      what: 'the session to be listed',
    });

    // when: the site's assets are gone, and the session is replayed through a share link
    shop.removeAssets();
    for (const path of late) assert.equal((await fetch(shop.url + path)).status, 404, path + ' is gone');
    const share = await callApi(runner, 'POST', `/v1/sessions/${sessionId}/share`, { key: tenant.apiKey, body: { expiresInHours: 1 } });
    assert.equal(share.status, 201);
    const { context, problems } = await consoleContext(browser, runner, null);
    cleanup(() => context.close());
    const page = await context.newPage();
    await page.goto(share.body.url.replace(/^https?:\/\/[^/]+/, runner.url));

    // then: once the replay has played the style events, the backgrounds and the font are the stored copies
    const stored = (url) => url.startsWith(EMULATOR_URL) && url.includes(`/t/${tenant.tenantId}/a/`);
    const replayed = await waitFor(
      async () => {
        const seen = await replayedLateStyles(page);
        return seen && seen.fontLoaded && seen.loaded.filter(stored).length >= 4 ? seen : null;
      },
      { timeoutMs: 30_000, what: 'the inserted and adopted styles in the replay' },
    );
    await screenshot(page, 'assets-cssom-replay');
    assert.ok(stored(replayed.inserted), "the inserted rule's background is the stored copy: " + replayed.inserted);
    assert.ok(stored(replayed.adopted), "the adopted sheet's background is the stored copy: " + replayed.adopted);
    assert.ok(stored(replayed.shadow), "the shadow root's adopted background is the stored copy: " + replayed.shadow);
    assert.equal(
      replayed.loaded.filter(stored).length,
      4,
      'three backgrounds and the font came from the store: ' + replayed.loaded.join(' '),
    );
    assert.deepEqual(
      replayed.loaded.filter((name) => name.startsWith(shop.url)),
      [],
      'nothing was asked of the site',
    );
    assert.deepEqual(problems, []);
  });
});
