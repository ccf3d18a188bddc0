import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, test } from 'vitest';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { cli } from '../support/cli.js';
import { TSX_LOADER } from '../support/entries.js';
import { repoRoot } from '../support/paths.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { privateTmpdir, skipUnlessCi } from '../shadow/helpers.js';

privateTmpdir('many');

/** A monorepo: each fixture's prisma/ folder becomes packages/<name>/prisma/. */
function monorepo(packages: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'psg-monorepo-'));
  for (const [name, fixture] of Object.entries(packages))
    cpSync(join(repoRoot, 'test', 'fixtures', fixture, 'prisma'), join(root, 'packages', name, 'prisma'), { recursive: true });
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('check: several schemas in one job', () => {
  afterAll(async () => assert.deepEqual(await leftoverShadowDatabases(), [], 'no shadow database is left behind'));

  test('a list of two schemas in sync shares one local shadow server', { timeout: 120_000 }, async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    const root = monorepo({ a: 'do-block', b: 'concurrently' });
    roots.push(root);
    const schemas = ['--schema', 'packages/a/prisma/schema.prisma,packages/b/prisma/schema.prisma'];
    const json = await cli(['check', '--shadow-database', 'local', '--json', ...schemas], { cwd: root });
    assert.equal(json.code, 0, json.stdout);
    const many = JSON.parse(json.stdout);
    assert.equal(many.command, 'check');
    assert.equal(many.verdict, 'in-sync');
    assert.deepEqual(
      many.results.map((r: { verdict: string }) => r.verdict),
      ['in-sync', 'in-sync'],
    );
    assert.deepEqual(
      many.results.map((r: { schema: { files: string[] } }) => r.schema.files),
      [['packages/a/prisma/schema.prisma'], ['packages/b/prisma/schema.prisma']],
    );
    assert.deepEqual(
      many.results.map((r: { migrationsDirectory: string }) => r.migrationsDirectory),
      ['packages/a/prisma/migrations', 'packages/b/prisma/migrations'],
    );
    assert.equal(many.results[0].shadow.kind, 'local');
    assert.match(many.results[0].shadow.description, /port \d+/, 'the description names the port');
    assert.equal(many.results[1].shadow.description, many.results[0].shadow.description, 'one server: the same port for both');

    // The flag repeated, in text: one header per schema, and the server is started once.
    const text = await cli(
      ['check', '--shadow-database', 'local', '--schema', 'packages/a/prisma/schema.prisma', '--schema', 'packages/b/prisma/schema.prisma'],
      { cwd: root, env: { PSG_DEBUG: '1' } },
    );
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(text.stderr.match(/debug: Shadow server: .*started in/g)?.length, 1, text.stderr);
    assert.match(text.stdout, /── packages\/a\/prisma\/schema\.prisma ──\n✔ In sync: packages\/a\/prisma\/schema\.prisma and 1 migration/);
    assert.match(text.stdout, /── packages\/b\/prisma\/schema\.prisma ──\n✔ In sync: packages\/b\/prisma\/schema\.prisma and 2 migrations/);
    assert.match(text.stdout, /2 schemas: 2 in-sync \(overall: in-sync\)/);
  });

  test('a glob over one schema in sync and one missing a migration: the worst verdict, exit 2', { timeout: 120_000 }, async () => {
    const root = monorepo({ a: 'do-block', b: 'blog-missing-migration', c: 'concurrently' });
    roots.push(root);
    const shadow = await testPostgresUrl();
    const json = await cli(['check', '--shadow-database-url', shadow, '--json', '--schema', 'packages/*/prisma/schema.prisma'], {
      cwd: root,
    });
    assert.equal(json.code, 2, json.stdout);
    const many = JSON.parse(json.stdout);
    assert.equal(many.verdict, 'missing-migration');
    assert.deepEqual(
      many.results.map((r: { verdict: string }) => r.verdict),
      ['in-sync', 'missing-migration', 'in-sync'],
    );
    assert.match(many.results[1].findings[0].sql, /ALTER TABLE "Post" ADD COLUMN\s+"description" TEXT NOT NULL;/);
    assert.equal(new Set(many.results.map((r: { shadow: { description: string } }) => r.shadow.description)).size, 1);
    assert.deepEqual(await leftoverShadowDatabases(), []);

    const text = await cli(['check', '--shadow-database-url', shadow, '--schema', 'packages/**/schema.prisma'], { cwd: root });
    assert.equal(text.code, 2, text.stderr);
    assert.match(text.stdout, /── packages\/b\/prisma\/schema\.prisma ──\n✖ Missing migration/);
    assert.match(text.stdout, /3 schemas: 2 in-sync, 1 missing-migration \(overall: missing-migration\)/);
  });

  test('a schema that could not be checked makes the whole run exit 1, after the others finished', async () => {
    const root = monorepo({ a: 'do-block', b: 'schema-syntax-error' });
    roots.push(root);
    const shadow = await testPostgresUrl();
    const json = await cli(['check', '--shadow-database-url', shadow, '--json', '--schema', 'packages/*/prisma/schema.prisma'], {
      cwd: root,
    });
    const many = JSON.parse(json.stdout);
    // Prisma's rejection of the schema is a value (verdict error), not an exception: the other schema's result stands.
    assert.equal(many.verdict, 'error');
    assert.deepEqual(
      many.results.map((r: { verdict: string }) => r.verdict),
      ['in-sync', 'error'],
    );
    assert.equal(many.results[1].findings[0].kind, 'schema-invalid');
    assert.equal(json.code, 1);
    // A schema that is not there throws (could not run): exit 1 with its message, and nothing left behind.
    const missing = await cli(
      [
        'check',
        '--shadow-database-url',
        shadow,
        '--schema',
        'packages/a/prisma/schema.prisma',
        '--schema',
        'packages/z/prisma/schema.prisma',
      ],
      { cwd: root },
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--schema: no file or folder at packages\/z\/prisma\/schema\.prisma/);
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  test('--migrations with several schemas is a usage error; a glob that matches nothing names the flag', async () => {
    const root = monorepo({ a: 'do-block', b: 'concurrently' });
    roots.push(root);
    const both = await cli(
      [
        'check',
        '--schema',
        'packages/a/prisma/schema.prisma,packages/b/prisma/schema.prisma',
        '--migrations',
        'packages/a/prisma/migrations',
      ],
      { cwd: root },
    );
    assert.equal(both.code, 1);
    assert.match(both.stderr, /--migrations cannot be used with several schemas \(--schema names 2\)/);
    const none = await cli(['check', '--schema', 'services/*/schema.prisma'], { cwd: root });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /--schema: the pattern "services\/\*\/schema\.prisma" matches no file or folder/);
  });

  test('the action: input schema as a glob sets the combined verdict and report, each schema in the summary and annotations', async () => {
    const root = monorepo({ a: 'do-block', b: 'blog-missing-migration' });
    roots.push(root);
    const files = mkdtempSync(join(tmpdir(), 'psg-many-action-'));
    roots.push(files);
    writeFileSync(join(files, 'output'), '');
    writeFileSync(join(files, 'summary'), '');
    // The action's run() from this build, in its own process (it prints ::error annotations and sets the exit code).
    const main = pathToFileURL(join(repoRoot, 'src', 'action', 'main.ts')).href;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      GITHUB_OUTPUT: join(files, 'output'),
      GITHUB_STEP_SUMMARY: join(files, 'summary'),
      GITHUB_WORKSPACE: root,
      RUNNER_TEMP: files,
    };
    Object.assign(env, {
      INPUT_COMMAND: 'check',
      INPUT_SCHEMA: 'packages/*/prisma/schema.prisma',
      'INPUT_SHADOW-DATABASE-URL': await testPostgresUrl(),
    });
    const child = spawnSync(
      process.execPath,
      ['--import', TSX_LOADER, '--input-type=module', '-e', `import { run } from ${JSON.stringify(main)}; await run();`],
      { env, cwd: root, encoding: 'utf8' },
    );
    assert.equal(child.status, 1, 'the step fails: ' + child.stdout + child.stderr);
    assert.match(
      child.stdout,
      /^::error title=prisma-schema-guard%3A missing-migration,file=packages\/b\/prisma\/schema\.prisma,line=\d+::/m,
      'the failing schema is annotated on its file',
    );
    assert.match(child.stdout, /^::error::1 of 2 schemas fail the check/m);
    const outputs = readFileSync(join(files, 'output'), 'utf8');
    const output = (name: string) => new RegExp(`^${name}<<(.+)\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(outputs)?.[2];
    assert.equal(output('verdict'), 'missing-migration');
    const report = JSON.parse(output('report-json')!);
    assert.deepEqual(
      report.results.map((r: { verdict: string }) => r.verdict),
      ['in-sync', 'missing-migration'],
    );
    assert.match(output('missing-migration')!, /^-- packages\/b\/prisma\/schema\.prisma\n(--.*\n)*ALTER TABLE "Post" ADD COLUMN/);
    const summary = readFileSync(join(files, 'summary'), 'utf8');
    assert.match(summary, /`packages\/a\/prisma\/schema\.prisma`/);
    assert.match(summary, /`packages\/b\/prisma\/schema\.prisma`/);
    assert.equal(summary.match(/### prisma-schema-guard:/g)?.length, 2);
    assert.deepEqual(await leftoverShadowDatabases('any').then((names) => names.filter((name) => name.includes(`_${child.pid}_`))), []);
  });

  test('one schema keeps the single-result JSON shape, whether named or matched by a glob', async () => {
    const root = monorepo({ a: 'do-block' });
    roots.push(root);
    const shadow = await testPostgresUrl();
    for (const schema of ['packages/a/prisma/schema.prisma', 'packages/*/prisma/schema.prisma']) {
      const json = await cli(['check', '--shadow-database-url', shadow, '--json', '--schema', schema], { cwd: root });
      assert.equal(json.code, 0, json.stdout);
      const result = JSON.parse(json.stdout);
      assert.equal(result.verdict, 'in-sync');
      assert.equal(result.results, undefined);
      assert.deepEqual(result.schema.files, ['packages/a/prisma/schema.prisma']);
    }
  });
});
