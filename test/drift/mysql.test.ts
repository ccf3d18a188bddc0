/**
 * `drift` on MySQL/MariaDB end to end, as a user runs it: the CLI, the wiring (engine auto → cli), a
 * live database on the real MariaDB server read by a SELECT-only user, the applied history replayed
 * into a shadow database on the same server, and the project's `node_modules/.bin/prisma` — here the
 * stand-in (test/engine/stand-in/), which replays for real but answers MySQL diffs from the test's
 * answers file in Prisma's formats (Prisma's native engine cannot be downloaded here; the real one
 * runs in .github/workflows/mysql.yml).
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, test } from 'vitest';
import type { Answers } from '../engine/stand-in/answers.js';
import { writeAnswers } from '../engine/stand-in/answers.js';
import { installStandIn, type StandInProject } from '../engine/stand-in/install.js';
import { runActionInProcess } from '../support/action.js';
import { cli } from '../support/cli.js';
import {
  createTestMysqlDatabase,
  leftoverMysqlShadowDatabases,
  mysqlQuery,
  mysqlSkipReason,
  testMysqlUrl,
  withDatabase,
} from '../support/mysql.js';
import { repoRoot } from '../support/paths.js';

/** Prisma's MySQL DDL for the table (prisma-engines, sql-migration-connector's MySQL flavour). */
const PRISMA_MIGRATIONS_DDL = `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at DATETIME(3), migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at DATETIME(3), started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

/** The `Blog` table of Prisma's MySQL `migrate diff --script` snapshot (MigrateDiff.test.ts, "mysql"). */
const BLOG_SQL =
  'CREATE TABLE `Blog` (\n    `id` INTEGER NOT NULL,\n    `viewCount20` INTEGER NOT NULL,\n\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;';

const INIT = '20240101000000_init';
let url: string | undefined;
let project: StandInProject;
let answersFile: string;

beforeAll(async () => {
  url = await testMysqlUrl();
  project = installStandIn();
  cpSync(join(repoRoot, 'test', 'fixtures', 'mysql-blog', 'prisma'), join(project.dir, 'prisma'), { recursive: true });
  answersFile = join(project.dir, 'answers.json');
});
afterAll(async () => {
  project.remove();
  if (url) assert.deepEqual(await leftoverMysqlShadowDatabases(), [], 'no shadow database is left behind');
});
beforeEach(() => {
  rmSync(project.log, { force: true });
  rmSync(join(project.dir, 'prisma', 'migrations', '20240102000000_touch'), { recursive: true, force: true });
});

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A live database deployed with the project's first migration as `prisma migrate deploy` leaves it, and a user that may only read it. */
async function deployLive(label: string) {
  const db = await createTestMysqlDatabase(`drift_${label}`);
  const file = join(project.dir, 'prisma', 'migrations', INIT, 'migration.sql');
  for (const statement of readFileSync(file, 'utf8')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.replace(/--.*$/gm, '').trim()))
    await mysqlQuery(statement, db.name);
  await mysqlQuery(PRISMA_MIGRATIONS_DDL, db.name);
  await mysqlQuery(
    `INSERT INTO _prisma_migrations VALUES ('${randomUUID()}', '${sha256(file)}', '2024-01-01 00:00:01.000', '${INIT}', NULL, NULL, '2024-01-01 00:00:00.000', 1)`,
    db.name,
  );
  const reader = { name: `psg_ro_${process.pid}_${Math.random().toString(36).slice(2, 6)}`, password: 'Read-only-psg-1' };
  await mysqlQuery(`CREATE USER '${reader.name}'@'%' IDENTIFIED BY '${reader.password}'`);
  await mysqlQuery(`GRANT SELECT ON \`${db.name}\`.* TO '${reader.name}'@'%'`);
  return {
    ...db,
    readerUrl: withDatabase(url!, db.name, reader),
    password: reader.password,
    /** Every table's checksum and the migrations table's rows: equal before and after means nothing was written. */
    fingerprint: async () => {
      const tables = await mysqlQuery<{ name: string }>(
        `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${db.name}' ORDER BY TABLE_NAME`,
      );
      const sums = await mysqlQuery(`CHECKSUM TABLE ${tables.map((t) => `\`${db.name}\`.\`${t.name}\``).join(', ')} EXTENDED`);
      return JSON.stringify([sums, await mysqlQuery('SELECT * FROM _prisma_migrations ORDER BY migration_name', db.name)]);
    },
    remove: async () => {
      await mysqlQuery(`DROP USER IF EXISTS '${reader.name}'@'%'`);
      await db.drop();
    },
  };
}

function argvLog(): string[][] {
  return readFileSync(project.log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[]);
}

async function runDrift(major: 6 | 7, liveUrl: string, answers: Answers, extra: string[] = []) {
  writeAnswers(answersFile, answers);
  const env = { PSG_STAND_IN_MAJOR: String(major), PSG_STAND_IN_LOG: project.log, PSG_STAND_IN_ANSWERS: answersFile };
  Object.assign(process.env, env);
  try {
    return await cli(['drift', '--json', '--database-url', liveUrl, '--shadow-database-url', url!, ...extra], {
      cwd: project.dir,
      env: {},
    });
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
  }
}

const IN_SYNC: Answers = {
  diff: [
    { from: 'database', to: 'migrations', script: true, changed: false, text: '' },
    { from: 'database', to: 'schema', script: true, changed: false, text: '' },
  ],
};

for (const major of [6, 7] as const) {
  describe(`drift on MySQL with the project's Prisma ${major} (stand-in)`, () => {
    test('in sync: the history read with a SELECT-only user, replayed in a shadow, compared by Prisma; nothing written', async (t) => {
      if (!url) return t.skip(mysqlSkipReason);
      const live = await deployLive('sync');
      try {
        const before = await live.fingerprint();
        const run = await runDrift(major, live.readerUrl, IN_SYNC);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        const result = JSON.parse(run.stdout);
        assert.equal(result.verdict, 'in-sync');
        assert.equal(result.provider, 'mysql');
        assert.equal(result.engine, 'cli');
        assert.equal(result.migrationsTable, true);
        assert.deepEqual(result.migrations, { folder: 1, applied: 1, unapplied: 0, failed: 0 });
        assert.match(result.database, /^127\.0\.0\.1:3306\/psg_test_drift_sync_/);
        assert.ok(!run.stdout.includes(live.password) && !run.stderr.includes(live.password), 'the password is never printed');
        assert.equal(await live.fingerprint(), before, 'the live database is unchanged');

        const calls = argvLog().map((argv) =>
          argv.map((arg) =>
            arg
              .replace(/^.*\/psg_cli_[^/]+\/call-\d+/, '<tmp>')
              .replace(/^mysql:\/\/.*\/psg_shadow_\w+$/, '<shadow>')
              .replace(live.readerUrl, '<live>'),
          ),
        );
        assert.deepEqual(calls[0], ['--version']);
        assert.equal(calls.filter((argv) => argv[0] === '--version').length, 1, 'the version is asked once per run');
        if (major === 6) {
          assert.deepEqual(calls[1], [
            'migrate',
            'diff',
            '--from-url',
            '<live>',
            '--to-migrations',
            '<tmp>/migrations',
            '--shadow-database-url',
            '<shadow>',
            '--script',
            '--exit-code',
          ]);
          assert.deepEqual(calls[2], [
            'migrate',
            'diff',
            '--from-url',
            '<live>',
            '--to-schema-datamodel',
            '<tmp>/schema/schema.prisma',
            '--script',
            '--exit-code',
          ]);
        } else {
          assert.deepEqual(calls[1], [
            'migrate',
            'diff',
            '--from-config-datasource',
            '--to-migrations',
            '<tmp>/migrations',
            '--script',
            '--exit-code',
            '--config',
            '<tmp>/prisma.config.ts',
          ]);
          assert.deepEqual(calls[2], [
            'migrate',
            'diff',
            '--from-config-datasource',
            '--to-schema',
            '<tmp>/schema/schema.prisma',
            '--script',
            '--exit-code',
            '--config',
            '<tmp>/prisma.config.ts',
          ]);
        }
        for (const argv of argvLog()) {
          const shadowAt = argv.indexOf('--shadow-database-url');
          if (shadowAt !== -1) assert.notEqual(argv[shadowAt + 1], live.readerUrl, 'the live database is never a shadow');
        }
      } finally {
        await live.remove();
      }
    });

    test("a table made by hand: schema drift against the history, with Prisma's summary and the SQL that undoes it", async (t) => {
      if (!url) return t.skip(mysqlSkipReason);
      const live = await deployLive('hand');
      try {
        await mysqlQuery(BLOG_SQL, live.name);
        const run = await runDrift(major, live.readerUrl, {
          diff: [
            { from: 'database', to: 'migrations', script: true, changed: true, text: '-- DropTable\nDROP TABLE `Blog`;\n' },
            { from: 'migrations', to: 'database', script: false, changed: true, text: '\n[+] Added tables\n  - Blog\n' },
            { from: 'database', to: 'schema', script: true, changed: true, text: '-- DropTable\nDROP TABLE `Blog`;\n' },
          ],
        });
        assert.equal(run.code, 2, run.stdout + run.stderr);
        const result = JSON.parse(run.stdout);
        assert.equal(result.verdict, 'drift');
        const drifts = result.findings.filter((finding: { kind: string }) => finding.kind === 'schema-drift');
        assert.equal(drifts.length, 1, 'the same SQL against the schema is not reported twice');
        assert.equal(drifts[0].against, 'migrations');
        assert.equal(drifts[0].sql, '-- DropTable\nDROP TABLE `Blog`;');
        assert.match(drifts[0].summary, /\[\+\] Added tables\n\s+- Blog/);
        assert.equal(drifts[0].failsGate, true);
      } finally {
        await live.remove();
      }
    });

    test('edited, failed and vanished migrations from _prisma_migrations, as for PostgreSQL', async (t) => {
      if (!url) return t.skip(mysqlSkipReason);
      const live = await deployLive('rows');
      try {
        const touch = join(project.dir, 'prisma', 'migrations', '20240102000000_touch');
        mkdirSync(touch);
        writeFileSync(join(touch, 'migration.sql'), '-- AlterTable\nALTER TABLE `User` ADD COLUMN `bio` VARCHAR(191) NULL;\n');
        await mysqlQuery(`UPDATE _prisma_migrations SET checksum = '${'e'.repeat(64)}' WHERE migration_name = '${INIT}'`, live.name);
        await mysqlQuery(
          `INSERT INTO _prisma_migrations VALUES ('${randomUUID()}', '${'0'.repeat(64)}', '2023-12-01 00:00:01.000', '20231201000000_gone', NULL, NULL, '2023-12-01 00:00:00.000', 1),
             ('${randomUUID()}', '${sha256(join(touch, 'migration.sql'))}', NULL, '20240102000000_touch', 'Database error code: 1060\nDuplicate column name', NULL, '2024-01-02 00:00:00.000', 0)`,
          live.name,
        );
        const before = await live.fingerprint();
        const run = await runDrift(major, live.readerUrl, IN_SYNC);
        assert.equal(run.code, 2, run.stdout + run.stderr);
        const result = JSON.parse(run.stdout);
        const kinds = result.findings.map((finding: { kind: string; migration?: string }) => `${finding.kind}:${finding.migration}`);
        assert.deepEqual(kinds, ['failed:20240102000000_touch', 'missing-from-folder:20231201000000_gone', `edited:${INIT}`]);
        assert.match(result.findings[0].message, /Duplicate column name/);
        assert.deepEqual(result.migrations, { folder: 2, applied: 1, unapplied: 0, failed: 1 });
        assert.equal(await live.fingerprint(), before, 'the live database is unchanged');
      } finally {
        await live.remove();
      }
    });
  });
}

