import type { FailOnCategory } from '../gate/fail-on.js';
import type { ReviewMigration } from './analyse.js';
import { findingsOf, firstWords, type FindingDraft } from './finding.js';
import { parseMysqlMigration, type MysqlNode, type MysqlStatement } from './mysql-parse.js';
import { classifyMysqlTypeChange, displayMysqlType, mysqlTypeOf, sameMysqlType, type MysqlColumnType } from './mysql-types.js';
import { RULE_IDS, type ReviewFinding, type RuleId } from './rules.js';

/**
 * The review of MySQL/MariaDB migrations: the same findings as for PostgreSQL where the hazard is the
 * same (rule ids shared), with what InnoDB does instead of PostgreSQL's locks. Statements are parsed
 * one by one with node-sql-parser; one it cannot read is reported `not-analysed`.
 */

export interface MysqlColumn {
  name: string;
  type?: MysqlColumnType;
  notNull: boolean;
  createdIn?: string;
}

export interface MysqlTable {
  name: string;
  columns: Map<string, MysqlColumn>;
  createdIn?: string;
}

/**
 * The tables and columns the migrations create (no database): the base branch's history replayed,
 * then advanced statement by statement through the PR's migrations. `createdIn` marks what a PR
 * migration created: it holds no data yet, so it gets no lock or data warnings.
 */
export class MysqlCatalog {
  readonly tables = new Map<string, MysqlTable>();

  table(name: string | undefined): MysqlTable | undefined {
    return name === undefined ? undefined : this.tables.get(name);
  }

  isNew(name: string | undefined): boolean {
    return this.table(name)?.createdIn !== undefined;
  }

  clone(): MysqlCatalog {
    const copy = new MysqlCatalog();
    for (const [key, table] of this.tables)
      copy.tables.set(key, { ...table, columns: new Map([...table.columns].map(([name, column]) => [name, { ...column }])) });
    return copy;
  }

  apply(node: MysqlNode, createdIn?: string): void {
    if (node.type === 'create' && node.keyword === 'table') {
      const name = tableNameOf(node.table);
      if (!name || (this.tables.has(name) && node.if_not_exists)) return;
      const columns = new Map<string, MysqlColumn>();
      for (const element of asArray(node.create_definitions)) {
        if (element?.resource === 'column') {
          const column = columnOf(element, createdIn);
          columns.set(column.name, column);
        } else if (element?.resource === 'constraint' && /primary key/i.test(String(element.constraint_type))) {
          for (const key of asArray(element.definition)) {
            const column = columns.get(String(key?.column));
            if (column) column.notNull = true;
          }
        }
      }
      this.tables.set(name, { name, columns, createdIn });
    } else if (node.type === 'drop' && node.keyword === 'table') {
      for (const item of asArray(node.name)) this.tables.delete(String(item?.table));
    } else if (node.type === 'rename') {
      for (const pair of asArray(node.table)) this.renameTable(String(pair?.[0]?.table), String(pair?.[1]?.table));
    } else if (node.type === 'alter') {
      const table = this.table(tableNameOf(node.table));
      if (!table) return;
      for (const item of asArray(node.expr)) {
        if (item?.resource === 'column') {
          if (item.action === 'add') {
            const column = columnOf(item, createdIn);
            table.columns.set(column.name, column);
          } else if (item.action === 'drop') table.columns.delete(String(item.column?.column));
          else if (item.action === 'modify' || item.action === 'change') {
            const old = table.columns.get(String((item.old_column ?? item.column)?.column));
            const replaced = columnOf(item, old?.createdIn);
            if (old) table.columns.delete(old.name);
            table.columns.set(replaced.name, replaced);
          } else if (item.action === 'rename') {
            const column = table.columns.get(String(item.old_column?.column));
            if (!column) continue;
            table.columns.delete(column.name);
            column.name = String(item.column?.column);
            table.columns.set(column.name, column);
          }
        } else if (item?.resource === 'table' && item.action === 'rename') this.renameTable(table.name, String(item.table));
      }
    }
  }

