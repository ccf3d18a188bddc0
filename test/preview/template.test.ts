import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import pg from 'pg';
import { cli } from '../support/cli.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { leftoverShadowDatabases, query, testPostgresUrl, withDatabaseName } from '../support/postgres.js';
import { copyBlog, SEED_SQL, type BlogCopy } from './blog.js';
import { runActionOnPullRequest, type ActionRun } from '../support/action.js';

const TOKEN = 'ghs_good_token';
const OWNER = 'octo';
const REPO = 'shop';
const NAME_TEMPLATE = `psg_tpl_${process.pid}_pr_<number>`;
const databaseName = (pr: number) => `psg_tpl_${process.pid}_pr_${pr}`;
const MARKER = /<!-- prisma-schema-guard:preview:[^ ]+ -->/;

/** The action as GitHub runs it, from the compiled entry in a child process (test/support/action.ts). */
function runAction(
  inputs: Record<string, string>,
  event: { action: string; number: number },
  options: { workspace: string; github: GitHubServer },
): Promise<ActionRun> {
  return runActionOnPullRequest(
    { command: 'preview', 'github-token': TOKEN, ...inputs },
    { ...event, repository: `${OWNER}/${REPO}` },
    options,
  );
}

async function databaseExists(name: string): Promise<boolean> {
  return (await query(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length > 0;
}

describe('preview (action): preview-template, the PR database copied from a template database', () => {
  let github: GitHubServer;
  let server: string;
  let project: BlogCopy;
  /** A template like a nightly copy of production: the blog's tables, holding two users and two posts. */
  const template = `psg_tpl_${process.pid}_${Math.random().toString(36).slice(2, 8)}_source`;
  const prs = [21, 22, 23];

  beforeAll(async () => {
    github = await startGitHubServer({ tokens: { [TOKEN]: 'write' } });
    server = await testPostgresUrl();
    project = await copyBlog();
    await query(`CREATE DATABASE "${template}"`);
    const pushed = await cli(['preview', '--schema', project.schemaFile, '--database-url', withDatabaseName(server, template), '--json'], {
      cwd: project.dir,
    });
    assert.equal(pushed.code, 0, pushed.stdout + pushed.stderr);
    await query(SEED_SQL, template);
  });
  afterAll(async () => {
    await github.close();
    for (const pr of prs) await query(`DROP DATABASE IF EXISTS "${databaseName(pr)}" WITH (FORCE)`);
    await query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await project.remove();
    for (const name of [template, ...prs.map(databaseName)]) assert.equal(await databaseExists(name), false, `${name} is left`);
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  const inputs = (extra: Record<string, string> = {}) => ({
    'preview-database-url': server,
    'preview-database-name': NAME_TEMPLATE,
    'preview-template': template,
    ...extra,
  });

  test('opened: the PR database is created from the template (its rows are there), the schema pushed, the comment posted; closed drops it and leaves the template', async () => {
    await project.edit('  content   String?', '  content   String?\n  subtitle  String?');
    try {
      const opened = await runAction(inputs(), { action: 'opened', number: 21 }, { workspace: project.dir, github });
      assert.equal(opened.code, 0, opened.stdout);
      assert.equal(opened.outputs.verdict, 'applied');
      assert.equal(opened.outputs['data-loss'], 'false');
      const plan = JSON.parse(opened.outputs['plan-json']!);
      assert.equal(plan.database.created, true);
      assert.equal(plan.database.template, template);
      assert.match(opened.stdout, new RegExp(`Created the preview database ${databaseName(21)} on [^ ]+ from ${template}\\.`));
      const posts = await query<{ title: string; subtitle: string | null }>(
        `SELECT title, subtitle FROM "Post" ORDER BY id`,
        databaseName(21),
      );
      assert.deepEqual(
        posts,
        [
          { title: 'Hello', subtitle: null },
          { title: 'Again', subtitle: null },
        ],
        "the template's rows, with the pushed column",
      );
      assert.equal((await query<{ n: number }>(`SELECT count(*)::int AS n FROM "User"`, databaseName(21)))[0]!.n, 2);
      assert.equal(
        (await query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Post' AND column_name = 'subtitle'`, template)).length,
        0,
        'the template itself is not changed',
      );
      const comments = github.commentsOf(OWNER, REPO, 21);
      assert.equal(comments.length, 1);
      assert.match(comments[0]!.body, MARKER);
      assert.match(comments[0]!.body, /✅ applied/);
      assert.ok(comments[0]!.body.includes(`from template \`${template}\``), comments[0]!.body);
      assert.match(comments[0]!.body, /subtitle/);

      const closed = await runAction(inputs(), { action: 'closed', number: 21 }, { workspace: project.dir, github });
      assert.equal(closed.code, 0, closed.stdout);
      assert.equal(closed.outputs.verdict, 'closed');
      assert.equal(await databaseExists(databaseName(21)), false, 'the database made from the template is dropped on close');
      assert.equal(await databaseExists(template), true, 'the template is not the action’s to drop');
      assert.equal((await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Post"`, template))[0]!.n, 2);
      assert.match(github.commentsOf(OWNER, REPO, 21)[0]!.body, /was dropped/);
    } finally {
      await project.edit('  content   String?\n  subtitle  String?', '  content   String?');
    }
  });

  test('a template that does not exist: the step fails with a message naming preview-template; no database is left', async () => {
    const missing = `${template}_missing`;
    const run = await runAction(
      inputs({ 'preview-template': missing }),
      { action: 'opened', number: 22 },
      { workspace: project.dir, github },
    );
    assert.equal(run.code, 1);
    assert.equal(run.outputs.verdict, 'error');
    assert.match(
      run.stdout,
      new RegExp(
        `::error::Input 'preview-template': cannot create ${databaseName(22)} from it: there is no database "${missing}" on \\S+\\.`,
      ),
    );
    assert.match(run.stdout, /Give the name of an existing database on the preview server/);
    assert.doesNotMatch(run.stdout, /\n\s+at /, 'no stack trace');
    assert.equal(await databaseExists(databaseName(22)), false);
    assert.equal(github.commentsOf(OWNER, REPO, 22).length, 0);
  });

  test('a template someone is connected to: the step fails with a message naming preview-template and why', async () => {
    const session = new pg.Client({ connectionString: withDatabaseName(server, template) });
    await session.connect();
    try {
      const run = await runAction(inputs(), { action: 'opened', number: 23 }, { workspace: project.dir, github });
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        new RegExp(
          `::error::Input 'preview-template': cannot create ${databaseName(23)} from it: other sessions are connected to "${template}"`,
        ),
      );
      assert.equal(await databaseExists(databaseName(23)), false);
    } finally {
      await session.end();
    }
  });
});
