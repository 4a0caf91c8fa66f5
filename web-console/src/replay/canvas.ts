// Canvas frames (docs/ASSETS.md, "Canvas"). When a tenant records canvas, the recorder sends each visible
// canvas as an image a few times a second (rrweb's canvas sampling: a canvas mutation whose commands are
// clearRect, then drawImage of one encoded image). rrweb's Replayer draws canvas mutations only with
// UNSAFE_replayCanvas, which adds allow-scripts to the replay's sandbox; this plugin draws those frames
// from the console's own code instead, so the sandbox stays "allow-same-origin" and nothing recorded runs.
// The image bytes are only ever decoded as an image (createImageBitmap) and drawn into the canvas.
import type { Replayer } from '@rrweb/replay';
import { EVENT_INCREMENTAL, SOURCE_CANVAS_MUTATION } from '../constants';

type ReplayPlugin = NonNullable<NonNullable<ConstructorParameters<typeof Replayer>[1]>['plugins']>[number];

interface Frame {
  id: number;
  image: Blob;
}

/** The one image of a sampled canvas frame, or null for any other canvas mutation (those are not replayed). */
export function frameOf(data: unknown): Frame | null {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const d = data as any;
  if (!d || typeof d.id !== 'number' || !Array.isArray(d.commands)) return null;
  const draw = d.commands.find((c: { property?: string }) => c && c.property === 'drawImage');
  const bitmap = draw && Array.isArray(draw.args) ? draw.args[0] : null;
  const blob = bitmap && bitmap.rr_type === 'ImageBitmap' && Array.isArray(bitmap.args) ? bitmap.args[0] : null;
  const buffer = blob && blob.rr_type === 'Blob' && Array.isArray(blob.data) ? blob.data[0] : null;
  if (!buffer || buffer.rr_type !== 'ArrayBuffer' || typeof buffer.base64 !== 'string') return null;
  if (typeof blob.type !== 'string' || !/^image\/(webp|png|jpeg)$/.test(blob.type)) return null;
  try {
    const text = atob(buffer.base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return { id: d.id, image: new Blob([bytes], { type: blob.type }) };
  } catch {
    return null;
  }
}

/** A Replayer plugin that draws each canvas's latest frame into the replayed canvas. */
export function canvasFrames(): ReplayPlugin {
  const latest = new Map<number, number>();
  let drawn = 0;
  return {
    handler(event, isSync, { replayer }) {
      const e = event as { type: number; data: { source?: number } };
      if (e.type !== EVENT_INCREMENTAL || e.data.source !== SOURCE_CANVAS_MUTATION) return;
      const frame = frameOf(e.data);
      if (!frame) return;
      const mine = ++drawn;
      latest.set(frame.id, mine);
      const draw = async () => {
        if (latest.get(frame.id) !== mine) return; // a later frame of this canvas came meanwhile
        const canvas = replayer.getMirror().getNode(frame.id) as HTMLCanvasElement | null;
        if (!canvas || canvas.nodeName !== 'CANVAS') return;
        try {
          const bitmap = await createImageBitmap(frame.image);
          if (latest.get(frame.id) !== mine) return;
          const context = canvas.getContext('2d');
          if (!context) return;
          context.clearRect(0, 0, canvas.width, canvas.height);
          context.drawImage(bitmap, 0, 0);
          canvas.dataset.rewindFrame = String(mine);
        } catch {
          // an image that does not decode leaves the canvas as it was
        }
      };
      // while seeking, rrweb builds the page off-screen and attaches it after the last event: draw then
      if (isSync) setTimeout(() => void draw(), 0);
      else void draw();
    },
  };
}