  /** Everything becomes existing: the reviewed migrations are now part of the base. */
  settle(): void {
    for (const table of this.tables.values()) {
      delete table.createdIn;
      for (const column of table.columns.values()) delete column.createdIn;
    }
  }

  private renameTable(from: string, to: string): void {
    const table = this.tables.get(from);
    if (!table) return;
    this.tables.delete(from);
    table.name = to;
    this.tables.set(to, table);
  }
}

/** Replays MySQL migrations into a catalog without a database: the schema the base branch's history creates. */
export async function mysqlCatalogOf(scripts: string[]): Promise<MysqlCatalog> {
  const catalog = new MysqlCatalog();
  for (const script of scripts) {
    for (const statement of (await parseMysqlMigration(script)).statements) if (statement.node) catalog.apply(statement.node);
  }
  return catalog;
}

export interface MysqlReviewInput {
  /** The schema before the PR (`mysqlCatalogOf` the base's migrations). */
  base: MysqlCatalog;
  /** The migrations the PR adds, in the order Prisma applies them. */
  migrations: ReviewMigration[];
  rules?: Set<RuleId>;
  /** Categories that fail the gate (default: destructive). */
  failOn?: Set<FailOnCategory>;
}

interface Draft extends FindingDraft {
  statement: MysqlStatement;
}

/** Each statement of each added MySQL migration against the rules, with the schema right before it. SQL in, findings out. */
export async function reviewMysqlMigrations(input: MysqlReviewInput): Promise<ReviewFinding[]> {
  const rules = input.rules ?? new Set(RULE_IDS);
  const failOn = input.failOn ?? new Set<FailOnCategory>(['destructive']);
  const catalog = input.base.clone();
  const findings: ReviewFinding[] = [];
  for (const migration of input.migrations) {
    const parsed = await parseMysqlMigration(migration.sql);
    findings.push(
      ...findingsOf(analyseMigration(parsed.statements, catalog, migration.name), {
        lines: parsed.lines,
        file: migration.file,
        migration: migration.name,
        rules,
        failOn,
      }),
    );
  }
  return findings;
}

interface Context {
  catalog: MysqlCatalog;
  statement: MysqlStatement;
  drafts: Draft[];
  dropped: Array<{ table: string; column: MysqlColumn; draft: Draft }>;
  added: Array<{ table: string; name: string; type?: MysqlColumnType }>;
  /** `SET foreign_key_checks = 0` earlier in the migration: foreign keys are added without the check. */
  foreignKeyChecksOff: boolean;
}

function analyseMigration(statements: MysqlStatement[], catalog: MysqlCatalog, migration: string): Draft[] {
  const drafts: Draft[] = [];
  const context: Omit<Context, 'statement'> = { catalog, drafts, dropped: [], added: [], foreignKeyChecksOff: false };
  for (const statement of statements) {
    // Prisma writes default changes as `ALTER COLUMN … SET DEFAULT`, which the parser's grammar lacks.
    // They change metadata only (instant on MySQL 8 and MariaDB 10.3+): nothing to warn about.
    if (!statement.node && isDefaultOnlyAlter(statement.text)) continue;
    if (!statement.node) {
      drafts.push({
        rule: 'not-analysed',
        line: statement.line,
        object: firstWords(statement.text),
        message: `The MySQL parser cannot read this statement (${statement.error ?? 'syntax error'}), so it was not checked for destructive or locking changes.`,
        fix: 'Check the statement by hand (run it against a copy of the database); once reviewed, silence this with an ignore comment that says why it is safe.',
        statement,
      });
      continue;
    }
    const foreignKeyChecks = foreignKeyChecksSetting(statement.node);
    if (foreignKeyChecks !== undefined) context.foreignKeyChecksOff = !foreignKeyChecks;
    analyseStatement(statement.node, { ...context, statement });
    catalog.apply(statement.node, migration);
  }
  // A column dropped and one of the same type added to the same table: most likely a rename.
  const used = new Set<number>();
  for (const drop of context.dropped) {
    const index = context.added.findIndex(
      (add, i) => !used.has(i) && add.table === drop.table && add.name !== drop.column.name && sameMysqlType(add.type, drop.column.type),
    );
    if (index === -1) continue;
    used.add(index);
    const add = context.added[index]!;
    drop.draft.rule = 'rename-as-drop-add';
    drop.draft.message = `Drops column \`${drop.table}.${drop.column.name}\` and adds \`${drop.table}.${add.name}\` of the same type (${displayMysqlType(add.type)}): looks like a rename, but the data of \`${drop.column.name}\` is lost.`;
    drop.draft.fix = `\`ALTER TABLE \`${drop.table}\` RENAME COLUMN \`${drop.column.name}\` TO \`${add.name}\`;\` keeps the data (MySQL 8.0+ / MariaDB 10.5+; in the schema, \`@map("${drop.column.name}")\` keeps the old column name without a migration).`;
  }
  return drafts.sort((a, b) => a.line - b.line);
}

