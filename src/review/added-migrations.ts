import { existsSync, realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { GitPort } from '../git/port.js';
import { readMigrationHistory, type Lockfile, type Migration } from '../migrations/history.js';
import { displayPath } from '../schema/files.js';
import { UsageError } from '../util/errors.js';

/** The migrations a pull request adds, and the history it builds on. */
export interface PullRequestMigrations {
  base: { ref: string; commit: string };
  /** The migrations folder, relative to the repository root. */
  folder: string;
  /** The base's migrations in the order Prisma applies them (the schema before the PR). */
  before: Array<{ name: string; sql: string }>;
  /** Folders present in the working tree (the PR's head) and absent at the base, in apply order. */
  added: Migration[];
  /** The working tree's `migration_lock.toml`: its provider decides which SQL dialect is reviewed. */
  lockfile: Lockfile;
}

/**
 * Compares the migrations folder of the working tree with the base commit: a folder with a
 * migration.sql that the base lacks is added by the PR. The base's own migrations are read from
 * the working tree where it still holds them (editing them is the history guard's concern), and
 * from git otherwise.
 */
export async function migrationsAddedBy(
  git: GitPort,
  input: { directory: string; baseRef: string; cwd: string },
): Promise<PullRequestMigrations> {
  const root = realpathSync(await git.root());
  const directory = existsSync(input.directory) ? realpathSync(input.directory) : input.directory;
  const folder = relative(root, directory).split(sep).join('/');
  if (folder.startsWith('..'))
    throw new UsageError(`The migrations folder ${displayPath(input.directory, input.cwd)} is outside the git repository at ${root}.`);
  const commit = await git.resolveBase(input.baseRef);
  const prefix = folder ? `${folder}/` : '';
  const baseNames = new Set(
    (await git.listFiles(commit, folder || '.'))
      .filter((path) => path.startsWith(prefix) && path.endsWith('/migration.sql'))
      .map((path) => path.slice(prefix.length, -'/migration.sql'.length))
      .filter((name) => !name.includes('/')),
  );
  const head = await readMigrationHistory(input.directory, input.cwd);
  const headByName = new Map(head.migrations.map((migration) => [migration.name, migration]));
  const before: PullRequestMigrations['before'] = [];
  for (const name of [...baseNames].sort()) {
    const sql = headByName.get(name)?.sql ?? (await git.readFile(commit, `${prefix}${name}/migration.sql`))?.toString('utf8');
    if (sql !== undefined) before.push({ name, sql });
  }
  return {
    base: { ref: input.baseRef, commit },
    folder,
    before,
    added: head.migrations.filter((migration) => !baseNames.has(migration.name)),
    lockfile: head.lockfile,
  };
}
