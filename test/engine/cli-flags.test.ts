import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { adaptSchema } from '../../src/engine/cli/cli-engine.js';
import { diffArgs, prisma7Config, pushArgs, resetArgs } from '../../src/engine/cli/flags.js';
import { findProjectPrisma } from '../../src/engine/cli/locate.js';
import { parseCliError, parseMigrationFailure, parsePushOutput } from '../../src/engine/cli/output.js';
import { parsePrismaVersion } from '../../src/engine/cli/version.js';
import { UsageError } from '../../src/util/errors.js';

const six = { major: 6, schemaPath: '/t/schema.prisma', databaseUrl: 'mysql://u:p@h/db', shadowUrl: 'mysql://u:p@h/shadow' };
const seven = { ...six, major: 7, configPath: '/t/prisma.config.ts' };

test('Prisma 5/6: migrations → datamodel with the shadow URL as a flag', () => {
  assert.deepEqual(diffArgs(six, { kind: 'migrations', dir: '/t/m' }, { kind: 'schema', path: '/t/schema.prisma' }, 'script'), [
    'migrate',
    'diff',
    '--from-migrations',
    '/t/m',
    '--to-schema-datamodel',
    '/t/schema.prisma',
    '--shadow-database-url',
    'mysql://u:p@h/shadow',
    '--script',
    '--exit-code',
  ]);
  assert.deepEqual(diffArgs(six, { kind: 'database' }, { kind: 'schema', path: '/t/s' }, 'summary'), [
    'migrate',
    'diff',
    '--from-url',
    'mysql://u:p@h/db',
    '--to-schema-datamodel',
    '/t/s',
    '--exit-code',
  ]);
  assert.deepEqual(diffArgs({ ...six, major: 5 }, { kind: 'empty' }, { kind: 'schema', path: '/t/s' }, 'script'), [
    'migrate',
    'diff',
    '--from-empty',
    '--to-schema-datamodel',
    '/t/s',
    '--script',
    '--exit-code',
  ]);
  assert.deepEqual(pushArgs(six, false), ['db', 'push', '--schema', '/t/schema.prisma', '--skip-generate']);
  assert.deepEqual(resetArgs(six), ['migrate', 'reset', '--force', '--schema', '/t/schema.prisma', '--skip-generate', '--skip-seed']);
});

test('Prisma 7: renamed flags, no URL on the command line, the temporary config instead', () => {
  const args = diffArgs(seven, { kind: 'migrations', dir: '/t/m' }, { kind: 'schema', path: '/t/schema.prisma' }, 'script');
  assert.deepEqual(args, [
    'migrate',
    'diff',
    '--from-migrations',
    '/t/m',
    '--to-schema',
    '/t/schema.prisma',
    '--script',
    '--exit-code',
    '--config',
    '/t/prisma.config.ts',
  ]);
  assert.ok(!args.join(' ').includes('mysql://'), 'no URL in argv');
  assert.deepEqual(diffArgs(seven, { kind: 'database' }, { kind: 'schema', path: '/t/s' }, 'summary'), [
    'migrate',
    'diff',
    '--from-config-datasource',
    '--to-schema',
    '/t/s',
    '--exit-code',
    '--config',
    '/t/prisma.config.ts',
  ]);
  assert.deepEqual(pushArgs(seven, true), [
    'db',
    'push',
    '--schema',
    '/t/schema.prisma',
    '--accept-data-loss',
    '--config',
    '/t/prisma.config.ts',
  ]);
  const config = prisma7Config({
    schemaPath: '/t/schema.prisma',
    migrationsDir: '/t/m',
    databaseUrl: 'mysql://u:p@h/db',
    shadowUrl: 'mysql://u:p@h/shadow',
  });
  assert.match(config, /^\/\/ Written by prisma-schema-guard/);
  assert.deepEqual(JSON.parse(/export default ([\s\S]*);/.exec(config)![1]!), {
    schema: '/t/schema.prisma',
    migrations: { path: '/t/m' },
    datasource: { url: 'mysql://u:p@h/db', shadowDatabaseUrl: 'mysql://u:p@h/shadow' },
  });
});

test("the schema in the major's syntax: 7 has no url, 6 points url at our variable, lines kept", () => {
  const files = [
    {
      path: 'prisma/schema.prisma',
      content: 'datasource db {\n  provider = "mysql"\n  url      = env("DATABASE_URL")\n}\nmodel A {\n  id Int @id\n}\n',
    },
  ];
  const [seven7] = adaptSchema(files, 7);
  assert.doesNotMatch(seven7!.content, /url/);
  assert.equal(seven7!.content.split('\n').length, files[0]!.content.split('\n').length);
  const [six6] = adaptSchema(files, 6);
  assert.equal(six6!.content.split('\n')[2], '  url = env("PSG_CLI_DATABASE_URL")');
  const without = adaptSchema([{ path: 's.prisma', content: 'datasource db {\n  provider = "mysql"\n}\n' }], 6);
  assert.match(without[0]!.content, /provider = "mysql"\n {2}url = env\("PSG_CLI_DATABASE_URL"\)\n\}/);
});

