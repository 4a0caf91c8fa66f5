// Asset capture (docs/ASSETS.md): the images, fonts and stylesheets a recorded page uses, hashed in the
// browser and uploaded once per tenant, so that replays look right after the site's own copies are gone.
// Built as its own small script (dist/rewind-assets.js) that the recorder loads after the first
// snapshot, in idle time: none of it runs on the page's critical path, and every failure is silent.
// Assets that appear later (an image, a srcset, a style or stylesheet added or changed by the page, a
// lazy image that loads, a rule inserted through the CSSOM, a sheet adopted or replaced) are captured
// as they appear: one of rrweb's mutation or style events that can bring one, or a load, only marks
// the page as changed; at most every ASSET_RESCAN_MS, in idle time, the page is scanned again and only
// the URLs this session has not referenced or tried yet are read and offered.
import {
  ASSET_MAX_BYTES,
  ASSET_RESCAN_MS,
  ASSET_SCAN_MAX,
  ASSET_SESSION_BUDGET_BYTES,
  ASSET_TAG,
  ASSET_TYPES,
  ASSETS_KEY,
  ASSETS_PER_REQUEST,
  BLOCK_SELECTOR,
  FAVICON_SELECTOR,
} from './constants';
import { readItem, writeItem } from './storage';

/** What the recorder hands the capture: where to send, for which session, and how URLs are recorded. */
export interface AssetContext {
  endpoint: string;
  key: string;
  sessionId: string;
  fetch: typeof fetch;
  /** Images too (fonts and stylesheets always): `captureAssets: {images: false}` turns them off. */
  images: boolean;
  /** The URL as the recording holds it (own-origin URL attributes are scrubbed before they leave). */
  recordedUrl: (url: string) => string;
  /** Whether this session is still being recorded on this page (stop(), opt-out and a new session end it). */
  recording: () => boolean;
  /** Adds a custom event to the recording (recorder.ts, addCustomEvent). */
  addEvent: (tag: string, payload: unknown) => void;
}

interface Found {
  /** What is fetched. */
  url: string;
  /** What the recording holds, and the replay looks up. */
  recorded: string;
}

interface Hashed extends Found {
  hash: string;
  size: number;
  type: string;
  body: ArrayBuffer;
}

interface Progress {
  sessionId: string;
  bytes: number;
  urls: string[];
}

const URL_IN_CSS = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

/** The context of the latest full snapshot: later scans store for its session. */
let current: AssetContext | null = null;
/** One capture at a time, so a scan never offers what the one before it is still reading. */
let running: Promise<void> = Promise.resolve();
/** URLs this page has read (or failed to read) for the session `triedFor`: later scans leave them alone. */
let tried: Record<string, true> = {};
let triedFor = '';
let watching = false;
let rescanDue = false;

/**
 * After each full snapshot: scans the page and stores what the tenant lacks, then keeps watching for
 * assets the page adds. Resolves when this scan is done, never rejects.
 */
export function captureAssets(context: AssetContext): Promise<void> {
  current = context;
  watch();
  return capture(context, false);
}

function capture(context: AssetContext, later: boolean): Promise<void> {
  running = running.then(async () => {
    try {
      if (!(typeof crypto === 'object' && crypto.subtle) || !context.recording()) return; // hashing needs a secure context
      if (triedFor !== context.sessionId) {
        tried = {};
        triedFor = context.sessionId;
      }
      const progress = loadProgress(context.sessionId);
      // a full snapshot's scan tries again what failed before; a later one only what is new
      const found = scan(context)
        .filter((f) => progress.urls.indexOf(f.recorded) < 0 && !(later && tried[f.url]))
        .slice(0, ASSET_SCAN_MAX);
      const hashed: Hashed[] = [];
      for (const f of found) {
        tried[f.url] = true;
        const h = await read(context, f);
        if (h) hashed.push(h);
      }
      for (let i = 0; i < hashed.length; i += ASSETS_PER_REQUEST) {
        await store(context, hashed.slice(i, i + ASSETS_PER_REQUEST), progress);
      }
    } catch {
      // the page must never notice: an asset that is not stored plays from its original URL
    }
  });
  return running;
}

/**
 * Marks the page as changed on every load of an image or stylesheet (lazy images, sheets that arrive
 * after their link). The page's DOM and CSSOM changes that can bring an asset come from the recorder,
 * which sees rrweb's events (recorder.ts, bringsAssets): the capture adds no observer of its own.
 */
function watch(): void {
  if (watching) return;
  watching = true;
  document.addEventListener('load', rescanLater, true);
}

/**
 * The recorder calls this on each of rrweb's events that can bring an asset: a mutation that adds an
 * element or a style's text or changes src, srcset, style or href, in the document or an open shadow
 * root; a rule inserted or a sheet replaced through the CSSOM, a declaration set, adoptedStyleSheets set.
 * The scan itself waits for ASSET_RESCAN_MS and idle time, and reads the page and its sheets as they are
 * then, so a rule's url() is offered under the URL it resolves to, with the same limits and blocking as
 * the snapshot's.
 */
