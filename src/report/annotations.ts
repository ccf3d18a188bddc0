import type { CheckResult } from '../verdict/check-result.js';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/** One annotation per finding that points at a file, on the line that causes it. */
export function annotationsOf(result: CheckResult): Annotation[] {
  return result.findings
    .filter((finding) => finding.file)
    .map((finding) => ({
      // A finding that `fail-on` lets pass is a warning, not an error.
      level: finding.failsGate === false ? ('warning' as const) : ('error' as const),
      title:
        finding.kind === 'migration-failed'
          ? `Migration ${finding.migration ?? ''} fails to apply`.trim()
          : `prisma-schema-guard: ${finding.kind}`,
      message: [
        finding.databaseError ? `${finding.databaseError.code ?? ''} ${finding.databaseError.message}`.trim() : finding.message,
        finding.fix,
      ]
        .filter(Boolean)
        .join('\n'),
      file: finding.file,
      line: finding.line,
    }));
}
