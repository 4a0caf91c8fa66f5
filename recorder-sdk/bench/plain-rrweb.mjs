// The baseline the recorder is measured against (bench/bench.mjs) and replayed beside
// (test/replay.test.mjs): plain @rrweb/record, the version the recorder bundles, with rrweb's default
// options, shipped the way the recorder ships its events (batches of FLUSH_INTERVAL_MS or
// MAX_CHUNK_BYTES of JSON, gzip by the recorder's own function, POST /v1/ingest; on page hide the pending events uncompressed, in
// pieces of HIDE_CHUNK_BYTES with keepalive, within KEEPALIVE_BUDGET_BYTES), so that the two differ only in what they record. Built by scripts/build.mjs into
// bench/dist/plain-rrweb.js; the test server serves it for ?plain (test/server.mjs).
import { record } from '@rrweb/record';
import { FLUSH_INTERVAL_MS, HIDE_CHUNK_BYTES, KEEPALIVE_BUDGET_BYTES, MAX_CHUNK_BYTES } from '../src/constants';
import { gzip, splitEvents } from '../src/transport';

const script = document.currentScript;
const url = `${script.dataset.endpoint}/v1/ingest?key=${encodeURIComponent(script.dataset.key)}`;
const sessionId = 'plainrrweb' + Math.random().toString(36).slice(2, 14).padEnd(12, '0');
let seq = 0;
let pending = [];
let pendingBytes = 0;
let timer = 0;

function post(body, gzip, keepalive) {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': gzip ? 'application/x-www-form-urlencoded' : 'text/plain;charset=UTF-8' },
    credentials: 'omit',
    keepalive,
  }).catch(() => {});
}

function body(events) {
  return `{"sessionId":"${sessionId}","seq":${seq++},"events":[${events.join(',')}],"meta":{}}`;
}

function cut(hiding) {
  clearTimeout(timer);
  timer = 0;
  const events = pending;
  pending = [];
  pendingBytes = 0;
  if (!events.length) return;
  if (hiding) {
    let budget = KEEPALIVE_BUDGET_BYTES;
    for (const piece of splitEvents(events, HIDE_CHUNK_BYTES)) {
      const json = body(piece);
      if ((budget -= json.length) < 0) break;
      void post(json, false, true);
    }
    return;
  }
  const json = body(events);
  void gzip(json).then((bytes) => post(bytes, true, false));
}

record({
  emit(event) {
    const json = JSON.stringify(event);
    pending.push(json);
    pendingBytes += json.length;
    if (pendingBytes >= MAX_CHUNK_BYTES) cut(false);
    else if (!timer) timer = setTimeout(() => cut(false), window.__rewindFlushMs || FLUSH_INTERVAL_MS);
  },
});
addEventListener('pagehide', () => cut(true));
