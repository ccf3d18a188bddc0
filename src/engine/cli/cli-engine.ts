import { getExecOutput } from '@actions/exec';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { ScriptObserver } from '../script-observer.js';
import { dialectOf } from '../../dialect/index.js';
import { registerCleanup, type Registration } from '../../lifecycle/cleanup.js';
import type { MigrationHistory } from '../../migrations/history.js';
import { findDatasource, type Provider } from '../../schema/datasource.js';
import type { SchemaFile } from '../../schema/files.js';
import { normaliseSchema } from '../../schema/normalise.js';
import { UsageError } from '../../util/errors.js';
import { registerSecret } from '../../util/redact.js';
import { EngineError, type DiffOutput, type DiffSource, type Engine, type PushOutput } from '../engine.js';
import { diffArgs, prisma7Config, pushArgs, resetArgs, type CliContext, type CliTarget } from './flags.js';
import { findProjectPrisma } from './locate.js';
import { isCliError, parseCliError, parseMigrationFailure, parsePushOutput } from './output.js';
import { parsePrismaVersion, type PrismaVersion } from './version.js';
import { orUndefined } from '../../util/promises.js';

export interface CliEngineOptions {
  /** The project's folder: `node_modules/.bin/prisma` is looked up from here. */
  cwd: string;
  /** The database the engine treats as its own (`--from-url` / `datasource.url`, `db push`). */
  databaseUrl: string;
  /**
   * The database migrations are replayed into (`--shadow-database-url` / `datasource.shadowDatabaseUrl`);
   * without one, only diffs that replay no history can run (drift and preview of a live database).
   */
  shadowUrl?: string;
  /** The schema as the user wrote it (Prisma 5/6 syntax or 7's). */
  schema: SchemaFile[];
  observer?: ScriptObserver;
  log?: (line: string) => void;
  /** The executable; found from `cwd` when not given. */
  prisma?: string;
  /**
   * `prisma --version` per executable, shared by the engines of one run so that it is asked once
   * (each call starts Node and Prisma's CLI, ~0.3 s); without it every engine asks.
   */
  versions?: Map<string, Promise<PrismaVersion>>;
}

/** The environment variable the Prisma 5/6 schema's `url` is pointed at (never the user's own). */
const URL_VARIABLE = 'PSG_CLI_DATABASE_URL';

/**
 * Prisma's schema engine through the project's own Prisma CLI (`node_modules/.bin/prisma`), run
 * with `@actions/exec`: the only way to reach connectors the WebAssembly engine lacks (MySQL), and
 * the exact engine version the project pins. Everything it writes (schema copy, migrations copy,
 * Prisma 7 config) lives in one temporary folder, removed on `close()`.
 */
export class CliEngine implements Engine {
  readonly name = 'cli' as const;
  private calls = 0;

  private constructor(
    private readonly options: CliEngineOptions,
    private readonly prisma: string,
    readonly version: PrismaVersion,
    private readonly folder: string,
    private readonly registration: Registration,
    private readonly provider: Provider | undefined,
  ) {}

  static async open(options: CliEngineOptions): Promise<CliEngine> {
    const prisma = options.prisma ?? findProjectPrisma(options.cwd);
    registerSecret(options.databaseUrl);
    if (options.shadowUrl) registerSecret(options.shadowUrl);
    const folder = mkdtempSync(join(tmpdir(), 'psg_cli_'));
    const registration = registerCleanup(`temporary folder ${folder}`, () => rm(folder, { recursive: true, force: true }));
    try {
      const versions = options.versions ?? new Map<string, Promise<PrismaVersion>>();
      let known = versions.get(prisma);
      if (!known) {
        known = readVersion(prisma, folder);
        versions.set(prisma, known);
        known.catch(() => versions.delete(prisma));
        const version = await known;
        options.log?.(`Engine: the project's Prisma CLI ${version.version} (${prisma})`);
      }
      return new CliEngine(options, prisma, await known, folder, registration, findDatasource(options.schema)?.provider);
    } catch (error) {
      await registration.run();
      throw error;
    }
  }

