import type { ColumnType, TypeChange } from './sql-types.js';

/**
 * A MySQL column type as node-sql-parser reads it, in the review's `ColumnType` shape (lower-case
 * name, length/precision as `mods`), plus what only MySQL has: `UNSIGNED` and an `ENUM`'s values.
 */
export interface MysqlColumnType extends ColumnType {
  unsigned: boolean;
  /** `ENUM('A', 'B')` / `SET(...)`: the values, in order. */
  values?: string[];
}

/** The `definition` node of a column in node-sql-parser's MySQL AST. */
export interface MysqlDataType {
  dataType?: string;
  length?: number;
  scale?: number;
  suffix?: string[] | null;
  expr?: { value?: Array<{ value?: unknown }> };
}

const ALIASES: Record<string, string> = {
  integer: 'int',
  bool: 'tinyint',
  boolean: 'tinyint',
  dec: 'decimal',
  numeric: 'decimal',
  fixed: 'decimal',
  real: 'double',
  'double precision': 'double',
  character: 'char',
};

export function mysqlTypeOf(definition: MysqlDataType | undefined): MysqlColumnType | undefined {
  if (!definition?.dataType) return undefined;
  const written = definition.dataType.toLowerCase();
  const name = ALIASES[written] ?? written;
  const mods = [definition.length, definition.scale].filter((mod): mod is number => typeof mod === 'number');
  const unsigned = (definition.suffix ?? []).some((suffix) => /unsigned/i.test(String(suffix)));
  const values = name === 'enum' || name === 'set' ? (definition.expr?.value ?? []).map((item) => String(item.value)) : undefined;
  return { name, mods, array: false, unsigned, ...(values ? { values } : {}) };
}

export function displayMysqlType(type: MysqlColumnType | undefined): string {
  if (!type) return 'an unknown type';
  if (type.values) return `${type.name}(${type.values.map((value) => `'${value}'`).join(', ')})`;
  return `${type.name}${type.mods.length ? `(${type.mods.join(',')})` : ''}${type.unsigned ? ' unsigned' : ''}`;
}

export function sameMysqlType(a: MysqlColumnType | undefined, b: MysqlColumnType | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.name === b.name &&
    a.unsigned === b.unsigned &&
    a.mods.join(',') === b.mods.join(',') &&
    (a.values ?? []).join('\u0000') === (b.values ?? []).join('\u0000')
  );
}

const INTEGER_BYTES: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 8 };
/** Maximum length in characters of the string types (TEXT types in bytes; close enough to compare). */
const TEXT_LENGTH: Record<string, number> = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295 };
const TEMPORAL = new Set(['datetime', 'timestamp', 'time']);

/** Characters of a string type, or undefined when it is not one. */
function stringLength(type: MysqlColumnType): number | undefined {
  if (type.name === 'varchar' || type.name === 'char') return type.mods[0] ?? 1;
  return TEXT_LENGTH[type.name];
}

/**
 * What `MODIFY`/`CHANGE` to another type does in MySQL/InnoDB. `lossy`: some values may be cut off,
 * rounded or rejected. `rewrite`: InnoDB copies the table (ALGORITHM=COPY, writes blocked). Only a
 * few changes avoid the copy: a VARCHAR widened within the same length-prefix size (1 byte up to
 * 255 bytes, 2 bytes above, counted with utf8mb4's 4 bytes a character) and ENUM/SET values added at
 * the end (both in place, metadata only).
 */
export function classifyMysqlTypeChange(from: MysqlColumnType | undefined, to: MysqlColumnType | undefined): TypeChange {
  if (!from || !to) return { lossy: true, rewrite: true };
  if (sameMysqlType(from, to)) return { lossy: false, rewrite: false };
  if (from.values && to.values && from.name === to.name) {
    const appended = to.values.length >= from.values.length && from.values.every((value, i) => to.values![i] === value);
    const kept = from.values.every((value) => to.values!.includes(value));
    return { lossy: !kept, rewrite: !appended };
  }
  const fromLength = stringLength(from);
  const toLength = stringLength(to);
  if (fromLength !== undefined && toLength !== undefined) {
    const widening = toLength >= fromLength;
    const inPlace = widening && from.name === 'varchar' && to.name === 'varchar' && fromLength * 4 < 256 === toLength * 4 < 256;
    return { lossy: !widening, rewrite: !inPlace };
  }
  const fromBytes = INTEGER_BYTES[from.name];
  const toBytes = INTEGER_BYTES[to.name];
  if (fromBytes && toBytes) {
    // Signed → unsigned loses the negatives; unsigned → signed needs a wider type to keep the top half.
    const keeps = from.unsigned === to.unsigned ? toBytes >= fromBytes : !from.unsigned && to.unsigned ? false : toBytes > fromBytes;
    return { lossy: !keeps, rewrite: true };
  }
  if (from.name === 'decimal' && to.name === 'decimal') {
    const [fromPrecision = 10, fromScale = 0] = from.mods;
    const [toPrecision = 10, toScale = 0] = to.mods;
    return {
      lossy: !(toPrecision - toScale >= fromPrecision - fromScale && toScale >= fromScale) || (to.unsigned && !from.unsigned),
      rewrite: true,
    };
  }
  if (TEMPORAL.has(from.name) && from.name === to.name) return { lossy: (to.mods[0] ?? 0) < (from.mods[0] ?? 0), rewrite: true };
  if (from.name === 'float' && to.name === 'double') return { lossy: false, rewrite: true };
  if (fromBytes && fromBytes <= 3 && to.name === 'double') return { lossy: false, rewrite: true };
  if (from.name === 'date' && (to.name === 'datetime' || to.name === 'timestamp')) return { lossy: false, rewrite: true };
  // Anything to a long text type keeps every value's text form.
  if (to.name === 'longtext' || to.name === 'mediumtext') return { lossy: false, rewrite: true };
  return { lossy: true, rewrite: true };
}
