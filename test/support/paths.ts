import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: PSG_REPO_ROOT, else the nearest folder above this file with the project's
 * package.json (the source, or the compiled copy in build/), else the working directory.
 */
function findRoot(): string {
  if (process.env.PSG_REPO_ROOT) return process.env.PSG_REPO_ROOT;
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'action.yml'))) return dir;
  }
  return process.cwd();
}

export const repoRoot = findRoot();
