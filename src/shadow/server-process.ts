/**
 * What every throwaway database server this tool starts from binaries has in common: a temp folder
 * with the tool's prefix and an owner file (so a later run can tell an abandoned folder from a live
 * one), an unprivileged account when this process is root (PostgreSQL and MySQL refuse to run as
 * root), a free loopback port, and a bounded stop.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The account servers run as when this process is root. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** Written into every server folder: the pid of the process that owns it (this one). */
export const OWNER_FILE = 'psg-owner.pid';

export type Owner = { uid: number; gid: number } | undefined;

/** `nobody` when this process is root, else this process's own account. */
export function serverOwner(): Owner {
  return userInfo().uid === 0 ? NOBODY : undefined;
}

/**
 * Where server folders go: the temp directory, unless the server's account cannot reach into it (a
 * root-only TMPDIR while the server runs as `nobody`), then /tmp.
 */
export function serverParent(owner: Owner): string {
  const preferred = tmpdir();
  if (!owner || traversableByOthers(preferred)) return preferred;
  return '/tmp';
}

function traversableByOthers(path: string): boolean {
  let current = resolve(path);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * A new folder `<tmp>/<prefix>XXXXXX`, owned by the server's account, with this process's pid in it.
 * Synchronous on purpose: its caller registers the folder's removal in the same tick, so no signal
 * can come between the folder's creation and its cleanup.
 */
export function serverFolder(prefix: string, owner: Owner): string {
  const root = mkdtempSync(join(serverParent(owner), prefix));
  writeFileSync(join(root, OWNER_FILE), `${process.pid}\n`);
  if (owner) chownSync(root, owner.uid, owner.gid);
  return root;
}

/**
 * Runs a command to its end; rejects with the tail of its output when it fails. While it runs it is
 * in `running` (when given): a cleanup stops it (an initdb must not write into a folder just removed).
 */
export function runToEnd(command: string, args: string[], owner?: Owner, cwd?: string, running?: Set<ChildProcess>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...owner, cwd, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnvironment(cwd) });
    running?.add(child);
    child.on('exit', () => running?.delete(child));
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} failed (exit ${code}): ${output.trim().slice(-800)}`)),
    );
  });
}

/** English messages (they are matched), and the server's own folder for temp files: TMPDIR may not be writable by its account. */
export function serverEnvironment(folder?: string): NodeJS.ProcessEnv {
  return { ...process.env, LC_MESSAGES: 'C', LANG: 'C', ...(folder ? { TMPDIR: folder } : {}) };
}

/** Resolves when `ready` says so about the server's output, rejects when it exits first or takes too long. */
export function waitForOutput(child: ChildProcess, what: string, ready: (output: string) => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stdout?.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => done(new Error(`${what} did not start within ${timeoutMs / 1000} s: ${output.trim().slice(-800)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready(output)) done();
    };
    const onError = (error: Error) => done(error);
    const onExit = (code: number | null) => done(new Error(`${what} exited during start-up (exit ${code}): ${output.trim().slice(-800)}`));
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('error', onError);
    child.on('exit', onExit);
  });
}

/**
 * The processes a server's start runs (initdb, the server itself), for its cleanup to stop: once
 * `stopAll` has begun nothing more is spawned, so a server cannot start after its cleanup passed.
 */
export class ServerProcesses {
  readonly running = new Set<ChildProcess>();
  private stopped = false;

  constructor(private readonly signal: NodeJS.Signals = 'SIGINT') {}

  spawn(command: string, args: string[], options: SpawnOptions): ChildProcess {
    if (this.stopped) throw new Error(`not starting ${command}: the server is being removed`);
    const child = spawn(command, args, options);
    this.running.add(child);
    child.on('exit', () => this.running.delete(child));
    return child;
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running].map((child) => stopProcess(child, this.signal)));
  }
}

/** Polite shutdown with `signal`, then SIGKILL if it has not exited after 5 s. */
export async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Tries `start` on a few ports: another process can take a free port between our probe and the bind. */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
  isPortInUse: (error: unknown) => boolean,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= attempts || !isPortInUse(error)) throw error;
    }
  }
}
