/**
 * The MySQL SQL of one step of the synthetic history when no Prisma with a MySQL connector is at
 * hand (the in-process engine has none; the native one is downloaded by the Prisma CLI): a diff of
 * the two states, rendered the way Prisma's MySQL connector renders the same changes (CREATE TABLE
 * with inline indexes and `utf8mb4_unicode_ci`, one ALTER TABLE per table, MODIFY for a changed
 * column, CREATE INDEX, ADD CONSTRAINT … FOREIGN KEY last). Pure.
 *
 * Limited to what evolution.ts does: new tables, added and dropped columns, changed columns (type,
 * native type, nullability, default, enum values), new indexes and unique constraints, new foreign
 * keys. Renames are hand-written SQL (dialects.ts), not diffs. Anything else throws, so that the
 * translation cannot silently fall behind the evolution. bench/providers.ts says in its output when
 * a MySQL history comes from here rather than from a real Prisma, and compares the two when it has both.
 */
import { mysqlName as q, referentialActions } from './dialects.js';
import type { Enum, Field, Model, Snapshot } from './evolution.js';

const TABLE_OPTIONS = 'DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

export function translateToMysql(previous: Snapshot | undefined, next: Snapshot): string {
  const before = new Map((previous?.models ?? []).map((model) => [model.name, model]));
  const enumsBefore = new Map((previous?.enums ?? []).map((e) => [e.name, e]));
  const alters: string[] = [];
  const creates: string[] = [];
  const indexes: string[] = [];
  const foreignKeys: string[] = [];

  for (const name of before.keys()) {
    if (!next.models.some((model) => model.name === name))
      throw new Error(`mysql-translation: table ${name} disappeared; the evolution renames tables by hand-written SQL only.`);
  }
  for (const model of next.models) {
    const old = before.get(model.name);
    if (!old) {
      creates.push(createTable(model, next.enums));
      foreignKeys.push(...model.relations.map((relation) => addForeignKey(model.name, relation)));
      continue;
    }
    const changes: string[] = [];
    const oldFields = new Map(old.fields.map((field) => [field.name, field]));
    const newFields = new Set(model.fields.map((field) => field.name));
    for (const field of old.fields) if (!newFields.has(field.name)) changes.push(`DROP COLUMN ${q(field.name)}`);
    for (const field of model.fields) {
      const was = oldFields.get(field.name);
      if (!was) {
        changes.push(`ADD COLUMN ${column(field, next.enums)}`);
        if (field.unique)
          indexes.push(
            `-- CreateIndex\nCREATE UNIQUE INDEX ${q(`${model.name}_${field.name}_key`)} ON ${q(model.name)}(${q(field.name)});\n`,
          );
        continue;
      }
      if (was.unique !== field.unique)
        throw new Error(`mysql-translation: ${model.name}.${field.name} changed its @unique; the evolution never does.`);
      const typeBefore = columnType(was, [...enumsBefore.values()]);
      const typeAfter = columnType(field, next.enums);
      if (typeBefore !== typeAfter || was.optional !== field.optional) changes.push(`MODIFY ${column(field, next.enums)}`);
      else if (was.default !== field.default) {
        changes.push(
          field.default === undefined
            ? `ALTER COLUMN ${q(field.name)} DROP DEFAULT`
            : `ALTER COLUMN ${q(field.name)} SET DEFAULT ${defaultValue(field.default)}`,
        );
      }
    }
    if (changes.length > 0) alters.push(`-- AlterTable\nALTER TABLE ${q(model.name)} ${changes.join(',\n    ')};\n`);
    const known = (list: string[][]) => new Set(list.map((columns) => columns.join(',')));
    const oldIndexes = known(old.indexes);
    const oldUniques = known(old.uniques);
    for (const columns of model.indexes)
      if (!oldIndexes.has(columns.join(',')))
        indexes.push(
          `-- CreateIndex\nCREATE INDEX ${q(`${model.name}_${columns.join('_')}_idx`)} ON ${q(model.name)}(${columns.map(q).join(', ')});\n`,
        );
    for (const columns of model.uniques)
      if (!oldUniques.has(columns.join(',')))
        indexes.push(
          `-- CreateIndex\nCREATE UNIQUE INDEX ${q(`${model.name}_${columns.join('_')}_key`)} ON ${q(model.name)}(${columns.map(q).join(', ')});\n`,
        );
    const oldRelations = new Set(old.relations.map((relation) => relation.name));
    for (const relation of model.relations) if (!oldRelations.has(relation.name)) foreignKeys.push(addForeignKey(model.name, relation));
  }
  return [...alters, ...creates, ...indexes, ...foreignKeys].join('\n');
}

