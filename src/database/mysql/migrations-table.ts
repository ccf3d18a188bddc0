import { connectMysql, quoteIdentifier, serverInfo, storedTableName } from './connection.js';

/** One row of Prisma's `_prisma_migrations` table. */
export interface AppliedMigration {
  id: string;
  name: string;
  checksum: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  /** Prisma's log of a failed attempt (null when it applied). */
  logs: string | null;
  appliedStepsCount: number;
}

/**
 * Reads `_prisma_migrations` (read-only, in a read-only transaction); null when the database has
 * no such table (Prisma Migrate never ran there: a `db push` database or an empty one).
 */
export async function readAppliedMigrations(url: string, what = 'Input \'database-url\''): Promise<AppliedMigration[] | null> {
  const connection = await connectMysql(url, what, { dateStrings: false });
  try {
    const info = await serverInfo(connection);
    const table = storedTableName('_prisma_migrations', info);
    const [exists] = await connection.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [table]);
    if ((exists as unknown[]).length === 0) return null;
    await connection.query('START TRANSACTION READ ONLY');
    try {
      const [rows] = await connection.query(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM ${quoteIdentifier(table)} ORDER BY started_at, migration_name`,
      );
      return (rows as Record<string, unknown>[]).map((row) => ({
        id: String(row.id),
        name: String(row.migration_name),
        checksum: String(row.checksum),
        startedAt: row.started_at as Date,
        finishedAt: (row.finished_at as Date | null) ?? null,
        rolledBackAt: (row.rolled_back_at as Date | null) ?? null,
        logs: (row.logs as string | null) ?? null,
        appliedStepsCount: Number(row.applied_steps_count),
      }));
    } finally {
      await connection.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    await connection.end().catch(() => undefined);
  }
}
