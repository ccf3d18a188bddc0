import { parseEngineChoice } from '../../engine/choose.js';
import { registerSecret } from '../../util/redact.js';
import { looksLikeUrl } from '../../util/url.js';
import type { ShadowChoice } from '../../wiring.js';
import type { OptionSpecs } from '../grammar.js';

/** `check`'s flags, on their own: the CLI's entry reads them before the command's module loads. */
export const CHECK_OPTIONS: OptionSpecs = {
  schema: { type: 'string', multiple: true },
  migrations: { type: 'string' },
  'shadow-database-url': { type: 'string' },
  'shadow-database': { type: 'string' },
  base: { type: 'string' },
  'fail-on': { type: 'string' },
  engine: { type: 'string' },
  'prisma-version': { type: 'string' },
};

/** `--prisma-version`, shared by check, drift and preview: its help lines and its value. */
export const PRISMA_VERSION_HELP = `  --prisma-version <x.y.z>     the Prisma release to judge by (default: the prisma installed nearest
                               the schema, else package.json's prisma range, else the bundled 7.10);
                               engines other than the bundled 7.10 and 6.19 are fetched from the npm
                               registry and cached (also PSG_PRISMA_VERSION)`;

export function prismaVersionChoice(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { prismaVersion?: string; prismaVersionInputName: string } {
  return {
    prismaVersion: (values['prisma-version'] as string | undefined) || env.PSG_PRISMA_VERSION || undefined,
    prismaVersionInputName: '--prisma-version',
  };
}

/**
 * Where check's and drift's shadow database comes from, their engine and their Prisma release, read
 * from the flags (else the PSG_ variables) once. Any URL among them is a secret from here on.
 */
export function shadowChoiceOf(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  output: Pick<ShadowChoice, 'log' | 'debug'>,
): ShadowChoice {
  const shadowDatabaseUrl = (values['shadow-database-url'] as string | undefined) || env.PSG_SHADOW_DATABASE_URL || undefined;
  registerSecret(shadowDatabaseUrl);
  const shadowDatabase = (values['shadow-database'] as string | undefined) || env.PSG_SHADOW_DATABASE || undefined;
  if (shadowDatabase && looksLikeUrl(shadowDatabase)) registerSecret(shadowDatabase);
  return {
    shadowDatabaseUrl,
    inputName: '--shadow-database-url',
    shadowDatabase,
    sourceInputName: '--shadow-database',
    ...output,
    engine: parseEngineChoice((values.engine as string | undefined) || env.PSG_ENGINE, '--engine'),
    engineInputName: '--engine',
    ...prismaVersionChoice(values, env),
  };
}
