/** The example blog, copied to a temp folder so a test can change its schema. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

export interface BlogCopy {
  dir: string;
  schemaFile: string;
  /** Replaces text in schema.prisma (throws when the text is not there: a test must not silently test nothing). */
  edit(from: string, to: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyBlog(): Promise<BlogCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'psg-preview-blog-'));
  await cp(join(repoRoot, 'examples', 'blog'), dir, { recursive: true });
  const schemaFile = join(dir, 'prisma', 'schema.prisma');
  return {
    dir,
    schemaFile,
    async edit(from, to) {
      const text = await readFile(schemaFile, 'utf8');
      if (!text.includes(from)) throw new Error(`schema.prisma has no "${from}"`);
      await writeFile(schemaFile, text.replace(from, to));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export const DESCRIPTION_MESSAGE =
  'Added the required column `description` to the `Post` table without a default value. There are 2 rows in this table, it is not possible to execute this step.';

/** Two users and two posts, as a seed would insert them. */
export const SEED_SQL = `INSERT INTO "User" (email, name) VALUES ('ada@example.com', 'Ada'), ('grace@example.com', 'Grace');
INSERT INTO "Post" (title, content, "authorId") VALUES ('Hello', 'first post', 1), ('Again', 'second post', 2);`;
