import type { AlterTableCmd, ColumnDef, Constraint, Node, RangeVar } from 'libpg-query';
import type { FailOnCategory } from '../gate/fail-on.js';
import { Catalog, DEFAULT_SCHEMA, itemsOf, listName, relationKey, relationName, type CatalogColumn } from './catalog.js';
import { findingsOf, firstWords, type FindingDraft } from './finding.js';
import { parseMigration, type ParsedStatement } from './parse.js';
import { runsConcurrentlyBesideOthers, type PrismaVersion } from './prisma-version.js';
import { RULE_IDS, type ReviewFinding, type ReviewTarget, type RuleId } from './rules.js';
import { classifyTypeChange, displayType, isSerial, sameType, stringOf, typeOf, type ColumnType } from './sql-types.js';

/** One migration the pull request adds. */
export interface ReviewMigration {
  /** The folder name. */
  name: string;
  /** Path of its migration.sql as shown to the user. */
  file: string;
  sql: string;
}

export interface ReviewInput {
  /** The schema before the PR (the base branch's migrations replayed by `catalogOf`). */
  base: Catalog;
  /** The migrations the PR adds, in the order Prisma applies them. */
  migrations: ReviewMigration[];
  prisma?: PrismaVersion;
  /** Rules to run (default: all). */
  rules?: Set<RuleId>;
  /** Categories that fail the gate (default: destructive). */
  failOn?: Set<FailOnCategory>;
  /** Advance `base` itself through the migrations instead of a copy, settled afterwards (to review a history one migration at a time). */
  advanceBase?: boolean;
}

/** A finding before the ignore comments and the gate are applied. */
interface Draft extends FindingDraft {
  statement: ParsedStatement;
}

/** Replays migrations into a catalog without a database: the schema the base branch's history creates. */
export async function catalogOf(scripts: string[]): Promise<Catalog> {
  const catalog = new Catalog();
  for (const script of scripts) {
    const parsed = await parseMigration(script);
    for (const statement of parsed.statements) if (statement.node) catalog.apply(statement.node);
  }
  return catalog;
}

/**
 * The review: each statement of each added migration against the rules, with the schema as it is
 * right before that statement. Pure apart from loading the parser: SQL in, findings out.
 */
export async function reviewMigrations(input: ReviewInput): Promise<ReviewFinding[]> {
  const rules = input.rules ?? new Set(RULE_IDS);
  const failOn = input.failOn ?? new Set<FailOnCategory>(['destructive']);
  const catalog = input.advanceBase ? input.base : input.base.clone();
  const findings: ReviewFinding[] = [];
  for (const migration of input.migrations) {
    const parsed = await parseMigration(migration.sql);
    const drafts = analyseMigration(parsed.statements, catalog, migration.name, input.prisma, rules);
    findings.push(...findingsOf(drafts, { lines: parsed.lines, file: migration.file, migration: migration.name, rules, failOn }));
  }
  if (input.advanceBase) catalog.settle();
  return findings;
}

