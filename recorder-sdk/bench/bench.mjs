// npm run bench: what the recorder costs a page (the budgets of docs/ARCHITECTURE.md).
// - heavy page (test/pages/heavy.html: 3,300+ elements, 200 cell updates/s, a row replaced each
//   second) with a visitor moving, clicking and scrolling: main-thread time with and without the
//   recorder (the page served with ?bare, no snippet), and the gzip bytes it sends per minute, beside
//   plain @rrweb/record on the same page in the same run (?plain, bench/plain-rrweb.mjs);
// - a typical shop journey (test/pages/journey.html): gzip bytes per minute.
// BENCH_SECONDS sets the length of each run (default 60); BENCH_RUNS how many times the heavy page
// runs without a recorder, with plain rrweb and with the recorder, alternating (default 3; medians
// are reported).
import os from 'node:os';
import { launchBrowser } from '../test/browser.mjs';
import { startServers } from '../test/server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 60);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const servers = await startServers({ flushMs: null });
const { ingest, site } = servers;
const browser = await launchBrowser();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function heavyVisitor(page, until) {
  let step = 0;
  while (Date.now() < until) {
    step++;
    await page.mouse.move(100 + ((step * 37) % 1000), 100 + ((step * 53) % 600), { steps: 3 });
    if (step % 40 === 0) await page.mouse.click(200 + ((step * 13) % 800), 150 + ((step * 7) % 500));
    if (step % 100 === 0) await page.mouse.wheel(0, step % 200 === 0 ? -600 : 600);
    await sleep(50);
  }
}

async function shopper(page, until) {
  let round = 0;
  while (Date.now() < until) {
    round++;
    await page.click('#search');
    await page.keyboard.type(`product ${round % 7}`, { delay: 120 });
    await sleep(1500);
    await page.fill('#search', '');
    await page.mouse.wheel(0, 400);
    await sleep(1500);
    const add = page.locator(`.add[data-i="${(round * 11) % 60}"]`);
    await add.scrollIntoViewIfNeeded();
    await add.click();
    await sleep(1000);
    if (round % 3 === 0) {
      await page.click('#email');
      await page.keyboard.type('someone@example.org', { delay: 80 });
    }
    await page.click('#close');
    await page.mouse.move(300 + round * 10, 300, { steps: 10 });
    await sleep(2000);
  }
}

function metric(metrics, name) {
  return metrics.find((m) => m.name === name).value;
}

/** recorder: 'none' (?bare), 'plain' (plain rrweb, ?plain) or 'rewind' (the snippet). */
async function run(path, visitor, recorder) {
  const recorded = recorder === 'rewind';
  ingest.chunks = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const loadedAt = Date.now();
  await page.goto(site + path);
  // rrweb running (its snapshot rides in the first 30 s batch, so the endpoint has not seen it yet)
  // (the snippet's stub answers undefined until the recorder is loaded; the recorder a URL once it runs)
  if (recorded)
    await page.waitForFunction(() => window.rewind && window.rewind.getReplayUrl && typeof window.rewind.getReplayUrl() === 'string');
  // plain rrweb's full snapshot is larger than a batch: it leaves at once
  if (recorder === 'plain') await ingest.waitFor(() => ingest.chunks.length > 0, 'the first plain rrweb chunk', 30_000);
  await sleep(1000);
  const before = (await cdp.send('Performance.getMetrics')).metrics;
  const start = Date.now();
  await visitor(page, start + SECONDS * 1000);
  const after = (await cdp.send('Performance.getMetrics')).metrics;
  const wallMs = Date.now() - start;
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const visitMs = Date.now() - loadedAt;
  await page.close({ runBeforeUnload: true });
  if (recorder !== 'none') {
    // The end of the visit, then a quiet second: page-hide chunks arrive in any order.
    if (recorded) await ingest.waitFor(() => ingest.customEvents('pagehide').length > 0, 'the last chunk', 30_000);
    for (let count = -1; count !== ingest.chunks.length;) {
      count = ingest.chunks.length;
      await sleep(1000);
    }
  }
  await context.close();

  const deltaMs = (name) => (metric(after, name) - metric(before, name)) * 1000;
  const taskMs = deltaMs('TaskDuration');
  const scriptMs = deltaMs('ScriptDuration');
  const layoutMs = deltaMs('LayoutDuration') + deltaMs('RecalcStyleDuration');
  const chunks = ingest.chunks;
  const gzipBytes = chunks.reduce((n, c) => n + c.raw.length, 0);
  const snapshotChunks = chunks.filter((c) => c.events.some((e) => e.type === 2));
  const rawBytes = chunks.reduce((n, c) => n + Buffer.byteLength(c.text), 0);
  return {
    nodes,
    wallMs,
    taskMs,
    scriptMs,
    layoutMs,
    visitMs,
    chunks: chunks.length,
    events: chunks.reduce((n, c) => n + c.events.length, 0),
    gzipBytes,
    rawBytes,
    fullSnapshots: snapshotChunks.length,
    firstSnapshotGzip: snapshotChunks.length ? snapshotChunks[0].raw.length : 0,
  };
}

const kb = (n) => (n / 1024).toFixed(1);
const perMinute = (bytes, ms) => (bytes / (ms / 60_000) / 1024).toFixed(1);

