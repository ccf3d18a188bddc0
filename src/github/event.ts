/**
 * The workflow event, read from GITHUB_EVENT_PATH when it is needed (not when the toolkit is
 * imported): the pull request's number, the event's action (`opened`, `synchronize`, `closed`...)
 * and the repository.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../util/errors.js';
import type { PullRequestRef } from './client.js';

export interface WorkflowEvent {
  name: string;
  /** `opened`, `synchronize`, `reopened`, `closed`, `labeled`... (empty for events without one). */
  action: string;
  pullRequest?: PullRequestRef;
  /** The pull request's labels as the event saw them (the API is asked first; this is the fallback). */
  labels: string[];
}

export function readWorkflowEvent(env: NodeJS.ProcessEnv = process.env): WorkflowEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  let payload: Record<string, any> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    } catch (error) {
      throw new UsageError(
        `Could not read the event payload at GITHUB_EVENT_PATH (${env.GITHUB_EVENT_PATH}): ${(error as Error).message}.`,
      );
    }
  }
  const pr = payload.pull_request ?? (payload.issue?.pull_request ? payload.issue : undefined);
  const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? payload.repository?.full_name ?? '/').split('/');
  const labels = Array.isArray(pr?.labels)
    ? pr.labels.map((label: { name?: string }) => label?.name).filter((label: unknown): label is string => typeof label === 'string')
    : [];
  return {
    name,
    action: typeof payload.action === 'string' ? payload.action : '',
    pullRequest: number !== undefined && owner && repo ? { owner, repo, number } : undefined,
    labels,
  };
}
