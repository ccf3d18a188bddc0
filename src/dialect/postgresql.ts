import { catalogOf, reviewMigrations } from '../review/analyse.js';
import { splitPostgresStatements } from '../sql/statements.js';
import type { Dialect } from './dialect.js';

export const postgresql: Dialect = {
  provider: 'postgresql',
  displayName: 'PostgreSQL',
  databaseKind: 'a PostgreSQL database',
  previewHint: '',
  previewNeedsDatasource: false,
  splitStatements: splitPostgresStatements,
  reviewMigrations: async ({ before, migrations, prisma, rules, failOn }) =>
    reviewMigrations({ base: await catalogOf(before), migrations, prisma, rules, failOn }),
  shadowSources: 'a PostgreSQL server URL (shadow-database-url), docker, local (PostgreSQL installed) or embedded',
};
