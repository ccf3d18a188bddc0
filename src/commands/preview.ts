import type { Engine } from '../engine/engine.js';
import { EngineError } from '../engine/engine.js';
import { DIALECTS, dialectOf, type DialectProvider } from '../dialect/index.js';
import type { PlanStatement } from '../plan/changes.js';
import { measurementsForAll, type Measurement, type Measurements } from '../plan/measurements.js';
import { buildPlan, decide, losesData } from '../plan/plan.js';
import { findDatasource } from '../schema/datasource.js';
import { discoverProject } from '../schema/discovery.js';
import { readSchemaFiles, type SchemaFile } from '../schema/files.js';
import { UsageError } from '../util/errors.js';
import type { EngineSelection } from '../prisma-version/select-engine.js';
import { explainByUpgradeRules } from '../verdict/upgrade-rules.js';
import { judgeWith, noticeInto, schemaRejected } from './judging-engine.js';
import { setActivity, TIME_LIMIT_FIX, timeLimitExpired } from '../lifecycle/time-limit.js';
import type { PreviewDatabase, PreviewResult } from '../verdict/preview-result.js';

export type { PreviewClosed, PreviewDatabase, PreviewResult, PreviewVerdict } from '../verdict/preview-result.js';

export interface PreviewOptions {
  cwd: string;
  schema?: string;
  names?: { schema: string };
  acceptDataLoss: boolean;
  /** What accepted data loss, for the report. */
  acceptedBy?: string;
  forceReset: boolean;
  database: PreviewDatabase;
  log?: (line: string) => void;
}

/** What `preview` needs from the preview database's provider: its engine, its reading of Prisma's script, read-only counts. */
export interface PreviewPorts {
  /** The preview database's family: PostgreSQL, a local SQLite file, or MySQL/MariaDB. */
  provider: PreviewProvider;
  openEngine(schema: SchemaFile[], selection?: EngineSelection): Promise<Engine>;
  /** The Prisma release the project pins and the engine that judges it (default: the bundled engine). */
  selectEngine?(input: { schema: string; provider: PreviewProvider }): Promise<EngineSelection>;
  /** The engine's verdict on the schema alone: used to fit a schema to a stand-in engine. */
  validateSchema?(schema: SchemaFile[], selection?: EngineSelection): Promise<EngineError | undefined>;
  /** Prisma's script, statement by statement, with what each changes (src/plan/plan-statements.ts). */
  planStatements(script: string): Promise<PlanStatement[]>;
  measure(measurements: Measurement[]): Promise<Measurements>;
}

export type PreviewProvider = DialectProvider;

/** A schema is pushed only to a database of its own provider (a SQLite file needs a sqlite datasource outright). */
function assertSameProvider(datasource: ReturnType<typeof findDatasource>, provider: PreviewProvider): void {
  const dialect = DIALECTS[provider];
  if (datasource ? datasource.provider === provider : !dialect.previewNeedsDatasource) return;
  const written = datasource ? `"${datasource.written}" (${datasource.file}:${datasource.line})` : '"no provider"';
  // Where a schema of another provider is previewed instead.
  const hint = datasource && datasource.provider !== provider ? (dialectOf(datasource.provider)?.previewHint ?? '') : '';
  throw new UsageError(
    `The database URL is ${dialect.databaseKind}, but the schema's datasource uses ${written}; preview pushes a schema to a database of its own provider (PostgreSQL, MySQL/MariaDB or SQLite).${hint}`,
  );
}

/**
 * `db push` with a data-loss plan: computes the SQL Prisma would run, Prisma's warnings and
 * unexecutable steps, and measured counts on the preview database; applies a safe plan, and a
 * destructive one only when data loss is accepted (or a reset asked for).
 */
