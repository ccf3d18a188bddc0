/**
 * Each operation in the flags of the installed Prisma major. Pure: tested without any Prisma.
 *
 * Prisma 5/6 (`prisma migrate diff --help`): `--from-empty`, `--from-schema-datamodel <file>`,
 * `--from-schema-datasource <file>`, `--from-url <url>`, `--from-migrations <dir>` (and the `--to-`
 * forms), `--shadow-database-url <url>`, `--script`, `--exit-code`; `db push --skip-generate`.
 * Prisma 7 removed `--from-url`, `--*-schema-datasource`, `--*-schema-datamodel` and
 * `--shadow-database-url` (MigrateDiff.ts: "was removed. Please use `--[from/to]-config-datasource`
 * ... / `--[from/to]-schema`"): the database and shadow URLs come only from `prisma.config.ts`
 * (`datasource.url`, `datasource.shadowDatabaseUrl`), given with `--config`; `db push` has no
 * `--skip-generate` because it no longer runs generators.
 */
export type CliTarget =
  | { kind: 'empty' }
  | { kind: 'migrations'; dir: string }
  | { kind: 'schema'; path: string }
  /** The engine's own database (its URL is `databaseUrl`). */
  | { kind: 'database' };

export interface CliContext {
  major: number;
  /** The temporary schema file (or folder, for a multi-file schema). */
  schemaPath: string;
  /** Prisma 7: the temporary config file that carries the URLs. */
  configPath?: string;
  /** Prisma 5/6: the URLs, as flags. */
  databaseUrl: string;
  /** Only a diff that replays migrations needs one. */
  shadowUrl?: string;
}

export function diffArgs(context: CliContext, from: CliTarget, to: CliTarget, format: 'script' | 'summary'): string[] {
  const args = ['migrate', 'diff', ...side('from', from, context), ...side('to', to, context)];
  const replaysMigrations = from.kind === 'migrations' || to.kind === 'migrations';
  if (replaysMigrations && !context.shadowUrl)
    throw new Error('A diff that replays migrations needs a shadow database, and none was given.');
  if (context.major < 7 && replaysMigrations) args.push('--shadow-database-url', context.shadowUrl!);
  if (format === 'script') args.push('--script');
  args.push('--exit-code');
  if (context.major >= 7) args.push('--config', requireConfig(context));
  return args;
}

function side(direction: 'from' | 'to', target: CliTarget, context: CliContext): string[] {
  const flag = `--${direction}`;
  switch (target.kind) {
    case 'empty':
      return [`${flag}-empty`];
    case 'migrations':
      return [`${flag}-migrations`, target.dir];
    case 'schema':
      return context.major >= 7 ? [`${flag}-schema`, target.path] : [`${flag}-schema-datamodel`, target.path];
    case 'database':
      return context.major >= 7 ? [`${flag}-config-datasource`] : [`${flag}-url`, context.databaseUrl];
  }
}

/** `db push` of the schema to the engine's own database; never prompts (non-interactive). */
export function pushArgs(context: CliContext, force: boolean): string[] {
  const args = ['db', 'push', '--schema', context.schemaPath];
  if (force) args.push('--accept-data-loss');
  if (context.major >= 7) args.push('--config', requireConfig(context));
  else args.push('--skip-generate');
  return args;
}

/** `migrate reset` of the engine's own database, without generators or seed. */
export function resetArgs(context: CliContext): string[] {
  const args = ['migrate', 'reset', '--force', '--schema', context.schemaPath];
  if (context.major >= 7) args.push('--config', requireConfig(context));
  else args.push('--skip-generate', '--skip-seed');
  return args;
}

function requireConfig(context: CliContext): string {
  if (!context.configPath) throw new Error('Prisma 7 takes its URLs from a config file, and none was written.');
  return context.configPath;
}

/**
 * The temporary `prisma.config.ts` for Prisma 7: a plain object (Prisma accepts a default export
 * that has the `PrismaConfig` shape without `defineConfig`), so it imports nothing and can live in a
 * temporary folder. The user's own config is never read or written.
 */
export function prisma7Config(input: { schemaPath: string; migrationsDir?: string; databaseUrl: string; shadowUrl?: string }): string {
  const config = {
    schema: input.schemaPath,
    ...(input.migrationsDir ? { migrations: { path: input.migrationsDir } } : {}),
    datasource: { url: input.databaseUrl, ...(input.shadowUrl ? { shadowDatabaseUrl: input.shadowUrl } : {}) },
  };
  return `// Written by prisma-schema-guard for one command, deleted right after.\nexport default ${JSON.stringify(config, null, 2)};\n`;
}
