/**
 * The GitHub port: a pull request's comments and labels. The adapter over `@actions/github` is in
 * `octokit-client.ts`; tests drive it against a local server that speaks the same REST routes.
 */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export interface IssueComment {
  id: number;
  body: string;
  url?: string;
}

export interface GitHubClient {
  /** Every comment on the pull request, across all pages. */
  listComments(pr: PullRequestRef): Promise<IssueComment[]>;
  createComment(pr: PullRequestRef, body: string): Promise<IssueComment>;
  /** Undefined when the comment no longer exists (deleted by someone). */
  updateComment(pr: PullRequestRef, id: number, body: string): Promise<IssueComment | undefined>;
  labels(pr: PullRequestRef): Promise<string[]>;
}

/**
 * The hidden marker that makes a comment sticky: one per pull request, per kind of report and per
 * schema (a monorepo's two schemas get two comments).
 */
export function commentMarker(kind: string, schemaId: string): string {
  return `<!-- prisma-schema-guard:${safe(kind)}:${safe(schemaId)} -->`;
}

/** Marker text cannot contain `-->` or whitespace: anything outside a path's characters becomes `_`. */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._/@+-]/g, '_').replace(/-{2,}/g, '-');
}

export type StickyAction = 'created' | 'updated' | 'reposted';

/**
 * Creates or updates the comment that carries the marker: found across all pages, updated in place,
 * never duplicated, posted again if someone deleted it between listing and updating.
 */
export async function upsertStickyComment(
  client: GitHubClient,
  pr: PullRequestRef,
  marker: string,
  body: string,
): Promise<{ action: StickyAction; comment: IssueComment }> {
  const full = body.includes(marker) ? body : `${marker}\n${body}`;
  const existing = (await client.listComments(pr)).find((comment) => comment.body.includes(marker));
  if (!existing) return { action: 'created', comment: await client.createComment(pr, full) };
  const updated = await client.updateComment(pr, existing.id, full);
  if (updated) return { action: 'updated', comment: updated };
  return { action: 'reposted', comment: await client.createComment(pr, full) };
}

/** The comment with the marker, if any. */
export async function findStickyComment(client: GitHubClient, pr: PullRequestRef, marker: string): Promise<IssueComment | undefined> {
  return (await client.listComments(pr)).find((comment) => comment.body.includes(marker));
}
