import { mysqlCatalogOf, reviewMysqlMigrations } from '../review/mysql.js';
import { splitMysqlStatements } from '../sql/mysql-statements.js';
import type { Dialect } from './dialect.js';

/** MySQL and MariaDB (`mysql://`, `mariadb://`): one family for Prisma, one dialect here. */
export const mysql: Dialect = {
  provider: 'mysql',
  displayName: 'MySQL',
  databaseKind: 'a MySQL/MariaDB database',
  previewHint: ' A MySQL schema is previewed on a MySQL/MariaDB database: pass its mysql:// URL.',
  previewNeedsDatasource: false,
  splitStatements: async (script) => splitMysqlStatements(script),
  // The project's Prisma version changes no MySQL rule's advice.
  reviewMigrations: async ({ before, migrations, rules, failOn }) =>
    reviewMysqlMigrations({ base: await mysqlCatalogOf(before), migrations, rules, failOn }),
  shadowSources: 'a MySQL server URL (shadow-database-url), docker (a reachable Docker engine) or local (mysqld or mariadbd installed)',
};
