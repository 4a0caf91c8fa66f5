// What rrweb does not see but a replay needs: errors, console warnings, network timings, SPA
// navigations and a descriptor of each clicked element. Event shapes: README.md, "Events".
import {
  BLOCK_SELECTOR,
  CLICK_TEXT_MAX,
  CONSOLE_PLUGIN,
  CONTEXT_EVENTS_PER_MINUTE,
  MAX_CONSOLE_ARGUMENT_LENGTH,
  EVENT_PLUGIN,
  MASKED_TEXT_SELECTOR,
  MAX_STACK_LENGTH,
  MAX_STRING_LENGTH,
  MAX_TRACE_FRAMES,
} from './constants';

export type EmitCustom = (tag: string, payload: unknown) => void;
export type EmitEvent = (event: { type: number; timestamp: number; data: unknown }) => void;

function clip(value: unknown, max = MAX_STRING_LENGTH): string {
  const s = String(value);
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** A page that throws or logs in a loop must not flood the session: each kind gets a budget per minute. */
function rateLimited<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let windowStart = 0;
  let count = 0;
  return (...args: A) => {
    const now = Date.now();
    if (now - windowStart > 60_000) {
      windowStart = now;
      count = 0;
    }
    if (++count <= CONTEXT_EVENTS_PER_MINUTE) fn(...args);
  };
}

export function captureErrors(emit: EmitCustom): void {
  const report = rateLimited(emit);
  addEventListener('error', (e: ErrorEvent) => {
    report('error', {
      message: clip(e.message),
      stack: e.error && e.error.stack ? clip(e.error.stack, MAX_STACK_LENGTH) : undefined,
      source: e.filename || undefined,
      line: e.lineno || undefined,
      column: e.colno || undefined,
    });
  });
  addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
    const reason = e.reason;
    report('error', {
      message: clip(reason instanceof Error ? reason.message : 'Unhandled rejection: ' + stringify(reason)),
      stack: reason instanceof Error && reason.stack ? clip(reason.stack, MAX_STACK_LENGTH) : undefined,
    });
  });
}

function clipArgument(value: string): string {
  return value.length > MAX_CONSOLE_ARGUMENT_LENGTH ? value.slice(0, MAX_CONSOLE_ARGUMENT_LENGTH) + '…' : value;
}

function stringify(value: unknown): string {
  if (value instanceof Error) return value.stack || value.name + ': ' + value.message;
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/**
 * The page's console messages of the chosen levels as rrweb's console plugin records them, so rrweb's
 * replay plugin can show them: each argument cut to MAX_CONSOLE_ARGUMENT_LENGTH, at most
 * CONTEXT_EVENTS_PER_MINUTE a minute and `budget()` allowing (a cap per session).
 */
export function captureConsole(emit: EmitEvent, levels: string[], budget: () => boolean): void {
  const report = rateLimited((level: string, args: unknown[]) => {
    if (!budget()) return;
    const trace = (new Error().stack || '')
      .split('\n')
      .slice(4, 4 + MAX_TRACE_FRAMES)
      .map((line) => line.trim().replace(/^at /, ''));
    emit({
      type: EVENT_PLUGIN,
      timestamp: Date.now(),
      data: {
        plugin: CONSOLE_PLUGIN,
        payload: { level, trace, payload: args.slice(0, 10).map((a) => JSON.stringify(clipArgument(stringify(a)))) },
      },
    });
  });
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    if (!levels.includes(level)) continue;
    const original = console[level];
    let reporting = false;
    console[level] = function (...args: unknown[]) {
      // A warning raised while recording one must not recurse.
      if (!reporting) {
        reporting = true;
        try {
          report(level, args);
        } catch {
          // The page's own logging must work whatever happens here.
        }
        reporting = false;
      }
      return original.apply(this, args);
    };
  }
}

/** Origin and path only: query strings and fragments often carry tokens and personal data. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url, location.href);
    return u.origin + u.pathname;
  } catch {
    return clip(url.split(/[?#]/)[0], 200);
  }
}

/** Timing of fetch and XMLHttpRequest calls: URL, method, status, duration; never headers or bodies. */
export function captureNetwork(emit: EmitCustom, isOwnRequest: (url: string) => boolean): void {
  const report = rateLimited((url: string, method: string, status: number, start: number, initiator: string) => {
    if (isOwnRequest(url)) return;
    emit('network', {
      url: safeUrl(url),
      method: method.toUpperCase(),
      status,
      durationMs: Math.round(performance.now() - start),
      initiator,
    });
  });

  const originalFetch = window.fetch;
  if (originalFetch) {
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const start = performance.now();
      const request = input instanceof Request ? input : null;
      const url = request ? request.url : String(input);
      const method = (init && init.method) || (request && request.method) || 'GET';
      const result = originalFetch.call(this, input, init);
      result.then(
        (r) => report(url, method, r.status, start, 'fetch'),
        () => report(url, method, 0, start, 'fetch'),
      );
      return result;
    };
  }

  const proto = XMLHttpRequest.prototype;
  const open = proto.open;
  const send = proto.send;
  const calls = new WeakMap<XMLHttpRequest, [string, string]>();
  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
    calls.set(this, [method, String(url)]);
    // eslint-disable-next-line prefer-rest-params
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  } as typeof open;
  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const call = calls.get(this);
    if (call) {
      const start = performance.now();
      this.addEventListener('loadend', () => report(call[1], call[0], this.status, start, 'xhr'));
    }
    return send.call(this, body);
  };
}