test('prisma --version: the major from the version table', () => {
  // packages/cli/src/__tests__/commands/__snapshots__/Version.test.ts.snap, with 0.0.0 as 6.19.0.
  const output =
    'Environment variables loaded from .env\nprisma                  : 6.19.0\n@prisma/client          : 6.19.0\nComputed binaryTarget   : debian-openssl-3.0.x\n';
  assert.deepEqual(parsePrismaVersion(output), { version: '6.19.0', major: 6 });
  assert.deepEqual(parsePrismaVersion('prisma                : 7.10.1\n'), { version: '7.10.1', major: 7 });
  assert.equal(parsePrismaVersion('@prisma/client : 6.1.0'), undefined);
});

test('a missing prisma is a UsageError that says to install the dependencies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'psg_noprisma_'));
  try {
    assert.throws(
      () => findProjectPrisma(dir),
      (error: unknown) =>
        error instanceof UsageError &&
        /no node_modules\/\.bin\/prisma/.test(error.message) &&
        /Install the project's dependencies before this step/.test(error.fix ?? ''),
    );
    const nested = join(dir, 'packages', 'db');
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.bin', 'prisma'), '');
    assert.equal(findProjectPrisma(nested), join(dir, 'node_modules', '.bin', 'prisma'), 'a hoisted install in a monorepo is found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('errors: the code and message the CLI printed after "Error: "', () => {
  // MigrateDiff.test.ts: the error message is "<code>\n\n<message>\n"; bin.ts prints "Error: " + message.
  assert.deepEqual(parseCliError('Error: P1003\n\nDatabase `doesnotexists.db` does not exist\n\n'), {
    code: 'P1003',
    message: 'Database `doesnotexists.db` does not exist',
  });
  assert.deepEqual(
    parseCliError('\u001b[1m\u001b[31mError: \u001b[39m\u001b[22mCould not determine the connector to use for diffing.\n\n'),
    { message: 'Could not determine the connector to use for diffing.' },
  );
  const p3006 = parseCliError(
    "Error: P3006\n\nMigration `20240102000000_add_tags` failed to apply cleanly to the shadow database. \nError code: P3018\nError:\nA migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: 20240102000000_add_tags\n\nDatabase error code: 1146\n\nDatabase error:\nTable 'shadow.Post' doesn't exist\n\nPlease check the query number 2 from the migration file.\n\n",
  );
  assert.equal(p3006.code, 'P3006');
  assert.deepEqual(parseMigrationFailure(p3006.message), {
    migration: '20240102000000_add_tags',
    databaseCode: '1146',
    databaseMessage: "Table 'shadow.Post' doesn't exist",
    queryNumber: 2,
  });
});

test('db push: warnings and unexecutable steps in the same fields as the in-process engine', () => {
  // DbPush.test.ts / DbPush.ts: the warning block on stdout, then the --accept-data-loss error.
  const stdout =
    '\n⚠️  There might be data loss when applying the changes:\n\n  • You are about to drop the `Blog` table, which is not empty (1 rows).\n\n\n';
  const stderr = 'Error: Use the --accept-data-loss flag to ignore the data loss warnings like prisma db push --accept-data-loss\n';
  assert.deepEqual(parsePushOutput(stdout, stderr, 1), {
    executedSteps: 0,
    warnings: ['You are about to drop the `Blog` table, which is not empty (1 rows).'],
    unexecutable: [],
  });
  const unexecutable =
    'Error: \n⚠️ We found changes that cannot be executed:\n\n  • Made the column `fullname` on table `Blog` required, but there are 1 existing NULL values.\n\nYou may use the --force-reset flag to drop the database before push like prisma db push --force-reset\nAll data will be lost.\n';
  assert.deepEqual(parsePushOutput('\n', unexecutable, 1), {
    executedSteps: 0,
    warnings: [],
    unexecutable: ['Made the column `fullname` on table `Blog` required, but there are 1 existing NULL values.'],
  });
  assert.deepEqual(parsePushOutput('\nThe database is already in sync with the Prisma schema.\n', '', 0), {
    executedSteps: 0,
    warnings: [],
    unexecutable: [],
  });
  assert.deepEqual(parsePushOutput('\n🚀  Your database is now in sync with your Prisma schema. Done in 12ms\n', '', 0), {
    executedSteps: 1,
    warnings: [],
    unexecutable: [],
  });
  assert.deepEqual(parsePushOutput('', "Error: P1001\n\nCan't reach database server at `h:3306`\n", 1), {
    code: 'P1001',
    message: "Can't reach database server at `h:3306`",
  });
});
