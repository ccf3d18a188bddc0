import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlJsStatic } from 'sql.js';

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
    return loader()({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  })();
  return loaded;
}

/** sql.js's own loader file, copied beside the bundle in dist/ (see scripts/runtime-files.mjs). */
const LOADER_FILE = 'sql-wasm.cjs';

/**
 * sql.js's Emscripten loader, required at run time: bundled into dist/'s ES module, its Node branch
 * assigns to an undefined `module` ("Cannot set properties of undefined"), so the bundle carries the
 * file as is beside it. From the sources (tsc build, tests) it is the package's own.
 */
function loader(): (config: { wasmBinary: ArrayBuffer }) => Promise<SqlJsStatic> {
  const here = dirname(fileURLToPath(import.meta.url));
  const load = createRequire(import.meta.url);
  const beside = join(here, LOADER_FILE);
  const target = existsSync(beside) ? beside : ['sql.js'].join('');
  return load(target) as (config: { wasmBinary: ArrayBuffer }) => Promise<SqlJsStatic>;
}
