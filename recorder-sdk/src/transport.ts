import {
  HIDE_CHUNK_BYTES,
  KEEPALIVE_BUDGET_BYTES,
  MAX_QUEUE_BYTES,
  MAX_SAVED_OUTBOX_BYTES,
  OUTBOX_KEY,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
} from './constants';
import { readItem, writeItem } from './storage';

/** One POST /v1/ingest body: its events as JSON strings until it is compressed, gzip bytes after. */
export interface Chunk {
  sessionId: string;
  seq: number;
  eventCount: number;
  events: string[] | null;
  /** The chunk's `meta` object, as JSON. */
  meta: string;
  gzip: Uint8Array<ArrayBuffer> | null;
  inFlight?: boolean;
  /** Handed to a keepalive request on page hide: it outlives the page, so it is not sent again. */
  keepalive?: boolean;
}

export interface TransportEvents {
  /** 401/403: the key is unknown, rotated or the origin is not allowed. */
  onRejected(): void;
  /** 429 quota_exceeded: the tenant's sessions of this month are used up; nothing of this page will be taken. */
  onQuotaExceeded(): void;
  /** The server answered `recording: false` for this session. */
  onSampledOut(sessionId: string): void;
  /** 410: the session was deleted on the server; none of its chunks will be taken again. */
  onSessionDeleted(sessionId: string): void;
  onDropped(eventCount: number): void;
  /** The first delivery after chunks were dropped. */
  onRecovered(): void;
  /** 409 chunk_conflict: the chunk's seq holds another chunk (another tab writes its session). */
  onConflict(sessionId: string, eventCount: number): void;
  /** A new seq for the session, or -1 when it is no longer the current one. */
  nextSeq(sessionId: string): number;
}

/** Saved form of a chunk in sessionStorage: gzip travels as base64. */
interface SavedChunk {
  s: string;
  q: number;
  n: number;
  /** Raw chunks: the events, joined, and the meta. */
  e?: string;
  m?: string;
  g?: string;
}

export const canCompress = typeof CompressionStream === 'function';

/**
 * The bytes are written straight into the CompressionStream: a Blob would copy them to the browser's blob
 * store and stream them back, the largest item of the recorder's own JavaScript time on a heavy page
 * (docs/PERFORMANCE.md, "2026-12-04: the streaming floor and the heavy page's main thread").
 */
export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  writer.write(new TextEncoder().encode(text)).catch(() => {});
  writer.close().catch(() => {});
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}

/** A chunk's body before compression: its events first (docs/INGEST.md, "Chunk body"). */
export function chunkJson(chunk: Chunk): string {
  return `{"events":[${chunk.events!.join(',')}],"sessionId":"${chunk.sessionId}","seq":${chunk.seq},"meta":${chunk.meta}}`;
}

/** Deflate's length and distance codes (RFC 1951, 3.2.5): each code's [base, extra bits], code 284 the last length. */
const LENGTHS: number[][] = [];
const DISTANCES: number[][] = [];
for (let c = 0, base = 3; c < 28; base += 1 << LENGTHS[c++][1]) LENGTHS.push([base, c < 8 ? 0 : (c >> 2) - 1]);
for (let c = 0, base = 1; c < 30; base += 1 << DISTANCES[c++][1]) DISTANCES.push([base, c < 4 ? 0 : (c >> 1) - 1]);
/** The fixed codes (RFC 1951, 3.2.6) of the 288 literal/length symbols, then of the 30 distances, bits reversed: Huffman codes go most significant bit first. */
const FIXED = Int32Array.from({ length: 318 }, (_, s) => {
  const [value, count] = s >= 288 ? [s - 288, 5] : s < 144 ? [s + 48, 8] : s < 256 ? [s + 256, 9] : s < 280 ? [s - 256, 7] : [s - 88, 8];
  let reversed = 0;
  for (let k = 0; k < count; k++) reversed = (reversed << 1) | ((value >> k) & 1);
  return reversed;
});
/** quickGzip's match search: how many earlier places to try, and a match long enough to stop at. */
const MATCH_TRIES = 16;
const GOOD_MATCH = 32;
const CRC = Int32Array.from({ length: 256 }, (_, n) => {
  for (let k = 0; k < 8; k++) n = (n >>> 1) ^ (0xedb88320 & -(n & 1));
  return n;
});

