/**
 * `command: review` and `command: check` with `github-token`: the report as the one sticky comment
 * of the pull request, against a local server that speaks GitHub's REST routes (the real
 * `@actions/github` client, nothing mocked). The action runs in process, as in `action.test.ts`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { run } from '../../src/action/main.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] });
const TOKEN = 'ghs_write_token';
const OWNER = 'octo';
const REPO = 'shop';
const REVIEW_MARKER = /<!-- prisma-schema-guard:review:prisma\/schema\.prisma -->/;
const CHECK_MARKER = /<!-- prisma-schema-guard:check:prisma\/schema\.prisma -->/;
const HEADER = 'datasource db {\n  provider = "postgresql"\n}\n\n';
const BASE_SCHEMA = `${HEADER}model User {\n  id  Int     @id\n  bio String?\n}\n`;
const INIT_SQL =
  '-- CreateTable\nCREATE TABLE "User" (\n    "id" INTEGER NOT NULL,\n    "bio" TEXT,\n\n    CONSTRAINT "User_pkey" PRIMARY KEY ("id")\n);\n';
const DROP_BIO = 'prisma/migrations/20240201000000_drop_bio';
const dirs: string[] = [];

let github: GitHubServer;
beforeAll(async () => {
  github = await startGitHubServer({ tokens: { [TOKEN]: 'write', ghs_read_only: 'read' } });
});
afterAll(async () => {
  await github.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A repository with one migration committed on `main`: the base of every pull request here. */
function repository(): { dir: string; write(path: string, content: string): void; remove(path: string): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-review-comment-')));
  dirs.push(dir);
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write('prisma/schema.prisma', BASE_SCHEMA);
  write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  write('prisma/migrations/20240101000000_init/migration.sql', INIT_SQL);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  return { dir, write, remove: (path) => rmSync(join(dir, path), { recursive: true, force: true }) };
}

interface ActionRun {
  stdout: string;
  summary: string;
  exitCode: number | undefined;
}

/** `@actions/core` keeps the summary file's path after its first write: one folder for every run, emptied each time. */
const files = mkdtempSync(join(tmpdir(), 'psg-review-comment-files-'));
dirs.push(files);

async function runAction(dir: string, inputs: Record<string, string>, pr: number): Promise<ActionRun> {
  const saved = { ...process.env };
  const savedExitCode = process.exitCode;
  writeFileSync(join(files, 'output'), '');
  writeFileSync(join(files, 'summary'), '');
  writeFileSync(
    join(files, 'event.json'),
    JSON.stringify({
      action: 'synchronize',
      number: pr,
      pull_request: { number: pr, labels: [] },
      repository: { full_name: `${OWNER}/${REPO}` },
    }),
  );
  Object.assign(process.env, {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
    GITHUB_WORKSPACE: dir,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(files, 'event.json'),
    GITHUB_BASE_REF: 'main',
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: github.url,
  });
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  // The action's workflow commands are strings; the test runner's own reports (bytes) pass through.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = savedExitCode;
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  const result = {
    stdout: stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    summary: readFileSync(join(files, 'summary'), 'utf8'),
    exitCode,
  };
  return result;
}

