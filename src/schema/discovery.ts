import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../util/errors.js';
import { displayPath } from './files.js';
import { nearestSchema } from './nearby.js';

/** Where a project's schema and migrations are, and how that was decided (shown in the report). */
export interface ProjectLocation {
  /** Absolute path of the schema file or multi-file folder. */
  schema: string;
  /** Absolute path of the migrations folder (it may not exist: then the history is empty). */
  migrations: string;
  /** Where the schema path came from, e.g. `--schema`, `prisma.config.ts`, `default`. */
  source: string;
}

export interface DiscoveryInput {
  cwd: string;
  /** `--schema` / input `schema`. */
  schema?: string;
  /** `--migrations` / input `migrations`. */
  migrations?: string;
  /** What the schema input is called in errors (`--schema` on the CLI, `Input 'schema'` in the action). */
  schemaName?: string;
  migrationsName?: string;
}

/**
 * Relative paths are resolved from the working directory: the CLI's current directory, the action's
 * `working-directory` (itself relative to the repository root). Errors say which folder that was.
 */
const RESOLVED_FROM = (cwd: string) => `paths are resolved from the working directory, ${cwd}`;

const CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs', '.config/prisma.ts'];

/**
 * Finds the schema: the explicit input, else `prisma.config.ts` (`schema`, `migrations.path`), else
 * `package.json#prisma.schema`, else `prisma/schema.prisma` or the multi-file folder `prisma/schema/`.
 */
export function discoverProject(input: DiscoveryInput): ProjectLocation {
  const { cwd } = input;
  const schemaName = input.schemaName ?? "Input 'schema'";
  const config = readPrismaConfig(cwd);
  let schema: string | undefined;
  let source: string;
  if (input.schema) {
    schema = resolve(cwd, input.schema);
    source = schemaName;
    if (!existsSync(schema)) {
      const near = nearestSchema(input.schema, cwd);
      throw new UsageError(
        `${schemaName}: no file or folder at ${displayPath(schema, cwd)} (${RESOLVED_FROM(cwd)}).`,
        `${near ? `Did you mean ${near}? ` : ''}Pass the path of schema.prisma or of the folder that holds the .prisma files, relative to that folder (or absolute).`,
      );
    }
  } else if (config?.schema) {
    schema = resolve(dirname(config.file), config.schema);
    source = displayPath(config.file, cwd);
    if (!existsSync(schema))
      throw new UsageError(`${source} names the schema ${config.schema}, but there is no file or folder at ${displayPath(schema, cwd)}.`);
  } else {
    const fromPackage = packageJsonSchema(cwd);
    if (fromPackage) {
      schema = resolve(cwd, fromPackage);
      source = 'package.json#prisma.schema';
      if (!existsSync(schema))
        throw new UsageError(
          `package.json#prisma.schema names ${fromPackage}, but there is no file or folder at ${displayPath(schema, cwd)}.`,
        );
    } else {
      schema = [join(cwd, 'prisma', 'schema.prisma'), join(cwd, 'prisma', 'schema')].find((path) => existsSync(path));
      source = 'default';
      if (!schema) {
        throw new UsageError(
          `No Prisma schema found: there is no prisma/schema.prisma or prisma/schema/ folder in ${cwd}, and no prisma.config.ts or package.json#prisma.schema names one.`,
          `Pass ${schemaName === "Input 'schema'" ? "the 'schema' input" : '--schema <file|folder>'} with the path of your schema.`,
        );
      }
    }
  }
  const migrations = input.migrations
    ? resolve(cwd, input.migrations)
    : config?.migrations
      ? resolve(dirname(config.file), config.migrations)
      : defaultMigrationsFolder(schema);
  if (input.migrations && !existsSync(migrations)) {
    throw new UsageError(
      `${input.migrationsName ?? "Input 'migrations'"}: no folder at ${displayPath(migrations, cwd)} (${RESOLVED_FROM(cwd)}).`,
      'Pass the folder that holds the migration folders (each with a migration.sql), relative to that folder (or absolute).',
    );
  }
  return { schema, migrations, source };
}

/**
 * `migrations/` beside the schema file; for a multi-file folder, Prisma 6.6+ puts it inside the
 * folder and the earlier `prismaSchemaFolder` preview beside the folder: the first that exists.
 */
function defaultMigrationsFolder(schema: string): string {
  if (!statSync(schema).isDirectory()) return join(dirname(schema), 'migrations');
  const candidates = [join(schema, 'migrations'), join(dirname(schema), 'migrations')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

interface PrismaConfig {
  file: string;
  schema?: string;
  migrations?: string;
}

/**
 * Reads `schema` and `migrations.path` from `prisma.config.ts` without running it (the project's
 * dependencies may not be installed): both are string literals in every config Prisma documents.
 */
export function readPrismaConfig(cwd: string): PrismaConfig | undefined {
  const file = CONFIG_FILES.map((name) => join(cwd, name)).find((path) => existsSync(path));
  if (!file) return undefined;
  const text = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const schema = pathValue(text, 'schema');
  const migrationsBlock = /\bmigrations\s*:\s*\{([\s\S]*?)\}/.exec(text)?.[1];
  const migrations = migrationsBlock ? pathValue(migrationsBlock, 'path') : undefined;
  return { file, schema, migrations };
}

/** `key: 'a/b'` or `key: path.join(__dirname, 'a', 'b')` (the string parts joined). */
function pathValue(text: string, key: string): string | undefined {
  const match = new RegExp(`\\b${key}\\s*:\\s*(?:path\\.(?:join|resolve)\\(([^)]*)\\)|["'\`]([^"'\`]+)["'\`])`).exec(text);
  if (!match) return undefined;
  if (match[2]) return match[2];
  const parts = [...(match[1] ?? '').matchAll(/["'`]([^"'`]+)["'`]/g)].map((part) => part[1]!);
  return parts.length > 0 ? parts.join('/') : undefined;
}

function packageJsonSchema(cwd: string): string | undefined {
  const file = join(cwd, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { prisma?: { schema?: unknown } };
    return typeof json.prisma?.schema === 'string' ? json.prisma.schema : undefined;
  } catch {
    return undefined;
  }
}
