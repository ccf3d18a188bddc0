/**
 * `-- prisma-schema-guard-ignore <rule>[, <rule>]: <reason>` in the comment lines right above a
 * statement (or right above the clause of an ALTER TABLE a finding points at) silences that rule's
 * finding there; the reason is kept and shown.
 */
export interface IgnoreDirective {
  rules: string[];
  reason: string;
  line: number;
}

const DIRECTIVE = /^\s*--\s*prisma-schema-guard-ignore\s+([a-z0-9_-]+(?:\s*,\s*[a-z0-9_-]+)*)\s*(?::\s*(.*?))?\s*$/i;

/** The directives in the block of `--` comment lines directly above 1-based `line`. */
export function ignoresAbove(lines: string[], line: number): IgnoreDirective[] {
  const found: IgnoreDirective[] = [];
  for (let index = line - 2; index >= 0; index--) {
    const text = lines[index]!.trim();
    if (!text.startsWith('--')) break;
    const match = DIRECTIVE.exec(text);
    if (match)
      found.push({
        rules: match[1]!.split(',').map((rule) => rule.trim().toLowerCase()),
        reason: match[2] || 'no reason given',
        line: index + 1,
      });
  }
  return found;
}
