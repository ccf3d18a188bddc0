import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, test } from 'vitest';
import type { CheckResult } from '../../src/verdict/check-result.js';
import { annotationsOf } from '../../src/report/annotations.js';
import { renderCheckMarkdown } from '../../src/report/markdown.js';
import { cli } from '../support/cli.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { blogRepo, git, INIT, MIGRATIONS, TAGS, type TestRepo } from './git-repo.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(): TestRepo {
  const made = blogRepo();
  cleanups.push(() => made.cleanup());
  return made;
}

async function check(cwd: string, ...args: string[]) {
  const shadow = await testPostgresUrl();
  const text = await cli(['check', '--shadow-database-url', shadow, ...args], { cwd });
  const json = await cli(['check', '--shadow-database-url', shadow, '--json', ...args], { cwd });
  return { text, json, result: JSON.parse(json.stdout) as CheckResult };
}

/** One trailing space on line 5 of the applied migration: the schema is still in sync. */
function editInit(r: TestRepo): void {
  r.write(INIT, readFileSync(join(r.dir, INIT), 'utf8').replace('"name" TEXT,', '"name" TEXT, '));
  r.commit('edit an applied migration');
}

describe('check --base: the history guard end to end (CLI, git, PostgreSQL)', () => {
  // Shadow database names carry the pid: other test files running at the same time are not counted.
  afterAll(async () =>
    assert.deepEqual(
      (await leftoverShadowDatabases()).filter((name) => name.includes(`_${process.pid}_`)),
      [],
      'no shadow database is left behind',
    ),
  );

  test('a pull request that only adds a migration passes', async () => {
    const r = repo();
    appendFileSync(join(r.dir, 'prisma', 'schema.prisma'), TAGS.model);
    r.write(`${TAGS.folder}/migration.sql`, TAGS.sql);
    r.commit('add tags');
    const { text, json, result } = await check(r.dir, '--base', 'main');
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(json.code, 0);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.migrations, 2);
    assert.deepEqual(result.findings, []);
    assert.doesNotMatch(text.stdout, /Migration history/);
  });

  test('an edited applied migration fails the gate (exit 2) though the schema is in sync', async () => {
    const r = repo();
    editInit(r);
    const { text, json, result } = await check(r.dir, '--base', 'main');
    assert.equal(text.code, 2, text.stdout + text.stderr);
    assert.equal(json.code, 2);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding!.kind, 'edited-migration');
    assert.equal(finding!.category, 'history');
    assert.equal(finding!.failsGate, true);
    assert.equal(finding!.file, INIT);
    assert.equal(finding!.line, 5);
    assert.match(finding!.diff!, /^\+ {4}"name" TEXT, $/m);
    // The terminal: a line for the finding, its diff, the fix.
    assert.match(text.stdout, /✖ Migration history: 1 finding against the base/);
    assert.match(text.stdout, new RegExp(`✖ edited-migration ${INIT.replace(/\./g, '\\.')}:5`));
    assert.match(text.stdout, /^ {4}- {4}"name" TEXT,$/m);
    assert.match(text.stdout, /git checkout main --/);
    // The Markdown summary: a heading and the diff in a collapsed block; an annotation on the line.
    const markdown = renderCheckMarkdown(result);
    assert.match(markdown, /#### Edited migration `20240101000000_init` — `prisma\/migrations\/20240101000000_init\/migration\.sql:5`/);
    assert.match(markdown, /<details><summary>Diff against the base<\/summary>\n\n```diff\n--- a\/prisma/);
    assert.deepEqual(
      annotationsOf(result).map((a) => [a.level, a.file, a.line, a.title]),
      [['error', INIT, 5, 'prisma-schema-guard: edited-migration']],
    );
  });

  test('--fail-on none: exit 0, the findings still reported (as warnings)', async () => {
    const r = repo();
    editInit(r);
    r.remove(`${MIGRATIONS}/migration_lock.toml`);
    r.commit('and delete the lock file');
    const { text, result } = await check(r.dir, '--base', 'main', '--fail-on', 'none');
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.deepEqual(
      result.findings.map((f) => [f.kind, f.failsGate]),
      [
        ['edited-migration', false],
        ['lockfile-changed', false],
      ],
    );
    assert.match(text.stdout, /Migration history: 2 findings against the base \(not failing: fail-on\)/);
    assert.deepEqual(
      annotationsOf(result).map((a) => a.level),
      ['warning', 'warning'],
    );
    const other = await cli(['check', '--base', 'main', '--fail-on', 'lock'], {
      cwd: r.dir,
      env: { PSG_SHADOW_DATABASE_URL: await testPostgresUrl() },
    });
    assert.equal(other.code, 0, 'categories other than history let history findings pass');
  });

  test('the history is reported even when a migration fails to replay', async () => {
    const r = repo();
    r.write(INIT, readFileSync(join(r.dir, INIT), 'utf8').replace('CREATE TABLE "Post"', 'CREATE TABLE "Post" "oops"'));
    r.commit('break an applied migration');
    const { text, result } = await check(r.dir, '--base', 'main');
    assert.equal(text.code, 2);
    assert.equal(result.verdict, 'migration-failed');
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['migration-failed', 'edited-migration'],
    );
  });

  test('a shallow clone without the base: a clear error (exit 1) and no shadow database', async () => {
    const r = repo();
    editInit(r);
    const parent = mkdtempSync(join(tmpdir(), 'psg-shallow-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    git(parent, 'clone', '--quiet', '--depth', '1', '--branch', 'feature', `file://${r.dir}`, 'work');
    const work = join(parent, 'work');
    const { text, json } = await check(work, '--base', 'HEAD~1');
    assert.equal(text.code, 1);
    assert.equal(text.stdout, '');
    assert.match(text.stderr, /The base "HEAD~1" cannot be found in this repository \(a shallow clone\)/);
    assert.match(text.stderr, /fetch-depth: 0/);
    assert.equal(json.code, 1);
    const error = JSON.parse(json.stdout);
    assert.equal(error.verdict, 'error');
    assert.match(error.findings[0].fix, /fetch-depth: 0/);
    // The base branch itself is fetched on demand, so the same clone works with --base main.
    const fetched = await check(work, '--base', 'main');
    assert.equal(fetched.text.code, 2, fetched.text.stderr);
    assert.deepEqual(
      fetched.result.findings.map((f) => f.kind),
      ['edited-migration'],
    );
  });

  test('an unknown --fail-on category is a usage error', async () => {
    const r = repo();
    const run = await cli(['check', '--base', 'main', '--fail-on', 'histroy'], { cwd: r.dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--fail-on: unknown category "histroy"/);
  });
});
