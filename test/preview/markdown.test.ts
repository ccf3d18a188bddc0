import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { PreviewClosed, PreviewResult } from '../../src/commands/preview.js';
import { GITHUB_COMMENT_LIMIT, renderPreviewMarkdown } from '../../src/report/preview-markdown.js';
import { expectGolden } from '../support/golden.js';

const DESCRIPTION =
  'Added the required column `description` to the `Post` table without a default value. There are 2 rows in this table, it is not possible to execute this step.';

function result(overrides: Partial<PreviewResult>): PreviewResult {
  return {
    command: 'preview',
    verdict: 'applied',
    gate: 'pass',
    dataLoss: false,
    applied: true,
    acceptedDataLoss: false,
    reset: false,
    executedSteps: 1,
    warnings: [],
    unexecutable: [],
    cleared: [],
    affected: [],
    sql: '-- AlterTable\nALTER TABLE "Post" ADD COLUMN     "subtitle" TEXT;',
    provider: 'postgresql',
    schema: { files: ['prisma/schema.prisma'], source: 'default' },
    database: { name: 'preview_pr_12', server: 'db.internal:5432', mode: 'managed' },
    engine: 'wasm',
    timings: { totalMs: 812 },
    ...overrides,
  };
}

const blocked = result({
  verdict: 'blocked',
  applied: false,
  dataLoss: true,
  executedSteps: 0,
  blockedBy: 'unexecutable',
  unexecutable: [DESCRIPTION],
  sql: '-- AlterTable\nALTER TABLE "Post" ADD COLUMN     "description" TEXT NOT NULL;',
  affected: [
    {
      object: 'Post.description',
      change: 'required column added without a default (TEXT)',
      rows: 2,
      outcome: 'will-fail',
      measured: '2 existing rows would have no value',
      prisma: [DESCRIPTION],
      sql: 'ALTER TABLE "Post" ADD COLUMN "description" TEXT NOT NULL',
    },
  ],
});

describe('preview Markdown (sticky comment and job summary)', () => {
  test('applied', () => expectGolden('preview', 'applied.md', renderPreviewMarkdown(result({}))));
  test('blocked by an unexecutable step', () => expectGolden('preview', 'blocked-unexecutable.md', renderPreviewMarkdown(blocked)));
  test('blocked by data loss, with a note', () =>
    expectGolden(
      'preview',
      'blocked-data-loss.md',
      renderPreviewMarkdown(
        result({
          verdict: 'blocked',
          applied: false,
          dataLoss: true,
          blockedBy: 'data-loss',
          executedSteps: 0,
          warnings: ['You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.'],
          sql: '-- AlterTable\nALTER TABLE "Post" DROP COLUMN "content";',
          affected: [
            {
              object: 'Post.content',
              change: 'column dropped',
              rows: 2,
              outcome: 'loses-data',
              measured: '2 values deleted',
              prisma: ['You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.'],
            },
          ],
        }),
        { acceptLabel: 'accept-data-loss', notes: ["Could not read the pull request's labels (403)."] },
      ),
    ));
  test('closed', async () => {
    const closed: PreviewClosed = {
      command: 'preview',
      verdict: 'closed',
      gate: 'pass',
      database: { name: 'preview_pr_12', server: 'db.internal:5432', mode: 'managed' },
      dropped: true,
      dataLoss: false,
      applied: false,
    };
    await expectGolden('preview', 'closed.md', renderPreviewMarkdown(closed));
  });

  test("a huge plan stays under GitHub's limit: the SQL goes first, then rows; the verdict stays", () => {
    const affected = Array.from({ length: 3_000 }, (_, i) => ({ ...blocked.affected[0]!, object: `Post${i}.description` }));
    const huge = result({ ...blocked, affected, sql: 'ALTER TABLE "Post" ADD COLUMN "x" TEXT;\n'.repeat(5_000) });
    const text = renderPreviewMarkdown(huge);
    assert.ok(text.length < GITHUB_COMMENT_LIMIT, `${text.length} characters`);
    assert.match(text, /⛔ blocked: Prisma cannot apply this change to the data/);
    assert.match(text, /left out to fit GitHub's comment limit/);
    assert.match(text, /…and \d+ more affected objects/);
    const medium = renderPreviewMarkdown(result({ ...blocked, sql: 'ALTER TABLE "Post" ADD COLUMN "x" TEXT;\n'.repeat(2_000) }));
    assert.ok(medium.length < GITHUB_COMMENT_LIMIT);
    assert.ok(medium.includes(DESCRIPTION), 'only the SQL was dropped');
  });

  test('passwords never reach the comment', () => {
    const text = renderPreviewMarkdown(result({ ...blocked, unexecutable: ['see postgresql://app:hunter22@db/x'] }));
    assert.doesNotMatch(text, /hunter22/);
  });
});
