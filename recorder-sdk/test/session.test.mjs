// Sessions: one per tab, a new one after 30 minutes idle or 4 hours in all, tested with a
// controllable clock (Playwright's page.clock fakes Date and timers inside the page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserAndServers, isClick, waitForRecording, hideAndShow, mutate } from './browser.mjs';

const MINUTE = 60_000;
const setup = browserAndServers();
const { fresh } = setup;

async function openWithClock(site, ingest, startTime) {
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install({ time: startTime });
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  return { context, page };
}

const flush = hideAndShow;

test('30 minutes without activity ends the session; the next activity starts a new one', async () => {
  // given a session with one click
  const { ingest, site } = await fresh();
  const t0 = new Date('2026-03-02T09:00:00Z').getTime();
  const { context, page } = await openWithClock(site, ingest, t0);
  await page.click('#buy');
  const first = ingest.sessionIds()[0];

  // when nothing happens for 31 minutes but a timer on the page, then the visitor clicks again
  await page.clock.fastForward(31 * MINUTE);
  await mutate(page, 'changed while idle');
  await page.click('#buy');
  await flush(page);
  await ingest.waitFor(() => ingest.sessionIds().length === 2 && ingest.visitComplete(), 'a second session, all its chunks');

  // then the second click belongs to a new session that starts with its own full snapshot
  const second = ingest.sessionIds().find((id) => id !== first);
  assert.equal(ingest.events(first).filter(isClick).length, 1);
  await ingest.waitFor(() => ingest.events(second).some(isClick) && ingest.visitComplete(), 'the click in the new session');
  const events = ingest.events(second);
  assert.equal(ingest.chunksOf(second)[0].seq, 0);
  assert.equal(events[0].type, 4, 'the new session opens with a Meta event');
  assert.equal(events[1].type, 2, 'then a full snapshot');
  assert.ok(events[0].timestamp >= t0 + 31 * MINUTE);
  const idleMutations = ingest
    .events()
    .filter((e) => e.type === 3 && e.data.source === 0 && JSON.stringify(e).includes('changed while idle'));
  assert.deepEqual(idleMutations, [], 'nothing is recorded while the session is idle');
  assert.ok(JSON.stringify(events[1]).includes('changed while idle'), 'the new snapshot shows the page as it is now');
  await context.close();
});

test('a reload after 30 idle minutes starts a new session; one before does not', async () => {
  const { ingest, site } = await fresh();
  const { context, page } = await openWithClock(site, ingest, new Date('2026-03-02T09:00:00Z').getTime());
  await page.clock.fastForward(29 * MINUTE);
  await page.reload();
  await flush(page);
  await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length >= 2, 'the second page load');
  assert.equal(ingest.sessionIds().length, 1, '29 minutes: same session');

  await page.clock.fastForward(31 * MINUTE);
  await page.reload();
  await ingest.waitFor(() => ingest.sessionIds().length === 2, 'a new session after 31 idle minutes');
  await context.close();
});

test('a session ends after 4 hours even when the visitor never stops', async () => {
  // given a visitor who clicks every 20 minutes
  const { ingest, site } = await fresh();
  const t0 = new Date('2026-03-02T09:00:00Z').getTime();
  const { context, page } = await openWithClock(site, ingest, t0);
  for (let elapsed = 0; elapsed <= 4 * 60 + 20; elapsed += 20) {
    await page.click('#buy');
    await page.clock.fastForward(20 * MINUTE);
  }
  await flush(page);
  await ingest.waitFor(() => ingest.sessionIds().length === 2 && ingest.visitComplete(), 'a second session, all its chunks');

  // then the first session covers at most 4 hours and the second continues the clicks
  const [first, second] = ingest.sessionIds();
  const firstEvents = ingest.events(first);
  const span = Math.max(...firstEvents.map((e) => e.timestamp)) - Math.min(...firstEvents.map((e) => e.timestamp));
  assert.ok(span <= 4 * 60 * MINUTE + MINUTE, `the first session spans ${span / MINUTE} minutes`);
  assert.ok(ingest.events(first).filter(isClick).length >= 12);
  await ingest.waitFor(() => ingest.events(second).some(isClick) && ingest.visitComplete(), 'clicks in the second session');
  assert.equal(ingest.events(second).find((e) => e.type === 2) !== undefined, true, 'the second session has its full snapshot');
  assert.equal(
    ingest.events(first).filter(isClick).length + ingest.events(second).filter(isClick).length,
    14,
    'no click lost at the boundary',
  );
  await context.close();
});