describe('drift on MySQL: what cannot run is said clearly', () => {
  test('engine wasm has no MySQL connector', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const live = await deployLive('wasm');
    try {
      const run = await runDrift(6, live.readerUrl, IN_SYNC, ['--engine', 'wasm']);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr + run.stdout, /has no mysql connector/);
    } finally {
      await live.remove();
    }
  });

  test('a server URL without a database is refused, naming the flag', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const run = await runDrift(6, withDatabase(url, ''), IN_SYNC);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr + run.stdout, /--database-url: expected the URL of a MySQL database/);
  });

  test('a user without SELECT on the database is told which GRANT to ask for', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const live = await deployLive('grant');
    const stranger = { name: `psg_no_${process.pid}_${Math.random().toString(36).slice(2, 6)}`, password: 'No-rights-psg-1' };
    await mysqlQuery(`CREATE USER '${stranger.name}'@'%' IDENTIFIED BY '${stranger.password}'`);
    try {
      const run = await runDrift(6, withDatabase(url, live.name, stranger), IN_SYNC);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const [error] = JSON.parse(run.stdout).findings;
      assert.match(error.message, /^--database-url: the MySQL server at 127\.0\.0\.1:3306 refused "psg_no_\w+": Access denied/);
      assert.match(error.fix, /GRANT SELECT ON `psg_test_drift_grant_\w+`\.\* TO 'psg_no_\w+'@'%'; is all drift needs/);
      assert.ok(!(run.stderr + run.stdout).includes(stranger.password));
    } finally {
      await mysqlQuery(`DROP USER IF EXISTS '${stranger.name}'@'%'`);
      await live.remove();
    }
  });
});

