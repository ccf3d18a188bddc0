import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../support/paths.js';

const run = promisify(execFile);

async function filesBelow(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

test('dist/ is what the sources build to (rebuild with `npm run build` and commit)', { timeout: 180_000 }, async () => {
  const out = join(await mkdtemp(join(tmpdir(), 'psg-dist-')), 'dist');
  try {
    // The test runner compiled src/ into build/ already; bundle that the way `npm run build` does.
    await run(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), '--out', out], { cwd: repoRoot });
    const committed = await filesBelow(join(repoRoot, 'dist'));
    assert.deepEqual(committed, await filesBelow(out), 'the same files');
    for (const file of committed) {
      const same = (await readFile(join(repoRoot, 'dist', file))).equals(await readFile(join(out, file)));
      assert.ok(same, `dist/${file} is stale: run \`npm run build\` and commit dist/`);
    }
  } finally {
    await rm(join(out, '..'), { recursive: true, force: true });
  }
});

test('the CLI runs from dist/ with no node_modules', async () => {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), '--version'], { cwd: tmpdir(), env: { PATH: process.env.PATH } });
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  assert.equal(stdout.trim(), pkg.version, 'src/version.ts follows package.json');
});
