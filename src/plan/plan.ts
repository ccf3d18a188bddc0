/**
 * The data-loss plan: the SQL `db push` would run, Prisma's own warnings and unexecutable steps
 * (verbatim), and each affected object with its row counts and a measured verdict. Pure: the
 * engine's output and the counts in, the plan and the decision out.
 */
import { tableLabel, type Change, type PlanStatement } from './changes.js';
import { measurementKey, type Measured, type Measurement, type Measurements } from './measurements.js';

/** What a step does to this database's data, measured on its rows. */
export type Outcome =
  /** Nothing is lost (an empty table or column). */
  | 'safe'
  /** Values or rows are destroyed. */
  | 'loses-data'
  /** The step fails on the data as it is (duplicates, NULLs, values that do not convert, rows without a value). */
  | 'will-fail'
  /** Prisma warns, but the data proves the step runs and keeps every value. */
  | 'will-succeed'
  /** The count could not be made (e.g. a column the same plan adds). */
  | 'unknown';

export interface AffectedObject {
  /** `Post`, `User.bio`, `User(name)`. */
  object: string;
  /** What happens to it, in words. */
  change: string;
  /** Rows affected: values dropped, rows without a value, rows in duplicate groups... */
  rows?: number;
  outcome: Outcome;
  /** The measurement behind the outcome, in words. */
  measured?: string;
  /** Prisma's messages about this object, verbatim. */
  prisma: string[];
  /** The statement that makes the change. */
  sql?: string;
}

export interface DataLossPlan {
  /** The SQL script `db push` would run, as Prisma generates it. */
  sql: string;
  /** Prisma's destructive-change warnings, verbatim. */
  warnings: string[];
  /** Prisma's unexecutable steps, verbatim. */
  unexecutable: string[];
  affected: AffectedObject[];
  /** Warnings the measurements prove harmless (a unique constraint on data without duplicates). */
  cleared: string[];
}

export interface PlanInput {
  sql: string;
  statements: PlanStatement[];
  warnings: string[];
  unexecutable: string[];
  measurements: Measurements;
}

export function buildPlan(input: PlanInput): DataLossPlan {
  const affected: AffectedObject[] = [];
  // The change behind each object, kept out of the plan's JSON.
  const changes = new Map<AffectedObject, Change>();
  const changeOf = (object: AffectedObject) => changes.get(object);
  for (const statement of input.statements) {
    for (const change of statement.changes) {
      // A table the same plan creates holds no data: nothing to show or measure.
      const rows = input.measurements.get(measurementKey({ kind: 'rows', table: change.table }));
      if (rows && 'missing' in rows) continue;
      const object = describe(change, withoutCommentLines(statement.sql), input.measurements);
      changes.set(object, change);
      affected.push(object);
    }
  }
  const messages = [...input.warnings, ...input.unexecutable];
  const matched = new Set<string>();
  for (const object of affected) {
    const change = changeOf(object);
    object.prisma = messages.filter((message) => change && mentions(message, change));
    for (const message of object.prisma) matched.add(message);
  }
  for (const message of messages.filter((m) => !matched.has(m))) {
    affected.push({
      object: tokens(message)[0] ?? '—',
      change: 'reported by Prisma',
      outcome: input.unexecutable.includes(message) ? 'will-fail' : 'loses-data',
      prisma: [message],
    });
  }
  const cleared = input.warnings.filter((warning) => {
    const about = affected.filter((object) => object.prisma.includes(warning));
    return about.length > 0 && about.every((object) => object.outcome === 'will-succeed' && changeOf(object)?.kind === 'add-unique');
  });
  return { sql: input.sql, warnings: input.warnings, unexecutable: input.unexecutable, affected, cleared };
}

export type Decision =
  { action: 'apply'; force: boolean; acceptedDataLoss: boolean } | { action: 'reset-and-apply' } | { action: 'block'; reason: BlockReason };

export type BlockReason = 'data-loss' | 'unexecutable' | 'will-fail';

/**
 * What to do with a plan Prisma did not apply on its own (it had warnings or unexecutable steps).
 * A step measured to fail is never attempted (a push would stop half-way); only a reset, asked
 * for, gets past it or past unexecutable steps.
 */
export function decide(plan: DataLossPlan, options: { acceptDataLoss: boolean; forceReset: boolean }): Decision {
  const willFail = plan.affected.some((object) => object.outcome === 'will-fail');
  if (plan.unexecutable.length > 0 || willFail) {
    if (options.forceReset) return { action: 'reset-and-apply' };
    return { action: 'block', reason: plan.unexecutable.length > 0 ? 'unexecutable' : 'will-fail' };
  }
  const remaining = plan.warnings.filter((warning) => !plan.cleared.includes(warning));
  if (remaining.length === 0) return { action: 'apply', force: true, acceptedDataLoss: false };
  if (options.acceptDataLoss) return { action: 'apply', force: true, acceptedDataLoss: true };
  return { action: 'block', reason: 'data-loss' };
}

/** True when the plan destroys data or cannot run without destroying it. */
export function losesData(plan: DataLossPlan): boolean {
  if (plan.unexecutable.length > 0) return true;
  if (plan.warnings.some((warning) => !plan.cleared.includes(warning))) return true;
  return plan.affected.some((object) => object.outcome === 'loses-data');
}

