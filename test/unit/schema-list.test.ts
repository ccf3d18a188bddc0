import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { expandSchemaList, globPaths } from '../../src/schema/schema-list.js';
import { UsageError } from '../../src/util/errors.js';

const root = mkdtempSync(join(tmpdir(), 'psg-schema-list-'));
const dir = mkdtempSync(join(tmpdir(), 'psg-schema-list-literal-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});
for (const file of [
  'packages/a/prisma/schema.prisma',
  'packages/b/prisma/schema.prisma',
  'packages/c/prisma/schema/models.prisma',
  'packages/c/prisma/schema/base.prisma',
  'apps/web/db/schema.prisma',
  'node_modules/lib/prisma/schema.prisma',
  '.hidden/prisma/schema.prisma',
  'weird dir/prisma/schema.prisma',
]) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), '');
}

describe('the schema input as a list or glob', () => {
  test('empty input: undefined (discovery decides, as today)', () => {
    assert.equal(expandSchemaList(undefined, root, '--schema'), undefined);
    assert.equal(expandSchemaList(' , \n ', root, '--schema'), undefined);
    assert.equal(expandSchemaList([], root, '--schema'), undefined);
  });

  test('one plain entry is kept as written, even when it does not exist (discovery reports it)', () => {
    assert.deepEqual(expandSchemaList('prisma/schema.prisma', root, '--schema'), ['prisma/schema.prisma']);
    assert.deepEqual(expandSchemaList(['./x/../prisma'], root, '--schema'), ['./x/../prisma']);
  });

  test('comma and newline lists, repeated flags, duplicates dropped, order kept', () => {
    assert.deepEqual(expandSchemaList('b.prisma, a.prisma\nc.prisma\n\na.prisma', root, "Input 'schema'"), [
      'b.prisma',
      'a.prisma',
      'c.prisma',
    ]);
    assert.deepEqual(expandSchemaList(['x', 'y,z', 'x'], root, '--schema'), ['x', 'y', 'z']);
  });

  test('`*` matches one segment, sorted; files and folders alike', () => {
    assert.deepEqual(expandSchemaList('packages/*/prisma/schema.prisma', root, '--schema'), [
      'packages/a/prisma/schema.prisma',
      'packages/b/prisma/schema.prisma',
    ]);
    assert.deepEqual(globPaths('packages/*/prisma/schema', root), ['packages/c/prisma/schema']);
    assert.deepEqual(globPaths('packages/c/prisma/schema/*.prisma', root), [
      'packages/c/prisma/schema/base.prisma',
      'packages/c/prisma/schema/models.prisma',
    ]);
  });

  test('`**` matches any depth, zero included, skipping node_modules and dot-folders', () => {
    assert.deepEqual(globPaths('**/schema.prisma', root), [
      'apps/web/db/schema.prisma',
      'packages/a/prisma/schema.prisma',
      'packages/b/prisma/schema.prisma',
      'weird dir/prisma/schema.prisma',
    ]);
    assert.deepEqual(globPaths('packages/**/prisma', root), ['packages/a/prisma', 'packages/b/prisma', 'packages/c/prisma']);
    assert.deepEqual(globPaths('apps/web/**/schema.prisma', root), ['apps/web/db/schema.prisma']);
  });

  test('`?` matches one character; a glob and a plain entry mix', () => {
    assert.deepEqual(expandSchemaList('packages/?/prisma/schema.prisma,apps/web/db/schema.prisma', root, '--schema'), [
      'packages/a/prisma/schema.prisma',
      'packages/b/prisma/schema.prisma',
      'apps/web/db/schema.prisma',
    ]);
    assert.deepEqual(globPaths('packages/??/prisma', root), []);
  });

  test('absolute patterns give absolute paths', () => {
    assert.deepEqual(globPaths(join(root, 'packages', '*', 'prisma', 'schema.prisma'), '/'), [
      join(root, 'packages/a/prisma/schema.prisma'),
      join(root, 'packages/b/prisma/schema.prisma'),
    ]);
  });

  test('a pattern that matches nothing is a usage error naming the input and the pattern', () => {
    assert.throws(
      () => expandSchemaList('packages/a/prisma/schema.prisma, services/*/schema.prisma', root, "Input 'schema'"),
      (error: unknown) =>
        error instanceof UsageError &&
        /^Input 'schema': the pattern "services\/\*\/schema\.prisma" matches no file or folder/.test(error.message) &&
        Boolean(error.fix),
    );
  });

  test('segment patterns: literal characters escaped, dot-files only when asked', () => {
    for (const file of ['schemaXprisma', 'schema.prisma', 'a.prisma', '.a.prisma', '.env', 'a(1)+x', '[id]/{a,b}/schema.prisma']) {
      mkdirSync(dirname(join(dir, 'literal', file)), { recursive: true });
      writeFileSync(join(dir, 'literal', file), '');
    }
    assert.deepEqual(globPaths('literal/schema.prisma*', dir), ['literal/schema.prisma']);
    assert.deepEqual(globPaths('literal/*.prisma', dir), ['literal/a.prisma', 'literal/schema.prisma']);
    assert.deepEqual(globPaths('literal/.*', dir), ['literal/.a.prisma', 'literal/.env']);
    assert.deepEqual(globPaths('literal/a(1)+?', dir), ['literal/a(1)+x']);
    assert.deepEqual(
      globPaths('literal/[id]/{a,b}/*.prisma', dir),
      ['literal/[id]/{a,b}/schema.prisma'],
      'brackets and braces are literal',
    );
    assert.deepEqual(globPaths('literal/[a-z]*', dir), []);
    assert.deepEqual(globPaths('**/.hidden/*/schema.prisma', root), ['.hidden/prisma/schema.prisma'], 'a dot-folder named after `**`');
    assert.deepEqual(
      globPaths('node_modules/*/prisma/schema.prisma', root),
      ['node_modules/lib/prisma/schema.prisma'],
      'node_modules when named',
    );
  });

  test('a pattern may start above the working directory', () => {
    assert.deepEqual(globPaths('../a*/web/db/schema.prisma', join(root, 'packages')), ['../apps/web/db/schema.prisma']);
  });

  test('symlinked folders are followed (a workspace package linked into the repository)', () => {
    const linked = mkdtempSync(join(tmpdir(), 'psg-schema-list-linked-'));
    const repo = mkdtempSync(join(tmpdir(), 'psg-schema-list-repo-'));
    try {
      mkdirSync(join(linked, 'prisma'), { recursive: true });
      writeFileSync(join(linked, 'prisma', 'schema.prisma'), '');
      mkdirSync(join(repo, 'packages', 'own', 'prisma'), { recursive: true });
      writeFileSync(join(repo, 'packages', 'own', 'prisma', 'schema.prisma'), '');
      symlinkSync(linked, join(repo, 'packages', 'shared'), 'dir');
      assert.deepEqual(globPaths('packages/*/prisma/schema.prisma', repo), [
        'packages/own/prisma/schema.prisma',
        'packages/shared/prisma/schema.prisma',
      ]);
      assert.deepEqual(globPaths('**/schema.prisma', repo), ['packages/own/prisma/schema.prisma', 'packages/shared/prisma/schema.prisma']);
      assert.deepEqual(expandSchemaList('packages/*/prisma', repo, "Input 'schema'"), ['packages/own/prisma', 'packages/shared/prisma']);
    } finally {
      rmSync(repo, { recursive: true, force: true });
      rmSync(linked, { recursive: true, force: true });
    }
  });
});
