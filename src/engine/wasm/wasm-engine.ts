import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget } from '@prisma/schema-engine-wasm';
import { dirname } from 'node:path';
import { PgAdapterFactory } from '../../database/postgres/adapter.js';
import type { ScriptObserver } from '../script-observer.js';
import type { SchemaFile } from '../../schema/files.js';
import { EngineError, type DiffOutput, type DiffSource, type Engine, type PushOutput } from '../engine.js';
import { loadSchemaEngine, takePanicMessage } from './load.js';
import { NEWEST_BUILD, type EngineBuild } from './builds.js';

type WasmSchemaEngine = Awaited<ReturnType<Awaited<ReturnType<typeof loadSchemaEngine>>['SchemaEngine']['new']>>;

/** An adapter factory the engine runs over; it ends every connection it opened on `dispose()`. */
export type DisposableAdapterFactory = SqlMigrationAwareDriverAdapterFactory & { dispose(): Promise<void> };

export interface WasmEngineOptions {
  /** Another database family's adapters (SQLite); default: this project's `pg` adapter over the URLs. */
  adapterFactory?: DisposableAdapterFactory;
  /** The database the engine treats as its own (`schemaDatasource`, `db push`). */
  databaseUrl: string;
  /** The database migrations are replayed into; a promise while it is still being created. */
  shadowUrl: string | Promise<string>;
  schema: SchemaFile[];
  observer?: ScriptObserver;
  /** Prisma's engine log lines (debug output). */
  log?: (line: string) => void;
  /** Which build of the engine (default: the newest bundled, Prisma 7's). */
  build?: EngineBuild;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Prisma's schema engine, in this process, over this project's `pg` adapter. */
export class WasmEngine implements Engine {
  readonly name = 'wasm' as const;

  private constructor(
    readonly build: EngineBuild,
    private readonly engine: WasmSchemaEngine,
    private readonly factory: DisposableAdapterFactory,
    /** Where the adapter's own exceptions wait: the engine only reports "External error id#N". */
    private readonly errors: AdapterErrors,
  ) {}

  static async open(options: WasmEngineOptions): Promise<WasmEngine> {
    const build = options.build ?? NEWEST_BUILD;
    const glue = await loadSchemaEngine(build);
    const factory =
      options.adapterFactory ?? new PgAdapterFactory({ main: options.databaseUrl, shadow: options.shadowUrl }, options.observer);
    const datamodels = options.schema.map((file): [string, string] => [file.path, file.content]);
    const bound = bindMigrationAwareSqlAdapterFactory(factory);
    const engine = await engineCall(
      () => glue.SchemaEngine.new({ datamodels }, (line: string) => options.log?.(line), bound),
      bound.errorRegistry,
    );
    return new WasmEngine(build, engine, factory, bound.errorRegistry);
  }

  async diff(from: DiffSource, to: DiffSource, format: 'script' | 'summary'): Promise<DiffOutput> {
    const result = await engineCall(
      () =>
        // `shadowDatabaseUrl`: Prisma 6 builds still declare it (null: the adapter's shadow is used).
        this.engine.diff({
          from: target(from),
          to: target(to),
          script: format === 'script',
          exitCode: true,
          filters: NO_FILTERS,
          shadowDatabaseUrl: null,
        } as Parameters<WasmSchemaEngine['diff']>[0]),
      this.errors,
    );
    return { changed: result.exitCode === 2, text: result.stdout ?? '' };
  }

  async push(schema: SchemaFile[], options: { force: boolean }): Promise<PushOutput> {
    const result = await engineCall(
      () => this.engine.schemaPush({ schema: { files: schema }, force: options.force, filters: NO_FILTERS }),
      this.errors,
    );
    return { executedSteps: result.executedSteps, warnings: [...result.warnings], unexecutable: [...result.unexecutable] };
  }

  async reset(): Promise<void> {
    await engineCall(() => this.engine.reset({ filter: NO_FILTERS }), this.errors);
  }

  async close(): Promise<void> {
    try {
      this.engine.free();
    } catch {
      // Freeing twice or after a panic: nothing more to release on the engine's side.
    }
    // The engine does not end the pools it was given: end them here so no connection outlives it.
    await this.factory.dispose();
  }
}

function target(source: DiffSource): DiffTarget {
  switch (source.kind) {
    case 'empty':
      return { tag: 'empty' };
    case 'schema':
      return { tag: 'schemaDatamodel', files: source.files };
    case 'database':
      return { tag: 'schemaDatasource', files: source.files, configDir: dirname(source.files[0]?.path ?? '.') };
    case 'migrations': {
      const { history } = source;
      return {
        tag: 'migrations',
        baseDir: history.directory,
        lockfile: { path: 'migration_lock.toml', content: history.lockfile.content },
        shadowDbInitScript: '',
        migrationDirectories: history.migrations.map((migration) => ({
          path: migration.name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: migration.sql } },
        })),
      };
    }
  }
}

/** Runs an engine call and turns what it throws (an error object, or a panic) into an EngineError. */
/** The bound adapter factory's registry of exceptions thrown inside the adapter (`@prisma/driver-adapter-utils`). */
interface AdapterErrors {
  consumeError(id: number): { error: unknown } | undefined;
}

async function engineCall<T>(call: () => Promise<T>, errors?: AdapterErrors): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const panic = takePanicMessage();
    if (panic) throw new EngineError(`Prisma's schema engine panicked: ${panic}`, undefined);
    const e = error as { message?: string; code?: string };
    const message = stripBacktrace(e?.message ?? String(error));
    // An exception inside the adapter reaches the engine as an id only: say what it was.
    const id = /External error id#(\d+)/.exec(message)?.[1];
    const cause = id === undefined ? undefined : errors?.consumeError(Number(id))?.error;
    if (cause !== undefined)
      throw new EngineError(`The database adapter failed: ${cause instanceof Error ? cause.message : String(cause)}`, undefined);
    throw new EngineError(message, typeof e?.code === 'string' ? e.code : undefined);
  }
}

/** The engine appends a Rust backtrace ("   0: schema_engine_wasm::...") that means nothing to a user. */
export function stripBacktrace(message: string): string {
  // Also from connector frames (`0: sql_schema_connector::apply_migration::...`) when a push fails.
  return message.replace(/\n\s+0: (?:schema_engine_wasm|sql_schema_connector)::[\s\S]*$/, '').trimEnd();
}
