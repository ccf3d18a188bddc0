/**
 * `check` over several schemas (a monorepo): one shadow server for all of them, started on first use
 * and stopped once at the end; each check creates and drops its own database on it, a bounded number
 * at a time. The combined verdict is the worst of the schemas'.
 */
import { gateOf } from '../gate/outcome.js';
import type { ShadowServer } from '../shadow/shadow.js';
import { mapBounded, shareShadowServer, type SharedShadowServer } from '../shadow/shared.js';
import { UsageError } from '../util/errors.js';
import type { Provider } from '../schema/datasource.js';
import { check, type CheckOptions, type CheckPorts, type ProviderCheckPorts } from './check.js';
import { exitCodeOfMany, worstVerdict, type CheckManyResult, type CheckResult } from '../verdict/check-result.js';

export { exitCodeOfMany, worstVerdict, type CheckManyResult } from '../verdict/check-result.js';

export interface CheckManyOptions extends Omit<CheckOptions, 'schema'> {
  /** The schema locations (files or folders), each with its migrations folder discovered beside it. */
  schemas: readonly string[];
  /** How many checks run at once (default 2): each holds a database and an engine. */
  parallelism?: number;
}

export async function checkMany(options: CheckManyOptions, ports: CheckPorts): Promise<CheckManyResult> {
  const names = options.names ?? { schema: "Input 'schema'", migrations: "Input 'migrations'" };
  if (options.migrations) {
    throw new UsageError(
      `${names.migrations} cannot be used with several schemas (${names.schema} names ${options.schemas.length}): each schema has its own migrations folder.`,
      `Leave ${names.migrations} out: each schema's migrations folder is found as usual (prisma.config.ts, else migrations/ beside the schema).`,
    );
  }
  const log = options.log ?? (() => undefined);
  // One shared server per provider, started only if a schema of that provider is checked.
  const shared: SharedShadowServer[] = [];
  const share = (start: () => Promise<ShadowServer>) => {
    const server = shareShadowServer(start);
    shared.push(server);
    return server.open;
  };
  const byProvider = new Map<Provider, ProviderCheckPorts | undefined>();
  const sharedPorts: CheckPorts = {
    ...ports,
    forProvider: (provider) => {
      if (!byProvider.has(provider)) {
        const own = ports.forProvider(provider);
        byProvider.set(provider, own && { ...own, openShadowServer: share(() => own.openShadowServer()) });
      }
      return byProvider.get(provider);
    },
  };
  let outcomes: ({ result: CheckResult } | { error: unknown })[];
  try {
    // Every check runs to its end (and drops its database) before the server stops, even when one throws.
    outcomes = await mapBounded(options.schemas, options.parallelism ?? 2, async (schema) => {
      try {
        return {
          result: await check({ ...options, schema, migrations: undefined, log: (line) => log(`[${schema}] ${line}`) }, sharedPorts),
        };
      } catch (error) {
        return { error };
      }
    });
  } finally {
    for (const server of shared) await server.close();
  }
  const failed = outcomes.find((outcome): outcome is { error: unknown } => 'error' in outcome);
  if (failed) throw failed.error;
  const results = outcomes.map((outcome) => (outcome as { result: CheckResult }).result);
  const many: CheckManyResult = { command: 'check', verdict: worstVerdict(results.map((result) => result.verdict)), gate: 'pass', results };
  many.gate = gateOf(exitCodeOfMany(many));
  return many;
}
