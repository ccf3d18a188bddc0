/**
 * One registry for everything this process must remove before it exits: shadow databases, server
 * processes, data directories. Owners register a cleanup when they create a resource and run it in
 * their own `finally`; the registry runs whatever is still registered on SIGINT/SIGTERM (a cancelled
 * workflow) before the process exits with the signal's conventional code.
 */
type Cleanup = () => Promise<void>;

const pending = new Map<number, { label: string; run: Cleanup }>();
let nextId = 1;
let handlersInstalled = false;
let exiting = false;

export interface Registration {
  /** Runs the cleanup now (once) and unregisters it. */
  run(): Promise<void>;
  /** Unregisters without running (the resource was removed another way). */
  release(): void;
}

export function registerCleanup(label: string, run: Cleanup): Registration {
  installSignalHandlers();
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

/** Runs every registered cleanup, newest first (a database before the server that holds it). */
export async function runAllCleanups(): Promise<void> {
  const entries = [...pending.entries()].reverse();
  for (const [id, entry] of entries) {
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

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`prisma-schema-guard: ${signal} received, removing shadow databases and servers...\n`);
    // Bounded: a hung server must not keep a cancelled job alive.
    const timeout = setTimeout(() => process.exit(code), 15_000);
    timeout.unref();
    void runAllCleanups().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
}
