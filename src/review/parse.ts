import type { Node, ScanToken } from 'libpg-query';
import { leadingTrivia, loadPostgresParser } from '../sql/statements.js';

/** One statement of a migration, as PostgreSQL's own parser reads it. */
export interface ParsedStatement {
  /** The statement's syntax tree; absent when the parser cannot read it (`error` says why). */
  node?: Node;
  error?: string;
  /** The statement's text, without the leading comments and the terminating `;`. */
  text: string;
  /** 1-based line of the statement's first character. */
  line: number;
  /**
   * For `ALTER TABLE`: the line of each sub-command (`DROP COLUMN "a",` / `ADD COLUMN "b" ...`), in
   * order, so that a finding points at the clause that causes it rather than the statement's first line.
   */
  clauseLines: number[];
}

export interface ParsedScript {
  statements: ParsedStatement[];
  /** The script's lines (for the ignore comments above a statement). */
  lines: string[];
}

interface RawStmt {
  stmt?: Node;
  stmt_location?: number;
  stmt_len?: number;
}

const SEMICOLON = ';';

/**
 * Parses a migration script statement by statement. A script PostgreSQL's grammar rejects as a
 * whole is cut at its top-level `;` (found by the server's own scanner, so quotes, dollar quotes and
 * comments are respected) and each piece parsed on its own: the pieces that parse are analysed, the
 * others come back with `error` set, so that no statement passes unread.
 */
export async function parseMigration(script: string): Promise<ParsedScript> {
  const parser = await loadPostgresParser();
  const bytes = Buffer.from(script, 'utf8');
  const lineStarts = lineStartsOf(bytes);
  const lineOf = (byte: number) => lineAtByte(lineStarts, byte);
  const lines = script.split('\n');
  const statements: ParsedStatement[] = [];

  /** A statement the parser read: its text without leading comments, its line, its clauses' lines. */
  const addParsed = (raw: RawStmt, offset: number, end: number) => {
    const from = offset + (raw.stmt_location ?? 0);
    const to = raw.stmt_len ? from + raw.stmt_len : end;
    const rawText = bytes.subarray(from, to).toString('utf8');
    const skipped = leadingTrivia(rawText);
    const text = rawText.slice(skipped).replace(/;\s*$/, '').trimEnd();
    if (!text) return;
    const start = from + Buffer.byteLength(rawText.slice(0, skipped), 'utf8');
    const line = lineOf(start);
    let clauseLines: number[] = [];
    // Only an ALTER TABLE that spans lines needs its clauses located (scanning costs more than parsing).
    if (raw.stmt && 'AlterTableStmt' in raw.stmt && text.includes('\n')) {
      const tokens = codeTokens(parser, text).map((token) => ({ ...token, start: token.start + start, end: token.end + start }));
      clauseLines = alterClauseLines(raw.stmt, tokens, offset, lineOf);
    }
    statements.push({ node: raw.stmt, text, line, clauseLines });
  };

  try {
    const result = parser.parseSync(script) as unknown as { stmts?: RawStmt[] };
    for (const raw of result.stmts ?? []) addParsed(raw, 0, bytes.length);
    return { statements, lines };
  } catch {
    // Fall through: find the statements that do not parse.
  }
  const code = codeTokens(parser, script);
  const text = (start: number, end: number) => bytes.subarray(start, end).toString('utf8').replace(/;\s*$/, '').trimEnd();
  if (code.length === 0) {
    // An unterminated quote or comment: the scanner gives up too, and the whole script is one unread piece.
    const firstLine = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('--'));
    statements.push({ error: scanError(parser, script), text: script.trim(), line: firstLine === -1 ? 1 : firstLine + 1, clauseLines: [] });
    return { statements, lines };
  }
  let pieceStart = 0;
  const pieces: Array<[number, number]> = [];
  for (const token of code) {
    if (token.text !== SEMICOLON) continue;
    pieces.push([pieceStart, token.end]);
    pieceStart = token.end;
  }
  if (code.some((token) => token.start >= pieceStart)) pieces.push([pieceStart, bytes.length]);
  for (const [start, end] of pieces) {
    const piece = bytes.subarray(start, end).toString('utf8');
    try {
      const result = parser.parseSync(piece) as unknown as { stmts?: RawStmt[] };
      for (const raw of result.stmts ?? []) addParsed(raw, start, end);
    } catch (error) {
      const first = code.find((token) => token.start >= start && token.start < end && token.text !== SEMICOLON);
      if (!first) continue;
      statements.push({ error: (error as Error).message, text: text(first.start, end), line: lineOf(first.start), clauseLines: [] });
    }
  }
  return { statements, lines };
}

/** The tokens of `sql` other than comments, as PostgreSQL's scanner reads them (byte offsets); [] when it cannot. */
function codeTokens(parser: { scanSync(sql: string): { tokens: ScanToken[] } }, sql: string): ScanToken[] {
  try {
    return parser.scanSync(sql).tokens.filter((token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT');
  } catch {
    return [];
  }
}

function scanError(parser: { parseSync(sql: string): unknown }, script: string): string {
  try {
    parser.parseSync(script);
    return 'the scanner cannot read it';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Byte offsets at which the script's lines start. */
function lineStartsOf(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1);
  return starts;
}

function lineAtByte(starts: number[], byte: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= byte) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/**
 * Lines of an ALTER TABLE's sub-commands: the first starts after the table's name, each other after
 * a comma outside parentheses.
 */
function alterClauseLines(node: Node, tokens: ScanToken[], offset: number, lineOf: (byte: number) => number): number[] {
  const relation = (node as { AlterTableStmt: { relation?: { location?: number } } }).AlterTableStmt.relation;
  const lines: number[] = [];
  let index = relation?.location === undefined ? -1 : tokens.findIndex((token) => token.start >= offset + relation.location!);
  if (index === -1) return lines;
  index++;
  while (tokens[index]?.text === '.' && tokens[index + 1]) index += 2;
  if (tokens[index]) lines.push(lineOf(tokens[index]!.start));
  let depth = 0;
  for (let i = index; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ',' && depth === 0 && tokens[i + 1]) lines.push(lineOf(tokens[i + 1]!.start));
  }
  return lines;
}
