/**
 * The changes in the SQL that `db push` would run on MySQL/MariaDB (Prisma's MySQL script: backtick
 * identifiers, several clauses in one `ALTER TABLE`, `MODIFY` for any column change) that can touch
 * existing data, as the same `Change` values `changesOf` gives for PostgreSQL, so that the counts and
 * the plan work unchanged. Pure: one statement (and what the columns are now) in, its changes out.
 *
 * Prisma's MySQL renderer (prisma-engines `sql_renderer/mysql_renderer.rs`) writes `DROP TABLE \`T\``,
 * `CREATE UNIQUE INDEX \`I\` ON \`T\`(\`c\`)`, and `ALTER TABLE \`T\` DROP COLUMN \`c\`,\n    ADD COLUMN
 * \`d\` INTEGER NOT NULL,\n    MODIFY \`e\` VARCHAR(191) NOT NULL`; a column whose type cannot be cast
 * is dropped and added again in the same statement. `MODIFY` restates the whole column (type,
 * nullability, default — Prisma uses it for a default change too), so what it changes is only known
 * against the column as it is: `current`, read from the database.
 */
import { splitTopLevel, type Change, type TableRef } from './changes.js';

const QUOTED = '`(?:[^`]|``)*`';
/** A backtick identifier, or a bare one as a hand-written script may have. */
const NAME = String.raw`(?:${QUOTED}|[A-Za-z_$][\w$]*)`;
const TABLE = String.raw`(${NAME})(?:\s*\.\s*(${NAME}))?`;

/** A column as the database has it now. */
export interface ColumnState {
  /** `COLUMN_TYPE` (`varchar(191)`, `int(11)`, `tinyint(1)`, `enum('A','B')`; `json` for MariaDB's JSON). */
  type: string;
  nullable: boolean;
}

/** The current columns, keyed by `columnKey` (names compared as MySQL compares them: case-insensitively). */
export type CurrentColumns = Map<string, ColumnState>;

export function columnKey(table: string, column: string): string {
  return `${table.toLowerCase()}\u0000${column.toLowerCase()}`;
}

/** A column a `MODIFY`/`CHANGE` restates: what must be read before its change is known. */
export interface RestatedColumn {
  table: TableRef;
  column: string;
}

