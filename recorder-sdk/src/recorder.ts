// The recorder: decides whether this visit is recorded, runs rrweb, keeps the session, cuts the
// event stream into chunks and hands them to the transport. The public face is index.ts.
import { record } from '@rrweb/record';
import type { AssetContext } from './assets';
import {
  ACTIVITY_PERSIST_MS,
  ASSET_ATTRIBUTES,
  ASSETS_SCRIPT,
  CANVAS_FPS,
  CANVAS_QUALITY,
  CANVAS_SCRIPT,
  CHECKOUT_EVERY_MS,
  CONFIG_TIMEOUT_MS,
  CONSENT_KEY,
  CONSOLE_LEVELS_DEFAULT,
  EVENT_CUSTOM,
  EVENT_FULL_SNAPSHOT,
  EVENT_INCREMENTAL,
  FLUSH_INTERVAL_MS,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_EVENTS,
  MAX_CHUNKS_PER_SESSION,
  MAX_CONSOLE_MESSAGES_PER_SESSION,
  MAX_USER_ID_LENGTH,
  MOUSE_CLICK,
  MOUSEMOVE_SAMPLE_MS,
  OPT_OUT_KEY,
  SCROLL_SAMPLE_MS,
  SDK_VERSION,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  SNAPSHOT_CUT_BYTES,
  SOURCE_MOUSE_INTERACTION,
  SOURCE_MUTATION,
  STYLE_SOURCE_BITS,
} from './constants';
import { coalescing } from './coalesce';
import { captureConsole, captureErrors, captureNavigation, captureNetwork, clickHint } from './context';
import { privacyOptions } from './privacy';
import {
  createSession,
  heldElsewhere,
  holdSession,
  isSampledIn,
  loadSession,
  newSessionId,
  releaseSession,
  saveSession,
  Session,
} from './session';
import { readItem, writeItem } from './storage';
import { Transport } from './transport';
import { recordedUrl, scrubEvent, scrubUrl, setUrlQueryAllowList } from './urls';
import type { InitOptions } from './index';

