import type mysql from 'mysql2/promise';
import { createMysqlConnection } from '../database/mysql/driver.js';
import { mysqlConnectError, parseMysqlUrl, prismaMysqlUrl } from '../database/mysql/connection.js';
import { createArmed, type Registration } from '../lifecycle/cleanup.js';
import { UsageError, errorMessage } from '../util/errors.js';
import {
  LEFTOVER_AGE_MS,
  shadowDatabaseCreatedAt,
  shadowDatabaseName,
  type ShadowDatabase,
  type ShadowKind,
  type ShadowServer,
} from './shadow.js';
import { orUndefined } from '../util/promises.js';

/**
 * A MySQL or MariaDB server given by URL (or started by this process): uniquely named shadow
 * databases are created and dropped on it; the URL's own database is never written to.
 */
export class MysqlUrlShadowServer implements ShadowServer {
  readonly startupMs: number = 0;
  readonly description: string;
  private readonly registrations = new Map<string, Registration>();

  constructor(
    private readonly url: string,
    /** How the URL is named in errors. */
    private readonly inputName = "Input 'shadow-database-url'",
    readonly kind: ShadowKind = 'url',
  ) {
    const parsed = parseMysqlUrl(url);
    if (!parsed) {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
      throw new UsageError(
        `${inputName}: expected a MySQL URL (mysql://USER:PASSWORD@HOST:3306), got ${scheme ? `a ${scheme}: URL` : 'something that is not a URL'}.`,
      );
    }
    this.description = `${parsed.hostname}:${parsed.port || '3306'}`;
  }

  async createDatabase(): Promise<ShadowDatabase> {
    const name = shadowDatabaseName();
    // Armed before CREATE DATABASE is sent (see `createArmed`).
    const { cleanup } = await createArmed(
      `shadow database ${name}`,
      () => this.admin(`CREATE DATABASE \`${name}\``),
      () => this.dropByName(name),
    );
    this.registrations.set(name, cleanup);
    return { name, url: withMysqlDatabase(this.url, name) };
  }

  async dropDatabase(database: ShadowDatabase): Promise<void> {
    const registration = this.registrations.get(database.name);
    this.registrations.delete(database.name);
    if (registration) await registration.run();
    else await this.admin(`DROP DATABASE IF EXISTS \`${database.name}\``);
  }

  async close(): Promise<void> {
    for (const name of [...this.registrations.keys()]) await this.dropDatabase({ name, url: '' });
  }

  /** Unregisters every database without dropping it: the server that holds them is going away. */
  async forget(): Promise<void> {
    for (const registration of this.registrations.values()) registration.release();
    this.registrations.clear();
  }

  /** Drops shadow databases a killed run left here more than an hour ago (see `UrlShadowServer.sweepLeftovers`). */
  async sweepLeftovers(now = Date.now()): Promise<string[]> {
    const stale = (await this.databaseNames()).filter((name) => {
      const created = shadowDatabaseCreatedAt(name);
      return created !== undefined && now - created.getTime() > LEFTOVER_AGE_MS;
    });
    for (const name of stale) await this.dropByName(name);
    return stale;
  }

  /** Names of the databases on the server (for the leftover sweep). */
  async databaseNames(): Promise<string[]> {
    const rows = await this.admin<{ name: string }>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA');
    return rows.map((row) => row.name);
  }

  async dropByName(name: string): Promise<void> {
    await this.admin(`DROP DATABASE IF EXISTS \`${name.replace(/`/g, '``')}\``);
  }

  private async admin<T = unknown>(sql: string): Promise<T[]> {
    let connection: mysql.Connection;
    try {
      connection = await createMysqlConnection({ uri: withMysqlDatabase(this.url, ''), connectTimeout: 10_000 });
    } catch (error) {
      throw mysqlConnectError(error, this.url, this.inputName);
    }
    try {
      const [rows] = await connection.query(sql);
      return Array.isArray(rows) ? (rows as T[]) : [];
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR') {
        throw new UsageError(
          `${this.inputName}: the user "${parseMysqlUrl(this.url)?.username || 'root'}" may not create databases on ${this.description} (${errorMessage(error)}).`,
          'Grant it CREATE and DROP on *.*, or give a URL of a user that has them: the check creates a uniquely named database there and drops it afterwards.',
        );
      }
      throw error;
    } finally {
      await orUndefined(connection.end());
    }
  }
}

/** The URL with another database in its path (empty: none); `mariadb:` is spelled `mysql:` for the drivers. */
export function withMysqlDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'mariadb:') return withMysqlDatabase(prismaMysqlUrl(url), database);
  parsed.pathname = database ? `/${database}` : '/';
  return parsed.toString();
}
