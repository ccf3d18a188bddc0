/**
 * The builds of Prisma's WebAssembly schema engine this project can run. Two are bundled (the
 * newest Prisma 7 and the newest Prisma 6 use them); any other is fetched from the npm registry
 * into a cache (engine/wasm/fetch-build.ts) and loaded from there.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import * as glue7 from '@prisma/schema-engine-wasm/schema_engine_bg';
import * as glue6 from '@prisma/schema-engine-wasm-6/schema_engine_bg';

export type EngineGlue = typeof glue7;

export interface EngineBuild {
  /** The `@prisma/schema-engine-wasm` version (`<release>-<n>.<engine hash>`). */
  readonly version: string;
  /** The Prisma release line whose semantics it has (`7.10`, `6.19`): the one reports name. */
  readonly prismaLine: string;
  /** Where it comes from: inside this bundle, or the cache of fetched builds. */
  readonly origin: 'bundled' | 'cache';
  /** Its JavaScript glue, imported (once per process). */
  glue(): Promise<EngineGlue>;
  /** Its `.wasm` file. */
  readonly wasmPath: string;
}

/**
 * The bundled builds, newest first. Prisma 6.19.1 and later (the newest Prisma 6) ship the engine
 * of 7.1.1 (`@prisma/engines-version` 7.1.1-3.c2990dc…), which still accepts Prisma 6's
 * datasource `url` and its preview features; the 7.10 build is Prisma 7's.
 */
export const BUNDLED_BUILDS: readonly EngineBuild[] = [
  bundled('7.10.0-7.561d7b42579a2459cc8edf3788918b626c640023', '7.10', '@prisma/schema-engine-wasm', 'schema_engine_bg.wasm', glue7),
  bundled(
    '7.1.1-3.c2990dca591cba766e3b7ef5d9e8a84796e47ab7',
    '6.19',
    '@prisma/schema-engine-wasm-6',
    'schema_engine_6_bg.wasm',
    glue6 as EngineGlue,
  ),
];

export const NEWEST_BUILD = BUNDLED_BUILDS[0] as EngineBuild;
/** The newest Prisma 6's engine: also the oldest bundled, which judges Prisma 4 and 5 projects. */
export const PRISMA_6_BUILD = BUNDLED_BUILDS[1] as EngineBuild;

function bundled(version: string, prismaLine: string, packageName: string, fileName: string, glue: EngineGlue): EngineBuild {
  return {
    version,
    prismaLine,
    origin: 'bundled',
    glue: async () => glue,
    get wasmPath() {
      // dist/ carries the .wasm beside itself under `fileName`; from source it is in node_modules.
      const beside = join(dirname(fileURLToPath(import.meta.url)), fileName);
      if (existsSync(beside)) return beside;
      const gluePath = fileURLToPath(import.meta.resolve(`${packageName}/schema_engine_bg`));
      return join(dirname(gluePath), 'schema_engine_bg.wasm');
    },
  };
}

/** A build unpacked in a folder (the package's own files: `package.json`, `schema_engine_bg.js`, `.wasm`). */
export function buildInFolder(version: string, folder: string, prismaLine = version.replace(/^(\d+\.\d+).*$/, '$1')): EngineBuild {
  let imported: Promise<EngineGlue> | undefined;
  return {
    version,
    prismaLine,
    origin: 'cache',
    wasmPath: join(folder, 'schema_engine_bg.wasm'),
    glue: () =>
      (imported ??= import(/* webpackIgnore: true */ pathToFileURL(join(folder, 'schema_engine_bg.js')).href) as Promise<EngineGlue>),
  };
}
