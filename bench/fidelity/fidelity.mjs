// The fidelity benchmark of `make bench` (docs/PERFORMANCE.md, "Replay fidelity"; docs/ASSETS.md):
// third-party pages that ship in an npm package (SB Admin 2's example pages: Font Awesome's icon font,
// SVG pictures, Bootstrap's stylesheets), served by a local static server, each visited twice in
// headless Chromium with the tenant's own snippet against a local runner: once as recorded, once with
// the recorder's asset offer blocked (capture off). Right before each visit ends the live page is
// screenshotted. Then the pages' server is STOPPED, and each session is replayed through a share link in
// a fresh browser context at that instant; the replay frame's screenshot is compared with the live one by
// pixelmatch. Prints, per page, the % of pixels that differ with capture on and with it off.
//
//   cd bench/fidelity && npm ci && node fidelity.mjs      (the emulator must answer at AWS_ENDPOINT_URL)
//
// Nothing outside this machine is reached: every request to another host is aborted, in the live visit
// and in the replay alike (the pages link Google Fonts and an Unsplash picture; both fall back the same).
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { callApi, launchBrowser, signUp, startRunner, waitFor, withCleanup } from '../../web-console/test/harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SITE_ROOT = join(HERE, 'node_modules/startbootstrap-sb-admin-2');
const OUT = join(HERE, '../../.emulator/bench/fidelity');
/** Pages without a <canvas> (canvas capture is not built, docs/ASSETS.md "Not done"). */
const PAGES = (process.env.FIDELITY_PAGES || 'buttons.html,cards.html,tables.html,utilities-other.html,404.html').split(',');
const VIEWPORT = { width: 1280, height: 800 };
/** The console's window is larger than the recorded one, so the player shows the replay at scale 1. */
const CONSOLE_VIEWPORT = { width: 2200, height: 1500 };
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};

/** The package's files as they are, the tenant's snippet put at the top of each page's <head>. */
async function startSite(snippet) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url || '/', 'http://site').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(SITE_ROOT, path);
    if (!file.startsWith(SITE_ROOT) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    let body = readFileSync(file);
    const type = TYPES[extname(file)] || 'application/octet-stream';
    if (extname(file) === '.html') body = Buffer.from(body.toString('utf8').replace(/<head>/i, (head) => head + '\n' + snippet));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** Only this machine: every request to another host is aborted. */
async function localOnly(context) {
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    (route) => route.abort(),
  );
}

/** One visit of `path`, recorded with capture on or off; the live page's screenshot just before it ends. */
async function visit(browser, runner, apiKey, site, path, capture) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await localOnly(context);
    // capture off: the recorder's asset offer never reaches the API, so the session references no copy
    if (!capture)
      await context.route(
        (url) => url.pathname.startsWith('/v1/assets'),
        (route) => route.abort(),
      );
    const page = await context.newPage();
    // the recorder offers the page's assets once the first snapshot is out; with capture on it uploads
    // and commits what the tenant lacks (nothing, when an earlier page stored the same files)
    const offered = page.waitForRequest((r) => new URL(r.url()).pathname === '/v1/assets', { timeout: 60_000 });
    const committed = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/assets/commit', { timeout: 60_000 });
    committed.catch(() => undefined);
    await page.goto(site.url + '/' + path, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const offer = await offered;
    if (capture) {
      const answer = await offer.response();
      const uploads = answer ? (await answer.json()).uploads : [];
      if (uploads.length) {
        const results = (await (await committed).json()).assets.map((a) => a.result);
        if (results.some((r) => r !== 'stored')) console.log(`# ${path}: commit results ${results.join(' ')}`);
      }
    }
    const sessionId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rewind:session') || '{}').id);
    const shot = await page.screenshot();
    const at = Date.now();
    await page.close({ runBeforeUnload: true });
    // the context stays open until the recording's end (the page-hide marker, after `at`) is stored
    await waitFor(
      async () => {
        const { status, body } = await callApi(runner, 'GET', `/v1/sessions/${sessionId}`, { key: apiKey });
        return status === 200 && Date.parse(body.endedAt) >= at;
      },
      { timeoutMs: 60_000, what: `the end of session ${sessionId}` },
    );
    return { sessionId, shot, at };
  } finally {
    await context.close();
  }
}

