// The recorder's peers under test control, on two origins like a real installation:
// - the site: serves the test pages (test/pages/*.html) on one port;
// - the Rewind endpoint: serves /sdk/rewind.js, GET /v1/ingest/config and POST /v1/ingest on
//   another port, records every body it receives (gunzipped) and fails on command.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const INGEST_KEY = 'pk_test_0123456789abcdef';

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** The ingest endpoint as the recorder sees it. Tests read and steer it directly. */
export class IngestPeer {
  constructor() {
    /** Every accepted chunk: {sessionId, seq, events, meta, raw, text, gzip, contentType, origin}. */
    this.chunks = [];
    /** Every request that reached the endpoint, whatever the outcome: {method, path, status}. */
    this.requests = [];
    /**
     * Chunks refused as the server refuses them: a different body under a (sessionId, seq) already
     * accepted gets 409 chunk_conflict (the same body again is a duplicate). {sessionId, seq, text}.
     */
    this.conflicts = [];
    /** The first body accepted for each "sessionId/seq". */
    this.accepted = new Map();
    /** 'ok' | 'fail' (status below) | 'drop' (connection destroyed) */
    this.mode = 'ok';
    this.failStatus = 503;
    /** The error code a failing answer carries (429 `quota_exceeded` stops the recorder). */
    this.failCode = 'failing';
    this.retryAfterSeconds = null;
    /** What POST /v1/ingest answers with a 202; {recording:false} samples the session out. */
    this.answer = { accepted: true };
    /** Sessions deleted on the server: their chunks are answered 410 session_deleted. */
    this.deletedSessions = new Set();
    this.config = { recording: true, maskAllText: false, consentRequired: false, sampleRate: 1 };
    this.configDelayMs = 0;
    this.configStatus = 200;
    /** While set, /sdk/rewind.js is held until the promise resolves. */
    this.sdkGate = null;
    /** The batch interval the test pages give the recorder (ms); null: its own 30 s (startServers). */
    this.flushMs = null;
    /** Every body of POST /v1/assets (the asset offers, docs/ASSETS.md); they are answered with no uploads. */
    this.assetOffers = [];
  }

  ingestAttempts() {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/ingest');
  }

  sessionIds() {
    return [...new Set(this.chunks.map((c) => c.sessionId))];
  }

  /** Chunks of one session (or all), deduplicated by (sessionId, seq) as the server does, in seq order. */
  chunksOf(sessionId) {
    const seen = new Map();
    for (const c of this.chunks) {
      if (sessionId && c.sessionId !== sessionId) continue;
      seen.set(c.sessionId + '/' + c.seq, c);
    }
    return [...seen.values()].sort((a, b) => (a.sessionId === b.sessionId ? a.seq - b.seq : a.sessionId < b.sessionId ? -1 : 1));
  }

  events(sessionId) {
    return this.chunksOf(sessionId).flatMap((c) => c.events);
  }

  customEvents(tag, sessionId) {
    return this.events(sessionId).filter((e) => e.type === 5 && e.data.tag === tag);
  }

  /**
   * The visit has ended and everything of it is here: the pagehide marker, and every session's
   * seq runs from 0 without a gap (page-hide chunks may arrive out of order).
   */
  visitComplete() {
    if (this.customEvents('pagehide').length === 0) return false;
    return this.sessionIds().every((id) => this.chunksOf(id).every((c, i) => c.seq === i));
  }

