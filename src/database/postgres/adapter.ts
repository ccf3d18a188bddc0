import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import { onTimeLimit, timeLimitExpired } from '../../lifecycle/time-limit.js';
import pg from 'pg';
import { splitPostgresStatements } from '../../sql/statements.js';
import { isPgServerError, toAdapterError, type PgServerError } from './driver-errors.js';
import { columnTypeOf, typeParserFor } from './column-types.js';
import { poolConfig } from './connection.js';
import type { ScriptObserver } from '../../engine/script-observer.js';
import { orUndefined } from '../../util/promises.js';

const ADAPTER_NAME = 'prisma-schema-guard-pg';

/** How long each statement may take when a cancelled script is run again to find its slow statement. */
const RELOCATE_TIMEOUT = '3s';

/** `active_sql_transaction`: the statement refuses to run inside a transaction block. */
const REFUSES_TRANSACTION = '25001';

function raise(error: unknown): never {
  const mapped = toAdapterError(error);
  if (mapped) throw new DriverAdapterError(mapped);
  throw error;
}

class PgQueryable {
  readonly provider = 'postgres' as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(protected readonly client: pg.Pool | pg.PoolClient) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    const result = await this.perform(query);
    return {
      columnNames: result.fields.map((field) => field.name),
      columnTypes: result.fields.map((field) => columnTypeOf(field.dataTypeID)),
      rows: result.rows as unknown[][],
    };
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    return (await this.perform(query)).rowCount ?? 0;
  }

  private async perform(query: SqlQuery): Promise<pg.QueryArrayResult> {
    try {
      return await this.client.query({
        text: query.sql,
        values: query.args.map(toPgValue),
        rowMode: 'array',
        types: { getTypeParser: typeParserFor as never },
      });
    } catch (error) {
      raise(error);
    }
  }
}

function toPgValue(arg: unknown): unknown {
  if (ArrayBuffer.isView(arg)) return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
  return arg;
}

class PgTransaction extends PgQueryable implements Transaction {
  readonly options = { usePhantomQuery: false };
  constructor(private readonly connection: pg.PoolClient) {
    super(connection);
  }
  async commit(): Promise<void> {
    this.connection.release();
  }
  async rollback(): Promise<void> {
    this.connection.release();
  }
}

/**
 * A migration-aware driver adapter over `pg`, owned by this project (see ENGINE-NOTES.md for the
 * three defects of `@prisma/adapter-pg` it avoids).
 */
