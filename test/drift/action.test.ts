import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { run } from '../../src/action/main.js';
import { repoRoot } from '../support/paths.js';
import { createLiveDatabase, deploy, ownLeftoverShadowDatabases, testPostgresUrl } from './live.js';
import { parseOutputs } from '../support/action.js';

/**
 * `command: drift` through the action's own entry, in this process (dist/ is built by the lead):
 * inputs as INPUT_* variables, outputs and the job summary in the files GitHub provides.
 */
async function runAction(inputs: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'psg-drift-action-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  await writeFile(files.GITHUB_OUTPUT, '');
  await writeFile(files.GITHUB_STEP_SUMMARY, '');
  const saved = { ...process.env };
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  Object.assign(process.env, files, { GITHUB_WORKSPACE: repoRoot });
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  process.exitCode = undefined;
  try {
    await run();
  } finally {
    process.stdout.write = write;
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  const outputs = parseOutputs(await readFile(files.GITHUB_OUTPUT, 'utf8'));
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8');
  await rm(dir, { recursive: true, force: true });
  return { failed: exitCode === 1, log: written.join(''), outputs, summary };
}


describe('the action: command drift', () => {
  const drops: (() => Promise<void>)[] = [];
  after(async () => {
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
    const result = await runAction({ command: 'drift', 'working-directory': 'examples/blog', 'database-url': url.toString(), 'shadow-database-url': await testPostgresUrl() });
    assert.equal(result.failed, true, result.log);
    assert.equal(result.outputs.verdict, 'drift');
    const report = JSON.parse(result.outputs['report-json']!);
    assert.equal(report.command, 'drift');
    assert.equal(report.findings[0].kind, 'schema-drift');
    assert.match(result.summary, /### prisma-schema-guard drift: ❌ Drift:/);
    assert.match(result.summary, /\[\+\] Added column `views`/);
    assert.match(result.log, /::add-mask::/, 'the database URL is registered as a secret');
    assert.match(result.log, /::error::1 drift finding fails the gate \(schema-drift\)/);
    const withoutMasks = result.log.replace(/^::add-mask::.*$/gm, '');
    assert.ok(!withoutMasks.includes('action-secret-pw') && !result.summary.includes('action-secret-pw') && !result.outputs['report-json']!.includes('action-secret-pw'));
  });

  test('without database-url: the step fails naming the input', async () => {
    const result = await runAction({ command: 'drift', 'working-directory': 'examples/blog' });
    assert.equal(result.failed, true);
    assert.equal(result.outputs.verdict, 'error');
    assert.match(result.log, /::error::Input 'database-url': command drift needs the URL/);
  });
});
