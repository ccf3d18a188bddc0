import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './paths.js';

/**
 * A rendered comment or summary against its golden Markdown file (a vitest file snapshot):
 * `npx vitest run -u` rewrites the files (review the diff before committing); under CI=true a
 * missing or different file fails the test.
 */
export async function expectGolden(folder: string, name: string, text: string): Promise<void> {
  await expect(text).toMatchFileSnapshot(join(repoRoot, 'test', folder, 'golden', name));
}
