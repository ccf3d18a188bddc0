import type { Error as AdapterError } from '@prisma/driver-adapter-utils';

/** The fields of a PostgreSQL error that `pg` exposes. */
export interface PgServerError {
  code: string;
  severity?: string;
  message: string;
  detail?: string;
  hint?: string;
  column?: string;
  position?: string;
  where?: string;
}

export function isPgServerError(error: unknown): error is PgServerError {
  const e = error as Partial<PgServerError> | null;
  return !!e && typeof e.code === 'string' && typeof e.message === 'string' && typeof e.severity === 'string';
}

const SOCKET_UNREACHABLE = new Set(['ENOTFOUND', 'ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Maps a `pg` or socket error to the driver-adapter error shape the engine understands; undefined
 * for anything else (rethrown as is: the adapter wrapper registers it as a JavaScript error).
 */
export function toAdapterError(error: unknown): AdapterError | undefined {
  const e = error as { code?: string; message?: string; address?: string; hostname?: string; port?: number };
  if (typeof e?.code === 'string' && SOCKET_UNREACHABLE.has(e.code)) {
    return { kind: 'DatabaseNotReachable', host: e.address ?? e.hostname, port: e.port };
  }
  if (e?.code === 'ECONNRESET') return { kind: 'ConnectionClosed' };
  if (e?.code === 'ETIMEDOUT') return { kind: 'SocketTimeout' };
  if (isPgServerError(error)) {
    const quoted = /"([^"]+)"/.exec(error.message)?.[1];
    const base = { originalCode: error.code, originalMessage: error.message };
    switch (error.code) {
      case '3D000':
        return { ...base, kind: 'DatabaseDoesNotExist', db: quoted };
      case '28P01':
        return { ...base, kind: 'AuthenticationFailed', user: quoted };
      case '28000':
        return { ...base, kind: 'DatabaseAccessDenied', db: quoted };
      case '42P04':
        return { ...base, kind: 'DatabaseAlreadyExists', db: quoted };
      case '53300':
        return { ...base, kind: 'TooManyConnections', cause: error.message };
      default:
        return {
          ...base,
          kind: 'postgres',
          code: error.code,
          severity: error.severity ?? 'ERROR',
          message: error.message,
          detail: error.detail,
          column: error.column,
          hint: error.hint,
        };
    }
  }
  return undefined;
}
