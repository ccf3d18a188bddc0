import { randomUUID } from 'node:crypto';
import { createMysqlConnection } from '../database/mysql/driver.js';
import pg from 'pg';
import { isStopping, registerCleanup, StoppingError, type Registration } from '../lifecycle/cleanup.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { MysqlUrlShadowServer } from './mysql-server-url.js';
import { OwnedShadowServer } from './owned-server.js';
import { UrlShadowServer } from './server-url.js';
import { LEFTOVER_AGE_MS, shadowDatabaseName, type ShadowProvider } from './shadow.js';
import { orUndefined } from '../util/promises.js';

/** A password for a throwaway server reachable only through a port mapped on this machine. */
const THROWAWAY_PASSWORD = 'psg';

/**
 * What the container of each provider is: the official image's environment interface (`postgres`:
 * POSTGRES_PASSWORD / POSTGRES_HOST_AUTH_METHOD; `mysql`/`mariadb`: MYSQL_ROOT_PASSWORD /
 * MARIADB_ROOT_PASSWORD), durability off since the data is thrown away, how its server is asked
 * whether it accepts connections, and what creates and drops databases on it.
 */
interface ContainerFamily {
  /** The default image, overridable with `docker:<image>` to match production's major version. */
  image: string;
  port: number;
  environment: Record<string, string>;
  command: string[];
  url(host: string, port: number): string;
  /** One query with a real client; throws while the server does not accept connections. */
  ping(url: string): Promise<void>;
  databases(url: string, name: string): UrlShadowServer | MysqlUrlShadowServer;
}

const CONTAINERS: Readonly<Record<ShadowProvider, ContainerFamily>> = {
  postgresql: {
    image: 'postgres:17-alpine',
    port: 5432,
    environment: {
      POSTGRES_PASSWORD: THROWAWAY_PASSWORD,
      POSTGRES_HOST_AUTH_METHOD: 'trust',
      POSTGRES_USER: 'postgres',
      POSTGRES_DB: 'postgres',
    },
    command: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=64'],
    url: (host, port) => `postgresql://postgres:${THROWAWAY_PASSWORD}@${hostForUrl(host)}:${port}/postgres`,
    ping: async (url) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await orUndefined(client.end());
      }
    },
    databases: (url, name) => new UrlShadowServer(url, name),
  },
  mysql: {
    image: 'mysql:8.4',
    port: 3306,
    environment: { MYSQL_ROOT_PASSWORD: THROWAWAY_PASSWORD, MARIADB_ROOT_PASSWORD: THROWAWAY_PASSWORD },
    command: [
      '--innodb_flush_log_at_trx_commit=0',
      '--sync_binlog=0',
      '--skip-log-bin',
      '--loose-innodb-doublewrite=0',
      '--loose-mysqlx=OFF',
      '--character-set-server=utf8mb4',
    ],
    url: (host, port) => `mysql://root:${THROWAWAY_PASSWORD}@${hostForUrl(host)}:${port}/`,
    ping: async (url) => {
      const connection = await createMysqlConnection({ uri: url, connectTimeout: 2_000 });
      try {
        await connection.query('SELECT 1');
      } finally {
        await orUndefined(connection.end());
      }
    },
    databases: (url, name) => new MysqlUrlShadowServer(url, name, 'docker'),
  },
};

/** Default images, overridable with `docker:<image>` to match production's major version. */
export const DEFAULT_DOCKER_IMAGES: Readonly<Record<ShadowProvider, string>> = {
  postgresql: CONTAINERS.postgresql.image,
  mysql: CONTAINERS.mysql.image,
};

/** Every container this tool starts carries these labels: a later run finds and removes leftovers by them. */
export const LABEL_SHADOW = 'prisma-schema-guard.shadow';
export const LABEL_RUN = 'prisma-schema-guard.run';
export const LABEL_CREATED = 'prisma-schema-guard.created';

/** How long a cleanup waits for a container create request that may be in flight (see `DockerShadowServer.start`). */
const CREATE_REQUEST_GRACE_MS = 3_000;

/** What the container is started with; pure, so it is tested without Docker. */
export interface ContainerOptions {
  image: string;
  name: string;
  /** The server's port inside the container. */
  port: number;
  environment: Record<string, string>;
  /** Arguments after the image's entry point: the official images pass `-…` options on to the server. */
  command: string[];
  labels: Record<string, string>;
  /** The server URL, given the mapped host and port. */
  url(host: string, port: number): string;
}

