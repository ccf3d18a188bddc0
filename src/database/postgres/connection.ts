import pg from 'pg';

/** Seconds to wait for a connection before saying the server is unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * `pg` settings for a URL: a small pool, a bounded connect timeout, and the application name that
 * lets an operator see what a connection is. Prisma-only URL parameters (`schema`, `connection_limit`,
 * `pool_timeout`, ...) are left out: `pg` would send unknown ones to the server as settings.
 */
export function poolConfig(url: string): pg.PoolConfig {
  return {
    connectionString: withoutPrismaParameters(url),
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 1_000,
    application_name: 'prisma-schema-guard',
  };
}

const PRISMA_ONLY = ['schema', 'connection_limit', 'pool_timeout', 'pgbouncer', 'statement_cache_size', 'socket_timeout', 'connect_timeout'];

export function withoutPrismaParameters(url: string): string {
  const parsed = safeUrl(url);
  if (!parsed) return url;
  let changed = false;
  for (const name of PRISMA_ONLY) {
    if (parsed.searchParams.has(name)) {
      parsed.searchParams.delete(name);
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}

export function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
