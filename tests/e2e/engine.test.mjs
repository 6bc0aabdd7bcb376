// The engine worker in the built app (dist/, release build), end to end in
// headless Chromium: the in-tab database behind the console, offline SQL
// against what the `retort` CLI prints for the same files, the round trip and
// its cancellation, and model drift. Screenshots go to tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  analysed,
  editorValue,
  lastOutput,
  lineOf,
  openExample,
  openPage,
  retort,
  runConsole,
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

/** Waits for the SQL panel's output for this dialect and command. */
async function sqlOutput(page, dialect, command) {
  const selector = `[data-testid=sql-output][data-dialect=${dialect}][data-command="${command}"][data-stale=false]`;
  await page.locator(selector).waitFor({ timeout: 30_000 });
  return page.locator(selector).textContent();
}

test('the SQL panel prints what the retort CLI prints for the same files and dialect', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('tab-sql').click();
  const example = join(ROOT, 'web/examples/linear');

  // The defaults: upgrade head, in the workspace's dialect (postgresql).
  const postgres = retort(['upgrade', 'head', '--sql', '--dialect', 'postgresql'], example);
  assert.equal(postgres.status, 0, postgres.stderr);
  assert.equal(await sqlOutput(page, 'postgresql', 'alembic upgrade head --sql'), postgres.stdout);

  // Another dialect: the panel's selector is the workspace's setting.
  await page.getByTestId('sql-dialect').selectOption('sqlite');
  assert.equal(await page.getByTestId('dialect').inputValue(), 'sqlite');
  await analysed(page);
  const sqlite = retort(['upgrade', 'head', '--sql', '--dialect', 'sqlite'], example);
  assert.equal(await sqlOutput(page, 'sqlite', 'alembic upgrade head --sql'), sqlite.stdout);

  // A downgrade over a range, on MySQL.
  await page.getByTestId('dialect').selectOption('mysql');
  await analysed(page);
  await page.getByTestId('sql-command').selectOption('downgrade');
  await page.getByTestId('sql-to').fill('1a2b3c4d5e6f');
  await page.getByTestId('sql-to').press('Enter');
  const mysql = retort(['downgrade', 'head:1a2b3c4d5e6f', '--sql', '--dialect', 'mysql'], example);
  assert.equal(mysql.status, 0, mysql.stderr);
  assert.equal(await sqlOutput(page, 'mysql', 'alembic downgrade head:1a2b3c4d5e6f --sql'), mysql.stdout);
  assert.match(mysql.stdout, /DROP TABLE `order`;/);

  // What Alembic refuses, it refuses here too, with its words.
  await page.getByTestId('sql-from').fill('');
  await page.getByTestId('sql-from').press('Enter');
  const refused = retort(['downgrade', '1a2b3c4d5e6f', '--sql', '--dialect', 'mysql'], example);
  assert.equal(refused.status, 255);
  assert.equal(await sqlOutput(page, 'mysql', 'alembic downgrade 1a2b3c4d5e6f --sql'), refused.stdout);

  // Download hands over the same text.
  await page.getByTestId('sql-command').selectOption('upgrade');
  const shown = await sqlOutput(page, 'mysql', 'alembic upgrade head --sql');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sql-download').click()]);
  assert.equal(download.suggestedFilename(), 'upgrade_head_mysql.sql');
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(await download.path(), 'utf8'), shown);
  await screenshot(page, 'sql-panel');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the console runs upgrade and current in the in-tab database, which survives a reload', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('tab-console').click();
  await runConsole(page, 'alembic upgrade head');
  await runConsole(page, 'alembic current');
  assert.deepEqual((await lastOutput(page)).map((l) => l.text), [
    'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.',
    'INFO  [alembic.runtime.migration] Will assume transactional DDL.',
    '3c4d5e6f7081 (head)',
  ]);
  // The graph marks the database's revision.
  const current = page.locator('[data-testid=graph-node][data-current=true]');
  assert.deepEqual(await current.evaluateAll((els) => els.map((e) => e.dataset.revision)), ['3c4d5e6f7081']);
  await screenshot(page, 'database-at-head');

  await page.reload();
  await analysed(page);
  assert.equal(await page.locator('[data-testid=graph-node][data-current=true]').getAttribute('data-revision'), '3c4d5e6f7081');
  await page.getByTestId('tab-console').click();
  assert.equal(await page.getByTestId('version-rows').textContent(), 'alembic_version: 3c4d5e6f7081');
  await runConsole(page, 'alembic current');
  assert.equal((await lastOutput(page)).at(-1).text, '3c4d5e6f7081 (head)');
  // The tables came back with it: the downgrade really drops them.
  await runConsole(page, 'alembic downgrade base');
  assert.equal(
    (await lastOutput(page)).at(-1).text,
    'INFO  [alembic.runtime.migration] Running downgrade 1a2b3c4d5e6f -> , create account',
  );
  assert.equal(await page.getByTestId('version-rows').textContent(), 'alembic_version: (empty)');
  // Another example is another, empty, database.
  await runConsole(page, 'upgrade head');
  await openExample(page, 'branches');
  assert.equal(await page.getByTestId('version-rows').textContent(), 'alembic_version: (empty)');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the round trip on the broken example points at the downgrade op that fails', async () => {
  const page = await openPage(env);
  await openExample(page, 'broken_downgrade');
  await page.getByTestId('tab-roundtrip').click();
  await page.getByTestId('run-roundtrip').click();
  await page.locator('[data-testid=roundtrip-status][data-state=failed]').waitFor({ timeout: 30_000 });
  assert.equal(
    await page.getByTestId('roundtrip-status').textContent(),
    'Failed. 3 revisions: 1 passed, 1 failed, 1 irreversible, 0 upgraded only, 0 not run',
  );
  const steps = await page
    .locator('[data-testid=roundtrip-step]')
    .evaluateAll((els) => els.map((e) => [e.dataset.revision, e.dataset.outcome]));
  assert.deepEqual(steps, [
    ['0a1b2c3d4e5f', 'passed'],
    ['1b2c3d4e5f60', 'failed'],
    ['2c3d4e5f6071', 'irreversible'],
  ]);
  const path = 'migrations/versions/1b2c3d4e5f60_add_post_status.py';
  const failure = page.locator('[data-testid=roundtrip-step][data-revision="1b2c3d4e5f60"] .problem[data-code=index-not-found]');
  assert.equal(await failure.getAttribute('data-path'), path);
  assert.match(await failure.textContent(), /there is no index 'ix_post_state' on table 'post'/);
  // A click opens the file at the op.
  await page.getByTestId('tab-graph').click();
  await page.locator('[data-testid=graph-node][data-revision="0a1b2c3d4e5f"]').click();
  await page.getByTestId('tab-roundtrip').click();
  await failure.click();
  assert.equal(await page.locator('[data-testid=file][aria-current=true]').getAttribute('data-path'), path);
  const text = await editorValue(page);
  const line = lineOf(text, "op.drop_index(op.f('ix_post_state')");
  assert.equal(await failure.getAttribute('data-line'), String(line));
  const caretLine = await page.getByTestId('editor').evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
  assert.equal(caretLine, line);
  // The CLI finds the same line.
  const cli = retort(['roundtrip'], join(ROOT, 'web/examples/broken_downgrade'));
  assert.match(cli.stdout, new RegExp(`^${path}:${line}:5: error\\[index-not-found\\]`, 'm'));
  await screenshot(page, 'roundtrip-broken');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a long round trip shows progress and can be cancelled', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'retort-history-'));
  try {
    execFileSync('python3', [join(ROOT, 'bench/gen_history.py'), '-n', '1000', '--out', dir]);
    const page = await openPage(env);
    await analysed(page);
    await page.getByTestId('open-folder').setInputFiles(dir);
    await page.waitForFunction(
      () => /^Analysed \d+ files, 1000 revisions/.test(document.querySelector('[data-testid=status]').textContent),
      null,
      { timeout: 60_000 },
    );
    await page.getByTestId('tab-roundtrip').click();
    await page.getByTestId('roundtrip-rows').fill('1');
    await page.getByTestId('roundtrip-rows').press('Enter');
    await page.getByTestId('run-roundtrip').click();
    // Progress: revisions arrive one by one while the editor stays usable.
    await page.locator('[data-testid=roundtrip-step]').first().waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('roundtrip-status').textContent(), /^Running: \d+ of 1000 revisions…$/);
    assert.equal(await page.getByTestId('roundtrip-progress').getAttribute('max'), '1000');
    await page.getByTestId('editor').press('End');
    await page.getByTestId('cancel-roundtrip').click();
    await page.locator('[data-testid=roundtrip-status][data-state=cancelled]').waitFor();
    const done = await page.locator('[data-testid=roundtrip-step]').count();
    assert.ok(done < 1000, `cancelled after ${done} revisions`);
    assert.equal(
      await page.getByTestId('roundtrip-status').textContent(),
      `Cancelled after ${done} of 1000 revisions: the engine worker was stopped and started again.`,
    );
    // Nothing more arrives from the stopped run.
    await page.waitForTimeout(500);
    assert.equal(await page.locator('[data-testid=roundtrip-step]').count(), done);
    await screenshot(page, 'roundtrip-cancelled');
    // A new engine worker answers.
    await page.getByTestId('tab-console').click();
    await runConsole(page, 'alembic current');
    assert.equal((await lastOutput(page)).at(-1).text, 'INFO  [alembic.runtime.migration] Will assume transactional DDL.');
    assert.deepEqual(page.problems, []);
    await page.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the models panel shows alembic check, and Create revision adds the autogenerated file', async () => {
  const page = await openPage(env);
  await openExample(page, 'linear');
  await page.getByTestId('tab-drift').click();
  await page.locator('[data-testid=drift-status][data-state=clean]').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('drift-output').textContent(), 'No new upgrade operations detected.\n');
  assert.equal(await page.getByTestId('create-revision').isDisabled(), true);

  // A model gains a column.
  await page.locator('[data-testid=file][data-path="app/models.py"]').click();
  const models = await editorValue(page);
  const edited = models.replace(
    '    display_name: Mapped[str | None] = mapped_column(sa.String(80))\n',
    '    display_name: Mapped[str | None] = mapped_column(sa.String(80))\n    nickname: Mapped[str | None] = mapped_column(sa.String(40))\n',
  );
  assert.notEqual(edited, models);
  await page.getByTestId('editor').fill(edited);
  await page.locator('[data-testid=drift-status][data-state=drift]').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('drift-status').textContent(), '1 difference between the models and the migrations at head.');
  assert.match(
    await page.getByTestId('drift-output').textContent(),
    /^ERROR \[alembic\.util\.messaging\] New upgrade operations detected: \[\('add_column', None, 'account', Column\('nickname', String\(length=40\), table=<account>\)\)\]\nFAILED: /,
  );

  await page.getByTestId('revision-message').fill('add account nickname');
  await page.getByTestId('create-revision').click();
  const created = page.locator('[data-testid=file][data-path$="_add_account_nickname.py"]');
  await created.waitFor();
  const path = await created.getAttribute('data-path');
  assert.match(path, /^migrations\/versions\/[0-9a-f]{12}_add_account_nickname\.py$/);
  const text = await editorValue(page);
  assert.match(text, /^Revises: 3c4d5e6f7081$/m);
  assert.match(text, /^Create Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/m);
  assert.match(text, /op\.add_column\('account', sa\.Column\('nickname', sa\.String\(length=40\), nullable=True\)\)/);
  // The new revision is the fourth, and the models match again.
  await page.waitForFunction(() => /^Analysed 10 files, 4 revisions/.test(document.querySelector('[data-testid=status]').textContent));
  await page.locator('[data-testid=drift-status][data-state=clean]').waitFor({ timeout: 30_000 });
  await screenshot(page, 'models-created');
  assert.deepEqual(page.problems, []);
  await page.close();
});
