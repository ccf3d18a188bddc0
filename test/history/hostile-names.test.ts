/**
 * Hostile names and files: migration folders named with quotes, semicolons, backticks, unicode or
 * hundreds of bytes are data, never SQL (check and drift give the right verdict and the live database
 * is unharmed); a migration.sql that is not UTF-8 is a migration that fails, named with its line; a
 * 5 MB migration gets its verdict.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { firstInvalidUtf8 } from '../../src/migrations/history.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { copyProject, createLiveDatabase, deploy, ownLeftoverShadowDatabases, recordMigration, testPostgresUrl } from '../drift/live.js';

const HOSTILE = ["20240201000000_it's;drop", '20240202000000_a`b"c', '20240203000000_ünïcødé_名前', `20240204000000_${'x'.repeat(230)}`];

describe('hostile names and files', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    assert.deepEqual(await ownLeftoverShadowDatabases(), []);
  });

  async function blogWith(migrations: Record<string, string | Buffer>): Promise<string> {
    const project = await copyProject(join(repoRoot, 'examples', 'blog'));
    cleanups.push(project.remove);
    for (const [name, sql] of Object.entries(migrations)) {
      await mkdir(join(project.dir, 'prisma', 'migrations', name));
      await writeFile(join(project.dir, 'prisma', 'migrations', name, 'migration.sql'), sql);
    }
    return project.dir;
  }

  test('migration folders with quotes, semicolons, backticks, unicode, 245 bytes: check and drift are in sync, the live database unharmed', async () => {
    const dir = await blogWith(Object.fromEntries(HOSTILE.map((name) => [name, 'SELECT 1;\n'])));
    const shadow = await testPostgresUrl();
    const checked = await cli(['check', '--shadow-database-url', shadow, '--json'], { cwd: dir });
    const result = JSON.parse(checked.stdout);
    assert.equal(result.verdict, 'in-sync', checked.stdout);
    assert.equal(result.migrationsTotal, 1 + HOSTILE.length);

    const live = await createLiveDatabase('hostile');
    cleanups.push(live.drop);
    await deploy(live, join(dir, 'prisma', 'migrations'));
    const drifted = await cli(['drift', '--database-url', live.url, '--shadow-database-url', shadow, '--json'], { cwd: dir });
    assert.equal(JSON.parse(drifted.stdout).verdict, 'in-sync', drifted.stdout);

    // A row whose name is SQL: reported as a name, never run.
    await recordMigration(live, { name: `20240301000000_x'; DROP TABLE "Post"; --`, finishedAt: new Date() });
    const attacked = await cli(['drift', '--database-url', live.url, '--shadow-database-url', shadow, '--json'], { cwd: dir });
    const missing = JSON.parse(attacked.stdout).findings.find((finding: { kind: string }) => finding.kind === 'missing-from-folder');
    assert.ok(missing, attacked.stdout);
    assert.match(missing.message, /20240301000000_x'; DROP TABLE "Post"; --/);
    assert.equal(
      (await live.sql(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'Post'`))[0]!.n,
      1,
      'the table is still there',
    );
  });

  test('a migration.sql that is not UTF-8: migration-failed, its file and line, no shadow needed', async () => {
    const dir = await blogWith({
      '20240201000000_latin1': Buffer.concat([
        Buffer.from('-- ok\nSELECT 1; -- caf'),
        Buffer.from([0xe9]),
        Buffer.from('\nCREATE TABLE "Bad" ("id" INTEGER);\n'),
      ]),
    });
    const run = await cli(['check', '--shadow-database-url', await testPostgresUrl(), '--json'], { cwd: dir });
    const result = JSON.parse(run.stdout);
    assert.equal(run.code, 2);
    assert.equal(result.verdict, 'migration-failed');
    assert.deepEqual([result.migrationsTotal, result.migrationsApplied], [2, 1]);
    const finding = result.findings[0];
    assert.equal(finding.file, 'prisma/migrations/20240201000000_latin1/migration.sql');
    assert.equal(finding.line, 2);
    assert.match(finding.message, /is not valid UTF-8 \(line 2, byte 22\)/);
    assert.match(finding.fix, /Save the file as UTF-8/);
    assert.deepEqual(
      firstInvalidUtf8(Buffer.from('añb\n€ 😀', 'utf8')),
      { line: 2, byte: Buffer.byteLength('añb\n€ 😀') },
      'valid UTF-8 has no bad byte',
    );
    assert.deepEqual(
      firstInvalidUtf8(Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80])),
      { line: 2, byte: 2 },
      'an encoded surrogate is refused',
    );
    assert.deepEqual(firstInvalidUtf8(Buffer.from([0xc0, 0xaf])), { line: 1, byte: 0 }, 'an over-long form is refused');
  });

  test('a 5 MB migration: the right verdict', async () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => `INSERT INTO "Big" VALUES (${i}, '${'v'.repeat(50)}');`);
    const sql = `CREATE TABLE "Big" ("id" INTEGER, "v" TEXT);\n${rows.join('\n')}\nDROP TABLE "Big";\n`;
    assert.ok(sql.length > 5_000_000);
    const dir = await blogWith({ '20240201000000_big': sql });
    const run = await cli(['check', '--shadow-database-url', await testPostgresUrl(), '--json'], { cwd: dir });
    assert.equal(JSON.parse(run.stdout).verdict, 'in-sync', run.stdout.slice(0, 500));
    assert.equal((await readFile(join(dir, 'prisma', 'migrations', '20240201000000_big', 'migration.sql'), 'utf8')).length, sql.length);
  }, 60_000);
});
