import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, test } from 'vitest';
import { fetchEngineBuild, nearestPublished, untar } from '../../src/engine/wasm/fetch-build.js';
import { loadSchemaEngine } from '../../src/engine/wasm/load.js';
import { validateSchemaOffline } from '../../src/engine/wasm/offline-validation.js';
import { engineCacheDir } from '../../src/prisma-version/defaults.js';
import { repoRoot } from '../support/paths.js';

/**
 * fetch-build.ts against a local npm registry (node:http on 127.0.0.1) that serves a tarball built
 * from the real installed engine, plus one test against the public registry.
 */

/** The engine Prisma 6.19.1 names (`@prisma/engines-version`), installed as @prisma/schema-engine-wasm-6. */
const ENGINE = '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7';
const ENGINE_HASH = 'c2990dca591cba766e3b7ef5d9e8a84796e47ab7';
const ABBREVIATED = 'application/vnd.npm.install-v1+json';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `psg_fetch_${prefix}_`));
  temps.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The real engine package packed the way npm packs it: `package/...` in a gzipped ustar archive. */
let tarball: Buffer;
let integrity: string;

beforeAll(() => {
  const work = temp('tarball');
  cpSync(join(repoRoot, 'node_modules', '@prisma', 'schema-engine-wasm-6'), join(work, 'package'), { recursive: true });
  execFileSync('tar', ['--format=ustar', '-czf', join(work, 'engine.tgz'), '-C', work, 'package'], { timeout: 60_000 });
  tarball = readFileSync(join(work, 'engine.tgz'));
  integrity = 'sha512-' + createHash('sha512').update(tarball).digest('base64');
});

// --- the local registry --------------------------------------------------------------------------

interface RegistryPlan {
  /** `@prisma/engines-version` of each Prisma release the registry knows. */
  releases: Record<string, string>;
  /** The versions of @prisma/schema-engine-wasm it publishes; each serves the real engine's tarball. */
  published: string[];
  /** What the packument's `integrity` says (default: the tarball's real one). */
  integrity?: string;
  /** How the packument route answers. */
  packument?: 'ok' | 'not-found' | 'not-json';
}

interface Registry {
  url: string;
  requests: { url: string; accept: string | undefined }[];
  close(): Promise<void>;
}

const started: Server[] = [];

async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  // fetch keeps its connections alive: without this, close() waits for them to time out.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  for (const server of started.splice(0)) await closeServer(server);
});

async function startRegistry(plan: RegistryPlan): Promise<Registry> {
  const requests: Registry['requests'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const path = req.url ?? '';
    requests.push({ url: path, accept: req.headers.accept });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const release = /^\/@prisma%2fengines\/([^/]+)$/.exec(path);
    if (release) {
      const wanted = plan.releases[decodeURIComponent(release[1]!)];
      if (!wanted) return json(404, { error: 'version not found' });
      return json(200, { name: '@prisma/engines', dependencies: { '@prisma/engines-version': wanted, '@prisma/debug': '6.19.1' } });
    }
    if (path === '/@prisma%2fschema-engine-wasm') {
      if (plan.packument === 'not-found') return json(404, { error: 'Not found' });
      if (plan.packument === 'not-json') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Service temporarily unavailable</body></html>');
      }
      const { port } = server.address() as AddressInfo;
      const versions = Object.fromEntries(
        plan.published.map((v) => [
          v,
          {
            name: '@prisma/schema-engine-wasm',
            version: v,
            dist: { tarball: `http://127.0.0.1:${port}/tarballs/schema-engine-wasm-${v}.tgz`, integrity: plan.integrity ?? integrity },
          },
        ]),
      );
      return json(200, { name: '@prisma/schema-engine-wasm', versions });
    }
    const file = /^\/tarballs\/schema-engine-wasm-(.+)\.tgz$/.exec(path);
    if (file && plan.published.includes(file[1]!)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length });
      return res.end(tarball);
    }
    json(404, { error: 'Not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  started.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => closeServer(server) };
}

/** A port nothing listens on: one the system just handed out, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** globalThis.fetch, counted: attempts show even when nothing listens. */
function countingFetch() {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return globalThis.fetch(input, init);
  };
  return { calls, fetch };
}

const noStackTrace = (reason: string) => assert.doesNotMatch(reason, /\n\s+at /, 'a reason, not a stack trace');

const SCHEMA = [
  {
    path: 'schema.prisma',
    content:
      'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n',
  },
];

// --- download, cache, failures -------------------------------------------------------------------

