import type { CheckResult, Finding } from '../verdict/check-result.js';
import { historyTitle } from '../history/titles.js';
import type { ReviewFinding } from '../review/rules.js';
import { renderReviewMarkdown } from './review-markdown.js';
import { redact } from '../util/redact.js';
import { formatMs } from './text.js';
import { judgedBy, noticesMarkdown } from './judged-by.js';
import { escapeInline, fence } from './markdown-text.js';

const HEADLINE: Record<CheckResult['verdict'], string> = {
  'in-sync': '✅ Schema and migrations are in sync',
  'missing-migration': '❌ Missing migration',
  'migration-failed': '❌ A migration fails to apply',
  'provider-mismatch': '❌ Provider mismatch',
  error: '❌ Could not check',
};

/** The job summary (and PR comment body) of a check: GitHub-flavoured Markdown. */
export function renderCheckMarkdown(result: CheckResult): string {
  const failing = result.findings.filter((finding) => finding.failsGate);
  // The first heading says whether the job fails: a schema in sync whose other findings fail the
  // gate is a failing job, and its heading says so before anything else.
  const headline =
    result.verdict === 'in-sync' && result.gate === 'fail'
      ? `❌ ${plural(failing.length, 'finding')} ${failing.length === 1 ? 'fails' : 'fail'} the gate`
      : HEADLINE[result.verdict];
  const out: string[] = [`### prisma-schema-guard: ${headline}`, ''];
  const schema = result.schema.files.length === 1 ? `\`${result.schema.files[0]}\`` : `${result.schema.files.length} schema files`;
  out.push(
    `${schema} · ${migrationCount(result)} · ${result.provider} · ${formatMs(result.timings.totalMs)}${result.shadow ? ` · shadow: ${result.shadow.description}` : ''}${result.prisma ? ` · ${judgedBy(result)}` : ''}`,
  );
  out.push(...noticesMarkdown(result));
  // Each section's header stands beside its own body: the schema's verdict, the history, the review.
  if (result.verdict === 'in-sync' && result.gate === 'fail') out.push('', `${HEADLINE['in-sync']}.`);
  const history = result.findings.filter((finding) => finding.category === 'history');
  const review = result.findings.filter(isReviewFinding);
  for (const finding of result.findings)
    if (finding.category !== 'history' && !isReviewFinding(finding)) out.push('', ...renderFinding(finding));
  if (history.length > 0) {
    const gated = history.some((finding) => finding.failsGate);
    out.push(
      '',
      `${gated ? '❌' : '⚠️'} **Migration history:** ${history.length} finding${history.length === 1 ? '' : 's'} against the base${gated ? '' : ' (not failing: `fail-on`)'}`,
    );
    for (const finding of history) out.push('', ...renderFinding(finding));
  }
  // The review of the migrations the PR adds has its own section, the same as `review` renders.
  if (review.length > 0)
    out.push(
      '',
      renderReviewMarkdown(review, { migrations: [...new Set(review.map((finding) => finding.migration))], headingLevel: 4 }).trimEnd(),
    );
  out.push('', gateLine(result, failing));
  return redact(out.join('\n')) + '\n';
}

/** The closing line, where the eye lands: pass or fail, and why. */
function gateLine(result: CheckResult, failing: Finding[]): string {
  if (result.gate === 'pass') return '**Gate: ✅ pass**';
  if (result.verdict === 'error') return '**Gate: ❌ fail** — the check could not run';
  const reasons = result.verdict === 'in-sync' ? [] : [HEADLINE[result.verdict].replace(/^❌ /, '').toLowerCase()];
  const gated = failing.filter((finding) => finding.category !== undefined);
  if (gated.length > 0)
    reasons.push(
      `${plural(gated.length, 'finding')} that \`fail-on\` gates (${[...new Set(gated.map((finding) => (finding as { rule?: string }).rule ?? finding.kind))].join(', ')})`,
    );
  return `**Gate: ❌ fail** — ${reasons.join('; ')}`;
}

/** Folders found, and for a failure how many applied before it: `3 migrations in `dir` (2 applied before the failure)`. */
function migrationCount(result: CheckResult): string {
  const found = `${plural(result.migrationsTotal, 'migration')} in \`${result.migrationsDirectory}\``;
  return result.verdict === 'migration-failed' ? `${found} (${result.migrationsApplied} applied before the failure)` : found;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Findings of the review (destructive and locking statements) carry the rule that found them. */
export function isReviewFinding(finding: Finding): finding is Finding & ReviewFinding {
  return typeof (finding as { rule?: unknown }).rule === 'string' && (finding.category === 'destructive' || finding.category === 'lock');
}

function renderFinding(finding: Finding): string[] {
  const lines: string[] = [];
  const at = finding.file ? ` — \`${finding.file}${finding.line ? `:${finding.line}` : ''}\`` : '';
  lines.push(`#### ${titleOf(finding)}${at}`, '');
  // A one-line message is prose (it wraps); a block (Prisma's diagnostics, a list of changes) keeps its lines.
  lines.push(...(finding.message.includes('\n') ? fence(finding.message, 'text') : [prose(finding.message)]));
  if (finding.databaseError) {
    const e = finding.databaseError;
    lines.push('', `**Database error${e.code ? ` \`${e.code}\`` : ''}:** ${escapeInline(e.message)}`);
    if (e.detail) lines.push(`**Detail:** ${escapeInline(e.detail)}`);
    if (e.hint) lines.push(`**Hint:** ${escapeInline(e.hint)}`);
  }
  if (finding.excerpt) lines.push('', ...fence(finding.excerpt, 'sql'));
  if (finding.kind === 'missing-migration' && finding.sql) {
    lines.push('', '<details><summary>SQL the missing migration needs</summary>', '', ...fence(finding.sql, 'sql'), '', '</details>');
  }
  if (finding.diff)
    lines.push('', '<details><summary>Diff against the base</summary>', '', ...fence(finding.diff, 'diff'), '', '</details>');
  if (finding.fix) lines.push('', `**Fix:** ${finding.fix}`);
  return lines;
}

function titleOf(finding: Finding): string {
  switch (finding.kind) {
    case 'missing-migration':
      return 'Missing migration';
    case 'migration-failed':
      return `Migration \`${finding.migration ?? '?'}\` fails to apply`;
    case 'provider-mismatch':
      return 'Provider mismatch';
    case 'schema-invalid':
      return 'Invalid schema';
    case 'required-column-without-default':
      return '⚠️ Required column without a default';
    default:
      return historyTitle(finding) ?? 'Error';
  }
}

/** A message as a paragraph: its `quoted names` stay code, everything else is escaped. */
function prose(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? part : escapeInline(part)))
    .join('');
}
