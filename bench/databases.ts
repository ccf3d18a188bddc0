/**
 * The databases the bench itself creates (for the generator and for the psql floor): uniquely
 * named `psg_bench_*`, dropped in a `finally` by whoever creates them, and registered with the
 * project's cleanup registry so that Ctrl-C drops them too.
 */
import pg from 'pg';
import { withDatabase } from '../src/database/postgres/connection.js';
import { registerCleanup } from '../src/lifecycle/cleanup.js';

export const BENCH_PREFIX = 'psg_bench_';

export function benchDatabaseName(purpose: string): string {
  return `${BENCH_PREFIX}${purpose}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function admin<T extends pg.QueryResultRow = Record<string, unknown>>(serverUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function reachable(serverUrl: string): Promise<boolean> {
  try {
    await admin(serverUrl, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Creates a fresh database, runs `use` with its URL, and drops it whatever happens. */
export async function withDatabaseOn<T>(serverUrl: string, purpose: string, use: (url: string, name: string) => Promise<T>): Promise<T> {
  const name = benchDatabaseName(purpose);
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  const registration = registerCleanup(`bench database ${name}`, () =>
    admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
  );
  try {
    return await use(withDatabase(serverUrl, name), name);
  } finally {
    await registration.run();
  }
}

/** Databases whose name contains one of the markers (leftovers of the bench or of a check it ran). */
export async function databasesMatching(serverUrl: string, markers: string[]): Promise<string[]> {
  if (markers.length === 0) return [];
  const rows = await admin<{ datname: string }>(serverUrl, 'SELECT datname FROM pg_database');
  return rows.map((row) => row.datname).filter((name) => markers.some((marker) => name.includes(marker)));
}