function analyseMigration(
  statements: ParsedStatement[],
  catalog: Catalog,
  migration: string,
  prisma: PrismaVersion | undefined,
  rules: Set<RuleId>,
): Draft[] {
  const drafts: Draft[] = [];
  const dropped: Array<{ table: string; column: CatalogColumn; draft: Draft }> = [];
  const added: Array<{ table: string; name: string; type?: ColumnType }> = [];
  let lockTimeout = false;
  let lockTimeoutReported = false;
  for (const statement of statements) {
    const node = statement.node;
    if (!node) {
      drafts.push({
        rule: 'not-analysed',
        line: statement.line,
        object: firstWords(statement.text),
        message: `PostgreSQL's parser cannot read this statement (${statement.error ?? 'syntax error'}), so it was not checked for destructive or locking changes.`,
        fix: 'Fix the statement (it would fail on deploy too), or check it by hand and silence this with an ignore comment.',
        statement,
      });
      continue;
    }
    if (isLockTimeout(node)) lockTimeout = true;
    const context: StatementContext = { catalog, statement, prisma, drafts, dropped, added };
    analyseStatement(node, context);
    const locked = lockedTable(node, catalog);
    if (locked && !lockTimeout && !lockTimeoutReported) {
      lockTimeoutReported = true;
      drafts.push({
        rule: 'missing-lock-timeout',
        line: statement.line,
        object: locked,
        message: `This migration locks the existing table \`${locked}\` without a \`lock_timeout\`: if a long query holds a lock on it, the migration waits, and every query on \`${locked}\` queues behind it.`,
        fix: "Start the migration with `SET lock_timeout = '5s';` and retry the deploy if it times out.",
        statement,
      });
    }
    catalog.apply(node, migration);
  }
  // A column dropped and one of the same type added to the same table: most likely a rename.
  if (rules.has('rename-as-drop-add')) {
    const used = new Set<number>();
    for (const drop of dropped) {
      const index = added.findIndex(
        (add, i) => !used.has(i) && add.table === drop.table && add.name !== drop.column.name && sameType(add.type, drop.column.type),
      );
      if (index === -1) continue;
      used.add(index);
      const add = added[index]!;
      const table = drop.draft.object.slice(0, drop.draft.object.lastIndexOf('.'));
      drop.draft.rule = 'rename-as-drop-add';
      drop.draft.message = `Drops column \`${drop.draft.object}\` and adds \`${table}.${add.name}\` of the same type (${displayType(add.type)}): looks like a rename, but the data of \`${drop.column.name}\` is lost.`;
      drop.draft.fix = `\`ALTER TABLE "${table}" RENAME COLUMN "${drop.column.name}" TO "${add.name}";\` keeps the data (in the schema, \`@map("${drop.column.name}")\` keeps the old column name without a migration).`;
    }
  }
  // Before Prisma 7.4 the whole file is one transaction, where CONCURRENTLY fails.
  if (runsConcurrentlyBesideOthers(prisma) === false && statements.length > 1) {
    const concurrent = statements.find((statement) => statement.node && isConcurrent(statement.node));
    if (concurrent) {
      drafts.push({
        rule: 'concurrently-in-transaction',
        line: concurrent.line,
        object: firstWords(concurrent.text),
        message: `Prisma ${prisma?.version} runs a migration file as one transaction, and \`CONCURRENTLY\` cannot run inside a transaction block: this migration fails on deploy.`,
        fix: 'Move the CONCURRENTLY statement into a migration of its own, alone in its migration.sql (or upgrade to Prisma 7.4+, which runs it beside other statements).',
        statement: concurrent,
      });
    }
  }
  return drafts.sort((a, b) => a.line - b.line);
}

interface StatementContext {
  catalog: Catalog;
  statement: ParsedStatement;
  prisma?: PrismaVersion;
  drafts: Draft[];
  dropped: Array<{ table: string; column: CatalogColumn; draft: Draft }>;
  added: Array<{ table: string; name: string; type?: ColumnType }>;
}

