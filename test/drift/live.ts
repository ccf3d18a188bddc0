/**
 * Live databases for the drift tests: a database deployed by a history exactly the way
 * `prisma migrate deploy` leaves it (the migrations applied, one `_prisma_migrations` row each),
 * project copies to edit, read-only roles, and a catalog snapshot that proves nothing was written.
 */
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readMigrationHistory } from '../../src/migrations/history.js';
import { createTestDatabase, query, testPostgresUrl, withDatabaseName } from '../support/postgres.js';

/** Prisma's own DDL for the table on PostgreSQL. */
export const PRISMA_MIGRATIONS_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface LiveDatabase {
  name: string;
  url: string;
  /** Runs SQL on the live database as the superuser (the test's own hand, never the tool's). */
  sql: (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;
  drop: () => Promise<void>;
}

export async function createLiveDatabase(label: string): Promise<LiveDatabase> {
  const database = await createTestDatabase(`drift_${label}`);
  return {
    name: database.name,
    url: database.url,
    drop: database.drop,
    sql: async (text, values) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Applies the first `count` migrations of a folder (all by default) and records each as Prisma
 * does: id a UUID, checksum the file's SHA-256 in hex, finished_at set, logs and rolled_back_at null,
 * applied_steps_count 1.
 */
export async function deploy(live: LiveDatabase, migrationsDirectory: string, count?: number): Promise<void> {
  const history = await readMigrationHistory(migrationsDirectory);
  await live.sql(PRISMA_MIGRATIONS_DDL);
  for (const migration of history.migrations.slice(0, count ?? history.migrations.length)) {
    const startedAt = new Date();
    await live.sql(migration.sql);
    await recordMigration(live, { name: migration.name, checksum: migration.checksum, startedAt, finishedAt: new Date() });
  }
}

export async function recordMigration(
  live: LiveDatabase,
  row: {
    name: string;
    checksum?: string;
    startedAt?: Date;
    finishedAt: Date | null;
    logs?: string | null;
    rolledBackAt?: Date | null;
    steps?: number;
  },
): Promise<void> {
  await live.sql(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      randomUUID(),
      row.checksum ?? sha256(row.name),
      row.finishedAt,
      row.name,
      row.logs ?? null,
      row.rolledBackAt ?? null,
      row.startedAt ?? new Date(),
      row.steps ?? (row.finishedAt ? 1 : 0),
    ],
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A copy of a project folder that a test may edit; removed by the returned function. */
export async function copyProject(from: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'psg-drift-project-'));
  await cp(from, dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A login role with a password and nothing but CONNECT on the database, USAGE on `public` and
 * SELECT on its tables (roles are server-wide: the name is unique, the drop is the caller's).
 * PUBLIC's default TEMP and CONNECT on the database are revoked so the role holds no write
 * privilege at all.
 */
export async function createReadOnlyRole(
  live: LiveDatabase,
  options: { connect?: boolean; selectMigrations?: boolean } = {},
): Promise<{ name: string; password: string; url: string; drop: () => Promise<void> }> {
  const name = `psg_ro_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${randomUUID()}`;
  await query(`CREATE ROLE "${name}" LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
  await query(`REVOKE ALL ON DATABASE "${live.name}" FROM PUBLIC`);
  if (options.connect !== false) await query(`GRANT CONNECT ON DATABASE "${live.name}" TO "${name}"`);
  await live.sql(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
  await live.sql(`GRANT USAGE ON SCHEMA public TO "${name}"`);
  await live.sql(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${name}"`);
  await live.sql(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO "${name}"`);
  if (options.selectMigrations === false) await live.sql(`REVOKE SELECT ON "_prisma_migrations" FROM "${name}"`);
  const url = new URL(withDatabaseName(await testPostgresUrl(), live.name));
  url.username = name;
  url.password = password;
  return {
    name,
    password,
    url: url.toString(),
    drop: async () => {
      // The database (and its grants) is dropped by its owner; the role must lose its grants first.
      await live.sql(`DROP OWNED BY "${name}"`).catch(() => undefined);
      await query(`REVOKE ALL ON DATABASE "${live.name}" FROM "${name}"`).catch(() => undefined);
      await query(`DROP ROLE IF EXISTS "${name}"`);
    },
  };
}

/** Roles this process created that still exist. */
export async function leftoverRoles(): Promise<string[]> {
  const rows = await query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'psg\\_ro\\_${process.pid}\\_%'`);
  return rows.map((row) => row.rolname);
}

/** Shadow databases this process made that still exist (other test processes have their own). */
export async function ownLeftoverShadowDatabases(): Promise<string[]> {
  const rows = await query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'psg\\_shadow\\_%\\_${process.pid}\\_%'`,
  );
  return rows.map((row) => row.datname);
}

/**
 * Everything a write could change, as text: the user catalog (namespaces, relations with their
 * file nodes and ACLs, columns, indexes, constraints, functions, types, extensions) and every row of
 * `_prisma_migrations` and of the user tables, with each row's `xmin` (any UPDATE, even to the same
 * values, changes it).
 */
export async function snapshot(live: LiveDatabase): Promise<string> {
  const system = `('pg_catalog', 'information_schema', 'pg_toast')`;
  const parts: Record<string, unknown> = {};
  parts.namespaces = await live.sql(`SELECT oid::text, nspname, nspacl::text FROM pg_namespace ORDER BY oid`);
  parts.classes = await live.sql(
    `SELECT c.oid::text, n.nspname, c.relname, c.relkind, c.relfilenode::text, c.relnatts, c.relhasindex, c.relacl::text, c.reloptions::text, c.relpersistence
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ${system} ORDER BY c.oid`,
  );
  parts.attributes = await live.sql(
    `SELECT a.attrelid::text, a.attnum, a.attname, a.atttypid::text, a.atttypmod, a.attnotnull, a.atthasdef, a.attisdropped, a.attidentity, a.attgenerated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ${system} ORDER BY a.attrelid, a.attnum`,
  );
  parts.defaults = await live.sql(
    `SELECT d.adrelid::text, d.adnum, pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ${system} ORDER BY d.adrelid, d.adnum`,
  );
  parts.indexes = await live.sql(
    `SELECT i.indexrelid::text, i.indrelid::text, i.indkey::text, i.indisunique, i.indisprimary, i.indisvalid, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ${system} ORDER BY i.indexrelid`,
  );
  parts.constraints = await live.sql(
    `SELECT co.oid::text, co.conname, co.contype, co.conrelid::text, pg_get_constraintdef(co.oid) AS def
       FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace WHERE n.nspname NOT IN ${system} ORDER BY co.oid`,
  );
  parts.functions = await live.sql(
    `SELECT p.oid::text, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ${system} ORDER BY p.oid`,
  );
  parts.types = await live.sql(
    `SELECT t.oid::text, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname NOT IN ${system} ORDER BY t.oid`,
  );
  parts.extensions = await live.sql(`SELECT oid::text, extname, extversion FROM pg_extension ORDER BY oid`);
  parts.migrations = await live
    .sql(`SELECT xmin::text, ctid::text, to_jsonb(m) AS row FROM "_prisma_migrations" m ORDER BY id`)
    .catch(() => 'no _prisma_migrations');
  const tables = await live.sql(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' ORDER BY c.relname`,
  );
  for (const { relname } of tables)
    parts[`rows:${relname}`] = await live.sql(
      `SELECT xmin::text, ctid::text, to_jsonb(t) AS row FROM "${String(relname)}" t ORDER BY ctid`,
    );
  return JSON.stringify(parts, null, 1);
}

export { query, testPostgresUrl, withDatabaseName };
