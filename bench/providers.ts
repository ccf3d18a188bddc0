/**
 * `npm run bench:providers` (issue #8): in one run, the check's wall time per provider and engine
 * on the same synthetic history (100 migrations: evolution.ts rendered in each provider's SQL),
 * beside the replay floor of that database (its own client applying the same SQL in one session,
 * floors.ts), and their ratio. Every check must report "in-sync" with every migration; anything else
 * fails the bench (exit 1). A row that cannot be measured here prints why instead of figures.
 *
 *   npm run bench:providers -- [--runs 3] [--migrations 100] [--cli dist|bundle|build]
 *     [--prisma <path to a prisma executable>] [--providers postgresql,mysql,sqlite] [--mysql-sql auto|prisma|translation]
 *
 *   PostgreSQL: PSG_BENCH_DATABASE_URL, else PSG_TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres
 *   MySQL/MariaDB: PSG_BENCH_MYSQL_URL, else PSG_TEST_MYSQL_URL, else mysql://root@127.0.0.1:3306/
 *   Prisma CLI (engine cli): --prisma, else PSG_BENCH_PRISMA, else node_modules/.bin/prisma of this repository
 *
 * Where each history's SQL comes from: PostgreSQL and SQLite from Prisma's in-process engine (as
 * run.ts); MySQL from a real Prisma CLI (`migrate diff`, its native engine) when one is given, else
 * from mysql-translation.ts (a documented rendering of the same changes), which the report says.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqlJsAdapterFactory } from '../src/database/sqlite/adapter.js';
import { CliEngine } from '../src/engine/cli/cli-engine.js';
import { findProjectPrisma } from '../src/engine/cli/locate.js';
import { parsePrismaVersion } from '../src/engine/cli/version.js';
import { WasmEngine } from '../src/engine/wasm/wasm-engine.js';
import { ms, repositoryRoot, resolveCli, table } from './cli-under-test.js';
import { admin, reachable } from './databases.js';
import type { Provider, Snapshot } from './evolution.js';
import { mysqlFloor, postgresFloor, sqlJsApply, sqliteFloor, type Floor } from './floors.js';
import {
  EMPTY_MIGRATION,
  engineVersion,
  generateHistories,
  wasmPostgresSource,
  withEngine,
  type Project,
  type SqlSource,
} from './generate.js';
import { median, memorySource, timed, type Run } from './measure.js';
import { mysqlAdmin, mysqlShadowDatabases, mysqlVersion, withMysqlDatabaseOn } from './mysql-databases.js';
import { translateToMysql } from './mysql-translation.js';

const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/';
const PROVIDERS: Provider[] = ['postgresql', 'mysql', 'sqlite'];

const root = repositoryRoot(dirname(fileURLToPath(import.meta.url)));
const cacheRoot = join(root, 'bench', '.cache');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  provider: Provider;
  engine: 'wasm' | 'cli';
  /** Why the check cannot run here (the row prints this instead of the check's figures). */
  skip?: string;
  /** Why it failed (the bench then exits 1). */
  failed?: string;
  checks: Run[];
  floors: number[];
  /** sql.js applying the same SQL in this process (SQLite: what the check's shadow runs on). */
  sqlJs: number[];
  timings: Record<string, number[]>;
}

