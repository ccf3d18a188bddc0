import type { Node, TypeName } from 'libpg-query';

/** A column's type as written in a migration, normalised to PostgreSQL's internal name. */
export interface ColumnType {
  /** `int4`, `varchar`, `text`, `Role` (an enum keeps its case). */
  name: string;
  /** Type modifiers: `varchar(255)` → [255], `numeric(65,30)` → [65, 30]. */
  mods: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  serial: 'int4',
  serial4: 'int4',
  smallserial: 'int2',
  serial2: 'int2',
  bigserial: 'int8',
  serial8: 'int8',
  real: 'float4',
  'double precision': 'float8',
  decimal: 'numeric',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  timestamptz: 'timestamptz',
};

export function typeOf(typeName: TypeName | undefined): ColumnType | undefined {
  const names = (typeName?.names ?? []).map(stringOf).filter((name): name is string => name !== undefined);
  const last = names[names.length - 1];
  if (!last) return undefined;
  const mods = (typeName?.typmods ?? []).map((mod) => integerOf(mod)).filter((mod): mod is number => mod !== undefined);
  return { name: ALIASES[last] ?? last, mods, array: (typeName?.arrayBounds?.length ?? 0) > 0 };
}

/** `serial` and friends: adding one to an existing table fills every row from a sequence. */
export function isSerial(typeName: TypeName | undefined): boolean {
  const names = (typeName?.names ?? []).map(stringOf);
  return /^(small|big)?serial[248]?$/.test(names[names.length - 1] ?? '');
}

export function displayType(type: ColumnType | undefined): string {
  if (!type) return 'an unknown type';
  return `${type.name}${type.mods.length ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`;
}

export function sameType(a: ColumnType | undefined, b: ColumnType | undefined): boolean {
  return !!a && !!b && a.name === b.name && a.array === b.array && a.mods.join(',') === b.mods.join(',');
}

const INTEGER_WIDTH: Record<string, number> = { int2: 2, int4: 4, int8: 8 };
const TEXTUAL = new Set(['text', 'varchar', 'bpchar', 'citext']);

export interface TypeChange {
  /** Some values may not survive: cut off, rounded, or the cast fails on them. */
  lossy: boolean;
  /** PostgreSQL rewrites the whole table (and every index) under an ACCESS EXCLUSIVE lock. */
  rewrite: boolean;
}

/**
 * What `ALTER COLUMN ... TYPE` does to the data, from PostgreSQL's rules: varchar widened or made
 * text, numeric precision raised and timestamp precision raised are binary-coercible (no rewrite);
 * integer and float widening rewrite but keep every value; anything else may lose or reject values.
 */
export function classifyTypeChange(from: ColumnType | undefined, to: ColumnType | undefined, hasUsing: boolean): TypeChange {
  if (!from || !to) return { lossy: true, rewrite: true };
  if (sameType(from, to)) return { lossy: false, rewrite: hasUsing };
  if (from.array !== to.array) return { lossy: true, rewrite: true };
  const [fromLength] = from.mods;
  const [toLength] = to.mods;
  if (TEXTUAL.has(from.name) && TEXTUAL.has(to.name) && from.name !== 'bpchar' && to.name !== 'bpchar') {
    // varchar(n) → varchar(m ≥ n), varchar → text, text → varchar (no length): no rewrite, nothing lost.
    const widening = toLength === undefined || (fromLength !== undefined && toLength >= fromLength);
    return { lossy: !widening, rewrite: !widening };
  }
  if (from.name === 'numeric' && to.name === 'numeric') {
    const [fromPrecision, fromScale = 0] = from.mods;
    const [toPrecision, toScale = 0] = to.mods;
    if (toPrecision === undefined) return { lossy: false, rewrite: false };
    if (fromPrecision === undefined) return { lossy: true, rewrite: true };
    const keepsDigits = toPrecision - toScale >= fromPrecision - fromScale && toScale >= fromScale;
    return { lossy: !keepsDigits, rewrite: !(toScale === fromScale && toPrecision >= fromPrecision) };
  }
  if ((from.name === 'timestamp' || from.name === 'timestamptz' || from.name === 'time') && to.name === from.name) {
    const widening = toLength === undefined || (fromLength !== undefined && toLength >= fromLength);
    return { lossy: !widening, rewrite: !widening };
  }
  const fromWidth = INTEGER_WIDTH[from.name];
  const toWidth = INTEGER_WIDTH[to.name];
  if (fromWidth && toWidth) return { lossy: toWidth < fromWidth, rewrite: true };
  if (fromWidth && to.name === 'numeric' && to.mods.length === 0) return { lossy: false, rewrite: true };
  if (fromWidth && fromWidth <= 4 && to.name === 'float8') return { lossy: false, rewrite: true };
  if (from.name === 'float4' && to.name === 'float8') return { lossy: false, rewrite: true };
  if (from.name === 'timestamp' && to.name === 'timestamptz') return { lossy: false, rewrite: true };
  if (from.name === 'json' && to.name === 'jsonb') return { lossy: false, rewrite: true };
  // Anything to unbounded text keeps every value's text form.
  if (to.name === 'text' || (to.name === 'varchar' && toLength === undefined)) return { lossy: false, rewrite: true };
  return { lossy: true, rewrite: true };
}

export function stringOf(node: Node | undefined): string | undefined {
  return node && 'String' in node ? node.String.sval : undefined;
}

function integerOf(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  if ('A_Const' in node) return node.A_Const.ival ? (node.A_Const.ival.ival ?? 0) : undefined;
  if ('Integer' in node) return node.Integer.ival ?? 0;
  return undefined;
}
