/**
 * One scenario table, three engines on PostgreSQL: the in-process engine (wasm), and the `cli`
 * engine with the stand-in playing Prisma 6 and Prisma 7 (test/engine/stand-in/). Same verdicts;
 * and for the cli engine, the exact command lines each major receives.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { check, type CheckPorts, type ProviderCheckPorts } from '../../src/commands/check.js';
import { CliEngine } from '../../src/engine/cli/cli-engine.js';
import { EarlyWasmEngine } from '../../src/engine/wasm/early-engine.js';
import { UrlShadowServer } from '../../src/shadow/server-url.js';
import { repoRoot } from '../support/paths.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { installStandIn, type StandInProject } from './stand-in/install.js';

const fixture = (name: string) => (name === 'blog' ? join(repoRoot, 'examples', 'blog') : join(repoRoot, 'test', 'fixtures', name));

const SCENARIOS = [
  { name: 'in sync', fixture: 'blog', verdict: 'in-sync', migrations: 1 },
  { name: 'missing migration', fixture: 'blog-missing-migration', verdict: 'missing-migration', migrations: 1 },
  { name: 'failing migration', fixture: 'sql-error', verdict: 'migration-failed', migrations: 1 },
] as const;

type Variant = { label: string; engine: 'wasm' | 'cli'; major?: 6 | 7 };
const VARIANTS: Variant[] = [
  { label: 'wasm', engine: 'wasm' },
  { label: 'cli (Prisma 6 stand-in)', engine: 'cli', major: 6 },
  { label: 'cli (Prisma 7 stand-in)', engine: 'cli', major: 7 },
];

let standIn: StandInProject;
const cliFolders = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('psg_cli_')));
let foldersBefore: Set<string>;
beforeAll(() => {
  standIn = installStandIn();
  foldersBefore = cliFolders();
});
afterAll(async () => {
  standIn.remove();
  assert.deepEqual(
    [...cliFolders()].filter((name) => !foldersBefore.has(name)),
    [],
    'every temporary schema/config folder is removed',
  );
  assert.deepEqual(await leftoverShadowDatabases(), [], 'no shadow database is left behind');
});

async function ports(variant: Variant): Promise<CheckPorts> {
  const url = await testPostgresUrl();
  const postgresql: ProviderCheckPorts = {
    openShadowServer: async () => new UrlShadowServer(url, '--shadow-database-url'),
    openEngine: async ({ shadow, home, schema, observer }) => {
      // As the wiring does: the in-process engine starts on the server while the shadow is created.
      if (variant.engine === 'wasm')
        return EarlyWasmEngine.open({ homeUrl: home!, shadowUrl: shadow.then((database) => database.url), schema, observer });
      const { url } = await shadow;
      return CliEngine.open({ databaseUrl: url, shadowUrl: url, schema, observer, cwd: standIn.dir, prisma: standIn.prisma });
    },
  };
  return { forProvider: (provider) => (provider === 'postgresql' ? postgresql : undefined) };
}

function runWith<T>(variant: Variant, work: () => Promise<T>): Promise<T> {
  process.env.PSG_STAND_IN_MAJOR = String(variant.major ?? 6);
  process.env.PSG_STAND_IN_LOG = standIn.log;
  rmSync(standIn.log, { force: true });
  return work().finally(() => {
    delete process.env.PSG_STAND_IN_MAJOR;
    delete process.env.PSG_STAND_IN_LOG;
  });
}

/** The argv lines the stand-in received, with the temporary folder and the shadow URL named. */
function loggedArgv(shadowPrefix: string): string[][] {
  return readFileSync(standIn.log, 'utf8')
    .trim()
    .split('\n')
    .map((line) =>
      (JSON.parse(line) as string[]).map((arg) =>
        arg.replace(/^.*\/psg_cli_[^/]+\/call-\d+/, '<tmp>').replace(new RegExp(`^${shadowPrefix}psg_shadow_\\w+$`), '<shadow>'),
      ),
    );
}

