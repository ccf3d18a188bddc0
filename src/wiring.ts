/**
 * The composition root: the real adapters behind the ports, chosen from the user's options. The CLI
 * and the action both build their ports here, so they behave the same.
 */
import type { CheckPorts, ProviderCheckPorts } from './commands/check.js';
import { dialectOf, type DialectProvider } from './dialect/index.js';
import { assertReachable, measurePostgres } from './database/postgres/measure.js';
import { withSessionLimits } from './database/postgres/connection.js';
import type { SessionLimits } from './lifecycle/time-limit.js';
import { PostgresLiveDatabase } from './database/postgres/live-database.js';
import { connectMysql, parseMysqlUrl, prismaMysqlUrl } from './database/mysql/connection.js';
import { MysqlLiveDatabase } from './database/mysql/live-database.js';
import { SqliteLiveDatabase } from './database/sqlite/live-database.js';
import { looksLikeSqlite } from './database/sqlite/location.js';
import { SqlitePreviewFile, WritingBackEngine } from './database/sqlite/preview-file.js';
import type { DriftPorts } from './commands/drift.js';
import type { PreviewPorts } from './commands/preview.js';
import { mysqlPlanStatements, postgresPlanStatements, sqlitePlanStatements } from './plan/plan-statements.js';
import type { ReviewPorts } from './commands/review.js';
import { resolveEngine, type EngineChoice } from './engine/choose.js';
import type { Engine } from './engine/engine.js';
import type { PrismaVersion } from './engine/cli/version.js';
import type { Provider } from './schema/datasource.js';
import { readSchemaFiles, type SchemaFile } from './schema/files.js';
import { discoverProject, readPrismaConfig } from './schema/discovery.js';
import { configuredShadowUrl } from './schema/shadow-url.js';
import type { ScriptObserver } from './engine/script-observer.js';
import { WasmEngine } from './engine/wasm/wasm-engine.js';
import { BUNDLED_PRISMA_RELEASE, engineCacheDir } from './prisma-version/defaults.js';
import { discoverPrismaPin } from './prisma-version/discover.js';
import { listPrismaReleases, npmRegistry } from './prisma-version/releases.js';
import { selectEngine, type EngineSelection } from './prisma-version/select-engine.js';
import { hasProjectPrisma } from './engine/cli/locate.js';
import { dirname, resolve as resolvePath } from 'node:path';
import { EarlyWasmEngine } from './engine/wasm/early-engine.js';
import { GitCli } from './git/git.js';
import { UsageError } from './util/errors.js';
import { registerSecret } from './util/redact.js';
import { provisionShadowServer, resolveShadowSource } from './shadow/provision.js';
import type { ShadowProvider, ShadowServer } from './shadow/shadow.js';
import { orUndefined } from './util/promises.js';
import { looksLikeUrl } from './util/url.js';

export interface ShadowChoice {
  /** A server URL (the older `shadow-database-url`); the same as `shadowDatabase` with a URL. */
  shadowDatabaseUrl?: string;
  /** How the URL is named in errors. */
  inputName: string;
  /** `shadow-database`: auto (default), a URL, docker[:image], local[:major], embedded[:major]. */
  shadowDatabase?: string;
  /** How `shadow-database` is named in errors (default: Input 'shadow-database'). */
  sourceInputName?: string;
  log: (line: string) => void;
  /** Why the shadow is what it is (see ProvisionOptions.debug). */
  debug?: (line: string) => void;
  /** `engine`: auto (default), wasm or cli; how it is named in errors. */
  engine?: EngineChoice;
  engineInputName?: string;
  /** `--prisma-version` / input `prisma-version`: the Prisma release to judge by (default: discovered). */
  prismaVersion?: string;
  prismaVersionInputName?: string;
}

/**
 * The project's own `shadowDatabaseUrl` (datasource or prisma.config.ts), when no shadow was chosen
 * here: its server hosts the uniquely named shadow database, as a URL given to us would. The
 * database it names is never written (Prisma's `migrate dev` resets it; we only connect to create
 * and drop ours beside it). Said in the log, so a user knows where the shadow lives.
 */
