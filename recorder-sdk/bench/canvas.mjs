// node bench/canvas.mjs (after npm run build): what canvas recording (the tenant's recordCanvas setting,
// docs/ASSETS.md "Canvas") costs in bytes on a dashboard page whose 600×300 chart gets a new point each
// second (test/pages/chart.html). The same page is recorded with the setting off and on, in the same
// run, and the gzip bytes the recorder sends are printed per minute. Not a test: it prints figures.
// CANVAS_SECONDS sets the length of each recording (default 60).
import os from 'node:os';
import { launchBrowser } from '../test/browser.mjs';
import { startServers } from '../test/server.mjs';

const SECONDS = Number(process.env.CANVAS_SECONDS || 60);
const servers = await startServers({ flushMs: null });
const { ingest, site } = servers;
const browser = await launchBrowser();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function record(recordCanvas) {
  ingest.chunks = [];
  ingest.config = { ...ingest.config, recordCanvas };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${site}/chart`);
  await page.waitForFunction(() => window.rewind && typeof window.rewind.getReplayUrl() === 'string');
  const start = Date.now();
  await sleep(SECONDS * 1000);
  const visitMs = Date.now() - start;
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.customEvents('pagehide').length > 0, 'the last chunk', 30_000);
  await sleep(1000);
  await context.close();
  const chunks = ingest.chunks.slice();
  const events = chunks.flatMap((c) => c.events);
  // rrweb's canvas frames: incremental snapshots of source 9 (CanvasMutation)
  const frames = events.filter((e) => e.type === 3 && e.data.source === 9);
  const frameJson = frames.reduce((n, e) => n + JSON.stringify(e).length, 0);
  return {
    visitMs,
    gzip: chunks.reduce((n, c) => n + c.raw.length, 0),
    json: chunks.reduce((n, c) => n + Buffer.byteLength(c.text), 0),
    chunks: chunks.length,
    frames: frames.length,
    frameJson,
  };
}

const perMinute = (bytes, ms) => bytes / (ms / 60_000) / 1024;
const off = await record(false);
const on = await record(true);
console.log(`canvas recording on test/pages/chart.html (600×300, a new point each second), ${SECONDS} s each`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}, Chromium headless`);
for (const [name, r] of [
  ['recordCanvas off', off],
  ['recordCanvas on ', on],
]) {
  console.log(
    `  ${name}: ${(r.gzip / 1024).toFixed(1)} KB gzip (${(r.json / 1024).toFixed(1)} KB JSON) in ${r.chunks} chunks: ` +
      `${perMinute(r.gzip, r.visitMs).toFixed(1)} KB/min gzip; ${r.frames} canvas frames` +
      (r.frames ? `, ${(r.frameJson / r.frames / 1024).toFixed(1)} KB JSON each` : ''),
  );
}
console.log(
  `figure: canvas recording costs +${(perMinute(on.gzip, on.visitMs) - perMinute(off.gzip, off.visitMs)).toFixed(1)} KB/min gzip ` +
    `on this chart (${perMinute(on.gzip, on.visitMs).toFixed(1)} vs ${perMinute(off.gzip, off.visitMs).toFixed(1)} KB/min)`,
);
await browser.close();
await servers.close();
