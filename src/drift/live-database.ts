/**
 * The live database port: a database a user hands over for reading only (staging, production).
 * Implementations read Prisma's `_prisma_migrations` table with their own SELECT and never write:
 * PostgreSQL now (`src/database/postgres/live-database.ts`), MySQL later behind the same shape.
 */

/** One row of `_prisma_migrations`, as Prisma writes it (timestamps as ISO strings). */
export interface MigrationRow {
  id: string;
  /** SHA-256 of the migration script when it was applied (hex). */
  checksum: string;
  migrationName: string;
  startedAt: string | null;
  /** Null while the migration runs, and after it failed. */
  finishedAt: string | null;
  /** Set by `prisma migrate resolve --rolled-back`: the row no longer counts. */
  rolledBackAt: string | null;
  /** Prisma's log of a failed migration (the database error). */
  logs: string | null;
  appliedStepsCount: number;
}

/**
 * A `_prisma_migrations` row as a driver returns it → `MigrationRow`. Only how a timestamp is stored
 * differs between databases, so the caller says how to read one.
 */
export function migrationRowOf(row: Record<string, unknown>, timestamp: (value: unknown) => string | null): MigrationRow {
  return {
    id: String(row.id),
    checksum: String(row.checksum),
    migrationName: String(row.migration_name),
    startedAt: timestamp(row.started_at),
    finishedAt: timestamp(row.finished_at),
    rolledBackAt: timestamp(row.rolled_back_at),
    logs: row.logs === null || row.logs === undefined ? null : String(row.logs),
    appliedStepsCount: Number(row.applied_steps_count ?? 0),
  };
}

export type MigrationsTable =
  | { exists: true; rows: MigrationRow[] }
  /** No `_prisma_migrations`: `tables` lists what the schema holds (empty: a fresh database). */
  | { exists: false; tables: string[] };

export interface LiveDatabase {
  readonly provider: 'postgresql' | 'mysql' | 'sqlite';
  /** `host:port/database`, for reports (never a password). */
  readonly description: string;
  /** Reads `_prisma_migrations`; throws a UsageError naming the privilege or server problem. */
  readMigrationsTable(): Promise<MigrationsTable>;
}
