/**
 * Real git repositories for the history guard's tests: a base commit on `main` (the example blog
 * project), then a pull request's commit on `feature`, built with the real `git` executable in a
 * temp folder that the test removes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export const MIGRATIONS = 'prisma/migrations';
export const INIT = `${MIGRATIONS}/20240101000000_init/migration.sql`;

export interface TestRepo {
  dir: string;
  write(path: string, content: string): void;
  remove(path: string): void;
  /** Commits everything on the current branch. */
  commit(message: string): void;
  cleanup(): void;
}

/** A repository whose `main` holds the example blog; the working tree is on a new branch `feature`. */
export function blogRepo(): TestRepo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'psg-history-')));
  cpSync(join(repoRoot, 'examples', 'blog'), dir, { recursive: true });
  git(dir, 'init', '--quiet', '--initial-branch=main');
  const repo: TestRepo = {
    dir,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    remove(path) {
      rmSync(join(dir, path), { recursive: true, force: true });
    },
    commit(message) {
      git(dir, 'add', '--all');
      git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  repo.commit('base');
  git(dir, 'switch', '--quiet', '--create', 'feature');
  return repo;
}

/** A model and the migration Prisma generates for it: a pull request that only adds, in sync. */
export const TAGS = {
  model: '\nmodel Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n',
  folder: `${MIGRATIONS}/20240301000000_tags`,
  sql: '-- CreateTable\nCREATE TABLE "Tag" (\n    "id" SERIAL NOT NULL,\n    "name" TEXT NOT NULL,\n\n    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")\n);\n',
};
