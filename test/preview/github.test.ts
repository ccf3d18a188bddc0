import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { commentMarker, upsertStickyComment } from '../../src/github/client.js';
import { GitHubApiError, OctokitGitHubClient } from '../../src/github/octokit-client.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

/** The GitHub port over the real @actions/github client, against the local REST server. */
describe('GitHub client (sticky comments, labels, errors)', () => {
  let github: GitHubServer;
  const pr = { owner: 'octo', repo: 'shop', number: 3 };
  const marker = commentMarker('preview', 'prisma/schema.prisma');
  beforeAll(async () => {
    github = await startGitHubServer({ tokens: { good: 'write', reader: 'read' } });
  });
  afterAll(() => github.close());

  test('lists every page, creates once, then updates in place', async () => {
    const client = new OctokitGitHubClient('good', { baseUrl: github.url, retryAfterScale: 0.01 });
    github.addComments(
      'octo',
      'shop',
      3,
      Array.from({ length: 250 }, (_, i) => `c${i}`),
    );
    assert.equal((await client.listComments(pr)).length, 250);
    const first = await upsertStickyComment(client, pr, marker, 'one');
    assert.equal(first.action, 'created');
    const second = await upsertStickyComment(client, pr, marker, 'two');
    assert.equal(second.action, 'updated');
    assert.equal(second.comment.id, first.comment.id);
    assert.equal(github.commentsOf('octo', 'shop', 3).filter((c) => c.body.includes(marker)).length, 1);
    assert.equal(github.commentsOf('octo', 'shop', 3).at(-1)!.body, `${marker}\ntwo`);
  });

  test('a comment deleted between listing and updating is posted again', async () => {
    const client = new OctokitGitHubClient('good', { baseUrl: github.url, retryAfterScale: 0.01 });
    // A client whose listing still sees the comment that is already gone.
    const stale = {
      ...client,
      listComments: async () => [{ id: 999_999, body: marker }],
      createComment: client.createComment.bind(client),
      updateComment: client.updateComment.bind(client),
      labels: client.labels.bind(client),
    };
    const result = await upsertStickyComment(stale, { ...pr, number: 4 }, marker, 'again');
    assert.equal(result.action, 'reposted');
    assert.equal(github.commentsOf('octo', 'shop', 4).length, 1);
  });

  test('labels', async () => {
    github.labels.set('octo/shop#3', ['accept-data-loss']);
    assert.deepEqual(await new OctokitGitHubClient('good', { baseUrl: github.url, retryAfterScale: 0.01 }).labels(pr), [
      'accept-data-loss',
    ]);
  });

  test('401, 403 and 404 become messages that say what to grant', async () => {
    const bad = new OctokitGitHubClient('revoked', { baseUrl: github.url, retryAfterScale: 0.01 });
    await assert.rejects(
      bad.labels(pr),
      (error: GitHubApiError) =>
        error.status === 401 &&
        /GitHub rejected the token \(401 Bad credentials\)/.test(error.message) &&
        /github-token/.test(error.fix ?? ''),
    );
    const reader = new OctokitGitHubClient('reader', { baseUrl: github.url, retryAfterScale: 0.01 });
    await assert.rejects(
      reader.createComment(pr, 'x'),
      (error: GitHubApiError) =>
        error.status === 403 && /lacks the `pull-requests: write` permission/.test(error.message) && /permissions:/.test(error.fix ?? ''),
    );
    await assert.rejects(
      new OctokitGitHubClient('good', { baseUrl: github.url, retryAfterScale: 0.01 }).listComments({
        owner: 'octo',
        repo: 'nope',
        number: 1,
      }),
      (error: GitHubApiError) => error.status === 404 && /404 Not Found/.test(error.message),
    );
    // A 5xx is retried twice (test/github/api-faults.test.ts has every fault): three in a row fail.
    github.failNext(502, 3);
    await assert.rejects(
      new OctokitGitHubClient('good', { baseUrl: github.url, retryAfterScale: 0.01 }).labels(pr),
      (error: GitHubApiError) => error.status === 502 && /re-run/.test(error.fix ?? ''),
    );
  });
});
