// The files a bundle of this project loads at run time, which ncc does not copy: WebAssembly
// modules, and sql.js's Emscripten loader, which cannot be bundled (inside the ES module bundle its
// Node branch writes to an undefined `module`). Each is copied beside the bundle under `name`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function runtimeFiles(root) {
  const require = createRequire(join(root, 'package.json'));
  const file = (path, name = path.split('/').pop()) => ({ path, name });
  return [
    file(join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm')),
    // The newest Prisma 6's engine (src/engine/wasm/builds.ts), under a name of its own.
    file(
      join(dirname(require.resolve('@prisma/schema-engine-wasm-6/schema_engine_bg')), 'schema_engine_bg.wasm'),
      'schema_engine_6_bg.wasm',
    ),
    file(join(dirname(require.resolve('libpg-query')), 'libpg-query.wasm')),
    file(join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm')),
    // `.cjs`: the bundle's folder is an ES module package, and this loader is CommonJS.
    file(join(dirname(require.resolve('sql.js')), 'sql-wasm.js'), 'sql-wasm.cjs'),
  ];
}
