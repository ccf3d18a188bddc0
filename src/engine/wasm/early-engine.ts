import type { ScriptObserver } from '../script-observer.js';
import type { SchemaFile } from '../../schema/files.js';
import type { DiffOutput, DiffSource, Engine, PushOutput } from '../engine.js';
import { WasmEngine } from './wasm-engine.js';
import type { EngineBuild } from './builds.js';
import { handledLater, orUndefined } from '../../util/promises.js';

export interface EarlyWasmEngineOptions {
  /**
   * A read-only session on a database the shadow server already has (the URL's own database, a
   * started server's `postgres`): the engine's own database until the shadow exists.
   */
  homeUrl: string;
  /** The shadow database's URL, resolved when its CREATE DATABASE is done. */
  shadowUrl: Promise<string>;
  schema: SchemaFile[];
  observer?: ScriptObserver;
  build?: EngineBuild;
}

/**
 * The in-process engine for a shadow database that is still being created. Prisma's engine asks
 * its own database for the server's version when it starts, then reads the schema; started on a
 * read-only session of a database the server already has, all of that, and the preparation of a
 * history's replay, runs while the server creates the shadow (measured: the engine's start is
 * 50 ms for an empty schema and ~0.3 s for 228 models with 1,000 migrations, and CREATE DATABASE
 * 60-350 ms). The replay itself waits for the shadow.
 *
 * Its own database is the shadow, as if it had been opened on it: `database` diffs (the summary of
 * a missing migration), `push` and `reset` go to a second engine opened on the shadow when first
 * needed, never to the read-only session.
 */
export class EarlyWasmEngine implements Engine {
  readonly name = 'wasm' as const;
  private onShadow?: Promise<WasmEngine>;

  private constructor(
    private readonly early: WasmEngine,
    private readonly options: EarlyWasmEngineOptions,
  ) {}

  static async open(options: EarlyWasmEngineOptions): Promise<EarlyWasmEngine> {
    // A shadow that could not be created is reported by whoever created it; the engine may never ask.
    handledLater(options.shadowUrl);
    const early = await WasmEngine.open({
      databaseUrl: options.homeUrl,
      shadowUrl: options.shadowUrl,
      schema: options.schema,
      observer: options.observer,
      build: options.build,
    });
    return new EarlyWasmEngine(early, options);
  }

  async diff(from: DiffSource, to: DiffSource, format: 'script' | 'summary'): Promise<DiffOutput> {
    if (from.kind === 'database' || to.kind === 'database') return (await this.shadowEngine()).diff(from, to, format);
    return this.early.diff(from, to, format);
  }

  async push(schema: SchemaFile[], options: { force: boolean }): Promise<PushOutput> {
    return (await this.shadowEngine()).push(schema, options);
  }

  async reset(): Promise<void> {
    await (await this.shadowEngine()).reset();
  }

  async close(): Promise<void> {
    const onShadow = orUndefined(this.onShadow);
    await Promise.all([this.early.close(), onShadow.then((engine) => engine?.close())]);
  }

  private shadowEngine(): Promise<WasmEngine> {
    this.onShadow ??= this.options.shadowUrl.then((url) =>
      WasmEngine.open({
        databaseUrl: url,
        shadowUrl: url,
        schema: this.options.schema,
        observer: this.options.observer,
        build: this.options.build,
      }),
    );
    return this.onShadow;
  }
}
