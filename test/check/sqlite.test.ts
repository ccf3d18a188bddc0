/**
 * `check` on a `provider = "sqlite"` schema needs no server: Prisma's in-process engine over an
 * in-memory SQLite (sql.js) shadow. The blog scenarios, through the CLI as a user runs them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', name);

async function check(cwd: string, ...args: string[]) {
  // No shadow URL and no server: a PostgreSQL URL in the environment must not be needed or used.
  const env = { PSG_SHADOW_DATABASE_URL: '' };
  const text = await cli(['check', ...args], { cwd, env });
  const json = await cli(['check', '--json', ...args], { cwd, env });
  return { text, result: JSON.parse(json.stdout), jsonCode: json.code };
}

describe('check on SQLite, with no server', () => {
  test('the blog in sync with its history', async () => {
    const { text, result, jsonCode } = await check(fixture('sqlite-blog'));
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.equal(jsonCode, 0);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.provider, 'sqlite');
    assert.equal(result.engine, 'wasm');
    assert.equal(result.migrations, 1);
    assert.equal(result.shadow.description, 'SQLite in memory (sql.js)');
  });

  test('a required field added without a migration', async () => {
    const { text, result } = await check(fixture('sqlite-blog-missing-migration'));
    assert.equal(text.code, 2, text.stdout + text.stderr);
    assert.equal(result.verdict, 'missing-migration');
    // SQLite cannot add a required column in place: Prisma's summary says the table is redefined.
    assert.match(result.findings[0].message, /\[\*\] Redefined table `Post`/);
    assert.match(result.findings[0].sql, /"description" TEXT NOT NULL/);
  });

  test("a failing migration names the folder, the line, the statement and SQLite's error", async () => {
    const { text, result } = await check(fixture('sqlite-sql-error'));
    assert.equal(text.code, 2, text.stdout + text.stderr);
    assert.equal(result.verdict, 'migration-failed');
    assert.equal(result.migrations, 1);
    const [finding] = result.findings;
    assert.equal(finding.migration, '20240102000000_add_tags');
    assert.equal(finding.file, 'prisma/migrations/20240102000000_add_tags/migration.sql');
    assert.equal(finding.line, 8);
    assert.equal(finding.sql, 'ALTER TABLE "Tags" ADD COLUMN "postId" INTEGER');
    assert.match(finding.databaseError.message, /no such table: Tags/);
  });

  test('engine wasm is accepted, engine cli is refused for SQLite with the reason', async () => {
    const wasm = await cli(['check', '--engine', 'wasm', '--json'], { cwd: fixture('sqlite-blog'), env: {} });
    assert.equal(wasm.code, 0, wasm.stdout + wasm.stderr);
    const refused = await cli(['check', '--engine', 'cli'], { cwd: fixture('sqlite-blog'), env: {} });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr + refused.stdout, /engine cli is not supported for SQLite/);
  });
});
