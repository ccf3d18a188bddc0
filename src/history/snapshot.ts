/**
 * A migrations folder at one point in time (a commit, or the working tree), as plain data: the
 * comparison is pure and tested without git.
 */
export interface MigrationsSnapshot {
  /** Every file below the migrations folder: its path relative to the folder (with `/`) → its bytes. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Folders directly inside it that hold no file at all (a working tree can have them; a commit cannot). */
  emptyFolders?: readonly string[];
}

export const LOCKFILE = 'migration_lock.toml';
export const MIGRATION_FILE = 'migration.sql';

/** The migration folders (direct subfolders), in Prisma's order: by name, byte-wise. */
export function migrationFolders(snapshot: MigrationsSnapshot): string[] {
  const names = new Set<string>(snapshot.emptyFolders ?? []);
  for (const path of snapshot.files.keys()) {
    const slash = path.indexOf('/');
    if (slash > 0) names.add(path.slice(0, slash));
  }
  return [...names].sort(byName);
}

/** Prisma sorts migration folders by name; `<` on these ASCII names matches Rust's byte order. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function migrationSql(snapshot: MigrationsSnapshot, folder: string): Uint8Array | undefined {
  return snapshot.files.get(`${folder}/${MIGRATION_FILE}`);
}

/** Files directly in the migrations folder (not in a migration folder). */
export function topLevelFiles(snapshot: MigrationsSnapshot): string[] {
  return [...snapshot.files.keys()].filter((path) => !path.includes('/')).sort(byName);
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export function snapshotOf(files: Record<string, string | Uint8Array>, emptyFolders: string[] = []): MigrationsSnapshot {
  return {
    files: new Map(
      Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content]),
    ),
    emptyFolders,
  };
}
