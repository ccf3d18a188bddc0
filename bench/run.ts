/**
 * `npm run bench`: how long `prisma-schema-guard check` takes on synthetic Prisma histories of 100
 * and 1,000 migrations, against the floor (psql applying the same SQL files into a fresh database),
 * its fixed overhead, its peak memory, and the embedded default (no shadow URL). Every check must
 * report "in-sync"; anything else fails the bench (exit 1). A missed target prints MISS (exit 0, or
 * 2 with --strict).
 *
 *   npm run bench -- [--runs 3] [--sizes 100,1000] [--cli dist|bundle|build] [--no-embedded] [--strict]
 *   PSG_BENCH_DATABASE_URL (else PSG_TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres)
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { admin, reachable, withDatabaseOn } from './databases.js';
import { generateProjects, type Project } from './generate.js';
import { available, median, memorySource, timed, type Run } from './measure.js';

const TARGETS = { ratio: 1.2, overheadMs: 250, memoryMb: 300 };
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The repository root, from bench/.cache/build/bench/run.js (compiled) or bench/run.ts (tsx). */
const root = repositoryRoot(dirname(fileURLToPath(import.meta.url)));
const cacheRoot = join(root, 'bench', '.cache');

interface CheckRuns {
  label: string;
  migrations: number;
  runs: Run[];
  /** Medians of the check's own `timings` (JSON), in ms. */
  timings: Record<string, number>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      sizes: { type: 'string', default: '100,1000' },
      cli: { type: 'string' },
      'no-embedded': { type: 'boolean', default: false },
      'no-versions': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
    },
  });
  const runs = Math.max(1, Number(values.runs) || 3);
  const sizes = values
    .sizes!.split(',')
    .map(Number)
    .filter((n) => n > 0);
  const serverUrl = process.env.PSG_BENCH_DATABASE_URL || process.env.PSG_TEST_DATABASE_URL || DEFAULT_URL;
  const shown = serverUrl.replace(/:[^:@/]*@/, ':***@');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  if (!(await reachable(serverUrl))) {
    log(
      `bench: no PostgreSQL server answers at ${shown}. Start it, or set PSG_BENCH_DATABASE_URL to a server on which databases may be created.`,
    );
    return 1;
  }
  const cli = resolveCli(values.cli);
  const psql = available('psql');
  const serverVersion = (await admin<{ server_version: string }>(serverUrl, 'SHOW server_version'))[0]!.server_version;
  const shadowsBefore = new Set(await shadowDatabases(serverUrl));
  const embeddedDirsBefore = new Set(embeddedDirs());

  const loadBefore = loadavg()[0]!;
  const projects = await generateProjects([1, ...sizes], cacheRoot, serverUrl, log);
  const empty = emptyProject();
  const bySize = new Map(projects.map((project) => [project.migrations, project]));

  log(`CLI: ${relative(root, cli.path)} (${cli.kind}); ${runs} runs each, medians; memory from ${memorySource}`);
  if (cli.note) log(`Note: ${cli.note}`);
  log(
    psql
      ? `Floor: ${psql}`
      : 'Floor: psql not found on PATH, the floor (and the ratio) are skipped. Install the PostgreSQL client to measure it.',
  );

  // Baselines: what any Node CLI pays, and what loading this one costs (no database, no engine).
  const nodeStart = median(await repeat(5, () => timed(process.execPath, ['-e', '0'])).then((r) => r.map((run) => run.wallMs)));
  const cliLoad = median(
    await repeat(5, () => timed(process.execPath, [cli.path, '--help'], { node: true })).then((r) => r.map((run) => run.wallMs)),
  );

  const urlArgs = ['--shadow-database-url', serverUrl];
  log('Fixed overhead: the check of an empty history...');
  const overhead = await checkRuns('empty history', empty, 0, Math.max(runs, 5), cli.path, urlArgs);
  const oneMigration = await checkRuns('1 migration', bySize.get(1)!, 1, Math.max(runs, 5), cli.path, urlArgs);

  const checks: CheckRuns[] = [];
  const floors = new Map<number, FloorRun & { runs: FloorRun[] }>();
  for (const size of sizes) {
    const project = bySize.get(size)!;
    log(`${size} migrations: check (x${runs})${psql ? ', each followed by the psql floor' : ''}...`);
    // Check and floor alternate, so that a change of load on the machine weighs on both alike.
    const floorRuns: FloorRun[] = [];
    checks.push(
      await checkRuns(
        `${size} migrations`,
        project,
        size,
        runs,
        cli.path,
        urlArgs,
        psql ? async () => void floorRuns.push(await floor(project, serverUrl)) : undefined,
      ),
    );
    if (psql)
      floors.set(size, {
        psqlMs: median(floorRuns.map((f) => f.psqlMs)),
        singleTransactionMs: median(floorRuns.map((f) => f.singleTransactionMs)),
        createMs: median(floorRuns.map((f) => f.createMs)),
        runs: floorRuns,
      });
  }

  // An engine per Prisma version, on the largest history: a release whose engine is fetched (the
  // first run downloads it into an empty cache), the same cached, and the bundled Prisma 6 engine,
  // beside the bundled Prisma 7 figure above. Prisma 6 engines need the datasource `url`.
  const versions: CheckRuns[] = [];
  const largestProject = bySize.get(Math.max(...sizes));
  if (largestProject && !values['no-versions']) {
    const prisma6 = withDatasourceUrl(largestProject);
    const cache = mkdtempSync(join(tmpdir(), 'psg-bench-engines-'));
    const savedCache = process.env.PSG_ENGINE_CACHE;
    process.env.PSG_ENGINE_CACHE = cache;
    try {
      log(
        `${prisma6.migrations} migrations, Prisma ${FETCHED_RELEASE}: first run (engine fetched), then cached (x${runs}), then bundled Prisma 6.19 (x${runs})...`,
      );
      versions.push(
        await checkRuns(`Prisma ${FETCHED_RELEASE}, fetched (first run)`, prisma6, prisma6.migrations, 1, cli.path, [
          ...urlArgs,
          '--prisma-version',
          FETCHED_RELEASE,
        ]),
      );
      versions.push(
        await checkRuns(`Prisma ${FETCHED_RELEASE}, cached`, prisma6, prisma6.migrations, runs, cli.path, [
          ...urlArgs,
          '--prisma-version',
          FETCHED_RELEASE,
        ]),
      );
      versions.push(
        await checkRuns('Prisma 6.19.3, bundled', prisma6, prisma6.migrations, runs, cli.path, [...urlArgs, '--prisma-version', '6.19.3']),
      );
    } finally {
      if (savedCache === undefined) delete process.env.PSG_ENGINE_CACHE;
      else process.env.PSG_ENGINE_CACHE = savedCache;
      rmSync(cache, { recursive: true, force: true });
    }
  }

  const embedded: CheckRuns[] = [];
  if (!values['no-embedded']) {
    for (const [label, project, size] of [['empty history', empty, 0], ...sizes.map((n) => [`${n} migrations`, bySize.get(n)!, n])] as [
      string,
      Project,
      number,
    ][]) {
      log(`Embedded default (no shadow URL): ${label} (x${runs})...`);
      embedded.push(await checkRuns(label, project, size, runs, cli.path, []));
    }
  }

  // Nothing the checks created may remain: a shadow database whose creator has exited is a leak.
  const leaked = (await shadowDatabases(serverUrl)).filter((name) => !shadowsBefore.has(name) && !processAlive(pidOf(name)));
  const strayDirs = embeddedDirs().filter((dir) => !embeddedDirsBefore.has(dir));

  // --- Report ---
  const rows: string[][] = [];
  const verdicts: boolean[] = [];
  const mark = (ok: boolean) => (verdicts.push(ok), ok ? 'PASS' : 'MISS');
  for (const check of checks) {
    const wall = median(check.runs.map((run) => run.wallMs));
    const f = floors.get(check.migrations);
    // Each check run is paired with the floor run right after it: the median of those ratios.
    const ratio = f ? median(check.runs.map((run, i) => run.wallMs / f.runs[i]!.psqlMs)) : undefined;
    const atTarget = check.migrations === 1000;
    rows.push([
      `check vs floor, ${check.label}`,
      ms(wall),
      f ? `psql ${ms(f.psqlMs)}` : 'no psql',
      ratio === undefined ? '-' : `${ratio.toFixed(2)}x`,
      atTarget ? `<= ${TARGETS.ratio}x` : '(report)',
      ratio === undefined ? 'SKIP' : atTarget ? mark(ratio <= TARGETS.ratio) : '-',
    ]);
  }
  const overheadWall = median(overhead.runs.map((run) => run.wallMs));
  rows.push([
    'fixed overhead (empty history)',
    ms(overheadWall),
    '',
    '',
    `<= ${TARGETS.overheadMs} ms`,
    mark(overheadWall <= TARGETS.overheadMs),
  ]);
  rows.push(['  the same, 1 migration', ms(median(oneMigration.runs.map((run) => run.wallMs))), '', '', '(report)', '-']);
  const largest = checks.at(-1);
  const peaks = [...checks, overhead].flatMap((check) => check.runs.map((run) => run.maxRssKb ?? 0));
  const peakMb = Math.max(...peaks) / 1024;
  rows.push([
    `peak memory (RSS), up to ${largest?.label ?? 'empty history'}`,
    peakMb ? `${peakMb.toFixed(0)} MB` : 'unknown',
    '',
    '',
    `<= ${TARGETS.memoryMb} MB`,
    peakMb ? mark(peakMb <= TARGETS.memoryMb) : 'SKIP',
  ]);
  const bundled7 = checks.at(-1);
  for (const check of versions) {
    const wall = median(check.runs.map((run) => run.wallMs));
    const base = bundled7 ? median(bundled7.runs.map((run) => run.wallMs)) : undefined;
    rows.push([
      `engine per version, ${check.migrations} migrations, ${check.label}`,
      ms(wall),
      base ? `bundled 7.10 ${ms(base)}` : '',
      base ? `${(wall / base).toFixed(2)}x` : '-',
      '(report)',
      '-',
    ]);
  }
  for (const check of embedded) {
    const rss = Math.max(...check.runs.map((run) => run.maxRssKb ?? 0)) / 1024;
    rows.push([
      `embedded default, ${check.label}`,
      ms(median(check.runs.map((run) => run.wallMs))),
      `server ${ms(check.timings.shadowStartMs ?? 0)}`,
      '',
      '(report)',
      rss ? `${rss.toFixed(0)} MB` : '-',
    ]);
  }

  const out: string[] = [];
  out.push('');
  out.push(
    `prisma-schema-guard bench: ${relative(root, cli.path)}, Node ${process.version}, PostgreSQL ${serverVersion} at ${shown}, median of ${runs} runs (fixed overhead: ${Math.max(runs, 5)})`,
  );
  if (cli.note) out.push(`Note: ${cli.note}`);
  out.push(
    `Machine: ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (other work on the machine inflates every figure; compare ratios).`,
  );
  out.push('');
  out.push(table(['measure', 'check', 'floor', 'ratio', 'target', 'result'], rows));
  out.push('');
  out.push('Where the time goes (medians, ms; "in process" figures are the check\'s own JSON timings):');
  const detailRows: string[][] = [];
  for (const check of [overhead, oneMigration, ...checks, ...embedded.map((e) => ({ ...e, label: `embedded, ${e.label}` }))]) {
    const wall = median(check.runs.map((run) => run.wallMs));
    const t = check.timings;
    const outside = wall - (t.totalMs ?? 0);
    // The engine starts while the shadow is created: of the two, only the longer one is waited for.
    const start = Math.max(t.shadowStartMs ?? 0, t.engineStartMs ?? 0);
    detailRows.push([
      check.label,
      ms(wall),
      ms(Math.min(...check.runs.map((run) => run.wallMs))),
      ms(t.totalMs),
      ms(t.shadowStartMs),
      ms(t.engineStartMs),
      ms(t.replayAndDiffMs),
      ms(t.cleanupMs),
      ms((t.totalMs ?? 0) - start - (t.replayAndDiffMs ?? 0) - (t.cleanupMs ?? 0)),
      ms(outside),
    ]);
  }
  out.push(
    table(
      ['run', 'wall', 'min wall', 'in process', 'shadow ready', 'engine start', 'replay+diff', 'cleanup', 'rest', 'outside check()'],
      detailRows,
    ),
  );
  out.push('');
  out.push(`Baselines: \`node -e 0\` ${ms(nodeStart)}; \`${relative(root, cli.path)} --help\` (start + load the CLI) ${ms(cliLoad)}.`);
  for (const [size, f] of floors) {
    out.push(
      `Floor ${size} migrations: psql ${ms(f.psqlMs)} (statement by statement, autocommit); psql --single-transaction ${ms(f.singleTransactionMs)}; CREATE DATABASE ${ms(f.createMs)} (not in the floor).`,
    );
  }
  if (psql) out.push("ratio: the median, over the runs, of a check's wall time over that of the psql floor run right after it.");
  else out.push('psql not found: floor and ratio skipped.');
  process.stdout.write(`${out.join('\n')}\n`);

  if (leaked.length > 0) {
    log(`\nbench: FAILED: the checks left ${leaked.length} shadow database(s) behind: ${leaked.join(', ')}. Dropping them.`);
    for (const name of leaked) await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    return 1;
  }
  if (strayDirs.length > 0)
    log(`\nbench: warning: embedded data directories appeared and remain (a concurrent test run, or a leak): ${strayDirs.join(', ')}`);
  const missed = verdicts.filter((ok) => !ok).length;
  if (missed > 0) log(`\nbench: ${missed} target(s) missed.`);
  return missed > 0 && values.strict ? 2 : 0;
}

