import type { ReplayProgress } from '../migrations/replay-progress.js';

/** One line on a terminal that is redrawn in place (`migration 412/1000`) and erased when done. */
export interface ProgressLine {
  /** The latest state; drawn at most every `intervalMs`, and only once the run has lasted `delayMs`. */
  update(text: string): void;
  /** Erases the line (before another line is printed, and at the end); the next update draws it again. */
  clear(): void;
  /** Erases the line and stops redrawing. */
  stop(): void;
}

const ERASE = '\r\u001b[K';

/**
 * Progress for a terminal only (the caller checks stderr is a TTY and `--json` is off): a short run
 * shows nothing, a long one a line that changes in place; CI logs never see it.
 */
export function progressLine(
  write: (text: string) => void,
  options: { delayMs?: number; intervalMs?: number; columns?: number } = {},
): ProgressLine {
  const started = Date.now();
  const delayMs = options.delayMs ?? 1_000;
  let pending: string | undefined;
  let shown: string | undefined;
  const draw = () => {
    if (pending === undefined || pending === shown || Date.now() - started < delayMs) return;
    const width = Math.max(20, (options.columns ?? 80) - 1);
    shown = pending;
    write(`${ERASE}${pending.length > width ? `${pending.slice(0, width - 1)}…` : pending}`);
  };
  // A migration that runs for seconds still shows the line: the timer draws what updates left pending.
  const timer = setInterval(draw, options.intervalMs ?? 100);
  timer.unref();
  return {
    update(text) {
      pending = text;
      if (shown === undefined) draw();
    },
    clear() {
      if (shown !== undefined) write(ERASE);
      shown = undefined;
    },
    stop() {
      clearInterval(timer);
      this.clear();
      pending = undefined;
    },
  };
}

/** A replay's progress (`check`, `drift`) on the progress line, if there is one. */
export function replayProgressOn(line: ProgressLine | undefined): ((progress: ReplayProgress) => void) | undefined {
  return line && (({ current, total, migration }) => line.update(`Replaying migration ${current}/${total}: ${migration}`));
}
