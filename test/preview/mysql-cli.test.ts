/**
 * `preview` on MySQL/MariaDB end to end, as a user runs it: the CLI, the wiring (engine auto → cli),
 * a real database on the MariaDB/MySQL server (counts, the columns a MODIFY restates, the push's SQL
 * really run), and the project's `node_modules/.bin/prisma` — here the stand-in
 * (test/engine/stand-in/), which answers `migrate diff` and `db push` from an answers file with
 * Prisma's own texts (its README says where each comes from) and runs the push's SQL on the database.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { splitMysqlStatements } from '../../src/sql/mysql-statements.js';
import { writeAnswers, type Answers } from '../engine/stand-in/answers.js';
import { installStandIn, type StandInProject } from '../engine/stand-in/install.js';
import { cli } from '../support/cli.js';
import { createTestMysqlDatabase, mysqlQuery, mysqlSkipReason, testMysqlUrl, withDatabase } from '../support/mysql.js';
import { repoRoot } from '../support/paths.js';
import { copyBlog } from './blog.js';

const FIXTURE = join(repoRoot, 'test', 'fixtures', 'mysql-blog', 'prisma');
const INIT = readFileSync(join(FIXTURE, 'migrations', '20240101000000_init', 'migration.sql'), 'utf8');
const SEED = [
  "INSERT INTO `User` (id, email, name) VALUES (1, 'ada@example.com', 'Ada'), (2, 'grace@example.com', 'Ada'), (3, 'alan@example.com', NULL)",
  "INSERT INTO `Post` (title, content, authorId) VALUES ('Hello', 'first post', 1), ('Again', 'second post', 2), ('Draft', NULL, 3)",
];

// Prisma's texts (prisma-engines sql_destructive_change_checker: warning_check.rs, unexecutable_step_check.rs).
const DROP_CONTENT = 'You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.';
const UNIQUE_NAME =
  'A unique constraint covering the columns `[name]` on the table `User` will be added. If there are existing duplicate values, this will fail.';
const REQUIRED_NAME = 'Made the column `name` on table `User` required, but there are 1 existing NULL values.';

const PASSWORD = 'Pv-secret-4711';

let server: string | undefined;
let project: StandInProject;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await testMysqlUrl();
  project = installStandIn();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  project.remove();
});

/** A database with the blog's tables and rows, reached as a user with a password (which no output may show). */
async function blogDatabase(label: string): Promise<{ name: string; url: string }> {
  const database = await createTestMysqlDatabase(`pv_${label}`);
  const user = `psg_pv_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
  await mysqlQuery(`CREATE USER '${user}'@'%' IDENTIFIED BY '${PASSWORD}'`);
  await mysqlQuery(`GRANT ALL PRIVILEGES ON \`${database.name}\`.* TO '${user}'@'%'`);
  cleanups.push(async () => {
    await database.drop();
    await mysqlQuery(`DROP USER IF EXISTS '${user}'@'%'`);
  });
  for (const statement of [...splitMysqlStatements(INIT).map((s) => s.text), ...SEED]) await mysqlQuery(statement, database.name);
  return { name: database.name, url: withDatabase(server!, database.name, { name: user, password: PASSWORD }) };
}

/** The project's schema: the fixture's, edited. */
function writeSchema(edit?: (schema: string) => string): void {
  rmSync(join(project.dir, 'prisma'), { recursive: true, force: true });
  cpSync(FIXTURE, join(project.dir, 'prisma'), { recursive: true });
  if (!edit) return;
  const file = join(project.dir, 'prisma', 'schema.prisma');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, 'the edit changed the schema');
  writeFileSync(file, after);
}

/** The argv of every stand-in call since the last reset, temporary paths and the URL replaced. */
function calls(): string[][] {
  return readFileSync(project.log, 'utf8')
    .trim()
    .split('\n')
    .map((line) =>
      (JSON.parse(line) as string[]).map((arg) => arg.replace(/^.*\/psg_cli_[^/]+\/call-\d+/, '<tmp>').replace(/^mysql:\/\/.*$/, '<url>')),
    );
}

