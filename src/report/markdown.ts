import type { CheckResult, Finding } from '../commands/check-result.js';
import { redact } from '../util/redact.js';
import { formatMs } from './text.js';

const HEADLINE: Record<CheckResult['verdict'], string> = {
  'in-sync': '✅ Schema and migrations are in sync',
  'missing-migration': '❌ Missing migration',
  'migration-failed': '❌ A migration fails to apply',
  'provider-mismatch': '❌ Provider mismatch',
  error: '⚠️ Could not check',
};

/** The job summary (and PR comment body) of a check: GitHub-flavoured Markdown. */
export function renderCheckMarkdown(result: CheckResult): string {
  const out: string[] = [`### prisma-schema-guard: ${HEADLINE[result.verdict]}`, ''];
  const schema = result.schema.files.length === 1 ? `\`${result.schema.files[0]}\`` : `${result.schema.files.length} schema files`;
  out.push(`${schema} · ${result.migrations} migration${result.migrations === 1 ? '' : 's'} in \`${result.migrationsDirectory}\` · ${result.provider} · ${formatMs(result.timings.totalMs)}${result.shadow ? ` · shadow: ${result.shadow.description}` : ''}`);
  for (const finding of result.findings) out.push('', ...renderFinding(finding));
  return redact(out.join('\n')) + '\n';
}

function renderFinding(finding: Finding): string[] {
  const lines: string[] = [];
  const at = finding.file ? ` — \`${finding.file}${finding.line ? `:${finding.line}` : ''}\`` : '';
  lines.push(`#### ${titleOf(finding)}${at}`, '');
  lines.push(...fence(finding.message, 'text'));
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
    default:
      return 'Error';
  }
}

/** A fenced block that cannot be closed early by backticks in its content. */
export function fence(text: string, language: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const marker = '`'.repeat(longest + 1);
  return [`${marker}${language}`, text, marker];
}

function escapeInline(text: string): string {
  return text.replace(/([\\`*_<>|])/g, '\\$1');
}
