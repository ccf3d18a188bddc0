/**
 * The MySQL/MariaDB dialect against the real server (PSG_TEST_MYSQL_URL, default 127.0.0.1:3306
 * root): MariaDB or MySQL from `SELECT VERSION()`, the server's sql_mode, `lower_case_table_names`,
 * and Prisma's MySQL SQL with native types and an implicit many-to-many table replayed by mysql2.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { beforeAll, describe, test } from 'vitest';
import { connectMysql, serverInfo, storedTableName, type MysqlServerInfo } from '../../src/database/mysql/connection.js';
import { replayMysqlMigrations } from '../support/mysql-replay.js';
import { readMigrationHistory, type MigrationHistory } from '../../src/migrations/history.js';
import { createTestMysqlDatabase, mysqlQuery, mysqlSkipReason, testMysqlUrl } from '../support/mysql.js';
import { repoRoot } from '../support/paths.js';

const NATIVE_TYPES = join(repoRoot, 'test', 'fixtures', 'mysql-native-types', 'prisma', 'migrations');

let url: string | undefined;
beforeAll(async () => {
  url = await testMysqlUrl();
});

async function info(): Promise<MysqlServerInfo> {
  const connection = await connectMysql(url!, 'test');
  try {
    return await serverInfo(connection);
  } finally {
    await connection.end();
  }
}

describe('storedTableName: the name a table has on the server', () => {
  test('lower_case_table_names=1 (Windows, and servers set up like it) stores every table name in lowercase', () => {
    const lowercase = { lowerCaseTableNames: 1 };
    assert.equal(storedTableName('User', lowercase), 'user');
    assert.equal(storedTableName('_CategoryToPost', lowercase), '_categorytopost');
    assert.equal(storedTableName('_prisma_migrations', lowercase), '_prisma_migrations');
  });

  test('0 (Linux) and 2 (macOS: stored as written, compared in lowercase) keep the name as written', () => {
    for (const lowerCaseTableNames of [0, 2]) {
      assert.equal(storedTableName('User', { lowerCaseTableNames }), 'User');
      assert.equal(storedTableName('_CategoryToPost', { lowerCaseTableNames }), '_CategoryToPost');
    }
  });
});

describe('the MySQL/MariaDB server', () => {
  test('serverInfo: MariaDB or MySQL from VERSION() (checked against the Aria engine only MariaDB has), its version, sql_mode and lower_case_table_names as the server says', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const server = await info();
    const [facts] = await mysqlQuery<{ version: string; aria: number | string; lctn: number | string; globalMode: string }>(
      "SELECT VERSION() AS version, (SELECT COUNT(*) FROM information_schema.ENGINES WHERE ENGINE = 'Aria') AS aria, @@lower_case_table_names AS lctn, @@GLOBAL.sql_mode AS globalMode",
    );
    const isMariaDb = Number(facts!.aria) > 0;
    assert.equal(server.flavor, isMariaDb ? 'mariadb' : 'mysql');
    assert.equal(server.version, facts!.version);
    // MariaDB says so in its version (10.11.6-MariaDB-0+deb12u1); MySQL's is bare (8.4.3) or has a distribution suffix.
    assert.match(server.version, isMariaDb ? /^\d+\.\d+\.\d+-MariaDB/ : /^\d+\.\d+\.\d+/);
    assert.equal(server.lowerCaseTableNames, Number(facts!.lctn));
    // A session this tool opens keeps the server's own sql_mode: migrations replay as they deploy.
    assert.deepEqual(server.sqlMode, facts!.globalMode.split(',').filter(Boolean));
  });

  test('a hand-written migration naming a table after a built-in function (CREATE TABLE count) replays as `prisma migrate deploy` runs it: mysql2 adds no IGNORE_SPACE', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const server = await info();
    assert.ok(
      !server.sqlMode.includes('IGNORE_SPACE') ||
        (await mysqlQuery<{ mode: string }>('SELECT @@GLOBAL.sql_mode AS mode'))[0]!.mode.includes('IGNORE_SPACE'),
    );
    const sql =
      '-- Hand-written: unquoted names that are also built-in functions\nCREATE TABLE count (id INTEGER NOT NULL, position INTEGER NULL, PRIMARY KEY (id));\nINSERT INTO count (id, position) VALUES (1, 2);\n';
    const db = await createTestMysqlDatabase('function_names');
    try {
      const history: MigrationHistory = {
        directory: '/virtual/prisma/migrations',
        exists: true,
        withoutSql: [],
        lockfile: { file: 'prisma/migrations/migration_lock.toml', content: 'provider = "mysql"\n', provider: 'mysql', written: 'mysql' },
        migrations: [{ name: '20240501000000_counts', sql, file: 'prisma/migrations/20240501000000_counts/migration.sql', checksum: '' }],
      };
      assert.deepEqual(await replayMysqlMigrations(db.url, history), { applied: 1 });
      assert.deepEqual(await mysqlQuery('SELECT id, position FROM count', db.name), [{ id: 1, position: 2 }]);
    } finally {
      await db.drop();
    }
  });

  test("Prisma's MySQL SQL with native types, an enum and an implicit many-to-many table replays cleanly in the server's sql_mode", async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const server = await info();
    const history = await readMigrationHistory(NATIVE_TYPES);
    assert.deepEqual(
      history.migrations.map((migration) => migration.name),
      ['20240401000000_init', '20240402000000_slug_and_editor'],
    );
    const db = await createTestMysqlDatabase('native_types');
    try {
      assert.deepEqual(await replayMysqlMigrations(db.url, history), { applied: 2 });

      const tables = await mysqlQuery<{ name: string }>(
        `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${db.name}' ORDER BY TABLE_NAME`,
      );
      assert.deepEqual(
        tables.map((row) => row.name).sort(),
        ['_CategoryToPost', 'Category', 'Post', 'User'].map((name) => storedTableName(name, server)).sort(),
      );

      const columns = await mysqlQuery<{ tableName: string; name: string; columnType: string; dataType: string }>(
        `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, COLUMN_TYPE AS columnType, DATA_TYPE AS dataType FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${db.name}'`,
      );
      // MariaDB and MySQL 5.7 show integer display widths (int(10) unsigned), MySQL 8 does not.
      const type = (table: string, column: string) => {
        const found = columns.find((row) => row.tableName.toLowerCase() === table.toLowerCase() && row.name === column);
        assert.ok(found, `${table}.${column} exists`);
        return {
          columnType: found.columnType.replace(/^(tinyint|smallint|int|bigint)\(\d+\)/, '$1').replace(/\s+/g, ' '),
          dataType: found.dataType,
        };
      };
      assert.equal(type('User', 'handle').columnType, 'varchar(50)');
      assert.equal(type('User', 'bio').columnType, 'text');
      assert.equal(type('User', 'age').columnType, 'tinyint');
      assert.equal(type('User', 'loginCount').columnType, 'int unsigned');
      assert.equal(type('User', 'balance').columnType, 'decimal(10,2)');
      assert.equal(type('User', 'createdAt').columnType, 'datetime(3)');
      assert.equal(type('User', 'role').columnType, "enum('READER','AUTHOR','EDITOR','ADMIN')");
      assert.equal(type('Post', 'title').columnType, 'varchar(255)', 'the second migration widened it');
      assert.equal(type('Post', 'slug').columnType, 'varchar(100)');
      // JSON is a type of its own on MySQL, LONGTEXT with a json_valid() check on MariaDB.
      assert.equal(type('Post', 'metadata').dataType, server.flavor === 'mariadb' ? 'longtext' : 'json');

      const indexes = await mysqlQuery<{ name: string; nonUnique: number | string; columns: string }>(
        `SELECT INDEX_NAME AS name, MAX(NON_UNIQUE) AS nonUnique, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '${db.name}' AND TABLE_NAME = '${storedTableName('_CategoryToPost', server)}' GROUP BY INDEX_NAME ORDER BY INDEX_NAME`,
      );
      assert.deepEqual(
        indexes.map((row) => [row.name, Number(row.nonUnique), row.columns]),
        [
          ['_CategoryToPost_AB_unique', 0, 'A,B'],
          ['_CategoryToPost_B_index', 1, 'B'],
        ],
        "the implicit many-to-many table: a unique (A, B) and an index on B, no primary key (MySQL keeps Prisma 5's shape)",
      );
      const foreignKeys = await mysqlQuery<{ name: string; deleteRule: string; referenced: string }>(
        `SELECT CONSTRAINT_NAME AS name, DELETE_RULE AS deleteRule, REFERENCED_TABLE_NAME AS referenced FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '${db.name}'`,
      );
      assert.deepEqual(foreignKeys.map((row) => [row.name, row.deleteRule, row.referenced.toLowerCase()]).sort(), [
        ['Post_authorId_fkey', 'RESTRICT', 'user'],
        ['_CategoryToPost_A_fkey', 'CASCADE', 'category'],
        ['_CategoryToPost_B_fkey', 'CASCADE', 'post'],
      ]);
    } finally {
      await db.drop();
    }
  });
});
