import { existsSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { UsageError } from '../../util/errors.js';

/**
 * The project's own `prisma` executable: `node_modules/.bin/prisma` in the working directory or the
 * nearest folder above it that has one (a monorepo hoists it to the root). Never a global one: the
 * point of the `cli` engine is the Prisma version the project pins.
 */
export function findProjectPrisma(cwd: string): string {
  const found = projectPrisma(cwd);
  if (found) return found;
  throw new UsageError(
    `The cli engine runs the project's own Prisma CLI, but there is no node_modules/.bin/prisma in ${cwd} or any folder above it.`,
    "Install the project's dependencies before this step (e.g. `npm ci`, `pnpm install --frozen-lockfile` or `yarn install --immutable`), with `prisma` in package.json.",
  );
}

/** Whether the project's own Prisma CLI is installed (engine auto may then use it). */
export function hasProjectPrisma(cwd: string): boolean {
  return projectPrisma(cwd) !== undefined;
}

function projectPrisma(cwd: string): string | undefined {
  const name = process.platform === 'win32' ? 'prisma.cmd' : 'prisma';
  let dir = cwd;
  const { root } = parse(cwd);
  for (;;) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (dir === root) return undefined;
    dir = dirname(dir);
  }
}
