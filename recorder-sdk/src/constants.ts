// Every threshold of the recorder in one place (the server's limits live in IngestLimits.java).

/** Replaced at build time from package.json. */
declare const __SDK_VERSION__: string;
export const SDK_VERSION = typeof __SDK_VERSION__ === 'string' ? __SDK_VERSION__ : 'dev';

// Sessions (README.md, "Sessions")
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 4 * 3_600_000;
/** lastActivityAt is kept in memory and written to sessionStorage at most this often. */
export const ACTIVITY_PERSIST_MS = 5_000;
export const SESSION_ID_LENGTH = 22;
/** The server refuses seq 5,000 and above (IngestLimits.MAX_CHUNKS_PER_SESSION; RecorderLimitsTest keeps the two equal): a new session starts. */
export const MAX_CHUNKS_PER_SESSION = 5_000;
/**
 * The server keeps a user id exactly or refuses the chunk carrying it (SessionLimits.MAX_USER_ID_CHARS;
 * RecorderLimitsTest keeps the two equal): identify() ignores one it would refuse.
 */
export const MAX_USER_ID_LENGTH = 256;

// Recording
/** A fresh full snapshot this often, so seeking and a lost chunk stay cheap. */
export const CHECKOUT_EVERY_MS = 5 * 60_000;
export const MOUSEMOVE_SAMPLE_MS = 50;
export const SCROLL_SAMPLE_MS = 150;
/** Text and attribute changes this close together leave as one event, last values only (coalesce.ts). */
export const MUTATION_BATCH_MS = 200;
/** How long rrweb waits for the config answer before it starts with safe defaults. */
export const CONFIG_TIMEOUT_MS = 2_000;

// Transport
/**
 * While the page is visible, events leave in batches this long (or at MAX_CHUNK_BYTES); hiding or
 * leaving the page sends what is pending at once. Each batch is one request, one S3 object and one
 * index write on the server, so this is the cost lever (docs/COST.md): a 2-minute visit is 2 chunks.
 */
export const FLUSH_INTERVAL_MS = 60_000;
/**
 * A full snapshot larger than this leaves at once instead of waiting for the batch: it is the event the
 * replay cannot do without, a single event cannot be split, a tab that crashes before the batch would
 * lose it, and on a tab closed before the batch it would have to leave beside newer events within
 * KEEPALIVE_BUDGET_BYTES.
 */
export const SNAPSHOT_CUT_BYTES = 32 * 1024;
/**
 * Uncompressed JSON of one chunk (the server takes 8 MB). Kept small because what is still pending
 * when the page goes away must leave within the keepalive budget, compressed at once (transport.ts,
 * quickGzip: 128 KB of a heavy page's JSON is about 20 KB); on a page that mutates heavily (200 updates
 * a second), 128 KB is about 3 s of events.
 */
export const MAX_CHUNK_BYTES = 128 * 1024;
/** The server takes 10,000 events per chunk. */
export const MAX_CHUNK_EVENTS = 2_000;
/** Chunks waiting for delivery (compressed size); past it the oldest are dropped with a marker. */
export const MAX_QUEUE_BYTES = 2 * 1024 * 1024;
/** Chrome refuses keepalive requests once 64 KB of them are in flight; stay under it. */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024;
/**
 * Page hide compresses what is pending at once (transport.ts, quickGzip); what still does not fit the
 * keepalive budget compressed is cut into pieces this small: two, with their envelopes, fit it uncompressed.
 */
export const HIDE_CHUNK_BYTES = 28 * 1024;
/** What a hidden page may leave in sessionStorage for the next page of the tab to send. */
export const MAX_SAVED_OUTBOX_BYTES = 1024 * 1024;
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 60_000;

// Context events
export const CLICK_TEXT_MAX = 40;
export const MAX_STRING_LENGTH = 1_000;
export const MAX_STACK_LENGTH = 4_000;
export const MAX_TRACE_FRAMES = 10;
/** Errors, console messages and network calls each; a page that logs in a loop costs little. */
export const CONTEXT_EVENTS_PER_MINUTE = 100;
/** Console levels captured when the tenant's config did not say (it is unreachable): all but debug. */
export const CONSOLE_LEVELS_DEFAULT = ['log', 'info', 'warn', 'error'];
/** Console messages recorded in one session, at most; the page's own console is never affected. */
export const MAX_CONSOLE_MESSAGES_PER_SESSION = 1_000;
/** Characters kept of each console argument (10 arguments at most), the rest cut with "…". */
export const MAX_CONSOLE_ARGUMENT_LENGTH = 500;

// Storage keys
export const SESSION_KEY = 'rewind:session';
export const OUTBOX_KEY = 'rewind:outbox';
export const OPT_OUT_KEY = 'rewind:optout';
export const CONSENT_KEY = 'rewind:consent';

