/**
 * The MySQL/MariaDB databases the per-provider bench creates (for the generator and each floor
 * run): uniquely named `psg_bench_*` like databases.ts, dropped in a `finally` by whoever creates
 * them and registered with the project's cleanup registry so that Ctrl-C drops them too.
 */
import mysql from 'mysql2/promise';
import { registerCleanup } from '../src/lifecycle/cleanup.js';
import { benchDatabaseName } from './databases.js';

export async function mysqlAdmin<T = Record<string, unknown>>(serverUrl: string, sql: string): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5_000 });
  try {
    const [rows] = await connection.query(sql);
    return (Array.isArray(rows) ? rows : []) as T[];
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** The server's `VERSION()`, or undefined when nothing answers. */
export async function mysqlVersion(serverUrl: string): Promise<string | undefined> {
  try {
    return (await mysqlAdmin<{ version: string }>(serverUrl, 'SELECT VERSION() AS version'))[0]?.version;
  } catch {
    return undefined;
  }
}

/** The same server, another database. */
export function mysqlDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a fresh database, runs `use` with its URL and name, and drops it whatever happens. */
export async function withMysqlDatabaseOn<T>(
  serverUrl: string,
  purpose: string,
  use: (url: string, name: string) => Promise<T>,
): Promise<T> {
  const name = benchDatabaseName(purpose);
  await mysqlAdmin(serverUrl, `CREATE DATABASE \`${name}\``);
  const registration = registerCleanup(`bench database ${name}`, () =>
    mysqlAdmin(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``).then(() => undefined),
  );
  try {
    return await use(mysqlDatabaseUrl(serverUrl, name), name);
  } finally {
    await registration.run();
  }
}

export async function mysqlShadowDatabases(serverUrl: string): Promise<string[]> {
  const rows = await mysqlAdmin<{ name: string }>(
    serverUrl,
    `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'psg\\_shadow\\_%'`,
  );
  return rows.map((row) => row.name);
}

/**
 * The command-line client's connection arguments for a URL; the password goes in the environment
 * (MYSQL_PWD, read by both `mariadb` and `mysql`), never on the command line.
 */
export function clientConnection(url: string): { args: string[]; env: Record<string, string> } {
  const parsed = new URL(url);
  const args = [
    '--protocol=TCP',
    `--host=${parsed.hostname}`,
    `--port=${parsed.port || '3306'}`,
    `--user=${decodeURIComponent(parsed.username || 'root')}`,
  ];
  const database = decodeURIComponent(parsed.pathname.slice(1));
  if (database) args.push(`--database=${database}`);
  return { args, env: parsed.password ? { MYSQL_PWD: decodeURIComponent(parsed.password) } : {} };
}
