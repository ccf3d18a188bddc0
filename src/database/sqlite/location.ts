import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../util/errors.js';

/**
 * Where a SQLite database URL points, as Prisma users write it: a local file (`file:./dev.db`,
 * `file:dev.db?connection_limit=1`, `file:///abs/dev.db`, or a plain path `./dev.db`), a remote
 * database this tool cannot open (Turso/libSQL over `libsql://`, `https://`, `wss://`; Cloudflare
 * D1), or a URL of another database family (`postgresql://`, `mysql://`).
 */
export type SqliteLocation =
  | { kind: 'file'; path: string }
  | { kind: 'remote'; service: 'Turso/libSQL' | 'Cloudflare D1'; host: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'other'; scheme: string };

const REMOTE_LIBSQL = new Set(['libsql', 'http', 'https', 'ws', 'wss']);

/** Pure: classifies the URL without touching the file system. */
export function sqliteLocation(url: string): SqliteLocation {
  const text = url.trim();
  if (text === '') return { kind: 'invalid', reason: 'the URL is empty' };
  // A one-letter "scheme" is a Windows drive (C:\data\dev.db), not a URL.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', path: text };
  if (scheme === 'file') {
    // Prisma's form `file:./dev.db?connection_limit=1`: the path ends where the parameters start.
    const withoutQuery = text.replace(/[?#].*$/, '');
    if (/^file:\/\//i.test(withoutQuery)) {
      try {
        return { kind: 'file', path: fileURLToPath(withoutQuery) };
      } catch (error) {
        return { kind: 'invalid', reason: (error as Error).message };
      }
    }
    const path = withoutQuery.slice('file:'.length);
    return path === '' ? { kind: 'invalid', reason: 'file: names no file' } : { kind: 'file', path };
  }
  if (REMOTE_LIBSQL.has(scheme)) return { kind: 'remote', service: 'Turso/libSQL', host: hostOf(text) };
  if (scheme === 'd1' || scheme === 'cloudflare-d1') return { kind: 'remote', service: 'Cloudflare D1', host: hostOf(text) };
  return { kind: 'other', scheme };
}

/** True when the URL is meant for SQLite (a file, or a remote SQLite service), not another database. */
export function looksLikeSqlite(url: string): boolean {
  return sqliteLocation(url).kind !== 'other';
}

/** Only the host: a libSQL URL carries its token in the query (`?authToken=`), never echoed. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * The absolute path of the local SQLite file a URL names (a relative path is taken from `cwd`,
 * where the command runs), or a UsageError naming the input: remote databases are not supported.
 */
export function sqliteFilePath(url: string, inputName: string, cwd: string): string {
  const location = sqliteLocation(url);
  switch (location.kind) {
    case 'file':
      return isAbsolute(location.path) ? location.path : resolve(cwd, location.path);
    case 'remote':
      throw new UsageError(
        `${inputName}: ${location.host ? `${location.host} is` : 'this URL names'} a remote ${location.service} database, which is not supported: this tool opens SQLite databases as local files only.`,
        'Pass the path of a local SQLite file instead, e.g. `file:./dev.db` or `./dev.db` (for a remote database, download a copy of it first).',
      );
    case 'invalid':
      throw new UsageError(
        `${inputName}: not a SQLite database location (${location.reason}).`,
        'Pass the path of a local SQLite file, e.g. `file:./dev.db` or `./dev.db`.',
      );
    case 'other':
      throw new UsageError(
        `${inputName}: the schema's provider is sqlite, but the URL is a ${location.scheme}: URL.`,
        'Pass the path of a local SQLite file, e.g. `file:./dev.db` or `./dev.db`.',
      );
  }
}
