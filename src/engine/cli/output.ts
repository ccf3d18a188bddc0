/**
 * Reading what the Prisma CLI prints. Formats (see test/engine/stand-in/README.md for the sources):
 * - an error: `Error: ` + the error's message on stderr, exit code 1 (packages/cli/src/bin.ts); an
 *   engine error's message is `<code>\n\n<message>` (e.g. `P1003\n\nDatabase ... does not exist`);
 * - `migrate diff --exit-code`: 0 empty, 2 changes, 1 error; the script or summary on stdout;
 * - `db push`: `⚠️  There might be data loss when applying the changes:` then `  • <warning>` lines
 *   on stdout, and without `--accept-data-loss` in a non-interactive shell the error
 *   `Use the --accept-data-loss flag ...`; changes that cannot run: the error
 *   `⚠️ We found changes that cannot be executed:` with `  • <step>` lines.
 */
import { stripVTControlCharacters } from 'node:util';
import type { PushOutput } from '../engine.js';

export interface CliError {
  /** Prisma's error code (`P3006`), when the message starts with one. */
  code?: string;
  message: string;
}

/** The error the CLI printed (the last `Error: ` block on stderr), or the whole output. */
export function parseCliError(stderr: string, stdout = ''): CliError {
  const text = stripVTControlCharacters(stderr).replace(/\r\n/g, '\n');
  const at = text.lastIndexOf('Error: ');
  const body = (at === -1 ? `${text}\n${stripVTControlCharacters(stdout)}` : text.slice(at + 'Error: '.length)).trim();
  const coded = /^(P\d{4})\s*\n\s*\n?([\s\S]*)$/.exec(body);
  if (coded) return { code: coded[1], message: coded[2]!.trim() };
  const inline = /^(P\d{4}):?\s+([\s\S]*)$/.exec(body);
  if (inline) return { code: inline[1], message: inline[2]!.trim() };
  return { message: body || 'The Prisma CLI failed without a message.' };
}

/** What Prisma's P3006 message says about the failing migration. */
export interface MigrationFailureDetails {
  migration?: string;
  /** The database's own error code (`1146`, `42703`). */
  databaseCode?: string;
  /** The database's message, as the server gave it (PostgreSQL's `ERROR: ` prefix removed). */
  databaseMessage?: string;
  /** "Please check the query number N from the migration file." (1-based). */
  queryNumber?: number;
}

export function parseMigrationFailure(message: string): MigrationFailureDetails {
  const text = stripVTControlCharacters(message).replace(/\r\n/g, '\n');
  const migration = /Migration `([^`]+)` failed to apply/.exec(text)?.[1] ?? /Migration name: `?([^`\n]+)`?/.exec(text)?.[1];
  const databaseCode = /Database error code: (\S+)/.exec(text)?.[1];
  let databaseMessage = /Database error:\n\s*([\s\S]*?)(?:\n\s*\n|$)/.exec(text)?.[1]?.trim();
  if (databaseMessage) databaseMessage = databaseMessage.replace(/^(?:db error: )?ERROR: /, '');
  const query = /query number (\d+) from the migration file/.exec(text)?.[1];
  return { migration, databaseCode, databaseMessage, queryNumber: query ? Number(query) : undefined };
}

/** `db push`'s outcome, in the same fields as the in-process engine's `schemaPush`. */
export function parsePushOutput(stdout: string, stderr: string, exitCode: number): PushOutput | CliError {
  const out = stripVTControlCharacters(stdout).replace(/\r\n/g, '\n');
  const err = stripVTControlCharacters(stderr).replace(/\r\n/g, '\n');
  const warnings = bulletsAfter(out, 'There might be data loss when applying the changes:');
  const unexecutable = bulletsAfter(`${out}\n${err}`, 'We found changes that cannot be executed:');
  if (exitCode !== 0) {
    // Stopped by its own warnings or unexecutable steps: an outcome, not a failure to run.
    if (unexecutable.length > 0) return { executedSteps: 0, warnings, unexecutable };
    if (warnings.length > 0 && /--accept-data-loss/.test(err)) return { executedSteps: 0, warnings, unexecutable };
    return parseCliError(stderr, stdout);
  }
  // The CLI does not print a step count: "already in sync" means none ran, the rocket line that some did.
  const inSync = /already in sync with the Prisma schema/.test(out);
  return { executedSteps: inSync ? 0 : 1, warnings, unexecutable };
}

function bulletsAfter(text: string, heading: string): string[] {
  const at = text.indexOf(heading);
  if (at === -1) return [];
  const items: string[] = [];
  for (const line of text.slice(at + heading.length).split('\n')) {
    const bullet = /^\s*•\s+(.*)$/.exec(line);
    if (bullet) items.push(bullet[1]!.trim());
    else if (line.trim() && items.length > 0) break;
  }
  return items;
}

export function isCliError(value: PushOutput | CliError): value is CliError {
  return 'message' in value;
}
