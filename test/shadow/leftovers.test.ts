import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { dockerContainerOptions, LABEL_RUN, sweepLeftoverContainers } from '../../src/shadow/docker.js';
import { EmbeddedShadowServer } from '../../src/shadow/embedded.js';
import { sweepLeftoverFolders } from '../../src/shadow/leftovers.js';
import { findMysqlBinaries, LocalMysqlServer } from '../../src/shadow/mysql-local.js';
import { MysqlUrlShadowServer } from '../../src/shadow/mysql-server-url.js';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { provisionShadowServer } from '../../src/shadow/provision.js';
import { OWNER_FILE } from '../../src/shadow/server-process.js';
import { UrlShadowServer } from '../../src/shadow/server-url.js';
import { shadowDatabaseName } from '../../src/shadow/shadow.js';
import { dockerSkipReason, mysqlQuery, pgAnswers, pgQuery, privateTmpdir, skipUnlessCi } from './helpers.js';

const tmp = privateTmpdir('leftovers');
const HOUR = 60 * 60 * 1000;
const twoHoursAgo = () => new Date(Date.now() - 2 * HOUR);

/** The pid of a process that has exited (a killed run's). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function fakeFolder(name: string, owner: number, age: number): string {
  const path = join(tmp, name);
  mkdirSync(join(path, 'data'), { recursive: true });
  writeFileSync(join(path, OWNER_FILE), `${owner}\n`);
  const when = new Date(Date.now() - age);
  utimesSync(join(path, OWNER_FILE), when, when);
  return path;
}

describe('a later run removes what a killed run left behind', () => {
  test('shadow databases older than an hour on a PostgreSQL server; young ones and other databases stay', async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const server = await EmbeddedShadowServer.startLocal();
    try {
      const old = shadowDatabaseName(twoHoursAgo());
      const young = shadowDatabaseName();
      for (const name of [old, young, 'psg_shadow_notastamp', 'app']) await pgQuery(server.url, `CREATE DATABASE "${name}"`);
      const lines: string[] = [];
      const shadow = await provisionShadowServer({ source: { kind: 'url', url: server.url }, log: (line) => lines.push(line) });
      assert.equal(shadow.kind, 'url');
      await shadow.close(); // the sweep runs beside the run's own work; closing waits for it
      const names = (await pgQuery<{ datname: string }>(server.url, 'SELECT datname FROM pg_database')).map((row) => row.datname);
      assert.ok(!names.includes(old), 'the old shadow database is dropped');
      for (const kept of [young, 'psg_shadow_notastamp', 'app']) assert.ok(names.includes(kept), `${kept} stays`);
      assert.match(lines.join('\n'), new RegExp(`Dropped 1 shadow database\\(s\\) a killed run left .*${old}`));
      assert.deepEqual(await new UrlShadowServer(server.url).sweepLeftovers(), [], 'nothing more to sweep');
    } finally {
      await server.close();
    }
  });

  test('shadow databases older than an hour on a MySQL server', async (t) => {
    if (!findMysqlBinaries()) return t.skip(skipUnlessCi('no mysqld or mariadbd on this machine'));
    const server = await LocalMysqlServer.start();
    try {
      const old = shadowDatabaseName(twoHoursAgo());
      const young = shadowDatabaseName();
      for (const name of [old, young]) await mysqlQuery(server.url, `CREATE DATABASE \`${name}\``);
      assert.deepEqual(await new MysqlUrlShadowServer(server.url).sweepLeftovers(), [old]);
      const names = (await mysqlQuery<{ name: string }>(server.url, 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA')).map(
        (row) => row.name,
      );
      assert.ok(names.includes(young) && !names.includes(old));
    } finally {
      await server.close();
    }
  });

  test('server folders: removed when old and their owner is gone; kept while young or owned by a live process', async () => {
    const sleeper = spawn('sleep', ['60']);
    try {
      const abandoned = fakeFolder('psg_shadow_embedded_abandoned', deadPid(), 2 * HOUR);
      const abandonedMysql = fakeFolder('psg_shadow_mysql_abandoned', deadPid(), 2 * HOUR);
      const young = fakeFolder('psg_shadow_embedded_young', deadPid(), 10 * 60 * 1000);
      const running = fakeFolder('psg_shadow_embedded_running', sleeper.pid!, 2 * HOUR);
      const other = join(tmp, 'not-ours');
      mkdirSync(other);
      const swept = await sweepLeftoverFolders();
      assert.deepEqual(swept.removed.sort(), [abandoned, abandonedMysql].sort());
      assert.equal(existsSync(abandoned), false);
      assert.equal(existsSync(young), true);
      assert.equal(existsSync(running), true);
      assert.equal(existsSync(other), true);
      for (const path of [young, running, other]) spawnSync('rm', ['-rf', path]);
    } finally {
      sleeper.kill();
    }
  });

  test('a server still running in an abandoned folder is stopped, then its folder removed', async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const server = await EmbeddedShadowServer.startLocal();
    try {
      // What a SIGKILLed run leaves: the server orphaned, its owner gone, an hour later.
      writeFileSync(join(server.folder, OWNER_FILE), `${deadPid()}\n`);
      const when = twoHoursAgo();
      utimesSync(join(server.folder, OWNER_FILE), when, when);
      const swept = await sweepLeftoverFolders();
      assert.deepEqual(swept.removed, [server.folder]);
      assert.equal(swept.stoppedServers.length, 1);
      assert.equal(await pgAnswers(server.url), false, 'the orphaned server is stopped');
      assert.equal(existsSync(server.folder), false);
    } finally {
      await server.close();
    }
  });

  test('containers labelled by this tool older than an hour are removed; young ones stay', { timeout: 120_000 }, async (t) => {
    const skip = await dockerSkipReason();
    if (skip) return t.skip(skip);
    const { getContainerRuntimeClient } = await import('testcontainers');
    const dockerode = (await getContainerRuntimeClient()).container.dockerode;
    const create = async (when: Date) => {
      const spec = dockerContainerOptions('postgresql', 'postgres:15', undefined, when);
      await dockerode.createContainer({
        Image: spec.image,
        name: spec.name,
        Labels: spec.labels,
        Env: Object.entries(spec.environment).map(([k, v]) => `${k}=${v}`),
      });
      return spec;
    };
    const old = await create(twoHoursAgo());
    const young = await create(new Date());
    try {
      const removed = await sweepLeftoverContainers();
      assert.ok(removed.includes(old.name), `removed: ${removed.join(', ')}`);
      assert.ok(!removed.includes(young.name));
      const left = await dockerode.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${young.labels[LABEL_RUN]}`] } });
      assert.equal(left.length, 1, 'the young container stays');
    } finally {
      for (const spec of [old, young])
        await dockerode
          .getContainer(spec.name)
          .remove({ force: true })
          .catch(() => undefined);
    }
  });
});