interface RecorderEvent {
  type: number;
  timestamp: number;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** GET /v1/ingest/config: the tenant's settings and the sampling decision for this session. */
interface RemoteConfig {
  recording?: boolean;
  maskAllText?: boolean;
  consentRequired?: boolean;
  sampleRate?: number;
  urlQueryAllowList?: string[];
  /** The console levels to capture; [] captures none. Absent (no answer): CONSOLE_LEVELS_DEFAULT. */
  consoleLevels?: string[];
  /** Which assets to store: 'all', 'fonts_and_stylesheets' or 'none'. Absent (no answer): 'all'. */
  captureAssets?: string;
  /** Record canvas content at CANVAS_FPS. Absent (no answer): no. */
  recordCanvas?: boolean;
}

// Kept before anyone (the page, or our own network capture) wraps fetch.
const nativeFetch = typeof fetch === 'function' ? fetch.bind(window) : (undefined as unknown as typeof fetch);
/** This bundle's own URL when the snippet loaded it: the asset capture script sits beside it. */
const ownScript = typeof document === 'object' && document.currentScript ? (document.currentScript as HTMLScriptElement).src : '';

let options: Required<Pick<InitOptions, 'key' | 'endpoint'>> & InitOptions;
let remote: RemoteConfig = {};
let session: Session | null = null;
let transport: Transport | null = null;
let stopRrweb: (() => void) | undefined;
/** stop() or optOut() was called: nothing is recorded until init() or optIn(). */
let stopped = true;
/** Between init() and the config answer, API calls are held so they land in the recording. */
let early: RecorderEvent[] | null = null;
let pending: string[] = [];
let pendingBytes = 0;
let flushTimer: ReturnType<typeof setTimeout> | 0 = 0;
let activityPersistedAt = 0;
let hideMarked = false;
let listening = false;
/** Events the transport dropped since the last chunk; the next chunk carries a `dropped` marker. */
let droppedEvents = 0;
/** Back from the back/forward cache and not yet sure which seqs the tab's later pages took (resumeSession). */
let catchingUp = false;
/** identify() before the session exists (the config call is still out). */
let pendingUserId: string | undefined;
let contextCaptured = false;
let assetCapture: Promise<((context: AssetContext) => Promise<void>) | null> | null = null;
/** The tenant records canvas, the page does not refuse it, and rrweb's canvas worker is loaded. */
let recordCanvas = false;
/** rrweb's events pass through here on their way to onEvent: heavy pages send less (coalesce.ts). */
const mutations = coalescing(onEvent);

export function isOptedOut(): boolean {
  return readItem('localStorage', OPT_OUT_KEY) === '1';
}

function hasConsent(): boolean {
  return !(options.consent || remote.consentRequired) || readItem('localStorage', CONSENT_KEY) === 'granted';
}

function sampleRate(): number {
  return Math.min(remote.sampleRate ?? 1, options.sampleRate ?? 1);
}

function maskAllText(): boolean {
  return !!(options.maskAllText || remote.maskAllText);
}

export async function start(init: InitOptions): Promise<void> {
  options = { ...init, endpoint: init.endpoint.replace(/\/+$/, '') };
  if (isOptedOut() || !nativeFetch) return;
  stopped = false;
  early = [];
  transport ||= new Transport(`${options.endpoint}/v1/ingest?key=${encodeURIComponent(options.key)}`, nativeFetch, {
    onRejected: stop,
    onQuotaExceeded: stop,
    onSampledOut: (id) => {
      if (session && session.id === id) {
        session.recording = false;
        saveSession(session);
        stopRecording();
      }
    },
    // Deleted on the server: what is still pending belongs to it and goes too. The visitor is still
    // here, so recording goes on as a new session, from a full snapshot.
    onSessionDeleted: (id) => {
      if (!session || session.id !== id) return;
      pending = [];
      pendingBytes = 0;
      rollOver(Date.now());
    },
    // Counted here, written into the next chunk: appending now could cut a chunk inside enqueue.
    onDropped: (eventCount) => (droppedEvents += eventCount),
    // The dropped chunks may have held the full snapshot that later chunks build on.
    onRecovered: () => stopRrweb && record.takeFullSnapshot(true),
    onConflict: (sessionId, eventCount) => {
      const lost = eventCount + (transport ? transport.forget(sessionId) : 0);
      if (session && session.id === sessionId) {
        droppedEvents += lost;
        fork();
      }
    },
    nextSeq: (sessionId) => {
      if (!session || session.id !== sessionId) return -1;
      catchUp();
      const seq = session.seq++;
      saveSession(session);
      return seq;
    },
  });
  const now = Date.now();
  const found = loadSession(now);
  // A copy of a tab that is still recording (window.open, "Duplicate tab") finds that tab's session:
  // it records a session of its own, opened from that one, rather than the same seqs (session.ts).
  const opener = found && heldElsewhere(found) ? found : null;
  const stored = opener ? null : found;
  // Held from now on, while the config call is out: a copy made meanwhile sees it is one.
  if (stored) saveSession(stored);
  const id = stored ? stored.id : newSessionId();
  remote = await fetchConfig(id);
  setUrlQueryAllowList(remote.urlQueryAllowList);
  // rrweb starts its canvas worker when it starts: the worker's source comes first (docs/ASSETS.md, "Canvas")
  if (remote.recordCanvas && options.recordCanvas !== false && !recordCanvas) {
    recordCanvas = (await loadBeside(CANVAS_SCRIPT)) && !!(window as { __rewindCanvasWorker?: string }).__rewindCanvasWorker;
  }
  if (stopped) return;
  // The server has the last word on sampling (it answers for this id); a stored session keeps the
  // decision it was born with unless the server now says no.
  session = stored || {
    id,
    startedAt: now,
    lastActivityAt: now,
    seq: 0,
    recording: remote.recording !== false && isSampledIn(id, options.sampleRate ?? 1),
    userId: opener ? opener.userId : undefined,
    openerId: opener ? opener.id : undefined,
  };
  if (remote.recording === false) session.recording = false;
  session.lastActivityAt = now;
  if (pendingUserId) session.userId = pendingUserId;
  saveSession(session);
  listen();
  startRecording();
  early = null;
}

async function fetchConfig(sessionId: string): Promise<RemoteConfig> {
  const url = `${options.endpoint}/v1/ingest/config?key=${encodeURIComponent(options.key)}` + `&sessionId=${sessionId}`;
  try {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = setTimeout(() => controller && controller.abort(), CONFIG_TIMEOUT_MS);
    const response = await nativeFetch(url, { credentials: 'omit', signal: controller ? controller.signal : undefined });
    clearTimeout(timer);
    if (response.status === 403) {
      // said once in the page's console, so a site that is not allowed does not fail silently
      console.warn(
        `rewind: not recording: this page's origin (${location.origin}) is not among the allowed origins in your Rewind settings`,
      );
      return { recording: false };
    }
    if (response.status === 401) {
      console.warn('rewind: not recording: the ingest key is unknown or was rotated');
      return { recording: false };
    }
    if (response.ok) return (await response.json()) || {};
  } catch {
    // Unreachable or too slow: record with safe defaults (inputs are masked whatever the config says).
  }
  return {};
}

function startRecording(): void {
  if (stopped || stopRrweb || !session || !session.recording || !hasConsent()) return;
  captureContext();
  const held = early || [];
  early = null;
  stopRrweb = record({
    emit: mutations.emit,
    checkoutEveryNms: CHECKOUT_EVERY_MS,
    ...privacyOptions(maskAllText()),
    slimDOMOptions: true,
    recordAfter: 'DOMContentLoaded',
    sampling: { mousemove: MOUSEMOVE_SAMPLE_MS, scroll: SCROLL_SAMPLE_MS, canvas: CANVAS_FPS },
    recordCanvas,
    dataURLOptions: { type: 'image/webp', quality: CANVAS_QUALITY },
  });
  for (const event of held) onEvent(event);
}

function stopRecording(): void {
  if (stopRrweb) stopRrweb();
  stopRrweb = undefined;
}

/** Every event, rrweb's and ours, comes through here. */
function onEvent(event: RecorderEvent): void {
  mutations.flush();
  if (!session || !session.recording) return;
  const now = event.timestamp;
  // Idle: nothing the visitor does is happening; the next activity starts a new session.
  if (now - session.lastActivityAt > SESSION_IDLE_MS) return;
  scrubEvent(event);
  append(event);
  const data = event.data;
  if (event.type === EVENT_INCREMENTAL && data.source === SOURCE_MOUSE_INTERACTION && data.type === MOUSE_CLICK) {
    const node = record.mirror.getNode(data.id);
    if (node && node.nodeType === 1) {
      append({
        type: EVENT_CUSTOM,
        timestamp: event.timestamp,
        data: { tag: 'click', payload: clickHint(node as Element, data.id, data.x, data.y, maskAllText()) },
      });
    }
  }
  // A small snapshot rides in the batch (a page hide sends it at once); a large one leaves now.
  if (event.type === EVENT_FULL_SNAPSHOT && pendingBytes > SNAPSHOT_CUT_BYTES) cutChunks();
  if (event.type === EVENT_FULL_SNAPSHOT) captureAssetsLater(session.id);
  else if (
    event.type === EVENT_INCREMENTAL &&
    ((1 << data.source) & STYLE_SOURCE_BITS || (data.source === SOURCE_MUTATION && bringsAssets(data)))
  )
    (window as { __rewindPageChanged?: () => void }).__rewindPageChanged?.();
  if (now - session.startedAt > SESSION_MAX_MS) rollOver(now);
}

/**
 * Whether a mutation rrweb recorded can bring an asset the capture has not seen (docs/ASSETS.md, "Later
 * assets"): an element added, a style element's new text, a src, srcset, style or href changed. The
 * capture learns of the page's changes from these events (and from CSSOM and adopted sheet events), not
 * from an observer of its own, so the page pays for one MutationObserver, rrweb's. Text set anywhere else
 * (a counter, a ticker: most of what a busy page changes) brings none.
 */
function bringsAssets(data: RecorderEvent['data']): boolean {
  for (const add of data.adds) if (add.node.type === 2 || record.mirror.getNode(add.parentId)?.nodeName === 'STYLE') return true;
  for (const change of data.attributes) for (const name of ASSET_ATTRIBUTES) if (name in change.attributes) return true;
  return false;
}

function append(event: RecorderEvent): void {
  let json: string;
  try {
    json = JSON.stringify(event);
  } catch {
    return; // a track() payload with a cycle or a BigInt: the site's call must not throw
  }
  // An event that would take the batch past MAX_CHUNK_BYTES starts the next one (cut after it, the
  // batch would leave as two requests, the second holding that event alone), except a full snapshot:
  // it joins the batch of the Meta event rrweb sends just before it, the two the replay starts from.
  if (pending.length && pendingBytes + json.length > MAX_CHUNK_BYTES && event.type !== EVENT_FULL_SNAPSHOT) cutChunks();
  pending.push(json);
  pendingBytes += json.length;
  if (pendingBytes >= MAX_CHUNK_BYTES || pending.length >= MAX_CHUNK_EVENTS) cutChunks();
  else if (!flushTimer) flushTimer = setTimeout(() => cutChunks(), flushInterval());
}

/** The browser tests shorten the batch (test/server.mjs) rather than wait 30 s of real time. */
function flushInterval(): number {
  return (window as { __rewindFlushMs?: number }).__rewindFlushMs || FLUSH_INTERVAL_MS;
}

export function addCustomEvent(tag: string, payload: unknown): void {
  const event = { type: EVENT_CUSTOM, timestamp: Date.now(), data: { tag, payload } };
  if (stopRrweb) onEvent(event);
  else if (early && early.length < 100) early.push(event);
}

/**
 * After a full snapshot, in idle time: loads the asset capture (dist/rewind-assets.js, beside this
 * bundle) once and lets it store what the page uses (docs/ASSETS.md). Nothing waits for it.
 */
function captureAssetsLater(sessionId: string): void {
  const level = assetCaptureLevel();
  if (!level) return;
  const idle =
    (window as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback || ((f: () => void) => setTimeout(f, 1_000));
  idle(() => {
    assetCapture ||= loadBeside(ASSETS_SCRIPT).then(
      () => (window as { __rewindAssets?: (context: AssetContext) => Promise<void> }).__rewindAssets || null,
    );
    const recording = () => !!session && session.id === sessionId && !stopped;
    void assetCapture.then((capture) => {
      if (capture && recording()) {
        return capture({
          endpoint: options.endpoint,
          key: options.key,
          sessionId,
          fetch: nativeFetch,
          images: level > 1,
          recordedUrl,
          recording,
          addEvent: addCustomEvent,
        });
      }
    });
  });
}

/**
 * Loads one of the recorder's other files (dist/rewind-assets.js, dist/rewind-canvas.js) from beside this
 * bundle: the same origin and version the snippet loaded, so a site's CSP that lets the recorder in lets
 * these in too (docs/SECURITY.md, "The recorder on a customer's page"). Resolves false when it fails.
 */
function loadBeside(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = /\/rewind\.js(\?|$)/.test(ownScript)
      ? ownScript.replace(/rewind\.js(\?.*)?$/, name)
      : `${options.endpoint}/sdk/v${SDK_VERSION}/${name}`;
    script.async = true;
    script.onload = () => resolve(true);
    script.onerror = () => resolve(false);
    document.head.appendChild(script);
  });
}

