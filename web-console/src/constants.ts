// Every number and name of the console with a meaning, in one place.

/** Session list flags (docs/ARCHITECTURE.md, "Session list") and how the console labels them. */
export const FLAGS = [
  { flag: 'rage_click', label: 'Rage clicks', count: 'rageClickCount' },
  { flag: 'dead_click', label: 'Dead clicks', count: 'deadClickCount' },
  { flag: 'error_click', label: 'Error clicks', count: 'errorClickCount' },
  { flag: 'error', label: 'Errors', count: 'errorCount' },
  { flag: 'quick_back', label: 'Quick backs', count: 'quickBackCount' },
  { flag: 'excessive_scroll', label: 'Excessive scrolling', count: 'excessiveScrollCount' },
  { flag: 'form_abandonment', label: 'Abandoned forms', count: 'formAbandonmentCount' },
] as const;

export type Flag = (typeof FLAGS)[number]['flag'];

/** The retention choices (docs/RETENTION.md): a tenant has. */
export const RETENTION_CHOICES = [7, 14, 30, 60, 90, 180, 365] as const;

/** Share links: the API takes 1 to 720 hours. */
export const SHARE_EXPIRY_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
] as const;
export const DEFAULT_SHARE_HOURS = 168;

/** Minimum durations offered in the list filter, in milliseconds. */
export const MIN_DURATION_CHOICES = [
  { ms: 10_000, label: '10 s' },
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
  { ms: 900_000, label: '15 min' },
] as const;

export const BROWSER_SUGGESTIONS = ['Chrome', 'Firefox', 'Safari', 'Edge', 'Opera', 'Samsung Internet'];

export const SESSIONS_PAGE_SIZE = 25;
/** The first page of the list refreshes itself this often while visible, so new sessions show up. */
export const LIST_REFRESH_MS = 5_000;
/** The install page asks for a first session this often. */
export const INSTALL_POLL_MS = 2_000;
/** Settings asks for a running re-score's progress this often (docs/FRUSTRATION.md, "Re-score history")... */
export const RESCORE_POLL_MS = 2_000;
/** ... and stops asking after this long; the progress shows again when the page is opened again. */
export const RESCORE_POLL_DEADLINE_MS = 30 * 60_000;

// Replay
/**
 * Chunks fetched at once. Fewer before the first frame, so the first chunk does not share the
 * connection with many others: time to first frame must not grow with session length (docs/ARCHITECTURE.md, "Budgets").
 */
export const CHUNK_CONCURRENCY_BEFORE_FIRST_FRAME = 2;
export const CHUNK_CONCURRENCY = 4;
/** A failed chunk fetch (say, an expired URL) is retried this many times with fresh URLs. */
export const CHUNK_RETRIES = 2;
/**
 * The stored copies' URLs are renewed when this share of their validity has passed (docs/ASSETS.md,
 * "Replay"): a copy first shown later in a long replay gets a URL that still works.
 */
export const ASSET_RENEWAL_SHARE = 0.8;
/** Jumping to a frustration starts a little before it, so the lead-up is visible. */
export const JUMP_LEAD_IN_MS = 1_000;
export const SKIP_STEP_MS = 5_000;
/** `,` and `.` step the paused replay by this much. */
export const FRAME_STEP_MS = 100;
/** Timeline markers closer than this (in pixels as drawn) become one cluster with a count. */
export const MARKER_CLUSTER_PX = 12;
export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export const INACTIVITY_THRESHOLD_MS = 10_000;

/** The kinds of row in the replay's activity list, each a filter. */
export const ACTIVITY_KINDS = [
  { kind: 'navigation', label: 'Pages' },
  { kind: 'click', label: 'Clicks' },
  { kind: 'input', label: 'Inputs' },
  { kind: 'console', label: 'Console' },
  { kind: 'network', label: 'Network' },
  { kind: 'error', label: 'Errors' },
  { kind: 'frustration', label: 'Frustrations' },
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]['kind'];

/** The console levels the recorder can capture (docs/CONSOLE.md), each a filter of the console tab. */
export const CONSOLE_LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
/** The tenant's captureAssets choices (docs/ASSETS.md), as Settings offers them. */
export const ASSET_CAPTURE_CHOICES = [
  ['all', 'Images, fonts and stylesheets'],
  ['fonts_and_stylesheets', 'Fonts and stylesheets only (no image leaves the page)'],
  ['none', 'Nothing (replays load every asset from the site)'],
] as const;

// rrweb's event model (see docs/INGEST.md for the custom events the recorder adds)
export const EVENT_FULL_SNAPSHOT = 2;
export const EVENT_INCREMENTAL = 3;
/** rrweb's IncrementalSource.CanvasMutation: a canvas frame when the tenant records canvas (replay/canvas.ts). */
export const SOURCE_CANVAS_MUTATION = 9;
/**
 * rrweb's style sources (replay/assets.ts): StyleSheetRule (a rule inserted, a sheet replaced through the
 * CSSOM), StyleDeclaration (a rule's declaration set), AdoptedStyleSheet (adoptedStyleSheets set).
 */
export const SOURCE_STYLE_SHEET_RULE = 8;
export const SOURCE_STYLE_DECLARATION = 13;
export const SOURCE_ADOPTED_STYLE_SHEET = 15;
export const EVENT_META = 4;
export const EVENT_CUSTOM = 5;
export const EVENT_PLUGIN = 6;
export const CONSOLE_PLUGIN = 'rrweb/console@1';

// Browser storage
export const STORAGE_API_KEY = 'rewind:apiKey';
export const STORAGE_SNIPPET = 'rewind:snippet';
/** A signed-in user's Cognito tokens and the organization they work in (docs/CONSOLE.md, "Signing in"). */
export const STORAGE_USER = 'rewind:user';
export const STORAGE_ORGANIZATION = 'rewind:organization';
/** Tokens are refreshed this long before they expire, so no request goes out with one about to lapse. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
export const STORAGE_PLAYER_PREFS = 'rewind:player';
export const STORAGE_LIST_QUERY = 'rewind:listQuery';
