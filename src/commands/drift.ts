import { replayProgress, type ReplayProgress } from '../migrations/replay-progress.js';
import { gateOf } from '../gate/outcome.js';
import type { ScriptFailure, ScriptObserver } from '../engine/script-observer.js';
import { compareHistory } from '../drift/compare-history.js';
import type { DriftFinding, DriftResult } from '../drift/drift-result.js';
import { driftExitCode, driftVerdict } from '../drift/drift-result.js';
import type { LiveDatabase } from '../drift/live-database.js';
import { EngineError, type DiffSource, type Engine } from '../engine/engine.js';
import { DEFAULT_FAIL_ON, type FailOnCategory } from '../gate/fail-on.js';
import { readMigrationHistory, type MigrationHistory } from '../migrations/history.js';
import { findDatasource } from '../schema/datasource.js';
import { discoverProject } from '../schema/discovery.js';
import { displayPath, readSchemaFiles, type SchemaFile } from '../schema/files.js';
import type { Provider } from '../schema/datasource.js';
import type { EngineSelection } from '../prisma-version/select-engine.js';
import { explainByUpgradeRules } from '../verdict/upgrade-rules.js';
import { judgeWith, noticeInto, withPinnedFixes } from './judging-engine.js';
import { withEngineOnNewShadow } from '../shadow/engine-on-shadow.js';
import type { ShadowServer } from '../shadow/shadow.js';
import { UsageError } from '../util/errors.js';
import { describeMigrationFailure, timedOut } from './migration-failure.js';
import { setActivity, TIME_LIMIT_FIX, TimeLimitError, timeLimitExpired } from '../lifecycle/time-limit.js';
import { handledLater } from '../util/promises.js';

export interface DriftOptions {
  cwd: string;
  schema?: string;
  migrations?: string;
  /** Names of the inputs, for errors: CLI flags or action inputs. */
  names?: { schema: string; migrations: string };
  /** Which finding categories fail the gate (default: history, destructive, drift). */
  failOn?: ReadonlySet<FailOnCategory>;
  log?: (line: string) => void;
  /** Called as each migration starts to apply to the shadow (a terminal's progress line). */
  progress?: (progress: ReplayProgress) => void;
}

/** What `drift` needs from the outside world. */
export interface DriftPorts {
  /** The live database, read only. */
  live: LiveDatabase;
  openShadowServer(): Promise<ShadowServer>;
  /**
   * An engine whose own database is the live one (read-only sessions) and whose shadow is
   * `shadowUrl` (a promise while the shadow is still being created: an engine may start meanwhile);
   * without a shadow URL, the engine must only compare the live database with the schema or with
   * nothing.
   */
  openEngine(input: {
    shadowUrl?: string | Promise<string>;
    schema: SchemaFile[];
    observer: ScriptObserver;
    selection?: EngineSelection;
  }): Promise<Engine>;
  /** The Prisma release the project pins and the engine that judges it (default: the bundled engine). */
  selectEngine?(input: { schema: string; provider: Provider }): Promise<EngineSelection>;
  /** The engine's verdict on the schema alone: used to fit a schema to a stand-in engine. */
  validateSchema?(schema: SchemaFile[], selection?: EngineSelection): Promise<EngineError | undefined>;
}

/**
 * Compares a live database with the migrations folder and the Prisma schema, reading it only:
 * `_prisma_migrations` against the folder (unapplied, failed, edited, missing), then the database's
 * objects against the applied history replayed in a shadow database, and against the schema.
 * Expected outcomes are findings; only "could not run" throws.
 */
