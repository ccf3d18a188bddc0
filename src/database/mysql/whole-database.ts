import type mysql from 'mysql2/promise';
import { registerCleanup, type Registration } from '../../lifecycle/cleanup.js';
import type { ShadowDatabase, ShadowServer } from '../../shadow/shadow.js';
import { UsageError } from '../../util/errors.js';
import { connectMysql, databaseOf, parseMysqlUrl } from './connection.js';
import { quoteMysqlIdent } from '../../sql/quote.js';
import { orUndefined } from '../../util/promises.js';

/**
 * A shadow that is one whole database given by URL, for servers that do not grant
 * `CREATE DATABASE` (PlanetScale/Vitess, many managed plans). It is used as-is only when it is
 * empty (never a database with data: that would be a database the user did not hand over for
 * writing), and emptied again after each use, on success and on failure.
 */
export class WholeDatabaseShadow implements ShadowServer {
  readonly kind = 'url' as const;
  readonly startupMs = 0;
  readonly description: string;
  private registration: Registration | undefined;
  private readonly database: string;

  constructor(
    private readonly url: string,
    private readonly inputName = "Input 'shadow-database-url'",
  ) {
    const parsed = parseMysqlUrl(url);
    this.database = databaseOf(url);
    if (!parsed || !this.database) {
      throw new UsageError(
        `${inputName}: without the right to create databases, the shadow must be a whole, empty database: give a URL that names one (mysql://USER:PASSWORD@HOST:3306/shadow).`,
      );
    }
    this.description = `${parsed.hostname}:${parsed.port || '3306'}/${this.database} (whole database)`;
  }

  async createDatabase(): Promise<ShadowDatabase> {
    const connection = await connectMysql(this.url, this.inputName);
    try {
      const objects = await objectsIn(connection, this.database);
      if (objects.length > 0) {
        throw new UsageError(
          `${this.inputName}: the database "${this.database}" is not empty (${objects
            .slice(0, 5)
            .map((o) => o.name)
            .join(
              ', ',
            )}${objects.length > 5 ? ', …' : ''}); a shadow database is emptied after every use, so only an empty one is accepted.`,
          'Create a separate, empty database (or PlanetScale branch) for the shadow and pass its URL.',
        );
      }
    } finally {
      await orUndefined(connection.end());
    }
    this.registration = registerCleanup(`shadow database ${this.database} (emptied)`, () => this.empty());
    return { name: this.database, url: this.url };
  }

  async dropDatabase(): Promise<void> {
    const registration = this.registration;
    this.registration = undefined;
    if (registration) await registration.run();
    else await this.empty();
  }

  async close(): Promise<void> {
    await this.dropDatabase();
  }

  /** Drops every table, view, routine, trigger and event the replay created. */
  async empty(): Promise<void> {
    const connection = await connectMysql(this.url, this.inputName);
    try {
      await connection.query('SET FOREIGN_KEY_CHECKS = 0');
      for (const object of await objectsIn(connection, this.database)) {
        await connection.query(`DROP ${object.type} IF EXISTS ${quoteMysqlIdent(this.database)}.${quoteMysqlIdent(object.name)}`);
      }
    } finally {
      await orUndefined(connection.end());
    }
  }
}

interface SchemaObject {
  type: 'TABLE' | 'VIEW' | 'PROCEDURE' | 'FUNCTION' | 'EVENT' | 'TRIGGER';
  name: string;
}

async function objectsIn(connection: mysql.Connection, database: string): Promise<SchemaObject[]> {
  const [rows] = await connection.query(
    `SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE') AS type, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
     UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
     UNION ALL SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
     UNION ALL SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?`,
    [database, database, database, database],
  );
  // Views first: a table under a view can then be dropped without warnings.
  return (rows as SchemaObject[]).sort((a, b) => Number(b.type === 'VIEW') - Number(a.type === 'VIEW'));
}

/**
 * A MySQL shadow server that falls back to the URL's own database, used whole, when the user may
 * not create databases (PlanetScale, managed plans): the same check, on the one database the user
 * handed over for it, which must be empty.
 */
export function withWholeDatabaseFallback(
  server: ShadowServer,
  url: string,
  inputName: string,
  log?: (line: string) => void,
): ShadowServer {
  let whole: WholeDatabaseShadow | undefined;
  return {
    kind: server.kind,
    get description() {
      return whole?.description ?? server.description;
    },
    startupMs: server.startupMs,
    async createDatabase() {
      try {
        return await server.createDatabase();
      } catch (error) {
        if (!(error instanceof UsageError && /may not create databases/.test(error.message)) || !databaseOf(url)) throw error;
        log?.(
          `${error.message} Using the database "${databaseOf(url)}" of the URL as the shadow, whole (it must be empty; it is emptied afterwards).`,
        );
        whole = new WholeDatabaseShadow(url, inputName);
        return whole.createDatabase();
      }
    },
    async dropDatabase(database) {
      if (whole && database.name === databaseOf(url)) return whole.dropDatabase();
      return server.dropDatabase(database);
    },
    async close() {
      await whole?.close();
      await server.close();
    },
  };
}
