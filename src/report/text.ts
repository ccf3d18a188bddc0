import { styleText } from 'node:util';
import type { CheckResult, Finding } from '../verdict/check-result.js';
import { redact } from '../util/redact.js';
import { judgedByLines } from './judged-by.js';

export interface TextOptions {
  color: boolean;
}

/** A style `util.styleText` knows: `red`, `green`, `yellow`, `bold`, `dim`. */
export type Style = Parameters<typeof styleText>[0];

/**
 * Styled text (`util.styleText`) when `on`, plain text otherwise; shared by every terminal report. The
 * caller decides (a TTY without --no-color or NO_COLOR): `styleText` is told not to check a stream
 * itself, since the report is built as a string before it is written.
 */
export const paint = (on: boolean, style: Style) => (text: string) => (on ? styleText(style, text, { validateStream: false }) : text);

/** The terminal report: the verdict first, then each finding with where, what and the fix. */
export function renderCheckText(result: CheckResult, options: TextOptions): string {
  const red = paint(options.color, 'red');
  const green = paint(options.color, 'green');
  const dim = paint(options.color, 'dim');
  const bold = paint(options.color, 'bold');
  const out: string[] = [];
  const where = `${result.schema.files.length === 1 ? result.schema.files[0] : `${result.schema.files.length} schema files`} and ${result.migrationsTotal} migration${result.migrationsTotal === 1 ? '' : 's'} in ${result.migrationsDirectory}`;
  const timing = dim(`(${formatMs(result.timings.totalMs)}${result.shadow ? `, shadow: ${result.shadow.description}` : ''})`);
  switch (result.verdict) {
    case 'in-sync':
      out.push(`${green('✔ In sync:')} ${where} ${timing}`);
      break;
    case 'missing-migration':
      out.push(`${red('✖ Missing migration:')} the schema has changes that no migration creates ${timing}`);
      break;
    case 'migration-failed':
      out.push(`${red('✖ Migration failed:')} a committed migration does not apply ${timing}`);
      out.push(
        `  ${result.migrationsApplied} of ${result.migrationsTotal} migration${result.migrationsTotal === 1 ? '' : 's'} in ${result.migrationsDirectory} applied before it.`,
      );
      break;
    case 'provider-mismatch':
      out.push(`${red('✖ Provider mismatch:')} migration_lock.toml and the schema disagree ${timing}`);
      break;
    case 'error':
      out.push(
        `${red('✖ Could not check:')} ${result.findings[0]?.kind === 'schema-invalid' ? 'Prisma rejects the schema' : 'see below'} ${timing}`,
      );
      break;
  }
  out.push(...judgedByLines(result, dim));
  // Each section's header stands beside its own body: the schema's verdict, the history, the review.
  const style = { bold, dim, red };
  const history = result.findings.filter((finding) => finding.category === 'history');
  const review = result.findings.filter((finding) => finding.category === 'destructive' || finding.category === 'lock');
  for (const finding of result.findings)
    if (!history.includes(finding) && !review.includes(finding)) out.push('', ...renderFinding(finding, style));
  if (history.length > 0) {
    const gated = history.some((finding) => finding.failsGate);
    out.push(
      '',
      `${gated ? red('✖ Migration history:') : 'Migration history:'} ${history.length} finding${history.length === 1 ? '' : 's'} against the base${gated ? '' : ' (not failing: fail-on)'}`,
    );
    for (const finding of history) out.push('', ...renderFinding(finding, style));
  }
  if (review.length > 0) {
    const gated = review.filter((finding) => finding.failsGate).length;
    out.push(
      '',
      `${gated ? red('✖ Review:') : 'Review:'} ${review.length} finding${review.length === 1 ? '' : 's'} in the migrations the PR adds${gated ? `, ${gated} fail${gated === 1 ? 's' : ''} the gate` : ' (none fails the gate)'}`,
    );
    for (const finding of review) out.push('', ...renderFinding(finding, style));
  }
  // Whether the job fails, said last, where the eye lands.
  const failing = result.findings.filter((finding) => finding.failsGate && finding.category !== undefined);
  if (result.gate === 'fail' && result.verdict !== 'error') {
    const reasons: string[] = result.verdict === 'in-sync' ? [] : [result.verdict];
    if (failing.length > 0)
      reasons.push(
        `${failing.length} finding${failing.length === 1 ? '' : 's'} (${[...new Set(failing.map((finding) => (finding as { rule?: string }).rule ?? finding.kind))].join(', ')}); \`fail-on\` decides which categories fail`,
      );
    out.push('', red(`✖ The gate fails: ${reasons.join('; ')}.`));
  }
  return redact(out.join('\n')) + '\n';
}

function renderFinding(finding: Finding, style: Record<'bold' | 'dim' | 'red', (text: string) => string>): string[] {
  const lines: string[] = [];
  const at = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : undefined;
  const rule = (finding as { rule?: string }).rule;
  if (rule && (finding.category === 'destructive' || finding.category === 'lock'))
    lines.push(`${finding.failsGate ? style.red('✖') : '!'} ${style.bold(rule)}${at ? ` ${at}` : ''}`);
  else if (finding.kind === 'required-column-without-default') lines.push(`! ${style.bold(finding.kind)}${at ? ` ${at}` : ''}`);
  else if (finding.category === 'history')
    lines.push(`${finding.failsGate ? style.red('✖') : '!'} ${style.bold(finding.kind)}${at ? ` ${at}` : ''}`);
  else if (at) lines.push(style.bold(at));
  lines.push(...indent(finding.message));
  if (finding.databaseError) {
    const e = finding.databaseError;
    lines.push('', `  Database error${e.code ? ` ${e.code}` : ''}: ${e.message}`);
    if (e.detail) lines.push(`  Detail: ${e.detail}`);
    if (e.hint) lines.push(`  Hint: ${e.hint}`);
  }
  if (finding.excerpt) lines.push('', '  Position:', ...indent(finding.excerpt, '    '));
  if (finding.kind === 'missing-migration' && finding.sql)
    lines.push('', '  SQL the missing migration needs:', ...indent(finding.sql, '    '));
  if (finding.diff) lines.push('', ...indent(finding.diff, '    '));
  if (finding.fix) lines.push('', `  ${style.bold('Fix:')} ${finding.fix}`);
  return lines;
}

function indent(text: string, prefix = '  '): string[] {
  return text.split('\n').map((line) => (line ? prefix + line : line));
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
