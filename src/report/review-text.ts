import type { ReviewResult } from '../verdict/review-result.js';
import { RULES, type ReviewFinding } from '../review/rules.js';
import { redact } from '../util/redact.js';
import type { Annotation } from './annotations.js';
import { formatMs, paint } from './text.js';

/** The terminal report of `review`: a headline, then each finding with where, what and the fix. */
export function renderReviewText(result: ReviewResult, options: { color: boolean }): string {
  const red = paint(options.color, 'red');
  const green = paint(options.color, 'green');
  const yellow = paint(options.color, 'yellow');
  const bold = paint(options.color, 'bold');
  const dim = paint(options.color, 'dim');
  const active = result.findings.filter((finding) => !finding.ignored);
  const failing = active.filter((finding) => finding.failsGate);
  const count = result.migrations.length;
  const scope = `${count} migration${count === 1 ? '' : 's'} added since ${result.base.ref}`;
  const timing = dim(`(${formatMs(result.timings.totalMs)})`);
  const out: string[] = [];
  if (active.length === 0) out.push(`${green('✔ No destructive or locking changes:')} ${scope} ${timing}`);
  else if (failing.length > 0)
    out.push(
      `${red(`✖ ${failing.length} finding${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the gate`)} (${active.length} in all): ${scope} ${timing}`,
    );
  else out.push(`${yellow(`⚠ ${active.length} finding${active.length === 1 ? '' : 's'}`)}, none fails the gate: ${scope} ${timing}`);
  for (const finding of active) {
    const mark = finding.failsGate ? red('✖') : yellow('⚠');
    out.push(
      '',
      `${mark} ${bold(`${finding.file}:${finding.line}`)} ${RULES[finding.rule].title} ${dim(`[${finding.rule}]`)}`,
      `  ${finding.message}`,
    );
    if (finding.data?.note) out.push(`  ${finding.data.note}`);
    out.push(`  ${bold('Fix:')} ${finding.fix}`);
  }
  const ignored = result.findings.filter((finding) => finding.ignored);
  if (ignored.length > 0) {
    out.push('', dim(`Silenced by ignore comments (${ignored.length}):`));
    for (const finding of ignored) out.push(dim(`  ${finding.file}:${finding.line} ${finding.rule}: ${finding.ignored}`));
  }
  return redact(out.join('\n')) + '\n';
}

/** One annotation per finding, on the migration.sql line that causes it; ignored ones are left out. */
export function reviewAnnotations(findings: ReviewFinding[]): Annotation[] {
  return findings
    .filter((finding) => !finding.ignored)
    .map((finding) => ({
      level: finding.failsGate ? 'error' : finding.severity === 'notice' ? 'notice' : 'warning',
      title: `${RULES[finding.rule].title} (${finding.rule})`,
      message: `${finding.message}\nFix: ${finding.fix}`,
      file: finding.file,
      line: finding.line,
    }));
}
