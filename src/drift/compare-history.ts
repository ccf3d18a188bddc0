import type { FailOnCategory } from '../gate/fail-on.js';
import type { Migration, MigrationHistory } from '../migrations/history.js';
import { scriptMatchesChecksum } from './checksum.js';
import type { DriftFinding } from './drift-result.js';
import type { MigrationRow, MigrationsTable } from './live-database.js';

/** The folder against `_prisma_migrations`: findings, and which migrations the database has. */
export interface HistoryComparison {
  findings: DriftFinding[];
  /** Folder migrations the database has applied, in folder order: the history to replay. */
  applied: Migration[];
  unapplied: Migration[];
  /** Names of migrations whose last attempt failed. */
  failed: string[];
}

/**
 * Compares the migrations folder with the rows of `_prisma_migrations` the way Prisma's
 * `migrate status`/`deploy` read them: a row counts as applied when it finished and was not rolled
 * back; a row that neither finished nor was rolled back is a failed migration (P3009); rolled-back
 * rows are history only. Pure: no database, no files.
 */
export function compareHistory(
  history: MigrationHistory,
  table: MigrationsTable,
  failOn: ReadonlySet<FailOnCategory>,
  /** The migrations folder as the user sees it (relative path). */
  directory: string,
): HistoryComparison {
  const make = (finding: Omit<DriftFinding, 'failsGate'>): DriftFinding => ({ ...finding, failsGate: failOn.has(finding.category) });
  if (!table.exists) {
    if (table.tables.length === 0) {
      // A fresh, empty database: every migration is simply waiting for its first deploy.
      return {
        findings: history.migrations.map((migration) => unappliedFinding(migration, undefined, make)),
        applied: [],
        unapplied: [...history.migrations],
        failed: [],
      };
    }
    const shown =
      table.tables
        .slice(0, 5)
        .map((name) => `"${name}"`)
        .join(', ') + (table.tables.length > 5 ? `, and ${table.tables.length - 5} more` : '');
    return {
      findings: [
        make({
          kind: 'no-migrations-table',
          category: 'drift',
          message: `This database is not managed by Prisma Migrate: it has no _prisma_migrations table, but it has ${table.tables.length} table${table.tables.length === 1 ? '' : 's'} (${shown}). It was probably created with \`prisma db push\` or by hand; \`prisma migrate deploy\` would refuse it (P3005).`,
          fix: 'Baseline it: make sure a migration in the folder creates exactly this schema, then record it as applied with `npx prisma migrate resolve --applied <migration>` (https://pris.ly/d/migrate-baseline).',
        }),
      ],
      applied: [],
      unapplied: [],
      failed: [],
    };
  }

  const byName = new Map<string, MigrationRow[]>();
  for (const row of table.rows) byName.set(row.migrationName, [...(byName.get(row.migrationName) ?? []), row]);
  const folder = new Map(history.migrations.map((migration) => [migration.name, migration]));
  const findings: DriftFinding[] = [];
  const applied: Migration[] = [];
  const unapplied: Migration[] = [];
  const failed: string[] = [];

  const successOf = (rows: MigrationRow[]) => latest(rows.filter((row) => row.finishedAt !== null && row.rolledBackAt === null));
  const failureOf = (rows: MigrationRow[]) => latest(rows.filter((row) => row.finishedAt === null && row.rolledBackAt === null));

  // Failed rows first: Prisma stops every deploy until they are resolved.
  for (const [name, rows] of byName) {
    const failure = failureOf(rows);
    if (!failure) continue;
    failed.push(name);
    const migration = folder.get(name);
    findings.push(
      make({
        kind: 'failed',
        category: 'drift',
        migration: name,
        file: migration?.file,
        appliedAt: failure.startedAt ?? undefined,
        logs: failure.logs?.trim() || undefined,
        message: `Migration \`${name}\` failed${failure.startedAt ? ` (started ${failure.startedAt})` : ''} and was neither finished nor rolled back: \`prisma migrate deploy\` refuses to apply anything until it is resolved (P3009).${failure.logs?.trim() ? `\nPrisma's log:\n${failure.logs.trim()}` : ''}`,
        fix: `Repair the database by hand (the log says what failed), then record the outcome: \`npx prisma migrate resolve --rolled-back ${name}\` to have deploy run it again, or \`npx prisma migrate resolve --applied ${name}\` if you completed it by hand.`,
      }),
    );
  }

  const appliedNames = history.migrations
    .filter((migration) => successOf(byName.get(migration.name) ?? []))
    .map((migration) => migration.name);
  const lastApplied = appliedNames.at(-1);
  for (const migration of history.migrations) {
    const rows = byName.get(migration.name) ?? [];
    const success = successOf(rows);
    if (success) {
      applied.push(migration);
      if (!scriptMatchesChecksum(migration.sql, success.checksum)) {
        findings.push(
          make({
            kind: 'edited',
            category: 'drift',
            migration: migration.name,
            file: migration.file,
            appliedAt: success.finishedAt ?? undefined,
            checksum: { database: success.checksum, file: migration.checksum },
            message: `${migration.file} was edited after it was applied to this database (on ${success.finishedAt}): the database recorded checksum ${short(success.checksum)}, the file's SHA-256 is ${short(migration.checksum)}. The database ran the old version; the new one will never run there.`,
            fix: `Restore the file as it was applied (\`git log -p -- ${migration.file}\` shows the change) and put the change in a new migration.`,
          }),
        );
      }
      continue;
    }
    if (failureOf(rows)) continue; // Reported above as failed.
    unapplied.push(migration);
    findings.push(unappliedFinding(migration, lastApplied && migration.name < lastApplied ? lastApplied : undefined, make));
  }

  for (const [name, rows] of byName) {
    if (folder.has(name)) continue;
    const success = successOf(rows);
    if (!success) continue;
    findings.push(
      make({
        kind: 'missing-from-folder',
        category: 'drift',
        migration: name,
        appliedAt: success.finishedAt ?? undefined,
        message: `Migration \`${name}\` was applied to this database (on ${success.finishedAt}) but is not in ${directory}: the database's history and the repository's have diverged.`,
        fix: `Restore the folder ${name}/ from the branch that created it (\`git log --all -- '*${name}*'\`), or, if that change was abandoned, undo it in the database and delete its _prisma_migrations row deliberately.`,
      }),
    );
  }
  return { findings, applied, unapplied, failed };
}

function unappliedFinding(
  migration: Migration,
  sortsBefore: string | undefined,
  make: (finding: Omit<DriftFinding, 'failsGate'>) => DriftFinding,
): DriftFinding {
  return make({
    kind: 'unapplied',
    category: 'unapplied',
    migration: migration.name,
    file: migration.file,
    message: `Migration \`${migration.name}\` is not applied to this database yet.${sortsBefore ? ` It sorts before \`${sortsBefore}\`, which is applied: it was merged out of order, and deploy will run it after newer ones.` : ''}`,
    fix: '`npx prisma migrate deploy` applies it.',
  });
}

/** The row that started last (rows without a start time count as oldest). */
function latest(rows: MigrationRow[]): MigrationRow | undefined {
  return [...rows].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '')).at(-1);
}

function short(checksum: string): string {
  return checksum.length > 12 ? `${checksum.slice(0, 12)}…` : checksum;
}
