import assert from 'node:assert/strict';
import { afterAll, describe, test } from 'vitest';
import pg from 'pg';
import { connectionError, missingPrivilegeError } from '../../src/database/postgres/connection-error.js';
import {
  connectTimeoutMs,
  poolConfig,
  readOnlySessionUrl,
  withLibpqSslModes,
  CONNECT_TIMEOUT_MS,
} from '../../src/database/postgres/connection.js';
import { PostgresLiveDatabase } from '../../src/database/postgres/live-database.js';
import { createLiveDatabase } from './live.js';

describe('connections to a live database', () => {
  test('connection errors say which server and why, never the password', () => {
    const url = 'postgresql://app:hunter2-secret@db.example.com:6543/shop';
    const auth = connectionError(
      { code: '28P01', message: 'password authentication failed for user "app"', severity: 'FATAL' },
      url,
      '--database-url',
    );
    assert.equal(
      auth.message,
      '--database-url: could not connect to the PostgreSQL server at db.example.com:6543: the server refused the password for user "app".',
    );
    assert.match(
      auth.fix ?? '',
      /Check the user name and the password in the URL\. A password with special characters .* must be URL-encoded/,
    );
    assert.match(auth.fix ?? '', /p%40ss%3Aw%2Frd/);
    const noPassword = connectionError(
      { code: '28P01', message: 'password authentication failed for user "app"' },
      'postgresql://app@db.example.com/shop',
      '--database-url',
    );
    assert.match(noPassword.message, /user "app" needs a password and the URL gives none/);
    const connect = connectionError(
      { code: '42501', message: 'permission denied for database "shop"', severity: 'FATAL' },
      url,
      '--database-url',
    );
    assert.match(connect.message, /the role "app" lacks CONNECT on database "shop"/);
    assert.equal(connect.fix, 'Grant it: GRANT CONNECT ON DATABASE "shop" TO "app";');
    const tls = connectionError(new Error('self-signed certificate in certificate chain'), url, '--database-url');
    assert.match(tls.fix ?? '', /sslrootcert=<file>, or use sslmode=require/);
    const privilege = missingPrivilegeError({
      inputName: "Input 'database-url'",
      url,
      privilege: 'USAGE',
      on: 'schema "public"',
      grant: 'GRANT USAGE ON SCHEMA "public" TO <role>;',
      why: 'no table can be seen',
    });
    assert.equal(
      privilege.message,
      `Input 'database-url': the role "app" lacks USAGE on schema "public" in database "shop"; no table can be seen.`,
    );
    assert.equal(privilege.fix, 'Grant it (read-only is enough): GRANT USAGE ON SCHEMA "public" TO "app";');
    for (const error of [auth, connect, tls, privilege]) assert.ok(!`${error.message} ${error.fix}`.includes('hunter2-secret'));
  });

  test('sslmode as Prisma and libpq read it, connect_timeout in seconds', () => {
    assert.equal(withLibpqSslModes('postgresql://h/db?sslmode=require'), 'postgresql://h/db?sslmode=require&uselibpqcompat=true');
    assert.equal(
      withLibpqSslModes('postgresql://h/db?sslmode=require&sslaccept=strict'),
      'postgresql://h/db?sslmode=verify-full&sslaccept=strict',
    );
    assert.equal(withLibpqSslModes('postgresql://h/db?sslmode=verify-full'), 'postgresql://h/db?sslmode=verify-full');
    assert.equal(withLibpqSslModes('postgresql://h/db?sslmode=disable'), 'postgresql://h/db?sslmode=disable');
    assert.equal(withLibpqSslModes('postgresql://h/db'), 'postgresql://h/db');
    const config = poolConfig('postgresql://u:p@h/db?sslmode=require&connect_timeout=3&sslaccept=accept_invalid_certs');
    assert.equal(config.connectionTimeoutMillis, 3_000);
    assert.equal(config.connectionString, 'postgresql://u:p@h/db?sslmode=require&uselibpqcompat=true');
    // What pg makes of it: TLS without certificate verification, as Prisma's sslmode=require.
    const client = new pg.Client(config) as unknown as { connectionParameters: { ssl: { rejectUnauthorized?: boolean } } };
    assert.equal(client.connectionParameters.ssl.rejectUnauthorized, false);
    assert.equal(connectTimeoutMs('postgresql://h/db?connect_timeout=0'), 0);
    assert.equal(connectTimeoutMs('postgresql://h/db'), CONNECT_TIMEOUT_MS);
  });

  test('the live database URL: PostgreSQL only, public schema only, described without the password', () => {
    const live = new PostgresLiveDatabase('postgresql://app:hunter2@db.example.com/shop?sslmode=require', '--database-url');
    assert.equal(live.description, 'db.example.com:5432/shop');
    assert.match(live.engineUrl, /options=-c\+default_transaction_read_only%3Don/);
    assert.throws(() => new PostgresLiveDatabase('mysql://root:pw@h/db', '--database-url'), /expected a PostgreSQL URL/);
    assert.throws(
      () => new PostgresLiveDatabase('postgresql://h/db?schema=tenant', '--database-url'),
      /schema=tenant: drift compares the "public" schema only/,
    );
    assert.equal(
      readOnlySessionUrl('postgresql://h/db?options=-c%20search_path%3Dapp'),
      'postgresql://h/db?options=-c+search_path%3Dapp+-c+default_transaction_read_only%3Don',
      "the user's own session options are kept",
    );
  });

  describe('on a real server', () => {
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const drop of drops) await drop();
    });

    test("every session opened through the engine's URL is read-only: the server rejects a write", async () => {
      const database = await createLiveDatabase('session');
      drops.push(database.drop);
      const live = new PostgresLiveDatabase(database.url, '--database-url');
      const client = new pg.Client(poolConfig(live.engineUrl));
      await client.connect();
      try {
        assert.equal((await client.query('SHOW default_transaction_read_only')).rows[0].default_transaction_read_only, 'on');
        await assert.rejects(client.query('CREATE TABLE "psg_probe" (id int)'), (error: { code?: string }) => error.code === '25006');
      } finally {
        await client.end();
      }
      assert.deepEqual(await database.sql(`SELECT relname FROM pg_class WHERE relname = 'psg_probe'`), []);
    });
  });
});
