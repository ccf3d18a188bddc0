import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { commentMarker } from '../../src/github/client.js';
import { changesOf } from '../../src/plan/changes.js';
import { measurementKey, type Measurements } from '../../src/plan/measurements.js';
import { buildPlan, decide, losesData } from '../../src/plan/plan.js';
import { previewDatabaseName } from '../../src/preview/databases.js';

describe("plan: the changes in Prisma's SQL that touch existing data", () => {
  test('ALTER TABLE clauses: dropped, required, type changes, and "no cast" recreations', () => {
    const changes = changesOf(`-- AlterTable
ALTER TABLE "User" DROP COLUMN "bio",
ADD COLUMN     "nick" TEXT NOT NULL,
ADD COLUMN     "score" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "name" SET NOT NULL,
DROP COLUMN "age",
ADD COLUMN     "age" INTEGER NOT NULL,
ALTER COLUMN "n" SET DATA TYPE VARCHAR(4)`);
    assert.deepEqual(changes, [
      { kind: 'drop-column', table: { name: 'User' }, column: 'bio' },
      { kind: 'add-required-column', table: { name: 'User' }, column: 'nick', type: 'TEXT' },
      { kind: 'make-required', table: { name: 'User' }, column: 'name' },
      { kind: 'change-type', table: { name: 'User' }, column: 'age', type: 'INTEGER', recreated: true },
      { kind: 'change-type', table: { name: 'User' }, column: 'n', type: 'VARCHAR(4)', recreated: false },
    ]);
  });

  test('unique indexes, dropped tables, schema-qualified names; new tables change no data', () => {
    assert.deepEqual(changesOf('CREATE UNIQUE INDEX "User_a_b_key" ON "auth"."User"("a", "b")'), [
      { kind: 'add-unique', table: { schema: 'auth', name: 'User' }, columns: ['a', 'b'], index: 'User_a_b_key' },
    ]);
    assert.deepEqual(changesOf('DROP TABLE "Post"'), [{ kind: 'drop-table', table: { name: 'Post' } }]);
    assert.deepEqual(changesOf('CREATE TABLE "A" ("id" SERIAL NOT NULL)'), []);
    assert.deepEqual(changesOf('ALTER TABLE "A" ADD COLUMN "id2" SERIAL NOT NULL'), [], 'a serial has a default');
  });
});

