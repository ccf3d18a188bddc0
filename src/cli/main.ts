import { couldNotRunReport } from '../report/could-not-run.js';
import { renderJson } from '../report/json.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { redact } from '../util/redact.js';
import { VERSION } from '../version.js';
import { commandNameOf, parseCliArgs } from './args.js';
import type { CliCommand } from './command.js';
import { progressLine } from './progress.js';
import { DEFAULT_TIME_LIMIT_MS, parseDuration, withTimeLimit } from '../lifecycle/time-limit.js';
import { checkCommand } from './commands/check.js';
import { driftCommand } from './commands/drift.js';
import { previewCommand } from './commands/preview.js';
import { reviewCommand } from './commands/review.js';

/** Every command the CLI knows, in the order `--help` lists them. */
export const COMMANDS: CliCommand[] = [checkCommand, driftCommand, reviewCommand, previewCommand];

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  /** Whether stderr is a terminal: progress lines are drawn there (never with --json). */
  stderrIsTty?: boolean;
  /** The terminal's width, for the progress line. */
  columns?: number;
  /** How long a run lasts before progress shows (default 1 s; tests set 0). */
  progressDelayMs?: number;
  /** The working directory (default: the process's). */
  cwd?: string;
}

/** Runs the CLI and returns its exit code; prints, never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  const commandName = commandNameOf(argv, COMMANDS) ?? 'check';
  try {
    const parsed = parseCliArgs(argv, COMMANDS, io.env, io.isTty);
    json = parsed.json;
    if (parsed.kind === 'help') {
      // Asked for: the answer (stdout, 0). No command given: a usage error (stderr, 1).
      (parsed.exitCode === 0 ? io.stdout : io.stderr)(parsed.text);
      return parsed.exitCode;
    }
    if (parsed.kind === 'version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const progress = io.stderrIsTty && !json ? progressLine(io.stderr, { delayMs: io.progressDelayMs, columns: io.columns }) : undefined;
    const log = (line: string) => {
      progress?.clear();
      if (!json) io.stderr(redact(line) + '\n');
    };
    const debug = (line: string) => {
      if (io.env.PSG_DEBUG) io.stderr(redact(`debug: ${line}`) + '\n');
    };
    const limit = parseDuration((parsed.values.timeout as string | undefined) || io.env.PSG_TIMEOUT, '--timeout', DEFAULT_TIME_LIMIT_MS);
    try {
      return await withTimeLimit(limit, () =>
        parsed.command.run({
          values: parsed.values,
          json,
          color: parsed.color,
          cwd: io.cwd ?? process.cwd(),
          env: io.env,
          log,
          debug,
          stdout: io.stdout,
          progress,
        }),
      );
    } finally {
      progress?.stop();
    }
  } catch (error) {
    const message = errorMessage(error);
    const fix = error instanceof UsageError ? error.fix : undefined;
    if (json) {
      io.stdout(renderJson(couldNotRunReport(commandName, message, fix)));
    } else {
      io.stderr(redact(`prisma-schema-guard: ${message}${fix ? `\n${fix}` : ''}\n`));
      if (!(error instanceof UsageError) && io.env.PSG_DEBUG && error instanceof Error) io.stderr(redact(`${error.stack}\n`));
    }
    return 1;
  }
}
