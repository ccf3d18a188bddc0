import { measurementKey, type Measured, type Measurement, type Measurements } from '../plan/measurements.js';
import type { ReviewFinding } from './rules.js';

/**
 * Data-aware findings: what to count on a read-only database for each finding (rows of the table,
 * non-null values of a dropped column, NULLs before SET NOT NULL, duplicate groups for a new unique
 * index), and the findings with those counts in words. The counting is the database adapter's.
 */
export function measurementsFor(findings: ReviewFinding[]): Measurement[] {
  const wanted = new Map<string, Measurement>();
  const add = (measurement: Measurement) => wanted.set(measurementKey(measurement), measurement);
  for (const finding of findings) {
    const target = finding.target;
    if (!target || finding.ignored) continue;
    const table = { schema: target.schema, name: target.table };
    add({ kind: 'rows', table });
    if ((finding.rule === 'drop-column' || finding.rule === 'rename-as-drop-add' || finding.rule === 'lossy-type-change') && target.column)
      add({ kind: 'non-null', table, column: target.column });
    if (finding.rule === 'set-not-null' && target.column) add({ kind: 'nulls', table, column: target.column });
    if (finding.rule === 'unique-index-on-existing-data' && target.columns?.length)
      add({ kind: 'duplicate-groups', table, columns: target.columns });
  }
  return [...wanted.values()];
}

export function withCounts(findings: ReviewFinding[], measured: Measurements): ReviewFinding[] {
  return findings.map((finding) => {
    const target = finding.target;
    if (!target || finding.ignored) return finding;
    const table = { schema: target.schema, name: target.table };
    const rows = measured.get(measurementKey({ kind: 'rows', table }));
    const get = (measurement: Measurement) => measured.get(measurementKey(measurement));
    const data: NonNullable<ReviewFinding['data']> = {};
    if (rows && 'count' in rows) data.rows = rows.count;
    const notes: string[] = [];
    const failed = (what: string, result: Measured | undefined) => {
      if (result && 'error' in result) notes.push(`${what} could not be counted: ${result.error}`);
    };
    const rowsText = data.rows === undefined ? '' : `${format(data.rows)} row${data.rows === 1 ? '' : 's'} in \`${target.table}\``;
    if (
      (finding.rule === 'drop-column' || finding.rule === 'rename-as-drop-add' || finding.rule === 'lossy-type-change') &&
      target.column
    ) {
      const result = get({ kind: 'non-null', table, column: target.column });
      if (result && 'count' in result) {
        data.nonNull = result.count;
        notes.push(
          `${format(result.count)} non-null value${result.count === 1 ? '' : 's'} in \`${target.column}\`${rowsText ? ` (${rowsText})` : ''}`,
        );
      } else failed(`The values of \`${target.column}\``, result);
    } else if (finding.rule === 'set-not-null' && target.column) {
      const result = get({ kind: 'nulls', table, column: target.column });
      if (result && 'count' in result) {
        data.nulls = result.count;
        notes.push(
          `${format(result.count)} NULL${result.count === 1 ? '' : 's'} in \`${target.column}\`${result.count > 0 ? ': the migration fails as it is' : ''}${rowsText ? ` (${rowsText})` : ''}`,
        );
      } else failed(`The NULLs of \`${target.column}\``, result);
    } else if (finding.rule === 'unique-index-on-existing-data' && target.columns?.length) {
      const result = get({ kind: 'duplicate-groups', table, columns: target.columns });
      if (result && 'count' in result) {
        data.duplicateGroups = result.count;
        data.duplicateRows = result.rows;
        notes.push(
          result.count === 0
            ? `No duplicates today${rowsText ? ` (${rowsText})` : ''}`
            : `${format(result.count)} duplicate group${result.count === 1 ? '' : 's'} (${format(result.rows ?? 0)} rows): the migration fails as it is`,
        );
      } else failed('Duplicates', result);
    } else if (rowsText) notes.push(rowsText);
    else failed(`The rows of \`${target.table}\``, rows);
    if (notes.length > 0) data.note = `${notes.join('; ')}.`;
    return { ...finding, data };
  });
}

function format(count: number): string {
  return count.toLocaleString('en-US');
}
