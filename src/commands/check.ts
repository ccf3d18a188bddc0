import type { Engine } from '../engine/engine.js';
import { EngineError } from '../engine/engine.js';
import { dialectOf } from '../dialect/index.js';
import type { ScriptFailure, ScriptObserver } from '../engine/script-observer.js';
import { parseFailOn, type FailOnCategory } from '../gate/fail-on.js';
import type { GitPort } from '../git/port.js';
import { guardHistory } from '../history/guard.js';
import { reviewPullRequest } from '../review/pull-request.js';
import { readMigrationHistory, type MigrationHistory } from '../migrations/history.js';
import { replayProgress, type ReplayProgress } from '../migrations/replay-progress.js';
import { findDatasource, type Provider } from '../schema/datasource.js';
import { discoverProject } from '../schema/discovery.js';
import { displayPath, readSchemaFiles, type SchemaFile } from '../schema/files.js';
import type { EngineSelection } from '../prisma-version/select-engine.js';
import { prepareJudging, withPinnedFixes } from './judging-engine.js';
import { explainByUpgradeRules, upgradeNoteFinding } from '../verdict/upgrade-rules.js';
import { withEngineOnNewShadow } from '../shadow/engine-on-shadow.js';
import type { ShadowDatabase, ShadowServer } from '../shadow/shadow.js';
import { UsageError } from '../util/errors.js';
import { withCheckGate, type CheckResult, type Finding } from '../verdict/check-result.js';
import { requiredColumnNotes } from './missing-migration-notes.js';
import { firstChangedTable } from '../schema/locate.js';
import { describeMigrationFailure, invalidUtf8Finding, timedOut, withoutEchoesOfFailure } from './migration-failure.js';
import { setActivity, timeLimitExpired } from '../lifecycle/time-limit.js';
import { schemaDiagnostic } from './schema-diagnostic.js';
import { handledLater } from '../util/promises.js';

export interface CheckOptions {
  cwd: string;
  schema?: string;
  migrations?: string;
  /** Names of the inputs, for errors: CLI flags or action inputs. */
  names?: { schema: string; migrations: string };
  log?: (line: string) => void;
  /** A git ref (the pull request's base): compare the migrations folder with it (the history guard). */
  base?: string;
  /** The categories whose findings fail the gate (default: `parseFailOn(undefined)`). */
  failOn?: Set<FailOnCategory>;
  /** How `base` is named in errors: `--base` or `Input 'base'`. */
  baseName?: string;
  /** Called as each migration starts to apply to the shadow (a terminal's progress line). */
  progress?: (progress: ReplayProgress) => void;
}

/** What `check` needs of the schema's provider: a shadow server and an engine over a database on it. */
export interface ProviderCheckPorts {
  openShadowServer(): Promise<ShadowServer>;
  /**
   * An engine whose own database is the shadow. Called as soon as the shadow's creation has begun:
   * an engine may start before it exists (on `home`, a read-only session of the server's) and wait
   * for it only where it needs it.
   */
  openEngine(input: {
    shadow: Promise<ShadowDatabase>;
    home?: string;
    schema: SchemaFile[];
    observer: ScriptObserver;
    selection?: EngineSelection;
  }): Promise<Engine>;
  /**
   * The Prisma release the project pins and the engine that judges it (default: the bundled
   * engine). Asked once the schema is found, before anything else.
   */
  selectEngine?(input: { schema: string; provider: Provider }): Promise<EngineSelection>;
  /**
   * Prisma's verdict on the schema alone, with no database: the engine's error when it rejects it.
   * Asked before the shadow is created, so a schema Prisma rejects fails in the time of a parse,
   * not after the whole history has replayed.
   */
  validateSchema?(schema: SchemaFile[], selection?: EngineSelection): Promise<EngineError | undefined>;
}

/** What `check` needs from the outside world: the ports of the schema's provider, and the repository. */
export interface CheckPorts {
  /** The ports of a provider (PostgreSQL's for a schema that names none); undefined for a provider this version does not check. */
  forProvider(provider: Provider): ProviderCheckPorts | undefined;
  /** The repository, for the history guard (needed when `base` is given). */
  git?: GitPort;
}

