/** Text made safe for GitHub-flavoured Markdown: one definition for every renderer. */

/** A fenced block that cannot be closed early by backticks in its content. */
export function fence(text: string, language: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const marker = '`'.repeat(longest + 1);
  return [`${marker}${language}`, text, marker];
}

/** Text inside single backticks cannot hold a backtick. */
export function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

/** A table cell: code-safe, no `|`, on one line. */
export function escapeCell(text: string): string {
  return escapeCode(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Prose that must show as typed: Markdown's emphasis, code, HTML, table and link characters escaped. */
export function escapeInline(text: string): string {
  return text.replace(/([\\`*_<>|[\]])/g, '\\$1');
}
