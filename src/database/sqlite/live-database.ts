import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { migrationRowOf, type LiveDatabase, type MigrationsTable } from '../../drift/live-database.js';
import { UsageError } from '../../util/errors.js';
import { sqliteFilePath } from './location.js';
import { orUndefined } from '../../util/promises.js';

const MIGRATIONS_TABLE = '_prisma_migrations';
/** The first 16 bytes of every SQLite 3 database file. */
const HEADER = 'SQLite format 3\0';

/**
 * A live SQLite database: a local file, read once into memory and never written. The migrations
 * table is read with this module's own SELECT on an in-memory copy (sql.js), and the schema engine
 * gets its own copy of the same bytes (`bytes()`), so nothing this tool does can reach the file.
 */
export class SqliteLiveDatabase implements LiveDatabase {
  readonly provider = 'sqlite' as const;
  /** The file, relative to the working directory when inside it. */
  readonly description: string;
  readonly path: string;
  private snapshot: Promise<Uint8Array> | undefined;

  constructor(
    url: string,
    /** How the URL is named in errors: `--database-url`, `Input 'database-url'`. */
    private readonly inputName: string,
    private readonly cwd: string,
  ) {
    this.path = sqliteFilePath(url, inputName, cwd);
    const shown = relative(cwd, this.path);
    this.description = shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : this.path;
  }

  /** The file's bytes, read once: the table and the engine see the same moment of the database. */
  bytes(): Promise<Uint8Array> {
    this.snapshot ??= this.read();
    return this.snapshot;
  }

  async readMigrationsTable(): Promise<MigrationsTable> {
    const { loadSqlite } = await import('./load.js');
    const SQL = await loadSqlite();
    const db = new SQL.Database(await this.bytes());
    try {
      const tables = rowsOf(
        db.exec(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`),
      ).map((row) => String(row.name));
      if (!tables.includes(MIGRATIONS_TABLE)) return { exists: false, tables };
      let raw;
      try {
        raw = rowsOf(
          db.exec(
            `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count FROM "${MIGRATIONS_TABLE}" ORDER BY started_at, migration_name`,
          ),
        );
      } catch (error) {
        throw new UsageError(
          `${this.inputName}: ${this.description}: "${MIGRATIONS_TABLE}" does not have the columns Prisma Migrate writes (${(error as Error).message}).`,
          "Is this table really Prisma's? Compare it with a database deployed by `prisma migrate deploy`.",
        );
      }
      return { exists: true, rows: raw.map((row) => migrationRowOf(row, timestamp)) };
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `${this.inputName}: ${this.description} could not be read as a SQLite database: ${(error as Error).message}.`,
        'Pass the path of the SQLite file the application uses.',
      );
    } finally {
      db.close();
    }
  }

  private async read(): Promise<Uint8Array> {
    const where = `relative paths are taken from the working directory, ${this.cwd}`;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw new UsageError(
          `${this.inputName}: there is no SQLite file at ${this.path}.`,
          `Check the path (${where}), e.g. \`file:./prisma/dev.db\`.`,
        );
      if (code === 'EISDIR')
        throw new UsageError(
          `${this.inputName}: ${this.path} is a folder, not a SQLite file.`,
          'Pass the path of the database file itself, e.g. `file:./prisma/dev.db`.',
        );
      throw new UsageError(
        `${this.inputName}: ${this.path} could not be read: ${(error as Error).message}.`,
        'Check that the file is readable by this process.',
      );
    }
    if (bytes.length > 0 && bytes.subarray(0, HEADER.length).toString('latin1') !== HEADER) {
      throw new UsageError(
        `${this.inputName}: ${this.path} is not a SQLite database (its first bytes are not "SQLite format 3").`,
        'Pass the path of the SQLite file the application uses.',
      );
    }
    // Changes still in the write-ahead log are not in the file yet: comparing without them would be wrong.
    const wal = await orUndefined(stat(`${this.path}-wal`));
    if (wal && wal.size > 0) {
      throw new UsageError(
        `${this.inputName}: ${this.path} has a write-ahead log (${this.path}-wal) whose changes may not be in the file yet; this tool reads the file alone and never writes to it.`,
        `Stop the application, or checkpoint the log into the file first: sqlite3 ${this.path} "PRAGMA wal_checkpoint(TRUNCATE)".`,
      );
    }
    // A file in WAL mode (header bytes 18-19 = 2) opens in memory as a rollback-journal database; the
    // change is made to this process's copy only.
    if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) {
      bytes[18] = 1;
      bytes[19] = 1;
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

type Row = Record<string, unknown>;

function rowsOf(results: { columns: string[]; values: unknown[][] }[]): Row[] {
  const [result] = results;
  if (!result) return [];
  return result.values.map((values) => Object.fromEntries(result.columns.map((column, i) => [column, values[i]])));
}

/**
 * Prisma's SQLite connector stores DATETIME columns as milliseconds since the epoch; the column's
 * default (`current_timestamp`) is UTC text `YYYY-MM-DD HH:MM:SS`. Both become ISO strings.
 */
export function timestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value)).toISOString();
  const text = String(value);
  if (/^\d+$/.test(text)) return new Date(Number(text)).toISOString();
  const utc = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
