/**
 * Preview databases on a server the action manages (`preview-database-url`): one per pull request,
 * named from a template, created when missing (optionally from a template database), dropped when
 * the pull request closes. A database is dropped only when its comment says this tool created it
 * for that pull request: a database someone else made under the same name is never touched.
 */
import { parseMysqlUrl } from '../database/mysql/connection.js';
import type { PreviewDatabaseServer } from './database-server.js';
import { PreviewServer } from './postgres-databases.js';

export {
  DEFAULT_NAME_TEMPLATE,
  marker,
  previewDatabaseName,
  type EnsureResult,
  type Ownership,
  type PreviewDatabaseServer,
} from './database-server.js';
export { PreviewServer } from './postgres-databases.js';

/** The server behind a `preview-database-url`: MySQL/MariaDB for `mysql://`/`mariadb://`, else PostgreSQL. */
export async function openPreviewServer(
  url: string,
  inputName = "Input 'preview-database-url'",
  options: { nameTemplate?: string } = {},
): Promise<PreviewDatabaseServer> {
  if (parseMysqlUrl(url.trim())) return new (await import('./mysql-databases.js')).MysqlPreviewServer(url, inputName, options);
  return new PreviewServer(url, inputName);
}
