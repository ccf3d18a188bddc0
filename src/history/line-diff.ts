/**
 * A unified diff of two texts, line by line: what an edited migration's finding shows. Prisma's
 * checksum covers every byte, so the diff must show differences a reader cannot see: a trailing
 * space, a missing final newline, a carriage return.
 */

export interface LineDiff {
  /** The hunks in unified format (`@@ -a,b +c,d @@` headers, ` `/`-`/`+` lines), without file headers. */
  hunks: string;
  /** The first line of the new text that differs (1-based; for a pure deletion, the line after it). */
  firstChangedLine: number;
  /** What differs, for the message: any bytes, or only whitespace / line endings / the final newline. */
  nature: 'content' | 'whitespace' | 'line-endings' | 'final-newline';
}

interface Line {
  text: string;
  /** Whether the line ends with `\n` (only the last line of a text can lack it). */
  eol: boolean;
}

type Edit = { op: ' ' | '-' | '+'; line: Line; oldNo: number; newNo: number };

const CONTEXT = 3;
/** Above this many cells the middle part is shown as one replacement instead of a minimal diff. */
const MAX_TABLE_CELLS = 4_000_000;

export function diffLines(before: string, after: string): LineDiff | undefined {
  if (before === after) return undefined;
  const a = splitLines(before);
  const b = splitLines(after);
  const edits = editScript(a, b);
  // The first difference follows the common prefix, on both sides.
  const prefix = edits.findIndex((edit) => edit.op !== ' ');
  const firstChangedLine = Math.max(1, Math.min(prefix + 1, b.length));
  return { hunks: renderHunks(edits), firstChangedLine, nature: natureOf(before, after) };
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const lines = parts.map((part) => ({ text: part, eol: true }));
  if (parts[parts.length - 1] === '') lines.pop();
  else lines[lines.length - 1]!.eol = false;
  return lines;
}

const same = (x: Line, y: Line) => x.text === y.text && x.eol === y.eol;

/** Common prefix and suffix, then a longest-common-subsequence table over the middle. */
function editScript(a: Line[], b: Line[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && same(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const edits: Edit[] = [];
  for (let i = 0; i < start; i++) edits.push({ op: ' ', line: a[i]!, oldNo: i + 1, newNo: i + 1 });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle: Array<{ op: Edit['op']; line: Line; i: number; j: number }> = [];
  if ((midA.length + 1) * (midB.length + 1) > MAX_TABLE_CELLS) {
    midA.forEach((line, i) => middle.push({ op: '-', line, i, j: 0 }));
    midB.forEach((line, j) => middle.push({ op: '+', line, i: midA.length, j }));
  } else {
    // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..].
    const width = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * width + j] = same(midA[i]!, midB[j]!) ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && same(midA[i]!, midB[j]!)) {
        middle.push({ op: ' ', line: midA[i]!, i: i++, j: j++ });
      } else if (i < midA.length && (j === midB.length || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        middle.push({ op: '-', line: midA[i]!, i: i++, j });
      } else {
        middle.push({ op: '+', line: midB[j]!, i, j: j++ });
      }
    }
    // Unified diffs list removals before additions within a change.
    sortRemovalsFirst(middle);
  }
  for (const entry of middle) edits.push({ op: entry.op, line: entry.line, oldNo: start + entry.i + 1, newNo: start + entry.j + 1 });
  for (let k = 0; k < a.length - endA; k++) edits.push({ op: ' ', line: a[endA + k]!, oldNo: endA + k + 1, newNo: endB + k + 1 });
  return edits;
}

function sortRemovalsFirst(entries: Array<{ op: Edit['op'] }>): void {
  let k = 0;
  while (k < entries.length) {
    if (entries[k]!.op === ' ') {
      k++;
      continue;
    }
    let end = k;
    while (end < entries.length && entries[end]!.op !== ' ') end++;
    const run = entries.slice(k, end);
    const ordered = [...run.filter((e) => e.op === '-'), ...run.filter((e) => e.op === '+')];
    entries.splice(k, run.length, ...ordered);
    k = end;
  }
}

function renderHunks(edits: Edit[]): string {
  const changed = edits.map((edit, index) => (edit.op === ' ' ? -1 : index)).filter((index) => index >= 0);
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    // A hunk: changes closer than 2 × CONTEXT lines apart share one.
    let last = changed[k]!;
    let next = k + 1;
    while (next < changed.length && changed[next]! - last <= 2 * CONTEXT) last = changed[next++]!;
    const from = Math.max(0, changed[k]! - CONTEXT);
    const to = Math.min(edits.length, last + CONTEXT + 1);
    const slice = edits.slice(from, to);
    const oldLines = slice.filter((e) => e.op !== '+');
    const newLines = slice.filter((e) => e.op !== '-');
    const oldStart = oldLines.length > 0 ? oldLines[0]!.oldNo : startBefore(edits, from, 'old');
    const newStart = newLines.length > 0 ? newLines[0]!.newNo : startBefore(edits, from, 'new');
    out.push(`@@ -${range(oldStart, oldLines.length)} +${range(newStart, newLines.length)} @@`);
    for (const edit of slice) {
      out.push(`${edit.op}${edit.line.text}`);
      if (!edit.line.eol) out.push('\\ No newline at end of file');
    }
    k = next;
  }
  return out.join('\n');
}

/** For an empty side of a hunk, unified diffs name the line before it (0 at the top). */
function startBefore(edits: Edit[], index: number, side: 'old' | 'new'): number {
  for (let i = index - 1; i >= 0; i--) {
    const edit = edits[i]!;
    if (side === 'old' && edit.op !== '+') return edit.oldNo;
    if (side === 'new' && edit.op !== '-') return edit.newNo;
  }
  return 0;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

function natureOf(before: string, after: string): LineDiff['nature'] {
  if (before.replace(/\r\n/g, '\n') === after.replace(/\r\n/g, '\n')) return 'line-endings';
  if (before.replace(/\n+$/, '') === after.replace(/\n+$/, '')) return 'final-newline';
  const squash = (text: string) => text.replace(/\s+/g, '');
  return squash(before) === squash(after) ? 'whitespace' : 'content';
}
