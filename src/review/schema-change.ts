import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { GitPort } from '../git/port.js';
import { diffPrismaModels, parsePrismaModels, type SchemaChange } from '../schema/prisma-models.js';

/**
 * The models the pull request changes: the Prisma schema at the base commit (read through git, every
 * file of a multi-file schema) against the working tree's. Undefined when the schema did not exist at
 * the base or cannot be read: the picture is then left out, never the review.
 */
export async function schemaChangeSince(git: GitPort, commit: string, schemaPath: string): Promise<SchemaChange | undefined> {
  try {
    const root = await git.root();
    const isFolder = (await stat(schemaPath)).isDirectory();
    const head = isFolder ? await prismaFilesIn(schemaPath) : [schemaPath];
    const headText = (await Promise.all(head.map((file) => readFile(file, 'utf8')))).join('\n');
    const rel = relative(root, schemaPath).split(sep).join('/');
    const basePaths = isFolder ? (await git.listFiles(commit, rel)).filter((path) => path.endsWith('.prisma')) : [rel];
    const baseFiles = await Promise.all(basePaths.map((path) => git.readFile(commit, path)));
    if (baseFiles.length === 0 || baseFiles.some((file) => file === undefined)) return undefined;
    const baseText = baseFiles.map((file) => file!.toString('utf8')).join('\n');
    return diffPrismaModels(parsePrismaModels(baseText), parsePrismaModels(headText));
  } catch {
    return undefined;
  }
}

async function prismaFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
