import type { ProgressLine } from './progress.js';
import type { ParseArgsConfig } from 'node:util';

/** Parsed flags, as `node:util` parseArgs returns them. */
export type FlagValues = { [name: string]: string | boolean | (string | boolean)[] | undefined };

/** What every CLI command gets: its parsed flags and the process's I/O. */
export interface CliContext {
  values: FlagValues;
  json: boolean;
  color: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Progress lines (stderr; silent with --json). */
  log: (line: string) => void;
  /** Why things are as they are (the shadow's choice): stderr with PSG_DEBUG set, else silent. */
  debug: (line: string) => void;
  stdout: (text: string) => void;
  /** A progress line on a terminal (stderr is a TTY, no --json); absent otherwise. */
  progress?: ProgressLine;
}

/** A CLI command: its flags, its help text, and a run that returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  /** The flags lines of `--help` (global flags are added). */
  help: string;
  /** Prose after the options in `<command> --help` (wrapped to the help's width). */
  notes?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(context: CliContext): Promise<number>;
}
