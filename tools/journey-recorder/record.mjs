// Records every journey of journeys.mjs in real headless Chromium with @rrweb/record and writes
// functions/src/test/resources/journeys/<name>.json = {name, description, mode, recordedWith,
// meta, events, expected, expectedSession?}. Re-run with `npm ci && npm run record`.
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { journeys } from './journeys.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PAGES = join(here, 'pages');
// The package's exports map hides its files, so they are read from its folder directly.
const RRWEB_DIR = join(here, 'node_modules', '@rrweb', 'record');
const RRWEB_RECORD = join(RRWEB_DIR, 'dist', 'record.umd.cjs');
const RRWEB_VERSION = JSON.parse(await readFile(join(RRWEB_DIR, 'package.json'), 'utf8')).version;
const OUT = join(here, '..', '..', 'functions', 'src', 'test', 'resources', 'journeys');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1024, height: 768 };
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

// Events sent by beacon while a page unloads; they join the journey's events by timestamp.
let beacons = [];

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function startServer() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/beacon') {
      beacons.push(JSON.parse(await readBody(req)));
      res.writeHead(204).end();
      return;
    }
    const file = path === '/vendor/rrweb-record.js' ? RRWEB_RECORD : join(PAGES, normalize(path));
    if (!file.startsWith(PAGES) && file !== RRWEB_RECORD) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'text/javascript' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function until(what, check, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The user's actions. Bursts jitter by a few pixels like a real hand.
function actions(page, context) {
  const JITTER = [[0, 0], [4, -3], [-5, 2], [2, 5], [-3, -4], [5, 1]];
  async function centre(selector, dx = 0, dy = 0) {
    const box = await page.locator(selector).boundingBox();
    if (!box) throw new Error('not visible: ' + selector);
    return { x: Math.round(box.x + box.width / 2 + dx), y: Math.round(box.y + box.height / 2 + dy) };
  }
  const j = {
    wait: (ms) => page.waitForTimeout(ms),
    async click(selector, { dx = 0, dy = 0 } = {}) {
      const { x, y } = await centre(selector, dx, dy);
      await page.mouse.click(x, y, { delay: 60 });
    },
    async burst(selector, count, gapMs) {
      const { x, y } = await centre(selector);
      // A real browser counts fast clicks on one spot as a multi-click (detail 1, 2, 3 …) and
      // fires dblclick on the second; the driver has to say so itself.
      for (let i = 0; i < count; i++) {
        const [dx, dy] = JITTER[i % JITTER.length];
        await page.mouse.move(x + dx, y + dy);
        await page.mouse.down({ clickCount: i + 1 });
        await page.waitForTimeout(40);
        await page.mouse.up({ clickCount: i + 1 });
        if (i < count - 1) await page.waitForTimeout(gapMs);
      }
    },
    async dblclick(selector, { dx = 0 } = {}) {
      const { x, y } = await centre(selector, dx);
      await page.mouse.dblclick(x, y, { delay: 30 });
    },
    async tripleClick(selector) {
      const { x, y } = await centre(selector);
      await page.mouse.click(x, y, { clickCount: 3, delay: 30 });
    },
    async clickAndNavigate(selector) {
      await Promise.all([page.waitForNavigation(), j.click(selector)]);
    },
    async clickOpeningTab(selector) {
      const [tab] = await Promise.all([context.waitForEvent('page'), j.click(selector)]);
      await tab.waitForLoadState();
      await tab.close();
    },
    async scrollTo(selector) {
      await until('scroll to ' + selector, async () => {
        const box = await page.locator(selector).boundingBox();
        if (box && box.y > 0 && box.y + box.height < VIEWPORT.height) return true;
        await page.mouse.wheel(0, 400);
        return false;
      });
      await page.waitForTimeout(800);
    },
    press: (key) => page.keyboard.press(key),
    // types like a person, one key at a time (rrweb records an Input event per change)
    type: (selector, text) => page.locator(selector).pressSequentially(text, { delay: 60 }),
    identify: (userId) => page.evaluate((id) => window.__rewindIdentify(id, { plan: 'team' }), userId),
    // Waits, then moves the mouse so that the recording carries events past every window.
    async idle(ms) {
      await page.waitForTimeout(ms);
      await page.mouse.move(20, 20, { steps: 5 });
      await page.waitForTimeout(700);
    },
  };
  return j;
}

async function record(browser, baseUrl, journey) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const events = [];
  beacons = [];
  await page.exposeFunction('__rewindEmit', (event) => { events.push(event); });
  await page.addInitScript(`window.__rewindMode = ${JSON.stringify(journey.mode)};`);
  const url = baseUrl + journey.page;
  await page.goto(url);
  await until('the full snapshot', () => events.some((e) => e.type === 2));

  const expected = [];
  for (const label of journey.expected) {
    const resolved = { ...label };
    delete resolved.element;
    if (label.element) {
      const target = await page.evaluate((selector) => {
        const el = document.querySelector(selector);
        const hint = window.__rewindDescribe(el);
        return { nodeId: window.rrwebRecord.record.mirror.getId(el), selector: hint.selector, text: hint.text };
      }, label.element);
      resolved.nodeId = target.nodeId;
      if (journey.mode === 'sdk') {
        resolved.selector = target.selector;
        if (target.text) resolved.text = target.text;
      }
    }
    expected.push(resolved);
  }
  const userAgent = await page.evaluate(() => navigator.userAgent);

  await journey.run(actions(page, context));
  // Leaving the page fires pagehide, which sdk mode records; wait until it arrived.
  await page.goto('about:blank');
  if (journey.mode === 'sdk') {
    await until('the pagehide event', () => beacons.some((e) => e.type === 5 && e.data.tag === 'pagehide'));
  }
  await context.close();
  for (const beacon of beacons) {
    const at = events.findIndex((e) => e.timestamp > beacon.timestamp);
    events.splice(at === -1 ? events.length : at, 0, beacon);
  }

  const clicks = events.filter((e) => e.type === 3 && e.data.source === 2 && e.data.type === 2).length;
  if (clicks !== journey.clicks) {
    throw new Error(`${journey.name}: expected ${journey.clicks} rrweb clicks, recorded ${clicks}`);
  }
  const fixture = {
    name: journey.name,
    description: journey.description,
    mode: journey.mode,
    recordedWith: { rrwebRecord: RRWEB_VERSION, chromium: browser.version() },
    meta: { url, userAgent, viewport: VIEWPORT },
    events,
    expected,
  };
  if (journey.expectedSession) fixture.expectedSession = journey.expectedSession;
  return fixture;
}

const only = process.argv.slice(2);
const server = await startServer();
const baseUrl = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  await mkdir(OUT, { recursive: true });
  for (const journey of journeys) {
    if (only.length && !only.includes(journey.name)) continue;
    const fixture = await record(browser, baseUrl, journey);
    await writeFile(join(OUT, journey.name + '.json'), JSON.stringify(fixture) + '\n');
    console.log(`${journey.name}: ${fixture.events.length} events, ${fixture.expected.length} labels`);
  }
} finally {
  await browser.close();
  server.close();
}
