// Privacy (README.md): what the visitor types never leaves the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { browserAndServers, waitForRecording } from './browser.mjs';

const setup = browserAndServers();
const { fresh } = setup;

/** Every byte the endpoint received, bodies decompressed, plus every request line. */
function everythingSent(ingest) {
  const bodies = ingest.chunks.map((c) => (c.gzip ? gunzipSync(c.raw).toString('utf8') : c.raw.toString('utf8')));
  return bodies.join('\n') + '\n' + ingest.requests.map((r) => r.path).join('\n');
}

const TYPED = {
  '#name': 'Zanzibar Quixote',
  '#email': 'quixote.private@example.org',
  '#password': 'Hunter2Sesame!',
  '#notes': 'Textarea whisper 9876',
  '#ignored': 'Ignored field murmur',
  '#editable': 'Contenteditable confession',
};

test('typed text, email, password, textarea and data-rewind-mask input never appear in any byte sent', async () => {
  // given
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/privacy`);
  await waitForRecording(page, ingest);

  // when the visitor types into every field, clicks around and leaves
  for (const [selector, text] of Object.entries(TYPED)) {
    await page.click(selector);
    await page.keyboard.type(text, { delay: 5 });
  }
  await page.click('#masked-button');
  await page.click('#submit');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');

  // then none of it was sent, in any form
  const sent = everythingSent(ingest);
  assert.ok(sent.includes('Visible heading'), 'page text is recorded, so the check below reads real bodies');
  for (const text of Object.values(TYPED)) {
    assert.ok(!sent.includes(text), `"${text}" was sent`);
    for (const word of text.split(/[\s.@!]+/).filter((w) => w.length >= 5)) {
      assert.ok(!sent.includes(word), `"${word}" (from "${text}") was sent`);
    }
  }
  // and the recording still shows that typing happened (masked), except in the ignored field
  const inputs = ingest.events().filter((e) => e.type === 3 && e.data.source === 5);
  assert.ok(inputs.length > 0, 'input events were recorded');
  assert.ok(
    inputs.every((e) => e.data.text === undefined || /^\**$/.test(e.data.text)),
    'input values are masked',
  );
  await context.close();
});

test('data-rewind-mask text, blocked elements and masked click text are not sent', async () => {
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/privacy`);
  await waitForRecording(page, ingest);
  await page.click('#masked-button');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');

  const sent = everythingSent(ingest);
  for (const secret of ['4111', 'Account number', 'Blocked secret', 'Class blocked', 'Zebra']) {
    assert.ok(!sent.includes(secret), `"${secret}" was sent`);
  }
  const hint = ingest.customEvents('click')[0].data.payload;
  assert.equal(hint.text, '******* ***** *****');
  assert.equal(hint.interactive, true);
  await context.close();
});

test('the tenant option maskAllText masks every text node and click text', async () => {
  const { ingest, site } = await fresh();
  ingest.config = { ...ingest.config, maskAllText: true };
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.click('#buy');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');

  const sent = everythingSent(ingest);
  for (const text of ['Visible heading', 'Buy now', 'Plain text block']) {
    assert.ok(!sent.includes(text), `"${text}" was sent`);
  }
  assert.equal(ingest.customEvents('click')[0].data.payload.text, '*** ***');
  await context.close();
});

test('a slow config answer still applies from the first byte: no text leaves unmasked', async () => {
  // given a tenant with maskAllText whose config answer takes a second
  const { ingest, site } = await fresh();
  ingest.config = { ...ingest.config, maskAllText: true };
  ingest.configDelayMs = 1_000;
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/basic`);
  await waitForRecording(page, ingest);
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');

  // then not even the first full snapshot carries the page's text
  const sent = everythingSent(ingest);
  assert.ok(!sent.includes('Visible heading'));
  assert.ok(!sent.includes('Plain text block'));
  await context.close();
});

test('when the config call fails or hangs, recording starts with safe defaults: inputs masked', async () => {
  for (const failure of ['status', 'hang']) {
    const { ingest, site } = await fresh();
    if (failure === 'status') ingest.configStatus = 503;
    else ingest.configDelayMs = 30_000;
    const context = await setup.browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${site}/privacy`, { waitUntil: 'domcontentloaded' });
    await waitForRecording(page, ingest);
    assert.ok(Date.now() - started < 6_000, `${failure}: recording started within the config timeout`);
    await page.click('#name');
    await page.keyboard.type('Zanzibar Quixote');
    await page.close({ runBeforeUnload: true });
    await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');
    const sent = everythingSent(ingest);
    assert.ok(sent.includes('Visible heading'), `${failure}: text is recorded (maskAllText defaults to off)`);
    assert.ok(!sent.includes('Zanzibar'), `${failure}: the typed value was sent`);
    await context.close();
  }
});

test('hidden input values, file names and contenteditable text are masked without any marking', async () => {
  // given a page with a hidden CSRF field, a file input and a contenteditable without data-rewind-mask
  const { ingest, site } = await fresh();
  const context = await setup.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}/privacy`);
  await waitForRecording(page, ingest);

  // when the visitor chooses a file, writes into the contenteditable and clicks it, and the page rotates its token
  await page.setInputFiles('#upload', { name: 'PayslipMarch.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
  await page.click('#plain-editable');
  await page.keyboard.type('Wistful diary confession', { delay: 5 });
  await page.evaluate(() => {
    /** @type {HTMLInputElement} */ (document.getElementById('csrf')).value = 'RotatedCsrfToken';
  });
  await page.click('#plain-editable');
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');

  // then neither token, the file's name nor the written text was sent
  const sent = everythingSent(ingest);
  for (const secret of ['CsrfHiddenPageToken', 'RotatedCsrfToken', 'PayslipMarch', 'Wistful', 'diary', 'confession']) {
    assert.ok(!sent.includes(secret), `"${secret}" was sent`);
  }
  // and both are recorded masked, so the replay still shows them
  assert.ok(sent.includes('"value":"' + '*'.repeat('CsrfHiddenPageToken'.length) + '"'), 'the hidden value, masked');
  assert.ok(sent.includes('"value":"' + '*'.repeat('RotatedCsrfToken'.length) + '"'), 'the rotated value, masked');
  assert.ok(sent.includes('******* ***** **********'), 'the writing, masked');
  const hints = ingest
    .customEvents('click')
    .map((e) => e.data.payload)
    .filter((h) => h.id === 'plain-editable');
  assert.equal(hints.length, 2);
  assert.ok(
    hints.every((h) => h.text === undefined || /^[*\s]*$/.test(h.text)),
    'click text is masked',
  );
  await context.close();
});
