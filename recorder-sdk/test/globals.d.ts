// What the test pages and the tests' own scripts put on a page's window, for the type check of the
// tests (tsconfig.test.json); the recorder's own code does not see these.
import type * as Recorder from '../src/index';
import type * as Rrweb from 'rrweb';

declare global {
  interface Window {
    /** The recorder as the snippet installs it: until the bundle arrives, a queue of the calls made. */
    rewind: typeof Recorder & { q?: unknown[][] };
    /** rrweb's own bundle, loaded by the replay page. */
    rrweb: typeof Rrweb;
    /** Set by test/pages/snippet-early.html before the bundle arrives. */
    bundleMissingAtFirstCall: boolean;
    replayUrlBeforeLoad: string | null;
    /** browser.mjs logSends: the page time of each request to the ingest endpoint. */
    rewindSends: number[];
    /** context.test.mjs: resolves at the next hashchange. */
    hashChanged: Promise<void>;
    /** tabs.test.mjs: marks a page, to tell that it came back from the back/forward cache. */
    __beforeLeaving: boolean;
    /** test/pages/heavy.html: stops its updates, so a recording can end on a settled page. */
    stopUpdates: () => void;
    /** assets.test.mjs: whether the DOM changed since the test began to watch, and the sheet it adopted. */
    __mutated: boolean;
    __adopted: CSSStyleSheet;
    /** delivery.test.mjs: how many gzip streams the page's CompressionStream finished. */
    __gzipsStarted: number;
  }
}
