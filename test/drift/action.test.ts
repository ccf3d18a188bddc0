import assert from 'node:assert/strict';
import { afterAll, describe, test } from 'vitest';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { createLiveDatabase, deploy, ownLeftoverShadowDatabases, testPostgresUrl } from './live.js';
import { runActionInProcess } from '../support/action.js';

/** `command: drift` through the action's own entry, in this process. */
const runAction = (inputs: Record<string, string>) => runActionInProcess(inputs, repoRoot);

describe('the action: command drift', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    assert.deepEqual(await ownLeftoverShadowDatabases(), []);
  });

  test('drift found: outputs, job summary, a failed step, the URL masked', async () => {
    const database = await createLiveDatabase('action');
    drops.push(database.drop);
    await deploy(database, join(repoRoot, 'examples', 'blog', 'prisma', 'migrations'));
    await database.sql('ALTER TABLE "Post" ADD COLUMN "views" INTEGER');
    const url = new URL(database.url);
    url.password = 'action-secret-pw';
    const result = await runAction({
      command: 'drift',
      'working-directory': 'examples/blog',
      'database-url': url.toString(),
      'shadow-database-url': await testPostgresUrl(),
    });
    assert.equal(result.failed, true, result.log);
    assert.equal(result.outputs.verdict, 'drift');
    assert.equal(result.outputs.gate, 'fail');
    const report = JSON.parse(result.outputs['report-json']!);
    assert.equal(report.command, 'drift');
    assert.equal(report.findings[0].kind, 'schema-drift');
    assert.match(result.summary, /### prisma-schema-guard drift: ❌ Drift:/);
    assert.match(result.summary, /\[\+\] Added column `views`/);
    assert.match(result.log, /::add-mask::/, 'the database URL is registered as a secret');
    assert.match(result.log, /::error::1 drift finding fails the gate \(schema-drift\)/);
    const withoutMasks = result.log.replace(/^::add-mask::.*$/gm, '');
    assert.ok(
      !withoutMasks.includes('action-secret-pw') &&
        !result.summary.includes('action-secret-pw') &&
        !result.outputs['report-json']!.includes('action-secret-pw'),
    );
  });

  test('without database-url: the step fails naming the input', async () => {
    const result = await runAction({ command: 'drift', 'working-directory': 'examples/blog' });
    assert.equal(result.failed, true);
    assert.equal(result.outputs.verdict, 'error');
    assert.match(result.log, /::error::Input 'database-url': command drift needs the URL/);
  });
});