/** The changes one statement makes to existing data (none for a CREATE TABLE, a plain index, a foreign key). */
export function mysqlChangesOf(statement: string, current: CurrentColumns = new Map()): Change[] {
  const sql = withoutComments(statement);
  let match = new RegExp(String.raw`^DROP\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?([\s\S]+?)(?:\s+(?:RESTRICT|CASCADE))?$`, 'i').exec(
    sql,
  );
  if (match) {
    return splitTopLevel(match[1]!, ',', { backslashEscapes: true }).flatMap((name) => {
      const table = new RegExp(String.raw`^${TABLE}$`).exec(name);
      return table ? [{ kind: 'drop-table' as const, table: tableRef(table[1]!, table[2]) }] : [];
    });
  }

  match = new RegExp(
    String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?UNIQUE\s+(?:INDEX|KEY)\s+(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+(?:USING\s+\w+\s+)?ON\s+${TABLE}\s*\(([\s\S]*)\)`,
    'i',
  ).exec(sql);
  if (match) {
    const columns = keyColumns(match[4]!);
    return columns ? [{ kind: 'add-unique', table: tableRef(match[2]!, match[3]), columns, index: unquote(match[1]!) }] : [];
  }

  match = new RegExp(String.raw`^ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}\s+([\s\S]*)$`, 'i').exec(sql);
  if (match) return alterTableChanges(tableRef(match[1]!, match[2]), match[3]!, current);
  return [];
}

/** The columns a statement's `MODIFY`/`CHANGE` clauses restate (read them before `mysqlChangesOf`). */
export function mysqlRestatedColumns(statement: string): RestatedColumn[] {
  const sql = withoutComments(statement);
  const match = new RegExp(String.raw`^ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:IF\s+EXISTS\s+)?${TABLE}\s+([\s\S]*)$`, 'i').exec(sql);
  if (!match) return [];
  const table = tableRef(match[1]!, match[2]);
  return clausesOf(match[3]!).flatMap((clause) => {
    const restated = restatedColumn(clause);
    return restated ? [{ table, column: restated.column }] : [];
  });
}

/** Keywords that follow `ADD`/`DROP` in clauses that are not about a column. */
const NOT_A_COLUMN = new Set([
  'INDEX',
  'KEY',
  'UNIQUE',
  'CONSTRAINT',
  'PRIMARY',
  'FOREIGN',
  'FULLTEXT',
  'SPATIAL',
  'CHECK',
  'PARTITION',
  'PERIOD',
  'SYSTEM',
  'VERSIONING',
]);

function alterTableChanges(table: TableRef, body: string, current: CurrentColumns): Change[] {
  const changes: Change[] = [];
  const dropped = new Set<string>();
  for (const clause of clausesOf(body)) {
    let match = new RegExp(
      String.raw`^ADD\s+(?:CONSTRAINT(?:\s+(?!UNIQUE\b)(${NAME}))?\s+)?UNIQUE(?:\s+(?:INDEX|KEY))?(?:\s+(?!USING\b)(${NAME}))?\s*(?:USING\s+\w+\s*)?\(([\s\S]*)\)`,
      'i',
    ).exec(clause);
    if (match) {
      const columns = keyColumns(match[3]!);
      // MySQL names an unnamed unique index after its first column.
      const name = match[2] ?? match[1];
      if (columns) changes.push({ kind: 'add-unique', table, columns, index: name ? unquote(name) : columns[0]! });
      continue;
    }
    match = new RegExp(String.raw`^DROP\s+(COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${NAME})(?:\s+(?:RESTRICT|CASCADE))?$`, 'i').exec(clause);
    if (match && isColumnName(match[2]!, Boolean(match[1]))) {
      const column = unquote(match[2]!);
      dropped.add(column.toLowerCase());
      changes.push({ kind: 'drop-column', table, column });
      continue;
    }
    match = new RegExp(String.raw`^ADD\s+(COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${NAME})\s+([\s\S]+)$`, 'i').exec(clause);
    if (match && isColumnName(match[2]!, Boolean(match[1]))) {
      const column = unquote(match[2]!);
      const definition = match[3]!;
      const type = mysqlTypeOf(definition);
      if (dropped.has(column.toLowerCase())) {
        // Prisma's "no cast": the column is dropped and added again with the new type, in one statement.
        const index = changes.findIndex((change) => change.kind === 'drop-column' && change.column.toLowerCase() === column.toLowerCase());
        changes.splice(index, 1, { kind: 'change-type', table, column, type, recreated: true });
        continue;
      }
      const { notNull, hasDefault } = attributesOf(definition);
      if (notNull && !hasDefault) changes.push({ kind: 'add-required-column', table, column, type });
      continue;
    }
    const restated = restatedColumn(clause);
    if (restated) changes.push(...restatedChanges(table, restated, current.get(columnKey(table.name, restated.column))));
  }
  return changes;
}

/** `MODIFY [COLUMN] c <definition>` or `CHANGE [COLUMN] old new <definition>`. */
function restatedColumn(clause: string): { column: string; definition: string } | undefined {
  const modify = new RegExp(String.raw`^MODIFY\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${NAME})\s+([\s\S]+)$`, 'i').exec(clause);
  if (modify) return { column: unquote(modify[1]!), definition: modify[2]! };
  const change = new RegExp(String.raw`^CHANGE\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${NAME})\s+${NAME}\s+([\s\S]+)$`, 'i').exec(clause);
  if (change) return { column: unquote(change[1]!), definition: change[2]! };
  return undefined;
}

/**
 * What a restated column changes, against the column as it is: required where it allowed NULL, and a
 * new type where the type differs. Without the current column (not read, or not there) both are
 * assumed: the counts then say whether they matter.
 */
function restatedChanges(table: TableRef, restated: { column: string; definition: string }, now: ColumnState | undefined): Change[] {
  const { column, definition } = restated;
  const type = mysqlTypeOf(definition);
  const { notNull } = attributesOf(definition);
  const changes: Change[] = [];
  if (notNull && (!now || now.nullable)) changes.push({ kind: 'make-required', table, column });
  if (!now || !sameMysqlType(now.type, type)) changes.push({ kind: 'change-type', table, column, type, recreated: false });
  return changes;
}

/** The type at the start of a column definition: `VARCHAR(191) NOT NULL` → `VARCHAR(191)`, `INTEGER UNSIGNED`, `ENUM('A', 'B')`. */
export function mysqlTypeOf(definition: string): string {
  const match =
    /^\s*([A-Za-z][\w]*(?:\s+(?:PRECISION|VARYING))?)(\s*\((?:'(?:[^'\\]|\\.|'')*'|[^)'])*\))?((?:\s+(?:UNSIGNED|SIGNED|ZEROFILL)\b)*)/i.exec(
      definition,
    );
  if (!match) return definition.trim().split(/\s+/)[0] ?? '';
  return `${match[1]}${(match[2] ?? '').trim()}${match[3] ? ` ${match[3].trim().replace(/\s+/g, ' ')}` : ''}`;
}

/** Whether two MySQL types are the same, as written by Prisma (`INTEGER`, `BOOLEAN`) or read from `COLUMN_TYPE` (`int(11)`, `tinyint(1)`). */
export function sameMysqlType(a: string, b: string): boolean {
  return normaliseMysqlType(a) === normaliseMysqlType(b);
}

const TYPE_ALIASES: Record<string, string> = {
  integer: 'int',
  bool: 'tinyint(1)',
  boolean: 'tinyint(1)',
  dec: 'decimal',
  numeric: 'decimal',
  fixed: 'decimal',
  real: 'double',
  doubleprecision: 'double',
  character: 'char',
  charactervarying: 'varchar',
};

/**
 * One spelling per type: lower case, no spaces in the arguments outside quotes, aliases resolved,
 * integer display widths dropped (`int(11)` is `int`) except `tinyint(1)`, MySQL's boolean.
 */
export function normaliseMysqlType(type: string): string {
  const match = /^\s*([A-Za-z]+(?:\s+(?:PRECISION|VARYING))?)\s*(\((?:'(?:[^'\\]|\\.|'')*'|[^)'])*\))?((?:\s+[A-Za-z]+)*)\s*$/i.exec(type);
  if (!match) return type.trim().toLowerCase();
  let name = match[1]!.toLowerCase().replace(/\s+/g, '');
  let args = compactArguments(match[2] ?? '');
  const words = (match[3] ?? '').trim().toLowerCase().split(/\s+/);
  const unsigned = words.includes('unsigned') || words.includes('zerofill');
  const alias = TYPE_ALIASES[name];
  if (alias) {
    const [, aliasName, aliasArgs] = /^([a-z]+)(\(.*\))?$/.exec(alias)!;
    name = aliasName!;
    args = aliasArgs ?? args;
  }
  if (/^(tinyint|smallint|mediumint|int|bigint)$/.test(name) && !(name === 'tinyint' && args === '(1)' && !unsigned)) args = '';
  if (name === 'decimal') args = args === '' ? '(10,0)' : /^\(\d+\)$/.test(args) ? args.replace(')', ',0)') : args;
  if (/^(datetime|timestamp|time)$/.test(name) && args === '(0)') args = '';
  if (name === 'char' && args === '') args = '(1)';
  return `${name}${args}${unsigned ? ' unsigned' : ''}`;
}

/** `(65, 30)` → `(65,30)`; `('A', 'B')` → `('A','B')` (quoted values kept as written). */
function compactArguments(args: string): string {
  let text = '';
  let quote = false;
  for (const char of args) {
    if (char === "'") quote = !quote;
    if (quote || char === "'" || !/\s/.test(char)) text += char;
  }
  return text;
}

/** `NOT NULL` and a default (or an auto-increment or generated value) in a column definition, outside its string literals. */
function attributesOf(definition: string): { notNull: boolean; hasDefault: boolean } {
  const bare = definition.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  return {
    notNull: /\bNOT\s+NULL\b/i.test(bare) || /\bPRIMARY\s+KEY\b/i.test(bare),
    hasDefault: /\bDEFAULT\b|\bAUTO_INCREMENT\b|\bGENERATED\s+ALWAYS\b|\bAS\s*\(/i.test(bare),
  };
}

/** The named columns of an index's key (`\`email\`(191) ASC`); undefined when a part is an expression (nothing to count). */
function keyColumns(list: string): string[] | undefined {
  const columns: string[] = [];
  for (const part of splitTopLevel(list, ',', { backslashEscapes: true })) {
    const match = new RegExp(String.raw`^(${NAME})\s*(?:\(\s*\d+\s*\))?\s*(?:ASC|DESC)?$`, 'i').exec(part);
    if (!match) return undefined;
    columns.push(unquote(match[1]!));
  }
  return columns.length > 0 ? columns : undefined;
}

function clausesOf(body: string): string[] {
  return splitTopLevel(body, ',', { backslashEscapes: true });
}

function isColumnName(name: string, saidColumn: boolean): boolean {
  return saidColumn || name.startsWith('`') || !NOT_A_COLUMN.has(name.toUpperCase());
}

/** Without `-- ` and `#` comment lines (Prisma's `-- AlterTable` headings) and the trailing `;`. */
function withoutComments(sql: string): string {
  return sql
    .replace(/^\s*(?:--|#).*$/gm, '')
    .trim()
    .replace(/;\s*$/, '')
    .trim();
}

function tableRef(first: string, second: string | undefined): TableRef {
  return second ? { schema: unquote(first), name: unquote(second) } : { name: unquote(first) };
}

/** `` `User` `` → `User` (a doubled backtick inside is one); a bare name as is. */
export function unquoteMysql(identifier: string): string {
  return identifier.startsWith('`') ? identifier.slice(1, -1).replace(/``/g, '`') : identifier;
}

const unquote = unquoteMysql;
