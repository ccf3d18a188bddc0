/**
 * One registry for everything this process must remove before it exits: shadow databases, server
 * processes, data directories, containers, temporary files. The rule that keeps a stopped run from
 * leaving anything behind: a cleanup is registered *before* its resource is created (`createArmed`),
 * so there is no moment at which a resource exists that a signal would not remove. Owners run their
 * cleanup in their own `finally`; the registry runs whatever is still registered when the run is
 * stopped (SIGINT, SIGTERM, SIGHUP: a cancelled workflow, a closed terminal), when it fails outside
 * any catch (an uncaught error, a closed stdout) or when its time limit expires, then exits.
 */
type Cleanup = () => Promise<void>;

const pending = new Map<number, { label: string; run: Cleanup }>();
let nextId = 1;
let handlersInstalled = false;
let stopping: string | undefined;

/** The conventional exit codes of the signals a stopped job gets (128 + the signal's number). */
const SIGNAL_EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** How long the cleanups may take once the run is stopped: a hung server must not keep a cancelled job alive. */
const CLEANUP_BOUND_MS = 15_000;

export interface Registration {
  /** Runs the cleanup now (once) and unregisters it. */
  run(): Promise<void>;
  /** Unregisters without running (the resource was removed another way). */
  release(): void;
}

/** Thrown instead of creating anything once the run is being stopped: its cleanups are already running. */
export class StoppingError extends Error {
  override readonly name = 'StoppingError';
}

export function registerCleanup(label: string, run: Cleanup): Registration {
  installSignalHandlers();
  // Nothing new may be created while the registry empties: it would outlive the process.
  if (stopping) throw new StoppingError(`not creating ${label}: the run is stopping (${stopping})`);
  const id = nextId++;
  let done: Promise<void> | undefined;
  const once = () => (done ??= run());
  pending.set(id, { label, run: once });
  return {
    run: async () => {
      try {
        await once();
      } finally {
        pending.delete(id);
      }
    },
    release: () => void pending.delete(id),
  };
}

/**
 * Creates a resource with its cleanup armed first. Stopped while `create` is still under way (a
 * `CREATE DATABASE` sent, not yet answered), the cleanup waits for it to settle and then removes what
 * it created: removing it earlier would find nothing, and the resource would appear just after.
 * When `create` fails nothing exists, and the cleanup is released.
 */
export async function createArmed<T>(
  label: string,
  create: () => Promise<T>,
  remove: (created: T) => Promise<void>,
): Promise<{ value: T; cleanup: Registration }> {
  // eslint-disable-next-line prefer-const -- assigned once the cleanup that awaits it is registered
  let creating: Promise<T> | undefined;
  const cleanup = registerCleanup(label, async () => {
    const created = await creating!.then(
      (value) => ({ value }),
      () => undefined,
    );
    if (created) await remove(created.value);
  });
  creating = create();
  try {
    return { value: await creating, cleanup };
  } catch (error) {
    cleanup.release();
    throw error;
  }
}

/**
 * Runs every registered cleanup, newest first (a database before the server that holds it), until
 * none is left (one registered meanwhile is run too).
 */
export async function runAllCleanups(): Promise<void> {
  while (pending.size > 0) {
    const [id, entry] = [...pending.entries()].at(-1)!;
    try {
      await entry.run();
    } catch (error) {
      process.stderr.write(`prisma-schema-guard: could not clean up ${entry.label}: ${(error as Error).message}\n`);
    } finally {
      pending.delete(id);
    }
  }
}

export function pendingCleanups(): string[] {
  return [...pending.values()].map((entry) => entry.label);
}

/** Whether the run is being stopped (a signal, an uncaught error, its time limit). */
export function isStopping(): boolean {
  return stopping !== undefined;
}

/**
 * Stops the run: `line` on stderr (one line, said once), every cleanup (bounded), then exit with
 * `code`. Later calls while it stops do nothing: the first reason is the one reported.
 */
export function stopRun(reason: string, line: string, code: number): void {
  if (stopping) return;
  stopping = reason;
  writeStderr(`${line}\n`);
  const timeout = setTimeout(() => process.exit(code), CLEANUP_BOUND_MS);
  timeout.unref();
  void runAllCleanups().finally(() => process.exit(code));
}

/** stderr can be closed too (a broken pipe): what is said there is best effort. */
function writeStderr(text: string): void {
  try {
    process.stderr.write(text, () => undefined);
  } catch {
    // nowhere left to say it
  }
}

/**
 * Installs the signal handlers; the CLI and the action call it first of all (and every registration
 * does), so that a signal at any moment runs the cleanups instead of ending the process at once.
 */
export function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES) as [NodeJS.Signals, number][]) {
    process.on(signal, () => stopRun(signal, `prisma-schema-guard: ${signal} received, removing shadow databases and servers...`, code));
  }
}

/**
 * The end of a run whose time limit expired: what the abandoned command left registered is removed
 * (bounded), stdout is flushed, and the process exits with `code` even if a hung query is pending.
 */
export async function endAfterTimeLimit(code: number): Promise<void> {
  const bound = setTimeout(() => process.exit(code), CLEANUP_BOUND_MS);
  bound.unref();
  await runAllCleanups();
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
