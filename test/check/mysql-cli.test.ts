/**
 * `check` on a MySQL schema end to end, as a user runs it: the CLI, the wiring (engine auto → cli),
 * a shadow database on the real MariaDB/MySQL server, and the project's `node_modules/.bin/prisma`
 * — here the stand-in (test/engine/stand-in/), which replays on the real server but cannot diff
 * MySQL (Prisma's native engine cannot be downloaded here). The real diff runs in
 * .github/workflows/mysql.yml against mysql:8.4 with a real `prisma` install.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { installStandIn, type StandInProject } from '../engine/stand-in/install.js';
import { cli } from '../support/cli.js';
import { leftoverMysqlShadowDatabases, mysqlSkipReason, testMysqlUrl } from '../support/mysql.js';
import { repoRoot } from '../support/paths.js';

let url: string | undefined;
let project: StandInProject;

beforeAll(async () => {
  url = await testMysqlUrl();
  project = installStandIn();
  cpSync(join(repoRoot, 'test', 'fixtures', 'mysql-sql-error', 'prisma'), join(project.dir, 'prisma'), { recursive: true });
});
afterAll(async () => {
  project.remove();
  if (url) assert.deepEqual(await leftoverMysqlShadowDatabases(), [], 'no shadow database is left behind');
});

for (const major of [6, 7] as const) {
  describe(`check on MySQL with the project's Prisma ${major} (stand-in)`, () => {
    test("a failing migration: folder, line, statement and MySQL's error, through Prisma's own output", async (t) => {
      if (!url) return t.skip(mysqlSkipReason);
      rmSync(project.log, { force: true });
      const env = { PSG_STAND_IN_MAJOR: String(major), PSG_STAND_IN_LOG: project.log };
      Object.assign(process.env, env);
      try {
        const run = await cli(['check', '--json', '--shadow-database-url', url], { cwd: project.dir, env: {} });
        assert.equal(run.code, 2, run.stdout + run.stderr);
        const result = JSON.parse(run.stdout);
        assert.equal(result.provider, 'mysql');
        assert.equal(result.engine, 'cli');
        assert.equal(result.verdict, 'migration-failed');
        assert.equal(result.migrations, 1);
        const [finding] = result.findings;
        assert.equal(finding.migration, '20240102000000_add_tags');
        assert.equal(finding.file, 'prisma/migrations/20240102000000_add_tags/migration.sql');
        assert.equal(finding.line, 10, 'query number 2 of the migration, split by the MySQL splitter');
        assert.match(finding.sql, /^ALTER TABLE `Tag` ADD CONSTRAINT `Tag_postId_fkey`/);
        assert.equal(finding.databaseError.code, '1072');
        assert.match(finding.databaseError.message, /Key column 'postId' doesn't exist in table/);
        assert.ok(!run.stdout.includes('mysql://root'), 'no server URL in the report');

        const argv = readFileSync(project.log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as string[]);
        assert.deepEqual(argv[0], ['--version']);
        const diff = argv[1]!.map((arg) =>
          arg.replace(/^.*\/psg_cli_[^/]+\/call-\d+/, '<tmp>').replace(/^mysql:\/\/.*\/psg_shadow_\w+$/, '<shadow>'),
        );
        if (major === 6) {
          assert.deepEqual(diff, [
            'migrate',
            'diff',
            '--from-migrations',
            '<tmp>/migrations',
            '--to-schema-datamodel',
            '<tmp>/schema/schema.prisma',
            '--shadow-database-url',
            '<shadow>',
            '--script',
            '--exit-code',
          ]);
        } else {
          assert.deepEqual(diff, [
            'migrate',
            'diff',
            '--from-migrations',
            '<tmp>/migrations',
            '--to-schema',
            '<tmp>/schema/schema.prisma',
            '--script',
            '--exit-code',
            '--config',
            '<tmp>/prisma.config.ts',
          ]);
        }
      } finally {
        for (const name of Object.keys(env)) delete process.env[name];
      }
    });
  });
}

describe('engine choice on MySQL', () => {
  test('engine wasm is refused with the reason and what to use', async () => {
    const run = await cli(['check', '--engine', 'wasm', '--shadow-database-url', 'mysql://root@127.0.0.1:3306/'], {
      cwd: project.dir,
      env: {},
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr + run.stdout, /has no mysql connector/);
    assert.match(run.stderr + run.stdout, /engine: cli/);
  });

  test('no project Prisma: install the dependencies first', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const run = await cli(['check', '--shadow-database-url', url], { cwd: join(repoRoot, 'test', 'fixtures', 'mysql-sql-error'), env: {} });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr + run.stdout, /Install the project's dependencies before this step/);
    assert.deepEqual(await leftoverMysqlShadowDatabases(), []);
  });
});
