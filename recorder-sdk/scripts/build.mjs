// npm run build: the snippet bundle (dist/rewind.js), the npm package (dist/index.mjs + .d.ts),
// and the size check of docs/ARCHITECTURE.md ("Budgets"): at most 30 KB gzip -9 with rrweb included.
import { build, transform } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BUDGET_BYTES = 30 * 1024;

/**
 * rrweb inlines the source of its canvas worker (the one that turns canvas frames into images) as a
 * string in every bundle, though only a tenant that turns canvas recording on ever starts it. This
 * takes the source out of dist/rewind.js into dist/rewind-canvas.js, minified, and gives rrweb a
 * WorkerWrapper that reads it from `window.__rewindCanvasWorker`, which that file sets; the recorder
 * loads it beside itself before rrweb starts, only when canvas is recorded (docs/ASSETS.md, "Canvas").
 * The build fails if rrweb's code no longer looks as expected (after an upgrade), rather than ship
 * the worker twice or not at all.
 */
let canvasWorkerSource = '';

/**
 * Takes rrweb code the recorder never runs out of `text`: from `start` up to `end`, replaced by
 * `replacement`, where `name` must be used exactly `usesOutside` times outside it. The build fails if
 * rrweb's code no longer looks as expected (after an upgrade).
 */
function without(text, start, end, replacement, name, usesOutside) {
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from);
  const cut = to < 0 ? '' : text.slice(from, to);
  const uses = (t) => (t.match(name) || []).length;
  if (!cut || uses(text) - uses(cut) !== usesOutside) {
    throw new Error(`@rrweb/record's ${start} is not what scripts/build.mjs takes out: check the plugin`);
  }
  return text.slice(0, from) + replacement + text.slice(to);
}

