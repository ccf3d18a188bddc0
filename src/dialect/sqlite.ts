import { splitSqliteStatements } from '../sql/sqlite-statements.js';
import type { Dialect } from './dialect.js';

/**
 * SQLite: no review rules (its table redefinitions read statement by statement would look like drops),
 * and no shadow server (the shadow is an in-memory database inside the engine's adapter).
 */
export const sqlite: Dialect = {
  provider: 'sqlite',
  displayName: 'SQLite',
  databaseKind: 'a SQLite file',
  previewHint: ' A SQLite schema is previewed on its file: pass file:./dev.db.',
  previewNeedsDatasource: true,
  splitStatements: async (script) => splitSqliteStatements(script),
};
