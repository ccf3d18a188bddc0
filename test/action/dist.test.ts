import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { promisify } from 'node:util';
import { repoRoot } from '../support/paths.js';
import { testPostgresUrl } from '../support/postgres.js';
import { testMysqlUrl } from '../support/mysql.js';
import { installStandIn } from '../engine/stand-in/install.js';
import { createLiveDatabase, deploy } from '../drift/live.js';

const run = promisify(execFile);

async function filesBelow(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

test('dist/ is what the sources build to (rebuild with `npm run build` and commit)', { timeout: 180_000 }, async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'psg-dist-')), 'dist');
  try {
    // The test runner compiled src/ into build/ already; bundle that the way `npm run build` does.
    await run(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), '--out', out], { cwd: repoRoot });
    const committed = await filesBelow(join(repoRoot, 'dist'));
    assert.deepEqual(committed, await filesBelow(out), 'the same files');
    for (const file of committed) {
      const same = (await readFile(join(repoRoot, 'dist', file))).equals(await readFile(join(out, file)));
      assert.ok(same, `dist/${file} is stale: run \`npm run build\` and commit dist/`);
    }
  } finally {
    await rm(join(out, '..'), { recursive: true, force: true });
  }
});

test('the CLI runs from dist/ with no node_modules', async () => {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), '--version'], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH },
  });
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  assert.equal(stdout.trim(), pkg.version, 'src/version.ts follows package.json');
});

/**
 * dist/ copied where no node_modules is above it, as a runner checks out the action: every file a
 * check loads at run time (the engine's, libpg-query's and sql.js's WebAssembly, sql.js's loader)
 * must travel with the bundle.
 */
test(
  'checks run from a copy of dist/ with no node_modules anywhere above it: PostgreSQL, SQLite, MySQL (cli engine), and the action',
  { timeout: 120_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'psg-dist-copy-'));
    try {
      await cp(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
      const cli = join(root, 'dist', 'cli', 'index.js');
      const env = { PATH: process.env.PATH, PSG_ENGINE_CACHE: join(root, 'engine-cache') };
      const schemaOf = (fixture: string) => join(repoRoot, 'test', 'fixtures', fixture, 'prisma', 'schema.prisma');
      const command = async (args: string[]) => {
        const result = await run(process.execPath, [cli, ...args, '--json'], { cwd: root, env }).catch(
          (error: { code: number; stdout: string; stderr: string }) => error,
        );
        return { code: 'code' in result ? result.code : 0, json: JSON.parse(result.stdout), stderr: result.stderr };
      };
      const check = (fixture: string, extra: string[] = []) => command(['check', '--schema', schemaOf(fixture), ...extra]);
      const sqlite = await check('sqlite-blog');
      assert.equal(sqlite.code, 0, sqlite.stderr);
      assert.equal(sqlite.json.verdict, 'in-sync');
      const failing = await check('sqlite-sql-error');
      assert.equal(failing.code, 2, failing.stderr);
      assert.equal(failing.json.verdict, 'migration-failed');
      // CONCURRENTLY beside other statements: libpg-query splits the script.
      const postgres = await check('concurrently', ['--shadow-database-url', await testPostgresUrl()]);
      assert.equal(postgres.code, 0, postgres.stderr);
      assert.equal(postgres.json.verdict, 'in-sync');
      // The bundled Prisma 6 engine (schema_engine_6_bg.wasm beside the bundle) for a Prisma 6 and a Prisma 5 project.
      const prisma6 = await check('prisma6-metrics', ['--shadow-database-url', await testPostgresUrl(), '--prisma-version', '6.19.3']);
      assert.equal(prisma6.code, 0, prisma6.stderr);
      assert.equal(prisma6.json.engineUsed.version, '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7');
      const prisma5 = await check('prisma5-m2m', ['--shadow-database-url', await testPostgresUrl()]);
      assert.equal(prisma5.code, 0, prisma5.stderr);
      assert.equal(prisma5.json.findings[0].kind, 'upgrade-note');
      // drift and preview judge with it too.
      const live = await createLiveDatabase('dist_prisma6');
      const target = await createLiveDatabase('dist_prisma6_preview');
      try {
        await deploy(live, join(repoRoot, 'test', 'fixtures', 'prisma6-metrics', 'prisma', 'migrations'));
        const drift = await command([
          'drift',
          '--schema',
          schemaOf('prisma6-metrics'),
          '--database-url',
          live.url,
          '--shadow-database-url',
          await testPostgresUrl(),
          '--prisma-version',
          '6.19.3',
        ]);
        assert.equal(drift.code, 0, drift.stderr);
        assert.equal(drift.json.verdict, 'in-sync');
        assert.equal(drift.json.engineUsed.version, '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7');
        const preview = await command([
          'preview',
          '--schema',
          schemaOf('prisma6-metrics'),
          '--database-url',
          target.url,
          '--prisma-version',
          '6.19.3',
        ]);
        assert.equal(preview.code, 0, preview.stderr);
        assert.equal(preview.json.verdict, 'applied');
        assert.equal(preview.json.engineUsed.version, '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7');
      } finally {
        await live.drop();
        await target.drop();
      }

      // MySQL: mysql2 from the bundle's lazy chunk, and the project's Prisma CLI (here the stand-in).
      const mysqlUrl = await testMysqlUrl();
      if (mysqlUrl) {
        const project = installStandIn();
        try {
          await cp(join(repoRoot, 'test', 'fixtures', 'mysql-sql-error', 'prisma'), join(project.dir, 'prisma'), { recursive: true });
          const result = await run(process.execPath, [cli, 'check', '--json', '--shadow-database-url', mysqlUrl], {
            cwd: project.dir,
            env: { ...env, PSG_STAND_IN_MAJOR: '6' },
          }).catch((error: { code: number; stdout: string; stderr: string }) => error);
          assert.equal('code' in result ? result.code : 0, 2, result.stderr);
          const json = JSON.parse(result.stdout);
          assert.equal(json.verdict, 'migration-failed');
          assert.equal(json.findings[0].databaseError.code, '1072');
        } finally {
          project.remove();
        }
      }

      const output = join(root, 'output');
      await writeFile(output, '');
      await writeFile(join(root, 'summary'), '');
      await run(process.execPath, [join(root, 'dist', 'index.js')], {
        cwd: root,
        env: {
          ...env,
          INPUT_COMMAND: 'check',
          INPUT_SCHEMA: join(repoRoot, 'test', 'fixtures', 'sqlite-blog', 'prisma', 'schema.prisma'),
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: join(root, 'summary'),
        },
      });
      assert.match(await readFile(output, 'utf8'), /verdict<<[^\n]+\nin-sync\n/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);
