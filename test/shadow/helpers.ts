/**
 * Shared by the shadow tests. Each test file gets its own temp folder (TMPDIR) for the servers it
 * starts: what it asserts about leftovers is then about its own servers only, never about those a
 * test file running beside it has up at that moment.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { dockerRuntime } from '../../src/shadow/docker.js';

/**
 * Gives this test file a private TMPDIR and returns it. At the end it asserts that no server folder
 * of this tool is left in it, then removes it.
 */
export function privateTmpdir(label: string): string {
  const base = tmpdir();
  const folder = mkdtempSync(join(base, `psg-test-${label}-`));
  // Like /tmp, reachable by the unprivileged account the servers run as when the tests run as root.
  chmodSync(folder, 0o755);
  process.env.TMPDIR = folder;
  afterAll(() => {
    const left = serverFolders(folder);
    process.env.TMPDIR = base;
    rmSync(folder, { recursive: true, force: true });
    assert.deepEqual(left, [], 'no server folder left behind');
  });
  return folder;
}

/** Server folders of this tool in `folder` (the private TMPDIR). */
export function serverFolders(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.startsWith('psg_shadow_'));
}

/** Processes whose command line mentions `text` (a server folder, a port). */
export function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(text) && !/\bps -eo\b/.test(line));
}

export async function pgQuery<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function mysqlQuery<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 5_000 });
  try {
    const [rows] = await connection.query(sql);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

/** Whether a server still answers at `url` (false once it is stopped). */
export async function pgAnswers(url: string): Promise<boolean> {
  try {
    await pgQuery(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * Why Docker tests cannot run here, or undefined when an engine is reachable. PSG_REQUIRE_DOCKER=true
 * (for CI that starts an engine) turns a missing engine into a failure instead of a skip.
 */
export async function dockerSkipReason(): Promise<string | undefined> {
  const runtime = await dockerRuntime();
  if (runtime.ok) return undefined;
  if (process.env.PSG_REQUIRE_DOCKER === 'true') throw new Error(`PSG_REQUIRE_DOCKER=true but ${runtime.reason}`);
  return `no Docker engine reachable: ${runtime.reason}`;
}

/** Under CI=true a missing server binary fails the test instead of skipping it. */
export function skipUnlessCi(reason: string): string {
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
  return reason;
}

export function ensureFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
