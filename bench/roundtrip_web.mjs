// `retort roundtrip` in headless Chromium, for bench/roundtrip.sh: the wasm build of
// bench/engine-web (wasm-bindgen output in bench/out/engine-web/, made by the shell
// script) is served on localhost, and the page runs the stairway over a project's files
// on its main thread, RUNS + 1 times in one page. Each run is timed with
// performance.now() around the call: discovery, parsing, the graph and the stairway,
// as the CLI does them once it has read the files (reading them is not timed here).
//
//   node bench/roundtrip_web.mjs PROJECT_DIR [DIALECT] [ROWS]      (RUNS=3 by default)
//
// Prints one JSON object: {"first_ms", "best_ms", "median_ms", "runs_ms", "summary"}.
// "first_ms" is the first run in a fresh page (wasm compiled, not yet optimised);
// "best_ms" and "median_ms" are over the RUNS runs after it. Exits 1 when the
// stairway did not run every revision, so no figure comes from a run that did less.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { chromium, CHROMIUM_ARGS, ROOT, serveDist } from '../tests/e2e/harness.mjs';

const [project, dialect = 'sqlite', rows = '1'] = process.argv.slice(2);
if (!project) {
  console.error('usage: node bench/roundtrip_web.mjs PROJECT_DIR [DIALECT] [ROWS]');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 3);
const PKG = join(ROOT, 'bench/out/engine-web');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The files the CLI would read under PROJECT_DIR (crates/retort-cli/src/load.rs):
// Python, ini and toml files, no hidden or cache directories.
const SKIP = new Set(['node_modules', '__pycache__', 'site-packages', 'target', 'venv', '.venv', 'env', 'dist', 'build']);
async function collect(dir, out) {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIP.has(entry.name)) await collect(path, out);
    } else if (/(\.py|\.ini)$|^(pyproject|retort)\.toml$/.test(entry.name)) {
      out.push([relative(project, path), await readFile(path, 'utf8')]);
    }
  }
  return out;
}

const files = JSON.stringify(await collect(project, []));
await writeFile(join(PKG, 'index.html'), '<!doctype html><meta charset="utf-8"><title>retort roundtrip</title>\n');
const served = await serveDist(PKG);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${served.origin}/`);
  const result = await page.evaluate(
    async ({ files, dialect, rows, runs }) => {
      const wasm = await import('/retort_bench_web.js');
      await wasm.default();
      const times = [];
      let summary;
      for (let i = 0; i <= runs; i++) {
        const start = performance.now();
        summary = wasm.roundtrip(files, dialect, rows);
        times.push(performance.now() - start);
      }
      return { times, summary: JSON.parse(summary) };
    },
    { files, dialect, rows: Number(rows), runs: RUNS },
  );
  const [first, ...rest] = result.times;
  const sorted = [...rest].sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 10) / 10;
  console.log(
    JSON.stringify({
      first_ms: round(first),
      best_ms: round(sorted[0] ?? first),
      median_ms: round(sorted[Math.floor(sorted.length / 2)] ?? first),
      runs_ms: rest.map(round),
      summary: result.summary,
    }),
  );
  const s = result.summary;
  if (s.error || s.not_run > 0 || s.revisions === 0) {
    console.error(`bench/roundtrip_web.mjs: the stairway did not run every revision of ${project}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  served.server.close();
}
