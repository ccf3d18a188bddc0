/** The fields of a server error that mysql2 exposes. */
export interface MysqlServerError {
  /** Symbolic code, e.g. `ER_NO_SUCH_TABLE`. */
  code: string;
  /** MySQL's error number, e.g. 1146. */
  errno: number;
  sqlState?: string;
  sqlMessage: string;
  message: string;
}

export function isMysqlServerError(error: unknown): error is MysqlServerError {
  const e = error as Partial<MysqlServerError> | null;
  return !!e && typeof e.errno === 'number' && typeof e.sqlMessage === 'string';
}

/** Errors that mean "this user may not create or drop databases". */
const NOT_GRANTED = new Set([1044, 1045, 1227, 1142]);

export function isNotGranted(error: unknown): boolean {
  return isMysqlServerError(error) && NOT_GRANTED.has(error.errno);
}

/** A `near '...' at line N` in a syntax error: the line within the statement that was sent. */
export function errorLineInStatement(message: string): number | undefined {
  const match = /at line (\d+)\s*$/.exec(message);
  return match ? Number(match[1]) : undefined;
}
