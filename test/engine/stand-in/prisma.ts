/**
 * A stand-in for the Prisma CLI (`node_modules/.bin/prisma`), for testing the `cli` engine where
 * Prisma's native engine cannot be downloaded. It
 * - checks its arguments against the flags the real major accepts (the `arg()` specs of
 *   packages/migrate/src/commands/MigrateDiff.ts and DbPush.ts for Prisma 6 and 7), failing the way
 *   Prisma does on a flag it does not know, and appends its argv to $PSG_STAND_IN_LOG so a test can
 *   assert the exact command line;
 * - computes the answer with Prisma's own schema engine (the WebAssembly build this project runs
 *   in-process), so verdicts are real, not canned;
 * - prints it in the CLI's formats (see README.md beside this file for where each comes from).
 * $PSG_STAND_IN_MAJOR (6 or 7) picks the major; $PSG_STAND_IN_VERSION the full version.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { WasmEngine } from '../../../src/engine/wasm/wasm-engine.js';
import { EngineError, type DiffSource } from '../../../src/engine/engine.js';
import { readMigrationHistory } from '../../../src/migrations/history.js';
import { readSchemaFiles } from '../../../src/schema/files.js';
import { replayMysqlMigrations } from '../../support/mysql-replay.js';
import { normaliseSchema } from '../../../src/schema/normalise.js';
import { findDatasource } from '../../../src/schema/datasource.js';
import mysql from 'mysql2/promise';
import { findDiffAnswer, readAnswers } from './answers.js';

const major = Number(process.env.PSG_STAND_IN_MAJOR ?? '6');
const version = process.env.PSG_STAND_IN_VERSION ?? (major >= 7 ? '7.10.1' : '6.19.0');
const argv = process.argv.slice(2);
if (process.env.PSG_STAND_IN_LOG) appendFileSync(process.env.PSG_STAND_IN_LOG, `${JSON.stringify(argv)}\n`);

type Spec = Record<string, 'boolean' | 'string'>;

// packages/migrate/src/commands/MigrateDiff.ts, Prisma 6.x: the `arg()` spec.
const DIFF_6: Spec = {
  '--help': 'boolean',
  '--output': 'string',
  '--from-empty': 'boolean',
  '--from-schema-datasource': 'string',
  '--from-schema-datamodel': 'string',
  '--from-url': 'string',
  '--from-migrations': 'string',
  '--from-local-d1': 'boolean',
  '--to-empty': 'boolean',
  '--to-schema-datasource': 'string',
  '--to-schema-datamodel': 'string',
  '--to-url': 'string',
  '--to-migrations': 'string',
  '--to-local-d1': 'boolean',
  '--shadow-database-url': 'string',
  '--script': 'boolean',
  '--exit-code': 'boolean',
  '--telemetry-information': 'string',
  '--config': 'string',
};
// Prisma 7.x: the removed flags are still parsed, to answer with a hint.
const DIFF_7: Spec = {
  '--help': 'boolean',
  '--output': 'string',
  '--from-empty': 'boolean',
  '--from-config-datasource': 'boolean',
  '--from-schema': 'string',
  '--from-migrations': 'string',
  '--to-empty': 'boolean',
  '--to-config-datasource': 'boolean',
  '--to-schema': 'string',
  '--to-migrations': 'string',
  '--script': 'boolean',
  '--exit-code': 'boolean',
  '--telemetry-information': 'string',
  '--config': 'string',
  '--from-url': 'string',
  '--to-url': 'string',
  '--from-schema-datasource': 'string',
  '--to-schema-datasource': 'string',
  '--from-schema-datamodel': 'string',
  '--to-schema-datamodel': 'string',
  '--from-local-d1': 'boolean',
  '--to-local-d1': 'boolean',
};
const PUSH_6: Spec = {
  '--help': 'boolean',
  '--accept-data-loss': 'boolean',
  '--force-reset': 'boolean',
  '--skip-generate': 'boolean',
  '--schema': 'string',
  '--config': 'string',
  '--telemetry-information': 'string',
};
const PUSH_7: Spec = {
  '--help': 'boolean',
  '--accept-data-loss': 'boolean',
  '--force-reset': 'boolean',
  '--schema': 'string',
  '--config': 'string',
  '--telemetry-information': 'string',
};

function fail(message: string, code = 1): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
}

function parse(args: string[], spec: Spec): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const type = spec[flag];
    if (!type) fail(`\n! unknown or unexpected option: ${flag}\n`);
    if (type === 'boolean') values[flag] = true;
    else {
      const value = inline ?? args[++i];
      if (value === undefined) fail(`\n! option requires argument: ${flag}\n`);
      values[flag] = value;
    }
  }
  return values;
}

/** MigrateDiff.ts (Prisma 7), `getRemovedTargetParameterHint`. */
function removedHint(flag: string): string | undefined {
  if (['--from-url', '--to-url', '--from-schema-datasource', '--to-schema-datasource'].includes(flag)) {
    return `\`${flag}\` was removed. Please use \`--[from/to]-config-datasource\` in combination with a Prisma config file that contains the appropriate datasource instead.`;
  }
  if (['--from-schema-datamodel', '--to-schema-datamodel'].includes(flag))
    return `\`${flag}\` was removed. Please use \`--[from/to]-schema\` instead.`;
  return undefined;
}

