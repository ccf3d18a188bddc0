import assert from 'node:assert/strict';
import { test } from 'vitest';
import { normaliseSchema } from '../../src/schema/normalise.js';
import { findDatasource } from '../../src/schema/datasource.js';

const prisma6 = `datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL") // pooled
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = "postgresql://u:p@h/shadow"
}

model User {
  id  Int    @id
  url String // a field called url is not a datasource setting
}
`;

test('Prisma 5/6 connection settings are blanked without shifting a line', () => {
  const { files, removed } = normaliseSchema([{ path: 'prisma/schema.prisma', content: prisma6 }]);
  const before = prisma6.split('\n');
  const after = files[0]!.content.split('\n');
  assert.equal(after.length, before.length);
  assert.deepEqual(
    removed.map((r) => `${r.setting}:${r.line}`),
    ['url:3', 'directUrl:4', 'shadowDatabaseUrl:5'],
  );
  assert.equal(after[2], '');
  assert.equal(after[1], before[1], 'the provider line stays');
  assert.equal(after[9], before[9], 'a model field named url stays');
});

test('CRLF files keep their line endings', () => {
  const crlf = prisma6.replace(/\n/g, '\r\n');
  const { files } = normaliseSchema([{ path: 's.prisma', content: crlf }]);
  assert.equal(files[0]!.content.split('\r\n').length, crlf.split('\r\n').length);
  assert.ok(!files[0]!.content.includes('DATABASE_URL'));
});

test('the datasource provider is read with its file and line, aliases included', () => {
  const found = findDatasource([
    { path: 'a.prisma', content: 'model A {\n id Int @id\n}\n' },
    { path: 'b.prisma', content: 'datasource db {\n  // provider = "mysql"\n  provider = "postgres"\n}\n' },
  ]);
  assert.deepEqual(found, { provider: 'postgresql', written: 'postgres', file: 'b.prisma', line: 3 });
});
