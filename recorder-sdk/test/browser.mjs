// Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core; no browser download.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