interface Setup {
  project?: Project;
  /** Why this provider has no history or no server here. */
  unavailable?: string;
  /** Why generating its history failed (its rows fail, the bench exits 1). */
  failed?: string;
  floor?: Floor | string;
  /** The check's shadow arguments. */
  shadowArgs: string[];
  /** Where the history's SQL came from, for the report. */
  source: string;
  server?: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      migrations: { type: 'string', default: '100' },
      cli: { type: 'string' },
      prisma: { type: 'string' },
      providers: { type: 'string', default: PROVIDERS.join(',') },
      'mysql-sql': { type: 'string', default: 'auto' },
    },
  });
  const runs = Math.max(1, Number(values.runs) || 3);
  const size = Math.max(1, Number(values.migrations) || 100);
  const wanted = values.providers!.split(',').map((name) => name.trim());
  for (const name of wanted)
    if (!(PROVIDERS as string[]).includes(name))
      throw new Error(`--providers: unknown provider "${name}"; expected ${PROVIDERS.join(', ')}.`);
  const mysqlSql = values['mysql-sql']!;
  if (!['auto', 'prisma', 'translation'].includes(mysqlSql))
    throw new Error(`--mysql-sql ${mysqlSql}: expected auto, prisma or translation.`);

  const cli = resolveCli(root, values.cli);
  const postgresUrl = process.env.PSG_BENCH_DATABASE_URL || process.env.PSG_TEST_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const mysqlUrl = process.env.PSG_BENCH_MYSQL_URL || process.env.PSG_TEST_MYSQL_URL || DEFAULT_MYSQL_URL;
  const prisma = findPrisma(values.prisma || process.env.PSG_BENCH_PRISMA || undefined);
  const loadBefore = loadavg()[0]!;

  log(`CLI: ${relative(root, cli.path)} (${cli.kind}); ${runs} runs each, medians`);
  if (cli.note) log(`Note: ${cli.note}`);
  log(prisma.path ? `Prisma CLI: ${prisma.version} (${prisma.path})` : `Prisma CLI: none (${prisma.reason})`);

  const setups = new Map<Provider, Setup>();
  const notes: string[] = [];
  const setUp = async (provider: Provider, prepare: () => Promise<Setup>) => {
    if (!wanted.includes(provider)) return;
    try {
      setups.set(provider, await prepare());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`bench: the ${provider} history could not be prepared: ${message}`);
      setups.set(provider, { failed: `no history: ${message}`, shadowArgs: [], source: '-' });
    }
  };
  await setUp('postgresql', () => postgresSetup(postgresUrl, size));
  await setUp('mysql', () => mysqlSetup(mysqlUrl, size, prisma, mysqlSql, notes));
  await setUp('sqlite', () => sqliteSetup(size, notes));

  const rows: Row[] = [];
  const cliSkip = prisma.path ? undefined : "no Prisma CLI here (engine cli runs Prisma's native schema engine; see below)";
  for (const [provider, engine] of [
    ['postgresql', 'wasm'],
    ['postgresql', 'cli'],
    ['mysql', 'cli'],
    ['sqlite', 'wasm'],
  ] as const) {
    const setup = setups.get(provider);
    if (!setup) continue;
    rows.push({
      provider,
      engine,
      skip: setup.unavailable ?? (engine === 'cli' ? cliSkip : undefined),
      failed: setup.failed,
      checks: [],
      floors: [],
      sqlJs: [],
      timings: {},
    });
  }

  // The cli engine looks for node_modules/.bin/prisma from the project's folder up: point it at the
  // given Prisma for the runs (and remove any link an earlier run left, so no other Prisma is found).
  const projects = [...setups.values()].flatMap((setup) => (setup.project ? [setup.project] : []));
  for (const project of projects) linkPrisma(project, prisma.path);
  const shadowsBefore = await shadowDatabases(postgresUrl, mysqlUrl, setups);
  try {
    await measureRows(rows, setups, cli.path, size, runs);
  } finally {
    for (const project of projects) linkPrisma(project, undefined);
  }
  const leaked = await leakedShadows(postgresUrl, mysqlUrl, setups, shadowsBefore);

  // --- Report ---
  const out: string[] = [''];
  out.push(
    `prisma-schema-guard per-provider bench: ${relative(root, cli.path)}, Node ${process.version}, ${size} migrations, median of ${runs} runs`,
  );
  if (cli.note) out.push(`Note: ${cli.note}`);
  out.push(
    `Machine: ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (other work on the machine inflates every figure; compare ratios).`,
  );
  out.push(`Prisma CLI (engine cli): ${prisma.path ? `${prisma.version} (${prisma.path})` : `none: ${prisma.reason}`}`);
  for (const [provider, setup] of setups) out.push(`${provider}: ${setup.server ?? 'no server'}; migrations: ${setup.source}`);
  out.push('');
  const tableRows = rows.map((row) => reportRow(row, setups.get(row.provider)!));
  out.push(table(['provider', 'engine', 'check', 'floor', 'ratio', 'note'], tableRows, true));
  const detail = rows.filter((row) => row.checks.length > 0);
  if (detail.length > 0) {
    out.push('');
    out.push("Where the check's time goes (medians; the check's own JSON timings):");
    out.push(
      table(
        ['provider', 'engine', 'wall', 'in process', 'shadow ready', 'replay+diff', 'cleanup', 'outside check()', 'peak RSS'],
        detail.map((row) => {
          const t = Object.fromEntries(Object.entries(row.timings).map(([key, list]) => [key, median(list)]));
          const wall = median(row.checks.map((run) => run.wallMs));
          const rss = Math.max(...row.checks.map((run) => run.maxRssKb ?? 0)) / 1024;
          return [
            row.provider,
            row.engine,
            ms(wall),
            ms(t.totalMs),
            ms(t.shadowStartMs),
            ms(t.replayAndDiffMs),
            ms(t.cleanupMs),
            ms(wall - (t.totalMs ?? 0)),
            rss ? `${rss.toFixed(0)} MB` : '-',
          ];
        }),
      ),
    );
    out.push(`(peak RSS from ${memorySource}; for engine cli it is the check's own process, not Prisma's CLI, which runs as a child)`);
  }
  out.push('');
  out.push(
    'check: wall time of `node <cli> check --schema … --engine <engine> [--shadow-database-url <server>] --json`, start to exit (shadow database created and dropped by the check).',
  );
  out.push(
    "floor: the database's own client applying the concatenated migration.sql files into a fresh database in one session (database creation not timed).",
  );
  out.push("ratio: the median, over the runs, of a check's wall time over that of the floor run right after it.");
  if (!prisma.path && rows.some((row) => row.engine === 'cli')) {
    out.push(
      `engine cli: not measured here: ${prisma.reason}. The cli engine runs the project's own Prisma CLI, whose native schema engine the prisma package downloads on first use; ` +
        'give one with --prisma <path to node_modules/.bin/prisma> or PSG_BENCH_PRISMA (.github/workflows/mysql.yml does, with a real prisma against MySQL 8.4 and PostgreSQL).',
    );
  }
  out.push(...notes);
  process.stdout.write(`${out.join('\n')}\n`);

  let failed = rows.some((row) => row.failed);
  if (leaked.length > 0) {
    log(
      `\nbench: FAILED: the checks left ${leaked.length} shadow database(s) behind: ${leaked.map((leak) => `${leak.name} (${leak.provider})`).join(', ')}. Dropping them.`,
    );
    for (const { name, provider } of leaked) {
      const drop =
        provider === 'postgresql'
          ? admin(postgresUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
          : mysqlAdmin(mysqlUrl, `DROP DATABASE IF EXISTS \`${name}\``);
      await drop.catch(() => undefined);
    }
    failed = true;
  }
  return failed ? 1 : 0;
}

