import { check } from '../../commands/check.js';
import { exitCodeOf } from '../../commands/check-result.js';
import { renderJson } from '../../report/json.js';
import { renderCheckText } from '../../report/text.js';
import { registerSecret } from '../../util/redact.js';
import { checkPorts } from '../../wiring.js';
import type { CliCommand } from '../command.js';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Replay the committed migrations into a throwaway shadow database and compare the result with the Prisma schema.',
  help: `  --schema <file|folder>       the Prisma schema (default: prisma.config.ts, package.json#prisma.schema,
                               prisma/schema.prisma or prisma/schema/)
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --shadow-database-url <url>  a PostgreSQL server on which a uniquely named database is created and
                               dropped (default: an embedded PostgreSQL started for the check;
                               also read from PSG_SHADOW_DATABASE_URL)`,
  options: {
    schema: { type: 'string' },
    migrations: { type: 'string' },
    'shadow-database-url': { type: 'string' },
  },
  async run({ values, json, color, cwd, env, log, stdout }) {
    const shadowDatabaseUrl = (values['shadow-database-url'] as string | undefined) || env.PSG_SHADOW_DATABASE_URL || undefined;
    registerSecret(shadowDatabaseUrl);
    const result = await check(
      { cwd, schema: values.schema as string | undefined, migrations: values.migrations as string | undefined, names: { schema: '--schema', migrations: '--migrations' }, log },
      checkPorts({ shadowDatabaseUrl, inputName: '--shadow-database-url', log }),
    );
    stdout(json ? renderJson(result) : renderCheckText(result, { color }));
    return exitCodeOf(result);
  },
};