/** A Prisma release whose engine is not bundled: fetched from the npm registry by the version bench. */
const FETCHED_RELEASE = '6.14.0';

/** A copy of a generated project whose datasource has the `url` a Prisma 6 engine requires. */
function withDatasourceUrl(project: Project): Project {
  const root = join(dirname(project.root), `${project.migrations}-prisma6`);
  if (!existsSync(root)) cpSync(project.root, root, { recursive: true });
  const schema = join(root, relative(project.root, project.schema));
  const text = readFileSync(schema, 'utf8');
  if (!/\burl\s*=/.test(text))
    writeFileSync(schema, text.replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"[^"]+")/, '$1\n  url = env("DATABASE_URL")'));
  return { ...project, root, schema, migrationsDir: join(root, relative(project.root, project.migrationsDir)) };
}

/** Runs the check `runs` times; every run must exit 0 with verdict in-sync and the expected count. */
async function checkRuns(
  label: string,
  project: Project,
  migrations: number,
  runs: number,
  cli: string,
  extra: string[],
  afterEach?: () => Promise<void>,
): Promise<CheckRuns> {
  const env = { ...process.env };
  delete env.PSG_SHADOW_DATABASE_URL;
  const results: Run[] = [];
  const timings: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const run = await timed(process.execPath, [cli, 'check', '--schema', project.schema, ...extra, '--json'], {
      env,
      cwd: project.root,
      node: true,
    });
    let json: { verdict?: string; migrations?: number; findings?: unknown; timings?: Record<string, number> } = {};
    try {
      json = JSON.parse(run.stdout);
    } catch {
      // Reported below with the output.
    }
    if (run.code !== 0 || json.verdict !== 'in-sync' || json.migrations !== migrations) {
      throw new Error(
        `The check of ${label} (${project.root}) did not report in-sync with ${migrations} migrations: exit ${run.code}, verdict ${json.verdict}, migrations ${json.migrations}.\n` +
          `The synthetic history must be in sync; this is a bug in the generator or in the check.\nstdout: ${run.stdout.slice(0, 4000)}\nstderr: ${run.stderr.slice(0, 2000)}`,
      );
    }
    for (const [key, value] of Object.entries(json.timings ?? {})) (timings[key] ??= []).push(value);
    results.push(run);
    await afterEach?.();
  }
  return {
    label,
    migrations,
    runs: results,
    timings: Object.fromEntries(Object.entries(timings).map(([key, list]) => [key, median(list)])),
  };
}

