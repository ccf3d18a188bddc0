import * as core from '@actions/core';
import { schemaId } from '../sticky-comment.js';
import { preview, type PreviewClosed, type PreviewDatabase, type PreviewPorts, type PreviewResult } from '../../commands/preview.js';
import { looksLikeSqlite } from '../../database/sqlite/location.js';
import { commentMarker, upsertStickyComment, type GitHubClient, type PullRequestRef } from '../../github/client.js';
import { readWorkflowEvent } from '../../github/event.js';
import { OctokitGitHubClient } from '../../github/octokit-client.js';
import { createArmed } from '../../lifecycle/cleanup.js';
import { openPreviewServer, previewDatabaseName } from '../../preview/databases.js';
import { givenPreviewDatabase } from '../../preview/given.js';
import { runSeedCommand } from '../../preview/seed.js';
import { renderJson } from '../../report/json.js';
import { renderPreviewMarkdown } from '../../report/preview-markdown.js';
import { renderPreviewText } from '../../report/preview-text.js';
import { UsageError, errorMessage } from '../../util/errors.js';
import { redact, registerSecret } from '../../util/redact.js';
import { previewPorts } from '../../wiring.js';
import { PRISMA_VERSION_INPUT, type ActionInputs, type PreviewInputs } from '../inputs.js';
import { refuseManagedSqlite, sqliteClosedDatabase, sqlitePreviewTarget } from './preview-sqlite.js';

/**
 * `command: preview`: the pull request's preview database gets the schema by `db push`; the plan
 * goes to the job summary first, then to the sticky PR comment. A GitHub error never hides the plan
 * nor changes the verdict: the summary is written before any comment is posted, and the error is a
 * warning in words that name the permission to grant or the failure.
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
    const closed = await closePreview(options, pr, log, inputs.workingDirectory);
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
        githubErrors.push(labelsUnreadable(error, event.labels, options.acceptDataLossLabel));
        notes.push(`Could not read the pull request's labels (${errorMessage(error)}); the labels in the event payload were used.`);
      }
    }
    if (labels.includes(options.acceptDataLossLabel)) acceptedBy = `label \`${options.acceptDataLossLabel}\``;
  }

  const target = await previewTarget(options, pr, log, {
    cwd: inputs.workingDirectory,
    schema: inputs.schema,
    prismaVersion: inputs.prismaVersion,
  });
  if (target.note) notes.push(target.note);
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
      target.ports ??
        previewPorts(target.url, target.inputName, {
          engine: inputs.engine,
          engineInputName: "Input 'engine'",
          prismaVersion: inputs.prismaVersion,
          prismaVersionInputName: PRISMA_VERSION_INPUT,
          cwd: inputs.workingDirectory,
          log,
          limits: inputs.sessionLimits,
        }),
    );
    if (result.reset) await target.afterReset?.();
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
  /** Ports other than PostgreSQL's for `url` (a SQLite file). */
  ports?: PreviewPorts;
  /** Said in the report (e.g. a MySQL server that cannot mark the database as this action's). */
  note?: string;
  /** After a force-reset: restores what the reset lost (the mark of a MySQL database that was this action's). */
  afterReset?(): Promise<void>;
  /** The database stays (it is the pull request's preview environment). */
  keep(): Promise<void>;
  /** Drops a database this run created (no-op otherwise). */
  discard(): Promise<void>;
}

async function previewTarget(
  options: PreviewInputs,
  pr: PullRequestRef | undefined,
  log: (line: string) => void,
  project: { cwd: string; schema?: string; prismaVersion?: string },
): Promise<Target> {
  if (options.databaseUrl) {
    if (looksLikeSqlite(options.databaseUrl)) {
      // A file in the workspace, used as is (written back only when applied); remote libSQL/D1 URLs are refused.
      const sqlite = sqlitePreviewTarget(options.databaseUrl, project.cwd, project.prismaVersion);
      return {
        url: options.databaseUrl,
        inputName: "Input 'database-url'",
        ...sqlite,
        keep: async () => undefined,
        discard: async () => undefined,
      };
    }
    const database = givenPreviewDatabase(options.databaseUrl);
    if (!database)
      throw new UsageError(
        "Input 'database-url': expected a PostgreSQL URL like postgresql://user:password@host:5432/preview_db or a MySQL/MariaDB URL like mysql://user:password@host:3306/preview_db.",
      );
    return {
      url: options.databaseUrl,
      inputName: "Input 'database-url'",
      database,
      keep: async () => undefined,
      discard: async () => undefined,
    };
  }
  await refuseManagedSqlite(options.serverUrl!, project);
  if (!pr)
    throw new UsageError(
      "Input 'preview-database-url' needs a pull_request event: the preview database is named after the pull request's number.",
      "Run the step on `pull_request` (opened, synchronize, reopened, closed), or pass 'database-url'.",
    );
  const server = await openPreviewServer(options.serverUrl!, "Input 'preview-database-url'", { nameTemplate: options.databaseName });
  const name = previewDatabaseName(options.databaseName, pr.number);
  // Until the first push (and seed) succeeded, a new database is this run's to remove, also when the
  // run is stopped: armed before CREATE DATABASE is sent, it drops only a database this run created.
  const { value: ensured, cleanup } = await createArmed(
    `preview database ${name}`,
    () => server.ensure(name, { pullRequest: pr.number, template: options.template }),
    async (result) => {
      if (result.created) await server.drop(name);
    },
  );
  if (!ensured.created) cleanup.release();
  const registration = ensured.created ? cleanup : undefined;
  registerSecret(ensured.url);
  log(
    ensured.created
      ? `Created the preview database ${name} on ${server.description}${options.template ? ` from ${options.template}` : ''}.`
      : `Using the preview database ${name} on ${server.description}.`,
  );
  // Prisma's MySQL reset drops and re-creates the database, losing its mark: one that was this action's gets it back.
  const remark =
    options.forceReset && server.remark && (ensured.created || (await server.ownership(name, pr.number)).owned)
      ? server.remark.bind(server)
      : undefined;
  return {
    url: ensured.url,
    inputName: "Input 'preview-database-url'",
    database: {
      name,
      server: server.description,
      mode: 'managed',
      created: ensured.created,
      template: ensured.created ? options.template : undefined,
    },
    note: ensured.note,
    afterReset: remark && (() => remark(name, pr.number)),
    keep: async () => registration?.release(),
    discard: async () => registration?.run(),
  };
}