/**
 * What asset capture may store: 2 images, fonts and stylesheets, 1 fonts and stylesheets, 0 nothing. The
 * stricter of the page's init({captureAssets}) and the tenant's captureAssets setting (docs/ASSETS.md).
 */
function assetCaptureLevel(): number {
  const page = options.captureAssets;
  const pageLevel = page === false ? 0 : typeof page === 'object' && page.images === false ? 1 : 2;
  const tenantLevel = remote.captureAssets === 'none' ? 0 : remote.captureAssets === 'fonts_and_stylesheets' ? 1 : 2;
  return Math.min(pageLevel, tenantLevel);
}

function addContextEvent(event: RecorderEvent): void {
  if (stopRrweb) onEvent(event);
}

/** Cuts the pending events into chunks and queues them. */
function cutChunks(): void {
  mutations.flush();
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = 0;
  if (!pending.length || !session || !transport) return;
  catchUp();
  if (droppedEvents) {
    pending.unshift(
      JSON.stringify({ type: EVENT_CUSTOM, timestamp: Date.now(), data: { tag: 'dropped', payload: { events: droppedEvents } } }),
    );
    droppedEvents = 0;
  }
  const meta = JSON.stringify({
    url: scrubUrl(location.href),
    referrer: document.referrer ? scrubUrl(document.referrer) : undefined,
    viewport: { width: innerWidth, height: innerHeight },
    userId: session.userId,
    sdkVersion: SDK_VERSION,
    openerSessionId: session.openerId,
    // every click leaves with a complete hint (context.ts clickHint): the server need not learn the page's nodes
    hints: 'complete',
  });
  // One chunk: append() keeps a batch within MAX_CHUNK_BYTES, but for a larger full snapshot, which
  // joins the batch its Meta event is in (the server takes 8 MB).
  transport.enqueue({
    sessionId: session.id,
    seq: session.seq++,
    eventCount: pending.length,
    events: pending,
    meta,
    gzip: null,
  });
  pending = [];
  pendingBytes = 0;
  saveSession(session);
  // A page that mutates heavily all day would reach the server's chunk limit before 4 hours; ten
  // seqs stay free for the pieces a page hide may split off.
  if (session.seq >= MAX_CHUNKS_PER_SESSION - 10) rollOver(Date.now());
}

