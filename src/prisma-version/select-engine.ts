import semver from 'semver';
import { NEWEST_BUILD, PRISMA_6_BUILD, type EngineBuild } from '../engine/wasm/builds.js';
import { shortBuildVersion } from './pin.js';
import type { PrismaPin, PrismaReport } from './pin.js';

/** The engine that judges a project, and how near it is to the project's own Prisma. */
export interface EngineSelection {
  pin: PrismaPin;
  kind: 'wasm' | 'cli';
  /** The in-process engine's build (kind `wasm`). */
  build?: EngineBuild;
  /** False when a stand-in judges (no engine of the pinned release here): notices say so. */
  exact: boolean;
  /**
   * The pinned release when it is older than the engine's major: differences a Prisma upgrade
   * rule explains are upgrade notes, not missing migrations.
   */
  upgradeFrom?: string;
  notices: string[];
}

/** A fetched build, or why there is none (values, never thrown: the run goes on with a bundled engine). */
export type BuildLookup = { kind: 'found'; build: EngineBuild } | { kind: 'unavailable'; reason: string };

export interface SelectOptions {
  /** What `engine` resolved to for the provider (auto is wasm for PostgreSQL/SQLite, cli for MySQL). */
  engine: 'wasm' | 'cli';
  /** `engine: auto`: the project's own Prisma CLI may replace an in-process engine that is not exact. */
  auto: boolean;
  /** Whether the project's own `node_modules/.bin/prisma` exists. */
  projectCliInstalled: () => boolean;
  /** Fetches (or finds cached) the pinned release's own engine build. */
  fetchBuild: (prismaVersion: string) => Promise<BuildLookup>;
}

/** WebAssembly builds of the schema engine are published from Prisma 6.6 on. */
const FIRST_WASM_RELEASE = '6.6.0';

export async function selectEngine(pin: PrismaPin, options: SelectOptions): Promise<EngineSelection> {
  const notices = pin.notice ? [pin.notice] : [];
  if (options.engine === 'cli') return { pin, kind: 'cli', exact: true, notices };
  const bundled = bundledBuildFor(pin);
  if (bundled) return { pin, kind: 'wasm', build: bundled, exact: true, notices };
  if (semver.lt(pin.version, FIRST_WASM_RELEASE)) {
    if (options.auto && options.projectCliInstalled()) {
      notices.push(
        `Prisma ${pin.version} has no in-process engine (WebAssembly builds start at Prisma 6.6): the project's own Prisma CLI judges (engine cli).`,
      );
      return { pin, kind: 'cli', exact: true, notices };
    }
    notices.push(
      `Prisma ${pin.version} has no in-process engine (WebAssembly builds start at Prisma 6.6) and the project's Prisma CLI is not installed here: Prisma ${PRISMA_6_BUILD.prismaLine}'s engine judges, and differences a Prisma upgrade rule explains are reported as upgrade notes. Install the project's dependencies before this step for Prisma ${pin.version}'s own verdict.`,
    );
    return { pin, kind: 'wasm', build: PRISMA_6_BUILD, exact: false, upgradeFrom: pin.version, notices };
  }
  const fetched = await options.fetchBuild(pin.version);
  if (fetched.kind === 'found') return { pin, kind: 'wasm', build: fetched.build, exact: true, notices };
  const nearest = semver.major(pin.version) >= 7 ? NEWEST_BUILD : PRISMA_6_BUILD;
  notices.push(
    `Prisma ${pin.version}'s engine could not be fetched (${fetched.reason}): the bundled engine of Prisma ${nearest.prismaLine} judges instead.`,
  );
  return { pin, kind: 'wasm', build: nearest, exact: false, notices };
}

/** A bundled build that is the pinned release's own: Prisma 7.10.x, and Prisma 6.19.1 and later 6.x. */
function bundledBuildFor(pin: PrismaPin): EngineBuild | undefined {
  if (pin.source === 'bundled') return NEWEST_BUILD;
  if (semver.satisfies(pin.version, '~7.10.0')) return NEWEST_BUILD;
  if (semver.satisfies(pin.version, '>=6.19.1 <7')) return PRISMA_6_BUILD;
  return undefined;
}

/** The `prisma` and `engine` fields of the reports. */
export function reportOf(selection: EngineSelection): PrismaReport {
  return {
    prisma: { version: selection.pin.version, source: selection.pin.source },
    engine: {
      kind: selection.kind,
      version: selection.kind === 'wasm' ? (selection.build ?? NEWEST_BUILD).version : selection.pin.version,
    },
  };
}

/** "Prisma 6.19's engine (in-process, build 7.1.1-3.c2990dc)" or "the project's own Prisma CLI". */
export function describeEngine(selection: EngineSelection): string {
  if (selection.kind === 'cli') return "the project's own Prisma CLI";
  const build = selection.build ?? NEWEST_BUILD;
  return `Prisma ${build.prismaLine}'s engine (in-process, ${build.origin === 'bundled' ? 'bundled' : 'cached'} build ${shortBuildVersion(build.version)})`;
}

/** Prisma 6 engines require the datasource's `url`; Prisma 7's reject it (ENGINE-NOTES.md). */
export function acceptsDatasourceUrl(selection: EngineSelection | undefined): boolean {
  return selection?.kind === 'wasm' && !!selection.build && Number(selection.build.prismaLine.split('.')[0]) < 7;
}
