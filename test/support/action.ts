/**
 * The action as GitHub runs it, from the compiled entry of this very build (`<outDir>/src/index.js`,
 * found beside the compiled tests, so any outDir works) in a child process: inputs as INPUT_*, the
 * pull request event at GITHUB_EVENT_PATH, outputs and the job summary in the files GitHub provides,
 * the REST API at GITHUB_API_URL (test/support/github-server.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ACTION_ENTRY_ARGS } from './entries.js';
import type { GitHubServer } from './github-server.js';

const execFileAsync = promisify(execFile);

export interface ActionRun {
  code: number;
  /** Without the `::add-mask::` lines (how the runner learns the secrets it masks). */
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface PullRequestEvent {
  action: string;
  number: number;
  labels?: string[];
  /** `owner/repo` (default octo/shop, the GitHub server's repository). */
  repository?: string;
}

export async function runActionOnPullRequest(
  inputs: Record<string, string>,
  event: PullRequestEvent,
  options: { workspace: string; github: GitHubServer; entry?: string; env?: NodeJS.ProcessEnv },
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'psg-action-run-'));
  try {
    const repository = event.repository ?? 'octo/shop';
    const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), event: join(dir, 'event.json') };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    const payload = {
      action: event.action,
      number: event.number,
      pull_request: {
        number: event.number,
        state: event.action === 'closed' ? 'closed' : 'open',
        labels: (event.labels ?? []).map((name) => ({ name })),
      },
      repository: { full_name: repository },
    };
    await writeFile(files.event, JSON.stringify(payload));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: repository,
      GITHUB_API_URL: options.github.url,
      RUNNER_TEMP: dir,
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    let code = 0;
    let stdout = '';
    let stderr = '';
    try {
      ({ stdout, stderr } = await execFileAsync(process.execPath, options.entry ? [options.entry] : ACTION_ENTRY_ARGS, {
        env,
        cwd: options.workspace,
      }));
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      code = e.code;
      stdout = e.stdout;
      stderr = e.stderr;
    }
    return {
      code,
      stdout: stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
      stderr,
      outputs: parseOutputs(await readFile(files.output, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT's `name<<delimiter ... delimiter` format. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
    outputs[match[1]!] = value.join('\n');
  }
  return outputs;
}

/**
 * The action's own entry (`run()`) in this process, for commands that need no pull request: inputs
 * as INPUT_* variables, outputs and the job summary in the files GitHub provides. Everything else in
 * `process.env` is inherited (a stand-in's settings, say) and restored afterwards.
 */
export async function runActionInProcess(
  inputs: Record<string, string>,
  workspace: string,
): Promise<{ failed: boolean; log: string; outputs: Record<string, string>; summary: string }> {
  const { run } = await import('../../src/action/main.js');
  const dir = await mkdtemp(join(tmpdir(), 'psg-action-in-process-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  await writeFile(files.GITHUB_OUTPUT, '');
  await writeFile(files.GITHUB_STEP_SUMMARY, '');
  const saved = { ...process.env };
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  Object.assign(process.env, files, { GITHUB_WORKSPACE: workspace });
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  process.exitCode = undefined;
  try {
    await run();
  } finally {
    process.stdout.write = write;
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    return {
      failed: exitCode === 1,
      log: written.join(''),
      outputs: parseOutputs(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
