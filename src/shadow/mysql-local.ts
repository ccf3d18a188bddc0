import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { registerCleanup, type Registration } from '../lifecycle/cleanup.js';
import { UsageError } from '../util/errors.js';
import { OwnedShadowServer } from './owned-server.js';
import { MysqlUrlShadowServer } from './mysql-server-url.js';
import { onFreePort, runToEnd, serverEnvironment, serverFolder, serverOwner, ServerProcesses, waitForOutput } from './server-process.js';

/** Prefix of the data folders of MySQL/MariaDB servers this tool starts. */
export const MYSQL_FOLDER_PREFIX = 'psg_shadow_mysql_';

/** A MySQL or MariaDB server binary on this machine and how to initialise a data directory for it. */
export interface MysqlBinaries {
  server: string;
  flavour: 'mariadb' | 'mysql';
  /** `mariadb-install-db` / `mysql_install_db` (MariaDB); MySQL initialises with `mysqld --initialize-insecure`. */
  installDb?: string;
  version: string;
}

const SERVER_NAMES = ['mariadbd', 'mysqld'];
const INSTALL_DB_NAMES = ['mariadb-install-db', 'mysql_install_db'];
/** Debian/Ubuntu put the servers in /usr/sbin, which is not on every PATH; MySQL's tarballs in /usr/local/mysql/bin. */
const EXTRA_FOLDERS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin', '/usr/bin'];

function findExecutable(names: string[], folders: string[]): string | undefined {
  for (const name of names) {
    for (const folder of folders) {
      const candidate = join(folder, name);
      if (folder && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The machine's MySQL/MariaDB server, from PATH then the usual folders; undefined when there is none. */
export function findMysqlBinaries(path = process.env.PATH ?? ''): MysqlBinaries | undefined {
  const folders = [...path.split(':').filter(Boolean), ...EXTRA_FOLDERS];
  const server = findExecutable(SERVER_NAMES, folders);
  if (!server) return undefined;
  let version: string;
  try {
    version = execFileSync(server, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
  const flavour = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const installDb = flavour === 'mariadb' ? findExecutable(INSTALL_DB_NAMES, [join(server, '..'), ...folders]) : undefined;
  if (flavour === 'mariadb' && !installDb) return undefined;
  return { server, flavour, installDb, version: /Ver\s+(\S+)/.exec(version)?.[1] ?? version };
}

/**
 * The server's options: loopback only, its own socket and pid file in the temp folder, durability off
 * (the data is thrown away), no binary log, no X protocol port (it would collide between servers).
 * `--loose-` lets MySQL and MariaDB each ignore what they do not know.
 */
export function mysqlServerArguments(folder: string, port: number): string[] {
  return [
    '--no-defaults',
    `--datadir=${join(folder, 'data')}`,
    `--socket=${join(folder, 'mysqld.sock')}`,
    `--pid-file=${join(folder, 'mysqld.pid')}`,
    `--tmpdir=${folder}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--innodb_flush_log_at_trx_commit=0',
    '--sync_binlog=0',
    '--skip-log-bin',
    '--loose-innodb-doublewrite=0',
    '--innodb_buffer_pool_size=64M',
    '--loose-mysqlx=OFF',
    '--loose-performance-schema=OFF',
    '--character-set-server=utf8mb4',
    '--max_connections=64',
  ];
}

/**
 * A throwaway MySQL or MariaDB server started from the machine's binaries: a temp data directory
 * initialised for it, a free loopback port, `root` without a password, as `nobody` when this process
 * is root. `close()` stops it and removes the folder; SIGINT/SIGTERM too.
 */
export class LocalMysqlServer extends OwnedShadowServer {
  readonly kind = 'local' as const;

  private constructor(
    description: string,
    startupMs: number,
    url: string,
    readonly folder: string,
    cleanup: Registration,
  ) {
    super(description, startupMs, url, new MysqlUrlShadowServer(url, 'local MySQL', 'local'), cleanup);
  }

  /**
   * `serverOptions`: more server options, given to the data directory's initialisation and to the
   * server (e.g. `--lower-case-table-names=1`, which MySQL 8 accepts only at initialisation, to match
   * a production server that stores table names in lowercase).
   */
  static async start(
    options: { log?: (line: string) => void; binaries?: MysqlBinaries; serverOptions?: string[] } = {},
  ): Promise<LocalMysqlServer> {
    const started = Date.now();
    const binaries = options.binaries ?? findMysqlBinaries();
    if (!binaries) {
      throw new UsageError(
        'No MySQL or MariaDB server binaries (mysqld/mariadbd, and mariadb-install-db for MariaDB) on this machine: looked on PATH, /usr/sbin, /usr/local/mysql/bin.',
        'Install mysql-server or mariadb-server, or use shadow-database: docker or a server URL.',
      );
    }
    const serverOptions = options.serverOptions ?? [];
    const owner = serverOwner();
    // The folder and its cleanup in one tick: no signal comes between them (see `serverFolder`).
    const root = serverFolder(MYSQL_FOLDER_PREFIX, owner);
    // SIGTERM is mysqld's normal shutdown.
    const processes = new ServerProcesses('SIGTERM');
    const cleanup = registerCleanup(`local ${binaries.flavour} in ${root}`, async () => {
      await processes.stopAll();
      await rm(root, { recursive: true, force: true });
    });
    try {
      const data = join(root, 'data');
      if (binaries.flavour === 'mariadb') {
        await runToEnd(
          binaries.installDb!,
          [
            '--no-defaults',
            `--datadir=${data}`,
            '--auth-root-authentication-method=normal',
            '--skip-test-db',
            '--skip-name-resolve',
            '--innodb_flush_log_at_trx_commit=0',
            '--loose-innodb-doublewrite=0',
            ...serverOptions,
          ],
          owner,
          root,
          processes.running,
        );
      } else {
        await runToEnd(
          binaries.server,
          [
            '--no-defaults',
            '--initialize-insecure',
            `--datadir=${data}`,
            '--innodb_flush_log_at_trx_commit=0',
            '--loose-innodb-doublewrite=0',
            '--skip-log-bin',
            ...serverOptions,
          ],
          owner,
          root,
          processes.running,
        );
      }
      let child: ChildProcess | undefined;
      const port = await onFreePort(
        async (port) => {
          child = processes.spawn(binaries.server, [...mysqlServerArguments(root, port), ...serverOptions], {
            ...owner,
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe'],
            env: serverEnvironment(root),
          });
          await waitForOutput(
            child,
            `${binaries.flavour} ${binaries.version}`,
            (output) => /ready for connections/.test(output.replace(/X Plugin ready for connections/g, '')),
            60_000,
          );
          return port;
        },
        (error) => /Address already in use|Do you already have another .*server running/i.test(String((error as Error)?.message)),
      );
      child?.stdout?.resume();
      child?.stderr?.resume();
      const url = `mysql://root@127.0.0.1:${port}/`;
      const description = `local ${binaries.flavour === 'mariadb' ? 'MariaDB' : 'MySQL'} ${binaries.version} (${binaries.server}), port ${port}`;
      return new LocalMysqlServer(description, Date.now() - started, url, root, cleanup);
    } catch (error) {
      await cleanup.run();
      throw error;
    }
  }
}
