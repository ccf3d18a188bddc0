import pg from 'pg';
import { parsePostgresUrl, poolConfig, readOnlySessionUrl, safeUrl, withDatabase } from '../database/postgres/connection.js';
import { connectOrExplain } from '../database/postgres/connection-error.js';
import { isPgServerError } from '../database/postgres/driver-errors.js';
import { createArmed, type Registration } from '../lifecycle/cleanup.js';
import { UsageError } from '../util/errors.js';
import {
  LEFTOVER_AGE_MS,
  NAME_PREFIX,
  shadowDatabaseCreatedAt,
  shadowDatabaseName,
  type ShadowDatabase,
  type ShadowServer,
} from './shadow.js';
import { handledLater, orUndefined } from '../util/promises.js';

/**
 * A PostgreSQL server given by URL. The URL's own database is only connected to, to create and drop
 * uniquely named shadow databases; nothing is ever written to it.
 */
export class UrlShadowServer implements ShadowServer {
  readonly kind = 'url' as const;
  readonly startupMs = 0;
  readonly description: string;
  readonly readOnlyUrl: string;
  private readonly registrations = new Map<string, Registration>();
  private sweeping?: Promise<void>;

  constructor(
    private readonly url: string,
    /** How the URL is named in errors: `Input 'shadow-database-url'`, `--shadow-database-url`. */
    private readonly inputName = "Input 'shadow-database-url'",
  ) {
    const parsed = parsePostgresUrl(url);
    if (!parsed) {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
      throw new UsageError(
        `${inputName}: expected a PostgreSQL URL (postgresql://USER@HOST:5432/postgres, with a password if the server needs one), got ${scheme ? `a ${scheme}: URL` : 'something that is not a URL'}.`,
      );
    }
    this.description = `${parsed.hostname}:${parsed.port || '5432'}`;
    this.readOnlyUrl = readOnlySessionUrl(url);
  }

  async createDatabase(): Promise<ShadowDatabase> {
    const early = earlyDatabases.get(this.url);
    if (early && early.server !== this) {
      earlyDatabases.delete(this.url);
      // Created for this very server and input before the CLI had loaded: its failure is this one's.
      const database = await early.database;
      const registration = early.server.registrations.get(database.name);
      early.server.registrations.delete(database.name);
      if (registration) this.registrations.set(database.name, registration);
      return database;
    }
    const name = shadowDatabaseName();
    // A shadow is dropped right after the check: its commits need not wait for the disk. Each
    // migration replays as one commit, and on a server with slow fsync that wait is most of the
    // replay; the database behaves the same in every other respect.
    // The drop is armed before CREATE DATABASE is sent: a signal meanwhile drops it once created.
    const { cleanup } = await createArmed(
      `shadow database ${name}`,
      () =>
        this.admin(async (client) => {
          await client.query(`CREATE DATABASE "${name}"`);
          await orUndefined(client.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`));
        }),
      () => this.drop(name),
    );
    this.registrations.set(name, cleanup);
    return { name, url: withDatabase(this.url, name) };
  }

  async dropDatabase(database: ShadowDatabase): Promise<void> {
    const registration = this.registrations.get(database.name);
    this.registrations.delete(database.name);
    if (registration) await registration.run();
    else await this.drop(database.name);
  }

  async close(): Promise<void> {
    for (const name of [...this.registrations.keys()]) await this.dropDatabase({ name, url: '' });
    await this.sweeping;
  }

  /**
   * `sweepLeftovers` on a connection of its own, beside this run's work rather than before it (it
   * costs a connection and a query, and a DROP per leftover); `close` waits for it.
   */
  sweepLeftoversInBackground(report: (dropped: string[]) => void): void {
    this.sweeping ??= this.sweepLeftovers().then(
      (dropped) => report(dropped),
      () => undefined, // best effort: a role that may create databases may drop its own old ones; anything else is the check's to report
    );
  }

  /**
   * Drops shadow databases a killed run left on this server: named by this tool (`psg_shadow_<UTC
   * stamp>_…`) more than an hour ago, so a check still running elsewhere keeps its own.
   */
  async sweepLeftovers(now = Date.now()): Promise<string[]> {
    const client = new pg.Client(poolConfig(this.url));
    client.on('error', () => undefined);
    let names: string[];
    try {
      await client.connect();
      const rows = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE '${NAME_PREFIX.replace(/_/g, '\\_')}%'`,
      );
      names = rows.rows.map((row) => row.datname);
    } finally {
      await orUndefined(client.end());
    }
    const stale = names.filter((name) => {
      const created = shadowDatabaseCreatedAt(name);
      return created !== undefined && now - created.getTime() > LEFTOVER_AGE_MS;
    });
    for (const name of stale) await this.drop(name);
    return stale;
  }

  /** Unregisters every database without dropping it: the server that holds them is going away. */
  async forget(): Promise<void> {
    for (const registration of this.registrations.values()) registration.release();
    this.registrations.clear();
  }

  private async drop(name: string): Promise<void> {
    try {
      // WITH (FORCE) ends connections the engine may still hold (PostgreSQL 13+).
      await this.admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } catch (error) {
      if (!(isPgServerError(error) && error.code === '42601')) throw error;
      await this.admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      await this.admin(`DROP DATABASE IF EXISTS "${name}"`);
    }
  }

  /**
   * Runs a statement, or work over one client, on a fresh connection to the URL's database
   * (CREATE/DROP DATABASE cannot run in a transaction).
   */
  private async admin(work: string | ((client: pg.Client) => Promise<void>)): Promise<void> {
    const client = await connectOrExplain(poolConfig(this.url), this.url, this.inputName);
    try {
      if (typeof work === 'string') await client.query(work);
      else await work(client);
    } catch (error) {
      if (isPgServerError(error) && error.code === '42501') {
        throw new UsageError(
          `${this.inputName}: the role "${safeUrl(this.url)?.username || 'postgres'}" may not create databases on ${this.description} (permission denied: ${error.message}).`,
          'Grant it CREATEDB (ALTER ROLE ... CREATEDB), or give a URL of a role that has it: the check creates a uniquely named database there and drops it afterwards.',
        );
      }
      throw error;
    } finally {
      await orUndefined(client.end());
    }
  }
}

/** Databases `createShadowDatabaseEarly` started, by server URL, for the first `createDatabase` there to take. */
const earlyDatabases = new Map<string, { server: UrlShadowServer; database: Promise<ShadowDatabase> }>();

/**
 * Starts creating a shadow database on a server before the code that will use it has loaded (the
 * CLI's entry, for `check`): `CREATE DATABASE` takes 60-350 ms of the server's time, loading the CLI
 * about 100 ms of this process's, and they need not wait for each other. The first
 * `UrlShadowServer` on the same URL that creates a database takes this one instead (its cleanup
 * registration too); `release` drops it if none did, and must be called before the process ends.
 */
export function createShadowDatabaseEarly(url: string, inputName: string): { release(): Promise<void> } {
  const server = new UrlShadowServer(url, inputName);
  const database = server.createDatabase();
  handledLater(database); // awaited by whoever takes it, or by `release`
  const entry = { server, database };
  earlyDatabases.set(url, entry);
  return {
    async release() {
      if (earlyDatabases.get(url) === entry) earlyDatabases.delete(url);
      await orUndefined(database);
      await server.close(); // drops the database unless it was taken
    },
  };
}
