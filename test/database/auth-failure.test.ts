/**
 * A refused password on a real MySQL/MariaDB server (errno 1045): the user is named, the password
 * is said to be the problem, and the fix says how to URL-encode one; never "is the server running".
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import mysql from 'mysql2/promise';
import { cli } from '../support/cli.js';
import { mysqlSkipReason, testMysqlUrl } from '../support/mysql.js';
import { repoRoot } from '../support/paths.js';

const USER = `psg_auth_${process.pid}`;
const RIGHT = 'right-Pw-17';
const WRONG = 'wr@ng:pw';

describe('MySQL: a refused password', () => {
  let server: string | undefined;
  beforeAll(async () => {
    server = await testMysqlUrl();
    if (!server) return;
    const connection = await mysql.createConnection({ uri: server });
    await connection.query(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${RIGHT}'`);
    await connection.query(`CREATE USER '${USER}'@'localhost' IDENTIFIED BY '${RIGHT}'`);
    await connection.end();
  });
  afterAll(async () => {
    if (!server) return;
    const connection = await mysql.createConnection({ uri: server });
    await connection.query(`DROP USER IF EXISTS '${USER}'@'%'`);
    await connection.query(`DROP USER IF EXISTS '${USER}'@'localhost'`);
    await connection.end();
  });

  function urlWith(password: string): string {
    const url = new URL(server!);
    url.username = USER;
    url.password = encodeURIComponent(password);
    return url.toString();
  }

  test('check --shadow-database-url and drift --database-url name the user and say how to encode', async (t) => {
    if (!server) return t.skip(mysqlSkipReason);
    const project = join(repoRoot, 'test', 'fixtures', 'mysql-blog');
    const runs = [
      await cli(['check', '--json', '--shadow-database-url', urlWith(WRONG)], { cwd: project }),
      await cli(['drift', '--json', '--database-url', `${urlWith(WRONG)}mysql`], { cwd: project }),
    ];
    for (const run of runs) {
      assert.equal(run.code, 1, run.stdout);
      const finding = JSON.parse(run.stdout).findings[0];
      assert.match(finding.message, new RegExp(`refused "${USER}": the server refused the password for user "${USER}"`));
      assert.doesNotMatch(`${finding.message} ${finding.fix}`, /server is running/);
      assert.match(finding.fix, /must be URL-encoded/);
      assert.ok(!run.stdout.includes(encodeURIComponent(WRONG)) && !run.stdout.includes(WRONG), 'the password is never shown');
    }
  });
});
