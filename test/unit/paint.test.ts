import assert from 'node:assert/strict';
import { stripVTControlCharacters } from 'node:util';
import { describe, test } from 'vitest';
import { paint, renderCheckText } from '../../src/report/text.js';
import { withCheckGate, type CheckResult } from '../../src/verdict/check-result.js';

const result: CheckResult = withCheckGate<Omit<CheckResult, 'gate'>>({
  command: 'check',
  verdict: 'missing-migration',
  provider: 'postgresql',
  migrations: 1,
  migrationsTotal: 1,
  migrationsApplied: 1,
  findings: [
    {
      kind: 'missing-migration',
      message: 'The schema adds a column that no migration creates.',
      sql: 'ALTER TABLE "User" ADD COLUMN "name" TEXT;',
      fix: 'Run `npx prisma migrate dev`.',
    },
  ],
  timings: { totalMs: 1234 },
  schema: { files: ['prisma/schema.prisma'], source: '' },
  migrationsDirectory: 'prisma/migrations',
  engine: 'wasm',
});

describe('terminal colours (util.styleText)', () => {
  test('paint: styled when on, whatever the stream or NO_COLOR say; plain when off', () => {
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    try {
      assert.equal(paint(true, 'red')('x'), '\u001b[31mx\u001b[39m');
      assert.equal(paint(true, 'bold')('x'), '\u001b[1mx\u001b[22m');
      assert.equal(paint(false, 'red')('x'), 'x');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  test('a report with colour is the plain report with styles around its parts', () => {
    const plain = renderCheckText(result, { color: false });
    const coloured = renderCheckText(result, { color: true });
    assert.ok(!plain.includes('\u001b['), plain);
    assert.ok(coloured.includes('\u001b[31m✖ Missing migration:\u001b[39m'), coloured);
    assert.equal(stripVTControlCharacters(coloured), plain);
  });
});
