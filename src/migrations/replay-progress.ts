import type { MigrationHistory } from './history.js';

/** Where a replay is: the migration now applying (1-based) of how many. */
export interface ReplayProgress {
  current: number;
  total: number;
  migration: string;
}

/**
 * Turns the scripts the engine runs into progress through `history`. The engine sends each migration
 * as its own script, in order; other scripts (its own bookkeeping) match none and are not counted. The
 * search starts after the last match, so identical migrations (an empty one repeated) count in turn.
 */
export function replayProgress(history: MigrationHistory, report: (progress: ReplayProgress) => void): (script: string) => void {
  let last = -1;
  const total = history.migrations.length;
  return (script) => {
    const match = (from: number, to: number) => {
      for (let index = from; index < to; index++) if (history.migrations[index]!.sql === script) return index;
      return -1;
    };
    let index = match(last + 1, total);
    // A second replay (the summary after the script) starts again from the first migration.
    if (index === -1) index = match(0, last + 1);
    if (index === -1) return;
    last = index;
    report({ current: index + 1, total, migration: history.migrations[index]!.name });
  };
}
