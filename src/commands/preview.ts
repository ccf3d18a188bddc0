import type { Engine } from '../engine/engine.js';
import { EngineError } from '../engine/engine.js';
import { changesOf, type PlanStatement } from '../plan/changes.js';
import { mysqlChangesOf, mysqlRestatedColumns, type CurrentColumns, type RestatedColumn } from '../plan/mysql-changes.js';
import { measurementsForAll, type Measurement, type Measurements } from '../plan/measurements.js';
import { buildPlan, decide, losesData } from '../plan/plan.js';
import { findDatasource } from '../schema/datasource.js';
import { discoverProject } from '../schema/discovery.js';
import { readSchemaFiles, type SchemaFile } from '../schema/files.js';
import { normaliseSchema } from '../schema/normalise.js';
import { splitMysqlStatements } from '../sql/mysql-statements.js';
import { splitSqliteStatements } from '../database/sqlite/statements.js';
import { splitPostgresStatements } from '../sql/statements.js';
import { UsageError } from '../util/errors.js';
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

/** What `preview` needs: an engine whose own database is the preview database, and read-only counts on it. */
export interface PreviewPorts {
  /** The preview database's family (default: PostgreSQL; `sqlite`: a local file; `mysql`: MySQL or MariaDB). */
  provider?: 'postgresql' | 'sqlite' | 'mysql';
  openEngine(schema: SchemaFile[]): Promise<Engine>;
  measure(measurements: Measurement[]): Promise<Measurements>;
  /**
   * MySQL: the columns that `MODIFY` clauses restate, as they are now. `MODIFY` restates type,
   * nullability and default together, so what it changes is only known against the current column.
   */
  currentColumns?(columns: RestatedColumn[]): Promise<CurrentColumns>;
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
  const { files: engineSchema } = normaliseSchema(schemaFiles);
  const datasource = findDatasource(schemaFiles);
  if (ports.provider === 'sqlite' && datasource?.provider !== 'sqlite') {
    throw new UsageError(`The database URL is a SQLite file, but the schema's datasource uses "${datasource?.written ?? 'no provider'}"${datasource ? ` (${datasource.file}:${datasource.line})` : ''}; preview pushes a schema to a database of its own provider.`);
  }
  if (ports.provider === 'mysql' && datasource && datasource.provider !== 'mysql') {
    throw new UsageError(`The database URL is a MySQL/MariaDB database, but the schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}); preview pushes a schema to a database of its own provider.`);
  }
  if (ports.provider !== 'sqlite' && ports.provider !== 'mysql' && datasource && datasource.provider !== 'postgresql') {
    const hint = datasource.provider === 'mysql' ? ' A MySQL schema is previewed on a MySQL/MariaDB database: pass its mysql:// URL.' : '';
    throw new UsageError(`The schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}), but the database URL is a PostgreSQL one; preview supports PostgreSQL, MySQL/MariaDB and SQLite schemas, each on a database of its own provider.${hint}`);
  }
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
    provider: datasource?.provider ?? ports.provider ?? 'postgresql',
    schema: { files: schemaFiles.map((file) => file.path), source: location.source },
    database: options.database,
    engine: 'wasm',
    timings: { totalMs: 0 },
  };

  const engine = await ports.openEngine(engineSchema);
  try {
    const planStart = Date.now();
    const diff = await engineStep(() => engine.diff({ kind: 'database', files: engineSchema }, { kind: 'schema', files: engineSchema }, 'script'), engineSchema);
    result.timings.planMs = Date.now() - planStart;
    result.engine = engine.name;
    if (!diff.changed) {
      log(`The database ${options.database.name} is in sync with the schema.`);
      return finish(result, started);
    }
    result.sql = diff.text.trim();
    const measureStart = Date.now();
    // SQLite changes most columns by redefining the table (CREATE "new_X", copy, DROP "X", rename): read
    // statement by statement that would look like a dropped table, so its plan rests on Prisma's warnings.
    const statements: PlanStatement[] =
      ports.provider === 'sqlite'
        ? splitSqliteStatements(diff.text).map((statement) => ({ sql: statement.text, changes: [] }))
        : ports.provider === 'mysql'
          ? await mysqlPlanStatements(diff.text, ports)
          : (await splitPostgresStatements(diff.text)).map((statement) => ({ sql: statement.text, changes: changesOf(statement.text) }));

    const measurements = await ports.measure(measurementsForAll(statements.flatMap((statement) => statement.changes)));
    result.timings.measureMs = Date.now() - measureStart;

    const pushStart = Date.now();
    // Without force, Prisma executes a plan only when it has no warning and no unexecutable step.
    const first = await engineStep(() => engine.push(engineSchema, { force: false }), engineSchema);
    const plan = buildPlan({ sql: result.sql, statements, warnings: first.warnings, unexecutable: first.unexecutable, measurements });
    Object.assign(result, { warnings: plan.warnings, unexecutable: plan.unexecutable, affected: plan.affected, cleared: plan.cleared, dataLoss: losesData(plan) });
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
      await engineStep(() => engine.reset(), engineSchema);
      result.reset = true;
    }
    const second = await engineStep(() => engine.push(engineSchema, { force: true }), engineSchema);
    if (second.unexecutable.length > 0) {
      // The data changed between the two pushes; nothing ran.
      Object.assign(result, { unexecutable: second.unexecutable, verdict: 'blocked', blockedBy: 'unexecutable' });
      return finish(result, started, pushStart);
    }
    const accepted = decision.action === 'reset-and-apply' || decision.acceptedDataLoss;
    Object.assign(result, { verdict: 'applied', applied: true, executedSteps: second.executedSteps, acceptedDataLoss: accepted && result.dataLoss });
    if (result.acceptedDataLoss) result.acceptedBy = options.acceptedBy;
    log(`Applied ${second.executedSteps} step(s) to ${options.database.name}${result.reset ? ' after a reset' : ''}.`);
    return finish(result, started, pushStart);
  } finally {
    await engine.close();
  }
}

