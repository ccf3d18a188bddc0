import type mysql from 'mysql2/promise';
import type { Finding } from '../../src/verdict/check-result.js';
import { migrationFailedFinding } from '../../src/commands/migration-failure.js';
import type { Migration, MigrationHistory } from '../../src/migrations/history.js';
import { lineAt } from '../../src/sql/statements.js';
import { connectMysql } from '../../src/database/mysql/connection.js';
import { errorLineInStatement, isMysqlServerError } from '../../src/database/mysql/errors.js';
import { splitMysqlStatements } from '../../src/sql/mysql-statements.js';

export interface MysqlReplayFailure {
  migration: Migration;
  /** 1-based index of the failing statement in the migration (Prisma's "query number"). */
  queryNumber: number;
  statement: string;
  /** String offset of the statement in `migration.sql`. */
  statementStart: number;
  /** 1-based line in `migration.sql`: the statement's, or the line a syntax error names. */
  line: number;
  error: { errno: number; code: string; sqlState?: string; message: string };
}

export interface MysqlReplayResult {
  /** Migrations that applied completely. */
  applied: number;
  failure?: MysqlReplayFailure;
}

/**
 * Applies the history to an (empty) database statement by statement, as the `mysql` client would.
 * MySQL commits every DDL statement on its own, so a failing migration leaves the statements before
 * it applied: the database is half-migrated and its owner must still drop or empty it.
 */
export async function replayMysqlMigrations(url: string, history: MigrationHistory, what = 'Shadow database'): Promise<MysqlReplayResult> {
  const connection = await connectMysql(url, what);
  try {
    let applied = 0;
    for (const migration of history.migrations) {
      const failure = await applyMigration(connection, migration);
      if (failure) return { applied, failure };
      applied++;
    }
    return { applied };
  } finally {
    await connection.end().catch(() => undefined);
  }
}

async function applyMigration(connection: mysql.Connection, migration: Migration): Promise<MysqlReplayFailure | undefined> {
  const statements = splitMysqlStatements(migration.sql);
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index]!;
    try {
      await connection.query(statement.text);
    } catch (error) {
      if (!isMysqlServerError(error)) throw error;
      const within = errorLineInStatement(error.sqlMessage);
      const line = within ? statement.line + within - 1 : lineAt(migration.sql, statement.start);
      return {
        migration,
        queryNumber: index + 1,
        statement: statement.text,
        statementStart: statement.start,
        line,
        error: { errno: error.errno, code: error.code, sqlState: error.sqlState, message: error.sqlMessage },
      };
    }
  }
  return undefined;
}

/** The same finding a PostgreSQL failure gives: folder, file, line, statement, the server's error. */
export function describeMysqlFailure(failure: MysqlReplayFailure): Finding {
  const { migration, error, line } = failure;
  return migrationFailedFinding({
    migration,
    line,
    statement: failure.statement,
    databaseError: { code: String(error.errno), message: error.message, detail: error.code },
  });
}
