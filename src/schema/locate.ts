import type { SchemaFile } from './files.js';

/** A line of a schema file (1-based), where an annotation goes. */
export interface SchemaLocation {
  file: string;
  line: number;
}

/**
 * Where a table (and a column of it) is declared in the schema: the `model` whose name or
 * `@@map("...")` is the table, and in it the field whose name or `@map("...")` is the column (the
 * model's line when the column is not found or not given). Undefined when no model maps to it (a
 * removed table). Text only: the schema's own grammar is the engine's business.
 */
export function locateTable(files: SchemaFile[], table: string, column?: string): SchemaLocation | undefined {
  for (const file of files) {
    const lines = file.content.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const start = /^\s*(model|view)\s+(\w+)\s*\{/.exec(lines[i]!);
      if (!start) continue;
      let end = i + 1;
      while (end < lines.length && !/^\s*\}/.test(lines[end]!)) end++;
      const body = lines.slice(i + 1, end);
      const mapped = body.map((line) => /^\s*@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(line)?.[1]).find(Boolean);
      if ((mapped ?? start[2]) !== table) {
        i = end;
        continue;
      }
      if (column) {
        const field = body.findIndex((line) => {
          const match = /^\s*(\w+)\s+\w+/.exec(line);
          if (!match || line.trim().startsWith('@@')) return false;
          const fieldMapped = /@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(line)?.[1];
          return (fieldMapped ?? match[1]) === column;
        });
        if (field !== -1) return { file: file.path, line: i + 2 + field };
      }
      return { file: file.path, line: i + 1 };
    }
  }
  return undefined;
}

/**
 * The first table Prisma's migrate diff summary names that the schema declares, with the column it
 * adds or changes there: `[*] Changed the \`Post\` table` / `  [+] Added column \`description\``,
 * `[+] Added tables` / `  - Tag`.
 */
export function firstChangedTable(summary: string, files: SchemaFile[]): SchemaLocation | undefined {
  const lines = summary.split('\n');
  let inAddedTables = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const changed = /^\[\*\] Changed the `([^`]+)` table/.exec(line);
    if (changed) {
      inAddedTables = false;
      const column = /^\s+\[[+*]\] (?:Added|Altered) column `([^`]+)`/.exec(lines[i + 1] ?? '')?.[1];
      const found = locateTable(files, changed[1]!, column);
      if (found) return found;
      continue;
    }
    if (/^\[\+\] Added tables/.test(line)) {
      inAddedTables = true;
      continue;
    }
    if (/^\[/.test(line)) inAddedTables = false;
    const added = inAddedTables ? /^\s+- (\S+)/.exec(line)?.[1] : undefined;
    if (added) {
      const found = locateTable(files, added);
      if (found) return found;
    }
  }
  return undefined;
}
