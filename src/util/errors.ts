/**
 * "Could not run" errors: bad input, unreachable server, missing binary. Expected outcomes
 * (missing migration, failed migration, findings) are values, never exceptions.
 * Each message says what is wrong and what to do about it; the CLI and action print it as is
 * (exit code 1), with no stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** A short hint that says how to fix it, printed after the message. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** The message of any thrown value, never `[object Object]`. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
