/** The value a `check` produces: everything every report is rendered from. */
export type CheckVerdict = 'in-sync' | 'missing-migration' | 'migration-failed' | 'provider-mismatch' | 'error';

export type FindingKind = 'missing-migration' | 'migration-failed' | 'provider-mismatch' | 'schema-invalid' | 'error';

export interface Finding {
  kind: FindingKind;
  message: string;
  /** A file the finding points at (relative to the working directory, with `/`). */
  file?: string;
  line?: number;
  /** The SQL that is missing, or the statement that failed. */
  sql?: string;
  /** The migration folder a finding is about. */
  migration?: string;
  /** The database's error, for a migration that fails to apply. */
  databaseError?: { code?: string; message: string; detail?: string; hint?: string };
  /** The lines up to the failing one, numbered (`  7 | CREATE TABLE ...`). */
  excerpt?: string;
  /** What to do about it. */
  fix?: string;
}

export interface CheckResult {
  command: 'check';
  verdict: CheckVerdict;
  provider: string;
  /** How many migrations were replayed. */
  migrations: number;
  findings: Finding[];
  timings: { totalMs: number; shadowStartMs?: number; replayAndDiffMs?: number; summaryMs?: number; cleanupMs?: number };
  schema: { files: string[]; source: string };
  migrationsDirectory: string;
  shadow?: { kind: string; description: string };
  engine: string;
}

/** `prisma migrate diff --exit-code` conventions: 0 in sync, 2 a finding that fails the gate, 1 could not run. */
export function exitCodeOf(verdict: CheckVerdict): 0 | 1 | 2 {
  if (verdict === 'in-sync') return 0;
  if (verdict === 'error') return 1;
  return 2;
}
