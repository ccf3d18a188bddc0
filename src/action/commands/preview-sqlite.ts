/**
 * The action's preview on a SQLite file (`database-url: file:./dev.db`, a file in the workspace):
 * used as is, as the CLI does — pushed to in memory and written back only when the plan is applied,
 * never created and never deleted. A SQLite file has no server, so the managed mode
 * (`preview-database-url`, a database per pull request) is refused for it.
 */
import type { PreviewDatabase, PreviewPorts } from '../../commands/preview.js';
import { looksLikeSqlite } from '../../database/sqlite/location.js';
import { SqlitePreviewFile } from '../../database/sqlite/preview-file.js';
import { findDatasource } from '../../schema/datasource.js';
import { discoverProject } from '../../schema/discovery.js';
import { sqlitePreviewDatabase } from '../../preview/given.js';
import { readSchemaFiles } from '../../schema/files.js';
import { UsageError } from '../../util/errors.js';
import { sqlitePreviewPorts } from '../../wiring.js';
import { PRISMA_VERSION_INPUT } from '../inputs.js';

const DATABASE_URL = "Input 'database-url'";
const SERVER_URL = "Input 'preview-database-url'";

/**
 * `database-url` naming a SQLite file: relative paths are taken from the working directory (as for
 * `drift`). A remote Turso/libSQL or D1 URL is refused here, with the message the CLI gives.
 */
export function sqlitePreviewTarget(
  databaseUrl: string,
  cwd: string,
  prismaVersion?: string,
): { database: PreviewDatabase; ports: PreviewPorts } {
  const file = new SqlitePreviewFile(databaseUrl, DATABASE_URL, cwd);
  return {
    database: sqlitePreviewDatabase(file),
    ports: sqlitePreviewPorts(file, { cwd, prismaVersion, prismaVersionInputName: PRISMA_VERSION_INPUT }),
  };
}

/** On `closed`: a given file is the project's, never deleted (and not even read). */
export function sqliteClosedDatabase(databaseUrl: string, cwd: string): { database: PreviewDatabase; keptBecause: string } {
  const file = new SqlitePreviewFile(databaseUrl, DATABASE_URL, cwd);
  return {
    database: sqlitePreviewDatabase(file),
    keptBecause: 'it is a SQLite file given by `database-url`, which the action never deletes',
  };
}

/**
 * Managed mode creates a database per pull request on a server: neither a SQLite URL there nor a
 * SQLite schema has one. Checked before any database is created on the server.
 */
export async function refuseManagedSqlite(serverUrl: string, project: { cwd: string; schema?: string }): Promise<void> {
  const fix =
    "Pass the SQLite file as 'database-url' instead (e.g. `database-url: file:./prisma/dev.db`) and remove 'preview-database-url': the file is written only when the plan is applied, and never deleted.";
  if (looksLikeSqlite(serverUrl)) {
    throw new UsageError(
      `${SERVER_URL}: a SQLite database is a file, not a server on which the action can create a database per pull request.`,
      fix,
    );
  }
  const location = discoverProject({ cwd: project.cwd, schema: project.schema, schemaName: "Input 'schema'" });
  const datasource = findDatasource(await readSchemaFiles(location.schema, project.cwd));
  if (datasource?.provider === 'sqlite') {
    throw new UsageError(
      `${SERVER_URL}: the schema's datasource uses "${datasource.written}" (${datasource.file}:${datasource.line}); a SQLite preview is a file, not a database on a server.`,
      fix,
    );
  }
}
