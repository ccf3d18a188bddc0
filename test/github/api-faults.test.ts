/**
 * GitHub API faults, one per test, against the local server that answers them as GitHub does: the
 * real `@actions/github` client with the retry and throttling plugins (nothing mocked). Each fault
 * becomes a `GitHubApiError` that names the operation and the fix, or is retried and recovers; no
 * message ever holds the token.
 */
import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, describe, test } from 'vitest';
import { GitHubApiError, OctokitGitHubClient } from '../../src/github/octokit-client.js';
import { startGitHubServer, type GitHubServer, type RecordedRequest } from '../support/github-server.js';

const TOKEN = 'ghs_fault_token_7f3a';
const READER = 'ghs_reader_token_91c2';
const pr = { owner: 'octo', repo: 'shop', number: 5 };
const POST_COMMENTS = { method: 'POST', path: /\/issues\/5\/comments$/ };

describe('GitHub API faults (the client)', () => {
  let github: GitHubServer;
  const log: string[] = [];
  /** Waits are scaled down (a 1 s retry-after waits 10 ms); the time limit is short for the slow API. */
  const client = (token = TOKEN, timeoutMs = 2_000) =>
    new OctokitGitHubClient(token, { baseUrl: github.url, retryAfterScale: 0.01, timeoutMs, log: (line) => log.push(line) });

  beforeAll(async () => {
    github = await startGitHubServer({ tokens: { [TOKEN]: 'write', [READER]: 'read' } });
  });
  afterAll(() => github.close());
  afterEach(() => github.clearFaults());

  /** The requests a call made, and the error it threw (asserted to name no token). */
  async function failing(call: () => Promise<unknown>): Promise<{ error: GitHubApiError; requests: RecordedRequest[] }> {
    const before = github.requests.length;
    const error = await call().then(
      () => assert.fail('expected the call to fail'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof GitHubApiError, String(error));
    const text = `${error.message} ${error.fix ?? ''}`;
    assert.ok(!text.includes(TOKEN) && !text.includes(READER), `no token in: ${text}`);
    return { error, requests: github.requests.slice(before) };
  }

  test('401: the token is rejected, the fix names the input', async () => {
    const { error, requests } = await failing(() => client('ghs_revoked_0000').createComment(pr, 'x'));
    assert.equal(error.status, 401);
    assert.match(
      error.message,
      /^GitHub rejected the token \(401 Bad credentials\) when trying to comment on pull request octo\/shop#5\.$/,
    );
    assert.match(error.fix ?? '', /Check input 'github-token'/);
    assert.equal(requests.length, 1, 'a 401 is not retried');
  });

  test('403: the missing permission is named (pull-requests: write)', async () => {
    const { error, requests } = await failing(() => client(READER).createComment(pr, 'x'));
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /GitHub refused to let the token comment on pull request octo\/shop#5 \(403 Resource not accessible by integration\): it lacks the `pull-requests: write` permission\./,
    );
    assert.match(error.fix ?? '', /permissions:\\n {2}pull-requests: write/);
    assert.equal(requests.length, 1, 'a 403 without a rate limit is not retried');
  });

  test('404: the repository or pull request does not exist', async () => {
    const { error, requests } = await failing(() => client().listComments({ owner: 'octo', repo: 'gone', number: 5 }));
    assert.equal(error.status, 404);
    assert.match(error.message, /GitHub found nothing when trying to read the comments of pull request octo\/gone#5 \(404 Not Found\)/);
    assert.match(error.fix ?? '', /GITHUB_REPOSITORY/);
    assert.equal(requests.length, 1);
  });

  test("422: GitHub's validation error is said, not retried", async () => {
    github.failNext(422, 1, POST_COMMENTS);
    const { error, requests } = await failing(() => client().createComment(pr, 'x'));
    assert.equal(error.status, 422);
    assert.equal(
      error.message,
      'GitHub rejected the request to comment on pull request octo/shop#5 as invalid (422 Validation Failed: body is too long (maximum is 65536 characters)).',
    );
    assert.match(error.fix ?? '', /job summary/);
    assert.equal(requests.length, 1);
  });

  test('a 5xx once: retried, the comment is posted (2 requests)', async () => {
    const before = github.requests.length;
    github.failNext(502, 1, POST_COMMENTS);
    const posted = await client().createComment(pr, 'after a 502');
    assert.deepEqual(
      github.requests.slice(before).map((request) => request.status),
      [502, 201],
      'the first answer was a 502, the retry created the comment',
    );
    assert.equal(github.commentsOf('octo', 'shop', 5).at(-1)!.id, posted.id);
    assert.equal(github.commentsOf('octo', 'shop', 5).at(-1)!.body, 'after a 502');
  });

  test('a 5xx that persists: 1 request and 2 retries, then an error that says so', async () => {
    github.failNext(503, 5, { method: 'GET', path: /\/issues\/5\/labels$/ });
    const { error, requests } = await failing(() => client().labels(pr));
    assert.equal(error.status, 503);
    assert.equal(
      error.message,
      "GitHub's API failed when trying to read the labels of pull request octo/shop#5 (503 Service Unavailable), still after 2 retries.",
    );
    assert.match(error.fix ?? '', /re-run the job/);
    assert.equal(requests.length, 3);
  });

  test('a secondary rate limit (403, retry-after): waited out, then the comment is posted', async () => {
    log.length = 0;
    const before = github.requests.length;
    github.secondaryRateLimitNext({ retryAfter: 1, scope: POST_COMMENTS });
    const posted = await client().createComment(pr, 'after a secondary limit');
    const requests = github.requests.slice(before);
    assert.deepEqual(
      requests.map((request) => request.status),
      [403, 201],
    );
    assert.equal(github.commentsOf('octo', 'shop', 5).at(-1)!.id, posted.id);
    assert.match(
      log.join('\n'),
      /GitHub's secondary rate limit on POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments: retrying after 1 s \(retry 1 of 2\)\./,
    );
  });

  test('a secondary rate limit as 429: retried too; one that lasts: an error that is not about permissions', async () => {
    const before = github.requests.length;
    github.secondaryRateLimitNext({ status: 429, retryAfter: 1, scope: POST_COMMENTS });
    await client().createComment(pr, 'after a 429');
    assert.deepEqual(
      github.requests.slice(before).map((request) => request.status),
      [429, 201],
    );

    github.secondaryRateLimitNext({ status: 403, retryAfter: 1, count: 5, scope: POST_COMMENTS });
    const { error, requests } = await failing(() => client().createComment(pr, 'x'));
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /^GitHub's secondary rate limit stopped the request to comment on pull request octo\/shop#5 \(403 You have exceeded a secondary rate limit\..*\): still limited after 2 retries\.$/,
    );
    assert.doesNotMatch(error.message, /permission/);
    assert.match(error.fix ?? '', /re-run the job in a few minutes/);
    assert.equal(requests.length, 3);
  });

  test('a secondary rate limit that asks for more than 60 s: not waited out', async () => {
    github.secondaryRateLimitNext({ status: 429, retryAfter: 3_600, scope: POST_COMMENTS });
    const started = Date.now();
    const { error, requests } = await failing(() => client().createComment(pr, 'x'));
    assert.equal(error.status, 429);
    assert.match(error.message, /it asked to wait 3600 s, longer than the 60 s the action waits\.$/);
    assert.equal(requests.length, 1);
    assert.ok(Date.now() - started < 5_000);
  });

  test('the primary rate limit (x-ratelimit-remaining: 0): waited out until the reset when it is near', async () => {
    const before = github.requests.length;
    github.rateLimitNext({ resetInSeconds: 1, scope: { method: 'GET' } });
    assert.deepEqual(await client().labels({ ...pr, number: 7 }), []);
    assert.deepEqual(
      github.requests.slice(before).map((request) => request.status),
      [403, 200],
    );

    github.rateLimitNext({ resetInSeconds: 3_600, scope: { method: 'GET' } });
    const { error, requests } = await failing(() => client().labels(pr));
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /^GitHub's API rate limit for the token is used up \(403 API rate limit exceeded for installation ID 4242\.\) when trying to read the labels of pull request octo\/shop#5; it resets at \d\d:\d\d:\d\d UTC\.$/,
    );
    assert.doesNotMatch(error.message, /permission/);
    assert.equal(requests.length, 1, 'an hour is not waited');
  });

  test('a slow API: each request has a time limit, and a timeout is not retried', async () => {
    github.delayNext(10_000, 5, { method: 'GET', path: /\/issues\/5\/comments$/ });
    const started = Date.now();
    const { error, requests } = await failing(() => client(TOKEN, 300).listComments(pr));
    const elapsed = Date.now() - started;
    assert.equal(error.status, 0);
    assert.equal(
      error.message,
      `GitHub's API at ${github.url} gave no answer within 0.3 s when trying to read the comments of pull request octo/shop#5.`,
    );
    assert.match(error.fix ?? '', /githubstatus\.com/);
    assert.equal(requests.length, 1, 'not retried: a hanging API costs one time limit');
    assert.ok(elapsed < 3_000, `bounded: ${elapsed} ms`);
  });

  test('a slow answer within the time limit is waited for', async () => {
    github.delayNext(200, 1, { method: 'GET', path: /\/issues\/5\/labels$/ });
    assert.deepEqual(await client(TOKEN, 2_000).labels(pr), []);
  });

  test('an unreachable API: said as such, not as a GitHub error', async () => {
    const offline = new OctokitGitHubClient(TOKEN, { baseUrl: 'http://127.0.0.1:1', retryAfterScale: 0.01 });
    const error = await offline.labels(pr).then(
      () => assert.fail('expected a failure'),
      (thrown: unknown) => thrown as GitHubApiError,
    );
    assert.equal(error.status, 0);
    assert.match(
      error.message,
      /^Could not reach the GitHub API at http:\/\/127\.0\.0\.1:1 to read the labels of pull request octo\/shop#5: /,
    );
  });
});
