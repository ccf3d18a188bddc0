/**
 * Each test file gets its own temp folder (TMPDIR, which `os.tmpdir()` and every spawned process
 * read), so a file that asserts "nothing left in the temp folder" sees only what its own runs
 * created, not the folders of the file running beside it. Traversable by others: as root the
 * servers run as `nobody` and must reach their data directories inside it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'psg-test-tmp-'));
chmodSync(folder, 0o755);
process.env.TMPDIR = folder;

afterAll(() => rmSync(folder, { recursive: true, force: true }));
