import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { promisify } from 'node:util';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';
import { parseOutputs } from '../support/action.js';

const run = promisify(execFile);

/**
 * The action run as GitHub runs it: `node dist/index.js` from a copy of dist/ with no node_modules,
 * inputs as INPUT_* variables, outputs and the job summary in the files GitHub provides.
 */
async function runAction(inputs: Record<string, string>, workspace: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'psg-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  let code = 0;
  let stdout = '';
  try {
    ({ stdout } = await run(process.execPath, [join(actionCopy, 'dist', 'index.js')], { env, cwd: workspace }));
  } catch (error) {
    const e = error as { code: number; stdout: string };
    code = e.code;
    stdout = e.stdout;
  }
  const outputs = parseOutputs(await readFile(outputFile, 'utf8'));
  const summary = await readFile(summaryFile, 'utf8');
  await rm(dir, { recursive: true, force: true });
  return { code, stdout, outputs, summary };
}

let actionCopy: string;

describe('the action, run from dist/ as GitHub runs it', () => {
  beforeAll(async () => {
    actionCopy = await mkdtemp(join(tmpdir(), 'psg-action-copy-'));
    await cp(join(repoRoot, 'dist'), join(actionCopy, 'dist'), { recursive: true });
    await cp(join(repoRoot, 'action.yml'), join(actionCopy, 'action.yml'));
  });
  afterAll(async () => {
    await rm(actionCopy, { recursive: true, force: true });
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  test('in sync: outputs, job summary, success', async () => {
    const shadow = await testPostgresUrl();
    const result = await runAction({ command: 'check', 'working-directory': 'examples/blog', 'shadow-database-url': shadow }, repoRoot);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.outputs.verdict, 'in-sync');
    assert.equal(result.outputs.gate, 'pass');
    assert.equal(result.outputs['missing-migration'], '');
    const report = JSON.parse(result.outputs['report-json']!);
    assert.equal(report.verdict, 'in-sync');
    assert.equal(report.migrations, 1);
    assert.match(result.summary, /prisma-schema-guard: ✅ Schema and migrations are in sync/);
  });

  test('missing migration: the SQL as an output, the summary, a failed step', async () => {
    const shadow = await testPostgresUrl();
    const result = await runAction(
      { 'working-directory': 'test/fixtures/blog-missing-migration', 'shadow-database-url': shadow },
      repoRoot,
    );
    assert.equal(result.code, 1);
    assert.equal(result.outputs.verdict, 'missing-migration');
    assert.equal(result.outputs.gate, 'fail');
    assert.match(result.outputs['missing-migration']!, /ALTER TABLE "Post" ADD COLUMN\s+"description" TEXT NOT NULL;/);
    assert.match(result.summary, /❌ Missing migration/);
    assert.match(result.stdout, /::error::The Prisma schema has changes that no migration creates\./);
  });

  test('a failing migration: an annotation on its line of migration.sql', async () => {
    const shadow = await testPostgresUrl();
    const result = await runAction({ 'working-directory': 'test/fixtures/sql-error', 'shadow-database-url': shadow }, repoRoot);
    assert.equal(result.outputs.verdict, 'migration-failed');
    assert.equal(result.outputs.gate, 'fail');
    // working-directory is test/fixtures/sql-error: GitHub places annotations by paths from the repository root.
    assert.match(
      result.stdout,
      /::error title=Migration 20240102000000_add_tags fails to apply,file=test\/fixtures\/sql-error\/prisma\/migrations\/20240102000000_add_tags\/migration\.sql,line=10::42703 column "postId"/,
    );
    assert.doesNotMatch(result.stdout, /file=prisma\//, 'no annotation path relative to the working directory');
    const report = JSON.parse(result.outputs['report-json']!);
    assert.ok(
      report.findings.some(
        (finding: { file?: string }) => finding.file === 'test/fixtures/sql-error/prisma/migrations/20240102000000_add_tags/migration.sql',
      ),
    );
  });

  test("the schema's own shadowDatabaseUrl: its server hosts the shadow, the log says so, the URL is masked", async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'psg-action-configured-'));
    try {
      await cp(join(repoRoot, 'examples', 'blog', 'prisma'), join(workspace, 'app', 'prisma'), { recursive: true });
      const file = join(workspace, 'app', 'prisma', 'schema.prisma');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          'provider = "postgresql"\n',
          'provider = "postgresql"\n  shadowDatabaseUrl = env("SHADOW_DATABASE_URL")\n',
        ),
      );
      const url = new URL(await testPostgresUrl());
      url.password = 'n0tshown';
      const result = await runAction({ command: 'check', 'working-directory': 'app' }, workspace, { SHADOW_DATABASE_URL: url.toString() });
      assert.equal(result.outputs.verdict, 'in-sync', result.stdout);
      assert.match(result.stdout, /Shadow server from shadowDatabaseUrl \(prisma\/schema\.prisma:\d+, SHADOW_DATABASE_URL\)/);
      assert.match(result.stdout, /^::add-mask::/m, 'the configured URL is registered as a secret');
      const shown = result.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      assert.doesNotMatch(shown + result.summary + result.outputs['report-json'], /n0tshown/);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  test('input timeout: a sleeping migration is cancelled, the summary and the annotation name its statement, the step fails', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'psg-action-timeout-'));
    try {
      await cp(join(repoRoot, 'examples', 'blog', 'prisma'), join(workspace, 'prisma'), { recursive: true });
      await mkdir(join(workspace, 'prisma', 'migrations', '20240601000000_backfill'));
      await writeFile(
        join(workspace, 'prisma', 'migrations', '20240601000000_backfill', 'migration.sql'),
        'CREATE TABLE "Scratch" ("id" INTEGER);\nSELECT pg_sleep(60);\n',
      );
      const result = await runAction({ command: 'check', 'shadow-database-url': await testPostgresUrl(), timeout: '2s' }, workspace);
      assert.equal(result.code, 1);
      assert.equal(result.outputs.verdict, 'error');
      assert.equal(result.outputs.gate, 'fail');
      assert.match(result.summary, /time limit \(2s\) expired while migration `20240601000000_backfill`/);
      assert.match(
        result.stdout,
        /::error title=prisma-schema-guard%3A timeout,file=prisma\/migrations\/20240601000000_backfill\/migration\.sql,line=2::/,
      );
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  test('a wrong input is named, the password in a URL is masked', async () => {
    const result = await runAction(
      {
        schema: 'nowhere/schema.prisma',
        'working-directory': 'examples/blog',
        'shadow-database-url': 'postgresql://u:sup3rsecret@127.0.0.1:1/postgres',
      },
      repoRoot,
    );
    assert.equal(result.code, 1);
    assert.equal(result.outputs.verdict, 'error');
    assert.equal(result.outputs.gate, 'fail');
    assert.match(result.stdout, /::error::Input 'schema': no file or folder at nowhere\/schema\.prisma/);
    // `::add-mask::` lines are consumed by the runner (never shown); nothing else may carry it.
    const shown = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    assert.match(result.stdout, /^::add-mask::/m, 'the URL is registered as a secret');
    assert.doesNotMatch(shown, /sup3rsecret/);
  });
});
