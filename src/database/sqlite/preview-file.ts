import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DiffOutput, DiffSource, Engine, PushOutput } from '../../engine/engine.js';
import type { SchemaFile } from '../../schema/files.js';
import { registerCleanup } from '../../lifecycle/cleanup.js';
import { UsageError } from '../../util/errors.js';
import type { SqlJsAdapterFactory } from './adapter.js';
import { SqliteLiveDatabase } from './live-database.js';
import { orUndefined } from '../../util/promises.js';

/**
 * A SQLite file handed over for `preview`: the engine pushes into an in-memory copy, and the file is
 * replaced by the copy's bytes only after a push executed steps (atomically: a temporary file
 * beside it, then a rename). A blocked plan executes nothing, so the file stays byte-identical.
 */
export class SqlitePreviewFile {
  private readonly source: SqliteLiveDatabase;
  /** Size and mtime when read: a file changed meanwhile (the application wrote) is not overwritten. */
  private seen: { size: number; mtimeMs: number } | undefined;

  constructor(
    url: string,
    private readonly inputName: string,
    cwd: string,
  ) {
    this.source = new SqliteLiveDatabase(url, inputName, cwd);
  }

  get path(): string {
    return this.source.path;
  }

  get description(): string {
    return this.source.description;
  }

  async bytes(): Promise<Uint8Array> {
    if (!this.seen) {
      const info = await orUndefined(stat(this.path));
      if (info) this.seen = { size: info.size, mtimeMs: info.mtimeMs };
    }
    return this.source.bytes();
  }

  /** Replaces the file with `bytes`: written beside it, then renamed over it (never half-written). */
  async write(bytes: Uint8Array): Promise<void> {
    const now = await orUndefined(stat(this.path));
    if (this.seen && (!now || now.size !== this.seen.size || now.mtimeMs !== this.seen.mtimeMs)) {
      throw new UsageError(
        `${this.inputName}: ${this.path} changed while preview ran; it was not overwritten (the push would have lost those changes).`,
        'Stop whatever writes to the file and run preview again.',
      );
    }
    const temporary = join(dirname(this.path), `.${basename(this.path)}.psg-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    const cleanup = registerCleanup(`temporary file ${temporary}`, () => rm(temporary, { force: true }));
    try {
      await writeFile(temporary, bytes, { flag: 'wx', mode: now ? now.mode & 0o777 : 0o644 });
      await rename(temporary, this.path);
      const written = await stat(this.path);
      this.seen = { size: written.size, mtimeMs: written.mtimeMs };
    } finally {
      // After the rename there is nothing left to remove; after a failure, the half-written copy goes.
      await orUndefined(cleanup.run());
    }
  }
}

/**
 * The engine over the in-memory copy; after each push that executed steps (or after a reset), the
 * copy is written back to the file before the push returns, so an error in writing is reported.
 */
export class WritingBackEngine implements Engine {
  readonly name: Engine['name'];
  private dirty = false;

  constructor(
    private readonly engine: Engine,
    private readonly factory: SqlJsAdapterFactory,
    private readonly file: SqlitePreviewFile,
  ) {
    this.name = engine.name;
  }

  diff(from: DiffSource, to: DiffSource, format: 'script' | 'summary'): Promise<DiffOutput> {
    return this.engine.diff(from, to, format);
  }

  async push(schema: SchemaFile[], options: { force: boolean }): Promise<PushOutput> {
    const output = await this.engine.push(schema, options);
    if (output.executedSteps > 0 || this.dirty) {
      const bytes = this.factory.exportMain();
      if (bytes) await this.file.write(bytes);
      this.dirty = false;
    }
    return output;
  }

  /** A reset alone is not written: only the push that follows it is (a reset is never the whole plan). */
  async reset(): Promise<void> {
    await this.engine.reset();
    this.dirty = true;
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