function createTable(model: Model, enums: Enum[]): string {
  const lines = [
    model.idKind === 'int' ? `${q('id')} INTEGER NOT NULL AUTO_INCREMENT` : `${q('id')} VARCHAR(191) NOT NULL`,
    ...model.fields.map((field) => column(field, enums)),
  ];
  const keys = [
    ...model.fields
      .filter((field) => field.unique)
      .map((field) => `UNIQUE INDEX ${q(`${model.name}_${field.name}_key`)}(${q(field.name)})`),
    ...model.indexes.map((columns) => `INDEX ${q(`${model.name}_${columns.join('_')}_idx`)}(${columns.map(q).join(', ')})`),
    ...model.uniques.map((columns) => `UNIQUE INDEX ${q(`${model.name}_${columns.join('_')}_key`)}(${columns.map(q).join(', ')})`),
    `PRIMARY KEY (${q('id')})`,
  ];
  return `-- CreateTable\nCREATE TABLE ${q(model.name)} (\n    ${lines.join(',\n    ')},\n\n    ${keys.join(',\n    ')}\n) ${TABLE_OPTIONS};\n`;
}

function addForeignKey(table: string, relation: Model['relations'][number]): string {
  return `-- AddForeignKey\nALTER TABLE ${q(table)} ADD CONSTRAINT ${q(`${table}_${relation.column}_fkey`)} FOREIGN KEY (${q(relation.column)}) REFERENCES ${q(relation.target)}(${q('id')}) ${referentialActions(relation.optional)};\n`;
}

function column(field: Field, enums: Enum[]): string {
  const parts = [q(field.name), columnType(field, enums), field.optional ? 'NULL' : 'NOT NULL'];
  if (field.default !== undefined) parts.push(`DEFAULT ${defaultValue(field.default)}`);
  return parts.join(' ');
}

/** Prisma's MySQL column types for the scalars and native types the evolution uses. */
function columnType(field: Field, enums: Enum[]): string {
  if (field.native) {
    const native = /^@db\.(VarChar|Decimal)\((.+)\)$/.exec(field.native);
    if (!native) throw new Error(`mysql-translation: native type ${field.native} is not one the evolution uses.`);
    return `${native[1]!.toUpperCase()}(${native[2]})`;
  }
  switch (field.type) {
    case 'String':
      return 'VARCHAR(191)';
    case 'Int':
      return 'INTEGER';
    case 'BigInt':
      return 'BIGINT';
    case 'Boolean':
      return 'BOOLEAN';
    case 'DateTime':
      return 'DATETIME(3)';
    case 'Decimal':
      return 'DECIMAL(65, 30)';
    case 'Json':
      return 'JSON';
  }
  const values = enums.find((e) => e.name === field.type)?.values;
  if (!values) throw new Error(`mysql-translation: ${field.name} has type ${field.type}, neither a scalar nor an enum.`);
  return `ENUM(${values.map((value) => `'${value}'`).join(', ')})`;
}

/** Prisma defaults of the evolution: `now()`, `"text"`, numbers, `false`, enum values. */
function defaultValue(prismaDefault: string): string {
  if (prismaDefault === 'now()') return 'CURRENT_TIMESTAMP(3)';
  if (prismaDefault.startsWith('"')) return `'${prismaDefault.slice(1, -1)}'`;
  if (/^(-?\d+(\.\d+)?|true|false)$/.test(prismaDefault)) return prismaDefault;
  return `'${prismaDefault}'`;
}
