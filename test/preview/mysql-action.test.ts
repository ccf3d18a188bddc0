/**
 * The action's preview on MySQL/MariaDB as GitHub runs it (compiled entry, child process, the local
 * GitHub REST server): a database per pull request created on the real server and marked as the
 * action's (MariaDB 10.5+: its COMMENT), the plan pushed through the project's Prisma (the stand-in,
 * answering from a file with Prisma's own texts and running the push's SQL), the sticky comment,
 * and the database dropped when the pull request closes.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { writeAnswers, type Answers } from '../engine/stand-in/answers.js';
import { installStandIn, type StandInProject } from '../engine/stand-in/install.js';
import { runActionOnPullRequest, type PullRequestEvent } from '../support/action.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { mysqlQuery, mysqlSkipReason, testMysqlUrl, withDatabase } from '../support/mysql.js';
import { repoRoot } from '../support/paths.js';

const TOKEN = 'ghs_good_token';
const OWNER = 'octo';
const REPO = 'shop';
const PR = 41;
const PASSWORD = 'Act-secret-0815';
const FIXTURE = join(repoRoot, 'test', 'fixtures', 'mysql-blog', 'prisma');
const INIT = readFileSync(join(FIXTURE, 'migrations', '20240101000000_init', 'migration.sql'), 'utf8');
const NAME_TEMPLATE = `psg_pv_${process.pid}_pr_<number>`;
const DATABASE = `psg_pv_${process.pid}_pr_${PR}`;
const DROP_CONTENT = 'You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values.';
const MARKER = /<!-- prisma-schema-guard:preview:[^ ]+ -->/;

const schemaComment = async (name: string) =>
  (
    await mysqlQuery<{ comment: string }>(`SELECT SCHEMA_COMMENT AS comment FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${name}'`)
  )[0]?.comment;
const columnsOf = async (table: string) =>
  (
    await mysqlQuery<{ name: string }>(
      `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${DATABASE}' AND TABLE_NAME = '${table}' ORDER BY ORDINAL_POSITION`,
    )
  ).map((row) => row.name);

describe('preview (action) on MySQL/MariaDB: a managed database per pull request', () => {
  let server: string | undefined;
  let github: GitHubServer;
  let project: StandInProject;
  let answersFile: string;
  const user = `psg_pa_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    server = await testMysqlUrl();
    github = await startGitHubServer({ tokens: { [TOKEN]: 'write' } });
    project = installStandIn();
    cpSync(FIXTURE, join(project.dir, 'prisma'), { recursive: true });
    // The action runs in a child process with GitHub's environment only: the stand-in's settings go
    // into the project's `node_modules/.bin/prisma` script itself.
    answersFile = join(project.dir, 'answers.json');
    const script = readFileSync(project.prisma, 'utf8');
    writeFileSync(
      project.prisma,
      script.replace(
        '#!/bin/sh\n',
        `#!/bin/sh\nexport PSG_STAND_IN_MAJOR=7 PSG_STAND_IN_LOG='${project.log}' PSG_STAND_IN_ANSWERS='${answersFile}'\n`,
      ),
    );
    if (!server) return;
    // A user that may create and drop only the preview databases (and do what db push needs in them).
    await mysqlQuery(`CREATE USER '${user}'@'%' IDENTIFIED BY '${PASSWORD}'`);
    await mysqlQuery(`GRANT ALL PRIVILEGES ON \`psg\\_pv\\_${process.pid}\\_pr\\_%\`.* TO '${user}'@'%'`);
  });
  afterAll(async () => {
    await github.close();
    project.remove();
    if (!server) return;
    await mysqlQuery(`DROP DATABASE IF EXISTS \`${DATABASE}\``);
    await mysqlQuery(`DROP USER IF EXISTS '${user}'@'%'`);
  });

  async function run(event: PullRequestEvent, answers: Answers) {
    writeAnswers(answersFile, answers);
    const serverUrl = withDatabase(server!, '', { name: user, password: PASSWORD });
    const result = await runActionOnPullRequest(
      { command: 'preview', 'github-token': TOKEN, 'preview-database-url': serverUrl, 'preview-database-name': NAME_TEMPLATE },
      event,
      { workspace: project.dir, github },
    );
    const comments = github.commentsOf(OWNER, REPO, PR);
    const everything =
      result.stdout + result.summary + comments.map((comment) => comment.body).join('\n') + Object.values(result.outputs).join('\n');
    assert.doesNotMatch(everything, new RegExp(PASSWORD), 'no password in the log, outputs, summary or comment');
    assert.doesNotMatch(everything, /mysql:\/\/[^\s]*@/, 'no URL with credentials anywhere');
    return result;
  }

  test('opened: created and marked, pushed; synchronize with a dropped column: blocked; labeled: applied; closed: dropped', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const createAll = {
      diff: [{ from: 'database' as const, to: 'schema' as const, script: true, changed: true, text: INIT }],
      push: { sql: INIT },
    };
    const opened = await run({ action: 'opened', number: PR }, createAll);
    assert.equal(opened.code, 0, opened.stdout);
    assert.equal(opened.outputs.verdict, 'applied');
    const plan = JSON.parse(opened.outputs['plan-json']!);
    assert.equal(plan.engine, 'cli');
    assert.equal(plan.provider, 'mysql');
    assert.deepEqual(plan.database, { name: DATABASE, server: '127.0.0.1:3306', mode: 'managed', created: true });
    assert.equal(await schemaComment(DATABASE), `prisma-schema-guard preview database for pull request #${PR}`, "marked as the action's");
    assert.deepEqual(
      await columnsOf('Post'),
      ['id', 'title', 'content', 'published', 'authorId', 'createdAt'],
      'the push ran on the new database',
    );
    assert.equal(github.commentsOf(OWNER, REPO, PR).length, 1);
    assert.match(github.commentsOf(OWNER, REPO, PR)[0]!.body, MARKER);
    assert.match(github.commentsOf(OWNER, REPO, PR)[0]!.body, /✅ applied/);

    await mysqlQuery("INSERT INTO `User` (id, email, name) VALUES (1, 'ada@example.com', 'Ada')", DATABASE);
    await mysqlQuery(
      "INSERT INTO `Post` (title, content, authorId) VALUES ('Hello', 'first post', 1), ('Again', 'second post', 1), ('Draft', NULL, 1)",
      DATABASE,
    );
    const schemaFile = join(project.dir, 'prisma', 'schema.prisma');
    writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace('  content   String?\n', ''));
    const sql = '-- AlterTable\nALTER TABLE `Post` DROP COLUMN `content`;\n';
    const dropContent: Answers = {
      diff: [{ from: 'database', to: 'schema', script: true, changed: true, text: sql }],
      push: { warnings: [DROP_CONTENT], sql },
    };

    const blocked = await run({ action: 'synchronize', number: PR }, dropContent);
    assert.equal(blocked.code, 1, 'a blocked plan fails the step');
    assert.equal(blocked.outputs.verdict, 'blocked');
    assert.equal(blocked.outputs['data-loss'], 'true');
    assert.match(blocked.stdout, /Add the label 'accept-data-loss'/);
    const comments = github.commentsOf(OWNER, REPO, PR);
    assert.equal(comments.length, 1, 'the same comment, updated');
    assert.match(
      comments[0]!.body,
      /\| `Post\.content` \| column dropped \| 2 \| ⚠️ loses data: 2 values deleted \| You are about to drop the column `content` on the `Post` table, which still contains 2 non-null values\. \|/,
    );
    assert.ok((await columnsOf('Post')).includes('content'), 'nothing was applied');

    github.labels.set(`${OWNER}/${REPO}#${PR}`, ['accept-data-loss']);
    const applied = await run({ action: 'labeled', number: PR }, dropContent);
    assert.equal(applied.code, 0, applied.stdout);
    assert.equal(applied.outputs.verdict, 'applied');
    assert.equal(JSON.parse(applied.outputs['plan-json']!).acceptedBy, 'label `accept-data-loss`');
    assert.deepEqual(await columnsOf('Post'), ['id', 'title', 'published', 'authorId', 'createdAt']);
    const pushes = readFileSync(project.log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[])
      .filter((argv) => argv[0] === 'db');
    assert.deepEqual(
      pushes.map((argv) => argv.includes('--accept-data-loss')),
      [false, false, false, true],
      'opened, synchronize, labeled (twice): the flag only once data loss was accepted',
    );

    const closed = await run({ action: 'closed', number: PR }, {});
    assert.equal(closed.code, 0, closed.stdout);
    assert.equal(closed.outputs.verdict, 'closed');
    assert.equal(JSON.parse(closed.outputs['plan-json']!).dropped, true);
    assert.equal(await schemaComment(DATABASE), undefined, 'the database is gone');
    assert.match(github.commentsOf(OWNER, REPO, PR)[0]!.body, /was dropped/);
  });
});