export async function drift(options: DriftOptions, ports: DriftPorts): Promise<DriftResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  setActivity('reading the live database and the migration history');
  const failOn = options.failOn ?? new Set(DEFAULT_FAIL_ON);
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
  if (datasource && datasource.provider !== ports.live.provider) {
    throw new UsageError(
      `The schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}), but the database URL is ${ports.live.provider}; drift compares a database of the schema's own provider.`,
    );
  }
  const migrationsDirectory = displayPath(location.migrations, options.cwd);
  const result: DriftResult = {
    command: 'drift',
    verdict: 'in-sync',
    gate: 'pass',
    provider: ports.live.provider,
    database: ports.live.description,
    migrationsTable: false,
    migrations: { folder: history.migrations.length, applied: 0, unapplied: 0, failed: 0 },
    findings: [],
    failOn: [...failOn],
    schema: { files: schemaFiles.map((file) => file.path), source: location.source },
    migrationsDirectory,
    timings: { totalMs: 0 },
    engine: 'wasm',
  };

  const { selection, files: engineSchema } = await judgeWith({
    ports,
    schemaPath: location.schema,
    provider: ports.live.provider,
    schemaFiles,
    result,
    log,
    command: 'drift',
    cwd: options.cwd,
  });
  // Every engine of this run is the selected one.
  const judged: DriftPorts = { ...ports, openEngine: (input) => ports.openEngine({ ...input, selection }) };

  log(`Reading _prisma_migrations on ${ports.live.description} (read-only)`);
  const readStart = Date.now();
  const table = await ports.live.readMigrationsTable();
  result.timings.readMs = Date.now() - readStart;
  result.migrationsTable = table.exists;
  const comparison = compareHistory(history, table, failOn, migrationsDirectory);
  result.migrations.applied = comparison.applied.length;
  result.migrations.unapplied = comparison.unapplied.length;
  result.migrations.failed = comparison.failed.length;
  const findings: DriftFinding[] = [...comparison.findings];
  const make = (finding: Omit<DriftFinding, 'failsGate'>): DriftFinding => ({ ...finding, failsGate: failOn.has(finding.category) });

  const compareStart = Date.now();
  const applied = withLockfile({ ...history, migrations: comparison.applied }, datasource?.written ?? 'postgresql');
  const managed = table.exists || table.tables.length === 0;
  let historyScript: string | undefined;
  let server: ShadowServer | undefined;
  try {
    // Only a history with applied migrations needs a shadow database to be replayed into.
    if (managed && comparison.applied.length > 0) {
      const shadowStart = Date.now();
      server = await ports.openShadowServer();
      result.timings.shadowStartMs = Date.now() - shadowStart;
      result.shadow = { kind: server.kind, description: server.description };
      log(`Shadow database ready in ${result.timings.shadowStartMs} ms`);
      const replayed = await replayAndDiff(server, judged, engineSchema, applied, 'script', 'database-to-history', options.progress);
      if ('failure' in replayed) {
        const failed = describeMigrationFailure(replayed.failure.message, replayed.failure.script, applied);
        // Cancelled by the run's time limit: the run could not finish (exit 1); no drift is claimed.
        if (timeLimitExpired()) throw new TimeLimitError(timedOut(failed).message, TIME_LIMIT_FIX);
        findings.push(make({ ...failed, kind: 'migration-failed', category: 'drift' }));
      } else if (replayed.diff.changed) {
        historyScript = replayed.diff.text.trim();
        // The engine does not reset a shadow it was given: the summary replays into a fresh one.
        const summary = await replayAndDiff(server, judged, engineSchema, applied, 'summary', 'history-to-database', options.progress);
        const text = 'diff' in summary ? summary.diff.text.trim() : '';
        findings.push(
          make({
            kind: 'schema-drift',
            against: 'migrations',
            category: 'drift',
            summary: text,
            sql: historyScript,
            message: `The database differs from what its ${comparison.applied.length} applied migration${comparison.applied.length === 1 ? '' : 's'} create${comparison.applied.length === 1 ? 's' : ''} (someone changed it by hand, or a migration was edited after it ran)${text ? `:\n${text}` : '.'}`,
            fix: 'To undo the change, run the SQL shown here on the database (review it first: it can drop data). To keep it, add a migration that makes the same change and mark it applied there with `npx prisma migrate resolve --applied <migration>`.',
          }),
        );
      }
    } else if (managed) {
      // Nothing applied: the history is empty, and so must the database be (but for _prisma_migrations).
      const engine = await judged.openEngine({ schema: engineSchema, observer: { onScriptFailure: () => undefined } });
      try {
        const script = await engine.diff({ kind: 'database', files: engineSchema }, { kind: 'empty' }, 'script');
        if (script.changed) {
          historyScript = script.text.trim();
          const summary = await engine.diff({ kind: 'empty' }, { kind: 'database', files: engineSchema }, 'summary');
          findings.push(
            make({
              kind: 'schema-drift',
              against: 'migrations',
              category: 'drift',
              summary: summary.text.trim(),
              sql: historyScript,
              message: `The database has objects although no migration is applied to it:\n${summary.text.trim()}`,
              fix: 'Find out who created them. If they belong to the schema, baseline the database (https://pris.ly/d/migrate-baseline); otherwise drop them.',
            }),
          );
        }
      } finally {
        await engine.close();
      }
    }

    // Is the database behind the Prisma schema? Expected while migrations wait for a deploy.
    const engine = await judged.openEngine({ schema: engineSchema, observer: { onScriptFailure: () => undefined } });
    result.engine = engine.name;
    try {
      const toSchema = await liveDiff(engine, { kind: 'database', files: engineSchema }, { kind: 'schema', files: engineSchema }, 'script');
      // An older Prisma's database judged by a newer engine: what an upgrade rule explains is no drift.
      const upgrade = toSchema.changed && selection?.upgradeFrom ? explainByUpgradeRules(toSchema.text, selection.upgradeFrom) : undefined;
      const explained = !!upgrade && upgrade.notes.length > 0 && !upgrade.rest;
      if (explained) {
        noticeInto(
          result,
          log,
        )(
          `The database differs from the schema only where Prisma upgrade rules explain it (${upgrade.notes.map((note) => `${note.rule}, Prisma ${note.introducedIn}`).join('; ')}): no drift for Prisma ${selection!.pin.version}.`,
        );
      }
      if (!explained && toSchema.changed && unqualified(toSchema.text) !== unqualified(historyScript ?? '')) {
        const summary = await liveDiff(
          engine,
          { kind: 'database', files: engineSchema },
          { kind: 'schema', files: engineSchema },
          'summary',
        );
        const behind = comparison.unapplied.length > 0;
        const schemaFile = schemaFiles.length === 1 ? schemaFiles[0]!.path : undefined;
        findings.push(
          make({
            kind: 'schema-drift',
            against: 'schema',
            category: behind ? 'unapplied' : 'drift',
            file: schemaFile,
            summary: summary.text.trim(),
            sql: toSchema.text.trim(),
            message: `The database is behind the Prisma schema${behind ? ` (${comparison.unapplied.length} migration${comparison.unapplied.length === 1 ? ' is' : 's are'} not applied yet)` : ''}; to match it, the database would change so:\n${summary.text.trim()}`,
            fix: behind
              ? '`npx prisma migrate deploy` applies the pending migrations; if differences remain after it, the schema has changes no migration creates (run `prisma-schema-guard check`).'
              : table.exists || table.tables.length === 0
                ? 'The schema has changes that no applied migration creates: create the migration (`npx prisma migrate dev`) and deploy it.'
                : 'Bring the database under Migrate (see above), then deploy the migrations that create the schema.',
          }),
        );
      }
    } finally {
      await engine.close();
    }
  } finally {
    await server?.close();
  }
  result.timings.compareMs = Date.now() - compareStart;
  result.findings = withPinnedFixes(order(findings), result.prisma);
  result.verdict = driftVerdict(result.findings);
  result.gate = gateOf(driftExitCode(result));
  result.timings.totalMs = Date.now() - started;
  return result;
}

