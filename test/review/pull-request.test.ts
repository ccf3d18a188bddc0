/**
 * The review through git and the CLI: a real repository per run (a base commit on `main`, the pull
 * request's commit on a branch), `prisma-schema-guard review --base main`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { ReviewResult } from '../../src/commands/review.js';
import { cli } from '../support/cli.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] });

const SCHEMA = `datasource db {\n  provider = "postgresql"\n}\n\ngenerator client {\n  provider = "prisma-client-js"\n}\n\nmodel User {\n  id    Int     @id @default(autoincrement())\n  email String\n}\n`;
const INIT = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'GUEST');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "bio" TEXT,
    "name" VARCHAR(100),
    "age" INTEGER,
    "role" "Role" NOT NULL DEFAULT 'USER',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);
`;
const MIGRATIONS = 'prisma/migrations';
const LOCK = "SET lock_timeout = '5s';\n";

let dir: string;
let branch = 0;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

/** A pull request on a fresh branch from `main` that adds these migrations. */
function pullRequest(migrations: Record<string, string>): void {
  git(dir, 'switch', '--quiet', 'main');
  git(dir, 'switch', '--quiet', '--create', `pr-${++branch}`);
  for (const [name, sql] of Object.entries(migrations)) write(`${MIGRATIONS}/${name}/migration.sql`, sql);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'pr');
}

