import { migrationRowOf, type LiveDatabase, type MigrationsTable } from '../../drift/live-database.js';
import { UsageError } from '../../util/errors.js';
import { redactUrls } from '../../util/redact.js';
import type { SessionLimits } from '../../lifecycle/time-limit.js';
import { applyMysqlSessionLimits, connectMysql, databaseOf, parseMysqlUrl, serverInfo, storedTableName } from './connection.js';
import { isMysqlServerError } from './errors.js';
import { quoteMysqlIdent } from '../../sql/quote.js';
import { orUndefined } from '../../util/promises.js';

const MIGRATIONS_TABLE = '_prisma_migrations';

/**
 * A live MySQL or MariaDB database (staging, production), opened for reading only: this module's
 * session is `READ ONLY` (`SET SESSION TRANSACTION READ ONLY` and a read-only transaction that is
 * rolled back), so the server rejects a write even if the user could write. The schema itself is
 * read by Prisma's engine (`migrate diff --from-url` / `--from-config-datasource`), which only
 * introspects; a user with SELECT alone is enough for both, and is what drift should be given.
 */
export class MysqlLiveDatabase implements LiveDatabase {
  readonly provider = 'mysql' as const;
  readonly description: string;

  constructor(
    readonly url: string,
    /** How the URL is named in errors: `--database-url`, `Input 'database-url'`. */
    private readonly inputName = "Input 'database-url'",
    private readonly limits?: SessionLimits,
  ) {
    const parsed = parseMysqlUrl(url);
    if (!parsed || !databaseOf(url)) {
      throw new UsageError(
        `${inputName}: expected the URL of a MySQL database like mysql://user:password@host:3306/database, got ${redactUrls(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`,
        'Name the database in the URL path: drift compares that one database with the migrations.',
      );
    }
    this.description = `${parsed.hostname}:${parsed.port || '3306'}/${databaseOf(url)}`;
  }

  async readMigrationsTable(): Promise<MigrationsTable> {
    const connection = await connectMysql(this.url, this.inputName, { dateStrings: true });
    try {
      await applyMysqlSessionLimits(connection, this.limits);
      await connection.query('SET SESSION TRANSACTION READ ONLY');
      await connection.query('START TRANSACTION READ ONLY');
      const info = await serverInfo(connection);
      const [tableRows] = await connection.query(
        "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
      );
      const tables = (tableRows as { name: string }[]).map((row) => row.name);
      const stored = storedTableName(MIGRATIONS_TABLE, info);
      // information_schema lists only what the user may see: a table without SELECT is simply absent.
      if (!tables.some((name) => name === stored || (info.lowerCaseTableNames !== 0 && name.toLowerCase() === stored.toLowerCase())))
        return { exists: false, tables };
      const [rows] = await connection.query(
        `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count FROM ${quoteMysqlIdent(stored)} ORDER BY started_at, migration_name`,
      );
      return { exists: true, rows: (rows as Record<string, unknown>[]).map((row) => migrationRowOf(row, utcTimestamp)) };
    } catch (error) {
      if (isMysqlServerError(error) && (error.errno === 1142 || error.errno === 1143)) {
        throw new UsageError(
          `${this.inputName}: the user "${decodeURIComponent(parseMysqlUrl(this.url)?.username ?? '')}" may not read \`${MIGRATIONS_TABLE}\` on ${this.description} (${error.sqlMessage}).`,
          `Grant it SELECT: GRANT SELECT ON \`${databaseOf(this.url)}\`.* TO <user>; (drift needs nothing more, and should get nothing more).`,
        );
      }
      if (isMysqlServerError(error) && error.errno === 1054) {
        throw new UsageError(
          `${this.inputName}: \`${MIGRATIONS_TABLE}\` does not have the columns Prisma Migrate writes (${error.sqlMessage}).`,
          "Is this table really Prisma's? Compare it with a database deployed by `prisma migrate deploy`.",
        );
      }
      throw error;
    } finally {
      await orUndefined(connection.query('ROLLBACK'));
      await orUndefined(connection.end());
    }
  }
}

/** Prisma's MySQL connector writes `DATETIME(3)` in UTC; read as a string (`dateStrings`), it becomes ISO 8601. */
function utcTimestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(text);
  if (!match) return text;
  const fraction = (match[3] ?? '.000').padEnd(4, '0').slice(0, 4);
  return `${match[1]}T${match[2]}${fraction}Z`;
}
