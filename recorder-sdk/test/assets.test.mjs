// Asset capture in the browser (docs/ASSETS.md): after the first snapshot the recorder loads its asset
// capture beside itself and offers the page's images with the SHA-256 of their bytes, never those of
// blocked elements, never with cookies, under the URL the recording holds; with captureAssets: false it
// loads and sends nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { browserAndServers, hideAndShow, waitForRecording } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

test("the page's images, favicon and fonts are offered with their SHA-256 after the first snapshot, blocked ones never", async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  await context.addCookies([{ name: 'sid', value: 'site-session', url: site }]);
  const page = await context.newPage();
  await page.goto(`${site}/assets`);
  await waitForRecording(page, ingest);

  const offer = await ingest.waitFor(() => ingest.assetOffers[0], 'an asset offer');
  const assets = offer.body.assets;
  const byPath = Object.fromEntries(assets.map((a) => [new URL(a.url).pathname, a]));
  assert.deepEqual(Object.keys(byPath).sort(), ['/fonts/shop.woff2', '/img/banner.gif', '/img/favicon.gif', '/img/photo.gif']);
  for (const [path, asset] of Object.entries(byPath)) {
    const bytes = await (await fetch(site + path)).arrayBuffer();
    assert.equal(asset.hash, createHash('sha256').update(Buffer.from(bytes)).digest('hex'), path);
    assert.equal(asset.size, bytes.byteLength);
    assert.equal(asset.type, path.startsWith('/fonts/') ? 'font/woff2' : 'image/gif');
  }
  // the URL as the recording holds it: without the query parameter the tenant does not allow
  assert.equal(byPath['/img/photo.gif'].url, `${site}/img/photo.gif`);
  // the favicon is in the snapshot; rel="shortcut icon" is not (rrweb's slimDOM drops it), so it is not offered
  const links = JSON.stringify(ingest.events().find((e) => e.type === 2)).match(/"href":"[^"]*\.gif"/g);
  assert.deepEqual(links, [`"href":"${site}/img/favicon.gif"`]);
  assert.equal(offer.cookie, undefined);
  assert.match(offer.body.sessionId, /^[A-Za-z0-9_-]{16,64}$/);

  // the server asked for no upload (it holds every copy): the recording names them, once, for the replay
  await hideAndShow(page);
  const named = await ingest.waitFor(() => ingest.customEvents('asset')[0], 'the asset event');
  assert.deepEqual(
    named.data.payload.assets,
    assets.map((a) => ({ url: a.url, hash: a.hash })),
  );
  assert.equal(ingest.customEvents('asset').length, 1);
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

/** The paths of every asset offered so far. */
function offeredPaths(ingest) {
  return ingest.assetOffers.flatMap((o) => o.body.assets.map((a) => new URL(a.url).pathname)).sort();
}

/** The assets page recorded in a fresh context, after the first asset offer of its snapshot. */
async function recordedAssetsPage() {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/assets`);
  await waitForRecording(page, ingest);
  await ingest.waitFor(() => ingest.assetOffers[0], 'the first asset offer');
  return { ingest, context, page };
}

test("the stricter of the page's option and the tenant's captureAssets setting applies", async () => {
  // the tenant keeps images on the site: the page asking for everything still offers fonts only
  {
    const { ingest, site } = await fresh();
    ingest.config = { ...ingest.config, captureAssets: 'fonts_and_stylesheets' };
    const context = await setup.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/assets`);
    await waitForRecording(page, ingest);
    await ingest.waitFor(() => ingest.assetOffers[0], 'an asset offer');
    assert.deepEqual(offeredPaths(ingest), ['/fonts/shop.woff2']);
    await context.close();
  }
  // the tenant captures everything, the page turns images off: fonts only again
  {
    const { ingest, site } = await fresh();
    ingest.config = { ...ingest.config, captureAssets: 'all' };
    const context = await setup.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/assets#${encodeURIComponent(JSON.stringify({ captureAssets: { images: false } }))}`);
    await waitForRecording(page, ingest);
    await ingest.waitFor(() => ingest.assetOffers[0], 'an asset offer');
    assert.deepEqual(offeredPaths(ingest), ['/fonts/shop.woff2']);
    await context.close();
  }
  // the tenant turns capture off: the page's default does not bring it back, the script is never loaded
  {
    const { ingest, site } = await fresh();
    ingest.config = { ...ingest.config, captureAssets: 'none' };
    const context = await setup.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site}/assets`);
    await waitForRecording(page, ingest);
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(undefined))));
    await page.evaluate(() => window.rewind.track('marker'));
    await ingest.waitFor(() => ingest.customEvents('track').length > 0, 'the marker');
    assert.deepEqual(ingest.assetOffers, []);
    assert.deepEqual(
      ingest.requests.filter((r) => r.path === '/sdk/rewind-assets.js'),
      [],
    );
    await context.close();
  }
});

test('assets the page adds later are offered as they appear, each once, never from blocked elements', async () => {
  const { ingest, context, page } = await recordedAssetsPage();

  // when the page adds an image, a srcset, an inline style and a stylesheet, changes a style attribute,
  // and adds an image inside a blocked element (the next full snapshot is 5 minutes away)
  await page.evaluate(() => {
    const late = document.createElement('img');
    late.src = '/img/late.gif';
    document.body.appendChild(late);
    const picked = document.createElement('img');
    picked.srcset = '/img/srcset.gif 1x';
    document.body.appendChild(picked);
    const styled = document.createElement('div');
    styled.setAttribute('style', 'width: 5px; height: 5px; background-image: url("/img/inline-late.gif")');
    document.body.appendChild(styled);
    const sheet = document.createElement('style');
    sheet.textContent = '.late-rule { width: 5px; height: 5px; background-image: url("/img/rule-late.gif"); }';
    document.head.appendChild(sheet);
    const ruled = document.createElement('div');
    ruled.className = 'late-rule';
    document.body.appendChild(ruled);
    document.querySelector('.banner')?.setAttribute('style', 'background-image: url("/img/attribute-late.gif")');
    const hidden = document.createElement('img');
    hidden.src = '/img/private-late.gif';
    document.querySelector('[data-rewind-block]')?.appendChild(hidden);
  });
  const added = ['/img/attribute-late.gif', '/img/inline-late.gif', '/img/late.gif', '/img/rule-late.gif', '/img/srcset.gif'];
  await ingest.waitFor(() => added.every((path) => offeredPaths(ingest).includes(path)), 'the added assets offered', 15_000);

  // and then one more image, beside a copy of one offered already: only the new one is offered
  await page.evaluate(() => {
    for (const src of ['/img/photo.gif?session=secret-token', '/img/last.gif']) {
      const image = document.createElement('img');
      image.src = src;
      document.body.appendChild(image);
    }
  });
  await ingest.waitFor(() => offeredPaths(ingest).includes('/img/last.gif'), 'the last image offered', 15_000);

  const paths = offeredPaths(ingest);
  assert.ok(!paths.includes('/img/private-late.gif'), 'nothing of a blocked element');
  assert.ok(!paths.includes('/img/private.gif'));
  for (const path of new Set(paths)) assert.equal(paths.filter((p) => p === path).length, 1, `${path} offered once`);
  assert.deepEqual(
    [...new Set(paths)].sort(),
    ['/fonts/shop.woff2', '/img/banner.gif', '/img/favicon.gif', '/img/last.gif', '/img/photo.gif', ...added].sort(),
  );
  await context.close();
});

test("the image a style element's new text brings is offered, though only text nodes changed", async () => {
  const { ingest, context, page } = await recordedAssetsPage();

  // given an empty style element, an element its rule will match, a counter and an image, added at once:
  // the image's offer shows that the scan after those additions is done
  await page.evaluate(() => {
    const counter = document.createElement('p');
    counter.id = 'counter';
    document.body.appendChild(counter);
    const sheet = document.createElement('style');
    sheet.id = 'later-sheet';
    document.head.appendChild(sheet);
    const ruled = document.createElement('div');
    ruled.className = 'text-rule';
    document.body.appendChild(ruled);
    const image = document.createElement('img');
    image.src = '/img/before-text.gif';
    document.body.appendChild(image);
  });
  await ingest.waitFor(() => offeredPaths(ingest).includes('/img/before-text.gif'), 'the image offered', 15_000);

  // when only text nodes change: a counter's text, then the style element's text, which brings a url() rule
  await page.evaluate(() => {
    for (let i = 0; i < 50; i++) document.getElementById('counter').textContent = String(i);
  });
  await page.evaluate(() => {
    document.getElementById('later-sheet').textContent =
      '.text-rule { width: 5px; height: 5px; background-image: url("/img/style-text.gif"); }';
  });

  // then the rule's image is offered: a style's text counts as a change that can bring an asset
  await ingest.waitFor(() => offeredPaths(ingest).includes('/img/style-text.gif'), "the style text's image offered", 15_000);
  await context.close();
});

test('an image and an inline style added inside a shadow root after the snapshot are offered', async () => {
  const { ingest, context, page } = await recordedAssetsPage();

  // given a shadow root that is in the first snapshot
  await page.evaluate(() => {
    const host = document.createElement('div');
    host.id = 'shadow-host';
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>empty for now</p>';
    document.body.appendChild(host);
  });
  // when, with nothing else changing in the document, an image and then a styled element are added in it
  await page.evaluate(() => {
    const image = document.createElement('img');
    image.src = '/img/shadow-late.gif';
    document.getElementById('shadow-host').shadowRoot.appendChild(image);
  });
  await ingest.waitFor(() => offeredPaths(ingest).includes('/img/shadow-late.gif'), "the shadow root's image offered", 15_000);
  await page.evaluate(() => {
    const styled = document.createElement('div');
    styled.setAttribute('style', 'width: 5px; height: 5px; background-image: url("/img/shadow-inline.gif")');
    document.getElementById('shadow-host').shadowRoot.appendChild(styled);
  });

  // then both are offered: rrweb records the shadow root's mutations, and those tell the capture
  await ingest.waitFor(() => offeredPaths(ingest).includes('/img/shadow-inline.gif'), "the shadow root's inline style offered", 15_000);
  await context.close();
});

test('rules inserted through the CSSOM and sheets adopted or replaced later are offered without any DOM change, never for blocked elements', async () => {
  const { ingest, context, page } = await recordedAssetsPage();
  // only the CSSOM changes from here on: the capture's MutationObserver sees none of them
  await page.evaluate(() => {
    window.__mutated = false;
    new MutationObserver(() => (window.__mutated = true)).observe(document, { childList: true, subtree: true, attributes: true });
  });

  // when a CSS-in-JS library inserts rules (a background, a font, a rule only a blocked element matches)
  // and the page adopts a constructed sheet
  await page.evaluate(() => {
    const sheet = /** @type {CSSStyleSheet} */ (/** @type {HTMLStyleElement} */ (document.querySelector('style')).sheet);
    sheet.insertRule('h1 { background-image: url("/img/inserted.gif"); }', sheet.cssRules.length);
    sheet.insertRule('@font-face { font-family: Inserted; src: url(/fonts/inserted.woff2) format("woff2"); }', 0);
    sheet.insertRule('[data-rewind-block] img { background-image: url("/img/private-rule.gif"); }', sheet.cssRules.length);
    const adopted = new CSSStyleSheet();
    adopted.replaceSync('#photo { background-image: url(/img/adopted.gif); }');
    document.adoptedStyleSheets = [adopted];
    window.__adopted = adopted;
  });
  const inserted = ['/fonts/inserted.woff2', '/img/adopted.gif', '/img/inserted.gif'];
  await ingest.waitFor(
    () => inserted.every((path) => offeredPaths(ingest).includes(path)),
    'the inserted rules and the adopted sheet offered',
    15_000,
  );

  // and then replaces the adopted sheet's text and sets a declaration of a rule
  await page.evaluate(() => {
    window.__adopted.replaceSync('#photo { background-image: url("/img/replaced.gif"); }');
    const sheet = /** @type {CSSStyleSheet} */ (/** @type {HTMLStyleElement} */ (document.querySelector('style')).sheet);
    const banner = /** @type {CSSStyleRule} */ (
      Array.from(sheet.cssRules).find((r) => /** @type {CSSStyleRule} */ (r).selectorText === '.banner')
    );
    banner.style.setProperty('background-image', 'url("/img/declared.gif")');
  });
  await ingest.waitFor(
    () => ['/img/declared.gif', '/img/replaced.gif'].every((path) => offeredPaths(ingest).includes(path)),
    'the replaced sheet and the declaration offered',
    15_000,
  );

  // and a shadow root (whose content the document's observers never see) adopts a sheet
  await page.evaluate(() => {
    const shadow = /** @type {HTMLElement} */ (document.querySelector('.banner')).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<span class="in-shadow">in a shadow root</span>';
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.in-shadow { background-image: url("/img/shadow-adopted.gif"); }');
    shadow.adoptedStyleSheets = [sheet];
  });
  await ingest.waitFor(() => offeredPaths(ingest).includes('/img/shadow-adopted.gif'), 'the shadow root sheet offered', 15_000);

  assert.equal(await page.evaluate(() => window.__mutated), false, 'no DOM change brought the rescans');
  const paths = offeredPaths(ingest);
  assert.ok(!paths.includes('/img/private-rule.gif'), 'nothing of a rule only a blocked element matches');
  for (const path of new Set(paths)) assert.equal(paths.filter((p) => p === path).length, 1, `${path} offered once`);
  await context.close();
});