interface FloorRun {
  psqlMs: number;
  singleTransactionMs: number;
  createMs: number;
}

/**
 * psql applying the concatenated migration files into a fresh database, in one session: as the
 * issue defines the floor (statement by statement, autocommit), and inside one transaction (-1).
 * The CREATE DATABASE before it is timed apart, not part of the floor.
 */
async function floor(project: Project, serverUrl: string): Promise<FloorRun> {
  const all = join(project.root, 'all-migrations.sql');
  if (!existsSync(all)) writeFileSync(all, project.sqlFiles.map((file) => readFileSync(file, 'utf8')).join('\n'));
  const env = { ...process.env, PGOPTIONS: '-c client_min_messages=warning' };
  const result: Partial<FloorRun> = {};
  for (const single of [false, true]) {
    const started = performance.now();
    await withDatabaseOn(serverUrl, 'floor', async (url) => {
      result.createMs ??= performance.now() - started;
      const run = await timed(
        'psql',
        ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...(single ? ['--single-transaction'] : []), '-d', url, '-f', all],
        { env },
      );
      if (run.code !== 0) throw new Error(`psql failed to apply ${all} (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
      if (single) result.singleTransactionMs = run.wallMs;
      else result.psqlMs = run.wallMs;
    });
  }
  return result as FloorRun;
}

/** A schema with no model and a migrations folder with only its lock file: the check's fixed cost. */
function emptyProject(): Project {
  const projectRoot = join(cacheRoot, 'histories', 'empty');
  const migrationsDir = join(projectRoot, 'prisma', 'migrations');
  mkdirSync(migrationsDir, { recursive: true });
  const schema = join(projectRoot, 'prisma', 'schema.prisma');
  writeFileSync(schema, 'datasource db {\n  provider = "postgresql"\n}\n');
  writeFileSync(join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  return { migrations: 0, root: projectRoot, schema, migrationsDir, sqlFiles: [] };
}

/**
 * `dist`: the committed bundle users run (the default when it exists); `bundle`: the current source
 * bundled the same way by scripts/bench.mjs into bench/.cache/bundle; `build`: the tsc build
 * (unbundled, so ~150 ms slower to load).
 */
function resolveCli(choice: string | undefined): { path: string; kind: string; note?: string } {
  const dist = join(root, 'dist', 'cli', 'index.js');
  const build = join(cacheRoot, 'build', 'src', 'cli', 'index.js');
  const bundle = join(cacheRoot, 'bundle', 'cli', 'index.js');
  if (choice !== undefined && !['dist', 'bundle', 'build'].includes(choice))
    throw new Error(`--cli ${choice}: expected dist, bundle or build.`);
  if (choice === 'bundle') return { path: bundle, kind: 'ncc bundle of the current source' };
  if (choice === 'build' || (choice !== 'dist' && !existsSync(dist))) return { path: build, kind: 'tsc build, unbundled' };
  if (!existsSync(dist)) throw new Error(`--cli dist: no ${dist}; run npm run build first.`);
  const newer = newestSource(join(root, 'src'));
  const stale = newer > statSync(dist).mtimeMs;
  return {
    path: dist,
    kind: 'the committed ncc bundle',
    note: stale
      ? 'src/ has changed since dist/ was built: these figures are for dist/ (use --cli bundle for the current source).'
      : undefined,
  };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

async function shadowDatabases(serverUrl: string): Promise<string[]> {
  const rows = await admin<{ datname: string }>(serverUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'psg\\_shadow\\_%'`);
  return rows.map((row) => row.datname);
}

/** Shadow names are psg_shadow_<stamp>_<pid>_<random>. */
function pidOf(name: string): number {
  return Number(/^psg_shadow_\d+_(\d+)_/.exec(name)?.[1] ?? 0);
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

function embeddedDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('psg_shadow_embedded_'));
}

function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench', 'run.ts'))) return dir;
  }
  throw new Error(`No repository root above ${from}.`);
}

async function repeat<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run());
  return results;
}

function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`\nbench: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
