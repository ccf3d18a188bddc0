// The benchmark (`npm run bench`, see bench/README.md): compiles bench/ and the CLI it falls back to
// with tsc into bench/.cache/build (not build/, which `npm test` wipes), then runs it. Arguments are
// passed on: `npm run bench -- --runs 5 --sizes 100,1000`. With `--cli bundle` it also bundles the
// current source with ncc into bench/.cache/bundle (as dist/ is built, but without touching dist/).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'bench', '.cache');
const out = join(cache, 'build');
const args = process.argv.slice(2);
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.json')], { stdio: 'inherit' });

const cliIndex = args.indexOf('--cli');
if (cliIndex !== -1 && args[cliIndex + 1] === 'bundle') {
  const bundle = join(cache, 'bundle', 'cli');
  rmSync(join(cache, 'bundle'), { recursive: true, force: true });
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(out, 'src', 'cli', 'index.js'), '-o', bundle, '--quiet'], { stdio: 'inherit', cwd: root });
  const require = createRequire(join(root, 'package.json'));
  for (const wasm of [
    join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm'),
    join(dirname(require.resolve('libpg-query')), 'libpg-query.wasm'),
  ]) {
    copyFileSync(wasm, join(bundle, wasm.split('/').pop()));
  }
  writeFileSync(join(bundle, 'package.json'), '{ "type": "module" }\n');
}

const result = spawnSync(process.execPath, [join(out, 'bench', 'run.js'), ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
