import { ColumnTypeEnum, type ColumnType } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { parse as parseArray } from 'postgres-array';

const { builtins } = pg.types;

/**
 * PostgreSQL type OIDs → the engine's column types. Unlike `@prisma/adapter-pg` this never throws:
 * the engine's describer selects catalog columns of types such as `"char"` (OID 18, e.g.
 * `pg_constraint.contype`), which must be `Character` — as `Text` the engine panics on any CHECK
 * constraint. Any other type arrives in text format and is handed over as text.
 */
const CHAR = 18;
const NAME = 19;
const CHAR_ARRAY = 1002;
const NAME_ARRAY = 1003;
const FIRST_USER_OID = 16384;

const scalar: Record<number, ColumnType> = {
  [builtins.INT2]: ColumnTypeEnum.Int32,
  [builtins.INT4]: ColumnTypeEnum.Int32,
  [builtins.INT8]: ColumnTypeEnum.Int64,
  [builtins.OID]: ColumnTypeEnum.Int64,
  [builtins.FLOAT4]: ColumnTypeEnum.Float,
  [builtins.FLOAT8]: ColumnTypeEnum.Double,
  [builtins.BOOL]: ColumnTypeEnum.Boolean,
  [builtins.DATE]: ColumnTypeEnum.Date,
  [builtins.TIME]: ColumnTypeEnum.Time,
  [builtins.TIMETZ]: ColumnTypeEnum.Time,
  [builtins.TIMESTAMP]: ColumnTypeEnum.DateTime,
  [builtins.TIMESTAMPTZ]: ColumnTypeEnum.DateTime,
  [builtins.NUMERIC]: ColumnTypeEnum.Numeric,
  [builtins.MONEY]: ColumnTypeEnum.Numeric,
  [builtins.JSON]: ColumnTypeEnum.Json,
  [builtins.JSONB]: ColumnTypeEnum.Json,
  [builtins.UUID]: ColumnTypeEnum.Uuid,
  [builtins.BYTEA]: ColumnTypeEnum.Bytes,
  [CHAR]: ColumnTypeEnum.Character,
  [NAME]: ColumnTypeEnum.Text,
  1005: ColumnTypeEnum.Int32Array, // int2[]
  1007: ColumnTypeEnum.Int32Array, // int4[]
  1016: ColumnTypeEnum.Int64Array, // int8[]
  1028: ColumnTypeEnum.Int64Array, // oid[]
  1021: ColumnTypeEnum.FloatArray,
  1022: ColumnTypeEnum.DoubleArray,
  1231: ColumnTypeEnum.NumericArray,
  791: ColumnTypeEnum.NumericArray, // money[]
  1000: ColumnTypeEnum.BooleanArray,
  [CHAR_ARRAY]: ColumnTypeEnum.CharacterArray,
  [NAME_ARRAY]: ColumnTypeEnum.TextArray,
  1009: ColumnTypeEnum.TextArray, // text[]
  1014: ColumnTypeEnum.TextArray, // bpchar[]
  1015: ColumnTypeEnum.TextArray, // varchar[]
  1182: ColumnTypeEnum.DateArray,
  1183: ColumnTypeEnum.TimeArray,
  1115: ColumnTypeEnum.DateTimeArray,
  1185: ColumnTypeEnum.DateTimeArray,
  199: ColumnTypeEnum.JsonArray,
  3807: ColumnTypeEnum.JsonArray,
  1001: ColumnTypeEnum.BytesArray,
  2951: ColumnTypeEnum.UuidArray,
};

export function columnTypeOf(oid: number): ColumnType {
  return scalar[oid] ?? ColumnTypeEnum.Text;
}

/** Whether values of this OID are handed over as text (the default for user and unknown types). */
export function isUserDefined(oid: number): boolean {
  return oid >= FIRST_USER_OID;
}

const identity = (value: string) => value;
const timestamp = (value: string) => `${value.replace(' ', 'T')}+00:00`;
const timestamptz = (value: string) => value.replace(' ', 'T').replace(/[+-]\d{2}(:\d{2})?$/, '+00:00');
const timetz = (value: string) => value.replace(/[+-]\d{2}(:\d{2})?$/, '');
const array = (element: (value: string) => unknown) => (value: string) => parseArray(value, element);
const bytes = pg.types.getTypeParser(builtins.BYTEA);

/** Text-format parsers where the engine expects Prisma's formats rather than `pg`'s defaults. */
const parsers: Record<number, (value: string) => unknown> = {
  [builtins.NUMERIC]: identity,
  1231: array(identity),
  [builtins.DATE]: identity,
  1182: array(identity),
  [builtins.TIME]: identity,
  1183: array(identity),
  [builtins.TIMETZ]: timetz,
  [builtins.TIMESTAMP]: timestamp,
  1115: array(timestamp),
  [builtins.TIMESTAMPTZ]: timestamptz,
  1185: array(timestamptz),
  [builtins.MONEY]: (value) => value.slice(1),
  [builtins.JSON]: identity,
  199: array(identity),
  [builtins.JSONB]: identity,
  3807: array(identity),
  [builtins.BYTEA]: bytes,
  [CHAR_ARRAY]: array(identity),
  [NAME_ARRAY]: array(identity),
};

export function typeParserFor(oid: number, format: 'text' | 'binary'): (value: string) => unknown {
  if (format === 'text' && parsers[oid]) return parsers[oid];
  if (isUserDefined(oid)) return identity;
  return pg.types.getTypeParser(oid, format);
}
