// Generated rrweb recordings of any length with the same density of events, like the recorder's:
// a meta event and a full snapshot at the start and every 5 minutes (its checkout), and in between a
// text mutation and a mouse move every `intervalMs`.

const CHECKOUT_EVERY_MS = 5 * 60_000;
const VIEWPORT = { width: 1280, height: 720 };

function snapshot(title, tick) {
  return {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
        {
          type: 2,
          id: 3,
          tagName: 'html',
          attributes: { lang: 'en' },
          childNodes: [
            { type: 2, id: 4, tagName: 'head', attributes: {}, childNodes: [] },
            {
              type: 2,
              id: 5,
              tagName: 'body',
              attributes: { style: 'font-family: sans-serif; margin: 40px' },
              childNodes: [
                { type: 2, id: 6, tagName: 'h1', attributes: {}, childNodes: [{ type: 3, id: 7, textContent: title }] },
                { type: 2, id: 8, tagName: 'p', attributes: { id: 'tick' }, childNodes: [{ type: 3, id: 9, textContent: 'Tick ' + tick }] },
              ],
            },
          ],
        },
      ],
    },
    initialOffset: { left: 0, top: 0 },
  };
}

/** {events, title}: `minutes` of recording ending now. */
export function generatedSession(minutes, intervalMs = 100) {
  const title = `Generated ${minutes}-minute session`;
  const end = Date.now();
  const start = end - minutes * 60_000;
  const events = [];
  let tick = 0;
  for (let t = start; t <= end; t += intervalMs) {
    if ((t - start) % CHECKOUT_EVERY_MS < intervalMs) {
      events.push({ type: 4, timestamp: t, data: { href: 'https://shop.example/generated', ...VIEWPORT } });
      events.push({ type: 2, timestamp: t, data: snapshot(title, tick) });
      continue;
    }
    tick++;
    if (tick % 2 === 0) {
      events.push({
        type: 3,
        timestamp: t,
        data: { source: 0, texts: [{ id: 9, value: 'Tick ' + tick }], attributes: [], removes: [], adds: [] },
      });
    } else {
      events.push({
        type: 3,
        timestamp: t,
        data: { source: 1, positions: [{ x: 100 + (tick % 400), y: 200 + (tick % 100), id: 5, timeOffset: 0 }] },
      });
    }
  }
  return { events, title };
}

const el = (id, tagName, attributes, ...childNodes) => ({ type: 2, id, tagName, attributes, childNodes });
const txt = (id, textContent) => ({ type: 3, id, textContent });
const page = (...body) => ({
  node: {
    type: 0,
    id: 1,
    childNodes: [
      { type: 1, id: 2, name: 'html', publicId: '', systemId: '' },
      el(3, 'html', {}, el(4, 'head', {}), el(5, 'body', { style: 'font-family: sans-serif; margin: 40px' }, ...body)),
    ],
  },
  initialOffset: { left: 0, top: 0 },
});

/**
 * A plain rrweb recording (no click hints) of two pages, 28 s: "Place order" clicked four times
 * fast (a rage click), then once more and its handler throws (a dead click, an error click and an
 * error, a few pixels apart on the timeline), console messages and a failing request, typing in the
 * Email field, 16 s without activity, then the confirmation page. Offsets from the start are in `at`.
 */
export function checkoutJourney() {
  const t0 = Date.now() - 60_000;
  const at = {
    rage: 1000,
    lastClick: 5000,
    error: 5100,
    log: 6000,
    network: 6100,
    typing: 9000,
    idleFrom: 9200,
    confirmation: 24_000,
    end: 28_000,
  };
  const events = [];
  const push = (offset, type, data) => events.push({ type, timestamp: t0 + offset, data });
  const click = (offset, id, x, y) => {
    push(offset, 3, { source: 2, type: 1, id, x, y });
    push(offset, 3, { source: 2, type: 0, id, x, y });
    push(offset, 3, { source: 2, type: 2, id, x, y });
  };
  push(0, 4, { href: 'https://shop.example/checkout', width: 1024, height: 768 });
  push(
    0,
    2,
    page(
      el(6, 'h1', {}, txt(7, 'Checkout')),
      el(8, 'label', { for: 'email' }, txt(9, 'Email')),
      el(10, 'input', { id: 'email', type: 'email' }),
      el(11, 'button', { id: 'place-order', type: 'button' }, el(12, 'span', {}, txt(13, 'Place order'))),
    ),
  );
  push(500, 3, { source: 1, positions: [{ x: 300, y: 400, id: 12, timeOffset: 0 }] });
  for (let i = 0; i < 4; i++) click(at.rage + i * 200, 12, 300 + i, 400);
  click(at.lastClick, 12, 300, 400);
  push(at.error, 5, {
    tag: 'error',
    payload: { message: 'TypeError: cart is undefined', source: 'https://shop.example/app.js', line: 12 },
  });
  push(at.log, 6, { plugin: 'rrweb/console@1', payload: { level: 'log', trace: [], payload: [JSON.stringify('cart loaded')] } });
  push(at.log + 10, 6, { plugin: 'rrweb/console@1', payload: { level: 'warn', trace: [], payload: [JSON.stringify('slow cart')] } });
  push(at.network, 5, { tag: 'network', payload: { url: 'https://shop.example/api/cart', method: 'POST', status: 500, durationMs: 120 } });
  push(at.typing, 3, { source: 5, id: 10, text: '*****', isChecked: false });
  push(at.idleFrom, 3, { source: 5, id: 10, text: '******', isChecked: false });
  push(at.confirmation, 4, { href: 'https://shop.example/confirmation', width: 1024, height: 768 });
  push(at.confirmation, 2, page(el(6, 'h1', {}, txt(7, 'Order confirmed'))));
  push(at.confirmation + 1000, 3, { source: 1, positions: [{ x: 100, y: 100, id: 6, timeOffset: 0 }] });
  push(at.end, 3, { source: 1, positions: [{ x: 120, y: 100, id: 6, timeOffset: 0 }] });
  return { events, at };
}
