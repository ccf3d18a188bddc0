import type mysql from 'mysql2/promise';
import { connectMysql, quoteIdentifier, serverInfo, storedTableName, type MysqlServerInfo } from './connection.js';

/** The target of a type change, for counting the values that would not survive the cast. */
export type CastTarget =
  | { kind: 'integer'; unsigned?: boolean }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'datetime' }
  | { kind: 'json' }
  | { kind: 'varchar'; length: number };

/**
 * Read-only measurements for the data-loss plan, on MySQL and MariaDB: every query runs inside a
 * `START TRANSACTION READ ONLY` that is rolled back, so nothing can be written even by mistake.
 */
export class MysqlMeasurements {
  private constructor(
    private readonly connection: mysql.Connection,
    readonly info: MysqlServerInfo,
  ) {}

  static async open(url: string, what = "Input 'database-url'"): Promise<MysqlMeasurements> {
    const connection = await connectMysql(url, what);
    try {
      const info = await serverInfo(connection);
      await connection.query('START TRANSACTION READ ONLY');
      return new MysqlMeasurements(connection, info);
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.connection.query('ROLLBACK').catch(() => undefined);
    await this.connection.end().catch(() => undefined);
  }

  /** Rows of a table (a table that is dropped loses them all). */
  async rowCount(table: string): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM ${this.table(table)}`);
  }

  /** Non-NULL values in a column (a dropped column loses them). */
  async nonNullCount(table: string, column: string): Promise<number> {
    return this.count(`SELECT COUNT(${quoteIdentifier(column)}) AS n FROM ${this.table(table)}`);
  }

  /** NULLs in a column that is about to become required. */
  async nullCount(table: string, column: string): Promise<number> {
    return this.count(`SELECT COUNT(*) AS n FROM ${this.table(table)} WHERE ${quoteIdentifier(column)} IS NULL`);
  }

  /**
   * Values that occur more than once in the columns of a new unique index: how many groups and how
   * many rows they hold (rows with a NULL in any column never collide, as in MySQL's unique indexes).
   */
  async duplicateGroups(table: string, columns: string[]): Promise<{ groups: number; rows: number }> {
    const list = columns.map(quoteIdentifier).join(', ');
    const notNull = columns.map((column) => `${quoteIdentifier(column)} IS NOT NULL`).join(' AND ');
    const [rows] = await this.connection.query(
      `SELECT COUNT(*) AS groups_, COALESCE(SUM(n), 0) AS rows_ FROM (SELECT COUNT(*) AS n FROM ${this.table(table)} WHERE ${notNull} GROUP BY ${list} HAVING COUNT(*) > 1) AS d`,
    );
    const row = (rows as { groups_: number | string; rows_: number | string }[])[0]!;
    return { groups: Number(row.groups_), rows: Number(row.rows_) };
  }

  /** Non-NULL values of a column that the new type cannot hold (the cast would fail or truncate). */
  async failedCasts(table: string, column: string, target: CastTarget): Promise<number> {
    const c = quoteIdentifier(column);
    const text = `TRIM(CAST(${c} AS CHAR))`;
    let failing: string;
    switch (target.kind) {
      case 'integer':
        failing = `${text} NOT REGEXP '${target.unsigned ? '^[+]?[0-9]+$' : '^[+-]?[0-9]+$'}'`;
        break;
      case 'decimal': {
        const whole = Math.max(target.precision - target.scale, 0);
        failing = `${text} NOT REGEXP '^[+-]?[0-9]{0,${whole}}(\\\\.[0-9]{0,${target.scale}})?$' OR ${text} IN ('', '+', '-', '.')`;
        break;
      }
      case 'datetime':
        failing = `COALESCE(STR_TO_DATE(${text}, '%Y-%m-%d %H:%i:%s.%f'), STR_TO_DATE(${text}, '%Y-%m-%d %H:%i:%s'), STR_TO_DATE(${text}, '%Y-%m-%d')) IS NULL`;
        break;
      case 'json':
        failing = `NOT JSON_VALID(${c})`;
        break;
      case 'varchar':
        failing = `CHAR_LENGTH(CAST(${c} AS CHAR)) > ${Math.trunc(target.length)}`;
        break;
    }
    return this.count(`SELECT COUNT(*) AS n FROM ${this.table(table)} WHERE ${c} IS NOT NULL AND (${failing})`);
  }

  private table(name: string): string {
    return quoteIdentifier(storedTableName(name, this.info));
  }

  private async count(sql: string): Promise<number> {
    const [rows] = await this.connection.query(sql);
    return Number((rows as { n: number | string }[])[0]!.n);
  }
}
