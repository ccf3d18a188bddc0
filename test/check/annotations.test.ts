/**
 * Annotations where the eye goes: the missing migration on the changed model's (or field's) line of
 * the schema, a note on a required column added without a default, and the failing statement's
 * excerpt marked at the database's error position. Real checks on the test server; the action's
 * annotations from its compiled entry, in this process.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { excerpt } from '../../src/commands/migration-failure.js';
import { firstChangedTable, locateTable } from '../../src/schema/locate.js';
import { runActionInProcess } from '../support/action.js';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', name);

async function check(dir: string) {
  const run = await cli(['check', '--json', '--shadow-database-url', await testPostgresUrl()], { cwd: dir });
  return { ...run, json: JSON.parse(run.stdout) };
}

/** The example blog copied, its schema edited, no migration added. */
async function editedBlog(edit: (schema: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'psg-annotations-'));
  await cp(join(repoRoot, 'examples', 'blog'), dir, { recursive: true });
  const file = join(dir, 'prisma', 'schema.prisma');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('check: annotations where the eye goes', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  test("a missing migration that adds a required column: the finding on the field's line, and a note that says what to do", async () => {
    const schema = await readFile(join(fixture('blog-missing-migration'), 'prisma', 'schema.prisma'), 'utf8');
    const { code, json } = await check(fixture('blog-missing-migration'));
    assert.equal(code, 2);
    const [missing, note] = json.findings;
    assert.equal(missing.kind, 'missing-migration');
    assert.equal(missing.file, 'prisma/schema.prisma');
    assert.equal(missing.line, lineOf(schema, 'description String'));
    assert.equal(note.kind, 'required-column-without-default');
    assert.equal(note.failsGate, false, 'a note, not another failure');
    assert.equal(note.line, missing.line);
    assert.match(note.message, /adds the required column `Post\.description` without a default: it fails on a table that has rows/);
    assert.match(note.fix, /default .*backfill .*second migration/);
  });

  test("a new model with @@map: the model's line; a required column with a default: no note", async () => {
    const dir = await editedBlog(
      (text) =>
        text.replace(
          '  createdAt DateTime @default(now())\n',
          '  createdAt DateTime @default(now())\n  rating    Int      @default(0) @map("stars")\n',
        ) + '\nmodel Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n\n  @@map("tags")\n}\n',
    );
    dirs.push(dir);
    const schema = await readFile(join(dir, 'prisma', 'schema.prisma'), 'utf8');
    const { json } = await check(dir);
    assert.equal(json.verdict, 'missing-migration');
    assert.deepEqual(
      json.findings.map((f: { kind: string }) => f.kind),
      ['missing-migration'],
      'a default fills the rows: nothing to note',
    );
    const line = json.findings[0].line;
    assert.ok(
      [lineOf(schema, 'model Tag {'), lineOf(schema, '@map("stars")')].includes(line),
      `line ${line}: the new model or the new field`,
    );
  });

  test('the action: the annotations carry file (from the repository root) and line', async () => {
    const result = await runActionInProcess(
      { command: 'check', 'working-directory': 'test/fixtures/blog-missing-migration', 'shadow-database-url': await testPostgresUrl() },
      repoRoot,
    );
    const schema = await readFile(join(fixture('blog-missing-migration'), 'prisma', 'schema.prisma'), 'utf8');
    const line = lineOf(schema, 'description String');
    assert.match(
      result.log,
      new RegExp(
        `::error title=prisma-schema-guard%3A missing-migration,file=test/fixtures/blog-missing-migration/prisma/schema.prisma,line=${line}::`,
      ),
    );
    assert.match(
      result.log,
      new RegExp(
        `::warning title=prisma-schema-guard%3A required-column-without-default,file=test/fixtures/blog-missing-migration/prisma/schema.prisma,line=${line}::`,
      ),
    );
    // The job summary names the same files as the annotations.
    assert.match(
      result.summary,
      /`test\/fixtures\/blog-missing-migration\/prisma\/schema\.prisma` · 1 migration in `test\/fixtures\/blog-missing-migration\/prisma\/migrations`/,
    );
  });

  test('a failing statement: the excerpt marks the error position the server gives', async () => {
    const { json } = await check(fixture('sql-syntax-error'));
    const finding = json.findings[0];
    assert.equal(finding.kind, 'migration-failed');
    const lines = finding.excerpt.split('\n');
    const failing = lines.at(-2)!;
    const marker = lines.at(-1)!;
    assert.match(failing, /^\s*\d+ \| .*,,$/);
    assert.match(marker, /^\s+\| +\^$/);
    assert.equal(failing.charAt(marker.indexOf('^')), ',', 'the marker is under the character the server names');
  });
});

describe('pure: excerpt markers and schema locations', () => {
  test('excerpt: the marker under the column, tabs kept; none without a position or out of range', () => {
    const sql = 'SELECT 1;\n\tSELECT oops FROM t;';
    assert.equal(excerpt(sql, 2, 9), ' 1 | SELECT 1;\n 2 | \tSELECT oops FROM t;\n   | \t       ^'.replace(/^ /gm, ''));
    assert.equal(excerpt(sql, 2), '1 | SELECT 1;\n2 | \tSELECT oops FROM t;');
    assert.equal(excerpt(sql, 2, 99), '1 | SELECT 1;\n2 | \tSELECT oops FROM t;');
  });

  test("locateTable: model names, @@map and @map; firstChangedTable reads Prisma's summary", () => {
    const files = [
      { path: 'a.prisma', content: 'model User {\n  id Int @id\n}\n' },
      { path: 'b.prisma', content: 'model Tag {\n  id    Int @id\n  label String @map("name")\n\n  @@map("tags")\n}\n' },
    ];
    assert.deepEqual(locateTable(files, 'User'), { file: 'a.prisma', line: 1 });
    assert.deepEqual(locateTable(files, 'tags', 'name'), { file: 'b.prisma', line: 3 });
    assert.deepEqual(locateTable(files, 'tags', 'nope'), { file: 'b.prisma', line: 1 });
    assert.equal(locateTable(files, 'Tag'), undefined, 'the table is called tags');
    assert.deepEqual(firstChangedTable('[+] Added tables\n  - tags\n', files), { file: 'b.prisma', line: 1 });
    assert.deepEqual(
      firstChangedTable('[-] Removed tables\n  - Gone\n\n[*] Changed the `tags` table\n  [+] Added column `name`\n', files),
      { file: 'b.prisma', line: 3 },
    );
    assert.equal(firstChangedTable('[-] Removed tables\n  - Gone\n', files), undefined);
  });
});
