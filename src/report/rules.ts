import { RULE_DOCS, IGNORE_COMMENT } from '../review/rule-docs.js';
import { RULE_IDS, RULES } from '../review/rules.js';
import { wrapText } from '../util/wrap.js';

const CATEGORY = { destructive: 'destructive', lock: 'locking' } as const;

/** `review --list-rules`: every rule, its category, why it matters and the safer way; then the ignore comment. */
export function renderRulesText(width = 80): string {
  const out: string[] = [];
  for (const id of RULE_IDS) {
    const rule = RULES[id];
    const docs = RULE_DOCS[id];
    out.push(`${id} (${CATEGORY[rule.category]}, ${rule.severity})`, `    ${rule.title}.`);
    out.push(
      ...wrapText(`Why: ${docs.why}`, width - 4)
        .split('\n')
        .map((line) => `    ${line}`),
    );
    out.push(
      ...wrapText(`Safer: ${docs.safer}`, width - 4)
        .split('\n')
        .map((line) => `    ${line}`),
    );
    out.push('');
  }
  out.push(
    ...wrapText(
      `Silence a finding you have checked with a comment right above its statement in migration.sql: \`${IGNORE_COMMENT}\`. The reason is shown in the report. \`not-analysed\` always runs: a statement nobody read never passes silently.`,
      width,
    ).split('\n'),
  );
  return `${out.join('\n')}\n`;
}

/** The README's rules table (a test keeps the README equal to it). */
export function renderRulesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = RULE_IDS.map(
    (id) => `| \`${id}\` | ${CATEGORY[RULES[id].category]} | ${cell(RULE_DOCS[id].why)} | ${cell(RULE_DOCS[id].safer)} |`,
  );
  return ['| Rule | Category | Why | Safer way |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

/** `review --list-rules --json`. */
export function rulesJson(): Array<{ id: string; category: string; severity: string; title: string; why: string; safer: string }> {
  return RULE_IDS.map((id) => ({
    id,
    category: RULES[id].category,
    severity: RULES[id].severity,
    title: RULES[id].title,
    ...RULE_DOCS[id],
  }));
}
