import assert from 'node:assert/strict';
import { test } from 'vitest';
import { renderErDiagram } from '../../src/report/er-diagram.js';
import { diffPrismaModels, parsePrismaModels, relationshipsOf } from '../../src/schema/prisma-models.js';
import { expectGolden } from '../support/golden.js';

const BASE = `datasource db {
  provider = "postgresql"
  url      = "postgresql://host//db" // a comment after a string with //
}

/// A user of the blog
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  bio   String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}

model Legacy {
  id Int @id
}

model Audit {
  id Int @id
}
`;

const HEAD = `datasource db {
  provider = "postgresql"
}

model User {
  id      Int      @id @default(autoincrement())
  email   String   @unique
  // bio is gone
  posts   Post[]
  profile Profile?
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String?
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
  tags     Tag[]
}

model Profile {
  userId Int  @id
  user   User @relation(fields: [userId], references: [id], onDelete: Cascade)
}

model Tag {
  id    Int    @id
  name  String @unique
  posts Post[]
}

model Audit {
  id Int @id
}
`;

test('parsePrismaModels: fields, optional and list, keys, relations; comments and strings', () => {
  const models = parsePrismaModels(BASE);
  assert.deepEqual(
    models.map((model) => model.name),
    ['User', 'Post', 'Legacy', 'Audit'],
  );
  const user = models[0]!;
  assert.deepEqual(
    user.fields.map((field) => [field.name, field.type, field.optional, field.list]),
    [
      ['id', 'Int', false, false],
      ['email', 'String', false, false],
      ['bio', 'String', true, false],
      ['posts', 'Post', false, true],
    ],
  );
  assert.equal(user.fields[0]!.id, true);
  assert.equal(user.fields[1]!.unique, true);
  assert.deepEqual(models[1]!.fields[2]!.relation, { name: undefined, fields: ['authorId'] });
  const compound = parsePrismaModels(
    'model Like {\n  postId Int\n  userId Int\n  @@id([postId, userId])\n}\nmodel X {\n  a Unsupported("tsvector")?\n  b Int @relation("Named", fields: [b], references: [id])\n}\n',
  );
  assert.deepEqual(
    compound[0]!.fields.map((field) => field.id),
    [true, true],
  );
  assert.equal(compound[1]!.fields[0]!.type, 'Unsupported');
  assert.equal(compound[1]!.fields[0]!.optional, true);
  assert.deepEqual(compound[1]!.fields[1]!.relation, { name: 'Named', fields: ['b'] });
});

test('relationshipsOf: one-to-many, one-to-one and an implicit many-to-many, each once', () => {
  assert.deepEqual(
    relationshipsOf(parsePrismaModels(HEAD)).sort((a, b) => a.label.localeCompare(b.label)),
    [
      { from: 'User', to: 'Post', cardinality: '||--o{', label: 'author' },
      { from: 'Post', to: 'Tag', cardinality: '}o--o{', label: 'tags' },
      { from: 'User', to: 'Profile', cardinality: '||--o|', label: 'user' },
    ],
  );
});

test('diffPrismaModels: added, removed and changed models and fields', () => {
  const change = diffPrismaModels(parsePrismaModels(BASE), parsePrismaModels(HEAD));
  assert.deepEqual(
    change.models.map((model) => [model.name, model.status]),
    [
      ['User', 'changed'],
      ['Post', 'changed'],
      ['Profile', 'added'],
      ['Tag', 'added'],
      ['Audit', 'same'],
      ['Legacy', 'removed'],
    ],
  );
  const post = change.models.find((model) => model.name === 'Post')!;
  assert.deepEqual(
    post.fields.filter((field) => field.status !== 'same').map((field) => [field.field.name, field.status, field.was]),
    [
      ['title', 'changed', 'String'],
      ['tags', 'added', undefined],
    ],
  );
  const user = change.models.find((model) => model.name === 'User')!;
  assert.deepEqual(
    user.fields.filter((field) => field.status !== 'same').map((field) => [field.field.name, field.status]),
    [
      ['profile', 'added'],
      ['bio', 'removed'],
    ],
  );
  assert.equal(renderErDiagram(diffPrismaModels(parsePrismaModels(BASE), parsePrismaModels(BASE))), '', 'no change, no picture');
});

test('golden: the schema change as a Mermaid erDiagram in a collapsed block', async () => {
  const markdown = renderErDiagram(diffPrismaModels(parsePrismaModels(BASE), parsePrismaModels(HEAD)));
  await expectGolden('review', 'er-diagram.md', markdown);
  assert.match(markdown, /^<details><summary>Schema change: 5 models \(2 added, 2 changed, 1 removed\)<\/summary>/);
  assert.match(markdown, /```mermaid\nerDiagram\n/);
  assert.match(markdown, /String bio "➖ removed, optional"/);
  assert.match(markdown, /String title "✏️ was String, optional"/);
  assert.match(markdown, /User \|\|--o\| Profile : "user \(added\)"/);
  assert.doesNotMatch(markdown, /Audit/, 'an untouched, unrelated model is not drawn');
});

test('a big schema: at most 30 entities and 20 fields each, and it says how many more', () => {
  const fields = Array.from({ length: 40 }, (_, i) => `  f${i} String`).join('\n');
  const head = Array.from({ length: 45 }, (_, i) => `model M${String(i).padStart(2, '0')} {\n  id Int @id\n${fields}\n}\n`).join('\n');
  const markdown = renderErDiagram(diffPrismaModels([], parsePrismaModels(head)));
  const entities = markdown.split('\n').filter((line) => /^ {2}M\d+ \{$/.test(line));
  assert.equal(entities.length, 30);
  assert.match(markdown, /…and 15 more models not drawn\./);
  assert.match(markdown, /more fields "21 more, not drawn"/);
  assert.ok(markdown.length < 20_000, `${markdown.length} characters`);
});
