import type { Registration } from '../lifecycle/cleanup.js';
import type { ShadowDatabase, ShadowKind, ShadowServer } from './shadow.js';

/** Creates and drops databases on a server (the URL servers of both providers). */
export interface DatabaseManager {
  createDatabase(): Promise<ShadowDatabase>;
  dropDatabase(database: ShadowDatabase): Promise<void>;
  /** Stops tracking the databases without dropping them (they go with their server). */
  forget(): Promise<void>;
  /** See `ShadowServer.readOnlyUrl`. */
  readonly readOnlyUrl?: string;
}

/**
 * A server this run started (a local process, an embedded PostgreSQL, a container): its databases
 * are managed over its URL, and closing it removes the server itself, databases and all.
 */
export abstract class OwnedShadowServer implements ShadowServer {
  abstract readonly kind: ShadowKind;

  protected constructor(
    readonly description: string,
    readonly startupMs: number,
    readonly url: string,
    private readonly databases: DatabaseManager,
    private readonly cleanup: Registration,
  ) {}

  get readOnlyUrl(): string | undefined {
    return this.databases.readOnlyUrl;
  }

  createDatabase(): Promise<ShadowDatabase> {
    return this.databases.createDatabase();
  }

  dropDatabase(database: ShadowDatabase): Promise<void> {
    return this.databases.dropDatabase(database);
  }

  async close(): Promise<void> {
    // The databases go with the server: no need to drop them one by one.
    await this.databases.forget();
    await this.cleanup.run();
  }
}
