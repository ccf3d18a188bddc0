/**
 * What differs between the database families a schema can use, one object per provider (PostgreSQL,
 * MySQL/MariaDB, SQLite). Pure: SQL text in, values out. Commands and adapters ask a dialect instead of
 * branching on the provider; `dialectOf` (index.ts) maps a provider to its dialect, and the wiring
 * (src/wiring.ts) gives each provider its adapters (shadow servers, engines, live and preview databases).
 */
import type { FailOnCategory } from '../gate/fail-on.js';
import type { ReviewMigration } from '../review/analyse.js';
import type { PrismaVersion } from '../review/prisma-version.js';
import type { ReviewFinding, RuleId } from '../review/rules.js';
import type { SqlStatement } from '../sql/statements.js';

/** The providers this tool checks. */
export type DialectProvider = 'postgresql' | 'mysql' | 'sqlite';

export interface DialectReviewInput {
  /** The SQL of the migrations before the reviewed ones (replayed symbolically into the schema they start from). */
  before: string[];
  /** The migrations reviewed, in the order Prisma applies them. */
  migrations: ReviewMigration[];
  /** The project's Prisma (rules whose advice depends on its version). */
  prisma?: PrismaVersion;
  /** Rules to run (default: all). */
  rules?: Set<RuleId>;
  /** Categories that fail the gate (default: destructive). */
  failOn?: Set<FailOnCategory>;
}

export interface Dialect {
  readonly provider: DialectProvider;
  /** How the family is named in messages: PostgreSQL, MySQL, SQLite. */
  readonly displayName: string;
  /** How a database of this family is named when a schema of another provider is pointed at it (preview). */
  readonly databaseKind: string;
  /** Where a schema of this provider is previewed, said when it is pointed at another family's database ('' when nothing needs saying). */
  readonly previewHint: string;
  /** Whether `preview` refuses a schema that has no datasource for this family's database (a SQLite file needs a sqlite datasource outright). */
  readonly previewNeedsDatasource: boolean;
  /** A script cut into statements as the database reads it (a failing statement, Prisma's "query number N"). */
  splitStatements(script: string): Promise<SqlStatement[]>;
  /**
   * The review's rules on migrations, against the schema the earlier ones build; absent when the review
   * does not read this provider's SQL (the pull request gets a `not-analysed` notice instead).
   */
  reviewMigrations?(input: DialectReviewInput): Promise<ReviewFinding[]>;
  /** The shadow servers this family runs on, as `shadow-database` names them; absent when the shadow needs no server. */
  readonly shadowSources?: string;
}
