import { migrationRowOf, type LiveDatabase, type MigrationsTable } from '../../drift/live-database.js';
import { UsageError } from '../../util/errors.js';
import { redactUrls } from '../../util/redact.js';
import { connectOrExplain, missingPrivilegeError } from './connection-error.js';
import type { SessionLimits } from '../../lifecycle/time-limit.js';
import { parsePostgresUrl, poolConfig, readOnlySessionUrl, withSessionLimits } from './connection.js';
import { isPgServerError } from './driver-errors.js';
import { orUndefined } from '../../util/promises.js';

const MIGRATIONS_TABLE = '_prisma_migrations';

/**
 * A live PostgreSQL database (staging, production), opened for reading only. Every session this
 * tool opens on it, its own and the schema engine's, runs with `default_transaction_read_only=on`,
 * so a write would fail on the server even if the role could write. The `_prisma_migrations` table
 * is read by this module's own SELECT.
 */
export class PostgresLiveDatabase implements LiveDatabase {
  readonly provider = 'postgresql' as const;
  readonly description: string;
  /** The URL the schema engine connects with: the same database, every transaction read-only. */
  readonly engineUrl: string;
  private readonly schemaName: string;

  constructor(
    private readonly url: string,
    /** How the URL is named in errors: `--database-url`, `Input 'database-url'`. */
    private readonly inputName = "Input 'database-url'",
    limits?: SessionLimits,
  ) {
    const parsed = parsePostgresUrl(url);
    if (!parsed) {
      throw new UsageError(
        `${inputName}: expected a PostgreSQL URL like postgresql://user:password@host:5432/database, got ${redactUrls(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`,
        'Pass the URL of the database to compare (a secret: it is masked in every output).',
      );
    }
    this.schemaName = parsed.searchParams.get('schema') || 'public';
    if (this.schemaName !== 'public') {
      throw new UsageError(
        `${inputName}: schema=${this.schemaName}: drift compares the "public" schema only in this version.`,
        'Remove the schema parameter, or compare a database whose Prisma tables live in "public".',
      );
    }
    const database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres';
    this.description = `${parsed.hostname}:${parsed.port || '5432'}/${database}`;
    this.engineUrl = withSessionLimits(readOnlySessionUrl(url), limits);
  }

  async readMigrationsTable(): Promise<MigrationsTable> {
    const client = await connectOrExplain(poolConfig(this.engineUrl), this.url, this.inputName);
    try {
      const [namespace] = (
        await client.query<{ exists: boolean; usage: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists,
                CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) THEN has_schema_privilege($1, 'USAGE') ELSE false END AS usage`,
          [this.schemaName],
        )
      ).rows;
      if (!namespace?.exists) return { exists: false, tables: [] };
      if (!namespace.usage) {
        throw this.privilege(
          'USAGE',
          `schema "${this.schemaName}"`,
          `GRANT USAGE ON SCHEMA "${this.schemaName}" TO <role>;`,
          'without it no table of the schema can be seen',
        );
      }
      // information_schema (which the engine reads columns from) hides columns of tables the role has
      // no privilege on: such tables would look empty and be reported as drift.
      const tables = (
        await client.query<{ name: string; readable: boolean }>(
          `SELECT c.relname AS name, has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES') AS readable
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
          ORDER BY c.relname`,
          [this.schemaName],
        )
      ).rows;
      const unreadable = tables.filter((table) => !table.readable).map((table) => table.name);
      const hasTable = tables.some((table) => table.name === MIGRATIONS_TABLE);
      if (unreadable.includes(MIGRATIONS_TABLE)) {
        throw this.privilege(
          'SELECT',
          `table "${this.schemaName}"."${MIGRATIONS_TABLE}"`,
          `GRANT SELECT ON "${this.schemaName}"."${MIGRATIONS_TABLE}" TO <role>;`,
          'it holds the applied migrations',
        );
      }
      if (unreadable.length > 0) {
        const names =
          unreadable
            .slice(0, 5)
            .map((name) => `"${name}"`)
            .join(', ') + (unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : '');
        throw this.privilege(
          'SELECT',
          `table${unreadable.length === 1 ? '' : 's'} ${names}`,
          `GRANT SELECT ON ALL TABLES IN SCHEMA "${this.schemaName}" TO <role>;`,
          'without it their columns are invisible and the comparison would be wrong',
        );
      }
      if (!hasTable) return { exists: false, tables: tables.map((table) => table.name) };
      const rows = (
        await client.query<RawRow>(
          `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count
           FROM "${this.schemaName}"."${MIGRATIONS_TABLE}"
          ORDER BY started_at, migration_name`,
        )
      ).rows;
      return { exists: true, rows: rows.map((row) => migrationRowOf({ ...row }, timestamp)) };
    } catch (error) {
      if (isPgServerError(error) && error.code === '42501') {
        throw this.privilege(
          'SELECT',
          `table "${this.schemaName}"."${MIGRATIONS_TABLE}"`,
          `GRANT SELECT ON "${this.schemaName}"."${MIGRATIONS_TABLE}" TO <role>;`,
          error.message,
        );
      }
      if (isPgServerError(error) && error.code === '42703') {
        throw new UsageError(
          `${this.inputName}: "${this.schemaName}"."${MIGRATIONS_TABLE}" does not have the columns Prisma Migrate writes (${error.message}).`,
          "Is this table really Prisma's? Compare it with a database deployed by `prisma migrate deploy`.",
        );
      }
      throw error;
    } finally {
      await orUndefined(client.end());
    }
  }

  private privilege(privilege: string, on: string, grant: string, why: string): UsageError {
    return missingPrivilegeError({ inputName: this.inputName, url: this.url, privilege, on, grant, why });
  }
}

interface RawRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
  applied_steps_count: number | string | null;
}

function timestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}
