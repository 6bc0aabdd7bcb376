// Shared by the end-to-end tests: dist/ served on a free loopback port, and
// Debian's headless Chromium driven by playwright-core.
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export { chromium };

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach
// Google's hosts, which this machine's closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A static file server for `root` (default: dist/) on 127.0.0.1 and a port the OS picks. */
export async function serveDist(root = DIST) {
  root = normalize(root.endsWith('/') ? root : `${root}/`);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Serves dist/ and starts Chromium with a fresh profile. */
export async function start() {
  await stat(join(DIST, 'index.html')).catch(() => {
    throw new Error(`no ${DIST}index.html: build the app first (make build)`);
  });
  const served = await serveDist();
  const profile = await mkdtemp(join(tmpdir(), 'retort-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    origin: served.origin,
    context,
    async stop() {
      await context.close();
      await new Promise((resolve) => served.server.close(resolve));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A new page that records what should never happen: page errors, console
 * errors (CSP violations among them), failed requests, requests off-origin.
 */
export async function openPage(env, path = '/') {
  const page = await env.context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    // Warnings are ours to fix too, but for Chromium's about Trunk's preload links
    // (`integrity` on <link rel=modulepreload>), which the page cannot change.
    if (message.type() === 'warning' && !message.text().startsWith('The `integrity` attribute is currently ignored')) {
      problems.push(`console warning: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(env.origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`off-origin request: ${url}`);
    }
  });
  page.problems = problems;
  await page.goto(`${env.origin}${path}`);
  return page;
}

/** Waits until the status line says the workspace as it is was analysed. */
export async function analysed(page, timeout = 15_000) {
  await page.waitForFunction(
    () => /^Analysed /.test(document.querySelector('[data-testid=status]')?.textContent ?? ''),
    null,
    { timeout },
  );
}

/** Opens a built-in example and waits for its analysis. */
export async function openExample(page, name) {
  await page.click(`[data-testid=example][data-name=${name}]`);
  await analysed(page);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The files of a built-in example, read from web/examples/<name>/. */
export async function exampleFiles(name) {
  const base = join(ROOT, 'web/examples', name);
  const out = [];
  async function walk(dir) {
    const { readdir } = await import('node:fs/promises');
    for (const entry of await readdir(join(base, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else out.push({ path: rel, text: await readFile(join(base, rel), 'utf8') });
    }
  }
  await walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Types a line into the console and waits for its answer (its echoed `$ line`). */
export async function runConsole(page, line) {
  const before = await page.locator('[data-testid=console-output] .out-input').count();
  await page.getByTestId('console-input').fill(line);
  await page.getByTestId('console-input').press('Enter');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=console-output] .out-input').length > n,
    before,
    { timeout: 30_000 },
  );
}

/** The console's lines after the last command line. */
export async function lastOutput(page) {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll('[data-testid=console-output] .console-line')];
    const last = lines.map((l) => l.classList.contains('out-input')).lastIndexOf(true);
    return lines.slice(last + 1).map((l) => ({ cls: l.className, text: l.textContent }));
  });
}

let cli;
/**
 * Runs the `retort` CLI (built on first use, in the cargo target directory the
 * environment names) in `cwd`: its exit status, stdout and stderr.
 */
export function retort(args, cwd) {
  if (!cli) {
    execFileSync('cargo', ['build', '--quiet', '-p', 'retort-cli'], { cwd: ROOT, stdio: 'inherit' });
    cli = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'retort');
  }
  const run = spawnSync(cli, args, { cwd, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text, needle) {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

export async function editorValue(page) {
  return page.getByTestId('editor').inputValue();
}
