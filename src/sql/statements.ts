/**
 * Splits a PostgreSQL script into its top-level statements with PostgreSQL's own parser
 * (libpg-query, the server's grammar compiled to WebAssembly): quotes, dollar-quoted bodies,
 * comments and nested `BEGIN ... END` blocks are handled exactly as the server does.
 */
export interface SqlStatement {
  /** The statement's text, without the terminating `;`. */
  text: string;
  /** JavaScript string offset of the statement's first character in the script. */
  start: number;
  /** 1-based line of `start` in the script. */
  line: number;
}

type LibPgQuery = typeof import('libpg-query');
let parser: Promise<LibPgQuery> | undefined;

/**
 * Loads the parser once per process (about 30 ms); later calls share it. Its Emscripten loader
 * looks for `libpg-query.wasm` in `__dirname`: the package's CommonJS entry has its own, and in
 * dist/ every bundled file gets one (scripts/bundle.mjs), the bundle's folder beside the `.wasm`.
 */
export function loadPostgresParser(): Promise<LibPgQuery> {
  parser ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    return module;
  });
  return parser;
}

interface RawStmt {
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * The statements of `script`, or a parse error from PostgreSQL's grammar (thrown: a script that
 * does not parse cannot be split, and the caller decides what that means).
 */
export async function splitPostgresStatements(script: string): Promise<SqlStatement[]> {
  const { parseSync } = await loadPostgresParser();
  const result = parseSync(script) as unknown as { stmts?: RawStmt[] };
  const bytes = Buffer.from(script, 'utf8');
  const statements: SqlStatement[] = [];
  for (const raw of result.stmts ?? []) {
    // Offsets are UTF-8 byte offsets; `stmt_location` is absent for 0 and `stmt_len` for "to the end".
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len ? byteStart + raw.stmt_len : bytes.length;
    const leading = bytes.subarray(0, byteStart).toString('utf8');
    const rawText = bytes.subarray(byteStart, byteEnd).toString('utf8');
    // The parser's location includes the whitespace and comments that precede a statement.
    const skipped = leadingTrivia(rawText);
    const text = rawText.slice(skipped).replace(/;\s*$/, '').trimEnd();
    if (!text) continue;
    const start = leading.length + skipped;
    statements.push({ text, start, line: lineAt(script, start) });
  }
  return statements;
}

/** Length of the whitespace and SQL comments at the start of `text`. */
export function leadingTrivia(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      }
    } else return i;
  }
}

/** 1-based line number of a JavaScript string offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