// Privacy selectors (README.md, "Privacy")
export const BLOCK_CLASS = 'rewind-block';
export const BLOCK_SELECTOR = '.rewind-block,[data-rewind-block]';
export const MASK_SELECTOR = '[data-rewind-mask]';
export const IGNORE_SELECTOR = '[data-rewind-ignore]';
/** What the visitor types into: a contenteditable's text is masked like an input's value. */
export const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false"])';
/** Text masked without maskAllText: marked text, and editable text. */
export const MASKED_TEXT_SELECTOR = MASK_SELECTOR + ',' + EDITABLE_SELECTOR;

// rrweb event and custom tag names the server reads (docs/INGEST.md)
export const EVENT_META = 4;
export const EVENT_CUSTOM = 5;
export const EVENT_PLUGIN = 6;
export const EVENT_FULL_SNAPSHOT = 2;
export const EVENT_INCREMENTAL = 3;
export const SOURCE_MUTATION = 0;
export const SOURCE_MOUSE_INTERACTION = 2;
export const SOURCE_SELECTION = 14;
/**
 * Style sources: a rule inserted or a sheet replaced through the CSSOM (8), a rule's declaration set (13),
 * adoptedStyleSheets set (15). Each one is a bit here; asset capture scans again after one (docs/ASSETS.md).
 */
export const STYLE_SOURCE_BITS = (1 << 8) | (1 << 13) | (1 << 15);
/** The attributes whose change can bring an asset (rrweb's `_cssText` is a style element's inlined rules). */
export const ASSET_ATTRIBUTES = ['src', 'srcset', 'style', 'href', '_cssText'];
export const MOUSE_CLICK = 2;
export const CONSOLE_PLUGIN = 'rrweb/console@1';

// Asset capture (docs/ASSETS.md; the server's limits are in AssetLimits.java)
/** Loaded beside the recorder, after the first snapshot, so the capture code costs the bundle nothing. */
export const ASSETS_SCRIPT = 'rewind-assets.js';
/** The custom event naming the stored copies of a session's asset URLs, {assets: [{url, hash}]} (docs/ASSETS.md, "Replay"). */
export const ASSET_TAG = 'asset';
/** The server stores assets up to 4 MB (AssetLimits.MAX_ASSET_BYTES); larger ones keep their URL. */
export const ASSET_MAX_BYTES = 4 * 1024 * 1024;
/** What one session may upload in all: past it, the replay keeps the original URLs. */
export const ASSET_SESSION_BUDGET_BYTES = 16 * 1024 * 1024;
/** Assets per offer and commit (AssetLimits.MAX_ASSETS_PER_REQUEST). */
export const ASSETS_PER_REQUEST = 50;
/** URLs one scan of the page looks at. */
export const ASSET_SCAN_MAX = 300;
/**
 * After the page adds or changes what can carry an asset, the page is scanned again no sooner than
 * this, in idle time, for the new URLs only (assets.ts): a page that mutates all the time costs one
 * scan this often.
 */
export const ASSET_RESCAN_MS = 2_000;
/** The page's favicons and touch icons, captured as images (assets.ts leaves out what rrweb does not record). */
export const FAVICON_SELECTOR = 'link[rel~="icon" i],link[rel~="apple-touch-icon" i],link[rel~="apple-touch-icon-precomposed" i]';
/** The types the server stores (AssetLimits.TYPES); anything else is not offered. */
export const ASSET_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/svg+xml',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/bmp',
  'font/woff',
  'font/woff2',
  'font/ttf',
  'font/otf',
  'font/sfnt',
  'application/font-woff',
  'application/font-woff2',
  'application/x-font-woff',
  'application/x-font-ttf',
  'application/x-font-otf',
  'application/vnd.ms-fontobject',
  'text/css',
];
// Canvas recording (docs/ASSETS.md, "Canvas"), when the tenant's recordCanvas setting turns it on
/** rrweb's canvas worker, loaded beside the recorder before rrweb starts (scripts/build.mjs takes it out of the bundle). */
export const CANVAS_SCRIPT = 'rewind-canvas.js';
/**
 * Frames a second each visible canvas is taken at, at most; a frame that did not change is not sent. A
 * 600×300 chart that changes every second costs about 370 KB/min gzip (bench/canvas.mjs, docs/ASSETS.md).
 */
export const CANVAS_FPS = 1;
/** Each frame as WebP of this quality (0..1): a chart stays legible at a fraction of a PNG's bytes. */
export const CANVAS_QUALITY = 0.6;
/** Which URLs of this tab's session already have their stored copy referenced (a later page skips them). */
export const ASSETS_KEY = 'rewind:assets';
