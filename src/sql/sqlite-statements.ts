import { lineAt, type SqlStatement } from './statements.js';

/**
 * Splits a SQLite script (as Prisma generates it: DDL, `INSERT ... SELECT`, `PRAGMA`) on top-level
 * `;` outside quotes ('...' and "..." with doubled quotes, `...`, [...]) and comments (`--` to the
 * end of the line, `/* ... *\/`). Trigger bodies (`BEGIN ...; END`) are not split: Prisma writes none,
 * and a `CREATE TRIGGER` stays whole up to its `END;`.
 */
export function splitSqliteStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  const push = (end: number) => {
    const raw = script.slice(start, end);
    const skipped = raw.length - raw.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '').length;
    const text = raw.slice(skipped).trimEnd();
    if (text) statements.push({ text, start: start + skipped, line: lineAt(script, start + skipped) });
  };
  while (i < n) {
    const c = script[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      while (j < n && !(script[j] === close && script[j + 1] !== close)) j += script[j] === close ? 2 : 1;
      i = j + 1;
    } else if (c === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === ';' && !insideTrigger(script.slice(start, i))) {
      push(i);
      start = ++i;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
}

/** A `CREATE TRIGGER` whose body has begun and has not reached its `END` yet. */
function insideTrigger(statementSoFar: string): boolean {
  if (!/^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\b/i.test(statementSoFar)) return false;
  return !/\bEND\s*$/i.test(statementSoFar);
}
