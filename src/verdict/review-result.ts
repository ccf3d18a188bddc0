/** The value a `review` produces: everything its reports are rendered from. */
import type { GateOutcome } from '../gate/outcome.js';
import type { PrismaVersion } from '../review/prisma-version.js';
import type { ReviewFinding, RuleId } from '../review/rules.js';
import type { SchemaChange } from '../schema/prisma-models.js';

export type ReviewVerdict = 'clear' | 'findings' | 'failing';

export interface ReviewResult {
  command: 'review';
  /** clear: no finding; findings: some, none fails the gate; failing: one fails the gate. */
  verdict: ReviewVerdict;
  /** `pass` or `fail`: whether the job fails (see src/gate/outcome.ts). */
  gate: GateOutcome;
  base: { ref: string; commit: string };
  migrationsDirectory: string;
  /** The migration folders the PR adds, in apply order. */
  migrations: string[];
  prisma: PrismaVersion;
  rules: RuleId[];
  failOn: string[];
  findings: ReviewFinding[];
  /** The models the PR changes (base schema against the working tree's), for the picture. */
  schemaChange?: SchemaChange;
  timings: { totalMs: number };
}