/**
 * Replays the migration history into a fresh shadow database and compares the result with the
 * Prisma schema. Expected outcomes are values (the verdict); only "could not run" throws.
 */
export async function check(options: CheckOptions, ports: CheckPorts): Promise<CheckResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const location = discoverProject({
    cwd: options.cwd,
    schema: options.schema,
    migrations: options.migrations,
    schemaName: options.names?.schema,
    migrationsName: options.names?.migrations,
  });
  const schemaFiles = await readSchemaFiles(location.schema, options.cwd);
  const history = await readMigrationHistory(location.migrations, options.cwd);
  const datasource = findDatasource(schemaFiles);
  // The history guard and the review of the migrations the PR adds need no database: they run (git,
  // parsing) while the shadow is prepared and the history replays, and their findings stand whatever
  // the replay says. An error of theirs (a base that cannot be fetched) still fails the check.
  const pullRequestFindings = pullRequestReview(options, ports, location.migrations);
  handledLater(pullRequestFindings); // awaited by `finish`; this only keeps a rejection from going unhandled meanwhile

  const result: CheckResult = {
    command: 'check',
    verdict: 'in-sync',
    gate: 'pass',
    provider: datasource?.provider ?? 'unknown',
    migrations: 0,
    migrationsTotal: history.migrations.length,
    migrationsApplied: 0,
    findings: [],
    timings: { totalMs: 0 },
    schema: { files: schemaFiles.map((file) => file.path), source: location.source },
    migrationsDirectory: displayPath(location.migrations, options.cwd),
    engine: 'wasm',
  };
  const finish = async (verdict: CheckResult['verdict'], findings: Finding[] = []) => {
    result.verdict = verdict;
    result.findings.push(...withPinnedFixes(withoutEchoesOfFailure([...findings, ...(await pullRequestFindings)]), result.prisma));
    result.timings.totalMs = Date.now() - started;
    return withCheckGate(result);
  };

  // Prisma reads migration.sql as UTF-8 and refuses a file that is not: that migration cannot apply.
  const unreadable = history.migrations.findIndex((migration) => migration.invalidUtf8);
  if (unreadable !== -1) {
    result.migrations = result.migrationsApplied = unreadable;
    return await finish('migration-failed', [invalidUtf8Finding(history.migrations[unreadable]!)]);
  }

  if (datasource && history.lockfile.provider && history.lockfile.provider !== datasource.provider) {
    return await finish('provider-mismatch', [
      {
        kind: 'provider-mismatch',
        message: `The migrations were created for "${history.lockfile.written}" (${history.lockfile.file}), but the schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}). Prisma refuses to apply them.`,
        file: history.lockfile.file,
        line: lockfileProviderLine(history),
        fix: 'If the database really changed, start a new migration history for the new provider (see "Switching database providers" in Prisma\'s docs); otherwise set the provider back.',
      },
    ]);
  }
  const forProvider = ports.forProvider(datasource?.provider ?? 'postgresql');
  if (!forProvider) {
    throw new UsageError(
      `The schema's datasource uses "${datasource!.written}" (${datasource!.file}:${datasource!.line}); this version of prisma-schema-guard checks PostgreSQL, MySQL and SQLite schemas.`,
    );
  }
  const own = forProvider; // a const the nested steps below see as defined

  const historyForEngine = withLockfile(history, datasource?.written ?? 'postgresql');
  // Provisioning (a container, a local server) starts first: choosing the engine (a release list to
  // download once a day, an engine build to fetch once) and validating the schema run meanwhile,
  // and both are done before the shadow database is created on it or any migration replayed.
  const shadowStart = Date.now();
  setActivity('preparing the shadow database');
  const opening = own.openShadowServer();
  handledLater(opening); // awaited below, after the schema's validation
  const closeOpening = () =>
    opening.then(
      (server) => server.close(),
      () => undefined,
    );
  let prepared;
  try {
    prepared = await prepareJudging({
      ports: own,
      schemaPath: location.schema,
      provider: datasource?.provider ?? 'postgresql',
      schemaFiles,
      result,
      log,
      command: 'check',
      cwd: options.cwd,
    });
    result.timings.validateMs = prepared.validateMs;
  } catch (error) {
    await closeOpening();
    throw error;
  }
  const { selection, files: engineSchema, rejected } = prepared;
  if (rejected) {
    // Reported even when no shadow could be provided: the schema is what the user fixes first.
    await closeOpening();
    log(`Prisma rejects the schema (validated in ${result.timings.validateMs} ms): no shadow database created, no migration replayed.`);
    return await finish('error', [schemaDiagnostic(rejected.message, schemaFiles)]);
  }
  const server = await opening;
  let failure: ScriptFailure | undefined;
  let shadowReadyAt = Number.POSITIVE_INFINITY;
  let workEndedAt: number | undefined;
  const engineStart = Date.now();
  try {
    // The engine starts (loads, reads the schema, prepares the replay) while the server creates the
    // shadow database; only the replay waits for it.
    // Always tracked: the time limit's report names the migration that was applying.
    const onScriptStart = replayProgress(history, (progress) => {
      setActivity(`applying migration ${progress.migration} (${progress.current}/${progress.total}) to the shadow database`);
      options.progress?.(progress);
    });
    return await withEngineOnNewShadow(
      server,
      (creating) => {
        const shadow = creating.then((database) => {
          shadowReadyAt = Date.now();
          result.timings.shadowStartMs = shadowReadyAt - shadowStart;
          result.shadow = { kind: server.kind, description: server.description };
          log(`Shadow database ready in ${result.timings.shadowStartMs} ms`);
          return database;
        });
        handledLater(shadow); // the engine may never ask for it; a failed creation is reported all the same
        return own.openEngine({
          shadow,
          home: server.readOnlyUrl,
          schema: engineSchema,
          observer: { onScriptFailure: (f) => (failure ??= f), onScriptStart },
          selection,
        });
      },
      async (engine) => {
        try {
          return await compare(engine);
        } finally {
          workEndedAt = Date.now();
        }
      },
    );
  } finally {
    if (workEndedAt !== undefined) result.timings.cleanupMs = Date.now() - workEndedAt;
    await server.close();
    result.timings.totalMs = Date.now() - started;
  }

  /** The history replayed into the shadow against the schema, and the verdict. */
  async function compare(engine: Engine): Promise<CheckResult> {
    result.engine = engine.name;
    result.timings.engineStartMs = Date.now() - engineStart;
    let diff;
    try {
      const diffStart = Date.now();
      diff = await engine.diff({ kind: 'migrations', history: historyForEngine }, { kind: 'schema', files: engineSchema }, 'script');
      result.timings.replayAndDiffMs = Date.now() - Math.max(diffStart, shadowReadyAt);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (error.code === 'P3006' || failure) {
        result.migrations = result.migrationsApplied = failedIndex(error.message, history);
        const failed = describeMigrationFailure(error.message, failure, history);
        // Cancelled by the run's time limit: the run could not finish (exit 1), and says where it was.
        if (timeLimitExpired()) return await finish('error', [timedOut(failed)]);
        return await finish('migration-failed', [failed]);
      }
      if (error.code === 'P1012' || error.code === 'P1013') return await finish('error', [schemaDiagnostic(error.message, schemaFiles)]);
      throw error;
    }
    result.migrations = result.migrationsApplied = history.migrations.length;
    if (!diff.changed) return await finish('in-sync');
    // An older Prisma's history judged by a newer engine: what an upgrade rule explains is a note.
    const upgrade = selection?.upgradeFrom ? explainByUpgradeRules(diff.text, selection.upgradeFrom) : undefined;
    const notes = (upgrade?.notes ?? []).map((note) => upgradeNoteFinding(note, selection!.pin.version));
    if (upgrade && notes.length > 0 && !upgrade.rest) {
      log(
        `The only differences are explained by Prisma upgrade rules (${upgrade.notes.map((n) => n.rule).join(', ')}): in sync for Prisma ${selection!.pin.version}.`,
      );
      return await finish('in-sync', notes);
    }
    // The shadow now holds the replayed history: the summary needs no second replay.
    const summaryStart = Date.now();
    // (The project's own CLI may reset a shadow it is given: it replays the history again.)
    const summaryFrom =
      engine.name === 'cli'
        ? ({ kind: 'migrations', history: historyForEngine } as const)
        : ({ kind: 'database', files: engineSchema } as const);
    const summary = await engine.diff(summaryFrom, { kind: 'schema', files: engineSchema }, 'summary');
    result.timings.summaryMs = Date.now() - summaryStart;
    if (!summary.changed && onlyCreatesExtensions(diff.text)) {
      // Prisma 7's engine, with `previewFeatures = ["postgresqlExtensions"]`, does not match the
      // extensions a replayed history created with the declared ones: its migrations→schema script
      // is only `CREATE EXTENSION IF NOT EXISTS …`, while the replayed shadow itself, compared with
      // the schema, has no difference. The shadow is what the history builds: in sync.
      log(
        "Prisma's diff proposed only CREATE EXTENSION statements, but the replayed shadow has those extensions and matches the schema: in sync.",
      );
      return await finish('in-sync');
    }
    // The annotation goes where the eye goes: the first changed model (or field) in the schema.
    const changed = firstChangedTable(summary.text, schemaFiles);
    return await finish('missing-migration', [
      {
        kind: 'missing-migration',
        message: `The schema has changes that no migration in ${result.migrationsDirectory} creates:\n${summary.text.trim()}`,
        file: changed?.file ?? (schemaFiles.length === 1 ? schemaFiles[0]!.path : undefined),
        line: changed?.line,
        sql: (notes.length > 0 ? upgrade!.rest : diff.text).trim(),
        fix: 'Run `npx prisma migrate dev --name <change>` and commit the new migration folder.',
      },
      ...(await requiredColumnNotes(diff.text, dialectOf(result.provider), history, schemaFiles)),
      ...notes,
    ]);
  }
}

