/**
 * The PostgreSQL server tests run against: PSG_TEST_DATABASE_URL, else the machine's service at
 * 127.0.0.1:5432. Where neither answers, an embedded server is started for the test file (the same
 * one users get); under CI=true a missing server fails instead, so CI never passes without one.
 */
import pg from 'pg';
import { afterAll } from 'vitest';
import { EmbeddedShadowServer } from '../../src/shadow/embedded.js';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

let server: Promise<string> | undefined;

export function testPostgresUrl(): Promise<string> {
  server ??= (async () => {
    const url = process.env.PSG_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
    if (await reachable(url)) return url;
    if (process.env.CI === 'true')
      throw new Error(
        `CI=true and no PostgreSQL server answers at ${url.replace(/:[^:@/]*@/, ':***@')} (set PSG_TEST_DATABASE_URL or start the service).`,
      );
    const embedded = await EmbeddedShadowServer.start();
    afterAll(() => embedded.close());
    return embedded.url;
  })();
  return server;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs SQL on a database of the test server (the server's own database by default). */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, database?: string): Promise<T[]> {
  const base = await testPostgresUrl();
  const url = database ? withDatabaseName(base, database) : base;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Shadow databases this test process made that still exist: every test asserts there are none.
 * Names carry the creating process's id, so test files running at the same time do not see each
 * other's databases in flight.
 */
export async function leftoverShadowDatabases(pid: number | 'any' = process.pid): Promise<string[]> {
  const rows = await query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'psg\\_shadow\\_%'`);
  return rows.map((row) => row.datname).filter((name) => pid === 'any' || name.includes(`_${pid}_`));
}

/** A uniquely named database for a test, dropped by the returned function. */
export async function createTestDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `psg_test_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await query(`CREATE DATABASE "${name}"`);
  const url = withDatabaseName(await testPostgresUrl(), name);
  return { name, url, drop: async () => void (await query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}
