// A recorded page full of script payloads (an <img onerror>, <script> inside
// SVG, javascript: links, iframe srcdoc, inline handlers, markup in console messages and errors)
// replays in the console and through a share link without any of them running: the global flag they
// set is never set in any frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consoleContext,
  launchBrowser,
  replayedText,
  screenshot,
  signUp,
  startRunner,
  startSite,
  waitFor,
  withCleanup,
} from './harness.mjs';

const FLAG = '__rewindXss';
const SET_FLAG = (how) => `window.${FLAG}='${how}';try{top.${FLAG}='${how}'}catch(e){};try{parent.${FLAG}='${how}'}catch(e){}`;
const MARKUP_IN_CONSOLE = `<img src=x onerror="${SET_FLAG('console')}">`;

function hostilePage(snippet) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Hostile</title>
${snippet}
</head><body onload="${SET_FLAG('body-onload')}">
<h1>Payload gallery</h1>
<img id="broken" src="/missing.png" onerror="${SET_FLAG('img-onerror')}" alt="broken">
<svg width="20" height="20"><script>${SET_FLAG('svg-script')}</script><circle cx="10" cy="10" r="8" onload="${SET_FLAG('svg-onload')}"/></svg>
<p><a id="jslink" href="javascript:${SET_FLAG('javascript-link')}">A javascript: link</a></p>
<iframe id="inner" srcdoc="<p>inner frame</p><script>${SET_FLAG('srcdoc')}</script><img src=x onerror=&quot;${SET_FLAG('srcdoc-img')}&quot;>"></iframe>
<div id="hover" onmouseover="${SET_FLAG('mouseover')}" onclick="${SET_FLAG('onclick')}" onmousedown="${SET_FLAG('mousedown')}">Hover and click me</div>
<input id="auto" autofocus onfocus="${SET_FLAG('onfocus')}">
<button id="more" type="button">Load reviews</button>
<div id="reviews"></div>
<script>
  document.getElementById('more').addEventListener('click', function () {
    // markup added after the first snapshot arrives as mutations
    document.getElementById('reviews').innerHTML =
      '<p>Great beans</p><img src="/missing-2.png" onerror="${SET_FLAG('mutation-img').replace(/'/g, "\\'")}">' +
      '<a href="javascript:${SET_FLAG('mutation-link').replace(/'/g, "\\'")}">another link</a>';
    console.error(${JSON.stringify(MARKUP_IN_CONSOLE)});
    setTimeout(function () { throw new Error('<svg onload="${SET_FLAG('error-message').replace(/'/g, "\\'")}">'); }, 0);
  });
