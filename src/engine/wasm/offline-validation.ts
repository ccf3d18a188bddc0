import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQuery, type SqlResultSet } from '@prisma/driver-adapter-utils';
import type { SchemaFile } from '../../schema/files.js';
import { EngineError } from '../engine.js';
import type { DisposableAdapterFactory } from './wasm-engine.js';
import { WasmEngine } from './wasm-engine.js';
import type { EngineBuild } from './builds.js';

/**
 * Validates a PostgreSQL schema with Prisma's own engine before any database exists: the engine asks
 * its database one question when it starts (the server's version) and a diff from nothing to the
 * schema touches no database, so an adapter that answers that question and refuses everything else
 * is enough (measured: a rejected schema is reported in ~0.1 s, where a check replayed the whole
 * history first). Returns the engine's error for a schema it rejects (P1012/P1013), else undefined.
 */
export async function validateSchemaOffline(schema: SchemaFile[], build?: EngineBuild): Promise<EngineError | undefined> {
  const engine = await WasmEngine.open({ adapterFactory: new OfflinePostgresFactory(), databaseUrl: '', shadowUrl: '', schema, build });
  try {
    await engine.diff({ kind: 'empty' }, { kind: 'schema', files: schema }, 'script');
    return undefined;
  } catch (error) {
    if (error instanceof EngineError && (error.code === 'P1012' || error.code === 'P1013')) return error;
    // Anything else (a question this adapter cannot answer) is left to the check itself.
    return undefined;
  } finally {
    await engine.close();
  }
}

/** The one query Prisma's PostgreSQL connector sends on start (schema exists, version). */
const VERSION_QUERY = /server_version_num/;

class OfflinePostgresAdapter implements SqlDriverAdapter {
  readonly provider = 'postgres' as const;
  readonly adapterName = 'prisma-schema-guard-offline';

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    if (!VERSION_QUERY.test(query.sql)) return refuse();
    return {
      columnNames: ['exists', 'version', 'numeric_version'],
      columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
      rows: [[true, 'PostgreSQL 15.0 (offline validation)', 150000]],
    };
  }
  executeRaw = refuse;
  executeScript = refuse;
  startTransaction = refuse;
  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }
  async dispose(): Promise<void> {}
}

async function refuse(): Promise<never> {
  throw new Error('No database: this engine only validates the schema.');
}

class OfflinePostgresFactory implements DisposableAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = 'prisma-schema-guard-offline';
  async connect(): Promise<SqlDriverAdapter> {
    return new OfflinePostgresAdapter();
  }
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return new OfflinePostgresAdapter();
  }
  async dispose(): Promise<void> {}
}