/**
 * With a base (a pull request): the history guard's findings, then the review's (silenced ones stay
 * in `review`'s own output). Sequential: the review reads the base the guard has fetched.
 */
async function pullRequestReview(options: CheckOptions, ports: CheckPorts, migrationsDirectory: string): Promise<Finding[]> {
  if (!options.base) return [];
  if (!ports.git) throw new Error('check: a base was given but no git port (wire one in src/wiring.ts).');
  const failOn = options.failOn ?? parseFailOn(undefined);
  const history = await guardHistory(
    { base: options.base, migrationsDirectory, cwd: options.cwd, failOn, baseName: options.baseName },
    ports.git,
  );
  const review = await reviewPullRequest({
    git: ports.git,
    directory: migrationsDirectory,
    baseRef: options.base,
    cwd: options.cwd,
    failOn,
  });
  return [...history, ...review.findings.filter((finding) => !finding.ignored)];
}

/** Prisma needs the lock file's provider to replay; a history without one is replayed for the schema's. */
function withLockfile(history: MigrationHistory, provider: string): MigrationHistory {
  if (history.lockfile.content !== null) return history;
  return { ...history, lockfile: { ...history.lockfile, content: `provider = "${provider}"\n` } };
}

function lockfileProviderLine(history: MigrationHistory): number | undefined {
  const lines = history.lockfile.content?.split('\n') ?? [];
  const index = lines.findIndex((line) => /^\s*provider\s*=/.test(line));
  return index === -1 ? undefined : index + 1;
}

/** How many migrations applied before the failing one. */
function failedIndex(message: string, history: MigrationHistory): number {
  const name = /Migration `([^`]+)`/.exec(message)?.[1];
  const index = history.migrations.findIndex((migration) => migration.name === name);
  return index === -1 ? 0 : index;
}

/** A script of `CREATE EXTENSION` statements (and Prisma's comments) only. */
function onlyCreatesExtensions(script: string): boolean {
  const statements = script.split('\n').filter((line) => line.trim() && !line.trim().startsWith('--'));
  return statements.length > 0 && statements.every((line) => /^CREATE EXTENSION\b/i.test(line.trim()));
}
