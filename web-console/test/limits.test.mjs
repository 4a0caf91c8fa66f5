// Per-tenant limits through the local runner (docs/INGEST.md, "Per-tenant limits"): a tenant flooding
// ingest gets 429 rate_limited while another tenant's chunks are all accepted, and a quota_exceeded
// reaches the recorder in Chromium, which sends nothing more from that page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callApi, launchBrowser, setPlan, signUp, startRunner, startSite, waitFor, withCleanup } from './harness.mjs';
import { generatedSession } from './fixtures.mjs';

const CHUNKS = 15;

/** One chunk as the recorder posts it without gzip: a CORS-simple text/plain body, the key in the query. */
async function postChunk(runner, ingestKey, sessionId) {
  const events = generatedSession(1).events.slice(0, 4);
  const response = await fetch(`${runner.url}/v1/ingest?key=${encodeURIComponent(ingestKey)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ sessionId, seq: 0, events, meta: { url: 'https://shop.example/generated' } }),
  });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
}

async function listed(runner, apiKey) {
  const { status, body } = await callApi(runner, 'GET', '/v1/sessions?limit=100', { key: apiKey });
  assert.equal(status, 200);
  return body.sessions.map((s) => s.sessionId);
}

test("a tenant flooding ingest is refused 429 while another tenant's chunks are all accepted", async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('limits');
    cleanup(() => runner.stop());
    // given: a tenant on a plan of 5 chunks a minute, and a tenant on the default plan
    const flood = await signUp(runner, 'Flood Co');
    const quiet = await signUp(runner, 'Quiet Co');
    await setPlan(runner, flood.tenantId, { chunksPerMinute: 5, sessionsPerMonth: 1_000_000 });

    // when: both send 15 chunks, each starting a session, turn about
    const floodAnswers = [];
    const quietAnswers = [];
    for (let i = 0; i < CHUNKS; i++) {
      floodAnswers.push({
        sessionId: `flood-session-${String(i).padStart(6, '0')}`,
        ...(await postChunk(runner, flood.ingestKey, `flood-session-${String(i).padStart(6, '0')}`)),
      });
      quietAnswers.push({
        sessionId: `quiet-session-${String(i).padStart(6, '0')}`,
        ...(await postChunk(runner, quiet.ingestKey, `quiet-session-${String(i).padStart(6, '0')}`)),
      });
    }

    // then: the flooding tenant got 429 rate_limited with Retry-After beyond its plan (two minutes at most,
    // should the minute turn during the run), and only what was accepted is stored
    const accepted = floodAnswers.filter((a) => a.status === 202);
    const refused = floodAnswers.filter((a) => a.status !== 202);
    assert.ok(refused.length >= CHUNKS - 10, `refused ${refused.length} of ${CHUNKS}`);
    for (const answer of refused) {
      assert.equal(answer.status, 429);
      assert.equal(answer.body.error.code, 'rate_limited');
      assert.match(answer.retryAfter ?? '', /^[1-9][0-9]*$/);
    }
    assert.deepEqual((await listed(runner, flood.apiKey)).sort(), accepted.map((a) => a.sessionId).sort());
    // and every chunk of the other tenant was accepted and stored
    assert.deepEqual(
      quietAnswers.map((a) => a.status),
      quietAnswers.map(() => 202),
    );
    assert.deepEqual((await listed(runner, quiet.apiKey)).sort(), quietAnswers.map((a) => a.sessionId).sort());
  });
});

test('quota_exceeded reaches the recorder in Chromium, which sends nothing more from the page', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('quota');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    // given: a tenant whose sessions of the month are used up (a plan of none), its snippet on a site
    const capped = await signUp(runner, 'Capped Co');
    await setPlan(runner, capped.tenantId, { chunksPerMinute: 60_000, sessionsPerMonth: 0 });
    const site = await startSite({
      '/': `<!doctype html><html><head><meta charset="utf-8"><title>Capped shop</title>${capped.snippet}</head>
<body><h1>Capped shop</h1><button id="buy" type="button">Buy</button><p id="note">nothing bought</p>
<script>document.getElementById('buy').addEventListener('click', function () { document.getElementById('note').textContent = 'bought'; });</script>
</body></html>`,
    });
    cleanup(() => site.stop());

    // when: a visitor's page records, and its first batch is sent (the page's clock moved past 30 s)
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    await visitor.clock.install();
    const page = await visitor.newPage();
    /** @type {string[]} */
    const chunkPosts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/ingest') chunkPosts.push(request.url());
    });
    const config = page.waitForResponse((r) => r.url().includes('/v1/ingest/config') && r.status() === 200);
    await page.goto(site.url + '/');
    await config;
    const refusal = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/ingest' && r.request().method() === 'POST');
    await page.click('#buy');
    await page.clock.fastForward(31_000);
    const answer = await refusal;

    // then: the answer is 429 quota_exceeded, readable by the page (CORS)
    assert.equal(answer.status(), 429);
    assert.equal((await answer.json()).error.code, 'quota_exceeded');
    // and after it, with more activity and minutes of batches and back-off, the page sends no chunk again
    const sent = chunkPosts.length;
    await page.click('#buy');
    await page.evaluate(() => document.body.append('more mutations'));
    await page.clock.fastForward(120_000);
    await page.evaluate(() => document.body.append('and more'));
    await page.clock.fastForward(600_000);
    await waitFor(async () => (await page.evaluate(() => /** @type {any} */ (window).rewind.getReplayUrl())) === null, {
      what: 'the recorder stopped',
    });
    assert.equal(chunkPosts.length, sent, 'nothing sent after quota_exceeded');
    // and nothing of the tenant is stored, nor counted against its month
    assert.deepEqual(await listed(runner, capped.apiKey), []);
    const { body: usage } = await callApi(runner, 'GET', '/v1/usage?days=1', { key: capped.apiKey });
    assert.equal(usage.sessionsThisMonth, 0);
  });
});
