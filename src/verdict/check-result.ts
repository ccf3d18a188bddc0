/** The value a `check` produces: everything every report is rendered from. */
export type CheckVerdict = 'in-sync' | 'missing-migration' | 'migration-failed' | 'provider-mismatch' | 'error';

import type { FailOnCategory } from '../gate/fail-on.js';
import type { JudgedBy } from './judged-by.js';
import { gateOf, type GateOutcome } from '../gate/outcome.js';

/** The schema verdict kinds, then kinds added by other checks (history guard, review, drift). */
export type FindingKind = 'missing-migration' | 'migration-failed' | 'provider-mismatch' | 'schema-invalid' | 'error' | (string & {});

export interface Finding {
  kind: FindingKind;
  message: string;
  /** For findings beyond the schema verdict: which `fail-on` category governs them. */
  category?: FailOnCategory;
  /** Whether this finding fails the gate (set from `fail-on`; verdict findings always do). */
  failsGate?: boolean;
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
  /** An edited migration's unified diff (base branch → pull request). */
  diff?: string;
}

export interface CheckResult extends JudgedBy {
  command: 'check';
  verdict: CheckVerdict;
  /** Whether the job fails (exit code not 0): the verdict, or findings that `fail-on` gates. */
  gate: GateOutcome;
  provider: string;
  /**
   * How many migrations were replayed: all of them when the replay completed, those applied before
   * the failing one otherwise, 0 when nothing was replayed (the same as `migrationsApplied`; kept).
   */
  migrations: number;
  /** How many migration folders the migrations directory holds. */
  migrationsTotal: number;
  /** How many migrations applied to the shadow database (before a failure, if one failed). */
  migrationsApplied: number;
  findings: Finding[];
  /**
   * `shadowStartMs` (the shadow database's creation) and `engineStartMs` (the engine's start) overlap;
   * `replayAndDiffMs` counts from when both were done. `validateMs`: the schema validated before any
   * database was created.
   */
  timings: {
    totalMs: number;
    validateMs?: number;
    shadowStartMs?: number;
    engineStartMs?: number;
    replayAndDiffMs?: number;
    summaryMs?: number;
    cleanupMs?: number;
  };
  schema: { files: string[]; source: string };
  migrationsDirectory: string;
  shadow?: { kind: string; description: string };
  /** `wasm` or `cli` (kept; `engineUsed` says which build). */
  engine: string;
}

/**
 * `prisma migrate diff --exit-code` conventions: 0 in sync, 2 a finding that fails the gate,
 * 1 could not run.
 */
export function exitCodeOf(result: { verdict: CheckVerdict; findings: Finding[] }): 0 | 1 | 2 {
  if (result.verdict === 'error') return 1;
  if (result.verdict !== 'in-sync') return 2;
  return result.findings.some((finding) => finding.failsGate) ? 2 : 0;
}

/** The result with its `gate` set from its verdict and findings (once they are final). */
export function withCheckGate<T extends { verdict: CheckVerdict; findings: Finding[]; gate?: GateOutcome }>(
  result: T,
): T & { gate: GateOutcome } {
  result.gate = gateOf(exitCodeOf(result));
  return result as T & { gate: GateOutcome };
}

/** The JSON shape for several schemas; one schema keeps `CheckResult` itself. */
export interface CheckManyResult {
  command: 'check';
  verdict: CheckVerdict;
  /** `pass` or `fail`: whether the job fails (see src/gate/outcome.ts). */
  gate: GateOutcome;
  /** One per schema, in the order of `schemas`. */
  results: CheckResult[];
}

/** Worst first: the combined verdict is the first of these any schema has. */
const SEVERITY: readonly CheckVerdict[] = ['error', 'migration-failed', 'missing-migration', 'provider-mismatch', 'in-sync'];

export function worstVerdict(verdicts: readonly CheckVerdict[]): CheckVerdict {
  return SEVERITY.find((verdict) => verdicts.includes(verdict)) ?? 'in-sync';
}

/** 1 if any schema could not be checked, else 2 if any fails the gate, else 0. */
export function exitCodeOfMany(many: CheckManyResult): 0 | 1 | 2 {
  const codes = many.results.map(exitCodeOf);
  return codes.includes(1) ? 1 : codes.includes(2) ? 2 : 0;
}