async function closePreview(
  options: PreviewInputs,
  pr: PullRequestRef | undefined,
  log: (line: string) => void,
  cwd: string,
): Promise<PreviewClosed> {
  const closed = (database: PreviewDatabase, dropped: boolean, keptBecause?: string): PreviewClosed => ({
    command: 'preview',
    verdict: 'closed',
    gate: 'pass',
    database,
    dropped,
    keptBecause,
    dataLoss: false,
    applied: false,
  });
  if (options.databaseUrl && looksLikeSqlite(options.databaseUrl)) {
    const { database, keptBecause } = sqliteClosedDatabase(options.databaseUrl, cwd);
    log(`The pull request is closed; the SQLite file ${database.name} was given by 'database-url' and is left alone.`);
    return closed(database, false, keptBecause);
  }
  if (options.databaseUrl) {
    const database: PreviewDatabase = givenPreviewDatabase(options.databaseUrl) ?? {
      name: 'postgres',
      server: 'the server',
      mode: 'given',
    };
    log(`The pull request is closed; ${database.name} was given by 'database-url' and is left to its owner.`);
    return closed(database, false, 'it was given by `database-url`: its owner deletes it');
  }
  if (!pr)
    throw new UsageError(
      "Input 'preview-database-url' needs a pull_request event: the preview database is named after the pull request's number.",
    );
  const server = await openPreviewServer(options.serverUrl!, "Input 'preview-database-url'", { nameTemplate: options.databaseName });
  const name = previewDatabaseName(options.databaseName, pr.number);
  const database: PreviewDatabase = { name, server: server.description, mode: 'managed' };
  if (!(await server.exists(name))) return closed(database, false, 'it does not exist (already dropped)');
  const ownership = await server.ownership(name, pr.number);
  if (!ownership.owned) {
    log(`The pull request is closed; kept the preview database ${name}: ${ownership.keptBecause}.`);
    return closed(database, false, ownership.keptBecause);
  }
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

/**
 * The preview decides by the labels: when GitHub cannot say them, the event's (as they were when the
 * workflow started) decide, and the warning says which way that went.
 */
function labelsUnreadable(error: unknown, eventLabels: string[], acceptLabel: string): UsageError {
  const decided = eventLabels.includes(acceptLabel)
    ? `they have '${acceptLabel}', so data loss is accepted`
    : `they do not have '${acceptLabel}', so data loss is not accepted`;
  const fix = error instanceof UsageError ? error.fix : undefined;
  return new UsageError(
    `${errorMessage(error)} The labels in the event payload (as they were when the workflow started) were used instead: ${decided}.`,
    fix,
  );
}

/** Outputs, then the job summary (always), then the sticky comment; a GitHub error is a warning after. */
async function report(result: PreviewResult | PreviewClosed, context: ReportContext): Promise<void> {
  core.setOutput('verdict', result.verdict);
  core.setOutput('gate', result.gate);
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
    const messages = [
      ...new Set(
        context.githubErrors.map((error) => `${errorMessage(error)}${error instanceof UsageError && error.fix ? ` ${error.fix}` : ''}`),
      ),
    ];
    await core.summary.addRaw(`\n> ⚠️ ${redact(messages.join('\n> '))}\n`).write();
    // The comment is a copy of the plan (outputs, job summary), and the plan was applied or not by its
    // own verdict: a token that may not comment (a fork's read-only one) or a GitHub outage must not
    // fail the job.
    for (const message of messages) core.warning(redact(message));
  }
}