function pushArgv(major: number, accept: boolean): string[] {
  const args = ['db', 'push', '--schema', '<tmp>/schema/schema.prisma'];
  if (accept) args.push('--accept-data-loss');
  return major >= 7 ? [...args, '--config', '<tmp>/prisma.config.ts'] : [...args, '--skip-generate'];
}

function diffArgv(major: number): string[] {
  return major >= 7
    ? [
        'migrate',
        'diff',
        '--from-config-datasource',
        '--to-schema',
        '<tmp>/schema/schema.prisma',
        '--script',
        '--exit-code',
        '--config',
        '<tmp>/prisma.config.ts',
      ]
    : ['migrate', 'diff', '--from-url', '<url>', '--to-schema-datamodel', '<tmp>/schema/schema.prisma', '--script', '--exit-code'];
}

const columnsOf = async (database: string, table: string) =>
  (
    await mysqlQuery<{ name: string }>(
      `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${database}' AND TABLE_NAME = '${table}' ORDER BY ORDINAL_POSITION`,
    )
  ).map((row) => row.name);

for (const major of [6, 7] as const) {
  describe(`preview on MySQL/MariaDB with the project's Prisma ${major} (stand-in)`, () => {
    /** Runs `preview` with the stand-in answering `answers`; the output must never hold the password. */
    async function preview(url: string, answers: Answers, ...flags: string[]) {
      const file = join(project.dir, `answers-${major}.json`);
      writeAnswers(file, answers);
      rmSync(project.log, { force: true });
      const env = { PSG_STAND_IN_MAJOR: String(major), PSG_STAND_IN_LOG: project.log, PSG_STAND_IN_ANSWERS: file };
      Object.assign(process.env, env);
      try {
        const run = await cli(['preview', '--database-url', url, ...flags], { cwd: project.dir, env: {} });
        assert.doesNotMatch(run.stdout + run.stderr, new RegExp(PASSWORD), 'no password in any output');
        assert.doesNotMatch(run.stdout + run.stderr, /mysql:\/\/[^\s]*@/, 'no URL with credentials in any output');
        return { ...run, result: flags.includes('--json') && run.stdout ? JSON.parse(run.stdout) : undefined };
      } finally {
        for (const name of Object.keys(env)) delete process.env[name];
      }
    }

    test('in sync: exit 0, engine cli, provider mysql, one migrate diff and no push', async (t) => {
      if (!server) return t.skip(mysqlSkipReason);
      const database = await blogDatabase(`sync${major}`);
      writeSchema();
      const run = await preview(
        database.url,
        { diff: [{ from: 'database', to: 'schema', script: true, changed: false, text: '' }] },
        '--json',
      );
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.result.verdict, 'in-sync');
      assert.equal(run.result.engine, 'cli');
      assert.equal(run.result.provider, 'mysql');
      assert.deepEqual(run.result.database, { name: database.name, server: '127.0.0.1:3306', mode: 'given' });
      assert.deepEqual(calls(), [['--version'], diffArgv(major)]);
    });

    test("a dropped column with data: Prisma's warning and the count measured on MariaDB, blocked (exit 2), nothing changed; applied with --accept-data-loss", async (t) => {
      if (!server) return t.skip(mysqlSkipReason);
      const database = await blogDatabase(`drop${major}`);
      writeSchema((schema) => schema.replace('  content   String?\n', ''));
      const sql = '-- AlterTable\nALTER TABLE `Post` DROP COLUMN `content`;\n';
      const answers: Answers = {
        diff: [{ from: 'database', to: 'schema', script: true, changed: true, text: sql }],
        push: { warnings: [DROP_CONTENT], sql },
      };

      const blocked = await preview(database.url, answers, '--json');
      assert.equal(blocked.code, 2, blocked.stdout + blocked.stderr);
      assert.equal(blocked.result.verdict, 'blocked');
      assert.equal(blocked.result.blockedBy, 'data-loss');
      assert.equal(blocked.result.dataLoss, true);
      assert.equal(blocked.result.applied, false);
      assert.deepEqual(blocked.result.warnings, [DROP_CONTENT]);
      assert.equal(blocked.result.sql, sql.trim());
      const dropped = blocked.result.affected.find((o: { object: string }) => o.object === 'Post.content');
      assert.equal(dropped.outcome, 'loses-data');
      assert.equal(dropped.rows, 2, 'two of the three posts have a content: counted on the real rows');
      assert.equal(dropped.measured, '2 values deleted');
      assert.deepEqual(dropped.prisma, [DROP_CONTENT]);
      assert.deepEqual(calls(), [['--version'], diffArgv(major), pushArgv(major, false)], 'one push, without --accept-data-loss');
      assert.deepEqual(
        await columnsOf(database.name, 'Post'),
        ['id', 'title', 'content', 'published', 'authorId', 'createdAt'],
        'nothing was applied',
      );
      assert.deepEqual((await mysqlQuery<{ n: number }>('SELECT COUNT(content) AS n FROM `Post`', database.name))[0]!.n, 2);

      const text = await preview(database.url, answers);
      assert.equal(text.code, 2);
      assert.ok(text.stdout.includes(`Prisma: ${DROP_CONTENT}`), text.stdout);
      assert.match(text.stdout, /Post\.content: column dropped \(2 rows\)/);

      const applied = await preview(database.url, answers, '--json', '--accept-data-loss');
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      assert.equal(applied.result.verdict, 'applied');
      assert.equal(applied.result.applied, true);
      assert.equal(applied.result.acceptedDataLoss, true);
      assert.equal(applied.result.acceptedBy, '--accept-data-loss');
      assert.deepEqual(calls(), [['--version'], diffArgv(major), pushArgv(major, false), pushArgv(major, true)]);
      assert.deepEqual(await columnsOf(database.name, 'Post'), ['id', 'title', 'published', 'authorId', 'createdAt'], 'the column is gone');
    });

    test('a new unique index on real duplicates: measured to fail, blocked even with --accept-data-loss; without duplicates the warning is cleared and the index created', async (t) => {
      if (!server) return t.skip(mysqlSkipReason);
      const database = await blogDatabase(`unique${major}`);
      writeSchema((schema) => schema.replace('  name  String?\n', '  name  String? @unique\n'));
      const sql = '-- CreateIndex\nCREATE UNIQUE INDEX `User_name_key` ON `User`(`name`);\n';
      const answers: Answers = {
        diff: [{ from: 'database', to: 'schema', script: true, changed: true, text: sql }],
        push: { warnings: [UNIQUE_NAME], sql },
      };

      const blocked = await preview(database.url, answers, '--json', '--accept-data-loss');
      assert.equal(blocked.code, 2, blocked.stdout + blocked.stderr);
      assert.equal(blocked.result.blockedBy, 'will-fail');
      const unique = blocked.result.affected.find((o: { object: string }) => o.object === 'User(name)');
      assert.equal(unique.outcome, 'will-fail');
      assert.equal(unique.measured, '1 group of duplicate values (2 rows)', 'two users named Ada; the NULL name collides with nothing');
      assert.deepEqual(unique.prisma, [UNIQUE_NAME]);
      assert.deepEqual(calls(), [['--version'], diffArgv(major), pushArgv(major, false)], 'a step measured to fail is never pushed');
      const indexes = async () =>
        (
          await mysqlQuery<{ name: string }>(
            `SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '${database.name}' AND TABLE_NAME = 'User' ORDER BY INDEX_NAME`,
          )
        ).map((row) => row.name);
      assert.deepEqual(await indexes(), ['PRIMARY', 'User_email_key']);

      await mysqlQuery("UPDATE `User` SET name = 'Grace' WHERE id = 2", database.name);
      const applied = await preview(database.url, answers, '--json');
      assert.equal(applied.code, 0, applied.stdout + applied.stderr);
      assert.equal(applied.result.verdict, 'applied');
      assert.equal(applied.result.dataLoss, false);
      assert.equal(applied.result.acceptedDataLoss, false);
      assert.deepEqual(applied.result.cleared, [UNIQUE_NAME]);
      assert.equal(applied.result.affected[0].measured, 'no duplicate values');
      assert.deepEqual(calls().at(-1), pushArgv(major, true), 'the measured-harmless warning is pushed past');
      assert.deepEqual(await indexes(), ['PRIMARY', 'User_email_key', 'User_name_key']);
    });

    test("MODIFY to required: only the nullability changes (read from the column as it is), the NULLs counted, Prisma's unexecutable step", async (t) => {
      if (!server) return t.skip(mysqlSkipReason);
      const database = await blogDatabase(`modify${major}`);
      writeSchema((schema) => schema.replace('  name  String?\n', '  name  String\n'));
      const sql = '-- AlterTable\nALTER TABLE `User` MODIFY `name` VARCHAR(191) NOT NULL;\n';
      const blocked = await preview(
        database.url,
        {
          diff: [{ from: 'database', to: 'schema', script: true, changed: true, text: sql }],
          push: { unexecutable: [REQUIRED_NAME], sql },
        },
        '--json',
      );
      assert.equal(blocked.code, 2, blocked.stdout + blocked.stderr);
      assert.equal(blocked.result.blockedBy, 'unexecutable');
      assert.deepEqual(blocked.result.unexecutable, [REQUIRED_NAME]);
      assert.deepEqual(
        blocked.result.affected.map((o: { object: string; change: string; outcome: string; measured: string }) => [
          o.object,
          o.change,
          o.outcome,
          o.measured,
        ]),
        [['User.name', 'made required', 'will-fail', '1 row hold NULL']],
        'VARCHAR(191) is the type the column has: no type change is reported',
      );
      assert.equal((await mysqlQuery<{ n: number }>('SELECT COUNT(*) AS n FROM `User` WHERE name IS NULL', database.name))[0]!.n, 1);
    });
  });
}

