import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { cli } from '../support/cli.js';
import { createTestDatabase, leftoverShadowDatabases, query } from '../support/postgres.js';
import { copyBlog, DESCRIPTION_MESSAGE, SEED_SQL, type BlogCopy } from './blog.js';

/** `prisma-schema-guard preview` against a real PostgreSQL database, one database per test. */
describe('preview (CLI): db push with a data-loss plan', () => {
  const made: Array<{ drop: () => Promise<void>; name: string }> = [];
  const copies: BlogCopy[] = [];
  afterAll(async () => {
    for (const database of made) await database.drop();
    for (const copy of copies) await copy.remove();
    const names = made.map((database) => `'${database.name}'`).join(',');
    if (names)
      assert.deepEqual(await query(`SELECT datname FROM pg_database WHERE datname IN (${names})`), [], 'every test database is dropped');
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  /** A database holding the blog's schema (pushed by the CLI itself) and the seed's rows. */
  async function seededBlog(label: string) {
    const database = await createTestDatabase(`preview_${label}`);
    made.push(database);
    const blog = await copyBlog();
    copies.push(blog);
    const first = await run(blog, database.url);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.result.verdict, 'applied');
    await query(SEED_SQL, database.name);
    return { database, blog };
  }

  async function run(blog: BlogCopy, url: string, ...flags: string[]) {
    const out = await cli(['preview', '--schema', 'prisma/schema.prisma', '--database-url', url, '--json', ...flags], { cwd: blog.dir });
    return { ...out, result: out.stdout ? JSON.parse(out.stdout) : undefined };
  }

  let blogForHelp: BlogCopy;
  beforeAll(async () => {
    blogForHelp = await copyBlog();
    copies.push(blogForHelp);
  });

  test('a safe additive change is applied; the same schema again is in sync', async () => {
    const { database, blog } = await seededBlog('safe');
    await blog.edit('  content   String?', '  content   String?\n  subtitle  String?');
    const applied = await run(blog, database.url);
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.result.verdict, 'applied');
    assert.equal(applied.result.applied, true);
    assert.equal(applied.result.dataLoss, false);
    assert.deepEqual(applied.result.warnings, []);
    assert.deepEqual(applied.result.unexecutable, []);
    assert.match(applied.result.sql, /ALTER TABLE "Post" ADD COLUMN\s+"subtitle" TEXT;/);
    const columns = await query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'Post' AND column_name = 'subtitle'`,
      database.name,
    );
    assert.equal(columns.length, 1, 'the column exists now');
    const again = await run(blog, database.url);
    assert.equal(again.code, 0);
    assert.equal(again.result.verdict, 'in-sync');
  });

  test("a required column on a table with 2 rows is blocked with Prisma's exact message; the data is untouched", async () => {
    const { database, blog } = await seededBlog('required');
    await blog.edit('  title     String', '  title     String\n  description String');
    const blocked = await run(blog, database.url);
    assert.equal(blocked.code, 2);
    assert.equal(blocked.result.verdict, 'blocked');
    assert.equal(blocked.result.blockedBy, 'unexecutable');
    assert.deepEqual(blocked.result.unexecutable, [DESCRIPTION_MESSAGE]);
    const object = blocked.result.affected.find((o: { object: string }) => o.object === 'Post.description');
    assert.equal(object.outcome, 'will-fail');
    assert.equal(object.rows, 2);
    assert.deepEqual(object.prisma, [DESCRIPTION_MESSAGE]);
    const columns = await query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'Post' AND column_name = 'description'`,
      database.name,
    );
    assert.equal(columns.length, 0, 'nothing was applied');
    assert.equal((await query(`SELECT count(*)::int AS n FROM "Post"`, database.name))[0]!.n, 2);
    // Accepting data loss does not make an unexecutable step run.
    const accepted = await run(blog, database.url, '--accept-data-loss');
    assert.equal(accepted.code, 2);
    assert.equal(accepted.result.verdict, 'blocked');
    // The text report says the same in words.
    const text = await cli(['preview', '--schema', 'prisma/schema.prisma', '--database-url', database.url], { cwd: blog.dir });
    assert.equal(text.code, 2);
    assert.ok(text.stdout.includes(DESCRIPTION_MESSAGE), text.stdout);
    // force-reset: the database is emptied, then the schema pushed.
    const reset = await run(blog, database.url, '--force-reset');
    assert.equal(reset.code, 0, reset.stdout);
    assert.equal(reset.result.verdict, 'applied');
    assert.equal(reset.result.reset, true);
    assert.equal((await query(`SELECT count(*)::int AS n FROM "Post"`, database.name))[0]!.n, 0);
  });

  test('a dropped column with data is blocked, and applied with --accept-data-loss (the data is gone only then)', async () => {
    const { database, blog } = await seededBlog('dropcol');
    await blog.edit('  content   String?\n', '');
    const blocked = await run(blog, database.url);
    assert.equal(blocked.code, 2);
    assert.equal(blocked.result.blockedBy, 'data-loss');
    assert.equal(blocked.result.dataLoss, true);
    assert.deepEqual(blocked.result.warnings, [
      'You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.',
    ]);
    const dropped = blocked.result.affected.find((o: { object: string }) => o.object === 'Post.content');
    assert.equal(dropped.outcome, 'loses-data');
    assert.equal(dropped.rows, 2);
    assert.deepEqual(
      (await query(`SELECT content FROM "Post" ORDER BY id`, database.name)).map((row) => row.content),
      ['first post', 'second post'],
    );
    const applied = await run(blog, database.url, '--accept-data-loss');
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.result.verdict, 'applied');
    assert.equal(applied.result.acceptedDataLoss, true);
    assert.equal(applied.result.acceptedBy, '--accept-data-loss');
    assert.equal(
      (await query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Post' AND column_name = 'content'`, database.name)).length,
      0,
    );
  });

  test('a unique constraint: duplicates make the measured verdict "will fail"; without them it is applied', async () => {
    const { database, blog } = await seededBlog('unique');
    await query(`UPDATE "User" SET name = 'Ada'`, database.name);
    await blog.edit('  name  String?', '  name  String? @unique');
    const blocked = await run(blog, database.url, '--accept-data-loss');
    assert.equal(blocked.code, 2, 'a step measured to fail is not attempted even with data loss accepted');
    assert.equal(blocked.result.blockedBy, 'will-fail');
    const unique = blocked.result.affected.find((o: { object: string }) => o.object === 'User(name)');
    assert.equal(unique.outcome, 'will-fail');
    assert.equal(unique.measured, '1 group of duplicate values (2 rows)');
    assert.match(
      unique.prisma[0],
      /^A unique constraint covering the columns `\[name\]` on the table `User` will be added\. If there are existing duplicate values, this will fail\.$/,
    );

    await query(`UPDATE "User" SET name = 'Grace' WHERE email = 'grace@example.com'`, database.name);
    const applied = await run(blog, database.url);
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.result.verdict, 'applied');
    assert.equal(applied.result.dataLoss, false);
    const measured = applied.result.affected.find((o: { object: string }) => o.object === 'User(name)');
    assert.equal(measured.outcome, 'will-succeed');
    assert.equal(applied.result.cleared.length, 1);
    assert.equal((await query(`SELECT 1 FROM pg_indexes WHERE indexname = 'User_name_key'`, database.name)).length, 1);
  });

  test('a type change: values that do not convert are counted', async () => {
    const { database, blog } = await seededBlog('cast');
    await query(`UPDATE "Post" SET title = 'Hi' WHERE id = 2`, database.name);
    await blog.edit('  title     String', '  title     String @db.VarChar(4)');
    const blocked = await run(blog, database.url, '--accept-data-loss');
    assert.equal(blocked.code, 2);
    const title = blocked.result.affected.find((o: { object: string }) => o.object === 'Post.title');
    assert.equal(title.outcome, 'will-fail');
    assert.match(title.measured, /^1 of 2 values do not convert to `VARCHAR\(4\)`$/);
  });

  test('a missing --database-url or an unreachable database is exit 1 with the flag named', async () => {
    const missing = await cli(['preview'], { cwd: blogForHelp.dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--database-url is required/);
    const unreachable = await cli(['preview', '--database-url', 'postgresql://u:secret@127.0.0.1:1/db'], { cwd: blogForHelp.dir });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /--database-url: could not connect/);
    assert.doesNotMatch(unreachable.stderr, /secret/);
  });
});
