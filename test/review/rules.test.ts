import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { FailOnCategory } from '../../src/gate/fail-on.js';
import { catalogOf, reviewMigrations } from '../../src/review/analyse.js';
import { readPrismaVersion, runsConcurrentlyBesideOthers } from '../../src/review/prisma-version.js';
import { parseRules, type ReviewFinding, type RuleId } from '../../src/review/rules.js';
import { classifyTypeChange } from '../../src/review/sql-types.js';

/** The schema every test starts from: what the base branch's migrations created. */
const BASE = `CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'GUEST');
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "bio" TEXT,
    "name" VARCHAR(100),
    "age" INTEGER,
    "role" "Role" NOT NULL DEFAULT 'USER',
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);`;

const LOCK = "SET lock_timeout = '5s';\n";

interface Options {
  prisma?: string;
  rules?: Set<RuleId>;
  failOn?: Set<FailOnCategory>;
}

async function reviewSql(migrations: string | string[], options: Options = {}): Promise<ReviewFinding[]> {
  const list = Array.isArray(migrations) ? migrations : [migrations];
  return reviewMigrations({
    base: await catalogOf([BASE]),
    migrations: list.map((sql, index) => ({
      name: `2024060${index + 1}000000_pr`,
      file: `prisma/migrations/2024060${index + 1}000000_pr/migration.sql`,
      sql,
    })),
    prisma: options.prisma ? { version: options.prisma, source: 'test' } : undefined,
    rules: options.rules,
    failOn: options.failOn,
  });
}

/** [rule, line] of every finding that is not silenced. */
function found(findings: ReviewFinding[]): Array<[string, number]> {
  return findings.filter((finding) => !finding.ignored).map((finding) => [finding.rule, finding.line]);
}