/** Prisma's MySQL script, statement by statement, with the current state of the columns its `MODIFY` clauses restate. */
async function mysqlPlanStatements(script: string, ports: PreviewPorts): Promise<PlanStatement[]> {
  const statements = splitMysqlStatements(script);
  const restated = statements.flatMap((statement) => mysqlRestatedColumns(statement.text));
  const current = restated.length > 0 && ports.currentColumns ? await ports.currentColumns(restated) : undefined;
  return statements.map((statement) => ({ sql: statement.text, changes: mysqlChangesOf(statement.text, current) }));
}

function finish(result: PreviewResult, started: number, pushStart?: number): PreviewResult {
  if (pushStart !== undefined) result.timings.pushMs = Date.now() - pushStart;
  result.timings.totalMs = Date.now() - started;
  result.gate = result.verdict === 'blocked' ? 'fail' : 'pass';
  return result;
}

/** An engine error is "could not run": a schema Prisma rejects names the file, a failed statement the database error. */
async function engineStep<T>(call: () => Promise<T>, schema: SchemaFile[]): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    if (error.code === 'P1012') throw new UsageError(`Prisma rejects the schema (${schema.map((file) => file.path).join(', ')}):\n${error.message}`, 'Fix the schema (`npx prisma validate` shows the same diagnostic).');
    throw new UsageError(`Prisma's schema engine failed on the preview database: ${error.message}`, sessionLimitFix(error.message));
  }
}

/** The session limits (`lock_timeout`, `statement_timeout`) end a statement with a message that names them: say what to do. */
function sessionLimitFix(message: string): string | undefined {
  if (/lock timeout/i.test(message)) return "Another session holds a lock on a table the push changes (a long transaction, a deploy): wait for it, or raise --lock-timeout / input 'lock-timeout' (default 10s).";
  if (/statement timeout/i.test(message)) return "A statement of the push ran longer than --statement-timeout / input 'statement-timeout': raise it, or make the change in smaller steps.";
  return undefined;
}
