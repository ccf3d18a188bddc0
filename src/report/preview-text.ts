import type { PreviewResult } from '../verdict/preview-result.js';
import { redact } from '../util/redact.js';
import { formatMs, paint } from './text.js';
import { judgedByLines } from './judged-by.js';

/** The terminal report of `preview`: the verdict, each affected object, Prisma's messages verbatim. */
export function renderPreviewText(result: PreviewResult, options: { color: boolean }): string {
  const red = paint(options.color, 'red');
  const green = paint(options.color, 'green');
  const yellow = paint(options.color, 'yellow');
  const dim = paint(options.color, 'dim');
  const where = `${result.database.name} on ${result.database.server}`;
  const timing = dim(`(${formatMs(result.timings.totalMs)})`);
  const out: string[] = [];
  switch (result.verdict) {
    case 'in-sync':
      out.push(`${green('✔ In sync:')} ${where} already has the schema ${timing}`);
      break;
    case 'applied':
      if (result.reset)
        out.push(`${yellow('⚠ Reset and pushed:')} ${where} was emptied, then ${result.executedSteps} step(s) applied ${timing}`);
      else if (result.acceptedDataLoss)
        out.push(`${yellow('⚠ Applied with data loss:')} ${result.executedSteps} step(s) on ${where} ${timing}`);
      else out.push(`${green('✔ Applied:')} ${result.executedSteps} step(s) on ${where}, no data lost ${timing}`);
      break;
    case 'blocked':
      out.push(
        `${red('✖ Blocked:')} ${result.blockedBy === 'unexecutable' ? 'Prisma cannot apply the change to the data' : result.blockedBy === 'will-fail' ? 'a step fails on the data' : 'the change destroys data'}; nothing was changed in ${where} ${timing}`,
      );
      break;
  }
  out.push(...judgedByLines(result, dim));
  for (const object of result.affected) {
    out.push(
      '',
      `  ${object.object}: ${object.change}${object.rows !== undefined ? ` (${object.rows} row${object.rows === 1 ? '' : 's'})` : ''}`,
    );
    out.push(`    on this data: ${object.outcome}${object.measured ? ` — ${object.measured}` : ''}`);
    for (const message of object.prisma) out.push(`    Prisma: ${message}`);
  }
  if (result.verdict === 'blocked') {
    out.push(
      '',
      result.blockedBy === 'data-loss'
        ? 'To apply it anyway: --accept-data-loss.'
        : 'To empty the database and push: --force-reset (all of its data is lost).',
    );
  }
  return redact(out.join('\n')) + '\n';
}
