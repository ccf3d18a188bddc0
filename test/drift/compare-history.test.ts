import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'vitest';
import { scriptMatchesChecksum } from '../../src/drift/checksum.js';
import { compareHistory } from '../../src/drift/compare-history.js';
import { driftExitCode, driftVerdict } from '../../src/drift/drift-result.js';
import type { MigrationRow } from '../../src/drift/live-database.js';
import { DEFAULT_FAIL_ON, parseFailOn } from '../../src/gate/fail-on.js';
import type { Migration, MigrationHistory } from '../../src/migrations/history.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function migration(name: string, sql = `-- ${name}\nSELECT 1;\n`): Migration {
  return { name, file: `prisma/migrations/${name}/migration.sql`, sql, checksum: sha(sql) };
}

function history(...migrations: Migration[]): MigrationHistory {
  return {
    directory: '/p/prisma/migrations',
    exists: true,
    migrations,
    lockfile: { file: 'prisma/migrations/migration_lock.toml', content: 'provider = "postgresql"\n' },
    withoutSql: [],
  };
}

let id = 0;
function row(name: string, fields: Partial<MigrationRow> = {}): MigrationRow {
  id++;
  return {
    id: `id-${id}`,
    checksum: sha(`-- ${name}\nSELECT 1;\n`),
    migrationName: name,
    startedAt: `2024-05-0${Math.min(id, 9)}T10:00:00.000Z`,
    finishedAt: `2024-05-0${Math.min(id, 9)}T10:00:01.000Z`,
    rolledBackAt: null,
    logs: null,
    appliedStepsCount: 1,
    ...fields,
  };
}

const DEFAULT = new Set(DEFAULT_FAIL_ON);
const DIR = 'prisma/migrations';
const kinds = (findings: { kind: string }[]) => findings.map((finding) => finding.kind);

