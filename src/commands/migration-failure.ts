import type { ScriptFailure } from '../engine/script-observer.js';
import type { Migration, MigrationHistory } from '../migrations/history.js';
import { lineAt } from '../sql/statements.js';
import type { Finding } from '../verdict/check-result.js';
import { currentActivity, formatDuration, TIME_LIMIT_FIX, timeLimitText } from '../lifecycle/time-limit.js';

const MAX_STATEMENT = 2_000;

/**
 * A migration that fails to apply: its folder, the failing statement, its line in `migration.sql`
 * and the database's error. The engine names only the migration (P3006); the adapter saw the
 * statement and the server's error position.
 */
export function describeMigrationFailure(engineMessage: string, failure: ScriptFailure | undefined, history: MigrationHistory): Finding {
  const name = /Migration `([^`]+)`/.exec(engineMessage)?.[1];
  const migration =
    history.migrations.find((candidate) => candidate.name === name) ??
    history.migrations.find((candidate) => candidate.sql === failure?.script);
  if (!migration || !failure) {
    return {
      kind: 'migration-failed',
      message: engineMessage.trim(),
      migration: migration?.name ?? name,
      file: migration?.file,
      fix: 'Fix the migration so that it applies to an empty database after the migrations before it.',
    };
  }
  const offset = failure.errorOffset ?? failure.statementStart;
  const line = lineAt(migration.sql, offset);
  // The server's error position (PostgreSQL's `position`) marks the column; a statement start does not.
  const column =
    failure.errorOffset === undefined
      ? undefined
      : failure.errorOffset - (migration.sql.lastIndexOf('\n', failure.errorOffset - 1) + 1) + 1;
  const { error } = failure;
  const extension = missingExtension(error.message);
  return migrationFailedFinding({
    migration,
    line,
    column,
    statement: failure.statement,
    databaseError: { code: error.code, message: error.message, detail: error.detail, hint: error.hint },
    fix: extension
      ? `The shadow database server lacks the extension "${extension}". Use a shadow server that provides it (for example an image with ${extension} installed, passed as the shadow database URL).`
      : undefined,
  });
}

/**
 * The finding for a migration that fails to apply, the same for every database: its folder, file and
 * line, the statement (bounded), the database's error and the lines up to the failing one.
 */
export function migrationFailedFinding(input: {
  migration: Migration;
  line: number;
  column?: number;
  statement: string;
  databaseError: NonNullable<Finding['databaseError']>;
  fix?: string;
}): Finding {
  const { migration, line, databaseError } = input;
  return {
    kind: 'migration-failed',
    message: `Migration \`${migration.name}\` failed to apply cleanly to the shadow database: ${databaseError.message} (line ${line} of ${migration.file}).`,
    migration: migration.name,
    file: migration.file,
    line,
    sql: input.statement.length > MAX_STATEMENT ? `${input.statement.slice(0, MAX_STATEMENT)}…` : input.statement,
    databaseError,
    excerpt: excerpt(migration.sql, line, input.column),
    fix:
      input.fix ??
      'Fix the statement so that the migration applies after the ones before it. If it is already applied in production, do not edit it: add a new migration instead.',
  };
}

function missingExtension(message: string): string | undefined {
  return (
    /extension "([^"]+)" is not available/.exec(message)?.[1] ??
    /could not open extension control file ".*\/([^/]+)\.control"/.exec(message)?.[1]
  );
}

/**
 * The failing line and the five before it, numbered, as Prisma's own `Position:` block shows them;
 * with the database's error position (`column`, 1-based), a `^` under the character it names (tabs
 * kept, so the marker lines up however tabs are shown).
 */
export function excerpt(sql: string, line: number, column?: number): string {
  const lines = sql.split('\n');
  const first = Math.max(1, line - 5);
  const width = String(line).length;
  const shown: string[] = [];
  for (let n = first; n <= Math.min(line, lines.length); n++)
    shown.push(`${String(n).padStart(width)} | ${lines[n - 1]!.replace(/\r$/, '')}`);
  const failing = lines[line - 1];
  if (column !== undefined && failing !== undefined && column >= 1 && column <= failing.length + 1) {
    const lead = failing.slice(0, column - 1).replace(/[^\t]/g, ' ');
    shown.push(`${' '.repeat(width)} | ${lead}^`);
  }
  return shown.join('\n');
}

/**
 * The review's `not-analysed` findings on the very line where a migration failed to apply: the
 * review's parser stumbled on the statement the database rejected. The database's error says more
 * and is the verdict; the same line gets one annotation, and a syntax error is never counted as a
 * review finding (destructive or locking).
 */
export function withoutEchoesOfFailure(findings: Finding[]): Finding[] {
  const failed = new Set(
    findings
      .filter((finding) => finding.kind === 'migration-failed' && finding.file && finding.line)
      .map((finding) => `${finding.file}:${finding.line}`),
  );
  if (failed.size === 0) return findings;
  return findings.filter(
    (finding) => !((finding as { rule?: string }).rule === 'not-analysed' && failed.has(`${finding.file}:${finding.line}`)),
  );
}

/**
 * A migration the run's time limit cancelled: not the migration's fault as far as anyone knows, so
 * not `migration-failed` but a run that could not finish, naming the migration, its statement and
 * line, and how long it had been applying.
 */
export function timedOut(cancelled: Finding): Finding {
  const now = currentActivity();
  const statement = cancelled.sql ? ` The statement running (line ${cancelled.line} of ${cancelled.file}): ${oneLine(cancelled.sql)}` : '';
  return {
    kind: 'timeout',
    message: `The run's time limit (${timeLimitText()}) expired while migration \`${cancelled.migration ?? '?'}\` was applying to the shadow database${now ? `, after ${formatDuration(now.forMs)}` : ''}; it was cancelled.${statement}`,
    migration: cancelled.migration,
    file: cancelled.file,
    line: cancelled.line,
    sql: cancelled.sql,
    excerpt: cancelled.excerpt,
    fix: TIME_LIMIT_FIX,
  };
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** A migration.sql that is not UTF-8: Prisma cannot read it (`stream did not contain valid UTF-8`), so it never applies. */
export function invalidUtf8Finding(migration: Migration): Finding {
  const at = migration.invalidUtf8!;
  return {
    kind: 'migration-failed',
    message: `Migration \`${migration.name}\` cannot be read: ${migration.file} is not valid UTF-8 (line ${at.line}, byte ${at.byte}). Prisma reads migration files as UTF-8 and refuses this one, so it fails to apply.`,
    migration: migration.name,
    file: migration.file,
    line: at.line,
    fix: 'Save the file as UTF-8 (for example `iconv -f latin1 -t utf-8 migration.sql > fixed.sql`, if it was Latin-1). Prisma itself could not have applied it as it is.',
  };
}
