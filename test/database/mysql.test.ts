/**
 * mysql2 outside the engine, against a real MySQL/MariaDB server (PSG_TEST_MYSQL_URL, default
 * 127.0.0.1:3306 root). Skipped with the reason when none answers; under CI=true that fails.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { connectMysql, serverInfo } from '../../src/database/mysql/connection.js';
import { MysqlMeasurements } from '../../src/database/mysql/measure.js';
import { MysqlLiveDatabase } from '../../src/database/mysql/live-database.js';
import { describeMysqlFailure, replayMysqlMigrations } from '../support/mysql-replay.js';
import { WholeDatabaseShadow, withWholeDatabaseFallback } from '../../src/database/mysql/whole-database.js';
import type { MigrationHistory } from '../../src/migrations/history.js';
import { MysqlUrlShadowServer } from '../../src/shadow/mysql-server-url.js';
import { UsageError } from '../../src/util/errors.js';
import {
  createTestMysqlDatabase,
  leftoverMysqlShadowDatabases,
  mysqlQuery,
  mysqlSkipReason,
  testMysqlUrl,
  withDatabase,
} from '../support/mysql.js';

function history(migrations: [string, string][]): MigrationHistory {
  return {
    directory: '/virtual/prisma/migrations',
    exists: true,
    lockfile: { file: 'prisma/migrations/migration_lock.toml', content: 'provider = "mysql"\n', provider: 'mysql', written: 'mysql' },
    withoutSql: [],
    migrations: migrations.map(([name, sql]) => ({ name, sql, file: `prisma/migrations/${name}/migration.sql`, checksum: '' })),
  };
}

const INIT = `-- CreateTable
CREATE TABLE \`User\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`email\` VARCHAR(191) NOT NULL,

    UNIQUE INDEX \`User_email_key\`(\`email\`),
    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
`;
const FAILING = `-- CreateTable
CREATE TABLE \`Tag\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`name\` VARCHAR(191) NOT NULL,

    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE \`Tag\` ADD CONSTRAINT \`Tag_postId_fkey\` FOREIGN KEY (\`postId\`) REFERENCES \`Post\`(\`id\`);
`;

let url: string | undefined;
beforeAll(async () => {
  url = await testMysqlUrl();
});

describe('MySQL/MariaDB through mysql2', () => {
  afterAll(async () => {
    if (url) assert.deepEqual(await leftoverMysqlShadowDatabases(), [], 'no shadow database is left behind');
  });

  test('server info: MariaDB or MySQL from VERSION(), lower_case_table_names, sql_mode', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const connection = await connectMysql(url, 'test');
    try {
      const info = await serverInfo(connection);
      const [rows] = await connection.query('SELECT VERSION() AS v');
      const version = (rows as { v: string }[])[0]!.v;
      assert.equal(info.version, version);
      assert.equal(info.flavor, /mariadb/i.test(version) ? 'mariadb' : 'mysql');
      assert.ok([0, 1, 2].includes(info.lowerCaseTableNames));
      assert.ok(Array.isArray(info.sqlMode));
    } finally {
      await connection.end();
    }
  });

  test('shadow lifecycle: replayed into a uniquely named database, dropped, nothing left', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const server = new MysqlUrlShadowServer(url, '--shadow-database-url');
    const database = await server.createDatabase();
    try {
      assert.match(database.name, /^psg_shadow_/);
      const result = await replayMysqlMigrations(database.url, history([['20240101000000_init', INIT]]));
      assert.deepEqual(result, { applied: 1 });
      const tables = await mysqlQuery<{ n: number }>(
        `SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database.name}'`,
      );
      assert.equal(Number(tables[0]!.n), 1);
    } finally {
      await server.dropDatabase(database);
      await server.close();
    }
    assert.deepEqual(await leftoverMysqlShadowDatabases(), []);
  });

  test("a failing migration: its folder, the statement, MySQL's error and its line; the half-applied shadow is still dropped", async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const server = new MysqlUrlShadowServer(url, '--shadow-database-url');
    const database = await server.createDatabase();
    try {
      const result = await replayMysqlMigrations(
        database.url,
        history([
          ['20240101000000_init', INIT],
          ['20240102000000_add_tags', FAILING],
        ]),
      );
      assert.equal(result.applied, 1);
      const failure = result.failure!;
      assert.equal(failure.migration.name, '20240102000000_add_tags');
      assert.equal(failure.queryNumber, 2);
      assert.equal(failure.line, 10);
      assert.match(failure.statement, /^ALTER TABLE `Tag` ADD CONSTRAINT `Tag_postId_fkey`/);
      assert.equal(failure.error.errno, 1072, failure.error.message);
      assert.match(failure.error.message, /Key column 'postId' doesn't exist in table/);
      const finding = describeMysqlFailure(failure);
      assert.equal(finding.kind, 'migration-failed');
      assert.equal(finding.file, 'prisma/migrations/20240102000000_add_tags/migration.sql');
      assert.equal(finding.line, 10);
      assert.equal(finding.databaseError?.code, '1072');
      assert.match(finding.excerpt!, /10 \| ALTER TABLE `Tag`/);
      // DDL is not transactional: the first statement of the failing migration stayed applied.
      const tables = await mysqlQuery<{ name: string }>(
        `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database.name}' ORDER BY 1`,
      );
      assert.deepEqual(
        tables.map((row) => row.name.toLowerCase()),
        ['tag', 'user'],
      );
    } finally {
      await server.dropDatabase(database);
      await server.close();
    }
    assert.deepEqual(await leftoverMysqlShadowDatabases(), [], 'the half-applied shadow is gone');
  });

  test('a syntax error is located on its own line inside a multi-line statement', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const server = new MysqlUrlShadowServer(url, '--shadow-database-url');
    const database = await server.createDatabase();
    try {
      const sql = 'CREATE TABLE `A` (\n    `id` INTEGER NOT NULL,\n    `x` INTEGER NOT NULL DEFAULT ,\n    PRIMARY KEY (`id`)\n);\n';
      const { failure } = await replayMysqlMigrations(database.url, history([['20240101000000_init', sql]]));
      assert.equal(failure!.error.errno, 1064);
      assert.equal(failure!.line, 3, failure!.error.message);
    } finally {
      await server.dropDatabase(database);
      await server.close();
    }
  });

  test('no CREATE DATABASE grant: said clearly; an empty whole database is used as-is and emptied afterwards', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const target = await createTestMysqlDatabase('whole');
    const user = { name: `psg_u_${process.pid}_${Math.random().toString(36).slice(2, 6)}`, password: 'Secret-psg-1' };
    await mysqlQuery(`CREATE USER '${user.name}'@'%' IDENTIFIED BY '${user.password}'`);
    try {
      await mysqlQuery(`GRANT ALL PRIVILEGES ON \`${target.name}\`.* TO '${user.name}'@'%'`);
      const userUrl = withDatabase(url, target.name, user);
      const serverOnly = new MysqlUrlShadowServer(withDatabase(url, '', user), '--shadow-database-url');
      await assert.rejects(
        serverOnly.createDatabase(),
        (error: unknown) =>
          error instanceof UsageError && /may not create databases/.test(error.message) && !error.message.includes(user.password),
      );

      const shadow = withWholeDatabaseFallback(
        new MysqlUrlShadowServer(userUrl, '--shadow-database-url'),
        userUrl,
        '--shadow-database-url',
      );
      const database = await shadow.createDatabase();
      assert.equal(database.name, target.name);
      assert.match(shadow.description, /whole database/);
      const result = await replayMysqlMigrations(
        database.url,
        history([
          ['20240101000000_init', INIT],
          ['20240102000000_add_tags', FAILING],
        ]),
      );
      assert.equal(result.failure?.queryNumber, 2);
      await shadow.dropDatabase(database);
      await shadow.close();
      const left = await mysqlQuery(`SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${target.name}'`);
      assert.deepEqual(left, [], 'the whole database is emptied again');

      await mysqlQuery('CREATE TABLE `keep` (id INT PRIMARY KEY)', target.name);
      await assert.rejects(
        new WholeDatabaseShadow(userUrl).createDatabase(),
        (error: unknown) => error instanceof UsageError && /is not empty \(keep\)/.test(error.message),
      );
      assert.equal(
        (await mysqlQuery(`SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${target.name}'`)).length,
        1,
        'a database with data is never touched',
      );
    } finally {
      await mysqlQuery(`DROP USER IF EXISTS '${user.name}'@'%'`);
      await target.drop();
    }
  });

  test('_prisma_migrations is read as Prisma writes it; a database without it gives null', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const db = await createTestMysqlDatabase('history');
    try {
      assert.deepEqual(await new MysqlLiveDatabase(db.url).readMigrationsTable(), { exists: false, tables: [] });
      // The table as Prisma's MySQL connector creates it.
      await mysqlQuery(
        `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at DATETIME(3), migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at DATETIME(3), started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
        db.name,
      );
      await mysqlQuery(
        `INSERT INTO _prisma_migrations VALUES ('a', '${'1'.repeat(64)}', '2024-01-01 00:00:01.000', '20240101000000_init', NULL, NULL, '2024-01-01 00:00:00.000', 1),
                                              ('b', '${'2'.repeat(64)}', NULL, '20240102000000_add_tags', 'Database error code: 1072', NULL, '2024-01-02 00:00:00.000', 0)`,
        db.name,
      );
      const table = await new MysqlLiveDatabase(db.url).readMigrationsTable();
      assert.ok(table.exists);
      const applied = table.rows;
      assert.deepEqual(
        applied.map((m) => [m.migrationName, m.finishedAt === null, m.appliedStepsCount, m.logs]),
        [
          ['20240101000000_init', false, 1, null],
          ['20240102000000_add_tags', true, 0, 'Database error code: 1072'],
        ],
      );
      assert.equal(applied[0]!.checksum, '1'.repeat(64));
      // DATETIME(3) as Prisma writes it (UTC), whatever this machine's time zone.
      assert.equal(applied[0]!.startedAt, '2024-01-01T00:00:00.000Z');
      assert.equal(applied[0]!.finishedAt, '2024-01-01T00:00:01.000Z');
    } finally {
      await db.drop();
    }
  });

  test('the measured counts: rows, non-NULLs, NULLs, duplicate groups, failed casts (read-only)', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const db = await createTestMysqlDatabase('measure');
    try {
      await mysqlQuery(
        'CREATE TABLE `User` (id INT PRIMARY KEY, email VARCHAR(191), name VARCHAR(50), age VARCHAR(20), meta TEXT)',
        db.name,
      );
      await mysqlQuery(
        `INSERT INTO \`User\` VALUES (1, 'a@x', 'Ann', '31', '{"a":1}'), (2, 'a@x', NULL, 'thirty', '{bad'), (3, 'b@x', 'Bo', '-4', NULL), (4, 'b@x', NULL, ' 7 ', '[]'), (5, NULL, 'Cy', '1.5', '{}'), (6, NULL, 'Di', NULL, NULL)`,
        db.name,
      );
      const measure = await MysqlMeasurements.open(db.url);
      try {
        assert.equal(measure.info.flavor === 'mariadb' || measure.info.flavor === 'mysql', true);
        assert.equal(await measure.rowCount('User'), 6);
        assert.equal(await measure.nonNullCount('User', 'name'), 4);
        assert.equal(await measure.nullCount('User', 'name'), 2);
        assert.deepEqual(await measure.duplicateGroups('User', ['email']), { groups: 2, rows: 4 });
        assert.equal(await measure.failedCasts('User', 'age', { kind: 'integer' }), 2, "'thirty' and '1.5'");
        assert.equal(await measure.failedCasts('User', 'age', { kind: 'decimal', precision: 5, scale: 1 }), 1, "'thirty'");
        assert.equal(await measure.failedCasts('User', 'meta', { kind: 'json' }), 1);
        assert.equal(await measure.failedCasts('User', 'email', { kind: 'varchar', length: 2 }), 4);
        await assert.rejects(async () => {
          // The session is read-only: a write is refused by the server.
          const connection = (measure as unknown as { connection: { query(sql: string): Promise<unknown> } }).connection;
          await connection.query('DELETE FROM `User`');
        }, /READ ONLY|read-only|read only/i);
      } finally {
        await measure.close();
      }
      assert.equal(Number((await mysqlQuery<{ n: number }>('SELECT COUNT(*) AS n FROM `User`', db.name))[0]!.n), 6);
    } finally {
      await db.drop();
    }
  });
});
