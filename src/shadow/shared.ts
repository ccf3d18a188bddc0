/**
 * One shadow server for several checks (a monorepo with several schemas): started once, on first use;
 * each check gets a view whose `close()` leaves the server running (its own databases are still
 * dropped by the check); the owner closes the server once, at the end. `mapBounded` runs the checks
 * with bounded parallelism, each in its own database on the shared server.
 */
import type { ShadowDatabase, ShadowServer } from './shadow.js';
import { orUndefined } from '../util/promises.js';

export interface SharedShadowServer {
  /** The `openShadowServer` port for each check: the same server every time. */
  open(): Promise<ShadowServer>;
  /** Stops the server, if one was started. */
  close(): Promise<void>;
}

export function shareShadowServer(start: () => Promise<ShadowServer>): SharedShadowServer {
  let server: Promise<ShadowServer> | undefined;
  let opened = 0;
  return {
    open: async () => {
      server ??= start();
      const shared = await server;
      // The first check pays the start-up; the others find the server running.
      const startupMs = opened++ === 0 ? shared.startupMs : 0;
      return {
        kind: shared.kind,
        description: shared.description,
        startupMs,
        createDatabase: () => shared.createDatabase(),
        dropDatabase: (database: ShadowDatabase) => shared.dropDatabase(database),
        close: async () => undefined,
      };
    },
    close: async () => {
      if (!server) return;
      const started = server;
      server = undefined;
      const shared = await orUndefined(started);
      await shared?.close();
    },
  };
}

/** `work` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
