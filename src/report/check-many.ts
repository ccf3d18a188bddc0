import type { CheckManyResult } from '../verdict/check-result.js';
import { renderCheckText, type TextOptions } from './text.js';

/** Several schemas in the terminal: each schema's report under a line that names it, then the tally. */
export function renderCheckManyText(many: CheckManyResult, schemas: readonly string[], options: TextOptions): string {
  const parts = many.results.map(
    (result, index) => `── ${schemas[index] ?? result.schema.files.join(', ')} ──\n${renderCheckText(result, options)}`,
  );
  const tally = new Map<string, number>();
  for (const result of many.results) tally.set(result.verdict, (tally.get(result.verdict) ?? 0) + 1);
  const counts = [...tally].map(([verdict, count]) => `${count} ${verdict}`).join(', ');
  return `${parts.join('\n')}\n${many.results.length} schemas: ${counts} (overall: ${many.verdict})\n`;
}
