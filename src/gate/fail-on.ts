import { UsageError } from '../util/errors.js';

/**
 * Which findings fail the gate (input `fail-on`, CLI `--fail-on`): a comma-separated list of
 * categories, or `none`. Verdicts that mean the schema and its migrations disagree (missing or
 * failing migration, provider mismatch) always fail; `fail-on` governs the other findings.
 *
 * - `history`: migrations on the base branch edited, deleted, renamed; out-of-order additions; lock file changes.
 * - `destructive`: a migration the PR adds destroys data.
 * - `lock`: a migration the PR adds takes locks that block production.
 * - `unapplied`: drift: migrations not yet applied to the live database.
 * - `drift`: drift: the live database differs from the history.
 */
export const FAIL_ON_CATEGORIES = ['history', 'destructive', 'lock', 'unapplied', 'drift'] as const;
export type FailOnCategory = (typeof FAIL_ON_CATEGORIES)[number];

/** The default: everything except findings that are expected in normal operation (unapplied migrations). */
export const DEFAULT_FAIL_ON: readonly FailOnCategory[] = ['history', 'destructive', 'drift'];

export function parseFailOn(value: string | undefined, inputName = "Input 'fail-on'"): Set<FailOnCategory> {
  if (value === undefined || value.trim() === '') return new Set(DEFAULT_FAIL_ON);
  const items = value
    .split(/[\s,]+/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 1 && items[0] === 'none') return new Set();
  const unknown = items.filter((item) => !(FAIL_ON_CATEGORIES as readonly string[]).includes(item));
  if (unknown.length > 0) {
    throw new UsageError(
      `${inputName}: unknown categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.map((u) => `"${u}"`).join(', ')}.`,
      `Use a comma-separated list of ${FAIL_ON_CATEGORIES.join(', ')}, or none.`,
    );
  }
  return new Set(items as FailOnCategory[]);
}