/** SPA navigations: the history API and hash changes. */
export function captureNavigation(emit: EmitCustom): void {
  for (const kind of ['pushState', 'replaceState'] as const) {
    const original = history[kind];
    history[kind] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      emit('navigation', { href: location.href, kind });
      return result;
    };
  }
  for (const kind of ['popstate', 'hashchange']) {
    addEventListener(kind, () => emit('navigation', { href: location.href, kind }));
  }
}

function cssIdent(s: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s;
}

/** A short selector that reads well in the console: up to the nearest id, at most five levels. */
function selectorOf(element: Element): string {
  const parts: string[] = [];
  for (let e: Element | null = element; e && parts.length < 5; e = e.parentElement) {
    let part = e.localName;
    if (e.id) {
      parts.unshift(part + '#' + cssIdent(e.id));
      break;
    }
    for (const c of Array.from(e.classList).slice(0, 2)) part += '.' + cssIdent(c);
    const parent = e.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter((s) => s.localName === e!.localName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(e) + 1) + ')';
    }
    parts.unshift(part);
    if (e.localName === 'body') break;
  }
  return parts.join(' > ');
}

export function maskText(text: string): string {
  return text.replace(/[\p{L}\p{N}]/gu, '*');
}

// The server's interactivity rules (docs/FRUSTRATION.md, "Controls"): a control's click should show in
// the page; a click on an element of OUTSIDE_SELECTOR may never reach the DOM (a native picker, a label,
// a new tab or a download, an editable area).
const CONTROL_SELECTOR =
  'button,summary,a[href],input[type=button i],input[type=submit i],input[type=reset i],input[type=image i],' +
  'input[type=checkbox i],input[type=radio i],[role=button i],[role=link i],[role=menuitem i],[role=menuitemcheckbox i],' +
  '[role=menuitemradio i],[role=tab i],[role=checkbox i],[role=radio i],[role=switch i],[role=option i],' +
  '[role=treeitem i],[onclick]';
const OUTSIDE_SELECTOR =
  'select,label,input[type=file i],input[type=color i],input[type=date i],input[type=datetime-local i],' +
  'input[type=month i],input[type=week i],input[type=time i],a[href][download],' +
  'a[href][target]:not([target=""],[target=_self i],[target=_top i],[target=_parent i]),' +
  '[contenteditable]:not([contenteditable=false i])';

/**
 * Whether a click's effect may never reach the DOM, so that it is never dead: the nearest element, the
 * clicked one or an ancestor, that the rules make interactive decides (the icon in a new-tab link). With
 * it in every hint the server need not learn the page's nodes (meta `hints: "complete"`).
 */
export function neverDead(element: Element): boolean {
  const outside = element.closest(OUTSIDE_SELECTOR);
  const control = element.closest(CONTROL_SELECTOR);
  return !!outside && !(control && control !== outside && outside.contains(control));
}

/** The click hint: which element was clicked, whether it looks clickable and whether it can be dead. */
export function clickHint(element: Element, nodeId: number, x: number, y: number, maskAllText: boolean) {
  const field = /^(input|textarea|select)$/.test(element.localName);
  const blocked = element.closest(BLOCK_SELECTOR) || element.querySelector(BLOCK_SELECTOR);
  let text: string | undefined;
  if (!field && !blocked) {
    text = (element.textContent || '').replace(/\s+/g, ' ').trim().slice(0, CLICK_TEXT_MAX);
    if (maskAllText || element.closest(MASKED_TEXT_SELECTOR) || element.querySelector(MASKED_TEXT_SELECTOR)) {
      text = maskText(text);
    }
  }
  const classes = Array.from(element.classList).slice(0, 5);
  return {
    nodeId,
    x,
    y,
    tag: element.localName,
    id: element.id || undefined,
    classes: classes.length ? classes : undefined,
    role: element.getAttribute('role') || undefined,
    text: text || undefined,
    selector: selectorOf(element),
    // clickable by the server's rules (any interactive ancestor counts) or by its cursor
    interactive: !!element.closest(CONTROL_SELECTOR + ',' + OUTSIDE_SELECTOR) || getComputedStyle(element).cursor === 'pointer',
    neverDead: neverDead(element),
  };
}
