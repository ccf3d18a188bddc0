/**
 * The GitHub port over the real `@actions/github` client. The API base comes from `GITHUB_API_URL`
 * (GitHub Enterprise Server, or a local server in tests) when the client is created, not when the
 * toolkit is imported. Every failure becomes a `GitHubApiError` that says what was attempted and
 * which permission to grant.
 *
 * Faults GitHub recovers from are retried by Octokit's own plugins, never by hand: 5xx answers by
 * `@octokit/plugin-retry`, primary and secondary rate limits by `@octokit/plugin-throttling` (a few
 * times, and only when GitHub asks to wait a short while). Each attempt has a time limit, so a
 * hanging API cannot hang the job: the report is already in the job summary, and the caller warns.
 */
import * as github from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
// The build the throttling plugin itself uses (no Redis): one copy in the bundle.
import Bottleneck from 'bottleneck/light.js';
import { UsageError, errorMessage } from '../util/errors.js';
import type { GitHubClient, IssueComment, PullRequestRef } from './client.js';

type Octokit = ReturnType<typeof github.getOctokit>;
type OctokitPlugin = NonNullable<Parameters<typeof github.getOctokit>[2]>;

export class GitHubApiError extends UsageError {
  constructor(
    message: string,
    fix: string | undefined,
    /** The HTTP status (0 when GitHub could not be reached or did not answer in time). */
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

export interface GitHubClientOptions {
  baseUrl?: string;
  /** How long one request may take (default 30 s, or `PSG_GITHUB_TIMEOUT_MS`). */
  timeoutMs?: number;
  /**
   * Multiplies every wait: those GitHub asks for, the retry plugin's, and the pace between writes
   * (default 1, or `PSG_GITHUB_RETRY_AFTER_SCALE`): tests set 0.01 so that "retry after 2 s" waits 20 ms.
   */
  retryAfterScale?: number;
  /** Where retries are logged (default: the console, which is the job's log in the action). */
  log?: (line: string) => void;
}

/** Retries of a 5xx answer, and of a rate limit GitHub asks to wait out. */
export const GITHUB_RETRIES = 2;
/** A rate limit that asks for a longer wait is not waited out: the job would stall on a copy of its report. */
export const GITHUB_MAX_RETRY_AFTER_SECONDS = 60;
/** GitHub itself gives up on a REST request after 10 s; 30 s leaves room for a slow runner network. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** A request that got no answer within the time limit (not an HTTP status: never retried). */
class GitHubTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${seconds(timeoutMs)}`);
  }
}

export class OctokitGitHubClient implements GitHubClient {
  private readonly octokit: Octokit;
  readonly baseUrl: string;
  readonly timeoutMs: number;

  constructor(token: string, options: GitHubClientOptions = {}) {
    if (!token)
      throw new UsageError(
        "Input 'github-token' is empty.",
        'Pass `github-token: ${{ github.token }}` and give the job `permissions: pull-requests: write`.',
      );
    this.baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? positiveNumber(process.env.PSG_GITHUB_TIMEOUT_MS) ?? DEFAULT_TIMEOUT_MS;
    const scale = options.retryAfterScale ?? positiveNumber(process.env.PSG_GITHUB_RETRY_AFTER_SCALE) ?? 1;
    const log = options.log ?? ((line: string) => console.log(line));
    // Plugins apply in order and each wraps the ones before it: the time limit is innermost, so it
    // bounds every attempt, not the retries' waits.
    this.octokit = github.getOctokit(
      token,
      {
        baseUrl: this.baseUrl,
        retry: {
          retries: GITHUB_RETRIES,
          // Rate limits (403, 429) are the throttling plugin's: retried by the wait GitHub asks for.
          doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
          retryAfterBaseValue: 1_000 * scale,
        },
        throttle: {
          ...pacing(scale),
          retryAfterBaseValue: 1_000 * scale,
          onRateLimit: rateLimitHandler('rate limit', log),
          onSecondaryRateLimit: rateLimitHandler('secondary rate limit', log),
        },
      },
      requestTimeout(this.timeoutMs),
      retry as OctokitPlugin,
      throttling as OctokitPlugin,
    );
  }

  async listComments(pr: PullRequestRef): Promise<IssueComment[]> {
    const comments = await this.call({ what: `read the comments of pull request ${ref(pr)}`, permission: 'pull-requests: read' }, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.number,
        per_page: 100,
      }),
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
      this.octokit.paginate(this.octokit.rest.issues.listLabelsOnIssue, {
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.number,
        per_page: 100,
      }),
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

function positiveNumber(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : undefined;
}

function seconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(3))} s`;
}

/** A time limit on each attempt: a fresh signal per request, so a retry gets its own full time. */
function requestTimeout(timeoutMs: number): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      const signal = AbortSignal.timeout(timeoutMs);
      // Hooks are bound to the options object they were first given: the signal goes into it (a
      // copy of `request`, which may be the client's defaults, shared by every request).
      options.request = { ...options.request, signal };
      try {
        return await request(options);
      } catch (error) {
        // Thrown as a plain error, not a RequestError: the retry plugin leaves it alone, so a
        // hanging API costs one time limit, not three.
        if (signal.aborted) throw new GitHubTimeout(timeoutMs);
        throw error;
      }
    });
  };
}

