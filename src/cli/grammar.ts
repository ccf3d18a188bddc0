import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The CLI's grammar, kept free of the commands' modules: the entry (early-shadow.ts) reads it
 * before the rest of the CLI loads.
 */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', default: false },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  timeout: { type: 'string' },
};

export interface CommandWord {
  /** The first positional word: an option's value (`--schema x check`) never is one. */
  name?: string;
  /** Options before that word that none of `options` knows (`--shadow-databse-url`), as typed. */
  unknownBefore: string[];
}

/** Finds the command word in `argv` with parseArgs' own tokens, given every option that takes a value. */
export function commandWord(argv: string[], options: OptionSpecs): CommandWord {
  const unknownBefore: string[] = [];
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true }));
  } catch {
    return { unknownBefore };
  }
  for (const token of tokens) {
    if (token.kind === 'positional') return { name: token.value, unknownBefore };
    if (token.kind === 'option-terminator') break;
    if (!(token.name in options)) unknownBefore.push(token.rawName);
  }
  return { unknownBefore };
}
