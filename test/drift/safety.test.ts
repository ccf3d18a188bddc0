import assert from 'node:assert/strict';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import pg from 'pg';
import { cli } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import {
  copyProject,
  createLiveDatabase,
  createReadOnlyRole,
  deploy,
  leftoverRoles,
  ownLeftoverShadowDatabases,
  snapshot,
  testPostgresUrl,
  type LiveDatabase,
} from './live.js';

const blog = join(repoRoot, 'examples', 'blog');
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe('drift only reads the live database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let project: string;

  beforeAll(async () => {
    // Two migrations, so that the database can be behind (one unapplied) and drifted at once.
    const copy = await copyProject(blog);
    cleanups.push(copy.remove);
    project = copy.dir;
    await mkdir(join(project, 'prisma', 'migrations', '20240201000000_add_bio'));
    await writeFile(
      join(project, 'prisma', 'migrations', '20240201000000_add_bio', 'migration.sql'),
      'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\n',
    );
    const schema = join(project, 'prisma', 'schema.prisma');
    await writeFile(schema, (await readFile(schema, 'utf8')).replace('  name  String?\n', '  name  String?\n  bio   String?\n'));
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
    assert.deepEqual(await leftoverRoles(), [], 'every role the tests created is dropped');
    assert.deepEqual(await ownLeftoverShadowDatabases(), [], 'no shadow database is left behind');
  });

  async function live(label: string): Promise<LiveDatabase> {
    const database = await createLiveDatabase(label);
    cleanups.push(database.drop);
    return database;
  }

  async function role(database: LiveDatabase, options?: Parameters<typeof createReadOnlyRole>[1]) {
    const created = await createReadOnlyRole(database, options);
    // Dropped before the database (cleanups run newest first).
    cleanups.push(created.drop);
    return created;
  }

  test('with a role that has only CONNECT, USAGE and SELECT: the drift is found, the catalog and _prisma_migrations are byte-identical, the password never shows', async () => {
    const database = await live('readonly');
    await deploy(database, join(project, 'prisma', 'migrations'), 1);
    await database.sql('ALTER TABLE "User" ADD COLUMN "nickname" TEXT');
    await database.sql(`INSERT INTO "User" (email, name) VALUES ('ada@example.com', 'Ada'), ('alan@example.com', 'Alan')`);
    await database.sql(`INSERT INTO "Post" (title, "authorId") VALUES ('Notes', 1)`);
    const reader = await role(database);

    // The role really cannot write: the proof below would mean nothing otherwise.
    const probe = new pg.Client({ connectionString: reader.url });
    await probe.connect();
    try {
      await assert.rejects(probe.query(`DELETE FROM "_prisma_migrations"`), /permission denied/);
      await assert.rejects(probe.query(`CREATE TABLE "psg_probe" (id int)`), /permission denied/);
      await assert.rejects(probe.query(`CREATE TEMP TABLE "psg_probe" (id int)`), /permission denied/);
    } finally {
      await probe.end();
    }

    const before = await snapshot(database);
    const shadow = await testPostgresUrl();
    const args = ['drift', '--database-url', reader.url, '--shadow-database-url', shadow];
    const text = await cli(args, { cwd: project });
    const json = await cli([...args, '--json'], { cwd: project });
    const after = await snapshot(database);

    assert.equal(text.code, 2, text.stdout + text.stderr);
    assert.equal(json.code, 2);
    const result = JSON.parse(json.stdout);
    assert.equal(result.verdict, 'drift');
    assert.deepEqual(
      result.findings.map((f: { kind: string; against?: string }) => `${f.kind}${f.against ? `:${f.against}` : ''}`),
      ['schema-drift:migrations', 'schema-drift:schema', 'unapplied'],
    );
    assert.match(result.findings[0].sql, /DROP COLUMN "nickname"/);
    assert.equal(after, before, 'the catalog, _prisma_migrations and the data are unchanged');
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      assert.ok(!output.includes(reader.password), 'the password never appears');
    }
    assert.ok(!json.stdout.includes(reader.url));
  });

  test('with a superuser URL nothing is written either: every session is read-only', async () => {
    const database = await live('superuser');
    await deploy(database, join(project, 'prisma', 'migrations'), 1);
    await database.sql('DROP INDEX "User_email_key"');
    await database.sql(`INSERT INTO "User" (email) VALUES ('grace@example.com')`);
    const before = await snapshot(database);
    const run = await cli(['drift', '--database-url', database.url, '--shadow-database-url', await testPostgresUrl(), '--json'], {
      cwd: project,
    });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(JSON.parse(run.stdout).findings[0].sql, /CREATE UNIQUE INDEX "User_email_key"/);
    assert.equal(await snapshot(database), before);
    const sessions = await database.sql(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prisma-schema-guard'`,
    );
    assert.equal(sessions[0]!.n, 0, 'no connection to the live database outlives the command');
  });

  test('a role without SELECT on _prisma_migrations: exit 1, the missing privilege named with its GRANT', async () => {
    const database = await live('noselect');
    await deploy(database, join(blog, 'prisma', 'migrations'));
    const reader = await role(database, { selectMigrations: false });
    const run = await cli(['drift', '--database-url', reader.url], { cwd: blog });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`the role "${reader.name}" lacks SELECT on table "public"\\."_prisma_migrations" in database "${database.name}"`),
    );
    assert.match(run.stderr, /GRANT SELECT ON "public"\."_prisma_migrations" TO/);
    assert.doesNotMatch(run.stderr, STACK_LINE);
    assert.ok(!run.stderr.includes(reader.password));
  });

  test('a role without CONNECT: exit 1, "CONNECT on database" named', async () => {
    const database = await live('noconnect');
    await deploy(database, join(blog, 'prisma', 'migrations'));
    const reader = await role(database, { connect: false });
    const run = await cli(['drift', '--database-url', reader.url, '--json'], { cwd: blog });
    assert.equal(run.code, 1);
    const result = JSON.parse(run.stdout);
    assert.equal(result.command, 'drift');
    assert.equal(result.verdict, 'error');
    assert.match(result.findings[0].message, new RegExp(`the role "${reader.name}" lacks CONNECT on database "${database.name}"`));
    assert.match(result.findings[0].fix, /GRANT CONNECT ON DATABASE/);
    assert.ok(!run.stdout.includes(reader.password));
  });

  test('an unreachable host: exit 1, clear text, no stack trace, no password', async () => {
    const refused = await cli(['drift', '--database-url', 'postgresql://app:s3cret-pw@127.0.0.1:1/app'], { cwd: blog });
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /--database-url: could not connect to the PostgreSQL server at 127\.0\.0\.1:1: connection refused/);
    assert.doesNotMatch(refused.stderr, STACK_LINE);
    assert.ok(!refused.stderr.includes('s3cret-pw'));

    const unknown = await cli(['drift', '--database-url', 'postgresql://app:s3cret-pw@psg-no-such-host.invalid:5432/app'], { cwd: blog });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown host "psg-no-such-host\.invalid"/);
    assert.doesNotMatch(unknown.stderr, STACK_LINE);
  });

  test('connect_timeout in the URL bounds the wait for a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const run = await cli(['drift', '--database-url', `postgresql://app:s3cret-pw@127.0.0.1:${port}/app?connect_timeout=1`], {
        cwd: blog,
      });
      assert.equal(run.code, 1);
      assert.ok(Date.now() - started < 5_000, `gave up after ${Date.now() - started} ms`);
      assert.match(run.stderr, /the connection timed out/);
      assert.doesNotMatch(run.stderr, STACK_LINE);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test("a URL of another kind, a database of another provider than the schema's, and a missing --database-url are usage errors", async () => {
    const other = await cli(['drift', '--database-url', 'sqlserver://root:pw@127.0.0.1:1433/app'], { cwd: blog });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /--database-url: expected a PostgreSQL URL/);
    assert.ok(!other.stderr.includes(':pw@'));
    // A MySQL database is compared only with a MySQL schema (before anything connects).
    const mysql = await cli(['drift', '--database-url', 'mysql://root:pw@127.0.0.1:3306/app'], { cwd: blog });
    assert.equal(mysql.code, 1);
    assert.match(mysql.stderr, /The schema's datasource uses "postgresql" \(prisma\/schema\.prisma:\d+\), but the database URL is mysql/);
    assert.ok(!mysql.stderr.includes(':pw@'));
    const missing = await cli(['drift'], { cwd: blog });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /drift needs --database-url/);
  });
});
