/**
 * The replay floor of each database: its own client applying the history's `migration.sql` files,
 * concatenated, into a fresh database in one session. The database's creation and drop are not
 * timed (the check's are: that is its overhead). For PostgreSQL this is run.ts's floor.
 *
 * - PostgreSQL: `psql -X -q -v ON_ERROR_STOP=1 -f all.sql` (statement by statement, autocommit).
 * - MySQL/MariaDB: `mariadb` (else `mysql`) reading all.sql on its standard input, batch mode,
 *   which stops at the first error.
 * - SQLite: `sqlite3 -bail :memory:` reading all.sql (in memory, as the check's shadow); without
 *   `sqlite3`, sql.js applying it in this process (no process start: a lower floor, and said so).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSqlite } from '../src/database/sqlite/load.js';
import { withDatabaseOn } from './databases.js';
import type { Project } from './generate.js';
import { available, timed } from './measure.js';
import { clientConnection, withMysqlDatabaseOn } from './mysql-databases.js';

export interface Floor {
  /** What applies the SQL, e.g. `psql`, `mariadb`, `sqlite3 (in memory)`. */
  tool: string;
  /** The client's `--version`, for the report. */
  version: string;
  /** Applies the project's SQL once; wall time in ms. Throws when the SQL fails. */
  run(project: Project): Promise<number>;
}

/** The history's SQL in one file (written once beside the project). */
export function concatenated(project: Project): string {
  const all = join(project.root, 'all-migrations.sql');
  if (!existsSync(all)) writeFileSync(all, project.sqlFiles.map((file) => readFileSync(file, 'utf8')).join('\n'));
  return all;
}

export function postgresFloor(serverUrl: string): Floor | string {
  const version = available('psql');
  if (!version) return 'psql not found on PATH (install the PostgreSQL client)';
  return {
    tool: 'psql',
    version,
    run: (project) =>
      withDatabaseOn(serverUrl, 'floor', async (url) => {
        const all = concatenated(project);
        const run = await timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', all], {
          env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
        });
        if (run.code !== 0) throw new Error(`psql failed to apply ${all} (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
        return run.wallMs;
      }),
  };
}

export function mysqlFloor(serverUrl: string): Floor | string {
  const client = ['mariadb', 'mysql'].find((name) => available(name));
  if (!client) return 'neither the mariadb nor the mysql client is on PATH';
  return {
    tool: client,
    version: available(client)!,
    run: (project) =>
      withMysqlDatabaseOn(serverUrl, 'floor', async (url) => {
        const all = concatenated(project);
        const connection = clientConnection(url);
        const run = await timed(client, ['--batch', '--silent', ...connection.args], {
          env: { ...process.env, ...connection.env },
          input: all,
        });
        if (run.code !== 0) throw new Error(`${client} failed to apply ${all} (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
        return run.wallMs;
      }),
  };
}

export function sqliteFloor(): Floor {
  const version = available('sqlite3');
  if (version) {
    return {
      tool: 'sqlite3 (in memory)',
      version: `sqlite3 ${version.split(' ')[0]}`,
      run: async (project) => {
        const all = concatenated(project);
        const run = await timed('sqlite3', ['-bail', ':memory:'], { input: all });
        if (run.code !== 0 || run.stderr.trim())
          throw new Error(`sqlite3 failed to apply ${all} (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
        return run.wallMs;
      },
    };
  }
  return { tool: 'sql.js in process', version: 'sql.js (sqlite3 not on PATH)', run: sqlJsApply };
}

/** sql.js (the check's own SQLite) applying the SQL to a fresh in-memory database in this process. */
export async function sqlJsApply(project: Project): Promise<number> {
  const sql = readFileSync(concatenated(project), 'utf8');
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  try {
    const started = performance.now();
    db.exec(sql);
    return performance.now() - started;
  } finally {
    db.close();
  }
}
