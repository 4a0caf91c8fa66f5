// Context events the server reads (README.md, "Events"): errors, console, network, navigation, clicks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServers } from './server.mjs';
import { launchBrowser, isClick, waitForRecording } from './browser.mjs';

let browser;
let servers;
let ingest;
let site;
let context;
let page;

before(async () => {
  browser = await launchBrowser();
  servers = await startServers();
  ({ ingest, site } = servers);
});
after(async () => {
  await browser.close();
  await servers.close();
});

async function openApp() {
  ingest.chunks = [];
  ingest.requests = [];
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(`${site}/app`);
  await waitForRecording(page, ingest);
}

async function leave() {
  await page.close({ runBeforeUnload: true });
  await ingest.waitFor(() => ingest.visitComplete(), 'the end of the visit');
  await context.close();
}

test('JavaScript errors and unhandled rejections become error events', async () => {
  await openApp();
  // resolves once the page has seen all three: the recorder's listeners, added before, have too
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        let seen = 0;
        const one = () => ++seen === 3 && resolve();
        addEventListener('error', one);
        addEventListener('unhandledrejection', one);
        setTimeout(() => {
          throw new TypeError('boom from a timer');
        });
        Promise.reject(new Error('rejected promise'));
        Promise.reject('plain string reason');
      }),
  );
  await leave();

  const errors = ingest.customEvents('error').map((e) => e.data.payload);
  const thrown = errors.find((p) => p.message.includes('boom from a timer'));
  assert.ok(thrown, JSON.stringify(errors));
  assert.match(thrown.message, /TypeError/);
  assert.match(thrown.stack, /boom from a timer/);
  assert.equal(typeof thrown.line, 'number');
  assert.ok(errors.some((p) => p.message === 'rejected promise' && p.stack.includes('rejected promise')));
  assert.ok(errors.some((p) => p.message.includes('plain string reason')));
});

test('console messages of every level but debug are recorded by default, in rrweb console plugin format, bounded', async () => {
  await openApp();
  await page.evaluate(() => {
    console.warn('careful', { id: 7 });
    console.error(new Error('logged error'));
    console.log('plain log');
    console.info('an info');
    console.debug('a debug line');
    console.warn('x'.repeat(5000));
    for (let i = 0; i < 500; i++) console.error('flood', i);
  });
  await leave();

  const logs = consoleEvents();
  const warn = logs.find((e) => e.data.payload.level === 'warn');
  assert.deepEqual(warn.data.payload.payload, ['"careful"', JSON.stringify('{"id":7}')]);
  assert.ok(Array.isArray(warn.data.payload.trace));
  const error = logs.find((e) => e.data.payload.level === 'error');
  assert.match(error.data.payload.payload[0], /logged error/);
  assert.deepEqual(levelsOf(logs).sort(), ['error', 'info', 'log', 'warn']);
  assert.ok(!logs.some((e) => JSON.stringify(e).includes('a debug line')), 'debug is not captured by default');
  const long = logs.find((e) => e.data.payload.payload[0].includes('xxxx'));
  assert.equal(JSON.parse(long.data.payload.payload[0]), 'x'.repeat(500) + '…', 'an argument is cut to 500 characters');
  assert.ok(logs.length <= 100, `at most 100 console events a minute, got ${logs.length}`);
});

test('the tenant chooses the console levels captured, or none', async () => {
  const saved = ingest.config;
  try {
    ingest.config = { ...saved, consoleLevels: ['debug', 'error'] };
    await openApp();
    await page.evaluate(() => ['log', 'info', 'warn', 'error', 'debug'].forEach((level) => console[level]('at ' + level)));
    await leave();
    assert.deepEqual(levelsOf(consoleEvents()).sort(), ['debug', 'error']);

    ingest.config = { ...saved, consoleLevels: [] };
    await openApp();
    await page.evaluate(() => ['log', 'info', 'warn', 'error', 'debug'].forEach((level) => console[level]('at ' + level)));
    await leave();
    assert.deepEqual(consoleEvents(), []);
  } finally {
    ingest.config = saved;
  }
});

function consoleEvents() {
  return ingest.events().filter((e) => e.type === 6 && e.data.plugin === 'rrweb/console@1');
}

function levelsOf(logs) {
  return [...new Set(logs.map((e) => e.data.payload.level))];
}

