import assert from 'node:assert/strict';
import { afterAll, describe, test } from 'vitest';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { copyProject } from '../drift/live.js';
import { cli } from '../support/cli.js';
import { leftoverShadowDatabases, query, testPostgresUrl } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', name);

async function check(cwd: string, ...args: string[]) {
  const shadow = await testPostgresUrl();
  const text = await cli(['check', '--shadow-database-url', shadow, ...args], { cwd });
  const json = await cli(['check', '--shadow-database-url', shadow, '--json', ...args], { cwd });
  return { text, result: JSON.parse(json.stdout), jsonCode: json.code };
}

describe('check: the scenarios of a pull request', () => {
  afterAll(async () => assert.deepEqual(await leftoverShadowDatabases(), [], 'no shadow database is left behind'));

  test('the blog schema in sync with its history', async () => {
    const { text, result, jsonCode } = await check(join(repoRoot, 'examples', 'blog'));
    assert.equal(text.code, 0, text.stderr);
    assert.equal(jsonCode, 0);
    assert.match(text.stdout, /In sync: prisma\/schema\.prisma and 1 migration in prisma\/migrations/);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.provider, 'postgresql');
    assert.equal(result.migrations, 1);
    assert.equal(result.migrationsTotal, 1);
    assert.equal(result.migrationsApplied, 1);
    assert.deepEqual(result.findings, []);
    assert.equal(typeof result.timings.totalMs, 'number');
  });

  test('a required field added without a migration', async () => {
    const { text, result } = await check(fixture('blog-missing-migration'));
    assert.equal(text.code, 2);
    assert.equal(result.verdict, 'missing-migration');
    const [finding] = result.findings;
    assert.equal(finding.kind, 'missing-migration');
    assert.match(finding.message, /\[\*\] Changed the `Post` table\n\s+\[\+\] Added column `description`/);
    assert.match(finding.sql, /ALTER TABLE "Post" ADD COLUMN\s+"description" TEXT NOT NULL;/);
    assert.match(text.stdout, /Missing migration/);
    assert.match(text.stdout, /npx prisma migrate dev/);
  });

  test('a model removed without a migration', async () => {
    const { text, result } = await check(fixture('blog-model-removed'));
    assert.equal(text.code, 2);
    assert.equal(result.verdict, 'missing-migration');
    assert.match(result.findings[0].message, /Removed tables\n\s+- Post/);
    assert.match(result.findings[0].sql, /DROP TABLE "Post";/);
  });

  test('a migration with a SQL error names the folder, the line, the statement and the database error', async () => {
    const { text, result } = await check(fixture('sql-error'));
    assert.equal(text.code, 2);
    assert.equal(result.verdict, 'migration-failed');
    assert.equal(result.migrations, 1, 'the first migration applied before the failing one');
    assert.equal(result.migrationsApplied, 1, 'the first migration applied before the failing one');
    assert.equal(result.migrationsTotal, 2, 'both folders found');
    const [finding] = result.findings;
    assert.equal(finding.migration, '20240102000000_add_tags');
    assert.equal(finding.file, 'prisma/migrations/20240102000000_add_tags/migration.sql');
    assert.equal(finding.line, 10);
    assert.equal(finding.databaseError.code, '42703');
    assert.match(finding.databaseError.message, /column "postId" referenced in foreign key constraint does not exist/);
    assert.match(finding.sql, /^ALTER TABLE "Tag" ADD CONSTRAINT "Tag_postId_fkey"/);
    assert.match(text.stdout, /prisma\/migrations\/20240102000000_add_tags\/migration\.sql:10/);
    assert.match(text.stdout, /10 \| ALTER TABLE "Tag"/);
  });

  test('a syntax error is located by the server position, inside a multi-line statement', async () => {
    const { text, result } = await check(fixture('sql-syntax-error'));
    assert.equal(text.code, 2);
    assert.equal(result.findings[0].line, 4);
    assert.equal(result.findings[0].databaseError.code, '42601');
  });

  test('DO $$ blocks and function bodies run whole', async () => {
    const { text, result } = await check(fixture('do-block'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
  });

  test('SET lock_timeout then two CREATE INDEX CONCURRENTLY in one migration', async () => {
    const { text, result } = await check(fixture('concurrently'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.migrations, 2);
  });

  test('a table with a CHECK constraint (the "char" column type)', async () => {
    const { text, result } = await check(fixture('check-constraint'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
  });

  test('a Prisma 6 schema with url, directUrl and shadowDatabaseUrl', async () => {
    const { text, result } = await check(fixture('prisma6-url'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
  });

  test('a multi-file prisma/schema/ folder, found without flags', async () => {
    const { text, result } = await check(fixture('multi-file'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.deepEqual(result.schema.files, ['prisma/schema/post.prisma', 'prisma/schema/schema.prisma', 'prisma/schema/user.prisma']);
    assert.equal(result.migrationsDirectory, 'prisma/migrations');
  });

  test('a lock-file provider mismatch', async () => {
    const { text, result } = await check(fixture('provider-mismatch'));
    assert.equal(text.code, 2);
    assert.equal(result.verdict, 'provider-mismatch');
    assert.equal(result.findings[0].file, 'prisma/migrations/migration_lock.toml');
    assert.match(result.findings[0].message, /created for "mysql".*uses "postgresql"/);
  });

  test("a schema syntax error is reported with Prisma's own diagnostic, file and line", async () => {
    const { text, result } = await check(fixture('schema-syntax-error'));
    assert.equal(text.code, 1);
    assert.equal(result.verdict, 'error');
    assert.equal(result.findings[0].kind, 'schema-invalid');
    assert.equal(result.migrationsTotal, 1, 'the folder was found');
    assert.equal(result.migrationsApplied, 0, 'nothing was replayed for a schema the engine rejects');
    assert.equal(result.findings[0].file, 'prisma/schema.prisma');
    assert.equal(result.findings[0].line, 7);
    assert.match(result.findings[0].message, /Type "Strin" is neither a built-in type, nor refers to another model/);
  });

  test('a schema Prisma rejects fails fast: before any shadow database is created or migration replayed', async () => {
    // No server listens on this port: the verdict can only come from validating the schema first.
    const unreachable = 'postgresql://postgres@127.0.0.1:9/postgres';
    const json = await cli(['check', '--shadow-database-url', unreachable, '--json'], { cwd: fixture('schema-syntax-error') });
    assert.equal(json.code, 1, json.stderr);
    const result = JSON.parse(json.stdout);
    assert.equal(result.verdict, 'error');
    assert.equal(result.findings[0].kind, 'schema-invalid');
    assert.equal(result.findings[0].line, 7);
    assert.equal(result.shadow, undefined, 'no shadow database was created');
    assert.equal(result.migrationsApplied, 0);
    assert.equal(typeof result.timings.validateMs, 'number');
    assert.ok(result.timings.validateMs < 5000, `validated in ${result.timings.validateMs} ms`);
  });

  test('native types (@db.*) and an implicit many-to-many table, as Prisma generates them, are in sync', async (t) => {
    if (!(await citextAvailable())) return t.skip('the PostgreSQL server has no citext extension (pg_available_extensions)');
    const { text, result } = await check(fixture('native-types'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.migrations, 1);
    assert.deepEqual(result.findings, []);
  });

  test('a @db.VarChar(100) widened to @db.VarChar(200) without a migration: missing-migration with the ALTER', async (t) => {
    if (!(await citextAvailable())) return t.skip('the PostgreSQL server has no citext extension (pg_available_extensions)');
    const copy = await copyProject(fixture('native-types'));
    try {
      const schemaPath = join(copy.dir, 'prisma', 'schema.prisma');
      const schema = await readFile(schemaPath, 'utf8');
      const from = 'handle   String    @unique @db.VarChar(100)';
      assert.ok(schema.includes(from), 'the fixture has the column this test widens');
      await writeFile(schemaPath, schema.replace(from, 'handle   String    @unique @db.VarChar(200)'));
      const { text, result } = await check(copy.dir);
      assert.equal(text.code, 2, text.stdout + text.stderr);
      assert.equal(result.verdict, 'missing-migration');
      assert.equal(result.findings.length, 1);
      assert.match(result.findings[0].message, /\[\*\] Changed the `Author` table\n\s+\[\*\] Altered column `handle` \(type changed\)/);
      assert.equal(result.findings[0].sql, '-- AlterTable\nALTER TABLE "Author" ALTER COLUMN "handle" SET DATA TYPE VARCHAR(200);');
    } finally {
      await copy.remove();
    }
  });

  test('postgresqlExtensions: extensions the history creates are in sync; one it does not is a missing migration', async (t) => {
    if (!(await extensionsAvailable('citext', 'pg_trgm')))
      return t.skip('the PostgreSQL server lacks citext or pg_trgm (pg_available_extensions)');
    const copy = await copyProject(fixture('native-types'));
    try {
      const schemaPath = join(copy.dir, 'prisma', 'schema.prisma');
      const schema = await readFile(schemaPath, 'utf8');
      const datasource = 'datasource db {\n  provider = "postgresql"\n}';
      assert.ok(schema.includes(datasource), 'the fixture has the datasource this test extends');
      const declare = (extensions: string) =>
        writeFile(
          schemaPath,
          `generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ["postgresqlExtensions"]\n}\n\n${schema.replace(datasource, `datasource db {\n  provider   = "postgresql"\n  extensions = [${extensions}]\n}`)}`,
        );
      // Prisma 7's engine alone would say "missing migration: CREATE EXTENSION citext" here.
      await declare('citext');
      const synced = await check(copy.dir);
      assert.equal(synced.text.code, 0, synced.text.stdout + synced.text.stderr);
      assert.equal(synced.result.verdict, 'in-sync');
      await declare('citext, pg_trgm');
      const missing = await check(copy.dir);
      assert.equal(missing.text.code, 2, missing.text.stdout + missing.text.stderr);
      assert.equal(missing.result.verdict, 'missing-migration');
      assert.match(missing.result.findings[0].sql, /CREATE EXTENSION IF NOT EXISTS "pg_trgm"/);
    } finally {
      await copy.remove();
    }
  });

  test('the real public history of papermark (107 migrations, multi-file, Prisma 6 datasource) is in sync', async () => {
    const { text, result } = await check(join(sharedRoot(), 'corpus', 'papermark'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.migrations, 107);
    assert.equal(result.schema.files.length, 10);
  });
});

/** The native-types fixture has a Citext column: its migration needs the extension on the shadow server. */
async function citextAvailable(): Promise<boolean> {
  return (await query(`SELECT 1 FROM pg_available_extensions WHERE name = 'citext'`)).length > 0;
}

function sharedRoot(): string {
  return process.env.PSG_SHARED_DIR ?? join(repoRoot, '..', 'shared');
}

async function extensionsAvailable(...names: string[]): Promise<boolean> {
  const rows = await query<{ name: string }>(
    `SELECT name FROM pg_available_extensions WHERE name IN (${names.map((name) => `'${name}'`).join(', ')})`,
  );
  return rows.length === names.length;
}
