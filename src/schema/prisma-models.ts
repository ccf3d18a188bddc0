/**
 * The models of a Prisma schema as text, read without the engine: model blocks, each field's name,
 * type, `?` / `[]`, and its `@relation`. Enough to draw the schema change a pull request makes; not
 * a validator (an invalid schema is the check's business).
 */
export interface PrismaField {
  name: string;
  /** The type's name (`String`, `Post`, `Unsupported`). */
  type: string;
  optional: boolean;
  list: boolean;
  /** `@id`, or part of the model's `@@id`. */
  id: boolean;
  unique: boolean;
  /** The attributes as written, whitespace collapsed (what a changed field is compared by). */
  attributes: string;
  /** `@relation(...)`: its name and the scalar fields that hold the foreign key. */
  relation?: { name?: string; fields: string[] };
}

export interface PrismaModel {
  name: string;
  fields: PrismaField[];
}

/** Every model of the schema (all files of a multi-file schema, concatenated). */
export function parsePrismaModels(text: string): PrismaModel[] {
  const models: PrismaModel[] = [];
  const lines = stripComments(text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = /^\s*model\s+(\w+)\s*\{\s*$/.exec(lines[i]!);
    if (!start) continue;
    const model: PrismaModel = { name: start[1]!, fields: [] };
    const blockIds: string[] = [];
    for (i++; i < lines.length && !/^\s*\}\s*$/.test(lines[i]!); i++) {
      const line = lines[i]!.trim();
      const compound = /^@@id\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]/.exec(line);
      if (compound) blockIds.push(...names(compound[1]!));
      const field = /^(\w+)\s+(\w+)(\("[^"]*"\))?(\[\])?(\?)?(.*)$/.exec(line);
      if (!field) continue;
      const attributes = field[6]!.trim().replace(/\s+/g, ' ');
      const relation = /@relation\s*\(([^)]*)\)/.exec(attributes);
      model.fields.push({
        name: field[1]!,
        type: field[2]!,
        optional: field[5] === '?',
        list: field[4] === '[]',
        id: /@id\b/.test(attributes),
        unique: /@unique\b/.test(attributes),
        attributes,
        relation: relation ? parseRelation(relation[1]!) : /(^|\s)@relation\b/.test(attributes) ? { fields: [] } : undefined,
      });
    }
    for (const field of model.fields) if (blockIds.includes(field.name)) field.id = true;
    models.push(model);
  }
  return models;
}

function parseRelation(args: string): { name?: string; fields: string[] } {
  const name = /^\s*"([^"]*)"/.exec(args)?.[1] ?? /\bname\s*:\s*"([^"]*)"/.exec(args)?.[1];
  const fields = /\bfields\s*:\s*\[([^\]]*)\]/.exec(args);
  return { name, fields: fields ? names(fields[1]!) : [] };
}

function names(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim().replace(/\(.*$/, ''))
    .filter(Boolean);
}

/** `//` and `///` comments removed, strings kept (a URL in a string holds `//`). */
function stripComments(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let inString = false;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString;
        else if (!inString && line[i] === '/' && line[i + 1] === '/') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

export type ChangeStatus = 'added' | 'removed' | 'changed' | 'same';

export interface FieldChange {
  field: PrismaField;
  status: ChangeStatus;
  /** For a changed field: its type as it was (`String?`). */
  was?: string;
}

export interface ModelChange {
  name: string;
  status: ChangeStatus;
  /** Head's fields in order, then the removed ones. */
  fields: FieldChange[];
}

export interface Relationship {
  /** The side the foreign key points to (`one`), and the side that holds it. */
  from: string;
  to: string;
  /** Mermaid's cardinality between them, e.g. `||--o{`. */
  cardinality: string;
  /** The relation field's name. */
  label: string;
}

export interface SchemaChange {
  models: ModelChange[];
  /** Relationships of both sides, marked by where they exist. */
  relationships: Array<Relationship & { status: ChangeStatus }>;
}

/** The base's models against the head's: which models and fields were added, removed or changed. */
export function diffPrismaModels(base: PrismaModel[], head: PrismaModel[]): SchemaChange {
  const before = new Map(base.map((model) => [model.name, model]));
  const after = new Map(head.map((model) => [model.name, model]));
  const models: ModelChange[] = [];
  for (const model of head) {
    const old = before.get(model.name);
    if (!old) {
      models.push({ name: model.name, status: 'added', fields: model.fields.map((field) => ({ field, status: 'same' })) });
      continue;
    }
    const oldFields = new Map(old.fields.map((field) => [field.name, field]));
    const fields: FieldChange[] = model.fields.map((field) => {
      const previous = oldFields.get(field.name);
      if (!previous) return { field, status: 'added' };
      if (signature(previous) !== signature(field)) return { field, status: 'changed', was: typeText(previous) };
      return { field, status: 'same' };
    });
    for (const field of old.fields)
      if (!model.fields.some((candidate) => candidate.name === field.name)) fields.push({ field, status: 'removed' });
    models.push({ name: model.name, status: fields.some((change) => change.status !== 'same') ? 'changed' : 'same', fields });
  }
  for (const model of base)
    if (!after.has(model.name))
      models.push({ name: model.name, status: 'removed', fields: model.fields.map((field) => ({ field, status: 'same' })) });

  const baseEdges = new Map(relationshipsOf(base).map((edge) => [edgeKey(edge), edge]));
  const headEdges = new Map(relationshipsOf(head).map((edge) => [edgeKey(edge), edge]));
  const relationships: SchemaChange['relationships'] = [];
  for (const [key, edge] of headEdges) relationships.push({ ...edge, status: baseEdges.has(key) ? 'same' : 'added' });
  for (const [key, edge] of baseEdges) if (!headEdges.has(key)) relationships.push({ ...edge, status: 'removed' });
  return { models, relationships };
}

/** Each relation once: drawn from the side that holds the foreign key, or once for an implicit many-to-many. */
export function relationshipsOf(models: PrismaModel[]): Relationship[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const edges: Relationship[] = [];
  for (const model of models) {
    for (const field of model.fields) {
      const target = byName.get(field.type);
      if (!target) continue;
      const back = target.fields.find(
        (candidate) => candidate.type === model.name && candidate !== field && candidate.relation?.name === field.relation?.name,
      );
      if (field.relation && field.relation.fields.length > 0) {
        const one = field.optional ? '|o' : '||';
        const many = back?.list ? 'o{' : 'o|';
        edges.push({ from: target.name, to: model.name, cardinality: `${one}--${many}`, label: field.name });
      } else if (
        field.list &&
        back?.list &&
        !back.relation?.fields.length &&
        (model.name < target.name || (model.name === target.name && field.name < back.name))
      ) {
        edges.push({ from: model.name, to: target.name, cardinality: '}o--o{', label: field.name });
      }
    }
  }
  return edges;
}

function edgeKey(edge: Relationship): string {
  return `${edge.from} ${edge.cardinality} ${edge.to} ${edge.label}`;
}

function signature(field: PrismaField): string {
  return `${typeText(field)} ${field.attributes}`;
}

export function typeText(field: PrismaField): string {
  return `${field.type}${field.list ? '[]' : ''}${field.optional ? '?' : ''}`;
}
