import { check } from '../commands/check.js';
import { exitCodeOf, type CheckResult } from '../commands/check-result.js';
import { renderJson } from '../report/json.js';
import { renderCheckText } from '../report/text.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { redact, registerSecret } from '../util/redact.js';
import { VERSION } from '../version.js';
import { checkPorts } from '../wiring.js';
import { parseCliArgs, USAGE } from './args.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  /** The working directory (default: the process's). */
  cwd?: string;
}

/** Runs the CLI and returns its exit code; prints, never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const options = parseCliArgs(argv, io.env, io.isTty, io.cwd);
    json = options.json;
    if (options.command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (options.command === 'version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    registerSecret(options.shadowDatabaseUrl);
    const log = (line: string) => {
      if (!json) io.stderr(redact(line) + '\n');
    };
    const result = await check(
      { cwd: options.cwd, schema: options.schema, migrations: options.migrations, names: { schema: '--schema', migrations: '--migrations' }, log },
      checkPorts({ shadowDatabaseUrl: options.shadowDatabaseUrl, inputName: '--shadow-database-url', log }),
    );
    io.stdout(json ? renderJson(result) : renderCheckText(result, { color: options.color }));
    return exitCodeOf(result.verdict);
  } catch (error) {
    const message = errorMessage(error);
    const fix = error instanceof UsageError ? error.fix : undefined;
    if (json) {
      const result: Pick<CheckResult, 'command' | 'verdict' | 'findings'> = { command: 'check', verdict: 'error', findings: [{ kind: 'error', message, fix }] };
      io.stdout(renderJson(result));
    } else {
      io.stderr(redact(`prisma-schema-guard: ${message}${fix ? `\n${fix}` : ''}\n`));
      if (!(error instanceof UsageError) && io.env.PSG_DEBUG && error instanceof Error) io.stderr(redact(`${error.stack}\n`));
    }
    return 1;
  }
}
