/**
 * The `schema` input as a list: comma- or newline-separated entries, each a path or a glob
 * (`*`, `**`, `?`) matched against files and folders under the working directory. A monorepo names
 * all its schemas with one pattern, and every one of them is checked.
 */
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, parse, relative, sep } from 'node:path';
import { UsageError } from '../util/errors.js';

/** Folders `**` never descends into: dependencies and version control hold no schema of the project's. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The schema locations an input names, in the order given (globs' matches sorted), without
 * duplicates; `undefined` when the input is empty (discovery decides, as without the input).
 * An entry without glob characters, or one that exists as written, is kept as is: discovery reports
 * a missing path the way it does for a single schema.
 */
export function expandSchemaList(input: string | readonly string[] | undefined, cwd: string, inputName: string): string[] | undefined {
  const entries = (typeof input === 'string' ? [input] : (input ?? []))
    .flatMap((value) => value.split(/[,\n]/))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  const schemas: string[] = [];
  for (const entry of entries) {
    const matches = !isGlob(entry) || existsSync(join(cwd, entry)) ? [entry] : globPaths(entry, cwd);
    if (matches.length === 0) {
      throw new UsageError(`${inputName}: the pattern "${entry}" matches no file or folder under ${cwd}.`, 'Patterns are relative to the working directory; `*` and `?` match within one path segment, `**` any number of folders (node_modules and dot-folders are not searched).');
    }
    for (const match of matches) if (!schemas.includes(match)) schemas.push(match);
  }
  return schemas;
}

export function isGlob(entry: string): boolean {
  return /[*?]/.test(entry);
}

/** Files and folders under `cwd` whose path (relative, with `/`) matches `pattern`; sorted. */
export function globPaths(pattern: string, cwd: string): string[] {
  const absolute = isAbsolute(pattern);
  const root = absolute ? parse(pattern).root : cwd;
  const segments = pattern.slice(absolute ? root.length : 0).split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  const found = new Set<string>();
  walk(root, segments, found);
  return [...found].map((path) => (absolute ? path : relative(cwd, path).split(sep).join('/'))).sort();
}

function walk(dir: string, segments: readonly string[], found: Set<string>): void {
  if (segments.length === 0) {
    found.add(dir);
    return;
  }
  const [segment, ...rest] = segments as [string, ...string[]];
  if (segment === '**') {
    walk(dir, rest, found); // zero folders
    for (const child of children(dir)) {
      if (child.isDirectory() && !child.name.startsWith('.') && !SKIPPED_FOLDERS.has(child.name)) walk(join(dir, child.name), segments, found);
    }
    return;
  }
  if (!isGlob(segment)) {
    const path = join(dir, segment);
    if (existsSync(path)) walk(path, rest, found);
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const child of children(dir)) {
    if (!matcher.test(child.name)) continue;
    if (rest.length > 0 && !child.isDirectory()) continue;
    walk(join(dir, child.name), rest, found);
  }
}

function children(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // not a folder, or unreadable: nothing matches beneath it
  }
}

/** One path segment's pattern: `*` any characters, `?` one; a leading `*` does not match dot-files. */
export function segmentMatcher(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(segment.startsWith('.') ? `^${body}$` : `^(?!\\.)${body}$`);
}
