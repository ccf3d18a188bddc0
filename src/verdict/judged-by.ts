import type { PrismaReport } from '../prisma-version/pin.js';

/** Which Prisma a result is the verdict of, in every command's result (check, drift, preview). */
export interface JudgedBy {
  /** The Prisma release the verdict is for, and where it was found (flag, installed, package.json, bundled). */
  prisma?: PrismaReport['prisma'];
  /** The engine that judged: kind and version (the engine build, or the project CLI's Prisma release). */
  engineUsed?: PrismaReport['engine'];
  /** What the run did differently from the pinned Prisma, and why (a stand-in engine, a removed preview feature). */
  notices?: string[];
}