type ReplayOutcome = { diff: { changed: boolean; text: string } } | { failure: { message: string; script: ScriptFailure | undefined } };

/**
 * Replays the applied history into a fresh shadow database and diffs it with the live database,
 * `database-to-history` (the SQL that brings the database back to its history) or
 * `history-to-database` (what was changed in the database, in Prisma's words).
 */
async function replayAndDiff(
  server: ShadowServer,
  ports: DriftPorts,
  schema: SchemaFile[],
  history: MigrationHistory,
  format: 'script' | 'summary',
  direction: 'database-to-history' | 'history-to-database',
  progress?: (progress: ReplayProgress) => void,
): Promise<ReplayOutcome> {
  // Always tracked: the time limit's report names the migration that was applying.
  const onScriptStart = replayProgress(history, (now) => {
    setActivity(`replaying migration ${now.migration} (${now.current}/${now.total}) into the shadow database`);
    progress?.(now);
  });
  let failure: ScriptFailure | undefined;
  // The engine starts on the live database while the server creates the shadow (as in `check`).
  return withEngineOnNewShadow(
    server,
    (shadow) => {
      const shadowUrl = shadow.then((database) => database.url);
      handledLater(shadowUrl); // the engine may never ask for it; a failed creation is reported all the same
      return ports.openEngine({ shadowUrl, schema, observer: { onScriptFailure: (f) => (failure ??= f), onScriptStart } });
    },
    async (engine) => {
      const live: DiffSource = { kind: 'database', files: schema };
      const replay: DiffSource = { kind: 'migrations', history };
      try {
        const diff =
          direction === 'database-to-history' ? await liveDiff(engine, live, replay, format) : await liveDiff(engine, replay, live, format);
        return { diff };
      } catch (error) {
        if (error instanceof EngineError && (error.code === 'P3006' || failure))
          return { failure: { message: error.message, script: failure } };
        throw error;
      }
    },
  );
}

/** A diff involving the live database; the engine's connection errors become "could not run". */
async function liveDiff(engine: Engine, from: DiffSource, to: DiffSource, format: 'script' | 'summary') {
  try {
    return await engine.diff(from, to, format);
  } catch (error) {
    if (error instanceof EngineError && /^P10\d\d$/.test(error.code ?? '')) {
      throw new UsageError(
        `Prisma's schema engine could not read the database: ${error.message}`,
        'Check the database URL and that the role may read the schema.',
      );
    }
    throw error;
  }
}

/**
 * Scripts from a replayed history name the schema (`"public"."User"`), scripts to the datamodel do not;
 * on SQLite, indexes read from a database list their columns with `ASC`, the datamodel's do not.
 */
function unqualified(script: string): string {
  return script
    .replace(/"public"\./g, '')
    .replace(/"\s+ASC(?=\s*[,)])/g, '"')
    .trim();
}

/** Prisma needs the lock file's provider to replay; a history without one is replayed for the schema's. */
function withLockfile(history: MigrationHistory, provider: string): MigrationHistory {
  if (history.lockfile.content !== null) return history;
  return { ...history, lockfile: { ...history.lockfile, content: `provider = "${provider}"\n` } };
}

const ORDER: Record<DriftFinding['kind'], number> = {
  'no-migrations-table': 0,
  failed: 1,
  'migration-failed': 2,
  'missing-from-folder': 3,
  edited: 4,
  'schema-drift': 5,
  unapplied: 6,
};

/** What blocks a deploy first, what only waits for one last. */
function order(findings: DriftFinding[]): DriftFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => ORDER[a.finding.kind] - ORDER[b.finding.kind] || a.index - b.index)
    .map(({ finding }) => finding);
}
