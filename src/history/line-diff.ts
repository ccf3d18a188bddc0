/**
 * A unified diff of two texts, line by line: what an edited migration's finding shows. Prisma's
 * checksum covers every byte, so the diff must show differences a reader cannot see: a trailing
 * space, a missing final newline, a carriage return. The diff itself is jsdiff's (`structuredPatch`).
 */
import { structuredPatch, type StructuredPatchHunk } from 'diff';

export interface LineDiff {
  /** The hunks in unified format (`@@ -a,b +c,d @@` headers, ` `/`-`/`+` lines), without file headers. */
  hunks: string;
  /** The first line of the new text that differs (1-based; for a pure deletion, the line after it). */
  firstChangedLine: number;
  /** What differs, for the message: any bytes, or only whitespace / line endings / the final newline. */
  nature: 'content' | 'whitespace' | 'line-endings' | 'final-newline';
}

const CONTEXT = 3;
/**
 * Beyond this many removed and added lines jsdiff gives up on a minimal diff (its cost grows with the
 * square of it): everything between the common first and last lines is shown as replaced.
 */
const MAX_EDIT_LENGTH = 1_000;

export function diffLines(before: string, after: string): LineDiff | undefined {
  if (before === after) return undefined;
  const hunks = structuredPatch('', '', before, after, undefined, undefined, { context: CONTEXT, maxEditLength: MAX_EDIT_LENGTH })
    ?.hunks ?? [replacement(before, after)];
  return { hunks: hunks.map(render).join('\n'), firstChangedLine: firstChangedLine(hunks[0]!, after), nature: natureOf(before, after) };
}

/** A unified hunk as GNU diff writes it: a side's line count is left out when it is 1. */
function render(hunk: StructuredPatchHunk): string {
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start - (count === 0 ? 1 : 0)},${count}`);
  return [`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, ...hunk.lines].join('\n');
}

/** The new text's line at the first change of the first hunk (clamped to the last line, at least 1). */
function firstChangedLine(hunk: StructuredPatchHunk, after: string): number {
  const context = hunk.lines.findIndex((line) => !line.startsWith(' '));
  const lines = after === '' ? 0 : after.split('\n').length - (after.endsWith('\n') ? 1 : 0);
  return Math.max(1, Math.min(hunk.newStart + context, lines));
}

/** Too many edits for a minimal diff: one hunk replacing all between the common first and last lines. */
function replacement(before: string, after: string): StructuredPatchHunk {
  // Each line with its `\n` (the last one may lack it), as jsdiff compares them.
  const a = before === '' ? [] : before.split(/(?<=\n)/);
  const b = after === '' ? [] : after.split(/(?<=\n)/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(a.length, endA + CONTEXT);
  const lines = (op: string, texts: string[]) =>
    texts.flatMap((text) => (text.endsWith('\n') ? [op + text.slice(0, -1)] : [op + text, '\\ No newline at end of file']));
  return {
    oldStart: from + 1,
    oldLines: to - from,
    newStart: from + 1,
    newLines: to - from - (endA - endB),
    lines: [
      ...lines(' ', a.slice(from, start)),
      ...lines('-', a.slice(start, endA)),
      ...lines('+', b.slice(start, endB)),
      ...lines(' ', a.slice(endA, to)),
    ],
  };
}

function natureOf(before: string, after: string): LineDiff['nature'] {
  if (before.replace(/\r\n/g, '\n') === after.replace(/\r\n/g, '\n')) return 'line-endings';
  if (before.replace(/\n+$/, '') === after.replace(/\n+$/, '')) return 'final-newline';
  const squash = (text: string) => text.replace(/\s+/g, '');
  return squash(before) === squash(after) ? 'whitespace' : 'content';
}