describe('plan: measured verdicts and the decision', () => {
  const unique = {
    sql: 'CREATE UNIQUE INDEX "User_name_key" ON "User"("name")',
    changes: changesOf('CREATE UNIQUE INDEX "User_name_key" ON "User"("name")'),
  };
  const warning =
    'A unique constraint covering the columns `[name]` on the table `User` will be added. If there are existing duplicate values, this will fail.';
  const counts = (groups: number): Measurements =>
    new Map([
      [measurementKey({ kind: 'rows', table: { name: 'User' } }), { count: 3 }],
      [measurementKey({ kind: 'duplicate-groups', table: { name: 'User' }, columns: ['name'] }), { count: groups, rows: groups * 2 }],
    ]);

  test('a unique constraint on duplicates will fail: blocked, even with data loss accepted, unless a reset is asked for', () => {
    const plan = buildPlan({ sql: unique.sql, statements: [unique], warnings: [warning], unexecutable: [], measurements: counts(1) });
    assert.equal(plan.affected[0]!.outcome, 'will-fail');
    assert.equal(plan.affected[0]!.measured, '1 group of duplicate values (2 rows)');
    assert.deepEqual(plan.affected[0]!.prisma, [warning]);
    assert.deepEqual(decide(plan, { acceptDataLoss: true, forceReset: false }), { action: 'block', reason: 'will-fail' });
    assert.deepEqual(decide(plan, { acceptDataLoss: false, forceReset: true }), { action: 'reset-and-apply' });
  });

  test('the same constraint without duplicates: the warning is cleared and the plan applied with no data loss', () => {
    const plan = buildPlan({ sql: unique.sql, statements: [unique], warnings: [warning], unexecutable: [], measurements: counts(0) });
    assert.equal(plan.affected[0]!.outcome, 'will-succeed');
    assert.deepEqual(plan.cleared, [warning]);
    assert.equal(losesData(plan), false);
    assert.deepEqual(decide(plan, { acceptDataLoss: false, forceReset: false }), { action: 'apply', force: true, acceptedDataLoss: false });
  });

  test('a dropped column with values needs accepted data loss', () => {
    const sql = 'ALTER TABLE "User" DROP COLUMN "bio"';
    const message = 'You are about to drop the column `bio` on the `User` table, which still contains 2 non-null values.';
    const measurements: Measurements = new Map([
      [measurementKey({ kind: 'rows', table: { name: 'User' } }), { count: 3 }],
      [measurementKey({ kind: 'non-null', table: { name: 'User' }, column: 'bio' }), { count: 2 }],
    ]);
    const plan = buildPlan({ sql, statements: [{ sql, changes: changesOf(sql) }], warnings: [message], unexecutable: [], measurements });
    assert.deepEqual(
      plan.affected.map((o) => [o.object, o.outcome, o.rows]),
      [['User.bio', 'loses-data', 2]],
    );
    assert.equal(losesData(plan), true);
    assert.deepEqual(decide(plan, { acceptDataLoss: false, forceReset: false }), { action: 'block', reason: 'data-loss' });
    assert.deepEqual(decide(plan, { acceptDataLoss: true, forceReset: false }), { action: 'apply', force: true, acceptedDataLoss: true });
  });

  test('a message that names no parsed change still appears, verbatim', () => {
    const plan = buildPlan({
      sql: '',
      statements: [],
      warnings: [],
      unexecutable: ['The values [B] on the enum `Role` will be removed.'],
      measurements: new Map(),
    });
    assert.deepEqual(plan.affected[0]!.prisma, ['The values [B] on the enum `Role` will be removed.']);
    assert.deepEqual(decide(plan, { acceptDataLoss: true, forceReset: false }), { action: 'block', reason: 'unexecutable' });
  });
});

describe('preview database names and comment markers', () => {
  test('names: <number> replaced, lower-cased, invalid characters replaced, bounded', () => {
    assert.equal(previewDatabaseName('preview_pr_<number>', 42), 'preview_pr_42');
    assert.equal(previewDatabaseName('Shop-Preview.<number>', 7), 'shop_preview_7');
    assert.equal(previewDatabaseName('<number>_pr', 7), '_7_pr');
    assert.throws(() => previewDatabaseName('preview', 7), /has no <number>/);
    assert.throws(() => previewDatabaseName(`${'x'.repeat(60)}_<number>`, 1234), /at most 63/);
    // Hostile templates are refused, never quietly changed and never sent as SQL.
    assert.throws(
      () => previewDatabaseName(`pr_<number>"; DROP DATABASE prod; --`, 7),
      /holds "\\""; a preview database name may hold letters a-z, digits, _, - and \. only/,
    );
    assert.throws(() => previewDatabaseName("pr_<number>';", 7), /holds "'"/);
    assert.throws(() => previewDatabaseName('pr <number>', 7), /holds " "/);
    assert.throws(() => previewDatabaseName('превью_<number>', 7), /holds "п"/);
    assert.throws(() => previewDatabaseName('pr_<number>;', 7), /holds ";"/);
  });

  test('markers: hidden, one per kind and schema, never closed early', () => {
    assert.equal(
      commentMarker('preview', 'apps/shop/prisma/schema.prisma'),
      '<!-- prisma-schema-guard:preview:apps/shop/prisma/schema.prisma -->',
    );
    assert.equal(commentMarker('preview', 'a b-->c'), '<!-- prisma-schema-guard:preview:a_b-_c -->');
  });
});
