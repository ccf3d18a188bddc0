import { parseArgs } from 'node:util';
import { UsageError } from '../util/errors.js';

export interface CliOptions {
  command: 'check' | 'help' | 'version';
  schema?: string;
  migrations?: string;
  shadowDatabaseUrl?: string;
  json: boolean;
  color: boolean;
  cwd: string;
}

export const USAGE = `Usage: prisma-schema-guard <command> [options]

Commands:
  check     Replay the committed migrations into a throwaway shadow database and compare the
            result with the Prisma schema: in sync, missing migration, failing migration.

Options (check):
  --schema <file|folder>       the Prisma schema (default: prisma.config.ts, package.json#prisma.schema,
                               prisma/schema.prisma or prisma/schema/)
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --shadow-database-url <url>  a PostgreSQL server on which a uniquely named database is created and
                               dropped (default: an embedded PostgreSQL started for the check;
                               also read from PSG_SHADOW_DATABASE_URL)
  --json                       print the result as JSON
  --no-color                   plain text output
  -h, --help                   this text
  -v, --version                the version

Exit codes: 0 in sync, 2 a finding fails the gate, 1 the check could not run.
`;

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, isTty: boolean, cwd = process.cwd()): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        schema: { type: 'string' },
        migrations: { type: 'string' },
        'shadow-database-url': { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}.`, 'Run `prisma-schema-guard --help` for the options.');
  }
  const { values, positionals } = parsed;
  const base = { json: values.json ?? false, color: isTty && !values['no-color'] && !env.NO_COLOR, cwd };
  if (values.version) return { ...base, command: 'version' };
  if (values.help || positionals.length === 0) return { ...base, command: 'help' };
  const [command, ...rest] = positionals;
  if (command !== 'check') throw new UsageError(`Unknown command "${command}".`, 'Run `prisma-schema-guard --help` for the commands.');
  if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}".`, 'Run `prisma-schema-guard --help` for the options.');
  return {
    ...base,
    command,
    schema: values.schema,
    migrations: values.migrations,
    shadowDatabaseUrl: values['shadow-database-url'] || env.PSG_SHADOW_DATABASE_URL || undefined,
  };
}