export async function withConfiguredShadow(
  choice: ShadowChoice,
  project: { cwd: string; schema?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<ShadowChoice> {
  let location;
  try {
    location = discoverProject({ cwd: project.cwd, schema: project.schema });
  } catch {
    return choice; // the command reports the missing schema itself, with its own input names
  }
  const files = await orUndefined(readSchemaFiles(location.schema, project.cwd));
  const configured = files && configuredShadowUrl(files, readPrismaConfig(project.cwd)?.file, project.cwd, env);
  if (!configured) return choice;
  if (choice.shadowDatabaseUrl || choice.shadowDatabase) {
    choice.debug?.(
      `shadowDatabaseUrl (${configured.where}) not used: ${choice.shadowDatabaseUrl ? choice.inputName : (choice.sourceInputName ?? "Input 'shadow-database'")} chooses the shadow.`,
    );
    return choice;
  }
  if (!configured.url) {
    choice.log(
      `shadowDatabaseUrl (${configured.where}) names ${configured.variable}, which is not set here: the shadow database comes from the default source.`,
    );
    return choice;
  }
  if (!looksLikeUrl(configured.url)) {
    choice.log(`shadowDatabaseUrl (${configured.where}) is not a server URL: the shadow database comes from the default source.`);
    return choice;
  }
  registerSecret(configured.url);
  choice.log(
    `Shadow server from shadowDatabaseUrl (${configured.where}${configured.variable ? `, ${configured.variable}` : ''}): a uniquely named database is created there and dropped; the database it names is not touched.`,
  );
  return { ...choice, shadowDatabaseUrl: configured.url, inputName: `shadowDatabaseUrl (${configured.where})` };
}

export async function openShadowServer(choice: ShadowChoice, provider: ShadowProvider = 'postgresql'): Promise<ShadowServer> {
  const sourceInputName = choice.sourceInputName ?? "Input 'shadow-database'";
  const source = resolveShadowSource(
    { shadowDatabase: choice.shadowDatabase, shadowDatabaseUrl: choice.shadowDatabaseUrl },
    { shadowDatabase: sourceInputName, shadowDatabaseUrl: choice.inputName },
  );
  const urlInputName = choice.shadowDatabaseUrl ? choice.inputName : sourceInputName;
  return provisionShadowServer({ source, provider, log: choice.log, debug: choice.debug, urlInputName });
}

/** `cwd`: where git runs, for the history guard (the project's working directory). */
export function checkPorts(choice: ShadowChoice, cwd = process.cwd()): CheckPorts {
  return {
    git: new GitCli(cwd),
    // The schema's provider → its dialect → the adapters the wiring gives that dialect.
    forProvider: (provider) => {
      const dialect = dialectOf(provider);
      return dialect && CHECK_WIRING[dialect.provider](choice, cwd);
    },
  };
}

/** The in-process engine's verdict on a schema alone (the project's own CLI, engine: cli, validates with its own Prisma during its diff). */
function validateWithEngine(choice: Pick<ShadowChoice, 'engine' | 'engineInputName'>, provider: Provider = 'postgresql') {
  return async (schema: SchemaFile[], selection?: EngineSelection) => {
    if ((selection?.kind ?? resolveEngine(choice.engine ?? 'auto', provider, choice.engineInputName)) !== 'wasm') return undefined;
    return (await import('./engine/wasm/offline-validation.js')).validateSchemaOffline(schema, selection?.build);
  };
}

/**
 * What `check` gets on each provider: the shadow server (PostgreSQL's and MySQL's from the
 * `shadow-database` source; SQLite's in memory), the engine over it, and the Prisma release that judges.
 */
const CHECK_WIRING: Readonly<Record<DialectProvider, (choice: ShadowChoice, cwd: string) => ProviderCheckPorts>> = {
  postgresql: (choice, cwd) => ({
    openShadowServer: () => openShadowServer(choice),
    openEngine: (input) => {
      // The in-process engine starts on the server's read-only `home` while the shadow is created
      // (`EarlyWasmEngine`); the Prisma CLI takes the shadow's URL on its command line.
      const kind = input.selection?.kind ?? resolveEngine(choice.engine ?? 'auto', 'postgresql', choice.engineInputName);
      if (input.home && kind === 'wasm') {
        const { shadow, home, schema, observer, selection } = input;
        return EarlyWasmEngine.open({
          homeUrl: home,
          shadowUrl: shadow.then((database) => database.url),
          schema,
          observer,
          build: selection?.build,
        });
      }
      return openCheckEngine('postgresql', choice, cwd, input);
    },
    selectEngine: (input) => engineSelection(choice, 'postgresql', input.schema, cwd),
    validateSchema: validateWithEngine(choice),
  }),
  mysql: (choice, cwd) => ({
    openShadowServer: () => openMysqlShadowServer(choice),
    openEngine: (input) => openCheckEngine('mysql', choice, cwd, input),
    selectEngine: (input) => engineSelection(choice, 'mysql', input.schema, cwd),
  }),
  // SQLite needs no server: the shadow is an in-memory database inside the engine's adapter.
  sqlite: (choice, cwd) => ({
    openShadowServer: async () => new (await import('./database/sqlite/memory-shadow.js')).MemorySqliteShadow(),
    openEngine: (input) => openCheckEngine('sqlite', choice, cwd, input),
    selectEngine: (input) => engineSelection(choice, 'sqlite', input.schema, cwd),
    validateSchema: validateWithEngine(choice, 'sqlite'),
  }),
};

/** `check`'s engine on the shadow once it exists. */
async function openCheckEngine(
  provider: DialectProvider,
  choice: ShadowChoice,
  cwd: string,
  input: Parameters<ProviderCheckPorts['openEngine']>[0],
): Promise<Engine> {
  const { shadow, schema, observer, selection } = input;
  const database = await shadow;
  return openEngine(provider, choice, cwd, { databaseUrl: database.url, shadowUrl: database.url, schema, observer, selection });
}

/**
 * A MySQL shadow server; given by URL, it falls back to the URL's own (empty) database, used whole,
 * when the user may not create databases (PlanetScale).
 */
async function openMysqlShadowServer(choice: ShadowChoice): Promise<ShadowServer> {
  const server = await openShadowServer(choice, 'mysql');
  const url =
    choice.shadowDatabaseUrl ?? (choice.shadowDatabase && parseMysqlUrl(choice.shadowDatabase) ? choice.shadowDatabase : undefined);
  if (!url) return server;
  const { withWholeDatabaseFallback } = await import('./database/mysql/whole-database.js');
  return withWholeDatabaseFallback(
    server,
    url,
    choice.shadowDatabaseUrl ? choice.inputName : (choice.sourceInputName ?? "Input 'shadow-database'"),
    choice.log,
  );
}

/** The engine for a provider and the `engine` input: in-process (wasm) or the project's own Prisma CLI. */
// Code only some runs need (MySQL, SQLite, the Prisma CLI, live databases) is imported when used:
// every check pays for what it loads at start-up.
export async function openEngine(
  provider: Provider,
  choice: Pick<ShadowChoice, 'engine' | 'engineInputName' | 'log'>,
  cwd: string,
  input: EngineInput,
): Promise<Engine> {
  const engine = input.selection?.kind ?? resolveEngine(choice.engine ?? 'auto', provider, choice.engineInputName);
  if (engine === 'cli')
    return (await import('./engine/cli/cli-engine.js')).CliEngine.open({
      cwd,
      ...input,
      log: choice.log,
      versions: prismaVersions(choice),
    });
  // The in-process engine always wants a shadow; callers that replay nothing give it a read-only one.
  if (!input.shadowUrl) throw new Error('The in-process engine needs a shadow database URL.');
  return openWasmEngine(provider, { ...input, shadowUrl: input.shadowUrl });
}

/** One run's answers of `prisma --version` (a run is one choice object: one command). */
const VERSIONS = new WeakMap<object, Map<string, Promise<PrismaVersion>>>();

function prismaVersions(choice: object): Map<string, Promise<PrismaVersion>> {
  let versions = VERSIONS.get(choice);
  if (!versions) VERSIONS.set(choice, (versions = new Map()));
  return versions;
}

/**
 * What an engine is opened on. Without `shadowUrl` only diffs that replay no history can run: the
 * live database of `drift` is never handed over as a shadow (Prisma empties a shadow before a replay).
 */
interface EngineInput {
  databaseUrl: string;
  shadowUrl?: string;
  schema: SchemaFile[];
  observer: ScriptObserver;
  /** The Prisma release and engine build chosen for the project (default: the bundled engine). */
  selection?: EngineSelection;
}

async function openWasmEngine(provider: Provider, input: EngineInput & { shadowUrl: string }): Promise<Engine> {
  const build = input.selection?.build;
  if (provider === 'sqlite') {
    const { SqlJsAdapterFactory } = await import('./database/sqlite/adapter.js');
    return WasmEngine.open({ ...input, build, adapterFactory: new SqlJsAdapterFactory(input.observer) });
  }
  return WasmEngine.open({ ...input, build });
}

/** The Prisma release the project pins (flag, installed, package.json) and the engine that judges it. */
export async function engineSelection(
  choice: Pick<ShadowChoice, 'engine' | 'engineInputName' | 'prismaVersion' | 'prismaVersionInputName'>,
  provider: Provider,
  schemaPath: string,
  cwd: string,
): Promise<EngineSelection> {
  const engine = resolveEngine(choice.engine ?? 'auto', provider, choice.engineInputName);
  const cacheDir = engineCacheDir();
  const pin = await discoverPrismaPin({
    flag: choice.prismaVersion,
    flagName: choice.prismaVersionInputName,
    from: dirname(resolvePath(cwd, schemaPath)),
    cwd,
    bundled: BUNDLED_PRISMA_RELEASE,
    releases: () => listPrismaReleases({ cacheDir }),
  });
  return selectEngine(pin, {
    engine,
    // SQLite's shadow lives in this process: the project's CLI cannot replace the in-process engine there.
    auto: (choice.engine ?? 'auto') === 'auto' && provider !== 'sqlite',
    projectCliInstalled: () => hasProjectPrisma(cwd),
    fetchBuild: async (version) => {
      const { fetchEngineBuild } = await import('./engine/wasm/fetch-build.js');
      return fetchEngineBuild(version, { cacheDir, registry: npmRegistry() });
    },
  });
}

/**
 * `drift`: the live database behind read-only sessions (its URL is never a shadow); the engine's
 * own database is the live one, migrations replay into databases on the shadow server.
 */
export function driftPorts(
  live: { databaseUrl: string; inputName: string; cwd?: string; limits?: SessionLimits },
  choice: ShadowChoice,
): DriftPorts {
  // A SQLite file (`file:./dev.db`, `./dev.db`) is read into memory; remote SQLite URLs are refused here.
  if (looksLikeSqlite(live.databaseUrl))
    return sqliteDriftPorts(
      new SqliteLiveDatabase(live.databaseUrl, live.inputName, live.cwd ?? process.cwd()),
      choice,
      live.cwd ?? process.cwd(),
    );
  if (parseMysqlUrl(live.databaseUrl))
    return mysqlDriftPorts(new MysqlLiveDatabase(live.databaseUrl, live.inputName, live.limits), choice, live.cwd ?? process.cwd());
  const cwd = live.cwd ?? process.cwd();
  const database = new PostgresLiveDatabase(live.databaseUrl, live.inputName, live.limits);
  if (choice.engine === 'cli')
    choice.log(
      'drift on PostgreSQL runs the in-process engine: its sessions on the live database are read-only (default_transaction_read_only), which the Prisma CLI cannot promise.',
    );
  return {
    live: database,
    openShadowServer: () => openShadowServer(choice),
    // Without a shadow the engine only compares the live database with the schema or nothing; it
    // still needs a shadow URL, and gets the live one behind the same read-only session.
    openEngine: ({ shadowUrl, schema, observer, selection }) =>
      WasmEngine.open({
        databaseUrl: database.engineUrl,
        shadowUrl: shadowUrl ?? database.engineUrl,
        schema,
        observer,
        build: selection?.build,
      }),
    // Always in-process here (see above), whatever the pinned release: its own build, or the nearest with notices.
    selectEngine: (input) => engineSelection({ ...choice, engine: 'wasm' }, input.provider, input.schema, cwd),
    validateSchema: validateWithEngine(choice),
  };
}

/**
 * `drift` on MySQL/MariaDB: Prisma's own CLI (no MySQL connector in the in-process engine) reads the
 * live database with `migrate diff` (introspection only) and replays the history on the shadow server.
 */
function mysqlDriftPorts(database: MysqlLiveDatabase, choice: ShadowChoice, cwd: string): DriftPorts {
  return {
    live: database,
    openShadowServer: () => openMysqlShadowServer(choice),
    // The Prisma CLI takes the shadow's URL on its command line: it starts once the shadow exists.
    openEngine: async ({ shadowUrl, schema, observer, selection }) =>
      openEngine('mysql', choice, cwd, {
        databaseUrl: prismaMysqlUrl(database.url),
        shadowUrl: await shadowUrl,
        schema,
        observer,
        selection,
      }),
    selectEngine: (input) => engineSelection(choice, 'mysql', input.schema, cwd),
  };
}

/**
 * `drift` on a SQLite file: every engine gets its own in-memory copy of the file's bytes as its
 * database (never written back) and an empty in-memory shadow; the "shadow server" is memory.
 */
function sqliteDriftPorts(database: SqliteLiveDatabase, choice: ShadowChoice, cwd: string): DriftPorts {
  return {
    live: database,
    openShadowServer: async () => new (await import('./database/sqlite/memory-shadow.js')).MemorySqliteShadow(),
    openEngine: async ({ schema, observer, selection }) => {
      const { SqlJsAdapterFactory } = await import('./database/sqlite/adapter.js');
      const { MEMORY_URL } = await import('./database/sqlite/memory-shadow.js');
      const adapterFactory = new SqlJsAdapterFactory(observer, { main: await database.bytes() });
      return WasmEngine.open({ databaseUrl: MEMORY_URL, shadowUrl: MEMORY_URL, schema, observer, adapterFactory, build: selection?.build });
    },
    selectEngine: (input) => engineSelection(choice, 'sqlite', input.schema, cwd),
    validateSchema: validateWithEngine(choice, 'sqlite'),
  };
}

/** How `preview` picks its engine: the `engine` input (auto, wasm, cli), and where the project's own Prisma is. */
export interface PreviewEngineChoice extends Pick<ShadowChoice, 'engine' | 'engineInputName' | 'prismaVersion' | 'prismaVersionInputName'> {
  /** The project's folder (`node_modules/.bin/prisma` for the cli engine). */
  cwd?: string;
  log?: (line: string) => void;
  /** statement_timeout / lock_timeout for every session on the preview database. */
  limits?: SessionLimits;
}

/**
 * `preview`: the engine's own database and the read-only counts are both the preview database.
 * PostgreSQL runs the in-process engine unless `engine: cli`; MySQL/MariaDB (`mysql://`,
 * `mariadb://`) always the project's own Prisma CLI (the in-process engine has no MySQL connector).
 */
export function previewPorts(databaseUrl: string, inputName: string, choice: PreviewEngineChoice = {}): PreviewPorts {
  const engineChoice = { engine: choice.engine, engineInputName: choice.engineInputName, log: choice.log ?? (() => undefined) };
  const cwd = choice.cwd ?? process.cwd();
  if (parseMysqlUrl(databaseUrl))
    return mysqlPreviewPorts(
      databaseUrl,
      inputName,
      { ...engineChoice, prismaVersion: choice.prismaVersion, prismaVersionInputName: choice.prismaVersionInputName },
      cwd,
    );
  // Every session on the preview database (the engine's `db push`, the counts) gives up on a lock or a statement past the limits.
  const limited = withSessionLimits(databaseUrl, choice.limits);
  return {
    provider: 'postgresql',
    planStatements: postgresPlanStatements,
    openEngine: async (schema, selection) => {
      const engine = selection?.kind ?? resolveEngine(choice.engine ?? 'auto', 'postgresql', choice.engineInputName);
      await assertReachable(limited, inputName);
      // `db push` never replays migrations: the in-process engine's shadow can be the preview database itself.
      if (engine === 'wasm') return WasmEngine.open({ databaseUrl: limited, shadowUrl: limited, schema, build: selection?.build });
      // The project's own Prisma reads the URL itself: it gets it as given (its parser knows no `options`).
      return openEngine('postgresql', engineChoice, cwd, { databaseUrl, schema, observer: NO_OBSERVER, selection });
    },
    selectEngine: (input) => engineSelection(choice, 'postgresql', input.schema, cwd),
    validateSchema: validateWithEngine(choice),
    measure: (measurements) => measurePostgres(limited, measurements),
  };
}

/** Nothing to observe: `db push` and a database-to-schema diff replay no migration. */
const NO_OBSERVER = { onScriptFailure: () => undefined };

/**
 * `preview` on MySQL/MariaDB: `migrate diff` from the database and `db push` through the project's
 * Prisma CLI (no shadow: nothing is replayed), counts and the current columns read by this process in
 * read-only transactions. The URL must name the preview database.
 */
function mysqlPreviewPorts(
  databaseUrl: string,
  inputName: string,
  choice: Pick<ShadowChoice, 'engine' | 'engineInputName' | 'log' | 'prismaVersion' | 'prismaVersionInputName'>,
  cwd: string,
): PreviewPorts {
  const database = decodeURIComponent(parseMysqlUrl(databaseUrl)!.pathname.slice(1));
  if (!database) {
    throw new UsageError(
      `${inputName}: the MySQL URL names no database; preview pushes the schema to one database.`,
      'Name it in the URL path: mysql://user:password@host:3306/preview_db.',
    );
  }
  const url = prismaMysqlUrl(databaseUrl);
  return {
    provider: 'mysql',
    openEngine: async (schema, selection) => {
      resolveEngine(choice.engine ?? 'auto', 'mysql', choice.engineInputName);
      // An unreachable server or a refused user is named by its input before Prisma starts.
      await orUndefined((await connectMysql(url, inputName)).end());
      return openEngine('mysql', choice, cwd, { databaseUrl: url, schema, observer: NO_OBSERVER, selection });
    },
    selectEngine: (input) => engineSelection(choice, 'mysql', input.schema, cwd),
    measure: async (measurements) => (await import('./database/mysql/measure.js')).measureMysql(url, measurements, inputName),
    planStatements: (script) =>
      mysqlPlanStatements(script, async (columns) =>
        (await import('./database/mysql/measure.js')).currentMysqlColumns(url, columns, inputName),
      ),
  };
}

/**
 * `preview` on a SQLite file: the engine pushes into an in-memory copy, written back to the file
 * (atomically) only after a push executed steps.
 */
export function sqlitePreviewPorts(
  file: SqlitePreviewFile,
  choice: Pick<PreviewEngineChoice, 'prismaVersion' | 'prismaVersionInputName' | 'cwd'> = {},
): PreviewPorts {
  return {
    provider: 'sqlite',
    planStatements: sqlitePlanStatements,
    openEngine: async (schema, selection) => {
      const { SqlJsAdapterFactory } = await import('./database/sqlite/adapter.js');
      const { MEMORY_URL } = await import('./database/sqlite/memory-shadow.js');
      const adapterFactory = new SqlJsAdapterFactory(undefined, { main: await file.bytes() });
      const engine = await WasmEngine.open({
        databaseUrl: MEMORY_URL,
        shadowUrl: MEMORY_URL,
        schema,
        adapterFactory,
        build: selection?.build,
      });
      return new WritingBackEngine(engine, adapterFactory, file);
    },
    selectEngine: (input) => engineSelection({ ...choice, engine: 'wasm' }, 'sqlite', input.schema, choice.cwd ?? process.cwd()),
    validateSchema: validateWithEngine({ engine: 'wasm' }, 'sqlite'),
    // Nothing to count: a SQLite plan rests on Prisma's own warnings (see `preview`).
    measure: async () => new Map(),
  };
}

/** `review`: the repository; with a read-only `database-url`, the counts that make findings data-aware. */
export function reviewPorts(cwd: string, database?: { databaseUrl: string; inputName: string }): ReviewPorts {
  return {
    git: new GitCli(cwd),
    measure: database
      ? async (measurements) => {
          // MySQL/MariaDB: counted by mysql2 in a read-only transaction, like PostgreSQL's.
          if (parseMysqlUrl(database.databaseUrl))
            return (await import('./database/mysql/measure.js')).measureMysql(database.databaseUrl, measurements, database.inputName);
          await assertReachable(database.databaseUrl, database.inputName);
          return measurePostgres(database.databaseUrl, measurements);
        }
      : undefined,
  };
}
