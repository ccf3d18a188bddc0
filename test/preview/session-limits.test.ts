/**
 * Sessions on a database the user hands over give up: `lock_timeout` (default 10 s) on a preview
 * database whose table another session has locked, `statement_timeout` when set; drift's read-only
 * sessions carry both.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { afterAll, describe, test } from 'vitest';
import { poolConfig, withSessionLimits } from '../../src/database/postgres/connection.js';
import { PostgresLiveDatabase } from '../../src/database/postgres/live-database.js';
import { applyMysqlSessionLimits, connectMysql } from '../../src/database/mysql/connection.js';
import { cli } from '../support/cli.js';
import { mysqlSkipReason, testMysqlUrl } from '../support/mysql.js';
import { createTestDatabase, leftoverShadowDatabases } from '../support/postgres.js';
import { copyBlog, type BlogCopy } from './blog.js';

describe('session limits on handed-over databases', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  async function blogDatabase(): Promise<{ url: string; blog: BlogCopy }> {
    const database = await createTestDatabase('session_limits');
    cleanups.push(database.drop);
    const blog = await copyBlog();
    cleanups.push(blog.remove);
    const first = await cli(['preview', '--schema', 'prisma/schema.prisma', '--database-url', database.url, '--json'], { cwd: blog.dir });
    assert.equal(first.code, 0, first.stderr);
    return { url: database.url, blog };
  }

  test('preview: a table locked by another session is waited for only --lock-timeout, and the error says so', async () => {
    const { url, blog } = await blogDatabase();
    await blog.edit('  content   String?', '  content   String?\n  subtitle  String?');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE "Post" IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const run = await cli(['preview', '--schema', 'prisma/schema.prisma', '--database-url', url, '--lock-timeout', '1s'], {
      cwd: blog.dir,
    });
    const ms = Date.now() - started;
    await holder.query('ROLLBACK');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(ms < 8_000, `gave up after the lock timeout, not the default (${ms} ms)`);
    assert.match(
      run.stderr,
      /canceling statement due to lock timeout\nAnother session holds a lock on a table the push changes .* raise --lock-timeout/,
    );
    // Once the lock is gone the same push applies.
    const again = await cli(['preview', '--schema', 'prisma/schema.prisma', '--database-url', url, '--json'], { cwd: blog.dir });
    assert.equal(JSON.parse(again.stdout).verdict, 'applied', again.stdout);
  });

  test('MySQL/MariaDB: our own sessions get lock_wait_timeout and the statement limit the server has', async (t) => {
    const url = await testMysqlUrl();
    if (!url) return t.skip(mysqlSkipReason);
    const connection = await connectMysql(url, '--database-url');
    try {
      await applyMysqlSessionLimits(connection, { statementTimeoutMs: 30_000, lockTimeoutMs: 2_000 });
      const [rows] = await connection.query('SELECT @@SESSION.lock_wait_timeout AS lockWait, @@SESSION.innodb_lock_wait_timeout AS innodb');
      assert.deepEqual({ ...(rows as Array<Record<string, unknown>>)[0] }, { lockWait: 2, innodb: 2 });
      const [limit] = await connection
        .query('SELECT @@SESSION.max_statement_time AS seconds')
        .catch(() => connection.query('SELECT @@SESSION.max_execution_time AS seconds'));
      assert.ok([30, 30_000].includes(Number((limit as Array<{ seconds: unknown }>)[0]!.seconds)), JSON.stringify(limit));
    } finally {
      await connection.end();
    }
  });

  test("drift's read-only sessions and a limited URL carry the settings; a wrong duration is named", async () => {
    const database = await createTestDatabase('session_limits_drift');
    cleanups.push(database.drop);
    const live = new PostgresLiveDatabase(database.url, '--database-url', { statementTimeoutMs: 30_000, lockTimeoutMs: 2_000 });
    const client = new pg.Client(poolConfig(live.engineUrl));
    await client.connect();
    try {
      const settings = await client.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('statement_timeout', 'lock_timeout', 'default_transaction_read_only') ORDER BY name`,
      );
      assert.deepEqual(
        settings.rows.map((row) => `${row.name}=${row.setting}`),
        ['default_transaction_read_only=on', 'lock_timeout=2000', 'statement_timeout=30000'],
      );
    } finally {
      await client.end();
    }
    assert.equal(withSessionLimits(database.url, undefined), database.url, 'no limits: the URL as given');
    const wrong = await cli(['drift', '--database-url', database.url, '--lock-timeout', 'soon']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /--lock-timeout: "soon" is not a duration/);
  });
});
