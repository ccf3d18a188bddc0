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

/** What `db push` did or would do: Prisma's own messages, verbatim. */
export interface PushOutput {
  /** How many steps ran (0 when warnings or unexecutable steps stopped it). */
  executedSteps: number;
  /** Destructive-change warnings; without `force` nothing is executed when there are any. */
  warnings: string[];
  /** Steps that cannot run on the database's current data; never executed, even with `force`. */
  unexecutable: string[];
}

export interface Engine {
  readonly name: 'wasm' | 'cli';
  diff(from: DiffSource, to: DiffSource, format: 'script' | 'summary'): Promise<DiffOutput>;
  /** `db push` of the schema to the engine's own database. */
  push(schema: SchemaFile[], options: { force: boolean }): Promise<PushOutput>;
  /** `migrate reset`'s first half: empties the engine's own database (every table and its data). */
  reset(): Promise<void>;
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
