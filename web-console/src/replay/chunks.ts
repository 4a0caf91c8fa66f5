// Streams a session's chunks from their presigned S3 URLs: a few fetches at a time, delivered in seq
// order as soon as each one and those before it are in. The player starts on the first chunk, so
// the time to first frame does not depend on how many chunks follow (docs/ARCHITECTURE.md, "Budgets").
import { CHUNK_CONCURRENCY, CHUNK_CONCURRENCY_BEFORE_FIRST_FRAME, CHUNK_RETRIES } from '../constants';
import type { ChunkRef, RecordedEvent } from '../types';

export interface ChunkStreamHandlers {
  /** Chunks in seq order; `loaded` counts those delivered so far, this one included. */
  onChunk: (events: RecordedEvent[], loaded: number, total: number) => void;
  onDone: () => void;
  onError: (error: Error) => void;
  /** Fresh URLs for the same chunks (presigned URLs expire within minutes). */
  renew: () => Promise<ChunkRef[]>;
}

export class ChunkStream {
  private chunks: ChunkRef[];
  private readonly handlers: ChunkStreamHandlers;
  private readonly controller = new AbortController();
  private readonly arrived = new Map<number, RecordedEvent[]>();
  private concurrency = CHUNK_CONCURRENCY_BEFORE_FIRST_FRAME;
  private nextToFetch = 0;
  private nextToDeliver = 0;
  private active = 0;
  private renewal: Promise<void> | null = null;
  private failed = false;

  constructor(chunks: ChunkRef[], handlers: ChunkStreamHandlers) {
    this.chunks = [...chunks].sort((a, b) => a.seq - b.seq);
    this.handlers = handlers;
  }

  get total(): number {
    return this.chunks.length;
  }

  get loaded(): number {
    return this.nextToDeliver;
  }

  get done(): boolean {
    return this.nextToDeliver >= this.chunks.length;
  }

  start(): void {
    if (this.chunks.length === 0) {
      this.handlers.onDone();
      return;
    }
    this.pump();
  }

  /** Once the first frame is on screen, the rest may load faster. */
  speedUp(): void {
    this.concurrency = CHUNK_CONCURRENCY;
    this.pump();
  }

  stop(): void {
    this.controller.abort();
  }

  private pump(): void {
    while (!this.failed && !this.controller.signal.aborted && this.active < this.concurrency && this.nextToFetch < this.chunks.length) {
      const index = this.nextToFetch++;
      this.active++;
      this.fetchChunk(index, 0).then(
        (events) => {
          this.active--;
          this.arrived.set(index, events);
          this.deliver();
          this.pump();
        },
        (error: Error) => {
          this.active--;
          if (this.controller.signal.aborted || this.failed) return;
          this.failed = true;
          this.handlers.onError(error);
        },
      );
    }
  }

  private deliver(): void {
    while (this.arrived.has(this.nextToDeliver)) {
      const events = this.arrived.get(this.nextToDeliver)!;
      this.arrived.delete(this.nextToDeliver);
      this.nextToDeliver++;
      if (this.controller.signal.aborted) return;
      try {
        this.handlers.onChunk(events, this.nextToDeliver, this.chunks.length);
      } catch (e) {
        this.failed = true;
        this.handlers.onError(e as Error);
        return;
      }
    }
    if (this.done && !this.controller.signal.aborted) this.handlers.onDone();
  }

  private async fetchChunk(index: number, attempt: number): Promise<RecordedEvent[]> {
    try {
      // The object is stored gzip with Content-Encoding: gzip, so the browser inflates it.
      const response = await fetch(this.chunks[index].url, { signal: this.controller.signal, credentials: 'omit' });
      if (!response.ok) throw new ChunkError(this.chunks[index].seq, `chunk ${this.chunks[index].seq} answered ${response.status}`);
      const envelope = await response.json();
      if (!envelope || !Array.isArray(envelope.events))
        throw new ChunkError(this.chunks[index].seq, `chunk ${this.chunks[index].seq} has no events`);
      return envelope.events as RecordedEvent[];
    } catch (e) {
      if (this.controller.signal.aborted || attempt >= CHUNK_RETRIES) throw e;
      await this.renewUrls();
      return this.fetchChunk(index, attempt + 1);
    }
  }

  /** One renewal shared by every fetch that failed meanwhile. */
  private renewUrls(): Promise<void> {
    if (!this.renewal) {
      this.renewal = this.handlers
        .renew()
        .then((fresh) => {
          const bySeq = new Map(fresh.map((c) => [c.seq, c.url]));
          this.chunks = this.chunks.map((c) => ({ seq: c.seq, url: bySeq.get(c.seq) ?? c.url }));
        })
        .finally(() => (this.renewal = null));
    }
    return this.renewal;
  }
}

class ChunkError extends Error {
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(message);
  }
}
