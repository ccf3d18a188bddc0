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
