/**
 * Preview databases on a server the action manages (`preview-database-url`): one per pull request,
 * named from a template, created when missing (optionally from a template database), dropped when
 * the pull request closes. A database is dropped only when its comment says this tool created it
 * for that pull request: a database someone else made under the same name is never touched.
 */
import pg from 'pg';
import { parseMysqlUrl } from '../database/mysql/connection.js';
import { parsePostgresUrl, poolConfig, safeUrl, withDatabase } from '../database/postgres/connection.js';
import { isPgServerError } from '../database/postgres/driver-errors.js';
import { connectOrExplain } from '../database/postgres/connection-error.js';
import { UsageError } from '../util/errors.js';
import { redactUrls } from '../util/redact.js';

export const DEFAULT_NAME_TEMPLATE = 'preview_pr_<number>';

/** PostgreSQL truncates identifiers at 63 bytes; a longer name would silently collide with another. */
const MAX_NAME_BYTES = 63;

/**
 * The preview database's name: `<number>` in the template replaced by the pull request's number,
 * lower-cased, `-` and `.` turned into `_`, at most 63 bytes; any other character is refused.
 */
export function previewDatabaseName(template: string, pullRequest: number, inputName = "Input 'preview-database-name'"): string {
  if (!template.includes('<number>')) {
    throw new UsageError(`${inputName}: "${template}" has no <number>, so every pull request would share one database.`, `Use a template like ${DEFAULT_NAME_TEMPLATE}.`);
  }
  // Letters, digits, `_`, `-` and `.` only: a quote, a semicolon, a space or a non-ASCII letter is
  // refused here rather than quietly changed (the name must be the one the user will look for).
  const odd = template.replaceAll('<number>', '').match(/[^A-Za-z0-9_.-]/u);
  if (odd) {
    throw new UsageError(`${inputName}: "${template}" holds ${JSON.stringify(odd[0])}; a preview database name may hold letters a-z, digits, _, - and . only.`, `Use a template like ${DEFAULT_NAME_TEMPLATE}.`);
  }
  const name = template
    .replaceAll('<number>', String(pullRequest))
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const valid = /^[a-z_]/.test(name) ? name : `_${name}`;
  if (Buffer.byteLength(valid) > MAX_NAME_BYTES) {
    throw new UsageError(`${inputName}: "${valid}" is ${Buffer.byteLength(valid)} bytes; PostgreSQL names are at most ${MAX_NAME_BYTES}.`, 'Use a shorter template.');
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

/** The server behind a `preview-database-url`: MySQL/MariaDB for `mysql://`/`mariadb://`, else PostgreSQL. */
export async function openPreviewServer(url: string, inputName = "Input 'preview-database-url'", options: { nameTemplate?: string } = {}): Promise<PreviewDatabaseServer> {
  if (parseMysqlUrl(url.trim())) return new (await import('./mysql-databases.js')).MysqlPreviewServer(url, inputName, options);
  return new PreviewServer(url, inputName);
}

export class PreviewServer implements PreviewDatabaseServer {
  readonly description: string;

  constructor(
    private readonly url: string,
    private readonly inputName = "Input 'preview-database-url'",
  ) {
    const parsed = parsePostgresUrl(url);
    if (!parsed) {
      throw new UsageError(`${inputName}: expected a PostgreSQL or MySQL/MariaDB server URL like postgresql://user:password@host:5432/postgres or mysql://user:password@host:3306, got ${redactUrls(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`);
    }
    this.description = `${parsed.hostname}:${parsed.port || '5432'}`;
  }

  databaseUrl(name: string): string {
    return withDatabase(this.url, name);
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.admin<{ one: number }>('SELECT 1 AS one FROM pg_database WHERE datname = $1', [name]);
    return rows.length > 0;
  }

  /** Creates the database when it is missing, marked as this tool's (a comment names the pull request). */
  async ensure(name: string, options: { pullRequest: number; template?: string; templateInput?: string }): Promise<EnsureResult> {
    const url = this.databaseUrl(name);
    if (await this.exists(name)) return { url, created: false };
    const template = options.template ? ` TEMPLATE ${quote(options.template)}` : '';
    try {
      await this.admin(`CREATE DATABASE ${quote(name)}${template}`);
    } catch (error) {
      if (isPgServerError(error) && error.code === '42P04') return { url, created: false }; // another run created it
      if (options.template && isPgServerError(error) && (error.code === '3D000' || error.code === '55006')) {
        const why = error.code === '3D000' ? `there is no database "${options.template}" on ${this.description}` : `other sessions are connected to "${options.template}" (PostgreSQL copies a template only while nobody uses it)`;
        throw new UsageError(`${options.templateInput ?? "Input 'preview-template'"}: cannot create ${name} from it: ${why}.`, 'Give the name of an existing database on the preview server that no one is connected to.');
      }
      throw error;
    }
    await this.admin(`COMMENT ON DATABASE ${quote(name)} IS ${literal(marker(options.pullRequest))}`);
    return { url, created: true };
  }

  /** Whether this tool created the database for that pull request (its comment says so). */
  async createdByThisTool(name: string, pullRequest: number): Promise<boolean> {
    const rows = await this.admin<{ comment: string | null }>('SELECT shobj_description(oid, \'pg_database\') AS comment FROM pg_database WHERE datname = $1', [name]);
    return rows[0]?.comment === marker(pullRequest);
  }

  async ownership(name: string, pullRequest: number): Promise<Ownership> {
    if (await this.createdByThisTool(name, pullRequest)) return { owned: true };
    return { owned: false, keptBecause: `this action did not create it (its comment does not name pull request #${pullRequest})` };
  }

  async drop(name: string): Promise<void> {
    try {
      await this.admin(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
    } catch (error) {
      if (!(isPgServerError(error) && error.code === '42601')) throw error;
      // PostgreSQL < 13 has no WITH (FORCE).
      await this.admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await this.admin(`DROP DATABASE IF EXISTS ${quote(name)}`);
    }
  }

  private async admin<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = await connectOrExplain(poolConfig(this.url), this.url, this.inputName);
    try {
      return (await client.query<T>(sql, values)).rows;
    } catch (error) {
      if (isPgServerError(error) && error.code === '42501') {
        throw new UsageError(
          `${this.inputName}: the role "${safeUrl(this.url)?.username || 'postgres'}" may not manage databases on ${this.description} (${error.message}).`,
          'Grant it CREATEDB (ALTER ROLE ... CREATEDB): the action creates one database per pull request there and drops it when the pull request closes.',
        );
      }
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** The mark a preview database carries (PostgreSQL: its comment; MariaDB 10.5+: its `COMMENT`). */
export function marker(pullRequest: number): string {
  return `prisma-schema-guard preview database for pull request #${pullRequest}`;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