test('a full snapshot is taken again every 5 minutes', async () => {
  const { ingest, site } = await fresh();
  const { context, page } = await openWithClock(site, ingest, new Date('2026-03-02T09:00:00Z').getTime());
  for (let minute = 0; minute < 12; minute++) {
    await page.clock.fastForward(MINUTE);
    await page.mouse.move(10 + minute, 10);
    await mutate(page, String(minute));
  }
  await flush(page);
  await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length >= 3, 'two checkouts in 12 minutes');
  assert.equal(ingest.sessionIds().length, 1);
  await context.close();
});

test('the sampling decision is taken once per session and kept across reloads', async () => {
  // given a session the server samples out
  const { ingest, site } = await fresh();
  ingest.config = { ...ingest.config, recording: false, sampleRate: 0 };
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z').getTime() });
  await page.goto(`${site}/basic`);
  await ingest.waitFor(() => ingest.requests.some((r) => r.path === '/v1/ingest/config'), 'the config call');
  await page.click('#buy');
  await flush(page);
  await page.clock.fastForward(10_000);

  // when the tenant's rate changes and the page reloads, the session stays unrecorded
  ingest.config = { ...ingest.config, recording: true, sampleRate: 1 };
  // (more than the config answer's 5-minute max-age later: the browser asks again)
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await page.reload();
  await ingest.waitFor(() => ingest.requests.filter((r) => r.path === '/v1/ingest/config').length === 2, 'the second config call');
  await page.click('#buy');
  await flush(page);
  await page.clock.fastForward(10_000);
  assert.equal(await page.evaluate(() => window.rewind.getReplayUrl()), null);

  // then a new session (after 31 idle minutes) takes a new decision with the current rate
  await page.clock.fastForward(31 * MINUTE);
  await page.click('#buy');
  await flush(page);
  await ingest.waitFor(() => ingest.events().some(isClick), 'the new session is recorded');
  assert.ok(await page.evaluate(() => window.rewind.getReplayUrl()));
  // the new session's chunks leave the page after anything the sampled-out one could have sent
  assert.equal(ingest.sessionIds().length, 1);
  assert.deepEqual(
    ingest.ingestAttempts().filter((r) => r.sessionId !== ingest.sessionIds()[0]),
    [],
    'nothing sent for a sampled-out session',
  );
  await context.close();
});

test('an ingest answer of recording:false stops the session', async () => {
  const { ingest, site } = await fresh();
  ingest.answer = { accepted: true, recording: false };
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  const stopped = ingest.sessionIds()[0];
  await page.waitForFunction(() => window.rewind.getReplayUrl() === null); // the answer reached the page
  const attempts = ingest.ingestAttempts().length;
  await page.click('#buy');
  await flush(page);
  await page.reload();
  await page.click('#buy');
  await flush(page);
  assert.equal(await page.evaluate(() => window.rewind.getReplayUrl()), null);

  // the next session of the tab (after 31 idle minutes) is recorded; its first chunk leaves the page
  // after anything the stopped session could have sent
  ingest.answer = { accepted: true };
  await page.clock.fastForward(31 * MINUTE);
  await page.click('#buy');
  await flush(page);
  await ingest.waitFor(() => ingest.sessionIds().length === 2, 'the next session');
  assert.equal(ingest.ingestAttempts().filter((r) => r.sessionId === stopped).length, attempts, 'nothing more was sent');
  await context.close();
});