function analyseStatement(node: MysqlNode, context: Context): void {
  const { catalog, statement } = context;
  const add = (draft: Omit<Draft, 'statement' | 'line'> & { line?: number }): Draft => {
    const full: Draft = { ...draft, line: draft.line ?? statement.line, statement };
    context.drafts.push(full);
    return full;
  };
  if (node.type === 'drop' && node.keyword === 'table') {
    for (const item of asArray(node.name)) {
      const name = String(item?.table);
      const table = catalog.table(name);
      if (table?.createdIn) continue;
      const columns = table ? ` (${table.columns.size} column${table.columns.size === 1 ? '' : 's'})` : '';
      add({
        rule: 'drop-table',
        target: { table: name },
        object: name,
        message: `Drops table \`${name}\`${columns}: every row is lost.`,
        fix: `Deploy code that no longer uses \`${name}\` first; back up its rows if they may be needed (\`mysqldump <database> ${name}\`), or keep the table.`,
      });
    }
  } else if (node.type === 'truncate') {
    for (const item of asArray(node.name)) {
      const name = String(item?.table);
      if (catalog.isNew(name)) continue;
      add({
        rule: 'truncate',
        target: { table: name },
        object: name,
        message: `Truncates \`${name}\`: every row is deleted (MySQL drops and recreates the table; it cannot be rolled back).`,
        fix: 'Delete only the rows meant to go (`DELETE ... WHERE ...`), or back the table up before.',
      });
    }
  } else if (node.type === 'delete') {
    const name = tableNameOf(node.from) ?? tableNameOf(node.table);
    if (node.where || !name || catalog.isNew(name)) return;
    add({
      rule: 'delete-without-where',
      target: { table: name },
      object: name,
      message: `Deletes every row of \`${name}\` (no WHERE clause).`,
      fix: 'Add the WHERE clause that selects the rows meant to go; if all of them are, say so with an ignore comment.',
    });
  } else if (node.type === 'update') {
    const name = tableNameOf(node.table);
    if (node.where || !name || catalog.isNew(name)) return;
    const columns = asArray(node.set).map((item) => `\`${String(item?.column)}\``);
    add({
      rule: 'update-without-where',
      target: { table: name },
      object: name,
      message: `Overwrites ${columns.join(', ')} in every row of \`${name}\` (no WHERE clause): the values before are lost, and InnoDB locks every row while it runs.`,
      fix: 'Add the WHERE clause that selects the rows meant to change (a backfill can use `WHERE `column` IS NULL`), and batch it on big tables (`LIMIT` in a loop).',
    });
  } else if (node.type === 'create' && node.keyword === 'index') {
    const name = tableNameOf(node.table);
    if (!name || catalog.isNew(name)) return;
    const columns = asArray(node.index_columns).map((column) => String(column?.column ?? 'expression'));
    const index = String(node.index ?? `on ${name}`);
    if (/unique/i.test(String(node.index_type))) add({ ...uniqueOnExistingData(name, index, columns), target: { table: name, columns } });
    if (!isOnline(node.algorithm_option?.algorithm, node.lock_option?.lock))
      add(
        indexNotOnline(
          name,
          index,
          `CREATE ${/unique/i.test(String(node.index_type)) ? 'UNIQUE ' : ''}INDEX \`${index}\` ON \`${name}\`(...) ALGORITHM=INPLACE LOCK=NONE;`,
        ),
      );
  } else if (node.type === 'alter') {
    const name = tableNameOf(node.table);
    if (!name || catalog.isNew(name)) return;
    const items = asArray(node.expr);
    const algorithm = items.find((item) => item?.resource === 'algorithm')?.algorithm;
    const lock = items.find((item) => item?.resource === 'lock')?.lock;
    items.forEach((item, index) => {
      if (!item) return;
      const line = statement.clauseLines[index] ?? statement.line;
      alterClause(item, { ...context, tableName: name, line, algorithm, lock, add });
    });
  }
}

