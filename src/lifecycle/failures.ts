/**
 * What ends a run outside every catch: a closed stdout (`check … | head -0`: EPIPE on the next
 * write), an uncaught exception, an unhandled rejection. Each becomes one line on stderr (redacted,
 * no stack trace unless PSG_DEBUG is set), the cleanups of everything the run created, exit 1 — never
 * Node's "Unhandled 'error' event" with a stack trace and a shadow database left on the server.
 */
import { errorMessage } from '../util/errors.js';
import { redact } from '../util/redact.js';
import { stopRun } from './cleanup.js';

let installed = false;

export function stopOnFailures(env: NodeJS.ProcessEnv = process.env): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stopRun(
      'stdout closed',
      `prisma-schema-guard: could not write to stdout (${error.code ?? errorMessage(error)}: the reading end is closed); removing what this run created and stopping.`,
      1,
    );
  });
  // A closed stderr loses the log, nothing else: it must not end the run by itself.
  process.stderr.on('error', () => undefined);
  const crash = (error: unknown) => {
    const detail = env.PSG_DEBUG && error instanceof Error && error.stack ? ` ${error.stack.replace(/\n\s*/g, ' | ')}` : '';
    stopRun(
      'unexpected error',
      redact(
        `prisma-schema-guard: unexpected error: ${errorMessage(error).split('\n')[0]}${detail} (removing what this run created and stopping)`,
      ),
      1,
    );
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
