/**
 * `check --base` runs the review of the added migrations beside the replay: a schema in sync with
 * its migrations still fails the gate when a migration the PR adds destroys data.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, test } from 'vitest';
import type { CheckResult } from '../../src/verdict/check-result.js';
import { renderCheckMarkdown } from '../../src/report/markdown.js';
import { cli } from '../support/cli.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] });

const HEADER = 'datasource db {\n  provider = "postgresql"\n}\n\n';
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-review-check-')));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(
    (await leftoverShadowDatabases()).filter((name) => name.includes(`_${process.pid}_`)),
    [],
    'no shadow database is left behind',
  );
});

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

test('check --base: in sync, but the added migration drops a column → the review finding fails the gate', async () => {
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write(
    'prisma/schema.prisma',
    `${HEADER}model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n  body  String?\n}\n`,
  );
  write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  write(
    'prisma/migrations/20240101000000_init/migration.sql',
    '-- CreateTable\nCREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "title" TEXT NOT NULL,\n    "body" TEXT,\n\n    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);\n',
  );
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  git(dir, 'switch', '--quiet', '--create', 'feature');
  write('prisma/schema.prisma', `${HEADER}model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n`);
  write('prisma/migrations/20240201000000_drop_body/migration.sql', '-- AlterTable\nALTER TABLE "Post" DROP COLUMN "body";\n');

  const shadow = await testPostgresUrl();
  const run = await cli(['check', '--base', 'main', '--shadow-database-url', shadow, '--json'], { cwd: dir });
  const result = JSON.parse(run.stdout) as CheckResult;
  assert.equal(result.verdict, 'in-sync', run.stdout);
  const drop = result.findings.find((finding) => finding.kind === 'drop-column');
  assert.ok(drop, JSON.stringify(result.findings));
  assert.equal(drop.file, 'prisma/migrations/20240201000000_drop_body/migration.sql');
  assert.equal(drop.line, 2);
  assert.equal(drop.failsGate, true);
  assert.equal(run.code, 2);
  assert.equal(result.gate, 'fail', 'verdict says what was found (in sync); gate says the job fails');

  // The text and Markdown reports agree with the gate: ❌ first, each section's header beside its body, the gate last.
  const text = await cli(['check', '--base', 'main', '--shadow-database-url', shadow], { cwd: dir });
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines.at(-1)!, /^✖ The gate fails: 1 finding \(drop-column\)/, text.stdout);
  const markdown = renderCheckMarkdown(result);
  assert.match(markdown.split('\n')[0]!, /^### prisma-schema-guard: ❌ 1 finding fails the gate$/);
  assert.ok(
    markdown.indexOf('✅ Schema and migrations are in sync') > markdown.indexOf('❌ 1 finding fails the gate'),
    'the schema section comes under the failing heading',
  );
  assert.match(markdown.trimEnd().split('\n').at(-1)!, /^\*\*Gate: ❌ fail\*\* — 1 finding that `fail-on` gates \(drop-column\)$/);

  const passing = await cli(['check', '--base', 'main', '--shadow-database-url', shadow, '--fail-on', 'history', '--json'], { cwd: dir });
  assert.equal(passing.code, 0, 'fail-on without destructive lets the finding pass');
  const passed = JSON.parse(passing.stdout) as CheckResult;
  assert.ok(passed.findings.some((finding) => finding.kind === 'drop-column' && finding.failsGate === false));
  assert.equal(passed.gate, 'pass');
  assert.match(
    renderCheckMarkdown(passed),
    /^### prisma-schema-guard: ✅ Schema and migrations are in sync\n[\s\S]*\*\*Gate: ✅ pass\*\*\n$/,
  );
});

test('check --base: an added migration that fails to apply gets one finding on its line, counts found and applied, the message as prose', async () => {
  const repo = join(dir, 'failing');
  const put = (path: string, content: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  };
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '--quiet', '--initial-branch=main');
  put(
    'prisma/schema.prisma',
    `${HEADER}model Post {\n  id Int @id @default(autoincrement())\n  x  Int?\n}\n\nmodel Tag {\n  id Int @id\n}\n`,
  );
  put('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  put(
    'prisma/migrations/20240101000000_init/migration.sql',
    'CREATE TABLE "Post" ("id" SERIAL NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n',
  );
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '-m', 'base');
  git(repo, 'switch', '--quiet', '--create', 'feature');
  put(
    'prisma/migrations/20240201000000_tag/migration.sql',
    'CREATE TABLE "Tag" ("id" INTEGER NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));\n',
  );
  put('prisma/migrations/20240301000000_x/migration.sql', '-- AlterTable\nALTER TABLE "Post" ADD COLUMN "x" INTEGER,,;\n');

  const run = await cli(['check', '--base', 'main', '--shadow-database-url', await testPostgresUrl(), '--json'], { cwd: repo });
  const result = JSON.parse(run.stdout) as CheckResult;
  assert.equal(result.verdict, 'migration-failed', run.stdout);
  assert.equal(run.code, 2);
  assert.deepEqual([result.migrationsTotal, result.migrationsApplied, result.migrations], [3, 2, 2]);
  // The review's parser fails on the same statement: the database's error is the one finding there.
  const onLine = result.findings.filter(
    (finding) => finding.file === 'prisma/migrations/20240301000000_x/migration.sql' && finding.line === 2,
  );
  assert.deepEqual(
    onLine.map((finding) => finding.kind),
    ['migration-failed'],
    JSON.stringify(result.findings),
  );
  assert.ok(!result.findings.some((finding) => finding.category === 'destructive'), 'a syntax error is not a destructive change');

  const markdown = renderCheckMarkdown(result);
  assert.match(markdown, /· 3 migrations in `prisma\/migrations` \(2 applied before the failure\) ·/);
  assert.match(
    markdown,
    /\n\nMigration `20240301000000_x` failed to apply cleanly to the shadow database: syntax error at or near ","/,
    'the message is a paragraph',
  );
  assert.doesNotMatch(markdown, /```text\nMigration/);
  assert.doesNotMatch(markdown, /destructive, /, 'no review section counts the syntax error');
  const text = await cli(['check', '--base', 'main', '--shadow-database-url', await testPostgresUrl()], { cwd: repo });
  assert.match(text.stdout, /^ {2}2 of 3 migrations in prisma\/migrations applied before it\.$/m, text.stdout);
});
