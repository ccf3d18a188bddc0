import { createHash } from 'node:crypto';

const CHECKSUM_LENGTH = 64;

/**
 * Whether a migration script matches the checksum `_prisma_migrations` recorded for it, the way
 * Prisma's schema engine decides it: the script as it is, or with its line endings converted either
 * way (git may have changed them on checkout), and old rows whose hex bytes were not zero-padded.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const recorded = checksum.trim().toLowerCase();
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered =
      recorded.length !== CHECKSUM_LENGTH && recorded.length > 0
        ? [...digest].map((byte) => byte.toString(16)).join('')
        : digest.toString('hex');
    return rendered === recorded;
  });
}