console.log(`Rewind recorder benchmark: ${SECONDS} s per run`);
console.log(
  `machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${os.type()} ${os.release()}`,
);
console.log(`browser: Chromium ${browser.version()} headless; node ${process.version}\n`);

const bares = [];
const plains = [];
const heavies = [];
for (let i = 0; i < RUNS; i++) {
  bares.push(await run('/heavy?bare', heavyVisitor, 'none'));
  plains.push(await run('/heavy?plain', heavyVisitor, 'plain'));
  heavies.push(await run('/heavy', heavyVisitor, 'rewind'));
}
const shop = await run('/journey', shopper, 'rewind');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const perSecond = (runs, key) => median(runs.map((r) => r[key] / (r.wallMs / 1000)));
const fmt = (runs, key) => runs.map((r) => (r[key] / (r.wallMs / 1000)).toFixed(1)).join(', ');

// BENCH_RUNS=0 runs the shop journey alone.
if (RUNS > 0) {
  const heavy = heavies[0];
  const row = (label, key) =>
    console.log(
      `  ${label.padEnd(30)} without: ${perSecond(bares, key).toFixed(1)}   plain rrweb: ${perSecond(plains, key).toFixed(1)}   with: ${perSecond(heavies, key).toFixed(1)}   (runs: ${fmt(bares, key)} | ${fmt(plains, key)} | ${fmt(heavies, key)})`,
    );

  console.log(
    `heavy page: ${heavy.nodes} elements, 200 text updates/s + 1 row replaced/s, mouse every 50 ms; ${RUNS} runs each, alternating`,
  );
  row('main-thread ms per second', 'taskMs');
  row('script ms per second', 'scriptMs');
  row('style+layout ms per second', 'layoutMs');
  console.log(
    `  recorder overhead (medians)    ${(perSecond(heavies, 'taskMs') - perSecond(bares, 'taskMs')).toFixed(1)} ms main thread, ${(perSecond(heavies, 'scriptMs') - perSecond(bares, 'scriptMs')).toFixed(1)} ms script per second of page time; plain rrweb ${(perSecond(plains, 'taskMs') - perSecond(bares, 'taskMs')).toFixed(1)} ms, ${(perSecond(plains, 'scriptMs') - perSecond(bares, 'scriptMs')).toFixed(1)} ms`,
  );
  const sent = (who, r) =>
    console.log(
      `  ${who} sent: ${kb(r.gzipBytes)} KB gzip (${kb(r.rawBytes)} KB JSON) in ${r.chunks} chunks, ${r.events} events, first full snapshot ${kb(r.firstSnapshotGzip)} KB gzip: ${perMinute(r.gzipBytes, r.visitMs)} KB/min gzip`,
    );
  for (const r of plains) sent('plain rrweb', r);
  for (const r of heavies) sent('recorder', r);
  const rate = (runs, bytes = (r) => r.gzipBytes) => median(runs.map((r) => bytes(r) / (r.visitMs / 60_000) / 1024));
  // the first full snapshot is the same page for both (about 40 KB gzip): what follows it is what coalescing changes
  const afterSnapshot = (r) => r.gzipBytes - r.firstSnapshotGzip;
  console.log(
    `figure: heavy page bytes, recorder ${rate(heavies).toFixed(1)} vs plain rrweb ${rate(plains).toFixed(1)} KB/min gzip (medians): ${(rate(heavies) / rate(plains)).toFixed(2)}x (budget <= 0.5x)`,
  );
  console.log(
    `figure: heavy page bytes after the first full snapshot, recorder ${rate(heavies, afterSnapshot).toFixed(1)} vs plain rrweb ${rate(plains, afterSnapshot).toFixed(1)} KB/min gzip: ${(rate(heavies, afterSnapshot) / rate(plains, afterSnapshot)).toFixed(2)}x`,
  );
  console.log(
    `figure: heavy page main-thread time, recorder ${perSecond(heavies, 'taskMs').toFixed(1)} vs plain rrweb ${perSecond(plains, 'taskMs').toFixed(1)} ms/s (none ${perSecond(bares, 'taskMs').toFixed(1)}): ${(perSecond(heavies, 'taskMs') / perSecond(plains, 'taskMs')).toFixed(2)}x; script ${perSecond(heavies, 'scriptMs').toFixed(1)} vs ${perSecond(plains, 'scriptMs').toFixed(1)} ms/s (budget: no higher)`,
  );
}
console.log(`shop journey: ${shop.nodes} elements, search typing, add to cart, modal, scrolling`);
console.log(
  `  sent: ${kb(shop.gzipBytes)} KB gzip (${kb(shop.rawBytes)} KB JSON) in ${shop.chunks} chunks, ${shop.events} events, first full snapshot ${kb(shop.firstSnapshotGzip)} KB gzip (in its chunk)`,
);
console.log(
  `  visit: ${(shop.visitMs / 1000).toFixed(1)} s from navigation to close; chunks per minute ${(shop.chunks / (shop.visitMs / 60_000)).toFixed(2)}`,
);
console.log(`  bytes per minute: ${perMinute(shop.gzipBytes, shop.visitMs)} KB/min gzip`);

await browser.close();
await servers.close();
