import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

/**
 * SQLite compiled to WebAssembly (sql.js), loaded once per process. The module's own loader looks
 * for `sql-wasm.wasm` beside its script, which inside the bundle in dist/ is not there: the bytes
 * are read from beside this module (where the build copies the `.wasm`) or from node_modules, and
 * handed over as `wasmBinary`.
 */
export const SQLITE_WASM_FILE = 'sql-wasm.wasm';

let loaded: Promise<SqlJsStatic> | undefined;

function wasmPath(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), SQLITE_WASM_FILE);
  if (existsSync(beside)) return beside;
  return fileURLToPath(import.meta.resolve(`sql.js/dist/${SQLITE_WASM_FILE}`));
}

export function loadSqlite(): Promise<SqlJsStatic> {
  loaded ??= (async () => {
    const bytes = readFileSync(wasmPath());
    return initSqlJs({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  })();
  return loaded;
}
