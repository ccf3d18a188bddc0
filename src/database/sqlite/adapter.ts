import {
  ColumnTypeEnum,
  DriverAdapterError,
  type ColumnType,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import type { Database, SqlValue } from 'sql.js';
import type { ScriptObserver } from '../../engine/script-observer.js';
import { loadSqlite } from './load.js';

const ADAPTER_NAME = 'prisma-schema-guard-sqljs';
/** SQLITE_ERROR: sql.js reports errors as messages only. */
const SQLITE_ERROR = 1;

function raise(error: unknown): never {
  const message = (error as Error)?.message ?? String(error);
  throw new DriverAdapterError({ kind: 'sqlite', extendedCode: SQLITE_ERROR, message });
}

/**
 * Column types without declared types (sql.js does not expose them): inferred from the first
 * non-NULL value, as `@prisma/adapter-better-sqlite3` does for expressions and pragmas; a column of
 * NULLs only is Int32, as quaint does.
 */
function columnTypes(rows: SqlValue[][], width: number): ColumnType[] {
  const types: ColumnType[] = [];
  for (let column = 0; column < width; column++) {
    const value = rows.find((row) => row[column] !== null && row[column] !== undefined)?.[column];
    if (typeof value === 'string') types.push(ColumnTypeEnum.Text);
    else if (typeof value === 'number') types.push(ColumnTypeEnum.UnknownNumber);
    else if (value instanceof Uint8Array) types.push(ColumnTypeEnum.Bytes);
    else types.push(ColumnTypeEnum.Int32);
  }
  return types;
}

function toSqlValue(arg: unknown): SqlValue {
  if (arg === null || arg === undefined) return null;
  if (typeof arg === 'boolean') return arg ? 1 : 0;
  if (typeof arg === 'bigint') return Number(arg);
  if (arg instanceof Date) return arg.toISOString().replace('Z', '+00:00');
  if (typeof arg === 'number' || typeof arg === 'string' || arg instanceof Uint8Array) return arg;
  return JSON.stringify(arg);
}

class SqlJsQueryable {
  readonly provider = 'sqlite' as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(
    protected readonly db: Database,
    protected readonly observer?: ScriptObserver,
  ) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    let statement;
    try {
      statement = this.db.prepare(query.sql);
    } catch (error) {
      raise(error);
    }
    try {
      statement.bind(query.args.map(toSqlValue));
      const rows: SqlValue[][] = [];
      while (statement.step()) rows.push(statement.get());
      const columnNames = statement.getColumnNames();
      return { columnNames, columnTypes: columnTypes(rows, columnNames.length), rows };
    } catch (error) {
      raise(error);
    } finally {
      statement.free();
    }
  }

  /**
   * The engine sends each whole migration here, with no arguments: argument-less SQL runs as a
   * script (statement by statement, as the SQLite CLI does). A statement that fails is reported
   * with its place in the script; the ones before it stay applied, as with Prisma's own connector.
   */
  async executeRaw(query: SqlQuery): Promise<number> {
    if (query.args.length > 0) {
      await this.queryRaw(query);
      return this.db.getRowsModified();
    }
    this.runScript(query.sql);
    return this.db.getRowsModified();
  }

  protected runScript(script: string): void {
    this.observer?.onScriptStart?.(script);
    const statements = this.db.iterateStatements(script);
    let start = 0;
    for (;;) {
      let next;
      try {
        start = script.length - statements.getRemainingSQL().length;
        next = statements.next();
      } catch (error) {
        this.report(script, start, error);
        raise(error);
      }
      if (next.done) return;
      const statement = next.value;
      try {
        while (statement.step()) {
          // Rows of a statement in a script are discarded, as the SQLite CLI would print and forget them.
        }
      } catch (error) {
        this.report(script, start, error);
        raise(error);
      } finally {
        statement.free();
      }
    }
  }

  private report(script: string, rawStart: number, error: unknown): void {
    if (!this.observer) return;
    const rest = script.slice(rawStart);
    const skipped = rest.length - rest.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '').length;
    const statementStart = rawStart + skipped;
    const end = script.indexOf(';', statementStart);
    const statement = script.slice(statementStart, end === -1 ? undefined : end).trim();
    this.observer.onScriptFailure({
      script,
      statementStart,
      statement,
      error: { code: 'SQLITE_ERROR', message: (error as Error)?.message ?? String(error) },
    });
  }
}

class SqlJsTransaction extends SqlJsQueryable implements Transaction {
  readonly options = { usePhantomQuery: false };
  async commit(): Promise<void> {
    this.db.exec('COMMIT');
  }
  async rollback(): Promise<void> {
    this.db.exec('ROLLBACK');
  }
}

export class SqlJsAdapter extends SqlJsQueryable implements SqlDriverAdapter {
  async executeScript(script: string): Promise<void> {
    this.runScript(script);
  }

  async startTransaction(): Promise<Transaction> {
    try {
      this.db.exec('BEGIN');
    } catch (error) {
      raise(error);
    }
    return new SqlJsTransaction(this.db, this.observer);
  }

  getConnectionInfo() {
    return { supportsRelationJoins: false };
  }

  /** The database belongs to the factory (main and shadow may be one in-memory database). */
  async dispose(): Promise<void> {}
}

/**
 * Hands the engine an in-memory SQLite database (sql.js) as both its main database and its shadow:
 * no server, no file. The check replays into the shadow and then reads the same database, as it does
 * on PostgreSQL. `dispose()` closes it.
 *
 * Given `main` (a SQLite file's bytes, for `drift`), the main database is an in-memory copy of those
 * bytes and the shadow a separate, empty in-memory database: nothing the engine does reaches the file.
 */
export class SqlJsAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName = ADAPTER_NAME;
  private db: Database | undefined;
  private shadow: Database | undefined;

  constructor(
    private readonly observer?: ScriptObserver,
    private readonly options: { main?: Uint8Array } = {},
  ) {}

  async connect(): Promise<SqlDriverAdapter> {
    return new SqlJsAdapter(await this.database(), this.observer);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (!this.options.main) return new SqlJsAdapter(await this.database(), this.observer);
    this.shadow ??= await openDatabase();
    return new SqlJsAdapter(this.shadow, this.observer);
  }

  /**
   * The main database's bytes now (for `preview`, which writes them back to the file); undefined
   * before the engine connected. sql.js reopens the database to export it: its pragmas are set again.
   */
  exportMain(): Uint8Array | undefined {
    if (!this.db) return undefined;
    const bytes = this.db.export();
    this.db.exec('PRAGMA foreign_keys = ON');
    return bytes;
  }

  async dispose(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    this.shadow?.close();
    this.shadow = undefined;
  }

  private async database(): Promise<Database> {
    this.db ??= await openDatabase(this.options.main);
    return this.db;
  }
}

/** An in-memory database, empty or a copy of a file's bytes (sql.js copies them: the caller's stay as they are). */
async function openDatabase(bytes?: Uint8Array): Promise<Database> {
  const SQL = await loadSqlite();
  const db = new SQL.Database(bytes);
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}
