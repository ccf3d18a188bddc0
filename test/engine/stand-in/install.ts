import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TSX_LOADER } from '../../support/entries.js';

/** The stand-in's source (beside this module), run by tsx. */
const STAND_IN = join(dirname(fileURLToPath(import.meta.url)), 'prisma.ts');

export interface StandInProject {
  /** A folder with `node_modules/.bin/prisma` (the stand-in), as a project's install would have. */
  dir: string;
  prisma: string;
  log: string;
  remove(): void;
}

/** A throwaway project folder whose `node_modules/.bin/prisma` is the stand-in. */
export function installStandIn(): StandInProject {
  const dir = mkdtempSync(join(tmpdir(), 'psg_standin_'));
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const prisma = join(bin, 'prisma');
  writeFileSync(prisma, `#!/bin/sh\nexec "${process.execPath}" --import "${TSX_LOADER}" "${STAND_IN}" "$@"\n`);
  chmodSync(prisma, 0o755);
  return { dir, prisma, log: join(dir, 'argv.log'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