function describe(change: Change, sql: string, measurements: Measurements): AffectedObject {
  const table = tableLabel(change.table);
  const count = (measurement: Measurement) => measurements.get(measurementKey(measurement));
  const rows = count({ kind: 'rows', table: change.table });
  let object: AffectedObject;
  switch (change.kind) {
    case 'drop-table': {
      object = {
        object: table,
        change: 'table dropped',
        prisma: [],
        sql,
        ...counted(rows, (n) => (n > 0 ? ['loses-data', `${plural(n, 'row')} deleted`] : ['safe', 'the table is empty'])),
      };
      break;
    }
    case 'drop-column': {
      const values = count({ kind: 'non-null', table: change.table, column: change.column });
      object = {
        object: `${table}.${change.column}`,
        change: 'column dropped',
        prisma: [],
        sql,
        ...counted(values, (n) => (n > 0 ? ['loses-data', `${plural(n, 'value')} deleted`] : ['safe', 'the column holds no value'])),
      };
      break;
    }
    case 'add-required-column': {
      object = {
        object: `${table}.${change.column}`,
        change: `required column added without a default (${change.type})`,
        prisma: [],
        sql,
        ...counted(rows, (n) =>
          n > 0 ? ['will-fail', `${plural(n, 'existing row')} would have no value`] : ['will-succeed', 'the table is empty'],
        ),
      };
      break;
    }
    case 'make-required': {
      const nulls = count({ kind: 'nulls', table: change.table, column: change.column });
      object = {
        object: `${table}.${change.column}`,
        change: 'made required',
        prisma: [],
        sql,
        ...counted(nulls, (n) => (n > 0 ? ['will-fail', `${plural(n, 'row')} hold NULL`] : ['will-succeed', 'no row holds NULL'])),
      };
      break;
    }
    case 'change-type': {
      const values = count({ kind: 'non-null', table: change.table, column: change.column });
      const bad = count({ kind: 'uncastable', table: change.table, column: change.column, type: change.type });
      const target = `\`${change.type}\``;
      if (change.recreated) {
        object = {
          object: `${table}.${change.column}`,
          change: `type changed to ${change.type} (no cast: the column is dropped and added again)`,
          prisma: [],
          sql,
          ...counted(values, (n) => {
            if (n === 0) return ['safe', 'the column holds no value'];
            const convertible =
              bad && 'count' in bad ? `; ${n - bad.count} of ${n} would convert to ${target} with an explicit cast (\`USING\`)` : '';
            return ['loses-data', `${plural(n, 'value')} deleted${convertible}`];
          }),
        };
      } else {
        object = {
          object: `${table}.${change.column}`,
          change: `type changed to ${change.type}`,
          prisma: [],
          sql,
          ...counted(
            bad,
            (n, total) =>
              n > 0
                ? ['will-fail', `${n} of ${total} ${n === 1 && total === 1 ? 'value does' : 'values do'} not convert to ${target}`, n]
                : ['will-succeed', `all ${plural(total, 'value')} convert to ${target}`, total],
            values,
          ),
        };
      }
      break;
    }
    case 'add-unique': {
      const groups = count({ kind: 'duplicate-groups', table: change.table, columns: change.columns });
      object = {
        object: `${table}(${change.columns.join(', ')})`,
        change: `unique constraint added (${change.index})`,
        prisma: [],
        sql,
        ...counted(groups, (n, _total, measured) =>
          n > 0
            ? ['will-fail', `${plural(n, 'group')} of duplicate values (${plural(measured.rows ?? 0, 'row')})`, measured.rows]
            : ['will-succeed', 'no duplicate values'],
        ),
      };
      break;
    }
  }
  return object;
}

type Verdict = [Outcome, string, number?];

/** Outcome, words and rows from a count; an uncounted measurement gives `unknown` with the reason. */
function counted(
  measured: Measured | undefined,
  judge: (count: number, total: number, measured: { count: number; rows?: number }) => Verdict,
  total?: Measured,
): Pick<AffectedObject, 'outcome' | 'measured' | 'rows'> {
  if (!measured) return { outcome: 'unknown' };
  if ('error' in measured) return { outcome: 'unknown', measured: `not measured: ${measured.error}` };
  // A column the same plan adds holds no value yet: nothing can collide, fail to convert or be lost.
  if ('missing' in measured) return { outcome: 'will-succeed', measured: 'the column is new: it holds no value yet' };
  const all = total && 'count' in total ? total.count : measured.count;
  const [outcome, words, rows] = judge(measured.count, all, measured);
  return { outcome, measured: words, rows: rows ?? measured.count };
}

function withoutCommentLines(sql: string): string {
  return sql.replace(/^\s*--.*$\n?/gm, '').trim();
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The backticked names in one of Prisma's messages: `bio`, `User`, `[name]`. */
function tokens(message: string): string[] {
  return [...message.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

function mentions(message: string, change: Change): boolean {
  const names = tokens(message);
  const table = change.table.name;
  if (!names.includes(table) && !names.includes(tableLabel(change.table))) return false;
  switch (change.kind) {
    case 'drop-table':
      return names.length === 1;
    case 'add-unique': {
      const wanted = [...change.columns].sort().join(',');
      return names.some(
        (name) =>
          /^\[.*\]$/.test(name) &&
          name
            .slice(1, -1)
            .split(',')
            .map((c) => c.trim())
            .sort()
            .join(',') === wanted,
      );
    }
    default:
      return names.includes(change.column);
  }
}
