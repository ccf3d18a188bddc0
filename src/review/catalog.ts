import type { ColumnDef, Node, RangeVar } from 'libpg-query';
import { stringOf, typeOf, isSerial, type ColumnType } from './sql-types.js';

/**
 * What the migrations say the database holds: tables with their columns, enums and indexes. Built
 * by replaying the base branch's migrations symbolically (no database), then advanced statement by
 * statement through the PR's migrations, so each rule sees the schema as it is right before the
 * statement. Objects a PR migration creates carry `createdIn`: they hold no data yet.
 */
export interface CatalogColumn {
  name: string;
  type?: ColumnType;
  notNull: boolean;
  hasDefault: boolean;
  createdIn?: string;
}

export interface CatalogTable {
  schema: string;
  name: string;
  columns: Map<string, CatalogColumn>;
  createdIn?: string;
}

export interface CatalogEnum {
  schema: string;
  name: string;
  values: string[];
  createdIn?: string;
  /** For an enum that existed at the base and was renamed in the PR (`Role` → `Role_old`): its name at the base. */
  baseName?: string;
}

export interface CatalogIndex {
  name: string;
  table: string;
  unique: boolean;
  createdIn?: string;
}

export const DEFAULT_SCHEMA = 'public';

export function relationKey(relation: RangeVar | undefined): string {
  return `${relation?.schemaname ?? DEFAULT_SCHEMA}.${relation?.relname ?? '?'}`;
}

/** `User`, or `audit.User` outside the default schema. */
export function relationName(relation: RangeVar | undefined): string {
  const schema = relation?.schemaname;
  return schema && schema !== DEFAULT_SCHEMA ? `${schema}.${relation?.relname}` : (relation?.relname ?? '?');
}

/** A qualified name given as a list of strings (`DROP TABLE`, `CREATE TYPE`): key and display name. */
export function listName(items: Node[] | undefined): { key: string; name: string } {
  const parts = (items ?? []).map(stringOf).filter((part): part is string => part !== undefined);
  const name = parts[parts.length - 1] ?? '?';
  const schema = parts.length > 1 ? parts[parts.length - 2]! : DEFAULT_SCHEMA;
  return { key: `${schema}.${name}`, name: schema === DEFAULT_SCHEMA ? name : `${schema}.${name}` };
}

export function itemsOf(node: Node | undefined): Node[] {
  if (!node) return [];
  if ('List' in node) return node.List.items ?? [];
  if ('TypeName' in node) return node.TypeName.names ?? [];
  return [node];
}

export class Catalog {
  readonly tables = new Map<string, CatalogTable>();
  readonly enums = new Map<string, CatalogEnum>();
  readonly indexes = new Map<string, CatalogIndex>();

  table(relation: RangeVar | undefined): CatalogTable | undefined {
    return this.tables.get(relationKey(relation));
  }

  /** Created by a migration of this PR (so empty): no lock or data warnings for it. */
  isNew(relation: RangeVar | undefined): boolean {
    return this.table(relation)?.createdIn !== undefined;
  }

  /** An enum by a type's (unqualified) name, whatever its schema. */
  enumNamed(name: string): CatalogEnum | undefined {
    for (const candidate of this.enums.values()) if (candidate.name === name) return candidate;
    return undefined;
  }

  /** Everything becomes existing: the reviewed migrations are now part of the base. */
  settle(): void {
    for (const table of this.tables.values()) {
      delete table.createdIn;
      for (const column of table.columns.values()) delete column.createdIn;
    }
    for (const value of this.enums.values()) delete value.createdIn;
    for (const value of this.indexes.values()) delete value.createdIn;
  }

  clone(): Catalog {
    const copy = new Catalog();
    for (const [key, table] of this.tables)
      copy.tables.set(key, { ...table, columns: new Map([...table.columns].map(([name, column]) => [name, { ...column }])) });
    for (const [key, value] of this.enums) copy.enums.set(key, { ...value, values: [...value.values] });
    for (const [key, value] of this.indexes) copy.indexes.set(key, { ...value });
    return copy;
  }

