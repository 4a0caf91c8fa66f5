// What a recorded URL keeps: no fragment, and of its query string only the parameters the tenant's
// `urlQueryAllowList` names (README.md, "Privacy"). Query strings and fragments carry tokens, e-mail
// addresses and, after a GET form, whatever the visitor typed. The server applies the same rule again
// before it stores a chunk (functions/src/main/java/dev/rewind/ingest/RecordedUrls.java); keep the two alike.
import {
  CONSOLE_PLUGIN,
  EVENT_CUSTOM,
  EVENT_FULL_SNAPSHOT,
  EVENT_INCREMENTAL,
  EVENT_META,
  EVENT_PLUGIN,
  SOURCE_MUTATION,
} from './constants';

/** Attributes whose value is a URL; scrubbed when they point at the page's own origin. */
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction'];
/**
 * A URL inside free text (a stack frame, a console argument), up to a space, a quote, a bracket or a
 * backslash (console arguments are JSON strings, whose quotes are escaped).
 */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'`<>()[\]{}\\]+/g;
/** An absolute URL (`https:`, `data:`, `javascript:` …) or a network-path reference (`//host/…`). */
const SCHEME_OR_NETWORK_PATH = /^([a-z][a-z0-9+.-]*:|\/\/)/i;
/** A stack frame's `:line:column` after the URL: kept, it is not part of the query string. */
const LINE_COLUMN = /(:\d+){1,2}$/;

/** An entry the server accepts (RecordedUrls.ALLOW_LIST_ENTRY): a name, or a prefix ending in `*`. */
const ALLOW_LIST_ENTRY = /^[A-Za-z0-9_.~[\]-]{1,64}\*?$/;

let allowList: string[] = [];

/** The config answer's `urlQueryAllowList`; without one, or for entries of any other shape, nothing is kept. */
export function setUrlQueryAllowList(list: unknown): void {
  allowList = Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string' && ALLOW_LIST_ENTRY.test(name)) : [];
}

function keeps(name: string): boolean {
  for (const entry of allowList) {
    if (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry) return true;
  }
  return false;
}

/** The URL without its fragment and without the query parameters the allow-list does not name. */
export function scrubUrl(url: string): string {
  const hash = url.indexOf('#');
  const rest = hash < 0 ? url : url.slice(0, hash);
  const question = rest.indexOf('?');
  if (question < 0) return rest;
  const kept = rest
    .slice(question + 1)
    .split('&')
    .filter((parameter) => {
      const equals = parameter.indexOf('=');
      const name = equals < 0 ? parameter : parameter.slice(0, equals);
      return name !== '' && keeps(name);
    });
  return rest.slice(0, question) + (kept.length ? '?' + kept.join('&') : '');
}

/** A URL as a recorded URL attribute holds it (see scrubAttributes): the recorder's asset map uses the same. */
export function recordedUrl(url: string): string {
  return /[?#]/.test(url) && isOwnOrigin(url) ? scrubUrl(url) : url;
}

/** Every URL inside a text (error stacks, console arguments) scrubbed. */
export function scrubUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => {
    const lineColumn = LINE_COLUMN.exec(url);
    return lineColumn ? scrubUrl(url.slice(0, lineColumn.index)) + lineColumn[0] : scrubUrl(url);
  });
}

/**
 * Whether a URL attribute points at the page's own origin: rrweb writes them absolute, so a prefix test
 * decides (a URL is parsed for nothing: a large page has thousands); a relative one is the page's too.
 */
function isOwnOrigin(url: string): boolean {
  const origin = location.origin;
  if (url.startsWith(origin)) return /^([/?#]|$)/.test(url.slice(origin.length, origin.length + 1));
  return !SCHEME_OR_NETWORK_PATH.test(url);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function scrubField(holder: any, name: string, scrub: (value: string) => string): void {
  if (holder && typeof holder[name] === 'string') holder[name] = scrub(holder[name]);
}

function scrubAttributes(attributes: any): void {
  if (!attributes || typeof attributes !== 'object') return;
  for (const name of URL_ATTRIBUTES) {
    const value = attributes[name];
    // only a value with something to remove is parsed: a large page has thousands of plain links
    if (typeof value === 'string' && /[?#]/.test(value) && isOwnOrigin(value)) attributes[name] = scrubUrl(value);
  }
}

/** A serialized DOM subtree, walked without recursion: pages nest deeper than the stack allows. */
function scrubNodes(root: any): void {
  const todo = root ? [root] : [];
  while (todo.length) {
    const node = todo.pop();
    scrubAttributes(node.attributes);
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) todo.push(child);
  }
}

/**
 * Scrubs every URL of one event in place, before it is serialized: the Meta event's `href`, the
 * own-origin URL attributes of snapshots and mutations, and our navigation, network, error and console
 * events.
 */
export function scrubEvent(event: { type: number; data: any }): void {
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  switch (event.type) {
    case EVENT_META:
      scrubField(data, 'href', scrubUrl);
      break;
    case EVENT_FULL_SNAPSHOT:
      scrubNodes(data.node);
      break;
    case EVENT_INCREMENTAL:
      if (data.source === SOURCE_MUTATION) {
        for (const add of data.adds || []) scrubNodes(add.node);
        for (const change of data.attributes || []) scrubAttributes(change.attributes);
      }
      break;
    case EVENT_CUSTOM: {
      const payload = data.payload;
      if (data.tag === 'navigation') scrubField(payload, 'href', scrubUrl);
      else if (data.tag === 'network') scrubField(payload, 'url', scrubUrl);
      else if (data.tag === 'error') {
        scrubField(payload, 'source', scrubUrl);
        scrubField(payload, 'message', scrubUrlsInText);
        scrubField(payload, 'stack', scrubUrlsInText);
      }
      break;
    }
    case EVENT_PLUGIN: {
      if (data.plugin !== CONSOLE_PLUGIN) break;
      const payload = data.payload;
      if (payload && Array.isArray(payload.trace)) payload.trace = payload.trace.map((frame: unknown) => scrubUrlsInText(String(frame)));
      if (payload && Array.isArray(payload.payload)) payload.payload = payload.payload.map((arg: unknown) => scrubUrlsInText(String(arg)));
      break;
    }
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
