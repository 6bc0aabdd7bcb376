// Ad-hoc: screenshots of the built app for looking at (not a test).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
const DIST = process.env.DIST ?? new URL('../../dist/', import.meta.url).pathname;
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
const server = createServer(async (req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const f = normalize(join(DIST, p.endsWith('/') ? p + 'index.html' : p));
  try { const b = await readFile(f); res.writeHead(200, { 'content-type': MIME[extname(f)] ?? 'application/octet-stream' }); res.end(b); }
  catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(origin + '/');
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/shots/1-linear.png' });
for (const name of (process.argv[2] ?? 'lint_problems,branches').split(',')) {
  await page.click(`[data-testid=example][data-name=${name}]`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/2-${name}.png` });
}
await browser.close();
server.close();
