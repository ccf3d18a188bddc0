import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import semver from 'semver';
import { UsageError } from '../util/errors.js';
import { orUndefined } from '../util/promises.js';
import type { PrismaPin } from './pin.js';

export interface DiscoverOptions {
  /** `--prisma-version` / input `prisma-version`: an exact release. */
  flag?: string;
  flagName?: string;
  /** The folder of the schema (discovery walks up from here). */
  from: string;
  /** Relative paths in messages are from here. */
  cwd: string;
  /** The release the bundled engine is (when nothing pins one). */
  bundled: string;
  /** Prisma's published releases (newest matching wins for a range); undefined offline. */
  releases?: () => Promise<string[] | undefined>;
}

/**
 * Which Prisma the project pins: the flag; else the `prisma` installed nearest the schema
 * (`node_modules/prisma/package.json`); else the `prisma` (or `@prisma/client`) range of the nearest
 * package.json that names one, up to the repository root, resolved to the newest matching release;
 * else the bundled engine's.
 */
export async function discoverPrismaPin(options: DiscoverOptions): Promise<PrismaPin> {
  const flagName = options.flagName ?? '--prisma-version';
  if (options.flag?.trim()) {
    const version = semver.valid(options.flag.trim().replace(/^v/, ''));
    if (!version) throw new UsageError(`${flagName}: expected a Prisma release such as 6.19.0, got "${options.flag}".`);
    return { version, source: 'flag', where: flagName };
  }
  const folders = foldersUpToRepositoryRoot(resolve(options.from));
  for (const folder of folders) {
    const installed = join(folder, 'node_modules', 'prisma', 'package.json');
    const version = existsSync(installed) ? semver.valid(readJson(installed)?.version as string | undefined) : null;
    if (version) return { version, source: 'installed', where: relative(options.cwd, installed) || installed };
  }
  for (const folder of folders) {
    const manifest = join(folder, 'package.json');
    if (!existsSync(manifest)) continue;
    const json = readJson(manifest);
    const range = dependencyRange(json, 'prisma') ?? dependencyRange(json, '@prisma/client');
    if (!range) continue;
    const where = relative(options.cwd, manifest) || 'package.json';
    return resolveRange(range, where, options);
  }
  return { version: options.bundled, source: 'bundled' };
}

async function resolveRange(range: string, where: string, options: DiscoverOptions): Promise<PrismaPin> {
  const exact = semver.valid(range);
  if (exact) return { version: exact, source: 'package.json', where, range };
  if (!semver.validRange(range)) {
    // `latest`, `workspace:*`, a git URL: nothing to resolve; the bundled engine judges.
    return {
      version: options.bundled,
      source: 'bundled',
      notice: `${where} gives prisma "${range}", which is not a version range: the bundled engine (Prisma ${options.bundled}) is used.`,
    };
  }
  // No list (offline, a registry error): the lowest release the range allows, with a notice.
  const releases = await orUndefined(options.releases?.());
  const newest =
    releases &&
    semver.maxSatisfying(
      releases.filter((v) => !semver.prerelease(v)),
      range,
    );
  if (newest) return { version: newest, source: 'package.json', where, range };
  const lowest = semver.minVersion(range)?.version;
  if (!lowest)
    return {
      version: options.bundled,
      source: 'bundled',
      notice: `${where}: no Prisma release matches "${range}": the bundled engine (Prisma ${options.bundled}) is used.`,
    };
  return {
    version: lowest,
    source: 'package.json',
    where,
    range,
    notice: `${where} gives prisma "${range}"; the registry's releases could not be read, so the lowest release it allows (${lowest}) is used. Pin one with --prisma-version.`,
  };
}

function dependencyRange(json: Record<string, unknown> | undefined, name: string): string | undefined {
  for (const field of ['devDependencies', 'dependencies', 'peerDependencies']) {
    const range = (json?.[field] as Record<string, unknown> | undefined)?.[name];
    if (typeof range === 'string' && range.trim()) return range.trim().replace(/^npm:prisma@/, '');
  }
  return undefined;
}

/** The folder and those above it, up to the repository root (the first holding `.git`), or the file system's root. */
function foldersUpToRepositoryRoot(start: string): string[] {
  const folders: string[] = [];
  let folder = start;
  for (;;) {
    folders.push(folder);
    if (existsSync(join(folder, '.git'))) break;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return folders;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // an unreadable package.json pins nothing
  }
}
