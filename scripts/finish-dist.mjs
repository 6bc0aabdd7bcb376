// Trunk post-build hook (Trunk.toml): finishes what Trunk leaves in its staging
// directory before it becomes dist/.
//
// 1. The Content-Security-Policy of index.html allows Trunk's inline loader
//    script by its SHA-256 (a static page cannot use a nonce).
// 2. The workers' loader shims (`*_loader.js`, data-loader-shim) call wasm-bindgen's
//    init with a bare path, which wasm-bindgen 0.2.130 still takes but warns about in
//    the console at every start: they pass `{ module_or_path }` instead.
// 3. sw.js gets the list of files to precache and a version derived from
//    their contents, so that a new build replaces the old cache.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('finish-dist: TRUNK_STAGING_DIR is not set (run by trunk build)');
  process.exit(1);
}

const indexPath = join(staging, 'index.html');
let index = await readFile(indexPath, 'utf8');
const hashes = [];
for (const match of index.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
}
if (!index.includes('__INLINE_SCRIPT_HASHES__')) {
  console.error('finish-dist: index.html has no __INLINE_SCRIPT_HASHES__ placeholder');
  process.exit(1);
}
index = index.replace('__INLINE_SCRIPT_HASHES__', hashes.join(' '));
await writeFile(indexPath, index);

for (const name of (await readdir(staging)).filter((n) => n.endsWith('_loader.js'))) {
  const path = join(staging, name);
  const shim = await readFile(path, 'utf8');
  const fixed = shim.replace(/wasm_bindgen\(("[^"]+")\)/, 'wasm_bindgen({ module_or_path: $1 })');
  if (fixed === shim) {
    console.error(`finish-dist: ${name} does not call wasm_bindgen("…") as expected; left as it is`);
  } else {
    await writeFile(path, fixed);
  }
}

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}
const files = (await walk(staging)).filter((f) => !f.endsWith('sw.js')).sort();
const version = createHash('sha256');
for (const file of files) version.update(relative(staging, file)).update(await readFile(file));
const urls = ['/', ...files.map((f) => `/${relative(staging, f)}`).filter((u) => u !== '/index.html')];

const swPath = join(staging, 'sw.js');
const sw = (await readFile(swPath, 'utf8'))
  .replace('__VERSION__', version.digest('hex').slice(0, 16))
  .replace('__PRECACHE__', JSON.stringify(urls));
await writeFile(swPath, sw);
console.log(`finish-dist: ${hashes.length} inline script hash(es), ${urls.length} files precached`);
