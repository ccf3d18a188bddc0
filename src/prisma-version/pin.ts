/** Which Prisma a project pins, and how that was found out: said in the log, the reports and the JSON. */
export type PinSource = 'flag' | 'installed' | 'package.json' | 'bundled';

export interface PrismaPin {
  /** An exact release (`6.19.0`). */
  version: string;
  source: PinSource;
  /** The file it was read from (relative to the working directory), or the flag/input's name. */
  where?: string;
  /** The range package.json gives (`^6.19.0`), when the version was resolved from one. */
  range?: string;
  /** Why the version is not exactly what the source says (a range resolved offline). */
  notice?: string;
}

/** What the JSON report says about the Prisma version and the engine that judged it. */
export interface PrismaReport {
  prisma: { version: string; source: PinSource };
  engine: { kind: 'wasm' | 'cli'; version: string };
}

export function describePin(pin: PrismaPin): string {
  switch (pin.source) {
    case 'flag':
      return `Prisma ${pin.version} (${pin.where ?? '--prisma-version'})`;
    case 'installed':
      return `Prisma ${pin.version} (installed: ${pin.where})`;
    case 'package.json':
      return `Prisma ${pin.version} (${pin.where}: "${pin.range}")`;
    case 'bundled':
      return `Prisma ${pin.version} (no prisma in package.json: the bundled engine)`;
  }
}

/** `7.1.1-3.c2990dc`: an engine build's version with its hash shortened, as git shortens commits. */
export function shortBuildVersion(version: string): string {
  return version.replace(/^(\S+?\.[0-9a-f]{7})[0-9a-f]*$/, '$1');
}

/**
 * The command that runs the project's Prisma in a fix hint: `npx prisma` when the installed one is
 * the pinned release (or nothing is pinned), else `npx prisma@6.19.0` — without an install, `npx prisma`
 * would fetch the newest Prisma, whose verdict may differ.
 */
export function prismaCommand(prisma?: PrismaReport['prisma']): string {
  return !prisma || prisma.source === 'installed' || prisma.source === 'bundled' ? 'npx prisma' : `npx prisma@${prisma.version}`;
}

/** A hint's `npx prisma …` commands for the pinned release (see prismaCommand). */
export function withPinnedCommand(text: string, prisma?: PrismaReport['prisma']): string {
  const command = prismaCommand(prisma);
  return command === 'npx prisma' ? text : text.replace(/\bnpx prisma(?=\s)/g, command);
}
