/**
 * A MySQL/MariaDB server that stores table names in lowercase (`lower_case_table_names=1`, as on
 * Windows and on servers set up to match one): a throwaway server from the machine's own binaries
 * (src/shadow/mysql-local.ts) started with that setting. Prisma's `CREATE TABLE \`Post\`` makes a
 * table `post` there; replay, counts and the `_prisma_migrations` read must still work.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { connectMysql, serverInfo, storedTableName, type MysqlServerInfo } from '../../src/database/mysql/connection.js';
import { MysqlLiveDatabase } from '../../src/database/mysql/live-database.js';
import { MysqlMeasurements } from '../../src/database/mysql/measure.js';
import { replayMysqlMigrations } from '../support/mysql-replay.js';
import { readMigrationHistory } from '../../src/migrations/history.js';
import { findMysqlBinaries, LocalMysqlServer } from '../../src/shadow/mysql-local.js';
import type { ShadowDatabase } from '../../src/shadow/shadow.js';
import { repoRoot } from '../support/paths.js';
import { mysqlQuery, skipUnlessCi } from '../shadow/helpers.js';

const NATIVE_TYPES = join(repoRoot, 'test', 'fixtures', 'mysql-native-types', 'prisma', 'migrations');
/** Prisma's MySQL DDL for its migrations table (always written in lowercase). */
const PRISMA_MIGRATIONS_DDL =
  'CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at DATETIME(3), migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at DATETIME(3), started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

describe('lower_case_table_names=1 on a real server', () => {
  let server: LocalMysqlServer | undefined;
  let database: ShadowDatabase;
  let info: MysqlServerInfo;
  let skipReason = '';

  beforeAll(async () => {
    if (!findMysqlBinaries()) {
      skipReason = skipUnlessCi('no mysqld or mariadbd on this machine');
      return;
    }
    // MySQL 8 takes the setting only when the data directory is initialised; MariaDB at start-up too.
    server = await LocalMysqlServer.start({ serverOptions: ['--lower-case-table-names=1'] });
    database = await server.createDatabase();
    const connection = await connectMysql(database.url, 'test');
    try {
      info = await serverInfo(connection);
    } finally {
      await connection.end();
    }
  });
  afterAll(async () => {
    if (!server) return;
    const folder = server.folder;
    await server.close();
    assert.equal(existsSync(folder), false, 'the throwaway server and its data are gone');
  });

  test("serverInfo reports 1, and Prisma's mixed-case tables are stored under storedTableName()", async (t) => {
    if (!server) return t.skip(skipReason);
    assert.equal(info.lowerCaseTableNames, 1);
    assert.equal(info.flavor, /mariadb/i.test(info.version) ? 'mariadb' : 'mysql');
    assert.deepEqual(await replayMysqlMigrations(database.url, await readMigrationHistory(NATIVE_TYPES)), { applied: 2 });
    const tables = await mysqlQuery<{ name: string }>(
      server.url,
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database.name}'`,
    );
    const written = ['_CategoryToPost', 'Category', 'Post', 'User'];
    assert.deepEqual(tables.map((row) => row.name).sort(), ['_categorytopost', 'category', 'post', 'user']);
    assert.deepEqual(written.map((name) => storedTableName(name, info)).sort(), tables.map((row) => row.name).sort());
    const indexes = await mysqlQuery<{ name: string }>(
      server.url,
      `SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '${database.name}' AND TABLE_NAME = '_categorytopost' ORDER BY 1`,
    );
    assert.deepEqual(
      indexes.map((row) => row.name),
      ['_CategoryToPost_AB_unique', '_CategoryToPost_B_index'],
      'index names keep their case',
    );
  });

  test('counts for the data-loss plan find `Post` under its stored name', async (t) => {
    if (!server) return t.skip(skipReason);
    await mysqlQuery(database.url, "INSERT INTO `User` (`id`, `email`, `handle`, `balance`) VALUES (1, 'ada@example.com', 'ada', 0)");
    await mysqlQuery(
      database.url,
      "INSERT INTO `Post` (`title`, `body`, `updatedAt`, `authorId`) VALUES ('a', 'x', NOW(3), 1), ('b', 'y', NOW(3), 1)",
    );
    const measurements = await MysqlMeasurements.open(database.url, 'test');
    try {
      assert.equal(measurements.info.lowerCaseTableNames, 1);
      assert.equal(await measurements.rowCount('Post'), 2);
      assert.equal(await measurements.nonNullCount('Post', 'title'), 2);
    } finally {
      await measurements.close();
    }
  });

  test('`_prisma_migrations` is read there: absent (the tables listed as stored), then its rows', async (t) => {
    if (!server) return t.skip(skipReason);
    const live = new MysqlLiveDatabase(database.url, 'test');
    const before = await live.readMigrationsTable();
    assert.equal(before.exists, false);
    assert.deepEqual(!before.exists && [...before.tables].sort(), ['_categorytopost', 'category', 'post', 'user']);
    await mysqlQuery(database.url, PRISMA_MIGRATIONS_DDL);
    await mysqlQuery(
      database.url,
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES
         ('a', '${'1'.repeat(64)}', '2024-04-01 00:00:01.000', '20240401000000_init', NULL, NULL, '2024-04-01 00:00:00.000', 1),
         ('b', '${'2'.repeat(64)}', '2024-04-02 00:00:01.000', '20240402000000_slug_and_editor', NULL, NULL, '2024-04-02 00:00:00.000', 1)`,
    );
    const table = await live.readMigrationsTable();
    assert.ok(table.exists);
    assert.deepEqual(
      table.rows.map((row) => [row.migrationName, row.finishedAt, row.appliedStepsCount]),
      [
        ['20240401000000_init', '2024-04-01T00:00:01.000Z', 1],
        ['20240402000000_slug_and_editor', '2024-04-02T00:00:01.000Z', 1],
      ],
    );
  });
});
