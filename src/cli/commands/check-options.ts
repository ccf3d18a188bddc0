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
