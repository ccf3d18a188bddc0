import type { SchemaFile } from './files.js';

export type Provider = 'postgresql' | 'mysql' | 'sqlite' | 'sqlserver' | 'cockroachdb' | 'mongodb';

export interface Datasource {
  provider: Provider;
  /** The provider as written (`postgres` is an alias Prisma accepts). */
  written: string;
  file: string;
  line: number;
}

const ALIASES: Record<string, Provider> = {
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  sqlserver: 'sqlserver',
  cockroachdb: 'cockroachdb',
  mongodb: 'mongodb',
};

export function normaliseProvider(written: string): Provider | undefined {
  return ALIASES[written.trim().toLowerCase()];
}

/** Every line inside a `datasource` block, comments stripped: where its settings are read from. */
export function* datasourceLines(files: SchemaFile[]): Generator<{ file: SchemaFile; line: number; code: string }> {
  for (const file of files) {
    const lines = file.content.split('\n');
    let inside = false;
    for (let i = 0; i < lines.length; i++) {
      const code = stripComment(lines[i]!);
      if (!inside && /^\s*datasource\s+\w+\s*\{/.test(code)) inside = true;
      else if (inside && /^\s*\}/.test(code)) inside = false;
      else if (inside) yield { file, line: i + 1, code };
    }
  }
}

/** The `datasource` block's provider, or undefined when no file has one (the engine then says why). */
export function findDatasource(files: SchemaFile[]): Datasource | undefined {
  for (const { file, line, code } of datasourceLines(files)) {
    const match = /^\s*provider\s*=\s*"([^"]*)"/.exec(code);
    const provider = match && normaliseProvider(match[1]!);
    if (match && provider) return { provider, written: match[1]!, file: file.path, line };
  }
  return undefined;
}

export function stripComment(line: string): string {
  // Prisma comments start with `//` outside strings; a `//` inside "..." (a URL) is kept.
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}
