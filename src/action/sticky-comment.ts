/**
 * The sticky PR comment of `check` and `review`: posted only with a `github-token` on a pull request
 * event, after the job summary is written (a GitHub error never hides the report). One comment per
 * kind of report and per schema, found by its marker across all pages; see `decideSticky` for when
 * it is created, updated, turned "all clear" or left alone.
 */
import * as core from '@actions/core';
import { relative, resolve, sep } from 'node:path';
import { commentMarker, findStickyComment, type GitHubClient, type PullRequestRef } from '../github/client.js';
import { readWorkflowEvent } from '../github/event.js';
import { OctokitGitHubClient } from '../github/octokit-client.js';
import { decideSticky, stickyBody, type StickyDecision } from '../github/sticky-decision.js';
import { discoverProject } from '../schema/discovery.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { redact } from '../util/redact.js';
import type { ActionInputs } from './inputs.js';

export interface StickyReport {
  /** `check` or `review`: part of the marker. */
  kind: string;
  /** Whether the report has anything to say (else: all clear, or no comment at all). */
  hasFindings: boolean;
  /** The report's Markdown (the same as the job summary's, bounded for a comment). */
  markdown: string;
}

/**
 * Posts (or updates, or clears) the sticky comment. Never throws for GitHub: a failure is added to
 * the job summary and fails the step with the message that names the missing permission.
 */
export async function publishStickyComment(
  inputs: ActionInputs,
  report: StickyReport,
): Promise<StickyDecision['action'] | 'skipped' | 'failed'> {
  if (!inputs.githubToken) return 'skipped';
  let pr: PullRequestRef | undefined;
  try {
    const event = readWorkflowEvent();
    pr = event.pullRequest;
    if (!pr) {
      core.info(`The event "${event.name}" is not a pull request: the report goes to the job summary only.`);
      return 'skipped';
    }
    const github: GitHubClient = new OctokitGitHubClient(inputs.githubToken);
    const marker = commentMarker(report.kind, schemaId(inputs));
    const existing = await findStickyComment(github, pr, marker);
    const decision = decideSticky(report.hasFindings, existing);
    if (decision.action === 'nothing') {
      core.info('No findings and no earlier comment: nothing is posted on the pull request.');
      return 'nothing';
    }
    const body = redact(stickyBody(marker, report.markdown, decision));
    const comment =
      decision.action === 'create' ? await github.createComment(pr, body) : await github.updateComment(pr, decision.commentId, body);
    if (!comment) {
      // Deleted between listing and updating: findings are posted again; an "all clear" is not needed.
      if (decision.action === 'all-clear') return 'nothing';
      const reposted = await github.createComment(pr, body);
      core.info(`PR comment posted again${reposted.url ? `: ${reposted.url}` : ''}.`);
      return 'create';
    }
    core.info(
      `PR comment ${decision.action === 'create' ? 'created' : decision.action === 'update' ? 'updated' : 'updated to all clear'}${comment.url ? `: ${comment.url}` : ''}.`,
    );
    return decision.action;
  } catch (error) {
    const message = redact(`${errorMessage(error)}${error instanceof UsageError && error.fix ? ` ${error.fix}` : ''}`);
    await core.summary.addRaw(`\n> ⚠️ The PR comment could not be posted: ${message}\n`).write();
    // The comment is a copy of the report (job summary, annotations, outputs): a token that may not
    // comment — a pull request from a fork gets a read-only one — must not fail the gate.
    core.warning(message);
    return 'failed';
  }
}

/** The schema's path from the repository root: one sticky comment per schema in a monorepo. */
export function schemaId(inputs: Pick<ActionInputs, 'workingDirectory' | 'schema'>): string {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  try {
    const location = discoverProject({ cwd: inputs.workingDirectory, schema: inputs.schema });
    return relative(workspace, location.schema).split(sep).join('/') || '.';
  } catch {
    return (
      relative(workspace, resolve(inputs.workingDirectory, inputs.schema ?? 'prisma'))
        .split(sep)
        .join('/') || '.'
    );
  }
}
