/** Names and strings in SQL text, for the statements this tool writes itself (never a user's SQL). */

/** A PostgreSQL identifier: `"name"`, inner quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A PostgreSQL (standard SQL) string literal: `'text'`, inner quotes doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A MySQL/MariaDB identifier: `` `name` ``, inner backticks doubled. */
export function quoteMysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
