/**
 * A run that fails outside every catch — its stdout closed (`check … | head -0`), an uncaught
 * exception, an unhandled rejection — says so in one line on stderr, removes what it created and
 * exits 1: no "Unhandled 'error' event", no stack trace, no shadow database left on the server.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, test } from 'vitest';
import { CLI_ENTRY_ARGS, tsNodeArgs } from '../support/entries.js';
import { repoRoot } from '../support/paths.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';

/** A module of src/ as a file URL, for a script that tsx runs. */
const source = (path: string) => pathToFileURL(join(repoRoot, 'src', path.replace(/\.js$/, '.ts'))).href;
const blog = join(repoRoot, 'examples', 'blog');

interface Ended {
  pid: number;
  code: number | null;
  stderr: string;
}

/** Runs node with `args`; `closeStdout`: the reading end of its stdout is closed at once, as `| head -0` does. */
function run(args: string[], options: { cwd?: string; closeStdout?: boolean } = {}): Promise<Ended> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', PSG_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.closeStdout) child.stdout!.destroy();
  else child.stdout!.resume();
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ pid: child.pid!, code, stderr })));
}

/** The lines this tool wrote that are not the run's ordinary log (errors, the stop line). */
function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^prisma-schema-guard:|Error|error|^\s+at /.test(line));
}

const scripts = mkdtempSync(join(tmpdir(), 'psg-test-failures-'));
afterAll(() => rmSync(scripts, { recursive: true, force: true }));

/**
 * A process that arms its failure handling as the CLI does, creates a shadow database on the server
 * (a real one, through the real server class), then fails as `how` says, a password in the message.
 */
function failingScript(how: 'throw' | 'reject', url: string): string {
  const file = join(scripts, `${how}.mjs`);
  writeFileSync(
    file,
    `import { installSignalHandlers } from ${JSON.stringify(source('lifecycle/cleanup.js'))};
import { stopOnFailures } from ${JSON.stringify(source('lifecycle/failures.js'))};
import { UrlShadowServer } from ${JSON.stringify(source('shadow/server-url.js'))};
installSignalHandlers();
stopOnFailures();
const server = new UrlShadowServer(${JSON.stringify(url)}, '--shadow-database-url');
await server.createDatabase();
const error = new Error('lost postgresql://app:hunter22@db.example:5432/app\\nsecond line');
${how === 'throw' ? 'setTimeout(() => { throw error; }, 10);' : 'Promise.reject(error);'}
await new Promise((resolve) => setTimeout(resolve, 30_000));
`,
  );
  return file;
}

describe('a failure outside every catch: one line on stderr, cleanup done, exit 1', () => {
  test('check with its stdout closed (| head -0): EPIPE is one line, the shadow database is gone', { timeout: 120_000 }, async () => {
    const url = await testPostgresUrl();
    for (const json of [[], ['--json']]) {
      const ended = await run(
        [...CLI_ENTRY_ARGS, 'check', '--schema', join(blog, 'prisma', 'schema.prisma'), '--shadow-database-url', url, ...json],
        { cwd: blog, closeStdout: true },
      );
      assert.equal(ended.code, 1, ended.stderr);
      assert.doesNotMatch(ended.stderr, /Unhandled 'error' event|^\s+at /m, ended.stderr);
      assert.deepEqual(
        errorLines(ended.stderr),
        ['prisma-schema-guard: could not write to stdout (EPIPE: the reading end is closed); removing what this run created and stopping.'],
        ended.stderr,
      );
      assert.deepEqual(await leftoverShadowDatabases(ended.pid), [], 'no shadow database of this run left');
    }
  });

  for (const how of ['throw', 'reject'] as const) {
    test(
      `an ${how === 'throw' ? 'uncaught exception' : 'unhandled rejection'}: one redacted line, the shadow database dropped, exit 1`,
      { timeout: 60_000 },
      async () => {
        const ended = await run(tsNodeArgs(failingScript(how, await testPostgresUrl())));
        assert.equal(ended.code, 1, ended.stderr);
        assert.equal(
          ended.stderr,
          'prisma-schema-guard: unexpected error: lost postgresql://app:***@db.example:5432/app (removing what this run created and stopping)\n',
        );
        assert.deepEqual(await leftoverShadowDatabases(ended.pid), [], 'the shadow database it had created is dropped');
      },
    );
  }
});
