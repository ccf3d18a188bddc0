/**
 * Every run leaves a report: when a command cannot run (unreachable server, bad input), the action
 * (its compiled entry, spawned) still writes the job summary (what went wrong, the fix) and its
 * outputs (`verdict: error`, `report-json`), with every secret masked.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { blogRepo, type TestRepo } from '../history/git-repo.js';
import { runActionOnPullRequest, type ActionRun } from '../support/action.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

const PASSWORD = 's3cret-pw-17';
/** Nothing listens on port 1: the connection is refused at once. */
const UNREACHABLE = `postgresql://psg:${PASSWORD}@127.0.0.1:1/postgres`;

describe('the action: a run that cannot run still reports', () => {
  let repo: TestRepo;
  let github: GitHubServer;
  beforeAll(async () => {
    repo = blogRepo();
    github = await startGitHubServer();
  });
  afterAll(async () => {
    await github.close();
    repo.cleanup();
  });

  const run = (inputs: Record<string, string>) =>
    runActionOnPullRequest(inputs, { action: 'opened', number: 3 }, { workspace: repo.dir, github });

  function assertReport(result: ActionRun, command: string, heading: RegExp) {
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.outputs.verdict, 'error');
    assert.equal(result.outputs.gate, 'fail');
    assert.equal(JSON.parse(result.outputs['report-json']!).gate, 'fail');
    const report = JSON.parse(result.outputs['report-json']!);
    assert.equal(report.command, command);
    assert.equal(report.verdict, 'error');
    assert.equal(report.findings[0].kind, 'error');
    assert.ok(report.findings[0].message, 'the message');
    assert.match(result.summary, heading);
    assert.match(result.summary, /\*\*Fix:\*\*/);
    const everything = result.stdout + result.summary + JSON.stringify(result.outputs);
    assert.ok(!everything.includes(PASSWORD), 'the password never appears');
  }

  test('check: an unreachable shadow server', { timeout: 60_000 }, async () => {
    const result = await run({ command: 'check', 'shadow-database-url': UNREACHABLE });
    assertReport(result, 'check', /^### prisma-schema-guard: ❌ Could not check: /);
    assert.equal(result.outputs['missing-migration'], '');
  });

  test('drift: an unreachable live database', { timeout: 60_000 }, async () => {
    const result = await run({ command: 'drift', 'database-url': UNREACHABLE });
    assertReport(result, 'drift', /^### prisma-schema-guard: ❌ Could not check for drift: /);
  });

  test('drift: no database-url (bad input, before anything runs)', async () => {
    const result = await run({ command: 'drift' });
    assertReport(result, 'drift', /Could not check for drift: Input 'database-url'/);
  });

  test('review: a base that does not exist', async () => {
    const result = await run({ command: 'review', base: 'no-such-branch' });
    assertReport(result, 'review', /^### prisma-schema-guard: ❌ Could not review: /);
  });

  test('preview: an unreachable preview server', { timeout: 60_000 }, async () => {
    const result = await run({ command: 'preview', 'preview-database-url': UNREACHABLE });
    assertReport(result, 'preview', /^### prisma-schema-guard: ❌ Could not preview: /);
    assert.equal(result.outputs['plan-json'], result.outputs['report-json']);
    assert.equal(result.outputs.applied, 'false');
  });

  test('an unknown command: reported as a check that could not run', async () => {
    const result = await run({ command: 'chek' });
    assertReport(result, 'check', /Could not check: Input 'command': expected one of/);
  });
});
