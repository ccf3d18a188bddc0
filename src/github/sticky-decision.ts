/**
 * What the one sticky comment of a report does on this run, decided without I/O: a pull request that
 * never had a finding gets no comment at all (no noise), one with findings gets the comment created
 * or updated in place, and once a later push removes the findings the same comment says "all clear"
 * (so that the old findings do not stay on the pull request looking current).
 */
import type { IssueComment } from './client.js';

/** GitHub rejects an issue or PR comment body longer than this (characters). */
export const COMMENT_LIMIT = 65_536;

export type StickyDecision =
  { action: 'create' } | { action: 'update'; commentId: number } | { action: 'all-clear'; commentId: number } | { action: 'nothing' };

export function decideSticky(hasFindings: boolean, existing: IssueComment | undefined): StickyDecision {
  if (hasFindings) return existing ? { action: 'update', commentId: existing.id } : { action: 'create' };
  return existing ? { action: 'all-clear', commentId: existing.id } : { action: 'nothing' };
}

export const ALL_CLEAR_NOTE = '✅ **All clear:** the findings reported on an earlier push are gone.';

/**
 * The comment's body: the marker (how the next run finds it), the report, and for "all clear" a
 * line that says the earlier findings are resolved. Bounded to GitHub's limit: a report longer than
 * that is cut at a line and says where the rest is.
 */
export function stickyBody(marker: string, markdown: string, decision: StickyDecision, limit = COMMENT_LIMIT): string {
  const head = decision.action === 'all-clear' ? `${marker}\n${ALL_CLEAR_NOTE}\n\n` : `${marker}\n`;
  const full = `${head}${markdown.trimEnd()}\n`;
  if (full.length <= limit) return full;
  const note = "\n\n_…cut to fit GitHub's comment size limit: the whole report is in the job summary._\n";
  // Room for the closing fence and </details> the cut may need.
  const room = limit - head.length - note.length - 64;
  const cut = markdown.slice(0, room);
  const atLine = cut.lastIndexOf('\n');
  let kept = atLine > 0 ? cut.slice(0, atLine) : cut;
  // A cut inside a fenced block or a <details> would swallow the note: close what is still open.
  const fences = kept.match(/^`{3,}/gm) ?? [];
  if (fences.length % 2 === 1) kept += `\n${fences[fences.length - 1]}`;
  const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) kept += '\n\n</details>';
  const body = `${head}${kept}${note}`;
  // The closing additions are short; should they still overflow, the plain cut is the bound.
  return body.length <= limit ? body : `${head}${markdown.slice(0, room - 40)}${note}`;
}
