/**
 * The GitHub port over the real `@actions/github` client. The API base comes from `GITHUB_API_URL`
 * (GitHub Enterprise Server, or a local server in tests) when the client is created, not when the
 * toolkit is imported. Every failure becomes a `GitHubApiError` that says what was attempted and
 * which permission to grant.
 */
import * as github from '@actions/github';
import { UsageError, errorMessage } from '../util/errors.js';
import type { GitHubClient, IssueComment, PullRequestRef } from './client.js';

type Octokit = ReturnType<typeof github.getOctokit>;

export class GitHubApiError extends UsageError {
  constructor(
    message: string,
    fix: string | undefined,
    /** The HTTP status (0 when GitHub could not be reached). */
    readonly status: number,
  ) {
    super(message, fix);
  }
}

interface Operation {
  /** "read the comments of pull request owner/repo#12" */
  what: string;
  /** The `permissions:` entry the job needs. */
  permission: string;
}

export class OctokitGitHubClient implements GitHubClient {
  private readonly octokit: Octokit;
  readonly baseUrl: string;

  constructor(token: string, options: { baseUrl?: string } = {}) {
    if (!token) throw new UsageError("Input 'github-token' is empty.", 'Pass `github-token: ${{ github.token }}` and give the job `permissions: pull-requests: write`.');
    this.baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    this.octokit = github.getOctokit(token, { baseUrl: this.baseUrl });
  }

  async listComments(pr: PullRequestRef): Promise<IssueComment[]> {
    const comments = await this.call({ what: `read the comments of pull request ${ref(pr)}`, permission: 'pull-requests: read' }, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 }),
    );
    return comments.map((comment) => ({ id: comment.id, body: comment.body ?? '', url: comment.html_url }));
  }

  async createComment(pr: PullRequestRef, body: string): Promise<IssueComment> {
    const { data } = await this.call({ what: `comment on pull request ${ref(pr)}`, permission: 'pull-requests: write' }, () =>
      this.octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body }),
    );
    return { id: data.id, body: data.body ?? '', url: data.html_url };
  }

  async updateComment(pr: PullRequestRef, id: number, body: string): Promise<IssueComment | undefined> {
    try {
      const { data } = await this.octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: id, body });
      return { id: data.id, body: data.body ?? '', url: data.html_url };
    } catch (error) {
      // Deleted since it was listed: the caller posts it again.
      if (statusOf(error) === 404) return undefined;
      throw describe(error, { what: `update comment ${id} on pull request ${ref(pr)}`, permission: 'pull-requests: write' }, this.baseUrl);
    }
  }

  async labels(pr: PullRequestRef): Promise<string[]> {
    const labels = await this.call({ what: `read the labels of pull request ${ref(pr)}`, permission: 'pull-requests: read' }, () =>
      this.octokit.paginate(this.octokit.rest.issues.listLabelsOnIssue, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 }),
    );
    return labels.map((label) => label.name);
  }

  private async call<T>(operation: Operation, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw describe(error, operation, this.baseUrl);
    }
  }
}

function ref(pr: PullRequestRef): string {
  return `${pr.owner}/${pr.repo}#${pr.number}`;
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : 0;
}

/** GitHub's own message from the error body (`Bad credentials`, `Resource not accessible by integration`). */
function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } })?.response?.data;
  if (data && typeof data.message === 'string') return data.message;
  return errorMessage(error).split('\n')[0]!.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
}

const PERMISSIONS_FIX = (permission: string) =>
  `Give the job the permission: add \`permissions:\\n  ${permission}\` to the workflow job (with \`pull-requests: write\` the action can read labels and post its comment). Pull requests from forks get a read-only token: the comment then cannot be posted.`;

export function describe(error: unknown, operation: Operation, baseUrl: string): GitHubApiError {
  const status = statusOf(error);
  const said = githubMessage(error);
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } })?.response?.headers ?? {};
  switch (status) {
    case 0:
      return new GitHubApiError(`Could not reach the GitHub API at ${baseUrl} to ${operation.what}: ${said}.`, 'Check GITHUB_API_URL and the runner\'s network.', 0);
    case 401:
      return new GitHubApiError(`GitHub rejected the token (401 ${said}) when trying to ${operation.what}.`, "Check input 'github-token': pass `${{ github.token }}` or a token that has not expired or been revoked.", 401);
    case 403:
      if (headers['x-ratelimit-remaining'] === '0') {
        return new GitHubApiError(`GitHub's API rate limit is exhausted (403 ${said}) when trying to ${operation.what}.`, 'Wait for the limit to reset, or pass the job\'s own `${{ github.token }}`.', 403);
      }
      return new GitHubApiError(`GitHub refused to let the token ${operation.what} (403 ${said}): it lacks the \`${operation.permission}\` permission.`, PERMISSIONS_FIX(operation.permission), 403);
    case 404:
      return new GitHubApiError(
        `GitHub found nothing when trying to ${operation.what} (404 ${said}): the repository or pull request does not exist, or the token cannot see it.`,
        `Check GITHUB_REPOSITORY and the pull request number; for a private repository the token needs \`contents: read\` and \`${operation.permission}\`.`,
        404,
      );
    default:
      return new GitHubApiError(`GitHub's API failed when trying to ${operation.what} (${status} ${said}).`, status >= 500 ? 'GitHub had a server error: re-run the job.' : undefined, status);
  }
}
