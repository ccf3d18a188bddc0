import { lineAt, type SqlStatement } from './statements.js';

/**
 * Splits a MySQL/MariaDB script into its statements, the way the `mysql` client does: on top-level
 * `;` outside quotes ('...', "...", with backslash and doubled-quote escapes), backtick identifiers
 * (`` ` `` doubled inside), and comments (`-- ` to the end of the line, `#` to the end of the line,
 * `/* ... *\/` including `/*!50001 ... *\/` version comments). Stored-program bodies (`CREATE
 * TRIGGER/PROCEDURE/FUNCTION/EVENT ... BEGIN ...; ...; END`) stay whole. `DELIMITER` is a client
 * command, not SQL (Prisma never writes it); it is honoured so that hand-written files split as the
 * client would split them, and never sent to the server.
 */
export function splitMysqlStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let delimiter = ';';
  let start = 0;
  let depth = 0;
  let i = 0;
  const n = script.length;

  const push = (end: number) => {
    const raw = script.slice(start, end);
    const skipped = leadingMysqlTrivia(raw);
    const text = raw.slice(skipped).trimEnd();
    if (text) statements.push({ text, start: start + skipped, line: lineAt(script, start + skipped) });
  };

  while (i < n) {
    const c = script[i]!;
    // DELIMITER at the start of a line (only whitespace before it since the last statement).
    if (
      (c === 'D' || c === 'd') &&
      atLineStart(script, i) &&
      /^delimiter[ \t]+\S/i.test(script.slice(i, i + 12)) &&
      script.slice(start, i).trim() === ''
    ) {
      const end = script.indexOf('\n', i);
      const lineEnd = end === -1 ? n : end;
      delimiter = script.slice(i + 'delimiter'.length, lineEnd).trim();
      i = lineEnd + 1;
      start = i;
      continue;
    }
    if (c === "'" || c === '"') {
      i = skipQuoted(script, i, c);
      continue;
    }
    if (c === '`') {
      i = skipQuoted(script, i, '`');
      continue;
    }
    if (c === '#' || (c === '-' && script[i + 1] === '-' && (i + 2 >= n || /\s/.test(script[i + 2]!)))) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(c) && (i === 0 || !/[\w$]/.test(script[i - 1]!))) {
      let j = i;
      while (j < n && /[\w$]/.test(script[j]!) && !(delimiter !== ';' && script.startsWith(delimiter, j))) j++;
      const word = script.slice(i, j).toUpperCase();
      if (isStoredProgram(script.slice(start, j))) {
        if (word === 'BEGIN') depth++;
        else if (word === 'END' && depth > 0 && !/^\s+(IF|LOOP|WHILE|REPEAT|CASE)\b/i.test(script.slice(j, j + 10))) depth--;
      }
      i = j;
      continue;
    }
    // With a client DELIMITER the client splits on it alone, whatever the SQL holds.
    if ((depth === 0 || delimiter !== ';') && script.startsWith(delimiter, i)) {
      push(i);
      i += delimiter.length;
      start = i;
      continue;
    }
    i++;
  }
  push(n);
  return statements;
}

function skipQuoted(text: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

function atLineStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < 0 || text[j] === '\n';
}

/** Whether the statement so far creates a stored program, whose body holds `;`. */
function isStoredProgram(statementSoFar: string): boolean {
  const head = statementSoFar.slice(leadingMysqlTrivia(statementSoFar)).slice(0, 200);
  return /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:AGGREGATE\s+)?(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i.test(head);
}

/** Length of the whitespace and comments that start `text`. */
export function leadingMysqlTrivia(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] === '#' || (text.startsWith('--', i) && (i + 2 >= text.length || /\s/.test(text[i + 2]!)))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('/*', i) && text[i + 2] !== '!') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else return i;
  }
}
