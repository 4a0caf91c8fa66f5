// Page hide compresses what is pending at once (src/transport.ts, quickGzip; docs/INGEST.md, "Page hide"):
// what it makes must be one gzip member that any inflater (zlib here, as the server's) gives back byte for
// byte, and smaller than the JSON on a real recording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const bundled = await build({
  entryPoints: [new URL('../src/transport.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  write: false,
});
const { quickGzip } = await import('data:text/javascript;base64,' + Buffer.from(bundled.outputFiles[0].text).toString('base64'));
const recording = readFileSync(new URL('../../testdata/rrweb-demo-session.json', import.meta.url), 'utf8');

function randomText(length, alphabet) {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}

test('what quickGzip makes inflates to the same text, whatever the text', () => {
  const random = randomText(70_000, 'abcdefghijklmnopqrstuvwxyz{}[]":,0123456789 ');
  const cases = {
    empty: '',
    'one byte': 'a',
    'three bytes': 'abc',
    // a match that overlaps itself, and matches at the longest length deflate has a code for here
    'a run': 'a'.repeat(10_000),
    'non-ASCII': 'héllo wörld ✓ 日本 '.repeat(300),
    // matches at distances near deflate's 32 KB window, and past it
    'far repeats': random.slice(0, 32_760) + random.slice(0, 600) + random.slice(0, 40_000) + random.slice(0, 300),
    'random printable text': randomText(100_000, Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')),
    'a recording': recording,
  };
  for (const [name, text] of Object.entries(cases)) {
    const body = Buffer.from(quickGzip(text));
    assert.equal(gunzipSync(body).toString('utf8'), text, name);
    assert.equal(body.readUInt32LE(body.length - 4), Buffer.byteLength(text), `${name}: one member, its length in the trailer`);
  }
});

test('a recording compressed at once is under 30 % of its JSON, within 1.25 times what zlib makes of it', () => {
  for (const size of [16 * 1024, 128 * 1024]) {
    const text = recording.slice(0, size);
    const quick = quickGzip(text).length;
    const zlib = gzipSync(text).length;
    assert.ok(quick < size * 0.3, `${quick} bytes for ${size} of JSON`);
    assert.ok(quick < 1.25 * zlib, `${quick} bytes against zlib's ${zlib}`);
  }
});
