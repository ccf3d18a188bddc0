/**
 * A local HTTP server that speaks the GitHub REST routes the action uses, the way GitHub does:
 * issue comments (list with `per_page`/`page` and `Link` headers, create, update, delete), issue
 * labels, token checks with GitHub's 401/403/404 JSON bodies. The real `@actions/github` client is
 * pointed at it with GITHUB_API_URL; nothing is mocked on the client's side.
 *
 * Faults are answered the way GitHub answers them (`failNext`, `rateLimitNext`,
 * `secondaryRateLimitNext`, `delayNext`): 5xx, 422 with its validation errors, the primary rate
 * limit (`x-ratelimit-remaining: 0` and `x-ratelimit-reset`), the secondary one (403 or 429 with
 * `retry-after`), and a slow API that answers only after a delay.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Access = 'write' | 'read' | 'none';

export interface StoredComment {
  id: number;
  body: string;
  user: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The status it was answered with (undefined while a slow answer is pending). */
  status?: number;
}

/** Which requests a fault hits (default: any). */
export interface FaultScope {
  method?: string;
  path?: RegExp;
}

export interface GitHubServer {
  /** The API base (what GITHUB_API_URL is set to). */
  url: string;
  /** Tokens GitHub accepts, with what they may do on issues and pull requests. */
  tokens: Map<string, Access>;
  /** Comments per `owner/repo#number`. */
  comments: Map<string, StoredComment[]>;
  labels: Map<string, string[]>;
  /** Repositories that exist (others answer 404). */
  repositories: Set<string>;
  requests: RecordedRequest[];
  /** The next requests (in scope) fail with this status and GitHub's body for it (422: a validation error). */
  failNext(status: number, count?: number, scope?: FaultScope): void;
  /** The next requests hit the primary rate limit: 403, `x-ratelimit-remaining: 0`, reset in `resetInSeconds`. */
  rateLimitNext(options?: { count?: number; resetInSeconds?: number; scope?: FaultScope }): void;
  /** The next requests hit the secondary rate limit: 403 (or 429) with `retry-after`. */
  secondaryRateLimitNext(options?: { count?: number; status?: 403 | 429; retryAfter?: number; scope?: FaultScope }): void;
  /** The next requests are answered (normally) only after `ms`. */
  delayNext(ms: number, count?: number, scope?: FaultScope): void;
  /** Forgets the faults not yet answered. */
  clearFaults(): void;
  commentsOf(owner: string, repo: string, number: number): StoredComment[];
  addComments(owner: string, repo: string, number: number, bodies: string[]): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

export async function startGitHubServer(options: { tokens?: Record<string, Access>; repositories?: string[] } = {}): Promise<GitHubServer> {
  let nextId = 1_000;
  const faults: Fault[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const state = {
    tokens: new Map<string, Access>(Object.entries(options.tokens ?? { ghs_good_token: 'write' })),
    comments: new Map<string, StoredComment[]>(),
    labels: new Map<string, string[]>(),
    repositories: new Set(options.repositories ?? ['octo/shop']),
    requests: [] as RecordedRequest[],
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => send(response, 500, { message: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    state.requests.push(recorded);
    response.on('finish', () => (recorded.status = response.statusCode));
    const body = await readBody(request);

    const fault = faults.find(
      (candidate) =>
        candidate.count > 0 &&
        (!candidate.scope?.method || candidate.scope.method === method) &&
        (!candidate.scope?.path || candidate.scope.path.test(url.pathname)),
    );
    if (fault) {
      fault.count--;
      if (fault.delayMs === undefined) return fault.answer!(response);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (timers.delete(timer), resolve()), fault.delayMs);
        timers.add(timer);
      });
      if (response.destroyed) return;
    }

    const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const access = token ? state.tokens.get(token) : undefined;
    if (!access) return send(response, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });

    let match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (match) {
      const [, owner, repo, number] = match;
      if (!state.repositories.has(`${owner}/${repo}`)) return notFound(response);
      const key = `${owner}/${repo}#${number}`;
      const list = state.comments.get(key) ?? [];
      if (method === 'GET') {
        if (access === 'none') return forbidden(response, 'issues/comments#list-issue-comments');
        return paginate(
          response,
          url,
          list.map((comment) => commentJson(owner!, repo!, Number(number), comment)),
        );
      }
      if (method === 'POST') {
        if (access !== 'write') return forbidden(response, 'issues/comments#create-an-issue-comment');
        const text = (body as { body?: unknown })?.body;
        if (typeof text !== 'string' || text.length === 0)
          return send(response, 422, {
            message: 'Validation Failed',
            errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
            documentation_url: DOCS,
            status: '422',
          });
        if (text.length > 65_536)
          return send(response, 422, {
            message: 'Validation Failed',
            errors: [
              { resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' },
            ],
            documentation_url: DOCS,
            status: '422',
          });
        const comment = { id: nextId++, body: text, user: 'github-actions[bot]' };
        state.comments.set(key, [...list, comment]);
        return send(response, 201, commentJson(owner!, repo!, Number(number), comment));
      }
      return send(response, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    }

    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (match) {
      const [, owner, repo, id] = match;
      if (!state.repositories.has(`${owner}/${repo}`)) return notFound(response);
      const entry = [...state.comments.entries()].find(
        ([key, list]) => key.startsWith(`${owner}/${repo}#`) && list.some((comment) => comment.id === Number(id)),
      );
      if (!entry) return notFound(response);
      const [key, list] = entry;
      const number = Number(key.split('#')[1]);
      const comment = list.find((candidate) => candidate.id === Number(id))!;
      if (method === 'PATCH') {
        if (access !== 'write') return forbidden(response, 'issues/comments#update-an-issue-comment');
        const text = (body as { body?: unknown })?.body;
        if (typeof text !== 'string' || text.length > 65_536)
          return send(response, 422, { message: 'Validation Failed', documentation_url: DOCS, status: '422' });
        comment.body = text;
        return send(response, 200, commentJson(owner!, repo!, number, comment));
      }
      if (method === 'DELETE') {
        if (access !== 'write') return forbidden(response, 'issues/comments#delete-an-issue-comment');
        state.comments.set(
          key,
          list.filter((candidate) => candidate !== comment),
        );
        response.writeHead(204).end();
        return;
      }
      if (method === 'GET') return send(response, 200, commentJson(owner!, repo!, number, comment));
    }

    match = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/.exec(url.pathname);
    if (match && method === 'GET') {
      const [, owner, repo, number] = match;
      if (!state.repositories.has(`${owner}/${repo}`)) return notFound(response);
      if (access === 'none') return forbidden(response, 'issues/labels#list-labels-for-an-issue');
      const names = state.labels.get(`${owner}/${repo}#${number}`) ?? [];
      return paginate(
        response,
        url,
        names.map((name, index) => ({
          id: index + 1,
          node_id: `LA_${index}`,
          url: '',
          name,
          color: 'ededed',
          default: false,
          description: null,
        })),
      );
    }
    return notFound(response);
  }

  /** GitHub's pagination: `per_page` (default 30, at most 100), `page` from 1, and a `Link` header. */
  function paginate(response: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(`${address()}${url.pathname}`);
      for (const [key, value] of url.searchParams) target.searchParams.set(key, value);
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(n));
      return `<${target.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    const headers: Record<string, string> = {};
    if (links.length > 0) headers.link = links.join(', ');
    send(response, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }

  function address(): string {
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const key = (owner: string, repo: string, number: number) => `${owner}/${repo}#${number}`;
  return {
    url: address(),
    ...state,
    failNext(status, count = 1, scope) {
      faults.push({ count, scope, answer: (response) => failure(response, status) });
    },
    rateLimitNext({ count = 1, resetInSeconds = 1, scope } = {}) {
      const reset = String(Math.ceil(Date.now() / 1_000 + resetInSeconds));
      faults.push({
        count,
        scope,
        answer: (response) =>
          send(
            response,
            403,
            {
              message: 'API rate limit exceeded for installation ID 4242.',
              documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
              status: '403',
            },
            {
              'x-ratelimit-limit': '5000',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-used': '5000',
              'x-ratelimit-reset': reset,
              'x-ratelimit-resource': 'core',
            },
          ),
      });
    },
    secondaryRateLimitNext({ count = 1, status = 403, retryAfter = 1, scope } = {}) {
      faults.push({
        count,
        scope,
        answer: (response) =>
          send(
            response,
            status,
            {
              message:
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
              documentation_url:
                'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
              status: String(status),
            },
            { 'retry-after': String(retryAfter) },
          ),
      });
    },
    delayNext(ms, count = 1, scope) {
      faults.push({ count, scope, delayMs: ms });
    },
    clearFaults() {
      faults.length = 0;
    },
    commentsOf: (owner, repo, number) => state.comments.get(key(owner, repo, number)) ?? [],
    addComments(owner, repo, number, bodies) {
      const list = state.comments.get(key(owner, repo, number)) ?? [];
      for (const body of bodies) list.push({ id: nextId++, body, user: 'someone' });
      state.comments.set(key(owner, repo, number), list);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        // A slow answer the client gave up on must not keep the server open.
        server.closeAllConnections();
      }),
  };
}

interface Fault {
  count: number;
  scope?: FaultScope;
  /** Answers instead of the route... */
  answer?: (response: ServerResponse) => void;
  /** ...or delays the route's own answer. */
  delayMs?: number;
}

/** GitHub's bodies for a failing status. */
function failure(response: ServerResponse, status: number): void {
  if (status === 422) {
    return send(response, 422, {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '422',
    });
  }
  if (status === 401) return send(response, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
  if (status === 404) return notFound(response);
  const messages: Record<number, string> = {
    500: 'Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
    504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
  };
  send(response, status, { message: messages[status] ?? 'Failure', documentation_url: DOCS, status: String(status) });
}

function commentJson(owner: string, repo: string, number: number, comment: StoredComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `https://api.github.com/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${number}#issuecomment-${comment.id}`,
    issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/${number}`,
    body: comment.body,
    user: { login: comment.user, id: 1, type: comment.user.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: '2026-11-23T00:00:00Z',
    updated_at: '2026-11-23T00:00:00Z',
    author_association: 'NONE',
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-remaining': '4999',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function notFound(response: ServerResponse): void {
  send(response, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

function forbidden(response: ServerResponse, doc: string): void {
  send(response, 403, {
    message: 'Resource not accessible by integration',
    documentation_url: `https://docs.github.com/rest/${doc}`,
    status: '403',
  });
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
