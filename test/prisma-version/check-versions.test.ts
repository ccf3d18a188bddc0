import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { copyProject } from '../drift/live.js';
import { cli } from '../support/cli.js';
import { leftoverShadowDatabases, testPostgresUrl } from '../support/postgres.js';
import { repoRoot } from '../support/paths.js';
import { installStandIn } from '../engine/stand-in/install.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', name);
const cache = mkdtempSync(join(tmpdir(), 'psg_engine_cache_'));
const saved = { cache: process.env.PSG_ENGINE_CACHE, registry: process.env.PSG_NPM_REGISTRY };

async function check(cwd: string, ...args: string[]) {
  const run = await cli(['check', '--shadow-database-url', await testPostgresUrl(), '--json', ...args], { cwd });
  return { code: run.code, stderr: run.stderr, result: JSON.parse(run.stdout) };
}

/** A copy of a fixture whose package.json pins `range` (or has none). */
async function project(name: string, range?: string) {
  const copy = await copyProject(fixture(name));
  rmSync(join(copy.dir, 'package.json'), { force: true });
  if (range) writeFileSync(join(copy.dir, 'package.json'), JSON.stringify({ devDependencies: { prisma: range } }));
  return copy;
}

describe('check gives the verdict of the Prisma the project pins', () => {
  beforeAll(() => {
    process.env.PSG_ENGINE_CACHE = cache;
    delete process.env.PSG_NPM_REGISTRY;
  });
  afterAll(async () => {
    process.env.PSG_ENGINE_CACHE = saved.cache;
    if (saved.registry === undefined) delete process.env.PSG_NPM_REGISTRY;
    else process.env.PSG_NPM_REGISTRY = saved.registry;
    rmSync(cache, { recursive: true, force: true });
    assert.deepEqual(await leftoverShadowDatabases(), [], 'no shadow database is left behind');
  });

  test('a Prisma 6.19 project with previewFeatures = ["metrics"] and a datasource url: in sync (package.json)', async () => {
    const { code, result, stderr } = await check(fixture('prisma6-metrics'));
    assert.equal(code, 0, stderr);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.prisma.source, 'package.json');
    assert.match(result.prisma.version, /^6\.19\./);
    assert.equal(result.engineUsed.kind, 'wasm');
    assert.equal(result.engine, 'wasm', 'the older field stays');
  });

  test('the same project with --prisma-version and no package.json', async () => {
    const copy = await project('prisma6-metrics');
    try {
      const { code, result } = await check(copy.dir, '--prisma-version', '6.19.3');
      assert.equal(code, 0);
      assert.deepEqual(result.prisma, { version: '6.19.3', source: 'flag' });
      assert.equal(result.engineUsed.version, '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7');
    } finally {
      await copy.remove();
    }
  });

  test('the same project pinned to Prisma 7: judged by 7.10, which rejects the metrics preview feature', async () => {
    const copy = await project('prisma6-metrics', '7.10.1');
    try {
      const { code, result } = await check(copy.dir);
      assert.equal(code, 1);
      assert.equal(result.verdict, 'error');
      assert.equal(result.engineUsed.version, '7.10.0-7.561d7b42579a2459cc8edf3788918b626c640023');
      assert.match(result.findings[0].message, /The preview feature "metrics" is not known/);
    } finally {
      await copy.remove();
    }
  });

  test('a Prisma 6 project with an index no migration creates: missing migration', async () => {
    const copy = await project('prisma6-metrics', '^6.19.0');
    try {
      const schema = join(copy.dir, 'prisma', 'schema.prisma');
      writeFileSync(schema, readFileSync(schema, 'utf8').replace(/(model Post \{[\s\S]*?)\n\}/, '$1\n\n  @@index([title])\n}'));
      const { code, result } = await check(copy.dir);
      assert.equal(code, 2);
      assert.equal(result.verdict, 'missing-migration');
      assert.match(result.findings[0].sql, /CREATE INDEX "Post_title_idx" ON "Post"\("title"\);/);
    } finally {
      await copy.remove();
    }
  });

  test('a Prisma 5 project with an implicit many-to-many relation, no prisma CLI installed: in sync with an upgrade note', async () => {
    const { code, result } = await check(fixture('prisma5-m2m'));
    assert.equal(code, 0);
    assert.equal(result.verdict, 'in-sync');
    assert.equal(result.gate, 'pass');
    assert.deepEqual(result.prisma, { version: '5.10.2', source: 'package.json' });
    const [note] = result.findings;
    assert.equal(note.kind, 'upgrade-note');
    assert.equal(note.failsGate, false);
    assert.match(note.message, /implicit-m2m-primary-key, Prisma 6\.0\.0/);
    assert.match(note.sql, /DROP INDEX "_PostToTag_AB_unique";/);
    assert.match(result.notices.join('\n'), /Prisma 5\.10\.2 has no in-process engine/);
    const text = await cli(['check', '--shadow-database-url', await testPostgresUrl()], { cwd: fixture('prisma5-m2m') });
    assert.match(text.stdout, /Upgrade note \(implicit-m2m-primary-key/);
    assert.match(text.stdout, /Prisma 5\.10\.2 \(package\.json\), engine wasm 7\.1\.1-3\.c2990dc/);
  });

  test('the same project with its own prisma CLI installed: the cli engine judges', async () => {
    const standIn = installStandIn();
    try {
      cpSync(fixture('prisma5-m2m'), standIn.dir, { recursive: true });
      const saved = { major: process.env.PSG_STAND_IN_MAJOR, version: process.env.PSG_STAND_IN_VERSION, log: process.env.PSG_STAND_IN_LOG };
      Object.assign(process.env, { PSG_STAND_IN_MAJOR: '6', PSG_STAND_IN_VERSION: '5.10.2', PSG_STAND_IN_LOG: standIn.log });
      try {
        const { result, stderr } = await check(standIn.dir);
        assert.equal(result.engineUsed?.kind, 'cli', stderr);
        assert.match(result.notices.join('\n'), /the project's own Prisma CLI judges \(engine cli\)/);
        assert.match(readFileSync(standIn.log, 'utf8'), /"migrate","diff","--from-migrations"/);
      } finally {
        for (const [key, value] of Object.entries({
          PSG_STAND_IN_MAJOR: saved.major,
          PSG_STAND_IN_VERSION: saved.version,
          PSG_STAND_IN_LOG: saved.log,
        })) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    } finally {
      standIn.remove();
    }
  });

  test('an engine that cannot be fetched (registry unreachable): the nearest bundled engine, with a notice', async () => {
    const copy = await project('prisma6-metrics');
    process.env.PSG_NPM_REGISTRY = 'http://127.0.0.1:9';
    try {
      const { code, result } = await check(copy.dir, '--prisma-version', '6.14.0');
      assert.equal(code, 0);
      assert.equal(result.verdict, 'in-sync');
      assert.equal(result.engineUsed.version, '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7');
      assert.match(
        result.notices.join('\n'),
        /Prisma 6\.14\.0's engine could not be fetched \(.*127\.0\.0\.1:9.*\): the bundled engine of Prisma 6\.19 judges instead/,
      );
    } finally {
      delete process.env.PSG_NPM_REGISTRY;
      await copy.remove();
    }
  });
});
