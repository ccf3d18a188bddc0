/**
 * Data-aware review: with a read-only `--database-url`, findings carry the real counts (rows,
 * non-null values a dropped column holds, NULLs before SET NOT NULL, duplicate groups for a new
 * unique index), and the database is left exactly as it was.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { ReviewResult } from '../../src/commands/review.js';
import { cli } from '../support/cli.js';
import { createTestDatabase, query } from '../support/postgres.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] });

const INIT =
  'CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "bio" TEXT, "nick" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n';
const PR = `SET lock_timeout = '5s';
ALTER TABLE "User" DROP COLUMN "bio";
ALTER TABLE "User" ALTER COLUMN "nick" SET NOT NULL;
CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User"("email");
`;

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-review-data-')));
let database: Awaited<ReturnType<typeof createTestDatabase>>;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

beforeAll(async () => {
  database = await createTestDatabase('review');
  await query(INIT, database.name);
  // 5 users: 3 with a bio, 2 without a nick, 2 groups of duplicate e-mails (4 rows).
  await query(
    `INSERT INTO "User" ("email", "bio", "nick") VALUES ('a@x', 'hi', 'a'), ('a@x', 'yo', NULL), ('b@x', 'hey', 'b'), ('b@x', NULL, NULL), ('c@x', NULL, 'c')`,
    database.name,
  );
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write('package.json', JSON.stringify({ devDependencies: { prisma: '7.4.0' } }));
  write('prisma/migrations/20240101000000_init/migration.sql', INIT);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  write('prisma/migrations/20240201000000_cleanup/migration.sql', PR);
});

afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('findings carry the counts of the database; it is only read', async () => {
  const run = await cli(['review', '--base', 'main', '--migrations', 'prisma/migrations', '--database-url', database.url, '--json'], {
    cwd: dir,
  });
  const result = JSON.parse(run.stdout) as ReviewResult;
  const byRule = (rule: string) => result.findings.find((finding) => finding.rule === rule);
  assert.deepEqual(byRule('drop-column')?.data, { rows: 5, nonNull: 3, note: '3 non-null values in `bio` (5 rows in `User`).' });
  assert.equal(byRule('set-not-null')?.data?.nulls, 2);
  assert.match(byRule('set-not-null')?.data?.note ?? '', /2 NULLs in `nick`: the migration fails as it is/);
  assert.equal(byRule('unique-index-on-existing-data')?.data?.duplicateGroups, 2);
  assert.equal(byRule('unique-index-on-existing-data')?.data?.duplicateRows, 4);
  const text = await cli(['review', '--base', 'main', '--migrations', 'prisma/migrations', '--database-url', database.url], { cwd: dir });
  assert.match(text.stdout, /3 non-null values in `bio`/);
  const columns = await query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'User' ORDER BY 1`,
    database.name,
  );
  assert.deepEqual(
    columns.map((row) => row.column_name),
    ['bio', 'email', 'id', 'nick'],
    'nothing was changed',
  );
});

test('an unreachable database is a usage error that names --database-url, with the password masked', async () => {
  const run = await cli(
    ['review', '--base', 'main', '--migrations', 'prisma/migrations', '--database-url', 'postgresql://me:s3cret-pw@127.0.0.1:1/nope'],
    { cwd: dir },
  );
  assert.equal(run.code, 1);
  assert.match(run.stderr, /--database-url/);
  assert.ok(!run.stderr.includes('s3cret-pw'));
});
