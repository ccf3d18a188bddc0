import type { FailOnCategory } from '../gate/fail-on.js';
import type { GitPort } from '../git/port.js';
import { migrationsAddedBy, type PullRequestMigrations } from './added-migrations.js';
import { readPrismaVersion, type PrismaVersion } from './prisma-version.js';
import { providerNotReviewed, reviewedDialect } from './provider.js';
import type { ReviewFinding, RuleId } from './rules.js';

export interface PullRequestReviewInput {
  git: GitPort;
  /** Absolute path of the migrations folder. */
  directory: string;
  baseRef: string;
  cwd: string;
  rules?: Set<RuleId>;
  failOn?: Set<FailOnCategory>;
}

export interface PullRequestReview {
  pr: PullRequestMigrations;
  prisma: PrismaVersion;
  findings: ReviewFinding[];
}

/**
 * The review of a pull request's migrations: which ones it adds (git), the schema before them (the
 * base's migrations replayed symbolically), the project's Prisma version, then the rules. Used by
 * `review` and by `check` when it is given a base.
 */
export async function reviewPullRequest(input: PullRequestReviewInput): Promise<PullRequestReview> {
  const pr = await migrationsAddedBy(input.git, { directory: input.directory, baseRef: input.baseRef, cwd: input.cwd });
  const prisma = readPrismaVersion(input.cwd, await input.git.root());
  const migrations = pr.added.map((migration) => ({ name: migration.name, file: migration.file, sql: migration.sql }));
  const { lockfile } = pr;
  const dialect = reviewedDialect(lockfile);
  const findings = dialect?.reviewMigrations
    ? await dialect.reviewMigrations({
        before: pr.before.map((migration) => migration.sql),
        migrations,
        prisma,
        rules: input.rules,
        failOn: input.failOn,
      })
    : providerNotReviewed(lockfile, pr.added, input.failOn ?? new Set<FailOnCategory>(['destructive']));
  return { pr, prisma, findings };
}
