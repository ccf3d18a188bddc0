import { readFileSync } from 'node:fs';
import { datasourceLines } from './datasource.js';
import type { SchemaFile } from './files.js';
import { displayPath } from './files.js';

/**
 * `shadowDatabaseUrl` as the project configures it for its own `prisma migrate dev`: in the schema's
 * `datasource` (Prisma 5/6) or in `prisma.config.ts` (`datasource.shadowDatabaseUrl`, Prisma 6.6+/7).
 */
export interface ConfiguredShadowUrl {
  /** The URL, once its environment variable is resolved; absent when the variable is not set. */
  url?: string;
  /** Where it is configured: `prisma/schema.prisma:7`, `prisma.config.ts:9`. */
  where: string;
  /** The environment variable it names (`env("SHADOW_DATABASE_URL")`), if any. */
  variable?: string;
}

/** `env("X")`, `env('X')`, `process.env.X`, or a quoted literal: the value of a `shadowDatabaseUrl` setting. */
function valueOf(expression: string, env: NodeJS.ProcessEnv): { url?: string; variable?: string } | undefined {
  const variable =
    /^env\(\s*["'`]([^"'`]+)["'`]\s*\)/.exec(expression)?.[1] ??
    /^process\.env(?:\.(\w+)|\[\s*["'`]([^"'`]+)["'`]\s*\])/.exec(expression)?.slice(1).find(Boolean);
  if (variable) return { variable, url: env[variable] || undefined };
  const literal = /^["'`]([^"'`]+)["'`]/.exec(expression)?.[1];
  return literal ? { url: literal } : undefined;
}

/** The first `shadowDatabaseUrl`: `prisma.config.ts` (what Prisma 7 reads), else the schema's datasource. */
export function configuredShadowUrl(
  files: SchemaFile[],
  configFile: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
): ConfiguredShadowUrl | undefined {
  if (configFile) {
    const lines = readFileSync(configFile, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      // A `//` comment, but not the `://` of a URL.
      const match = /\bshadowDatabaseUrl\s*:\s*(.+)$/.exec(lines[i]!.replace(/(^|[^:])\/\/.*$/, '$1'));
      const value = match && valueOf(match[1]!.trim(), env);
      if (value) return { ...value, where: `${displayPath(configFile, cwd)}:${i + 1}` };
    }
  }
  for (const { file, line, code } of datasourceLines(files)) {
    const match = /^\s*shadowDatabaseUrl\s*=\s*(.+)$/.exec(code);
    const value = match && valueOf(match[1]!.trim(), env);
    if (value) return { ...value, where: `${file.path}:${line}` };
  }
  return undefined;
}
