/** The values a `preview` produces: the data-loss plan and what was done with it, or the closing. */
import type { GateOutcome } from '../gate/outcome.js';
import type { JudgedBy } from './judged-by.js';
import type { AffectedObject, BlockReason } from '../plan/plan.js';

export type PreviewVerdict = 'applied' | 'in-sync' | 'blocked';

/** The preview database, as reports show it (never a password). */
export interface PreviewDatabase {
  name: string;
  /** `host:port`. */
  server: string;
  /** `managed`: on a server the action manages (created, dropped on close); `given`: used as is. */
  mode: 'managed' | 'given';
  /** Created by this run (managed mode). */
  created?: boolean;
  /** The template it was created from. */
  template?: string;
  /** The seed command ran after the first push. */
  seeded?: boolean;
}

/** The value a `preview` produces: the data-loss plan and what was done with it. */
export interface PreviewResult extends JudgedBy {
  command: 'preview';
  verdict: PreviewVerdict;
  /** `fail` when the plan is blocked (the job fails), else `pass`. */
  gate: GateOutcome;
  /** The plan destroys data or cannot run without destroying it. */
  dataLoss: boolean;
  applied: boolean;
  /** Data loss was accepted (flag, input or label) and the plan applied with it. */
  acceptedDataLoss: boolean;
  /** What accepted it: `--accept-data-loss`, `input`, `label:<name>`. */
  acceptedBy?: string;
  /** The database was emptied (force-reset) before the push. */
  reset: boolean;
  /** Why a blocked plan was not applied. */
  blockedBy?: BlockReason;
  executedSteps: number;
  /** Prisma's destructive-change warnings, verbatim. */
  warnings: string[];
  /** Prisma's unexecutable steps, verbatim. */
  unexecutable: string[];
  /** Warnings the measured data proves harmless (a unique constraint without duplicates). */
  cleared: string[];
  affected: AffectedObject[];
  /** The SQL `db push` runs (or would run), as Prisma generates it. */
  sql: string;
  provider: string;
  schema: { files: string[]; source: string };
  database: PreviewDatabase;
  engine: string;
  timings: { totalMs: number; planMs?: number; measureMs?: number; pushMs?: number };
}

/** The action's report when the pull request closes: what happened to its preview database. */
export interface PreviewClosed {
  command: 'preview';
  verdict: 'closed';
  gate: 'pass';
  database: PreviewDatabase;
  /** The database was dropped (managed and created by this tool); false: left to its owner or already gone. */
  dropped: boolean;
  /** Why it was not dropped. */
  keptBecause?: string;
  dataLoss: false;
  applied: false;
}
