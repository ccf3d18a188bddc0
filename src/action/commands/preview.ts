import * as core from '@actions/core';
import { schemaId } from '../sticky-comment.js';
import { preview, type PreviewClosed, type PreviewDatabase, type PreviewResult } from '../../commands/preview.js';
import { safeUrl } from '../../database/postgres/connection.js';
import { looksLikeSqlite, sqliteFilePath } from '../../database/sqlite/location.js';
import { commentMarker, upsertStickyComment, type GitHubClient, type PullRequestRef } from '../../github/client.js';
import { readWorkflowEvent } from '../../github/event.js';
import { OctokitGitHubClient } from '../../github/octokit-client.js';
import { registerCleanup } from '../../lifecycle/cleanup.js';
import { PreviewServer, previewDatabaseName } from '../../preview/databases.js';
import { runSeedCommand } from '../../preview/seed.js';
import { renderJson } from '../../report/json.js';
import { renderPreviewMarkdown } from '../../report/preview-markdown.js';
import { renderPreviewText } from '../../report/preview-text.js';
import { UsageError, errorMessage } from '../../util/errors.js';
import { redact, registerSecret } from '../../util/redact.js';
import { previewPorts } from '../../wiring.js';
import type { ActionInputs, PreviewInputs } from '../inputs.js';

/**
 * `command: preview`: the pull request's preview database gets the schema by `db push`; the plan
 * goes to the job summary first, then to the sticky PR comment. A GitHub error never hides the plan:
 * the summary is written before any comment is posted, and the error is said in words that name
 * the permission to grant.
 */
export async function previewAction(inputs: ActionInputs): Promise<void> {
  const options = inputs.preview!;
  const log = (line: string) => core.info(redact(line));
  const event = readWorkflowEvent();
  const pr = event.pullRequest;
  const github = options.githubToken && pr ? new OctokitGitHubClient(options.githubToken) : undefined;
  if (!options.githubToken) core.warning("No 'github-token': the plan goes to the job summary only (no PR comment, no label).");
  else if (!pr) core.warning(`The event "${event.name}" is not a pull request: the plan goes to the job summary only.`);
  const marker = commentMarker('preview', schemaId(inputs));
  const notes: string[] = [];
  const githubErrors: Error[] = [];

  if (event.action === 'closed') {
    const closed = await closePreview(options, pr, log);
    await report(closed, { marker, notes, github, pr, githubErrors, acceptLabel: options.acceptDataLossLabel });
    return;
  }

  let acceptedBy = options.acceptDataLoss ? "input 'accept-data-loss'" : undefined;
  if (!acceptedBy && pr) {
    let labels = event.labels;
    if (github) {
      try {
        labels = await github.labels(pr);
      } catch (error) {
        githubErrors.push(error as Error);
        notes.push(`Could not read the pull request's labels (${errorMessage(error)}); the labels in the event payload were used.`);
      }
    }
    if (labels.includes(options.acceptDataLossLabel)) acceptedBy = `label \`${options.acceptDataLossLabel}\``;
  }

  const target = await previewTarget(options, pr, log);
  let result: PreviewResult;
  try {
    result = await preview(
      {
        cwd: inputs.workingDirectory,
        schema: inputs.schema,
        names: { schema: "Input 'schema'" },
        acceptDataLoss: acceptedBy !== undefined,
        acceptedBy,
        forceReset: options.forceReset,
        database: target.database,
        log,
      },
      previewPorts(target.url, target.inputName),
    );
    if (target.database.created && options.seedCommand && result.verdict !== 'blocked') {
      log(`Seeding ${target.database.name}: ${options.seedCommand}`);
      await runSeedCommand(options.seedCommand, target.url, inputs.workingDirectory);
      result.database.seeded = true;
    }
    await target.keep();
  } catch (error) {
    // A database this run created and could not prepare is dropped, so that the next run starts clean.
    await target.discard();
    throw error;
  }
  core.info(renderPreviewText(result, { color: false }));
  await report(result, { marker, notes, github, pr, githubErrors, acceptLabel: options.acceptDataLossLabel });
  if (result.verdict === 'blocked') {
    core.setFailed(
      result.blockedBy === 'data-loss'
        ? `The schema change destroys data in the preview database; it was not applied. Add the label '${options.acceptDataLossLabel}' (or set accept-data-loss: true) to apply it.`
        : `The schema change cannot be applied to the data in the preview database (${result.blockedBy === 'will-fail' ? 'a step fails on the measured data' : "Prisma's unexecutable steps"}); see the job summary.`,
    );
  }
}

interface Target {
  url: string;
  inputName: string;
  database: PreviewDatabase;
  /** The database stays (it is the pull request's preview environment). */
  keep(): Promise<void>;
  /** Drops a database this run created (no-op otherwise). */
  discard(): Promise<void>;
}

