import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../util/errors.js';
import type { GitPort } from './port.js';
import { orUndefined } from '../util/promises.js';

export type { GitPort } from './port.js';

const exec = promisify(execFile);

/** The git port over the `git` executable; tests build real repositories in temp folders. */
export class GitCli implements GitPort {
  constructor(private readonly cwd: string) {}

  private async git(args: string[], options: { encoding?: 'buffer' } = {}): Promise<string | Buffer> {
    // No credential prompt may block a CI job (a fetch without credentials fails instead).
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    const { stdout } = await exec('git', args, { cwd: this.cwd, env, maxBuffer: 256 * 1024 * 1024, encoding: options.encoding ?? 'utf8' });
    return stdout;
  }

  async root(): Promise<string> {
    try {
      return String(await this.git(['rev-parse', '--show-toplevel'])).trim();
    } catch {
      throw new UsageError(
        `${this.cwd} is not inside a git repository.`,
        'Run actions/checkout before this step, or run the CLI inside the repository.',
      );
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
      const branch = ref.replace(/^origin\//, '');
      await this.git(['fetch', '--no-tags', '--depth=1', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
    } catch {
      // Not a branch name, or no remote: fall through to the clear error below.
    }
    if (/^[0-9a-f]{40}$/.test(ref)) {
      // A full commit id: servers (GitHub, git over protocol v2) hand out reachable commits by id.
      await orUndefined(this.git(['fetch', '--no-tags', '--depth=1', 'origin', ref]));
    }
    const fetched = (await this.tryResolve(`origin/${ref.replace(/^origin\//, '')}`)) ?? (await this.tryResolve(ref));
    if (fetched) return fetched;
    const shallow = String(await this.git(['rev-parse', '--is-shallow-repository']).catch(() => '')).trim() === 'true';
    throw new UsageError(
      `The base "${ref}" cannot be found in this repository${shallow ? ' (a shallow clone)' : ''}, not even after fetching it from origin.`,
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
    // --full-tree: paths in and out are relative to the root, whatever folder git runs in.
    const out = String(await this.git(['ls-tree', '-r', '-z', '--full-tree', '--name-only', commit, '--', folder]));
    return out.split('\0').filter(Boolean);
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    try {
      return String(await this.git(['merge-base', a, b])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  async readFile(commit: string, path: string): Promise<Buffer | undefined> {
    try {
      return (await this.git(['show', `${commit}:${path}`], { encoding: 'buffer' })) as Buffer;
    } catch {
      return undefined;
    }
  }
}
