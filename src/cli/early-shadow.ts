import { parseArgs } from 'node:util';
import { parsePostgresUrl } from '../database/postgres/connection.js';
import { createShadowDatabaseEarly } from '../shadow/server-url.js';
import { CHECK_OPTIONS } from './commands/check-options.js';
import { commandWord, GLOBAL_OPTIONS } from './grammar.js';

/**
 * `check`'s shadow database, started by the CLI's entry before the rest of the CLI loads: only a
 * check with a PostgreSQL server URL (flag or environment variable, resolved as `check` resolves
 * them) gets one. The check takes it over when it creates its shadow on that server; `release` drops
 * it when nothing did (an error before the check reached its server, a schema of another provider).
 */
export function startEarlyShadow(argv: string[], env: NodeJS.ProcessEnv): { release(): Promise<void> } | undefined {
  const shadow = earlyShadowServer(argv, env);
  if (!shadow) return undefined;
  try {
    return createShadowDatabaseEarly(shadow.url, shadow.inputName);
  } catch {
    return undefined; // the check reports what is wrong with the URL, with its own error
  }
}

/** The PostgreSQL server a `check` run will create its shadow on, if its arguments name one. */
export function earlyShadowServer(argv: string[], env: NodeJS.ProcessEnv): { url: string; inputName: string } | undefined {
  const options = { ...GLOBAL_OPTIONS, ...CHECK_OPTIONS };
  if (commandWord(argv, options).name !== 'check') return undefined;
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: false, allowPositionals: true, options }));
  } catch {
    return undefined;
  }
  if (values.help || values.version) return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const url = text(values['shadow-database-url']) ?? text(env.PSG_SHADOW_DATABASE_URL);
  const source = text(values['shadow-database']) ?? text(env.PSG_SHADOW_DATABASE);
  // As `resolveShadowSource`: a URL given both ways must be the same; `auto` defers to the URL.
  if (url)
    return parsePostgresUrl(url) && (!source || source === 'auto' || source === url)
      ? { url, inputName: '--shadow-database-url' }
      : undefined;
  return source && parsePostgresUrl(source) ? { url: source, inputName: '--shadow-database' } : undefined;
}
