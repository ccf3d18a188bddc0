/**
 * `preview --engine cli` on PostgreSQL: the same plan through the project's own Prisma CLI (the
 * stand-in, which runs Prisma's engine for real on PostgreSQL) instead of the in-process engine.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { installStandIn, type StandInProject } from '../engine/stand-in/install.js';
import { cli } from '../support/cli.js';
import { createTestDatabase, query } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';
import { SEED_SQL } from './blog.js';

describe('preview --engine cli on PostgreSQL', () => {
  let project: StandInProject;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(() => {
    project = installStandIn();
    cpSync(join(repoRoot, 'examples', 'blog', 'prisma'), join(project.dir, 'prisma'), { recursive: true });
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    project.remove();
  });

  test("a dropped column with data: Prisma's warning through the CLI, blocked; the push argv has no --accept-data-loss", async () => {
    const database = await createTestDatabase('preview_engine_cli');
    cleanups.push(database.drop);
    const env = { PSG_STAND_IN_MAJOR: '7', PSG_STAND_IN_LOG: project.log };
    Object.assign(process.env, env);
    try {
      const first = await cli(['preview', '--engine', 'cli', '--database-url', database.url, '--json'], { cwd: project.dir, env: {} });
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.equal(JSON.parse(first.stdout).engine, 'cli');
      await query(SEED_SQL, database.name);
      const schema = join(project.dir, 'prisma', 'schema.prisma');
      writeFileSync(schema, readFileSync(schema, 'utf8').replace('  content   String?\n', ''));
      rmSync(project.log, { force: true });
      const blocked = await cli(['preview', '--engine', 'cli', '--database-url', database.url, '--json'], { cwd: project.dir, env: {} });
      assert.equal(blocked.code, 2, blocked.stdout + blocked.stderr);
      const result = JSON.parse(blocked.stdout);
      assert.equal(result.engine, 'cli');
      assert.deepEqual(result.warnings, [
        'You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.',
      ]);
      assert.equal(result.affected.find((o: { object: string }) => o.object === 'Post.content').rows, 2);
      const argv = readFileSync(project.log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as string[]);
      assert.deepEqual(
        argv.map((args) => args.slice(0, 2).join(' ')),
        ['--version', 'migrate diff', 'db push'],
      );
      assert.ok(!argv[2]!.includes('--accept-data-loss'));
      assert.equal((await query<{ n: number }>('SELECT count(content)::int AS n FROM "Post"', database.name))[0]!.n, 2);
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });
});