describe('destructive rules', () => {
  test('drop-table, on the line of the statement', async () => {
    const findings = await reviewSql(`${LOCK}-- DropTable\nDROP TABLE "Post";\n`);
    assert.deepEqual(found(findings), [['drop-table', 3]]);
    assert.equal(findings[0]!.object, 'Post');
    assert.equal(findings[0]!.category, 'destructive');
    assert.equal(findings[0]!.failsGate, true);
    assert.match(findings[0]!.message, /every row is lost/);
  });

  test('drop-column points at the clause of a multi-line ALTER TABLE', async () => {
    const findings = await reviewSql(`${LOCK}-- AlterTable\nALTER TABLE "User" ADD COLUMN "x" INTEGER,\nDROP COLUMN "bio";\n`);
    assert.deepEqual(found(findings), [['drop-column', 4]]);
    assert.equal(findings[0]!.object, 'User.bio');
  });

  test('rename-as-drop-add: a dropped column and one of the same type added → "looks like a rename"', async () => {
    const findings = await reviewSql(`${LOCK}ALTER TABLE "User" DROP COLUMN "bio",\nADD COLUMN "biography" TEXT;\n`);
    assert.deepEqual(found(findings), [['rename-as-drop-add', 2]]);
    assert.match(findings[0]!.message, /looks like a rename/);
    assert.match(findings[0]!.fix, /RENAME COLUMN "bio" TO "biography"/);
    // A different type is no rename.
    assert.deepEqual(found(await reviewSql(`${LOCK}ALTER TABLE "User" DROP COLUMN "bio",\nADD COLUMN "score" INTEGER;\n`)), [
      ['drop-column', 2],
    ]);
  });

  test('drop-type', async () => {
    const findings = await reviewSql(`${LOCK}ALTER TABLE "User" DROP COLUMN "role";\nDROP TYPE "Role";\n`);
    assert.deepEqual(found(findings), [
      ['drop-column', 2],
      ['drop-type', 3],
    ]);
  });

  test("enum-values-removed: Prisma's Role_new / Role_old dance", async () => {
    const sql = `${LOCK}-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER';
COMMIT;
`;
    const findings = await reviewSql(sql);
    const removed = findings.find((finding) => finding.rule === 'enum-values-removed');
    assert.ok(removed, JSON.stringify(found(findings)));
    assert.equal(removed.line, 9);
    assert.equal(removed.object, 'Role');
    assert.match(removed.message, /'GUEST'/);
    assert.ok(!findings.some((finding) => finding.rule === 'drop-type' || finding.rule === 'lossy-type-change'));
  });

  test('lossy-type-change: narrowing is lossy, widening is not', async () => {
    assert.deepEqual(found(await reviewSql(`${LOCK}ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(50);\n`)), [
      ['lossy-type-change', 2],
      ['table-rewrite', 2],
    ]);
    assert.deepEqual(found(await reviewSql(`${LOCK}ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(200);\n`)), []);
    assert.deepEqual(found(await reviewSql(`${LOCK}ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE TEXT;\n`)), []);
    assert.deepEqual(found(await reviewSql(`${LOCK}ALTER TABLE "User" ALTER COLUMN "bio" SET DATA TYPE INTEGER USING "bio"::integer;\n`)), [
      ['lossy-type-change', 2],
      ['table-rewrite', 2],
    ]);
  });

  test('truncate, delete and update without WHERE; with WHERE they pass', async () => {
    const sql = `${LOCK}TRUNCATE "Post";\nDELETE FROM "User";\nUPDATE "User" SET "bio" = NULL;\nDELETE FROM "User" WHERE "id" = 1;\nUPDATE "User" SET "bio" = '' WHERE "bio" IS NULL;\n`;
    assert.deepEqual(found(await reviewSql(sql)), [
      ['truncate', 2],
      ['delete-without-where', 3],
      ['update-without-where', 4],
    ]);
  });

  test('required-column-without-default on an existing table; a default or a new table passes', async () => {
    const sql = `${LOCK}ALTER TABLE "User" ADD COLUMN "nick" TEXT NOT NULL;\nALTER TABLE "User" ADD COLUMN "plan" TEXT NOT NULL DEFAULT 'free';\n`;
    assert.deepEqual(found(await reviewSql(sql)), [['required-column-without-default', 2]]);
  });

  test('unique-index-on-existing-data, for CREATE UNIQUE INDEX and ADD CONSTRAINT UNIQUE', async () => {
    const findings = await reviewSql(
      `${LOCK}CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User"("email");\nALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE ("title");\n`,
      { prisma: '7.4.0' },
    );
    assert.deepEqual(found(findings), [
      ['unique-index-on-existing-data', 2],
      ['unique-index-on-existing-data', 3],
      ['index-without-concurrently', 3],
    ]);
    assert.match(findings[0]!.fix, /HAVING count\(\*\) > 1/);
  });

  test('not-analysed: a statement the parser cannot read is reported, the others are still analysed', async () => {
    const findings = await reviewSql(`${LOCK}CREATE TABLE "Broken" ("id" INTEGER,);\nDROP TABLE "Post";\n`);
    assert.deepEqual(found(findings), [
      ['not-analysed', 2],
      ['drop-table', 3],
    ]);
    assert.match(findings[0]!.message, /cannot read/);
    assert.equal(findings[0]!.failsGate, true);
  });

  test('not-analysed: an unterminated string (the scanner gives up too) is one unread piece', async () => {
    const findings = await reviewSql(`-- comment\nDROP TABLE "Post";\nSELECT 'oops;\n`);
    assert.deepEqual(found(findings), [['not-analysed', 2]]);
  });

  test('not-analysed: the body of a DO block', async () => {
    assert.deepEqual(found(await reviewSql(`DO $$ BEGIN EXECUTE 'DROP TABLE "Post"'; END $$;\n`)), [['not-analysed', 1]]);
  });
});

