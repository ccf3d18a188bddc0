import { RULES, type ReviewFinding } from '../review/rules.js';
import { redact } from '../util/redact.js';
import { escapeCell, escapeCode, escapeInline, fence } from './markdown-text.js';

/** GitHub rejects an issue or PR comment body longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface ReviewMarkdownOptions {
  /** The migration folders the PR adds (for the headline and "all clear"). */
  migrations: string[];
  /** The base branch, shown in the headline. */
  base?: string;
  /** Markdown heading level of the section's title (default 3: `###`). */
  headingLevel?: number;
  /** The most characters the section may take (default: GitHub's comment limit, less room for the rest of a comment). */
  maxLength?: number;
  /** A block appended at the end (the schema change as a picture); the first thing dropped when space runs short. */
  appendix?: string;
}

/**
 * The review's section of the PR comment and the job summary: GitHub-flavoured Markdown, pure.
 * To stay under `maxLength` it drops detail in stages: first the statements, then the fixes, then
 * the messages (a table of rule, place and object), and last the rows that do not fit, saying how
 * many were left out.
 */
export function renderReviewMarkdown(findings: ReviewFinding[], options: ReviewMarkdownOptions): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT - 1_536;
  if (options.appendix) {
    const text = render(findings, options, 'full');
    const withAppendix = `${text.trimEnd()}\n\n${redact(options.appendix.trim())}\n`;
    if (withAppendix.length <= maxLength) return withAppendix;
  }
  for (const detail of ['full', 'no-sql', 'no-fix'] as const) {
    const text = render(findings, options, detail);
    if (text.length <= maxLength) return text;
  }
  const active = findings.filter((finding) => !finding.ignored);
  // Rows are similar in length: find the most that fit, then step down until it does.
  let rows = active.length;
  let text = render(findings, options, 'table', rows);
  while (text.length > maxLength && rows > 0) {
    rows = Math.max(0, Math.min(rows - 1, Math.floor((rows * maxLength) / text.length)));
    text = render(findings, options, 'table', rows);
  }
  return text;
}

type Detail = 'full' | 'no-sql' | 'no-fix' | 'table';

function render(findings: ReviewFinding[], options: ReviewMarkdownOptions, detail: Detail, rows?: number): string {
  const heading = '#'.repeat(options.headingLevel ?? 3);
  const active = findings.filter((finding) => !finding.ignored);
  const ignored = findings.filter((finding) => finding.ignored);
  const failing = active.filter((finding) => finding.failsGate);
  const out: string[] = [
    `${heading} prisma-schema-guard review: ${headline(active.length, failing.length, options.migrations.length)}`,
    '',
  ];
  const since = options.base ? ` since \`${escapeCode(options.base)}\`` : '';
  if (options.migrations.length === 0) {
    out.push(`This pull request adds no migration${since}.`);
    return finish(out);
  }
  out.push(
    `${options.migrations.length} migration${options.migrations.length === 1 ? '' : 's'} added${since}: ${options.migrations.map((name) => `\`${escapeCode(name)}\``).join(', ')}.`,
  );
  if (active.length > 0) {
    // A statement the review could not read is neither destructive nor locking: it is counted apart.
    const unread = active.filter((finding) => finding.rule === 'not-analysed').length;
    const destructive = active.filter((finding) => finding.category === 'destructive' && finding.rule !== 'not-analysed').length;
    const locking = active.filter((finding) => finding.category === 'lock').length;
    out.push(
      `${destructive} destructive, ${locking} locking${unread ? `, ${unread} not analysed` : ''} · ${failing.length} fail${failing.length === 1 ? 's' : ''} the gate.`,
    );
  }
  if (detail === 'table') {
    const shown = active.slice(0, rows ?? active.length);
    out.push('', '| | Rule | Where | Object |', '|---|---|---|---|');
    for (const finding of shown)
      out.push(
        `| ${icon(finding)} | \`${finding.rule}\` | \`${escapeCell(`${finding.file}:${finding.line}`)}\` | \`${escapeCell(finding.object)}\` |`,
      );
    const left = active.length - shown.length;
    if (left > 0)
      out.push(
        '',
        `…and ${left} more finding${left === 1 ? '' : 's'}, left out to fit GitHub's size limit: see the job summary, the annotations or \`--json\`.`,
      );
    else out.push('', "_Messages and fixes are left out to fit GitHub's size limit: see the annotations or `--json`._");
  } else {
    let file: string | undefined;
    let sql: string | undefined;
    for (const finding of active) {
      if (finding.file !== file) {
        file = finding.file;
        sql = undefined;
        out.push('', `**\`${escapeCode(file)}\`**`);
      }
      // A statement with several findings is shown once, under the first.
      out.push('', ...renderFinding(finding, detail, finding.sql !== sql));
      sql = finding.sql;
    }
  }
  if (ignored.length > 0) {
    out.push('', `<details><summary>${ignored.length} finding${ignored.length === 1 ? '' : 's'} silenced by ignore comments</summary>`, '');
    for (const finding of ignored)
      out.push(
        `- \`${finding.rule}\` at \`${escapeCode(`${finding.file}:${finding.line}`)}\` (\`${escapeCode(finding.object)}\`): ${escapeInline(finding.ignored ?? '')}`,
      );
    out.push('', '</details>');
  }
  return finish(out);
}

function renderFinding(finding: ReviewFinding, detail: Detail, showSql: boolean): string[] {
  const meta = RULES[finding.rule];
  const lines = [
    `${icon(finding)} **${meta.title}** · line ${finding.line} · \`${escapeCode(finding.object)}\` · \`${finding.rule}\``,
    '',
    finding.message,
  ];
  if (finding.data?.note) lines.push('', `📊 ${finding.data.note}`);
  if (detail !== 'no-fix') lines.push('', `**Fix:** ${finding.fix}`);
  if (detail === 'full' && showSql && finding.sql)
    lines.push('', '<details><summary>Statement</summary>', '', ...fence(finding.sql, 'sql'), '', '</details>');
  return lines;
}

function headline(active: number, failing: number, migrations: number): string {
  if (migrations === 0) return '✅ No migrations added';
  if (active === 0)
    return `✅ No destructive or locking changes in ${migrations === 1 ? 'the added migration' : `${migrations} added migrations`}`;
  if (failing > 0) return `❌ ${failing} finding${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''} the gate`;
  return `⚠️ ${active} finding${active === 1 ? '' : 's'}, none fails the gate`;
}

function icon(finding: ReviewFinding): string {
  if (finding.ignored) return '🔕';
  if (finding.failsGate) return '❌';
  return finding.severity === 'notice' ? 'ℹ️' : '⚠️';
}

function finish(lines: string[]): string {
  return redact(lines.join('\n')) + '\n';
}
