import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { editDistance } from '../util/nearest.js';

/** How deep below the working directory schemas are looked for (a monorepo's packages/<name>/prisma/). */
const DEPTH = 4;
/** How many folders up (a user in a subfolder of the repository). */
const UP = 4;

/**
 * The existing schema closest to a path that does not exist, as a path relative to `cwd` (what the
 * user would type instead): schema.prisma files and prisma/schema/ folders below `cwd` (not in
 * node_modules or dot-folders) and in the prisma/ folders of its parents up to the repository root.
 */
export function nearestSchema(typed: string, cwd: string): string | undefined {
  const found = new Set<string>();
  collectBelow(cwd, 0, found);
  for (let dir = cwd, up = 0; up < UP && dirname(dir) !== dir; up++) {
    if (existsSync(join(dir, '.git'))) break;
    dir = dirname(dir);
    for (const candidate of [join(dir, 'prisma', 'schema.prisma'), join(dir, 'prisma', 'schema')])
      if (existsSync(candidate)) found.add(candidate);
  }
  const wanted = typed.split(sep).join('/').replace(/^\.\//, '');
  let best: { path: string; distance: number } | undefined;
  for (const path of found) {
    const shown = relative(cwd, path).split(sep).join('/') || '.';
    const distance = editDistance(wanted, shown);
    if (!best || distance < best.distance) best = { path: shown, distance };
  }
  return best?.path;
}

function collectBelow(dir: string, depth: number, found: Set<string>): void {
  if (depth > DEPTH) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === 'schema.prisma') found.add(path);
    else if (entry.isDirectory()) {
      if (entry.name === 'schema' && dir.endsWith(`${sep}prisma`)) found.add(path);
      else collectBelow(path, depth + 1, found);
    }
  }
}
