/**
 * Writes synthetic Prisma projects (schema.prisma + migrations/) of several sizes from one
 * `Evolution`: the project of size N holds the first N migrations and the schema after step N. Each
 * migration's SQL is what Prisma's engine generates for the step (a diff from the previous schema to
 * the next, as `prisma migrate dev` does), or the hand-written SQL of a rename. The same evolution is
 * rendered for PostgreSQL (run.ts, providers.ts), SQLite and MySQL (providers.ts), each with its own
 * source of SQL (`SqlSource`). Results are cached under bench/.cache/ (git-ignored), keyed by the
 * generator's own code, the provider, the source of SQL (engine version) and the sizes, so generation
 * time never counts and a second run starts at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiffSource, Engine } from '../src/engine/engine.js';
import type { SchemaFile } from '../src/schema/files.js';
import { WasmEngine } from '../src/engine/wasm/wasm-engine.js';
import { withDatabaseOn } from './databases.js';
import { handWrittenSql } from './dialects.js';
import { Evolution, renderSchema, type Provider, type Step } from './evolution.js';

export interface Project {
  migrations: number;
  /** The project folder. */
  root: string;
  schema: string;
  migrationsDir: string;
  /** Every migration.sql in order, for the psql floor. */
  sqlFiles: string[];
}

/** A state of the history: the step that led to it and its schema for the provider. */
export interface State {
  step: Step;
  schema: string;
}

/** The SQL of one step, from the previous state (undefined: an empty database) to the next; '' when nothing changes. */
export type StepDiff = (previous: State | undefined, next: State) => Promise<string>;

/** Where a provider's migrations come from. */
export interface SqlSource {
  /** Part of the cache key: what would change the SQL (e.g. the engine's version). */
  key: string;
  /** Runs `use` with a diff function, releasing whatever the source opened afterwards. */
  run<T>(use: (diff: StepDiff) => Promise<T>): Promise<T>;
}

const ENGINE_PACKAGE = '@prisma/schema-engine-wasm';

/** Prisma writes this into a migration with nothing to do (`migrate dev --create-only` on an unchanged schema). */
export const EMPTY_MIGRATION = '-- This is an empty migration.';

/** The PostgreSQL histories (run.ts): Prisma's in-process engine, over a database on `serverUrl`. */
export function generateProjects(sizes: number[], cacheRoot: string, serverUrl: string, log: (line: string) => void): Promise<Project[]> {
  return generateHistories({ provider: 'postgresql', sizes, cacheRoot, log, source: wasmPostgresSource(serverUrl) });
}

/** Prisma's in-process engine over a PostgreSQL database (it connects when it starts, though a schema-to-schema diff never reads it). */
export function wasmPostgresSource(serverUrl: string): SqlSource {
  return {
    key: `wasm ${engineVersion()}`,
    run: (use) =>
      withDatabaseOn(serverUrl, 'generator', (url) =>
        withEngine((schema) => WasmEngine.open({ databaseUrl: url, shadowUrl: url, schema }), use),
      ),
  };
}

/** Opens an engine on the first diff (it needs a schema), closes it after `use`. */
export async function withEngine<T>(open: (schema: SchemaFile[]) => Promise<Engine>, use: (diff: StepDiff) => Promise<T>): Promise<T> {
  let engine: Engine | undefined;
  try {
    return await use(async (previous, next) => {
      const files = [{ path: 'schema.prisma', content: next.schema }];
      engine ??= await open(files);
      const from: DiffSource =
        previous === undefined ? { kind: 'empty' } : { kind: 'schema', files: [{ path: 'schema.prisma', content: previous.schema }] };
      const diff = await engine.diff(from, { kind: 'schema', files }, 'script');
      return diff.changed ? diff.text : '';
    });
  } finally {
    await engine?.close();
  }
}

