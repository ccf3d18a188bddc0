import type { SessionLimits } from '../../lifecycle/time-limit.js';
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
    connectionString: withoutPrismaParameters(withLibpqSslModes(url)),
    max: 4,
    connectionTimeoutMillis: connectTimeoutMs(url),
    idleTimeoutMillis: 1_000,
    application_name: 'prisma-schema-guard',
  };
}

const PRISMA_ONLY = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'pgbouncer',
  'statement_cache_size',
  'socket_timeout',
  'connect_timeout',
  'sslaccept',
];

/** `connect_timeout=<seconds>` as Prisma and libpq read it (0: wait forever); else the default. */
export function connectTimeoutMs(url: string): number {
  const value = safeUrl(url)?.searchParams.get('connect_timeout');
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return CONNECT_TIMEOUT_MS;
  return Number(value) * 1000;
}

/**
 * `sslmode` as Prisma and libpq mean it: `prefer`/`require` encrypt without verifying the
 * certificate, `verify-ca` checks the CA only. `pg` treats all three as `verify-full` (and warns)
 * unless asked for libpq's semantics. Prisma's `sslaccept=strict` asks for full verification.
 */
export function withLibpqSslModes(url: string): string {
  const parsed = safeUrl(url);
  const mode = parsed?.searchParams.get('sslmode');
  if (!parsed || !mode || parsed.searchParams.has('uselibpqcompat')) return url;
  const strict = parsed.searchParams.get('sslaccept') === 'strict';
  if (strict && (mode === 'prefer' || mode === 'require')) parsed.searchParams.set('sslmode', 'verify-full');
  else if (mode === 'prefer' || mode === 'require' || mode === 'verify-ca') parsed.searchParams.set('uselibpqcompat', 'true');
  else return url;
  return parsed.toString();
}

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

/** The URL, parsed, when it is a PostgreSQL one (`postgresql://`, `postgres://`); else undefined. */
export function parsePostgresUrl(url: string): URL | undefined {
  const parsed = safeUrl(url);
  return parsed && /^postgres(ql)?:$/.test(parsed.protocol) ? parsed : undefined;
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

/**
 * The same URL with `-c default_transaction_read_only=on` added to the session options: every
 * transaction of the session is read-only, so the server itself rejects any write.
 */
export function readOnlySessionUrl(url: string): string {
  return withSessionSettings(url, { default_transaction_read_only: 'on' });
}

/** The URL with the limits as session settings (`-c statement_timeout=…`): every session on it, the engine's too. */
export function withSessionLimits(url: string, limits: SessionLimits | undefined): string {
  if (!limits) return url;
  return withSessionSettings(url, { statement_timeout: `${limits.statementTimeoutMs}`, lock_timeout: `${limits.lockTimeoutMs}` });
}

function withSessionSettings(url: string, settings: Record<string, string>): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  const added = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}${added}`);
  return parsed.toString();
}