/** The temporary config the engine writes: `export default { ... }` with a JSON object. */
function readConfig(path: string | undefined): { schema?: string; datasource?: { url?: string; shadowDatabaseUrl?: string } } {
  if (!path) fail('stand-in: Prisma 7 needs --config here (the URLs come only from prisma.config.ts)', 99);
  const text = readFileSync(path, 'utf8');
  const json = /export default ([\s\S]*);\s*$/.exec(text)?.[1];
  if (!json) fail(`stand-in: ${path} is not the config the engine writes`, 99);
  return JSON.parse(json);
}

async function schemaFiles(path: string) {
  const files = await readSchemaFiles(path, '/');
  const datasource = findDatasource(files);
  const hasUrl = files.some((file) => /^\s*url\s*=/m.test(file.content));
  // The major's own rule: 7 rejects `url` in the schema (P1012), 6 needs one.
  if (major >= 7 && hasUrl) fail('stand-in: a Prisma 7 schema was given a datasource url', 99);
  if (major < 7 && datasource && !/url\s*=\s*env\("PSG_CLI_DATABASE_URL"\)/.test(files.map((f) => f.content).join('\n')))
    fail('stand-in: a Prisma 6 schema needs url = env("PSG_CLI_DATABASE_URL")', 99);
  return normaliseSchema(files).files;
}

function printEngineError(error: unknown): never {
  if (error instanceof EngineError && error.code) fail(`${error.code}\n\n${error.message}\n`);
  fail((error as Error).message);
}