test('a 410 session_deleted ends the session: what the visitor does next is recorded as a new one', async () => {
  // given a recorded page whose session is then deleted on the server
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  const [deleted] = ingest.sessionIds();
  ingest.deletedSessions.add(deleted);

  // when the visitor goes on clicking
  await page.click('#buy');
  await flush(page);
  await ingest.waitFor(() => ingest.ingestAttempts().some((r) => r.status === 410), 'the 410');
  await page.click('#buy');
  await flush(page);
  await ingest.waitFor(() => ingest.sessionIds().length === 2, 'a new session');
  const next = ingest.sessionIds().find((id) => id !== deleted);
  await ingest.waitFor(() => ingest.events(next).some(isClick), "the new session's click");

  // then the new session starts at seq 0 with a full snapshot, and nothing more is sent for the deleted one
  assert.notEqual(next, deleted);
  assert.equal(ingest.chunksOf(next)[0].seq, 0);
  assert.ok(
    ingest.events(next).some((e) => e.type === 2),
    'a full snapshot to replay from',
  );
  const attempts = ingest.ingestAttempts();
  const firstOfNext = attempts.findIndex((r) => r.sessionId === next);
  assert.deepEqual(
    attempts.slice(firstOfNext).filter((r) => r.sessionId === deleted),
    [],
  );
  assert.ok((await page.evaluate(() => window.rewind.getReplayUrl())).endsWith(`/sessions/${next}`));
  await context.close();
});

test('identify() ignores a user id the server would refuse, and the session is still recorded', async () => {
  // given a recorded page
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);

  // when the site identifies the visitor with ids the server refuses, then with a good one
  await page.evaluate(() => {
    window.rewind.identify('u'.repeat(257));
    window.rewind.identify('ada\tlovelace');
    window.rewind.identify('ada-42');
  });
  await page.click('#buy');
  await flush(page);
  await ingest.waitFor(() => ingest.events().some(isClick), 'the click');

  // then only the good id was sent, in the identify event and in the meta of the chunks after it
  const ids = ingest.customEvents('identify').map((e) => e.data.payload.userId);
  assert.deepEqual(ids, ['ada-42']);
  assert.equal(ingest.chunks.at(-1).meta.userId, 'ada-42');
  await context.close();
});

test("a session close to the server's 5,000-chunk limit rolls over instead of being refused", async () => {
  // given a tab whose session has already sent 4,985 chunks
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  await context.addInitScript(() => {
    if (sessionStorage.getItem('rewind:session')) return;
    const now = Date.now();
    sessionStorage.setItem(
      'rewind:session',
      JSON.stringify({ id: 'LongLivedSession_0001', startedAt: now, lastActivityAt: now, seq: 4985, recording: true }),
    );
  });
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);

  // when it keeps sending
  for (let i = 0; i < 8; i++) {
    await page.click('#buy');
    await flush(page);
    await ingest.waitFor(() => ingest.chunks.length > i + 1, 'chunk ' + i);
  }
  await ingest.waitFor(() => ingest.sessionIds().length === 2, 'a new session');

  // then the old session stops below seq 4,990 and the new one starts at 0 with a full snapshot
  const old = ingest.chunksOf('LongLivedSession_0001');
  assert.equal(old[0].seq, 4985);
  assert.ok(
    old.every((c) => c.seq < 4990),
    `old seqs: ${old.map((c) => c.seq)}`,
  );
  const fresh2 = ingest.sessionIds().find((id) => id !== 'LongLivedSession_0001');
  await ingest.waitFor(() => ingest.events(fresh2).some((e) => e.type === 2), "the new session's snapshot");
  assert.equal(ingest.chunksOf(fresh2)[0].seq, 0);
  await context.close();
});

test('a session asks for its config once, however many pages it has', async () => {
  // given a recorded page
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);

  // when the visitor opens two more pages of the site in the same tab
  await page.goto(`${site}/basic?second`);
  await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length >= 2, 'the second page recorded');
  await page.goto(`${site}/basic?third`);
  await ingest.waitFor(() => ingest.events().filter((e) => e.type === 2).length >= 3, 'the third page recorded');

  // then the config answer (cacheable for 5 minutes) served all three, and all went to one session
  assert.equal(ingest.requests.filter((r) => r.path === '/v1/ingest/config').length, 1);
  assert.equal(ingest.sessionIds().length, 1);
  await context.close();
});
