/**
 * The CLI's grammar through its real entry (src/cli/index.ts, run by tsx), spawned as a
 * process: the command is the first positional word, help goes where it belongs, typos get the
 * nearest match.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { editDistance, nearest } from '../../src/util/nearest.js';
import { CLI_ENTRY_ARGS } from '../support/entries.js';
import { repoRoot } from '../support/paths.js';
import { testPostgresUrl } from '../support/postgres.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', name, 'prisma', 'schema.prisma');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [...CLI_ENTRY_ARGS, ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at /m, 'no stack trace');

describe('CLI grammar (spawned)', () => {
  test("options may come before the command: an option's value is never taken for it", async () => {
    const url = await testPostgresUrl();
    const before = cli('--shadow-database-url', url, 'check', '--json', '--schema', fixture('concurrently'));
    assert.equal(before.code, 0, before.stderr + before.stdout);
    assert.equal(JSON.parse(before.stdout).verdict, 'in-sync');
    const schemaFirst = cli('--schema', fixture('sqlite-blog'), '--json', 'check');
    assert.equal(schemaFirst.code, 0, schemaFirst.stderr);
    assert.equal(JSON.parse(schemaFirst.stdout).command, 'check');
  });

  test('no command: the overview on stderr, exit 1; --help: the same on stdout, exit 0', () => {
    const none = cli();
    assert.equal(none.code, 1);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^Usage: prisma-schema-guard <command> \[options\]/);
    assert.match(none.stderr, /Run `prisma-schema-guard <command> --help`/);
    const onlyOptions = cli('--no-color');
    assert.equal(onlyOptions.code, 1);
    const help = cli('--help');
    assert.equal(help.code, 0);
    assert.equal(help.stderr, '');
    assert.equal(help.stdout, none.stderr);
    for (const name of ['check', 'drift', 'review', 'preview']) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
  });

  test("<command> --help: that command's options only, wrapped at 80 columns, exit 0", () => {
    const only: Record<string, { has: string[]; not: string[] }> = {
      check: {
        has: ['--shadow-database-url <url>', '--base <git ref>', '--json'],
        not: ['--accept-data-loss', '--rules', '--database-url'],
      },
      drift: { has: ['--database-url <url>', '--shadow-database <source>'], not: ['--accept-data-loss', '--rules', '--base'] },
      review: { has: ['--rules', '--base'], not: ['--shadow-database', '--accept-data-loss'] },
      preview: { has: ['--accept-data-loss', '--force-reset'], not: ['--shadow-database', '--rules', '--base'] },
    };
    for (const [name, { has, not }] of Object.entries(only)) {
      for (const args of [
        [name, '--help'],
        ['--help', name],
        [name, '-h'],
      ]) {
        const run = cli(...args);
        assert.equal(run.code, 0, args.join(' '));
        assert.match(run.stdout, new RegExp(`^Usage: prisma-schema-guard ${name} \\[options\\]`));
        for (const text of has) assert.ok(run.stdout.includes(text), `${name} --help shows ${text}`);
        for (const text of not) assert.ok(!run.stdout.includes(text), `${name} --help does not show ${text}`);
        const wide = run.stdout.split('\n').filter((line) => line.length > 80);
        assert.deepEqual(wide, [], `${name} --help fits 80 columns`);
      }
    }
  });

  test('an unknown command or option: the nearest match, exit 1, no stack trace', () => {
    const command = cli('chek');
    assert.equal(command.code, 1);
    assert.match(command.stderr, /Unknown command "chek"\. Did you mean `check`\?/);
    noStackTrace(command.stderr);
    const afterOption = cli('--shadow-database-url', 'postgresql://u:pw@h/db', 'prevew');
    assert.match(afterOption.stderr, /Unknown command "prevew"\. Did you mean `preview`\?/);
    assert.doesNotMatch(afterOption.stderr, /pw@/);
    const option = cli('check', '--shadow-databse-url', 'postgresql://u@h/db');
    assert.equal(option.code, 1);
    assert.match(option.stderr, /Unknown option "--shadow-databse-url"\. Did you mean `--shadow-database-url`\?/);
    assert.match(option.stderr, /prisma-schema-guard check --help/);
    noStackTrace(option.stderr);
    const before = cli('--shadow-databse-url', 'x', 'check');
    assert.match(before.stderr, /Unknown option "--shadow-databse-url"\. Did you mean `--shadow-database-url`\?/);
    const elsewhere = cli('review', '--engine', 'wasm');
    assert.match(elsewhere.stderr, /Unknown option "--engine" for review: it is an option of check, drift, preview\./);
    const farOff = cli('zzzzzz');
    assert.match(farOff.stderr, /Unknown command "zzzzzz"\.\n/, 'no suggestion when nothing is close');
    const json = cli('check', '--json', '--shadow-databse-url', 'x');
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).verdict, 'error');
    assert.match(JSON.parse(json.stdout).findings[0].message, /Did you mean/);
  });
});

describe('nearest', () => {
  test('a typo finds its word; nothing close finds nothing', () => {
    assert.equal(nearest('chek', ['check', 'drift', 'review', 'preview']), 'check');
    assert.equal(nearest('chcek', ['check', 'drift']), 'check');
    assert.equal(nearest('prev', ['check', 'drift', 'review', 'preview']), 'preview');
    assert.equal(nearest('shadow-databse-url', ['shadow-database', 'shadow-database-url']), 'shadow-database-url');
    assert.equal(nearest('xyz', ['check', 'drift']), undefined);
    assert.equal(editDistance('check', 'check'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
