/**
 * A cancelled workflow: the CLI gets SIGTERM while a migration is replaying. It must exit 143 and
 * leave nothing: no server process, no data folder, no shadow database, no container.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { CLI_ENTRY_ARGS } from '../support/entries.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { dockerSkipReason, pgQuery, privateTmpdir, processesMentioning, serverFolders, skipUnlessCi } from './helpers.js';

const tmp = privateTmpdir('sigterm');

/** A project whose second migration sleeps 30 s: the replay is certainly under way when the signal comes. */
function sleepyProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'psg-test-sleepy-'));
  const migrations = join(project, 'prisma', 'migrations');
  mkdirSync(join(migrations, '20240101000000_init'), { recursive: true });
  mkdirSync(join(migrations, '20240102000000_slow'), { recursive: true });
  writeFileSync(
    join(project, 'prisma', 'schema.prisma'),
    'datasource db {\n  provider = "postgresql"\n}\n\nmodel Item {\n  id Int @id\n}\n',
  );
  writeFileSync(join(migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
  writeFileSync(
    join(migrations, '20240101000000_init', 'migration.sql'),
    'CREATE TABLE "Item" ("id" INTEGER NOT NULL, CONSTRAINT "Item_pkey" PRIMARY KEY ("id"));\n',
  );
  writeFileSync(join(migrations, '20240102000000_slow', 'migration.sql'), 'SELECT pg_sleep(30);\n');
  return project;
}

const project = sleepyProject();
afterAll(() => rmSync(project, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The CLI as a user runs it: its own process, so the signal handling is the real one. */
function runCli(args: string[]): Run {
  const child = spawn(process.execPath, [...CLI_ENTRY_ARGS, 'check', ...args], {
    cwd: project,
    // PSG_DEBUG: the shadow's description (port, container) is read from the debug log.
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1', PSG_DEBUG: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exit };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, run: Run, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    if (run.child.exitCode !== null) throw new Error(`the CLI exited (${run.child.exitCode}) before ${what}:\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}:\n${run.stderr()}`);
}

/** The sleeping migration of this run (its pid is in the shadow database's name), seen from the server. */
async function sleeping(serverUrl: string, run: Run): Promise<true | undefined> {
  try {
    const rows = await pgQuery(
      serverUrl,
      `SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid() AND datname LIKE 'psg\\_shadow\\_%\\_${run.child.pid}\\_%'`,
    );
    return rows.length > 0 ? true : undefined;
  } catch {
    return undefined;
  }
}

describe('SIGTERM during the replay removes everything, exit 143', () => {
  test('local server: process, data folder and database gone', { timeout: 120_000 }, async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const run = runCli(['--shadow-database', 'local']);
    const port = await until('the shadow server is up', () => /port (\d+)/.exec(run.stderr())?.[1], run);
    const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    await until('the slow migration runs', () => sleeping(serverUrl, run), run);
    const [folder] = serverFolders(tmp);
    assert.ok(folder, 'the server folder exists while it runs');
    assert.ok(processesMentioning(folder).length > 0, 'the server process runs');
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    assert.equal(code, 143, run.stderr());
    assert.match(run.stderr(), /SIGTERM received, removing shadow databases and servers/);
    assert.deepEqual(serverFolders(tmp), [], 'no data folder left');
    assert.deepEqual(processesMentioning(join(tmp, folder)), [], 'no server process left');
    assert.equal(existsSync(join(tmp, folder)), false);
  });

  test('a server URL: the shadow database on it is dropped', { timeout: 120_000 }, async () => {
    const url = await testPostgresUrl();
    const run = runCli(['--shadow-database', url]);
    await until('the slow migration runs', () => sleeping(url, run), run);
    const ours = () => leftoverShadowDatabases(run.child.pid!);
    assert.equal((await ours()).length, 1, 'the shadow database exists during the replay');
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    assert.equal(code, 143, run.stderr());
    assert.deepEqual(await ours(), [], 'no shadow database of this run is left');
    assert.equal(await sleeping(url, run), undefined, 'the sleeping session is gone too');
  });

  test('docker: the container is removed', { timeout: 180_000 }, async (t) => {
    const skip = await dockerSkipReason();
    if (skip) return t.skip(skip);
    const run = runCli(['--shadow-database', 'docker:postgres:15']);
    const name = await until('the container is up', () => /container (psg_shadow_\w+)/.exec(run.stderr())?.[1], run, 120_000);
    const hostPort = /on [^:\s]+:(\d+)/.exec(run.stderr())![1];
    await until('the slow migration runs', () => sleeping(`postgresql://postgres:psg@127.0.0.1:${hostPort}/postgres`, run), run);
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    assert.equal(code, 143, run.stderr());
    const { getContainerRuntimeClient } = await import('testcontainers');
    const found = await (await getContainerRuntimeClient()).container.dockerode.listContainers({ all: true, filters: { name: [name] } });
    assert.deepEqual(found, [], 'the container is removed');
  });
});
