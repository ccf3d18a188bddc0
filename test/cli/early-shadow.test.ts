import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { earlyShadowServer } from '../../src/cli/early-shadow.js';
import { createShadowDatabaseEarly, UrlShadowServer } from '../../src/shadow/server-url.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';
import { CLI_ENTRY_ARGS } from '../support/entries.js';

const blog = join(repoRoot, 'examples', 'blog');
const sqliteBlog = join(repoRoot, 'test', 'fixtures', 'sqlite-blog');
const PG = 'postgresql://app@db.example:5432/postgres';

describe("the CLI starts a check's shadow database before the rest of it has loaded", () => {
  afterAll(async () => assert.deepEqual(await leftoverShadowDatabases(), []));

  test('only a check with a PostgreSQL server URL, resolved as check resolves its flags and variables', () => {
    assert.deepEqual(earlyShadowServer(['check', '--shadow-database-url', PG], {}), { url: PG, inputName: '--shadow-database-url' });
    assert.deepEqual(earlyShadowServer(['check', `--shadow-database-url=${PG}`, '--schema', 'x/schema.prisma', '--json'], {}), {
      url: PG,
      inputName: '--shadow-database-url',
    });
    assert.deepEqual(earlyShadowServer(['check', '--shadow-database', PG], {}), { url: PG, inputName: '--shadow-database' });
    assert.deepEqual(earlyShadowServer(['check'], { PSG_SHADOW_DATABASE_URL: PG }), { url: PG, inputName: '--shadow-database-url' });
    assert.deepEqual(earlyShadowServer(['check'], { PSG_SHADOW_DATABASE: PG }), { url: PG, inputName: '--shadow-database' });
    assert.deepEqual(earlyShadowServer(['check', '--shadow-database', 'auto'], { PSG_SHADOW_DATABASE_URL: PG }), {
      url: PG,
      inputName: '--shadow-database-url',
    });
    assert.deepEqual(earlyShadowServer(['--json', 'check', '--shadow-database-url', PG], {}), {
      url: PG,
      inputName: '--shadow-database-url',
    });
    // Options before the command: the URL is an option's value, not the command.
    assert.deepEqual(earlyShadowServer(['--shadow-database-url', PG, 'check'], {}), { url: PG, inputName: '--shadow-database-url' });
    assert.deepEqual(earlyShadowServer(['--schema', 'x/schema.prisma', 'check', '--shadow-database', PG], {}), {
      url: PG,
      inputName: '--shadow-database',
    });
    for (const [argv, env] of [
      [['drift', '--shadow-database-url', PG], {}],
      [['check', '--help', '--shadow-database-url', PG], {}],
      [['check', '-v', '--shadow-database-url', PG], {}],
      [['--shadow-database-url', PG], {}], // no command: help
      [['check', '--shadow-database-url', 'mysql://root@127.0.0.1:3306/'], {}],
      [['check', '--shadow-database', 'embedded'], {}],
      [['check', '--shadow-database', 'docker', '--shadow-database-url', PG], {}], // a contradiction: check reports it
      [['check'], {}],
    ] as const) {
      assert.equal(earlyShadowServer([...argv], env), undefined, argv.join(' '));
    }
  });

  test('the first server on the URL that creates a shadow takes the early one; release then leaves it to that server', async () => {
    const url = await testPostgresUrl();
    const early = createShadowDatabaseEarly(url, '--shadow-database-url');
    const server = new UrlShadowServer(url, '--shadow-database-url');
    const database = await server.createDatabase();
    assert.deepEqual(await leftoverShadowDatabases(), [database.name], 'one database: the early one, taken');
    await early.release();
    assert.deepEqual(await leftoverShadowDatabases(), [database.name], 'release does not drop a database a check took');
    const second = await server.createDatabase();
    assert.notEqual(second.name, database.name, 'a second shadow is created as usual');
    await server.close();
    assert.deepEqual(await leftoverShadowDatabases(), [], 'the server that took it drops it');
  });

  test("a database nobody takes is dropped by release; a creation that failed is the taker's error", async () => {
    const url = await testPostgresUrl();
    const early = createShadowDatabaseEarly(url, '--shadow-database-url');
    await early.release();
    assert.deepEqual(await leftoverShadowDatabases(), []);

    const unreachable = 'postgresql://app:hunter2@127.0.0.1:1/postgres';
    const failed = createShadowDatabaseEarly(unreachable, '--shadow-database');
    await assert.rejects(
      new UrlShadowServer(unreachable, '--shadow-database').createDatabase(),
      /--shadow-database: could not connect to the PostgreSQL server at 127\.0\.0\.1:1/,
    );
    await failed.release();
  });

  test('from a process: a check takes it, and a run that never reaches the server leaves nothing', async () => {
    const url = await testPostgresUrl();
    const run = (args: string[], cwd = blog) =>
      spawnSync(process.execPath, [...CLI_ENTRY_ARGS, ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, PSG_SHADOW_DATABASE_URL: '', PSG_SHADOW_DATABASE: '' },
      });

    const ok = run(['check', '--json', '--shadow-database-url', url]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).verdict, 'in-sync');
    assert.deepEqual(await leftoverShadowDatabases(ok.pid!), []);

    const missing = run(['check', '--schema', 'nowhere/schema.prisma', '--shadow-database-url', url]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /--schema/);
    assert.deepEqual(
      await leftoverShadowDatabases(missing.pid!),
      [],
      'the early database is dropped when the check fails before its server',
    );

    // A SQLite schema needs no server: the early database goes unused and is dropped.
    const sqlite = run(['check', '--json', '--shadow-database-url', url], sqliteBlog);
    assert.equal(sqlite.status, 0, sqlite.stderr);
    assert.equal(JSON.parse(sqlite.stdout).provider, 'sqlite');
    assert.deepEqual(await leftoverShadowDatabases(sqlite.pid!), []);
  });
});
