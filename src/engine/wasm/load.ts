import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { NEWEST_BUILD, type EngineBuild, type EngineGlue } from './builds.js';

/**
 * Loads a build of Prisma's schema engine (WebAssembly) once per process, the way `@prisma/internals`
 * does: the package's main entry imports the `.wasm` as an ES module, which Node rejects, so the glue
 * is imported and the module compiled from its bytes. Each build is its own glue module with its own
 * instance, so two builds can run in one process.
 */
const loading = new Map<string, Promise<EngineGlue>>();

// Node's WebAssembly global (typed in lib.dom, which this project does not load).
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
};

/** The last panic message, set by the engine through `globalThis.PRISMA_WASM_PANIC_REGISTRY`. */
let lastPanic: string | undefined;

export function takePanicMessage(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}

/** The build's glue, compiled and instantiated on the first call; every caller shares that one load. */
export function loadSchemaEngine(build: EngineBuild = NEWEST_BUILD): Promise<EngineGlue> {
  let glue = loading.get(build.version);
  if (!glue) loading.set(build.version, (glue = load(build)));
  return glue;
}

async function load(build: EngineBuild): Promise<EngineGlue> {
  const glue = await build.glue();
  // Without a registry an engine panic surfaces as "Cannot read properties of undefined".
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      lastPanic = message;
    },
  };
  // Baseline (Liftoff) code only: V8 otherwise recompiles hot engine functions with TurboFan on
  // background threads, and Node waits for those jobs before the process can exit (measured with
  // bench/: 100-450 ms between the report and the exit of every check, and no faster replay at
  // 1,000 migrations with TurboFan than without).
  setFlagsFromString('--liftoff-only');
  // Compiled off the main thread (about 30 ms of CPU): `check` sends its CREATE DATABASE and reads
  // the history meanwhile, where a synchronous compile held both back until it was done.
  const module = await WebAssembly.compile(readFileSync(build.wasmPath));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) as never });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return glue;
}

/**
 * The engine's timers (`schemaPush` arms a 60 s one that it never clears) must not keep the process
 * alive: measured, a CLI or action run that pushed waited 60 s before exiting. They still fire while
 * the process runs.
 */
function withUnrefTimers(imports: EngineGlue): Record<string, unknown> {
  const wrapped: Record<string, unknown> = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      const timer = (value as (...a: unknown[]) => unknown)(...args);
      (timer as { unref?: () => void })?.unref?.();
      return timer;
    };
  }
  return wrapped;
}
