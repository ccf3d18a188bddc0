// Builds dist/: the action (dist/index.js) and the CLI (dist/cli/index.js), each an ncc bundle with
// the WebAssembly files it loads at run time copied beside it (ncc does not copy them). Compiles the
// sources with tsc into a folder of its own first (never build/, which the test runner rewrites).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
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
/**
 * ncc emits ES modules (the entry and each lazily loaded chunk), and an ES module has no
 * `__filename`, `__dirname` or `require`: CommonJS dependencies bundled into a chunk that read them
 * (ssh2's poly1305 loader in testcontainers', libpg-query's Emscripten loader) throw a
 * ReferenceError. Every emitted .js gets them as module-scope bindings of its own (the chunks sit
 * beside the entry, so `__dirname` is the bundle's folder, where the build copies the .wasm files).
 * Guarded: a file that declares one of them itself at the top level (ncc writes its top-level lines
 * as `import ...`, `export ...` or six stars between slashes; module code sits inside functions)
 * keeps its own.
 */
const COMMONJS_NAMES = ['__filename', '__dirname', 'require'];
function commonJsBanner(text) {
  const declared = (name) =>
    new RegExp(`^import\\b[^\\n]*\\b${name}\\b`, 'm').test(text) ||
    new RegExp(`^(?:/\\*{6}/\\s*|export\\s+)(?:const|let|var|function|class)\\s+${name}\\b`, 'm').test(text);
  const missing = COMMONJS_NAMES.filter((name) => !declared(name));
  if (missing.length === 0) return text;
  const lines = [
    "import { createRequire as __psgCreateRequire } from 'node:module';",
    "import { dirname as __psgDirname } from 'node:path';",
    "import { fileURLToPath as __psgFileURLToPath } from 'node:url';",
  ];
  const values = {
    __filename: '__psgFileURLToPath(import.meta.url)',
    __dirname: '__psgDirname(__psgFileURLToPath(import.meta.url))',
    require: '__psgCreateRequire(import.meta.url)',
  };
  for (const name of missing) lines.push(`const ${name} = ${values[name]};`);
  // A shebang must stay the first line.
  const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
  return `${shebang}${lines.join('\n')}\n${text.slice(shebang.length)}`;
}

const entries = [
  { source: join(compiled, 'src/index.js'), out: '.' },
  { source: join(compiled, 'src/cli/index.js'), out: 'cli', bin: true },
];

rmSync(compiled, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', compiled, '--sourceMap', 'false'],
  { stdio: 'inherit', cwd: root },
);
rmSync(distRoot, { recursive: true, force: true });
for (const entry of entries) {
  const out = join(distRoot, entry.out);
  const tmp = join(work, 'ncc', entry.out);
  rmSync(tmp, { recursive: true, force: true });
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', entry.source, '-o', tmp, '--quiet', '--license', 'licenses.txt'], {
    stdio: 'inherit',
    cwd: root,
  });
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(tmp)) {
    if (file.endsWith('.js')) writeFileSync(join(tmp, file), commonJsBanner(readFileSync(join(tmp, file), 'utf8')));
  }
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
