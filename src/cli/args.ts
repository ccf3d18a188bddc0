import { parseArgs } from 'node:util';
import { UsageError } from '../util/errors.js';
import { nearest } from '../util/nearest.js';
import { wrapText } from '../util/wrap.js';
import type { CliCommand, FlagValues } from './command.js';
import { commandWord, GLOBAL_OPTIONS, type OptionSpecs } from './grammar.js';

const PROGRAM = 'prisma-schema-guard';
/** Help is wrapped to this many columns (a terminal's default). */
export const HELP_WIDTH = 80;

const GLOBAL_HELP = `  --json                       print the result as JSON
  --no-color                   plain text output (also NO_COLOR)
  -h, --help                   this text
  -v, --version                the version
  --timeout <duration>         the time limit of the whole run: 90s, 10m, 1h; 0 for none (default:
                               10m; also PSG_TIMEOUT). On expiry the statement running is cancelled,
                               the report names it, everything created is removed, exit 1`;

const EXIT_CODES = 'Exit codes: 0 in sync, 2 a finding fails the gate, 1 the command could not run.';

/** The overview: the commands and the global options; each command's own flags are in `<command> --help`. */
export function usage(commands: CliCommand[]): string {
  const list = wrapTwoColumns(commands.map((command) => ({ left: command.name, right: command.summary })));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    list,
    '',
    'Global options:',
    wrapOptionHelp(GLOBAL_HELP),
    '',
    wrapText(`Run \`${PROGRAM} <command> --help\` for a command's options.`, HELP_WIDTH),
    wrapText(EXIT_CODES, HELP_WIDTH),
    '',
  ].join('\n');
}

/** One command's help: its summary, its options and the global ones. */
export function commandUsage(command: CliCommand): string {
  const notes = command.notes
    ? ['', ...command.notes.split('\n\n').flatMap((paragraph, index) => [...(index ? [''] : []), wrapText(paragraph, HELP_WIDTH)])]
    : [];
  return [
    `Usage: ${PROGRAM} ${command.name} [options]`,
    '',
    wrapText(command.summary, HELP_WIDTH),
    '',
    'Options:',
    wrapOptionHelp(command.help),
    ...notes,
    '',
    'Global options:',
    wrapOptionHelp(GLOBAL_HELP),
    '',
    wrapText(EXIT_CODES, HELP_WIDTH),
    '',
  ].join('\n');
}

export type ParsedArgs =
  /** `exitCode` 0: help was asked for (stdout); 1: no command was given (stderr). */
  | { kind: 'help'; json: boolean; text: string; exitCode: 0 | 1 }
  | { kind: 'version'; json: boolean }
  | { kind: 'command'; command: CliCommand; values: FlagValues; json: boolean; color: boolean };

/** Every option any command (or the CLI itself) knows. */
function allOptions(commands: CliCommand[]): OptionSpecs {
  return Object.assign({}, GLOBAL_OPTIONS, ...commands.map((command) => command.options)) as OptionSpecs;
}

/** The command `argv` names (the first positional word), if it is one of `commands`. */
export function commandNameOf(argv: string[], commands: CliCommand[]): string | undefined {
  const { name } = commandWord(argv, allOptions(commands));
  return commands.some((command) => command.name === name) ? name : undefined;
}

/**
 * The command is the first positional word found by parseArgs' tokens (options may come before or
 * after it); then the whole line is parsed strictly with that command's options.
 */
export function parseCliArgs(argv: string[], commands: CliCommand[], env: NodeJS.ProcessEnv, isTty: boolean): ParsedArgs {
  const everything = allOptions(commands);
  const word = commandWord(argv, everything);
  const command = commands.find((candidate) => candidate.name === word.name);
  const names = commands.map((candidate) => candidate.name);
  if (word.unknownBefore.length > 0 && !command) throw unknownOption(word.unknownBefore[0]!, undefined, commands);
  if (word.name !== undefined && !command) {
    const guess = nearest(word.name, names);
    throw new UsageError(
      `Unknown command "${word.name}".${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      `Commands: ${names.join(', ')}. Run \`${PROGRAM} --help\`.`,
    );
  }
  const options = { ...GLOBAL_OPTIONS, ...command?.options };
  const { tokens } = parseArgs({ args: argv, options: everything, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') break;
    if (token.kind === 'option' && !(token.name in options)) throw unknownOption(token.rawName, command, commands);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '')}.`,
      `Run \`${PROGRAM} ${command ? `${command.name} ` : ''}--help\` for the options.`,
    );
  }
  const { values, positionals } = parsed;
  const json = Boolean(values.json);
  if (values.version) return { kind: 'version', json };
  if (values.help) return { kind: 'help', json, text: command ? commandUsage(command) : usage(commands), exitCode: 0 };
  if (!command) return { kind: 'help', json, text: usage(commands), exitCode: 1 };
  if (positionals.length > 1)
    throw new UsageError(`Unexpected argument "${positionals[1]}".`, `Run \`${PROGRAM} ${command.name} --help\` for the options.`);
  return { kind: 'command', command, values, json, color: isTty && !values['no-color'] && !env.NO_COLOR };
}

/** An option the command does not take: the nearest it does, or the commands that take it. */
function unknownOption(raw: string, command: CliCommand | undefined, commands: CliCommand[]): UsageError {
  const name = raw.replace(/^-+/, '');
  const help = `Run \`${PROGRAM} ${command ? `${command.name} ` : ''}--help\` for the options.`;
  const elsewhere = commands.filter((other) => other !== command && name in other.options).map((other) => other.name);
  if (command && elsewhere.length > 0)
    return new UsageError(`Unknown option "${raw}" for ${command.name}: it is an option of ${elsewhere.join(', ')}.`, help);
  const known = Object.keys({ ...GLOBAL_OPTIONS, ...(command ? command.options : allOptions(commands)) });
  const guess = nearest(name, known);
  return new UsageError(`Unknown option "${raw}".${guess ? ` Did you mean \`--${guess}\`?` : ''}`, help);
}

interface TwoColumns {
  left: string;
  right: string;
}

/** Help lines (`  --flag <x>   description` plus indented continuation lines) as entries. */
function optionEntries(help: string): TwoColumns[] {
  const entries: TwoColumns[] = [];
  for (const line of help.split('\n')) {
    const start = /^ {2}(-\S.*?)(?: {2,}(\S.*))?$/.exec(line);
    if (start) entries.push({ left: start[1]!, right: start[2] ?? '' });
    else if (entries.length > 0 && line.trim()) entries[entries.length - 1]!.right += ` ${line.trim()}`;
  }
  return entries;
}

export function wrapOptionHelp(help: string, width = HELP_WIDTH): string {
  return wrapTwoColumns(optionEntries(help), width);
}

/** Left column padded to the longest entry (at most 30); a longer one puts its text on the next line. */
function wrapTwoColumns(entries: TwoColumns[], width = HELP_WIDTH): string {
  const column = Math.min(30, Math.max(...entries.map((entry) => entry.left.length + 2))) + 2;
  const lines: string[] = [];
  for (const entry of entries) {
    const text = wrapText(entry.right, width - column).split('\n');
    const head = `  ${entry.left}`;
    if (head.length + 1 > column) lines.push(head);
    else lines.push(`${head.padEnd(column)}${text.shift() ?? ''}`);
    for (const rest of text) lines.push(`${' '.repeat(column)}${rest}`);
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}
