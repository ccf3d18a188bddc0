import { redact } from '../util/redact.js';

/**
 * The report of a run that could not run (unreachable server, bad input): the same shape as every
 * command's `--json` (`command`, `verdict: error`, one `error` finding with the message and the fix),
 * so `report-json` and `--json` always have a verdict to read.
 */
export interface CouldNotRunReport {
  command: string;
  verdict: 'error';
  gate: 'fail';
  findings: Array<{ kind: 'error'; message: string; fix?: string }>;
}

export function couldNotRunReport(command: string, message: string, fix?: string): CouldNotRunReport {
  return { command, verdict: 'error', gate: 'fail', findings: [{ kind: 'error', message, ...(fix ? { fix } : {}) }] };
}

const WHAT: Record<string, string> = { check: 'check', drift: 'check for drift', review: 'review', preview: 'preview' };

/** The job summary of such a run: what went wrong on one line, then what to do about it. */
export function renderCouldNotRunMarkdown(report: CouldNotRunReport): string {
  const finding = report.findings[0]!;
  const lines = [`### prisma-schema-guard: ❌ Could not ${WHAT[report.command] ?? 'run'}: ${oneLine(finding.message)}`, ''];
  if (finding.message.includes('\n')) lines.push('```', finding.message, '```', '');
  lines.push(
    finding.fix ? `**Fix:** ${finding.fix}` : '**Fix:** see the message above; the step log has the details.',
    '',
    `<sub>command \`${report.command}\` · verdict \`error\`</sub>`,
  );
  return redact(lines.join('\n')) + '\n';
}

function oneLine(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}
