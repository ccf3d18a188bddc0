import { preview, type PreviewResult } from '../../commands/preview.js';
import { givenPreviewDatabase, sqlitePreviewDatabase } from '../../preview/given.js';
import { parseEngineChoice, resolveEngine } from '../../engine/choose.js';
import { renderJson } from '../../report/json.js';
import { renderPreviewText } from '../../report/preview-text.js';
import { UsageError } from '../../util/errors.js';
import { registerSecret } from '../../util/redact.js';
import { looksLikeSqlite } from '../../database/sqlite/location.js';
import { SqlitePreviewFile } from '../../database/sqlite/preview-file.js';
import { previewPorts, sqlitePreviewPorts } from '../../wiring.js';
import type { CliCommand } from '../command.js';
import { PRISMA_VERSION_HELP, prismaVersionChoice } from './check-options.js';
import { parseSessionLimits } from '../../lifecycle/time-limit.js';

export const previewCommand: CliCommand = {
  name: 'preview',
  summary: '`db push` the schema to a preview database: apply a safe change, block one that destroys data, and say what it would destroy.',
  help: `  --schema <file|folder>       the Prisma schema (default: as for check)
  --database-url <url>         the preview database (used as is: never created or dropped;
                               also read from PSG_PREVIEW_DATABASE_URL): postgresql://, mysql:// or
                               mariadb:// (MySQL/MariaDB through the project's own Prisma CLI), or a
                               SQLite file as file:./dev.db or ./dev.db (written only when applied)
  --engine <auto|wasm|cli>     Prisma's schema engine: auto (default) is wasm (in-process) for PostgreSQL
                               and SQLite, cli (the project's node_modules/.bin/prisma) for MySQL
                               (also PSG_ENGINE)
${PRISMA_VERSION_HELP}
  --accept-data-loss           apply a plan that destroys data (Prisma's warnings)
  --force-reset                empty the database first when a step cannot run on its data
  --statement-timeout <dur>    statement_timeout of every session on the preview database (default: none,
                               the run's --timeout bounds it)
  --lock-timeout <dur>         lock_timeout of every session on the preview database: a lock held by
                               someone else is not waited for longer (default: 10s; 0 for none)`,
  notes: 'Exit codes: 0 applied or already in sync, 2 blocked, 1 could not run.',
  options: {
    schema: { type: 'string' },
    'database-url': { type: 'string' },
    'accept-data-loss': { type: 'boolean', default: false },
    'force-reset': { type: 'boolean', default: false },
    engine: { type: 'string' },
    'prisma-version': { type: 'string' },
    'statement-timeout': { type: 'string' },
    'lock-timeout': { type: 'string' },
  },
  async run({ values, json, color, cwd, env, log, stdout }) {
    const databaseUrl = (values['database-url'] as string | undefined) || env.PSG_PREVIEW_DATABASE_URL || undefined;
    if (!databaseUrl)
      throw new UsageError(
        '--database-url is required: the preview database to push the schema to.',
        'Pass --database-url postgresql://user:password@host:5432/preview_db (a database you may change).',
      );
    // A SQLite file (`file:./dev.db`) is pushed to in memory and written back; remote SQLite URLs are refused.
    const sqlite = looksLikeSqlite(databaseUrl) ? new SqlitePreviewFile(databaseUrl, '--database-url', cwd) : undefined;
    if (!sqlite) registerSecret(databaseUrl);
    const database = sqlite ? sqlitePreviewDatabase(sqlite) : givenPreviewDatabase(databaseUrl);
    if (!database) {
      throw new UsageError(
        '--database-url: expected a PostgreSQL URL like postgresql://user:password@host:5432/preview_db, a MySQL/MariaDB URL like mysql://user:password@host:3306/preview_db, or a SQLite file like file:./dev.db.',
      );
    }
    const engine = parseEngineChoice((values.engine as string | undefined) || env.PSG_ENGINE, '--engine');
    // A SQLite preview is pushed in memory by the in-process engine: --engine cli is refused with the reason.
    if (sqlite) resolveEngine(engine, 'sqlite', '--engine');
    const acceptDataLoss = Boolean(values['accept-data-loss']);
    const versionChoice = prismaVersionChoice(values, env);
    const result: PreviewResult = await preview(
      {
        cwd,
        schema: values.schema as string | undefined,
        names: { schema: '--schema' },
        acceptDataLoss,
        acceptedBy: acceptDataLoss ? '--accept-data-loss' : undefined,
        forceReset: Boolean(values['force-reset']),
        database,
        log,
      },
      sqlite
        ? sqlitePreviewPorts(sqlite, { cwd, ...versionChoice })
        : previewPorts(databaseUrl, '--database-url', {
            engine,
            engineInputName: '--engine',
            cwd,
            log,
            ...versionChoice,
            limits: parseSessionLimits(
              { statement: values['statement-timeout'] as string | undefined, lock: values['lock-timeout'] as string | undefined },
              { statement: '--statement-timeout', lock: '--lock-timeout' },
            ),
          }),
    );
    stdout(json ? renderJson(result) : renderPreviewText(result, { color }));
    return result.verdict === 'blocked' ? 2 : 0;
  },
};