async function migrateDiff(args: string[]): Promise<void> {
  const values = parse(args, major >= 7 ? DIFF_7 : DIFF_6);
  if (major >= 7) {
    const hint = Object.keys(values).map(removedHint).find(Boolean);
    if (hint) fail(`\n${hint}\n`);
  }
  const config = major >= 7 ? readConfig(values['--config'] as string | undefined) : {};
  const shadowUrl = major >= 7 ? config.datasource?.shadowDatabaseUrl : (values['--shadow-database-url'] as string | undefined);
  const databaseUrl = major >= 7 ? config.datasource?.url : ((values['--from-url'] ?? values['--to-url']) as string | undefined);
  let schemaForEngine: Awaited<ReturnType<typeof schemaFiles>> = [];
  const source = async (direction: 'from' | 'to'): Promise<DiffSource> => {
    const get = (name: string) => values[`--${direction}-${name}`];
    if (get('empty')) return { kind: 'empty' };
    if (get('migrations')) {
      if (!shadowUrl) fail('stand-in: --from-migrations without a shadow database URL', 99);
      return { kind: 'migrations', history: await readMigrationHistory(get('migrations') as string) };
    }
    const schemaPath = (major >= 7 ? get('schema') : get('schema-datamodel')) as string | undefined;
    if (schemaPath) {
      schemaForEngine = await schemaFiles(schemaPath);
      return { kind: 'schema', files: schemaForEngine };
    }
    if (major >= 7 ? get('config-datasource') : get('url')) {
      if (major >= 7) schemaForEngine = await schemaFiles(config.schema!);
      return { kind: 'database', files: schemaForEngine };
    }
    return fail(`\n1 \`--${direction}-...\` parameter(s) provided. 1 must be provided.\n`);
  };
  const from = await source('from');
  const to = await source('to');
  if (from.kind === 'database' && to.kind === 'schema') from.files = to.files;
  const url = databaseUrl ?? shadowUrl;
  if (!url) fail('stand-in: no database URL to run the engine against', 99);
  if (/^mysql:/.test(url)) return mysqlDiff(from, to, Boolean(values['--script']), Boolean(values['--exit-code']), shadowUrl);
  if (shadowUrl && (from.kind === 'migrations' || to.kind === 'migrations')) {
    // Prisma resets a shadow database it is given before replaying into it.
    const shadow = await WasmEngine.open({ databaseUrl: shadowUrl, shadowUrl, schema: schemaForEngine });
    await shadow.reset().finally(() => shadow.close());
  }
  const engine = await WasmEngine.open({ databaseUrl: url, shadowUrl: shadowUrl ?? url, schema: schemaForEngine });
  try {
    const diff = await engine.diff(from, to, values['--script'] ? 'script' : 'summary');
    process.stdout.write(diff.text.endsWith('\n') ? diff.text : `${diff.text}\n`);
    await engine.close();
    process.exit(values['--exit-code'] && diff.changed ? 2 : 0);
  } catch (error) {
    await engine.close();
    printEngineError(error);
  }
}

/**
 * MySQL: the WebAssembly engine has no MySQL connector, so the stand-in
 * - replays a history for real (on the server, statement by statement) and reports a failing
 *   migration the way Prisma's native engine does: P3006 around P3018's text ("Database error code",
 *   "query number N");
 * - answers a diff it cannot compute from the test's answers file ($PSG_STAND_IN_ANSWERS, see
 *   `answers.ts`), in the CLI's format: the text on stdout, exit 2 for a difference with --exit-code.
 * The real native engine runs in .github/workflows/mysql.yml.
 */
async function mysqlDiff(
  from: DiffSource,
  to: DiffSource,
  script: boolean,
  exitCode: boolean,
  shadowUrl: string | undefined,
): Promise<void> {
  for (const side of [from, to]) {
    if (side.kind !== 'migrations') continue;
    if (!shadowUrl) fail('stand-in: --from-migrations without a shadow database URL', 99);
    const { failure } = await replayMysqlMigrations(shadowUrl, side.history);
    if (failure) {
      const name = failure.migration.name;
      fail(
        `P3006\n\nMigration \`${name}\` failed to apply cleanly to the shadow database. \nError code: P3018\nError:\nA migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: ${name}\n\nDatabase error code: ${failure.error.errno}\n\nDatabase error:\n${failure.error.message}\n\nPlease check the query number ${failure.queryNumber} from the migration file.\n`,
      );
    }
  }
  const answer = findDiffAnswer(readAnswers(), { from: from.kind, to: to.kind, script });
  if (!answer)
    fail(
      `stand-in: cannot diff MySQL (no MySQL connector in the WebAssembly engine) and $PSG_STAND_IN_ANSWERS has no answer for ${from.kind} -> ${to.kind}${script ? ' --script' : ''}`,
      99,
    );
  const text = answer.changed ? answer.text : script ? '-- This is an empty migration.' : 'No difference detected.';
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  process.exit(exitCode && answer.changed ? 2 : 0);
}

/**
 * MySQL `db push` from the answers file: the warnings and unexecutable steps the native engine
 * would print; when the push goes ahead, the answer's SQL runs on the database (as Prisma would run
 * its script), so a test sees the database change.
 */
