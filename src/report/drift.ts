import type { DriftFinding, DriftResult } from '../drift/drift-result.js';
import { redact } from '../util/redact.js';
import { escapeInline, fence } from './markdown-text.js';
import { formatMs, paint, type TextOptions } from './text.js';
import { prismaCommand } from '../prisma-version/pin.js';
import { judgedBy, judgedByLines, noticesMarkdown } from './judged-by.js';

const TITLE: Record<DriftFinding['kind'], string> = {
  unapplied: 'Not applied yet',
  failed: 'Failed migration',
  edited: 'Edited after it was applied',
  'missing-from-folder': 'Applied, but missing from the folder',
  'schema-drift': 'Schema drift',
  'no-migrations-table': 'Not managed by Prisma Migrate',
  'migration-failed': 'An applied migration does not replay',
};

function titleOf(finding: DriftFinding): string {
  if (finding.kind === 'schema-drift')
    return finding.against === 'schema' ? 'Behind the Prisma schema' : 'Schema drift: the database differs from its migrations';
  return TITLE[finding.kind];
}

function sqlLabel(finding: DriftFinding): string {
  if (finding.kind === 'schema-drift')
    return finding.against === 'schema'
      ? 'SQL that brings the database to the schema'
      : 'SQL that brings the database back in line with its migrations';
  return 'SQL';
}

function headline(result: DriftResult): string {
  const gate = result.findings.filter((finding) => finding.failsGate).length;
  switch (result.verdict) {
    case 'in-sync':
      return `No drift: ${result.database} has all ${result.migrations.folder} migration${result.migrations.folder === 1 ? '' : 's'} of ${result.migrationsDirectory}, as they are, and nothing else`;
    case 'unapplied':
      return `${result.migrations.unapplied} migration${result.migrations.unapplied === 1 ? '' : 's'} not applied to ${result.database} yet; no drift`;
    case 'not-managed':
      return `${result.database} is not managed by Prisma Migrate`;
    case 'drift':
      return `Drift: ${result.database} disagrees with ${result.migrationsDirectory} (${gate} finding${gate === 1 ? '' : 's'} fail${gate === 1 ? 's' : ''} the gate)`;
    case 'error':
      return 'Could not compare the database';
  }
}

/** The terminal report of a drift: the verdict first, then each finding with what, where and the fix. */
export function renderDriftText(result: DriftResult, options: TextOptions): string {
  const red = paint(options.color, 'red');
  const green = paint(options.color, 'green');
  const yellow = paint(options.color, 'yellow');
  const dim = paint(options.color, 'dim');
  const bold = paint(options.color, 'bold');
  const counts = `${result.migrations.applied} applied, ${result.migrations.unapplied} unapplied${result.migrations.failed ? `, ${result.migrations.failed} failed` : ''} of ${result.migrations.folder}`;
  const timing = dim(`(${counts}; ${formatMs(result.timings.totalMs)}${result.shadow ? `, shadow: ${result.shadow.description}` : ''})`);
  const mark = result.verdict === 'in-sync' ? green('✔') : result.findings.some((finding) => finding.failsGate) ? red('✖') : yellow('!');
  const out = [`${mark} ${headline(result)} ${timing}`, ...judgedByLines(result, dim)];
  for (const finding of result.findings) {
    out.push('');
    const gate = finding.failsGate ? red('fails the gate') : dim(`does not fail the gate (fail-on: ${result.failOn.join(',') || 'none'})`);
    out.push(`${bold(titleOf(finding))}${finding.file ? ` ${finding.file}` : ''} ${dim('—')} ${gate}`);
    out.push(...indent(finding.message));
    if (finding.databaseError)
      out.push(
        '',
        `  Database error${finding.databaseError.code ? ` ${finding.databaseError.code}` : ''}: ${finding.databaseError.message}`,
      );
    if (finding.excerpt) out.push('', '  Position:', ...indent(finding.excerpt, '    '));
    if (finding.sql && finding.kind === 'schema-drift') out.push('', `  ${sqlLabel(finding)}:`, ...indent(finding.sql, '    '));
    if (finding.fix) out.push('', `  ${bold('Fix:')} ${finding.fix}`);
  }
  return redact(out.join('\n')) + '\n';
}

/** Icons of verdicts that do not fail the job (`fail-on` leaves them out); a failing job's heading is ❌. */
const HEADLINE_ICON: Record<DriftResult['verdict'], string> = {
  'in-sync': '✅',
  unapplied: 'ℹ️',
  drift: '⚠️',
  'not-managed': '⚠️',
  error: '❌',
};

/** The job summary (and PR comment body) of a drift: GitHub-flavoured Markdown. */
export function renderDriftMarkdown(result: DriftResult): string {
  const out = [
    `### prisma-schema-guard drift: ${result.gate === 'fail' ? '❌' : HEADLINE_ICON[result.verdict]} ${escapeInline(headline(result))}`,
    '',
  ];
  out.push(
    `\`${result.database}\` · ${result.migrations.applied} applied, ${result.migrations.unapplied} unapplied${result.migrations.failed ? `, ${result.migrations.failed} failed` : ''} of ${result.migrations.folder} in \`${result.migrationsDirectory}\` · ${formatMs(result.timings.totalMs)}${result.shadow ? ` · shadow: ${result.shadow.description}` : ''}${result.prisma ? ` · ${judgedBy(result)}` : ''}`,
    ...noticesMarkdown(result),
  );
  const unapplied = result.findings.filter((finding) => finding.kind === 'unapplied');
  for (const finding of result.findings) {
    if (finding.kind === 'unapplied') continue;
    out.push('', `#### ${finding.failsGate ? '❌' : 'ℹ️'} ${titleOf(finding)}${finding.file ? ` — \`${finding.file}\`` : ''}`, '');
    out.push(...fence(finding.message, 'text'));
    if (finding.excerpt) out.push('', ...fence(finding.excerpt, 'sql'));
    if (finding.sql && finding.kind === 'schema-drift')
      out.push('', `<details><summary>${sqlLabel(finding)}</summary>`, '', ...fence(finding.sql, 'sql'), '', '</details>');
    if (finding.fix) out.push('', `**Fix:** ${finding.fix}`);
  }
  if (unapplied.length > 0) {
    const gate = unapplied[0]!.failsGate ? '❌ fails the gate (`fail-on: unapplied`)' : 'expected before a deploy; does not fail the gate';
    out.push('', `#### Not applied yet (${unapplied.length}) — ${gate}`, '');
    for (const finding of unapplied)
      out.push(
        `- \`${finding.migration}\`${finding.message.includes('out of order') ? ' — merged out of order: sorts before an applied migration' : ''}`,
      );
    out.push('', `**Fix:** \`${prismaCommand(result.prisma)} migrate deploy\` applies them.`);
  }
  // The closing line, where the eye lands.
  out.push(
    '',
    result.gate === 'pass'
      ? '**Gate: ✅ pass**'
      : `**Gate: ❌ fail**${result.verdict === 'error' ? ' — the check for drift could not run' : ` (\`fail-on: ${result.failOn.join(',') || 'none'}\`)`}`,
  );
  return redact(out.join('\n')) + '\n';
}

function indent(text: string, prefix = '  '): string[] {
  return text.split('\n').map((line) => (line ? prefix + line : line));
}