/**
 * `text` as one gzip member, made at once: on page hide there is no time left for CompressionStream's answer
 * (docs/INGEST.md, "Page hide"). One deflate block with the fixed codes (RFC 1951, 3.2.6); matches found
 * through chains of earlier places with the same 3-byte hash, with lazy matching, as zlib does: on a
 * recording a tenth to 30 % of its JSON, 1.1 to 1.2 times what CompressionStream makes of it
 * (test/quick-gzip.test.mjs), 128 KB in about 6 ms; at most an eighth larger than bytes that do not compress.
 */
export function quickGzip(text: string): Uint8Array<ArrayBuffer> {
  const data = new TextEncoder().encode(text);
  const n = data.length;
  const out = new Uint8Array(n + (n >> 3) + 32);
  out.set([31, 139, 8, 0, 0, 0, 0, 0, 0, 255]);
  let at = 10;
  let bits = 0;
  let width = 0;
  const put = (value: number, count: number) => {
    bits |= value << width;
    for (width += count; width >= 8; width -= 8, bits >>>= 8) out[at++] = bits;
  };
  const symbol = (s: number) => put(FIXED[s], s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
  const hash = (i: number) => ((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & 0x7fff;
  // position + 1 of the last 3 bytes with each hash, and of the one before with the same hash (a chain)
  const last = new Int32Array(1 << 15);
  const before = new Int32Array(1 << 15);
  const insert = (i: number) => {
    if (i + 2 < n) {
      before[i & 0x7fff] = last[hash(i)];
      last[hash(i)] = i + 1;
    }
  };
  let found = 0;
  let foundDistance = 0;
  /** The longest match for position i among the last MATCH_TRIES with its hash, in `found` (0: none). */
  const find = (i: number) => {
    found = 0;
    if (i + 2 >= n) return;
    for (let from = last[hash(i)] - 1, tries = MATCH_TRIES; from >= 0 && i - from <= 32768 && tries--; from = before[from & 0x7fff] - 1) {
      let length = 0;
      while (length < 257 && i + length < n && data[from + length] === data[i + length]) length++;
      if (length > found) {
        found = length;
        foundDistance = i - from;
        if (length >= GOOD_MATCH) return;
      }
    }
  };
  put(3, 3); // the final block, fixed codes
  for (let i = 0; i < n;) {
    find(i);
    insert(i);
    let length = found;
    let distance = foundDistance;
    // lazy matching: a longer match one byte later wins over this one
    if (length >= 3 && length < GOOD_MATCH) {
      find(i + 1);
      if (found > length) {
        symbol(data[i++]);
        insert(i);
        length = found;
        distance = foundDistance;
      }
    }
    if (length < 3) {
      symbol(data[i++]);
      continue;
    }
    let c = 27;
    while (LENGTHS[c][0] > length) c--;
    symbol(257 + c);
    put(length - LENGTHS[c][0], LENGTHS[c][1]);
    c = 29;
    while (DISTANCES[c][0] > distance) c--;
    put(FIXED[c + 288], 5);
    put(distance - DISTANCES[c][0], DISTANCES[c][1]);
    for (const end = i + length; ++i < end;) insert(i);
  }
  symbol(256);
  if (width) out[at++] = bits;
  let crc = -1;
  for (const byte of data) crc = CRC[(crc ^ byte) & 255] ^ (crc >>> 8);
  // trailer: CRC-32 and the length, little-endian
  const view = new DataView(out.buffer);
  view.setInt32(at, ~crc, true);
  view.setUint32(at + 4, n, true);
  return out.slice(0, at + 8);
}

function sizeOf(chunk: Chunk): number {
  if (chunk.gzip) return chunk.gzip.length;
  let bytes = chunk.meta.length + 64;
  for (const e of chunk.events!) bytes += e.length + 1;
  return bytes;
}

/** Groups event strings into runs of at most maxBytes (a single larger event stays alone). */
export function splitEvents(events: string[], maxBytes: number): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  let bytes = 0;
  for (const e of events) {
    if (run.length && bytes + e.length > maxBytes) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(e);
    bytes += e.length;
  }
  if (run.length) runs.push(run);
  return runs;
}

/** The `error.code` of an error answer, or '' when its body is not the API's error shape. */
async function errorCode(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: unknown } } | null;
  return body && body.error && typeof body.error.code === 'string' ? body.error.code : '';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/**
 * Delivers chunks in order, one request at a time: a bounded outbox that drops its oldest chunks
 * when the endpoint stays away, retries with exponential backoff and jitter, and on page hide hands
 * what fits to keepalive requests and leaves the rest in sessionStorage for the tab's next page.
 */
export class Transport {
  private outbox: Chunk[] = [];
  private queuedBytes = 0;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | 0 = 0;
  private sending = false;
  private stopped = false;
  private droppedSinceDelivery = false;
  private keepaliveBytes = 0;

  constructor(
    private readonly url: string,
    private readonly send: typeof fetch,
    private readonly events: TransportEvents,
  ) {
    this.restoreSaved();
    addEventListener('online', () => this.retryNow());
  }

  enqueue(chunk: Chunk): void {
    if (this.stopped) return;
    this.outbox.push(chunk);
    this.queuedBytes += sizeOf(chunk);
    this.dropOldestOverBound();
    this.compress(chunk);
  }

  private compress(chunk: Chunk): void {
    if (canCompress && chunk.events) {
      const events = chunk.events;
      gzip(chunkJson(chunk)).then(
        (bytes) => {
          // Split or compressed on page hide meanwhile, or already gone: the result is stale.
          if (chunk.events !== events || !this.outbox.includes(chunk)) return;
          this.queuedBytes += bytes.length - sizeOf(chunk);
          chunk.gzip = bytes;
          chunk.events = null;
          this.pump();
        },
        () => {
          (chunk as { gzipFailed?: boolean }).gzipFailed = true;
          this.pump();
        },
      );
    } else {
      this.pump();
    }
  }

  /**
   * Drops every queued chunk of one session (it was sampled out, or the visitor opted out, or another
   * tab writes it) and returns how many events they held.
   */
  forget(sessionId?: string): number {
    let events = 0;
    for (const chunk of this.outbox.slice()) {
      if (sessionId === undefined || chunk.sessionId === sessionId) {
        this.remove(chunk);
        events += chunk.eventCount;
      }
    }
    if (sessionId === undefined) writeItem('sessionStorage', OUTBOX_KEY, null);
    return events;
  }

  /**
   * Called on pagehide and when the page becomes hidden: the page may never run code again, so
   * everything is sent now with keepalive, within Chrome's 64 KB budget for such requests. On
   * pagehide every chunk not yet acknowledged is also saved for the tab's next page, including
   * those just handed to keepalive: this page will never learn whether they arrived, and the
   * server stores a (sessionId, seq) once.
   */
  flushOnHide(unloading: boolean): void {
    if (this.stopped) return;
    // What is still uncompressed (the pending events cut just now, a chunk whose compression has not
    // answered) is compressed at once, newest first, while it fits the keepalive budget.
    let room = KEEPALIVE_BUDGET_BYTES - this.keepaliveBytes;
    for (let i = this.outbox.length - 1; i >= 0 && room > 0; i--) {
      const chunk = this.outbox[i];
      if (chunk.keepalive) continue;
      if (chunk.events && !chunk.inFlight) {
        const body = quickGzip(chunkJson(chunk));
        if (body.length > room) continue;
        this.queuedBytes += body.length - sizeOf(chunk);
        chunk.gzip = body;
        chunk.events = null;
      }
      room -= sizeOf(chunk);
    }
    this.splitUncompressed();
    // Newest first: the end of the visit (the last click, the pagehide marker) is what would
    // otherwise be lost; the server accepts chunks out of order.
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const chunk = this.outbox[i];
      const size = sizeOf(chunk);
      if (!chunk.keepalive && this.failures === 0 && this.keepaliveBytes + size <= KEEPALIVE_BUDGET_BYTES) {
        chunk.keepalive = true;
        this.keepaliveBytes += size;
        void this.deliver(chunk, true).then(() => (this.keepaliveBytes -= size));
      }
    }
    if (unloading) this.save(this.outbox);
  }

  /**
   * A chunk cut moments ago may still be compressing, too large to leave uncompressed within the
   * keepalive budget: it becomes several small chunks (the extra ones with new seqs).
   */
  private splitUncompressed(): void {
    for (let i = 0; i < this.outbox.length; i++) {
      const chunk = this.outbox[i];
      if (!chunk.events || chunk.keepalive || sizeOf(chunk) <= HIDE_CHUNK_BYTES) continue;
      const runs = splitEvents(chunk.events, HIDE_CHUNK_BYTES);
      if (runs.length < 2) continue;
      const firstSeq = this.events.nextSeq(chunk.sessionId);
      if (firstSeq < 0) continue; // an earlier session's chunk: it goes whole or is saved
      this.queuedBytes -= sizeOf(chunk);
      chunk.events = runs[0];
      chunk.eventCount = runs[0].length;
      this.queuedBytes += sizeOf(chunk);
      for (let r = 1; r < runs.length; r++) {
        const piece: Chunk = {
          sessionId: chunk.sessionId,
          seq: r === 1 ? firstSeq : this.events.nextSeq(chunk.sessionId),
          eventCount: runs[r].length,
          events: runs[r],
          meta: chunk.meta,
          gzip: null,
        };
        this.queuedBytes += sizeOf(piece);
        this.outbox.splice(i + r, 0, piece);
      }
      i += runs.length - 1;
    }
  }

  /** The page came back from the back/forward cache: the outbox is still in memory. */
  resumed(): void {
    writeItem('sessionStorage', OUTBOX_KEY, null);
  }

  private pump(): void {
    if (this.stopped || this.sending || this.retryTimer) return;
    const chunk = this.outbox.find((c) => !c.keepalive);
    if (!chunk) return;
    // Wait for compression: it finishes within milliseconds and calls pump again.
    if (canCompress && chunk.events && !(chunk as { gzipFailed?: boolean }).gzipFailed) return;
    this.sending = true;
    void this.deliver(chunk, false).then(() => {
      this.sending = false;
      this.pump();
    });
  }

  private async deliver(chunk: Chunk, keepalive: boolean): Promise<void> {
    chunk.inFlight = true;
    try {
      const response = await this.send(this.url, {
        method: 'POST',
        body: chunk.gzip || chunkJson(chunk),
        // Both content types are CORS-safelisted (no preflight, which keepalive cannot do), and
        // API Gateway base64-encodes the form type, so gzip bytes arrive intact.
        headers: { 'Content-Type': chunk.gzip ? 'application/x-www-form-urlencoded' : 'text/plain;charset=UTF-8' },
        credentials: 'omit',
        keepalive,
      });
      const status = response.status;
      if (status === 401 || status === 403) {
        this.stop();
        this.events.onRejected();
      } else if (status === 429 && (await errorCode(response)) === 'quota_exceeded') {
        // Not a moment's load: no retry can succeed before the month ends (its Retry-After).
        this.stop();
        this.events.onQuotaExceeded();
      } else if (status === 429 || status >= 500) {
        this.failed(chunk, parseFloat(response.headers.get('Retry-After') || '') * 1000 || 0);
      } else if (status === 410) {
        // `session_deleted`: an admin deleted it (or erased its user); its queued chunks would all get 410.
        this.forget(chunk.sessionId);
        this.events.onSessionDeleted(chunk.sessionId);
      } else if (status === 409) {
        this.remove(chunk);
        this.events.onConflict(chunk.sessionId, chunk.eventCount);
      } else {
        // 2xx is delivered; any other 4xx means this chunk can never be accepted: retrying cannot help.
        this.remove(chunk);
        if (response.ok) this.delivered(chunk, await response.json().catch(() => null));
      }
    } catch {
      this.failed(chunk, 0);
    }
    chunk.inFlight = false;
  }

  private delivered(chunk: Chunk, answer: { recording?: boolean } | null): void {
    this.failures = 0;
    if (this.droppedSinceDelivery) {
      this.droppedSinceDelivery = false;
      this.events.onRecovered();
    }
    if (answer && answer.recording === false) {
      this.forget(chunk.sessionId);
      this.events.onSampledOut(chunk.sessionId);
    }
  }

  private failed(chunk: Chunk, retryAfterMs: number): void {
    chunk.keepalive = false;
    if (this.retryTimer) return;
    this.failures++;
    const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failures - 1));
    // Equal jitter: a crowd of recorders that failed together does not come back together.
    const delay = Math.max(retryAfterMs, backoff / 2 + (Math.random() * backoff) / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = 0;
      this.pump();
    }, delay);
  }

  private retryNow(): void {
    if (!this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    this.pump();
  }

  private remove(chunk: Chunk): void {
    const i = this.outbox.indexOf(chunk);
    if (i < 0) return;
    this.outbox.splice(i, 1);
    this.queuedBytes -= sizeOf(chunk);
  }

  private dropOldestOverBound(): void {
    let dropped = 0;
    while (this.queuedBytes > MAX_QUEUE_BYTES) {
      // The newest chunk always stays: it may hold the full snapshot the replay restarts from.
      const oldest = this.outbox.find((c, i) => !c.inFlight && i < this.outbox.length - 1);
      if (!oldest) break;
      this.remove(oldest);
      dropped += oldest.eventCount;
    }
    if (dropped) {
      this.droppedSinceDelivery = true;
      this.events.onDropped(dropped);
    }
  }

  private stop(): void {
    this.stopped = true;
    this.outbox = [];
    this.queuedBytes = 0;
    writeItem('sessionStorage', OUTBOX_KEY, null);
  }

  private save(chunks: Chunk[]): void {
    const saved: SavedChunk[] = [];
    let bytes = 0;
    // Newest first: when they do not all fit, the end of the visit is what matters most.
    for (let i = chunks.length - 1; i >= 0; i--) {
      const c = chunks[i];
      const entry: SavedChunk = { s: c.sessionId, q: c.seq, n: c.eventCount };
      if (c.gzip) entry.g = toBase64(c.gzip);
      else {
        entry.e = c.events!.join(',');
        entry.m = c.meta;
      }
      bytes += (entry.g || entry.e!).length;
      if (bytes > MAX_SAVED_OUTBOX_BYTES) break;
      saved.unshift(entry);
    }
    writeItem('sessionStorage', OUTBOX_KEY, saved.length ? JSON.stringify(saved) : null);
  }

  private restoreSaved(): void {
    let saved: SavedChunk[] = [];
    try {
      saved = JSON.parse(readItem('sessionStorage', OUTBOX_KEY) || '[]');
    } catch {
      // A damaged entry is dropped rather than retried forever.
    }
    writeItem('sessionStorage', OUTBOX_KEY, null);
    for (const c of saved) {
      this.enqueue({
        sessionId: c.s,
        seq: c.q,
        eventCount: c.n,
        // Already joined: one string that join(',') gives back as is.
        events: c.e === undefined ? null : [c.e],
        meta: c.m || '{}',
        gzip: c.g === undefined ? null : Uint8Array.from(atob(c.g), (ch) => ch.charCodeAt(0)),
      });
    }
  }
}
