import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { listPrismaReleases } from '../../src/prisma-version/releases.js';

/** Prisma's release list from a local registry speaking npm's abbreviated packument route. */
const cacheDir = mkdtempSync(join(tmpdir(), 'psg_releases_'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the list of Prisma releases', () => {
  test('several schemas asking at once (check-many, first run): one download, shared; then the cached list', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.url} ${request.headers.accept}`);
      // Slow enough that every caller asks while the download is still under way.
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ name: 'prisma', versions: { '6.14.0': {}, '6.19.1': {}, '7.0.0': {} } }));
      }, 200);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const lists = await Promise.all([1, 2, 3].map(() => listPrismaReleases({ cacheDir, registry })));
      assert.deepEqual(
        lists,
        [1, 2, 3].map(() => ['6.14.0', '6.19.1', '7.0.0']),
      );
      assert.deepEqual(requests, ['/prisma application/vnd.npm.install-v1+json']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // The registry is gone now: the list comes from the cache folder.
    assert.deepEqual(await listPrismaReleases({ cacheDir, registry }), ['6.14.0', '6.19.1', '7.0.0']);
    assert.equal(requests.length, 1);
  });

  test('an unreachable registry and no cached list: undefined (the caller says what it does instead)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'psg_releases_empty_'));
    try {
      assert.equal(await listPrismaReleases({ cacheDir: empty, registry: 'http://127.0.0.1:9', timeoutMs: 2_000 }), undefined);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
