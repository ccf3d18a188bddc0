/**
 * GitHub API faults through the action as GitHub runs it (spawned, test/support/action.ts): a
 * review whose destructive finding fails the gate, with the PR comment meeting each fault of the
 * local REST server. The verdict, the gate and the exit code are those of the run without a fault;
 * a fault GitHub recovers from is retried (the comment is posted), any other is a `::warning::`
 * that names it; no token ever appears in stdout, stderr, the job summary or the outputs.
 */
import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, describe, test } from 'vitest';
import { blogRepo, MIGRATIONS, type TestRepo } from '../history/git-repo.js';
import { runActionOnPullRequest, type ActionRun } from '../support/action.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

const TOKEN = 'ghs_writer_5b0e1d';
const READER = 'ghs_reader_c47a90';
const REVOKED = 'ghs_revoked_2f61aa';
const TOKENS = [TOKEN, READER, REVOKED];
const SUMMARY = /### prisma-schema-guard review: ❌ 1 finding fails the gate/;

describe('the action: GitHub API faults never change the verdict', () => {
  let repo: TestRepo;
  let github: GitHubServer;
  let clean: ActionRun;

  const run = (number: number, options: { token?: string; repository?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runActionOnPullRequest(
      { command: 'review', base: 'main', 'github-token': options.token ?? TOKEN },
      { action: 'synchronize', number, repository: options.repository },
      // Waits scaled down: a 1 s retry-after waits 10 ms.
      { workspace: repo.dir, github, env: { PSG_GITHUB_RETRY_AFTER_SCALE: '0.01', ...options.env } },
    );
  const comments = (number: number) => `/repos/octo/shop/issues/${number}/comments`;
  const requestsTo = (path: string, method: string, since: number) =>
    github.requests.slice(since).filter((request) => request.path === path && request.method === method);

  beforeAll(async () => {
    repo = blogRepo();
    repo.write(
      `${MIGRATIONS}/20240201000000_drop_name/migration.sql`,
      `SET lock_timeout = '5s';\n-- AlterTable\nALTER TABLE "User" DROP COLUMN "name";\n`,
    );
    repo.commit('drop name');
    github = await startGitHubServer({ tokens: { [TOKEN]: 'write', [READER]: 'read' } });
    clean = await run(1);
  });
  afterEach(() => github.clearFaults());
  afterAll(async () => {
    await github.close();
    repo.cleanup();
  });

  function assertNoToken(result: ActionRun) {
    const everything = result.stdout + result.stderr + result.summary + JSON.stringify(result.outputs);
    for (const token of TOKENS) assert.ok(!everything.includes(token), `the token ${token} is never shown`);
  }

  /** The same verdict, gate and exit code as without the fault; the report in the job summary; the fault a warning. */
  function assertVerdictStands(result: ActionRun, warning: RegExp) {
    assert.equal(result.code, clean.code, result.stdout);
    assert.equal(result.outputs.verdict, clean.outputs.verdict);
    assert.equal(result.outputs.gate, clean.outputs.gate);
    assert.equal(JSON.parse(result.outputs['report-json']!).findings.length, JSON.parse(clean.outputs['report-json']!).findings.length);
    assert.match(result.summary, SUMMARY);
    assert.match(result.summary, /⚠️ The PR comment could not be posted: /);
    assert.match(result.stdout, warning);
    assertNoToken(result);
  }

  /** A fault GitHub recovered from: no warning, the comment posted. */
  function assertRecovered(result: ActionRun, number: number) {
    assert.equal(result.code, clean.code, result.stdout);
    assert.equal(result.outputs.verdict, clean.outputs.verdict);
    assert.doesNotMatch(result.stdout, /^::warning::/m);
    assert.match(result.stdout, new RegExp(`PR comment created: https://github\\.com/octo/shop/pull/${number}#issuecomment-`));
    assert.equal(github.commentsOf('octo', 'shop', number).length, 1);
    assert.match(github.commentsOf('octo', 'shop', number)[0]!.body, /`drop-column`/);
    assertNoToken(result);
  }

  test('without a fault: the gate fails on the finding and the comment is posted (the reference run)', () => {
    assert.equal(clean.code, 1, clean.stdout);
    assert.equal(clean.outputs.verdict, 'failing');
    assert.equal(clean.outputs.gate, 'fail');
    assert.match(clean.summary, SUMMARY);
    assert.equal(github.commentsOf('octo', 'shop', 1).length, 1);
    assertNoToken(clean);
  });

  test('401: a revoked token', async () => {
    const result = await run(2, { token: REVOKED });
    assertVerdictStands(
      result,
      /^::warning::GitHub rejected the token \(401 Bad credentials\) when trying to read the comments of pull request octo\/shop#2\. Check input 'github-token'/m,
    );
  });

  test('403: a read-only token (a fork): the warning names pull-requests: write', async () => {
    const result = await run(3, { token: READER });
    assertVerdictStands(
      result,
      /^::warning::GitHub refused to let the token comment on pull request octo\/shop#3 \(403 Resource not accessible by integration\): it lacks the `pull-requests: write` permission\./m,
    );
    assert.equal(github.commentsOf('octo', 'shop', 3).length, 0);
  });

  test('404: a repository GitHub does not know', async () => {
    const result = await run(4, { repository: 'octo/gone' });
    assertVerdictStands(
      result,
      /^::warning::GitHub found nothing when trying to read the comments of pull request octo\/gone#4 \(404 Not Found\)/m,
    );
  });

  test("422: GitHub's validation error", async () => {
    github.failNext(422, 1, { method: 'POST', path: /\/issues\/5\/comments$/ });
    const result = await run(5);
    assertVerdictStands(
      result,
      /^::warning::GitHub rejected the request to comment on pull request octo\/shop#5 as invalid \(422 Validation Failed: body is too long \(maximum is 65536 characters\)\)\./m,
    );
    assert.equal(github.commentsOf('octo', 'shop', 5).length, 0);
  });

  test('a 5xx once: retried, the comment posted (the server saw 2 requests)', async () => {
    const since = github.requests.length;
    github.failNext(502, 1, { method: 'POST', path: /\/issues\/6\/comments$/ });
    const result = await run(6);
    assertRecovered(result, 6);
    assert.deepEqual(
      requestsTo(comments(6), 'POST', since).map((request) => request.status),
      [502, 201],
    );
  });

  test('a 5xx that persists: 1 request and 2 retries, then a warning', async () => {
    const since = github.requests.length;
    github.failNext(503, 10, { method: 'GET', path: /\/issues\/7\/comments$/ });
    const result = await run(7);
    assertVerdictStands(
      result,
      /^::warning::GitHub's API failed when trying to read the comments of pull request octo\/shop#7 \(503 Service Unavailable\), still after 2 retries\. GitHub had a server error: re-run the job\./m,
    );
    assert.equal(requestsTo(comments(7), 'GET', since).length, 3);
  });

  test('a secondary rate limit: waited out (retry-after), then the comment posted', async () => {
    const since = github.requests.length;
    github.secondaryRateLimitNext({ retryAfter: 1, scope: { method: 'POST', path: /\/issues\/8\/comments$/ } });
    const result = await run(8);
    assertRecovered(result, 8);
    assert.deepEqual(
      requestsTo(comments(8), 'POST', since).map((request) => request.status),
      [403, 201],
    );
    assert.match(
      result.stdout,
      /GitHub's secondary rate limit on POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments: retrying after 1 s \(retry 1 of 2\)\./,
    );
  });

  test('the primary rate limit used up for an hour: not waited out, a warning that says when it resets', async () => {
    github.rateLimitNext({ resetInSeconds: 3_600, scope: { method: 'GET', path: /\/issues\/9\/comments$/ } });
    const result = await run(9);
    assertVerdictStands(
      result,
      /^::warning::GitHub's API rate limit for the token is used up \(403 API rate limit exceeded for installation ID 4242\.\) when trying to read the comments of pull request octo\/shop#9; it resets at \d\d:\d\d:\d\d UTC\./m,
    );
  });

  test('a slow API: the request times out, the job goes on in bounded time with a warning', async () => {
    github.delayNext(120_000, 10, { method: 'GET', path: /\/issues\/10\/comments$/ });
    const started = Date.now();
    const result = await run(10, { env: { PSG_GITHUB_TIMEOUT_MS: '500' } });
    const elapsed = Date.now() - started;
    assertVerdictStands(
      result,
      /^::warning::GitHub's API at http:\/\/127\.0\.0\.1:\d+ gave no answer within 0\.5 s when trying to read the comments of pull request octo\/shop#10\./m,
    );
    assert.ok(elapsed < 60_000, `the job did not wait for the 120 s answer (${elapsed} ms)`);
  });
});
