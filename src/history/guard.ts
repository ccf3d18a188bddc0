import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Finding } from '../verdict/check-result.js';
import type { FailOnCategory } from '../gate/fail-on.js';
import type { GitPort } from '../git/port.js';
import { displayPath } from '../schema/files.js';
import { UsageError } from '../util/errors.js';
import { compareHistory } from './compare.js';
import { readAtCommit, readWorkingTree } from './read.js';

export interface HistoryGuardInput {
  /** The base as the user named it: a branch, tag or commit. */
  base: string;
  /** Absolute path of the migrations folder in the working tree. */
  migrationsDirectory: string;
  cwd: string;
  failOn: ReadonlySet<FailOnCategory>;
  /** How the base is named in errors: `--base` or `Input 'base'`. */
  baseName?: string;
}

/**
 * The history guard: the migrations folder at the base commit against the working tree. Needs
 * git, no database. Throws a UsageError when the base or the repository cannot be found.
 */
export async function guardHistory(input: HistoryGuardInput, git: GitPort): Promise<Finding[]> {
  const root = realpathSync(await git.root());
  const directory = realPath(input.migrationsDirectory);
  const inRepo = relative(root, directory);
  if (inRepo.startsWith('..') || isAbsolute(inRepo)) {
    throw new UsageError(
      `${input.baseName ?? '--base'}: the migrations folder ${displayPath(input.migrationsDirectory, input.cwd)} is outside the git repository at ${root}, so it has no history to compare.`,
      'Run the check inside the repository that holds the migrations.',
    );
  }
  const folder = inRepo.split(sep).join('/');
  const commit = await git.resolveBase(input.base);
  const base = await readAtCommit(git, commit, folder);
  // When the base moved on after the branch forked, its later changes are not the branch's.
  const fork = await git.mergeBase(commit, 'HEAD');
  const forkPoint = fork && fork !== commit ? await readAtCommit(git, fork, folder) : undefined;
  const head = await readWorkingTree(input.migrationsDirectory);
  const findings = compareHistory({
    base,
    head,
    forkPoint,
    baseName: input.base,
    folder: displayPath(input.migrationsDirectory, input.cwd),
  });
  return findings.map((finding) => ({ ...finding, category: 'history' as const, failsGate: input.failOn.has('history') }));
}

/** The real path (temp folders and checkouts may sit behind symlinks); for a missing folder, its parent's. */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), basename(path));
}
