import type { SessionLimits } from '../../lifecycle/time-limit.js';
import type mysql from 'mysql2/promise';
import { createMysqlConnection } from './driver.js';
import { passwordRefused } from '../password-refused.js';
import { UsageError, errorMessage } from '../../util/errors.js';
import { redactUrls } from '../../util/redact.js';

/** Prisma-only URL parameters that mysql2 would reject or misread. */
const PRISMA_ONLY = [
  'connection_limit',
  'pool_timeout',
  'socket_timeout',
  'connect_timeout',
  'sslaccept',
  'sslcert',
  'sslidentity',
  'sslpassword',
  'schema',
];

export function parseMysqlUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return /^(mysql|mariadb):$/.test(parsed.protocol) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The URL as Prisma's MySQL connector takes it: `mariadb://` names the same kind of server, spelled `mysql://`. */
export function prismaMysqlUrl(url: string): string {
  return url.replace(/^mariadb:/i, 'mysql:');
}

/** The database a URL names (its path), or '' for a server-level URL. */
export function databaseOf(url: string): string {
  return decodeURIComponent(parseMysqlUrl(url)?.pathname.slice(1) ?? '');
}

/**
 * mysql2 options for a Prisma MySQL URL: its parameters removed, a bounded connect timeout, and the
 * server's own sql_mode. mysql2 asks for CLIENT_IGNORE_SPACE by default, which adds IGNORE_SPACE to
 * the session's sql_mode and makes built-in function names reserved: `CREATE TABLE count (…)` then
 * fails although `prisma migrate deploy` and the `mysql` client (neither asks for it) apply it.
 */
export function connectionOptions(url: string, overrides: mysql.ConnectionOptions = {}): mysql.ConnectionOptions {
  const parsed = parseMysqlUrl(url);
  if (!parsed)
    throw new UsageError(`Expected a MySQL URL (mysql://USER:PASSWORD@HOST:3306/DATABASE), got ${redactUrls(url.slice(0, 40))}.`);
  for (const name of PRISMA_ONLY) parsed.searchParams.delete(name);
  parsed.protocol = 'mysql:';
  return { uri: parsed.toString(), connectTimeout: 10_000, flags: ['-IGNORE_SPACE'], ...overrides };
}

/** One connection for a piece of work; the caller ends it in a `finally`. */
export async function connectMysql(url: string, what: string, overrides: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  try {
    return await createMysqlConnection(connectionOptions(url, overrides));
  } catch (error) {
    throw mysqlConnectError(error, url, what);
  }
}

/**
 * "Could not connect" for MySQL in words that say which server, why, and what to check: a refused
 * password names the user and says how to URL-encode one; a server that is not there says so.
 */
export function mysqlConnectError(error: unknown, url: string, what: string): UsageError {
  const parsed = parseMysqlUrl(url);
  const where = parsed ? `${parsed.hostname}:${parsed.port || '3306'}` : 'the server';
  const code = (error as { code?: string }).code;
  const errno = (error as { errno?: number }).errno;
  const user = decodeURIComponent(parsed?.username ?? '') || 'root';
  if (errno === 1045) {
    // "Access denied for user 'u'@'host' (using password: YES|NO)"
    const { why, fix } = passwordRefused(user, !/using password: NO/i.test(errorMessage(error)));
    return new UsageError(`${what}: the MySQL server at ${where} refused "${user}": ${why} (${redactUrls(errorMessage(error))}).`, fix);
  }
  if (errno === 1044 || errno === 1049) {
    // The server answered: the user's right to the database, or the database, is the problem.
    const database = databaseOf(url);
    const fix =
      errno === 1049
        ? `Check the database name in the URL (SHOW DATABASES lists those "${user}" can see).`
        : `Grant the user its rights on the database: GRANT SELECT ON \`${database}\`.* TO '${user}'@'%'; is all drift needs (a shadow or preview database needs ALL PRIVILEGES).`;
    return new UsageError(`${what}: the MySQL server at ${where} refused "${user}": ${redactUrls(errorMessage(error))}.`, fix);
  }
  const why = code === 'ECONNREFUSED' ? 'connection refused (nothing listens on that port)' : redactUrls(errorMessage(error));
  return new UsageError(
    `${what}: could not connect to the MySQL server at ${where}: ${why}.`,
    'Check that the server is running and reachable from this machine, and that the URL is right.',
  );
}

/** Backtick-quoted identifier (MySQL's own quoting, valid in every sql_mode). */

/** What the server is: the dialect differences that matter to a check. */
export interface MysqlServerInfo {
  /** `SELECT VERSION()`, e.g. `10.11.6-MariaDB-0+deb12u1` or `8.4.3`. */
  version: string;
  flavor: 'mariadb' | 'mysql';
  /** 0: names as written (Linux); 1: stored lowercase (Windows); 2: stored as written, compared lowercase (macOS). */
  lowerCaseTableNames: number;
  sqlMode: string[];
}

export async function serverInfo(connection: mysql.Connection): Promise<MysqlServerInfo> {
  const [rows] = await connection.query('SELECT VERSION() AS version, @@lower_case_table_names AS lctn, @@SESSION.sql_mode AS sqlMode');
  const row = (rows as { version: string; lctn: number | string; sqlMode: string }[])[0]!;
  return {
    version: row.version,
    flavor: /mariadb/i.test(row.version) ? 'mariadb' : 'mysql',
    lowerCaseTableNames: Number(row.lctn),
    sqlMode: row.sqlMode ? row.sqlMode.split(',').filter(Boolean) : [],
  };
}

/**
 * A table name as the server stores it: with `lower_case_table_names = 1` a migration's
 * `CREATE TABLE User` makes a table `user`, so a read of `_prisma_migrations` or a count on `User`
 * must use the stored name.
 */
export function storedTableName(name: string, info: Pick<MysqlServerInfo, 'lowerCaseTableNames'>): string {
  return info.lowerCaseTableNames === 1 ? name.toLowerCase() : name;
}

/**
 * `lock_timeout` / `statement_timeout` on a MySQL/MariaDB session of ours: `lock_wait_timeout` and
 * `innodb_lock_wait_timeout` (whole seconds, at least 1), and MariaDB's `max_statement_time` (seconds)
 * or MySQL's `max_execution_time` (ms, SELECTs only), whichever the server has.
 */
export async function applyMysqlSessionLimits(connection: mysql.Connection, limits: SessionLimits | undefined): Promise<void> {
  if (!limits) return;
  if (limits.lockTimeoutMs > 0) {
    const seconds = Math.max(1, Math.round(limits.lockTimeoutMs / 1_000));
    await connection.query('SET SESSION lock_wait_timeout = ?, innodb_lock_wait_timeout = ?', [seconds, seconds]);
  }
  if (limits.statementTimeoutMs > 0) {
    await connection
      .query('SET SESSION max_statement_time = ?', [limits.statementTimeoutMs / 1_000])
      .catch(() => connection.query('SET SESSION max_execution_time = ?', [limits.statementTimeoutMs]));
  }
}
