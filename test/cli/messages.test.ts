/**
 * Messages that say what to fix, through the CLI's real entry (spawned): paths are resolved from the
 * working directory and the error says so (and names the nearest schema that exists); the shadow is
 * described once, on one line, with the reason for the choice in the debug log only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { skipUnlessCi } from '../shadow/helpers.js';
import { CLI_ENTRY_ARGS } from '../support/entries.js';
import { repoRoot } from '../support/paths.js';

const blog = join(repoRoot, 'examples', 'blog');

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [...CLI_ENTRY_ARGS, ...args], {
    encoding: 'utf8',
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('messages (spawned CLI)', () => {
  test('a schema path that does not exist: resolved from the working directory, said so, with the nearest schema there is', () => {
    const fromSubfolder = cli(join(blog, 'prisma'), ['check', '--schema', 'prisma/schema.prisma']);
    assert.equal(fromSubfolder.code, 1);
    assert.match(
      fromSubfolder.stderr,
      new RegExp(
        `--schema: no file or folder at prisma/schema\\.prisma \\(paths are resolved from the working directory, ${join(blog, 'prisma').replace(/[/.]/g, '\\$&')}\\)\\.`,
      ),
    );
    assert.match(fromSubfolder.stderr, /Did you mean schema\.prisma\?/);
    assert.doesNotMatch(fromSubfolder.stderr, /repository root/);
    const typo = cli(blog, ['check', '--schema', 'prisma/schema.prsma']);
    assert.match(typo.stderr, /Did you mean prisma\/schema\.prisma\?/);
    const migrations = cli(blog, ['check', '--migrations', 'nowhere']);
    assert.match(migrations.stderr, /--migrations: no folder at nowhere \(paths are resolved from the working directory, /);
  });

  test('the shadow: described once, on one line; why it was chosen only with PSG_DEBUG', (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const run = cli(blog, ['check']);
    assert.equal(run.code, 0, run.stderr);
    const description = /shadow: (local PostgreSQL \d+ \(\/\S+\), port \d+)\)/.exec(run.stdout)?.[1];
    assert.ok(description, run.stdout);
    const output = run.stdout + run.stderr;
    assert.equal(output.split(description).length - 1, 1, `described once:\n${output}`);
    assert.doesNotMatch(output, /auto chose|installed on this machine/);
    const debug = cli(blog, ['check'], { PSG_DEBUG: '1' });
    assert.match(debug.stderr, /^debug: Shadow server: local PostgreSQL \d+ .*auto chose local: /m);
  });
});
