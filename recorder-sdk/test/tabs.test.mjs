// Two pages never write one session's seqs. A tab opened with window.open (or "Duplicate tab") gets a
// copy of sessionStorage and, with it, the session of a page that is still recording; a page restored
// from the back/forward cache comes back to a session its tab's later pages went on with. The endpoint
// (test/server.mjs) refuses a different chunk under a seq already stored with 409, as the server does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserAndServers, CHROMIUM_PATH, hideAndShow, isClick, waitForRecording } from './browser.mjs';
import { chromium } from 'playwright-core';

const setup = browserAndServers();
const { fresh } = setup;

/** Every session's seqs run 0, 1, 2 … without a gap. */
function contiguous(ingest) {
  return ingest.sessionIds().every((id) => ingest.chunksOf(id).every((c, i) => c.seq === i));
}

test('a tab opened with window.open records a session of its own, opened from the first, and no chunk is refused', async () => {
  // given a page that records and has sent some chunks
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.click('#buy');
  await hideAndShow(page);
  await ingest.waitFor(() => ingest.events().some(isClick), 'the first click');
  const first = ingest.sessionIds()[0];

  // when it opens a copy of itself (the browser copies its sessionStorage) and both go on recording
  const [copy] = await Promise.all([context.waitForEvent('page'), page.evaluate(() => void window.open(location.href))]);
  await copy.waitForLoadState();
  await ingest.waitFor(() => ingest.sessionIds().length === 2, 'a session for the copy');
  await copy.click('#buy');
  await page.click('#buy');
  await page.click('#buy');
  await hideAndShow(copy);
  await hideAndShow(page);

  // then the copy's session is its own, names the first as its opener, and every chunk of both arrived
  const second = ingest.sessionIds().find((id) => id !== first);
  await ingest.waitFor(
    () => ingest.events(second).filter(isClick).length === 1 && ingest.events(first).filter(isClick).length === 3 && contiguous(ingest),
    'the clicks of both tabs, in sessions without gaps',
  );
  assert.deepEqual(ingest.conflicts, [], 'no chunk was refused');
  assert.equal(ingest.sessionIds().length, 2);
  assert.ok(
    ingest.chunksOf(second).every((c) => c.meta.openerSessionId === first),
    'every chunk of the copy names its opener',
  );
  assert.ok(
    ingest.chunksOf(first).every((c) => c.meta.openerSessionId === undefined),
    'the first session has no opener',
  );
  const copyEvents = ingest.events(second);
  assert.equal(copyEvents[0].type, 4, 'the copy opens with a Meta event');
  assert.equal(copyEvents[1].type, 2, 'then its own full snapshot');
  assert.equal(ingest.chunksOf(second)[0].seq, 0);

  // and a reload of the copy stays in the copy's session
  await copy.reload();
  await ingest.waitFor(() => ingest.events(second).filter((e) => e.type === 2).length === 2, 'the reloaded copy');
  assert.equal(ingest.sessionIds().length, 2);
  await context.close();
});

test('a chunk refused with 409 (another tab writes the session) moves the recorder to a session opened from the old one', async () => {
  // given a recording page whose next seq another tab has already filled
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await hideAndShow(page);
  await ingest.waitFor(() => contiguous(ingest) && ingest.chunks.length > 0, 'the first chunks');
  const first = ingest.sessionIds()[0];
  const nextSeq = await page.evaluate(() => JSON.parse(sessionStorage.getItem('rewind:session')).seq);
  ingest.accepted.set(first + '/' + nextSeq, '{"another":"tab"}');

  // when the page sends its next chunk, which is refused, and goes on
  await page.click('#buy');
  await hideAndShow(page);
  await ingest.waitFor(() => ingest.conflicts.length === 1 && ingest.sessionIds().length === 2, 'the refusal and a new session');
  await page.click('#buy');
  await hideAndShow(page);

  // then the new session is opened from the old one, starts from a full snapshot, says what was dropped, and records on
  const second = ingest.sessionIds().find((id) => id !== first);
  await ingest.waitFor(() => ingest.events(second).some(isClick), 'the click after the refusal');
  assert.ok(ingest.chunksOf(second).every((c) => c.meta.openerSessionId === first));
  assert.ok(
    ingest.events(second).some((e) => e.type === 2),
    'a full snapshot of its own',
  );
  const dropped = ingest.customEvents('dropped', second);
  assert.equal(dropped.length, 1);
  assert.ok(dropped[0].data.payload.events >= 1, 'the refused chunk is reported as dropped');
  assert.equal(ingest.chunksOf(first).filter((c) => c.seq === nextSeq).length, 0, 'the other tab keeps its seq');
  assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('rewind:session')).id), second);
  await context.close();
});

test('a page restored from the back/forward cache goes on after the seqs its tab used meanwhile', async () => {
  // given a browser with the back/forward cache on (Playwright turns it off by default)
  const { ingest, site } = await fresh();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${site}/basic`);
    await waitForRecording(page, ingest);
    await page.click('#buy');
    await page.evaluate(() => (window.__beforeLeaving = true));

    // when the tab goes to another page, which records on in the same session, and comes back
    await page.goto(`${site}/basic?second-page`);
    await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length === 2, 'the second page recording');
    await page.click('#buy');
    await hideAndShow(page);
    await page.goBack({ waitUntil: 'commit' }); // a page from the cache fires no load event
    assert.equal(await page.evaluate(() => window.__beforeLeaving), true, 'the first page came back from the cache');
    // the visitor looks at the page a moment (the recorder's next chunk leaves 30 s later in real life)
    await page.waitForFunction(() => !JSON.parse(sessionStorage.getItem('rewind:session')).owner);
    await page.click('#buy');
    await hideAndShow(page);

    // then the restored page's chunks come after the second page's: one session, no seq written twice
    await ingest.waitFor(() => ingest.events().filter(isClick).length === 3 && contiguous(ingest), 'all three clicks, no gap');
    assert.deepEqual(ingest.conflicts, [], 'no chunk was refused');
    assert.equal(ingest.sessionIds().length, 1);
  } finally {
    await browser.close();
  }
});