/**
 * The throttling plugin also paces requests as GitHub advises (writes 1 s apart, those that notify,
 * such as a new comment, 3 s apart; searches 2 s): kept as it is, except that a scaled-down test
 * gets the same pace scaled down. One set per scale, so every client in the process shares it.
 */
const scaledPacing = new Map<number, Record<'global' | 'auth' | 'search' | 'write' | 'notifications', Bottleneck.Group>>();
function pacing(scale: number): object {
  if (scale === 1) return {};
  let groups = scaledPacing.get(scale);
  if (!groups) {
    const group = (maxConcurrent: number, minTime = 0) => new Bottleneck.Group({ maxConcurrent, minTime: minTime * scale });
    groups = { global: group(10), auth: group(1), search: group(1, 2_000), write: group(1, 1_000), notifications: group(1, 3_000) };
    scaledPacing.set(scale, groups);
  }
  return groups;
}

/**
 * The throttling plugin asks whether to wait out a rate limit: yes, a bounded number of times and
 * only for a short wait; every wait is said in the log (the token never is).
 */
function rateLimitHandler(kind: string, log: (line: string) => void) {
  return (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
    const request = `${options.method ?? 'GET'} ${options.url ?? ''}`.trim();
    if (retryCount >= GITHUB_RETRIES) {
      log(`GitHub's ${kind} on ${request}: still limited after ${GITHUB_RETRIES} retries, giving up.`);
      return false;
    }
    if (retryAfter > GITHUB_MAX_RETRY_AFTER_SECONDS) {
      log(
        `GitHub's ${kind} on ${request}: it asks to wait ${retryAfter} s, longer than the ${GITHUB_MAX_RETRY_AFTER_SECONDS} s this action waits; giving up.`,
      );
      return false;
    }
    log(`GitHub's ${kind} on ${request}: retrying after ${retryAfter} s (retry ${retryCount + 1} of ${GITHUB_RETRIES}).`);
    return true;
  };
}

function statusOf(error: unknown): number {
  const failed = error as { status?: unknown; request?: unknown; response?: unknown } | undefined;
  if (typeof failed?.status !== 'number') return 0;
  // A refused or reset connection: @octokit/request calls it 500, but GitHub never answered.
  if (failed.request !== undefined && failed.response === undefined) return 0;
  return failed.status;
}

function headersOf(error: unknown): Record<string, string | undefined> {
  return (error as { response?: { headers?: Record<string, string | undefined> } })?.response?.headers ?? {};
}

/**
 * GitHub's own message from the error body (`Bad credentials`, `Resource not accessible by
 * integration`), with a 422's validation errors (`Validation Failed: body is too long ...`).
 */
function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown; errors?: unknown } } })?.response?.data;
  if (data && typeof data.message === 'string') {
    const details = Array.isArray(data.errors) ? data.errors.map(validationError).filter(Boolean) : [];
    return details.length > 0 ? `${data.message}: ${details.join('; ')}` : data.message;
  }
  return errorMessage(error)
    .split('\n')[0]!
    .replace(/ - https:\/\/docs\.github\.com\S*$/, '');
}

function validationError(error: unknown): string {
  if (typeof error === 'string') return error;
  const { message, code, field } = (error ?? {}) as { message?: unknown; code?: unknown; field?: unknown };
  if (typeof message === 'string') return message;
  return [code, field].filter((part) => typeof part === 'string').join(' ');
}

type RateLimit = { kind: 'primary'; resetsAt?: Date } | { kind: 'secondary'; retryAfter?: number };

