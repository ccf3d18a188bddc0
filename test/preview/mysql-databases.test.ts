/**
 * The action's managed preview databases on a real MariaDB/MySQL server: created and marked (MariaDB
 * 10.5+: `CREATE DATABASE … COMMENT`), proven before they are dropped, never dropped otherwise; a
 * user without CREATE/DROP gets the GRANT it needs; templates are PostgreSQL's only.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { openPreviewServer } from '../../src/preview/databases.js';
import { MysqlPreviewServer } from '../../src/preview/mysql-databases.js';
import { UsageError } from '../../src/util/errors.js';
import { mysqlQuery, mysqlSkipReason, testMysqlUrl, withDatabase } from '../support/mysql.js';

const name = (label: string) => `psg_pvdb_${process.pid}_${label}`;
const exists = async (database: string) =>
  (await mysqlQuery(`SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${database}'`)).length > 0;

describe('MySQL/MariaDB preview databases on a server the action manages', () => {
  let server: string | undefined;
  const made: string[] = [];
  beforeAll(async () => {
    server = await testMysqlUrl();
  });
  afterAll(async () => {
    if (!server) return;
    for (const database of made) await mysqlQuery(`DROP DATABASE IF EXISTS \`${database}\``);
    for (const database of made) assert.equal(await exists(database), false);
  });

  test('created once and marked; owned only for its pull request; dropped', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const previews = await openPreviewServer(server.replace(/^mysql:/, 'mariadb:'));
    assert.ok(previews instanceof MysqlPreviewServer, 'a mariadb:// URL is a MySQL-family server');
    assert.equal(previews.description, '127.0.0.1:3306');
    const database = name('own');
    made.push(database);
    const first = await previews.ensure(database, { pullRequest: 7 });
    assert.equal(first.created, true);
    assert.equal(first.note, undefined, 'MariaDB 10.5+ can mark it');
    assert.match(first.url, /^mysql:\/\/[^/]*\/psg_pvdb_\d+_own$/, "spelled mysql:// for Prisma's connector");
    assert.deepEqual(await previews.ensure(database, { pullRequest: 7 }), { url: first.url, created: false });
    assert.deepEqual(await previews.ownership(database, 7), { owned: true });
    const other = await previews.ownership(database, 8);
    assert.equal(other.owned, false);
    assert.match(!other.owned ? other.keptBecause : '', /does not name pull request #8/);
    await previews.drop(database);
    assert.equal(await exists(database), false);
  });

  test("after Prisma's MySQL reset (DROP DATABASE, CREATE DATABASE: the comment is gone) the mark is restored", async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const previews = new MysqlPreviewServer(server);
    const database = name('reset');
    made.push(database);
    assert.equal((await previews.ensure(database, { pullRequest: 12 })).created, true);
    // What `db push --force-reset` runs on MySQL (prisma-engines flavour/mysql.rs, `reset`).
    await mysqlQuery(`DROP DATABASE \`${database}\``);
    await mysqlQuery(`CREATE DATABASE \`${database}\``);
    assert.equal((await previews.ownership(database, 12)).owned, false, 'the reset lost the mark');
    await previews.remark(database, 12);
    assert.deepEqual(await previews.ownership(database, 12), { owned: true });
  });

  test("a database someone else made under the same name is never the action's", async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const database = name('theirs');
    made.push(database);
    await mysqlQuery(`CREATE DATABASE \`${database}\``);
    const previews = new MysqlPreviewServer(server);
    assert.deepEqual(await previews.ensure(database, { pullRequest: 9 }), { url: withDatabase(server, database), created: false });
    assert.equal((await previews.ownership(database, 9)).owned, false);
    assert.equal(await exists(database), true);
  });

  test('a template is refused (MySQL has none), naming the seed command instead', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const database = name('template');
    made.push(database);
    await assert.rejects(
      new MysqlPreviewServer(server).ensure(database, { pullRequest: 3, template: 'seeded' }),
      (error: unknown) =>
        error instanceof UsageError && /no database templates/.test(error.message) && /preview-seed-command/.test(error.fix ?? ''),
    );
    assert.equal(await exists(database), false);
  });

  test('a user without CREATE: a clear error with the GRANT for the name template, no password', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const user = { name: `psg_nc_${process.pid}_${Math.random().toString(36).slice(2, 6)}`, password: 'Nc-secret-99' };
    await mysqlQuery(`CREATE USER '${user.name}'@'%' IDENTIFIED BY '${user.password}'`);
    try {
      const previews = new MysqlPreviewServer(withDatabase(server, '', user), "Input 'preview-database-url'", {
        nameTemplate: 'app_pr_<number>',
      });
      const database = name('nogrant');
      made.push(database);
      await assert.rejects(previews.ensure(database, { pullRequest: 5 }), (error: unknown) => {
        assert.ok(error instanceof UsageError, String(error));
        assert.match(
          error.message,
          new RegExp(`^Input 'preview-database-url': the user "${user.name}" may not create or drop databases on 127\\.0\\.0\\.1:3306`),
        );
        assert.ok(
          error.fix?.includes(
            `GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE ON \`app\\_pr\\_%\`.* TO '${user.name}'@'%';`,
          ),
          error.fix,
        );
        assert.doesNotMatch(error.message + error.fix, new RegExp(user.password));
        return true;
      });
      assert.equal(await exists(database), false);
    } finally {
      await mysqlQuery(`DROP USER IF EXISTS '${user.name}'@'%'`);
    }
  });
});
