import { check } from '../../commands/check.js';
import { checkMany, exitCodeOfMany } from '../../commands/check-many.js';
import { exitCodeOf } from '../../verdict/check-result.js';
import { parseFailOn } from '../../gate/fail-on.js';
import { renderCheckManyText } from '../../report/check-many.js';
import { renderJson } from '../../report/json.js';
import { renderCheckText } from '../../report/text.js';
import { expandSchemaList } from '../../schema/schema-list.js';
import { checkPorts, withConfiguredShadow } from '../../wiring.js';
import type { CliCommand } from '../command.js';
import { replayProgressOn } from '../progress.js';
import { CHECK_OPTIONS, PRISMA_VERSION_HELP, shadowChoiceOf } from './check-options.js';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Replay the committed migrations into a throwaway shadow database and compare the result with the Prisma schema.',
  help: `  --schema <file|folder>       the Prisma schema (default: prisma.config.ts, package.json#prisma.schema,
                               prisma/schema.prisma or prisma/schema/); several (a monorepo): repeat
                               the flag, or a comma list, or a glob (packages/*/prisma/schema.prisma):
                               they share one shadow server, two checks at a time
  --migrations <dir>           the migrations folder (default: migrations/ beside the schema)
  --shadow-database <source>   where the shadow database comes from: auto (default: a URL if given,
                               else the fastest of local, docker, embedded), a server URL, docker or
                               docker:<image>, local or local:<major> (PostgreSQL/MySQL installed
                               here), embedded or embedded:<major> (also PSG_SHADOW_DATABASE)
  --shadow-database-url <url>  a server on which a uniquely named database is created and dropped
                               (the same as --shadow-database <url>; also PSG_SHADOW_DATABASE_URL)
  --base <git ref>             the pull request's base (branch, tag or commit): migrations on it must be
                               unchanged, new ones must sort after them (the history guard;
                               default on a pull_request workflow run: GITHUB_BASE_REF)
  --fail-on <list>             finding categories that fail the gate: history, destructive, lock,
                               unapplied, drift, or none (default: history,destructive,drift)
  --engine <auto|wasm|cli>     Prisma's schema engine: wasm (in-process; PostgreSQL, SQLite), cli (the
                               project's own node_modules/.bin/prisma; MySQL), auto (default: wasm where
                               it has the connector, else cli; also PSG_ENGINE)
${PRISMA_VERSION_HELP}`,
  options: CHECK_OPTIONS,
  async run({ values, json, color, cwd, env, log, debug, stdout, progress }) {
    const chosen = shadowChoiceOf(values, env, { log, debug });
    const failOn = parseFailOn(values['fail-on'] as string | undefined, '--fail-on');
    const base = (values.base as string | undefined) || env.GITHUB_BASE_REF || undefined;
    const schemas = expandSchemaList(values.schema as string[] | undefined, cwd, '--schema');
    // One schema: its own shadowDatabaseUrl (datasource or prisma.config.ts) names the shadow's server when no flag does.
    const ports = checkPorts(
      schemas && schemas.length > 1 ? chosen : await withConfiguredShadow(chosen, { cwd, schema: schemas?.[0] }, env),
      cwd,
    );
    // What one schema's check and several schemas' checks both take.
    const common = {
      cwd,
      migrations: values.migrations as string | undefined,
      names: { schema: '--schema', migrations: '--migrations' },
      log,
      base,
      failOn,
      baseName: '--base',
    };
    if (schemas && schemas.length > 1) {
      const many = await checkMany({ ...common, schemas }, ports);
      stdout(json ? renderJson(many) : renderCheckManyText(many, schemas, { color }));
      return exitCodeOfMany(many);
    }
    const result = await check({ ...common, schema: schemas?.[0], progress: replayProgressOn(progress) }, ports);
    progress?.stop();
    stdout(json ? renderJson(result) : renderCheckText(result, { color }));
    return exitCodeOf(result);
  },
};
