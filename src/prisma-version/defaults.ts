import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Prisma release the newest bundled engine is (engine/wasm/builds.ts): used when nothing pins one. */
export const BUNDLED_PRISMA_RELEASE = '7.10.1';

/**
 * Where fetched engine builds and Prisma's release list are kept: the runner's tool cache on GitHub
 * Actions (kept between steps of a job, and by self-hosted runners between jobs), else the user's
 * cache folder. PSG_ENGINE_CACHE overrides both.
 */
export function engineCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PSG_ENGINE_CACHE) return env.PSG_ENGINE_CACHE;
  if (env.RUNNER_TOOL_CACHE) return join(env.RUNNER_TOOL_CACHE, 'prisma-schema-guard', 'engines');
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'prisma-schema-guard', 'engines');
}