async function previewTarget(options: PreviewInputs, pr: PullRequestRef | undefined, log: (line: string) => void): Promise<Target> {
  if (options.databaseUrl) {
    if (looksLikeSqlite(options.databaseUrl)) {
      // Remote SQLite (Turso/libSQL, D1) is refused with its own message; a file on a runner is no preview environment.
      sqliteFilePath(options.databaseUrl, "Input 'database-url'", process.cwd());
      throw new UsageError("Input 'database-url': the action's preview pushes to a PostgreSQL database; a SQLite file is previewed with the CLI (`prisma-schema-guard preview --database-url file:./dev.db`).");
    }
    const parsed = safeUrl(options.databaseUrl);
    if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol)) throw new UsageError("Input 'database-url': expected a PostgreSQL URL like postgresql://user:password@host:5432/preview_db.");
    const database: PreviewDatabase = { name: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres', server: `${parsed.hostname}:${parsed.port || '5432'}`, mode: 'given' };
    return { url: options.databaseUrl, inputName: "Input 'database-url'", database, keep: async () => undefined, discard: async () => undefined };
  }
  if (!pr) throw new UsageError("Input 'preview-database-url' needs a pull_request event: the preview database is named after the pull request's number.", "Run the step on `pull_request` (opened, synchronize, reopened, closed), or pass 'database-url'.");
  const server = new PreviewServer(options.serverUrl!, "Input 'preview-database-url'");
  const name = previewDatabaseName(options.databaseName, pr.number);
  const ensured = await server.ensure(name, { pullRequest: pr.number, template: options.template });
  registerSecret(ensured.url);
  log(ensured.created ? `Created the preview database ${name} on ${server.description}${options.template ? ` from ${options.template}` : ''}.` : `Using the preview database ${name} on ${server.description}.`);
  // Until the first push (and seed) succeeded, a new database is this run's to remove, also on SIGTERM.
  const registration = ensured.created ? registerCleanup(`preview database ${name}`, () => server.drop(name)) : undefined;
  return {
    url: ensured.url,
    inputName: "Input 'preview-database-url'",
    database: { name, server: server.description, mode: 'managed', created: ensured.created, template: ensured.created ? options.template : undefined },
    keep: async () => registration?.release(),
    discard: async () => registration?.run(),
  };
}

async function closePreview(options: PreviewInputs, pr: PullRequestRef | undefined, log: (line: string) => void): Promise<PreviewClosed> {
  const closed = (database: PreviewDatabase, dropped: boolean, keptBecause?: string): PreviewClosed => ({ command: 'preview', verdict: 'closed', database, dropped, keptBecause, dataLoss: false, applied: false });
  if (options.databaseUrl) {
    const parsed = safeUrl(options.databaseUrl);
    const database: PreviewDatabase = { name: decodeURIComponent(parsed?.pathname.slice(1) ?? '') || 'postgres', server: parsed ? `${parsed.hostname}:${parsed.port || '5432'}` : 'the server', mode: 'given' };
    log(`The pull request is closed; ${database.name} was given by 'database-url' and is left to its owner.`);
    return closed(database, false, "it was given by `database-url`: its owner deletes it");
  }
  if (!pr) throw new UsageError("Input 'preview-database-url' needs a pull_request event: the preview database is named after the pull request's number.");
  const server = new PreviewServer(options.serverUrl!, "Input 'preview-database-url'");
  const name = previewDatabaseName(options.databaseName, pr.number);
  const database: PreviewDatabase = { name, server: server.description, mode: 'managed' };
  if (!(await server.exists(name))) return closed(database, false, 'it does not exist (already dropped)');
  if (!(await server.createdByThisTool(name, pr.number))) return closed(database, false, `this action did not create it (its comment does not name pull request #${pr.number})`);
  await server.drop(name);
  log(`The pull request is closed: dropped the preview database ${name}.`);
  return closed(database, true);
}

interface ReportContext {
  marker: string;
  notes: string[];
  github?: GitHubClient;
  pr?: PullRequestRef;
  githubErrors: Error[];
  acceptLabel: string;
}

/** Outputs, then the job summary (always), then the sticky comment; a GitHub error fails the step after. */
async function report(result: PreviewResult | PreviewClosed, context: ReportContext): Promise<void> {
  core.setOutput('verdict', result.verdict);
  core.setOutput('data-loss', String(result.dataLoss));
  core.setOutput('applied', String(result.applied));
  const json = renderJson(result).trim();
  core.setOutput('plan-json', json);
  core.setOutput('report-json', json);
  const body = renderPreviewMarkdown(result, { acceptLabel: context.acceptLabel, notes: context.notes, context: 'action' });
  await core.summary.addRaw(body).write();
  if (context.github && context.pr) {
    try {
      const { action, comment } = await upsertStickyComment(context.github, context.pr, context.marker, body);
      core.info(`PR comment ${action}${comment.url ? `: ${comment.url}` : ''}.`);
    } catch (error) {
      context.githubErrors.push(error as Error);
    }
  }
  if (context.githubErrors.length > 0) {
    const messages = [...new Set(context.githubErrors.map((error) => `${errorMessage(error)}${error instanceof UsageError && error.fix ? ` ${error.fix}` : ''}`))];
    await core.summary.addRaw(`\n> ❌ ${redact(messages.join('\n> '))}\n`).write();
    core.setFailed(redact(messages.join('\n')));
  }
}

