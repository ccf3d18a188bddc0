import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { DIALECTS, dialectOf } from '../../src/dialect/index.js';
import { reviewedDialect } from '../../src/review/provider.js';

describe('dialects', () => {
  test('one per provider this tool checks; none for the others', () => {
    for (const provider of ['postgresql', 'mysql', 'sqlite'] as const) assert.equal(dialectOf(provider)?.provider, provider);
    for (const provider of ['sqlserver', 'cockroachdb', 'mongodb', 'toString', 'unknown']) assert.equal(dialectOf(provider), undefined);
  });

  test('each cuts a script as its database reads it', async () => {
    assert.deepEqual(
      (await DIALECTS.postgresql.splitStatements('SELECT 1; SELECT $$a;b$$;')).map((s) => s.text),
      ['SELECT 1', 'SELECT $$a;b$$'],
    );
    assert.deepEqual(
      (await DIALECTS.mysql.splitStatements("SELECT 'a;b'; SELECT 2;")).map((s) => s.text),
      ["SELECT 'a;b'", 'SELECT 2'],
    );
    assert.equal((await DIALECTS.sqlite.splitStatements('CREATE TABLE "a" ("x" INTEGER); DROP TABLE "a";')).length, 2);
  });

  test('the review reads PostgreSQL and MySQL migrations, not SQLite ones', async () => {
    assert.equal(DIALECTS.sqlite.reviewMigrations, undefined);
    const migrations = [{ name: '2_drop', file: 'm/2_drop/migration.sql', sql: 'DROP TABLE "User";' }];
    const found = await DIALECTS.postgresql.reviewMigrations!({ before: ['CREATE TABLE "User" ("id" INTEGER);'], migrations });
    assert.ok(
      found.some((finding) => finding.rule === 'drop-table'),
      JSON.stringify(found),
    );
    const mysql = await DIALECTS.mysql.reviewMigrations!({
      before: ['CREATE TABLE `User` (`id` INTEGER);'],
      migrations: [{ ...migrations[0]!, sql: 'DROP TABLE `User`;' }],
    });
    assert.ok(
      mysql.some((finding) => finding.rule === 'drop-table'),
      JSON.stringify(mysql),
    );
  });

  test("the lock file's provider picks the review's dialect; no lock file is PostgreSQL", () => {
    assert.equal(reviewedDialect({ file: 'migration_lock.toml', content: null })?.provider, 'postgresql');
    assert.equal(
      reviewedDialect({ file: 'migration_lock.toml', content: 'provider = "mysql"\n', provider: 'mysql', written: 'mysql' })?.provider,
      'mysql',
    );
    assert.equal(
      reviewedDialect({ file: 'migration_lock.toml', content: 'provider = "sqlserver"\n', provider: 'sqlserver', written: 'sqlserver' }),
      undefined,
    );
    assert.equal(reviewedDialect({ file: 'migration_lock.toml', content: 'provider = "x"\n', written: 'x' }), undefined);
  });
});