/**
 * Each row's runs: a check, then the floor right after it (so that a change of load on the machine
 * weighs on both alike). A failing row is marked and the others go on.
 */
async function measureRows(rows: Row[], setups: Map<Provider, Setup>, cli: string, size: number, runs: number): Promise<void> {
  for (const row of rows) {
    if (row.failed) continue;
    const setup = setups.get(row.provider)!;
    if (!setup.project) continue;
    const floor = typeof setup.floor === 'object' ? setup.floor : undefined;
    // Each check run is paired with a floor run; a provider none of whose checks can run here still
    // gets its floor measured, once (in its first row).
    const siblings = rows.filter((other) => other.provider === row.provider);
    const measuresFloor = floor !== undefined && (!row.skip || (siblings[0] === row && siblings.every((other) => other.skip)));
    log(
      `${row.provider} / ${row.engine}: ${row.skip ? 'check not measured here' : `check (x${runs})`}${measuresFloor ? `, each followed by the ${floor.tool} floor` : ''}...`,
    );
    try {
      for (let i = 0; i < runs; i++) {
        if (!row.skip) await checkRun(row, setup, cli, size);
        if (measuresFloor) row.floors.push(await floor.run(setup.project));
        if (row.provider === 'sqlite' && (measuresFloor || !row.skip)) row.sqlJs.push(await sqlJsApply(setup.project));
      }
    } catch (error) {
      row.failed = error instanceof Error ? error.message : String(error);
      log(`bench: ${row.provider} / ${row.engine} FAILED: ${row.failed}`);
    }
  }
}

