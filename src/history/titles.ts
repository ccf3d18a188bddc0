import type { Finding } from '../verdict/check-result.js';
import type { HistoryKind } from './compare.js';

const TITLES: Record<HistoryKind, (migration: string) => string> = {
  'edited-migration': (m) => `Edited migration \`${m}\``,
  'deleted-migration': (m) => `Deleted migration \`${m}\``,
  'renamed-migration': (m) => `Renamed migration, now \`${m}\``,
  'out-of-order-migration': (m) => `Out-of-order migration \`${m}\``,
  'lockfile-changed': () => '`migration_lock.toml` changed',
  'migration-without-sql': (m) => `Migration folder \`${m}\` without migration.sql`,
  'empty-migration': (m) => `Empty migration \`${m}\``,
  'stray-file': () => 'Stray file in the migrations folder',
};

/** A report heading for a history finding (Markdown), or undefined for other findings. */
export function historyTitle(finding: Finding): string | undefined {
  if (finding.category !== 'history') return undefined;
  return TITLES[finding.kind as HistoryKind]?.(finding.migration ?? '?');
}
