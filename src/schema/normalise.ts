import { stripComment } from './datasource.js';
import type { SchemaFile } from './files.js';

/** Settings Prisma 5/6 allowed in `datasource` that Prisma 7's engine rejects (P1012). */
const CONNECTION_SETTINGS = ['url', 'directUrl', 'shadowDatabaseUrl'];

export interface RemovedSetting {
  file: string;
  line: number;
  setting: string;
}

/**
 * Makes a Prisma 5/6 schema acceptable to Prisma 7's engine: the connection settings inside
 * `datasource` blocks are blanked out, line for line, so every diagnostic still points at the
 * user's own line numbers. Nothing else is touched: any other problem is the engine's to report.
 */
export function normaliseSchema(
  files: SchemaFile[],
  options: { keepConnectionSettings?: boolean } = {},
): { files: SchemaFile[]; removed: RemovedSetting[] } {
  const removed: RemovedSetting[] = [];
  // Prisma 6's engines require `url` (and read the others): the schema goes to them as written.
  if (options.keepConnectionSettings) return { files, removed };
  const normalised = files.map((file) => {
    const lines = file.content.split('\n');
    let inside = false;
    for (let i = 0; i < lines.length; i++) {
      const code = stripComment(lines[i]!);
      if (!inside && /^\s*datasource\s+\w+\s*\{/.test(code)) {
        inside = true;
        continue;
      }
      if (inside && /^\s*\}/.test(code)) {
        inside = false;
        continue;
      }
      if (!inside) continue;
      const match = /^\s*(\w+)\s*=/.exec(code);
      if (match && CONNECTION_SETTINGS.includes(match[1]!)) {
        removed.push({ file: file.path, line: i + 1, setting: match[1]! });
        // Keep the line (and a trailing `\r`) so that line numbers do not shift.
        lines[i] = lines[i]!.endsWith('\r') ? '\r' : '';
      }
    }
    return { path: file.path, content: lines.join('\n') };
  });
  return { files: normalised, removed };
}
