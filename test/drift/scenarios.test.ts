import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import {
  copyProject,
  createLiveDatabase,
  deploy,
  ownLeftoverShadowDatabases,
  recordMigration,
  sha256,
  testPostgresUrl,
  type LiveDatabase,
} from './live.js';

const blog = join(repoRoot, 'examples', 'blog');
const blogMigrations = join(blog, 'prisma', 'migrations');

/** A second migration for the blog: users get a bio. */
const ADD_BIO = '-- AlterTable\nALTER TABLE "User" ADD COLUMN     "bio" TEXT;\n';

async function drift(cwd: string, live: LiveDatabase, ...args: string[]) {
  const shadow = await testPostgresUrl();
  const base = ['drift', '--database-url', live.url, '--shadow-database-url', shadow, ...args];
  const text = await cli(base, { cwd });
  const json = await cli([...base, '--json'], { cwd });
  assert.equal(json.code, text.code, 'the same exit code with --json');
  return { text, result: JSON.parse(json.stdout), code: text.code };
}

describe('drift: a live database against the migration history', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let twoMigrations: string;

  beforeAll(async () => {
    // The blog with a second migration and the schema that goes with it.
    const project = await copyProject(blog);
    cleanups.push(project.remove);
    twoMigrations = project.dir;
    await mkdir(join(twoMigrations, 'prisma', 'migrations', '20240201000000_add_bio'));
    await writeFile(join(twoMigrations, 'prisma', 'migrations', '20240201000000_add_bio', 'migration.sql'), ADD_BIO);
    const schemaPath = join(twoMigrations, 'prisma', 'schema.prisma');
    await writeFile(schemaPath, (await readFile(schemaPath, 'utf8')).replace('  name  String?\n', '  name  String?\n  bio   String?\n'));
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    assert.deepEqual(await ownLeftoverShadowDatabases(), [], 'no shadow database is left behind');
  });

  async function live(label: string): Promise<LiveDatabase> {
    const database = await createLiveDatabase(label);
    cleanups.push(database.drop);
    return database;
  }

  test('a database deployed by the history: no drift, exit 0', async () => {
    const database = await live('deployed');
    await deploy(database, blogMigrations);
    const { text, result, code } = await drift(blog, database);
    assert.equal(code, 0, text.stdout + text.stderr);
    assert.equal(result.command, 'drift');
    assert.equal(result.verdict, 'in-sync');
    assert.deepEqual(result.findings, []);
    assert.equal(result.migrationsTable, true);
    assert.deepEqual(result.migrations, { folder: 1, applied: 1, unapplied: 0, failed: 0 });
    assert.match(result.database, new RegExp(`/${database.name}$`));
    assert.match(text.stdout, /No drift: .* has all 1 migration of prisma\/migrations/);
  });

  test("a column added by hand: schema drift with Prisma's summary and the SQL that undoes it", async () => {
    const database = await live('column');
    await deploy(database, blogMigrations);
    await database.sql('ALTER TABLE "User" ADD COLUMN "nickname" TEXT');
    const { text, result, code } = await drift(blog, database);
    assert.equal(code, 2);
    assert.equal(result.verdict, 'drift');
    const drifts = result.findings.filter((finding: { kind: string }) => finding.kind === 'schema-drift');
    assert.equal(drifts.length, 1, 'the schema comparison says the same and is not repeated');
    const [finding] = drifts;
    assert.equal(finding.against, 'migrations');
    assert.equal(finding.category, 'drift');
    assert.equal(finding.failsGate, true);
    assert.match(finding.summary, /\[\*\] Changed the `User` table\n\s+\[\+\] Added column `nickname`/);
    assert.match(finding.sql, /ALTER TABLE "public"\."User" DROP COLUMN "nickname";/);
    assert.match(
      text.stdout,
      /SQL that brings the database back in line with its migrations:\n\s+-- AlterTable\n\s+ALTER TABLE "public"\."User" DROP COLUMN "nickname";/,
    );
    assert.match(text.stdout, /✖ Drift: /);
  });

  test('an index dropped by hand: the SQL recreates it', async () => {
    const database = await live('index');
    await deploy(database, blogMigrations);
    await database.sql('DROP INDEX "User_email_key"');
    const { result, code } = await drift(blog, database);
    assert.equal(code, 2);
    const finding = result.findings.find((f: { kind: string }) => f.kind === 'schema-drift');
    assert.match(finding.summary, /Removed (unique )?index on columns \(email\)/i);
    assert.match(finding.sql, /CREATE UNIQUE INDEX "User_email_key" ON "public"\."User"\("email"( ASC)?\);/);
  });

  test('a migration edited after it was applied: which file, when, both checksums', async () => {
    const project = await copyProject(blog);
    cleanups.push(project.remove);
    const database = await live('edited');
    await deploy(database, join(project.dir, 'prisma', 'migrations'));
    const file = join(project.dir, 'prisma', 'migrations', '20240101000000_init', 'migration.sql');
    await appendFile(file, '\n-- a comment added later\n');
    const { text, result, code } = await drift(project.dir, database);
    assert.equal(code, 2);
    assert.equal(result.verdict, 'drift');
    assert.equal(result.findings.length, 1, JSON.stringify(result.findings));
    const [finding] = result.findings;
    assert.equal(finding.kind, 'edited');
    assert.equal(finding.file, 'prisma/migrations/20240101000000_init/migration.sql');
    assert.equal(finding.migration, '20240101000000_init');
    const [row] = await database.sql('SELECT finished_at, checksum FROM "_prisma_migrations"');
    assert.equal(finding.appliedAt, (row!.finished_at as Date).toISOString());
    assert.equal(finding.checksum.database, row!.checksum);
    assert.notEqual(finding.checksum.file, row!.checksum);
    assert.match(text.stdout, /Edited after it was applied prisma\/migrations\/20240101000000_init\/migration\.sql/);
    assert.match(text.stdout, /was edited after it was applied to this database \(on \d{4}-\d\d-\d\dT/);
  });

  test('line endings changed by git are not an edit (Prisma accepts them too)', async () => {
    const project = await copyProject(blog);
    cleanups.push(project.remove);
    const database = await live('crlf');
    await deploy(database, join(project.dir, 'prisma', 'migrations'));
    const file = join(project.dir, 'prisma', 'migrations', '20240101000000_init', 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    const { result, code } = await drift(project.dir, database);
    assert.equal(code, 0, JSON.stringify(result.findings));
    assert.equal(result.verdict, 'in-sync');
  });

  test("a failed migration row: its name and Prisma's log", async () => {
    const database = await live('failed');
    await deploy(database, join(twoMigrations, 'prisma', 'migrations'), 1);
    const log = 'Database error code: 42701\n\nDatabase error:\nERROR: column "bio" of relation "User" already exists';
    await recordMigration(database, { name: '20240201000000_add_bio', checksum: sha256(ADD_BIO), finishedAt: null, logs: log });
    const { text, result, code } = await drift(twoMigrations, database);
    assert.equal(code, 2);
    assert.equal(result.verdict, 'drift');
    const failed = result.findings.find((f: { kind: string }) => f.kind === 'failed');
    assert.equal(failed.migration, '20240201000000_add_bio');
    assert.equal(failed.file, 'prisma/migrations/20240201000000_add_bio/migration.sql');
    assert.equal(failed.logs, log);
    assert.equal(failed.failsGate, true);
    assert.equal(result.migrations.failed, 1);
    assert.ok(!result.findings.some((f: { kind: string }) => f.kind === 'unapplied'), 'a failed migration is not also listed as unapplied');
    assert.match(text.stdout, /Failed migration prisma\/migrations\/20240201000000_add_bio\/migration\.sql/);
    assert.match(text.stdout, /ERROR: column "bio" of relation "User" already exists/);
    assert.match(text.stdout, /prisma migrate resolve --rolled-back 20240201000000_add_bio/);
  });

  test('a rolled-back failure is history: the migration is simply unapplied', async () => {
    const database = await live('rolledback');
    await deploy(database, join(twoMigrations, 'prisma', 'migrations'), 1);
    await recordMigration(database, { name: '20240201000000_add_bio', finishedAt: null, logs: 'boom', rolledBackAt: new Date() });
    const { result, code } = await drift(twoMigrations, database);
    assert.equal(code, 0, JSON.stringify(result.findings));
    assert.deepEqual(result.findings.map((f: { kind: string }) => f.kind).sort(), ['schema-drift', 'unapplied']);
  });

  test('a migration applied that the folder lacks: the histories diverge', async () => {
    const database = await live('missing');
    await deploy(database, blogMigrations);
    await recordMigration(database, { name: '20240301000000_hotfix', finishedAt: new Date() });
    const { text, result, code } = await drift(blog, database);
    assert.equal(code, 2);
    const [finding] = result.findings;
    assert.equal(finding.kind, 'missing-from-folder');
    assert.equal(finding.migration, '20240301000000_hotfix');
    assert.match(finding.appliedAt, /^\d{4}-\d\d-\d\dT/);
    assert.match(text.stdout, /Applied, but missing from the folder/);
    assert.match(text.stdout, /`20240301000000_hotfix` was applied to this database .* but is not in prisma\/migrations/);
  });

  test('a db push database without _prisma_migrations: not managed by Migrate', async () => {
    const database = await live('push');
    await database.sql(await readFile(join(blogMigrations, '20240101000000_init', 'migration.sql'), 'utf8'));
    const { text, result, code } = await drift(blog, database);
    assert.equal(code, 2);
    assert.equal(result.verdict, 'not-managed');
    assert.equal(result.migrationsTable, false);
    assert.deepEqual(
      result.findings.map((f: { kind: string }) => f.kind),
      ['no-migrations-table'],
      'the tables match the schema: nothing else to say',
    );
    assert.match(
      result.findings[0].message,
      /not managed by Prisma Migrate: it has no _prisma_migrations table, but it has 2 tables \("Post", "User"\)/,
    );
    assert.match(text.stdout, /is not managed by Prisma Migrate/);
    assert.match(text.stdout, /migrate resolve --applied/);
  });

  test('unapplied migrations: reported, exit 0 by default, exit 2 with --fail-on unapplied', async () => {
    const database = await live('unapplied');
    await deploy(database, join(twoMigrations, 'prisma', 'migrations'), 1);
    const { text, result, code } = await drift(twoMigrations, database);
    assert.equal(code, 0, text.stdout);
    assert.equal(result.verdict, 'unapplied');
    assert.deepEqual(result.migrations, { folder: 2, applied: 1, unapplied: 1, failed: 0 });
    const unapplied = result.findings.find((f: { kind: string }) => f.kind === 'unapplied');
    assert.equal(unapplied.migration, '20240201000000_add_bio');
    assert.equal(unapplied.category, 'unapplied');
    assert.equal(unapplied.failsGate, false);
    const behind = result.findings.find((f: { kind: string }) => f.kind === 'schema-drift');
    assert.equal(behind.against, 'schema', 'the database is behind the schema, not drifted from its history');
    assert.equal(behind.category, 'unapplied');
    assert.match(behind.summary, /\[\+\] Added column `bio`/);
    assert.match(behind.sql, /ALTER TABLE ("public"\.)?"User" ADD COLUMN\s+"bio" TEXT;/);
    assert.match(text.stdout, /1 migration not applied to .* yet; no drift/);

    const strict = await drift(twoMigrations, database, '--fail-on', 'unapplied');
    assert.equal(strict.code, 2);
    assert.equal(strict.result.verdict, 'unapplied');
    assert.ok(strict.result.findings.every((f: { failsGate: boolean }) => f.failsGate));
  });

  test('a fresh, empty database: every migration waits for its first deploy', async () => {
    const database = await live('empty');
    const { result, code } = await drift(blog, database);
    assert.equal(code, 0);
    assert.equal(result.verdict, 'unapplied');
    assert.equal(result.migrationsTable, false);
    assert.deepEqual(result.findings.map((f: { kind: string }) => f.kind).sort(), ['schema-drift', 'unapplied']);
  });

  test('a migrations table with no rows: its own table is not drift, a table created by hand is', async () => {
    const database = await live('norows');
    await deploy(database, blogMigrations, 0);
    const clean = await drift(blog, database);
    assert.equal(clean.code, 0, JSON.stringify(clean.result.findings));
    assert.equal(clean.result.migrationsTable, true);
    assert.deepEqual(clean.result.findings.map((f: { kind: string; against?: string }) => `${f.kind}:${f.against ?? ''}`).sort(), [
      'schema-drift:schema',
      'unapplied:',
    ]);
    await database.sql('CREATE TABLE "audit" (id int)');
    const dirty = await drift(blog, database);
    assert.equal(dirty.code, 2);
    const finding = dirty.result.findings.find((f: { against?: string }) => f.against === 'migrations');
    assert.match(finding.summary, /audit/);
    assert.match(finding.sql, /DROP TABLE "public"\."audit";/);
  });

  test('an applied migration that does not replay: the folder, the line and the database error', async () => {
    const fixture = join(repoRoot, 'test', 'fixtures', 'sql-error');
    const database = await live('noreplay');
    await deploy(database, join(fixture, 'prisma', 'migrations'), 1);
    // Recorded as applied (someone ran a fixed version by hand), but the file in the folder fails.
    const broken = await readFile(join(fixture, 'prisma', 'migrations', '20240102000000_add_tags', 'migration.sql'), 'utf8');
    await recordMigration(database, { name: '20240102000000_add_tags', checksum: sha256(broken), finishedAt: new Date() });
    const { result, code } = await drift(fixture, database);
    assert.equal(code, 2);
    const finding = result.findings.find((f: { kind: string }) => f.kind === 'migration-failed');
    assert.ok(finding, JSON.stringify(result.findings));
    assert.equal(finding.migration, '20240102000000_add_tags');
    assert.equal(finding.line, 10);
    assert.match(finding.databaseError.message, /column "postId" referenced in foreign key constraint does not exist/);
    assert.equal(finding.failsGate, true);
  });

  test('--fail-on with an unknown category is a usage error', async () => {
    const database = await live('failon');
    const run = await cli(['drift', '--database-url', database.url, '--fail-on', 'everything'], { cwd: blog });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--fail-on: unknown category "everything"/);
  });
});
