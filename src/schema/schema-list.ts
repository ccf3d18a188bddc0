/**
 * The `schema` input as a list: comma- or newline-separated entries, each a path or a glob
 * (`*`, `**`, `?`) matched against files and folders under the working directory. A monorepo names
 * all its schemas with one pattern, and every one of them is checked.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, parse, relative, sep } from 'node:path';
import { globSync } from 'tinyglobby';
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
      throw new UsageError(
        `${inputName}: the pattern "${entry}" matches no file or folder under ${cwd}.`,
        'Patterns are relative to the working directory; `*` and `?` match within one path segment, `**` any number of folders (node_modules and dot-folders are not searched).',
      );
    }
    for (const match of matches) if (!schemas.includes(match)) schemas.push(match);
  }
  return schemas;
}

export function isGlob(entry: string): boolean {
  return /[*?]/.test(entry);
}

/**
 * Files and folders under `cwd` whose path (relative, with `/`) matches `pattern`; sorted. Only `*`,
 * `?` and `**` are special: every other character (`[`, `{`, `(`, `!`, `+`, `@`) is literal, as in
 * Next.js's `app/[id]` folders. `*` and `**` skip dot-files and dot-folders unless the pattern names
 * them; `**` never descends into node_modules either, and at the end of a pattern it matches folders.
 */
export function globPaths(pattern: string, cwd: string): string[] {
  const absolute = isAbsolute(pattern);
  const root = absolute ? parse(pattern).root : cwd;
  const segments = pattern
    .slice(absolute ? root.length : 0)
    .split(/[\\/]+/)
    .filter((segment) => segment !== '' && segment !== '.');
  // The literal folders before the first glob are where the search starts (`..` included).
  const literal = segments.findIndex(isGlob);
  if (literal === -1) {
    const path = join(root, ...segments);
    return existsSync(path) ? [absolute ? path : relative(cwd, path).split(sep).join('/')] : [];
  }
  const base = join(root, ...segments.slice(0, literal));
  const globbed = segments.slice(literal);
  const escaped = globbed.map((segment) => segment.replace(/[[\]{}()!+@\\]/g, '\\$&'));
  // `**/x` is also asked as `x`: tinyglobby misses a dot-folder named right at the start.
  const patterns = escaped[0] === '**' && escaped.length > 1 ? [escaped.join('/'), escaped.slice(1).join('/')] : [escaped.join('/')];
  const found = globSync(patterns, {
    cwd: base,
    onlyFiles: false,
    onlyDirectories: globbed.at(-1) === '**',
    dot: false,
    expandDirectories: false,
    braceExpansion: false,
    extglob: false,
    ignore: globbed.includes('**') ? [...SKIPPED_FOLDERS].filter((name) => !globbed.includes(name)).map((name) => `**/${name}/**`) : [],
  });
  // A `**` at the end matches zero folders too: the one the search starts from.
  if (globbed.length === 1 && globbed[0] === '**') found.push('');
  return found
    .map((path) => join(base, path))
    .map((path) => (absolute ? path : relative(cwd, path).split(sep).join('/')))
    .sort();
}
