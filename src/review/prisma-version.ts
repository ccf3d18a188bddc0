import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's Prisma version, for advice that works with it: before Prisma 7.4 a migration file
 * runs as one implicit transaction, so `CREATE INDEX CONCURRENTLY` works only alone in its own
 * migration; 7.4+ runs such a migration statement by statement (prisma-engines#5767, #5799).
 */
export interface PrismaVersion {
  /** `7.4.1`, or the lowest version a range allows (`^6.19.0` → `6.19.0`). */
  version?: string;
  /** Where it was read: `package-lock.json`, `package.json` (a range), `node_modules/prisma`. */
  source?: string;
}

const PACKAGES = ['prisma', '@prisma/client'];

/** Reads the version from the project's folder and its parents up to `stop` (the repository root). */
export function readPrismaVersion(cwd: string, stop?: string): PrismaVersion {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = fromLockfile(dir) ?? fromPackageJson(dir);
    if (found) return found;
    if (dir === stop || dirname(dir) === dir) return {};
  }
}

function fromLockfile(dir: string): PrismaVersion | undefined {
  const file = join(dir, 'package-lock.json');
  const lock = readJson(file) as
    { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> } | undefined;
  if (!lock) return undefined;
  for (const name of PACKAGES) {
    const version = lock.packages?.[`node_modules/${name}`]?.version ?? lock.dependencies?.[name]?.version;
    if (version && parseVersion(version)) return { version, source: 'package-lock.json' };
  }
  return undefined;
}

function fromPackageJson(dir: string): PrismaVersion | undefined {
  const manifest = readJson(join(dir, 'package.json')) as Record<string, Record<string, string> | undefined> | undefined;
  if (!manifest) return undefined;
  for (const name of PACKAGES) {
    for (const field of ['dependencies', 'devDependencies']) {
      const range = manifest[field]?.[name];
      const lowest = range ? /\d+\.\d+(\.\d+)?/.exec(range)?.[0] : undefined;
      if (lowest) return { version: lowest, source: `package.json (${name}@${range})` };
    }
  }
  return undefined;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** true: 7.4+; false: earlier; undefined: the version is not known. */
export function runsConcurrentlyBesideOthers(prisma: PrismaVersion | undefined): boolean | undefined {
  const parsed = prisma?.version ? parseVersion(prisma.version) : undefined;
  if (!parsed) return undefined;
  const [major, minor] = parsed;
  return major > 7 || (major === 7 && minor >= 4);
}
