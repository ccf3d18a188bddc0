// Builds dist/: the action (dist/index.js) and the CLI (dist/cli/index.js), each an ncc bundle with
// the WebAssembly files it loads at run time copied beside it (ncc does not copy them). Compiles the
// sources with tsc into a folder of its own first (never build/, which the test runner rewrites).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeFiles } from './runtime-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const files = runtimeFiles(root);
// `--out <dir>` builds elsewhere (the staleness test compares such a build with the committed dist/).
const outIndex = process.argv.indexOf('--out');
const distRoot = outIndex === -1 ? join(root, 'dist') : process.argv[outIndex + 1];
// A fixed place inside the repository: ncc names chunks after module paths, so a build elsewhere
// (the staleness test's) must compile to the same path to produce the same files.
const work = join(root, '.bundle');
const compiled = join(work, 'tsc');
const entries = [
  { source: join(compiled, 'src/index.js'), out: '.' },
  { source: join(compiled, 'src/cli/index.js'), out: 'cli', bin: true },
];

rmSync(compiled, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', compiled, '--sourceMap', 'false'], { stdio: 'inherit', cwd: root });
rmSync(distRoot, { recursive: true, force: true });
for (const entry of entries) {
  const out = join(distRoot, entry.out);
  const tmp = join(work, 'ncc', entry.out);
  rmSync(tmp, { recursive: true, force: true });
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', entry.source, '-o', tmp, '--quiet', '--license', 'licenses.txt'], { stdio: 'inherit', cwd: root });
  mkdirSync(out, { recursive: true });
  cpSync(tmp, out, { recursive: true });
  for (const file of files) copyFileSync(file.path, join(out, file.name));
  if (entry.bin) {
    const file = join(out, 'index.js');
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`);
    chmodSync(file, 0o755);
  }
}
rmSync(work, { recursive: true, force: true });
// Both bundles are ES modules; the package.json beside each says so to Node.
writeFileSync(join(distRoot, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(distRoot, 'cli', 'package.json'), '{ "type": "module" }\n');