  /** Applies one statement; `createdIn` marks what it creates as new (the PR's migration name). */
  apply(node: Node, createdIn?: string): void {
    if ('CreateStmt' in node) {
      const statement = node.CreateStmt;
      const key = relationKey(statement.relation);
      if (this.tables.has(key) && statement.if_not_exists) return;
      const columns = new Map<string, CatalogColumn>();
      for (const element of statement.tableElts ?? []) {
        if ('ColumnDef' in element) {
          const column = columnOf(element.ColumnDef, createdIn);
          columns.set(column.name, column);
        } else if ('Constraint' in element && element.Constraint.contype === 'CONSTR_PRIMARY') {
          for (const key of element.Constraint.keys ?? []) {
            const column = columns.get(stringOf(key) ?? '');
            if (column) column.notNull = true;
          }
        }
      }
      this.tables.set(key, {
        schema: statement.relation?.schemaname ?? DEFAULT_SCHEMA,
        name: statement.relation?.relname ?? '?',
        columns,
        createdIn,
      });
    } else if ('AlterTableStmt' in node) {
      const statement = node.AlterTableStmt;
      if (statement.objtype !== 'OBJECT_TABLE') return;
      const table = this.table(statement.relation);
      if (!table) return;
      for (const item of statement.cmds ?? []) {
        if (!('AlterTableCmd' in item)) continue;
        const cmd = item.AlterTableCmd;
        const column = table.columns.get(cmd.name ?? '');
        switch (cmd.subtype) {
          case 'AT_AddColumn':
            if (cmd.def && 'ColumnDef' in cmd.def) {
              const added = columnOf(cmd.def.ColumnDef, createdIn);
              if (!(table.columns.has(added.name) && cmd.missing_ok)) table.columns.set(added.name, added);
            }
            break;
          case 'AT_DropColumn':
            table.columns.delete(cmd.name ?? '');
            break;
          case 'AT_AlterColumnType':
            if (column && cmd.def && 'ColumnDef' in cmd.def) column.type = typeOf(cmd.def.ColumnDef.typeName);
            break;
          case 'AT_SetNotNull':
            if (column) column.notNull = true;
            break;
          case 'AT_DropNotNull':
            if (column) column.notNull = false;
            break;
          case 'AT_ColumnDefault':
            if (column) column.hasDefault = cmd.def !== undefined;
            break;
          case 'AT_AddConstraint': {
            const constraint = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
            if (constraint?.contype === 'CONSTR_PRIMARY') {
              for (const key of constraint.keys ?? []) {
                const keyColumn = table.columns.get(stringOf(key) ?? '');
                if (keyColumn) keyColumn.notNull = true;
              }
            }
            if ((constraint?.contype === 'CONSTR_PRIMARY' || constraint?.contype === 'CONSTR_UNIQUE') && constraint.conname) {
              this.indexes.set(`${table.schema}.${constraint.conname}`, {
                name: constraint.conname,
                table: `${table.schema}.${table.name}`,
                unique: true,
                createdIn,
              });
            }
            break;
          }
        }
      }
    } else if ('RenameStmt' in node) {
      const statement = node.RenameStmt;
      const newName = statement.newname ?? '?';
      if (statement.renameType === 'OBJECT_TABLE') {
        const key = relationKey(statement.relation);
        const table = this.tables.get(key);
        if (!table) return;
        this.tables.delete(key);
        table.name = newName;
        this.tables.set(`${table.schema}.${newName}`, table);
      } else if (statement.renameType === 'OBJECT_COLUMN') {
        const table = this.table(statement.relation);
        const column = table?.columns.get(statement.subname ?? '');
        if (!table || !column) return;
        table.columns.delete(column.name);
        column.name = newName;
        table.columns.set(newName, column);
      } else if (statement.renameType === 'OBJECT_TYPE') {
        const { key } = listName(itemsOf(statement.object));
        const found = this.enums.get(key);
        if (!found) return;
        this.enums.delete(key);
        if (found.createdIn === undefined) found.baseName ??= found.name;
        found.name = newName;
        this.enums.set(`${found.schema}.${newName}`, found);
      } else if (statement.renameType === 'OBJECT_INDEX') {
        const key = relationKey(statement.relation);
        const index = this.indexes.get(key);
        if (!index) return;
        this.indexes.delete(key);
        index.name = newName;
        this.indexes.set(`${statement.relation?.schemaname ?? DEFAULT_SCHEMA}.${newName}`, index);
      }
    } else if ('DropStmt' in node) {
      const statement = node.DropStmt;
      for (const object of statement.objects ?? []) {
        const { key } = listName(itemsOf(object));
        if (statement.removeType === 'OBJECT_TABLE') this.tables.delete(key);
        else if (statement.removeType === 'OBJECT_TYPE') this.enums.delete(key);
        else if (statement.removeType === 'OBJECT_INDEX') this.indexes.delete(key);
      }
    } else if ('CreateEnumStmt' in node) {
      const { key } = listName(node.CreateEnumStmt.typeName);
      const parts = (node.CreateEnumStmt.typeName ?? []).map(stringOf);
      const values = (node.CreateEnumStmt.vals ?? []).map(stringOf).filter((value): value is string => value !== undefined);
      this.enums.set(key, {
        schema: parts.length > 1 ? parts[parts.length - 2]! : DEFAULT_SCHEMA,
        name: parts[parts.length - 1] ?? '?',
        values,
        createdIn,
      });
    } else if ('AlterEnumStmt' in node) {
      const statement = node.AlterEnumStmt;
      const found = this.enums.get(listName(statement.typeName).key);
      if (!found || !statement.newVal) return;
      if (statement.oldVal) found.values = found.values.map((value) => (value === statement.oldVal ? statement.newVal! : value));
      else if (!found.values.includes(statement.newVal)) found.values.push(statement.newVal);
    } else if ('IndexStmt' in node) {
      const statement = node.IndexStmt;
      if (!statement.idxname) return;
      const schema = statement.relation?.schemaname ?? DEFAULT_SCHEMA;
      this.indexes.set(`${schema}.${statement.idxname}`, {
        name: statement.idxname,
        table: relationKey(statement.relation),
        unique: statement.unique === true,
        createdIn,
      });
    }
  }
}

function columnOf(definition: ColumnDef, createdIn: string | undefined): CatalogColumn {
  const constraints = (definition.constraints ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint] : []));
  return {
    name: definition.colname ?? '?',
    type: typeOf(definition.typeName),
    notNull: constraints.some((constraint) => constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY'),
    hasDefault:
      isSerial(definition.typeName) ||
      constraints.some(
        (constraint) =>
          constraint.contype === 'CONSTR_DEFAULT' || constraint.contype === 'CONSTR_IDENTITY' || constraint.contype === 'CONSTR_GENERATED',
      ),
    createdIn,
  };
}
