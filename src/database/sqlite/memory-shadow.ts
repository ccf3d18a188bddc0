import type { ShadowDatabase, ShadowServer } from '../../shadow/shadow.js';
import { shadowDatabaseName } from '../../shadow/shadow.js';

/** The URL the in-memory shadow is known by: the engine's adapter factory owns the database itself. */
export const MEMORY_URL = ':memory:';

/**
 * The SQLite "shadow server": nothing to start, connect to or drop. Each engine opened over
 * `:memory:` gets a fresh in-memory database (sql.js), gone when the engine closes.
 */
export class MemorySqliteShadow implements ShadowServer {
  readonly kind = 'embedded' as const;
  readonly description = 'SQLite in memory (sql.js)';
  readonly startupMs = 0;

  async createDatabase(): Promise<ShadowDatabase> {
    return { name: shadowDatabaseName(), url: MEMORY_URL };
  }

  async dropDatabase(): Promise<void> {}

  async close(): Promise<void> {}
}
