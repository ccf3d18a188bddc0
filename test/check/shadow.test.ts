import assert from 'node:assert/strict';
import { afterAll, describe, test } from 'vitest';
import { join } from 'node:path';
import pg from 'pg';
import { UrlShadowServer } from '../../src/shadow/server-url.js';
import { cli } from '../support/cli.js';
import { createTestDatabase, leftoverShadowDatabases, query, testPostgresUrl } from '../support/postgres.js';
import { leftoverDataDirectories, leftoverServerProcesses } from '../support/processes.js';
import { repoRoot } from '../support/paths.js';
import { createLiveDatabase, deploy } from '../drift/live.js';

const blog = join(repoRoot, 'examples', 'blog');

describe('check: where the shadow database comes from', () => {
  afterAll(async () => {
    assert.deepEqual(await leftoverShadowDatabases(), []);
    assert.deepEqual(leftoverServerProcesses(), []);
    assert.deepEqual(leftoverDataDirectories(), []);
  });

  test('an unreachable shadow URL: exit 1, a clear error naming the flag, no password, no stack trace', async () => {
    const run = await cli(['check', '--shadow-database-url', 'postgresql://app:hunter2secret@127.0.0.1:1/postgres'], { cwd: blog });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--shadow-database-url: could not connect to the PostgreSQL server at 127\.0\.0\.1:1: connection refused/);
    assert.doesNotMatch(run.stderr + run.stdout, /hunter2secret/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    const json = await cli(['check', '--json', '--shadow-database-url', 'postgresql://app:hunter2secret@127.0.0.1:1/postgres'], {
      cwd: blog,
    });
    assert.equal(json.code, 1);
    const result = JSON.parse(json.stdout);
    assert.equal(result.verdict, 'error');
    assert.doesNotMatch(json.stdout, /hunter2secret/);
  });

  test('a URL that is not PostgreSQL is refused with the format expected', async () => {
    const run = await cli(['check', '--shadow-database-url', 'mysql://root@127.0.0.1:3306/x'], { cwd: blog });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /expected a PostgreSQL URL \(postgresql:\/\/USER@HOST:5432\/postgres.*got a mysql: URL/);
  });

  test("the shadow URL's own database is never written to", async () => {
    const own = await createTestDatabase('own');
    try {
      await query("CREATE TABLE keep (id int primary key, note text); INSERT INTO keep VALUES (1, 'untouched')", own.name);
      const snapshot = () =>
        query(
          `SELECT c.relname, c.relkind, a.attname FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
               WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1, 3`,
          own.name,
        );
      const before = await snapshot();
      const run = await cli(['check', '--shadow-database-url', own.url], { cwd: join(repoRoot, 'test', 'fixtures', 'sql-error') });
      assert.equal(run.code, 2, 'a failing migration on the way');
      assert.deepEqual(await snapshot(), before);
      assert.deepEqual(await query('SELECT * FROM keep', own.name), [{ id: 1, note: 'untouched' }]);
    } finally {
      await own.drop();
    }
  });

  test('a role that may not create databases: exit 1 with the GRANT to give, not what it did to the engine started meanwhile', async () => {
    const role = `psg_nocreatedb_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await query(`CREATE ROLE "${role}" LOGIN PASSWORD 'hunter2secret' NOCREATEDB NOSUPERUSER`);
    // drift replays the applied history into a shadow too: a live database with the blog deployed.
    const live = await createLiveDatabase('nocreatedb');
    try {
      await deploy(live, join(blog, 'prisma', 'migrations'));
      const url = new URL(await testPostgresUrl());
      url.username = role;
      url.password = 'hunter2secret';
      for (const [command, extra] of [
        ['check', []],
        ['drift', ['--database-url', live.url]],
      ] as const) {
        const cwd = blog;
        const run = await cli([command, '--shadow-database-url', url.toString(), ...extra], { cwd });
        assert.equal(run.code, 1, `${command}: ${run.stderr}`);
        assert.match(
          run.stderr,
          new RegExp(`--shadow-database-url: the role "${role}" may not create databases on 127\\.0\\.0\\.1:\\d+`),
          command,
        );
        assert.match(run.stderr, /Grant it CREATEDB/, command);
        assert.doesNotMatch(run.stderr, /hunter2secret|External error|adapter failed/, command);
      }
    } finally {
      await live.drop();
      await query(`DROP ROLE IF EXISTS "${role}"`);
    }
  });

  test('a shadow database on a URL server does not wait for the disk at commit, and is gone after', async () => {
    const server = new UrlShadowServer(await testPostgresUrl(), '--shadow-database-url');
    const database = await server.createDatabase();
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        assert.equal((await client.query('SHOW synchronous_commit')).rows[0].synchronous_commit, 'off');
      } finally {
        await client.end();
      }
    } finally {
      await server.dropDatabase(database);
    }
    assert.deepEqual(await query(`SELECT 1 FROM pg_database WHERE datname = '${database.name}'`), []);
    assert.equal(
      (await query<{ synchronous_commit: string }>('SHOW synchronous_commit'))[0]!.synchronous_commit,
      'on',
      "the server's own setting is untouched",
    );
  });

  test('no shadow URL: a throwaway PostgreSQL server is started and removed (no configuration, no Docker)', async () => {
    await testPostgresUrl();
    const run = await cli(['check', '--json'], { cwd: blog });
    assert.equal(run.code, 0, run.stdout);
    const result = JSON.parse(run.stdout);
    assert.equal(result.verdict, 'in-sync');
    // `auto` takes the machine's own PostgreSQL binaries when there are some, else the embedded package.
    assert.ok(['local', 'embedded'].includes(result.shadow.kind), result.shadow.kind);
    assert.deepEqual(leftoverServerProcesses(), []);
    assert.deepEqual(leftoverDataDirectories(), []);
  });
});
