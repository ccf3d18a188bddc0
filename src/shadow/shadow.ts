/**
 * The shadow port: a PostgreSQL server on which throwaway databases are created and dropped.
 * Sources: a server URL the user gives (`server-url.ts`), or a server this process starts from
 * PostgreSQL binaries (`embedded.ts`). Whoever creates a database drops it, in a `finally`, and
 * registers the drop for SIGINT/SIGTERM.
 */
export interface ShadowDatabase {
  name: string;
  url: string;
}

export interface ShadowServer {
  readonly kind: 'url' | 'embedded';
  /** What the server is, for logs (never a password). */
  readonly description: string;
  /** Milliseconds it took to make the server available (0 for a given URL). */
  readonly startupMs: number;
  createDatabase(): Promise<ShadowDatabase>;
  dropDatabase(database: ShadowDatabase): Promise<void>;
  /** Stops what this process started (an embedded server); a given server is left running. */
  close(): Promise<void>;
}

/** Prefix of every database, data directory and process this tool creates: leftovers are findable. */
export const NAME_PREFIX = 'psg_shadow_';

/** A valid, unique PostgreSQL database name (≤ 63 bytes) that says who made it and when. */
export function shadowDatabaseName(now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const random = Math.random().toString(36).slice(2, 8);
  return `${NAME_PREFIX}${stamp}_${process.pid}_${random}`;
}
