// Smoke test of the built app: serves dist/ on a free loopback port, opens it
// in Debian's headless Chromium through playwright-core, and checks what a
// person would see. Run by `make test` (after the release build), or
// `node --test --test-reporter=spec tests/e2e/` once dist/ exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach
// Google's hosts, which this machine's closed network refuses.
const CHROMIUM_ARGS = [
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
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A static file server for dist/ on 127.0.0.1 and a port the OS picks. */
async function serveDist() {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(DIST, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(DIST)) {
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

let served;
let profile;
let context;

before(async () => {
  await stat(join(DIST, 'index.html')).catch(() => {
    throw new Error(`no ${DIST}index.html: build the app first (make build)`);
  });
  served = await serveDist();
  profile = await mkdtemp(join(tmpdir(), 'retort-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (served ? served.server.close(resolve) : resolve()));
  if (profile) await rm(profile, { recursive: true, force: true });
});

test('the page opens with the example revision in the editor', async () => {
  const page = await context.newPage();
  const problems = [];
  const offsite = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(served.origin)) offsite.push(request.url());
  });

  await page.goto(`${served.origin}/`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Retort' }).waitFor());

  const editor = page.getByTestId('editor');
  await editor.waitFor();
  const source = await editor.inputValue();
  assert.match(source, /^revision: str = '1a2b3c4d5e6f'$/m);
  assert.match(source, /op\.create_table\('account',/);
  assert.match(source, /^def downgrade\(\) -> None:$/m);

  // The analysis worker loaded and answered.
  const status = page.getByTestId('status');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=status]')?.textContent?.startsWith('Analysed'),
    null,
    { timeout: 10_000 },
  );
  const lines = source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
  assert.equal(await status.textContent(), `Analysed in the worker: ${lines} lines, ${Buffer.byteLength(source)} bytes.`);

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'smoke.png'), fullPage: true });

  assert.deepEqual(problems, []);
  assert.deepEqual(offsite, [], 'the page must load nothing from outside its own origin');
  await page.close();
});

test('editing the source is analysed again by the worker', async () => {
  const page = await context.newPage();
  await page.goto(`${served.origin}/`);
  const editor = page.getByTestId('editor');
  await editor.fill('revision = "abc"\ndown_revision = None\n');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=status]')?.textContent === 'Analysed in the worker: 2 lines, 38 bytes.',
    null,
    { timeout: 10_000 },
  );
  await page.close();
});
