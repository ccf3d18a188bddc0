/**
 * The MySQL side of the data-loss plan, pure: Prisma's MySQL statements (the renderer's formats,
 * prisma-engines `sql_renderer/mysql_renderer.rs`) into the same `Change` values as PostgreSQL's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { castTargetOf } from '../../src/database/mysql/measure.js';
import { splitMysqlStatements } from '../../src/sql/mysql-statements.js';
import { changesOf, splitTopLevel } from '../../src/plan/changes.js';
import { measurementKey, measurementsForAll, type Measurements } from '../../src/plan/measurements.js';
import {
  columnKey,
  mysqlChangesOf,
  mysqlRestatedColumns,
  mysqlTypeOf,
  normaliseMysqlType,
  sameMysqlType,
  type CurrentColumns,
} from '../../src/plan/mysql-changes.js';
import { buildPlan, decide, losesData } from '../../src/plan/plan.js';
import { grantPattern } from '../../src/preview/mysql-databases.js';

const current = (entries: Array<[string, string, string, boolean]>): CurrentColumns =>
  new Map(entries.map(([table, column, type, nullable]) => [columnKey(table, column), { type, nullable }]));

describe("MySQL plan: the changes in Prisma's MySQL script that touch existing data", () => {
  test('several clauses in one ALTER TABLE, as the renderer joins them (",\\n    ")', () => {
    const sql =
      'ALTER TABLE `User` DROP COLUMN `bio`,\n    ADD COLUMN `nick` VARCHAR(191) NOT NULL,\n    ADD COLUMN `score` INTEGER NOT NULL DEFAULT 0,\n    ADD COLUMN `id2` INTEGER NOT NULL AUTO_INCREMENT,\n    ADD COLUMN `note` VARCHAR(191) NULL';
    assert.deepEqual(mysqlChangesOf(sql), [
      { kind: 'drop-column', table: { name: 'User' }, column: 'bio' },
      { kind: 'add-required-column', table: { name: 'User' }, column: 'nick', type: 'VARCHAR(191)' },
    ]);
  });

  test('the same values as changesOf gives for the PostgreSQL spelling of the same change', () => {
    const pairs: Array<[string, string]> = [
      ['ALTER TABLE `User` DROP COLUMN `name`;', 'ALTER TABLE "User" DROP COLUMN "name";'],
      ['ALTER TABLE `User` ADD COLUMN `age` INTEGER NOT NULL;', 'ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL;'],
      ['CREATE UNIQUE INDEX `User_email_key` ON `User`(`email`);', 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");'],
      ['DROP TABLE `Post`;', 'DROP TABLE "Post";'],
      [
        'ALTER TABLE `Post` DROP COLUMN `views`,\n    ADD COLUMN `views` VARCHAR(191) NOT NULL;',
        'ALTER TABLE "Post" DROP COLUMN "views",\nADD COLUMN     "views" VARCHAR(191) NOT NULL;',
      ],
    ];
    for (const [mysql, postgres] of pairs) assert.deepEqual(mysqlChangesOf(mysql), changesOf(postgres), mysql);
  });

  test('a comment heading, index key lengths and sort orders, an unnamed ADD UNIQUE, several dropped tables', () => {
    assert.deepEqual(
      mysqlChangesOf('-- CreateIndex\nCREATE UNIQUE INDEX `Post_title_slug_key` ON `Post`(`title`(100) ASC, `slug` DESC);'),
      [{ kind: 'add-unique', table: { name: 'Post' }, columns: ['title', 'slug'], index: 'Post_title_slug_key' }],
    );
    assert.deepEqual(mysqlChangesOf('ALTER TABLE `User` ADD UNIQUE (`email`), ADD CONSTRAINT `u_nick` UNIQUE KEY (`nick`)'), [
      { kind: 'add-unique', table: { name: 'User' }, columns: ['email'], index: 'email' },
      { kind: 'add-unique', table: { name: 'User' }, columns: ['nick'], index: 'u_nick' },
    ]);
    assert.deepEqual(mysqlChangesOf('DROP TABLE IF EXISTS `A`, `B`'), [
      { kind: 'drop-table', table: { name: 'A' } },
      { kind: 'drop-table', table: { name: 'B' } },
    ]);
    assert.deepEqual(mysqlChangesOf('CREATE INDEX `Post_title_idx` ON `Post`(`title`)'), [], 'a plain index changes no data');
    assert.deepEqual(mysqlChangesOf('ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`, DROP INDEX `Post_x`, DROP PRIMARY KEY'), []);
    assert.deepEqual(
      mysqlChangesOf("ALTER TABLE `T` ADD COLUMN `s` VARCHAR(10) NOT NULL DEFAULT 'a,b', DROP COLUMN `x``y`"),
      [{ kind: 'drop-column', table: { name: 'T' }, column: 'x`y' }],
      'a comma inside a string and a doubled backtick',
    );
    assert.deepEqual(
      mysqlChangesOf(
        'CREATE TABLE `Blog` (\n    `id` INTEGER NOT NULL,\n\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
      ),
      [],
    );
  });

  test('MODIFY restates the whole column: only what differs from the column as it is counts', () => {
    const sql =
      'ALTER TABLE `User` MODIFY `name` VARCHAR(191) NOT NULL,\n    MODIFY `age` BIGINT NOT NULL,\n    MODIFY `flag` BOOLEAN NOT NULL DEFAULT true,\n    MODIFY `title` VARCHAR(4) NULL';
    assert.deepEqual(
      mysqlRestatedColumns(sql),
      ['name', 'age', 'flag', 'title'].map((column) => ({ table: { name: 'User' }, column })),
    );
    const now = current([
      ['User', 'name', 'varchar(191)', true],
      ['User', 'age', 'int(11)', false],
      ['user', 'FLAG', 'tinyint(1)', false],
      ['User', 'title', 'varchar(191)', true],
    ]);
    assert.deepEqual(
      mysqlChangesOf(sql, now),
      [
        { kind: 'make-required', table: { name: 'User' }, column: 'name' },
        { kind: 'change-type', table: { name: 'User' }, column: 'age', type: 'BIGINT', recreated: false },
        { kind: 'change-type', table: { name: 'User' }, column: 'title', type: 'VARCHAR(4)', recreated: false },
      ],
      'the default-only change of `flag` changes no data',
    );
    // Without the current column both are assumed: the counts then decide.
    assert.deepEqual(mysqlChangesOf('ALTER TABLE `User` MODIFY `name` VARCHAR(191) NOT NULL'), [
      { kind: 'make-required', table: { name: 'User' }, column: 'name' },
      { kind: 'change-type', table: { name: 'User' }, column: 'name', type: 'VARCHAR(191)', recreated: false },
    ]);
  });

  test('types: as Prisma writes them and as COLUMN_TYPE reads them', () => {
    assert.equal(mysqlTypeOf("ENUM('A', 'B,C') NOT NULL DEFAULT 'A'"), "ENUM('A', 'B,C')");
    assert.equal(mysqlTypeOf('INTEGER UNSIGNED NOT NULL'), 'INTEGER UNSIGNED');
    assert.equal(mysqlTypeOf('DECIMAL(65, 30) NULL'), 'DECIMAL(65, 30)');
    assert.equal(mysqlTypeOf('DOUBLE PRECISION NOT NULL'), 'DOUBLE PRECISION');
    const same: Array<[string, string]> = [
      ['INTEGER', 'int(11)'],
      ['INTEGER', 'int'],
      ['INTEGER UNSIGNED', 'int(10) unsigned'],
      ['BOOLEAN', 'tinyint(1)'],
      ['DECIMAL(65, 30)', 'decimal(65,30)'],
      ["ENUM('A', 'B')", "enum('A','B')"],
      ['DATETIME(3)', 'datetime(3)'],
      ['VARCHAR(191)', 'varchar(191)'],
      ['TINYINT', 'tinyint(4)'],
      ['DOUBLE', 'double'],
    ];
    for (const [prisma, column] of same) assert.ok(sameMysqlType(prisma, column), `${prisma} = ${column}`);
    const different: Array<[string, string]> = [
      ['BOOLEAN', 'tinyint(4)'],
      ['BIGINT', 'int(11)'],
      ['INTEGER', 'int(10) unsigned'],
      ['VARCHAR(4)', 'varchar(191)'],
      ["ENUM('A', 'b')", "enum('A','B')"],
      ['JSON', 'longtext'],
    ];
    for (const [prisma, column] of different) assert.ok(!sameMysqlType(prisma, column), `${prisma} ≠ ${column}`);
    assert.equal(normaliseMysqlType('DECIMAL'), 'decimal(10,0)');
  });

  test('the statements of a script, split by the MySQL splitter, with their changes', () => {
    const script =
      '-- AlterTable\nALTER TABLE `Post` DROP COLUMN `content`;\n\n-- CreateIndex\nCREATE UNIQUE INDEX `User_name_key` ON `User`(`name`);\n';
    const changes = splitMysqlStatements(script).flatMap((statement) => mysqlChangesOf(statement.text));
    assert.deepEqual(
      changes.map((change) => change.kind),
      ['drop-column', 'add-unique'],
    );
  });

  test('splitTopLevel reads backticks and, for MySQL, backslash escapes', () => {
    assert.deepEqual(splitTopLevel("DEFAULT 'it\\'s, here', `a,b`", ',', { backslashEscapes: true }), ["DEFAULT 'it\\'s, here'", '`a,b`']);
  });
});

describe('MySQL plan: counts and the decision', () => {
  test("a dropped column with values: loses data, blocked until accepted; Prisma's warning matched to it", () => {
    const sql = 'ALTER TABLE `Post` DROP COLUMN `content`';
    const statements = [{ sql, changes: mysqlChangesOf(sql) }];
    assert.deepEqual(measurementsForAll(statements[0]!.changes).map(measurementKey), ['rows:.Post', 'non-null:.Post:content']);
    const measurements: Measurements = new Map([
      [measurementKey({ kind: 'rows', table: { name: 'Post' } }), { count: 3 }],
      [measurementKey({ kind: 'non-null', table: { name: 'Post' }, column: 'content' }), { count: 2 }],
    ]);
    const warning = 'You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.';
    const plan = buildPlan({ sql, statements, warnings: [warning], unexecutable: [], measurements });
    assert.equal(plan.affected[0]!.object, 'Post.content');
    assert.equal(plan.affected[0]!.outcome, 'loses-data');
    assert.equal(plan.affected[0]!.measured, '2 values deleted');
    assert.deepEqual(plan.affected[0]!.prisma, [warning]);
    assert.equal(losesData(plan), true);
    assert.deepEqual(decide(plan, { acceptDataLoss: false, forceReset: false }), { action: 'block', reason: 'data-loss' });
    assert.deepEqual(decide(plan, { acceptDataLoss: true, forceReset: false }), { action: 'apply', force: true, acceptedDataLoss: true });
  });
});

describe('MySQL counts: what a type can hold', () => {
  test("Prisma's MySQL types map to the checks the counts make", () => {
    assert.deepEqual(castTargetOf('TINYINT'), { kind: 'integer', unsigned: false, range: ['-128', '127'] });
    assert.deepEqual(castTargetOf('BIGINT UNSIGNED'), { kind: 'integer', unsigned: true, range: ['0', '18446744073709551615'] });
    assert.deepEqual(castTargetOf('BOOLEAN'), { kind: 'integer', range: ['-128', '127'] });
    assert.deepEqual(castTargetOf('DECIMAL(65, 30)'), { kind: 'decimal', precision: 65, scale: 30 });
    assert.deepEqual(castTargetOf('VARCHAR(4)'), { kind: 'varchar', length: 4 });
    assert.deepEqual(castTargetOf('TEXT'), { kind: 'varchar', length: 65_535 });
    assert.deepEqual(castTargetOf('DATETIME(3)'), { kind: 'datetime' });
    assert.deepEqual(castTargetOf('DOUBLE'), { kind: 'float' });
    assert.deepEqual(castTargetOf("ENUM('A', 'it''s')"), { kind: 'enum', values: ['A', "it's"] });
    assert.equal(castTargetOf('LONGBLOB'), undefined);
  });
});

describe('MySQL preview databases: the GRANT a managed server needs', () => {
  test('the name template becomes a grant pattern (`_` escaped, <number> a wildcard)', () => {
    assert.equal(grantPattern(), 'preview\\_pr\\_%');
    assert.equal(grantPattern('App-PR-<number>-db'), 'app\\_pr\\_%\\_db');
  });
});