describe('locking rules', () => {
  test('index-without-concurrently on an existing table, with advice for the Prisma version', async () => {
    const sql = `${LOCK}-- CreateIndex\nCREATE INDEX "Post_title_idx" ON "Post"("title");\n`;
    const old = await reviewSql(sql, { prisma: '6.19.0' });
    assert.deepEqual(found(old), [['index-without-concurrently', 3]]);
    assert.equal(old[0]!.category, 'lock');
    assert.equal(old[0]!.failsGate, false, 'lock findings do not fail by default');
    assert.match(old[0]!.fix, /a migration of its own, alone in its migration.sql: Prisma 6.19.0/);
    const current = await reviewSql(sql, { prisma: '7.4.1' });
    assert.match(current[0]!.fix, /in this migration: Prisma 7.4.1 runs it outside a transaction/);
    const unknown = await reviewSql(sql);
    assert.match(unknown[0]!.fix, /with Prisma 7.4\+ in this migration; before 7.4, alone/);
    assert.deepEqual(
      found(await reviewSql(`${LOCK}CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\n`, { prisma: '7.4.0' })),
      [],
    );
  });

  test('concurrently-in-transaction: before Prisma 7.4 CONCURRENTLY must be alone in its migration', async () => {
    const sql = `${LOCK}CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\n`;
    assert.deepEqual(found(await reviewSql(sql, { prisma: '7.3.0' })), [['concurrently-in-transaction', 2]]);
    assert.deepEqual(found(await reviewSql(sql, { prisma: '7.4.0' })), []);
    assert.deepEqual(found(await reviewSql('CREATE INDEX CONCURRENTLY "Post_title_idx" ON "Post"("title");\n', { prisma: '5.22.0' })), []);
  });

  test('constraint-without-not-valid for a foreign key and a CHECK; NOT VALID passes', async () => {
    const sql = `${LOCK}ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "User" ADD CONSTRAINT "age_positive" CHECK ("age" > 0);
ALTER TABLE "Post" ADD CONSTRAINT "Post_fk2" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID;
ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_fk2";
`;
    const findings = await reviewSql(sql);
    assert.deepEqual(found(findings), [
      ['constraint-without-not-valid', 2],
      ['constraint-without-not-valid', 3],
    ]);
    assert.match(findings[0]!.message, /writes to `Post` and `User` are blocked/);
  });

  test('table-rewrite for a widening type change (no data lost)', async () => {
    const findings = await reviewSql(`${LOCK}ALTER TABLE "User" ALTER COLUMN "age" SET DATA TYPE BIGINT;\n`);
    assert.deepEqual(found(findings), [['table-rewrite', 2]]);
    assert.match(findings[0]!.message, /from int4 to int8/);
  });

  test('set-not-null', async () => {
    assert.deepEqual(found(await reviewSql(`${LOCK}ALTER TABLE "User" ALTER COLUMN "bio" SET NOT NULL;\n`)), [['set-not-null', 2]]);
  });

  test('volatile-default rewrites; now() does not', async () => {
    const sql = `${LOCK}ALTER TABLE "User" ADD COLUMN "token" UUID DEFAULT gen_random_uuid();\nALTER TABLE "User" ADD COLUMN "seen" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP;\nALTER TABLE "User" ADD COLUMN "at" TIMESTAMP(3) DEFAULT now();\n`;
    const findings = await reviewSql(sql);
    assert.deepEqual(found(findings), [['volatile-default', 2]]);
    assert.match(findings[0]!.message, /gen_random_uuid\(\)/);
  });

  test('vacuum-full and cluster', async () => {
    assert.deepEqual(found(await reviewSql(`${LOCK}VACUUM FULL "User";\nVACUUM "User";\nCLUSTER "Post" USING "Post_pkey";\n`)), [
      ['vacuum-full', 2],
      ['cluster', 4],
    ]);
  });

  test('missing-lock-timeout: once per migration, on the first statement that locks an existing table', async () => {
    const findings = await reviewSql(
      `CREATE TABLE "Tag" ("id" INTEGER);\nALTER TABLE "User" ADD COLUMN "x" TEXT;\nALTER TABLE "Post" ADD COLUMN "y" TEXT;\n`,
    );
    assert.deepEqual(found(findings), [['missing-lock-timeout', 2]]);
    assert.equal(findings[0]!.severity, 'notice');
    assert.deepEqual(
      found(await reviewSql(`SET lock_timeout = 0;\nALTER TABLE "User" ADD COLUMN "x" TEXT;\n`)),
      [['missing-lock-timeout', 2]],
      'lock_timeout = 0 means none',
    );
  });
});

describe('objects created in the same pull request are new', () => {
  test('a table created and indexed in the same migration: no finding', async () => {
    const sql = `-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "postId" INTEGER NOT NULL,
    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");
CREATE INDEX "Tag_postId_idx" ON "Tag"("postId");
-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Tag" ADD COLUMN "slug" TEXT NOT NULL;
`;
    assert.deepEqual(found(await reviewSql(sql)), []);
  });

  test('a table created in an earlier migration of the PR, changed and dropped in a later one: no finding', async () => {
    const first = 'CREATE TABLE "Tag" ("id" SERIAL NOT NULL, "name" VARCHAR(100) NOT NULL, "note" TEXT);\n';
    const second =
      'CREATE INDEX "Tag_name_idx" ON "Tag"("name");\nALTER TABLE "Tag" ALTER COLUMN "name" SET DATA TYPE VARCHAR(10), DROP COLUMN "note";\nTRUNCATE "Tag";\nDROP TABLE "Tag";\n';
    assert.deepEqual(found(await reviewSql([first, second])), []);
  });

  test('a column added earlier in the PR and dropped later loses no data', async () => {
    const findings = await reviewSql([
      `${LOCK}ALTER TABLE "User" ADD COLUMN "tmp" TEXT;\n`,
      `${LOCK}ALTER TABLE "User" DROP COLUMN "tmp";\n`,
    ]);
    assert.deepEqual(found(findings), []);
  });
});