function reportRow(row: Row, setup: Setup): string[] {
  const floorTool = typeof setup.floor === 'object' ? setup.floor.tool : undefined;
  const floor = row.floors.length > 0 ? `${floorTool} ${ms(median(row.floors))}` : typeof setup.floor === 'string' ? 'none' : '-';
  if (row.failed) return [row.provider, row.engine, 'FAILED', floor, '-', firstLine(row.failed)];
  if (row.skip) return [row.provider, row.engine, '-', floor, '-', setup.unavailable ?? `not measured: ${row.skip}`];
  const wall = median(row.checks.map((run) => run.wallMs));
  const ratio = row.floors.length === row.checks.length ? median(row.checks.map((run, i) => run.wallMs / row.floors[i]!)) : undefined;
  const notes: string[] = [];
  if (typeof setup.floor === 'string') notes.push(`no floor: ${setup.floor}`);
  else if (row.floors.length === 0) notes.push('floor: see the row above');
  if (row.sqlJs.length > 0) notes.push(`sql.js in process ${ms(median(row.sqlJs))}`);
  if (row.provider === 'mysql' && !setup.source.startsWith('Prisma')) notes.push("SQL translated, not Prisma's");
  return [row.provider, row.engine, ms(wall), floor, ratio === undefined ? '-' : `${ratio.toFixed(2)}x`, notes.join('; ')];
}

/** One check run; it must exit 0 with verdict in-sync and every migration replayed. */
async function checkRun(row: Row, setup: Setup, cli: string, migrations: number): Promise<void> {
  const project = setup.project!;
  const env = { ...process.env };
  delete env.PSG_SHADOW_DATABASE_URL;
  delete env.PSG_SHADOW_DATABASE;
  delete env.PSG_ENGINE;
  const run = await timed(
    process.execPath,
    [cli, 'check', '--schema', project.schema, '--engine', row.engine, ...setup.shadowArgs, '--json'],
    { env, cwd: project.root, node: true },
  );
  let json: { verdict?: string; migrations?: number; timings?: Record<string, number> } = {};
  try {
    json = JSON.parse(run.stdout);
  } catch {
    // Reported below with the output.
  }
  if (run.code !== 0 || json.verdict !== 'in-sync' || json.migrations !== migrations) {
    throw new Error(
      `the check of ${project.root} did not report in-sync with ${migrations} migrations: exit ${run.code}, verdict ${json.verdict}, migrations ${json.migrations}.\n` +
        `The synthetic history must be in sync; this is a bug in the generator or in the check.\nstdout: ${run.stdout.slice(0, 4000)}\nstderr: ${run.stderr.slice(0, 2000)}`,
    );
  }
  for (const [key, value] of Object.entries(json.timings ?? {})) (row.timings[key] ??= []).push(value);
  row.checks.push(run);
}

// --- Providers: a history, a server, a floor ---

