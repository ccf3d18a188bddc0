// Builds dist/: the action (dist/index.js) and the CLI (dist/cli/index.js), each an ncc bundle with
// the WebAssembly files it loads at run time copied beside it (ncc does not copy them).
// Run after `tsc` has compiled src/ into build/ (npm run build does both).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const wasmFiles = [
  join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm'),
  join(dirname(require.resolve('libpg-query')), 'libpg-query.wasm'),
];
// `--out <dir>` builds elsewhere (the staleness test compares such a build with the committed dist/).
const outIndex = process.argv.indexOf('--out');
const distRoot = outIndex === -1 ? join(root, 'dist') : process.argv[outIndex + 1];
const entries = [
  { source: 'build/src/index.js', out: '.' },
  { source: 'build/src/cli/index.js', out: 'cli', bin: true },
];

rmSync(distRoot, { recursive: true, force: true });
for (const entry of entries) {
  const out = join(distRoot, entry.out);
  const tmp = join(distRoot + '.ncc', entry.out);
  rmSync(tmp, { recursive: true, force: true });
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(root, entry.source), '-o', tmp, '--quiet', '--license', 'licenses.txt'], { stdio: 'inherit', cwd: root });
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(tmp)) copyFileSync(join(tmp, file), join(out, file));
  for (const wasm of wasmFiles) copyFileSync(wasm, join(out, wasm.split('/').pop()));
  if (entry.bin) {
    const file = join(out, 'index.js');
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`);
    chmodSync(file, 0o755);
  }
}
rmSync(distRoot + '.ncc', { recursive: true, force: true });
// Both bundles are ES modules; the package.json beside each says so to Node.
writeFileSync(join(distRoot, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(distRoot, 'cli', 'package.json'), '{ "type": "module" }\n');
