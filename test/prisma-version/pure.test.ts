import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { discoverPrismaPin } from '../../src/prisma-version/discover.js';
import { selectEngine, type BuildLookup } from '../../src/prisma-version/select-engine.js';
import { NEWEST_BUILD, PRISMA_6_BUILD, buildInFolder } from '../../src/engine/wasm/builds.js';
import { explainByUpgradeRules } from '../../src/verdict/upgrade-rules.js';
import { unknownPreviewFeatures, withoutPreviewFeatures } from '../../src/schema/preview-features.js';

const root = mkdtempSync(join(tmpdir(), 'psg_pin_'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A repository (`.git`) with files at the given paths. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'repo_'));
  mkdirSync(join(dir, '.git'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
const pkg = (deps: Record<string, string>) => JSON.stringify({ devDependencies: deps });

describe('which Prisma a project pins', () => {
  test('the flag wins, and a malformed one names the flag and the format', async () => {
    const dir = repo({ 'package.json': pkg({ prisma: '^5.0.0' }) });
    assert.deepEqual(await discoverPrismaPin({ flag: '6.19.0', from: dir, cwd: dir, bundled: '7.10.1' }), {
      version: '6.19.0',
      source: 'flag',
      where: '--prisma-version',
    });
    await assert.rejects(
      discoverPrismaPin({ flag: '6', flagName: "Input 'prisma-version'", from: dir, cwd: dir, bundled: '7.10.1' }),
      /Input 'prisma-version': expected a Prisma release such as 6.19.0, got "6"/,
    );
  });

  test('the prisma installed nearest the schema comes before package.json', async () => {
    const dir = repo({
      'package.json': pkg({ prisma: '^6.0.0' }),
      'node_modules/prisma/package.json': '{"version":"6.14.0"}',
      'apps/api/prisma/schema.prisma': '',
    });
    const pin = await discoverPrismaPin({ from: join(dir, 'apps/api/prisma'), cwd: dir, bundled: '7.10.1' });
    assert.deepEqual(pin, { version: '6.14.0', source: 'installed', where: 'node_modules/prisma/package.json' });
  });

  test('the nearest package.json naming prisma (or @prisma/client), its range resolved to the newest release', async () => {
    const dir = repo({
      'package.json': pkg({ prisma: '^5.0.0' }),
      'apps/api/package.json': JSON.stringify({ dependencies: { '@prisma/client': '~6.18.0' } }),
    });
    const releases = async () => ['6.17.1', '6.18.0', '6.18.1', '6.19.0', '6.18.2-dev.1'];
    const pin = await discoverPrismaPin({ from: join(dir, 'apps/api/prisma'), cwd: dir, bundled: '7.10.1', releases });
    assert.deepEqual(pin, { version: '6.18.1', source: 'package.json', where: 'apps/api/package.json', range: '~6.18.0' });
  });

  test('offline, a range resolves to the lowest release it allows, with a notice', async () => {
    const dir = repo({ 'package.json': pkg({ prisma: '^6.19.0' }) });
    const pin = await discoverPrismaPin({ from: dir, cwd: dir, bundled: '7.10.1', releases: async () => undefined });
    assert.equal(pin.version, '6.19.0');
    assert.match(pin.notice ?? '', /could not be read, so the lowest release it allows \(6.19.0\) is used/);
  });

  test('nothing pinned (or no range): the bundled engine', async () => {
    assert.deepEqual(await discoverPrismaPin({ from: repo({}), cwd: root, bundled: '7.10.1' }), { version: '7.10.1', source: 'bundled' });
    const tagged = await discoverPrismaPin({ from: repo({ 'package.json': pkg({ prisma: 'latest' }) }), cwd: root, bundled: '7.10.1' });
    assert.equal(tagged.source, 'bundled');
    assert.match(tagged.notice ?? '', /"latest", which is not a version range/);
  });

  test('discovery stops at the repository root', async () => {
    const outer = repo({ 'package.json': pkg({ prisma: '5.0.0' }) });
    const inner = join(outer, 'inner');
    mkdirSync(join(inner, '.git'), { recursive: true });
    assert.equal((await discoverPrismaPin({ from: inner, cwd: inner, bundled: '7.10.1' })).source, 'bundled');
  });
});

describe('the engine that judges', () => {
  const unreachable = async (): Promise<BuildLookup> => ({ kind: 'unavailable', reason: 'registry.npmjs.org unreachable' });
  const options = { engine: 'wasm' as const, auto: true, projectCliInstalled: () => false, fetchBuild: unreachable };
  const pin = (version: string) => ({ version, source: 'package.json' as const, where: 'package.json', range: version });

  test('bundled builds for Prisma 7.10.x and Prisma 6.19.1+', async () => {
    assert.equal((await selectEngine(pin('7.10.0'), options)).build, NEWEST_BUILD);
    assert.equal((await selectEngine(pin('6.19.3'), options)).build, PRISMA_6_BUILD);
    assert.equal((await selectEngine({ version: '7.10.1', source: 'bundled' }, options)).exact, true);
  });

  test('another release: fetched; when it cannot be, the nearest bundled engine with a notice', async () => {
    const fetched = buildInFolder('6.14.0-25.717184b7b35ea05dfa71a3236b7af656013e1e49', '/cache/6.14');
    const found = await selectEngine(pin('6.14.0'), { ...options, fetchBuild: async () => ({ kind: 'found', build: fetched }) });
    assert.equal(found.build, fetched);
    assert.equal(found.exact, true);
    const fallback = await selectEngine(pin('6.14.0'), options);
    assert.equal(fallback.build, PRISMA_6_BUILD);
    assert.equal(fallback.exact, false);
    assert.match(
      fallback.notices[0]!,
      /Prisma 6.14.0's engine could not be fetched \(registry.npmjs.org unreachable\): the bundled engine of Prisma 6.19 judges instead/,
    );
    assert.equal((await selectEngine(pin('7.3.0'), options)).build, NEWEST_BUILD);
  });

  test('before Prisma 6.6: the project CLI when installed (engine auto), else Prisma 6 with upgrade rules', async () => {
    const cli = await selectEngine(pin('5.10.2'), { ...options, projectCliInstalled: () => true });
    assert.equal(cli.kind, 'cli');
    const stand = await selectEngine(pin('5.10.2'), options);
    assert.equal(stand.build, PRISMA_6_BUILD);
    assert.equal(stand.upgradeFrom, '5.10.2');
    const forced = await selectEngine(pin('5.10.2'), { ...options, auto: false, projectCliInstalled: () => true });
    assert.equal(forced.kind, 'wasm', 'engine: wasm stays in-process');
  });
});

describe('upgrade rules', () => {
  const script = `-- AlterTable\nALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_AB_pkey" PRIMARY KEY ("A", "B");\n\n-- DropIndex\nDROP INDEX "_PostToTag_AB_unique";\n`;

  test('implicit many-to-many primary keys are a note for a Prisma 5 pin, nothing left', () => {
    const { notes, rest } = explainByUpgradeRules(script, '5.22.0');
    assert.equal(rest, '');
    assert.deepEqual(
      notes.map((n) => [n.rule, n.introducedIn, n.objects]),
      [['implicit-m2m-primary-key', '6.0.0', ['_PostToTag']]],
    );
  });

  test('for a Prisma 6 pin the same statements are a missing migration; other statements are kept', () => {
    assert.equal(explainByUpgradeRules(script, '6.1.0').notes.length, 0);
    const mixed = explainByUpgradeRules(`${script}\n-- CreateIndex\nCREATE INDEX "Post_title_idx" ON "Post"("title");\n`, '5.22.0');
    assert.equal(mixed.notes.length, 1);
    assert.equal(mixed.rest, '-- CreateIndex\nCREATE INDEX "Post_title_idx" ON "Post"("title");');
  });
});

describe('preview features another engine does not know', () => {
  test('removed on their own line, line numbers unchanged', () => {
    const content = 'generator client {\n  provider        = "prisma-client-js"\n  previewFeatures = ["metrics", "views"]\n}\n';
    const { files, removed } = withoutPreviewFeatures([{ path: 'schema.prisma', content }], ['metrics']);
    assert.equal(files[0]!.content, content.replace('"metrics", "views"', '"views"'));
    assert.deepEqual(removed, [{ file: 'schema.prisma', line: 3, feature: 'metrics' }]);
    assert.deepEqual(unknownPreviewFeatures('The preview feature "metrics" is not known. Expected one of: views'), ['metrics']);
  });
});
