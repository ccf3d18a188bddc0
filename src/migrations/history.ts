import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normaliseProvider, type Provider } from '../schema/datasource.js';
import { displayPath } from '../schema/files.js';

export interface Migration {
  /** The folder name, e.g. `20240101000000_init`. */
  name: string;
  /** Path of its `migration.sql` as shown to the user. */
  file: string;
  sql: string;
  /** SHA-256 of the file's bytes, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
  /** The file is not valid UTF-8 (Prisma refuses to read it): where the first bad byte is. */
  invalidUtf8?: { line: number; byte: number };
}

export interface Lockfile {
  file: string;
  /** The file's text, or null when there is none. */
  content: string | null;
  provider?: Provider;
  /** The provider as written in the file (may be unknown to us). */
  written?: string;
}

/** A migrations folder as Prisma reads it: migration folders in name order and the lock file. */
export interface MigrationHistory {
  /** Absolute path of the migrations folder. */
  directory: string;
  exists: boolean;
  migrations: Migration[];
  lockfile: Lockfile;
  /** Folders Prisma skips because they hold no `migration.sql`. */
  withoutSql: string[];
}

export async function readMigrationHistory(directory: string, cwd = process.cwd()): Promise<MigrationHistory> {
  const lockPath = join(directory, 'migration_lock.toml');
  const lockfile: Lockfile = { file: displayPath(lockPath, cwd), content: null };
  if (!existsSync(directory)) return { directory, exists: false, migrations: [], lockfile, withoutSql: [] };
  if (existsSync(lockPath)) {
    lockfile.content = await readFile(lockPath, 'utf8');
    lockfile.written = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lockfile.content)?.[1];
    lockfile.provider = lockfile.written ? normaliseProvider(lockfile.written) : undefined;
  }
  const entries = await readdir(directory, { withFileTypes: true });
  // Prisma applies migrations in the lexicographic order of their folder names.
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: Migration[] = [];
  const withoutSql: string[] = [];
  for (const name of folders) {
    const path = join(directory, name, 'migration.sql');
    if (!existsSync(path)) {
      withoutSql.push(name);
      continue;
    }
    // Synchronous on purpose: one small file after another, a synchronous read costs ~20 µs, an
    // awaited one ~0.3 ms (bench/: 1,000 migrations read in 20 ms instead of 300 ms).
    const bytes = readFileSync(path);
    const migration: Migration = {
      name,
      file: displayPath(path, cwd),
      sql: bytes.toString('utf8'),
      checksum: createHash('sha256').update(bytes).digest('hex'),
    };
    if (!isUtf8(bytes)) migration.invalidUtf8 = firstInvalidUtf8(bytes);
    migrations.push(migration);
  }
  return { directory, exists: true, migrations, lockfile, withoutSql };
}

/** The first byte that does not continue a valid UTF-8 sequence (1-based line, 0-based byte offset). */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; byte: number } {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const length =
      lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    // Over-long forms and surrogates are refused by the second byte's range, as the standard says.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    let valid = length > 0 && i + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) {
      const next = bytes[i + k]!;
      valid = k === 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xbf;
    }
    if (!valid) return { line, byte: i };
    if (lead === 0x0a) line++;
    i += length;
  }
  return { line, byte: bytes.length };
}
