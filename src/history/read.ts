import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitPort } from '../git/port.js';
import type { MigrationsSnapshot } from './snapshot.js';

/** The migrations folder in the working tree: what Prisma would read (an absent folder is empty). */
export async function readWorkingTree(directory: string): Promise<MigrationsSnapshot> {
  const files = new Map<string, Uint8Array>();
  const emptyFolders: string[] = [];
  if (!existsSync(directory)) return { files, emptyFolders };
  const walk = async (folder: string, prefix: string): Promise<number> => {
    let count = 0;
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const inside = await walk(join(folder, entry.name), path);
        if (inside === 0 && !prefix) emptyFolders.push(entry.name);
        count += inside;
      } else if (entry.isFile()) {
        files.set(path, await readFile(join(folder, entry.name)));
        count++;
      }
    }
    return count;
  };
  await walk(directory, '');
  return { files, emptyFolders };
}

/** The migrations folder at a commit; `folder` is relative to the repository root, with `/` ('' for the root). */
export async function readAtCommit(git: GitPort, commit: string, folder: string): Promise<MigrationsSnapshot> {
  const prefix = folder ? `${folder}/` : '';
  const paths = (await git.listFiles(commit, folder || '.')).filter((path) => path.startsWith(prefix));
  const files = new Map<string, Uint8Array>();
  // A few git processes at a time: histories have hundreds of migrations.
  for (let start = 0; start < paths.length; start += 16) {
    const batch = paths.slice(start, start + 16);
    const contents = await Promise.all(batch.map((path) => git.readFile(commit, path)));
    batch.forEach((path, index) => {
      const content = contents[index];
      if (content !== undefined) files.set(path.slice(prefix.length), content);
    });
  }
  return { files };
}
