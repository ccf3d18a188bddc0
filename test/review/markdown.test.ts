import assert from 'node:assert/strict';
import { test } from 'vitest';
import { GITHUB_COMMENT_LIMIT, renderReviewMarkdown } from '../../src/report/review-markdown.js';
import { catalogOf, reviewMigrations } from '../../src/review/analyse.js';
import type { ReviewFinding } from '../../src/review/rules.js';
import { expectGolden } from '../support/golden.js';

const BASE = `CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "bio" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL);`;

const PR = `-- AlterTable
ALTER TABLE "User" DROP COLUMN "bio",
ADD COLUMN "nick" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- prisma-schema-guard-ignore drop-table: archived to S3 in #412
DROP TABLE "Post";
`;

async function prFindings(): Promise<ReviewFinding[]> {
  return reviewMigrations({
    base: await catalogOf([BASE]),
    migrations: [{ name: '20240601000000_profile', file: 'prisma/migrations/20240601000000_profile/migration.sql', sql: PR }],
    prisma: { version: '6.19.0' },
  });
}

test('golden: a review with failing, locking and ignored findings', async () => {
  const markdown = renderReviewMarkdown(await prFindings(), { migrations: ['20240601000000_profile'], base: 'main' });
  await expectGolden('review', 'findings.md', markdown);
  assert.match(markdown, /❌ 3 findings fail the gate/);
  assert.match(markdown, /archived to S3 in #412/);
});

test('golden: all clear, and a PR that adds no migration', async () => {
  await expectGolden('review', 'clear.md', renderReviewMarkdown([], { migrations: ['20240601000000_tags'], base: 'main' }));
  await expectGolden('review', 'no-migrations.md', renderReviewMarkdown([], { migrations: [], base: 'main' }));
});

test("300 findings stay under GitHub's 65,536-character comment limit, dropping detail in stages", async () => {
  const tables = Array.from({ length: 300 }, (_, i) => `CREATE TABLE "Table${i}" ("id" SERIAL NOT NULL, "notes" TEXT);`);
  const drops = Array.from({ length: 300 }, (_, i) => `ALTER TABLE "Table${i}" DROP COLUMN "notes";`);
  const findings = await reviewMigrations({
    base: await catalogOf([tables.join('\n')]),
    migrations: [
      {
        name: '20240601000000_big',
        file: 'prisma/migrations/20240601000000_big/migration.sql',
        sql: `SET lock_timeout = '5s';\n${drops.join('\n')}\n`,
      },
    ],
  });
  assert.equal(findings.length, 300);
  const full = renderReviewMarkdown(findings, { migrations: ['20240601000000_big'], maxLength: Number.MAX_SAFE_INTEGER });
  assert.ok(full.length > GITHUB_COMMENT_LIMIT, `the full rendering (${full.length}) must exceed the limit for this test to mean anything`);
  const bounded = renderReviewMarkdown(findings, { migrations: ['20240601000000_big'] });
  assert.ok(bounded.length < GITHUB_COMMENT_LIMIT, `${bounded.length} characters`);
  assert.match(bounded, /❌ 300 findings fail the gate/);
  assert.ok(bounded.includes('Table299.notes'), 'every finding is still listed');

  // Longer findings: even the table does not fit, so rows are left out, and the comment says so.
  const verbose = findings.map((finding) => ({ ...finding, object: `${finding.object}_${'x'.repeat(200)}` }));
  const cut = renderReviewMarkdown(verbose, { migrations: ['20240601000000_big'] });
  assert.ok(cut.length < GITHUB_COMMENT_LIMIT, `${cut.length} characters`);
  const left = /…and (\d+) more findings/.exec(cut);
  assert.ok(left, 'says how many findings were left out');
  const rows = cut.split('\n').filter((line) => line.startsWith('| ❌')).length;
  assert.equal(rows + Number(left[1]), 300);
  assert.ok(cut.length > GITHUB_COMMENT_LIMIT - 5_000, 'uses the room it has');
});
