/**
 * The MySQL/MariaDB server tests run against: PSG_TEST_MYSQL_URL, else the machine's service at
 * 127.0.0.1:3306 (root, no password). Where none answers the tests are skipped with the reason;
 * under CI=true a missing server fails the run instead, so CI never passes without one.
 */
import mysql from 'mysql2/promise';

export const DEFAULT_TEST_MYSQL_URL = 'mysql://root@127.0.0.1:3306/';

let server: Promise<string | undefined> | undefined;

/** The server URL, or undefined (and `mysqlSkipReason` says why) when none answers outside CI. */
export function testMysqlUrl(): Promise<string | undefined> {
  server ??= (async () => {
    const url = process.env.PSG_TEST_MYSQL_URL || DEFAULT_TEST_MYSQL_URL;
    try {
      const connection = await mysql.createConnection({ uri: url, connectTimeout: 3_000 });
      await connection.end();
      return url;
    } catch (error) {
      const reason = `no MySQL/MariaDB server answers at ${url.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}); set PSG_TEST_MYSQL_URL or start the service`;
      if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}.`);
      mysqlSkipReason = reason;
      return undefined;
    }
  })();
  return server;
}

export let mysqlSkipReason = '';

/** The same server, another database. */
export function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user) {
    parsed.username = user.name;
    parsed.password = user.password;
  }
  return parsed.toString();
}

export async function mysqlQuery<T = Record<string, unknown>>(sql: string, database?: string): Promise<T[]> {
  const url = (await testMysqlUrl())!;
  const connection = await mysql.createConnection({ uri: database ? withDatabase(url, database) : url });
  try {
    const [rows] = await connection.query(sql);
    return (Array.isArray(rows) ? rows : []) as T[];
  } finally {
    await connection.end();
  }
}

/**
 * Shadow databases this tool made that still exist on the server. Names carry the creating
 * process's id, so test files running at the same time do not see each other's databases in flight.
 */
export async function leftoverMysqlShadowDatabases(pid: number | 'any' = process.pid): Promise<string[]> {
  const rows = await mysqlQuery<{ name: string }>(
    `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'psg\\_shadow\\_%'`,
  );
  return rows.map((row) => row.name).filter((name) => pid === 'any' || name.includes(`_${pid}_`));
}

/** A uniquely named database for a test, dropped by the returned function. */
export async function createTestMysqlDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `psg_test_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await mysqlQuery(`CREATE DATABASE \`${name}\``);
  return {
    name,
    url: withDatabase((await testMysqlUrl())!, name),
    drop: async () => void (await mysqlQuery(`DROP DATABASE IF EXISTS \`${name}\``)),
  };
}