function analyseStatement(node: Node, context: StatementContext): void {
  const { catalog, statement } = context;
  const add = (draft: Omit<Draft, 'statement' | 'line'> & { line?: number }) => {
    const full: Draft = { ...draft, line: draft.line ?? statement.line, statement };
    context.drafts.push(full);
    return full;
  };
  if ('DropStmt' in node) {
    const drop = node.DropStmt;
    for (const object of drop.objects ?? []) {
      const { key, name } = listName(itemsOf(object));
      if (drop.removeType === 'OBJECT_TABLE') {
        const table = catalog.tables.get(key);
        if (table?.createdIn) continue;
        const columns = table ? ` (${table.columns.size} column${table.columns.size === 1 ? '' : 's'})` : '';
        add({
          rule: 'drop-table',
          target: targetOfKey(key),
          object: name,
          message: `Drops table \`${name}\`${columns}: every row is lost${drop.behavior === 'DROP_CASCADE' ? ', and CASCADE drops the views and foreign keys that depend on it' : ''}.`,
          fix: `Deploy code that no longer uses \`${name}\` first; back up its rows if they may be needed (\`pg_dump -t '"${name}"'\`), or keep the table.`,
        });
      } else if (drop.removeType === 'OBJECT_TYPE') {
        const dropped = catalog.enums.get(key);
        if (dropped?.createdIn) continue;
        const replacement = dropped?.baseName ? catalog.enumNamed(dropped.baseName) : undefined;
        if (dropped && replacement && replacement.createdIn) {
          // Prisma's way of removing enum values: create Role_new, move the columns, rename, drop Role_old.
          const removed = dropped.values.filter((value) => !replacement.values.includes(value));
          if (removed.length === 0) continue;
          const list = removed.map((value) => `'${value}'`).join(', ');
          add({
            rule: 'enum-values-removed',
            object: dropped.baseName!,
            message: `Removes ${removed.length === 1 ? 'the value' : 'the values'} ${list} from enum \`${dropped.baseName}\`: rows that hold ${removed.length === 1 ? 'it' : 'them'} make the migration fail (the cast to the new type rejects them), or lose the value if they were changed beforehand.`,
            fix: `Before this migration, move the rows that use ${list} to another value (\`UPDATE ... SET ... WHERE ... IN (${list})\`), and deploy code that no longer writes ${removed.length === 1 ? 'it' : 'them'}.`,
          });
          continue;
        }
        add({
          rule: 'drop-type',
          object: name,
          message: `Drops type \`${name}\`${dropped ? ` (enum ${dropped.values.map((value) => `'${value}'`).join(', ')})` : ''}${drop.behavior === 'DROP_CASCADE' ? ': CASCADE drops every column of this type, with its data' : ': the values it defines are gone'}.`,
          fix: 'Make sure no column uses the type any more (drop or convert them first, deliberately), or keep the type.',
        });
      }
    }
  } else if ('AlterTableStmt' in node) {
    const alter = node.AlterTableStmt;
    if (alter.objtype !== 'OBJECT_TABLE') return;
    const table = catalog.table(alter.relation);
    const tableName = relationName(alter.relation);
    const isNew = table?.createdIn !== undefined;
    (alter.cmds ?? []).forEach((item, index) => {
      if (!('AlterTableCmd' in item)) return;
      const cmd = item.AlterTableCmd;
      const line = statement.clauseLines[index] ?? statement.line;
      if (!isNew) alterTableCommand(cmd, { ...context, table: alter.relation, tableName, line, add });
    });
  } else if ('IndexStmt' in node) {
    const index = node.IndexStmt;
    if (catalog.isNew(index.relation)) return;
    const tableName = relationName(index.relation);
    const columns = (index.indexParams ?? []).map((param) => ('IndexElem' in param ? (param.IndexElem.name ?? 'expression') : '?'));
    const name = index.idxname ?? `on ${tableName}`;
    if (index.unique) add({ ...uniqueOnExistingData(tableName, name, columns), target: { ...targetOf(index.relation), columns } });
    if (!index.concurrent) {
      add({
        rule: 'index-without-concurrently',
        target: targetOf(index.relation),
        object: name,
        message: `Builds index \`${name}\` on the existing table \`${tableName}\` without CONCURRENTLY: writes to \`${tableName}\` are blocked (SHARE lock) until the index is built.`,
        fix: concurrentlyAdvice(context.prisma, `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY`),
      });
    }
  } else if ('TruncateStmt' in node) {
    for (const relation of node.TruncateStmt.relations ?? []) {
      if (!('RangeVar' in relation) || catalog.isNew(relation.RangeVar)) continue;
      const name = relationName(relation.RangeVar);
      add({
        rule: 'truncate',
        target: targetOf(relation.RangeVar),
        object: name,
        message: `Truncates \`${name}\`: every row is deleted${node.TruncateStmt.behavior === 'DROP_CASCADE' ? ', and CASCADE empties the tables that reference it' : ''}.`,
        fix: 'Delete only the rows meant to go (`DELETE ... WHERE ...`), or back the table up before.',
      });
    }
  } else if ('DeleteStmt' in node) {
    const del = node.DeleteStmt;
    if (del.whereClause || catalog.isNew(del.relation)) return;
    const name = relationName(del.relation);
    add({
      rule: 'delete-without-where',
      target: targetOf(del.relation),
      object: name,
      message: `Deletes every row of \`${name}\` (no WHERE clause).`,
      fix: 'Add the WHERE clause that selects the rows meant to go; if all of them are, say so with an ignore comment.',
    });
  } else if ('UpdateStmt' in node) {
    const update = node.UpdateStmt;
    if (update.whereClause || catalog.isNew(update.relation)) return;
    const name = relationName(update.relation);
    const columns = (update.targetList ?? []).map((target) => ('ResTarget' in target ? target.ResTarget.name : undefined)).filter(Boolean);
    add({
      rule: 'update-without-where',
      target: targetOf(update.relation),
      object: name,
      message: `Overwrites ${columns.map((column) => `\`${column}\``).join(', ')} in every row of \`${name}\` (no WHERE clause): the values before are lost, and every row is locked while it runs.`,
      fix: 'Add the WHERE clause that selects the rows meant to change (a backfill can use `WHERE "column" IS NULL`), and batch it on big tables.',
    });
  } else if ('VacuumStmt' in node) {
    const vacuum = node.VacuumStmt;
    const full = (vacuum.options ?? []).some(
      (option) => 'DefElem' in option && option.DefElem.defname === 'full' && !isFalse(option.DefElem.arg),
    );
    if (!full) return;
    const names = (vacuum.rels ?? []).map((rel) => ('VacuumRelation' in rel ? relationName(rel.VacuumRelation.relation) : '?'));
    const object = names.join(', ') || 'every table';
    add({
      rule: 'vacuum-full',
      object,
      message: `VACUUM FULL rewrites ${names.length ? `\`${object}\`` : 'every table of the database'} under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes.`,
      fix: 'Leave space reclaiming to autovacuum, or use pg_repack / pg_squeeze outside the migration.',
    });
  } else if ('ClusterStmt' in node) {
    const name = node.ClusterStmt.relation ? relationName(node.ClusterStmt.relation) : 'every clustered table';
    add({
      rule: 'cluster',
      object: name,
      message: `CLUSTER rewrites \`${name}\` under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes.`,
      fix: 'Use pg_repack outside the migration, or drop the statement.',
    });
  } else if ('DoStmt' in node) {
    add({
      rule: 'not-analysed',
      object: 'DO block',
      message: 'The body of this DO block is PL/pgSQL, which this review does not read: what it changes was not checked.',
      fix: 'Check the block by hand; once reviewed, silence this with an ignore comment that says why it is safe.',
    });
  }
}

