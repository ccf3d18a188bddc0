import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { copyProject, createLiveDatabase, deploy, type LiveDatabase } from '../drift/live.js';
import { cli } from '../support/cli.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';
import { prismaCommand, withPinnedCommand } from '../../src/prisma-version/pin.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', name);
const migrationsOf = (name: string) => join(fixture(name), 'prisma', 'migrations');
const cache = mkdtempSync(join(tmpdir(), 'psg_engine_cache_'));
const saved = process.env.PSG_ENGINE_CACHE;
const PRISMA_6_ENGINE = '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7';

async function run(command: 'drift' | 'preview', cwd: string, databaseUrl: string, ...args: string[]) {
  const shadow = command === 'drift' ? ['--shadow-database-url', await testPostgresUrl()] : [];
  const result = await cli([command, '--database-url', databaseUrl, ...shadow, '--json', ...args], { cwd });
  return { code: result.code, stderr: result.stderr, result: result.stdout ? JSON.parse(result.stdout) : undefined };
}

/** A live database with the first `count` migrations of a fixture deployed (all by default). */
async function deployed(name: string, count?: number): Promise<LiveDatabase> {
  const live = await createLiveDatabase(`versions_${name.replace(/\W/g, '_')}`);
  await deploy(live, migrationsOf(name), count);
  return live;
}

describe('drift and preview judge with the Prisma the project pins', () => {
  const databases: LiveDatabase[] = [];
  beforeAll(() => {
    process.env.PSG_ENGINE_CACHE = cache;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.PSG_ENGINE_CACHE;
    else process.env.PSG_ENGINE_CACHE = saved;
    for (const database of databases) await database.drop();
    rmSync(cache, { recursive: true, force: true });
    assert.deepEqual(await leftoverShadowDatabases(), [], 'no shadow database is left behind');
  });

  test('drift: a deployed Prisma 6.19 project with metrics and a datasource url is in sync under its own Prisma', async () => {
    const live = await deployed('prisma6-metrics');
    databases.push(live);
    const { code, result, stderr } = await run('drift', fixture('prisma6-metrics'), live.url);
    assert.equal(code, 0, stderr);
    assert.equal(result.verdict, 'in-sync', JSON.stringify(result.findings));
    assert.equal(result.prisma.source, 'package.json');
    assert.match(result.prisma.version, /^6\.19\./);
    assert.deepEqual(result.engineUsed, { kind: 'wasm', version: PRISMA_6_ENGINE });
    const text = await cli(['drift', '--database-url', live.url, '--shadow-database-url', await testPostgresUrl()], {
      cwd: fixture('prisma6-metrics'),
    });
    assert.match(text.stdout, /Prisma 6\.19\.\d+ \(package\.json\), engine wasm 7\.1\.1-3\.c2990dc/);
  });

  test('drift: the same project pinned to Prisma 7 by --prisma-version is judged by 7.10, which rejects metrics', async () => {
    const live = await deployed('prisma6-metrics');
    databases.push(live);
    const { code, stderr } = await cli(
      ['drift', '--database-url', live.url, '--shadow-database-url', await testPostgresUrl(), '--prisma-version', '7.10.1'],
      { cwd: fixture('prisma6-metrics') },
    );
    assert.equal(code, 1);
    assert.match(stderr, /Prisma rejects the schema \(.*schema\.prisma\):\n.*The preview feature "metrics" is not known/);
    assert.match(stderr, /Fix the schema \(`npx prisma@7\.10\.1 validate` shows the same diagnostic\)/);
    assert.doesNotMatch(stderr, /Reading _prisma_migrations/, 'rejected before the database is read');
  });

  test('drift: an unapplied migration; the fix names the pinned Prisma (npx prisma@6.19.x)', async () => {
    const live = await deployed('prisma6-metrics', 0);
    databases.push(live);
    const { code, result, stderr } = await run('drift', fixture('prisma6-metrics'), live.url);
    assert.equal(code, 0, stderr);
    const unapplied = result.findings.find((finding: { kind: string }) => finding.kind === 'unapplied');
    assert.ok(unapplied, JSON.stringify(result.findings));
    assert.match(unapplied.fix, /`npx prisma@6\.19\.\d+ migrate deploy`/);
  });

  test('drift: a deployed Prisma 5 project with an implicit many-to-many table: no drift, with the upgrade rule in a notice', async () => {
    const live = await deployed('prisma5-m2m');
    databases.push(live);
    const { code, result, stderr } = await run('drift', fixture('prisma5-m2m'), live.url);
    assert.equal(code, 0, stderr);
    assert.equal(result.verdict, 'in-sync', JSON.stringify(result.findings));
    assert.deepEqual(result.prisma, { version: '5.10.2', source: 'package.json' });
    assert.match(
      result.notices.join('\n'),
      /only where Prisma upgrade rules explain it \(implicit-m2m-primary-key, Prisma 6\.0\.0\): no drift for Prisma 5\.10\.2/,
    );
  });

  test("preview: a Prisma 6.19 project with metrics is pushed by Prisma 6.19's engine", async () => {
    const target = await createLiveDatabase('versions_preview6');
    databases.push(target);
    const { code, result, stderr } = await run('preview', fixture('prisma6-metrics'), target.url);
    assert.equal(code, 0, stderr);
    assert.equal(result.verdict, 'applied');
    assert.deepEqual(result.engineUsed, { kind: 'wasm', version: PRISMA_6_ENGINE });
    const tables = await target.sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    assert.ok(
      tables.some((row) => row.table_name === 'Post'),
      JSON.stringify(tables),
    );
  });

  test('preview: a database deployed by Prisma 5 is in sync for Prisma 5; nothing is pushed', async () => {
    const target = await deployed('prisma5-m2m');
    databases.push(target);
    const { code, result, stderr } = await run('preview', fixture('prisma5-m2m'), target.url);
    assert.equal(code, 0, stderr);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.applied, false);
    assert.match(result.notices.join('\n'), /upgrade rules explain it .*in sync for Prisma 5\.10\.2, nothing pushed/);
    const unique = await target.sql(
      `SELECT indexname FROM pg_indexes WHERE tablename = '_PostToTag' AND indexname = '_PostToTag_AB_unique'`,
    );
    assert.equal(unique.length, 1, "Prisma 5's unique index is still there");
  });

  test('preview: --prisma-version picks the engine (a pinned 6.19 without package.json)', async () => {
    const copy = await copyProject(fixture('prisma6-metrics'));
    const target = await createLiveDatabase('versions_preview_flag');
    databases.push(target);
    try {
      rmSync(join(copy.dir, 'package.json'));
      writeFileSync(join(copy.dir, 'package.json'), JSON.stringify({ name: 'no-prisma' }));
      const { code, result, stderr } = await run('preview', copy.dir, target.url, '--prisma-version', '6.19.3');
      assert.equal(code, 0, stderr);
      assert.deepEqual(result.prisma, { version: '6.19.3', source: 'flag' });
      assert.equal(result.verdict, 'applied');
    } finally {
      await copy.remove();
    }
  });
});

