import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from the compiled test (build/test/support) or the source. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', ...(fileURLToPath(import.meta.url).includes('/build/') ? ['..'] : []));
