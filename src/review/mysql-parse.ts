import { splitMysqlStatements } from '../sql/mysql-statements.js';

/**
 * A node of node-sql-parser's MySQL AST. The package's own types describe only part of the shapes
 * it produces for DDL, so the review reads the nodes loosely and checks every field it uses.
 */

export type MysqlNode = Record<string, any>;

export interface MysqlStatement {
  /** The statement as written, without leading comments and the `;`. */
  text: string;
  /** 1-based line of its first word. */
  line: number;
  /** Lines of an ALTER TABLE's comma-separated clauses, in order (the AST's `expr` items). */
  clauseLines: number[];
  /** Absent when the parser could not read it: `error` says why. */
  node?: MysqlNode;
  error?: string;
}

export interface ParsedMysqlScript {
  statements: MysqlStatement[];
  /** The script's lines (for the ignore comments above a statement). */
  lines: string[];
}

interface SqlParser {
  astify(sql: string, options: { database: string }): MysqlNode | MysqlNode[];
}

let parser: Promise<SqlParser> | undefined;

/** node-sql-parser's MySQL-only build (a quarter of the all-dialects one), loaded once per process. */
function loadMysqlParser(): Promise<SqlParser> {
  parser ??= import('node-sql-parser/build/mysql.js').then((module) => {
    const exported = module as { default?: { Parser?: new () => SqlParser }; Parser?: new () => SqlParser };
    const Parser = exported.default?.Parser ?? exported.Parser;
    if (!Parser) throw new Error('node-sql-parser/build/mysql.js does not export Parser.');
    return new Parser();
  });
  return parser;
}

/**
 * Splits a MySQL migration as the `mysql` client does (so each statement keeps its line) and parses
 * each statement on its own with node-sql-parser's MySQL grammar: one statement it cannot read comes
 * back with `error` set, and the others are still analysed.
 */
export async function parseMysqlMigration(script: string): Promise<ParsedMysqlScript> {
  const sql = await loadMysqlParser();
  const statements: MysqlStatement[] = [];
  for (const piece of splitMysqlStatements(script)) {
    const clauseLines = alterClauseLines(piece.text, piece.line);
    try {
      const result = sql.astify(piece.text, { database: 'MySQL' });
      const nodes = (Array.isArray(result) ? result : [result]).filter((node) => node && typeof node === 'object');
      if (nodes.length === 0) continue;
      for (const node of nodes) statements.push({ text: piece.text, line: piece.line, clauseLines, node });
    } catch (error) {
      statements.push({ text: piece.text, line: piece.line, clauseLines: [], error: firstLine((error as Error).message) });
    }
  }
  return { statements, lines: script.split('\n') };
}

/**
 * Lines of the clauses of an `ALTER TABLE`: the first starts after the table's name, each other after
 * a comma outside parentheses, quotes, backticks and comments.
 */
export function alterClauseLines(text: string, line: number): number[] {
  const head = /^ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+(?:`(?:[^`]|``)*`|[\w$]+)(?:\s*\.\s*(?:`(?:[^`]|``)*`|[\w$]+))?\s*/i.exec(text);
  if (!head) return [];
  const lineOf = (offset: number) => line + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
  const lines = [lineOf(head[0].length)];
  let depth = 0;
  for (let i = head[0].length; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c)) j += text[j] === '\\' && c !== '`' ? 2 : text[j] === c ? 2 : 1;
      i = j;
    } else if (c === '#' || (c === '-' && text[i + 1] === '-')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      lines.push(lineOf(j));
    }
  }
  return lines;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0]!;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
