import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * PostgreSQL server processes this test file's runs started: their data directories carry the
 * tool's prefix and sit in the file's own temp folder (test/support/private-tmpdir.ts).
 */
export function leftoverServerProcesses(): string[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const ours = join(tmpdir(), 'psg_shadow_embedded_');
  return out.split('\n').filter((line) => line.includes(ours) && !line.includes(' ps '));
}

/** Data directories of embedded servers left in the temp folder. */
export function leftoverDataDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('psg_shadow_embedded_'));
}
