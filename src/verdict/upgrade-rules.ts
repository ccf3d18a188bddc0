import semver from 'semver';
import type { Finding } from './check-result.js';

/**
 * Prisma upgrade rules: changes a newer Prisma makes to a database that an older Prisma's history
 * built, which are not a schema change of the project's. When an older project is judged by a newer
 * engine (no engine of its own release here), the statements such a rule explains are reported as
 * upgrade notes, not as a missing migration.
 */
export interface UpgradeNote {
  rule: string;
  /** The Prisma release that introduced the rule. */
  introducedIn: string;
  /** The tables (or indexes) it touches. */
  objects: string[];
  message: string;
  /** What Prisma's migration for the upgrade would run. */
  sql: string;
}

interface UpgradeRule {
  name: string;
  introducedIn: string;
  /** The object a statement of this rule touches, or undefined when the statement is not the rule's. */
  matches(statement: string): string | undefined;
  describe(objects: string[]): string;
}

const ident = '"(?:[^"]|"")+"';
const RULES: readonly UpgradeRule[] = [
  {
    // https://pris.ly/d/m-to-n-relations-v6: implicit many-to-many tables get a primary key on (A, B)
    // in place of their unique index.
    name: 'implicit-m2m-primary-key',
    introducedIn: '6.0.0',
    matches(statement) {
      const pk = new RegExp(`^ALTER TABLE (?:${ident}\\.)?"(_[^"]+)" ADD CONSTRAINT "\\1_AB_pkey" PRIMARY KEY \\("A", "B"\\);$`).exec(
        statement,
      );
      if (pk) return pk[1];
      return new RegExp(`^DROP INDEX (?:${ident}\\.)?"(_[^"]+)_AB_unique";$`).exec(statement)?.[1];
    },
    describe: (tables) =>
      `Prisma 6 gives implicit many-to-many tables a primary key on ("A", "B") in place of their unique index (${tables.map((t) => `"${t}"`).join(', ')}). The history was written by an older Prisma; the project's first migration under Prisma 6 makes this change.`,
  },
];

/**
 * Splits the statements of a migration script that upgrade rules explain (for a project pinned to
 * `pinned`) from the rest. Prisma's scripts put one statement per block, after a `-- Kind` comment.
 */
export function explainByUpgradeRules(script: string, pinned: string): { notes: UpgradeNote[]; rest: string } {
  const blocks = script.split(/\n\s*\n/);
  const kept: string[] = [];
  const explained = new Map<UpgradeRule, { objects: Set<string>; sql: string[] }>();
  for (const block of blocks) {
    const statement = block
      .split('\n')
      .filter((line) => !line.trim().startsWith('--'))
      .join('\n')
      .trim();
    const rule = statement ? RULES.find((r) => semver.lt(pinned, r.introducedIn) && r.matches(statement) !== undefined) : undefined;
    if (!rule) {
      if (statement) kept.push(block.trim());
      continue;
    }
    const entry = explained.get(rule) ?? { objects: new Set<string>(), sql: [] };
    entry.objects.add(rule.matches(statement)!);
    entry.sql.push(statement);
    explained.set(rule, entry);
  }
  const notes = [...explained].map(([rule, { objects, sql }]) => ({
    rule: rule.name,
    introducedIn: rule.introducedIn,
    objects: [...objects],
    message: rule.describe([...objects]),
    sql: sql.join('\n'),
  }));
  return { notes, rest: kept.join('\n\n') };
}

/** An upgrade note as a finding: shown and annotated, never failing the gate. */
export function upgradeNoteFinding(note: UpgradeNote, pinned: string): Finding {
  return {
    kind: 'upgrade-note',
    message: `Upgrade note (${note.rule}, Prisma ${note.introducedIn}): ${note.message}`,
    sql: note.sql,
    failsGate: false,
    fix: `Nothing to do while the project pins Prisma ${pinned}. When it upgrades to Prisma ${semver.major(note.introducedIn)}, \`prisma migrate dev\` creates this migration.`,
  };
}
