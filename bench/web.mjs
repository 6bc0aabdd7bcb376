// The web app's figures for BENCHMARKS.md, measured on the release build in
// dist/ (make build) in headless Chromium on localhost:
//
// 1. what dist/ transfers: raw, gzip -9 (GNU gzip) and brotli (quality 11, node's
//    zlib) per file, and
//    the first view (everything but the engine worker, which the app starts the
//    first time it is needed) apart from the lazy engine worker;
// 2. navigation → first analysis shown (the page marks `retort:first-analysis`
//    when the first report reaches it), cold profile each run;
// 2b. SQL tab → SQL shown, the engine worker started for it, cold;
// 3. edit → inline result on a generated 300-revision project
//    (bench/gen_history.py): an `import os` typed into the head revision, until
//    its HYG002 result is on its line. The first edit after opening the project
//    follows a slow (whole-project) analysis, so it waits for the typing debounce;
//    later edits are sent at once while the worker answers quickly.
//
//   make bench-web            # = make build && node bench/web.mjs
//   RUNS=9 N=300 node bench/web.mjs
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
// playwright-core is installed in tests/e2e/ (scripts/setup.sh browser).
import { chromium, DIST, ROOT, serveDist } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const N = Number(process.env.N ?? 300);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => n.toLocaleString('en-US');

// 1. Transfer size.
const zero = () => ({ raw: 0, gzip: 0, brotli: 0 });
const totals = { first: zero(), lazy: zero() };
console.log('| File | Raw bytes | gzip -9 | brotli -q 11 |\n| --- | --- | --- | --- |');
for (const name of (await readdir(DIST)).sort()) {
  const body = await readFile(join(DIST, name));
  // GNU gzip, as BENCHMARKS.md's command: node's zlib compresses these files ~6 % worse.
  const gzip = execFileSync('gzip', ['-9', '-c', join(DIST, name)], { maxBuffer: 64 << 20 }).length;
  const brotli = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
  // The engine worker's files: engine-worker.js, engine-worker_bg.wasm, engine-worker_loader.js.
  const total = name.startsWith('engine-worker') ? totals.lazy : totals.first;
  total.raw += body.length;
  total.gzip += gzip;
  total.brotli += brotli;
  console.log(`| \`${name}\` | ${fmt(body.length)} | ${fmt(gzip)} | ${fmt(brotli)} |`);
}
const row = (what, t) => console.log(`| ${what} | ${fmt(t.raw)} | ${fmt(t.gzip)} | ${fmt(t.brotli)} |`);
row('first view (all but the engine worker)', totals.first);
row('engine worker (lazy: SQL, database, round trip, models)', totals.lazy);
row('all of dist/', {
  raw: totals.first.raw + totals.lazy.raw,
  gzip: totals.first.gzip + totals.lazy.gzip,
  brotli: totals.first.brotli + totals.lazy.brotli,
});
console.log('');

const served = await serveDist();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  // 2. Navigation → first analysis shown, cold.
  const firsts = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${served.origin}/`);
    const at = await page.waitForFunction(
      () => performance.getEntriesByName('retort:first-analysis')[0]?.startTime,
      null,
      { timeout: 30_000 },
    );
    firsts.push(await at.jsonValue());
    await context.close();
  }
  console.log(`navigation → first analysis shown, ${RUNS} cold runs: median ${median(firsts).toFixed(0)} ms (${firsts.map((t) => t.toFixed(0)).join(', ')})`);

  // 2b. The lazy engine worker: SQL tab clicked → its SQL shown, the worker
  //     started for it (downloaded, compiled, the workspace parsed), cold.
  const sqls = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${served.origin}/`);
    await page.waitForFunction(() => performance.getEntriesByName('retort:first-analysis').length > 0, null, { timeout: 30_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('tab-sql').click();
    await page.locator('[data-testid=sql-output]').waitFor({ timeout: 30_000 });
    sqls.push((await page.evaluate(() => performance.now())) - t0);
    await context.close();
  }
  console.log(`SQL tab → SQL shown, engine worker started cold, ${RUNS} runs: median ${median(sqls).toFixed(0)} ms (${sqls.map((t) => t.toFixed(0)).join(', ')})`);

  // 3. Edit → inline result on an N-revision project.
  const out = join(ROOT, 'bench/out', `history-${N}`);
  await stat(join(out, 'alembic.ini')).catch(() =>
    execFileSync('python3', [join(ROOT, 'bench/gen_history.py'), '-n', String(N), '--out', out]),
  );
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${served.origin}/`);
  await page.waitForFunction(() => performance.getEntriesByName('retort:first-analysis').length > 0);
  await page.getByTestId('open-folder').setInputFiles(out);
  await page.waitForFunction(
    (n) => new RegExp(`^Analysed \\d+ files, ${n} revisions`).test(document.querySelector('[data-testid=status]').textContent),
    N,
    { timeout: 60_000 },
  );
  const head = await page.locator('[data-testid=graph-node][data-head=true]').first();
  await head.click();
  const status = await page.getByTestId('status').textContent();
  const latencies = [];
  const workerTimes = [];
  const steps = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await page.evaluate(async (after) => {
      const editor = document.querySelector('[data-testid=editor]');
      const base = editor.dataset.base ?? (editor.dataset.base = editor.value);
      const lines = base.split('\n');
      // Below the imports (line numbers are 1-based).
      const line = lines.findIndex((l) => l.startsWith('import ')) + 2 + after;
      lines.splice(line - 1, 0, 'import os');
      const t0 = performance.now();
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
      setter.call(editor, lines.join('\n'));
      editor.dispatchEvent(new Event('input', { bubbles: true }));
      const selector = `[data-testid=diagnostic][data-code=HYG002][data-line="${line}"]`;
      performance.clearMarks();
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${selector} after 30 s`)), 30_000);
        const check = () => {
          if (document.querySelector(selector)) {
            observer.disconnect();
            clearTimeout(timer);
            resolve();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        check();
      });
      const at = (name) => (performance.getEntriesByName(name).at(-1)?.startTime ?? NaN) - t0;
      window.__marks = performance.getEntriesByType('mark').map((m) => `${m.name}@${(m.startTime - t0).toFixed(1)}`).join(' ');
      return [performance.now() - t0, at('retort:sent'), at('retort:received'), at('retort:decoded')];
    }, i % 2);
    latencies.push(ms[0]);
    steps.push(ms);
    if (process.env.MARKS) console.log(await page.evaluate(() => window.__marks));
    const after = await page.getByTestId('status').textContent();
    workerTimes.push(Number(/in (\d+) ms/.exec(after)?.[1] ?? NaN));
  }
  console.log(`${status.trim()} (worker time for the whole project)`);
  console.log(`edit → inline result, ${N} revisions, ${RUNS} edits: median ${median(latencies).toFixed(0)} ms (${latencies.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`worker time per edit: median ${median(workerTimes)} ms (${workerTimes.join(', ')})`);
  const col = (k) => median(steps.map((s) => s[k])).toFixed(0);
  console.log(`median ms after the edit: request sent ${col(1)}, answer received ${col(2)}, answer decoded ${col(3)}, result on its line ${col(0)}`);
  await context.close();
} finally {
  await browser.close();
  served.server.close();
}