export function pageChanged(): void {
  if (current) rescanLater();
}

function rescanLater(): void {
  if (rescanDue) return;
  rescanDue = true;
  setTimeout(() => {
    const idle = (window as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback || ((f: () => void) => setTimeout(f, 0));
    idle(() => {
      rescanDue = false;
      if (current) void capture(current, true);
    });
  }, ASSET_RESCAN_MS);
}

/**
 * The assets of the page that rrweb records: images, favicons, CSS url()s of the rules in use, fonts,
 * unreadable sheets; in the document and in every open shadow root (rrweb records those), whose own and
 * adopted sheets count as the document's do.
 */
function scan(context: AssetContext): Found[] {
  const out: Found[] = [];
  const seen: Record<string, true> = {};
  const add = (raw: string, base: string, recordedAsIs: boolean) => {
    let url: string;
    try {
      url = new URL(raw, base).href;
    } catch {
      return;
    }
    if (!/^https?:/.test(url) || seen[url]) return;
    seen[url] = true;
    out.push({ url, recorded: recordedAsIs ? url : context.recordedUrl(url) });
  };
  // outside every blocked subtree, the hosts of the shadow roots it is in included
  const visible = (element: Element): boolean => {
    for (let e: Element | undefined = element; e; e = (e.getRootNode() as ShadowRoot).host) if (e.closest(BLOCK_SELECTOR)) return false;
    return true;
  };
  const roots: (Document | ShadowRoot)[] = [document];
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i];
    for (const element of Array.prototype.slice.call(root.querySelectorAll('*')) as Element[]) {
      if (element.shadowRoot && visible(element)) roots.push(element.shadowRoot);
    }
    if (context.images) {
      for (const image of Array.prototype.slice.call(root.querySelectorAll('img')) as HTMLImageElement[]) {
        if (image.currentSrc && visible(image) && readable(image.currentSrc, document.baseURI, !!image.crossOrigin))
          add(image.currentSrc, document.baseURI, false);
      }
      for (const element of Array.prototype.slice.call(root.querySelectorAll('[style*="url("]')) as HTMLElement[]) {
        if (visible(element))
          cssUrls(element.getAttribute('style') || '', (u) => readable(u, document.baseURI, false) && add(u, document.baseURI, true));
      }
    }
    const sheets: CSSStyleSheet[] = Array.prototype.slice.call(root.styleSheets);
    const adopted = (root as { adoptedStyleSheets?: CSSStyleSheet[] }).adoptedStyleSheets;
    if (adopted) sheets.push(...adopted);
    for (const sheet of sheets) walkSheet(sheet, context, add, visible, root);
  }
  // favicons count as images: the page's own ones (a browser fetches them without CORS), but not
  // rel="shortcut icon", which rrweb's slimDOM leaves out of the recording
  if (context.images) {
    for (const link of Array.prototype.slice.call(document.querySelectorAll(FAVICON_SELECTOR)) as HTMLLinkElement[]) {
      if (link.href && link.getAttribute('rel') !== 'shortcut icon' && readable(link.href, document.baseURI, false))
        add(link.href, document.baseURI, false);
    }
  }
  return out;
}

function walkSheet(
  sheet: CSSStyleSheet,
  context: AssetContext,
  add: (raw: string, base: string, asIs: boolean) => void,
  visible: (e: Element) => boolean,
  root: Document | ShadowRoot,
): void {
  const base = sheet.href || document.baseURI;
  let rules: CSSRuleList;
  try {
    rules = sheet.cssRules;
  } catch {
    // a cross-origin sheet without CORS: rrweb could not inline it, the replay loads its URL
    if (sheet.href && readable(sheet.href, document.baseURI, false)) add(sheet.href, document.baseURI, false);
    return;
  }
  for (const rule of Array.prototype.slice.call(rules) as CSSRule[]) {
    const r = rule as CSSRule & { styleSheet?: CSSStyleSheet; cssRules?: CSSRuleList; selectorText?: string; style?: CSSStyleDeclaration };
    if (r.styleSheet) walkSheet(r.styleSheet, context, add, visible, root);
    else if (rule.type === 5 /* CSSRule.FONT_FACE_RULE */) {
      // the first source is the browser's choice (woff2 before woff before ttf, by convention)
      cssUrls(r.style ? r.style.getPropertyValue('src') : '', (u) => add(u, base, true), true);
    } else if (r.selectorText !== undefined && r.style) {
      if (context.images && /url\(/.test(r.style.cssText) && inUse(r.selectorText, visible, root)) {
        cssUrls(r.style.cssText, (u) => readable(u, base, false) && add(u, base, true));
      }
    } else if (r.cssRules) {
      walkSheet(r as unknown as CSSStyleSheet, context, add, visible, root);
    }
  }
}

/** Whether a rule's selector (its states like :hover taken away) matches an element of its root that is not blocked. */
function inUse(selector: string, visible: (e: Element) => boolean, root: Document | ShadowRoot): boolean {
  try {
    const element = root.querySelector(selector.replace(/::?[a-zA-Z-]+(\([^)]*\))?/g, '') || '*');
    return !!element && visible(element);
  } catch {
    return false;
  }
}

