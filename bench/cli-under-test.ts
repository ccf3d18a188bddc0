/**
 * Which build of the CLI a bench times, and the report's formatting: the same choices and output as
 * run.ts (`--cli dist|bundle|build`), for bench/providers.ts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliUnderTest {
  path: string;
  kind: string;
  note?: string;
}

/**
 * `dist`: the committed bundle users run (the default when it exists); `bundle`: the current source
 * bundled the same way by scripts/bench.mjs into bench/.cache/bundle; `build`: the tsc build compiled
 * with this bench (unbundled, so ~150 ms slower to load).
 */
export function resolveCli(root: string, choice: string | undefined): CliUnderTest {
  const cacheRoot = join(root, 'bench', '.cache');
  const dist = join(root, 'dist', 'cli', 'index.js');
  // The tsc build this bench was compiled with (bench/.cache/build from scripts/bench.mjs).
  const build = fileURLToPath(new URL('../src/cli/index.js', import.meta.url));
  const bundle = join(cacheRoot, 'bundle', 'cli', 'index.js');
  if (choice !== undefined && !['dist', 'bundle', 'build'].includes(choice))
    throw new Error(`--cli ${choice}: expected dist, bundle or build.`);
  if (choice === 'bundle') return { path: bundle, kind: 'ncc bundle of the current source' };
  if (choice === 'build' || (choice !== 'dist' && !existsSync(dist))) return { path: build, kind: 'tsc build, unbundled' };
  if (!existsSync(dist)) throw new Error(`--cli dist: no ${dist}; run npm run build first.`);
  const stale = newestSource(join(root, 'src')) > statSync(dist).mtimeMs;
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

/** The repository root, from bench/.cache/build/bench/*.js (compiled) or bench/*.ts (tsx). */
export function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench', 'run.ts'))) return dir;
  }
  throw new Error(`No repository root above ${from}.`);
}

export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** A plain-text table: the first column left-aligned, the others right-aligned, the last one left-aligned when `lastLeft`. */
export function table(header: string[], rows: string[][], lastLeft = false): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const last = header.length - 1;
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || (lastLeft && column === last) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
