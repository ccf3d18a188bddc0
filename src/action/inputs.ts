import * as core from '@actions/core';
import { DEFAULT_TIME_LIMIT_MS, parseDuration, parseSessionLimits, type SessionLimits } from '../lifecycle/time-limit.js';
import { isAbsolute, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../util/errors.js';
import { passwordOf, rawPasswordOf, registerSecret } from '../util/redact.js';
import { parseEngineChoice, type EngineChoice } from '../engine/choose.js';
import { resolveShadowSource } from '../shadow/provision.js';
import { parseFailOn, type FailOnCategory } from '../gate/fail-on.js';
import { looksLikeUrl } from '../util/url.js';

/** The action's inputs, read once, checked, typed. */
/** How `prisma-version` is named in errors. */
export const PRISMA_VERSION_INPUT = "Input 'prisma-version'";

export interface ActionInputs {
  command: (typeof COMMANDS)[number];
  workingDirectory: string;
  schema?: string;
  migrations?: string;
  shadowDatabaseUrl?: string;
  /** Input `shadow-database`: auto (default), a URL, docker[:image], local[:major], embedded[:major]. */
  shadowDatabase?: string;
  /** `engine`: auto, wasm or cli. */
  engine: EngineChoice;
  /** `prisma-version`: the Prisma release to judge by (default: discovered from the project). */
  prismaVersion?: string;
  /** `timeout`: the whole run's time limit in ms (0: none). */
  timeoutMs: number;
  /** `statement-timeout`, `lock-timeout`: for the sessions on drift's live database and preview's database. */
  sessionLimits: SessionLimits;
  /** Input `database-url` (command `drift`): the live database, read only. A secret. */
  databaseUrl?: string;
  /** The base to compare the migrations folder with (history guard): input `base`, else the pull request's base branch. */
  base?: string;
  /** Input `fail-on`: the categories whose findings fail the gate. */
  failOn: Set<FailOnCategory>;
  /** Input `rules` (command `review`): which review rules run, as written (parsed by the review). */
  rules?: string;
  /** Command `preview`: its inputs (see `readPreviewInputs`). */
  preview?: PreviewInputs;
  /** Input `github-token` (commands `check`, `review`, `preview`): posts the sticky PR comment. A secret. */
  githubToken?: string;
}

/** Command `preview`: exactly one of a server to manage databases on, or a ready database. */
export interface PreviewInputs {
  /** Input `preview-database-url`: a server; the action creates (and on close drops) the PR's database. */
  serverUrl?: string;
  /** Input `database-url`: the PR's database, used as is (never created, never dropped). */
  databaseUrl?: string;
  githubToken?: string;
  acceptDataLoss: boolean;
  acceptDataLossLabel: string;
  forceReset: boolean;
  template?: string;
  seedCommand?: string;
  /** Input `preview-database-name`: `<number>` is the pull request's number. */
  databaseName: string;
}

const COMMANDS = ['check', 'drift', 'preview', 'review'] as const;

/** Input `command` as given, when it names a command (the report of a run that fails before its inputs are read names it too). */
export function commandInput(): ActionInputs['command'] | undefined {
  const command = core.getInput('command') || 'check';
  return (COMMANDS as readonly string[]).includes(command) ? (command as ActionInputs['command']) : undefined;
}

export function readInputs(): ActionInputs {
  const command = commandInput();
  if (!command) {
    throw new UsageError(`Input 'command': expected one of ${COMMANDS.join(', ')}, got "${core.getInput('command')}".`);
  }
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const dir = core.getInput('working-directory') || '.';
  const workingDirectory = isAbsolute(dir) ? dir : resolve(workspace, dir);
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new UsageError(
      `Input 'working-directory': no folder at ${dir}.`,
      'Give a folder relative to the repository root (did actions/checkout run before this step?).',
    );
  }
  const shadowDatabaseUrl = core.getInput('shadow-database-url') || undefined;
  maskUrl(shadowDatabaseUrl);
  const shadowDatabase = core.getInput('shadow-database') || undefined;
  // A URL here is as secret as in shadow-database-url; `docker:postgres:16` and the like are not.
  if (shadowDatabase && looksLikeUrl(shadowDatabase)) maskUrl(shadowDatabase);
  resolveShadowSource(
    { shadowDatabase, shadowDatabaseUrl },
    { shadowDatabase: "Input 'shadow-database'", shadowDatabaseUrl: "Input 'shadow-database-url'" },
  );
  const databaseUrl = core.getInput('database-url') || undefined;
  maskUrl(databaseUrl);
  if (command === 'drift' && !databaseUrl) {
    throw new UsageError(
      "Input 'database-url': command drift needs the URL of the database to compare (e.g. `database-url: ${{ secrets.STAGING_DATABASE_URL }}`).",
      'The database is only read; the URL is masked in every output.',
    );
  }
  return {
    command: command as ActionInputs['command'],
    workingDirectory,
    schema: core.getInput('schema') || undefined,
    migrations: core.getInput('migrations') || undefined,
    shadowDatabaseUrl,
    shadowDatabase,
    engine: parseEngineChoice(core.getInput('engine') || undefined),
    prismaVersion: core.getInput('prisma-version') || undefined,
    timeoutMs: parseDuration(core.getInput('timeout') || undefined, "Input 'timeout'", DEFAULT_TIME_LIMIT_MS),
    sessionLimits: parseSessionLimits(
      { statement: core.getInput('statement-timeout'), lock: core.getInput('lock-timeout') },
      { statement: "Input 'statement-timeout'", lock: "Input 'lock-timeout'" },
    ),
    databaseUrl,
    base: core.getInput('base') || pullRequestBase(),
    failOn: parseFailOn(core.getInput('fail-on') || undefined, "Input 'fail-on'"),
    rules: core.getInput('rules') || undefined,
    preview: command === 'preview' ? readPreviewInputs(databaseUrl) : undefined,
    githubToken: secretInput('github-token'),
  };
}