/** The provider's container (see `CONTAINERS`) with this run's name and labels. */
export function dockerContainerOptions(
  provider: ShadowProvider,
  image = DEFAULT_DOCKER_IMAGES[provider],
  run: string = randomUUID(),
  now = new Date(),
): ContainerOptions {
  const labels = { [LABEL_SHADOW]: 'true', [LABEL_RUN]: run, [LABEL_CREATED]: now.toISOString() };
  const { port, environment, command, url } = CONTAINERS[provider];
  return { image, name: shadowDatabaseName(now), port, environment: { ...environment }, command: [...command], labels, url };
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Testcontainers' reaper (Ryuk) is a second container pulled from Docker Hub; this tool removes its
 * own containers (and a later run removes leftovers by label), so it is off unless asked for.
 */
function disableReaperUnlessAsked(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
}

type Testcontainers = typeof import('testcontainers');

/** Loaded on first use: `local` and `embedded` runs never pay for testcontainers' import. */
async function testcontainers(): Promise<Testcontainers> {
  disableReaperUnlessAsked();
  return import('testcontainers');
}

/** The container runtime testcontainers finds (DOCKER_HOST, ~/.testcontainers.properties, the socket, rootless), or why there is none. */
export async function dockerRuntime(): Promise<
  { ok: true; client: Awaited<ReturnType<Testcontainers['getContainerRuntimeClient']>> } | { ok: false; reason: string }
> {
  try {
    const { getContainerRuntimeClient } = await testcontainers();
    return { ok: true, client: await getContainerRuntimeClient() };
  } catch (error) {
    return {
      ok: false,
      reason: `Docker is not reachable (${errorMessage(error).split('\n')[0]}${process.env.DOCKER_HOST ? `; DOCKER_HOST=${process.env.DOCKER_HOST}` : ''})`,
    };
  }
}

export async function dockerReachable(): Promise<boolean> {
  return (await dockerRuntime()).ok;
}

/** Removes (force: stopped or not, with anonymous volumes) the containers carrying `label=value`. */
async function removeContainers(filter: string[]): Promise<string[]> {
  const runtime = await dockerRuntime();
  if (!runtime.ok) return [];
  const dockerode = runtime.client.container.dockerode;
  const found = await dockerode.listContainers({ all: true, filters: { label: filter } });
  const removed: string[] = [];
  for (const info of found) {
    try {
      await dockerode.getContainer(info.Id).remove({ force: true, v: true });
      removed.push(info.Names?.[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
  return removed;
}

/** Containers this tool started more than an hour ago (a killed run's): removed. */
export async function sweepLeftoverContainers(now = Date.now()): Promise<string[]> {
  const runtime = await dockerRuntime();
  if (!runtime.ok) return [];
  const dockerode = runtime.client.container.dockerode;
  const found = await dockerode.listContainers({ all: true, filters: { label: [`${LABEL_SHADOW}=true`] } });
  const stale = found.filter((info) => {
    const created = Date.parse(info.Labels?.[LABEL_CREATED] ?? '') || info.Created * 1000;
    return now - created > LEFTOVER_AGE_MS;
  });
  const removed: string[] = [];
  for (const info of stale) {
    await orUndefined(dockerode.getContainer(info.Id).remove({ force: true, v: true }));
    removed.push(info.Names?.[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12));
  }
  return removed;
}

/**
 * A database server in a container started for this run: the image's own start-up, then polled
 * until it accepts connections. `close()` removes the container; SIGINT/SIGTERM too, even while it
 * is still starting (it is found by this run's label).
 */
export class DockerShadowServer extends OwnedShadowServer {
  readonly kind = 'docker' as const;

  private constructor(
    description: string,
    startupMs: number,
    url: string,
    readonly containerName: string,
    databases: UrlShadowServer | MysqlUrlShadowServer,
    cleanup: Registration,
  ) {
    super(description, startupMs, url, databases, cleanup);
  }

  static async start(
    options: { provider?: ShadowProvider; image?: string; log?: (line: string) => void } = {},
  ): Promise<DockerShadowServer> {
    const started = Date.now();
    const provider = options.provider ?? 'postgresql';
    const runtime = await dockerRuntime();
    if (!runtime.ok) {
      throw new UsageError(
        `${runtime.reason}.`,
        'Start Docker (or set DOCKER_HOST to a reachable engine; rootless Docker is found through XDG_RUNTIME_DIR), or use shadow-database: local, embedded or a server URL.',
      );
    }
    const spec = dockerContainerOptions(provider, options.image || undefined);
    const { GenericContainer, ImageName, Wait } = await testcontainers();
    let starting: Promise<unknown> | undefined;
    const cleanup = registerCleanup(`container ${spec.name} (${spec.image})`, async () => {
      const byThisRun = [`${LABEL_RUN}=${spec.labels[LABEL_RUN]}`];
      await removeContainers(byThisRun);
      // Stopped while testcontainers starts it: a create request may still be on its way to the
      // engine, and the container appear after the first removal. It has no time to wait for the
      // start (a removed container never becomes ready), only for that request.
      if (starting) {
        await Promise.race([orUndefined(starting), new Promise((resolve) => setTimeout(resolve, CREATE_REQUEST_GRACE_MS))]);
        await removeContainers(byThisRun);
      }
    });
    try {
      if (!(await runtime.client.image.exists(ImageName.fromString(spec.image)))) options.log?.(`Pulling ${spec.image}...`);
      if (isStopping()) throw new StoppingError(`not starting container ${spec.name}: the run is stopping`);
      const container = await (starting = new GenericContainer(spec.image)
        .withName(spec.name)
        .withEnvironment(spec.environment)
        .withCommand(spec.command)
        .withLabels(spec.labels)
        .withExposedPorts(spec.port)
        .withWaitStrategy(Wait.forListeningPorts())
        .withStartupTimeout(120_000)
        .start());
      const url = spec.url(container.getHost(), container.getMappedPort(spec.port));
      await waitUntilAcceptsConnections(provider, url, 60_000);
      const databases = CONTAINERS[provider].databases(url, `container ${spec.name}`);
      const description = `container ${spec.name} (${spec.image}) on ${container.getHost()}:${container.getMappedPort(spec.port)}`;
      return new DockerShadowServer(description, Date.now() - started, url, spec.name, databases, cleanup);
    } catch (error) {
      await orUndefined(cleanup.run());
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `Could not start a ${spec.image} container for the shadow database: ${errorMessage(error).split('\n')[0]}.`,
        `Check that the image exists and can be pulled (docker pull ${spec.image}), or use another source: shadow-database: local, embedded or a server URL.`,
      );
    }
  }
}

/** Polls with a real client until a query succeeds: the images restart the server once after initialising it. */
async function waitUntilAcceptsConnections(provider: ShadowProvider, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await CONTAINERS[provider].ping(url);
      return;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the server did not accept connections within ${timeoutMs / 1000} s (${errorMessage(last)})`);
}