type ClauseContext = Context & {
  tableName: string;
  line: number;
  algorithm?: string;
  lock?: string;
  add: (draft: Omit<Draft, 'statement' | 'line'> & { line?: number }) => Draft;
};

function alterClause(item: MysqlNode, context: ClauseContext): void {
  const { catalog, tableName, line, add } = context;
  const table = catalog.table(tableName);
  if (item.resource === 'column') {
    const columnName = String(item.column?.column);
    const object = `${tableName}.${columnName}`;
    if (item.action === 'drop') {
      const column = table?.columns.get(columnName);
      if (column?.createdIn) return;
      const draft = add({
        rule: 'drop-column',
        target: { table: tableName, column: columnName },
        line,
        object,
        message: `Drops column \`${object}\`${column?.type ? ` (${displayMysqlType(column.type)})` : ''}: its value in every row is lost.`,
        fix: `Deploy code that no longer reads or writes \`${columnName}\` first; copy the values elsewhere if they may be needed, or keep the column.`,
      });
      if (column) context.dropped.push({ table: tableName, column, draft });
    } else if (item.action === 'add') {
      const added = columnOf(item, undefined);
      context.added.push({ table: tableName, name: added.name, type: added.type });
      if (added.notNull && !fillsItself(item)) {
        add({
          rule: 'required-column-without-default',
          target: { table: tableName },
          line,
          object,
          message: `Adds the required column \`${object}\` without a default: MySQL fills the existing rows of \`${tableName}\` with the type's implicit default (0, '', the first enum value), which is silently wrong data, and fails for date and time types in strict mode.`,
          fix: 'Give the field a default (`@default(...)`), or add it as optional, backfill it, then make it required in a later migration.',
        });
      }
    } else if (item.action === 'modify' || item.action === 'change') {
      const oldName = String((item.old_column ?? item.column)?.column);
      const column = table?.columns.get(oldName);
      if (column?.createdIn) return;
      const from = column?.type;
      const to = mysqlTypeOf(item.definition);
      const shown = `${tableName}.${oldName}`;
      const described = from
        ? `from ${displayMysqlType(from)} to ${displayMysqlType(to)}`
        : `to ${displayMysqlType(to)} (its type before is not known from the migrations)`;
      const change = classifyMysqlTypeChange(from, to);
      const removed = from?.values && to?.values ? from.values.filter((value) => !to.values!.includes(value)) : [];
      if (removed.length > 0) {
        const list = removed.map((value) => `'${value}'`).join(', ');
        add({
          rule: 'enum-values-removed',
          target: { table: tableName, column: oldName },
          line,
          object: shown,
          message: `Removes ${removed.length === 1 ? 'the value' : 'the values'} ${list} from the enum of \`${shown}\`: rows that hold ${removed.length === 1 ? 'it' : 'them'} make the migration fail in strict mode, or are set to '' otherwise.`,
          fix: `Before this migration, move the rows that use ${list} to another value (\`UPDATE \`${tableName}\` SET \`${oldName}\` = ... WHERE \`${oldName}\` IN (${list})\`), and deploy code that no longer writes ${removed.length === 1 ? 'it' : 'them'}.`,
        });
      } else if (change.lossy) {
        add({
          rule: 'lossy-type-change',
          target: { table: tableName, column: oldName },
          line,
          object: shown,
          message: `Changes \`${shown}\` ${described}: values that do not fit are cut off or rounded, or make the migration fail in strict mode.`,
          fix: 'Check the existing values fit the new type first; to keep every value, add a new column, copy and convert the data, and switch the code over before dropping the old one.',
        });
      }
      const explicit = context.algorithm && /^(inplace|instant)$/i.test(context.algorithm);
      if (change.rewrite && !explicit) {
        add({
          rule: 'table-rewrite',
          target: { table: tableName },
          line,
          object: shown,
          message: `Changes \`${shown}\` ${described}: MySQL copies \`${tableName}\` into a new table (ALGORITHM=COPY) and blocks writes to it for the whole copy.`,
          fix: `Add \`, ALGORITHM=INPLACE, LOCK=NONE\` (or \`ALGORITHM=INSTANT\`) where the change allows it: MySQL then fails instead of copying under a lock. On a big table, run the change with pt-online-schema-change or gh-ost, or add a new column, backfill it in batches and switch over.`,
        });
      }
    }
  } else if (item.resource === 'constraint' && item.action === 'add') {
    const constraint = item.create_definitions ?? {};
    const kind = String(constraint.constraint_type ?? '').toLowerCase();
    const name = String(constraint.constraint ?? constraint.index ?? `on ${tableName}`);
    const columns = asArray(constraint.definition).map((column) => String(column?.column ?? 'expression'));
    if (kind === 'foreign key' && !context.foreignKeyChecksOff) {
      const referenced = tableNameOf(constraint.reference_definition?.table);
      add({
        rule: 'foreign-key-checks-rows',
        target: { table: tableName },
        line,
        object: name,
        message: `Adds the foreign key \`${name}\` to the existing table \`${tableName}\`: with foreign_key_checks on, MySQL copies \`${tableName}\` (ALGORITHM=COPY) and checks every row${referenced ? ` against \`${referenced}\`` : ''}, blocking writes to \`${tableName}\` for the whole time (and fails on an orphan row).`,
        fix: `Check for orphans first, then run \`SET foreign_key_checks = 0;\` before this statement and \`SET foreign_key_checks = 1;\` after it: MySQL then adds the key in place without reading the rows. On a big table, pt-online-schema-change or gh-ost.`,
      });
    } else if (kind.startsWith('unique') || kind.startsWith('primary')) {
      add({ ...uniqueOnExistingData(tableName, name, columns), line, target: { table: tableName, columns } });
      if (kind.startsWith('unique') && !isOnline(context.algorithm, context.lock))
        add({
          ...indexNotOnline(
            tableName,
            name,
            `ALTER TABLE \`${tableName}\` ADD UNIQUE INDEX \`${name}\`(...), ALGORITHM=INPLACE, LOCK=NONE;`,
          ),
          line,
        });
    }
  } else if ((item.resource === 'index' || item.resource === 'key') && item.action === 'add') {
    if (/unique/i.test(String(item.keyword))) {
      const columns = asArray(item.definition).map((column) => String(column?.column ?? 'expression'));
      add({
        ...uniqueOnExistingData(tableName, String(item.index ?? `on ${tableName}`), columns),
        line,
        target: { table: tableName, columns },
      });
    }
    if (!isOnline(context.algorithm, context.lock))
      add({
        ...indexNotOnline(
          tableName,
          String(item.index ?? `on ${tableName}`),
          `ALTER TABLE \`${tableName}\` ADD INDEX ..., ALGORITHM=INPLACE, LOCK=NONE;`,
        ),
        line,
      });
  }
}

