/**
 * `drift` on a SQLite file, with no server: the file is read into memory (sql.js) and never written;
 * the applied history is replayed into an in-memory shadow. The file is built here as
 * `prisma migrate deploy` leaves it: the migrations applied, one `_prisma_migrations` row each.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { deploySqlite as deploy, fingerprint } from '../support/sqlite.js';
import { copyProject } from './live.js';

const blog = join(repoRoot, 'test', 'fixtures', 'sqlite-blog');

async function drift(cwd: string, databaseUrl: string) {
  // No shadow URL and no server: a PostgreSQL URL in the environment must not be needed or used.
  const env = { PSG_SHADOW_DATABASE_URL: '' };
  const text = await cli(['drift', '--database-url', databaseUrl], { cwd, env });
  const json = await cli(['drift', '--database-url', databaseUrl, '--json'], { cwd, env });
  assert.equal(json.code, text.code, 'the same exit code with --json');
  return { text, result: json.stdout ? JSON.parse(json.stdout) : undefined, code: text.code };
}

describe('drift on a SQLite file, with no server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function project(): Promise<string> {
    const copy = await copyProject(blog);
    cleanups.push(copy.remove);
    return copy.dir;
  }

  test('a file deployed by the history: no drift, exit 0, the file untouched', async () => {
    const dir = await project();
    const file = join(dir, 'prisma', 'dev.db');
    await deploy(dir, file);
    const before = await fingerprint(file);
    const { text, result, code } = await drift(dir, 'file:./prisma/dev.db');
    assert.equal(code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.provider, 'sqlite');
    assert.equal(result.database, join('prisma', 'dev.db'));
    assert.equal(result.migrationsTable, true);
    assert.deepEqual(result.migrations, { folder: 1, applied: 1, unapplied: 0, failed: 0 });
    assert.deepEqual(result.findings, []);
    assert.equal(result.shadow.description, 'SQLite in memory (sql.js)');
    assert.deepEqual(await fingerprint(file), before, 'the file is byte-identical, its mtime unchanged');
  });

  test('a column added by hand: drift with the SQL that undoes it, exit 2, the file untouched', async () => {
    const dir = await project();
    const file = join(dir, 'dev.db');
    await deploy(dir, file, 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;');
    const before = await fingerprint(file);
    // A plain path works as well as file:.
    const { text, result, code } = await drift(dir, './dev.db');
    assert.equal(code, 2, text.stdout + text.stderr);
    assert.equal(result.verdict, 'drift');
    const finding = result.findings.find(
      (f: { kind: string; against?: string }) => f.kind === 'schema-drift' && f.against === 'migrations',
    );
    assert.ok(finding, JSON.stringify(result.findings, null, 1));
    assert.equal(finding.failsGate, true);
    // Prisma's summary names the column; SQLite drops it by redefining the table without it.
    assert.match(finding.summary, /\[\+\] Added column `nickname`/);
    assert.match(finding.sql, /CREATE TABLE "new_User"/);
    assert.doesNotMatch(finding.sql, /nickname/);
    assert.match(text.stdout, /Added column `nickname`/);
    // The schema comparison says the same thing and is not reported twice.
    assert.deepEqual(
      result.findings.map((f: { kind: string; against?: string }) => `${f.kind}:${f.against}`),
      ['schema-drift:migrations'],
    );
    assert.deepEqual(await fingerprint(file), before, 'the file is byte-identical, its mtime unchanged');
  });

  test('a migration in the folder that the file has not had: unapplied, exit 0 by default', async () => {
    const dir = await project();
    const file = join(dir, 'dev.db');
    await deploy(dir, file);
    const added = join(dir, 'prisma', 'migrations', '20240201000000_add_bio');
    await mkdir(added);
    await writeFile(join(added, 'migration.sql'), '-- AlterTable\nALTER TABLE "User" ADD COLUMN "bio" TEXT;\n');
    const { text, result, code } = await drift(dir, 'file:dev.db');
    assert.equal(code, 0, text.stdout + text.stderr);
    assert.equal(result.verdict, 'unapplied');
    assert.deepEqual(result.migrations, { folder: 2, applied: 1, unapplied: 1, failed: 0 });
  });

  test('a Turso/libSQL URL is refused with the reason and what works instead, exit 1', async () => {
    const dir = await project();
    const { text, code } = await drift(dir, 'libsql://my-db-acme.turso.io?authToken=not-a-real-token');
    assert.equal(code, 1);
    const output = text.stdout + text.stderr;
    assert.match(output, /--database-url: my-db-acme\.turso\.io is a remote Turso\/libSQL database, which is not supported/);
    assert.match(output, /file:\.\/dev\.db/);
    assert.doesNotMatch(output, /not-a-real-token/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  });

  test('a file with changes still in its write-ahead log is refused, the log named, exit 1', async () => {
    const dir = await project();
    await deploy(dir, join(dir, 'dev.db'));
    await writeFile(join(dir, 'dev.db-wal'), 'not yet checkpointed');
    const { text, code } = await drift(dir, 'file:./dev.db');
    assert.equal(code, 1);
    assert.match(text.stdout + text.stderr, /has a write-ahead log \(.*dev\.db-wal\)/);
    assert.match(text.stdout + text.stderr, /wal_checkpoint\(TRUNCATE\)/);
  });

  test('a file that is not a SQLite database is named, exit 1', async () => {
    const dir = await project();
    await writeFile(join(dir, 'notes.db'), 'hello, this is text');
    const { text, code } = await drift(dir, 'file:./notes.db');
    assert.equal(code, 1);
    assert.match(text.stdout + text.stderr, /notes\.db is not a SQLite database/);
  });

  test('a missing file is named, exit 1', async () => {
    const dir = await project();
    const { text, code } = await drift(dir, 'file:./nowhere.db');
    assert.equal(code, 1);
    assert.match(text.stdout + text.stderr, /--database-url: there is no SQLite file at .*nowhere\.db/);
  });
});
