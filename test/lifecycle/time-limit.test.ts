/**
 * The run's time limit: a migration that sleeps is cancelled at the limit, the report names the
 * migration, the statement and its line, the run exits 1, and nothing is left on the server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { formatDuration, parseDuration } from '../../src/lifecycle/time-limit.js';
import { CLI_ENTRY_ARGS } from '../support/entries.js';
import { repoRoot } from '../support/paths.js';
import { createLiveDatabase, deploy } from '../drift/live.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The blog example plus a migration that sleeps between two statements. */
function sleepingProject(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-time-limit-')));
  dirs.push(dir);
  cpSync(join(repoRoot, 'examples', 'blog', 'prisma'), join(dir, 'prisma'), { recursive: true });
  mkdirSync(join(dir, 'prisma', 'migrations', '20240601000000_backfill'));
  writeFileSync(
    join(dir, 'prisma', 'migrations', '20240601000000_backfill', 'migration.sql'),
    '-- a backfill that takes forever\nCREATE TABLE "Scratch" ("id" INTEGER);\nSELECT pg_sleep(60);\nDROP TABLE "Scratch";\n',
  );
  return dir;
}

function spawnCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; pid: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI_ENTRY_ARGS, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started, pid: child.pid! }));
  });
}

describe('the time limit', () => {
  test('a sleeping migration: cancelled at the limit, the statement and line named, exit 1, nothing left', async () => {
    const dir = sleepingProject();
    const run = await spawnCli(['check', '--shadow-database-url', await testPostgresUrl(), '--timeout', '3s', '--json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.ms < 25_000, `ended soon after the limit (${run.ms} ms)`);
    const result = JSON.parse(run.stdout);
    assert.equal(result.verdict, 'error');
    assert.equal(result.gate, 'fail');
    const finding = result.findings[0];
    assert.equal(finding.kind, 'timeout', JSON.stringify(result.findings));
    assert.equal(finding.migration, '20240601000000_backfill');
    assert.equal(finding.file, 'prisma/migrations/20240601000000_backfill/migration.sql');
    assert.equal(finding.line, 3);
    assert.match(
      finding.message,
      /time limit \(3s\) expired while migration `20240601000000_backfill` was applying to the shadow database, after \d+s; it was cancelled\. The statement running \(line 3 of .*\): SELECT pg_sleep\(60\)/,
    );
    assert.match(finding.fix, /--timeout/);
    assert.deepEqual(await leftoverShadowDatabases(run.pid), [], 'the shadow database is dropped');
    const text = await spawnCli(['check', '--shadow-database-url', await testPostgresUrl(), '--timeout', '2s'], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /time limit \(2s\) expired/);
    assert.deepEqual(await leftoverShadowDatabases(text.pid), []);
  }, 60_000);

  test('nothing to cancel (a server that never answers): the run ends at the limit, saying what it was doing', async () => {
    const silent = createServer(() => undefined); // accepts connections, never says a word
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const run = await spawnCli(
        [
          'check',
          '--shadow-database-url',
          `postgresql://postgres@127.0.0.1:${port}/postgres?connect_timeout=60`,
          '--timeout',
          '2s',
          '--json',
        ],
        sleepingProject(),
      );
      assert.equal(run.code, 1, run.stderr);
      // The limit, then at most the cleanup's bound (15 s) for the CREATE DATABASE the server never answered.
      assert.ok(run.ms < 20_000, `ended at the limit (${run.ms} ms)`);
      const report = JSON.parse(run.stdout);
      assert.equal(report.verdict, 'error');
      assert.match(JSON.stringify(report), /exceeded its time limit \(2s\) while preparing the shadow database/);
    } finally {
      silent.close();
    }
  }, 40_000);

  test('drift: a migration that sleeps only in the shadow is cancelled there; exit 1 naming it, no drift claimed, the live database untouched', async () => {
    const dir = sleepingProject();
    const file = join(dir, 'prisma', 'migrations', '20240601000000_backfill', 'migration.sql');
    // Instant on the live database, a minute in the shadow (psg_shadow_…): only the replay is slow.
    writeFileSync(
      file,
      'CREATE TABLE "Scratch" ("id" INTEGER);\nSELECT pg_sleep(CASE WHEN current_database() LIKE \'psg_shadow%\' THEN 60 ELSE 0 END);\n',
    );
    const live = await createLiveDatabase('time_limit');
    try {
      await deploy(live, join(dir, 'prisma', 'migrations'));
      const run = await spawnCli(
        ['drift', '--database-url', live.url, '--shadow-database-url', await testPostgresUrl(), '--timeout', '3s', '--json'],
        dir,
      );
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.ok(run.ms < 25_000, `${run.ms} ms`);
      const report = JSON.parse(run.stdout);
      assert.equal(report.verdict, 'error');
      assert.match(JSON.stringify(report), /time limit \(3s\) expired while migration `20240601000000_backfill`.*SELECT pg_sleep/);
      assert.deepEqual(await leftoverShadowDatabases(run.pid), []);
    } finally {
      await live.drop();
    }
  }, 60_000);

  test('durations: units, bare seconds, 0 for none; a wrong one is named', () => {
    assert.equal(parseDuration('90s', '--timeout', 1), 90_000);
    assert.equal(parseDuration('10m', '--timeout', 1), 600_000);
    assert.equal(parseDuration('1h', '--timeout', 1), 3_600_000);
    assert.equal(parseDuration('1500ms', '--timeout', 1), 1_500);
    assert.equal(parseDuration('45', '--timeout', 1), 45_000);
    assert.equal(parseDuration('0', '--timeout', 1), 0);
    assert.equal(parseDuration(undefined, '--timeout', 7), 7);
    assert.throws(() => parseDuration('ten minutes', "Input 'timeout'", 1), /Input 'timeout': "ten minutes" is not a duration/);
    assert.equal(formatDuration(600_000), '10m');
    assert.equal(formatDuration(90_000), '1m 30s');
  });
});