async function reviewJson(args: string[] = []): Promise<{ code: number; result: ReviewResult }> {
  const run = await cli(['review', '--base', 'main', '--json', ...args], { cwd: dir });
  return { code: run.code, result: JSON.parse(run.stdout) as ReviewResult };
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-review-')));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write('prisma/schema.prisma', SCHEMA);
  write(`${MIGRATIONS}/migration_lock.toml`, 'provider = "postgresql"\n');
  write(`${MIGRATIONS}/20240101000000_init/migration.sql`, INIT);
  write('package.json', JSON.stringify({ name: 'app', devDependencies: { prisma: '6.19.0' } }));
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One pull request per rule: [rule, migration.sql, the line the finding must be on]. */
const CASES: Array<[string, string, number]> = [
  ['drop-table', `${LOCK}-- DropTable\nDROP TABLE "Post";\n`, 3],
  ['drop-column', `${LOCK}-- AlterTable\nALTER TABLE "User" ADD COLUMN "x" INTEGER,\nDROP COLUMN "bio";\n`, 4],
  ['rename-as-drop-add', `${LOCK}ALTER TABLE "User" DROP COLUMN "bio",\nADD COLUMN "about" TEXT;\n`, 2],
  ['drop-type', `${LOCK}ALTER TABLE "User" DROP COLUMN "role";\n\nDROP TYPE "Role";\n`, 4],
  [
    'enum-values-removed',
    `${LOCK}CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');\nALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;\nALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");\nALTER TYPE "Role" RENAME TO "Role_old";\nALTER TYPE "Role_new" RENAME TO "Role";\nDROP TYPE "Role_old";\n`,
    7,
  ],
  ['lossy-type-change', `${LOCK}ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(20);\n`, 2],
  ['truncate', `${LOCK}\nTRUNCATE TABLE "Post";\n`, 3],
  ['delete-without-where', `${LOCK}DELETE FROM "Post";\n`, 2],
  ['update-without-where', `${LOCK}UPDATE "User" SET "bio" = '';\n`, 2],
  ['required-column-without-default', `${LOCK}-- AlterTable\nALTER TABLE "User" ADD COLUMN "nick" TEXT NOT NULL;\n`, 3],
  ['unique-index-on-existing-data', `${LOCK}-- CreateIndex\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n`, 3],
  ['not-analysed', `${LOCK}CREATE TABLE "Broken" (;\n`, 2],
  ['index-without-concurrently', `${LOCK}-- CreateIndex\nCREATE INDEX "Post_title_idx" ON "Post"("title");\n`, 3],
  ['concurrently-in-transaction', `${LOCK}CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\n`, 2],
  [
    'constraint-without-not-valid',
    `${LOCK}-- AddForeignKey\nALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;\n`,
    3,
  ],
  ['table-rewrite', `${LOCK}ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;\n`, 2],
  ['set-not-null', `${LOCK}ALTER TABLE "User" ALTER COLUMN "bio" SET NOT NULL;\n`, 2],
  ['volatile-default', `${LOCK}ALTER TABLE "Post" ADD COLUMN "uid" UUID NOT NULL DEFAULT gen_random_uuid();\n`, 2],
  ['vacuum-full', `${LOCK}VACUUM FULL "Post";\n`, 2],
  ['cluster', `${LOCK}CLUSTER "Post" USING "Post_pkey";\n`, 2],
  ['missing-lock-timeout', `-- AlterTable\nALTER TABLE "User" ADD COLUMN "x" TEXT;\n`, 2],
];

describe('a pull request per rule', () => {
  for (const [rule, sql, line] of CASES) {
    test(`${rule} at line ${line}`, async () => {
      pullRequest({ [`20240301000000_${rule.replace(/-/g, '_')}`]: sql });
      const { result } = await reviewJson();
      const file = `${MIGRATIONS}/20240301000000_${rule.replace(/-/g, '_')}/migration.sql`;
      const finding = result.findings.find((candidate) => candidate.rule === rule);
      assert.ok(finding, `${rule} expected, got ${JSON.stringify(result.findings.map((f) => [f.rule, f.line]))}`);
      assert.equal(finding.line, line);
      assert.equal(finding.file, file);
      for (const field of ['rule', 'severity', 'file', 'line', 'object', 'message', 'fix'] as const)
        assert.ok(finding[field], `${field} is set`);
    });
  }
});

describe('review through git and the CLI', () => {
  test('a table created and indexed in the same PR gets no finding; exit 0', async () => {
    pullRequest({
      '20240301000000_tags':
        '-- CreateTable\nCREATE TABLE "Tag" (\n    "id" SERIAL NOT NULL,\n    "name" TEXT NOT NULL,\n    "postId" INTEGER NOT NULL,\n    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")\n);\n',
      '20240302000000_tag_indexes':
        '-- CreateIndex\nCREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");\n-- AddForeignKey\nALTER TABLE "Tag" ADD CONSTRAINT "Tag_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;\n',
    });
    const { code, result } = await reviewJson();
    assert.equal(code, 0);
    assert.deepEqual(result.findings, []);
    assert.equal(result.verdict, 'clear');
    assert.deepEqual(result.migrations, ['20240301000000_tags', '20240302000000_tag_indexes']);
    const text = await cli(['review', '--base', 'main'], { cwd: dir });
    assert.match(text.stdout, /No destructive or locking changes: 2 migrations added since main/);
  });

  test('a PR that adds no migration: exit 0, nothing to review', async () => {
    pullRequest({});
    write('README.md', 'docs only\n');
    const { code, result } = await reviewJson();
    assert.equal(code, 0);
    assert.deepEqual(result.migrations, []);
    assert.equal(result.verdict, 'clear');
  });

  test('exit codes: 2 for a destructive finding, 0 for locking ones unless --fail-on lock', async () => {
    pullRequest({ '20240301000000_drop': `${LOCK}DROP TABLE "Post";\n` });
    assert.equal((await cli(['review', '--base', 'main'], { cwd: dir })).code, 2);
    assert.equal((await reviewJson(['--fail-on', 'none'])).code, 0);
    pullRequest({ '20240301000000_index': `${LOCK}CREATE INDEX "Post_title_idx" ON "Post"("title");\n` });
    const lock = await reviewJson();
    assert.equal(lock.code, 0);
    assert.equal(lock.result.verdict, 'findings');
    assert.equal((await reviewJson(['--fail-on', 'lock'])).code, 2);
    assert.equal((await reviewJson(['--rules', 'destructive'])).result.findings.length, 0);
  });

  test('the ignore comment silences the finding and the exit code; its reason is in the output', async () => {
    pullRequest({ '20240301000000_drop': `${LOCK}-- prisma-schema-guard-ignore drop-table: archived in #412\nDROP TABLE "Post";\n` });
    const { code, result } = await reviewJson();
    assert.equal(code, 0);
    assert.equal(result.findings[0]?.ignored, 'archived in #412');
    const text = await cli(['review', '--base', 'main'], { cwd: dir });
    assert.match(text.stdout, /drop-table: archived in #412/);
  });

  test('advice follows the Prisma version of package.json', async () => {
    pullRequest({ '20240301000000_index': `${LOCK}CREATE INDEX "Post_title_idx" ON "Post"("title");\n` });
    const { result } = await reviewJson();
    assert.equal(result.prisma.version, '6.19.0');
    assert.match(result.findings[0]!.fix, /alone in its migration.sql: Prisma 6.19.0/);
  });

  test('a base migration the PR deleted is still read (from git) as part of the schema before', async () => {
    pullRequest({ '20240301000000_index': `${LOCK}CREATE INDEX "Post_title_idx" ON "Post"("title");\n` });
    rmSync(join(dir, MIGRATIONS, '20240101000000_init'), { recursive: true });
    const { result } = await reviewJson();
    assert.deepEqual(result.migrations, ['20240301000000_index']);
    assert.equal(result.findings[0]?.rule, 'index-without-concurrently', 'Post is known from the base, so it is existing');
    git(dir, 'checkout', '--quiet', '--', '.');
  });

  test('could not run: no base, an unknown base, an unknown rule → exit 1 with a fix', async () => {
    const noBase = await cli(['review'], { cwd: dir });
    assert.equal(noBase.code, 1);
    assert.match(noBase.stderr, /No base to compare with[\s\S]*Pass --base/);
    const fromEnv = await cli(['review', '--json'], { cwd: dir, env: { GITHUB_BASE_REF: 'main' } });
    assert.equal(JSON.parse(fromEnv.stdout).base.ref, 'main', 'GITHUB_BASE_REF is the default base');
    const unknown = await cli(['review', '--base', 'no-such-branch'], { cwd: dir });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no-such-branch/);
    const badRule = await cli(['review', '--base', 'main', '--rules', 'nope'], { cwd: dir });
    assert.equal(badRule.code, 1);
    assert.match(badRule.stderr, /--rules: unknown rule "nope"/);
  });

  test('the schema change as a picture: the models the PR changes, base schema (from git) against the head', async () => {
    git(dir, 'switch', '--quiet', 'main');
    git(dir, 'switch', '--quiet', '--create', `pr-${++branch}`);
    write(
      'prisma/schema.prisma',
      SCHEMA.replace(
        '  email String\n}',
        '  email String\n  bio   String?\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id @default(autoincrement())\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n}',
      ),
    );
    write(`${MIGRATIONS}/20240301000000_posts/migration.sql`, `${LOCK}ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n`);
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '-m', 'pr');
    const { result } = await reviewJson();
    const models = Object.fromEntries((result.schemaChange?.models ?? []).map((model) => [model.name, model.status]));
    assert.deepEqual(models, { Post: 'added', User: 'changed' });
    const { renderErDiagram } = await import('../../src/report/er-diagram.js');
    const { renderReviewMarkdown } = await import('../../src/report/review-markdown.js');
    const picture = renderErDiagram(result.schemaChange!);
    const markdown = renderReviewMarkdown(result.findings, { migrations: result.migrations, base: 'main', appendix: picture });
    assert.match(markdown, /<details>[\s\S]*```mermaid\nerDiagram[\s\S]*User[\s\S]*Post/);
    const tight = renderReviewMarkdown(result.findings, {
      migrations: result.migrations,
      base: 'main',
      appendix: picture,
      maxLength: markdown.length - 1,
    });
    assert.doesNotMatch(tight, /erDiagram/, 'the picture is the first thing dropped when space runs short');
  });
});
