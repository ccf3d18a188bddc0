/**
 * Every user path once from a copy of dist/ with no node_modules, as processes: `check` through each
 * shadow source (server URL, local binaries, embedded, Docker), then `drift`, `review` and `preview`,
 * for the CLI entry (dist/cli/index.js) and the action (dist/index.js with INPUT_*, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY). The bundle is ES modules; a CommonJS dependency that reads `__dirname`,
 * `__filename` or `require` in any chunk (ssh2 under testcontainers, libpg-query) fails here first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { blogRepo, MIGRATIONS, TAGS, type TestRepo } from '../history/git-repo.js';
import { createLiveDatabase, deploy, type LiveDatabase } from '../drift/live.js';
import { runActionOnPullRequest } from '../support/action.js';
import { copyDist, runnerEnv, runNode, type DistCopy } from '../support/dist.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { createTestDatabase, leftoverShadowDatabases, query, testPostgresUrl } from '../support/postgres.js';
import { dockerSkipReason, skipUnlessCi } from '../shadow/helpers.js';
import { binariesFromSystem, EMBEDDED_DEFAULT_MAJOR } from '../../src/shadow/postgres-binaries.js';

const TOKEN = 'ghs_dist_matrix';
const PREVIEW_NAME = `psg_preview_dist_${process.pid}_pr_<number>`;

let dist: DistCopy;
let repo: TestRepo;
let github: GitHubServer;
let live: LiveDatabase;
let server: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dist = await copyDist();
  // The blog on main; the pull request adds a model and its migration (in sync, a clear review).
  repo = blogRepo();
  repo.write(`${TAGS.folder}/migration.sql`, TAGS.sql);
  repo.write('prisma/schema.prisma', readFileSync(join(repo.dir, 'prisma', 'schema.prisma'), 'utf8') + TAGS.model);
  repo.commit('tags');
  server = await testPostgresUrl();
  live = await createLiveDatabase('dist_matrix');
  await deploy(live, join(repo.dir, MIGRATIONS));
  github = await startGitHubServer({ tokens: { [TOKEN]: 'write' } });
});

afterAll(async () => {
  await github.close();
  for (const cleanup of cleanups) await cleanup();
  await live.drop();
  await query(`DROP DATABASE IF EXISTS "${PREVIEW_NAME.replace('<number>', '7')}" WITH (FORCE)`);
  repo.cleanup();
  await dist.remove();
});

/** Why a source cannot run on this machine (a skip), or undefined. */
async function skipReason(source: string): Promise<string | undefined> {
  if (source.startsWith('docker')) return dockerSkipReason();
  if (source === 'local' && !binariesFromSystem()) return skipUnlessCi('no PostgreSQL server binaries on this machine');
  return undefined;
}

/** Each shadow source by the name a test shows; the server URL is known once the test server is. */
const SOURCES = ['server URL', 'local', 'embedded', 'docker:postgres:15'];
const sourceValue = (name: string) => (name === 'server URL' ? server : name);

function cli(args: string[]) {
  return runNode(dist.cli, [...args, '--json'], { cwd: repo.dir, env: runnerEnv() });
}

function action(inputs: Record<string, string>, number = 1) {
  return runActionOnPullRequest(
    inputs,
    { action: 'opened', number },
    { workspace: repo.dir, github, entry: dist.action, env: runnerEnv() },
  );
}

describe('dist/cli/index.js from a copy with no node_modules', () => {
  for (const name of SOURCES) {
    test(`check with --shadow-database ${name}`, { timeout: 180_000 }, async (t) => {
      const source = sourceValue(name);
      const skip = await skipReason(source);
      if (skip) return t.skip(skip);
      const run = await cli(['check', '--schema', 'prisma/schema.prisma', '--shadow-database', source]);
      assert.equal(run.code, 0, `${name}: ${run.stderr}`);
      const json = JSON.parse(run.stdout);
      assert.equal(json.verdict, 'in-sync', name);
      // `embedded` runs the documented major whatever is installed (here no node_modules: the cache or a download).
      if (name === 'embedded') assert.match(json.shadow.description, new RegExp(`^embedded PostgreSQL ${EMBEDDED_DEFAULT_MAJOR} `));
      assert.doesNotMatch(run.stderr, /ReferenceError|is not defined/);
      if (source === server) assert.deepEqual(await leftoverShadowDatabases(run.pid), [], 'the shadow database is dropped');
    });
  }

  test('drift, review and preview', { timeout: 120_000 }, async () => {
    const drift = await cli(['drift', '--database-url', live.url, '--shadow-database-url', server]);
    assert.equal(drift.code, 0, drift.stderr);
    assert.equal(JSON.parse(drift.stdout).verdict, 'in-sync');

    const review = await cli(['review', '--base', 'main']);
    assert.equal(review.code, 0, review.stderr);
    assert.equal(JSON.parse(review.stdout).verdict, 'clear');

    const target = await createTestDatabase('dist_preview');
    cleanups.push(target.drop);
    const preview = await cli(['preview', '--schema', 'prisma/schema.prisma', '--database-url', target.url]);
    assert.equal(preview.code, 0, preview.stderr);
    assert.equal(JSON.parse(preview.stdout).verdict, 'applied');
    assert.equal(
      (await query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'Tag'`, target.name))[0]!.n,
      1,
      'the schema was pushed',
    );
  });
});

describe('dist/index.js (the action) from a copy with no node_modules', () => {
  for (const name of SOURCES) {
    test(`check with shadow-database: ${name}`, { timeout: 180_000 }, async (t) => {
      const source = sourceValue(name);
      const skip = await skipReason(source);
      if (skip) return t.skip(skip);
      const run = await action({ command: 'check', 'shadow-database': source });
      assert.equal(run.code, 0, `${name}: ${run.stdout}`);
      assert.equal(run.outputs.verdict, 'in-sync', name);
      assert.equal(JSON.parse(run.outputs['report-json']!).verdict, 'in-sync');
      assert.match(run.summary, /in sync/i);
      assert.doesNotMatch(run.stdout, /ReferenceError|is not defined/);
    });
  }

  test('drift, review and preview', { timeout: 120_000 }, async () => {
    const drift = await action({ command: 'drift', 'database-url': live.url, 'shadow-database-url': server });
    assert.equal(drift.code, 0, drift.stdout);
    assert.equal(drift.outputs.verdict, 'in-sync');
    assert.equal(drift.outputs.gate, 'pass');

    const review = await action({ command: 'review', base: 'main' });
    assert.equal(review.code, 0, review.stdout);
    assert.equal(review.outputs.verdict, 'clear');
    assert.equal(review.outputs.gate, 'pass');

    const preview = await action(
      { command: 'preview', 'github-token': TOKEN, 'preview-database-url': server, 'preview-database-name': PREVIEW_NAME },
      7,
    );
    assert.equal(preview.code, 0, preview.stdout);
    assert.equal(preview.outputs.verdict, 'applied');
    assert.equal(preview.outputs.gate, 'pass');
    assert.equal(github.commentsOf('octo', 'shop', 7).length, 1, 'the plan is posted as a comment');
  });
});
