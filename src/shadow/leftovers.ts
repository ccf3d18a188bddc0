/**
 * What a killed run (SIGKILL, a crashed runner) leaves behind, removed by a later run: server folders
 * in the temp directory, the servers still running in them, shadow databases on a given server
 * (`UrlShadowServer.sweepLeftovers`), containers (`sweepLeftoverContainers`). Only what carries this
 * tool's prefix or label, is older than an hour, and whose owning process is gone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_FOLDER_PREFIX } from './embedded.js';
import { MYSQL_FOLDER_PREFIX } from './mysql-local.js';
import { OWNER_FILE, processAlive } from './server-process.js';
import { LEFTOVER_AGE_MS } from './shadow.js';

const FOLDER_PREFIXES = [POSTGRES_FOLDER_PREFIX, MYSQL_FOLDER_PREFIX];

/** The pid in the first line of a file, if any. */
function pidIn(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]!.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server process still running in `folder`: its pid file names it and its command line names the
 * folder. With the signal that stops it at once (the data is thrown away): PostgreSQL's immediate
 * shutdown is SIGQUIT, mysqld's shutdown SIGTERM.
 */
function serverIn(folder: string): { pid: number; signal: NodeJS.Signals } | undefined {
  const pidFiles = [
    { file: join(folder, 'data', 'postmaster.pid'), signal: 'SIGQUIT' as const },
    { file: join(folder, 'mysqld.pid'), signal: 'SIGTERM' as const },
  ];
  for (const { file, signal } of pidFiles) {
    const pid = pidIn(file);
    if (pid === undefined || !processAlive(pid)) continue;
    try {
      // A reused pid belongs to some other program: only a process started on this folder is ours.
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder)) return { pid, signal };
    } catch {
      // No /proc (macOS): trust the pid file.
      return { pid, signal };
    }
  }
  return undefined;
}

async function stopServer(pid: number, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  for (let i = 0; i < 50 && processAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (processAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export interface FolderSweep {
  removed: string[];
  /** Servers that were still running in removed folders (their owner had been killed). */
  stoppedServers: number[];
}

/**
 * Removes server folders of this tool older than an hour whose owning process is gone, stopping a
 * server still running in one first (its owner was killed before it could stop it).
 */
export async function sweepLeftoverFolders(now = Date.now(), folder = tmpdir()): Promise<FolderSweep> {
  const result: FolderSweep = { removed: [], stoppedServers: [] };
  let entries: string[];
  try {
    entries = readdirSync(folder).filter((name) => FOLDER_PREFIXES.some((prefix) => name.startsWith(prefix)));
  } catch {
    return result;
  }
  for (const name of entries) {
    const path = join(folder, name);
    try {
      const ownerFile = join(path, OWNER_FILE);
      const createdAt = (() => {
        try {
          return statSync(ownerFile).mtimeMs;
        } catch {
          return statSync(path).mtimeMs;
        }
      })();
      if (now - createdAt <= LEFTOVER_AGE_MS) continue;
      const owner = pidIn(ownerFile);
      if (owner !== undefined && processAlive(owner)) continue;
      const server = serverIn(path);
      if (server !== undefined) {
        await stopServer(server.pid, server.signal);
        result.stoppedServers.push(server.pid);
      }
      await rm(path, { recursive: true, force: true });
      result.removed.push(path);
    } catch {
      // Another run removed it first, or it is not ours to remove: leave it.
    }
  }
  return result;
}
