/**
 * What to count on the database before a push, to say per step whether it *will* fail on this
 * data (beyond Prisma's "if there are existing duplicate values, this will fail"). The counting
 * itself is a database adapter's job (read-only queries); this module only says what to count.
 */
import type { Change, TableRef } from './changes.js';

export type Measurement =
  /** Rows in the table. */
  | { kind: 'rows'; table: TableRef }
  /** Rows whose value in the column is not NULL (what a dropped column destroys). */
  | { kind: 'non-null'; table: TableRef; column: string }
  /** Rows whose value in the column is NULL (what makes `SET NOT NULL` fail). */
  | { kind: 'nulls'; table: TableRef; column: string }
  /** Groups of rows sharing the same values in the columns (NULLs never collide in a unique index). */
  | { kind: 'duplicate-groups'; table: TableRef; columns: string[] }
  /** Non-NULL values that would not convert to the type. */
  | { kind: 'uncastable'; table: TableRef; column: string; type: string };

/**
 * A count; or the table or column does not exist yet (the same plan creates it, so it holds no
 * data); or why the count could not be made (a timeout).
 */
export type Measured = { count: number; rows?: number } | { missing: 'table' | 'column' } | { error: string };

export type Measurements = Map<string, Measured>;

export function measurementKey(measurement: Measurement): string {
  const table = `${measurement.table.schema ?? ''}.${measurement.table.name}`;
  switch (measurement.kind) {
    case 'rows':
      return `rows:${table}`;
    case 'non-null':
    case 'nulls':
      return `${measurement.kind}:${table}:${measurement.column}`;
    case 'duplicate-groups':
      return `duplicate-groups:${table}:${measurement.columns.join(',')}`;
    case 'uncastable':
      return `uncastable:${table}:${measurement.column}:${measurement.type}`;
  }
}

/** The counts each change needs. */
export function measurementsFor(change: Change): Measurement[] {
  const { table } = change;
  switch (change.kind) {
    case 'drop-table':
    case 'add-required-column':
      return [{ kind: 'rows', table }];
    case 'drop-column':
      return [
        { kind: 'rows', table },
        { kind: 'non-null', table, column: change.column },
      ];
    case 'make-required':
      return [
        { kind: 'rows', table },
        { kind: 'nulls', table, column: change.column },
      ];
    case 'change-type':
      return [
        { kind: 'rows', table },
        { kind: 'non-null', table, column: change.column },
        { kind: 'uncastable', table, column: change.column, type: change.type },
      ];
    case 'add-unique':
      return [
        { kind: 'rows', table },
        { kind: 'duplicate-groups', table, columns: change.columns },
      ];
  }
}

/** Every distinct measurement a list of changes needs, in order. */
export function measurementsForAll(changes: Change[]): Measurement[] {
  const seen = new Map<string, Measurement>();
  for (const change of changes) for (const measurement of measurementsFor(change)) seen.set(measurementKey(measurement), measurement);
  return [...seen.values()];
}