function readPreviewInputs(databaseUrl: string | undefined): PreviewInputs {
  const serverUrl = core.getInput('preview-database-url') || undefined;
  maskUrl(serverUrl);
  if (serverUrl && databaseUrl) {
    throw new UsageError(
      "Inputs 'preview-database-url' and 'database-url' are both given; command preview takes exactly one.",
      "Use 'preview-database-url' for a server on which the action creates and drops a database per pull request, or 'database-url' for a database made for the pull request elsewhere (e.g. a Neon branch), used as is.",
    );
  }
  if (!serverUrl && !databaseUrl) {
    throw new UsageError(
      "Command preview needs exactly one of 'preview-database-url' (a PostgreSQL or MySQL/MariaDB server: the action creates a database per pull request) and 'database-url' (a database made for the pull request, e.g. neondatabase/create-branch-action's db_url).",
      'Pass it from a secret, e.g. `preview-database-url: ${{ secrets.PREVIEW_SERVER_URL }}`.',
    );
  }
  const githubToken = core.getInput('github-token') || undefined;
  if (githubToken) core.setSecret(githubToken);
  return {
    serverUrl,
    databaseUrl: serverUrl ? undefined : databaseUrl,
    githubToken,
    acceptDataLoss: booleanInput('accept-data-loss'),
    acceptDataLossLabel: core.getInput('accept-data-loss-label') || 'accept-data-loss',
    forceReset: booleanInput('force-reset'),
    template: core.getInput('preview-template') || undefined,
    seedCommand: core.getInput('preview-seed-command') || undefined,
    databaseName: core.getInput('preview-database-name') || 'preview_pr_<number>',
  };
}

/** A shadow URL the project configures (withConfiguredShadow) is masked in the runner's log as an input would be. */
export function maskConfigured<T extends { shadowDatabaseUrl?: string }>(choice: T): T {
  maskUrl(choice.shadowDatabaseUrl);
  return choice;
}

/**
 * A database URL is masked whole, and its password alone too (as written and decoded): a URL is
 * rewritten on its way (another database in its path, `mariadb:` spelled `mysql:`), and the runner
 * masks only the strings it knows.
 */
function maskUrl(url: string | undefined): void {
  if (!url) return;
  // The runner masks the log; our own redaction masks what we write ourselves (summary, outputs).
  registerSecret(url);
  core.setSecret(url);
  for (const password of new Set([rawPasswordOf(url), passwordOf(url)])) if (password) core.setSecret(password);
}

/** An input that holds a secret: masked in every log line as soon as it is read. */
function secretInput(name: string): string | undefined {
  const value = core.getInput(name) || undefined;
  if (value) core.setSecret(value);
  registerSecret(value);
  return value;
}

/** The toolkit's `getBooleanInput` (YAML's true/True/TRUE, false/...); empty is false; a wrong value names the input. */
function booleanInput(name: string): boolean {
  if (core.getInput(name) === '') return false;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new UsageError(`Input '${name}': expected true or false, got "${core.getInput(name)}".`);
  }
}

/** On a pull request, GitHub names its base branch in GITHUB_BASE_REF; elsewhere there is no base. */
function pullRequestBase(): string | undefined {
  const event = process.env.GITHUB_EVENT_NAME ?? '';
  return event.startsWith('pull_request') && process.env.GITHUB_BASE_REF ? process.env.GITHUB_BASE_REF : undefined;
}
