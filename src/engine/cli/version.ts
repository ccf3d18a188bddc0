/**
 * `prisma --version` prints a table (`prisma                  : 6.19.0`, `@prisma/client ...`, engine
 * lines), possibly after "Environment variables loaded from .env" or "Prisma schema loaded from ...".
 */
export interface PrismaVersion {
  /** e.g. `6.19.0`, `7.10.1`. */
  version: string;
  major: number;
}

export function parsePrismaVersion(output: string): PrismaVersion | undefined {
  const match = /^prisma\s*:\s*(\d+)\.(\d+)\.(\d+)(\S*)/m.exec(output);
  if (!match) return undefined;
  return { version: `${match[1]}.${match[2]}.${match[3]}${match[4]}`, major: Number(match[1]) };
}

/** The majors whose flags this tool maps (5 and 6 share them; 7 renamed them). */
export const SUPPORTED_MAJORS = [5, 6, 7] as const;