  async diff(from: DiffSource, to: DiffSource, format: 'script' | 'summary'): Promise<DiffOutput> {
    const call = await this.prepare([from, to]);
    const args = diffArgs(call.context, call.targets[0]!, call.targets[1]!, format);
    const result = await this.exec(args);
    if (result.exitCode === 0 || result.exitCode === 2) return { changed: result.exitCode === 2, text: result.stdout };
    const error = parseCliError(result.stderr, result.stdout);
    if (error.code === 'P3006') await this.reportMigrationFailure(error.message, [from, to]);
    throw new EngineError(error.message, error.code);
  }

  async push(schema: SchemaFile[], options: { force: boolean }): Promise<PushOutput> {
    const call = await this.prepare([{ kind: 'schema', files: schema }]);
    const result = await this.exec(pushArgs(call.context, options.force));
    const outcome = parsePushOutput(result.stdout, result.stderr, result.exitCode);
    if (isCliError(outcome)) throw new EngineError(outcome.message, outcome.code);
    return outcome;
  }

  async reset(): Promise<void> {
    const call = await this.prepare([{ kind: 'schema', files: this.options.schema }]);
    const result = await this.exec(resetArgs(call.context));
    if (result.exitCode !== 0) {
      const error = parseCliError(result.stderr, result.stdout);
      throw new EngineError(error.message, error.code);
    }
  }

  async close(): Promise<void> {
    await orUndefined(this.registration.run());
  }

  /** Writes what one command reads into its own subfolder of the temporary folder. */
  private async prepare(sources: DiffSource[]): Promise<{ context: CliContext; targets: CliTarget[] }> {
    const dir = join(this.folder, `call-${++this.calls}`);
    await mkdir(dir, { recursive: true });
    let schemaPath: string | undefined;
    let migrationsDir: string | undefined;
    const targets: CliTarget[] = [];
    for (const source of sources) {
      switch (source.kind) {
        case 'empty':
          targets.push({ kind: 'empty' });
          break;
        case 'database':
          targets.push({ kind: 'database' });
          break;
        case 'schema':
          schemaPath = await this.writeSchema(join(dir, 'schema'), source.files);
          targets.push({ kind: 'schema', path: schemaPath });
          break;
        case 'migrations':
          migrationsDir = await writeMigrations(join(dir, 'migrations'), source.history, this.provider);
          targets.push({ kind: 'migrations', dir: migrationsDir });
          break;
      }
    }
    // Every command needs a schema to name the provider (`--config-datasource`, `db push`).
    schemaPath ??= await this.writeSchema(join(dir, 'schema'), this.options.schema);
    const context: CliContext = {
      major: this.version.major,
      schemaPath,
      databaseUrl: this.options.databaseUrl,
      shadowUrl: this.options.shadowUrl,
    };
    if (this.version.major >= 7) {
      context.configPath = join(dir, 'prisma.config.ts');
      await writeFile(
        context.configPath,
        prisma7Config({ schemaPath, migrationsDir, databaseUrl: this.options.databaseUrl, shadowUrl: this.options.shadowUrl }),
      );
    }
    return { context, targets };
  }

