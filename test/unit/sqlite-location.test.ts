/** Where a SQLite URL points: a local file, a remote database this tool refuses, or another family's URL. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { looksLikeSqlite, sqliteFilePath, sqliteLocation } from '../../src/database/sqlite/location.js';
import { timestamp } from '../../src/database/sqlite/live-database.js';
import { UsageError } from '../../src/util/errors.js';

describe('sqliteLocation', () => {
  test("Prisma's file: forms and plain paths are local files", () => {
    assert.deepEqual(sqliteLocation('file:./dev.db'), { kind: 'file', path: './dev.db' });
    assert.deepEqual(sqliteLocation('file:dev.db?connection_limit=1&socket_timeout=10'), { kind: 'file', path: 'dev.db' });
    assert.deepEqual(sqliteLocation('file:/var/data/app.db'), { kind: 'file', path: '/var/data/app.db' });
    assert.deepEqual(sqliteLocation('file:///var/data/app.db'), { kind: 'file', path: '/var/data/app.db' });
    assert.deepEqual(sqliteLocation('./prisma/dev.db'), { kind: 'file', path: './prisma/dev.db' });
    assert.deepEqual(sqliteLocation('dev.sqlite'), { kind: 'file', path: 'dev.sqlite' });
    assert.deepEqual(sqliteLocation('C:\\data\\dev.db'), { kind: 'file', path: 'C:\\data\\dev.db' });
  });

  test('Turso/libSQL and D1 are remote, and only their host is kept (never the token)', () => {
    assert.deepEqual(sqliteLocation('libsql://my-db-acme.turso.io?authToken=secret-token'), {
      kind: 'remote',
      service: 'Turso/libSQL',
      host: 'my-db-acme.turso.io',
    });
    assert.deepEqual(sqliteLocation('https://my-db-acme.turso.io'), {
      kind: 'remote',
      service: 'Turso/libSQL',
      host: 'my-db-acme.turso.io',
    });
    assert.deepEqual(sqliteLocation('wss://my-db-acme.turso.io'), { kind: 'remote', service: 'Turso/libSQL', host: 'my-db-acme.turso.io' });
    assert.equal(sqliteLocation('d1://my-database').kind, 'remote');
    assert.equal((sqliteLocation('d1://my-database') as { service: string }).service, 'Cloudflare D1');
  });

  test('other families and empty input', () => {
    assert.deepEqual(sqliteLocation('postgresql://u:p@localhost:5432/db'), { kind: 'other', scheme: 'postgresql' });
    assert.deepEqual(sqliteLocation('mysql://root@localhost/db'), { kind: 'other', scheme: 'mysql' });
    assert.equal(sqliteLocation('').kind, 'invalid');
    assert.equal(sqliteLocation('file:').kind, 'invalid');
    assert.equal(looksLikeSqlite('postgres://localhost/db'), false);
    assert.equal(looksLikeSqlite('file:./dev.db'), true);
    assert.equal(looksLikeSqlite('libsql://x.turso.io'), true);
  });
});

describe('sqliteFilePath', () => {
  test('relative paths are taken from the working directory', () => {
    assert.equal(sqliteFilePath('file:./prisma/dev.db', '--database-url', '/work/app'), join('/work/app', 'prisma', 'dev.db'));
    assert.equal(sqliteFilePath('/abs/dev.db', '--database-url', '/work/app'), '/abs/dev.db');
  });

  test('a remote database is refused, naming the input, the service and what works instead', () => {
    for (const [url, service] of [
      ['libsql://my-db.turso.io?authToken=sekrit', 'Turso/libSQL'],
      ['https://my-db.turso.io', 'Turso/libSQL'],
      ['d1://prod', 'Cloudflare D1'],
    ] as const) {
      assert.throws(
        () => sqliteFilePath(url, "Input 'database-url'", '/w'),
        (error: unknown) => {
          assert.ok(error instanceof UsageError);
          assert.match(error.message, /^Input 'database-url': /);
          assert.ok(error.message.includes(`remote ${service} database, which is not supported`), error.message);
          assert.doesNotMatch(error.message, /sekrit/);
          assert.match(error.fix ?? '', /file:\.\/dev\.db/);
          return true;
        },
      );
    }
  });

  test("another family's URL for a sqlite schema is refused", () => {
    assert.throws(
      () => sqliteFilePath('mysql://root@localhost/db', '--database-url', '/w'),
      /--database-url: the schema's provider is sqlite, but the URL is a mysql: URL/,
    );
  });
});

describe('SQLite _prisma_migrations timestamps', () => {
  test('milliseconds (what Prisma writes) and current_timestamp text become ISO strings', () => {
    assert.equal(timestamp(1704067200000), '2024-01-01T00:00:00.000Z');
    assert.equal(timestamp('1704067200000'), '2024-01-01T00:00:00.000Z');
    assert.equal(timestamp('2024-01-01 00:00:00'), '2024-01-01T00:00:00.000Z');
    assert.equal(timestamp(null), null);
  });
});

describe('splitSqliteStatements', () => {
  test("Prisma's redefine-table script, statement by statement, with lines", async () => {
    const { splitSqliteStatements } = await import('../../src/sql/sqlite-statements.js');
    const script = `-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nCREATE TABLE "new_User" (\n    "id" INTEGER NOT NULL PRIMARY KEY,\n    "note" TEXT DEFAULT 'a;b''c'\n);\nINSERT INTO "new_User" ("id") SELECT "id" FROM "User"; /* a ; comment */\nDROP TABLE "User";\n`;
    const statements = splitSqliteStatements(script);
    assert.deepEqual(
      statements.map((s) => s.text.split('\n')[0]),
      [
        'PRAGMA defer_foreign_keys=ON',
        'CREATE TABLE "new_User" (',
        'INSERT INTO "new_User" ("id") SELECT "id" FROM "User"',
        'DROP TABLE "User"',
      ],
    );
    assert.deepEqual(
      statements.map((s) => s.line),
      [2, 3, 7, 8],
    );
    assert.match(statements[1]!.text, /'a;b''c'\n\)$/);
  });

  test('a trigger body stays whole', async () => {
    const { splitSqliteStatements } = await import('../../src/sql/sqlite-statements.js');
    const statements = splitSqliteStatements('CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END;\nSELECT 1;');
    assert.equal(statements.length, 2);
    assert.match(statements[0]!.text, /DELETE FROM c; END$/);
  });
});
