// Walking skeleton: sign up in the console, put the snippet it shows on a
// page of another origin, click and type there, leave; the session is listed within 15 s and its
// replay shows the recorded page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleContext, launchBrowser, replayedText, screenshot, startRunner, startSite, waitFor, withCleanup } from './harness.mjs';

const LISTED_WITHIN_MS = 15_000;
const PAGE_TEXT = 'Fresh coffee beans from the test roastery';

function customerPage(snippet) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Test roastery</title>
${snippet}
</head><body>
<h1>Test roastery</h1>
<p id="pitch">${PAGE_TEXT}</p>
<button id="add" type="button">Add to cart</button>
<p id="cart">Your cart is empty</p>
<label>Note for the roaster <input id="note" type="text"></label>
<script>
  document.getElementById('add').addEventListener('click', function () {
    document.getElementById('cart').textContent = 'One bag in your cart';
  });
</script>
</body></html>`;
}

test('a visit recorded with the snippet from sign-up is listed within 15 s and replays the page', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('skeleton');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());

    // given: a new tenant signs up in the console and takes the snippet it shows
    const { context, problems } = await consoleContext(browser, runner, null);
    const consolePage = await context.newPage();
    await consolePage.goto(runner.url + '/');
    await consolePage.waitForURL('**/signup');
    await consolePage.fill('input[name=email]', 'owner@roastery.test');
    await consolePage.fill('input[name=password]', 'Roastery-owner-2026');
    await consolePage.fill('input[name=organization]', 'Test roastery');
    await consolePage.click('button[type=submit]');
    const snippet = await consolePage.locator('[data-snippet]').textContent();
    assert.match(snippet, /<script>[\s\S]*rewind\.init\(\{ key: 'pk_/);
    await screenshot(consolePage, 'skeleton-signup');

    // and: a page on another origin carries it
    const site = await startSite({ '/': customerPage(snippet) });
    cleanup(() => site.stop());
    assert.notEqual(new URL(site.url).origin, new URL(runner.url).origin);

    // when: a visitor clicks and types there, then leaves
    const visitor = await browser.newContext();
    cleanup(() => visitor.close());
    const visit = await visitor.newPage();
    const recording = visit.waitForResponse((r) => r.url().includes('/v1/ingest/config') && r.status() === 200);
    await visit.goto(site.url + '/');
    await recording;
    await visit.click('#add');
    await visit.fill('#note', 'grind it fine please');
    await visit.click('#pitch');
    await visit.close({ runBeforeUnload: true });
    const leftAt = Date.now();

    // then: the console's list shows the session within 15 s (the list refreshes itself)
    await consolePage.click('[data-continue]');
    await consolePage.click('nav >> text=Sessions');
    const row = consolePage.locator('.session-row').first();
    await row.waitFor({ timeout: LISTED_WITHIN_MS });
    const listedAfterMs = Date.now() - leftAt;
    console.log(`session listed ${listedAfterMs} ms after the visitor left`);
    assert.ok(listedAfterMs <= LISTED_WITHIN_MS, `listed after ${listedAfterMs} ms`);
    assert.match(await row.locator('.entry-link').textContent(), new RegExp(new URL(site.url).host.replace(/\./g, '\\.')));
    await screenshot(consolePage, 'skeleton-list');

    // and: its replay renders the page the visitor saw
    await row.locator('.entry-link').click();
    await waitFor(async () => (await replayedText(consolePage)).includes(PAGE_TEXT), { timeoutMs: 10_000, what: 'the replayed page text' });
    await waitFor(async () => (await replayedText(consolePage)).includes('One bag in your cart'), {
      timeoutMs: 15_000,
      what: 'the click replayed',
    });
    await screenshot(consolePage, 'skeleton-replay');
    assert.deepEqual(problems, []);
  });
});