async function postgresSetup(serverUrl: string, size: number): Promise<Setup> {
  const shown = redact(serverUrl);
  if (!(await reachable(serverUrl))) {
    return { unavailable: `no PostgreSQL server answers at ${shown} (set PSG_BENCH_DATABASE_URL)`, shadowArgs: [], source: '-' };
  }
  const version = (await admin<{ server_version: string }>(serverUrl, 'SHOW server_version'))[0]!.server_version;
  const [project] = await generateHistories({
    provider: 'postgresql',
    sizes: [size],
    cacheRoot,
    log,
    source: wasmPostgresSource(serverUrl),
  });
  return {
    project,
    floor: postgresFloor(serverUrl),
    shadowArgs: ['--shadow-database-url', serverUrl],
    source: `Prisma's in-process engine ${engineVersion()} (schema diffs) and hand-written renames`,
    server: `PostgreSQL ${version} at ${shown}`,
  };
}

async function sqliteSetup(size: number, notes: string[]): Promise<Setup> {
  const source: SqlSource = {
    key: `wasm ${engineVersion()}`,
    run: (use) =>
      withEngine(
        (schema) => WasmEngine.open({ databaseUrl: ':memory:', shadowUrl: ':memory:', schema, adapterFactory: new SqlJsAdapterFactory() }),
        use,
      ),
  };
  const [project] = await generateHistories({ provider: 'sqlite', sizes: [size], cacheRoot, log, source });
  const empty = project!.sqlFiles.filter((file) => readFileSync(file, 'utf8').startsWith(EMPTY_MIGRATION)).length;
  const floor = sqliteFloor();
  notes.push(
    `sqlite: the shadow is in memory (sql.js), no server; the floor is ${floor.tool === 'sql.js in process' ? 'sql.js applying the SQL in this process (sqlite3 is not on PATH; no process start in the floor)' : `${floor.version} applying the SQL to an in-memory database (-bail)`}. ` +
      `${empty} of its ${size} migrations are empty (\`${EMPTY_MIGRATION}\`): their step changes a VarChar length or adds an enum value, and SQLite has no native types and stores enums as TEXT.`,
  );
  return {
    project,
    floor,
    shadowArgs: [],
    source: `Prisma's in-process engine ${engineVersion()} (schema diffs, sql.js) and hand-written renames (bench/dialects.ts)`,
    server: 'SQLite in memory',
  };
}

async function mysqlSetup(serverUrl: string, size: number, prisma: PrismaCli, mode: string, notes: string[]): Promise<Setup> {
  const shown = redact(serverUrl);
  const version = await mysqlVersion(serverUrl);
  const translation: SqlSource = { key: 'translation', run: (use) => use(translatingDiff()) };
  const translated = async () => (await generateHistories({ provider: 'mysql', sizes: [size], cacheRoot, log, source: translation }))[0]!;
  if (!version) {
    return { unavailable: `no MySQL/MariaDB server answers at ${shown} (set PSG_BENCH_MYSQL_URL)`, shadowArgs: [], source: '-' };
  }
  const usePrisma = mode === 'prisma' || (mode === 'auto' && !!prisma.path);
  if (usePrisma && !prisma.path) throw new Error(`--mysql-sql prisma: ${prisma.reason}`);
  let project: Project;
  let source: string;
  if (usePrisma) {
    const cliSource: SqlSource = {
      key: `prisma ${prisma.version}`,
      run: (use) =>
        withMysqlDatabaseOn(serverUrl, 'generator', (url) =>
          withEngine((schema) => CliEngine.open({ cwd: root, databaseUrl: url, schema, prisma: prisma.path }), use),
        ),
    };
    project = (await generateHistories({ provider: 'mysql', sizes: [size], cacheRoot, log, source: cliSource }))[0]!;
    source = `Prisma CLI ${prisma.version} (\`prisma migrate diff\` of each step, its native engine) and hand-written renames (bench/dialects.ts)`;
    const { same, first } = compareHistories(project, await translated());
    notes.push(
      `mysql: bench/mysql-translation.ts (used where no Prisma CLI is given) matches Prisma's SQL in ${same} of ${size} migrations (comments and whitespace aside)${first ? `; the first that differs: ${first}` : ''}.`,
    );
  } else {
    project = await translated();
    source =
      "bench/mysql-translation.ts (no Prisma CLI given: a rendering of each step as Prisma's MySQL connector writes it, not Prisma's own output) and hand-written renames (bench/dialects.ts)";
    notes.push(
      'mysql: the migrations are translated, not generated by Prisma (give --prisma <path> to generate them with a real Prisma CLI, as the GitHub workflow does); the floor applies the translation.',
    );
  }
  return {
    project,
    floor: mysqlFloor(serverUrl),
    shadowArgs: ['--shadow-database-url', serverUrl],
    source,
    server: `${/mariadb/i.test(version) ? 'MariaDB' : 'MySQL'} ${version} at ${shown}`,
  };
}