for (const variant of VARIANTS) {
  describe(`check on PostgreSQL, engine ${variant.label}`, () => {
    for (const scenario of SCENARIOS) {
      test(scenario.name, () =>
        runWith(variant, async () => {
          const result = await check({ cwd: fixture(scenario.fixture) }, await ports(variant));
          assert.equal(result.verdict, scenario.verdict, JSON.stringify(result.findings));
          assert.equal(result.engine, variant.engine);
          assert.equal(result.migrations, scenario.migrations);
          if (scenario.verdict === 'missing-migration') {
            assert.match(result.findings[0]!.message, /\[\*\] Changed the `Post` table\n\s+\[\+\] Added column `description`/);
            assert.match(result.findings[0]!.sql!, /ALTER TABLE "Post" ADD COLUMN\s+"description" TEXT NOT NULL;/);
          }
          if (scenario.verdict === 'migration-failed') {
            const [finding] = result.findings;
            assert.equal(finding!.migration, '20240102000000_add_tags');
            assert.equal(finding!.file, 'prisma/migrations/20240102000000_add_tags/migration.sql');
            // The database's words: from the adapter in-process; through the CLI, whatever Prisma printed.
            if (variant.engine === 'wasm')
              assert.match(finding!.message, /column "postId" referenced in foreign key constraint does not exist/);
            else assert.match(finding!.message, /postId/);
          }
        }),
      );
    }

    if (variant.engine === 'cli') {
      test('the exact command lines', () =>
        runWith(variant, async () => {
          const result = await check({ cwd: fixture('blog-missing-migration') }, await ports(variant));
          assert.equal(result.verdict, 'missing-migration');
          const base = new URL(await testPostgresUrl());
          base.pathname = '/';
          const argv = loggedArgv(base.toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
          assert.deepEqual(argv[0], ['--version']);
          if (variant.major === 6) {
            assert.deepEqual(argv[1], [
              'migrate',
              'diff',
              '--from-migrations',
              '<tmp>/migrations',
              '--to-schema-datamodel',
              '<tmp>/schema/schema.prisma',
              '--shadow-database-url',
              '<shadow>',
              '--script',
              '--exit-code',
            ]);
            assert.deepEqual(argv[2], [
              'migrate',
              'diff',
              '--from-migrations',
              '<tmp>/migrations',
              '--to-schema-datamodel',
              '<tmp>/schema/schema.prisma',
              '--shadow-database-url',
              '<shadow>',
              '--exit-code',
            ]);
          } else {
            assert.deepEqual(argv[1], [
              'migrate',
              'diff',
              '--from-migrations',
              '<tmp>/migrations',
              '--to-schema',
              '<tmp>/schema/schema.prisma',
              '--script',
              '--exit-code',
              '--config',
              '<tmp>/prisma.config.ts',
            ]);
            assert.deepEqual(argv[2], [
              'migrate',
              'diff',
              '--from-migrations',
              '<tmp>/migrations',
              '--to-schema',
              '<tmp>/schema/schema.prisma',
              '--exit-code',
              '--config',
              '<tmp>/prisma.config.ts',
            ]);
            assert.ok(!JSON.stringify(argv).includes('postgresql://'), 'Prisma 7 gets no URL on its command line');
          }
          assert.equal(argv.length, 3);
        }));

      test("db push through the CLI: Prisma's warnings in the fields the data-loss plan reads", () =>
        runWith(variant, async () => {
          const server = new UrlShadowServer(await testPostgresUrl(), '--shadow-database-url');
          const database = await server.createDatabase();
          const schema = (body: string) => [{ path: 'schema.prisma', content: `datasource db {\n  provider = "postgresql"\n}\n${body}` }];
          const engine = await CliEngine.open({
            cwd: standIn.dir,
            prisma: standIn.prisma,
            databaseUrl: database.url,
            shadowUrl: database.url,
            schema: schema(''),
          });
          try {
            assert.equal(engine.version.major, variant.major);
            const created = await engine.push(schema('model User {\n  id  Int    @id\n  bio String?\n}\n'), { force: false });
            assert.deepEqual(created, { executedSteps: 1, warnings: [], unexecutable: [] });
            const pg = await import('pg');
            const client = new pg.default.Client({ connectionString: database.url });
            await client.connect();
            await client.query(`INSERT INTO "User" (id, bio) VALUES (1, 'a'), (2, 'b')`);
            await client.end();
            const blocked = await engine.push(schema('model User {\n  id Int @id\n}\n'), { force: false });
            assert.deepEqual(blocked, {
              executedSteps: 0,
              warnings: ['You are about to drop the column `bio` on the `User` table, which still contains 2 non-null values.'],
              unexecutable: [],
            });
          } finally {
            await engine.close();
            await server.dropDatabase(database);
          }
        }));
    }
  });
}
