/**
 * `preview` on a SQLite file, with no server: the schema is pushed into an in-memory copy, and the
 * file is replaced (temporary file + rename) only when the plan was applied; a blocked plan leaves
 * it byte-identical.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { deploySqlite, fingerprint, querySqlite } from '../support/sqlite.js';
import { copyProject } from '../drift/live.js';

const blog = join(repoRoot, 'test', 'fixtures', 'sqlite-blog');
const SEED = `INSERT INTO "User" (id, email, name) VALUES (1, 'ada@example.com', 'Ada'), (2, 'alan@example.com', 'Alan');`;

async function preview(cwd: string, ...args: string[]) {
  const run = await cli(['preview', '--json', ...args], { cwd, env: {} });
  return { ...run, result: run.stdout ? JSON.parse(run.stdout) : undefined };
}

const columns = async (file: string, table: string) =>
  (await querySqlite(file, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)).map((row) => row.name);

describe('preview on a SQLite file, with no server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** The blog deployed into prisma/dev.db with two users, the schema edited by `edit`. */
  async function project(edit?: (schema: string) => string): Promise<{ dir: string; file: string }> {
    const copy = await copyProject(blog);
    cleanups.push(copy.remove);
    const file = join(copy.dir, 'prisma', 'dev.db');
    await deploySqlite(copy.dir, file, SEED);
    if (edit) {
      const schemaPath = join(copy.dir, 'prisma', 'schema.prisma');
      await writeFile(schemaPath, edit(await readFile(schemaPath, 'utf8')));
    }
    return { dir: copy.dir, file };
  }

  const noTemporaryFiles = async (dir: string) =>
    assert.deepEqual(
      (await readdir(join(dir, 'prisma'))).filter((name) => name.endsWith('.tmp')),
      [],
    );

  test('in sync: exit 0, the file untouched', async () => {
    const { dir, file } = await project();
    const before = await fingerprint(file);
    const run = await preview(dir, '--database-url', 'file:./prisma/dev.db');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.result.verdict, 'in-sync');
    assert.equal(run.result.provider, 'sqlite');
    assert.equal(run.result.database.name, join('prisma', 'dev.db'));
    assert.deepEqual(await fingerprint(file), before);
  });

  test('a safe change (an optional column) is applied and written back, the data kept', async () => {
    const { dir, file } = await project((schema) => schema.replace('  name  String?\n', '  name  String?\n  bio   String?\n'));
    const run = await preview(dir, '--database-url', 'file:./prisma/dev.db');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.result.verdict, 'applied');
    assert.equal(run.result.applied, true);
    assert.ok(run.result.executedSteps > 0);
    assert.match(run.result.sql, /"bio"/);
    assert.deepEqual(await columns(file, 'User'), ['id', 'email', 'name', 'bio']);
    assert.deepEqual(await querySqlite(file, 'SELECT email FROM "User" ORDER BY id'), [
      { email: 'ada@example.com' },
      { email: 'alan@example.com' },
    ]);
    await noTemporaryFiles(dir);
    // The file now matches the schema: a second run has nothing to do.
    const again = await preview(dir, '--database-url', 'file:./prisma/dev.db');
    assert.equal(again.result.verdict, 'in-sync', again.stdout + again.stderr);
  });

  test('a destructive change (a column with data dropped) is blocked: exit 2, the file byte-identical', async () => {
    const { dir, file } = await project((schema) => schema.replace('  name  String?\n', ''));
    const before = await fingerprint(file);
    const run = await preview(dir, '--database-url', './prisma/dev.db');
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(run.result.verdict, 'blocked');
    assert.equal(run.result.applied, false);
    assert.equal(run.result.dataLoss, true);
    assert.ok(
      run.result.warnings.some((warning: string) => /name/.test(warning)),
      JSON.stringify(run.result.warnings),
    );
    assert.deepEqual(await fingerprint(file), before, 'not a byte written, the mtime unchanged');
    await noTemporaryFiles(dir);
  });

  test('the same change with --accept-data-loss is applied and written back', async () => {
    const { dir, file } = await project((schema) => schema.replace('  name  String?\n', ''));
    const run = await preview(dir, '--database-url', './prisma/dev.db', '--accept-data-loss');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.result.verdict, 'applied');
    assert.equal(run.result.acceptedDataLoss, true);
    assert.deepEqual(await columns(file, 'User'), ['id', 'email']);
    assert.deepEqual(await querySqlite(file, 'SELECT count(*) AS n FROM "User"'), [{ n: 2 }]);
    await noTemporaryFiles(dir);
  });

  test('a Turso/libSQL or D1 URL is refused with the reason and what works instead, exit 1', async () => {
    const { dir } = await project();
    for (const [url, service] of [
      ['libsql://preview-acme.turso.io?authToken=not-a-real-token', 'Turso/libSQL'],
      ['d1://preview', 'Cloudflare D1'],
    ] as const) {
      const run = await cli(['preview', '--database-url', url], { cwd: dir, env: {} });
      assert.equal(run.code, 1);
      const output = run.stdout + run.stderr;
      assert.ok(output.includes(`--database-url: `) && output.includes(`remote ${service} database, which is not supported`), output);
      assert.match(output, /file:\.\/dev\.db/);
      assert.doesNotMatch(output, /not-a-real-token/);
    }
  });

  test('a SQLite file for a PostgreSQL schema is refused, exit 1', async () => {
    const { dir } = await project((schema) => schema.replace('provider = "sqlite"', 'provider = "postgresql"'));
    const run = await cli(['preview', '--database-url', 'file:./prisma/dev.db'], { cwd: dir, env: {} });
    assert.equal(run.code, 1);
    assert.match(run.stdout + run.stderr, /the database URL is a SQLite file, but the schema's datasource uses "postgresql"/i);
  });
});