describe('preview on MySQL/MariaDB: what cannot run', () => {
  test('engine wasm is refused (no MySQL connector in-process); an unreachable server is named by its flag, the password hidden', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    writeSchema();
    const wasm = await cli(['preview', '--engine', 'wasm', '--database-url', 'mysql://root@127.0.0.1:3306/whatever'], {
      cwd: project.dir,
      env: {},
    });
    assert.equal(wasm.code, 1);
    assert.match(wasm.stderr, /--engine: the in-process engine \(wasm\) has no mysql connector/);
    const unreachable = await cli(['preview', '--database-url', 'mysql://u:hidden-pw@127.0.0.1:1/db'], { cwd: project.dir, env: {} });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /--database-url: could not connect to the MySQL server at 127\.0\.0\.1:1/);
    assert.doesNotMatch(unreachable.stderr, /hidden-pw/);
    const noDatabase = await cli(['preview', '--database-url', 'mysql://root@127.0.0.1:3306/'], { cwd: project.dir, env: {} });
    assert.equal(noDatabase.code, 1);
    assert.match(noDatabase.stderr, /--database-url: the MySQL URL names no database/);
  });

  test('a PostgreSQL schema on a MySQL URL: said with the datasource line', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const blog = await copyBlog();
    cleanups.push(blog.remove);
    const run = await cli(['preview', '--database-url', 'mysql://root@127.0.0.1:3306/whatever'], { cwd: blog.dir, env: {} });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /is a MySQL\/MariaDB database, but the schema's datasource uses "postgresql" \(prisma\/schema\.prisma:3\)/);
  });
});
