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
          type: 2, id: 3, tagName: 'html', attributes: { lang: 'en' },
          childNodes: [
            { type: 2, id: 4, tagName: 'head', attributes: {}, childNodes: [] },
            {
              type: 2, id: 5, tagName: 'body', attributes: { style: 'font-family: sans-serif; margin: 40px' },
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
      events.push({ type: 3, timestamp: t, data: { source: 0, texts: [{ id: 9, value: 'Tick ' + tick }], attributes: [], removes: [], adds: [] } });
    } else {
      events.push({ type: 3, timestamp: t, data: { source: 1, positions: [{ x: 100 + (tick % 400), y: 200 + (tick % 100), id: 5, timeOffset: 0 }] } });
    }
  }
  return { events, title };
}