export async function preview(options: PreviewOptions, ports: PreviewPorts): Promise<PreviewResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const location = discoverProject({ cwd: options.cwd, schema: options.schema, schemaName: options.names?.schema });
  const schemaFiles = await readSchemaFiles(location.schema, options.cwd);
  const datasource = findDatasource(schemaFiles);
  assertSameProvider(datasource, ports.provider);
  const result: PreviewResult = {
    command: 'preview',
    gate: 'pass',
    verdict: 'in-sync',
    dataLoss: false,
    applied: false,
    acceptedDataLoss: false,
    reset: false,
    executedSteps: 0,
    warnings: [],
    unexecutable: [],
    cleared: [],
    affected: [],
    sql: '',
    provider: datasource?.provider ?? ports.provider,
    schema: { files: schemaFiles.map((file) => file.path), source: location.source },
    database: options.database,
    engine: 'wasm',
    timings: { totalMs: 0 },
  };

  const { selection, files: engineSchema } = await judgeWith({
    ports,
    schemaPath: location.schema,
    provider: ports.provider,
    schemaFiles,
    result,
    log,
    command: 'preview',
    cwd: options.cwd,
  });

  setActivity(`pushing the schema to the preview database ${options.database.name}`);
  const engine = await ports.openEngine(engineSchema, selection);
  try {
    const planStart = Date.now();
    const diff = await engineStep(
      () => engine.diff({ kind: 'database', files: engineSchema }, { kind: 'schema', files: engineSchema }, 'script'),
      engineSchema,
      result.prisma,
    );
    result.timings.planMs = Date.now() - planStart;
    result.engine = engine.name;
    // An older Prisma's database pushed by a newer engine: what an upgrade rule explains is not the project's change.
    const upgrade = diff.changed && selection?.upgradeFrom ? explainByUpgradeRules(diff.text, selection.upgradeFrom) : undefined;
    if (upgrade && upgrade.notes.length > 0) {
      const rules = upgrade.notes.map((note) => `${note.rule}, Prisma ${note.introducedIn}`).join('; ');
      noticeInto(
        result,
        log,
      )(
        upgrade.rest
          ? `Part of this plan comes from Prisma upgrade rules (${rules}) that Prisma ${selection!.pin.version} would not apply: install the project's Prisma before this step for its own plan.`
          : `The database differs from the schema only where Prisma upgrade rules explain it (${rules}): in sync for Prisma ${selection!.pin.version}, nothing pushed.`,
      );
    }
    if (!diff.changed || (upgrade && upgrade.notes.length > 0 && !upgrade.rest)) {
      log(`The database ${options.database.name} is in sync with the schema.`);
      return finish(result, started);
    }
    result.sql = diff.text.trim();
    const measureStart = Date.now();
    const statements = await ports.planStatements(diff.text);

    const measurements = await ports.measure(measurementsForAll(statements.flatMap((statement) => statement.changes)));
    result.timings.measureMs = Date.now() - measureStart;

    const pushStart = Date.now();
    // Without force, Prisma executes a plan only when it has no warning and no unexecutable step.
    const first = await engineStep(() => engine.push(engineSchema, { force: false }), engineSchema, result.prisma);
    const plan = buildPlan({ sql: result.sql, statements, warnings: first.warnings, unexecutable: first.unexecutable, measurements });
    Object.assign(result, {
      warnings: plan.warnings,
      unexecutable: plan.unexecutable,
      affected: plan.affected,
      cleared: plan.cleared,
      dataLoss: losesData(plan),
    });
    if (first.warnings.length === 0 && first.unexecutable.length === 0) {
      log(`Applied ${first.executedSteps} step(s) to ${options.database.name}.`);
      return finish(Object.assign(result, { verdict: 'applied', applied: true, executedSteps: first.executedSteps }), started, pushStart);
    }

    const decision = decide(plan, { acceptDataLoss: options.acceptDataLoss, forceReset: options.forceReset });
    if (decision.action === 'block') {
      log(`Blocked: ${decision.reason}. Nothing was changed in ${options.database.name}.`);
      return finish(Object.assign(result, { verdict: 'blocked', blockedBy: decision.reason }), started, pushStart);
    }
    if (decision.action === 'reset-and-apply') {
      log(`force-reset: emptying ${options.database.name} before the push.`);
      await engineStep(() => engine.reset(), engineSchema, result.prisma);
      result.reset = true;
    }
    const second = await engineStep(() => engine.push(engineSchema, { force: true }), engineSchema, result.prisma);
    if (second.unexecutable.length > 0) {
      // The data changed between the two pushes; nothing ran.
      Object.assign(result, { unexecutable: second.unexecutable, verdict: 'blocked', blockedBy: 'unexecutable' });
      return finish(result, started, pushStart);
    }
    const accepted = decision.action === 'reset-and-apply' || decision.acceptedDataLoss;
    Object.assign(result, {
      verdict: 'applied',
      applied: true,
      executedSteps: second.executedSteps,
      acceptedDataLoss: accepted && result.dataLoss,
    });
    if (result.acceptedDataLoss) result.acceptedBy = options.acceptedBy;
    log(`Applied ${second.executedSteps} step(s) to ${options.database.name}${result.reset ? ' after a reset' : ''}.`);
    return finish(result, started, pushStart);
  } finally {
    await engine.close();
  }
}

function finish(result: PreviewResult, started: number, pushStart?: number): PreviewResult {
  if (pushStart !== undefined) result.timings.pushMs = Date.now() - pushStart;
  result.timings.totalMs = Date.now() - started;
  result.gate = result.verdict === 'blocked' ? 'fail' : 'pass';
  return result;
}

/** An engine error is "could not run": a schema Prisma rejects names the file, a failed statement the database error. */
async function engineStep<T>(call: () => Promise<T>, schema: SchemaFile[], prisma?: PreviewResult['prisma']): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code === 'P1012') throw schemaRejected(error, schema, prisma);
    throw new UsageError(`Prisma's schema engine failed on the preview database: ${error.message}`, sessionLimitFix(error.message));
  }
}

/** The session limits (`lock_timeout`, `statement_timeout`) end a statement with a message that names them: say what to do. */
function sessionLimitFix(message: string): string | undefined {
  if (timeLimitExpired()) return TIME_LIMIT_FIX;
  if (/lock timeout/i.test(message))
    return "Another session holds a lock on a table the push changes (a long transaction, a deploy): wait for it, or raise --lock-timeout / input 'lock-timeout' (default 10s).";
  if (/statement timeout/i.test(message))
    return "A statement of the push ran longer than --statement-timeout / input 'statement-timeout': raise it, or make the change in smaller steps.";
  return undefined;
}
