import type { Provider } from '../schema/datasource.js';
import { UsageError } from '../util/errors.js';

/** Input `engine` / `--engine`. */
export type EngineChoice = 'auto' | 'wasm' | 'cli';

const CHOICES: readonly EngineChoice[] = ['auto', 'wasm', 'cli'];

/** The connectors compiled into `@prisma/schema-engine-wasm` (ENGINE-NOTES.md). */
const WASM_PROVIDERS: readonly Provider[] = ['postgresql', 'sqlite'];

export function parseEngineChoice(value: string | undefined, inputName = "Input 'engine'"): EngineChoice {
  const choice = (value?.trim() || 'auto').toLowerCase();
  if (!(CHOICES as readonly string[]).includes(choice))
    throw new UsageError(`${inputName}: expected one of ${CHOICES.join(', ')}, got "${value}".`);
  return choice as EngineChoice;
}

/**
 * The engine a provider runs on: `auto` is the in-process engine where it has the connector
 * (PostgreSQL, SQLite) and the project's own Prisma CLI elsewhere (MySQL).
 */
export function resolveEngine(choice: EngineChoice, provider: Provider, inputName = "Input 'engine'"): 'wasm' | 'cli' {
  if (choice === 'auto') return WASM_PROVIDERS.includes(provider) ? 'wasm' : 'cli';
  if (choice === 'wasm' && !WASM_PROVIDERS.includes(provider)) {
    throw new UsageError(
      `${inputName}: the in-process engine (wasm) has no ${provider} connector (Prisma's WebAssembly schema engine ships PostgreSQL and SQLite only).`,
      "Use engine: cli (or auto), which runs the project's own Prisma CLI.",
    );
  }
  if (choice === 'cli' && provider === 'sqlite') {
    throw new UsageError(
      `${inputName}: engine cli is not supported for SQLite: the check's SQLite shadow lives in this process's memory.`,
      'Use engine: auto or wasm for SQLite.',
    );
  }
  return choice;
}
