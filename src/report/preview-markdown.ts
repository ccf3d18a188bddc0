/**
 * The preview's sticky PR comment and job summary: the verdict, the destructive changes as a table
 * (object, change, rows affected, measured verdict, Prisma's message), the SQL in a collapsed block,
 * and what to do next. It stays under GitHub's comment limit by dropping detail in stages: the SQL
 * first, then long messages, then table rows, never the verdict.
 */
import type { PreviewClosed, PreviewResult } from '../verdict/preview-result.js';
import type { AffectedObject, Outcome } from '../plan/plan.js';
import { redact } from '../util/redact.js';
import { fence } from './markdown-text.js';
import { formatMs } from './text.js';
import { judgedBy, noticesMarkdown } from './judged-by.js';

/** GitHub rejects a comment body longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PreviewMarkdownOptions {
  /** The PR label that accepts data loss (for "what to do next"). */
  acceptLabel?: string;
  /** Lines added under the headline: GitHub errors, labels that could not be read. */
  notes?: string[];
  /** Characters the text must stay under (default: GitHub's comment limit, less room for the marker). */
  limit?: number;
  /** `action` (inputs, labels) or `cli` (flags) wording for the next steps. */
  context?: 'action' | 'cli';
}

interface Detail {
  sql: 'full' | 'omitted';
  messageChars?: number;
  rows?: number;
}

const STAGES: Detail[] = [{ sql: 'full' }, { sql: 'omitted' }, { sql: 'omitted', messageChars: 300 }];

export function renderPreviewMarkdown(result: PreviewResult | PreviewClosed, options: PreviewMarkdownOptions = {}): string {
  const limit = (options.limit ?? GITHUB_COMMENT_LIMIT) - 200;
  if (result.verdict === 'closed') return fit(renderClosed(result, options), limit);
  for (const detail of STAGES) {
    const text = render(result, options, detail);
    if (text.length <= limit) return text;
  }
  // Fewer table rows, halving until it fits; the count of the rest is said.
  let rows = result.affected.length;
  while (rows > 0) {
    rows = Math.floor(rows / 2);
    const text = render(result, options, { sql: 'omitted', messageChars: 300, rows });
    if (text.length <= limit) return text;
  }
  return fit(render(result, options, { sql: 'omitted', messageChars: 300, rows: 0 }), limit);
}

function render(result: PreviewResult, options: PreviewMarkdownOptions, detail: Detail): string {
  const out: string[] = [`### prisma-schema-guard preview: ${headline(result)}`, ''];
  out.push(context(result));
  out.push(...noticesMarkdown(result));
  for (const note of options.notes ?? []) out.push('', `> ⚠️ ${note}`);
  if (result.verdict === 'in-sync') {
    out.push('', 'The preview database already has this schema: nothing to push.');
    return finish(out);
  }
  out.push('', verdictSentence(result));

  const shown = detail.rows === undefined ? result.affected : result.affected.slice(0, detail.rows);
  if (result.affected.length > 0) {
    out.push('', '#### What this change does to the data', '');
    out.push('| Object | Change | Rows affected | On this data | Prisma says |', '|---|---|---:|---|---|');
    for (const object of shown) out.push(row(object, detail.messageChars));
    if (shown.length < result.affected.length)
      out.push('', `…and ${result.affected.length - shown.length} more affected objects (the \`plan-json\` output lists them all).`);
  }
  const unmatched = [...result.unexecutable, ...result.warnings].filter(
    (message) => !result.affected.some((object) => object.prisma.includes(message)),
  );
  if (unmatched.length > 0) {
    out.push('', "**Prisma's messages:**", '');
    for (const message of unmatched) out.push(`- ${cell(message, detail.messageChars)}`);
  }
  if (result.sql) {
    const statements = result.sql.split(/;\s*\n/).filter((s) => s.trim()).length;
    if (detail.sql === 'full') {
      out.push(
        '',
        `<details><summary>SQL of the push (${statements} statement${statements === 1 ? '' : 's'})</summary>`,
        '',
        ...fence(result.sql, 'sql'),
        '',
        '</details>',
      );
    } else {
      out.push(
        '',
        `_The SQL of the push (${result.sql.length.toLocaleString('en-US')} characters) is left out to fit GitHub's comment limit: see the \`plan-json\` output._`,
      );
    }
  }
  out.push('', '#### What to do next', '', ...nextSteps(result, options));
  return finish(out);
}

function finish(lines: string[]): string {
  return redact(lines.join('\n')) + '\n';
}

function fit(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n\n_…cut to fit GitHub's comment limit._\n`;
}

function headline(result: PreviewResult): string {
  switch (result.verdict) {
    case 'in-sync':
      return '✅ in sync';
    case 'applied':
      if (result.reset) return '⚠️ database reset and schema pushed';
      return result.acceptedDataLoss ? '⚠️ applied, data loss accepted' : '✅ applied';
    case 'blocked':
      if (result.blockedBy === 'unexecutable') return '⛔ blocked: Prisma cannot apply this change to the data';
      if (result.blockedBy === 'will-fail') return '⛔ blocked: this change fails on the data';
      return '⛔ blocked: this change destroys data';
  }
}

