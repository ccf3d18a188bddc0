import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { check } from '../../src/commands/check.js';
import { EmbeddedShadowServer } from '../../src/shadow/embedded.js';
import { binariesFromSystem } from '../../src/shadow/postgres-binaries.js';
import { mapBounded, shareShadowServer } from '../../src/shadow/shared.js';
import { checkPorts } from '../../src/wiring.js';
import { repoRoot } from '../support/paths.js';
import { pgAnswers, privateTmpdir, skipUnlessCi } from './helpers.js';

privateTmpdir('shared');

describe('several schemas, one shadow server', () => {
  test('mapBounded keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([50, 10, 30, 20, 40], 2, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return index;
    });
    assert.deepEqual(results, [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
  });

  test('four checks, two at a time, share one local server; it is stopped once at the end', { timeout: 120_000 }, async (t) => {
    if (!binariesFromSystem()) return t.skip(skipUnlessCi('no PostgreSQL server binaries on this machine'));
    let starts = 0;
    let server: EmbeddedShadowServer | undefined;
    const shared = shareShadowServer(async () => {
      starts++;
      server = await EmbeddedShadowServer.startLocal();
      return server;
    });
    const projects = ['blog-missing-migration', 'blog-model-removed', 'check-constraint', 'sql-error'].map((name) =>
      join(repoRoot, 'test', 'fixtures', name),
    );
    try {
      const results = await mapBounded(projects, 2, (cwd) => {
        const ports = checkPorts({ inputName: '--shadow-database-url', log: () => undefined }, cwd);
        return check(
          { cwd },
          { ...ports, forProvider: (provider) => ({ ...ports.forProvider(provider)!, openShadowServer: shared.open }) },
        );
      });
      assert.equal(starts, 1, 'one server for all checks');
      assert.equal(results[0]!.verdict, 'missing-migration');
      assert.equal(results[3]!.verdict, 'migration-failed');
      assert.ok(results.every((result) => result.shadow?.kind === 'local'));
      assert.equal(await pgAnswers(server!.url), true, 'a check closing its view leaves the shared server running');
    } finally {
      await shared.close();
    }
    assert.equal(await pgAnswers(server!.url), false, 'stopped once, by its owner');
  });
});
