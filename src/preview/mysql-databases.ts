/**
 * Preview databases on a MySQL or MariaDB server the action manages (`preview-database-url:
 * mysql://…`): one per pull request, created when missing, dropped when the pull request closes —
 * but only a database this tool can prove it created for that pull request.
 *
 * The proof is the same mark as PostgreSQL's `COMMENT ON DATABASE`: MariaDB 10.5+ keeps a comment per
 * database (`CREATE DATABASE … COMMENT '…'`, read back from `information_schema.SCHEMATA.SCHEMA_COMMENT`).
 * MySQL (8.x, 9.x) and older MariaDB have no database comments, and anything else (a marker table, a
 * registry database) would be seen by `db push` or be written where the user did not ask: there the
 * database is created as usual, the report says it cannot be marked, and on close it is kept, with
 * the statement to drop it by hand. A database this tool cannot prove it created is never dropped.
 */
import type mysql from 'mysql2/promise';
import { connectMysql, parseMysqlUrl, serverInfo } from '../database/mysql/connection.js';
import { isMysqlServerError, isNotGranted } from '../database/mysql/errors.js';
import { withMysqlDatabase } from '../shadow/mysql-server-url.js';
import { UsageError } from '../util/errors.js';
import { redactUrls } from '../util/redact.js';
import { DEFAULT_NAME_TEMPLATE, marker, type EnsureResult, type Ownership, type PreviewDatabaseServer } from './database-server.js';
import { quoteMysqlIdent } from '../sql/quote.js';
import { orUndefined } from '../util/promises.js';

export class MysqlPreviewServer implements PreviewDatabaseServer {
  readonly description: string;
  private readonly user: string;

  constructor(
    private readonly url: string,
    private readonly inputName = "Input 'preview-database-url'",
    /** `preview-database-name`, for the GRANT a missing privilege needs. */
    private readonly options: { nameTemplate?: string } = {},
  ) {
    const parsed = parseMysqlUrl(url);
    if (!parsed)
      throw new UsageError(
        `${inputName}: expected a MySQL server URL like mysql://user:password@host:3306, got ${redactUrls(url.slice(0, 40))}${url.length > 40 ? '…' : ''}.`,
      );
    this.description = `${parsed.hostname}:${parsed.port || '3306'}`;
    this.user = decodeURIComponent(parsed.username) || 'root';
  }

  /** The preview database's URL, spelled `mysql://` (what Prisma's MySQL connector reads). */
  databaseUrl(name: string): string {
    return withMysqlDatabase(this.url, name);
  }

  async exists(name: string): Promise<boolean> {
    return this.admin((connection) => existsOn(connection, name));
  }

  async ensure(name: string, options: { pullRequest: number; template?: string; templateInput?: string }): Promise<EnsureResult> {
    if (options.template) {
      throw new UsageError(
        `${options.templateInput ?? "Input 'preview-template'"}: MySQL and MariaDB have no database templates (CREATE DATABASE … TEMPLATE is PostgreSQL's).`,
        "Fill a new preview database with 'preview-seed-command' instead: it runs once after the first push, with DATABASE_URL set to the new database.",
      );
    }
    const url = this.databaseUrl(name);
    return this.admin(async (connection) => {
      if (await existsOn(connection, name)) return { url, created: false };
      const comments = await hasDatabaseComments(connection);
      try {
        await connection.query(
          `CREATE DATABASE ${quoteMysqlIdent(name)}${comments ? ' COMMENT ?' : ''}`,
          comments ? [marker(options.pullRequest)] : [],
        );
      } catch (error) {
        if (isMysqlServerError(error) && error.errno === 1007) return { url, created: false }; // another run created it
        throw error;
      }
      if (comments) return { url, created: true };
      const { version } = await serverInfo(connection);
      return {
        url,
        created: true,
        note: `${unmarkable(version)}, so \`${name}\` cannot be marked as this action's: it will not be dropped when the pull request closes; drop it by hand then (\`\` DROP DATABASE \`${name}\`; \`\`), or use MariaDB 10.5+ as the preview server.`,
      };
    });
  }

  async ownership(name: string, pullRequest: number): Promise<Ownership> {
    return this.admin(async (connection) => {
      if (!(await hasDatabaseComments(connection))) {
        const { version } = await serverInfo(connection);
        return {
          owned: false,
          keptBecause: `${unmarkable(version)}, so this action cannot prove it created it; drop it by hand when it is no longer needed (\`\` DROP DATABASE \`${name}\`; \`\`), or use MariaDB 10.5+ as the preview server, where the action marks its databases and drops them`,
        };
      }
      const [rows] = await connection.query('SELECT SCHEMA_COMMENT AS comment FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
        name,
      ]);
      if ((rows as { comment: string | null }[])[0]?.comment === marker(pullRequest)) return { owned: true };
      return { owned: false, keptBecause: `this action did not create it (its comment does not name pull request #${pullRequest})` };
    });
  }

  /** The mark again on a database Prisma's reset re-created (call it only for a database that was this tool's). */
  async remark(name: string, pullRequest: number): Promise<void> {
    await this.admin(async (connection) => {
      if (await hasDatabaseComments(connection))
        await connection.query(`ALTER DATABASE ${quoteMysqlIdent(name)} COMMENT = ?`, [marker(pullRequest)]);
    });
  }

  async drop(name: string): Promise<void> {
    await this.admin((connection) => connection.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdent(name)}`));
  }

  /** One connection to the server (no database selected) for one piece of work. */
  private async admin<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
    const connection = await connectMysql(withMysqlDatabase(this.url, ''), this.inputName);
    try {
      return await work(connection);
    } catch (error) {
      if (isNotGranted(error) && isMysqlServerError(error)) {
        throw new UsageError(
          `${this.inputName}: the user "${this.user}" may not create or drop databases on ${this.description} (${error.sqlMessage}).`,
          `Grant it CREATE and DROP on the preview databases (the action creates one per pull request and drops it when the pull request closes), with what \`db push\` and a seed need inside them: GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON \`${grantPattern(this.options.nameTemplate)}\`.* TO '${this.user}'@'%';`,
        );
      }
      throw error;
    } finally {
      await orUndefined(connection.end());
    }
  }
}

/**
 * The database-name pattern of a `GRANT` that covers every preview database of a name template:
 * `preview_pr_<number>` → `preview\_pr\_%` (`_` is a wildcard in a grant's database name).
 */
export function grantPattern(template = DEFAULT_NAME_TEMPLATE): string {
  return template
    .split('<number>')
    .map((part) =>
      part
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, '_')
        .replace(/_/g, '\\_'),
    )
    .join('%');
}

/** MariaDB 10.5+ has `SCHEMATA.SCHEMA_COMMENT` (and `CREATE DATABASE … COMMENT`); MySQL has neither. */
async function hasDatabaseComments(connection: mysql.Connection): Promise<boolean> {
  const [rows] = await connection.query(
    "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'SCHEMATA' AND COLUMN_NAME = 'SCHEMA_COMMENT'",
  );
  return Number((rows as { n: number | string }[])[0]?.n ?? 0) > 0;
}

async function existsOn(connection: mysql.Connection, name: string): Promise<boolean> {
  const [rows] = await connection.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  return (rows as unknown[]).length > 0;
}

function unmarkable(version: string): string {
  return `${/mariadb/i.test(version) ? 'MariaDB' : 'MySQL'} ${version.split('-')[0]} has no database comments`;
}
