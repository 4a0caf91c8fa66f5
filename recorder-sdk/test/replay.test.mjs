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

/** The events of the recorder's sessions (plain: false) or of plain rrweb's (bench/plain-rrweb.mjs). */
function recordingOf(ingest, plain) {
  const ids = ingest.sessionIds().filter((id) => id.startsWith('plainrrweb') === plain);
  return {
    events: ids.flatMap((id) => ingest.events(id)),
    // every chunk up to the newest (a chunk still compressing may arrive after a later one)
    complete: ids.length === 1 && ingest.chunksOf(ids[0]).every((c, i) => c.seq === i),
  };
}

const isMutation = (e) => e.type === 3 && e.data.source === 0;
const addsEnd = (e) => isMutation(e) && e.data.adds.some((a) => a.node.attributes && a.node.attributes.id === 'end');

/** Replays the events to their end in rrweb's Replayer: the table and whether the end marker is there. */
async function replayed(context, site, events) {
  const replay = await context.newPage();
  await replay.goto(`${site}/replay`);
  const shown = await replay.evaluate((events) => {
    const replayer = new window.rrweb.Replayer(events, { root: document.getElementById('player') });
    // (the Replayer applies at once only what comes before the time it pauses at: the last event too)
    replayer.pause(replayer.getMetaData().totalTime + 1);
    const doc = replayer.iframe.contentDocument;
    return { grid: doc.getElementById('grid').outerHTML, end: !!doc.getElementById('end') };
  }, events);
  await replay.close();
  return shown;
}

test('the heavy page replays to its final DOM from the recorder and from plain rrweb, and the recorder sends replaced texts as text changes', async () => {
  // given the heavy page (200 cell updates a second, a row replaced each second) recorded by the
  // recorder and, on the same page, by plain rrweb, while the visitor moves the mouse
  const heavy = await startServers();
  const { ingest, site } = heavy;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/heavy`);
  await waitForRecording(page, ingest);
  await page.evaluate((endpoint) => {
    const script = document.createElement('script');
    script.src = '/bench/dist/plain-rrweb.js';
    script.dataset.endpoint = endpoint;
    script.dataset.key = 'pk_test_0123456789abcdef';
    document.head.append(script);
  }, heavy.endpoint);
  const rowsReplaced = (events) => events.filter((e) => isMutation(e) && e.data.adds.some((a) => a.node.tagName === 'tr')).length;
  for (let step = 0; rowsReplaced(recordingOf(ingest, true).events) < 3 || rowsReplaced(recordingOf(ingest, false).events) < 3; step++) {
    await page.mouse.move(100 + ((step * 37) % 1000), 100 + ((step * 53) % 600), { steps: 3 });
    if (step > 2000) throw new Error('timed out waiting for three row replacements in both recordings');
  }
  // the pointer rests on the heading, as both recordings show (the replay marks what it hovers), the
  // updates stop and an end marker is added: both recordings send it within their batch
  const onHeading = (e) => e.type === 3 && e.data.source === 1 && e.data.positions.some((p) => p.y === 20);
  for (let step = 0; ![true, false].every((plain) => recordingOf(ingest, plain).events.some(onHeading)); step++) {
    await page.mouse.move(20 + (step % 2), 20);
    if (step > 2000) throw new Error('timed out waiting for the pointer on the heading in both recordings');
  }
  const live = await page.evaluate(() => {
    window.stopUpdates();
    const end = document.createElement('p');
    end.id = 'end';
    document.body.append(end);
    return document.getElementById('grid').outerHTML;
  });
  await ingest.waitFor(
    () =>
      [true, false].every((plain) => {
        const recording = recordingOf(ingest, plain);
        return recording.complete && recording.events.some(addsEnd);
      }),
    'both recordings up to the end marker',
    30_000,
  );
  const ours = recordingOf(ingest, false).events;
  const plain = recordingOf(ingest, true).events;

  // when each recording is replayed to its end
  const fromOurs = await replayed(context, site, ours);
  const fromPlain = await replayed(context, site, plain);

  // then both replays show the live page's final table, and the recorder sent the cell updates as text
  // changes (plain rrweb: a removed and an added text node each)
  assert.ok(fromOurs.end && fromPlain.end, 'both replays reach the end marker');
  assert.equal(fromPlain.grid, live, 'plain rrweb replays the live table');
  assert.equal(fromOurs.grid, live, "the recorder's replay shows the live table");
  const count = (events, part, filter = () => true) =>
    events.filter(isMutation).reduce((n, e) => n + e.data[part].filter(filter).length, 0);
  const textAdds = (events) => count(events, 'adds', (a) => a.node.type === 3);
  assert.ok(count(ours, 'texts') > 5 * textAdds(ours), `text changes ${count(ours, 'texts')}, text nodes added ${textAdds(ours)}`);
  assert.ok(textAdds(plain) > 5 * count(plain, 'texts'), 'plain rrweb adds a text node per update');
  await context.close();
  await heavy.close();
});
