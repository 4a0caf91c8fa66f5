// Recorded URLs keep no fragment and only the query parameters the tenant allows (README.md, "Privacy"):
// a GET form puts what the visitor typed into the next page's URL, and none of it may leave the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { browserAndServers, waitForRecording } from './browser.mjs';

const setup = browserAndServers();

/** Every byte the endpoint received, bodies decompressed, plus every request line. */
function everythingSent(ingest) {
  const bodies = ingest.chunks.map((c) => (c.gzip ? gunzipSync(c.raw).toString('utf8') : c.raw.toString('utf8')));
  return bodies.join('\n') + '\n' + ingest.requests.map((r) => r.path).join('\n');
}

const TYPED = { '#email': 'gretchenq@formfill.test', '#password': 'FormPassw0rd!', '#card': '4242424242424242' };
const HIDDEN = 'CsrfHiddenFormToken';

test("a GET form's typed and hidden fields are in none of the next page's recorded URLs; allowed parameters are", async () => {
  // given a tenant that keeps its campaign parameters, and a visitor who fills in a GET form
  const { ingest, site } = await setup.fresh();
  ingest.config = { ...ingest.config, urlQueryAllowList: ['utm_*'] };
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/form-get`);
  await waitForRecording(page, ingest);
  for (const [selector, text] of Object.entries(TYPED)) {
    await page.click(selector);
    await page.keyboard.type(text);
  }

  // when the form is sent: the next page's URL carries every field
  await Promise.all([page.waitForURL(/\/thanks\?/), page.click('#submit')]);
  assert.ok(page.url().includes('password=FormPassw0rd') && page.url().includes(HIDDEN), 'the next URL carries the fields');
  await ingest.waitFor(() => ingest.events().some((e) => e.type === 4 && e.data.href.includes('/thanks')), "the next page's snapshot");
  // and that page echoes its URL everywhere the recorder looks: history, console, network, errors, the DOM
  await page.evaluate(() => {
    history.pushState({}, '', location.href + '&step=2#review');
    console.warn('now at', location.href);
    fetch('/api/echo' + location.search);
    document.getElementById('again').setAttribute('href', location.href);
    setTimeout(() => {
      throw new Error('failed at ' + location.href);
    });
  });
  await ingest.waitFor(() => ingest.customEvents('network').length && ingest.customEvents('error').length, 'the echoes');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.customEvents('pagehide').length >= 2 && ingest.visitComplete(), 'the end of the visit');

  // then nothing typed or hidden was sent, in any form
  const sent = everythingSent(ingest);
  for (const value of [...Object.values(TYPED), HIDDEN]) {
    for (const form of [value, encodeURIComponent(value), ...value.split(/[@.!]/).filter((w) => w.length >= 5)]) {
      assert.ok(!sent.includes(form), `"${form}" (from "${value}") was sent`);
    }
  }
  assert.ok(!sent.includes('#review'), 'a fragment was sent');
  // and the URLs are recorded, with the allowed parameter
  const next = `${site}/thanks?utm_source=spring`;
  const thanksChunks = ingest.chunks.filter((c) => c.meta.url.startsWith(`${site}/thanks`));
  assert.ok(thanksChunks.length > 0 && thanksChunks.every((c) => c.meta.url === next), 'meta.url is scrubbed');
  assert.deepEqual(
    ingest
      .events()
      .filter((e) => e.type === 4)
      .map((e) => e.data.href),
    [`${site}/form-get`, next],
  );
  assert.deepEqual(
    ingest.customEvents('navigation').map((e) => e.data.payload.href),
    [next],
  );
  assert.equal(ingest.customEvents('network')[0].data.payload.url, `${site}/api/echo`);
  assert.ok(sent.includes(`"href":"${next}"`), 'the DOM links to the page are recorded');
  await context.close();
});

test('without an allow-list no query parameter is kept; links to other origins keep theirs', async () => {
  const { ingest, site } = await setup.fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/thanks?utm_source=spring&page=2#top`);
  await waitForRecording(page, ingest);
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = 'https://elsewhere.example/search?q=kept';
    document.body.appendChild(link);
  });
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');

  const sent = everythingSent(ingest);
  assert.ok(ingest.chunks.every((c) => c.meta.url === `${site}/thanks`));
  assert.ok(!sent.includes('utm_source') && !sent.includes('page=2') && !sent.includes('#top'));
  assert.ok(sent.includes('https://elsewhere.example/search?q=kept'), "another origin's URL is the page's content");
  await context.close();
});