export async function generateHistories(options: {
  provider: Provider;
  sizes: number[];
  cacheRoot: string;
  log: (line: string) => void;
  source: SqlSource;
}): Promise<Project[]> {
  const { provider, sizes, cacheRoot, log, source } = options;
  const largest = Math.max(...sizes);
  const key = cacheKey(provider, source.key, sizes);
  const folder = join(cacheRoot, 'histories', key);
  if (existsSync(join(folder, 'complete'))) {
    log(`Using cached ${provider} histories in ${folder}`);
    return sizes.map((size) => describe(folder, size));
  }
  await rm(folder, { recursive: true, force: true });
  log(`Generating ${sizes.join(', ')} ${provider} migrations (${source.key}; not timed)...`);
  const started = Date.now();
  const steps = await source.run((diff) => engineSteps(provider, largest, new Set(sizes), diff, log));
  for (const size of sizes) {
    const { root, migrationsDir } = paths(folder, size);
    await mkdir(migrationsDir, { recursive: true });
    await writeFile(join(root, 'prisma', 'schema.prisma'), steps.schemas.get(size)!);
    await writeFile(
      join(migrationsDir, 'migration_lock.toml'),
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
    );
    for (let i = 0; i < size; i++) {
      const { name, sql } = steps.migrations[i]!;
      await mkdir(join(migrationsDir, name));
      await writeFile(join(migrationsDir, name, 'migration.sql'), sql);
    }
  }
  await writeFile(join(folder, 'complete'), `${new Date().toISOString()}\n`);
  log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return sizes.map((size) => describe(folder, size));
}

function paths(folder: string, size: number) {
  const root = join(folder, `history-${size}`);
  return { root, migrationsDir: join(root, 'prisma', 'migrations') };
}

function describe(folder: string, size: number): Project {
  const { root, migrationsDir } = paths(folder, size);
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (names.length !== size)
    throw new Error(`${migrationsDir} holds ${names.length} migrations, expected ${size}: delete bench/.cache and run again.`);
  return {
    migrations: size,
    root,
    schema: join(root, 'prisma', 'schema.prisma'),
    migrationsDir,
    sqlFiles: names.map((name) => join(migrationsDir, name, 'migration.sql')),
  };
}

/**
 * Runs the evolution for `count` steps and asks the source for each step's SQL. A step that changes
 * nothing on this provider (a VarChar length or an enum value on SQLite, which has neither) becomes
 * an empty migration, so that every provider's history has the same migrations; on PostgreSQL every
 * step must change something.
 */
async function engineSteps(provider: Provider, count: number, keep: Set<number>, diff: StepDiff, log: (line: string) => void) {
  const evolution = new Evolution();
  const migrations: { name: string; sql: string }[] = [];
  const schemas = new Map<number, string>();
  let previous: State | undefined;
  for (let i = 0; i < count; i++) {
    const step: Step = i === 0 ? evolution.initial() : evolution.step();
    const schema = renderSchema(step.snapshot, provider);
    const edited = step.sql && step.edit ? (provider === 'postgresql' ? step.sql.text : handWrittenSql(step.edit, provider)) : '';
    let sql: string;
    if (step.sql?.mode === 'replace') sql = edited;
    else {
      const text = await diff(previous, { step, schema });
      if (!text && provider === 'postgresql') throw new Error(`Step ${i + 1} (${step.label}) changes nothing: the generator is broken.`);
      sql = text ? edited + text : `${EMPTY_MIGRATION}\n`;
    }
    migrations.push({ name: migrationName(i, step.label), sql });
    previous = { step, schema };
    if (keep.has(i + 1)) schemas.set(i + 1, schema);
    if ((i + 1) % 200 === 0) log(`  ${i + 1} / ${count}`);
  }
  return { migrations, schemas };
}

/** `20240101000000_0001_init`-style names: sortable, like Prisma's timestamps. */
function migrationName(index: number, label: string): string {
  const time = new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${time}_${label}`;
}

/** Changes when the generator, the provider, the source of SQL (engine version) or the sizes change. */
function cacheKey(provider: Provider, sourceKey: string, sizes: number[]): string {
  const hash = createHash('sha256');
  // Compiled (.js) or run from source (.ts): hash whichever this module is.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  for (const file of ['evolution', 'generate', 'dialects', 'mysql-translation'])
    hash.update(readFileSync(fileURLToPath(new URL(`${file}.${extension}`, import.meta.url))));
  hash.update(provider);
  hash.update(sourceKey);
  hash.update(sizes.join(','));
  return hash.digest('hex').slice(0, 16);
}

/** The engine package's version; its `exports` hide package.json, so it is read beside the glue module. */
export function engineVersion(): string {
  try {
    const manifest = join(dirname(fileURLToPath(import.meta.resolve(`${ENGINE_PACKAGE}/schema_engine_bg`))), 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