function uniqueOnExistingData(tableName: string, name: string, columns: string[]): Omit<Draft, 'statement' | 'line'> {
  const list = columns.map((column) => `\`${column}\``).join(', ');
  return {
    rule: 'unique-index-on-existing-data',
    object: name,
    message: `Makes ${list} unique on the existing table \`${tableName}\` (\`${name}\`): the migration fails if existing rows hold duplicates.`,
    fix: `Look for duplicates first (\`SELECT ${list}, COUNT(*) FROM \`${tableName}\` GROUP BY ${list} HAVING COUNT(*) > 1\`) and resolve them in an earlier migration.`,
  };
}

function indexNotOnline(tableName: string, index: string, statement: string): Omit<Draft, 'statement' | 'line'> {
  return {
    rule: 'index-without-online-ddl',
    target: { table: tableName },
    object: index,
    message: `Builds index \`${index}\` on the existing table \`${tableName}\` without \`ALGORITHM=INPLACE, LOCK=NONE\`: InnoDB builds it online when it can, but silently falls back to a build that blocks writes to \`${tableName}\` when it cannot.`,
    fix: `Ask for the online build: \`${statement}\` (MySQL then fails instead of locking). On a very big table, pt-online-schema-change or gh-ost.`,
  };
}

/** `ALGORITHM=INPLACE|INSTANT` with `LOCK=NONE` (or INSTANT alone): MySQL builds online or refuses. */
function isOnline(algorithm: unknown, lock: unknown): boolean {
  if (/^instant$/i.test(String(algorithm))) return true;
  return /^inplace$/i.test(String(algorithm)) && /^none$/i.test(String(lock));
}

