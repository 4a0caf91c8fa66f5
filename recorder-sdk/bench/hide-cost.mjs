// node bench/hide-cost.mjs: how long the recorder's pagehide handler runs on the heavy page, where it
// compresses the pending events at once (src/transport.ts, quickGzip; docs/PERFORMANCE.md, "Page hide
// compressed at once"), and what that chunk weighs. Five visits, each hidden after a different time so
// the pending events differ; the handler is timed around a dispatched pagehide event, in the page.
import { launchBrowser } from '../test/browser.mjs';
import { startServers } from '../test/server.mjs';

const servers = await startServers({ flushMs: null });
const { ingest, site } = servers;
const browser = await launchBrowser();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const hidden = () => ingest.customEvents('pagehide').length > 0;

for (const waitMs of [4000, 4800, 5600, 4400, 5200]) {
  ingest.chunks = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site + '/heavy');
  await page.waitForFunction(() => window.rewind && typeof window.rewind.getReplayUrl() === 'string');
  await sleep(waitMs);
  const before = ingest.chunks.length;
  const handlerMs = await page.evaluate(() => {
    const start = performance.now();
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    return performance.now() - start;
  });
  await ingest.waitFor(hidden, 'the page-hide chunk', 10_000);
  const sent = ingest.chunks.slice(before);
  const bodies = sent.map((c) => `${c.raw.length} B for ${Buffer.byteLength(c.text)} B of JSON${c.gzip ? ', gzip' : ''}`);
  console.log(`pagehide handler ${handlerMs.toFixed(1)} ms; sent then: ${bodies.join('; ')}`);
  await context.close();
}
await browser.close();
await servers.close();
