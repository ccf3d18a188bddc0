import type { MigrationHistory } from '../migrations/history.js';
import type { Dialect } from '../dialect/index.js';
import type { ReviewFinding } from '../review/rules.js';
import type { SchemaFile } from '../schema/files.js';
import { locateTable } from '../schema/locate.js';
import type { Finding } from '../verdict/check-result.js';

const RULE = 'required-column-without-default';

/**
 * What the missing migration's SQL will do to a database with rows, said before anyone generates
 * it: a required column added without a default fails on a table that has rows. The review's own
 * rule, run on that SQL after the committed history; each note points at the field in the schema.
 * Notes never fail the gate (the missing migration already does).
 */
export async function requiredColumnNotes(
  sql: string,
  dialect: Dialect | undefined,
  history: MigrationHistory,
  schemaFiles: SchemaFile[],
): Promise<Finding[]> {
  const migration = { name: 'the missing migration', file: '', sql };
  const rules = new Set([RULE] as const);
  // A provider the review has no rules for gets no notes.
  if (!dialect?.reviewMigrations) return [];
  let found: ReviewFinding[];
  try {
    found = await dialect.reviewMigrations({
      before: history.migrations.map((m) => m.sql),
      migrations: [migration],
      rules,
      failOn: new Set(),
    });
  } catch {
    // A note is a courtesy: SQL the parser cannot read leaves the missing migration as it is.
    return [];
  }
  return found.map((finding) => {
    const dot = finding.object.lastIndexOf('.');
    const table = finding.object.slice(0, dot).split('.').pop()!;
    const column = finding.object.slice(dot + 1);
    const at = locateTable(schemaFiles, table, column);
    return {
      kind: RULE,
      failsGate: false,
      message: `The missing migration adds the required column \`${table}.${column}\` without a default: it fails on a table that has rows.`,
      fix: 'Give the field a default (`@default(...)`), or add it as optional, backfill it, then make it required in a second migration.',
      file: at?.file,
      line: at?.line,
      sql: finding.sql,
    };
  });
}
