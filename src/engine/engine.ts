/**
 * The engine port: Prisma's schema engine, in Prisma's own terms. Implementations: `wasm`
 * (in-process, PostgreSQL and SQLite) and, later, `cli` (the project's own `prisma`).
 */
import type { MigrationHistory } from '../migrations/history.js';
import type { SchemaFile } from '../schema/files.js';

export type DiffSource =
  | { kind: 'empty' }
  /** The migration history, replayed into the shadow database. */
  | { kind: 'migrations'; history: MigrationHistory }
  /** The Prisma schema's models (the datamodel). */
  | { kind: 'schema'; files: SchemaFile[] }
  /** The database the engine is connected to, as it is now. */
  | { kind: 'database'; files: SchemaFile[] };

export interface DiffOutput {
  /** False when both sides are the same. */
  changed: boolean;
  /** The SQL script (`format: 'script'`) or Prisma's human-readable summary. */
  text: string;
}

export interface Engine {
  readonly name: 'wasm' | 'cli';
  diff(from: DiffSource, to: DiffSource, format: 'script' | 'summary'): Promise<DiffOutput>;
  /** Releases the engine and every connection it opened. Never throws. */
  close(): Promise<void>;
}

/**
 * An error the engine reported (Prisma's error code and message, e.g. P1012 for a schema it
 * rejects, P3006 for a migration that fails to apply).
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}