describe('control', () => {
  test('an ignore comment above a statement silences one rule, with its reason', async () => {
    const sql = `${LOCK}-- DropTable
-- prisma-schema-guard-ignore drop-table: Post was emptied and archived in #412
DROP TABLE "Post";
DROP TABLE "User";
`;
    const findings = await reviewSql(sql);
    assert.deepEqual(found(findings), [['drop-table', 5]]);
    const ignored = findings.find((finding) => finding.ignored);
    assert.ok(ignored);
    assert.equal(ignored.line, 4);
    assert.equal(ignored.ignored, 'Post was emptied and archived in #412');
    assert.equal(ignored.failsGate, false);
  });

  test('an ignore comment names one rule: other findings of the statement remain', async () => {
    const sql = `${LOCK}-- prisma-schema-guard-ignore index-without-concurrently: tiny table\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n`;
    assert.deepEqual(found(await reviewSql(sql)), [['unique-index-on-existing-data', 3]]);
  });

  test('rules and fail-on', async () => {
    const sql = `${LOCK}DROP TABLE "Post";\nCREATE INDEX "User_bio_idx" ON "User"("bio");\n`;
    assert.deepEqual(found(await reviewSql(sql, { rules: parseRules('lock') })), [['index-without-concurrently', 3]]);
    assert.deepEqual(found(await reviewSql(sql, { rules: parseRules('all,-drop-table') })), [['index-without-concurrently', 3]]);
    const lock = await reviewSql(sql, { failOn: new Set(['lock']) });
    assert.deepEqual(
      lock.map((finding) => finding.failsGate),
      [false, true],
    );
    const none = await reviewSql(sql, { failOn: new Set() });
    assert.ok(none.every((finding) => !finding.failsGate));
    assert.throws(() => parseRules('drop-tabel', '--rules'), /--rules: unknown rule "drop-tabel"/);
    assert.ok(parseRules('lock').has('not-analysed'), 'not-analysed always runs');
  });

  test('lines are right after non-ASCII text (the parser counts bytes)', async () => {
    const findings = await reviewSql(`${LOCK}COMMENT ON TABLE "User" IS 'Größe → 🚀';\n\nDROP TABLE "Post";\n`);
    assert.deepEqual(found(findings), [['drop-table', 4]]);
  });
});

describe('type changes and Prisma versions', () => {
  test('classifyTypeChange', () => {
    const t = (name: string, ...mods: number[]) => ({ name, mods, array: false });
    assert.deepEqual(classifyTypeChange(t('varchar', 10), t('varchar', 20), false), { lossy: false, rewrite: false });
    assert.deepEqual(classifyTypeChange(t('varchar', 20), t('varchar', 10), false), { lossy: true, rewrite: true });
    assert.deepEqual(classifyTypeChange(t('int4'), t('int8'), false), { lossy: false, rewrite: true });
    assert.deepEqual(classifyTypeChange(t('int8'), t('int4'), false), { lossy: true, rewrite: true });
    assert.deepEqual(classifyTypeChange(t('numeric', 10, 2), t('numeric', 12, 2), false), { lossy: false, rewrite: false });
    assert.deepEqual(classifyTypeChange(t('numeric', 10, 2), t('numeric', 10, 1), false), { lossy: true, rewrite: true });
    assert.deepEqual(classifyTypeChange(t('timestamp', 3), t('timestamp', 6), false), { lossy: false, rewrite: false });
    assert.deepEqual(classifyTypeChange(t('int4'), t('text'), false), { lossy: false, rewrite: true });
  });

  test('runsConcurrentlyBesideOthers', () => {
    assert.equal(runsConcurrentlyBesideOthers({ version: '7.4.0' }), true);
    assert.equal(runsConcurrentlyBesideOthers({ version: '7.3.9' }), false);
    assert.equal(runsConcurrentlyBesideOthers({ version: '8.0.0' }), true);
    assert.equal(runsConcurrentlyBesideOthers({}), undefined);
  });

  test('readPrismaVersion prefers the lock file over the range in package.json', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'psg-review-version-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { prisma: '^6.2.0' } }));
      assert.deepEqual(readPrismaVersion(dir, dir), { version: '6.2.0', source: 'package.json (prisma@^6.2.0)' });
      writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/prisma': { version: '7.4.2' } } }));
      assert.deepEqual(readPrismaVersion(dir, dir), { version: '7.4.2', source: 'package-lock.json' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
