/**
 * The port for preview databases on a server the action manages (`preview-database-url`): one per
 * pull request, named from a template, created when missing, dropped when the pull request closes,
 * and only when its mark says this tool created it. Implemented for PostgreSQL
 * (postgres-databases.ts) and MySQL/MariaDB (mysql-databases.ts); databases.ts picks one.
 */
import { UsageError } from '../util/errors.js';

export const DEFAULT_NAME_TEMPLATE = 'preview_pr_<number>';

/** PostgreSQL truncates identifiers at 63 bytes; a longer name would silently collide with another. */
const MAX_NAME_BYTES = 63;

/**
 * The preview database's name: `<number>` in the template replaced by the pull request's number,
 * lower-cased, `-` and `.` turned into `_`, at most 63 bytes; any other character is refused.
 */
export function previewDatabaseName(template: string, pullRequest: number, inputName = "Input 'preview-database-name'"): string {
  if (!template.includes('<number>')) {
    throw new UsageError(
      `${inputName}: "${template}" has no <number>, so every pull request would share one database.`,
      `Use a template like ${DEFAULT_NAME_TEMPLATE}.`,
    );
  }
  // Letters, digits, `_`, `-` and `.` only: a quote, a semicolon, a space or a non-ASCII letter is
  // refused here rather than quietly changed (the name must be the one the user will look for).
  const odd = template.replaceAll('<number>', '').match(/[^A-Za-z0-9_.-]/u);
  if (odd) {
    throw new UsageError(
      `${inputName}: "${template}" holds ${JSON.stringify(odd[0])}; a preview database name may hold letters a-z, digits, _, - and . only.`,
      `Use a template like ${DEFAULT_NAME_TEMPLATE}.`,
    );
  }
  const name = template
    .replaceAll('<number>', String(pullRequest))
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const valid = /^[a-z_]/.test(name) ? name : `_${name}`;
  if (Buffer.byteLength(valid) > MAX_NAME_BYTES) {
    throw new UsageError(
      `${inputName}: "${valid}" is ${Buffer.byteLength(valid)} bytes; PostgreSQL names are at most ${MAX_NAME_BYTES}.`,
      'Use a shorter template.',
    );
  }
  return valid;
}

export interface EnsureResult {
  url: string;
  created: boolean;
  /** Said in the report: e.g. that the server cannot mark the database as this tool's. */
  note?: string;
}

/** Whether this tool may drop a preview database: only one it can prove it created for that pull request. */
export type Ownership = { owned: true } | { owned: false; keptBecause: string };

/**
 * A server on which the action manages one preview database per pull request (PostgreSQL:
 * `PreviewServer`; MySQL/MariaDB: `MysqlPreviewServer`).
 */
export interface PreviewDatabaseServer {
  /** `host:port`, never a password. */
  readonly description: string;
  databaseUrl(name: string): string;
  exists(name: string): Promise<boolean>;
  /** Creates the database when it is missing, marked as this tool's where the server can hold a mark. */
  ensure(name: string, options: { pullRequest: number; template?: string; templateInput?: string }): Promise<EnsureResult>;
  ownership(name: string, pullRequest: number): Promise<Ownership>;
  drop(name: string): Promise<void>;
  /**
   * Marks a database that was this tool's again after a `force-reset`: Prisma's MySQL reset is
   * `DROP DATABASE` + `CREATE DATABASE`, which loses the comment (PostgreSQL's keeps the database).
   */
  remark?(name: string, pullRequest: number): Promise<void>;
}

/** The mark a preview database carries (PostgreSQL: its comment; MariaDB 10.5+: its `COMMENT`). */
export function marker(pullRequest: number): string {
  return `prisma-schema-guard preview database for pull request #${pullRequest}`;
}