/**
 * GitHub answers a rate limit with 403 or 429: the primary limit (the token's hourly quota) says
 * `x-ratelimit-remaining: 0`; the secondary limit (too many requests at once) says so in the
 * message, usually with `retry-after`.
 */
function rateLimitOf(status: number, message: string, headers: Record<string, string | undefined>): RateLimit | undefined {
  if (status !== 403 && status !== 429) return undefined;
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return { kind: 'primary', resetsAt: reset > 0 ? new Date(reset * 1_000) : undefined };
  }
  if (status === 429 || /secondary rate limit/i.test(message) || headers['retry-after'] !== undefined) {
    const retryAfter = Number(headers['retry-after']);
    return { kind: 'secondary', retryAfter: Number.isFinite(retryAfter) && headers['retry-after'] !== undefined ? retryAfter : undefined };
  }
  return undefined;
}

const PERMISSIONS_FIX = (permission: string) =>
  `Give the job the permission: add \`permissions:\\n  ${permission}\` to the workflow job (with \`pull-requests: write\` the action can read labels and post its comment). Pull requests from forks get a read-only token: the comment then cannot be posted.`;

export function describe(error: unknown, operation: Operation, baseUrl: string): GitHubApiError {
  if (error instanceof GitHubTimeout) {
    return new GitHubApiError(
      `GitHub's API at ${baseUrl} gave no answer within ${seconds(error.timeoutMs)} when trying to ${operation.what}.`,
      'GitHub may be slow or degraded (https://www.githubstatus.com): re-run the job.',
      0,
    );
  }
  const status = statusOf(error);
  const said = githubMessage(error);
  const limit = rateLimitOf(status, said, headersOf(error));
  if (limit?.kind === 'primary') {
    const resets = limit.resetsAt ? `; it resets at ${limit.resetsAt.toISOString().slice(11, 19)} UTC` : '';
    return new GitHubApiError(
      `GitHub's API rate limit for the token is used up (${status} ${said}) when trying to ${operation.what}${resets}.`,
      "Wait for the limit to reset, or pass the job's own `${{ github.token }}` (its limit is not shared with other tools).",
      status,
    );
  }
  if (limit?.kind === 'secondary') {
    const waited =
      limit.retryAfter !== undefined && limit.retryAfter > GITHUB_MAX_RETRY_AFTER_SECONDS
        ? `it asked to wait ${limit.retryAfter} s, longer than the ${GITHUB_MAX_RETRY_AFTER_SECONDS} s the action waits`
        : `still limited after ${GITHUB_RETRIES} retries`;
    return new GitHubApiError(
      `GitHub's secondary rate limit stopped the request to ${operation.what} (${status} ${said}): ${waited}.`,
      'Too many requests in a short time on this token (other jobs or tools using it at once): re-run the job in a few minutes.',
      status,
    );
  }
  switch (status) {
    case 0:
      return new GitHubApiError(
        `Could not reach the GitHub API at ${baseUrl} to ${operation.what}: ${said}.`,
        "Check GITHUB_API_URL and the runner's network.",
        0,
      );
    case 401:
      return new GitHubApiError(
        `GitHub rejected the token (401 ${said}) when trying to ${operation.what}.`,
        "Check input 'github-token': pass `${{ github.token }}` or a token that has not expired or been revoked.",
        401,
      );
    case 403:
      return new GitHubApiError(
        `GitHub refused to let the token ${operation.what} (403 ${said}): it lacks the \`${operation.permission}\` permission.`,
        PERMISSIONS_FIX(operation.permission),
        403,
      );
    case 404:
      return new GitHubApiError(
        `GitHub found nothing when trying to ${operation.what} (404 ${said}): the repository or pull request does not exist, or the token cannot see it.`,
        `Check GITHUB_REPOSITORY and the pull request number; for a private repository the token needs \`contents: read\` and \`${operation.permission}\`.`,
        404,
      );
    case 422:
      return new GitHubApiError(
        `GitHub rejected the request to ${operation.what} as invalid (422 ${said}).`,
        'The report is in the job summary all the same; if this persists, report it as a bug of prisma-schema-guard with this message.',
        422,
      );
    default:
      if (status >= 500) {
        return new GitHubApiError(
          `GitHub's API failed when trying to ${operation.what} (${status} ${said}), still after ${GITHUB_RETRIES} retries.`,
          'GitHub had a server error: re-run the job.',
          status,
        );
      }
      return new GitHubApiError(`GitHub's API failed when trying to ${operation.what} (${status} ${said}).`, undefined, status);
  }
}
