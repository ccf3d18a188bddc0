import type { FailOnCategory } from '../gate/fail-on.js';
import type { Lockfile, Migration } from '../migrations/history.js';
import { DIALECTS, dialectOf, type Dialect } from '../dialect/index.js';
import { RULES, type ReviewFinding } from './rules.js';

/**
 * The dialect whose review reads the migrations: the lock file's provider's; none written means
 * PostgreSQL (as before). Undefined, or a dialect without `reviewMigrations`, when the review has no
 * rules for the provider.
 */
export function reviewedDialect(lockfile: Lockfile): Dialect | undefined {
  if (lockfile.content === null || lockfile.written === undefined) return DIALECTS.postgresql;
  return lockfile.provider && dialectOf(lockfile.provider);
}

/**
 * One `not-analysed` finding for a provider the review has no rules for: its migrations were not
 * read, and the PR must not look checked. None when the PR adds no migration.
 */
export function providerNotReviewed(lockfile: Lockfile, added: Migration[], _failOn?: Set<FailOnCategory>): ReviewFinding[] {
  const first = added[0];
  if (!first) return [];
  const written = lockfile.written ?? lockfile.provider ?? 'unknown';
  const index = (lockfile.content ?? '').split('\n').findIndex((line) => /^\s*provider\s*=/.test(line));
  const meta = RULES['not-analysed'];
  return [
    {
      kind: 'not-analysed',
      rule: 'not-analysed',
      // A notice, not a failure: the provider is known and unsupported, so failing every pull
      // request that adds a migration would only teach the team to turn the review off.
      severity: 'notice',
      category: meta.category,
      failsGate: false,
      file: lockfile.file,
      line: index === -1 ? 1 : index + 1,
      migration: first.name,
      object: `provider = "${written}"`,
      message: `The review reads PostgreSQL and MySQL migrations; this project's provider is "${written}", so the ${added.length} migration${added.length === 1 ? '' : 's'} this pull request adds (${added.map((migration) => migration.name).join(', ')}) ${added.length === 1 ? 'was' : 'were'} not checked for destructive or locking changes.`,
      fix: 'Review the added migrations by hand before merging: nothing here checked them.',
    },
  ];
}
