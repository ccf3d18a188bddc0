import type { Finding } from '../verdict/check-result.js';
import { UsageError } from '../util/errors.js';

/**
 * The review's rules. Each names one hazard of a migration a pull request adds; `category` is the
 * `fail-on` category that governs it, `severity` how bad it is on its own (the gate decides failure).
 */
export const RULES = {
  // Destructive: data is lost, or the migration fails on the data that is there.
  'drop-table': { category: 'destructive', severity: 'error', title: 'Table dropped' },
  'drop-column': { category: 'destructive', severity: 'error', title: 'Column dropped' },
  'rename-as-drop-add': { category: 'destructive', severity: 'error', title: 'Rename done as drop + add' },
  'drop-type': { category: 'destructive', severity: 'error', title: 'Type dropped' },
  'enum-values-removed': { category: 'destructive', severity: 'error', title: 'Enum values removed' },
  'lossy-type-change': { category: 'destructive', severity: 'error', title: 'Type change can lose data' },
  truncate: { category: 'destructive', severity: 'error', title: 'Table truncated' },
  'delete-without-where': { category: 'destructive', severity: 'error', title: 'DELETE without WHERE' },
  'update-without-where': { category: 'destructive', severity: 'error', title: 'UPDATE without WHERE' },
  'required-column-without-default': { category: 'destructive', severity: 'error', title: 'Required column without default' },
  'unique-index-on-existing-data': { category: 'destructive', severity: 'warning', title: 'Unique index on existing data' },
  'not-analysed': { category: 'destructive', severity: 'warning', title: 'Statement not analysed' },
  // Locking and downtime: the statement blocks reads or writes of a table that is in use.
  'index-without-concurrently': { category: 'lock', severity: 'warning', title: 'Index built without CONCURRENTLY' },
  'concurrently-in-transaction': { category: 'lock', severity: 'error', title: 'CONCURRENTLY beside other statements' },
  'constraint-without-not-valid': { category: 'lock', severity: 'warning', title: 'Constraint validated under lock' },
  'table-rewrite': { category: 'lock', severity: 'warning', title: 'Type change rewrites the table' },
  'set-not-null': { category: 'lock', severity: 'warning', title: 'SET NOT NULL scans the table' },
  'volatile-default': { category: 'lock', severity: 'warning', title: 'Volatile default rewrites the table' },
  'vacuum-full': { category: 'lock', severity: 'warning', title: 'VACUUM FULL' },
  cluster: { category: 'lock', severity: 'warning', title: 'CLUSTER' },
  'missing-lock-timeout': { category: 'lock', severity: 'notice', title: 'No lock_timeout' },
  // MySQL/InnoDB only (PostgreSQL's CONCURRENTLY and NOT VALID have no MySQL equivalent).
  'index-without-online-ddl': { category: 'lock', severity: 'warning', title: 'Index built without LOCK=NONE' },
  'foreign-key-checks-rows': { category: 'lock', severity: 'warning', title: 'Foreign key copies and checks the table' },
} as const satisfies Record<string, { category: 'destructive' | 'lock'; severity: Severity; title: string }>;

export type RuleId = keyof typeof RULES;

export interface ReviewTarget {
  /** Absent: the default schema (search_path). */
  schema?: string;
  table: string;
  column?: string;
  /** The columns of a new unique index. */
  columns?: string[];
}
export type Severity = 'error' | 'warning' | 'notice';
export type ReviewCategory = 'destructive' | 'lock';

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** One hazard, on the line of the migration that causes it. Extends the check's finding so `check` can list it. */
export interface ReviewFinding extends Finding {
  kind: RuleId;
  rule: RuleId;
  severity: Severity;
  category: ReviewCategory;
  failsGate: boolean;
  file: string;
  line: number;
  /** The migration folder. */
  migration: string;
  /** The table, column, type or index concerned (`User.bio`, `Role`). */
  object: string;
  message: string;
  fix: string;
  /** The statement, shortened. */
  sql?: string;
  /** Set when an ignore comment silences the finding: the reason it gives. */
  ignored?: string;
  /** The table (and columns) the finding is about, for the counts on a read-only database. */
  target?: ReviewTarget;
  /** Measured on a read-only database when one is given (`note` says it in words, or why it could not be counted). */
  data?: { rows?: number; nonNull?: number; nulls?: number; duplicateGroups?: number; duplicateRows?: number; note?: string };
}

/**
 * Input `rules` / `--rules`: which rules run. A comma-separated list of rule ids or categories
 * (`destructive`, `lock`), `all` (the default); an item starting with `-` removes it. `not-analysed`
 * always runs: a statement nobody read must never pass silently.
 */
export function parseRules(value: string | undefined, inputName = "Input 'rules'"): Set<RuleId> {
  const items = (value ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  const include = items.filter((item) => !item.startsWith('-'));
  const exclude = items.filter((item) => item.startsWith('-')).map((item) => item.slice(1));
  const expand = (item: string): RuleId[] => {
    if (item === 'all') return RULE_IDS;
    if (item === 'destructive' || item === 'lock') return RULE_IDS.filter((id) => RULES[id].category === item);
    if ((RULE_IDS as string[]).includes(item)) return [item as RuleId];
    throw new UsageError(
      `${inputName}: unknown rule "${item}".`,
      `Use a comma-separated list of rules (${RULE_IDS.join(', ')}), the categories destructive or lock, or all; prefix one with - to leave it out. \`prisma-schema-guard review --list-rules\` explains each.`,
    );
  };
  const chosen = new Set<RuleId>(include.length === 0 ? RULE_IDS : include.flatMap(expand));
  for (const item of exclude) for (const id of expand(item)) chosen.delete(id);
  chosen.add('not-analysed');
  return chosen;
}
