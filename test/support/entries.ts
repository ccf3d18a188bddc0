/**
 * The entry points as a user's process runs them, straight from src/ (tsx compiles on load): the
 * tests need no build step, and a spawned child runs the very sources the test imports.
 */
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** tsx's ESM loader, for `node --import`. */
export const TSX_LOADER = join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

/** Node arguments that run a TypeScript file of this repository. */
export function tsNodeArgs(file: string): string[] {
  return ['--import', TSX_LOADER, file];
}

/** The CLI (`prisma-schema-guard`), before its own arguments. */
export const CLI_ENTRY_ARGS = tsNodeArgs(join(repoRoot, 'src', 'cli', 'index.ts'));

/** The action (`node dist/index.js` as built), before nothing: GitHub passes no arguments. */
export const ACTION_ENTRY_ARGS = tsNodeArgs(join(repoRoot, 'src', 'index.ts'));
