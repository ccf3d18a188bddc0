/**
 * The MySQL review on Prisma's MySQL SQL with native types, an enum and an implicit many-to-many
 * table (test/fixtures/mysql-native-types): every statement is parsed and analysed (no
 * `not-analysed`), backtick identifiers become plain names, and the findings are the true ones.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { readMigrationHistory } from '../../src/migrations/history.js';
import { MysqlCatalog, mysqlCatalogOf, reviewMysqlMigrations } from '../../src/review/mysql.js';
import { parseMysqlMigration } from '../../src/review/mysql-parse.js';
import { repoRoot } from '../support/paths.js';

const MIGRATIONS = join(repoRoot, 'test', 'fixtures', 'mysql-native-types', 'prisma', 'migrations');

describe("MySQL review of Prisma's native-type SQL", () => {
  test('the parser reads every statement of both migrations', async () => {
    const history = await readMigrationHistory(MIGRATIONS);
    const parsed = await Promise.all(history.migrations.map(async (migration) => (await parseMysqlMigration(migration.sql)).statements));
    assert.deepEqual(
      parsed.map((statements) => statements.map((statement) => statement.line)),
      [
        [2, 20, 37, 46, 55, 58, 61],
        [2, 6, 9],
      ],
    );
    for (const statement of parsed.flat()) assert.ok(statement.node, `line ${statement.line}: ${statement.error}`);
  });

  test('the catalog has the tables and native types under their names without backticks', async () => {
    const history = await readMigrationHistory(MIGRATIONS);
    const catalog = await mysqlCatalogOf(history.migrations.map((migration) => migration.sql));
    assert.deepEqual([...catalog.tables.keys()].sort(), ['Category', 'Post', 'User', '_CategoryToPost']);
    const user = catalog.table('User')!;
    assert.deepEqual(user.columns.get('loginCount')!.type, { name: 'int', mods: [], array: false, unsigned: true });
    assert.deepEqual(user.columns.get('age')!.type?.name, 'tinyint');
    assert.deepEqual(user.columns.get('balance')!.type?.mods, [10, 2]);
    assert.deepEqual(user.columns.get('createdAt')!.type?.mods, [3]);
    assert.equal(user.columns.get('settings')!.type?.name, 'json');
    assert.deepEqual(user.columns.get('role')!.type?.values, ['READER', 'AUTHOR', 'EDITOR', 'ADMIN'], 'the second migration added EDITOR');
    assert.deepEqual(catalog.table('Post')!.columns.get('title')!.type?.mods, [255], 'and widened the title');
    assert.deepEqual([...catalog.table('_CategoryToPost')!.columns.keys()], ['A', 'B']);
  });

  test('the whole history as one pull request: new tables only, so no finding at all', async () => {
    const history = await readMigrationHistory(MIGRATIONS);
    assert.deepEqual(await reviewMysqlMigrations({ base: new MysqlCatalog(), migrations: history.migrations }), []);
  });

  test('the second migration on the first: the enum value inserted mid-list copies the table, the new unique index can fail on data; nothing not-analysed', async () => {
    const history = await readMigrationHistory(MIGRATIONS);
    const [init, change] = history.migrations;
    const findings = await reviewMysqlMigrations({ base: await mysqlCatalogOf([init!.sql]), migrations: [change!] });
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.line, finding.object]),
      [
        ['table-rewrite', 6, 'User.role'],
        ['unique-index-on-existing-data', 9, 'Post_slug_key'],
        ['index-without-online-ddl', 9, 'Post_slug_key'],
      ],
    );
    assert.ok(
      findings.every((finding) => finding.file.endsWith('prisma/migrations/20240402000000_slug_and_editor/migration.sql')),
      JSON.stringify(findings.map((finding) => finding.file)),
    );
  });
});
