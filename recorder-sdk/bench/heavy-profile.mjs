// node bench/heavy-profile.mjs: where the heavy page's recording time and bytes go, for the recorder and
// for plain @rrweb/record (docs/PERFORMANCE.md, "2026-12-04: the streaming floor and the heavy page's main
// thread"). For each, one visit of PROFILE_SECONDS (default 15) with the visitor of bench.mjs, under
// Chromium's sampling profiler (200 µs): the JavaScript time and the functions with the most self time;
// then the events received, gzipped part by part (full snapshot, each incremental source, and the
// mutations' texts, attributes, adds and removes on their own); for the recorder also what merging its
// text and attribute changes over longer windows, and sorting them by id, would leave (an offline replay
// of its coalescing on the received events), and what the events would weigh without the rows the page
// replaces by copies of themselves, or with mouse positions 100 ms apart (docs/PERFORMANCE.md, "The heavy
// page's bytes"). A diagnosis, not a budget: bench.mjs has the figures.
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../test/browser.mjs';
import { startServers } from '../test/server.mjs';

const SECONDS = Number(process.env.PROFILE_SECONDS || 15);
const servers = await startServers({ flushMs: null });
const { ingest, site } = servers;
const browser = await launchBrowser();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const gz = (value) => gzipSync(JSON.stringify(value)).length;

/**
 * The mutation events with runs of text-and-attribute-only changes closer than `windowMs` merged into one
 * (last values win, as src/coalesce.ts does within MUTATION_BATCH_MS), optionally sorted by id.
 */
function merged(mutations, windowMs, sorted) {
  const out = [];
  let held = null;
  for (const original of mutations) {
    const event = structuredClone(original);
    const d = event.data;
    const changesOnly = !d.adds.length && !d.removes.length;
    if (held && changesOnly && event.timestamp - held.timestamp < windowMs) {
      const texts = new Map(held.data.texts.map((t) => [t.id, t]));
      for (const t of d.texts) texts.set(t.id, t);
      const attributes = new Map(held.data.attributes.map((a) => [a.id, a]));
      for (const a of d.attributes)
        attributes.set(a.id, { id: a.id, attributes: { ...attributes.get(a.id)?.attributes, ...a.attributes } });
      held.data.texts = [...texts.values()];
      held.data.attributes = [...attributes.values()];
      continue;
    }
    if (held) out.push(held);
    held = changesOnly ? event : null;
    if (!changesOnly) out.push(event);
  }
  if (held) out.push(held);
  if (sorted) for (const e of out) for (const list of [e.data.texts, e.data.attributes]) list.sort((a, b) => a.id - b.id);
  return out;
}

/** The events with each row replacement (a removed `tr` and an added one, with its cells) left out. */
function withoutRowCopies(events) {
  return structuredClone(events).map((event) => {
    const d = event.data;
    if (event.type !== 3 || d.source !== 0) return event;
    const rows = d.adds.filter((a) => a.node.tagName === 'tr');
    const added = new Set(rows.map((a) => a.node.id));
    // rrweb lists a node's add after its parent's
    for (const a of d.adds) if (added.has(a.parentId)) added.add(a.node.id);
    const parents = new Set(rows.map((a) => a.parentId));
    d.adds = d.adds.filter((a) => !added.has(a.node.id));
    d.removes = d.removes.filter((r) => !parents.has(r.parentId));
    return event;
  });
}

/** The events with mouse positions at least `ms` apart within each mousemove event. */
function sparserMoves(events, ms) {
  return structuredClone(events).map((event) => {
    if (event.type !== 3 || event.data.source !== 1) return event;
    let last = -Infinity;
    event.data.positions = event.data.positions.filter((p) => {
      if (p.timeOffset - last < ms) return false;
      last = p.timeOffset;
      return true;
    });
    return event;
  });
}

for (const [who, path] of [
  ['recorder', '/heavy'],
  ['plain rrweb', '/heavy?plain'],
]) {
  ingest.chunks = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(site + path);
  await sleep(2000);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const until = Date.now() + SECONDS * 1000;
  for (let step = 1; Date.now() < until; step++) {
    await page.mouse.move(100 + ((step * 37) % 1000), 100 + ((step * 53) % 600), { steps: 3 });
    if (step % 40 === 0) await page.mouse.click(200 + ((step * 13) % 800), 150 + ((step * 7) % 500));
    if (step % 100 === 0) await page.mouse.wheel(0, step % 200 === 0 ? -600 : 600);
    await sleep(50);
  }
  const { profile } = await cdp.send('Profiler.stop');
  await page.close({ runBeforeUnload: true });
  for (let count = -1; count !== ingest.chunks.length;) {
    count = ingest.chunks.length;
    await sleep(1500);
  }
  await context.close();

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}:${frame.columnNumber}`;
    self.set(name, (self.get(name) || 0) + profile.timeDeltas[i] / 1000);
  });
  const js = [...self].filter(([name]) => !/^\((idle|program|garbage collector)\)/.test(name));
  const total = js.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(
    `${who}: ${total.toFixed(0)} ms of JavaScript in ${SECONDS} s (program ${(self.get('(program) :-1:-1') || 0).toFixed(0)} ms, GC ${(self.get('(garbage collector) :-1:-1') || 0).toFixed(0)} ms)`,
  );
  for (const [name, ms] of js.sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${name}`);

  const events = ingest.chunks.flatMap((c) => c.events);
  const received = ingest.chunks.reduce((sum, c) => sum + c.raw.length, 0);
  const parts = new Map();
  for (const e of events) {
    const part = e.type === 3 ? `incremental source ${e.data.source}` : `type ${e.type}`;
    parts.set(part, [...(parts.get(part) || []), e]);
  }
  console.log(
    `  received ${received} B gzip in ${ingest.chunks.length} chunks, ${events.length} events; all events gzipped at once ${gz(events)} B`,
  );
  console.log(
    `    chunks (events, JSON B, gzip B): ${ingest.chunks.map((c) => `${c.events.length}/${Buffer.byteLength(c.text)}/${c.raw.length}`).join(' ')}`,
  );
  for (const [part, list] of [...parts].sort()) console.log(`    ${part}: ${list.length} events, ${gz(list)} B gzip`);
  const mutations = parts.get('incremental source 0') || [];
  for (const field of ['texts', 'attributes', 'adds', 'removes']) {
    const items = mutations.reduce((n, e) => n + e.data[field].length, 0);
    console.log(`      mutation ${field}: ${items}, ${gz(mutations.map((e) => e.data[field]))} B gzip`);
  }
  if (who === 'recorder') {
    console.log(
      `    all events without the rows replaced by copies: ${gz(withoutRowCopies(events))} B gzip; mouse positions 100 ms apart: ${gz(sparserMoves(events, 100))} B`,
    );
    for (const windowMs of [200, 500, 1000, 2000, 5000]) {
      console.log(
        `    mutations merged over ${windowMs} ms: ${gz(merged(mutations, windowMs, false))} B gzip, sorted by id ${gz(merged(mutations, windowMs, true))} B`,
      );
    }
  }
}
await browser.close();
await servers.close();
