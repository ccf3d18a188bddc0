/**
 * Preview databases on a PostgreSQL server: created (optionally from a template database) with a
 * comment that marks them as this tool's for that pull request; only a database with that mark is dropped.
 */
import pg from 'pg';
import { parsePostgresUrl, poolConfig, safeUrl, withDatabase } from '../database/postgres/connection.js';
import { isPgServerError } from '../database/postgres/driver-errors.js';
import { connectOrExplain } from '../database/postgres/connection-error.js';
import { UsageError } from '../util/errors.js';
import { redactUrls } from '../util/redact.js';

import { marker, type EnsureResult, type Ownership, type PreviewDatabaseServer } from './database-server.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { orUndefined } from '../util/promises.js';

export class PreviewServer implements PreviewDatabaseServer {
  readonly description: string;

  constructor(
    private readonly url: string,
    private readonly inputName = "Input 'preview-database-url'",
  ) {
    const parsed = parsePostgresUrl(url);
    if (!parsed) {
      throw new UsageError(
        `${inputName}: expected a PostgreSQL or MySQL/MariaDB server URL like postgresql://user:password@host:5432/postgres or mysql://user:password@host:3306, got ${redactUrls(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`,
      );
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
    const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : '';
    try {
      await this.admin(`CREATE DATABASE ${quoteIdent(name)}${template}`);
    } catch (error) {
      if (isPgServerError(error) && error.code === '42P04') return { url, created: false }; // another run created it
      if (options.template && isPgServerError(error) && (error.code === '3D000' || error.code === '55006')) {
        const why =
          error.code === '3D000'
            ? `there is no database "${options.template}" on ${this.description}`
            : `other sessions are connected to "${options.template}" (PostgreSQL copies a template only while nobody uses it)`;
        throw new UsageError(
          `${options.templateInput ?? "Input 'preview-template'"}: cannot create ${name} from it: ${why}.`,
          'Give the name of an existing database on the preview server that no one is connected to.',
        );
      }
      throw error;
    }
    await this.admin(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(marker(options.pullRequest))}`);
    return { url, created: true };
  }

  /** Whether this tool created the database for that pull request (its comment says so). */
  async createdByThisTool(name: string, pullRequest: number): Promise<boolean> {
    const rows = await this.admin<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [name],
    );
    return rows[0]?.comment === marker(pullRequest);
  }

  async ownership(name: string, pullRequest: number): Promise<Ownership> {
    if (await this.createdByThisTool(name, pullRequest)) return { owned: true };
    return { owned: false, keptBecause: `this action did not create it (its comment does not name pull request #${pullRequest})` };
  }

  async drop(name: string): Promise<void> {
    try {
      await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch (error) {
      if (!(isPgServerError(error) && error.code === '42601')) throw error;
      // PostgreSQL < 13 has no WITH (FORCE).
      await this.admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
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
      await orUndefined(client.end());
    }
  }
}
