import type { FailOnCategory } from '../gate/fail-on.js';
import { ignoresAbove } from './ignore.js';
import { RULES, type ReviewFinding, type ReviewTarget, type RuleId } from './rules.js';

/** What a dialect's analysis says about one statement, before ignore comments and the gate. */
export interface FindingDraft {
  rule: RuleId;
  line: number;
  object: string;
  message: string;
  fix: string;
  target?: ReviewTarget;
  statement: { line: number; text: string };
}

/**
 * Drafts of one migration → findings: the rules asked for, silenced by an ignore comment above the
 * statement (or above the clause a finding points at), the gate from `fail-on`. The same for every
 * SQL dialect.
 */
export function findingsOf(
  drafts: FindingDraft[],
  context: { lines: string[]; file: string; migration: string; rules: Set<RuleId>; failOn: Set<FailOnCategory> },
): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const draft of drafts) {
    if (!context.rules.has(draft.rule)) continue;
    const directives = [
      ...ignoresAbove(context.lines, draft.statement.line),
      ...(draft.line !== draft.statement.line ? ignoresAbove(context.lines, draft.line) : []),
    ];
    const ignored = directives.find((directive) => directive.rules.includes(draft.rule) || directive.rules.includes('all'));
    const meta = RULES[draft.rule];
    findings.push({
      kind: draft.rule,
      rule: draft.rule,
      severity: meta.severity,
      category: meta.category,
      failsGate: !ignored && context.failOn.has(meta.category),
      file: context.file,
      line: draft.line,
      migration: context.migration,
      object: draft.object,
      message: draft.message,
      fix: draft.fix,
      sql: shorten(draft.statement.text, 400),
      ...(draft.target ? { target: draft.target } : {}),
      ...(ignored ? { ignored: ignored.reason } : {}),
    });
  }
  return findings;
}

/** The first line of a statement, shortened: how a statement is named when it has no object. */
export function firstWords(text: string): string {
  return shorten(text.split('\n')[0]!.trim(), 60);
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