/** The translation needs the previous state even after a hand-written step the diff never saw. */
function translatingDiff() {
  return async (previous: { step: { snapshot: Snapshot } } | undefined, next: { step: { snapshot: Snapshot } }) =>
    translateToMysql(previous?.step.snapshot, next.step.snapshot);
}

/** How many migrations of two histories are the same SQL, comments and whitespace aside. */
function compareHistories(a: Project, b: Project): { same: number; first?: string } {
  const normalise = (file: string) =>
    readFileSync(file, 'utf8')
      .replace(/^--.*$/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
  let same = 0;
  let first: string | undefined;
  a.sqlFiles.forEach((file, i) => {
    if (normalise(file) === normalise(b.sqlFiles[i]!)) same++;
    else first ??= relative(a.migrationsDir, dirname(file));
  });
  return { same, first };
}

// --- Prisma CLI ---

interface PrismaCli {
  path?: string;
  version?: string;
  reason?: string;
}

function findPrisma(given: string | undefined): PrismaCli {
  let path = given ? resolve(given) : undefined;
  if (!path) {
    try {
      path = findProjectPrisma(root);
    } catch {
      return { reason: 'no --prisma <path> or PSG_BENCH_PRISMA, and no node_modules/.bin/prisma in this repository' };
    }
  }
  const result = spawnSync(path, ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    timeout: 120_000,
  });
  const version = parsePrismaVersion(result.stdout ?? '');
  if (result.status !== 0 || !version) {
    return {
      reason: `${path} --version failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}): ${(result.stderr || result.stdout || '').trim().slice(0, 200)}`,
    };
  }
  return { path, version: version.version };
}

function linkPrisma(project: Project, prisma: string | undefined): void {
  const modules = join(project.root, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  if (!prisma) return;
  mkdirSync(join(modules, '.bin'), { recursive: true });
  symlinkSync(prisma, join(modules, '.bin', 'prisma'));
}

// --- Leftovers ---

interface ShadowName {
  name: string;
  provider: Provider;
}

async function shadowDatabases(postgresUrl: string, mysqlUrl: string, setups: Map<Provider, Setup>): Promise<ShadowName[]> {
  const names: ShadowName[] = [];
  if (setups.get('postgresql')?.project) {
    for (const row of await admin<{ datname: string }>(
      postgresUrl,
      `SELECT datname FROM pg_database WHERE datname LIKE 'psg\\_shadow\\_%'`,
    ))
      names.push({ name: row.datname, provider: 'postgresql' });
  }
  if (setups.get('mysql')?.project) for (const name of await mysqlShadowDatabases(mysqlUrl)) names.push({ name, provider: 'mysql' });
  return names;
}

/** Shadow databases that appeared during the runs and whose creating process has exited: a leak of the check. */
async function leakedShadows(
  postgresUrl: string,
  mysqlUrl: string,
  setups: Map<Provider, Setup>,
  before: ShadowName[],
): Promise<ShadowName[]> {
  const known = new Set(before.map((shadow) => `${shadow.provider}/${shadow.name}`));
  const after = await shadowDatabases(postgresUrl, mysqlUrl, setups);
  return after.filter(
    (shadow) =>
      !known.has(`${shadow.provider}/${shadow.name}`) && !processAlive(Number(/^psg_shadow_\d+_(\d+)_/.exec(shadow.name)?.[1] ?? 0)),
  );
}

function processAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`\nbench: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
