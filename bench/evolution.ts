/**
 * A synthetic, deterministic Prisma project that grows one step at a time: tables, columns, indexes,
 * unique constraints, foreign keys, enums and enum values, column changes (type, default,
 * nullability), dropped columns, and renames of columns and tables. Pure: it produces the schema after
 * each step; the SQL of a step comes from Prisma's engine (`generate.ts`), except for the steps Prisma
 * cannot express (renames, a backfill before SET NOT NULL), whose hand-written SQL is given here, as a
 * developer would write it with `prisma migrate dev --create-only`. Every step also carries a snapshot
 * of the state and its hand edit as data, so that the same history can be rendered for MySQL and
 * SQLite (`renderSchema`, dialects.ts) by bench/providers.ts; the PostgreSQL output is unchanged.
 */

type ScalarType = 'String' | 'Int' | 'BigInt' | 'Boolean' | 'DateTime' | 'Decimal' | 'Json';

/** The datasource providers a history is rendered for (bench/providers.ts). */
export type Provider = 'postgresql' | 'mysql' | 'sqlite';

export interface Field {
  name: string;
  /** A scalar type or the name of an enum. */
  type: string;
  optional: boolean;
  /** The Prisma default expression, e.g. `now()`, `"draft"`, `0`. */
  default?: string;
  /** Native type attribute, e.g. `@db.VarChar(120)`. */
  native?: string;
  unique?: boolean;
}

export interface Relation {
  /** Relation name, unique in the schema. */
  name: string;
  /** The relation field on this model and the foreign key column. */
  field: string;
  column: string;
  target: string;
  optional: boolean;
}

export interface Model {
  name: string;
  idKind: 'int' | 'cuid';
  fields: Field[];
  relations: Relation[];
  indexes: string[][];
  uniques: string[][];
}

export interface Enum {
  name: string;
  values: string[];
}

/** The project's state after a step (a deep copy): what every provider's schema is rendered from. */
export interface Snapshot {
  models: Model[];
  enums: Enum[];
}

/**
 * What a developer edits by hand, independent of the SQL dialect: `sql` holds its PostgreSQL text,
 * bench/dialects.ts renders it for MySQL and SQLite.
 */
export type Edit =
  | { kind: 'rename-column'; table: string; from: string; to: string }
  /** `model`: the table after the rename (its columns, indexes and foreign keys, named after `to`). */
  | { kind: 'rename-table'; from: string; to: string; model: Model }
  /** `literal`: an SQL literal valid in every dialect here (`'draft'`, `0`, `false`, `CURRENT_TIMESTAMP`). */
  | { kind: 'backfill'; table: string; column: string; literal: string };

export interface Step {
  /** Folder name suffix, e.g. `create_invoice12`. */
  label: string;
  /** The whole schema after this step (PostgreSQL). */
  schema: string;
  /** The state after this step, for the schema of another provider (`renderSchema`). */
  snapshot: Snapshot;
  /**
   * SQL to use instead of the engine's diff (renames), or to put before it (a backfill), in
   * PostgreSQL. Absent: the migration is exactly the engine's diff from the previous schema to this one.
   */
  sql?: { mode: 'replace' | 'prepend'; text: string };
  /** The same hand edit, as data (present exactly when `sql` is). */
  edit?: Edit;
}

const WORDS = [
  'Account',
  'Invoice',
  'Order',
  'Product',
  'Customer',
  'Payment',
  'Shipment',
  'Review',
  'Coupon',
  'Warehouse',
  'Supplier',
  'Ticket',
  'Project',
  'Task',
  'Comment',
  'Tag',
  'Team',
  'Member',
  'Event',
  'Session',
];

