// The benchmark (`npm run bench`, see bench/README.md): compiles bench/ and the CLI it falls back to
// with tsc into bench/.cache/build (not build/, which `npm test` wipes), then runs it. Arguments are
// passed on: `npm run bench -- --runs 5 --sizes 100,1000`. With `--cli bundle` it also bundles the
// current source with ncc into bench/.cache/bundle (as dist/ is built, but without touching dist/).
// `node scripts/bench.mjs providers …` (`npm run bench:providers`) runs bench/providers.ts instead of
// bench/run.ts: the check per provider and engine beside each database's replay floor.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeFiles } from './runtime-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'bench', '.cache');
const out = join(cache, 'build');
const entry = process.argv[2] === 'providers' ? 'providers.js' : 'run.js';
const args = process.argv.slice(entry === 'run.js' ? 2 : 3);
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.json')], {
  stdio: 'inherit',
});

const cliIndex = args.indexOf('--cli');
if (cliIndex !== -1 && args[cliIndex + 1] === 'bundle') {
  const bundle = join(cache, 'bundle', 'cli');
  rmSync(join(cache, 'bundle'), { recursive: true, force: true });
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(out, 'src', 'cli', 'index.js'), '-o', bundle, '--quiet'], {
    stdio: 'inherit',
    cwd: root,
  });
  for (const file of runtimeFiles(root)) copyFileSync(file.path, join(bundle, file.name));
  writeFileSync(join(bundle, 'package.json'), '{ "type": "module" }\n');
}

const result = spawnSync(process.execPath, [join(out, 'bench', entry), ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
