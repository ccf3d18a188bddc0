/**
 * A preview database given as is (`database-url`), as reports show it: the CLI's and the action's
 * preview describe it the same way. Never a password.
 */
import type { PreviewDatabase } from '../commands/preview.js';
import { parseMysqlUrl } from '../database/mysql/connection.js';
import { parsePostgresUrl } from '../database/postgres/connection.js';
import type { SqlitePreviewFile } from '../database/sqlite/preview-file.js';

/** A PostgreSQL or MySQL/MariaDB database URL; undefined for any other URL. */
export function givenPreviewDatabase(url: string): PreviewDatabase | undefined {
  const mysql = parseMysqlUrl(url);
  if (mysql)
    return { name: decodeURIComponent(mysql.pathname.slice(1)), server: `${mysql.hostname}:${mysql.port || '3306'}`, mode: 'given' };
  const parsed = parsePostgresUrl(url);
  if (!parsed) return undefined;
  return {
    name: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    server: `${parsed.hostname}:${parsed.port || '5432'}`,
    mode: 'given',
  };
}

/** A local SQLite file. */
export function sqlitePreviewDatabase(file: SqlitePreviewFile): PreviewDatabase {
  return { name: file.description, server: 'a local SQLite file', mode: 'given' };
}
