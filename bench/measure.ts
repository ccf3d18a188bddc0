/**
 * Timing a child process from the outside: wall time from spawn to exit (what a user waits for),
 * and its peak resident memory, from GNU time (`/usr/bin/time -f %M`) when the machine has it, else
 * from a preload that records `process.resourceUsage().maxRSS` at exit (Node children only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Run {
  wallMs: number;
  /** Peak RSS in kB, when it could be measured. */
  maxRssKb?: number;
  code: number | null;
  stdout: string;
  stderr: string;
  pid?: number;
}

const GNU_TIME = '/usr/bin/time';

export const memorySource =
  existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true']).status === 0 ? 'GNU time (%M)' : 'process.resourceUsage().maxRSS';

let counter = 0;

/**
 * Runs a command to its end; `node: true` marks a Node child (for the preload fallback); `input`: a
 * file given as the child's standard input (a SQL client reading a script, as `client < file.sql`).
 */
export function timed(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; node?: boolean; input?: string } = {},
): Promise<Run> {
  const rssFile = join(tmpdir(), `psg_bench_rss_${process.pid}_${++counter}`);
  let file = command;
  let argv = args;
  const env = { ...(options.env ?? process.env) };
  if (memorySource.startsWith('GNU')) {
    file = GNU_TIME;
    argv = ['-f', '%M', '-o', rssFile, command, ...args];
  } else if (options.node) {
    env.NODE_OPTIONS =
      `${env.NODE_OPTIONS ?? ''} --import ${JSON.stringify(fileURLToPath(new URL('./max-rss.js', import.meta.url)))}`.trim();
    env.PSG_BENCH_RSS_FILE = rssFile;
  }
  const stdin = options.input === undefined ? 'ignore' : openSync(options.input, 'r');
  return new Promise<Run>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env, stdio: [stdin, 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Both are pipes (stdio above); a file descriptor for stdin hides that from the types.
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let maxRssKb: number | undefined;
      if (existsSync(rssFile)) {
        // GNU time writes "Command exited with non-zero status N" before the figure when the child fails.
        const figure = readFileSync(rssFile, 'utf8').trim().split('\n').pop();
        maxRssKb = Number(figure) || undefined;
        rmSync(rssFile, { force: true });
      }
      resolve({ wallMs, maxRssKb, code, stdout, stderr, pid: child.pid });
    });
  }).finally(() => {
    if (typeof stdin === 'number') closeSync(stdin);
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Whether a program runs here (e.g. `psql --version`). */
export function available(command: string): string | undefined {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