export class PgAdapter extends PgQueryable implements SqlDriverAdapter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly observer?: ScriptObserver,
  ) {
    super(pool);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    let connection: pg.PoolClient;
    try {
      connection = await this.pool.connect();
    } catch (error) {
      raise(error);
    }
    try {
      await connection.query('BEGIN');
      if (isolationLevel) await connection.query(`SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`);
    } catch (error) {
      connection.release(error as Error);
      raise(error);
    }
    return new PgTransaction(connection);
  }

  /**
   * Runs a whole migration script. PostgreSQL runs a multi-statement simple query as one implicit
   * transaction, which is what Prisma does with a migration, and keeps `DO $$ ... $$` blocks and
   * function bodies whole (never split on `;`). A statement that refuses a transaction block
   * (`CREATE INDEX CONCURRENTLY` beside `SET lock_timeout`, accepted by Prisma 7.4+) makes the
   * server reject the script before any of it commits; it is then run statement by statement,
   * split by PostgreSQL's own parser.
   */
  async executeScript(script: string): Promise<void> {
    this.observer?.onScriptStart?.(script);
    try {
      await this.cancellable((client) => client.query(script));
      return;
    } catch (error) {
      if (!(isPgServerError(error) && error.code === REFUSES_TRANSACTION)) {
        if (this.observer && isPgServerError(error)) await this.reportWholeScriptFailure(script, error);
        raise(error);
      }
    }
    let statements;
    try {
      statements = await splitPostgresStatements(script);
    } catch (error) {
      this.report(script, 0, script, error);
      throw error;
    }
    for (const statement of statements) {
      try {
        await this.pool.query(statement.text);
      } catch (error) {
        this.report(script, statement.start, statement.text, error);
        raise(error);
      }
    }
  }

  /**
   * Runs on a connection of its own whose statement the run's time limit can cancel
   * (`pg_cancel_backend`, sent on another connection of the pool): a sleeping or lock-waiting
   * migration then fails with 57014, and the report names it.
   */
  private async cancellable<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      raise(error);
    }
    const pid = (client as unknown as { processID?: number }).processID;
    const stop = onTimeLimit(() => void orUndefined(this.pool.query('SELECT pg_cancel_backend($1)', [pid])));
    try {
      return await run(client);
    } finally {
      stop();
      client.release();
    }
  }

  /**
   * The script failed as one implicit transaction, so nothing of it remains. When the server gave no
   * position (e.g. a foreign key to a missing table), find the failing statement by running the
   * statements again inside a transaction that is always rolled back.
   */
  private async reportWholeScriptFailure(script: string, error: PgServerError): Promise<void> {
    if (error.position) {
      this.report(script, 0, script, error);
      return;
    }
    let failing: { start: number; text: string } | undefined;
    const connection = await orUndefined(this.pool.connect());
    if (connection) {
      try {
        await connection.query('BEGIN');
        // Cancelled by the time limit: the statement that is slow is the first that does not finish
        // within a few seconds now, and it must not get the whole time again.
        if (timeLimitExpired()) await connection.query(`SET LOCAL statement_timeout = '${RELOCATE_TIMEOUT}'`);
        for (const statement of await splitPostgresStatements(script)) {
          try {
            await connection.query(statement.text);
          } catch {
            failing = statement;
            break;
          }
        }
      } catch {
        // The script does not parse or the connection broke: report the error without a statement.
      } finally {
        await orUndefined(connection.query('ROLLBACK'));
        connection.release();
      }
    }
    this.report(script, failing?.start ?? 0, failing?.text ?? script, error);
  }

  private report(script: string, statementStart: number, statement: string, error: unknown): void {
    if (!this.observer) return;
    if (!isPgServerError(error)) {
      // Not the server's error (the parser, a broken connection): still name the statement.
      this.observer.onScriptFailure({
        script,
        statementStart,
        statement,
        error: { code: '', message: (error as Error)?.message ?? String(error) },
      });
      return;
    }
    // The server's `position` is 1-based, in characters of the query that was sent.
    const position = error.position ? Number(error.position) : undefined;
    const errorOffset = position ? statementStart + position - 1 : undefined;
    this.observer.onScriptFailure({ script, statementStart, statement, errorOffset, error });
  }

  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Hands the engine one database for its main connection and one for its shadow. Creating and
 * dropping them is the shadow lifecycle's job, never the engine's, so a failing migration cannot
 * leak one and the main database is never touched by a "shadow" hook. The shadow may still be being
 * created when the engine starts: its URL is then a promise, awaited when the engine first asks
 * for the shadow (a creation that failed fails that request).
 */
export class PgAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = ADAPTER_NAME;
  private readonly pools = new Set<pg.Pool>();

  constructor(
    private readonly urls: { main: string; shadow: string | Promise<string> },
    private readonly observer?: ScriptObserver,
  ) {}

  async connect(): Promise<SqlDriverAdapter> {
    return new PgAdapter(this.pool(this.urls.main), this.observer);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return new PgAdapter(this.pool(await this.urls.shadow), this.observer);
  }

  /** Ends every pool this factory opened (the engine does not always dispose its adapters). */
  async dispose(): Promise<void> {
    const pools = [...this.pools];
    this.pools.clear();
    await Promise.all(pools.map((pool) => orUndefined(pool.end())));
  }

  private pool(url: string): pg.Pool {
    const pool = new pg.Pool(poolConfig(url));
    // An idle connection closed by the server (a shadow dropped WITH (FORCE)) must not crash the process.
    pool.on('error', () => undefined);
    this.pools.add(pool);
    const end = pool.end.bind(pool);
    pool.end = (async () => {
      this.pools.delete(pool);
      if (!pool.ended) await end();
    }) as typeof pool.end;
    return pool;
  }
}