describe('fetchEngineBuild from a local registry', () => {
  const cacheDir = temp('cache');

  test('downloads the engine of Prisma 6.19.1 into the cache, and the build runs', async () => {
    const registry = await startRegistry({
      releases: { '6.19.1': ENGINE },
      published: ['7.0.0-18.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ENGINE],
    });
    const logged: string[] = [];
    const result = await fetchEngineBuild('6.19.1', { cacheDir, registry: registry.url, log: (line) => logged.push(line) });
    assert.equal(result.kind, 'found', JSON.stringify(result));
    assert.equal(result.downloaded, true);
    assert.equal(result.engineVersion, ENGINE);
    assert.equal(result.build.version, ENGINE);
    assert.equal(result.build.origin, 'cache');
    assert.equal(result.build.prismaLine, '6.19', "the Prisma release's line, not the engine build's 7.1");
    assert.equal(result.build.wasmPath, join(cacheDir, ENGINE, 'package', 'schema_engine_bg.wasm'));

    assert.ok(existsSync(join(cacheDir, ENGINE, '.complete')));
    assert.ok(existsSync(join(cacheDir, ENGINE, 'package', 'schema_engine_bg.wasm')));
    assert.deepEqual(
      readFileSync(join(cacheDir, ENGINE, 'package', 'schema_engine_bg.wasm')),
      readFileSync(join(repoRoot, 'node_modules', '@prisma', 'schema-engine-wasm-6', 'schema_engine_bg.wasm')),
    );
    assert.deepEqual(JSON.parse(readFileSync(join(cacheDir, 'prisma-6.19.1.json'), 'utf8')), {
      prismaVersion: '6.19.1',
      engineVersion: ENGINE,
    });
    assert.deepEqual(
      readdirSync(cacheDir).filter((name) => name.startsWith('.tmp-') || name.endsWith('.tmp')),
      [],
    );

    assert.deepEqual(
      registry.requests.map((r) => r.url),
      ['/@prisma%2fengines/6.19.1', '/@prisma%2fschema-engine-wasm', `/tarballs/schema-engine-wasm-${ENGINE}.tgz`],
    );
    assert.equal(registry.requests[1]!.accept, ABBREVIATED, 'the abbreviated packument is asked for');
    assert.match(logged.join('\n'), /Downloading Prisma's schema engine 7\.1\.1-3\.c2990dc\w+ from 127\.0\.0\.1:\d+\./);

    // The fetched build really runs: its own glue (from the cache folder), compiled and started.
    const glue = await loadSchemaEngine(result.build);
    assert.equal(glue, await result.build.glue(), 'the glue imported from the cache folder');
    assert.equal(glue.version(), ENGINE_HASH);
    assert.equal(await validateSchemaOffline(SCHEMA, result.build), undefined, 'a valid schema passes');
    const broken = await validateSchemaOffline(
      [{ path: 'schema.prisma', content: SCHEMA[0]!.content.replace('String', 'Strin') }],
      result.build,
    );
    assert.ok(broken, 'a schema with an unknown type is rejected');
    assert.equal(broken.code, 'P1012');
    assert.match(broken.message, /Strin/);
  });

  test('a second call is served by the cache: no request at all, even with the registry closed', async () => {
    assert.ok(existsSync(join(cacheDir, 'prisma-6.19.1.json')), 'the first test left its build in the cache');
    const registry = await startRegistry({ releases: { '6.19.1': ENGINE }, published: [ENGINE] });
    await registry.close();
    const counted = countingFetch();
    const result = await fetchEngineBuild('6.19.1', { cacheDir, registry: registry.url, fetch: counted.fetch });
    assert.equal(result.kind, 'found', JSON.stringify(result));
    assert.equal(result.downloaded, false);
    assert.equal(result.engineVersion, ENGINE);
    assert.equal(result.build.prismaLine, '6.19');
    assert.deepEqual(counted.calls, []);
    assert.equal(registry.requests.length, 0);
  });

  test('another Prisma release of the same engine build: mapped with the registry, the build not downloaded again', async () => {
    assert.ok(existsSync(join(cacheDir, ENGINE, '.complete')), 'the first test left its build in the cache');
    const registry = await startRegistry({ releases: { '6.19.2': ENGINE }, published: [ENGINE] });
    const result = await fetchEngineBuild('6.19.2', { cacheDir, registry: registry.url });
    assert.equal(result.kind, 'found', JSON.stringify(result));
    assert.equal(result.downloaded, false, 'the build was already there');
    assert.deepEqual(
      registry.requests.map((r) => r.url),
      ['/@prisma%2fengines/6.19.2', '/@prisma%2fschema-engine-wasm'],
      'no tarball asked for',
    );
    assert.deepEqual(JSON.parse(readFileSync(join(cacheDir, 'prisma-6.19.2.json'), 'utf8')), {
      prismaVersion: '6.19.2',
      engineVersion: ENGINE,
    });
  });

  test('a tarball whose sha512 does not match the integrity: unavailable, and the cache stays empty', async () => {
    const emptyCache = temp('mismatch');
    const other = 'sha512-' + createHash('sha512').update('another tarball').digest('base64');
    const registry = await startRegistry({ releases: { '6.19.1': ENGINE }, published: [ENGINE], integrity: other });
    const result = await fetchEngineBuild('6.19.1', { cacheDir: emptyCache, registry: registry.url });
    assert.equal(result.kind, 'unavailable');
    assert.match(result.reason, /sha512/);
    assert.match(result.reason, /does not match/);
    assert.equal(registry.requests.length, 3, 'the tarball was downloaded and refused');
    assert.equal(existsSync(join(emptyCache, ENGINE)), false, 'no version folder');
    assert.equal(existsSync(join(emptyCache, 'prisma-6.19.1.json')), false, 'no mapping file');
    assert.deepEqual(readdirSync(emptyCache), [], 'nothing at all, no .tmp-* folder');
  });

  test('an engine not published as WebAssembly: the nearest build of the same engine release, with a log line', async () => {
    const unpublished = '7.1.1-2.c2990dca591cba766e3b7ef5d9e8a84796e47ab7';
    const registry = await startRegistry({
      releases: { '6.19.2': unpublished },
      published: ['7.1.0-9.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', ENGINE, '7.2.0-1.cccccccccccccccccccccccccccccccccccccccc'],
    });
    const nearCache = temp('nearest');
    const logged: string[] = [];
    const result = await fetchEngineBuild('6.19.2', { cacheDir: nearCache, registry: registry.url, log: (line) => logged.push(line) });
    assert.equal(result.kind, 'found', JSON.stringify(result));
    assert.equal(result.engineVersion, ENGINE);
    assert.equal(result.build.prismaLine, '6.19');
    assert.ok(existsSync(join(nearCache, ENGINE, '.complete')));
    assert.deepEqual(JSON.parse(readFileSync(join(nearCache, 'prisma-6.19.2.json'), 'utf8')), {
      prismaVersion: '6.19.2',
      engineVersion: ENGINE,
    });
    assert.ok(
      logged.includes(`Prisma 6.19.2's engine ${unpublished} is not published as WebAssembly; using ${ENGINE} of the same release.`),
      logged.join('\n'),
    );
    assert.equal(registry.requests.at(-1)!.url, `/tarballs/schema-engine-wasm-${ENGINE}.tgz`);
  });

  test('no build of the engine release at all: unavailable, naming the engine', async () => {
    const registry = await startRegistry({
      releases: { '6.19.1': '7.1.9-1.dddddddddddddddddddddddddddddddddddddddd' },
      published: [ENGINE],
    });
    const noneCache = temp('none');
    const result = await fetchEngineBuild('6.19.1', { cacheDir: noneCache, registry: registry.url });
    assert.equal(result.kind, 'unavailable');
    assert.equal(
      result.reason,
      '@prisma/schema-engine-wasm has no build for engine 7.1.9-1.dddddddddddddddddddddddddddddddddddddddd (Prisma 6.19.1)',
    );
    assert.deepEqual(readdirSync(noneCache), []);
  });

  test('a registry nothing listens on: unavailable, naming the host and ECONNREFUSED', async () => {
    const port = await closedPort();
    const result = await fetchEngineBuild('6.19.1', { cacheDir: temp('refused'), registry: `http://127.0.0.1:${port}` });
    assert.equal(result.kind, 'unavailable');
    assert.match(result.reason, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(result.reason, /ECONNREFUSED/);
    noStackTrace(result.reason);
  });

  test('Prisma 5.22.0: unavailable before any request', async () => {
    const registry = await startRegistry({
      releases: { '5.22.0': '5.22.0-44.605197351a3c8bdd595af2d2a9bc3025bca48ea2' },
      published: [ENGINE],
    });
    const counted = countingFetch();
    const result = await fetchEngineBuild('5.22.0', { cacheDir: temp('prisma5'), registry: registry.url, fetch: counted.fetch });
    assert.deepEqual(result, { kind: 'unavailable', reason: 'no WebAssembly engine before Prisma 6.6' });
    assert.deepEqual(counted.calls, []);
    assert.equal(registry.requests.length, 0);
  });

  test('a packument the registry does not have (404): unavailable, naming the host', async () => {
    const registry = await startRegistry({ releases: { '6.19.1': ENGINE }, published: [ENGINE], packument: 'not-found' });
    const result = await fetchEngineBuild('6.19.1', { cacheDir: temp('404'), registry: registry.url });
    assert.equal(result.kind, 'unavailable');
    assert.equal(result.reason, `registry ${new URL(registry.url).host} answered 404 for /@prisma%2fschema-engine-wasm`);
    noStackTrace(result.reason);
  });

  test('a packument that is not JSON: unavailable, naming the host', async () => {
    const registry = await startRegistry({ releases: { '6.19.1': ENGINE }, published: [ENGINE], packument: 'not-json' });
    const result = await fetchEngineBuild('6.19.1', { cacheDir: temp('html'), registry: registry.url });
    assert.equal(result.kind, 'unavailable');
    assert.ok(result.reason.includes(new URL(registry.url).host), result.reason);
    assert.match(result.reason, /not JSON/);
    noStackTrace(result.reason);
  });
});

// --- nearestPublished ----------------------------------------------------------------------------

describe('nearestPublished', () => {
  const hash = (c: string) => c.repeat(40);

  test('the exact build when it is published', () => {
    assert.equal(nearestPublished(`8.1.0-1.${hash('a')}`, [`8.1.0-9.${hash('b')}`, `8.1.0-1.${hash('a')}`]), `8.1.0-1.${hash('a')}`);
  });

  test('the same engine hash first, even over a higher build number of another hash', () => {
    assert.equal(
      nearestPublished(`8.1.0-1.${hash('a')}`, [`8.1.0-5.${hash('b')}`, `8.1.0-2.${hash('a')}`, `8.1.0-3.${hash('a')}`]),
      `8.1.0-3.${hash('a')}`,
    );
  });

  test('else the highest build number of the same release (compared as numbers)', () => {
    assert.equal(
      nearestPublished(`8.1.0-1.${hash('a')}`, [
        `8.1.0-7.${hash('b')}`,
        `8.1.0-10.${hash('c')}`,
        `8.1.0-2.${hash('d')}`,
        `8.2.0-99.${hash('e')}`,
      ]),
      `8.1.0-10.${hash('c')}`,
    );
  });

  test('builds of branches only when no build of a plain hash exists', () => {
    assert.equal(
      nearestPublished(`8.1.0-1.${hash('a')}`, [
        `8.1.0-20.next-${hash('b')}`,
        `8.1.0-4.${hash('c')}`,
        `8.1.0-30.integration-fix-${hash('d')}`,
      ]),
      `8.1.0-4.${hash('c')}`,
    );
    assert.equal(
      nearestPublished(`8.1.0-1.${hash('a')}`, [`8.1.0-20.next-${hash('b')}`, `8.1.0-30.integration-fix-${hash('d')}`]),
      `8.1.0-30.integration-fix-${hash('d')}`,
    );
  });

  test('none: no build of the release, nothing published, or a wanted version that is no engine version', () => {
    assert.equal(nearestPublished(`8.1.0-1.${hash('a')}`, [`8.0.0-1.${hash('a')}`, `8.1.1-2.${hash('a')}`]), undefined);
    assert.equal(nearestPublished(`8.1.0-1.${hash('a')}`, []), undefined);
    assert.equal(nearestPublished('latest', [`8.1.0-1.${hash('a')}`]), undefined);
  });
});

// --- untar ---------------------------------------------------------------------------------------

/** One ustar header block for a regular file `name` of `size` bytes (checksum included). */
function ustarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 'ascii');
  header.write('0000000\0', 108, 'ascii');
  header.write('0000000\0', 116, 'ascii');
  header.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  header.write('00000000000\0', 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return header;
}

function tarOf(files: { name: string; data: string }[]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const data = Buffer.from(file.data);
    blocks.push(ustarHeader(file.name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return new Uint8Array(Buffer.concat(blocks));
}

describe('untar', () => {
  test('refuses an archive with a path that leaves its folder', () => {
    assert.throws(
      () =>
        untar(
          tarOf([
            { name: 'package/ok.txt', data: 'fine' },
            { name: '../x', data: 'escaped' },
          ]),
        ),
      /refused path \.\.\/x/,
    );
    assert.throws(() => untar(tarOf([{ name: 'package/../../x', data: 'escaped' }])), /refused path/);
    assert.throws(() => untar(tarOf([{ name: '/etc/x', data: 'absolute' }])), /refused path \/etc\/x/);
  });

  test('the crafted archive is one tar itself reads (the refusal is untar’s, not a broken header)', () => {
    const dir = temp('crafted');
    writeFileSync(join(dir, 'a.tar'), tarOf([{ name: '../x', data: 'escaped' }]));
    assert.equal(
      execFileSync('tar', ['-tf', join(dir, 'a.tar')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      '../x',
    );
  });

  test('reads a normal archive made by tar: regular files with their data, folders skipped', () => {
    const dir = temp('untar');
    mkdirSync(join(dir, 'package', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'package', 'package.json'), '{"name":"x"}');
    writeFileSync(join(dir, 'package', 'nested', 'big.bin'), Buffer.alloc(1300, 7));
    writeFileSync(join(dir, 'package', 'empty.txt'), '');
    execFileSync('tar', ['--format=ustar', '-cf', join(dir, 'x.tar'), '-C', dir, 'package']);
    const files = untar(new Uint8Array(readFileSync(join(dir, 'x.tar'))));
    const byName = new Map(files.map((file) => [file.name, Buffer.from(file.data)]));
    assert.deepEqual([...byName.keys()].sort(), ['package/empty.txt', 'package/nested/big.bin', 'package/package.json']);
    assert.equal(byName.get('package/package.json')!.toString('utf8'), '{"name":"x"}');
    assert.deepEqual(byName.get('package/nested/big.bin'), Buffer.alloc(1300, 7));
    assert.equal(byName.get('package/empty.txt')!.length, 0);
  });

  test('reads the crafted archive when every path stays inside', () => {
    const files = untar(
      tarOf([
        { name: 'package/a.txt', data: 'A' },
        { name: 'package/b.txt', data: 'B'.repeat(600) },
      ]),
    );
    assert.deepEqual(
      files.map((f) => [f.name, Buffer.from(f.data).toString('utf8')]),
      [
        ['package/a.txt', 'A'],
        ['package/b.txt', 'B'.repeat(600)],
      ],
    );
  });
});

// --- engineCacheDir ------------------------------------------------------------------------------

describe('engineCacheDir', () => {
  test('PSG_ENGINE_CACHE wins over everything', () => {
    assert.equal(
      engineCacheDir({ PSG_ENGINE_CACHE: '/c/psg', RUNNER_TOOL_CACHE: '/runner', XDG_CACHE_HOME: '/xdg', HOME: '/home/u' }),
      '/c/psg',
    );
  });

  test("on a runner: the runner's tool cache", () => {
    assert.equal(
      engineCacheDir({ RUNNER_TOOL_CACHE: '/opt/hostedtoolcache', XDG_CACHE_HOME: '/xdg', HOME: '/home/u' }),
      '/opt/hostedtoolcache/prisma-schema-guard/engines',
    );
  });

  test("else the user's cache folder: XDG_CACHE_HOME, then HOME/.cache", () => {
    assert.equal(engineCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' }), '/xdg/prisma-schema-guard/engines');
    assert.equal(engineCacheDir({ HOME: '/home/u' }), '/home/u/.cache/prisma-schema-guard/engines');
    assert.equal(
      engineCacheDir({ XDG_CACHE_HOME: '', HOME: '/home/u' }),
      '/home/u/.cache/prisma-schema-guard/engines',
      'an empty XDG_CACHE_HOME is unset',
    );
  });
});

// --- the public registry -------------------------------------------------------------------------

describe('the public npm registry', () => {
  test("fetches Prisma 6.14.0's engine and loads it", { timeout: 120_000 }, async (ctx) => {
    const cacheDir = temp('npmjs');
    const result = await fetchEngineBuild('6.14.0', { cacheDir, registry: 'https://registry.npmjs.org', timeoutMs: 60_000 });
    if (result.kind === 'unavailable' && /unreachable/.test(result.reason)) {
      const why = `registry.npmjs.org is unreachable (${result.reason})`;
      if (process.env.CI === 'true') assert.fail(`under CI the public registry must be reachable: ${why}`);
      ctx.skip(why);
    }
    assert.equal(result.kind, 'found', JSON.stringify(result));
    assert.match(result.engineVersion, /^6\.14\.0-/);
    assert.equal(result.downloaded, true);
    assert.equal(result.build.prismaLine, '6.14');
    assert.ok(existsSync(join(cacheDir, result.engineVersion, '.complete')));
    const glue = await loadSchemaEngine(result.build);
    assert.equal(glue, await result.build.glue());
    assert.match(glue.version(), /^[0-9a-f]{40}$/);
    assert.ok(result.engineVersion.endsWith(glue.version()), `${result.engineVersion} is the build of engine ${glue.version()}`);
  });
});
