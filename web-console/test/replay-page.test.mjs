// The replay page as a new user meets it, on a plain rrweb recording of two pages (fixtures.mjs,
// checkoutJourney): markers that collide are one cluster, frustrations are named, the current URL
// is shown, the replay pauses on a click and answers the keyboard from anywhere on the page, the
// activity list tells the session in order, and its story shows in the list, the replay and a share
// link (docs/CONSOLE.md, "Replay").
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARTIFACTS,
  REPO_ROOT,
  callApi,
  consoleContext,
  importRecording,
  launchBrowser,
  replayedText,
  screenshot,
  signUp,
  startRunner,
  waitFor,
} from './harness.mjs';
import { checkoutJourney } from './fixtures.mjs';

let runner;
let browser;
let tenant;
let sessionId;
let journey;

before(async () => {
  runner = await startRunner('replay-page');
  browser = await launchBrowser();
  tenant = await signUp(runner, 'Replay Page Co');
  journey = checkoutJourney();
  sessionId = await importRecording(runner, tenant.apiKey, journey.events);
});

after(async () => {
  await browser?.close();
  await runner?.stop();
});

/** The replay page of the journey, its first frame shown; `t` starts it there. */
async function openReplay(t) {
  const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
  const page = await context.newPage();
  await page.goto(`${runner.url}/sessions/${sessionId}${t === undefined ? '' : '?t=' + t}`);
  await waitFor(async () => (await replayedText(page)).length > 0, { timeoutMs: 15_000, what: 'the first frame' });
  await waitFor(async () => (await page.locator('.player').getAttribute('data-loaded')) === 'true', { what: 'every chunk loaded' });
  return { page, context, problems };
}

const currentMs = async (page) => Number(await page.locator('.player').getAttribute('data-current-ms'));
const state = (page) => page.locator('.player').getAttribute('data-state');

test('markers at the same moment are one cluster with a count, and its popover seeks to each', async () => {
  const { page, context, problems } = await openReplay(0);
  try {
    // the dead click and the error click (5.0 s) and the error (5.1 s) are a pixel or two apart; the rage click (1.0 s) stands alone
    const cluster = page.locator('.timeline [data-marker=cluster]');
    await cluster.waitFor();
    assert.equal(await cluster.getAttribute('data-count'), '3');
    assert.equal(await cluster.textContent(), '3');
    // every marker drawn can be clicked: none lies under another
    await page.locator('.timeline [data-marker=rage_click]').click();
    await waitFor(async () => Math.abs((await currentMs(page)) - journey.at.rage) < 400, { what: 'the player at the rage click' });
    await cluster.click();
    const items = page.locator('[data-marker-popover] [data-marker-item]');
    assert.deepEqual(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-marker-item'))), [
      'error_click',
      'dead_click',
      'error',
    ]);
    assert.match(await items.nth(2).textContent(), /TypeError: cart is undefined/);
    await screenshot(page, 'replay-cluster-popover');
    await items.nth(0).click();
    await waitFor(async () => Math.abs((await currentMs(page)) - journey.at.lastClick) < 400, { what: 'the player at the error click' });
    assert.equal(await page.locator('[data-marker-popover]').count(), 0, 'the popover closes');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the frustration list names an error by its message and a plain rrweb click target by its text; a rage burst is not also a dead click', async () => {
  const { page, context } = await openReplay(0);
  try {
    await page.click('[data-tab=frustrations]');
    const list = page.locator('[data-panel=frustrations]');
    const kinds = await list
      .locator('[data-frustration]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-frustration'), Number(e.getAttribute('data-offset-ms'))]));
    // the burst at 1.0 s is a rage click only; the single click at 5.0 s that threw is dead
    assert.deepEqual(kinds, [
      ['rage_click', journey.at.rage],
      ['error_click', journey.at.lastClick],
      ['dead_click', journey.at.lastClick],
      ['error', journey.at.error],
    ]);
    const text = await list.textContent();
    assert.match(await list.locator('[data-frustration=error]').textContent(), /TypeError: cart is undefined/);
    assert.doesNotMatch(text, /node \d/);
    assert.match(await list.locator('[data-frustration=rage_click]').textContent(), /“Place order” · 4 clicks/);
  } finally {
    await context.close();
  }
});

test('the current page URL is shown above the replay, and page changes are marked on the timeline', async () => {
  const { page, context } = await openReplay(0);
  try {
    const url = page.locator('[data-current-url]');
    assert.equal((await url.textContent()).trim(), 'shop.example/checkout');
    const mark = page.locator('.timeline [data-page-mark]');
    assert.equal(await mark.count(), 1);
    assert.equal(Number(await mark.getAttribute('data-offset-ms')), journey.at.confirmation);
    await page.keyboard.press('Escape');
    await page.goto(`${runner.url}/sessions/${sessionId}?t=${journey.at.confirmation + 500}`);
    await waitFor(async () => (await replayedText(page)).includes('Order confirmed'), { what: 'the confirmation page replayed' });
    await waitFor(async () => (await url.textContent()).trim() === 'shop.example/confirmation', { what: 'the URL of page 2' });
    // the 16 s without any interaction is shaded
    const idle = page.locator('.timeline [data-inactive]');
    assert.ok((await idle.count()) >= 1);
  } finally {
    await context.close();
  }
});

