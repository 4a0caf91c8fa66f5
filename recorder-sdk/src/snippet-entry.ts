// The bundle behind the snippet: installs window.rewind and replays the calls the snippet queued
// while this file was loading (snippet.template.html).
import * as api from './index';

type QueuedCall = [keyof typeof api, unknown[]];
type Stub = { q?: QueuedCall[]; version?: string };

const w = window as unknown as { rewind?: Stub };
const stub = w.rewind;
// A second copy of the bundle on the same page must not record twice.
if (!stub || !stub.version) {
  w.rewind = { ...api };
  for (const [method, args] of (stub && stub.q) || []) {
    try {
      (api[method] as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      console.warn('rewind:', e);
    }
  }
}
