// In-page helper for the journey recorder. It starts @rrweb/record and, in "sdk" mode, adds the
// custom events that Rewind's recorder sends (click hints, navigation, pagehide, identify), in
// the formats of docs/FRUSTRATION.md. In "rrweb" mode the recording is what any plain rrweb
// recorder produces, plus JavaScript errors as `error` custom events (the ingest convention).
(() => {
  const mode = window.__rewindMode || 'rrweb';
  const { record } = window.rrwebRecord;
  // While the page unloads, a call into the test driver is dropped; a beacon still leaves, as
  // the real recorder's keepalive request does.
  let leaving = false;
  record({
    emit: (event) => (leaving ? navigator.sendBeacon('/beacon', JSON.stringify(event)) : window.__rewindEmit(event)),
  });

  window.addEventListener('error', (e) => {
    record.addCustomEvent('error', {
      message: e.message,
      stack: e.error && e.error.stack ? String(e.error.stack) : undefined,
      source: e.filename,
      line: e.lineno,
      column: e.colno,
    });
  });
  window.addEventListener('unhandledrejection', (e) => {
    record.addCustomEvent('error', { message: 'Unhandled rejection: ' + String(e.reason) });
  });

  const INTERACTIVE =
    'button, a[href], input[type=button], input[type=submit], input[type=reset], input[type=image],' +
    ' input[type=checkbox], input[type=radio], select, summary, label, [role=button], [role=link],' +
    ' [role=menuitem], [role=tab], [role=checkbox], [role=switch], [onclick]';

  function selectorOf(el) {
    const parts = [];
    for (let node = el; node && node.nodeType === 1 && parts.length < 3; node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) {
        parts.unshift(part + '#' + node.id);
        break;
      }
      const classes = Array.from(node.classList).slice(0, 2);
      if (classes.length) part += '.' + classes.join('.');
      parts.unshift(part);
    }
    return parts.join(' > ');
  }

  function describe(target, x, y) {
    const interactiveAncestor = target.closest(INTERACTIVE);
    const el = interactiveAncestor || target;
    const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const hint = {
      nodeId: record.mirror.getId(el),
      x,
      y,
      tag: el.tagName.toLowerCase(),
      selector: selectorOf(el),
      interactive: Boolean(interactiveAncestor) || getComputedStyle(el).cursor === 'pointer',
    };
    if (el.id) hint.id = el.id;
    if (el.classList.length) hint.classes = Array.from(el.classList);
    if (el.getAttribute('role')) hint.role = el.getAttribute('role');
    if (text) hint.text = text;
    return hint;
  }
  window.__rewindDescribe = (el) => describe(el, 0, 0);

  if (mode !== 'sdk') return;

  document.addEventListener('click', (e) => {
    if (e.target instanceof Element) record.addCustomEvent('click', describe(e.target, e.clientX, e.clientY));
  }, true);
  window.addEventListener('pagehide', () => {
    leaving = true;
    record.addCustomEvent('pagehide', {});
  });
  for (const kind of ['pushState', 'replaceState']) {
    const original = history[kind];
    history[kind] = function (...args) {
      const result = original.apply(this, args);
      record.addCustomEvent('navigation', { href: location.href, kind: kind === 'pushState' ? 'push' : 'replace' });
      return result;
    };
  }
  window.addEventListener('popstate', () => record.addCustomEvent('navigation', { href: location.href, kind: 'pop' }));
  window.__rewindIdentify = (userId, traits) => record.addCustomEvent('identify', { userId, traits: traits || {} });
})();