  /** Polls until predicate() is truthy; fails with the message after the deadline. */
  async waitFor(predicate, message, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting for: ' + message);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async handle(req, res, url) {
    const origin = req.headers.origin;
    const cors = {
      'Access-Control-Allow-Origin': origin || '*',
      'Access-Control-Expose-Headers': 'Retry-After',
      Vary: 'Origin',
    };
    const log = { method: req.method, path: url.pathname, origin, status: 0 };
    this.requests.push(log);
    const reply = (status, body, headers = {}) => {
      log.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json', ...cors, ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };

    if (req.method === 'OPTIONS') {
      return reply(204, undefined, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
    }
    if (url.pathname === '/sdk/rewind.js') {
      if (this.sdkGate) await this.sdkGate;
      log.status = 200;
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      return res.end(readFileSync(join(root, 'dist/rewind.js')));
    }
    if (url.pathname === '/sdk/rewind-assets.js' || url.pathname === '/sdk/rewind-canvas.js') {
      log.status = 200;
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
      return res.end(readFileSync(join(root, 'dist', url.pathname.slice('/sdk/'.length))));
    }
    if (url.pathname === '/v1/assets' && req.method === 'POST') {
      this.assetOffers.push({ body: JSON.parse((await readBody(req)).toString('utf8')), cookie: req.headers.cookie });
      return reply(200, { uploads: [] });
    }
    if (url.pathname === '/v1/ingest/config' && req.method === 'GET') {
      if (this.configDelayMs) await new Promise((r) => setTimeout(r, this.configDelayMs));
      if (this.mode === 'drop') return req.socket.destroy();
      if (this.configStatus !== 200) return reply(this.configStatus, { error: { code: 'failing', message: 'told to fail' } });
      // as the real endpoint answers (IngestHandler.CONFIG_MAX_AGE_SECONDS): the session's later pages
      // are answered from the browser's cache
      return reply(200, this.config, { 'Cache-Control': 'private, max-age=300' });
    }
    if (url.pathname === '/v1/ingest' && req.method === 'POST') {
      const raw = await readBody(req);
      const gzip = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
      let text;
      let body;
      try {
        text = (gzip ? gunzipSync(raw) : raw).toString('utf8');
        body = JSON.parse(text);
        log.sessionId = body.sessionId;
        log.seq = body.seq;
      } catch {
        return reply(400, { error: { code: 'invalid_json', message: 'bad body' } });
      }
      log.bytes = raw.length;
      if (this.mode === 'drop') {
        log.status = -1;
        return req.socket.destroy();
      }
      if (url.searchParams.get('key') !== INGEST_KEY) return reply(401, { error: { code: 'unknown_key', message: 'unknown key' } });
      if (this.deletedSessions.has(body.sessionId)) {
        return reply(410, { error: { code: 'session_deleted', message: 'this session was deleted' } });
      }
      if (this.mode === 'fail') {
        const headers = this.retryAfterSeconds === null ? {} : { 'Retry-After': String(this.retryAfterSeconds) };
        return reply(this.failStatus, { error: { code: this.failCode, message: 'told to fail' } }, headers);
      }
      const key = body.sessionId + '/' + body.seq;
      if (this.accepted.has(key) && this.accepted.get(key) !== text) {
        this.conflicts.push({ sessionId: body.sessionId, seq: body.seq, text });
        return reply(409, { error: { code: 'chunk_conflict', message: 'this seq holds a different chunk' } });
      }
      const duplicate = this.accepted.has(key);
      this.accepted.set(key, text);
      this.chunks.push({
        sessionId: body.sessionId,
        seq: body.seq,
        events: body.events,
        meta: body.meta,
        raw,
        text,
        gzip,
        contentType: req.headers['content-type'],
        cookie: req.headers.cookie,
        origin,
        receivedAt: Date.now(),
      });
      return reply(202, duplicate ? { ...this.answer, duplicate: true } : this.answer);
    }
    return reply(404, { error: { code: 'not_found', message: url.pathname } });
  }
}

/** Starts the site and the endpoint on two ports of 127.0.0.1 (two origins). */
export async function startServers({ pagesDir = join(root, 'test/pages'), flushMs = 1_000 } = {}) {
  const ingest = new IngestPeer();
  // The recorder batches for 30 s; tests shorten that (null: the real interval, as the benchmark and
  // the batching test need) so that no test waits 30 s of real time.
  ingest.flushMs = flushMs;
  const endpointServer = createServer((req, res) => {
    ingest.handle(req, res, new URL(req.url, 'http://x')).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  const endpointPort = await listen(endpointServer);
  const endpoint = `http://127.0.0.1:${endpointPort}`;
  const snippet = readFileSync(join(root, 'snippet.template.html'), 'utf8')
    .replaceAll('{{SDK_URL}}', `${endpoint}/sdk/rewind.js`)
    .replaceAll('{{INGEST_KEY}}', INGEST_KEY)
    .replaceAll('{{ENDPOINT}}', endpoint);

  const plainRrweb = `<script src="/bench/dist/plain-rrweb.js" data-endpoint="${endpoint}" data-key="${INGEST_KEY}"></script>`;

  const siteServer = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const name = url.pathname.replace(/^\/+/, '').replace(/\.html$/, '') || 'basic';
    if (url.pathname.startsWith('/img/')) {
      // The site's images, for asset capture: a 1×1 GIF whose bytes name its path.
      const gif = Buffer.concat([
        Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'),
        Buffer.from(url.pathname),
      ]);
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'max-age=60' });
      return res.end(gif);
    }
    if (url.pathname.startsWith('/fonts/')) {
      // The site's web fonts, for asset capture: bytes that name their path (no browser needs to draw them).
      res.writeHead(200, { 'Content-Type': 'font/woff2', 'Cache-Control': 'max-age=60' });
      return res.end(Buffer.from('wOF2' + url.pathname));
    }
    if (url.pathname.startsWith('/api/')) {
      // The site's own API, for network capture.
      res.writeHead(url.pathname === '/api/missing' ? 404 : 200, { 'Content-Type': 'application/json' });
      return res.end('{"ok":true}');
    }
    if (url.pathname.startsWith('/node_modules/') || url.pathname.startsWith('/dist/') || url.pathname.startsWith('/bench/dist/')) {
      // The npm package and its dependency, for the ESM test; plain rrweb, for ?plain.
      try {
        const file = readFileSync(join(root, url.pathname));
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(file);
      } catch {
        res.writeHead(404);
        return res.end();
      }
    }
    if (!/^[a-z0-9-]+$/.test(name)) {
      res.writeHead(404);
      return res.end();
    }
    let html;
    try {
      html = readFileSync(join(pagesDir, name + '.html'), 'utf8');
    } catch {
      res.writeHead(404);
      return res.end('no such page');
    }
    const hook = ingest.flushMs ? `<script>window.__rewindFlushMs = ${ingest.flushMs};</script>\n` : '';
    html = html
      .replace('<head>', '<head>\n' + hook)
      // ?bare serves the page without the recorder, ?plain with plain rrweb instead (bench/plain-rrweb.mjs):
      // the benchmark's baselines (bench/bench.mjs)
      .replaceAll('{{SNIPPET}}', url.searchParams.has('bare') ? '' : url.searchParams.has('plain') ? plainRrweb : snippet)
      .replaceAll('{{SDK_URL}}', `${endpoint}/sdk/rewind.js`)
      .replaceAll('{{INGEST_KEY}}', INGEST_KEY)
      .replaceAll('{{ENDPOINT}}', endpoint);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  const sitePort = await listen(siteServer);
  const site = `http://127.0.0.1:${sitePort}`;

  return {
    ingest,
    endpoint,
    site,
    close: async () => {
      endpointServer.closeAllConnections();
      siteServer.closeAllConnections();
      await Promise.all([new Promise((r) => endpointServer.close(r)), new Promise((r) => siteServer.close(r))]);
    },
  };
}
