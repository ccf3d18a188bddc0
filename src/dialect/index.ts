/** The dialect of each provider this tool checks (see dialect.ts); the only map from a provider to its SQL knowledge. */
import type { Provider } from '../schema/datasource.js';
import type { Dialect, DialectProvider } from './dialect.js';
import { mysql } from './mysql.js';
import { postgresql } from './postgresql.js';
import { sqlite } from './sqlite.js';

export type { Dialect, DialectProvider, DialectReviewInput } from './dialect.js';

export const DIALECTS: Readonly<Record<DialectProvider, Dialect>> = { postgresql, mysql, sqlite };

/** The provider's dialect; undefined for a provider this tool does not check (sqlserver, cockroachdb, mongodb). */
export function dialectOf(provider: Provider | string): Dialect | undefined {
  return Object.hasOwn(DIALECTS, provider) ? DIALECTS[provider as DialectProvider] : undefined;
}