describe('compareHistory: the folder against _prisma_migrations', () => {
  const a = migration('20240101000000_a');
  const b = migration('20240102000000_b');
  const c = migration('20240103000000_c');

  test('every migration applied as it is: nothing to report, all to replay', () => {
    const result = compareHistory(history(a, b), { exists: true, rows: [row(a.name), row(b.name)] }, DEFAULT, DIR);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.applied.map((m) => m.name),
      [a.name, b.name],
    );
    assert.equal(driftVerdict(result.findings), 'in-sync');
  });

  test('unapplied migrations pass the default gate and fail with fail-on unapplied', () => {
    const table = { exists: true as const, rows: [row(a.name)] };
    const lenient = compareHistory(history(a, b, c), table, DEFAULT, DIR);
    assert.deepEqual(kinds(lenient.findings), ['unapplied', 'unapplied']);
    assert.deepEqual(
      lenient.unapplied.map((m) => m.name),
      [b.name, c.name],
    );
    assert.ok(lenient.findings.every((finding) => finding.category === 'unapplied' && !finding.failsGate));
    assert.equal(driftVerdict(lenient.findings), 'unapplied');
    assert.equal(driftExitCode({ verdict: 'unapplied', findings: lenient.findings }), 0);
    const strict = compareHistory(history(a, b, c), table, parseFailOn('unapplied,drift'), DIR);
    assert.equal(driftExitCode({ verdict: 'unapplied', findings: strict.findings }), 2);
  });

  test('a migration merged out of order is named as such', () => {
    const result = compareHistory(history(a, b, c), { exists: true, rows: [row(a.name), row(c.name)] }, DEFAULT, DIR);
    assert.deepEqual(kinds(result.findings), ['unapplied']);
    assert.match(result.findings[0]!.message, /sorts before `20240103000000_c`, which is applied/);
  });

  test('an edited migration: file, when it was applied, both checksums', () => {
    const edited = migration('20240101000000_a', '-- 20240101000000_a\nSELECT 2;\n');
    const applied = row(a.name, { finishedAt: '2024-05-01T10:00:01.000Z' });
    const result = compareHistory(history(edited), { exists: true, rows: [applied] }, DEFAULT, DIR);
    assert.deepEqual(kinds(result.findings), ['edited']);
    const [finding] = result.findings;
    assert.equal(finding!.file, 'prisma/migrations/20240101000000_a/migration.sql');
    assert.equal(finding!.appliedAt, '2024-05-01T10:00:01.000Z');
    assert.deepEqual(finding!.checksum, { database: applied.checksum, file: edited.checksum });
    assert.equal(finding!.failsGate, true);
    assert.deepEqual(
      result.applied.map((m) => m.name),
      [a.name],
      'an edited migration is still applied',
    );
  });

  test('a failed row: reported with its log, not also as unapplied; a later success clears it', () => {
    const failed = row(b.name, { finishedAt: null, logs: 'ERROR: boom', appliedStepsCount: 0 });
    const result = compareHistory(history(a, b), { exists: true, rows: [row(a.name), failed] }, DEFAULT, DIR);
    assert.deepEqual(kinds(result.findings), ['failed']);
    assert.equal(result.findings[0]!.logs, 'ERROR: boom');
    assert.equal(result.findings[0]!.file, b.file);
    assert.match(result.findings[0]!.message, /Prisma's log:\nERROR: boom/);
    assert.deepEqual(result.failed, [b.name]);

    const rolledBack = row(b.name, { finishedAt: null, logs: 'ERROR: boom', rolledBackAt: '2024-05-02T00:00:00.000Z' });
    const retried = compareHistory(history(a, b), { exists: true, rows: [row(a.name), rolledBack, row(b.name)] }, DEFAULT, DIR);
    assert.deepEqual(retried.findings, []);
  });

  test('applied in the database, absent from the folder', () => {
    const result = compareHistory(
      history(a),
      { exists: true, rows: [row(a.name), row('20231201000000_hotfix', { finishedAt: '2024-05-03T00:00:00.000Z' })] },
      DEFAULT,
      DIR,
    );
    assert.deepEqual(kinds(result.findings), ['missing-from-folder']);
    assert.equal(result.findings[0]!.migration, '20231201000000_hotfix');
    assert.match(result.findings[0]!.message, /on 2024-05-03T00:00:00.000Z\) but is not in prisma\/migrations/);
  });

  test('no migrations table: a database with tables is not managed; an empty one awaits its first deploy', () => {
    const pushed = compareHistory(history(a), { exists: false, tables: ['Post', 'User'] }, DEFAULT, DIR);
    assert.deepEqual(kinds(pushed.findings), ['no-migrations-table']);
    assert.equal(driftVerdict(pushed.findings), 'not-managed');
    const fresh = compareHistory(history(a, b), { exists: false, tables: [] }, DEFAULT, DIR);
    assert.deepEqual(kinds(fresh.findings), ['unapplied', 'unapplied']);
    assert.equal(driftVerdict(fresh.findings), 'unapplied');
  });

  test('fail-on none: findings are reported but nothing fails', () => {
    const result = compareHistory(history(a), { exists: true, rows: [row('20231201000000_hotfix')] }, parseFailOn('none'), DIR);
    assert.ok(result.findings.length > 0);
    assert.ok(result.findings.every((finding) => !finding.failsGate));
    assert.equal(driftExitCode({ verdict: driftVerdict(result.findings), findings: result.findings }), 0);
  });
});

describe('scriptMatchesChecksum: as Prisma compares', () => {
  const script = 'CREATE TABLE "A" (id int);\nCREATE TABLE "B" (id int);\n';
  test('the same bytes, and the same text with other line endings', () => {
    assert.ok(scriptMatchesChecksum(script, sha(script)));
    assert.ok(scriptMatchesChecksum(script.replace(/\n/g, '\r\n'), sha(script)), 'CRLF file, LF checksum');
    assert.ok(scriptMatchesChecksum(script, sha(script.replace(/\n/g, '\r\n'))), 'LF file, CRLF checksum');
    assert.ok(!scriptMatchesChecksum(`${script}-- edited\n`, sha(script)));
  });
  test('old checksums whose bytes were not zero-padded', () => {
    const digest = createHash('sha256').update(script).digest();
    const unpadded = [...digest].map((byte) => byte.toString(16)).join('');
    if (unpadded.length === 64) return; // This digest has no byte below 0x10: nothing to tell apart.
    assert.ok(scriptMatchesChecksum(script, unpadded));
  });
});