/** Small seeded PRNG (mulberry32): the same seed gives the same history on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Evolution {
  private readonly models: Model[] = [];
  private readonly enums: Enum[] = [];
  private counter = 0;
  private readonly next: () => number;

  constructor(seed = 20240101) {
    this.next = random(seed);
  }

  /** The first migration: a few tables, an enum and a relation, from an empty database. */
  initial(): Step {
    const status = this.newEnum(3);
    const a = this.newModel();
    const b = this.newModel();
    b.fields.push({ name: this.fieldName(), type: status.name, optional: false, default: status.values[0] });
    this.relate(b, a, false);
    return this.finish('init');
  }

  /** One more migration, of a kind drawn with fixed weights (more tables early, more changes later). */
  step(): Step {
    for (;;) {
      const roll = this.next();
      const step =
        roll < 0.2 || this.models.length < 4
          ? this.createModel()
          : roll < 0.38
            ? this.addColumns()
            : roll < 0.48
              ? this.addIndex()
              : roll < 0.52
                ? this.addEnum()
                : roll < 0.57
                  ? this.addEnumValue()
                  : roll < 0.66
                    ? this.addRelation()
                    : roll < 0.8
                      ? this.alterColumn()
                      : roll < 0.87
                        ? this.renameColumn()
                        : roll < 0.9
                          ? this.renameModel()
                          : this.dropColumn();
      if (step) return step;
    }
  }

  // --- Steps. Each returns undefined when it does not apply to the current schema. ---

  private createModel(): Step {
    const model = this.newModel();
    if (this.models.length > 1 && this.next() < 0.7) {
      const target = this.pick(this.models.filter((other) => other !== model));
      this.relate(model, target, this.next() < 0.3);
    }
    return this.finish(`create_${model.name.toLowerCase()}`);
  }

  private addColumns(): Step {
    const model = this.pick(this.models);
    const count = 1 + Math.floor(this.next() * 2);
    for (let i = 0; i < count; i++) model.fields.push(this.newField(true));
    return this.finish(`add_columns_${model.name.toLowerCase()}`);
  }

  private addIndex(): Step | undefined {
    const model = this.pick(this.models);
    const candidates = model.fields.filter((field) => indexable(field) && !field.unique && !this.indexed(model, field.name));
    if (candidates.length === 0) return undefined;
    const first = this.pick(candidates);
    const columns = [first.name];
    const second = candidates.find((field) => field !== first);
    if (second && this.next() < 0.3) columns.push(second.name);
    if (this.next() < 0.25) model.uniques.push(columns);
    else model.indexes.push(columns);
    return this.finish(`index_${model.name.toLowerCase()}`);
  }

  private addEnum(): Step {
    const created = this.newEnum(2 + Math.floor(this.next() * 3));
    const model = this.pick(this.models);
    model.fields.push({ name: this.fieldName(), type: created.name, optional: false, default: created.values[0] });
    return this.finish(`enum_${created.name.toLowerCase()}`);
  }

  private addEnumValue(): Step | undefined {
    if (this.enums.length === 0) return undefined;
    const target = this.pick(this.enums);
    target.values.push(`V${++this.counter}`);
    return this.finish(`enum_value_${target.name.toLowerCase()}`);
  }

  private addRelation(): Step | undefined {
    if (this.models.length < 2) return undefined;
    const from = this.pick(this.models);
    const to = this.pick(this.models.filter((model) => model !== from));
    this.relate(from, to, true);
    return this.finish(`relate_${from.name.toLowerCase()}_${to.name.toLowerCase()}`);
  }

  private alterColumn(): Step | undefined {
    const model = this.pick(this.models);
    const changeable = model.fields.filter((field) => !this.constrained(model, field.name));
    if (changeable.length === 0) return undefined;
    const field = this.pick(changeable);
    const label = `alter_${model.name.toLowerCase()}_${field.name}`;
    if (field.native?.startsWith('@db.VarChar(')) {
      const length = Number(/\d+/.exec(field.native)![0]);
      field.native = `@db.VarChar(${length + 40})`;
      return this.finish(label);
    }
    if (field.optional && field.type !== 'Json') {
      // Required from now on: a developer backfills the NULLs first, in the same migration.
      field.optional = false;
      field.default ??= defaultFor(field.type, this.enums);
      const value = sqlLiteral(field.type, field.default, this.enums);
      return this.finish(label, {
        sql: {
          mode: 'prepend',
          text: `-- Backfill before SET NOT NULL\nUPDATE "${model.name}" SET "${field.name}" = ${value} WHERE "${field.name}" IS NULL;\n\n`,
        },
        edit: { kind: 'backfill', table: model.name, column: field.name, literal: value },
      });
    }
    if (field.type === 'Int') {
      field.type = 'BigInt';
      return this.finish(label);
    }
    if (field.type === 'String' && !field.native) {
      field.default = `"changed${++this.counter}"`;
      return this.finish(label);
    }
    return undefined;
  }

  private renameColumn(): Step | undefined {
    const model = this.pick(this.models);
    const free = model.fields.filter((field) => !this.constrained(model, field.name));
    if (free.length === 0) return undefined;
    const field = this.pick(free);
    const from = field.name;
    field.name = `renamed${++this.counter}`;
    return this.finish(`rename_${model.name.toLowerCase()}_${from}`, {
      sql: {
        mode: 'replace',
        text: `-- Rename instead of drop and add (edited by hand)\nALTER TABLE "${model.name}" RENAME COLUMN "${from}" TO "${field.name}";\n`,
      },
      edit: { kind: 'rename-column', table: model.name, from, to: field.name },
    });
  }

  /** Renames a table with everything Prisma names after it: primary key, indexes, unique and foreign keys. */
  private renameModel(): Step {
    const model = this.pick(this.models);
    const from = model.name;
    const to = `${WORDS[this.counter % WORDS.length]}${++this.counter}`;
    const lines = [
      `-- Rename the table and the constraints named after it (edited by hand)`,
      `ALTER TABLE "${from}" RENAME TO "${to}";`,
      `ALTER TABLE "${to}" RENAME CONSTRAINT "${from}_pkey" TO "${to}_pkey";`,
    ];
    if (model.idKind === 'int') lines.push(`ALTER SEQUENCE "${from}_id_seq" RENAME TO "${to}_id_seq";`);
    for (const field of model.fields.filter((f) => f.unique))
      lines.push(`ALTER INDEX "${from}_${field.name}_key" RENAME TO "${to}_${field.name}_key";`);
    for (const columns of model.uniques)
      lines.push(`ALTER INDEX "${from}_${columns.join('_')}_key" RENAME TO "${to}_${columns.join('_')}_key";`);
    for (const columns of model.indexes)
      lines.push(`ALTER INDEX "${from}_${columns.join('_')}_idx" RENAME TO "${to}_${columns.join('_')}_idx";`);
    for (const relation of model.relations)
      lines.push(`ALTER TABLE "${to}" RENAME CONSTRAINT "${from}_${relation.column}_fkey" TO "${to}_${relation.column}_fkey";`);
    model.name = to;
    for (const other of this.models) for (const relation of other.relations) if (relation.target === from) relation.target = to;
    return this.finish(`rename_${from.toLowerCase()}`, {
      sql: { mode: 'replace', text: `${lines.join('\n')}\n` },
      edit: { kind: 'rename-table', from, to, model: structuredClone(model) },
    });
  }

  private dropColumn(): Step | undefined {
    const model = this.pick(this.models);
    const free = model.fields.filter((field) => !this.constrained(model, field.name));
    if (free.length < 2) return undefined;
    const field = this.pick(free);
    model.fields.splice(model.fields.indexOf(field), 1);
    return this.finish(`drop_${model.name.toLowerCase()}_${field.name}`);
  }

  // --- State helpers ---

  private finish(label: string, edit: Pick<Step, 'sql' | 'edit'> = {}): Step {
    const snapshot = structuredClone({ models: this.models, enums: this.enums });
    return { label, schema: renderSchema(snapshot, 'postgresql'), snapshot, ...edit };
  }

  private newModel(): Model {
    const name = `${WORDS[this.counter % WORDS.length]}${++this.counter}`;
    const model: Model = { name, idKind: this.next() < 0.6 ? 'int' : 'cuid', fields: [], relations: [], indexes: [], uniques: [] };
    const count = 2 + Math.floor(this.next() * 4);
    for (let i = 0; i < count; i++) model.fields.push(this.newField(false));
    model.fields.push({ name: 'createdAt', type: 'DateTime', optional: false, default: 'now()' });
    this.models.push(model);
    return model;
  }

  private newEnum(size: number): Enum {
    const created: Enum = { name: `Status${++this.counter}`, values: [] };
    for (let i = 0; i < size; i++) created.values.push(`V${++this.counter}`);
    this.enums.push(created);
    return created;
  }

  /** A new column; added to an existing table it must be optional or have a default. */
  private newField(addedLater: boolean): Field {
    const name = this.fieldName();
    const roll = this.next();
    const type: ScalarType =
      roll < 0.35
        ? 'String'
        : roll < 0.55
          ? 'Int'
          : roll < 0.65
            ? 'Boolean'
            : roll < 0.75
              ? 'DateTime'
              : roll < 0.85
                ? 'Decimal'
                : roll < 0.92
                  ? 'BigInt'
                  : 'Json';
    const field: Field = { name, type, optional: type === 'Json' || this.next() < 0.4 };
    if (type === 'String' && this.next() < 0.5) field.native = `@db.VarChar(${40 + Math.floor(this.next() * 200)})`;
    if (type === 'Decimal') field.native = '@db.Decimal(12, 2)';
    if (!field.optional && (addedLater || this.next() < 0.5)) field.default = defaultFor(type, this.enums);
    if (type === 'String' && !addedLater && !field.optional && this.next() < 0.15) field.unique = true;
    return field;
  }

  private relate(from: Model, to: Model, optional: boolean): void {
    const name = `R${++this.counter}`;
    const column = `${lowerFirst(to.name)}${this.counter}Id`;
    from.fields.push({ name: column, type: to.idKind === 'int' ? 'Int' : 'String', optional });
    from.relations.push({ name, field: `${lowerFirst(to.name)}${this.counter}`, column, target: to.name, optional });
    from.indexes.push([column]);
  }

  private fieldName(): string {
    return `f${++this.counter}`;
  }

  private pick<T>(items: T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  private indexed(model: Model, column: string): boolean {
    return [...model.indexes, ...model.uniques].some((columns) => columns.includes(column));
  }

  /** A column an index, unique constraint or foreign key depends on: renaming it would rename those too. */
  private constrained(model: Model, column: string): boolean {
    return (
      column === 'createdAt' ||
      this.indexed(model, column) ||
      model.relations.some((relation) => relation.column === column) ||
      model.fields.some((field) => field.name === column && field.unique)
    );
  }

  /** The PostgreSQL schema now (`renderSchema` for another provider). */
  render(): string {
    return renderSchema({ models: this.models, enums: this.enums }, 'postgresql');
  }
}

