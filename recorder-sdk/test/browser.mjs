// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core; no browser download.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startServers } from './server.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The set-up most test files share: one browser for the file (`setup.browser`), and `setup.fresh()`
 * for a new pair of servers (site and ingest endpoint) per test; all of it is closed after the file.
 */
export function browserAndServers() {
  const setup = {
    browser: undefined,
    servers: undefined,
    async fresh() {
      if (setup.servers) await setup.servers.close();
      setup.servers = await startServers();
      return setup.servers;
    },
  };
  before(async () => {
    setup.browser = await launchBrowser();
  });
  after(async () => {
    await setup.browser.close();
    if (setup.servers) await setup.servers.close();
  });
  return setup;
}

/** rrweb's click event: IncrementalSnapshot / MouseInteraction / Click. */
export function isClick(event) {
  return event.type === 3 && event.data.source === 2 && event.data.type === 2;
}

/** Waits until the recorder has started rrweb (its first full snapshot is out of the page). */
export async function waitForRecording(page, ingest) {
  await ingest.waitFor(() => ingest.events().some((e) => e.type === 2), 'the first full snapshot');
}

/** Hides and shows the page again: the recorder sends everything it holds, as on a tab switch. */
export async function hideAndShow(page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

/**
 * Changes the text of #counter and resolves once the page's mutation observers have seen it: rrweb's
 * observer was registered before this one, so the change is recorded (or ignored) by then.
 */
export function mutate(page, text) {
  return page.evaluate(
    (value) =>
      new Promise((resolve) => {
        const counter = document.getElementById('counter');
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(counter, { childList: true, characterData: true, subtree: true });
        counter.textContent = value;
      }),
    text,
  );
}

/**
 * Keeps, inside the page, the page-clock time at which each request to the ingest endpoint was sent
 * (`window.rewindSends`, read with sendTimes). Added before the page loads: the recorder keeps the
 * fetch it finds then.
 */
export function logSends(context) {
  return context.addInitScript(() => {
    const nativeFetch = window.fetch;
    window.rewindSends = [];
    window.fetch = function (input, init) {
      if (String(input).includes('/v1/ingest?')) window.rewindSends.push(Date.now());
      return nativeFetch.call(this, input, init);
    };
  });
}

export function sendTimes(page) {
  return page.evaluate(() => window.rewindSends);
}
