/**
 * The preview's counts on a real MariaDB/MySQL database: each `Measurement` of the plan mapped to a
 * read-only count, a table or column the plan creates reported missing, and the columns a `MODIFY`
 * restates read as they are (MariaDB's JSON, a LONGTEXT with a json_valid check, read as `json`).
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { currentMysqlColumns, measureMysql } from '../../src/database/mysql/measure.js';
import { measurementKey, type Measurement } from '../../src/plan/measurements.js';
import { columnKey } from '../../src/plan/mysql-changes.js';
import { createTestMysqlDatabase, mysqlQuery, mysqlSkipReason, testMysqlUrl } from '../support/mysql.js';

describe('MySQL counts for the preview plan', () => {
  let database: { name: string; url: string; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    if (!(await testMysqlUrl())) return;
    database = await createTestMysqlDatabase('pv_measure');
    await mysqlQuery(
      'CREATE TABLE `T` (`id` INTEGER NOT NULL PRIMARY KEY, `v` VARCHAR(20) NULL, `j` JSON NULL, `flag` BOOLEAN NOT NULL DEFAULT false)',
      database.name,
    );
    await mysqlQuery(
      "INSERT INTO `T` (id, v, j) VALUES (1, '12', '{}'), (2, '300', NULL), (3, 'x', '[1]'), (4, NULL, NULL)",
      database.name,
    );
  });
  afterAll(async () => {
    await database?.drop();
  });

  test('counts, casts that would fail (format and range), and what the plan creates', async (t) => {
    if (!database) return t.skip(mysqlSkipReason);
    const table = { name: 'T' };
    const measurements: Measurement[] = [
      { kind: 'rows', table },
      { kind: 'non-null', table, column: 'v' },
      { kind: 'nulls', table, column: 'v' },
      { kind: 'uncastable', table, column: 'v', type: 'TINYINT' },
      { kind: 'uncastable', table, column: 'v', type: 'INTEGER' },
      { kind: 'uncastable', table, column: 'v', type: "ENUM('12', 'x')" },
      { kind: 'uncastable', table, column: 'v', type: 'VARCHAR(2)' },
      { kind: 'uncastable', table, column: 'v', type: 'LONGBLOB' },
      { kind: 'duplicate-groups', table, columns: ['flag'] },
      { kind: 'rows', table: { name: 'New' } },
      { kind: 'non-null', table, column: 'added' },
    ];
    const measured = await measureMysql(database.url, measurements);
    const get = (measurement: Measurement) => measured.get(measurementKey(measurement));
    assert.deepEqual(measurements.map(get), [
      { count: 4 },
      { count: 3 },
      { count: 1 },
      { count: 2 },
      { count: 1 },
      { count: 1 },
      { count: 1 },
      { error: 'values are not checked against LONGBLOB' },
      { count: 1, rows: 4 },
      { missing: 'table' },
      { missing: 'column' },
    ]);
  });

  test('the columns a MODIFY restates, as they are now', async (t) => {
    if (!database) return t.skip(mysqlSkipReason);
    const current = await currentMysqlColumns(database.url, [{ table: { name: 'T' }, column: 'v' }]);
    assert.deepEqual(current.get(columnKey('T', 'v')), { type: 'varchar(20)', nullable: true });
    assert.deepEqual(current.get(columnKey('T', 'j')), { type: 'json', nullable: true });
    assert.deepEqual(current.get(columnKey('t', 'FLAG')), { type: 'tinyint(1)', nullable: false });
  });
});