</script>
</body></html>`;
}

/** Every frame of the page, including the replay iframe and frames inside it: what did the payloads set? */
async function flagsIn(page) {
  const found = [];
  let inspected = 0;
  for (const frame of page.frames()) {
    try {
      const value = await frame.evaluate((flag) => window[flag], FLAG);
      inspected++;
      if (value !== undefined) found.push(`${frame.url() || 'about:blank'}: ${value}`);
    } catch {
      // a frame being torn down; the walk below reads it through its parent too
    }
  }
  // The replay iframe is same-origin (allow-same-origin), so its windows are readable from the top.
  const walked = await page.evaluate((flag) => {
    const values = [];
    let count = 0;
    const visit = (win, path) => {
      count++;
      try {
        if (win[flag] !== undefined) values.push(path + ': ' + win[flag]);
        for (let i = 0; i < win.frames.length; i++) visit(win.frames[i], path + '/' + i);
      } catch {
        // a cross-origin frame: nothing of ours can be set there
      }
    };
    visit(window, 'top');
    return { values, count };
  }, FLAG);
  return { found: [...found, ...walked.values], inspected, frames: walked.count };
}

test('script payloads in a recording never run, in the console or through a share link', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('xss');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const tenant = await signUp(runner, 'Hostile Co');

    // given: a visit to a page full of payloads, recorded by the real recorder
    const site = await startSite({ '/': hostilePage(tenant.snippet) });
    cleanup(() => site.stop());
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    const visit = await visitor.newPage();
    const recording = visit.waitForResponse((r) => r.url().includes('/v1/ingest/config') && r.status() === 200);
    await visit.goto(site.url + '/');
    await recording;
    assert.ok(await visit.evaluate((flag) => window[flag] !== undefined, FLAG), 'the payloads are live on the recorded page itself');
    await visit.hover('#hover');
    await visit.click('#hover');
    await visit.click('#more');
    await visit.locator('#reviews p').waitFor();
    await visit.click('#jslink');
    await visit.close({ runBeforeUnload: true });

    // when: the session is replayed in the console to the end
    const { context, problems } = await consoleContext(browser, runner, tenant.apiKey);
    const page = await context.newPage();
    await page.goto(runner.url + '/sessions');
    await page.locator('.session-row').first().waitFor({ timeout: 15_000 });
    await page.locator('.session-row .entry-link').first().click();
    await waitFor(async () => (await replayedText(page)).includes('Payload gallery'), { timeoutMs: 10_000, what: 'the replayed page' });
    await page.selectOption('[data-speed]', '8');
    await waitFor(async () => (await page.locator('.player').getAttribute('data-state')) === 'ended', {
      timeoutMs: 30_000,
      what: 'the replay to end',
    });
    await waitFor(async () => (await replayedText(page)).includes('Great beans'), { what: 'the mutations replayed' });

    // then: no payload ran in any frame
    const inConsole = await flagsIn(page);
    assert.deepEqual(inConsole.found, [], 'flags set in the console');
    assert.ok(inConsole.frames >= 3, `the top, the replay iframe and the srcdoc frame inside it were inspected (${inConsole.frames})`);

    // and: the replay iframe is sandboxed without scripts, and nothing uses srcdoc in the console's DOM
    const sandboxes = await page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => f.getAttribute('sandbox')));
    assert.deepEqual(sandboxes, ['allow-same-origin']);
    assert.equal(await page.evaluate(() => document.querySelectorAll('iframe[srcdoc]').length), 0);

    // and: markup in console messages and errors is shown as text
    await page.click('[data-tab=console]');
    const consoleEntry = page.locator('[data-panel=console] .entry', { hasText: '<img src=x onerror=' });
    await consoleEntry.waitFor();
    assert.equal(await page.locator('.side-panel img, .side-panel svg').count(), 0);
    await page.click('[data-tab=errors]');
    await page.locator('[data-panel=errors] .entry', { hasText: '<svg onload=' }).waitFor();
    await screenshot(page, 'xss-console');

    // when: the same session through a share link, opened by someone who is not signed in
    await page.click('[data-share]');
    await page.click('[data-create-share]');
    const shareUrl = await page.locator('[data-share-url]').inputValue();
    assert.match(shareUrl, new RegExp('^' + runner.url + '/share/'));
    const stranger = await consoleContext(browser, runner, null);
    cleanup(() => stranger.context.close());
    const shared = await stranger.context.newPage();
    await shared.goto(shareUrl);
    await waitFor(async () => (await replayedText(shared)).includes('Payload gallery'), { timeoutMs: 10_000, what: 'the shared replay' });
    assert.equal(await shared.locator('[data-delete], [data-share]').count(), 0, 'a share link is read-only');
    await shared.selectOption('[data-speed]', '8');
    await waitFor(async () => (await shared.locator('.player').getAttribute('data-state')) === 'ended', {
      timeoutMs: 30_000,
      what: 'the shared replay to end',
    });

    // then: no payload ran there either
    const inShare = await flagsIn(shared);
    assert.deepEqual(inShare.found, [], 'flags set through the share link');
    assert.ok(inShare.frames >= 3, `frames inspected through the share link (${inShare.frames})`);
    await screenshot(shared, 'xss-share');
    assert.deepEqual([...problems, ...stranger.problems], []);
  });
});
