/**
 * Rewind recorder: the public API, the same in the npm package and in the snippet's `window.rewind`.
 *
 * ```ts
 * import { init, identify, track } from '@rewind/recorder';
 * init({ key: 'pk_...', endpoint: 'https://rewind.example.com' });
 * identify('user-42', { plan: 'pro' });
 * track('checkout', { items: 3 });
 * ```
 *
 * Everything else in this package is internal.
 */
import * as recorder from './recorder';
import { SDK_VERSION } from './constants';

export interface InitOptions {
  /** The tenant's ingest key (`pk_...`): it may be public, it can only send recordings. */
  key: string;
  /** Where the Rewind API lives, e.g. `https://rewind.example.com` (no trailing `/v1`). */
  endpoint: string;
  /** Where the console lives, for getReplayUrl(); defaults to `endpoint`. */
  consoleUrl?: string;
  /** Mask every text on the page (letters and digits become `*`), not only `[data-rewind-mask]`. */
  maskAllText?: boolean;
  /** Consent mode: record nothing until grantConsent() is called (once per browser). */
  consent?: boolean;
  /** Fraction of sessions to record, 0..1; the tenant's own rate applies as well. Default 1. */
  sampleRate?: number;
  /**
   * Stores the images, fonts and stylesheets the page uses, so replays look right after the site's own
   * copies are gone (docs/ASSETS.md). On by default; `false` turns it off, `{images: false}` keeps fonts
   * and stylesheets only.
   */
  captureAssets?: boolean | { images?: boolean };
  /**
   * `false` keeps `<canvas>` content out of the recording even when the tenant's recordCanvas setting
   * turns canvas recording on (docs/ASSETS.md, "Canvas"); the page cannot turn it on by itself.
   */
  recordCanvas?: boolean;
}

export const version = SDK_VERSION;

/** Starts recording this tab's session. Calls after the first are ignored until stop(). */
export function init(options: InitOptions): void {
  if (!options || !options.key || !options.endpoint) {
    throw new Error('rewind.init needs {key, endpoint}');
  }
  if (started) return;
  started = true;
  recorder.start(options).catch((e) => console.warn('rewind:', e));
}
let started = false;

/** Names the visitor: sessions become searchable by userId. Traits are recorded with the event. */
export function identify(userId: string, traits?: Record<string, unknown>): void {
  recorder.identify(String(userId), traits);
}

/** Records a named event of the site's own (`track` custom event). */
export function track(name: string, data?: unknown): void {
  recorder.addCustomEvent('track', { name, data });
}

/** Stops recording on this page; what was recorded is still delivered. init() starts again. */
export function stop(): void {
  started = false;
  recorder.stop();
}

/** The visitor refuses recording: stops now, discards what is not sent, and is remembered. */
export function optOut(): void {
  recorder.optOut();
}

/** Undoes optOut(); recording starts again if init() was called. */
export function optIn(): void {
  recorder.optIn();
}

/** In consent mode, the visitor agreed: recording starts now and on later visits. */
export function grantConsent(): void {
  recorder.grantConsent();
}

/** `${consoleUrl}/sessions/${sessionId}` for the session being recorded, or null when not recording. */
export function getReplayUrl(): string | null {
  return recorder.replayUrl();
}
