/**
 * The git port: what the history guard and the review need from the repository. Implemented by
 * GitCli (git.ts) with the `git` executable.
 */
export interface GitPort {
  /** Resolves a ref to a commit, fetching it (shallow clones) when it is not present; throws a UsageError when it cannot be found. */
  resolveBase(ref: string): Promise<string>;
  /** Paths of the files below `folder` (relative to the repository root) at a commit. */
  listFiles(commit: string, folder: string): Promise<string[]>;
  /** A file's bytes at a commit, or undefined when it does not exist there. */
  readFile(commit: string, path: string): Promise<Buffer | undefined>;
  /** The repository's root folder. */
  root(): Promise<string>;
  /** The best common ancestor of two commits, or undefined when the history to find it is missing (shallow clones). */
  mergeBase(a: string, b: string): Promise<string | undefined>;
}