test("fetch and XHR calls are recorded as URL, method, status, duration; not the recorder's own", async () => {
  await openApp();
  await page.evaluate(async () => {
    await fetch('/api/items?token=secret-token', { method: 'POST', body: 'private body', headers: { 'X-Secret': 'hdr' } });
    await fetch('/api/missing');
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', '/api/xhr-thing#frag');
      xhr.onloadend = resolve;
      xhr.send('xhr body');
    });
  });
  await leave();

  const calls = ingest.customEvents('network').map((e) => e.data.payload);
  assert.equal(calls.length, 3, JSON.stringify(calls));
  assert.deepEqual(
    calls.map(({ url, method, status, initiator }) => ({ url, method, status, initiator })),
    [
      { url: `${site}/api/items`, method: 'POST', status: 200, initiator: 'fetch' },
      { url: `${site}/api/missing`, method: 'GET', status: 404, initiator: 'fetch' },
      { url: `${site}/api/xhr-thing`, method: 'PUT', status: 200, initiator: 'xhr' },
    ],
  );
  assert.ok(calls.every((c) => typeof c.durationMs === 'number' && c.durationMs >= 0));
  const sent = ingest.chunks.map((c) => c.text).join('');
  for (const secret of ['secret-token', 'private body', 'X-Secret', 'xhr body']) assert.ok(!sent.includes(secret), secret);
});

test('SPA navigations are recorded: pushState, replaceState, popstate, hashchange', async () => {
  // a tenant that keeps its `tab` parameter (README.md, "Privacy": URLs keep only allowed parameters)
  const config = ingest.config;
  ingest.config = { ...config, urlQueryAllowList: ['tab'] };
  try {
    await openApp();
    await page.evaluate(() => history.pushState({}, '', '/app/settings?token=t0k3n'));
    await page.evaluate(() => history.replaceState({}, '', '/app/settings?tab=2'));
    await page.goBack();
    await page.evaluate(() => {
      window.hashChanged = new Promise((resolve) => addEventListener('hashchange', () => resolve(), { once: true }));
    });
    await page.click('#home');
    await page.evaluate(() => window.hashChanged);
    await leave();
  } finally {
    ingest.config = config;
  }

  const navigations = ingest.customEvents('navigation').map((e) => e.data.payload);
  assert.deepEqual(navigations.slice(0, 3), [
    { href: `${site}/app/settings`, kind: 'pushState' },
    { href: `${site}/app/settings?tab=2`, kind: 'replaceState' },
    { href: `${site}/app`, kind: 'popstate' },
  ]);
  // a fragment is never kept: the hash change is recorded, its URL without the fragment
  assert.ok(navigations.some((n) => n.kind === 'hashchange' && n.href === `${site}/app`));
  assert.ok(
    ingest.chunks.every((c) => c.meta.url === `${site}/app`),
    'meta.url is the page without its fragment',
  );
});

test('each click carries a hint: the node id, a selector, short text and whether it looks interactive', async () => {
  await openApp();
  for (const selector of ['#save-label', '#card', '#nothing', '.tab', '#handler']) await page.click(selector);
  await leave();

  const clicks = ingest.events().filter(isClick);
  const hints = ingest.customEvents('click');
  assert.equal(hints.length, 5);
  hints.forEach((hint, i) => {
    assert.equal(hint.timestamp, clicks[i].timestamp);
    assert.equal(hint.data.payload.nodeId, clicks[i].data.id);
    assert.equal(hint.data.payload.x, clicks[i].data.x);
  });
  const [label, card, nothing, tab, handler] = hints.map((h) => h.data.payload);
  assert.deepEqual(
    { tag: label.tag, id: label.id, text: label.text, selector: label.selector, interactive: label.interactive },
    { tag: 'span', id: 'save-label', text: 'Save changes', selector: 'span#save-label', interactive: true },
  );
  assert.equal(card.interactive, true, 'cursor: pointer');
  assert.equal(nothing.interactive, false);
  assert.deepEqual(nothing.classes, ['text', 'muted']);
  assert.equal(nothing.text, 'Just text that does nothing when clicked', 'at most 40 characters');
  assert.equal(tab.role, 'tab');
  assert.equal(tab.interactive, true);
  assert.equal(tab.selector, 'main#main > ul.list > li:nth-of-type(2) > div.tab');
  assert.equal(handler.interactive, true, 'onclick attribute');
  assert.deepEqual(
    hints.map((h) => h.data.payload.neverDead),
    [false, false, false, false, false],
    'controls and plain elements can be dead',
  );
});

test("each click hint carries the never-dead judgement, and every chunk's meta announces complete hints", async () => {
  await openApp();
  for (const selector of ['#docs-icon', '#name-label', '#when', '#bold', '#inner', '#save-label']) await page.click(selector);
  await leave();

  const judged = ingest.customEvents('click').map((h) => [h.data.payload.selector, h.data.payload.neverDead]);
  // docs/FRUSTRATION.md "Controls": a new-tab link (and what is inside it), a label, a native picker and
  // an editable area are never dead; a button inside an area made not editable is a control
  assert.deepEqual(judged, [
    ['span#docs-icon', true],
    ['label#name-label', true],
    ['input#name', false], // the click the label passes on to its field
    ['input#when', true],
    ['b#bold', true],
    ['button#inner', false],
    ['span#save-label', false],
  ]);
  assert.ok(ingest.chunks.length > 0);
  assert.ok(
    ingest.chunks.every((c) => c.meta.hints === 'complete'),
    'the announcement rides in every chunk, the first (with the full snapshot) included',
  );
});