function cssUrls(text: string, each: (url: string) => unknown, firstOnly = false): void {
  URL_IN_CSS.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = URL_IN_CSS.exec(text))) {
    if (!/^(data|blob):/.test(match[2])) each(match[2]);
    if (firstOnly) return;
  }
}

/**
 * Whether the browser will let us read the bytes: the page's own origin, or a request made with CORS.
 * Any other cross-origin image is left alone rather than fetched for an opaque answer (and a console
 * error on the customer's page).
 */
function readable(url: string, base: string, cors: boolean): boolean {
  try {
    return cors || new URL(url, base).origin === location.origin;
  } catch {
    return false;
  }
}

async function read(context: AssetContext, found: Found): Promise<Hashed | null> {
  try {
    const own = new URL(found.url).origin === location.origin;
    // from the HTTP cache where the page's load left it; never our credentials, the site's only on its own origin
    const response = await context.fetch(found.url, { credentials: own ? 'same-origin' : 'omit', mode: 'cors', cache: 'force-cache' });
    const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    if (!response.ok || response.type === 'opaque' || ASSET_TYPES.indexOf(type) < 0) return null;
    if (Number(response.headers.get('content-length')) > ASSET_MAX_BYTES) return null;
    const body = await response.arrayBuffer();
    if (!body.byteLength || body.byteLength > ASSET_MAX_BYTES) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
    let hash = '';
    for (let i = 0; i < digest.length; i++) hash += (digest[i] < 16 ? '0' : '') + digest[i].toString(16);
    return { ...found, hash, size: body.byteLength, type, body };
  } catch {
    return null; // unreachable, refused by CORS, or gone
  }
}

/** Offers a batch, uploads what the tenant lacks (within the session's budget), commits the uploads. */
async function store(context: AssetContext, batch: Hashed[], progress: Progress): Promise<void> {
  const answer = await post(
    context,
    '/v1/assets',
    batch.map((a) => ({ url: a.recorded, hash: a.hash, size: a.size, type: a.type })),
  );
  if (!answer) return;
  const uploads: { hash: string; url: string; headers: Record<string, string> }[] = answer.uploads || [];
  const missing: Record<string, true> = {};
  for (const u of uploads) missing[u.hash] = true;
  // the ones the tenant had are named at once
  named(
    context,
    batch.filter((a) => !missing[a.hash]),
    progress,
  );
  const uploaded: Record<string, true> = {};
  for (const upload of uploads) {
    const asset = batch.find((a) => a.hash === upload.hash);
    if (!asset || progress.bytes + asset.size > ASSET_SESSION_BUDGET_BYTES) continue;
    try {
      const response = await context.fetch(upload.url, { method: 'PUT', headers: upload.headers, body: asset.body, credentials: 'omit' });
      if (response.ok) {
        uploaded[asset.hash] = true;
        progress.bytes += asset.size;
      }
    } catch {
      // the replay keeps this URL
    }
  }
  const committed = batch.filter((a) => uploaded[a.hash]);
  if (
    committed.length &&
    (await post(
      context,
      '/v1/assets/commit',
      committed.map((a) => ({ url: a.recorded, hash: a.hash })),
    ))
  ) {
    named(context, committed, progress);
  }
  saveProgress(progress);
}

/**
 * Names the stored copies of `assets` in the recording, as an `asset` event: the replay finds the copies
 * of a session's URLs in its chunks (docs/ASSETS.md, "Replay"). A URL named once is not named again in the
 * session.
 */
function named(context: AssetContext, assets: Hashed[], progress: Progress): void {
  if (!assets.length || !context.recording()) return;
  context.addEvent(ASSET_TAG, { assets: assets.map((a) => ({ url: a.recorded, hash: a.hash })) });
  for (const a of assets) progress.urls.push(a.recorded);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(context: AssetContext, path: string, assets: unknown[]): Promise<any> {
  try {
    const response = await context.fetch(`${context.endpoint}${path}?key=${encodeURIComponent(context.key)}`, {
      method: 'POST',
      // text/plain keeps it a CORS "simple" request, as ingest's
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ sessionId: context.sessionId, assets }),
      credentials: 'omit',
    });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

function loadProgress(sessionId: string): Progress {
  try {
    const stored = JSON.parse(readItem('sessionStorage', ASSETS_KEY) || 'null');
    if (stored && stored.sessionId === sessionId && Array.isArray(stored.urls)) return stored;
  } catch {
    // unreadable: start over
  }
  return { sessionId, bytes: 0, urls: [] };
}

function saveProgress(progress: Progress): void {
  // bounded: a long session on a site with many assets must not fill the tab's storage
  progress.urls = progress.urls.slice(-500);
  writeItem('sessionStorage', ASSETS_KEY, JSON.stringify(progress));
}
