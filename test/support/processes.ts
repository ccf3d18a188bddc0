import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** PostgreSQL server processes started by this tool (their data directories carry its prefix). */
export function leftoverServerProcesses(): string[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out.split('\n').filter((line) => line.includes('psg_shadow_embedded_') && !line.includes(' ps '));
}

/** Data directories of embedded servers left in the temp folder. */
export function leftoverDataDirectories(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('psg_shadow_embedded_'));
}
