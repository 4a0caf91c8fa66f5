// What the recorder sends is a recording rrweb's own Replayer can play, custom events included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServers } from './server.mjs';
import { launchBrowser, isClick, waitForRecording } from './browser.mjs';

let browser;
let servers;
before(async () => {
  browser = await launchBrowser();
  servers = await startServers();
});
after(async () => {
  await browser.close();
  await servers.close();
});

test('the chunks of a visit, in seq order, replay the page as the visitor saw it', async () => {
  // given a recorded visit with a click, typing and a DOM change
  const { ingest, site } = servers;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/privacy`);
  await waitForRecording(page, ingest);
  await page.click('#name');
  await page.keyboard.type('Someone');
  await page.evaluate(() => document.querySelector('h1').append(' (changed)'));
  await page.click('#submit');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete() && ingest.events().some(isClick), 'the whole visit');

  // when rrweb's Replayer plays the events to their end
  const replay = await context.newPage();
  await replay.goto(`${site}/replay`);
  const shown = await replay.evaluate((events) => {
    const replayer = new window.rrweb.Replayer(events, { root: document.getElementById('player') });
    replayer.pause(replayer.getMetaData().totalTime);
    const doc = replayer.iframe.contentDocument;
    return { heading: doc.querySelector('h1').textContent, name: /** @type {HTMLInputElement} */ (doc.querySelector('#name')).value };
  }, ingest.events());

  // then the replayed page shows the change and the masked input
  assert.equal(shown.heading, 'Visible heading (changed)');
  assert.equal(shown.name, '*******');
  await context.close();
});
