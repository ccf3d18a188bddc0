/**
 * Prisma's `db push` script read statement by statement into what each changes, in each provider's
 * own way. The wiring gives a preview the reader of its provider; `preview` itself never branches on one.
 */
import { splitMysqlStatements } from '../sql/mysql-statements.js';
import { splitSqliteStatements } from '../sql/sqlite-statements.js';
import { splitPostgresStatements } from '../sql/statements.js';
import { changesOf, type PlanStatement } from './changes.js';
import { mysqlChangesOf, mysqlRestatedColumns, type CurrentColumns, type RestatedColumn } from './mysql-changes.js';

export async function postgresPlanStatements(script: string): Promise<PlanStatement[]> {
  return (await splitPostgresStatements(script)).map((statement) => ({ sql: statement.text, changes: changesOf(statement.text) }));
}

/**
 * SQLite changes most columns by redefining the table (CREATE "new_X", copy, DROP "X", rename): read
 * statement by statement that would look like a dropped table, so its plan rests on Prisma's warnings.
 */
export async function sqlitePlanStatements(script: string): Promise<PlanStatement[]> {
  return splitSqliteStatements(script).map((statement) => ({ sql: statement.text, changes: [] }));
}

/**
 * MySQL: `MODIFY` restates type, nullability and default together, so what it changes is only known
 * against the column as it is now: `currentColumns` reads those from the database.
 */
export async function mysqlPlanStatements(
  script: string,
  currentColumns: (columns: RestatedColumn[]) => Promise<CurrentColumns>,
): Promise<PlanStatement[]> {
  const statements = splitMysqlStatements(script);
  const restated = statements.flatMap((statement) => mysqlRestatedColumns(statement.text));
  const current = restated.length > 0 ? await currentColumns(restated) : undefined;
  return statements.map((statement) => ({ sql: statement.text, changes: mysqlChangesOf(statement.text, current) }));
}
