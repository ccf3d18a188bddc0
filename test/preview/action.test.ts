import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { createTestDatabase, leftoverShadowDatabases, query, testPostgresUrl } from '../support/postgres.js';
import { copyBlog, DESCRIPTION_MESSAGE, SEED_SQL, type BlogCopy } from './blog.js';
import { runActionOnPullRequest, type ActionRun } from '../support/action.js';

const TOKEN = 'ghs_good_token';
const OWNER = 'octo';
const REPO = 'shop';
/** Preview databases of this test process: `<number>` is the PR. */
const NAME_TEMPLATE = `psg_preview_${process.pid}_pr_<number>`;
const databaseName = (pr: number) => `psg_preview_${process.pid}_pr_${pr}`;

/** The action as GitHub runs it, from the compiled entry in a child process (test/support/action.ts). */
function runAction(
  inputs: Record<string, string>,
  event: { action: string; number: number; labels?: string[] },
  options: { workspace: string; github: GitHubServer; env?: NodeJS.ProcessEnv },
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

const MARKER = /<!-- prisma-schema-guard:preview:[^ ]+ -->/;

describe('preview (action): preview databases per pull request, the plan as a sticky comment', () => {
  let github: GitHubServer;
  let server: string;
  const copies: BlogCopy[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const prs = [11, 12, 13, 14, 15, 16, 17, 18];

  beforeAll(async () => {
    github = await startGitHubServer({ tokens: { [TOKEN]: 'write', ghs_read_only: 'read' } });
    server = await testPostgresUrl();
  });
  afterAll(async () => {
    await github.close();
    for (const cleanup of cleanups) await cleanup();
    for (const pr of prs) await query(`DROP DATABASE IF EXISTS "${databaseName(pr)}" WITH (FORCE)`);
    for (const copy of copies) await copy.remove();
    for (const pr of prs) assert.equal(await databaseExists(databaseName(pr)), false);
    assert.deepEqual(await leftoverShadowDatabases(), []);
  });

  async function blog(): Promise<BlogCopy> {
    const copy = await copyBlog();
    copies.push(copy);
    return copy;
  }

  const serverInputs = (extra: Record<string, string> = {}) => ({
    'preview-database-url': server,
    'preview-database-name': NAME_TEMPLATE,
    ...extra,
  });

  test('opened: the database is created and seeded, the safe plan applied, one comment posted; synchronize with a required column: blocked, the comment updated in place', async () => {
    const project = await blog();
    const seed = `psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -c '${SEED_SQL.replace(/'/g, `'"'"'`)}'`;
    const opened = await runAction(
      serverInputs({ 'preview-seed-command': seed }),
      { action: 'opened', number: 11 },
      { workspace: project.dir, github },
    );
    assert.equal(opened.code, 0, opened.stdout);
    assert.equal(opened.outputs.verdict, 'applied');
    assert.equal(opened.outputs.applied, 'true');
    assert.equal(opened.outputs['data-loss'], 'false');
    const plan = JSON.parse(opened.outputs['plan-json']!);
    assert.equal(plan.database.created, true);
    assert.equal(plan.database.seeded, true);
    assert.equal((await query(`SELECT count(*)::int AS n FROM "Post"`, databaseName(11)))[0]!.n, 2, 'the seed ran with DATABASE_URL');
    const comments = github.commentsOf(OWNER, REPO, 11);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, MARKER);
    assert.match(comments[0]!.body, /✅ applied/);
    assert.match(opened.summary, /✅ applied/, 'the same content goes to the job summary');
    assert.doesNotMatch(
      comments[0]!.body + opened.summary + opened.stdout,
      /postgres@127\.0\.0\.1:5432\//,
      'no database URL in any output',
    );

    await project.edit('  title     String', '  title     String\n  description String');
    const blocked = await runAction(
      serverInputs({ 'preview-seed-command': seed }),
      { action: 'synchronize', number: 11 },
      { workspace: project.dir, github },
    );
    assert.equal(blocked.code, 1, 'a blocked plan fails the step');
    assert.equal(blocked.outputs.verdict, 'blocked');
    assert.equal(blocked.outputs.applied, 'false');
    assert.equal(blocked.outputs['data-loss'], 'true');
    assert.deepEqual(JSON.parse(blocked.outputs['plan-json']!).unexecutable, [DESCRIPTION_MESSAGE]);
    const after = github.commentsOf(OWNER, REPO, 11);
    assert.equal(after.length, 1, 'the second run updates the same comment');
    assert.equal(after[0]!.id, comments[0]!.id);
    assert.ok(after[0]!.body.includes(DESCRIPTION_MESSAGE.replace(/\|/g, '\\|')), after[0]!.body);
    assert.match(after[0]!.body, /⛔ blocked/);
    assert.ok(blocked.summary.includes(DESCRIPTION_MESSAGE));
    assert.equal((await query(`SELECT count(*)::int AS n FROM "Post"`, databaseName(11)))[0]!.n, 2, 'the data is untouched');
    assert.equal(
      (await query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Post' AND column_name = 'description'`, databaseName(11)))
        .length,
      0,
    );

    const closed = await runAction(serverInputs(), { action: 'closed', number: 11 }, { workspace: project.dir, github });
    assert.equal(closed.code, 0, closed.stdout);
    assert.equal(closed.outputs.verdict, 'closed');
    assert.equal(await databaseExists(databaseName(11)), false, 'the closed PR drops the database the action created');
    const final = github.commentsOf(OWNER, REPO, 11);
    assert.equal(final.length, 1);
    assert.match(final[0]!.body, /was dropped/);
  });

  test('a dropped column with data: blocked; applied once the PR has the accept-data-loss label (the data is gone only then)', async () => {
    const project = await blog();
    const opened = await runAction(serverInputs(), { action: 'opened', number: 12 }, { workspace: project.dir, github });
    assert.equal(opened.code, 0, opened.stdout);
    await query(SEED_SQL, databaseName(12));
    await project.edit('  content   String?\n', '');
    const blocked = await runAction(serverInputs(), { action: 'synchronize', number: 12 }, { workspace: project.dir, github });
    assert.equal(blocked.code, 1);
    assert.equal(blocked.outputs.verdict, 'blocked');
    assert.match(blocked.stdout, /Add the label 'accept-data-loss'/);
    assert.match(
      github.commentsOf(OWNER, REPO, 12)[0]!.body,
      /\| `Post\.content` \| column dropped \| 2 \| ⚠️ loses data: 2 values deleted \| You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values\. \|/,
    );
    assert.equal((await query(`SELECT count(content)::int AS n FROM "Post"`, databaseName(12)))[0]!.n, 2);

    github.labels.set(`${OWNER}/${REPO}#12`, ['bug', 'accept-data-loss']);
    const applied = await runAction(serverInputs(), { action: 'labeled', number: 12 }, { workspace: project.dir, github });
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.outputs.verdict, 'applied');
    assert.equal(applied.outputs['data-loss'], 'true');
    assert.equal(JSON.parse(applied.outputs['plan-json']!).acceptedBy, 'label `accept-data-loss`');
    assert.equal(
      (await query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Post' AND column_name = 'content'`, databaseName(12)))
        .length,
      0,
    );
    assert.equal(github.commentsOf(OWNER, REPO, 12).length, 1);
    assert.match(github.commentsOf(OWNER, REPO, 12)[0]!.body, /applied, data loss accepted/);
  });

  test('150 existing comments: the sticky comment is found on a later page and updated, not duplicated', async () => {
    const project = await blog();
    const bodies = Array.from({ length: 150 }, (_, i) => `comment ${i}`);
    github.addComments(OWNER, REPO, 13, bodies.slice(0, 120));
    const first = await runAction(serverInputs(), { action: 'opened', number: 13 }, { workspace: project.dir, github });
    assert.equal(first.code, 0, first.stdout);
    github.addComments(OWNER, REPO, 13, bodies.slice(120));
    const sticky = github.commentsOf(OWNER, REPO, 13).find((comment) => MARKER.test(comment.body))!;
    assert.equal(github.commentsOf(OWNER, REPO, 13).indexOf(sticky), 120, 'the sticky comment is the 121st: on page 2');
    const pagesBefore = github.requests.length;
    await project.edit('  content   String?', '  content   String?\n  subtitle  String?');
    const second = await runAction(serverInputs(), { action: 'synchronize', number: 13 }, { workspace: project.dir, github });
    assert.equal(second.code, 0, second.stdout);
    const comments = github.commentsOf(OWNER, REPO, 13);
    assert.equal(comments.length, 151);
    assert.equal(comments.filter((comment) => MARKER.test(comment.body)).length, 1);
    assert.match(comments[120]!.body, /subtitle/);
    const listed = github.requests
      .slice(pagesBefore)
      .filter((request) => request.method === 'GET' && request.path.endsWith('/issues/13/comments'));
    assert.deepEqual(
      listed.map((request) => request.query.page ?? '1'),
      ['1', '2'],
    );
  });

  test('a deleted comment is posted again', async () => {
    const project = await blog();
    assert.equal((await runAction(serverInputs(), { action: 'opened', number: 14 }, { workspace: project.dir, github })).code, 0);
    github.comments.set(`${OWNER}/${REPO}#14`, []);
    const again = await runAction(serverInputs(), { action: 'synchronize', number: 14 }, { workspace: project.dir, github });
    assert.equal(again.code, 0, again.stdout);
    assert.equal(github.commentsOf(OWNER, REPO, 14).length, 1);
    assert.match(github.commentsOf(OWNER, REPO, 14)[0]!.body, /in sync/);
  });

  test('the ready-database mode (database-url) never creates or drops a database', async () => {
    const project = await blog();
    const given = await createTestDatabase('preview_given');
    cleanups.push(given.drop);
    const opened = await runAction(
      { 'database-url': given.url, 'preview-database-name': NAME_TEMPLATE },
      { action: 'opened', number: 15 },
      { workspace: project.dir, github },
    );
    assert.equal(opened.code, 0, opened.stdout);
    assert.equal(opened.outputs.verdict, 'applied');
    assert.equal(JSON.parse(opened.outputs['plan-json']!).database.mode, 'given');
    assert.equal(await databaseExists(databaseName(15)), false, 'no database is created');
    const closed = await runAction({ 'database-url': given.url }, { action: 'closed', number: 15 }, { workspace: project.dir, github });
    assert.equal(closed.code, 0, closed.stdout);
    assert.equal(await databaseExists(given.name), true, 'the given database is left to its owner');
    assert.equal((await query(`SELECT count(*)::int AS n FROM "User"`, given.name))[0]!.n, 0);
    assert.match(github.commentsOf(OWNER, REPO, 15)[0]!.body, /left as it is: it was given by `database-url`/);
  });

  test('both or neither of preview-database-url and database-url: a message that names both', async () => {
    const project = await blog();
    const both = await runAction(
      { 'database-url': `${server}`, 'preview-database-url': server },
      { action: 'opened', number: 16 },
      { workspace: project.dir, github },
    );
    assert.equal(both.code, 1);
    assert.match(both.stdout, /Inputs 'preview-database-url' and 'database-url' are both given/);
    const neither = await runAction({}, { action: 'opened', number: 16 }, { workspace: project.dir, github });
    assert.equal(neither.code, 1);
    assert.match(neither.stdout, /needs exactly one of 'preview-database-url'.*and 'database-url'/);
    assert.equal(await databaseExists(databaseName(16)), false);
  });

  test("GitHub cannot say the labels (5xx, retried, still failing): the event's labels decide, and the warning says how", async () => {
    const project = await blog();
    const opened = await runAction(serverInputs(), { action: 'opened', number: 18 }, { workspace: project.dir, github });
    assert.equal(opened.code, 0, opened.stdout);
    await query(SEED_SQL, databaseName(18));
    await project.edit('  content   String?\n', '');
    github.labels.set(`${OWNER}/${REPO}#18`, ['accept-data-loss']);
    const before = github.requests.length;
    github.failNext(503, 3, { method: 'GET', path: /\/issues\/18\/labels$/ });
    const result = await runAction(
      serverInputs(),
      { action: 'labeled', number: 18, labels: ['accept-data-loss'] },
      { workspace: project.dir, github, env: { PSG_GITHUB_RETRY_AFTER_SCALE: '0.01' } },
    );
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.outputs.verdict, 'applied', 'the label in the event payload accepted the data loss');
    assert.equal(
      github.requests.slice(before).filter((request) => request.path.endsWith('/issues/18/labels')).length,
      3,
      'one request and 2 retries',
    );
    assert.match(
      result.stdout,
      /^::warning::GitHub's API failed when trying to read the labels of pull request octo\/shop#18 \(503 Service Unavailable\), still after 2 retries\. The labels in the event payload \(as they were when the workflow started\) were used instead: they have 'accept-data-loss', so data loss is accepted\./m,
    );
    assert.match(result.summary, /⚠️ GitHub's API failed when trying to read the labels/);
    assert.match(github.commentsOf(OWNER, REPO, 18)[0]!.body, /applied, data loss accepted/, 'the comment is posted all the same');
    assert.doesNotMatch(result.stdout + result.stderr + result.summary, new RegExp(TOKEN), 'the token is never shown');
  });

  test('a token without write permission or a bad token: a warning, the verdict stands, and the plan still in the job summary', async () => {
    const project = await blog();
    const readOnly = await runAction(
      serverInputs({ 'github-token': 'ghs_read_only' }),
      { action: 'opened', number: 17 },
      { workspace: project.dir, github },
    );
    assert.equal(readOnly.code, 0, 'a comment that cannot be posted does not fail the job (fork PRs get read-only tokens)');
    assert.equal(readOnly.outputs.verdict, 'applied', 'the plan was applied and reported');
    assert.equal(readOnly.outputs.gate, 'pass');
    assert.match(readOnly.stdout, /^::warning::GitHub refused/m);
    assert.match(
      readOnly.stdout,
      /GitHub refused to let the token comment on pull request octo\/shop#17 \(403 Resource not accessible by integration\): it lacks the `pull-requests: write` permission/,
    );
    assert.match(readOnly.summary, /✅ applied/);
    assert.match(readOnly.summary, /403 Resource not accessible by integration/);
    assert.equal(github.commentsOf(OWNER, REPO, 17).length, 0);

    const bad = await runAction(
      serverInputs({ 'github-token': 'ghs_revoked' }),
      { action: 'synchronize', number: 17 },
      { workspace: project.dir, github },
    );
    assert.equal(bad.code, 0, bad.stdout);
    assert.match(bad.stdout, /^::warning::GitHub rejected the token \(401 Bad credentials\)/m);
    assert.match(bad.summary, /prisma-schema-guard preview: ✅ in sync/);
    assert.doesNotMatch(bad.stdout + bad.summary, /ghs_revoked/);
  });
});