function context(result: PreviewResult | PreviewClosed): string {
  const db = result.database;
  const origin = db.created
    ? ` (created by this run${db.template ? ` from template \`${db.template}\`` : ''}${db.seeded ? ', seeded' : ''})`
    : db.mode === 'given'
      ? ' (given by `database-url`)'
      : '';
  if (result.verdict === 'closed') return `Database \`${db.name}\` on \`${db.server}\`${origin}`;
  const schema = result.schema.files.length === 1 ? `\`${result.schema.files[0]}\`` : `${result.schema.files.length} schema files`;
  return `${schema} → database \`${db.name}\` on \`${db.server}\`${origin} · ${formatMs(result.timings.totalMs)}${result.prisma ? ` · ${judgedBy(result)}` : ''}`;
}

function verdictSentence(result: PreviewResult): string {
  const steps = result.executedSteps;
  switch (result.verdict) {
    case 'applied':
      if (result.reset)
        return `The database was emptied (\`force-reset\`) and the schema pushed: ${steps} step${steps === 1 ? '' : 's'}. All of its previous data is gone.`;
      if (result.acceptedDataLoss)
        return `Applied ${steps} step${steps === 1 ? '' : 's'} with data loss accepted${result.acceptedBy ? ` (${result.acceptedBy})` : ''}: the data below is gone.`;
      if (result.cleared.length > 0)
        return `Applied ${steps} step${steps === 1 ? '' : 's'}. Prisma warned, but the measured data shows the step${result.cleared.length === 1 ? '' : 's'} keep every value.`;
      return `Applied ${steps} step${steps === 1 ? '' : 's'}: no data is lost.`;
    case 'blocked':
      return 'Nothing was changed in the preview database.';
    default:
      return '';
  }
}

const OUTCOME: Record<Outcome, string> = {
  safe: '✅ no data lost',
  'loses-data': '⚠️ loses data',
  'will-fail': '❌ will fail',
  'will-succeed': '✅ will succeed',
  unknown: '❔ not measured',
};

function row(object: AffectedObject, messageChars?: number): string {
  const measured = object.measured ? `${OUTCOME[object.outcome]}: ${object.measured}` : OUTCOME[object.outcome];
  const prisma = object.prisma.map((message) => cell(message, messageChars)).join('<br>') || '—';
  return `| \`${cell(object.object)}\` | ${cell(object.change)} | ${object.rows ?? '—'} | ${cell(measured)} | ${prisma} |`;
}

/** A table cell: pipes escaped, lines joined, optionally shortened. */
function cell(text: string, max?: number): string {
  const short = max !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return short.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function nextSteps(result: PreviewResult, options: PreviewMarkdownOptions): string[] {
  const cli = options.context === 'cli';
  const label = options.acceptLabel ?? 'accept-data-loss';
  const accept = cli
    ? 'run again with `--accept-data-loss`'
    : `add the label \`${label}\` to this pull request (or set \`accept-data-loss: true\`) and re-run the job`;
  const reset = cli ? '`--force-reset`' : '`force-reset: true`';
  if (result.verdict === 'applied') {
    return result.acceptedDataLoss || result.reset
      ? [
          "- The preview database has this commit's schema. Before merging, make sure production has a migration that keeps the data this change dropped.",
        ]
      : ["- Nothing: the preview database has this commit's schema."];
  }
  switch (result.blockedBy) {
    case 'unexecutable':
      return [
        '- Prisma cannot run these steps on the rows that exist: give a new required column a `@default(...)` or make it optional (`String?`), fill NULLs before making a column required, or write the change as a migration that moves the data.',
        `- Or empty the preview database and push: ${reset} (all of its data is lost).`,
      ];
    case 'will-fail':
      return [
        '- The measured data makes a step fail: remove the duplicate values, or the values that do not convert, before the change (or change the schema).',
        `- Or empty the preview database and push: ${reset} (all of its data is lost).`,
      ];
    default:
      return [
        '- If losing this data is intended, ' + accept + '.',
        '- Otherwise keep the data: make the field optional or give it a default, or move the data first with a migration.',
      ];
  }
}

function renderClosed(result: PreviewClosed, options: PreviewMarkdownOptions): string {
  const out = [`### prisma-schema-guard preview: 🧹 pull request closed`, '', context(result)];
  for (const note of options.notes ?? []) out.push('', `> ⚠️ ${note}`);
  out.push('');
  if (result.dropped) out.push(`The preview database \`${result.database.name}\` was dropped.`);
  else
    out.push(
      `The preview database \`${result.database.name}\` was left as it is: ${result.keptBecause ?? 'this action did not create it'}.`,
    );
  return finish(out);
}