  private async writeSchema(dir: string, files: SchemaFile[]): Promise<string> {
    const adapted = adaptSchema(files, this.version.major);
    const base = commonDirectory(adapted.map((file) => file.path));
    for (const file of adapted) {
      const target = join(dir, files.length === 1 ? basename(file.path) : relative(base, file.path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
    return files.length === 1 ? join(dir, basename(adapted[0]!.path)) : dir;
  }

  private exec(args: string[]) {
    return run(this.prisma, args, this.folder, { [URL_VARIABLE]: this.options.databaseUrl });
  }

  /**
   * Prisma names the failing migration and the database's error, and for MySQL the statement's
   * number ("query number N"): the observer gets the same failure the in-process adapter reports.
   */
  private async reportMigrationFailure(message: string, sources: DiffSource[]): Promise<void> {
    if (!this.options.observer) return;
    const details = parseMigrationFailure(message);
    const history = sources.find(
      (source): source is { kind: 'migrations'; history: MigrationHistory } => source.kind === 'migrations',
    )?.history;
    const migration = history?.migrations.find((candidate) => candidate.name === details.migration);
    if (!migration) return;
    let statementStart = 0;
    let statement = migration.sql;
    if (details.queryNumber) {
      // Cut as the provider's database reads it; a schema without a datasource is PostgreSQL's, as everywhere.
      const statements =
        (await dialectOf(this.provider ?? 'postgresql')
          ?.splitStatements(migration.sql)
          .catch(() => [])) ?? [];
      const failing = statements[details.queryNumber - 1];
      if (failing) ({ start: statementStart, text: statement } = failing);
    }
    this.options.observer.onScriptFailure({
      script: migration.sql,
      statementStart,
      statement,
      error: { code: details.databaseCode ?? '', message: details.databaseMessage ?? innerError(message) },
    });
  }
}

async function readVersion(prisma: string, cwd: string): Promise<PrismaVersion> {
  const result = await run(prisma, ['--version'], cwd, {});
  const version = parsePrismaVersion(result.stdout);
  if (!version)
    throw new UsageError(
      `Could not read the Prisma version from \`${prisma} --version\` (exit code ${result.exitCode}): ${(result.stderr || result.stdout).trim().slice(0, 300)}`,
    );
  if (version.major < 5 || version.major > 7) {
    throw new UsageError(
      `The project's Prisma CLI is version ${version.version}; the cli engine maps the flags of Prisma 5, 6 and 7.`,
      'Use Prisma 5, 6 or 7, or engine: wasm for PostgreSQL and SQLite.',
    );
  }
  return version;
}

/** P3006's inner error: the text after its "Migration ... failed to apply" and "Error:" lines. */
function innerError(message: string): string {
  return message
    .replace(/^Migration `[^`]+` failed to apply cleanly to the shadow database\.\s*\n(?:Error code: \S+\n)?Error:\n/, '')
    .trim();
}

async function run(prisma: string, args: string[], cwd: string, env: Record<string, string>) {
  return getExecOutput(prisma, args, {
    cwd,
    // Silent: the command line carries URLs (Prisma 5/6 flags), which must never be echoed.
    silent: true,
    ignoreReturnCode: true,
    env: {
      ...(process.env as Record<string, string>),
      ...env,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
}

/**
 * The schema in the installed major's syntax. Prisma 7 rejects `url`, `directUrl` and
 * `shadowDatabaseUrl` in `datasource` (P1012), so they are blanked line for line; Prisma 5/6 needs a
 * `url`, pointed at an environment variable this process sets, so no URL is written to disk.
 */
export function adaptSchema(files: SchemaFile[], major: number): SchemaFile[] {
  const { files: normalised, removed } = normaliseSchema(files);
  if (major >= 7) return normalised;
  return normalised.map((file) => {
    if (!findDatasource([file])) return file;
    const lines = file.content.split('\n');
    const urlLine = removed.find((entry) => entry.file === file.path && entry.setting === 'url')?.line;
    const setting = `  url = env("${URL_VARIABLE}")`;
    if (urlLine) lines[urlLine - 1] = setting;
    else {
      const provider = findDatasource([file])!.line;
      lines.splice(provider, 0, setting);
    }
    return { path: file.path, content: lines.join('\n') };
  });
}

async function writeMigrations(dir: string, history: MigrationHistory, provider: Provider | undefined): Promise<string> {
  await mkdir(dir, { recursive: true });
  const lock = history.lockfile.content ?? `provider = "${provider ?? 'postgresql'}"\n`;
  await writeFile(join(dir, 'migration_lock.toml'), lock);
  for (const migration of history.migrations) {
    await mkdir(join(dir, migration.name), { recursive: true });
    await writeFile(join(dir, migration.name, 'migration.sql'), migration.sql);
  }
  return dir;
}

function commonDirectory(paths: string[]): string {
  if (paths.length === 0) return '.';
  let common = dirname(paths[0]!);
  for (const path of paths.slice(1)) {
    while (common !== '.' && common !== '/' && !`${path}`.startsWith(`${common}/`)) common = dirname(common);
  }
  return common === '.' ? '' : common;
}
