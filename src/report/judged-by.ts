import { shortBuildVersion } from '../prisma-version/pin.js';
import type { JudgedBy } from '../verdict/judged-by.js';
import { escapeInline } from './markdown-text.js';

/** "Prisma 6.19.0 (package.json), engine wasm 7.1.1-3.c2990dc": which Prisma's verdict this is. */
export function judgedBy(result: JudgedBy): string {
  if (!result.prisma) return '';
  const engine = result.engineUsed ? `, engine ${result.engineUsed.kind} ${shortBuildVersion(result.engineUsed.version)}` : '';
  return `Prisma ${result.prisma.version} (${result.prisma.source})${engine}`;
}

/** The terminal lines under a headline: which Prisma judged (dimmed), then each notice. */
export function judgedByLines(result: JudgedBy, dim: (text: string) => string): string[] {
  return [...(result.prisma ? [dim(`  ${judgedBy(result)}`)] : []), ...(result.notices ?? []).map((notice) => `  Notice: ${notice}`)];
}

/** The notices as Markdown quotes, each after a blank line. */
export function noticesMarkdown(result: JudgedBy): string[] {
  return (result.notices ?? []).flatMap((notice) => ['', `> ${escapeInline(notice)}`]);
}
