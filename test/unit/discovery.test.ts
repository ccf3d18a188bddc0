import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { discoverProject } from '../../src/schema/discovery.js';
import { UsageError } from '../../src/util/errors.js';

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'psg-discovery-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const schema = 'datasource db {\n  provider = "postgresql"\n}\n';

test('the flag wins over everything else', async () => {
  const cwd = await project({
    'db/main.prisma': schema,
    'prisma/schema.prisma': schema,
    'prisma.config.ts': `export default { schema: 'prisma/schema.prisma' }`,
  });
  const found = discoverProject({ cwd, schema: 'db/main.prisma' });
  assert.equal(found.schema, join(cwd, 'db/main.prisma'));
  assert.equal(found.migrations, join(cwd, 'db/migrations'));
  assert.equal(found.source, "Input 'schema'");
});

test('prisma.config.ts: schema and migrations.path, relative to the config file', async () => {
  const cwd = await project({
    'database/schema.prisma': schema,
    'prisma.config.ts': `import path from 'node:path';\nimport { defineConfig } from 'prisma/config';\nexport default defineConfig({\n  schema: path.join('database', 'schema.prisma'),\n  migrations: { path: 'database/history', seed: 'tsx seed.ts' },\n});\n`,
  });
  const found = discoverProject({ cwd });
  assert.equal(found.schema, join(cwd, 'database/schema.prisma'));
  assert.equal(found.migrations, join(cwd, 'database/history'));
  assert.equal(found.source, 'prisma.config.ts');
});

test('package.json#prisma.schema, then the default locations', async () => {
  const fromPackage = await project({
    'package.json': JSON.stringify({ prisma: { schema: 'src/db/schema.prisma' } }),
    'src/db/schema.prisma': schema,
  });
  assert.equal(discoverProject({ cwd: fromPackage }).source, 'package.json#prisma.schema');
  const folder = await project({ 'prisma/schema/base.prisma': schema, 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"' });
  const found = discoverProject({ cwd: folder });
  assert.equal(found.schema, join(folder, 'prisma/schema'));
  assert.equal(found.migrations, join(folder, 'prisma/migrations'), 'the earlier prismaSchemaFolder layout: migrations beside the folder');
});

test('nothing to find: an error that says where it looked and which input to set', async () => {
  const cwd = await project({ 'README.md': 'no schema here' });
  assert.throws(
    () => discoverProject({ cwd, schemaName: '--schema' }),
    (error: unknown) => error instanceof UsageError && /No Prisma schema found/.test(error.message) && /--schema/.test(error.fix ?? ''),
  );
  assert.throws(
    () => discoverProject({ cwd, schema: 'nope.prisma', schemaName: '--schema' }),
    /--schema: no file or folder at nope\.prisma/,
  );
});