/** The session replayed through a share link at the instant of the live screenshot: the replay frame's pixels. */
async function replay(browser, runner, apiKey, recorded) {
  const { body: detail } = await callApi(runner, 'GET', `/v1/sessions/${recorded.sessionId}`, { key: apiKey });
  const share = await callApi(runner, 'POST', `/v1/sessions/${recorded.sessionId}/share`, { key: apiKey, body: { expiresInHours: 1 } });
  if (share.status !== 201) throw new Error(`share answered ${share.status}`);
  const offset = Math.max(0, recorded.at - Date.parse(detail.startedAt));
  const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT });
  try {
    await localOnly(context);
    const page = await context.newPage();
    await page.goto(share.body.url.replace(/^https?:\/\/[^/]+/, runner.url) + '?t=' + offset);
    // a stage larger than the recorded window, so the player draws the replay at scale 1 (the player
    // refits when its stage is resized); what is replayed is unchanged
    await page.addStyleTag({ content: '.content, .bare .content { max-width: none !important; } .stage { height: 900px !important; }' });
    await page.waitForSelector('.player[data-loaded="true"]', { timeout: 60_000 });
    await page.waitForSelector('.player[data-state="ended"], .player[data-state="paused"]', { timeout: 60_000 });
    await page.addStyleTag({ content: '.replayer-mouse, .replayer-mouse-tail { display: none !important; }' });
    // every picture settled and every font the frame uses loaded (or failed) before the screenshot
    const frame = page.frameLocator('.replayer-wrapper iframe');
    await frame.locator('body').evaluate(async (body) => {
      const doc = body.ownerDocument;
      await Promise.all(
        Array.from(doc.images).map((img) =>
          img.complete
            ? null
            : new Promise((resolve) => img.addEventListener('loadend' in img ? 'loadend' : 'load', resolve, { once: true })),
        ),
      );
      await doc.fonts.ready;
    });
    const scale = await page.evaluate(() => document.querySelector('.replayer-wrapper')?.getAttribute('style') || '');
    if (!/scale\(1\)/.test(scale)) throw new Error('the replay is not shown at scale 1: ' + scale);
    // clipped to whole pixels: text above the player (the session's story) can leave the frame at a
    // fractional offset, and an element screenshot rounds such a box outwards (1280×801)
    const box = await page.locator('.replayer-wrapper iframe').boundingBox();
    if (!box) throw new Error('the replay frame has no box');
    const [x, y, width, height] = [box.x, box.y, box.width, box.height].map(Math.round);
    return await page.screenshot({ clip: { x, y, width, height } });
  } finally {
    await context.close();
  }
}

function differing(livePng, replayPng, name) {
  const live = PNG.sync.read(livePng);
  const replayed = PNG.sync.read(replayPng);
  if (live.width !== replayed.width || live.height !== replayed.height)
    throw new Error(`${name}: live ${live.width}×${live.height}, replay ${replayed.width}×${replayed.height}`);
  const diff = new PNG({ width: live.width, height: live.height });
  const pixels = pixelmatch(live.data, replayed.data, diff.data, live.width, live.height, { threshold: 0.1 });
  writeFileSync(join(OUT, name + '-diff.png'), PNG.sync.write(diff));
  return (100 * pixels) / (live.width * live.height);
}

await withCleanup(async (cleanup) => {
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const runner = await startRunner('fidelity');
  cleanup(() => runner.stop());
  const browser = await launchBrowser();
  cleanup(() => browser.close());
  const tenant = await signUp(runner, 'Fidelity');
  const site = await startSite(tenant.snippet);
  let siteUp = true;
  cleanup(() => (siteUp ? site.stop() : undefined));

  const recorded = [];
  for (const path of PAGES) {
    for (const capture of [true, false]) {
      const r = await visit(browser, runner, tenant.apiKey, site, path, capture);
      const name = path.replace(/\.html$/, '') + (capture ? '-capture' : '-off');
      writeFileSync(join(OUT, name + '-live.png'), r.shot);
      recorded.push({ path, capture, name, ...r });
    }
  }

  // the site is gone: a replay can only show what the recording and the tenant's stored copies hold
  await site.stop();
  siteUp = false;
  if (
    await fetch(site.url + '/' + PAGES[0]).then(
      () => true,
      () => false,
    )
  )
    throw new Error('the site still answers');

  const results = new Map();
  for (const r of recorded) {
    const shot = await replay(browser, runner, tenant.apiKey, r);
    writeFileSync(join(OUT, r.name + '-replay.png'), shot);
    const percent = differing(r.shot, shot, r.name);
    results.set(r.path, { ...results.get(r.path), [r.capture ? 'capture' : 'off']: percent });
  }
  for (const [path, { capture, off }] of results) {
    console.log(`fidelity ${path} capture ${capture.toFixed(2)} % off ${off.toFixed(2)} %`);
  }
  console.log(`fidelity-wall ${Math.round((Date.now() - started) / 1000)} s`);
});