test('a click on the replay pauses it; the keyboard works from anywhere on the page; ? lists the shortcuts', async () => {
  const { page, context } = await openReplay(0);
  try {
    await waitFor(async () => (await state(page)) === 'playing', { what: 'playback' });
    await page.click('[data-stage]');
    await waitFor(async () => (await state(page)) === 'paused', { what: 'paused by a click on the replay' });

    // focus on the page heading, not the player
    await page.click('.replay-title');
    await page.keyboard.press('Space');
    await waitFor(async () => (await state(page)) === 'playing', { what: 'Space plays' });
    await page.keyboard.press('Space');
    await waitFor(async () => (await state(page)) === 'paused', { what: 'Space pauses' });
    const before = await currentMs(page);
    await page.keyboard.press('ArrowRight');
    await waitFor(async () => (await currentMs(page)) >= before + 4_900, { what: '→ seeks 5 s' });
    const afterRight = await currentMs(page);
    await page.keyboard.press(',');
    await waitFor(async () => (await currentMs(page)) < afterRight && (await currentMs(page)) >= afterRight - 200, {
      what: ', steps back',
    });
    // from the start, whatever moment the click paused at: ← twice cannot go below 0
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await waitFor(async () => (await currentMs(page)) === 0, { what: '← back to the start' });
    await page.keyboard.press(']');
    await waitFor(async () => Math.abs((await currentMs(page)) - journey.at.rage) < 100, { what: '] goes to the next frustration' });
    await page.keyboard.press(']');
    await waitFor(async () => Math.abs((await currentMs(page)) - journey.at.lastClick) < 100, { what: '] again: the last click' });
    await page.keyboard.press('[');
    await waitFor(async () => Math.abs((await currentMs(page)) - journey.at.rage) < 100, {
      what: '[ goes to the previous frustration, the rage click',
    });

    await page.keyboard.press('f');
    await waitFor(() => page.evaluate(() => document.fullscreenElement?.classList.contains('player')), { what: 'f: fullscreen' });
    await page.keyboard.press('f');
    await waitFor(() => page.evaluate(() => document.fullscreenElement === null), { what: 'f again: out of fullscreen' });

    await page.keyboard.press('?');
    const help = page.locator('[data-shortcuts-help]');
    await help.waitFor();
    assert.match(await help.textContent(), /Play or pause.*Back or forward 5 s.*Previous or next frustration.*Fullscreen/s);
    assert.match(await page.locator('.status-line').textContent(), /\? for keyboard shortcuts/);
  } finally {
    await context.close();
  }
});

test('every panel tab is fully visible at 1440 px', async () => {
  const { page, context } = await openReplay(0);
  try {
    const clipped = await page.evaluate(() => {
      const list = document.querySelector('.tabs').getBoundingClientRect();
      return Array.from(document.querySelectorAll('.tabs .tab'))
        .filter((tab) => {
          const r = tab.getBoundingClientRect();
          return r.right > list.right + 0.5 || r.left < list.left - 0.5 || tab.scrollWidth > tab.clientWidth;
        })
        .map((tab) => tab.textContent);
    });
    assert.deepEqual(clipped, []);
  } finally {
    await context.close();
  }
});

