/**
 * The MySQL review, pure: SQL in, findings out (node-sql-parser, no database). One case per rule
 * with the line it must point at.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { mysqlCatalogOf, reviewMysqlMigrations } from '../../src/review/mysql.js';
import type { ReviewFinding } from '../../src/review/rules.js';

const INIT = `-- CreateTable
CREATE TABLE \`User\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`email\` VARCHAR(191) NOT NULL,
    \`bio\` TEXT NULL,
    \`name\` VARCHAR(100) NULL,
    \`age\` INTEGER NULL,
    \`role\` ENUM('USER', 'ADMIN', 'GUEST') NOT NULL DEFAULT 'USER',

    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE \`Post\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`authorId\` INTEGER NOT NULL,
    \`title\` VARCHAR(191) NOT NULL,

    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
`;

async function review(sql: string): Promise<ReviewFinding[]> {
  const base = await mysqlCatalogOf([INIT]);
  return reviewMysqlMigrations({
    base,
    migrations: [{ name: '20240202000000_pr', file: 'prisma/migrations/20240202000000_pr/migration.sql', sql }],
  });
}

const rulesAndLines = (findings: ReviewFinding[]) => findings.map((finding) => [finding.rule, finding.line]);

/** [rule, migration.sql, the line of the finding, the object]. */
const CASES: Array<[string, string, number, string]> = [
  ['drop-table', '-- DropTable\nDROP TABLE `Post`;\n', 2, 'Post'],
  ['drop-column', 'ALTER TABLE `User`\n    DROP COLUMN `bio`;\n', 2, 'User.bio'],
  ['rename-as-drop-add', 'ALTER TABLE `User` DROP COLUMN `bio`,\n    ADD COLUMN `about` TEXT NULL;\n', 1, 'User.bio'],
  ['lossy-type-change', 'SELECT 1;\nALTER TABLE `User` MODIFY `name` VARCHAR(50) NULL;\n', 2, 'User.name'],
  ['truncate', '\n\nTRUNCATE TABLE `Post`;\n', 3, 'Post'],
  ['delete-without-where', 'DELETE FROM `Post`;\n', 1, 'Post'],
  ['update-without-where', "-- backfill\nUPDATE `Post` SET `title` = 'x';\n", 2, 'Post'],
  ['required-column-without-default', '-- AlterTable\nALTER TABLE `User` ADD COLUMN `score` INTEGER NOT NULL;\n', 2, 'User.score'],
  ['unique-index-on-existing-data', '-- CreateIndex\nCREATE UNIQUE INDEX `User_email_key` ON `User`(`email`);\n', 2, 'User_email_key'],
  ['enum-values-removed', "ALTER TABLE `User` MODIFY `role` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER';\n", 1, 'User.role'],
  ['table-rewrite', 'ALTER TABLE `User` MODIFY `age` BIGINT NULL;\n', 1, 'User.age'],
  [
    'foreign-key-checks-rows',
    '-- AddForeignKey\nALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;\n',
    2,
    'Post_authorId_fkey',
  ],
  ['index-without-online-ddl', '-- CreateIndex\nCREATE INDEX `Post_authorId_idx` ON `Post`(`authorId`);\n', 2, 'Post_authorId_idx'],
];