describe('fix hints name the pinned Prisma', () => {
  test('npx prisma stays for an installed or bundled Prisma, and names the release otherwise', () => {
    assert.equal(prismaCommand(undefined), 'npx prisma');
    assert.equal(prismaCommand({ version: '6.19.0', source: 'installed' }), 'npx prisma');
    assert.equal(prismaCommand({ version: '7.10.1', source: 'bundled' }), 'npx prisma');
    assert.equal(prismaCommand({ version: '6.14.0', source: 'package.json' }), 'npx prisma@6.14.0');
    assert.equal(prismaCommand({ version: '5.22.0', source: 'flag' }), 'npx prisma@5.22.0');
  });

  test('every `npx prisma <command>` of a hint, and nothing else', () => {
    const pinned = { version: '6.14.0', source: 'package.json' } as const;
    assert.equal(
      withPinnedCommand(
        'Run `npx prisma migrate dev --name x`, then `npx prisma migrate deploy`; see npx prisma-schema-guard check.',
        pinned,
      ),
      'Run `npx prisma@6.14.0 migrate dev --name x`, then `npx prisma@6.14.0 migrate deploy`; see npx prisma-schema-guard check.',
    );
    assert.equal(
      withPinnedCommand('Run `npx prisma migrate dev`.', { version: '6.14.0', source: 'installed' }),
      'Run `npx prisma migrate dev`.',
    );
  });
});
