import { drift } from '../../commands/drift.js';
import { driftExitCode } from '../../drift/drift-result.js';
import { parseFailOn } from '../../gate/fail-on.js';
import { renderDriftText } from '../../report/drift.js';
import { renderJson } from '../../report/json.js';
import { UsageError } from '../../util/errors.js';
import { registerSecret } from '../../util/redact.js';
import { sqliteLocation } from '../../database/sqlite/location.js';
import { driftPorts, withConfiguredShadow } from '../../wiring.js';
import type { CliCommand } from '../command.js';
import { PRISMA_VERSION_HELP, shadowChoiceOf } from './check-options.js';
import { parseSessionLimits } from '../../lifecycle/time-limit.js';
import { replayProgressOn } from '../progress.js';

export const driftCommand: CliCommand = {
  name: 'drift',
  summary:
    'Compare a live database (read only) with the migration history: unapplied, failed, edited or missing migrations and schema drift.',
  help: `  --database-url <url>         the live database to compare (read only; a secret, masked in all output;
                               also read from PSG_DATABASE_URL). sslmode, sslrootcert and
                               connect_timeout=<seconds> are honoured as Prisma reads them;
                               a SQLite file as file:./dev.db or ./dev.db (relative to the working
                               directory; read into memory, never written)
  --schema <file|folder>       the Prisma schema (default: as for check)
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --shadow-database <source>   where the shadow database (the applied history replayed) comes from:
                               auto (default), a server URL, docker[:image], local[:major],
                               embedded[:major] (also PSG_SHADOW_DATABASE); never the live
                               database's server unless you name it
  --shadow-database-url <url>  a server on which a uniquely named database is created and dropped
                               (the same as --shadow-database <url>; also PSG_SHADOW_DATABASE_URL)
  --engine <auto|wasm|cli>     Prisma's schema engine: auto (default) is wasm (in-process) for PostgreSQL
                               and SQLite, cli (the project's own node_modules/.bin/prisma) for MySQL
                               (also PSG_ENGINE)
${PRISMA_VERSION_HELP}
  --fail-on <list>             finding categories that fail the gate: drift, unapplied, history,
                               destructive, lock, or none (default: history,destructive,drift:
                               unapplied migrations are reported but pass)
  --statement-timeout <dur>    statement_timeout of every session on that database (default: none,
                               the run's --timeout bounds it)
  --lock-timeout <dur>         lock_timeout of every session on that database: a lock held by
                               someone else is not waited for longer (default: 10s; 0 for none)`,
  options: {
    'database-url': { type: 'string' },
    schema: { type: 'string' },
    migrations: { type: 'string' },
    'shadow-database': { type: 'string' },
    'shadow-database-url': { type: 'string' },
    'fail-on': { type: 'string' },
    engine: { type: 'string' },
    'prisma-version': { type: 'string' },
    'statement-timeout': { type: 'string' },
    'lock-timeout': { type: 'string' },
  },
  async run({ values, json, color, cwd, env, log, debug, stdout, progress }) {
    const databaseUrl = (values['database-url'] as string | undefined) || env.PSG_DATABASE_URL || undefined;
    // A local SQLite path is no secret (masking it would hide it in every message); any other URL is.
    if (!databaseUrl || sqliteLocation(databaseUrl).kind !== 'file') registerSecret(databaseUrl);
    const chosen = shadowChoiceOf(values, env, { log, debug });
    if (!databaseUrl)
      throw new UsageError(
        'drift needs --database-url <url>: the database to compare with the migrations.',
        'Pass the URL of the database (e.g. staging), or set PSG_DATABASE_URL.',
      );
    const failOn = parseFailOn(values['fail-on'] as string | undefined, '--fail-on');
    const result = await drift(
      {
        cwd,
        schema: values.schema as string | undefined,
        migrations: values.migrations as string | undefined,
        names: { schema: '--schema', migrations: '--migrations' },
        failOn,
        log,
        progress: replayProgressOn(progress),
      },
      driftPorts(
        {
          databaseUrl,
          inputName: '--database-url',
          cwd,
          limits: parseSessionLimits(
            { statement: values['statement-timeout'] as string | undefined, lock: values['lock-timeout'] as string | undefined },
            { statement: '--statement-timeout', lock: '--lock-timeout' },
          ),
        },
        await withConfiguredShadow(chosen, { cwd, schema: values.schema as string | undefined }, env),
      ),
    );
    progress?.stop();
    stdout(json ? renderJson(result) : renderDriftText(result, { color }));
    return driftExitCode(result);
  },
};
