/**
 * The changes in the SQL that `db push` would run (Prisma's own PostgreSQL script) that can touch
 * existing data: what a reviewer must see before anyone runs it, and what can be measured on the
 * database's real rows. Pure: one statement in, its changes out.
 */
import { quoteIdent } from '../sql/quote.js';

export interface TableRef {
  schema?: string;
  name: string;
}

export type Change =
  | { kind: 'drop-table'; table: TableRef }
  | { kind: 'drop-column'; table: TableRef; column: string }
  /** A new `NOT NULL` column without a default: every existing row makes it fail. */
  | { kind: 'add-required-column'; table: TableRef; column: string; type: string }
  /** `SET NOT NULL` on an existing column: every existing NULL makes it fail. */
  | { kind: 'make-required'; table: TableRef; column: string }
  /**
   * A type change: cast in place (`SET DATA TYPE`), or, where no cast exists, the column is dropped
   * and added again (`recreated`), losing every value.
   */
  | { kind: 'change-type'; table: TableRef; column: string; type: string; recreated: boolean }
  /** A new unique index: existing duplicate values make it fail. */
  | { kind: 'add-unique'; table: TableRef; columns: string[]; index: string };

export interface PlanStatement {
  sql: string;
  changes: Change[];
}

const IDENT = String.raw`"(?:[^"]|"")+"`;
const TABLE = String.raw`(${IDENT})(?:\s*\.\s*(${IDENT}))?`;

/** The changes one statement makes to existing data (none for a CREATE TABLE, an index, a foreign key). */
export function changesOf(statement: string): Change[] {
  const sql = withoutComments(statement).trim();
  let match = new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}`, 'i').exec(sql);
  if (match) return [{ kind: 'drop-table', table: tableRef(match[1]!, match[2]) }];

  match = new RegExp(
    String.raw`^CREATE\s+UNIQUE\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+ON\s+(?:ONLY\s+)?${TABLE}\s*(?:USING\s+\w+\s*)?\(([\s\S]*)\)`,
    'i',
  ).exec(sql);
  if (match) {
    const columns = [...match[4]!.matchAll(new RegExp(IDENT, 'g'))].map((m) => unquote(m[0]));
    return [{ kind: 'add-unique', table: tableRef(match[2]!, match[3]), columns, index: unquote(match[1]!) }];
  }

  match = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:ONLY\s+)?${TABLE}\s+([\s\S]*)$`, 'i').exec(sql);
  if (match) return alterTableChanges(tableRef(match[1]!, match[2]), match[3]!);
  return [];
}

function alterTableChanges(table: TableRef, body: string): Change[] {
  const changes: Change[] = [];
  const dropped = new Set<string>();
  for (const clause of splitTopLevel(body, ',')) {
    let match = new RegExp(String.raw`^DROP\s+COLUMN\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(clause);
    if (match) {
      const column = unquote(match[1]!);
      dropped.add(column);
      changes.push({ kind: 'drop-column', table, column });
      continue;
    }
    match = new RegExp(String.raw`^ADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+([\s\S]*)$`, 'i').exec(clause);
    if (match) {
      const column = unquote(match[1]!);
      const definition = match[2]!;
      const type = typeOf(definition);
      if (dropped.has(column)) {
        // Prisma's "no cast exists": the column is dropped and added again with the new type.
        const index = changes.findIndex((change) => change.kind === 'drop-column' && change.column === column);
        changes.splice(index, 1, { kind: 'change-type', table, column, type, recreated: true });
        continue;
      }
      const required = /\bNOT\s+NULL\b/i.test(definition);
      const hasDefault = /\bDEFAULT\b|\bGENERATED\b/i.test(definition) || /^(SMALL|BIG)?SERIAL\b/i.test(type);
      if (required && !hasDefault) changes.push({ kind: 'add-required-column', table, column, type });
      continue;
    }
    match = new RegExp(String.raw`^ALTER\s+COLUMN\s+(${IDENT})\s+SET\s+NOT\s+NULL`, 'i').exec(clause);
    if (match) {
      changes.push({ kind: 'make-required', table, column: unquote(match[1]!) });
      continue;
    }
    match = new RegExp(String.raw`^ALTER\s+COLUMN\s+(${IDENT})\s+(?:SET\s+DATA\s+)?TYPE\s+([\s\S]*)$`, 'i').exec(clause);
    if (match) changes.push({ kind: 'change-type', table, column: unquote(match[1]!), type: typeOf(match[2]!), recreated: false });
  }
  return changes;
}

/** The type at the start of a column definition: `VARCHAR(3) NOT NULL` → `VARCHAR(3)`, `"Role"[]` → `"Role"[]`. */
function typeOf(definition: string): string {
  const match =
    /^\s*((?:"(?:[^"]|"")+"(?:\s*\.\s*"(?:[^"]|"")+")?|[A-Za-z_][\w ]*?)(?:\s*\([^)]*\))?(?:\s*\[\])*)(?=\s+(?:NOT|NULL|DEFAULT|USING|COLLATE|GENERATED|CONSTRAINT|PRIMARY|UNIQUE|REFERENCES|CHECK)\b|\s*$)/i.exec(
      definition,
    );
  return (match?.[1] ?? definition.split(/\s+/)[0] ?? '').trim();
}

/**
 * Splits on a separator outside parentheses, quotes and identifiers (`ALTER TABLE` clauses): `"..."`
 * and `'...'`, and MySQL's backtick identifiers; `backslashEscapes` for MySQL's `'it\'s'` strings
 * (PostgreSQL's standard strings take a backslash literally).
 */
export function splitTopLevel(text: string, separator: string, options: { backslashEscapes?: boolean } = {}): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let escaped = false;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (escaped) escaped = false;
      else if (char === '\\' && options.backslashEscapes && quote !== '`') escaped = true;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function withoutComments(sql: string): string {
  return sql.replace(/^\s*--.*$/gm, '');
}

function tableRef(first: string, second: string | undefined): TableRef {
  return second ? { schema: unquote(first), name: unquote(second) } : { name: unquote(first) };
}

export function unquote(identifier: string): string {
  return identifier.slice(1, -1).replace(/""/g, '"');
}

/** `"public"."User"` / `"User"`: an identifier safe to put back into SQL. */
export function quoteTable(table: TableRef): string {
  return table.schema ? `${quoteIdent(table.schema)}.${quoteIdent(table.name)}` : quoteIdent(table.name);
}

/** How a table is shown to a reviewer: `User`, or `auth.User` outside the default schema. */
export function tableLabel(table: TableRef): string {
  return table.schema && table.schema !== 'public' ? `${table.schema}.${table.name}` : table.name;
}
