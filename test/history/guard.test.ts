import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'vitest';
import { parseFailOn } from '../../src/gate/fail-on.js';
import { GitCli } from '../../src/git/git.js';
import { guardHistory } from '../../src/history/guard.js';
import { UsageError } from '../../src/util/errors.js';
import { blogRepo, git, INIT, MIGRATIONS, TAGS, type TestRepo } from './git-repo.js';

let repos: TestRepo[] = [];
const temps: string[] = [];
afterEach(() => {
  for (const repo of repos) repo.cleanup();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  repos = [];
});

function repo(): TestRepo {
  const made = blogRepo();
  repos.push(made);
  return made;
}

function guard(dir: string, options: { base?: string; failOn?: string; cwd?: string } = {}) {
  const cwd = options.cwd ?? dir;
  return guardHistory(
    { base: options.base ?? 'main', migrationsDirectory: join(dir, MIGRATIONS), cwd, failOn: parseFailOn(options.failOn) },
    new GitCli(cwd),
  );
}

const kinds = (findings: { kind: string; file?: string }[]) => findings.map((f) => [f.kind, f.file]);

describe('history guard: a pull request against its base, in real git repositories', () => {
  test('a pull request that only adds a later migration has no findings', async () => {
    const r = repo();
    r.write(`${TAGS.folder}/migration.sql`, TAGS.sql);
    r.commit('add tags');
    assert.deepEqual(await guard(r.dir), []);
  });

  test('one trailing space in an applied migration: edited, with the diff and the line, failing the gate', async () => {
    const r = repo();
    const sql = readFileSync(join(r.dir, INIT), 'utf8');
    r.write(INIT, sql.replace('"name" TEXT,', '"name" TEXT, '));
    r.commit('edit');
    const findings = await guard(r.dir);
    assert.deepEqual(kinds(findings), [['edited-migration', INIT]]);
    const [finding] = findings;
    assert.equal(finding!.line, 5);
    assert.equal(finding!.category, 'history');
    assert.equal(finding!.failsGate, true);
    assert.match(finding!.diff!, /^- {4}"name" TEXT,$/m);
    assert.match(finding!.diff!, /^\+ {4}"name" TEXT, $/m);
  });

  test('the working tree counts, not only commits: an uncommitted edit is found', async () => {
    const r = repo();
    r.write(INIT, readFileSync(join(r.dir, INIT), 'utf8') + '\n');
    assert.deepEqual(kinds(await guard(r.dir)), [['edited-migration', INIT]]);
  });

  test('a deleted applied migration', async () => {
    const r = repo();
    r.remove(`${MIGRATIONS}/20240101000000_init`);
    r.commit('delete');
    assert.deepEqual(kinds(await guard(r.dir)), [['deleted-migration', INIT]]);
  });

  test('a renamed applied migration', async () => {
    const r = repo();
    git(r.dir, 'mv', `${MIGRATIONS}/20240101000000_init`, `${MIGRATIONS}/20240102000000_init`);
    r.commit('rename');
    const findings = await guard(r.dir);
    assert.deepEqual(kinds(findings), [['renamed-migration', `${MIGRATIONS}/20240102000000_init/migration.sql`]]);
    assert.match(findings[0]!.message, /20240101000000_init on main was renamed to 20240102000000_init/);
  });

  test('a new migration that sorts before the newest on the base', async () => {
    const r = repo();
    r.write(`${MIGRATIONS}/20231201000000_early/migration.sql`, 'CREATE TABLE "Early" ("id" INTEGER);\n');
    r.commit('early');
    assert.deepEqual(kinds(await guard(r.dir)), [['out-of-order-migration', `${MIGRATIONS}/20231201000000_early/migration.sql`]]);
  });

  test('a provider switch in migration_lock.toml', async () => {
    const r = repo();
    const lock = join(MIGRATIONS, 'migration_lock.toml');
    r.write(lock, readFileSync(join(r.dir, lock), 'utf8').replace('postgresql', 'mysql'));
    r.commit('switch');
    const findings = await guard(r.dir);
    assert.deepEqual(kinds(findings), [['lockfile-changed', `${MIGRATIONS}/migration_lock.toml`]]);
    assert.equal(findings[0]!.line, 3);
  });

  test('a new folder without migration.sql', async () => {
    const r = repo();
    r.write(`${MIGRATIONS}/20240301000000_tags/down.sql`, 'DROP TABLE "Tag";\n');
    r.commit('no sql');
    assert.deepEqual(kinds(await guard(r.dir)), [['migration-without-sql', `${MIGRATIONS}/20240301000000_tags`]]);
  });

  test('fail-on none: still reported, no longer failing', async () => {
    const r = repo();
    r.remove(`${MIGRATIONS}/20240101000000_init`);
    const findings = await guard(r.dir, { failOn: 'none' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.failsGate, false);
  });

  test('the base moved on after the branch forked: its new migration is not the branch deleting it', async () => {
    const r = repo();
    r.write(`${MIGRATIONS}/20240115000000_name/migration.sql`, 'ALTER TABLE "User" ADD COLUMN "nick" TEXT;\n');
    r.commit('feature migration');
    git(r.dir, 'switch', '--quiet', 'main');
    r.write(`${MIGRATIONS}/20240201000000_later/migration.sql`, 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;\n');
    r.commit('later on main');
    git(r.dir, 'switch', '--quiet', 'feature');
    // Not "deleted", but the branch's migration now sorts before one the base deployed.
    assert.deepEqual(kinds(await guard(r.dir)), [['out-of-order-migration', `${MIGRATIONS}/20240115000000_name/migration.sql`]]);
  });

  test('run from a subfolder of the repository: paths are shown relative to it', async () => {
    const r = repo();
    r.remove(`${MIGRATIONS}/20240101000000_init`);
    const findings = await guard(r.dir, { cwd: join(r.dir, 'prisma') });
    assert.deepEqual(kinds(findings), [['deleted-migration', 'migrations/20240101000000_init/migration.sql']]);
  });

  test('a base that does not exist, and a folder outside any repository, are clear errors', async () => {
    const r = repo();
    await assert.rejects(
      guard(r.dir, { base: 'no-such-branch' }),
      (error: unknown) =>
        error instanceof UsageError &&
        /The base "no-such-branch" cannot be found/.test(error.message) &&
        /fetch-depth: 0/.test(error.fix ?? ''),
    );
    const outside = mkdtempSync(join(tmpdir(), 'psg-no-git-'));
    temps.push(outside);
    await assert.rejects(
      guard(outside),
      (error: unknown) => error instanceof UsageError && /not inside a git repository/.test(error.message),
    );
  });

  test('a shallow clone: the base branch is fetched; a base beyond its history is a clear error', async () => {
    const r = repo();
    r.remove(`${MIGRATIONS}/20240101000000_init`);
    r.commit('delete');
    const clone = mkdtempSync(join(tmpdir(), 'psg-shallow-'));
    temps.push(clone);
    git(clone, 'clone', '--quiet', '--depth', '1', '--branch', 'feature', `file://${r.dir}`, 'work');
    const work = join(clone, 'work');
    assert.equal(git(work, 'rev-parse', '--is-shallow-repository').trim(), 'true');
    assert.throws(() => git(work, 'rev-parse', '--verify', 'origin/main'), 'the clone starts without the base');
    assert.deepEqual(kinds(await guard(work)), [['deleted-migration', INIT]]);
    await assert.rejects(
      guard(work, { base: 'HEAD~1' }),
      (error: unknown) =>
        error instanceof UsageError &&
        /The base "HEAD~1" cannot be found in this repository \(a shallow clone\)/.test(error.message) &&
        /fetch-depth: 0/.test(error.fix ?? ''),
    );
  });
});