/** `SET foreign_key_checks = 0|1` (session or global): the value set, else undefined. */
function foreignKeyChecksSetting(node: MysqlNode): boolean | undefined {
  if (node.type !== 'set') return undefined;
  for (const item of asArray(node.expr)) {
    if (String(item?.left?.name).toLowerCase() !== 'foreign_key_checks') continue;
    const value = item.right?.value;
    return !(value === 0 || /^(0|off|false)$/i.test(String(value)));
  }
  return undefined;
}

function columnOf(item: MysqlNode, createdIn: string | undefined): MysqlColumn {
  const nullable = String(item.nullable?.type ?? '').toLowerCase();
  const primary = /primary/i.test(String(item.primary_key ?? ''));
  return { name: String(item.column?.column), type: mysqlTypeOf(item.definition), notNull: nullable === 'not null' || primary, createdIn };
}

/** A default, AUTO_INCREMENT or a generated value fills the existing rows. */
function fillsItself(item: MysqlNode): boolean {
  return !!item.default_val || !!item.auto_increment || !!item.generated;
}

function tableNameOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const name = (first as MysqlNode | undefined)?.table;
  return typeof name === 'string' ? name : undefined;
}

function asArray(value: unknown): MysqlNode[] {
  return Array.isArray(value) ? value : value ? [value as MysqlNode] : [];
}

const IDENT = '(?:`(?:[^`]|``)*`|[\\w$]+)';
const DEFAULT_VALUE = "(?:'(?:[^'\\\\]|''|\\\\.)*'|[\\w.+-]+|\\([^()]*\\))";
const DEFAULT_CLAUSE = `ALTER\\s+(?:COLUMN\\s+)?${IDENT}\\s+(?:SET\\s+DEFAULT\\s+${DEFAULT_VALUE}|DROP\\s+DEFAULT)`;
const DEFAULT_ONLY = new RegExp(
  `^ALTER\\s+TABLE\\s+${IDENT}(?:\\s*\\.\\s*${IDENT})?\\s+${DEFAULT_CLAUSE}(?:\\s*,\\s*${DEFAULT_CLAUSE})*\\s*;?\\s*$`,
  'i',
);

/** An `ALTER TABLE` made only of `ALTER [COLUMN] c SET DEFAULT v` / `DROP DEFAULT` clauses (comments aside). */
export function isDefaultOnlyAlter(text: string): boolean {
  const code = text.replace(/--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  return DEFAULT_ONLY.test(code);
}
