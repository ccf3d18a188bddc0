import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { withWorkspacePaths, workspacePath } from '../../src/action/workspace-paths.js';

describe('annotation paths from the repository root', () => {
  test('a path relative to the working directory gains the folder', () => {
    assert.equal(workspacePath('prisma/schema.prisma', '/repo/app', '/repo'), 'app/prisma/schema.prisma');
    assert.equal(
      workspacePath('/repo/app/prisma/migrations/1_init/migration.sql', '/repo/app', '/repo'),
      'app/prisma/migrations/1_init/migration.sql',
    );
  });

  test('a file outside the checkout is left as given', () => {
    assert.equal(workspacePath('/elsewhere/schema.prisma', '/repo/app', '/repo'), '/elsewhere/schema.prisma');
    assert.equal(workspacePath('../../other/schema.prisma', '/repo/app', '/repo'), '../../other/schema.prisma');
  });

  test('every finding with a file moves; findings without one and the rest of the result stay', () => {
    const result = { verdict: 'migration-failed', findings: [{ file: 'prisma/schema.prisma', line: 3 }, { message: 'no file' }] };
    const moved = withWorkspacePaths(result, '/repo/app', '/repo');
    assert.deepEqual(moved, {
      verdict: 'migration-failed',
      findings: [{ file: 'app/prisma/schema.prisma', line: 3 }, { message: 'no file' }],
    });
    assert.equal(result.findings[0]!.file, 'prisma/schema.prisma', 'the input is not changed');
    assert.equal(withWorkspacePaths(result, '/repo', '/repo'), result, 'at the root nothing changes');
    const check = withWorkspacePaths(
      { findings: [], schema: { files: ['prisma/schema.prisma'], source: 'x' }, migrationsDirectory: 'prisma/migrations' },
      '/repo/app',
      '/repo',
    );
    assert.deepEqual([check.schema.files, check.migrationsDirectory], [['app/prisma/schema.prisma'], 'app/prisma/migrations']);
  });
});
