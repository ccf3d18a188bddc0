/**
 * Counts for the data-loss plan, on PostgreSQL: read-only queries inside a `READ ONLY` transaction
 * that is always rolled back, each bounded by a statement timeout. A count that cannot be made (a
 * column the same plan adds, a timeout) is reported as such, never guessed.
 */
import pg from 'pg';
import { quoteTable } from '../../plan/changes.js';
import { quoteIdent } from '../../sql/quote.js';
import { measurementKey, type Measured, type Measurement, type Measurements } from '../../plan/measurements.js';
import { errorMessage } from '../../util/errors.js';
import { connectionError } from './connection-error.js';
import { poolConfig } from './connection.js';
import { orUndefined } from '../../util/promises.js';

const STATEMENT_TIMEOUT_MS = 30_000;

/** Only type names Prisma writes (`SMALLINT`, `VARCHAR(3)`, `"Role"[]`, `DECIMAL(65,30)`) are put into SQL. */
const SAFE_TYPE = /^[A-Za-z0-9_ ]+(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])*$|^"[^"]+"(\."[^"]+")?(\[\])*$/;

export async function measurePostgres(url: string, measurements: Measurement[]): Promise<Measurements> {
  const results: Measurements = new Map();
  if (measurements.length === 0) return results;
  const client = new pg.Client(poolConfig(url));
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    for (const measurement of measurements) {
      await client.query('SAVEPOINT measure');
      try {
        results.set(measurementKey(measurement), await measureOne(client, measurement));
        await client.query('RELEASE SAVEPOINT measure');
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT measure');
        const code = (error as { code?: string }).code;
        results.set(
          measurementKey(measurement),
          code === '42P01' ? { missing: 'table' } : code === '42703' ? { missing: 'column' } : { error: reason(error) },
        );
      }
    }
  } finally {
    await orUndefined(client.query('ROLLBACK'));
    await orUndefined(client.end());
  }
  return results;
}

async function measureOne(client: pg.Client, measurement: Measurement): Promise<Measured> {
  const table = quoteTable(measurement.table);
  switch (measurement.kind) {
    case 'rows':
      return { count: await scalar(client, `SELECT count(*) FROM ${table}`) };
    case 'non-null':
      return { count: await scalar(client, `SELECT count(${quoteIdent(measurement.column)}) FROM ${table}`) };
    case 'nulls':
      return { count: await scalar(client, `SELECT count(*) FROM ${table} WHERE ${quoteIdent(measurement.column)} IS NULL`) };
    case 'duplicate-groups': {
      const columns = measurement.columns.map(quoteIdent);
      // A unique index treats NULLs as distinct: rows with a NULL in any column never collide.
      const where = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
      const sql = `SELECT count(*) AS groups, coalesce(sum(n), 0) AS rows FROM (SELECT count(*) AS n FROM ${table} WHERE ${where} GROUP BY ${columns.join(', ')} HAVING count(*) > 1) AS duplicates`;
      const row = (await client.query<{ groups: string; rows: string }>(sql)).rows[0]!;
      return { count: Number(row.groups), rows: Number(row.rows) };
    }
    case 'uncastable': {
      if (!SAFE_TYPE.test(measurement.type)) return { error: `the type ${measurement.type} is not one this tool converts to` };
      // Each value is assigned to a variable of the new type, as ALTER COLUMN ... TYPE converts it
      // (assignment casts, length and range checks); failures are counted, not raised.
      const column = quoteIdent(measurement.column);
      const block = `DO $psg$
DECLARE bad bigint := 0; target ${measurement.type}; source record;
BEGIN
  FOR source IN SELECT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL LOOP
    BEGIN
      target := source.value;
    EXCEPTION WHEN OTHERS THEN
      bad := bad + 1;
    END;
  END LOOP;
  RAISE NOTICE 'psg-uncastable:%', bad;
END
$psg$`;
      let notice: string | undefined;
      const onNotice = (message: { message?: string }) => {
        if (message.message?.startsWith('psg-uncastable:')) notice = message.message.slice('psg-uncastable:'.length);
      };
      client.on('notice', onNotice);
      try {
        await client.query(block);
      } finally {
        client.off('notice', onNotice);
      }
      if (notice === undefined) return { error: 'the server reported no count' };
      return { count: Number(notice) };
    }
  }
}

async function scalar(client: pg.Client, sql: string): Promise<number> {
  const row = (await client.query<{ count: string }>(sql)).rows[0];
  return Number(row?.count ?? 0);
}

function reason(error: unknown): string {
  const e = error as { code?: string };
  if (e.code === '57014') return `the count took longer than ${STATEMENT_TIMEOUT_MS / 1000} s`;
  return errorMessage(error);
}

/** Connects once, so that an unreachable database is named by its input before the engine starts. */
export async function assertReachable(url: string, inputName: string): Promise<void> {
  const client = new pg.Client(poolConfig(url));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw connectionError(error, url, inputName);
  } finally {
    await orUndefined(client.end());
  }
}
