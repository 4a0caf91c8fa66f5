// The replay's asset URLs, rewritten to the tenant's stored copies (docs/ASSETS.md): before an event
// reaches the Replayer, every URL the session's recorder stored (the detail's `assets`, recorded URL to a
// short-lived URL of the copy) is replaced in attributes, inline styles, style sheets' text and the
// style rules of mutations; a URL with no stored copy plays as recorded. The iframe's sandbox and the
// console's CSP are the same as without them.
import type { RecordedEvent } from '../types';

const URL_KEYS: Record<string, true> = { src: true, href: true, poster: true, 'xlink:href': true };
const CSS_KEYS: Record<string, true> = { style: true, _cssText: true, textContent: true, rule: true, value: true, cssText: true };
const URL_IN_CSS = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

export class AssetRewriter {
  /** Recorded URL to the current URL of its copy. */
  private readonly copies = new Map<string, string>();
  /** A recorded URL's normal form to the first recorded URL that has it. */
  private readonly byNormal = new Map<string, string>();
  /** Every copy URL handed out so far, to its recorded URL: a renewal finds the events' older copy URLs by it. */
  private readonly recordedByCopy = new Map<string, string>();

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

  /** Rewrites the events in place (the Replayer keeps them, so seeking rebuilds from the rewritten ones). */
  rewrite(events: RecordedEvent[]): void {
    if (!this.copies.size) return;
    // a snapshot nests as deep as the page: walked with a stack, not recursion
    const todo: unknown[] = events.map((e) => e.data);
    while (todo.length) {
      const holder = todo.pop();
      if (!holder || typeof holder !== 'object') continue;
      const record = holder as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const value = record[key];
        if (typeof value === 'string') {
          if (URL_KEYS[key]) record[key] = this.copy(value) ?? value;
          else if (key === 'srcset') record[key] = this.srcset(value);
          else if (CSS_KEYS[key] && value.indexOf('url(') >= 0) record[key] = this.css(value);
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

  private css(text: string): string {
    return text.replace(URL_IN_CSS, (match, _quote: string, url: string) => {
      const copy = this.copy(url);
      return copy ? `url("${copy}")` : match;
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

function normalize(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