const canvasWorkerOutside = {
  name: 'canvas-worker-outside',
  setup(b) {
    b.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const start = text.indexOf("const jsContent = '");
      const end = text.indexOf('class CanvasManager {');
      const literal = start < 0 ? null : text.slice(start, end).match(/^const jsContent = ('(?:[^'\\]|\\.)*');\n/);
      if (!literal || end < start || !/function WorkerWrapper\(options\)/.test(text.slice(start, end))) {
        throw new Error("@rrweb/record's canvas worker is not where scripts/build.mjs looks for it: check the plugin");
      }
      const source = new Function('return ' + literal[1])();
      canvasWorkerSource = (await transform(source, { minify: true, target: common.target, legalComments: 'none' })).code;
      const wrapper = `function WorkerWrapper(options) {
  const url = URL.createObjectURL(new Blob([self.__rewindCanvasWorker || ""], { type: "text/javascript" }));
  try {
    return new Worker(url, { name: options == null ? void 0 : options.name });
  } finally {
    URL.revokeObjectURL(url);
  }
}
`;
      let contents = text.slice(0, start) + wrapper + text.slice(end);
      // rrweb 1's deprecated global mirror: nothing reads it, but a top-level Proxy keeps it and its warning
      contents = without(contents, 'const DEPARTED_MIRROR_ACCESS_WARNING = ', 'function throttle(', '', /\b_mirror\b/g, 0);
      // rrweb's font observer, which only its collectFonts option starts (the one call, under `if (o.collectFonts)`):
      // the recorder never sets it, since it stores the fonts a page uses itself (assets.ts)
      contents = without(
        contents,
        'function initFontObserver(',
        'function initSelectionObserver(',
        'function initFontObserver() {}\n',
        /\binitFontObserver\(/g,
        1,
      );
      // rrweb's cross-origin iframe messages, which only its recordCrossOriginIframes option listens for
      // (the two addEventListener calls, each under `if (this.recordCrossOriginIframes)`): the recorder never
      // sets it, so the handler and the id rewriting behind it stay out (the stub keeps those two lines valid)
      contents = without(
        contents,
        '  handleMessage(message) {',
        'class ShadowDomManager {',
        '  handleMessage() {\n  }\n}\n',
        /\btransformCrossOriginEvent\b/g,
        0,
      );
      return { contents, loader: 'js' };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  target: 'es2022',
  define: { __SDK_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync(join(root, 'dist'), { recursive: true, force: true });

await build({
  ...common,
  entryPoints: ['src/snippet-entry.ts'],
  outfile: 'dist/rewind.js',
  format: 'iife',
  minify: true,
  plugins: [canvasWorkerOutside],
  // the one notice the MIT licences of the bundled code ask for (THIRD-PARTY-NOTICES.md)
  banner: {
    js: '/*! Rewind recorder, MIT licence. Includes rrweb, MIT licence, Copyright (c) 2018 Contributors (https://github.com/rrweb-io/rrweb/graphs/contributors) */',
  },
});

if (!canvasWorkerSource) throw new Error('the canvas worker was not taken out of dist/rewind.js');
// The canvas worker, loaded by the recorder beside dist/rewind.js when the tenant records canvas (docs/ASSETS.md).
writeFileSync(join(root, 'dist/rewind-canvas.js'), `window.__rewindCanvasWorker=${JSON.stringify(canvasWorkerSource)};\n`);

// The asset capture, loaded by the recorder beside dist/rewind.js once a page is recorded (docs/ASSETS.md).
await build({
  ...common,
  entryPoints: ['src/assets-entry.ts'],
  outfile: 'dist/rewind-assets.js',
  format: 'iife',
  minify: true,
});

await build({
  ...common,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.mjs',
  format: 'esm',
  // An npm consumer's bundler resolves (and may dedupe) rrweb itself.
  external: ['@rrweb/record'],
});

// The benchmark's baseline and the replay test's reference: plain rrweb with a sender (bench/plain-rrweb.mjs).
await build({
  ...common,
  entryPoints: ['bench/plain-rrweb.mjs'],
  outfile: 'bench/dist/plain-rrweb.js',
  format: 'iife',
  minify: true,
});

// rrweb alone, bundled and minified the same way (its canvas worker taken out too), as the reference for the size comparison.
const rrwebOnly = await build({
  ...common,
  plugins: [canvasWorkerOutside],
  stdin: { contents: "import { record } from '@rrweb/record'; window.rrwebRecord = record;", resolveDir: root },
  write: false,
  format: 'iife',
  minify: true,
});

execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const bundle = readFileSync(join(root, 'dist/rewind.js'));
const bundleGzip = gzipSize(bundle);
const rrwebGzip = gzipSize(rrwebOnly.outputFiles[0].contents);
console.log(
  `dist/rewind.js        ${kb(statSync(join(root, 'dist/rewind.js')).size)} minified, ${kb(bundleGzip)} gzip -9 (budget ${kb(BUDGET_BYTES)})`,
);
console.log(`@rrweb/record alone   ${kb(rrwebOnly.outputFiles[0].contents.length)} minified, ${kb(rrwebGzip)} gzip -9`);
console.log(`Rewind's own code     +${kb(bundleGzip - rrwebGzip)} gzip -9`);
console.log(
  `dist/rewind-assets.js ${kb(gzipSize(readFileSync(join(root, 'dist/rewind-assets.js'))))} gzip -9, loaded after the first snapshot`,
);
console.log(
  `dist/rewind-canvas.js ${kb(gzipSize(readFileSync(join(root, 'dist/rewind-canvas.js'))))} gzip -9, loaded before rrweb starts when canvas is recorded`,
);
if (bundleGzip > BUDGET_BYTES) {
  console.error(`FAIL: dist/rewind.js is ${bundleGzip} bytes gzip, ${bundleGzip - BUDGET_BYTES} over the ${BUDGET_BYTES} byte budget`);
  process.exit(1);
}
console.log(`dist/rewind.js        ${bundleGzip} bytes gzip -9, ${BUDGET_BYTES - bundleGzip} under the ${BUDGET_BYTES} byte budget`);
