// The console's DOM-free logic, in node: filters <-> URL <-> API query, origins, formatting, asset URL rewrites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONSOLE_ROOT } from './harness.mjs';

async function load(entry) {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-console-'));
  try {
    const outfile = join(dir, 'module.mjs');
    await build({ entryPoints: [join(CONSOLE_ROOT, entry)], outfile, bundle: true, format: 'esm', platform: 'node', logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { parseFilters, filtersToSearch, filtersToApiQuery, hasFilters } = await load('src/filters.ts');
const { parseOrigins, retentionEffect } = await load('src/pages/settings.ts');
const { clock, duration, shortUrl } = await load('src/format.ts');
const { AssetRewriter } = await load('src/replay/assets.ts');

test('filters read from a shared URL give the same URL back, flags in a fixed order', () => {
  const search = new URLSearchParams(
    'flag=error&flag=rage_click&url=checkout&minDurationMs=30000&userId=u1&browser=Firefox&from=2026-01-02&to=2026-01-05',
  );
  const filters = parseFilters(search);
  assert.deepEqual(filters.flags, ['error', 'rage_click']);
  assert.equal(
    filtersToSearch(filters).toString(),
    'flag=rage_click&flag=error&from=2026-01-02&to=2026-01-05&url=checkout&minDurationMs=30000&userId=u1&browser=Firefox',
  );
  assert.equal(hasFilters(filters), true);
});

test('an error group filter (from an error page) is kept in the URL and sent to the API; a malformed one is not', () => {
  const filters = parseFilters(new URLSearchParams('errorGroup=0123456789abcdef'));
  assert.equal(filters.errorGroup, '0123456789abcdef');
  assert.equal(hasFilters(filters), true);
  assert.equal(filtersToSearch(filters).toString(), 'errorGroup=0123456789abcdef');
  assert.equal(filtersToApiQuery(filters, 25).get('errorGroup'), '0123456789abcdef');
  assert.equal(parseFilters(new URLSearchParams('errorGroup=../x')).errorGroup, undefined);
});

test('unknown flags, malformed dates and durations in a URL are ignored, not sent to the API', () => {
  const filters = parseFilters(new URLSearchParams('flag=bogus&flag=dead_click&flag=dead_click&from=yesterday&minDurationMs=-5'));
  assert.deepEqual(filters.flags, ['dead_click']);
  assert.equal(filters.from, undefined);
  assert.equal(filters.minDurationMs, undefined);
  assert.equal(hasFilters(parseFilters(new URLSearchParams('cursor=abc'))), false);
});

test('the API query repeats flag, turns days into instants with an inclusive end, and carries the cursor and limit', () => {
  const query = filtersToApiQuery(
    parseFilters(new URLSearchParams('flag=rage_click&flag=dead_click&from=2026-03-10&to=2026-03-10&cursor=next')),
    25,
  );
  assert.deepEqual(query.getAll('flag'), ['rage_click', 'dead_click']);
  assert.equal(Date.parse(query.get('to')) - Date.parse(query.get('from')), 86_400_000);
  assert.equal(new Date(query.get('from')).getDate(), 10);
  assert.equal(query.get('cursor'), 'next');
  assert.equal(query.get('limit'), '25');
});

test('allowed origins are parsed one per line, a trailing slash forgiven, paths refused', () => {
  assert.deepEqual(parseOrigins('https://a.example\n http://localhost:3000/ \n\nhttps://a.example'), {
    origins: ['https://a.example', 'http://localhost:3000'],
  });
  assert.ok('error' in parseOrigins('https://a.example/shop'));
  assert.ok('error' in parseOrigins('a.example'));
  assert.ok('error' in parseOrigins('javascript:alert(1)'));
  assert.deepEqual(parseOrigins('   '), { origins: [] });
});

test('the retention note says what shortening deletes and that lengthening restores nothing', () => {
  assert.match(retentionEffect(30, 7, new Date('2026-06-30T12:00:00Z')), /older than 7 days\) disappear .* deleted for good/);
  assert.match(retentionEffect(30, 90), /do not come back/);
  assert.match(retentionEffect(30, 30), /kept for 30 days/);
});

test('times and URLs read as people say them', () => {
  assert.equal(clock(0), '0:00');
  assert.equal(clock(65_400), '1:05');
  assert.equal(clock(3_723_000), '1:02:03');
  assert.equal(duration(45_000), '45 s');
  assert.equal(duration(200_000), '3 min 20 s');
  assert.equal(duration(3_900_000), '1 h 5 min');
  assert.equal(shortUrl('https://shop.example/checkout?step=2'), 'shop.example/checkout?step=2');
  assert.equal(shortUrl('https://shop.example/'), 'shop.example');
  assert.equal(shortUrl(null), '—');
});

test("the url()s of rrweb's style events resolve against the page and play from the stored copies, or from the site's URL", () => {
  const copy = (name, sig) => `https://bucket.example/t/tenant/a/${name}?X-Amz-Signature=${sig}`;
  const assets = new AssetRewriter({
    'https://shop.example/img/hero.png': copy('hero', 1),
    'https://shop.example/fonts/icons.woff2': copy('icons', 1),
    'https://shop.example/shop/img/adopted.png': copy('adopted', 1),
    'https://cdn.example/bg.png': copy('bg', 1),
  });
  const meta = { type: 4, timestamp: 1, data: { href: 'https://shop.example/shop/product', width: 800, height: 600 } };
  // StyleSheetRule: rules inserted (also into a nested rule, index a path), then a sheet replaced both ways
  const inserted = {
    type: 3,
    timestamp: 2,
    data: {
      source: 8,
      id: 12,
      adds: [
        { rule: '.hero { background: url(/img/hero.png) no-repeat, url("gone.png"); fill: url(#gradient); }', index: 3 },
        { rule: '@font-face { font-family: Icons; src: url("../fonts/icons.woff2") format("woff2"); }', index: [1, 0] },
        { rule: '.dot { background: url(data:image/gif;base64,R0lGOD); }', index: 4 },
      ],
    },
  };
  const replaced = {
    type: 3,
    timestamp: 3,
    data: { source: 8, styleId: 2, replaceSync: '.a { background: url("//cdn.example/bg.png"); }' },
  };
  const replacedAsync = { type: 3, timestamp: 3, data: { source: 8, styleId: 2, replace: '.a { background: url(img/adopted.png); }' } };
  // StyleDeclaration: a declaration set on a rule
  const declared = {
    type: 3,
    timestamp: 4,
    data: { source: 13, id: 12, index: [3], set: { property: 'background-image', value: "url('/img/hero.png')" } },
  };
  // AdoptedStyleSheet: a constructed sheet's rules as the page wrote them
  const adopted = {
    type: 3,
    timestamp: 5,
    data: {
      source: 15,
      id: 1,
      styleIds: [2],
      styles: [{ styleId: 2, rules: [{ rule: '#photo { background-image: url(img/adopted.png); }', index: 0 }] }],
    },
  };
  const events = [meta, inserted, replaced, replacedAsync, declared, adopted];
  assets.rewrite(events);

  assert.equal(
    inserted.data.adds[0].rule,
    `.hero { background: url("${copy('hero', 1)}") no-repeat, url("https://shop.example/shop/gone.png"); fill: url(#gradient); }`,
    'a copy where one is stored, else the URL the page used; an SVG reference as it is',
  );
  assert.equal(inserted.data.adds[1].rule, `@font-face { font-family: Icons; src: url("${copy('icons', 1)}") format("woff2"); }`);
  assert.deepEqual(inserted.data.adds[1].index, [1, 0]);
  assert.equal(inserted.data.adds[2].rule, '.dot { background: url(data:image/gif;base64,R0lGOD); }');
  assert.equal(replaced.data.replaceSync, `.a { background: url("${copy('bg', 1)}"); }`);
  assert.equal(replacedAsync.data.replace, `.a { background: url("${copy('adopted', 1)}"); }`);
  assert.equal(declared.data.set.value, `url("${copy('hero', 1)}")`);
  assert.equal(declared.data.set.property, 'background-image');
  assert.equal(adopted.data.styles[0].rules[0].rule, `#photo { background-image: url("${copy('adopted', 1)}"); }`);

  // fresh copy URLs replace the ones the events hold
  assert.equal(
    assets.renew({ 'https://shop.example/img/hero.png': copy('hero', 2), 'https://shop.example/shop/img/adopted.png': copy('adopted', 2) }),
    true,
  );
  assets.rewrite(events);
  assert.equal(declared.data.set.value, `url("${copy('hero', 2)}")`);
  assert.equal(adopted.data.styles[0].rules[0].rule, `#photo { background-image: url("${copy('adopted', 2)}"); }`);
  assert.match(inserted.data.adds[0].rule, /url\("https:\/\/shop\.example\/shop\/gone\.png"\)/);

  // a session without stored copies still plays its inserted rules' relative URLs from the site, not the console
  const none = new AssetRewriter(undefined);
  const rule = { type: 3, timestamp: 2, data: { source: 8, id: 12, adds: [{ rule: '.x { background: url(x.png); }', index: 0 }] } };
  const snapshotStyle = {
    type: 3,
    timestamp: 2,
    data: { source: 0, adds: [{ node: { attributes: { style: 'background: url(y.png)' } } }] },
  };
  none.rewrite([meta, rule, snapshotStyle]);
  assert.equal(rule.data.adds[0].rule, '.x { background: url("https://shop.example/shop/x.png"); }');
  assert.equal(snapshotStyle.data.adds[0].node.attributes.style, 'background: url(y.png)', 'other events are left as recorded');
});
