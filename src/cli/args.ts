import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../util/errors.js';
import type { CliCommand, FlagValues } from './command.js';

const GLOBAL_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  json: { type: 'boolean', default: false },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
};

const GLOBAL_HELP = `  --json                       print the result as JSON
  --no-color                   plain text output (also NO_COLOR)
  -h, --help                   this text
  -v, --version                the version`;

export function usage(commands: CliCommand[]): string {
  const list = commands.map((command) => `  ${command.name.padEnd(9)} ${command.summary}`).join('\n');
  const options = commands.map((command) => `Options (${command.name}):\n${command.help}\n`).join('\n');
  return `Usage: prisma-schema-guard <command> [options]\n\nCommands:\n${list}\n\n${options}\nGlobal options:\n${GLOBAL_HELP}\n\nExit codes: 0 in sync, 2 a finding fails the gate, 1 the command could not run.\n`;
}

export type ParsedArgs =
  | { kind: 'help'; json: boolean }
  | { kind: 'version'; json: boolean }
  | { kind: 'command'; command: CliCommand; values: FlagValues; json: boolean; color: boolean };

export function parseCliArgs(argv: string[], commands: CliCommand[], env: NodeJS.ProcessEnv, isTty: boolean): ParsedArgs {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const command = commands.find((candidate) => candidate.name === name);
  if (name && !command) throw new UsageError(`Unknown command "${name}".`, `Commands: ${commands.map((c) => c.name).join(', ')}. Run \`prisma-schema-guard --help\`.`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...GLOBAL_OPTIONS, ...command?.options } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}.`, 'Run `prisma-schema-guard --help` for the options.');
  }
  const { values, positionals } = parsed;
  const json = Boolean(values.json);
  if (values.version) return { kind: 'version', json };
  if (values.help || !command) return { kind: 'help', json };
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`, 'Run `prisma-schema-guard --help` for the options.');
  return { kind: 'command', command, values, json, color: isTty && !values['no-color'] && !env.NO_COLOR };
}
