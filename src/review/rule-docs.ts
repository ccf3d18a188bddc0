import type { RuleId } from './rules.js';

/**
 * Each rule's reason and safer way, for `review --list-rules` and the README (a test keeps the
 * README's table equal to this). A finding's own `fix` says the same for its statement.
 */
export const RULE_DOCS: Record<RuleId, { why: string; safer: string }> = {
  'drop-table': {
    why: 'The table and every row in it are gone; code still deployed that reads it fails.',
    safer: 'Stop using the table in one release, back it up, then drop it in a later migration.',
  },
  'drop-column': {
    why: 'The column’s values are gone; the running release may still select or write it.',
    safer: 'Remove the field from the code first (expand/contract), then drop the column in a later release.',
  },
  'rename-as-drop-add': {
    why: 'Prisma writes a renamed field as DROP COLUMN + ADD COLUMN: the values are lost, not moved.',
    safer: 'Edit the migration to `ALTER TABLE ... RENAME COLUMN`, or keep the column name with `@map`.',
  },
  'drop-type': {
    why: 'Columns of the type must go first; the values they held are lost.',
    safer: 'Move the columns to another type and backfill before dropping the type.',
  },
  'enum-values-removed': {
    why: 'Rows that hold a removed value make the migration fail, or are rewritten.',
    safer: 'Update the rows to a remaining value first, then remove the value.',
  },
  'lossy-type-change': {
    why: 'A narrower type truncates or rejects values that are there.',
    safer: 'Add a new column of the new type, backfill and check it, then switch over.',
  },
  truncate: {
    why: 'Every row of the table is deleted.',
    safer: 'Delete what must go with a bounded `DELETE ... WHERE`, or do it outside migrations.',
  },
  'delete-without-where': {
    why: 'Deletes every row of the table.',
    safer: 'Add the `WHERE` that names the rows to delete.',
  },
  'update-without-where': {
    why: 'Overwrites the column in every row of the table.',
    safer: 'Add the `WHERE` that names the rows to change; backfill large tables in batches.',
  },
  'required-column-without-default': {
    why: '`ADD COLUMN ... NOT NULL` without a default fails on a table that has rows.',
    safer: 'Give it a default, or add it nullable, backfill, then set NOT NULL in a second migration.',
  },
  'unique-index-on-existing-data': {
    why: 'Existing duplicates make the migration fail when it runs in production.',
    safer: 'Find and resolve the duplicates first (`--database-url` counts them), then add the index.',
  },
  'not-analysed': {
    why: 'The review could not read the statement (a parser limit, a DO block, an unknown provider): nobody checked it.',
    safer: 'Check it by hand, then silence it with an ignore comment that says why it is safe.',
  },
  'index-without-concurrently': {
    why: '`CREATE INDEX` blocks writes to the table until the index is built.',
    safer: 'Use `CREATE INDEX CONCURRENTLY`, alone in its own migration.',
  },
  'concurrently-in-transaction': {
    why: '`CONCURRENTLY` cannot run inside a transaction block, which other statements in the same migration create.',
    safer: 'Put the concurrent statement alone in its own migration.',
  },
  'constraint-without-not-valid': {
    why: 'Adding a foreign key or check constraint scans the table under a lock that blocks writes.',
    safer: 'Add it `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration.',
  },
  'table-rewrite': {
    why: 'The type change rewrites the whole table under an ACCESS EXCLUSIVE lock.',
    safer: 'Add a new column, backfill it in batches, then switch over.',
  },
  'set-not-null': {
    why: '`SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock.',
    safer: 'Add a `CHECK (col IS NOT NULL) NOT VALID`, validate it, then set NOT NULL (PostgreSQL 12+ skips the scan).',
  },
  'volatile-default': {
    why: 'A volatile default (`now()`, `random()`, `gen_random_uuid()`) on a new column rewrites the table.',
    safer: 'Add the column without a default, backfill in batches, then set the default.',
  },
  'vacuum-full': {
    why: '`VACUUM FULL` rewrites the table under an ACCESS EXCLUSIVE lock.',
    safer: 'Use plain `VACUUM`, or pg_repack, outside migrations.',
  },
  cluster: {
    why: '`CLUSTER` rewrites the table under an ACCESS EXCLUSIVE lock.',
    safer: 'Run it outside migrations in a maintenance window, or use pg_repack.',
  },
  'missing-lock-timeout': {
    why: 'A statement that waits for a lock queues every query behind it, however short it is itself.',
    safer: "Start the migration with `SET lock_timeout = '5s';` and retry when it times out.",
  },
  'index-without-online-ddl': {
    why: 'On MySQL an index built without `LOCK=NONE` may block writes while it is built.',
    safer: 'Add `ALGORITHM=INPLACE, LOCK=NONE` to the statement.',
  },
  'foreign-key-checks-rows': {
    why: 'On MySQL adding a foreign key checks every row, and may copy the table.',
    safer: 'Add it with `foreign_key_checks` off on a table you know is consistent, or in a maintenance window.',
  },
};

/** The comment that silences a finding, as users write it in `migration.sql`. */
export const IGNORE_COMMENT = '-- prisma-schema-guard-ignore <rule>[, <rule>]: <reason>';