type CommandContext = StatementContext & {
  table: RangeVar | undefined;
  tableName: string;
  line: number;
  add: (draft: Omit<Draft, 'statement' | 'line'> & { line?: number }) => Draft;
};

function alterTableCommand(cmd: AlterTableCmd, context: CommandContext): void {
  const { catalog, tableName, line, add } = context;
  const table = catalog.table(context.table);
  const key = relationKey(context.table);
  const column = table?.columns.get(cmd.name ?? '');
  const object = `${tableName}.${cmd.name ?? '?'}`;
  switch (cmd.subtype) {
    case 'AT_DropColumn': {
      if (column?.createdIn) return;
      const draft = add({
        rule: 'drop-column',
        target: { ...targetOf(context.table), column: cmd.name },
        line,
        object,
        message: `Drops column \`${object}\`${column?.type ? ` (${displayType(column.type)})` : ''}: its value in every row is lost.`,
        fix: `Deploy code that no longer reads or writes \`${cmd.name}\` first; copy the values elsewhere if they may be needed, or keep the column.`,
      });
      if (column) context.dropped.push({ table: key, column, draft });
      return;
    }
    case 'AT_AddColumn': {
      const definition = cmd.def && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined;
      if (!definition) return;
      const name = `${tableName}.${definition.colname}`;
      context.added.push({ table: key, name: definition.colname ?? '?', type: typeOf(definition.typeName) });
      const constraints = constraintsOf(definition);
      const fillsItself =
        isSerial(definition.typeName) ||
        constraints.some((c) => c.contype === 'CONSTR_DEFAULT' || c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED');
      if (constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY') && !fillsItself) {
        add({
          rule: 'required-column-without-default',
          target: targetOf(context.table),
          line,
          object: name,
          message: `Adds the required column \`${name}\` without a default: the migration fails if \`${tableName}\` has any row.`,
          fix: 'Give the field a default (`@default(...)`), or add it as optional, backfill it, then make it required in a later migration.',
        });
      }
      const volatile = volatileDefault(definition);
      if (volatile) {
        add({
          rule: 'volatile-default',
          line,
          object: name,
          message: `Adds \`${name}\` with ${volatile}: PostgreSQL rewrites all of \`${tableName}\` under an ACCESS EXCLUSIVE lock to fill it (a constant default would not).`,
          fix: 'Add the column without a default (or with a constant one), then set the default with ALTER COLUMN ... SET DEFAULT and backfill existing rows in batches.',
        });
      }
      return;
    }
    case 'AT_AlterColumnType': {
      const definition = cmd.def && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined;
      const to = typeOf(definition?.typeName);
      const from = column?.type;
      const change = classifyTypeChange(from, to, definition?.raw_default !== undefined);
      const enumSwap = !!from && !!to && !!catalog.enumNamed(from.name) && !!catalog.enumNamed(to.name);
      const described = from
        ? `from ${displayType(from)} to ${displayType(to)}`
        : `to ${displayType(to)} (its type before is not known from the migrations)`;
      if (change.lossy && !enumSwap && !column?.createdIn) {
        add({
          rule: 'lossy-type-change',
          target: { ...targetOf(context.table), column: cmd.name },
          line,
          object,
          message: `Changes \`${object}\` ${described}: values that do not fit are cut off or rounded, or make the migration fail.`,
          fix: 'Check the existing values fit the new type first; to keep every value, add a new column, copy and convert the data, and switch the code over before dropping the old one.',
        });
      }
      if (change.rewrite) {
        add({
          rule: 'table-rewrite',
          target: targetOf(context.table),
          line,
          object,
          message: `Changes \`${object}\` ${described}: PostgreSQL rewrites \`${tableName}\` and rebuilds its indexes under an ACCESS EXCLUSIVE lock (no reads, no writes) for the whole time.`,
          fix: 'On a big table: add a column of the new type, backfill it in batches, switch the code to it, then drop the old column.',
        });
      }
      return;
    }
    case 'AT_SetNotNull':
      add({
        rule: 'set-not-null',
        target: { ...targetOf(context.table), column: cmd.name },
        line,
        object,
        message: `Sets \`${object}\` NOT NULL: PostgreSQL scans all of \`${tableName}\` under an ACCESS EXCLUSIVE lock to look for NULLs (and the migration fails if there is one).`,
        fix: `Add \`CHECK ("${cmd.name}" IS NOT NULL) NOT VALID\`, VALIDATE it in a separate statement, then SET NOT NULL (PostgreSQL 12+ uses the check and skips the scan) and drop the check.`,
      });
      return;
    case 'AT_AddConstraint': {
      const constraint = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
      if (!constraint) return;
      const name = constraint.conname ?? `on ${tableName}`;
      if ((constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') && !constraint.skip_validation) {
        const foreign = constraint.contype === 'CONSTR_FOREIGN';
        const referenced = foreign && constraint.pktable ? relationName(constraint.pktable) : undefined;
        add({
          rule: 'constraint-without-not-valid',
          target: targetOf(context.table),
          line,
          object: name,
          message: foreign
            ? `Adds the foreign key \`${name}\` to the existing table \`${tableName}\` and validates it at once: PostgreSQL scans \`${tableName}\` while writes to \`${tableName}\`${referenced ? ` and \`${referenced}\`` : ''} are blocked.`
            : `Adds the CHECK constraint \`${name}\` to the existing table \`${tableName}\` and validates it at once: PostgreSQL scans \`${tableName}\` under an ACCESS EXCLUSIVE lock.`,
          fix: `Add it with NOT VALID, then \`ALTER TABLE "${tableName}" VALIDATE CONSTRAINT "${name}";\` in a separate statement (it takes a lock that lets reads and writes continue).`,
        });
      }
      if ((constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') && !constraint.indexname) {
        const columns = (constraint.keys ?? []).map((key) => stringOf(key) ?? '?');
        add({ ...uniqueOnExistingData(tableName, name, columns), line, target: { ...targetOf(context.table), columns } });
        add({
          rule: 'index-without-concurrently',
          target: targetOf(context.table),
          line,
          object: name,
          message: `Builds the index of \`${name}\` on the existing table \`${tableName}\` with writes blocked until it is built.`,
          fix: `${concurrentlyAdvice(context.prisma, 'CREATE UNIQUE INDEX CONCURRENTLY')} Then attach it with \`ALTER TABLE "${tableName}" ADD CONSTRAINT "${name}" ${constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX "<index>";\`.`,
        });
      }
      return;
    }
  }
}

function uniqueOnExistingData(tableName: string, name: string, columns: string[]): Omit<Draft, 'statement' | 'line'> {
  const list = columns.map((column) => `"${column}"`).join(', ');
  return {
    rule: 'unique-index-on-existing-data',
    object: name,
    message: `Makes ${columns.map((column) => `\`${column}\``).join(', ')} unique on the existing table \`${tableName}\` (\`${name}\`): the migration fails if existing rows hold duplicates.`,
    fix: `Look for duplicates first (\`SELECT ${list}, count(*) FROM "${tableName}" GROUP BY ${list} HAVING count(*) > 1\`) and resolve them in an earlier migration.`,
  };
}