describe('MySQL review rules', () => {
  for (const [rule, sql, line, object] of CASES) {
    test(`${rule} on line ${line}`, async () => {
      const findings = await review(sql);
      const found = findings.find((finding) => finding.rule === rule);
      assert.ok(found, `expected ${rule} in ${JSON.stringify(rulesAndLines(findings))}`);
      assert.equal(found.line, line);
      assert.equal(found.object, object);
      assert.ok(found.fix.length > 0);
      assert.doesNotMatch(found.message, /PostgreSQL|ACCESS EXCLUSIVE|CONCURRENTLY|NOT VALID/);
      assert.equal(found.file, 'prisma/migrations/20240202000000_pr/migration.sql');
    });
  }

  test('widening a column keeps the data: no lossy finding, and VARCHAR widening within its length prefix is in place', async () => {
    assert.deepEqual(rulesAndLines(await review('ALTER TABLE `User` MODIFY `email` VARCHAR(255) NOT NULL;\n')), []);
    assert.deepEqual(rulesAndLines(await review('ALTER TABLE `User` MODIFY `age` BIGINT NULL;\n')), [['table-rewrite', 1]]);
    assert.deepEqual(
      rulesAndLines(await review("ALTER TABLE `User` MODIFY `role` ENUM('USER', 'ADMIN', 'GUEST', 'OWNER') NOT NULL DEFAULT 'USER';\n")),
      [],
    );
  });

  test('the clause of a multi-line ALTER TABLE carries the finding', async () => {
    const findings = await review(
      'ALTER TABLE `User` ADD COLUMN `nick` VARCHAR(10) NULL,\n    MODIFY `name` VARCHAR(20) NULL,\n    DROP COLUMN `age`;\n',
    );
    assert.deepEqual(rulesAndLines(findings), [
      ['lossy-type-change', 2],
      ['table-rewrite', 2],
      ['drop-column', 3],
    ]);
  });

  test('a statement the parser cannot read is not analysed, and the others still are', async () => {
    const findings = await review('ALTER TABLE `User` FROBNICATE `bio`;\n\nDROP TABLE `Post`;\n');
    assert.deepEqual(rulesAndLines(findings), [
      ['not-analysed', 1],
      ['drop-table', 3],
    ]);
    const unread = findings[0]!;
    assert.equal(unread.failsGate, true);
    assert.match(unread.message, /MySQL parser cannot read/);
  });

  test("Prisma's default changes (ALTER COLUMN … SET DEFAULT, which the parser cannot read) are metadata only: no finding", async () => {
    const findings = await review(
      "-- AlterTable\nALTER TABLE `User` ALTER COLUMN `name` SET DEFAULT 'anonymous',\n    ALTER COLUMN `bio` DROP DEFAULT;\n\nDROP TABLE `Post`;\n",
    );
    assert.deepEqual(rulesAndLines(findings), [['drop-table', 5]]);
    const other = await review('ALTER TABLE `User` ALTER COLUMN `name` SET DEFAULT 1, FROBNICATE `bio`;\n');
    assert.deepEqual(rulesAndLines(other), [['not-analysed', 1]], 'anything beside a default change is still not analysed');
  });

  test('a table created and indexed in the same PR is new: no lock or data finding', async () => {
    const findings = await reviewMysqlMigrations({
      base: await mysqlCatalogOf([INIT]),
      migrations: [
        {
          name: '1_create',
          file: 'a.sql',
          sql: 'CREATE TABLE `Tag` (\n `id` INTEGER NOT NULL,\n `label` VARCHAR(191) NOT NULL,\n PRIMARY KEY (`id`)\n);\n',
        },
        {
          name: '2_index',
          file: 'b.sql',
          sql: 'CREATE UNIQUE INDEX `Tag_label_key` ON `Tag`(`label`);\nALTER TABLE `Tag` ADD COLUMN `slug` VARCHAR(191) NOT NULL, MODIFY `label` VARCHAR(20) NOT NULL;\nALTER TABLE `Tag` ADD CONSTRAINT `Tag_id_fkey` FOREIGN KEY (`id`) REFERENCES `User`(`id`);\nDELETE FROM `Tag`;\n',
        },
      ],
    });
    assert.deepEqual(rulesAndLines(findings), []);
  });

  test('online DDL asked for explicitly, and foreign_key_checks off, silence the lock findings', async () => {
    assert.deepEqual(
      rulesAndLines(await review('CREATE INDEX `Post_authorId_idx` ON `Post`(`authorId`) ALGORITHM=INPLACE LOCK=NONE;\n')),
      [],
    );
    const fk =
      'SET foreign_key_checks = 0;\nALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`);\nSET foreign_key_checks = 1;\n';
    assert.deepEqual(rulesAndLines(await review(fk)), []);
  });

  test('an ignore comment above the statement silences its finding and keeps the reason', async () => {
    const findings = await review('-- prisma-schema-guard-ignore drop-table: archived in S3\nDROP TABLE `Post`;\n');
    assert.equal(findings[0]?.rule, 'drop-table');
    assert.equal(findings[0]?.ignored, 'archived in S3');
    assert.equal(findings[0]?.failsGate, false);
  });
});
