import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The npm registry this tool reads Prisma's releases and engines from (PSG_NPM_REGISTRY overrides it). */
export function npmRegistry(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PSG_NPM_REGISTRY || 'https://registry.npmjs.org').replace(/\/+$/, '');
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Prisma's published releases (the `prisma` package's versions), to resolve a package.json range to
 * the newest release it allows. Kept a day in the cache folder: the list is 2.4 MB (0.6 s here).
 * Undefined when the registry cannot be read: the caller says what it did instead.
 */
export function listPrismaReleases(options: ReleaseListOptions): Promise<string[] | undefined> {
  // check-many judges several schemas at once: on a first run they would each download the list.
  const key = `${options.registry ?? npmRegistry()}\n${options.cacheDir}`;
  const pending = inFlight.get(key) ?? readOrDownload(options).finally(() => inFlight.delete(key));
  inFlight.set(key, pending);
  return pending;
}

interface ReleaseListOptions {
  cacheDir: string;
  registry?: string;
  timeoutMs?: number;
}

/** One download per registry and cache folder at a time, shared by every caller meanwhile. */
const inFlight = new Map<string, Promise<string[] | undefined>>();

async function readOrDownload(options: ReleaseListOptions): Promise<string[] | undefined> {
  const cached = join(options.cacheDir, 'prisma-releases.json');
  try {
    if (Date.now() - statSync(cached).mtimeMs < DAY_MS) return JSON.parse(readFileSync(cached, 'utf8')) as string[];
  } catch {
    // no cached list yet
  }
  try {
    const response = await fetch(`${options.registry ?? npmRegistry()}/prisma`, {
      headers: { accept: 'application/vnd.npm.install-v1+json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    if (!response.ok) return undefined;
    const versions = Object.keys(((await response.json()) as { versions?: Record<string, unknown> }).versions ?? {});
    mkdirSync(options.cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(versions));
    renameSync(partial, cached);
    return versions;
  } catch {
    return undefined;
  }
}
