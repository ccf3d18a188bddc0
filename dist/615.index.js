import { createRequire as __psgCreateRequire } from 'node:module';
import { dirname as __psgDirname } from 'node:path';
import { fileURLToPath as __psgFileURLToPath } from 'node:url';
const __filename = __psgFileURLToPath(import.meta.url);
const __dirname = __psgDirname(__psgFileURLToPath(import.meta.url));
const require = __psgCreateRequire(import.meta.url);
export const id = 615;
export const ids = [615];
export const modules = {

/***/ 50615:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fetchEngineBuild: () => (/* binding */ fetchEngineBuild)
/* harmony export */ });
/* unused harmony exports engineVersionFor, nearestPublished, untar */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(38522);
/* harmony import */ var _builds_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(87525);
/* harmony import */ var _util_promises_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(11881);
/* harmony import */ var _prisma_version_releases_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(87454);
/**
 * Fetches the WebAssembly schema engine of any Prisma release (>= 6.6) from the npm registry into a
 * cache, for the releases whose engine is not bundled (engine/wasm/builds.ts). Every failure is a
 * value (`unavailable` with a reason): the caller falls back to a bundled build or the CLI engine.
 */








const WASM_PACKAGE = '@prisma/schema-engine-wasm';
const WASM_FILE = 'schema_engine_bg.wasm';
const COMPLETE = '.complete';
/** The `@prisma/schema-engine-wasm` version that serves a Prisma release (cached after the first answer). */
async function engineVersionFor(prismaVersion, o) {
    const cached = await cachedMapping(prismaVersion, o.cacheDir);
    if (cached)
        return cached;
    const resolved = await resolveEngine(prismaVersion, o);
    if ('reason' in resolved)
        return resolved;
    // Best effort: an unwritable cache only costs the next run a registry round trip.
    await orUndefined(writeMapping(prismaVersion, resolved.version, o.cacheDir));
    return resolved.version;
}
const releaseLine = (prismaVersion) => prismaVersion.replace(/^(\d+\.\d+).*$/, '$1');
async function fetchEngineBuild(prismaVersion, o) {
    const started = Date.now();
    const found = (version, downloaded) => ({
        kind: 'found',
        // Named after the release it judges for (`6.14`), not the engine build's own numbering (`6.14.0-…`, `7.1.1-…`).
        build: (0,_builds_js__WEBPACK_IMPORTED_MODULE_5__/* .buildInFolder */ .Yh)(version, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(o.cacheDir, version, 'package'), releaseLine(prismaVersion)),
        engineVersion: version,
        downloaded,
        ms: Date.now() - started,
    });
    try {
        // Offline path: a known mapping and a complete folder need no registry at all.
        const cached = await cachedMapping(prismaVersion, o.cacheDir);
        if (cached && isComplete((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(o.cacheDir, cached)))
            return found(cached, false);
        const resolved = await resolveEngine(prismaVersion, o);
        if ('reason' in resolved)
            return { kind: 'unavailable', reason: resolved.reason };
        const { version, dist } = resolved;
        // Another release of the same engine build may have fetched it already.
        const downloading = !isComplete((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(o.cacheDir, version));
        if (downloading) {
            const failure = await download(version, dist, o);
            if (failure)
                return { kind: 'unavailable', reason: failure };
        }
        // Written only once the build is there, so a failed download leaves nothing in the cache.
        await writeMapping(prismaVersion, version, o.cacheDir);
        return found(version, downloading);
    }
    catch (error) {
        // A full disk, a read-only cache...: still a value, the caller has other engines.
        return { kind: 'unavailable', reason: `engine cache ${o.cacheDir}: ${error.message}` };
    }
}
/** Steps 1 and 2: the release's `@prisma/engines-version`, then the published wasm build nearest to it. */
async function resolveEngine(prismaVersion, o) {
    const release = /^(\d+)\.(\d+)\.(\d+)/.exec(prismaVersion);
    if (!release)
        return { reason: `'${prismaVersion}' is not a Prisma version` };
    const [major, minor] = [Number(release[1]), Number(release[2])];
    if (major < 6 || (major === 6 && minor < 6))
        return { reason: 'no WebAssembly engine before Prisma 6.6' };
    const registry = (o.registry ?? (0,_prisma_version_releases_js__WEBPACK_IMPORTED_MODULE_6__/* .npmRegistry */ .f)()).replace(/\/+$/, '');
    const engines = await getJson(`${registry}/@prisma%2fengines/${encodeURIComponent(prismaVersion)}`, o);
    if ('reason' in engines)
        return engines;
    const wanted = engines.json.dependencies?.['@prisma/engines-version'];
    if (!wanted)
        return { reason: `@prisma/engines@${prismaVersion} names no @prisma/engines-version` };
    // The abbreviated packument: versions and dist only, a fraction of the full document.
    const packument = await getJson(`${registry}/@prisma%2fschema-engine-wasm`, o, 'application/vnd.npm.install-v1+json');
    if ('reason' in packument)
        return packument;
    const versions = packument.json.versions ?? {};
    const version = nearestPublished(wanted, Object.keys(versions));
    if (!version)
        return { reason: `${WASM_PACKAGE} has no build for engine ${wanted} (Prisma ${prismaVersion})` };
    // The version names a folder of the cache: nothing but version characters.
    if (!/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version))
        return { reason: `${WASM_PACKAGE} version '${version}' is not a safe folder name` };
    if (version !== wanted)
        o.log?.(`Prisma ${prismaVersion}'s engine ${wanted} is not published as WebAssembly; using ${version} of the same release.`);
    return { version, dist: versions[version]?.dist ?? {} };
}
/**
 * Some releases' exact engine is never published as WebAssembly (Prisma 7.10.1's 8.1.0-1.d1b3f37…),
 * but another build of the same engine release is: the same hash first, else the highest build
 * number. Builds of branches (`next-…`, `integration-…`) only when no build of a plain hash exists.
 */
function nearestPublished(wanted, published) {
    if (published.includes(wanted))
        return wanted;
    const parse = (v) => /^(\d+\.\d+\.\d+)-(\d+)\.(.+)$/.exec(v);
    const target = parse(wanted);
    if (!target)
        return undefined;
    const sameRelease = published.filter((v) => parse(v)?.[1] === target[1]);
    const newest = (list) => list.sort((a, b) => Number(parse(b)[2]) - Number(parse(a)[2]))[0];
    const sameHash = sameRelease.filter((v) => parse(v)[3] === target[3]);
    const plain = sameRelease.filter((v) => /^[0-9a-f]{40}$/.test(parse(v)[3]));
    return newest(sameHash) ?? newest(plain) ?? newest(sameRelease);
}
async function getJson(url, o, accept = 'application/json') {
    const response = await request(url, o, accept);
    if ('reason' in response)
        return response;
    try {
        return { json: JSON.parse(Buffer.from(response.body).toString('utf8')) };
    }
    catch {
        return { reason: `${url} answered with something that is not JSON` };
    }
}
/** One GET with its own time limit; every failure is a reason that names the host. */
async function request(url, o, accept) {
    const host = safeHost(url);
    try {
        const response = await (o.fetch ?? globalThis.fetch)(url, { headers: { accept }, signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) });
        if (!response.ok)
            return { reason: `registry ${host} answered ${response.status} for ${new URL(url).pathname}` };
        return { body: new Uint8Array(await response.arrayBuffer()) };
    }
    catch (error) {
        // fetch's own message is only "fetch failed": the cause (ECONNREFUSED, ENOTFOUND, timeout) says why.
        const cause = error.cause;
        const why = cause?.code ?? cause?.message ?? error.message;
        return { reason: `registry ${host} unreachable: ${why}` };
    }
}
function safeHost(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return url;
    }
}
/** Step 3: download, verify, unpack beside the cache, then move into place in one rename. Returns a reason on failure. */
async function download(version, dist, o) {
    if (!dist.tarball)
        return `${WASM_PACKAGE}@${version} has no tarball`;
    const sri = dist.integrity?.split(/\s+/).find((part) => part.startsWith('sha512-'));
    if (!sri)
        return `${WASM_PACKAGE}@${version} has no sha512 integrity to check its tarball against`;
    o.log?.(`Downloading Prisma's schema engine ${version} from ${safeHost(dist.tarball)}.`);
    const response = await request(dist.tarball, o, 'application/octet-stream');
    if ('reason' in response)
        return response.reason;
    // Checked before anything touches the disk: a mismatch leaves the cache as it was.
    const actual = 'sha512-' + (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha512').update(response.body).digest('base64');
    if (actual !== sri)
        return `${WASM_PACKAGE}@${version}: the tarball's sha512 does not match the registry's integrity`;
    let files;
    try {
        files = untar((0,node_zlib__WEBPACK_IMPORTED_MODULE_4__.gunzipSync)(response.body));
    }
    catch (error) {
        return `${WASM_PACKAGE}@${version}: unreadable tarball (${error.message})`;
    }
    if (!files.some((file) => file.name === `package/${WASM_FILE}`))
        return `${WASM_PACKAGE}@${version} carries no ${WASM_FILE}`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(o.cacheDir, { recursive: true });
    // Inside cacheDir so the final rename stays on one file system (and so is atomic).
    const temp = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(o.cacheDir, '.tmp-'));
    try {
        for (const file of files) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(temp, file.name)), { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(temp, file.name), file.data);
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(temp, COMPLETE), ''); // last: a folder without it is not a build
        await moveIntoPlace(temp, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(o.cacheDir, version));
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(temp, { recursive: true, force: true });
    }
    return undefined;
}
async function moveIntoPlace(temp, target) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(temp, target);
    }
    catch (error) {
        // A concurrent run that renamed first left a complete build: use it.
        if (isComplete(target))
            return;
        // An incomplete leftover (not made by this code, which only ever renames complete folders): replace it once.
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(target))
            throw error;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(target, { recursive: true, force: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(temp, target);
    }
}
function isComplete(folder) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(folder, COMPLETE)) && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(folder, 'package', WASM_FILE));
}
function mappingPath(prismaVersion, cacheDir) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(cacheDir, `prisma-${prismaVersion.replace(/[^0-9A-Za-z.+-]/g, '_')}.json`);
}
async function cachedMapping(prismaVersion, cacheDir) {
    const text = await (0,_util_promises_js__WEBPACK_IMPORTED_MODULE_7__/* .orUndefined */ .y)((0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(mappingPath(prismaVersion, cacheDir), 'utf8'));
    try {
        const engineVersion = text ? JSON.parse(text).engineVersion : undefined;
        return typeof engineVersion === 'string' && /^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(engineVersion) ? engineVersion : undefined;
    }
    catch {
        return undefined; // a torn or hand-edited file: ask the registry again
    }
}
async function writeMapping(prismaVersion, engineVersion, cacheDir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(cacheDir, { recursive: true });
    // Written whole and renamed, so a concurrent reader never sees half a file.
    const path = mappingPath(prismaVersion, cacheDir);
    const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(temp, JSON.stringify({ prismaVersion, engineVersion }) + '\n');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(temp, path);
}
/**
 * A ustar reader for npm's tarballs: 512-byte headers, each followed by its data padded to 512.
 * Only regular files are kept (npm packs nothing else; pax headers and links are skipped), and a
 * name that would leave the folder (`..`, absolute) refuses the whole archive.
 */
function untar(archive) {
    const files = [];
    const text = (start, end) => {
        const field = archive.subarray(start, end);
        const nul = field.indexOf(0);
        return Buffer.from(nul === -1 ? field : field.subarray(0, nul)).toString('utf8');
    };
    let offset = 0;
    while (offset + 512 <= archive.length) {
        const name = text(offset, offset + 100);
        if (!name)
            break; // the zero blocks that end the archive
        const size = parseInt(text(offset + 124, offset + 136).trim() || '0', 8);
        if (!Number.isFinite(size) || size < 0)
            throw new Error(`bad size for ${name}`);
        const type = text(offset + 156, offset + 157);
        const prefix = text(offset + 345, offset + 500);
        const fullName = prefix ? `${prefix}/${name}` : name;
        const dataStart = offset + 512;
        if (dataStart + size > archive.length)
            throw new Error(`${fullName} is cut short`);
        if (type === '0' || type === '') {
            if ((0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(fullName) || /^[A-Za-z]:/.test(fullName) || fullName.split(/[\\/]/).includes('..')) {
                throw new Error(`refused path ${fullName}`);
            }
            files.push({ name: fullName, data: archive.subarray(dataStart, dataStart + size) });
        }
        offset = dataStart + Math.ceil(size / 512) * 512;
    }
    return files;
}


/***/ })

};
