import { diffLines, type LineDiff } from './line-diff.js';
import {
  byName,
  LOCKFILE,
  MIGRATION_FILE,
  migrationFolders,
  migrationSql,
  sameBytes,
  topLevelFiles,
  type MigrationsSnapshot,
} from './snapshot.js';

/**
 * The history guard's rules: migrations on the base branch are immutable (Prisma stores a checksum
 * of every applied migration and identifies it by its folder name), and new ones come last (Prisma
 * applies them in name order). Pure: it compares two snapshots of the migrations folder.
 */
export const HISTORY_KINDS = [
  'edited-migration',
  'deleted-migration',
  'renamed-migration',
  'out-of-order-migration',
  'lockfile-changed',
  'migration-without-sql',
  'empty-migration',
  'stray-file',
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export interface HistoryFinding {
  kind: HistoryKind;
  /** The file it is about, as shown to the user (`<folder>/<migration>/migration.sql`). */
  file: string;
  /** The first changed line (edited), the provider line (lock file), else none. */
  line?: number;
  /** The migration folder's name. */
  migration?: string;
  message: string;
  fix: string;
  /** For an edited migration: the unified diff (base → working tree), with file headers. */
  diff?: string;
}

export interface HistoryComparison {
  /** The migrations folder on the base branch. */
  base: MigrationsSnapshot;
  /** The migrations folder in the pull request (the working tree). */
  head: MigrationsSnapshot;
  /**
   * Where the branch forked off the base, when the base has moved on since: migrations the base
   * edited or added after that point are the base's changes, not the pull request's.
   */
  forkPoint?: MigrationsSnapshot;
  /** How the base is named in messages, e.g. `main`. */
  baseName: string;
  /** The migrations folder as shown to the user, e.g. `prisma/migrations`. */
  folder: string;
}

/** Diffs longer than this many lines are cut (the file itself is in the pull request). */
const MAX_DIFF_LINES = 200;

export function compareHistory(input: HistoryComparison): HistoryFinding[] {
  const { base, head, forkPoint, baseName } = input;
  const at = (path: string) => `${input.folder}/${path}`;
  const findings: HistoryFinding[] = [];

  const baseMigrations = migrationFolders(base).filter((name) => migrationSql(base, name) !== undefined);
  const baseNames = new Set(migrationFolders(base));
  const newFolders = migrationFolders(head).filter((name) => !baseNames.has(name));
  const newest = baseMigrations[baseMigrations.length - 1];

  // Applied migrations: each must still be there, byte for byte.
  const missing: string[] = [];
  for (const name of baseMigrations) {
    const before = migrationSql(base, name)!;
    const after = migrationSql(head, name);
    if (after === undefined) {
      // Added to the base after the branch forked: merging the base brings it back.
      if (forkPoint && migrationSql(forkPoint, name) === undefined) continue;
      missing.push(name);
      continue;
    }
    if (sameBytes(before, after)) continue;
    // Edited on the base after the branch forked: the branch still has the old text.
    if (forkPoint && sameBytes(migrationSql(forkPoint, name), after)) continue;
    findings.push(edited(name, before, after, at(`${name}/${MIGRATION_FILE}`), baseName));
  }

  const renamedTo = new Set<string>();
  for (const name of missing) {
    const before = migrationSql(base, name)!;
    const target = newFolders.find((candidate) => !renamedTo.has(candidate) && sameBytes(migrationSql(head, candidate), before));
    const file = at(`${name}/${MIGRATION_FILE}`);
    if (target) {
      renamedTo.add(target);
      findings.push({
        kind: 'renamed-migration',
        file: at(`${target}/${MIGRATION_FILE}`),
        migration: target,
        message: `Migration ${name} on ${baseName} was renamed to ${target}. Prisma knows migrations by their folder name: databases that applied ${name} would run the same SQL again as ${target}, and report ${name} as applied but missing.`,
        fix: `Rename the folder back to ${name}.`,
      });
    } else {
      const folderLeft = migrationFolders(head).includes(name);
      findings.push({
        kind: 'deleted-migration',
        file,
        migration: name,
        message: folderLeft
          ? `Migration ${name} on ${baseName} lost its ${MIGRATION_FILE} (the folder is still there). Databases that applied it keep it in _prisma_migrations, and Prisma stops at a migration folder without ${MIGRATION_FILE}.`
          : `Migration ${name} on ${baseName} was deleted. Databases that applied it keep it in _prisma_migrations (Prisma reports it as applied but missing), and new databases no longer get its changes.`,
        fix: `Restore it as it is on ${baseName} (\`git checkout ${baseName} -- ${file}\`); to undo its changes, add a new migration.`,
      });
    }
  }

  // New migrations: each must be a complete migration that sorts after every applied one.
  for (const name of newFolders) {
    if (renamedTo.has(name)) continue;
    const sql = migrationSql(head, name);
    if (sql === undefined) {
      const files = [...head.files.keys()].filter((path) => path.startsWith(`${name}/`)).map((path) => path.slice(name.length + 1));
      findings.push({
        kind: 'migration-without-sql',
        file: at(name),
        migration: name,
        message: `The folder ${name} in ${input.folder} has no ${MIGRATION_FILE}${files.length > 0 ? ` (it holds ${files.join(', ')})` : ' (it is empty)'}. Prisma treats every folder there as a migration and stops at one without ${MIGRATION_FILE}.`,
        fix: `Put the migration's SQL in ${at(`${name}/${MIGRATION_FILE}`)}, or delete the folder.`,
      });
      continue;
    }
    if (newest !== undefined && byName(name, newest) < 0) {
      findings.push({
        kind: 'out-of-order-migration',
        file: at(`${name}/${MIGRATION_FILE}`),
        migration: name,
        message: `New migration ${name} sorts before ${newest}, the newest migration on ${baseName}. Prisma applies migrations in name order: databases that already applied ${newest} would apply ${name} after it, and new databases before it.`,
        fix: `Give the folder a name that sorts after ${newest} (a later timestamp, e.g. regenerate it with \`npx prisma migrate dev\` after merging ${baseName}).`,
      });
    }
    if (isEmptySql(sql)) {
      findings.push({
        kind: 'empty-migration',
        file: at(`${name}/${MIGRATION_FILE}`),
        line: 1,
        migration: name,
        message: `New migration ${name} is empty (only comments or whitespace): Prisma records it as applied without changing anything, and its checksum freezes it from then on.`,
        fix: 'Write the SQL into it before merging, or delete the folder.',
      });
    }
  }

  // Prisma applies only <folder>/migration.sql: a SQL file placed directly in the folder is ignored.
  const baseTopLevel = new Set(topLevelFiles(base));
  for (const path of topLevelFiles(head)) {
    if (path === LOCKFILE || baseTopLevel.has(path) || !path.toLowerCase().endsWith('.sql')) continue;
    findings.push({
      kind: 'stray-file',
      file: at(path),
      message: `${path} lies directly in ${input.folder}: Prisma only applies a ${MIGRATION_FILE} inside a migration folder and ignores it.`,
      fix: `Move it to ${at(`<timestamp>_<name>/${MIGRATION_FILE}`)} (\`npx prisma migrate dev --create-only\` makes the folder).`,
    });
  }

  const lock = lockfileChange(base, head, baseName, at(LOCKFILE));
  if (lock) findings.push(lock);
  return findings.sort((x, y) => byName(x.file, y.file) || byName(x.kind, y.kind));
}

function edited(name: string, before: Uint8Array, after: Uint8Array, file: string, baseName: string): HistoryFinding {
  const diff = diffLines(Buffer.from(before).toString('utf8'), Buffer.from(after).toString('utf8'));
  const what: Record<LineDiff['nature'], string> = {
    content: 'its SQL changed',
    whitespace: 'only whitespace changed, but the checksum covers every byte',
    'final-newline': 'only the final newline changed, but the checksum covers every byte',
    'line-endings': 'only line endings changed (Prisma tolerates CRLF against LF, but not every tool does)',
  };
  return {
    kind: 'edited-migration',
    file,
    line: diff?.firstChangedLine ?? 1,
    migration: name,
    message: `Migration ${name} is on ${baseName} and was edited: ${what[diff?.nature ?? 'content']}. Prisma stores a checksum of every applied migration: databases that applied it never run the edit, and Prisma reports it as modified after it was applied.`,
    fix: `Restore the file as it is on ${baseName} (\`git checkout ${baseName} -- ${file}\`) and put the change in a new migration (\`npx prisma migrate dev --name <change>\`).`,
    diff: diff ? capLines(`--- a/${file}\n+++ b/${file}\n${diff.hunks}`, MAX_DIFF_LINES) : undefined,
  };
}

/**
 * A provider switch or a deleted lock file. Other edits (the comment lines) are not reported:
 * Prisma rewrites the comment itself between versions.
 */
function lockfileChange(base: MigrationsSnapshot, head: MigrationsSnapshot, baseName: string, file: string): HistoryFinding | undefined {
  const before = base.files.get(LOCKFILE);
  if (before === undefined) return undefined;
  const after = head.files.get(LOCKFILE);
  const was = providerOf(before);
  if (after === undefined) {
    return {
      kind: 'lockfile-changed',
      file,
      message: `${LOCKFILE} (provider "${was.provider ?? '?'}" on ${baseName}) was deleted. It records which database the migrations were written for.`,
      fix: `Restore it (\`git checkout ${baseName} -- ${file}\`).`,
    };
  }
  const now = providerOf(after);
  if (was.provider === now.provider) return undefined;
  return {
    kind: 'lockfile-changed',
    file,
    line: now.line,
    message: `${LOCKFILE} switches the provider from "${was.provider ?? '(none)'}" on ${baseName} to "${now.provider ?? '(none)'}". The applied migrations were written for ${was.provider ?? 'the old provider'}; Prisma does not translate them.`,
    fix: `Switching databases needs a new migration history (Prisma's docs: "Switching database providers"); otherwise restore the file as it is on ${baseName}.`,
  };
}

function providerOf(bytes: Uint8Array): { provider?: string; line?: number } {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const match = /^\s*provider\s*=\s*"([^"]*)"/.exec(lines[index]!);
    if (match) return { provider: match[1], line: index + 1 };
  }
  return {};
}

/** Nothing but `--` / `/* *\/` comments and whitespace. */
export function isEmptySql(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/--[^\n]*/g, '')
      .trim() === ''
  );
}

function capLines(text: string, max: number): string {
  const lines = text.split('\n');
  if (lines.length <= max) return text;
  return [...lines.slice(0, max), `… ${lines.length - max} more diff lines`].join('\n');
}
