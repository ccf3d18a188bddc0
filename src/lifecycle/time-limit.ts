/**
 * The run's time limit (`--timeout` / input `timeout`, default 10 minutes, `0` for none). A migration
 * that sleeps, waits for a lock or backfills for hours must not hold a CI job until GitHub's own
 * 6-hour limit. On expiry the statement in flight is cancelled (its owner registered how), so the
 * command ends the ordinary way: its report names the migration and the statement, its own cleanup
 * runs. Whatever is not done within the grace period is abandoned: the run reports the time limit
 * and what it was doing, and the entry runs every registered cleanup before it exits.
 */
import { UsageError } from '../util/errors.js';
import { handledLater } from '../util/promises.js';

export const DEFAULT_TIME_LIMIT_MS = 10 * 60_000;
/** After expiry, how long a cancelled statement's command may take to finish its own report. */
const GRACE_MS = 10_000;

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `90s`, `10m`, `1h`, `1500ms`, or a number of seconds; `0` for no limit. */
export function parseDuration(value: string | undefined, inputName: string, fallback: number): number {
  const text = value?.trim();
  if (!text) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text);
  if (!match)
    throw new UsageError(
      `${inputName}: "${text}" is not a duration.`,
      'Give a number with a unit: 90s, 10m, 1h (a bare number is seconds; 0 means no limit).',
    );
  return Math.round(Number(match[1]) * UNITS[(match[2] ?? 's').toLowerCase()]!);
}

/** `10m`, `1m 30s`, `45s`, `800 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  const seconds = Math.round(ms / 1_000);
  const h = Math.floor(seconds / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].filter(Boolean).join(' ');
}

let limitMs = 0;
let expired = false;
const interrupts = new Set<() => void>();
let activity: { text: string; since: number } | undefined;

/** What the run is doing now, for the time limit's report: `applying migration 20240301_x (412/1000)`. */
export function setActivity(text: string): void {
  activity = { text, since: Date.now() };
}

export function currentActivity(): { text: string; forMs: number } | undefined {
  return activity && { text: activity.text, forMs: Date.now() - activity.since };
}

export function timeLimitExpired(): boolean {
  return expired;
}

/** The limit in words (`10m`), for messages. */
export function timeLimitText(): string {
  return formatDuration(limitMs);
}

/** While a statement runs: how to cancel it if the time limit expires. Returns the unregistration. */
export function onTimeLimit(interrupt: () => void): () => void {
  interrupts.add(interrupt);
  return () => void interrupts.delete(interrupt);
}

/** A "could not run" error (exit 1, message and fix printed) that says the run's time limit expired. */
export class TimeLimitError extends UsageError {}

export const TIME_LIMIT_FIX =
  "Raise the limit (--timeout / input 'timeout', e.g. 30m; 0 for none), or find out why the run is slow (a lock held on the database, a long backfill, a slow server).";

/**
 * Runs `run` under the limit. On expiry the statements in flight are cancelled; if `run` has not
 * settled `GRACE_MS` later (or nothing could be cancelled), a `TimeLimitError` naming the activity
 * is thrown and `run` is abandoned (the entry's cleanups remove what it created).
 */
export async function withTimeLimit<T>(ms: number, run: () => Promise<T>): Promise<T> {
  limitMs = ms;
  expired = false;
  const work = run();
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      const cancellable = [...interrupts];
      for (const interrupt of cancellable) interrupt();
      const giveUp = () => {
        const now = currentActivity();
        reject(
          new TimeLimitError(
            `The run exceeded its time limit (${formatDuration(ms)})${now ? ` while ${now.text}, for ${formatDuration(now.forMs)}` : ''}.`,
            TIME_LIMIT_FIX,
          ),
        );
      };
      if (cancellable.length === 0) giveUp();
      else setTimeout(giveUp, GRACE_MS).unref();
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    handledLater(work); // abandoned after the limit: its rejection is not the run's
  }
}

/** Limits for the sessions on a database the user hands over (drift's live database, preview's). */
export interface SessionLimits {
  /** `statement_timeout` in ms (0: none; the run's time limit bounds it). */
  statementTimeoutMs: number;
  /** `lock_timeout` in ms (0: none). */
  lockTimeoutMs: number;
}

/** A lock held by someone else on a shared database must not be waited for: the run fails, saying so. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** `--statement-timeout` / `--lock-timeout` (or the inputs of the same names), with their defaults. */
export function parseSessionLimits(
  values: { statement?: string; lock?: string },
  names: { statement: string; lock: string },
): SessionLimits {
  return {
    statementTimeoutMs: parseDuration(values.statement, names.statement, 0),
    lockTimeoutMs: parseDuration(values.lock, names.lock, DEFAULT_LOCK_TIMEOUT_MS),
  };
}