/**
 * The schema as a developer would write it (both sides of every relation), for a provider: SQLite
 * has no native types (`@db.VarChar`, `@db.Decimal`), so they are left out there (a VarChar length
 * change is then no change at all).
 */
export function renderSchema(snapshot: Snapshot, provider: Provider): string {
  const out = [
    '// Synthetic history generated by bench/evolution.ts: do not edit.',
    'datasource db {',
    `  provider = "${provider}"`,
    '}',
    '',
  ];
  for (const e of snapshot.enums) out.push(`enum ${e.name} {`, ...e.values.map((value) => `  ${value}`), '}', '');
  for (const model of snapshot.models) {
    out.push(`model ${model.name} {`);
    out.push(model.idKind === 'int' ? '  id Int @id @default(autoincrement())' : '  id String @id @default(cuid())');
    for (const field of model.fields) {
      const native = provider === 'sqlite' ? '' : (field.native ?? '');
      const attributes = [field.unique ? '@unique' : '', field.default !== undefined ? `@default(${field.default})` : '', native]
        .filter(Boolean)
        .join(' ');
      out.push(`  ${field.name} ${field.type}${field.optional ? '?' : ''}${attributes ? ` ${attributes}` : ''}`);
    }
    for (const relation of model.relations) {
      out.push(
        `  ${relation.field} ${relation.target}${relation.optional ? '?' : ''} @relation("${relation.name}", fields: [${relation.column}], references: [id])`,
      );
    }
    // The other side of relations that point here.
    for (const other of snapshot.models) {
      for (const relation of other.relations)
        if (relation.target === model.name) out.push(`  back${relation.name} ${other.name}[] @relation("${relation.name}")`);
    }
    for (const columns of model.indexes) out.push(`  @@index([${columns.join(', ')}])`);
    for (const columns of model.uniques) out.push(`  @@unique([${columns.join(', ')}])`);
    out.push('}', '');
  }
  return out.join('\n');
}

function indexable(field: Field): boolean {
  return field.type !== 'Json';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function defaultFor(type: string, enums: Enum[]): string {
  switch (type) {
    case 'String':
      return '"draft"';
    case 'Int':
    case 'BigInt':
    case 'Decimal':
      return '0';
    case 'Boolean':
      return 'false';
    case 'DateTime':
      return 'now()';
    default:
      return enums.find((e) => e.name === type)?.values[0] ?? '"x"';
  }
}

function sqlLiteral(type: string, prismaDefault: string, enums: Enum[]): string {
  if (prismaDefault === 'now()') return 'CURRENT_TIMESTAMP';
  if (prismaDefault.startsWith('"')) return `'${prismaDefault.slice(1, -1)}'`;
  if (enums.some((e) => e.name === type)) return `'${prismaDefault}'`;
  return prismaDefault;
}
