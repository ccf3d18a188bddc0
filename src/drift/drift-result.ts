import type { GateOutcome } from '../gate/outcome.js';
import type { JudgedBy } from '../verdict/judged-by.js';
import type { Finding } from '../verdict/check-result.js';
import type { FailOnCategory } from '../gate/fail-on.js';

/**
 * The value a `drift` produces: everything every report is rendered from.
 * - `in-sync`: every migration in the folder is applied, nothing failed or changed, the database is
 *   what the history and the schema describe;
 * - `unapplied`: the only findings are migrations not deployed yet (expected before a deploy);
 * - `drift`: the database or its `_prisma_migrations` disagree with the repository;
 * - `not-managed`: the database has tables but no `_prisma_migrations` (`db push`);
 * - `error`: the command could not run (only in the CLI's JSON for a thrown UsageError).
 */
export type DriftVerdict = 'in-sync' | 'unapplied' | 'drift' | 'not-managed' | 'error';

export type DriftFindingKind =
  /** In the folder, not applied to the database. */
  | 'unapplied'
  /** A `_prisma_migrations` row that started and neither finished nor was rolled back. */
  | 'failed'
  /** The file's checksum differs from the one recorded when it was applied. */
  | 'edited'
  /** Applied to the database, absent from the folder. */
  | 'missing-from-folder'
  /** The database's objects differ from the applied history (`against: 'migrations'`) or the schema. */
  | 'schema-drift'
  /** No `_prisma_migrations` in a database that has tables. */
  | 'no-migrations-table'
  /** An applied migration does not replay in the shadow database, so the database cannot be compared. */
  | 'migration-failed';

export interface DriftFinding extends Finding {
  kind: DriftFindingKind;
  category: FailOnCategory;
  failsGate: boolean;
  /** When the migration finished applying (edited, missing-from-folder) or started (failed). */
  appliedAt?: string;
  /** Prisma's log of a failed migration. */
  logs?: string;
  /** Edited: the checksum the database recorded and the file's SHA-256 now. */
  checksum?: { database: string; file: string };
  /** Schema drift: what the live database was compared with. */
  against?: 'migrations' | 'schema';
  /** Schema drift: Prisma's human-readable summary of the differences. */
  summary?: string;
}

export interface DriftResult extends JudgedBy {
  command: 'drift';
  verdict: DriftVerdict;
  /** `pass` or `fail`: whether the job fails (see src/gate/outcome.ts). */
  gate: GateOutcome;
  provider: string;
  /** The live database, `host:port/database` (never a password). */
  database: string;
  /** Whether the database has `_prisma_migrations`. */
  migrationsTable: boolean;
  migrations: { folder: number; applied: number; unapplied: number; failed: number };
  findings: DriftFinding[];
  /** The `fail-on` categories in force. */
  failOn: FailOnCategory[];
  schema: { files: string[]; source: string };
  migrationsDirectory: string;
  shadow?: { kind: string; description: string };
  timings: { totalMs: number; readMs?: number; shadowStartMs?: number; compareMs?: number };
  engine: string;
}

/** 0 nothing fails the gate, 2 a finding fails it, 1 could not run. */
export function driftExitCode(result: Pick<DriftResult, 'verdict' | 'findings'>): 0 | 1 | 2 {
  if (result.verdict === 'error') return 1;
  return result.findings.some((finding) => finding.failsGate) ? 2 : 0;
}

/** The verdict that sums the findings up. */
export function driftVerdict(findings: DriftFinding[]): DriftVerdict {
  if (findings.some((finding) => finding.kind === 'no-migrations-table')) return 'not-managed';
  if (findings.some((finding) => finding.category !== 'unapplied')) return 'drift';
  return findings.length > 0 ? 'unapplied' : 'in-sync';
}
