/**
 * dist/ copied where no node_modules is above it, as a runner checks out the action, and its two
 * entries run as processes from there.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface DistCopy {
  /** dist/cli/index.js of the copy. */
  cli: string;
  /** dist/index.js of the copy (the action). */
  action: string;
  remove(): Promise<void>;
}

export async function copyDist(): Promise<DistCopy> {
  const root = await mkdtemp(join(tmpdir(), 'psg-dist-copy-'));
  await cp(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
  return {
    cli: join(root, 'dist', 'cli', 'index.js'),
    action: join(root, 'dist', 'index.js'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Only what a runner's step has: no NODE_PATH, no test settings (TESTCONTAINERS_* passes for Docker). */
export function runnerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const [name, value] of Object.entries(process.env))
    if (name.startsWith('TESTCONTAINERS_') || name === 'DOCKER_HOST') env[name] = value;
  return { ...env, ...extra };
}

export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  pid: number;
}

/** `node <entry> ...args` as a process; a non-zero exit is a result, not an error. */
export function runNode(entry: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [entry, ...args],
      { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr, pid: child.pid ?? -1 });
      },
    );
  });
}
