/**
 * `command: review` in the action, run in process (the dist/ bundle is the lead's build): inputs as
 * INPUT_* variables, GitHub's output and summary files, and the workflow commands it prints.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, test } from 'vitest';
import { run } from '../../src/action/main.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] });

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-review-action-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string>,
): Promise<{ stdout: string; summary: string; outputs: string; exitCode: number | undefined }> {
  const files = mkdtempSync(join(tmpdir(), 'psg-review-action-files-'));
  const saved = { ...process.env };
  const savedExitCode = process.exitCode;
  writeFileSync(join(files, 'output'), '');
  writeFileSync(join(files, 'summary'), '');
  Object.assign(process.env, {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
    GITHUB_WORKSPACE: dir,
    ...env,
  });
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
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
    stdout,
    summary: readFileSync(join(files, 'summary'), 'utf8'),
    outputs: readFileSync(join(files, 'output'), 'utf8'),
    exitCode,
  };
  rmSync(files, { recursive: true, force: true });
  return result;
}

test('command: review on a pull_request: annotations on the exact lines, the job summary, failing on destructive', async () => {
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id Int @id\n}\n');
  write(
    'prisma/migrations/20240101000000_init/migration.sql',
    'CREATE TABLE "User" ("id" INTEGER NOT NULL, "bio" TEXT);\nCREATE TABLE "Post" ("id" INTEGER NOT NULL, "title" TEXT);\n',
  );
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  write(
    'prisma/migrations/20240201000000_pr/migration.sql',
    `SET lock_timeout = '5s';\n-- AlterTable\nALTER TABLE "User" DROP COLUMN "bio";\n\nCREATE INDEX "Post_title_idx" ON "Post"("title");\n`,
  );

  const result = await runAction({ command: 'review' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' });
  assert.match(
    result.stdout,
    /::error title=Column dropped \(drop-column\),file=prisma\/migrations\/20240201000000_pr\/migration.sql,line=3::Drops column `User.bio`/,
  );
  assert.match(
    result.stdout,
    /::warning title=Index built without CONCURRENTLY \(index-without-concurrently\),file=prisma\/migrations\/20240201000000_pr\/migration.sql,line=5::/,
  );
  assert.match(result.summary, /### prisma-schema-guard review: ❌ 1 finding fails the gate/);
  assert.match(result.outputs, /verdict<<[^\n]+\nfailing\n/);
  assert.equal(result.exitCode, 1, 'the job fails');
  assert.match(result.stdout, /::error::1 finding in the added migrations fails the gate \(drop-column\)/);

  const lock = await runAction({ command: 'review', 'fail-on': 'lock' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' });
  assert.match(lock.stdout, /::error title=Index built without CONCURRENTLY/);
  assert.match(lock.stdout, /::warning title=Column dropped/);
});
