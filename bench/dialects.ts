/**
 * The hand-written part of the synthetic history (renames, a backfill: `Edit` in evolution.ts) in
 * MySQL's and SQLite's SQL, as a developer would write it with `prisma migrate dev --create-only`
 * on that database. Pure. PostgreSQL's text is `Step.sql` itself.
 *
 * What differs from PostgreSQL, and why:
 * - MySQL names the primary key PRIMARY and has no sequences; foreign keys cannot be renamed, so a
 *   renamed table's own foreign keys are dropped and added again under the new name (Prisma
 *   compares foreign key names on MySQL); indexes are renamed in place (`RENAME INDEX`, MySQL 5.7+,
 *   MariaDB 10.5+). Foreign keys of other tables that point at it follow the rename by themselves.
 * - SQLite has no `ALTER INDEX`: the indexes named after the table are dropped and created again;
 *   its primary keys and foreign keys carry no name Prisma compares, and the references of other
 *   tables follow `ALTER TABLE … RENAME TO` by themselves (SQLite 3.26+).
 */
import type { Edit, Model } from './evolution.js';

export type OtherDialect = 'mysql' | 'sqlite';

export function handWrittenSql(edit: Edit, dialect: OtherDialect): string {
  const q = dialect === 'mysql' ? mysqlName : sqliteName;
  switch (edit.kind) {
    case 'rename-column':
      return `-- Rename instead of drop and add (edited by hand)\nALTER TABLE ${q(edit.table)} RENAME COLUMN ${q(edit.from)} TO ${q(edit.to)};\n`;
    case 'backfill':
      return `-- Backfill before SET NOT NULL\nUPDATE ${q(edit.table)} SET ${q(edit.column)} = ${edit.literal} WHERE ${q(edit.column)} IS NULL;\n\n`;
    case 'rename-table':
      return `${(dialect === 'mysql' ? mysqlRenameTable : sqliteRenameTable)(edit.from, edit.to, edit.model).join('\n')}\n`;
  }
}

/** Every index Prisma names after the table: `<table>_<columns>_key` (unique) and `_idx`. */
function namedIndexes(model: Model): { suffix: string; columns: string[]; unique: boolean }[] {
  return [
    ...model.fields.filter((field) => field.unique).map((field) => ({ suffix: `${field.name}_key`, columns: [field.name], unique: true })),
    ...model.uniques.map((columns) => ({ suffix: `${columns.join('_')}_key`, columns, unique: true })),
    ...model.indexes.map((columns) => ({ suffix: `${columns.join('_')}_idx`, columns, unique: false })),
  ];
}

function mysqlRenameTable(from: string, to: string, model: Model): string[] {
  const q = mysqlName;
  const lines = ['-- Rename the table and the constraints named after it (edited by hand)', `ALTER TABLE ${q(from)} RENAME TO ${q(to)};`];
  for (const relation of model.relations) lines.push(`ALTER TABLE ${q(to)} DROP FOREIGN KEY ${q(`${from}_${relation.column}_fkey`)};`);
  for (const index of namedIndexes(model))
    lines.push(`ALTER TABLE ${q(to)} RENAME INDEX ${q(`${from}_${index.suffix}`)} TO ${q(`${to}_${index.suffix}`)};`);
  for (const relation of model.relations) {
    lines.push(
      `ALTER TABLE ${q(to)} ADD CONSTRAINT ${q(`${to}_${relation.column}_fkey`)} FOREIGN KEY (${q(relation.column)}) REFERENCES ${q(relation.target)}(${q('id')}) ${referentialActions(relation.optional)};`,
    );
  }
  return lines;
}

function sqliteRenameTable(from: string, to: string, model: Model): string[] {
  const q = sqliteName;
  const lines = ['-- Rename the table and the indexes named after it (edited by hand)', `ALTER TABLE ${q(from)} RENAME TO ${q(to)};`];
  for (const index of namedIndexes(model)) {
    lines.push(`DROP INDEX ${q(`${from}_${index.suffix}`)};`);
    lines.push(
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(`${to}_${index.suffix}`)} ON ${q(to)}(${index.columns.map(q).join(', ')});`,
    );
  }
  return lines;
}

/** Prisma's defaults: an optional relation sets NULL on delete, a required one restricts. */
export function referentialActions(optional: boolean): string {
  return `ON DELETE ${optional ? 'SET NULL' : 'RESTRICT'} ON UPDATE CASCADE`;
}

export function mysqlName(name: string): string {
  return `\`${name}\``;
}

function sqliteName(name: string): string {
  return `"${name}"`;
}
