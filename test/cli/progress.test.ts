/**
 * Progress on a terminal (migration n/N): only when stderr is a TTY and --json is off, only once the
 * run has lasted the delay, erased before the report; nothing in CI logs or --json.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { progressLine } from '../../src/cli/progress.js';
import { check } from '../../src/commands/check.js';
import type { ReplayProgress } from '../../src/migrations/replay-progress.js';
import { checkPorts } from '../../src/wiring.js';
import { testPostgresUrl } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';

const ERASE = '\r\u001b[K';
const fixture = join(repoRoot, 'test', 'fixtures', 'sql-error');

async function cliOnTerminal(args: string[], stderrIsTty: boolean) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    isTty: false,
    stderrIsTty,
    progressDelayMs: 0,
    columns: 60,
    cwd: fixture,
  });
  return { code, stdout, stderr };
}

describe('progress on a terminal', () => {
  test('check reports each migration as it starts to apply, in order', async () => {
    const seen: ReplayProgress[] = [];
    const result = await check(
      { cwd: fixture, progress: (progress) => seen.push(progress) },
      checkPorts({ shadowDatabaseUrl: await testPostgresUrl(), inputName: '--shadow-database-url', log: () => undefined }, fixture),
    );
    assert.equal(result.verdict, 'migration-failed');
    assert.deepEqual(
      seen.map(({ current, total, migration }) => `${current}/${total} ${migration}`),
      ['1/2 20240101000000_init', '2/2 20240102000000_add_tags'],
    );
  });

  test('the CLI on a TTY: a line redrawn in place, erased before the report', async () => {
    const run = await cliOnTerminal(['check', '--shadow-database-url', await testPostgresUrl()], true);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\r\u001b\[KReplaying migration 1\/2: 20240101000000_init/);
    assert.ok(
      run.stderr.endsWith(ERASE) || run.stderr.lastIndexOf(ERASE) > run.stderr.lastIndexOf('Replaying'),
      'the line is erased after its last draw',
    );
    assert.doesNotMatch(run.stdout, /Replaying/, 'the report has no progress in it');
  });

  test('no TTY (CI logs) or --json: no progress at all', async () => {
    const url = await testPostgresUrl();
    const plain = await cliOnTerminal(['check', '--shadow-database-url', url], false);
    assert.doesNotMatch(plain.stderr, /Replaying|\r/);
    const json = await cliOnTerminal(['check', '--shadow-database-url', url, '--json'], true);
    assert.doesNotMatch(json.stderr + json.stdout, /Replaying|\r/);
    assert.equal(JSON.parse(json.stdout).verdict, 'migration-failed');
  });

  test('the line: nothing before the delay, cut to the terminal width, erased only once drawn', () => {
    let written: string = '';
    const slow = progressLine((text) => (written += text), { delayMs: 60_000 });
    slow.update('Replaying migration 1/1000: x');
    slow.stop();
    assert.equal(written, '', 'a run shorter than the delay shows nothing');
    const fast = progressLine((text) => (written += text), { delayMs: 0, columns: 30 });
    fast.update(`Replaying migration 1/1000: ${'a'.repeat(40)}`);
    assert.equal(written, `${ERASE}Replaying migration 1/1000: …`);
    fast.clear();
    fast.clear();
    assert.equal(String(written).split(ERASE).length - 1, 2, 'one erase for one drawn line');
    fast.stop();
  });
});
