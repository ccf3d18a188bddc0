/**
 * Data-aware review on MySQL/MariaDB: with a read-only `--database-url` (mysql://), findings carry
 * the counts of the real database (rows, non-null values a dropped column holds, duplicate groups
 * for a new unique index), and the database is left exactly as it was.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { ReviewResult } from '../../src/commands/review.js';
import { cli } from '../support/cli.js';
import { createTestMysqlDatabase, mysqlQuery, mysqlSkipReason, testMysqlUrl } from '../support/mysql.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY }, stdio: ['ignore', 'pipe', 'pipe'] });

const INIT =
  'CREATE TABLE `User` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n    `email` VARCHAR(191) NOT NULL,\n    `bio` VARCHAR(191) NULL,\n\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n';
const PR =
  '-- AlterTable\nALTER TABLE `User` DROP COLUMN `bio`;\n\n-- CreateIndex\nCREATE UNIQUE INDEX `User_email_key` ON `User`(`email`);\n';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-review-mysql-data-')));
let database: Awaited<ReturnType<typeof createTestMysqlDatabase>> | undefined;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

beforeAll(async () => {
  if (!(await testMysqlUrl())) return;
  database = await createTestMysqlDatabase('review');
  await mysqlQuery(INIT, database.name);
  // 5 users: 3 with a bio, 2 groups of duplicate e-mails (4 rows).
  await mysqlQuery(
    "INSERT INTO `User` (`email`, `bio`) VALUES ('a@x', 'hi'), ('a@x', 'yo'), ('b@x', 'hey'), ('b@x', NULL), ('c@x', NULL)",
    database.name,
  );
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write('prisma/migrations/migration_lock.toml', 'provider = "mysql"\n');
  write('prisma/migrations/20240101000000_init/migration.sql', INIT);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  write('prisma/migrations/20240201000000_cleanup/migration.sql', PR);
});

afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('MySQL findings carry the counts of the database; it is only read', async (t) => {
  if (!database) return t.skip(mysqlSkipReason);
  const checksum = () => mysqlQuery(`CHECKSUM TABLE \`${database!.name}\`.\`User\` EXTENDED`);
  const before = await checksum();
  const run = await cli(['review', '--base', 'main', '--migrations', 'prisma/migrations', '--database-url', database.url, '--json'], {
    cwd: dir,
  });
  const result = JSON.parse(run.stdout) as ReviewResult;
  const byRule = (rule: string) => result.findings.find((finding) => finding.rule === rule);
  assert.deepEqual(
    byRule('drop-column')?.data,
    { rows: 5, nonNull: 3, note: '3 non-null values in `bio` (5 rows in `User`).' },
    run.stdout,
  );
  assert.equal(byRule('unique-index-on-existing-data')?.data?.duplicateGroups, 2);
  assert.equal(byRule('unique-index-on-existing-data')?.data?.duplicateRows, 4);
  assert.deepEqual(await checksum(), before, 'nothing was changed');
});
