import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { pendingCleanups } from '../../src/lifecycle/cleanup.js';
import { findMysqlBinaries } from '../../src/shadow/mysql-local.js';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { provisionShadowServer, type Candidate } from '../../src/shadow/provision.js';
import type { ShadowProvider } from '../../src/shadow/shadow.js';
import { UsageError } from '../../src/util/errors.js';
import { openShadowServer } from '../../src/wiring.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { testPostgresUrl } from '../support/postgres.js';
import { privateTmpdir, skipUnlessCi } from './helpers.js';

privateTmpdir('provision');
const fixture = join(repoRoot, 'test', 'fixtures', 'blog-missing-migration');

async function* order(...candidates: Candidate[]): AsyncGenerator<Candidate> {
  yield* candidates;
}

describe('auto: the fastest available source, said in the log', () => {
  test('PostgreSQL installed here: local is chosen, with the reason and the start-up time', async (t) => {
    const system = binariesFromSystem();
    if (!system) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const lines: string[] = [];
    const debug: string[] = [];
    const server = await openShadowServer({
      inputName: '--shadow-database-url',
      log: (line) => lines.push(line),
      debug: (line) => debug.push(line),
    });
    try {
      assert.equal(server.kind, 'local');
      // The description is one line, named once (in the result); the reason goes to the debug log.
      assert.match(server.description, /^local PostgreSQL \d+ \(\/\S+\), port \d+$/);
      assert.ok(!lines.some((line) => line.includes(server.description)), 'the progress log does not repeat the description');
      assert.match(
        debug.join('\n'),
        /Shadow server: local PostgreSQL \d+ .*\(auto chose local: PostgreSQL \d+ is installed here .*the fastest start; binaries: PostgreSQL \d+ installed on this machine .*; started in \d+ ms\)/,
      );
    } finally {
      await server.close();
    }
  });

  test('a URL given: it is used, nothing is started', async () => {
    const url = await testPostgresUrl();
    const server = await openShadowServer({ shadowDatabaseUrl: url, inputName: '--shadow-database-url', log: () => undefined });
    assert.equal(server.kind, 'url');
    assert.equal(server.startupMs, 0);
    await server.close();
  });

  test('a source that cannot start says why, and auto falls through to the next', async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const lines: string[] = [];
    const server = await provisionShadowServer({
      source: { kind: 'auto' },
      log: (line) => lines.push(line),
      debug: (line) => lines.push(line),
      candidates: () =>
        order(
          { source: { kind: 'docker' }, skip: 'Docker is not reachable (test)' },
          { source: { kind: 'local', major: '7' }, why: 'test' },
          { source: { kind: 'local' }, why: 'the next one' },
        ),
    });
    try {
      assert.equal(server.kind, 'local');
      const log = lines.join('\n');
      assert.match(log, /local could not start \(No PostgreSQL 7 server binaries .*\); trying the next source/);
      assert.match(
        log,
        /auto chose local: the next one; .*not available: docker: Docker is not reachable \(test\); local: No PostgreSQL 7/,
      );
    } finally {
      await server.close();
    }
  });

  test('MySQL with nothing available: a clear error that lists the options', async () => {
    const attempt = provisionShadowServer({
      source: { kind: 'auto' },
      provider: 'mysql',
      log: () => undefined,
      candidates: (provider: ShadowProvider) =>
        order(
          { source: { kind: 'local' }, skip: `no mysqld or mariadbd on this machine (${provider})` },
          { source: { kind: 'docker' }, skip: 'Docker is not reachable' },
        ),
    });
    await assert.rejects(attempt, (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(
        error.message,
        /No shadow database for MySQL could be provided \(local: no mysqld or mariadbd on this machine \(mysql\); docker: Docker is not reachable\)/,
      );
      assert.match(error.fix ?? '', /a MySQL server URL \(shadow-database-url\), docker .* or local \(mysqld or mariadbd installed\)/);
      return true;
    });
  });

  test('MySQL: auto starts the local mysqld/mariadbd', async (t) => {
    if (!findMysqlBinaries()) return t.skip(skipUnlessCi('no mysqld or mariadbd on this machine'));
    const lines: string[] = [];
    const server = await openShadowServer(
      { inputName: '--shadow-database-url', log: (line) => lines.push(line), debug: (line) => lines.push(line) },
      'mysql',
    );
    try {
      assert.equal(server.kind, 'local');
      assert.match(lines.join('\n'), /auto chose local: (mariadb|mysql) \S+ is installed here/);
    } finally {
      await server.close();
    }
  });

  test('embedded for MySQL is refused with the alternatives', async () => {
    await assert.rejects(
      provisionShadowServer({ source: { kind: 'embedded' }, provider: 'mysql', log: () => undefined }),
      /There is no embedded MySQL server/,
    );
  });
});

describe('check --shadow-database', () => {
  test('local: the JSON report names the source', async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const run = await cli(['check', '--json', '--shadow-database', 'local'], { cwd: fixture });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.verdict, 'missing-migration');
    assert.equal(result.shadow.kind, 'local');
    assert.ok(result.timings.shadowStartMs > 0);
  });

  test('PSG_SHADOW_DATABASE is read like the flag', async () => {
    const run = await cli(['check'], { cwd: fixture, env: { PSG_SHADOW_DATABASE: 'embedded:99' } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--shadow-database: expected embedded or embedded:<PostgreSQL major>/);
  });

  test('a source and a different URL at once: exit 1, both flags named, no password shown', async () => {
    const run = await cli(
      ['check', '--shadow-database', 'docker', '--shadow-database-url', 'postgresql://u:hunter2secret@127.0.0.1:1/postgres'],
      { cwd: fixture },
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--shadow-database and --shadow-database-url are both set and disagree/);
    assert.doesNotMatch(run.stderr, /hunter2secret/);
  });

  test('a URL in --shadow-database is never printed with its password', async () => {
    const run = await cli(['check', '--shadow-database', 'postgresql://u:hunter2secret@127.0.0.1:1/postgres'], { cwd: fixture });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--shadow-database: could not connect to the PostgreSQL server at 127\.0\.0\.1:1/);
    assert.doesNotMatch(run.stderr + run.stdout, /hunter2secret/);
    assert.deepEqual(pendingCleanups(), []);
  });
});
