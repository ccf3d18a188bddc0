import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../util/errors.js';

const exec = promisify(execFile);

/**
 * The git port: what the history guard and the review need from the repository. Implemented with
 * the `git` executable; tests build real repositories in temp folders.
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
}

export class GitCli implements GitPort {
  constructor(private readonly cwd: string) {}

  private async git(args: string[], options: { encoding?: 'buffer' } = {}): Promise<string | Buffer> {
    const { stdout } = await exec('git', args, { cwd: this.cwd, maxBuffer: 256 * 1024 * 1024, encoding: options.encoding ?? 'utf8' });
    return stdout;
  }

  async root(): Promise<string> {
    try {
      return String(await this.git(['rev-parse', '--show-toplevel'])).trim();
    } catch {
      throw new UsageError(`${this.cwd} is not inside a git repository.`, 'Run actions/checkout before this step, or run the CLI inside the repository.');
    }
  }

  async resolveBase(ref: string): Promise<string> {
    const candidates = ref.includes('/') || /^[0-9a-f]{7,40}$/.test(ref) ? [ref, `origin/${ref}`] : [`origin/${ref}`, ref];
    for (const candidate of candidates) {
      const commit = await this.tryResolve(candidate);
      if (commit) return commit;
    }
    // A shallow clone (actions/checkout's default fetch-depth: 1) lacks the base: fetch it.
    try {
      await this.git(['fetch', '--no-tags', '--depth=1', 'origin', `+refs/heads/${ref}:refs/remotes/origin/${ref}`]);
    } catch {
      // Not a branch name, or no remote: fall through to the clear error below.
    }
    const fetched = (await this.tryResolve(`origin/${ref}`)) ?? (await this.tryResolve(ref));
    if (fetched) return fetched;
    throw new UsageError(
      `The base "${ref}" cannot be found in this repository, not even after fetching it from origin.`,
      'Check out with history (actions/checkout with `fetch-depth: 0`), or pass a base that exists (a branch, tag or commit).',
    );
  }

  private async tryResolve(ref: string): Promise<string | undefined> {
    try {
      return String(await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async listFiles(commit: string, folder: string): Promise<string[]> {
    const out = String(await this.git(['ls-tree', '-r', '-z', '--name-only', commit, '--', folder]));
    return out.split('\0').filter(Boolean);
  }

  async readFile(commit: string, path: string): Promise<Buffer | undefined> {
    try {
      return (await this.git(['show', `${commit}:${path}`], { encoding: 'buffer' })) as Buffer;
    } catch {
      return undefined;
    }
  }
}