test('review: findings → one comment; a later push without them → the same comment says all clear', async () => {
  const repo = repository();
  repo.write(`${DROP_BIO}/migration.sql`, `SET lock_timeout = '5s';\n-- AlterTable\nALTER TABLE "User" DROP COLUMN "bio";\n`);
  const first = await runAction(repo.dir, { command: 'review', 'github-token': TOKEN }, 21);
  assert.equal(first.exitCode, 1, 'the destructive finding fails the gate');
  let comments = github.commentsOf(OWNER, REPO, 21);
  assert.equal(comments.length, 1);
  const id = comments[0]!.id;
  assert.match(comments[0]!.body, REVIEW_MARKER);
  assert.match(comments[0]!.body, /❌ 1 finding fails the gate/);
  assert.match(comments[0]!.body, /`drop-column`/);
  assert.match(first.summary, /❌ 1 finding fails the gate/, 'the job summary has the same review');
  assert.match(first.stdout, /PR comment created: https:\/\/github\.com\/octo\/shop\/pull\/21#issuecomment-/);

  // The same push again: updated in place, never duplicated.
  await runAction(repo.dir, { command: 'review', 'github-token': TOKEN }, 21);
  assert.equal(github.commentsOf(OWNER, REPO, 21).length, 1);

  // The next push replaces the drop by a new table: nothing to report any more.
  repo.remove(DROP_BIO);
  repo.write(
    'prisma/migrations/20240202000000_tags/migration.sql',
    `SET lock_timeout = '5s';\nCREATE TABLE "Tag" ("id" INTEGER NOT NULL);\n`,
  );
  const second = await runAction(repo.dir, { command: 'review', 'github-token': TOKEN }, 21);
  assert.equal(second.exitCode, undefined, second.stdout);
  comments = github.commentsOf(OWNER, REPO, 21);
  assert.equal(comments.length, 1, 'no second comment');
  assert.equal(comments[0]!.id, id, 'the same comment');
  assert.match(comments[0]!.body, REVIEW_MARKER);
  assert.match(comments[0]!.body, /All clear/);
  assert.match(comments[0]!.body, /✅ No destructive or locking changes in the added migration/);
  assert.doesNotMatch(comments[0]!.body, /drop-column/, 'the old finding is gone');
});

test('review: a pull request that never had findings gets no comment at all', async () => {
  const repo = repository();
  repo.write(
    'prisma/migrations/20240202000000_tags/migration.sql',
    `SET lock_timeout = '5s';\nCREATE TABLE "Tag" ("id" INTEGER NOT NULL);\n`,
  );
  const before = github.requests.length;
  const result = await runAction(repo.dir, { command: 'review', 'github-token': TOKEN }, 22);
  assert.equal(result.exitCode, undefined, result.stdout);
  assert.equal(github.commentsOf(OWNER, REPO, 22).length, 0);
  const requests = github.requests.slice(before);
  assert.ok(
    requests.some((request) => request.method === 'GET' && request.path.endsWith('/issues/22/comments')),
    'it looked for an earlier comment',
  );
  assert.ok(!requests.some((request) => request.method !== 'GET'), 'and wrote nothing');
  assert.match(result.summary, /✅ No destructive or locking changes/, 'the job summary is written all the same');
});

test('review without a token: job summary only, no request to GitHub', async () => {
  const repo = repository();
  repo.write(`${DROP_BIO}/migration.sql`, 'ALTER TABLE "User" DROP COLUMN "bio";\n');
  const before = github.requests.length;
  const result = await runAction(repo.dir, { command: 'review' }, 23);
  assert.match(result.summary, /drop-column/, result.stdout);
  assert.equal(github.requests.length, before);
});

test('review with a read-only token: the summary is still written, and the message names the missing permission', async () => {
  const repo = repository();
  repo.write(`${DROP_BIO}/migration.sql`, `SET lock_timeout = '5s';\nALTER TABLE "User" DROP COLUMN "bio";\n`);
  const result = await runAction(repo.dir, { command: 'review', 'github-token': 'ghs_read_only', 'fail-on': 'none' }, 24);
  assert.equal(result.exitCode, undefined, 'a comment that cannot be posted does not fail the gate (fork PRs get read-only tokens)');
  assert.match(result.stdout, /^::warning::GitHub refused/m);
  assert.match(
    result.stdout,
    /GitHub refused to let the token comment on pull request octo\/shop#24 \(403 Resource not accessible by integration\): it lacks the `pull-requests: write` permission/,
  );
  assert.match(result.summary, /prisma-schema-guard review: ⚠️ 1 finding, none fails the gate/);
  assert.match(result.summary, /403 Resource not accessible by integration/);
  assert.doesNotMatch(result.stdout + result.summary, /ghs_read_only/, 'the token is never shown');
  assert.equal(github.commentsOf(OWNER, REPO, 24).length, 0);
});

/** The PostgreSQL server for shadow databases; without one the test is skipped (failed under CI=true). */
async function shadowServerOrSkip(t: { skip(message: string): void }): Promise<string | undefined> {
  try {
    return await testPostgresUrl();
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    t.skip(`no PostgreSQL server: ${(error as Error).message}`);
    return undefined;
  }
}

test('check: the review as a section of the check comment; all clear once the findings are gone', async (t) => {
  const shadow = await shadowServerOrSkip(t);
  if (!shadow) return;
  const repo = repository();
  repo.write('prisma/schema.prisma', `${HEADER}model User {\n  id Int @id\n}\n`);
  repo.write(`${DROP_BIO}/migration.sql`, `SET lock_timeout = '5s';\n-- AlterTable\nALTER TABLE "User" DROP COLUMN "bio";\n`);
  const first = await runAction(repo.dir, { command: 'check', 'github-token': TOKEN, 'shadow-database-url': shadow }, 25);
  assert.equal(first.exitCode, 1, first.stdout);
  let comments = github.commentsOf(OWNER, REPO, 25);
  assert.equal(comments.length, 1, first.stdout);
  assert.match(comments[0]!.body, CHECK_MARKER);
  assert.match(
    comments[0]!.body,
    /#### prisma-schema-guard review: ❌ 1 finding fails the gate/,
    'the review is a section of the check comment',
  );
  assert.doesNotMatch(comments[0]!.body + first.stdout, /postgres@127\.0\.0\.1/, 'no database URL');

  repo.write('prisma/schema.prisma', BASE_SCHEMA);
  repo.remove(DROP_BIO);
  const second = await runAction(repo.dir, { command: 'check', 'github-token': TOKEN, 'shadow-database-url': shadow }, 25);
  assert.equal(second.exitCode, undefined, second.stdout);
  comments = github.commentsOf(OWNER, REPO, 25);
  assert.equal(comments.length, 1);
  assert.match(comments[0]!.body, /All clear/);
  assert.match(comments[0]!.body, /✅ Schema and migrations are in sync/);
  assert.deepEqual(
    (await leftoverShadowDatabases()).filter((name) => name.includes(`_${process.pid}_`)),
    [],
  );
});

test("check of several schemas: one comment for them all, each schema's report in it", async (t) => {
  const shadow = await shadowServerOrSkip(t);
  if (!shadow) return;
  const repo = repository();
  // A second project whose schema has a model no migration creates.
  repo.write('billing/prisma/schema.prisma', `${HEADER}model Invoice {\n  id Int @id\n}\n`);
  repo.write('billing/prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  const inputs = {
    command: 'check',
    'github-token': TOKEN,
    'shadow-database-url': shadow,
    schema: 'prisma/schema.prisma, billing/prisma/schema.prisma',
  };
  const first = await runAction(repo.dir, inputs, 26);
  assert.equal(first.exitCode, 1, first.stdout);
  let comments = github.commentsOf(OWNER, REPO, 26);
  assert.equal(comments.length, 1, first.stdout);
  assert.match(comments[0]!.body, /<!-- prisma-schema-guard:check:/);
  assert.match(comments[0]!.body, /Schema and migrations are in sync/, 'the first schema is in sync');
  assert.match(comments[0]!.body, /CREATE TABLE "Invoice"/, "the second schema's missing migration");

  repo.write(
    'billing/prisma/migrations/20240101000000_init/migration.sql',
    '-- CreateTable\nCREATE TABLE "Invoice" (\n    "id" INTEGER NOT NULL,\n\n    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")\n);\n',
  );
  const second = await runAction(repo.dir, inputs, 26);
  assert.equal(second.exitCode, undefined, second.stdout);
  comments = github.commentsOf(OWNER, REPO, 26);
  assert.equal(comments.length, 1, 'the same comment, updated');
  assert.match(comments[0]!.body, /All clear/);
  assert.deepEqual(
    (await leftoverShadowDatabases()).filter((name) => name.includes(`_${process.pid}_`)),
    [],
  );
});