describe('drift on MySQL through the action', () => {
  test('inputs as GitHub gives them: drift found, outputs and summary, the step failed, no password', async (t) => {
    if (!url) return t.skip(mysqlSkipReason);
    const live = await deployLive('action');
    const env = { PSG_STAND_IN_MAJOR: '7', PSG_STAND_IN_LOG: project.log, PSG_STAND_IN_ANSWERS: answersFile };
    try {
      await mysqlQuery(BLOG_SQL, live.name);
      writeAnswers(answersFile, {
        diff: [
          { from: 'database', to: 'migrations', script: true, changed: true, text: '-- DropTable\nDROP TABLE `Blog`;\n' },
          { from: 'migrations', to: 'database', script: false, changed: true, text: '\n[+] Added tables\n  - Blog\n' },
          { from: 'database', to: 'schema', script: true, changed: true, text: '-- DropTable\nDROP TABLE `Blog`;\n' },
        ],
      });
      Object.assign(process.env, env);
      const result = await runActionInProcess(
        { command: 'drift', 'working-directory': project.dir, 'database-url': live.readerUrl, 'shadow-database-url': url },
        project.dir,
      );
      assert.equal(result.failed, true, result.log);
      assert.equal(result.outputs.verdict, 'drift');
      const report = JSON.parse(result.outputs['report-json']!);
      assert.equal(report.provider, 'mysql');
      assert.equal(report.engine, 'cli');
      assert.match(result.summary, /Blog/);
      // `::add-mask::` lines are how the runner learns what to mask; no other line may hold the password.
      const log = result.log
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      assert.ok(!(log + result.summary + result.outputs['report-json']).includes(live.password), 'the password is never shown');
      assert.ok(
        result.log.split('\n').some((line) => line === `::add-mask::${live.password}`),
        'the password alone is masked too',
      );
      assert.equal(argvLog().filter((argv) => argv[0] === '--version').length, 1);
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
      await live.remove();
    }
  });
});
