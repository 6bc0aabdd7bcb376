// The built app (dist/, release build) in headless Chromium: what a person
// does with it, end to end. Run by `make test` after `make build`, or
// `node --test --test-reporter=spec tests/e2e/` once dist/ exists.
// Screenshots go to tests/e2e/artifacts/ (gitignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  analysed,
  editorValue,
  exampleFiles,
  lastOutput,
  lineOf,
  openExample,
  openPage,
  runConsole as run,
  screenshot,
  start,
} from './harness.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const ADD_AGE = `"""add account age

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2026-11-26 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '4d5e6f708192'
down_revision: Union[str, Sequence[str], None] = '3c4d5e6f7081'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('account', sa.Column('age', sa.Integer(), nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('account', 'age')
`;

test('the first view: an example, analysed in the worker, nothing loaded from elsewhere', async () => {
  // What the page itself fetches (workers included) before the first analysis.
  const fetched = [];
  const record = (request) => fetched.push({ url: request.url(), at: Date.now() });
  env.context.on('request', record);
  const page = await openPage(env);
  await page.getByRole('heading', { name: 'Retort' }).waitFor();
  await analysed(page);
  assert.match(await editorValue(page), /^revision: str = '1a2b3c4d5e6f'$/m);
  assert.match(await page.getByTestId('status').textContent(), /^Analysed 9 files, 3 revisions in \d+ ms$/);
  assert.equal(await page.getByTestId('problems').textContent(), '0 errors, 0 warnings, 0 notesNo problems found.');
  assert.equal(await page.locator('[data-testid=graph] [data-testid=graph-node]').count(), 3);
  const firstAnalysis = await page.evaluate(
    () => performance.getEntriesByName('retort:first-analysis')[0]?.startTime,
  );
  assert.ok(firstAnalysis > 0, 'the first analysis is marked');
  console.log(`navigation → first analysis shown: ${firstAnalysis.toFixed(0)} ms`);
  // The engine worker is not part of the first view: nothing asked for it
  // before the first analysis was shown (the service worker caches it after).
  const shownAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('retort:first-analysis')[0].startTime);
  const early = fetched.filter((r) => r.at <= shownAt).map((r) => new URL(r.url).pathname);
  assert.ok(early.includes('/worker_bg.wasm'), early.join(' '));
  assert.deepEqual(early.filter((p) => p.startsWith('/engine-worker')), []);
  env.context.off('request', record);
  await screenshot(page, 'first-view');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a pasted migration with a problem is marked inline on its line', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  // Pasting outside any field adds the text as a revision file and opens it.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, ADD_AGE);
  const path = 'migrations/versions/4d5e6f708192_add_account_age.py';
  await page.locator(`[data-testid=file][data-path="${path}"]`).waitFor();
  assert.equal(await editorValue(page), ADD_AGE);
  const line = lineOf(ADD_AGE, "sa.Column('age'");
  const mark = page.locator(`[data-testid=diagnostic][data-code=SAF008]`);
  await mark.waitFor();
  assert.equal(await mark.getAttribute('data-line'), String(line));
  assert.match(await mark.textContent(), /^SAF008 Adding the NOT NULL column `account.age`/);
  // Gutter mark and underline on that line; the details open on hover.
  assert.equal(await page.locator('.gutter-line.sev-error .gutter-number').textContent(), String(line));
  const underlined = await page.locator('.ul-error').evaluateAll((els) => els.map((e) => e.textContent).join(''));
  assert.equal(underlined, "sa.Column('age', sa.Integer(), nullable=False)");
  const box = await page.getByTestId('editor').boundingBox();
  await page.mouse.move(box.x + 200, box.y + (line - 1) * 20 + 10);
  const card = page.locator('.hover-card');
  await card.waitFor();
  assert.match(await card.textContent(), /add-not-null-without-default/);
  await screenshot(page, 'paste-inline');

  // Typing in the editor: the result follows the text.
  const moved = ADD_AGE.replace('def upgrade() -> None:\n', 'def upgrade() -> None:\n    # the age of the account holder\n');
  await page.getByTestId('editor').fill(moved);
  await page.waitForFunction(
    (l) => document.querySelector('[data-testid=diagnostic][data-code=SAF008]')?.dataset.line === String(l),
    lineOf(moved, "sa.Column('age'"),
  );
  // The problems panel lists it; a click puts the caret on the line.
  const row = page.locator('[data-testid=problems] .problem[data-code=SAF008]');
  await row.click();
  const caretLine = await page.getByTestId('editor').evaluate(
    (el) => el.value.slice(0, el.selectionStart).split('\n').length,
  );
  assert.equal(caretLine, lineOf(moved, "sa.Column('age'"));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the problems list renders the rows in view, after scrolling and resizing too', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  const prints = 400;
  const body = Array.from({ length: prints }, (_, i) => `    print('step ${i + 1}')`).join('\n');
  const noisy = ADD_AGE.replace("    op.add_column('account'", `${body}\n    op.add_column('account'`);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, noisy);
  const rows = page.locator('[data-testid=problems] .problem');
  const printRows = page.locator('[data-testid=problems] .problem[data-code=HYG005]');
  await printRows.first().waitFor();
  const total = Number(await page.locator('.problem-list').getAttribute('aria-rowcount'));
  assert.ok(total > prints, `${total} problems`);
  // Only the rows in view and a margin around them are in the page.
  const shown = await rows.count();
  assert.ok(shown > 5 && shown < total / 2, `${shown} of ${total} rows rendered`);
  // Scrolled to the end: the last print's row is there.
  const lastLine = String(lineOf(noisy, `print('step ${prints}')`));
  await page.locator('.problem-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`[data-testid=problems] .problem[data-code=HYG005][data-line="${lastLine}"]`).waitFor();
  // A taller window: the rows fill the taller list at once, without a scroll to notice it.
  await page.locator('.problem-scroll').evaluate((el) => { el.scrollTop = 0; });
  await page.waitForFunction(() => document.querySelector('.problem-scroll').scrollTop === 0);
  const filled = () => {
    const list = document.querySelector('.problem-scroll');
    // ROW_PX (components/problems.rs) per row.
    return document.querySelectorAll('[data-testid=problems] .problem').length * 22 >= list.clientHeight;
  };
  assert.ok(await page.evaluate(filled));
  const height = await page.locator('.problem-scroll').evaluate((el) => el.clientHeight);
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.waitForFunction((h) => document.querySelector('.problem-scroll').clientHeight > 2 * h, height);
  await page.waitForFunction(filled, null, { timeout: 5_000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('files opened with the picker join the project', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('open-files').setInputFiles([
    { name: '4d5e6f708192_add_account_age.py', mimeType: 'text/x-python', buffer: Buffer.from(ADD_AGE) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a migration\n') },
  ]);
  await page.locator('[data-testid=file][data-path="migrations/versions/4d5e6f708192_add_account_age.py"]').waitFor();
  await page.locator('[data-testid=file][data-path="notes.txt"]').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph-node]').length === 4);
  assert.equal(await page.locator('[data-testid=graph-node][data-head=true]').getAttribute('data-revision'), '4d5e6f708192');
  await page.close();
});

test('a dropped folder is walked and opened as the project', async () => {
  const page = await openPage(env);
  await analysed(page);
  const files = await exampleFiles('lint_problems');
  await page.evaluate((files) => {
    // What Chromium gives for a dropped folder: FileSystemEntry objects.
    const root = { dirs: new Map(), files: [] };
    for (const { path, text } of files) {
      const parts = path.split('/');
      let node = root;
      for (const part of parts.slice(0, -1)) {
        if (!node.dirs.has(part)) node.dirs.set(part, { dirs: new Map(), files: [] });
        node = node.dirs.get(part);
      }
      node.files.push({ name: parts.at(-1), text });
    }
    const entry = (name, fullPath, node) => ({
      isFile: false,
      isDirectory: true,
      name,
      fullPath,
      createReader() {
        const children = [
          ...[...node.dirs].map(([n, d]) => entry(n, `${fullPath}/${n}`, d)),
          ...node.files.map((f) => ({
            isFile: true,
            isDirectory: false,
            name: f.name,
            fullPath: `${fullPath}/${f.name}`,
            file(ok) {
              setTimeout(() => ok(new File([f.text], f.name)), 0);
            },
          })),
        ];
        // readEntries gives batches until an empty one, as Chromium does.
        const batches = [children.slice(0, 2), children.slice(2), []];
        return { readEntries: (ok) => setTimeout(() => ok(batches.shift() ?? []), 0) };
      },
    });
    const folder = entry('crm', '/crm', root);
    const data = new DataTransfer();
    data.items.add(new File([''], 'crm'));
    const original = DataTransferItem.prototype.webkitGetAsEntry;
    DataTransferItem.prototype.webkitGetAsEntry = () => folder;
    try {
      document.querySelector('.app').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    } finally {
      DataTransferItem.prototype.webkitGetAsEntry = original;
    }
  }, files);
  await page.locator('[data-testid=file][data-path="crm/alembic.ini"]').waitFor();
  await page.waitForFunction(() => /^Analysed \d+ files, 2 revisions/.test(document.querySelector('[data-testid=status]').textContent));
  const paths = await page.locator('[data-testid=file]').evaluateAll((els) => els.map((e) => e.dataset.path));
  // Only what Alembic, SQLAlchemy and Retort read: migrations/README is left.
  const wanted = files.map((f) => `crm/${f.path}`).filter((p) => !p.endsWith('/README'));
  assert.deepEqual(paths.sort(), wanted.sort());
  await page.locator('[data-testid=problems] .problem[data-code=SAF008]').waitFor();
  await screenshot(page, 'dropped-folder');
  await page.close();
});

test('the graph shows both heads of the branched example; a click opens the file', async () => {
  const page = await openPage(env);
  await openExample(page, 'branches');
  const heads = page.locator('[data-testid=graph] [data-testid=graph-node][data-head=true]');
  assert.equal(await heads.count(), 2);
  assert.deepEqual(
    (await heads.evaluateAll((els) => els.map((e) => e.dataset.revision))).sort(),
    ['e5f6a1b2c3d4', 'f6a1b2c3d4e5'],
  );
  assert.equal(await page.locator('[data-testid=graph] .node.merge').count(), 1);
  assert.match(await page.getByTestId('graph-caption').textContent(), /6 revisions · 2 heads/);
  await page.locator('[data-testid=graph-node][data-revision=c3d4e5f6a1b2]').click();
  assert.match(await editorValue(page), /^revision: str = 'c3d4e5f6a1b2'$/m);
  await screenshot(page, 'graph-branches');
  await page.close();
});

test('the console prints what Alembic prints; database commands run in the in-tab database', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('tab-console').click();
  await run(page, 'alembic history');
  assert.deepEqual(
    (await lastOutput(page)).map((l) => l.text),
    [
      '2b3c4d5e6f70 -> 3c4d5e6f7081 (head), add account display name',
      '1a2b3c4d5e6f -> 2b3c4d5e6f70, create order',
      '<base> -> 1a2b3c4d5e6f, create account',
    ],
  );
  await run(page, 'alembic upgrade head');
  assert.deepEqual(
    (await lastOutput(page)).map((l) => l.text),
    [
      'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
      'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
      'INFO  [alembic.runtime.migration] Running upgrade  -> 1a2b3c4d5e6f, create account',
      'INFO  [alembic.runtime.migration] Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f70, create order',
      'INFO  [alembic.runtime.migration] Running upgrade 2b3c4d5e6f70 -> 3c4d5e6f7081, add account display name',
    ],
  );
  assert.equal(await page.getByTestId('version-rows').textContent(), 'alembic_version: 3c4d5e6f7081');
  await run(page, 'alembic downgrade -1');
  await run(page, 'alembic current');
  assert.equal((await lastOutput(page)).at(-1).text, '2b3c4d5e6f70');
  await run(page, 'alembic history -i');
  assert.equal((await lastOutput(page))[3].text, '1a2b3c4d5e6f -> 2b3c4d5e6f70 (current), create order');
  await run(page, 'alembic downgrade -5');
  assert.deepEqual((await lastOutput(page)).slice(2).map((l) => l.text), [
    "ERROR [alembic.util.messaging] Relative revision -5 didn't produce 5 migrations",
    "FAILED: Relative revision -5 didn't produce 5 migrations",
  ]);
  await run(page, 'alembic upgrade head --sql');
  assert.equal((await lastOutput(page)).find((l) => l.cls.includes('out-stdout'))?.text, 'BEGIN;');
  // ↑ recalls the last lines.
  await page.getByTestId('console-input').press('ArrowUp');
  assert.equal(await page.getByTestId('console-input').inputValue(), 'alembic upgrade head --sql');
  await page.getByTestId('console-input').press('ArrowUp');
  assert.equal(await page.getByTestId('console-input').inputValue(), 'alembic downgrade -5');
  await page.getByTestId('console-input').press('ArrowDown');
  assert.equal(await page.getByTestId('console-input').inputValue(), 'alembic upgrade head --sql');
  await screenshot(page, 'console');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the schema panel shows the catalog at a revision and what it changed', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('tab-schema').click();
  // It follows the open revision…
  await page.locator('[data-testid=schema-table]').first().waitFor();
  assert.equal(await page.getByTestId('schema-revision').inputValue(), '1a2b3c4d5e6f');
  assert.deepEqual(
    await page.locator('[data-testid=schema-table]').evaluateAll((els) => els.map((e) => e.dataset.table)),
    ['account'],
  );
  assert.equal(await page.getByTestId('schema-changes').textContent(), 'table account added');
  // …until another is picked.
  await page.getByTestId('schema-revision').selectOption('3c4d5e6f7081');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=schema-table]').length === 2);
  assert.deepEqual(
    await page.locator('[data-testid=schema-table]').evaluateAll((els) => els.map((e) => e.dataset.table)),
    ['account', 'order'],
  );
  assert.match(await page.getByTestId('schema-changes').textContent(), /display_name/);
  await screenshot(page, 'schema');
  await page.close();
});

test('files are created, renamed and deleted; Tab indents; Ctrl+Enter runs', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('new-file').click();
  await page.getByTestId('file-name').fill('migrations/versions/scratch.py');
  await page.getByTestId('file-name').press('Enter');
  await page.locator('[data-testid=file][data-path="migrations/versions/scratch.py"]').waitFor();
  assert.equal(await editorValue(page), '');
  await page.getByTestId('editor').click();
  await page.keyboard.type('x = 1');
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  assert.equal(await editorValue(page), '    x = 1');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await editorValue(page), 'x = 1');
  await page.keyboard.press('Control+Enter');
  await analysed(page);
  await page.getByTestId('rename-file').click();
  await page.getByTestId('file-name').fill('scratch2.py');
  await page.getByTestId('file-name').press('Enter');
  await page.locator('[data-testid=file][data-path="scratch2.py"]').waitFor();
  await page.getByTestId('delete-file').click();
  await page.getByTestId('delete-file').click();
  await page.locator('[data-testid=file][data-path="scratch2.py"]').waitFor({ state: 'detached' });
  await page.close();
});

test('the workspace exports as a .zip of its files', async () => {
  const page = await openPage(env);
  await openExample(page, 'branches');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  assert.equal(download.suggestedFilename(), 'retort-workspace.zip');
  const { readFile } = await import('node:fs/promises');
  const zip = await readFile(await download.path());
  assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  // Every file is in the archive, stored as it is.
  for (const { path, text } of await exampleFiles('branches')) {
    const at = zip.indexOf(Buffer.from(path));
    assert.ok(at > 0, `${path} is in the archive`);
    assert.ok(zip.indexOf(Buffer.from(text), at) > at, `${path}'s contents follow its name`);
  }
  await page.close();
});

