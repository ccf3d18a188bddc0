/**
 * The action's preview on a SQLite file in the workspace (`database-url: file:./prisma/dev.db`):
 * the same plan, outputs, job summary and sticky comment as for PostgreSQL; the file is written
 * back only when the plan is applied, and left alone when the pull request closes.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { copyProject } from '../drift/live.js';
import { runActionOnPullRequest, type PullRequestEvent } from '../support/action.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { repoRoot } from '../support/paths.js';
import { query, testPostgresUrl } from '../support/postgres.js';
import { deploySqlite, fingerprint, querySqlite } from '../support/sqlite.js';

const TOKEN = 'ghs_good_token';
const OWNER = 'octo';
const REPO = 'shop';
const FILE_URL = 'file:./prisma/dev.db';
const blog = join(repoRoot, 'test', 'fixtures', 'sqlite-blog');
const SEED = `INSERT INTO "User" (id, email, name) VALUES (1, 'ada@example.com', 'Ada'), (2, 'alan@example.com', 'Alan');`;
const MARKER = /<!-- prisma-schema-guard:preview:[^ ]+ -->/;

const columns = async (file: string, table: string) =>
  (await querySqlite(file, `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`)).map((row) => row.name);

describe('preview (action) on a SQLite file in the workspace', () => {
  let github: GitHubServer;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    github = await startGitHubServer({ tokens: { [TOKEN]: 'write' } });
  });
  afterAll(async () => {
    await github.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** The SQLite blog deployed into prisma/dev.db with two users. */
  async function project(): Promise<{ dir: string; file: string; edit: (from: string, to: string) => Promise<void> }> {
    const copy = await copyProject(blog);
    cleanups.push(copy.remove);
    const file = join(copy.dir, 'prisma', 'dev.db');
    await deploySqlite(copy.dir, file, SEED);
    const schemaPath = join(copy.dir, 'prisma', 'schema.prisma');
    return {
      dir: copy.dir,
      file,
      async edit(from, to) {
        const text = await readFile(schemaPath, 'utf8');
        if (!text.includes(from)) throw new Error(`schema.prisma has no "${from}"`);
        await writeFile(schemaPath, text.replace(from, to));
      },
    };
  }

  const run = (dir: string, event: PullRequestEvent, inputs: Record<string, string> = { 'database-url': FILE_URL }) =>
    runActionOnPullRequest({ command: 'preview', 'github-token': TOKEN, ...inputs }, event, { workspace: dir, github });
  const noTemporaryFiles = async (dir: string) =>
    assert.deepEqual(
      (await readdir(join(dir, 'prisma'))).filter((name) => name.endsWith('.tmp')),
      [],
    );

  test('opened: in sync, the file untouched; synchronize with an optional column: applied, written back, the same comment updated', async () => {
    const { dir, file, edit } = await project();
    const before = await fingerprint(file);
    const opened = await run(dir, { action: 'opened', number: 41 });
    assert.equal(opened.code, 0, opened.stdout);
    assert.equal(opened.outputs.verdict, 'in-sync');
    assert.equal(opened.outputs.applied, 'false');
    assert.equal(opened.outputs['data-loss'], 'false');
    const plan = JSON.parse(opened.outputs['plan-json']!);
    assert.equal(plan.provider, 'sqlite');
    assert.deepEqual(plan.database, { name: join('prisma', 'dev.db'), server: 'a local SQLite file', mode: 'given' });
    assert.equal(opened.outputs['report-json'], opened.outputs['plan-json']);
    assert.deepEqual(await fingerprint(file), before, 'in sync: not a byte written, the mtime unchanged');
    const comments = github.commentsOf(OWNER, REPO, 41);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, MARKER);
    assert.match(comments[0]!.body, /in sync/);
    assert.match(opened.summary, /in sync/);

    await edit('  name  String?\n', '  name  String?\n  bio   String?\n');
    const applied = await run(dir, { action: 'synchronize', number: 41 });
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.outputs.verdict, 'applied');
    assert.equal(applied.outputs.applied, 'true');
    assert.equal(applied.outputs['data-loss'], 'false');
    assert.match(JSON.parse(applied.outputs['plan-json']!).sql, /"bio"/);
    assert.deepEqual(await columns(file, 'User'), ['id', 'email', 'name', 'bio'], 'written back to the file');
    assert.deepEqual(await querySqlite(file, 'SELECT email FROM "User" ORDER BY id'), [
      { email: 'ada@example.com' },
      { email: 'alan@example.com' },
    ]);
    await noTemporaryFiles(dir);
    const after = github.commentsOf(OWNER, REPO, 41);
    assert.equal(after.length, 1, 'the second run updates the same comment');
    assert.equal(after[0]!.id, comments[0]!.id);
    assert.match(after[0]!.body, /✅ applied/);
    assert.match(applied.summary, /✅ applied/);
  });

  test('a dropped column with data: blocked, the file byte-identical; with the accept-data-loss label: applied and the file changed', async () => {
    const { dir, file, edit } = await project();
    await edit('  name  String?\n', '');
    const before = await fingerprint(file);
    const blocked = await run(dir, { action: 'synchronize', number: 42 });
    assert.equal(blocked.code, 1, 'a blocked plan fails the step');
    assert.equal(blocked.outputs.verdict, 'blocked');
    assert.equal(blocked.outputs.applied, 'false');
    assert.equal(blocked.outputs['data-loss'], 'true');
    const warnings: string[] = JSON.parse(blocked.outputs['plan-json']!).warnings;
    assert.ok(
      warnings.some((warning) => /drop the column `name` on the `User` table/.test(warning)),
      JSON.stringify(warnings),
    );
    assert.match(blocked.stdout, /Add the label 'accept-data-loss'/);
    assert.deepEqual(await fingerprint(file), before, 'blocked: not a byte written, the mtime unchanged');
    await noTemporaryFiles(dir);
    assert.match(github.commentsOf(OWNER, REPO, 42)[0]!.body, /⛔ blocked/);
    assert.match(blocked.summary, /⛔ blocked/);

    github.labels.set(`${OWNER}/${REPO}#42`, ['accept-data-loss']);
    const applied = await run(dir, { action: 'labeled', number: 42 });
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.outputs.verdict, 'applied');
    assert.equal(applied.outputs.applied, 'true');
    assert.equal(applied.outputs['data-loss'], 'true');
    assert.equal(JSON.parse(applied.outputs['plan-json']!).acceptedBy, 'label `accept-data-loss`');
    assert.notDeepEqual((await fingerprint(file)).bytes, before.bytes, 'the file was written');
    assert.deepEqual(await columns(file, 'User'), ['id', 'email']);
    assert.deepEqual(await querySqlite(file, 'SELECT count(*) AS n FROM "User"'), [{ n: 2 }]);
    await noTemporaryFiles(dir);
    assert.equal(github.commentsOf(OWNER, REPO, 42).length, 1);
    assert.match(github.commentsOf(OWNER, REPO, 42)[0]!.body, /applied, data loss accepted/);
  });

  test('closed: the file is left alone, and the comment says so', async () => {
    const { dir, file } = await project();
    const before = await fingerprint(file);
    const closed = await run(dir, { action: 'closed', number: 43 });
    assert.equal(closed.code, 0, closed.stdout);
    assert.equal(closed.outputs.verdict, 'closed');
    assert.equal(closed.outputs.applied, 'false');
    assert.match(closed.stdout, /the SQLite file prisma\/dev\.db was given by 'database-url' and is left alone/);
    assert.deepEqual(await fingerprint(file), before);
    const body = github.commentsOf(OWNER, REPO, 43)[0]!.body;
    assert.match(body, /was left as it is: it is a SQLite file given by `database-url`, which the action never deletes/);
    assert.equal(JSON.parse(closed.outputs['report-json']!).dropped, false);
  });

  test('a Turso/libSQL or D1 URL is refused with the reason, its token never printed', async () => {
    const { dir } = await project();
    for (const [url, service] of [
      ['libsql://preview-acme.turso.io?authToken=not-a-real-token', 'Turso/libSQL'],
      ['d1://preview', 'Cloudflare D1'],
    ] as const) {
      const refused = await run(dir, { action: 'opened', number: 44 }, { 'database-url': url });
      assert.equal(refused.code, 1);
      assert.equal(refused.outputs.verdict, 'error');
      assert.ok(
        refused.stdout.includes(`Input 'database-url': `) && refused.stdout.includes(`remote ${service} database, which is not supported`),
        refused.stdout,
      );
      assert.match(refused.stdout, /file:\.\/dev\.db/);
      assert.doesNotMatch(refused.stdout + refused.summary, /not-a-real-token/);
    }
    assert.equal(github.commentsOf(OWNER, REPO, 44).length, 0);
  });

  test('managed mode (preview-database-url) with SQLite: an error naming the input; no database is created on the server', async () => {
    const { dir, file } = await project();
    const before = await fingerprint(file);
    const asServer = await run(dir, { action: 'opened', number: 45 }, { 'preview-database-url': FILE_URL });
    assert.equal(asServer.code, 1);
    assert.match(asServer.stdout, /Input 'preview-database-url': a SQLite database is a file, not a server/);
    assert.match(asServer.stdout, /Pass the SQLite file as 'database-url'/);

    const server = await testPostgresUrl();
    const name = `psg_preview_${process.pid}_sqlite_pr_<number>`;
    const sqliteSchema = await run(
      dir,
      { action: 'opened', number: 45 },
      { 'preview-database-url': server, 'preview-database-name': name },
    );
    assert.equal(sqliteSchema.code, 1);
    assert.match(
      sqliteSchema.stdout,
      /Input 'preview-database-url': the schema's datasource uses "sqlite" \(prisma\/schema\.prisma:\d+\); a SQLite preview is a file/,
    );
    assert.equal(
      (await query(`SELECT 1 FROM pg_database WHERE datname = '${name.replace('<number>', '45')}'`)).length,
      0,
      'refused before any database was created',
    );
    assert.doesNotMatch(sqliteSchema.stdout, /postgres@127\.0\.0\.1/);
    assert.deepEqual(await fingerprint(file), before);
  });
});