/** How to build an index without blocking writes, for the project's Prisma version. */
function concurrentlyAdvice(prisma: PrismaVersion | undefined, statement: string): string {
  switch (runsConcurrentlyBesideOthers(prisma)) {
    case true:
      return `Use \`${statement}\` in this migration: Prisma ${prisma?.version} runs it outside a transaction, beside the other statements.`;
    case false:
      return `Use \`${statement}\` in a migration of its own, alone in its migration.sql: Prisma ${prisma?.version} runs a migration as one transaction, where CONCURRENTLY fails (7.4+ accepts it beside other statements).`;
    default:
      return `Use \`${statement}\`: with Prisma 7.4+ in this migration; before 7.4, alone in a migration of its own (a migration ran as one transaction, where CONCURRENTLY fails).`;
  }
}

const VOLATILE_FUNCTIONS = new Set([
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'gen_random_bytes',
  'setseed',
]);

/** A default that PostgreSQL must compute row by row (so it rewrites the table), described; else undefined. */
function volatileDefault(definition: ColumnDef): string | undefined {
  if (isSerial(definition.typeName)) return `the sequence of a ${stringOf(definition.typeName?.names?.at(-1))} type`;
  for (const constraint of constraintsOf(definition)) {
    if (constraint.contype === 'CONSTR_GENERATED' && constraint.generated_kind === 's') return 'a stored generated value';
    if (constraint.contype === 'CONSTR_IDENTITY') return 'an identity sequence';
    if (constraint.contype !== 'CONSTR_DEFAULT') continue;
    const volatile = functionNames(constraint.raw_expr).find((name) => VOLATILE_FUNCTIONS.has(name));
    if (volatile) return `the volatile default \`${volatile}()\``;
  }
  return undefined;
}