test('the workspace survives a reload', async () => {
  const page = await openPage(env);
  await openExample(page, 'broken_downgrade');
  const edited = `${await editorValue(page)}# reviewed\n`;
  await page.getByTestId('editor').fill(edited);
  await analysed(page);
  await page.reload();
  await analysed(page);
  assert.equal(await editorValue(page), edited);
  assert.equal(await page.locator('[data-testid=file][aria-current=true]').getAttribute('data-path'), 'migrations/versions/1b2c3d4e5f60_add_post_status.py');
  await page.close();
});

test('a share link opens the same workspace in a fresh browser', async () => {
  const page = await openPage(env);
  await openExample(page, 'branches');
  await page.getByTestId('dialect').selectOption('mysql');
  const edited = `${await editorValue(page)}# shared\n`;
  await page.getByTestId('editor').fill(edited);
  await analysed(page);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${env.origin}/#w1=`), link);
  const paths = await page.locator('[data-testid=file]').evaluateAll((els) => els.map((e) => e.dataset.path));
  await page.close();

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
  try {
    const fresh = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await fresh.goto(link);
    await analysed(fresh);
    assert.equal(await fresh.getByTestId('editor').inputValue(), edited);
    assert.deepEqual(await fresh.locator('[data-testid=file]').evaluateAll((els) => els.map((e) => e.dataset.path)), paths);
    assert.equal(await fresh.getByTestId('dialect').inputValue(), 'mysql');
    assert.equal(new URL(fresh.url()).hash, '', 'the link is taken out of the address bar');
    // A damaged link says so and opens the default workspace.
    await fresh.goto('about:blank');
    await fresh.goto(`${env.origin}/#w1=bm90LWRlZmxhdGU`);
    await analysed(fresh);
    assert.match(await fresh.getByTestId('notice').textContent(), /damaged/);
  } finally {
    await browser.close();
  }
});

