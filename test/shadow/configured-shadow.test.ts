/**
 * `shadowDatabaseUrl` as the project configures it (datasource, prisma.config.ts): its server hosts
 * the uniquely named shadow database, the log says so, and the database it names is never written.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { configuredShadowUrl } from '../../src/schema/shadow-url.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { createTestDatabase, leftoverShadowDatabases, query, testPostgresUrl } from '../support/postgres.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(await leftoverShadowDatabases(), [], 'no shadow database is left behind');
});

/** The blog example in a temporary folder, its schema edited. */
function blog(edit: (schema: string) => string = (schema) => schema): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-configured-shadow-')));
  dirs.push(dir);
  cpSync(join(repoRoot, 'examples', 'blog', 'prisma'), join(dir, 'prisma'), { recursive: true });
  const file = join(dir, 'prisma', 'schema.prisma');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

const withShadowSetting = (schema: string) =>
  schema.replace(/(datasource db \{\n[^\n]*\n)/, '$1  shadowDatabaseUrl = env("PSG_TEST_CONFIGURED_SHADOW")\n');

async function namedDatabase() {
  const named = await createTestDatabase('named_shadow');
  await query('CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (1);', named.name);
  const tables = async () =>
    (await query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`, named.name)).map(
      (row) => row.tablename,
    );
  return { ...named, tables };
}

describe('shadowDatabaseUrl configured by the project', () => {
  test('in the datasource: its server is used, the log says where from, the named database is untouched', async () => {
    const named = await namedDatabase();
    try {
      const dir = blog(withShadowSetting);
      const run = await cli(['check', '--json'], { cwd: dir, env: { PSG_TEST_CONFIGURED_SHADOW: named.url } });
      const result = JSON.parse(run.stdout);
      assert.equal(result.verdict, 'in-sync', run.stdout);
      assert.equal(result.shadow.kind, 'url', 'the configured server, not the default source');
      assert.deepEqual(await named.tables(), ['keep_me'], 'nothing written to the database the URL names');
      const text = await cli(['check'], { cwd: dir, env: { PSG_TEST_CONFIGURED_SHADOW: named.url } });
      assert.match(
        text.stderr,
        /Shadow server from shadowDatabaseUrl \(prisma\/schema\.prisma:\d+, PSG_TEST_CONFIGURED_SHADOW\): a uniquely named database is created there and dropped/,
      );
    } finally {
      await named.drop();
    }
  });

  test('in prisma.config.ts: the same, the log names the config file', async () => {
    const named = await namedDatabase();
    try {
      const dir = blog();
      writeFileSync(
        join(dir, 'prisma.config.ts'),
        "import { defineConfig, env } from 'prisma/config';\n\nexport default defineConfig({\n  schema: 'prisma/schema.prisma',\n  datasource: {\n    url: env('DATABASE_URL'),\n    shadowDatabaseUrl: env('PSG_TEST_CONFIGURED_SHADOW'),\n  },\n});\n",
      );
      const run = await cli(['check'], { cwd: dir, env: { PSG_TEST_CONFIGURED_SHADOW: named.url } });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stderr, /Shadow server from shadowDatabaseUrl \(prisma\.config\.ts:7, PSG_TEST_CONFIGURED_SHADOW\)/);
      assert.deepEqual(await named.tables(), ['keep_me']);
    } finally {
      await named.drop();
    }
  });

  test('a flag chooses the shadow: the configured URL is not used', async () => {
    const dir = blog(withShadowSetting);
    const run = await cli(['check', '--shadow-database-url', await testPostgresUrl()], {
      cwd: dir,
      env: { PSG_TEST_CONFIGURED_SHADOW: 'postgresql://nobody@127.0.0.1:1/nowhere', PSG_DEBUG: '1' },
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /shadowDatabaseUrl \(prisma\/schema\.prisma:\d+\) not used: --shadow-database-url chooses the shadow/);
  });

  test('the setting read without running anything: env(), process.env, literals, comments, an unset variable', () => {
    const schema = (line: string) => [
      { path: 'prisma/schema.prisma', content: `datasource db {\n  provider = "postgresql"\n${line}\n}\n` },
    ];
    assert.deepEqual(configuredShadowUrl(schema('  shadowDatabaseUrl = env("S")'), undefined, '/', { S: 'postgresql://h/db' }), {
      url: 'postgresql://h/db',
      variable: 'S',
      where: 'prisma/schema.prisma:3',
    });
    assert.deepEqual(configuredShadowUrl(schema('  shadowDatabaseUrl = env("S")'), undefined, '/', {}), {
      url: undefined,
      variable: 'S',
      where: 'prisma/schema.prisma:3',
    });
    assert.deepEqual(configuredShadowUrl(schema('  shadowDatabaseUrl = "postgresql://h/db" // the shadow'), undefined, '/', {}), {
      url: 'postgresql://h/db',
      where: 'prisma/schema.prisma:3',
    });
    assert.equal(
      configuredShadowUrl(schema('  // shadowDatabaseUrl = env("S")'), undefined, '/', { S: 'x' }),
      undefined,
      'a commented-out line',
    );
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-configured-shadow-')));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'prisma.config.ts'),
      'export default {\n  datasource: {\n    shadowDatabaseUrl: process.env.SHADOW, // for migrate dev\n  },\n};\n',
    );
    assert.deepEqual(configuredShadowUrl(schema(''), join(dir, 'prisma.config.ts'), dir, { SHADOW: 'postgresql://h/s' }), {
      url: 'postgresql://h/s',
      variable: 'SHADOW',
      where: 'prisma.config.ts:3',
    });
    writeFileSync(join(dir, 'prisma.config.ts'), "export default {\n  datasource: { shadowDatabaseUrl: 'postgresql://u@h:5432/s' },\n};\n");
    assert.deepEqual(
      configuredShadowUrl(schema(''), join(dir, 'prisma.config.ts'), dir, {}),
      { url: 'postgresql://u@h:5432/s', where: 'prisma.config.ts:2' },
      'inline, a literal with :// in it',
    );
  });
});