/** A new session in the same tab: what was recorded goes out under the old id first. */
function rollOver(now: number): void {
  if (!session) return;
  cutChunks();
  startSession(createSession(now, sampleRate(), session.userId));
}

/**
 * The server refused a chunk with 409: another tab writes this session (a copy that the check at start
 * missed, its original still recording), so its seqs are taken. This tab goes on in a session of its
 * own, opened from that one, from a full snapshot; what it had not sent is counted as dropped, since
 * it builds on what the other tab owns now.
 */
function fork(): void {
  if (!session) return;
  droppedEvents += pending.length;
  pending = [];
  pendingBytes = 0;
  startSession(createSession(Date.now(), sampleRate(), session.userId, session.id));
}

function startSession(next: Session): void {
  session = next;
  saveSession(session);
  if (!session.recording) stopRecording();
  else if (stopRrweb) record.takeFullSnapshot();
  else startRecording();
}

/**
 * Back from the back/forward cache: the tab's later pages may have gone on with the session, so the
 * seqs after this page's are taken. The stored session says how far they went, but Chromium hands it
 * to a restored page late (the later page's last write arrives up to some 100 ms after pageshow; until
 * then the session still carries that page's mark). So every seq this page takes first catches up
 * with the stored one, until the later page's mark is gone. A chunk cut before that may still meet a
 * taken seq: the server refuses it (409) and the recorder forks (see fork).
 */
