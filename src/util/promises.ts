/**
 * The two reasons this code lets a promise fail silently, named so a reader sees which one it is
 * (instead of a bare `.catch(() => undefined)`).
 */

/** The value, or undefined when it fails: for what may fail without consequence (closing a connection, a stat of a missing file, a best-effort cleanup). */
export function orUndefined<T>(promise: Promise<T> | undefined): Promise<T | undefined> {
  return promise ? promise.catch(() => undefined) : Promise.resolve(undefined);
}

/**
 * Marks a promise that is awaited later (or whose failure is reported another way): a rejection
 * before then is not an unhandled rejection, which would end the process.
 */
export function handledLater(promise: Promise<unknown> | undefined): void {
  promise?.catch(() => undefined);
}
