import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../util/errors.js';
import { orUndefined } from '../util/promises.js';

/** One Prisma schema file: its path as shown to the user (relative to the working directory) and text. */
export interface SchemaFile {
  path: string;
  content: string;
}

/** Shows a path the way a user wrote it: relative to the working directory, with `/`. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') ? rel : path;
  return shown.split(sep).join('/');
}

/** Reads a schema file, or every `.prisma` file below a folder (Prisma's multi-file schemas). */
export async function readSchemaFiles(location: string, cwd = process.cwd()): Promise<SchemaFile[]> {
  const info = await orUndefined(stat(location));
  if (!info)
    throw new UsageError(
      `Input 'schema': no file or folder at ${displayPath(location, cwd)}.`,
      'Pass the path of schema.prisma or of the folder that holds the .prisma files.',
    );
  const paths = info.isDirectory() ? await prismaFilesBelow(location) : [location];
  if (paths.length === 0) throw new UsageError(`Input 'schema': the folder ${displayPath(location, cwd)} holds no .prisma file.`);
  return Promise.all(paths.map(async (path) => ({ path: displayPath(path, cwd), content: await readFile(path, 'utf8') })));
}

async function prismaFilesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
    .filter((path) => !path.split(sep).includes('node_modules') && !path.split(sep).includes('migrations'))
    .sort();
}