function resumeSession(): void {
  holdSession();
  catchingUp = true;
}

function catchUp(): void {
  if (!catchingUp || !session) return;
  const stored = loadSession(Date.now());
  if (stored && stored.id === session.id) session.seq = Math.max(session.seq, stored.seq);
  if (!stored || !heldElsewhere(stored)) catchingUp = false;
}

function onActivity(): void {
  if (stopped || !session) return;
  const now = Date.now();
  // Runs before rrweb sees the event (window capture phase), so the event lands in the new session.
  if (now - session.lastActivityAt > SESSION_IDLE_MS || now - session.startedAt > SESSION_MAX_MS) rollOver(now);
  session.lastActivityAt = now;
  if (now - activityPersistedAt > ACTIVITY_PERSIST_MS) {
    activityPersistedAt = now;
    saveSession(session);
  }
}

function onHide(unloading: boolean): void {
  if (!transport) return;
  if (!stopped && session) {
    if (!hideMarked) addContextEvent({ type: EVENT_CUSTOM, timestamp: Date.now(), data: { tag: 'pagehide', payload: {} } });
    hideMarked = true;
    // The transport splits what is still uncompressed into pieces that fit keepalive requests.
    cutChunks();
  }
  transport.flushOnHide(unloading);
  // After the split (it takes seqs): the tab's next page continues from here.
  if (session) {
    if (unloading) releaseSession(session);
    else saveSession(session);
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  const capture = { capture: true, passive: true };
  for (const type of ['mousedown', 'keydown', 'touchstart', 'scroll', 'mousemove', 'input']) {
    addEventListener(type, onActivity, capture);
  }
  addEventListener('pagehide', () => onHide(true));
  addEventListener('pageshow', (e) => {
    hideMarked = false;
    if (!e.persisted) return;
    resumeSession();
    if (transport) transport.resumed();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') onHide(false);
    else hideMarked = false;
  });
}

/** One more console message may be recorded in this session: at most MAX_CONSOLE_MESSAGES_PER_SESSION. */
function consoleBudget(): boolean {
  if (!session) return false;
  const used = session.consoleMessages || 0;
  if (used >= MAX_CONSOLE_MESSAGES_PER_SESSION) return false;
  session.consoleMessages = used + 1;
  return true;
}

function captureContext(): void {
  if (contextCaptured) return;
  contextCaptured = true;
  const ownPrefix = options.endpoint + '/v1/';
  captureErrors(addCustomEvent);
  captureConsole(addContextEvent, remote.consoleLevels ?? CONSOLE_LEVELS_DEFAULT, consoleBudget);
  captureNetwork(addCustomEvent, (url) => url.indexOf(ownPrefix) === 0);
  captureNavigation(addCustomEvent);
}

/**
 * Whether the server keeps this user id exactly (docs/openapi.yaml, "User ids"): it refuses a chunk
 * carrying any other, and every later chunk of the session would carry it in its meta.
 */
function isKeptExactly(userId: string): boolean {
  return (
    userId.length > 0 &&
    userId.length <= MAX_USER_ID_LENGTH &&
    // eslint-disable-next-line no-control-regex -- control characters are what the server refuses
    !/[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(userId)
  );
}

export function identify(userId: string, traits?: Record<string, unknown>): void {
  if (!isKeptExactly(userId)) {
    console.warn('rewind: identify() ignored a user id the server would refuse (1 to 256 characters, no control characters)');
    return;
  }
  if (session) {
    session.userId = userId;
    saveSession(session);
  } else pendingUserId = userId;
  addCustomEvent('identify', { userId, traits });
}

export function stop(): void {
  cutChunks();
  stopRecording();
  stopped = true;
  early = null;
}

export function optOut(): void {
  writeItem('localStorage', OPT_OUT_KEY, '1');
  pending = [];
  stop();
  if (transport) transport.forget();
}

export function optIn(): void {
  writeItem('localStorage', OPT_OUT_KEY, null);
  if (options && stopped) void start(options);
}

export function grantConsent(): void {
  writeItem('localStorage', CONSENT_KEY, 'granted');
  startRecording();
}

export function replayUrl(): string | null {
  if (!stopRrweb || !session) return null;
  return `${(options.consoleUrl || options.endpoint).replace(/\/+$/, '')}/sessions/${session.id}`;
}
