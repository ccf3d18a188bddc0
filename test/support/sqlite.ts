/**
 * SQLite files for tests, built as `prisma migrate deploy` leaves them: the migrations applied with
 * sql.js, one `_prisma_migrations` row each (Prisma's own DDL; DATETIME values in milliseconds).
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSqlite } from '../../src/database/sqlite/load.js';
import { readMigrationHistory } from '../../src/migrations/history.js';

/** Prisma's own DDL for the table on SQLite (its DATETIME values are milliseconds since the epoch). */
export const SQLITE_PRISMA_MIGRATIONS_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Deploys the project's migrations into `file`, then runs `extra` SQL (the test's own hand). */
export async function deploySqlite(project: string, file: string, extra = ''): Promise<void> {
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  try {
    const history = await readMigrationHistory(join(project, 'prisma', 'migrations'));
    db.exec(SQLITE_PRISMA_MIGRATIONS_DDL);
    for (const migration of history.migrations) {
      const startedAt = Date.now();
      db.exec(migration.sql);
      db.run(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        [randomUUID(), migration.checksum, Date.now(), migration.name, startedAt],
      );
    }
    if (extra) db.exec(extra);
    await writeFile(file, db.export());
  } finally {
    db.close();
  }
}

/** The file's bytes and modification time: what a write, even of the same bytes, would change. */
export async function fingerprint(file: string) {
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  return { bytes: bytes.toString('base64'), mtimeMs: info.mtimeMs, size: info.size };
}

/** Runs a query on a copy of the file's bytes (the file itself is only read). */
export async function querySqlite(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const SQL = await loadSqlite();
  const db = new SQL.Database(await readFile(file));
  try {
    const [result] = db.exec(sql);
    if (!result) return [];
    return result.values.map((values) => Object.fromEntries(result.columns.map((column, i) => [column, values[i]])));
  } finally {
    db.close();
  }
}
