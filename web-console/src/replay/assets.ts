// The replay's asset URLs, rewritten to the tenant's stored copies (docs/ASSETS.md): before an event
// reaches the Replayer, every URL the session's recorder stored (the detail's `assets`, recorded URL to a
// short-lived URL of the copy) is replaced in attributes, inline styles, style sheets' text, the style
// rules of mutations and the rule texts of rrweb's style events (rules inserted through the CSSOM,
// sheets replaced or adopted, declarations set); a URL with no stored copy plays as recorded. The
// iframe's sandbox and the console's CSP are the same as without them.
import { EVENT_INCREMENTAL, EVENT_META, SOURCE_ADOPTED_STYLE_SHEET, SOURCE_STYLE_DECLARATION, SOURCE_STYLE_SHEET_RULE } from '../constants';
import type { RecordedEvent } from '../types';

const URL_KEYS: Record<string, true> = { src: true, href: true, poster: true, 'xlink:href': true };
const CSS_KEYS: Record<string, true> = {
  style: true,
  _cssText: true,
  textContent: true,
  rule: true,
  value: true,
  cssText: true,
  replace: true,
  replaceSync: true,
};
/**
 * The style events whose rule texts rrweb records as the page wrote them, relative url()s included
 * (insertRule's argument, replace/replaceSync's text, a declaration's value, an adopted constructed sheet's
 * rules): these resolve against the page's URL, as the page's browser resolved them.
 */
const STYLE_SOURCES: Record<number, true> = {
  [SOURCE_STYLE_SHEET_RULE]: true,
  [SOURCE_STYLE_DECLARATION]: true,
  [SOURCE_ADOPTED_STYLE_SHEET]: true,
};
const URL_IN_CSS = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

export class AssetRewriter {
  /** Recorded URL to the current URL of its copy. */
  private readonly copies = new Map<string, string>();
  /** A recorded URL's normal form to the first recorded URL that has it. */
  private readonly byNormal = new Map<string, string>();
  /** Every copy URL handed out so far, to its recorded URL: a renewal finds the events' older copy URLs by it. */
  private readonly recordedByCopy = new Map<string, string>();
  /** The recorded page's URL, from the latest meta event rewritten. */
  private pageUrl: string | null = null;

  constructor(copies: Record<string, string> | undefined) {
    this.renew(copies);
  }

  get size(): number {
    return this.copies.size;
  }

  /**
   * Fresh URLs of the same copies (they are short-lived). Returns whether any changed: then `rewrite` of
   * events rewritten before puts the fresh URLs in place of the older ones.
   */
  renew(copies: Record<string, string> | undefined): boolean {
    let changed = false;
    for (const [url, copy] of Object.entries(copies || {})) {
      if (typeof copy !== 'string' || !/^https?:/.test(copy)) continue;
      if (this.copies.get(url) !== copy) changed = true;
      this.copies.set(url, copy);
      this.recordedByCopy.set(copy, url);
      const normal = normalize(url);
      if (normal && !this.byNormal.has(normal)) this.byNormal.set(normal, url);
    }
    return changed;
  }

  /**
   * Rewrites the events in place (the Replayer keeps them, so seeking rebuilds from the rewritten ones),
   * in their order: each meta event gives the page URL the style events after it resolve against.
   */
  rewrite(events: RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as Record<string, unknown> | null;
      if (!data || typeof data !== 'object') continue;
      if (event.type === EVENT_META) {
        if (typeof data.href === 'string') this.pageUrl = data.href;
      } else if (event.type === EVENT_INCREMENTAL && STYLE_SOURCES[data.source as number]) {
        // relative url()s become absolute even without a copy: the replay frame would resolve them against the console
        this.walk(data, this.pageUrl);
      } else if (this.copies.size) {
        this.walk(data, null);
      }
    }
  }

  /** One event's data; `base` resolves relative url()s (style events only, see STYLE_SOURCES). */
  private walk(data: Record<string, unknown>, base: string | null): void {
    // a snapshot nests as deep as the page: walked with a stack, not recursion
    const todo: unknown[] = [data];
    while (todo.length) {
      const holder = todo.pop();
      if (!holder || typeof holder !== 'object') continue;
      const record = holder as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const value = record[key];
        if (typeof value === 'string') {
          if (URL_KEYS[key]) record[key] = this.copy(value) ?? value;
          else if (key === 'srcset') record[key] = this.srcset(value);
          else if (CSS_KEYS[key] && value.indexOf('url(') >= 0) record[key] = this.css(value, base);
        } else if (value && typeof value === 'object') {
          todo.push(value);
        }
      }
    }
  }

  private copy(url: string): string | undefined {
    const recorded = this.recordedByCopy.get(url) ?? (this.copies.has(url) ? url : this.byNormal.get(normalize(url) || ''));
    return recorded === undefined ? undefined : this.copies.get(recorded);
  }

  private css(text: string, base: string | null): string {
    return text.replace(URL_IN_CSS, (match, _quote: string, url: string) => {
      const absolute = base ? resolve(url, base) : url;
      const copy = this.copy(absolute);
      return copy ? `url("${copy}")` : absolute !== url ? `url("${absolute}")` : match;
    });
  }

  /** Only the candidates with a stored copy stay, so the replay's browser cannot pick one that is gone. */
  private srcset(value: string): string {
    const candidates = value
      .split(/,\s+/)
      .map((c) => c.trim())
      .filter(Boolean);
    const stored = candidates
      .map((c) => {
        const [url, ...descriptor] = c.split(/\s+/);
        const copy = this.copy(url);
        return copy ? [copy, ...descriptor].join(' ') : null;
      })
      .filter((c): c is string => c !== null);
    return stored.length ? stored.join(', ') : value;
  }
}

/** A relative URL against the page's; an absolute one (data:, blob: too) and a fragment (an SVG's #id) as they are. */
function resolve(url: string, base: string): string {
  if (url.charAt(0) === '#' || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function normalize(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