test('the activity list tells the session in order, filters by kind, follows the playhead and seeks', async () => {
  const { page, context, problems } = await openReplay(0);
  try {
    await page.click('[data-tab=activity]');
    const rows = page.locator('[data-activity-list] [data-activity]');
    const listed = await rows.evaluateAll((els) =>
      els.map((e) => ({ kind: e.getAttribute('data-activity'), at: Number(e.getAttribute('data-offset-ms')), text: e.textContent })),
    );
    assert.deepEqual(
      listed.map((r) => r.at),
      [...listed.map((r) => r.at)].sort((a, b) => a - b),
      'in time order',
    );
    assert.deepEqual(
      listed.filter((r) => r.kind !== 'frustration').map((r) => r.kind),
      ['navigation', 'click', 'click', 'click', 'click', 'click', 'error', 'console', 'console', 'network', 'input', 'navigation'],
    );
    assert.equal(listed.filter((r) => r.kind === 'frustration').length, 4);
    const text = (kind, n = 0) => listed.filter((r) => r.kind === kind)[n].text;
    assert.match(text('click'), /Clicked “Place order”.*button#place-order/);
    assert.match(text('input'), /Typed in Email/);
    assert.doesNotMatch(listed.map((r) => r.text).join('\n'), /\*\*\*\*\*/, 'what was typed is never shown');
    assert.match(text('console'), /log.*cart loaded/);
    assert.match(text('network'), /POST.*api\/cart.*500/);
    assert.match(text('error'), /TypeError: cart is undefined/);
    assert.match(text('navigation', 1), /shop\.example\/confirmation/);

    // filter: clicks hidden, then back
    await page.click('[data-activity-filter=click]');
    assert.equal(await page.locator('[data-activity-list] [data-activity=click]:visible').count(), 0);
    await page.click('[data-activity-filter=click]');
    assert.equal(await page.locator('[data-activity-list] [data-activity=click]:visible').count(), 5);

    // a row seeks the replay; the list follows the playhead
    await page.locator('[data-activity-list] [data-activity=navigation]').nth(1).click();
    await waitFor(async () => (await currentMs(page)) >= journey.at.confirmation - 1_100, { what: 'the player at the second page' });
    await waitFor(
      async () => (await page.locator('[data-activity-list] [aria-current=true]').getAttribute('data-activity')) === 'navigation',
      {
        what: 'the current row',
      },
    );
    await screenshot(page, 'replay-activity');
    // the README's screenshots, refreshed on request only (as journey.test.mjs does)
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      copyFileSync(join(ARTIFACTS, 'replay-activity.png'), join(REPO_ROOT, 'docs/screenshots/replay-activity.png'));
      copyFileSync(join(ARTIFACTS, 'replay-cluster-popover.png'), join(REPO_ROOT, 'docs/screenshots/replay-cluster.png'));
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the console tab filters by level and says what is captured', async () => {
  const { page, context } = await openReplay(0);
  try {
    await page.click('[data-tab=console]');
    const visible = () =>
      page.locator('[data-console-list] .entry:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
    assert.deepEqual(await visible(), ['log', 'warn']);
    await page.click('[data-console-filter=log]');
    assert.deepEqual(await visible(), ['warn']);
    assert.match(await page.locator('[data-panel=console]').textContent(), /all but debug/);
  } finally {
    await context.close();
  }
});

test('the API reports the recording as the page shows it', async () => {
  const { body } = await callApi(runner, 'GET', '/v1/sessions/' + sessionId, { key: tenant.apiKey });
  assert.deepEqual(
    body.frustrations.map((f) => f.type),
    ['rage_click', 'error_click', 'dead_click', 'error'],
  );
});

test("the session's story shows in its list row, above its replay and on a share link, without what was typed", async () => {
  // the API tells the journey: its two pages, the most telling three of its four frustrations, where it ended
  const story =
    'Visited /checkout → /confirmation (2 pages). Rage click on “Place order” at 1.0 s; error click on “Place order” at 5.0 s;' +
    ' error “TypeError: cart is undefined” at 5.1 s (+1 more). Left on /confirmation.';
  const { body } = await callApi(runner, 'GET', '/v1/sessions/' + sessionId, { key: tenant.apiKey });
  assert.equal(body.story.text, story);
  assert.deepEqual(body.story.pages, ['https://shop.example/checkout', 'https://shop.example/confirmation']);
  assert.equal(body.story.exitPage, 'https://shop.example/confirmation');
  // the journey typed (masked) into the Email field: none of it is told
  const typed = journey.events.filter((e) => e.type === 3 && e.data.source === 5).map((e) => e.data.text);
  assert.ok(typed.length > 0);
  for (const text of typed) assert.ok(!body.story.text.includes(text), 'the story holds no typed ' + text);

  const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
  try {
    // the list row
    const page = await context.newPage();
    await page.goto(`${runner.url}/sessions`);
    const row = page.locator(`.session-row[data-session-id="${sessionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    assert.equal(await row.locator('[data-story]').textContent(), story);
    // the replay header
    await row.locator('a.entry-link').click();
    const header = page.locator('.replay .page-head [data-story]');
    await header.waitFor();
    assert.equal(await header.textContent(), story);
    await screenshot(page, 'replay-story');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }

  // a share link, opened signed out
  const share = await callApi(runner, 'POST', `/v1/sessions/${sessionId}/share`, { key: tenant.apiKey, body: { expiresInHours: 1 } });
  assert.equal(share.status, 201);
  const shared = await consoleContext(browser, runner, null);
  try {
    const page = await shared.context.newPage();
    await page.goto(share.body.url.replace(/^https?:\/\/[^/]+/, runner.url));
    const header = page.locator('.replay .page-head [data-story]');
    await header.waitFor({ timeout: 15_000 });
    assert.equal(await header.textContent(), story);
    assert.deepEqual(shared.problems, []);
  } finally {
    await shared.context.close();
  }
});