function functionNames(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(functionNames);
  const names: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'FuncCall') {
      const name = (value as { funcname?: Node[] }).funcname?.map(stringOf).at(-1);
      if (name) names.push(name.toLowerCase());
    }
    names.push(...functionNames(value));
  }
  return names;
}

function constraintsOf(definition: ColumnDef): Constraint[] {
  return (definition.constraints ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
}

function isLockTimeout(node: Node): boolean {
  if (!('VariableSetStmt' in node) || node.VariableSetStmt.name !== 'lock_timeout') return false;
  const value = node.VariableSetStmt.args?.[0];
  if (!value || !('A_Const' in value)) return false;
  const constant = value.A_Const;
  if (constant.ival) return (constant.ival.ival ?? 0) !== 0;
  if (constant.sval) return !/^\s*0\s*(ms|s|min)?\s*$/i.test(constant.sval.sval ?? '');
  return false;
}

/** The existing table a statement takes a strong lock on, if any. */
function lockedTable(node: Node, catalog: Catalog): string | undefined {
  const existing = (relation: RangeVar | undefined) => (relation && !catalog.isNew(relation) ? relationName(relation) : undefined);
  if ('AlterTableStmt' in node && node.AlterTableStmt.objtype === 'OBJECT_TABLE') return existing(node.AlterTableStmt.relation);
  if ('IndexStmt' in node && !node.IndexStmt.concurrent) return existing(node.IndexStmt.relation);
  if ('RenameStmt' in node && (node.RenameStmt.renameType === 'OBJECT_TABLE' || node.RenameStmt.renameType === 'OBJECT_COLUMN'))
    return existing(node.RenameStmt.relation);
  if ('TruncateStmt' in node) {
    const first = node.TruncateStmt.relations?.find((relation) => 'RangeVar' in relation && !catalog.isNew(relation.RangeVar));
    return first && 'RangeVar' in first ? relationName(first.RangeVar) : undefined;
  }
  if ('DropStmt' in node && node.DropStmt.removeType === 'OBJECT_TABLE') {
    for (const object of node.DropStmt.objects ?? []) {
      const { key, name } = listName(itemsOf(object));
      if (!catalog.tables.get(key)?.createdIn) return name;
    }
  }
  if ('ClusterStmt' in node) return node.ClusterStmt.relation ? existing(node.ClusterStmt.relation) : 'every clustered table';
  return undefined;
}

function isConcurrent(node: Node): boolean {
  if ('IndexStmt' in node) return node.IndexStmt.concurrent === true;
  if ('DropStmt' in node) return node.DropStmt.concurrent === true;
  if ('ReindexStmt' in node)
    return (node.ReindexStmt.params ?? []).some((param) => 'DefElem' in param && param.DefElem.defname === 'concurrently');
  return false;
}

function isFalse(node: Node | undefined): boolean {
  if (!node) return false;
  if ('Boolean' in node) return node.Boolean.boolval !== true;
  if ('Integer' in node) return (node.Integer.ival ?? 0) === 0;
  if ('String' in node) return /^(false|off|0)$/i.test(node.String.sval ?? '');
  return false;
}

function targetOf(relation: RangeVar | undefined): ReviewTarget {
  const schema = relation?.schemaname;
  return { ...(schema && schema !== DEFAULT_SCHEMA ? { schema } : {}), table: relation?.relname ?? '?' };
}

function targetOfKey(key: string): ReviewTarget {
  const dot = key.indexOf('.');
  const schema = key.slice(0, dot);
  return { ...(schema !== DEFAULT_SCHEMA ? { schema } : {}), table: key.slice(dot + 1) };
}