test('after one visit the app opens offline', async () => {
  const page = await openPage(env);
  await analysed(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await env.context.setOffline(true);
  try {
    await page.reload();
    await analysed(page);
    assert.match(await editorValue(page), /revision/);
    await openExample(page, 'branches');
    assert.equal(await page.locator('[data-testid=graph-node][data-head=true]').count(), 2);
    // The engine worker, which the first visit never ran, comes from the cache.
    await page.getByTestId('tab-sql').click();
    await page.getByTestId('sql-to').fill('heads');
    await page.getByTestId('sql-to').press('Enter');
    const heads = page.locator('[data-testid=sql-output][data-dialect=sqlite][data-command="alembic upgrade heads --sql"]');
    await heads.waitFor({ timeout: 30_000 });
    assert.match(await heads.textContent(), /^CREATE TABLE alembic_version/);
    await screenshot(page, 'offline');
  } finally {
    await env.context.setOffline(false);
  }
  await page.close();
});

test('hostile file names and contents stay text', async () => {
  const page = await openPage(env);
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await openExample(page, 'linear');
  const payload = `<img src=x onerror="alert('name')"><svg onload="alert('svg')">`;
  const text = `"""<img src=y onerror="alert('doc')">

Revision ID: 5e6f70819203
"""
revision = '5e6f70819203'
down_revision = '3c4d5e6f7081'
# </textarea><script>alert('body')</script>
def upgrade():
    op.execute("<script>alert('sql')</script>")
def downgrade():
    pass
`;
  await page.getByTestId('open-files').setInputFiles([
    { name: `${payload}.py`, mimeType: 'text/x-python', buffer: Buffer.from(text) },
  ]);
  const path = `migrations/versions/${payload}.py`;
  await page.locator('[data-testid=file]').filter({ hasText: payload }).waitFor();
  await page.locator('[data-testid=file]').filter({ hasText: payload }).click();
  await analysed(page);
  await page.getByTestId('tab-console').click();
  await run(page, 'alembic history');
  assert.match((await lastOutput(page))[0].text, /<img src=y onerror="alert\('doc'\)">/);
  await page.getByTestId('tab-graph').click();
  assert.ok(await page.locator('[data-testid=graph-node][data-revision="5e6f70819203"]').count());
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('.app img').length,
    svgOnload: [...document.querySelectorAll('svg')].filter((s) => s.hasAttribute('onload')).length,
    scripts: [...document.querySelectorAll('body script')].length,
  }));
  assert.deepEqual(injected, { img: 0, svgOnload: 0, scripts: 0 });
  assert.equal(await editorValue(page), text);
  const paths = await page.locator('[data-testid=file]').evaluateAll((els) => els.map((e) => e.dataset.path));
  assert.ok(paths.includes(path), paths.join('\n'));
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  // The CSP allows no connection beyond the page's origin.
  const blocked = await page.evaluate(async () => {
    const violation = new Promise((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }),
    );
    const fetched = await fetch('http://127.0.0.2:9/steal').then(() => 'fetched', () => 'refused');
    return { fetched, directive: await violation };
  });
  assert.deepEqual(blocked, { fetched: 'refused', directive: 'connect-src' });
  page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !p.includes('Content Security Policy')));
  await screenshot(page, 'xss');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('dark and light themes at 1280×800, nothing overflowing', async () => {
  const page = await openPage(env);
  await openExample(page, 'lint_problems');
  for (const theme of ['dark', 'light']) {
    if ((await page.locator('.app').getAttribute('data-theme')) !== theme) await page.getByTestId('theme').click();
    assert.equal(await page.locator('.app').getAttribute('data-theme'), theme);
    const overflow = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
    }));
    assert.deepEqual(overflow, { width: 1280, height: 800 });
    await screenshot(page, `theme-${theme}`);
  }
  await page.close();
});
