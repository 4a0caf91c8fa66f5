// The labelled journeys. Each one is a page, a recorder mode, what the user does, and the
// frustrations a person watching the replay would name. Labels:
//   type        rage_click | dead_click | error_click | error | quick_back
//   page        quick_back only: index (0-based) of the Meta event whose page view was the short one
// A form_abandonment label names its field by `element` and is anchored to that field's last Input
// event; its `selector` and `text` are the names the engine gives the field from the snapshot.
//   clickCount  rage clicks only: clicks in the burst
//   click       index (0-based) of the rrweb click event the frustration is anchored to
//   element     CSS selector of the element the frustration names (the recorder resolves its
//               rrweb node id, and in sdk mode the selector and text of the click hint)
// `clicks` is the number of rrweb click events the journey must produce; the recorder checks it
// so that the `click` indexes stay true when Chromium or rrweb change.

export const journeys = [
  {
    name: 'place-order-rage',
    description: 'The "Place order" button does nothing; the user clicks it four times in a row, then waits.',
    page: 'checkout.html',
    mode: 'sdk',
    clicks: 4,
    async run(j) {
      await j.burst('#place-order', 4, 160);
      await j.idle(3500);
    },
    expected: [
      { type: 'rage_click', clickCount: 4, click: 0, element: '#place-order' },
      { type: 'dead_click', click: 0, element: '#place-order' },
    ],
  },
  {
    name: 'place-order-rage-plain',
    description: 'Same broken button, recorded by plain rrweb without click hints.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 4,
    async run(j) {
      await j.burst('#place-order', 4, 160);
      await j.idle(3500);
    },
    expected: [
      { type: 'rage_click', clickCount: 4, click: 0, element: '#place-order' },
      { type: 'dead_click', click: 0, element: '#place-order' },
    ],
  },
  {
    name: 'two-bursts-plain',
    description: 'Two separate bursts of three clicks on the broken button, 1.5 s apart: two rage clicks.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 6,
    async run(j) {
      await j.burst('#place-order', 3, 150);
      await j.wait(1500);
      await j.burst('#place-order', 3, 150);
      await j.idle(3500);
    },
    expected: [
      { type: 'rage_click', clickCount: 3, click: 0, element: '#place-order' },
      { type: 'dead_click', click: 0, element: '#place-order' },
      { type: 'rage_click', clickCount: 3, click: 3, element: '#place-order' },
      { type: 'dead_click', click: 3, element: '#place-order' },
    ],
  },
  {
    name: 'stepper-slow',
    description: 'A working "+" button clicked four times, 1.2 s apart.',
    page: 'checkout.html',
    mode: 'sdk',
    clicks: 4,
    async run(j) {
      for (let i = 0; i < 4; i++) {
        await j.click('#increase');
        await j.wait(1200);
      }
      await j.idle(1000);
    },
    expected: [],
  },
  {
    name: 'stepper-fast-plain',
    description: 'A working "+" button clicked five times fast: a rage click by the rule, never a dead one.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 5,
    async run(j) {
      await j.burst('#increase', 5, 120);
      await j.idle(3000);
    },
    expected: [{ type: 'rage_click', clickCount: 5, click: 0, element: '#increase' }],
  },
  {
    name: 'scattered-fast-clicks-plain',
    description: 'Three quick clicks on three different working controls far apart: not a rage click.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 3,
    async run(j) {
      await j.click('#increase');
      await j.wait(150);
      await j.click('#remember');
      await j.wait(150);
      await j.click('#decrease');
      await j.idle(3000);
    },
    expected: [],
  },
  {
    name: 'double-click-rename',
    description: 'A double-click on a message opens an inline editor.',
    page: 'inbox.html',
    mode: 'sdk',
    clicks: 2,
    async run(j) {
      await j.dblclick('#message-2');
      await j.idle(3000);
    },
    expected: [],
  },
  {
    name: 'triple-click-select-plain',
    description: 'A triple-click selects a paragraph of legal text, then a double-click selects a word.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 5,
    async run(j) {
      await j.tripleClick('#legal');
      await j.wait(1500);
      await j.dblclick('#legal', { dx: -60 });
      await j.idle(3000);
    },
    expected: [],
  },
  {
    name: 'triple-click-select',
    description: 'The same triple-click text selection, recorded with click hints.',
    page: 'checkout.html',
    mode: 'sdk',
    clicks: 3,
    async run(j) {
      await j.tripleClick('#legal');
      await j.idle(3000);
    },
    expected: [],
  },
  {
    name: 'coupon-throws',
    description: '"Apply coupon" shows a spinner, then its handler throws a TypeError.',
    page: 'checkout.html',
    mode: 'sdk',
    clicks: 1,
    async run(j) {
      await j.click('#apply-coupon');
      await j.idle(3000);
    },
    expected: [
      { type: 'error_click', click: 0, element: '#apply-coupon' },
      { type: 'error' },
    ],
  },
  {
    name: 'save-address-throws-plain',
    description: '"Save address" throws at once and changes nothing: dead, error click and error.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 1,
    async run(j) {
      await j.click('#save-address');
      await j.idle(3500);
    },
    expected: [
      { type: 'dead_click', click: 0, element: '#save-address' },
      { type: 'error_click', click: 0, element: '#save-address' },
      { type: 'error' },
    ],
  },
  {
    name: 'late-error',
    description: '"Sync" works, but a background task throws 1.5 s later: an error, not an error click.',
    page: 'inbox.html',
    mode: 'sdk',
    clicks: 1,
    async run(j) {
      await j.click('#sync');
      await j.idle(3000);
    },
    expected: [{ type: 'error' }],
  },
  {
    name: 'continue-navigates',
    description: 'A link to the next page; the user is identified on the first page.',
    page: 'checkout.html',
    mode: 'sdk',
    clicks: 1,
    async run(j) {
      await j.identify('user-4711');
      await j.wait(500);
      await j.clickAndNavigate('#continue');
      await j.idle(1500);
    },
    expected: [],
    expectedSession: { userId: 'user-4711', pageCount: 2, urlPaths: ['/checkout.html', '/confirmation.html'] },
  },
  {
    name: 'quick-back-plain',
    description: 'Continue to the confirmation page, and back to checkout by its link 1.5 s later: a quick back.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 2,
    async run(j) {
      await j.wait(500);
      await j.clickAndNavigate('#continue');
      await j.wait(1500);
      await j.clickAndNavigate('a[href="checkout.html"]');
      await j.idle(1000);
    },
    expected: [{ type: 'quick_back', page: 1 }],
    expectedSession: { pageCount: 3, urlPaths: ['/checkout.html', '/confirmation.html'] },
  },
  {
    name: 'back-after-reading-plain',
    description: 'The same, back after 6.5 s on the confirmation page: the visitor read it, no quick back.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 2,
    async run(j) {
      await j.wait(500);
      await j.clickAndNavigate('#continue');
      await j.wait(6500);
      await j.clickAndNavigate('a[href="checkout.html"]');
      await j.idle(1000);
    },
    expected: [],
    expectedSession: { pageCount: 3, urlPaths: ['/checkout.html', '/confirmation.html'] },
  },
  {
    name: 'signup-abandoned-plain',
    description: 'An email typed into the sign-up form, then "Maybe later": the form is abandoned.',
    page: 'signup.html',
    mode: 'rrweb',
    clicks: 2,
    async run(j) {
      await j.click('#email');
      await j.type('#email', 'ada@example.com');
      await j.wait(1500);
      await j.clickAndNavigate('#later');
      await j.idle(500);
    },
    expected: [{ type: 'form_abandonment', element: '#email', selector: 'input#email', text: 'Email' }],
    expectedSession: { pageCount: 2, urlPaths: ['/signup.html', '/confirmation.html'] },
  },
  {
    name: 'signup-submitted-plain',
    description: 'The same email, "Create account" clicked (the page says thanks), then "Maybe later": not abandoned.',
    page: 'signup.html',
    mode: 'rrweb',
    clicks: 3,
    async run(j) {
      await j.click('#email');
      await j.type('#email', 'ada@example.com');
      await j.wait(500);
      await j.click('#create-account');
      await j.wait(1500);
      await j.clickAndNavigate('#later');
      await j.idle(500);
    },
    expected: [],
    expectedSession: { pageCount: 2, urlPaths: ['/signup.html', '/confirmation.html'] },
  },
  {
    name: 'continue-navigates-plain',
    description: 'The same navigation, seen by plain rrweb only as a new Meta event.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 1,
    async run(j) {
      await j.wait(500);
      await j.clickAndNavigate('#continue');
      await j.idle(1500);
    },
    expected: [],
    expectedSession: { pageCount: 2, urlPaths: ['/checkout.html', '/confirmation.html'] },
  },
  {
    name: 'spa-route-slow-render',
    description: '"Settings" changes the URL with pushState at once and renders the view 3 s later.',
    page: 'inbox.html',
    mode: 'sdk',
    clicks: 1,
    async run(j) {
      await j.click('#settings');
      await j.idle(3500);
    },
    expected: [],
    expectedSession: { pageCount: 2, urlPaths: ['/inbox.html', '/settings'] },
  },
  {
    name: 'refresh-after-2s-plain',
    description: '"Refresh" updates the page after 2 s, inside the 2.5 s window.',
    page: 'inbox.html',
    mode: 'rrweb',
    clicks: 1,
    async run(j) {
      await j.click('#refresh');
      await j.idle(3500);
    },
    expected: [],
  },
  {
    name: 'archive-after-3s',
    description: '"Archive" removes the message only after 3 s: too late, a dead click.',
    page: 'inbox.html',
    mode: 'sdk',
    clicks: 1,
    async run(j) {
      await j.click('#archive');
      await j.idle(4000);
    },
    expected: [{ type: 'dead_click', click: 0, element: '#archive' }],
  },
  {
    name: 'mousedown-action',
    description: '"Mark all read" reacts on mousedown, before the click event arrives.',
    page: 'inbox.html',
    mode: 'sdk',
    clicks: 1,
    async run(j) {
      await j.click('#mark-read');
      await j.idle(3000);
    },
    expected: [],
  },
  {
    name: 'scroll-buttons-plain',
    description: '"Back to top" scrolls at once (not dead); its slow twin scrolls after 3 s (dead).',
    page: 'inbox.html',
    mode: 'rrweb',
    clicks: 2,
    async run(j) {
      await j.scrollTo('#back-to-top');
      await j.click('#back-to-top');
      await j.wait(1500);
      await j.scrollTo('#back-to-top-slow');
      await j.click('#back-to-top-slow');
      await j.idle(4000);
    },
    expected: [{ type: 'dead_click', click: 1, element: '#back-to-top-slow' }],
  },
  {
    name: 'new-tab-link-plain',
    description: 'A target=_blank link opens the terms in a new tab; nothing changes on this page.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 1,
    async run(j) {
      await j.clickOpeningTab('#terms');
      await j.idle(3500);
    },
    expected: [],
  },
  {
    name: 'form-controls-plain',
    description: 'A checkbox (an input event, no mutation) and a select (a native picker) are not dead.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 2,
    async run(j) {
      await j.click('#remember');
      await j.wait(1500);
      await j.click('#country');
      await j.wait(3000);
      await j.press('Escape');
      await j.idle(1000);
    },
    expected: [],
  },
  {
    name: 'plain-div-clicks',
    description: 'Two slow clicks on a plain panel that is not interactive: never dead.',
    page: 'inbox.html',
    mode: 'sdk',
    clicks: 2,
    async run(j) {
      await j.click('#stats');
      await j.wait(1500);
      await j.click('#stats', { dx: 40 });
      await j.idle(3500);
    },
    expected: [],
  },
  {
    name: 'rage-before-close',
    description: 'A burst of five clicks on "Place order", then the user closes the page 200 ms later.',
    page: 'checkout.html',
    mode: 'sdk',
    clicks: 5,
    async run(j) {
      await j.burst('#place-order', 5, 140);
      await j.wait(200);
    },
    expected: [{ type: 'rage_click', clickCount: 5, click: 0, element: '#place-order' }],
  },
  {
    name: 'rage-before-close-plain',
    description: 'The same burst before closing, recorded by plain rrweb: no pagehide, the last clicks got no answer.',
    page: 'checkout.html',
    mode: 'rrweb',
    clicks: 5,
    async run(j) {
      await j.burst('#place-order', 5, 140);
      await j.wait(200);
    },
    expected: [
      { type: 'rage_click', clickCount: 5, click: 0, element: '#place-order' },
      { type: 'dead_click', click: 0, element: '#place-order' },
    ],
  },
];