async function mysqlPush(url: string, force: boolean): Promise<void> {
  const answer = readAnswers().push;
  if (!answer)
    fail('stand-in: cannot push to MySQL (no MySQL connector in the WebAssembly engine) and $PSG_STAND_IN_ANSWERS has no push answer', 99);
  const result = { warnings: answer.warnings ?? [], unexecutable: answer.unexecutable ?? [], executedSteps: 0 };
  if (result.unexecutable.length === 0 && (force || result.warnings.length === 0) && answer.sql?.trim()) {
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      await connection.query(answer.sql);
    } finally {
      await connection.end();
    }
    result.executedSteps = 1;
  }
  printPush(result, force);
}

async function dbPush(args: string[]): Promise<void> {
  const values = parse(args, major >= 7 ? PUSH_7 : PUSH_6);
  if (major < 7 && !values['--skip-generate']) fail('stand-in: db push without --skip-generate would run generators', 99);
  const config = major >= 7 ? readConfig(values['--config'] as string | undefined) : {};
  const url = major >= 7 ? config.datasource?.url : process.env.PSG_CLI_DATABASE_URL;
  if (!url) fail('stand-in: no database URL for db push', 99);
  const files = await schemaFiles(values['--schema'] as string);
  const force = Boolean(values['--accept-data-loss']);
  if (/^mysql:/.test(url)) return mysqlPush(url, force);
  const engine = await WasmEngine.open({ databaseUrl: url, shadowUrl: url, schema: files });
  try {
    const result = await engine.push(files, { force });
    await engine.close();
    printPush(result, force);
  } catch (error) {
    await engine.close();
    printEngineError(error);
  }
}

/** packages/migrate/src/commands/DbPush.ts: what is printed, in this order. */
function printPush(result: { warnings: string[]; unexecutable: string[]; executedSteps: number }, force: boolean): never {
  if (result.unexecutable.length > 0) {
    fail(
      `\n⚠️ We found changes that cannot be executed:\n\n${result.unexecutable.map((item) => `  • ${item}`).join('\n')}\n\nYou may use the --force-reset flag to drop the database before push like prisma db push --force-reset\nAll data will be lost.\n      `,
    );
  }
  if (result.warnings.length > 0) {
    process.stdout.write('\n⚠️  There might be data loss when applying the changes:\n\n');
    for (const warning of result.warnings) process.stdout.write(`  • ${warning}\n\n`);
    process.stdout.write('\n');
    if (!force) fail('Use the --accept-data-loss flag to ignore the data loss warnings like prisma db push --accept-data-loss');
  }
  if (result.warnings.length === 0 && result.executedSteps === 0)
    process.stdout.write('\nThe database is already in sync with the Prisma schema.\n');
  else process.stdout.write('\n🚀  Your database is now in sync with your Prisma schema. Done in 12ms\n');
  process.exit(0);
}

/** packages/cli/src/__tests__/commands/__snapshots__/Version.test.ts.snap, "basic version (Node-API)". */
function printVersion(): void {
  process.stdout.write(
    [
      `prisma                  : ${version}`,
      `@prisma/client          : ${version}`,
      'Computed binaryTarget   : debian-openssl-3.0.x',
      'Operating System        : linux',
      'Architecture            : x64',
      `Node.js                 : ${process.version}`,
      'Query Engine (Node-API) : libquery-engine 0000000000000000000000000000000000000000 (at node_modules/@prisma/engines/libquery_engine-debian-openssl-3.0.x.so.node)',
      'Schema Engine           : schema-engine-cli 0000000000000000000000000000000000000000 (at node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x)',
      `Schema Wasm             : @prisma/prisma-schema-wasm ${version}-0.0000000000000000000000000000000000000000`,
      'Default Engines Hash    : 0000000000000000000000000000000000000000',
      'Studio                  : 0.511.0',
    ].join('\n') + '\n',
  );
}

async function main(): Promise<void> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') return printVersion();
  if (argv[0] === 'migrate' && argv[1] === 'diff') return migrateDiff(argv.slice(2));
  if (argv[0] === 'db' && argv[1] === 'push') return dbPush(argv.slice(2));
  fail(`stand-in: command not emulated: ${argv.join(' ')}`, 99);
}

main().catch((error) => fail(`stand-in crashed: ${(error as Error).stack}`, 99));
