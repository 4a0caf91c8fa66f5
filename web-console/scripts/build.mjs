// npm run build: type-check, bundle src/main.ts (and its CSS) into content-hashed assets under
// dist/assets/, and write dist/index.html that loads them. No inline script anywhere: the console's
// Content-Security-Policy is script-src 'self'.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

try {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('FAIL: the type check found errors (above)');
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: 'src/main.ts' },
  outdir: 'dist/assets',
  entryNames: '[name]-[hash]',
  // The replayer (most of the bytes) is a chunk of its own, loaded by the replay pages only.
  splitting: true,
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs);
const script = outputs.find((f) => result.metafile.outputs[f].entryPoint === 'src/main.ts');
const style = outputs.find((f) => f.endsWith('.css'));
if (!script || !style) {
  throw new Error('the build made no app script or stylesheet: ' + outputs.join(', '));
}

// REWIND_API_URL: where the console finds the API when it is not served from the API's origin
// (the CDK app sets it); empty means same origin, as with the local runner.
const apiUrl = process.env.REWIND_API_URL || '';
const html = readFileSync(join(root, 'src/index.html'), 'utf8')
  .replace('{{API_URL}}', escapeAttribute(apiUrl))
  .replace('{{SCRIPT}}', '/assets/' + basename(script))
  .replace('{{STYLE}}', '/assets/' + basename(style));
writeFileSync(join(dist, 'index.html'), html);

const kb = (n) => (n / 1024).toFixed(1) + ' KB';
for (const file of outputs.filter((f) => !f.endsWith('.map') && !f.endsWith('.LEGAL.txt'))) {
  const bytes = readFileSync(join(root, file));
  console.log(`${file.padEnd(36)} ${kb(bytes.length)} minified, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
}

function escapeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
