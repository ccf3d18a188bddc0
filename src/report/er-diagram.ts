/**
 * The schema change as a picture: a Mermaid `erDiagram` (GitHub renders it in comments and job
 * summaries) of the models the pull request touches and the models directly related to them, in a
 * collapsed block. Pure; bounded so that a big schema stays readable and within a comment's size.
 */
import type { ChangeStatus, FieldChange, ModelChange, SchemaChange } from '../schema/prisma-models.js';

export interface ErDiagramOptions {
  /** The most entities drawn (touched models first); the rest are counted (default 30). */
  maxEntities?: number;
  /** The most fields drawn in one entity; changed, key and relation fields first (default 20). */
  maxFields?: number;
}

const ICON: Record<Exclude<ChangeStatus, 'same'>, string> = { added: '➕', removed: '➖', changed: '✏️' };

/** The `<details>` block, or '' when the pull request touches no model. */
export function renderErDiagram(change: SchemaChange, options: ErDiagramOptions = {}): string {
  const maxEntities = options.maxEntities ?? 30;
  const maxFields = options.maxFields ?? 20;
  const touched = change.models.filter((model) => model.status !== 'same').sort(byName);
  if (touched.length === 0) return '';
  const touchedNames = new Set(touched.map((model) => model.name));
  const touches = (edge: { from: string; to: string }) => touchedNames.has(edge.from) || touchedNames.has(edge.to);
  const neighbourNames = new Set<string>();
  for (const edge of change.relationships.filter(touches))
    for (const name of [edge.from, edge.to]) if (!touchedNames.has(name)) neighbourNames.add(name);
  const neighbours = [...neighbourNames].sort();

  const drawn = touched.slice(0, maxEntities);
  const drawnNeighbours = neighbours.slice(0, Math.max(0, maxEntities - drawn.length));
  const shown = new Set([...drawn.map((model) => model.name), ...drawnNeighbours]);
  const left = touched.length - drawn.length + neighbours.length - drawnNeighbours.length;

  const lines = ['erDiagram'];
  for (const model of drawn) lines.push(...entity(model, maxFields));
  // A related model that did not change is drawn by its relationship lines only: its fields are not the story.
  const edges = change.relationships.filter((edge) => touches(edge) && shown.has(edge.from) && shown.has(edge.to));
  edges.sort((a, b) => `${a.from} ${a.to} ${a.label}`.localeCompare(`${b.from} ${b.to} ${b.label}`));
  for (const edge of edges)
    lines.push(
      `  ${edge.from} ${edge.cardinality} ${edge.to} : "${quote(edge.label)}${edge.status === 'same' ? '' : ` (${edge.status})`}"`,
    );

  const counts = (['added', 'changed', 'removed'] as const)
    .map((status) => [status, touched.filter((model) => model.status === status)] as const)
    .filter(([, models]) => models.length > 0);
  const summary = `Schema change: ${touched.length} model${touched.length === 1 ? '' : 's'} (${counts.map(([status, models]) => `${models.length} ${status}`).join(', ')})`;
  const legend = counts.map(([status, models]) => `${ICON[status]} ${status}: ${models.map((model) => `\`${model.name}\``).join(', ')}`);
  if (neighbours.length > 0) legend.push(`related: ${neighbours.map((name) => `\`${name}\``).join(', ')}`);
  const out = ['<details><summary>' + summary + '</summary>', '', '```mermaid', ...lines, '```', '', legend.join(' · ')];
  if (left > 0) out.push('', `…and ${left} more model${left === 1 ? '' : 's'} not drawn.`);
  out.push('', '</details>');
  return out.join('\n') + '\n';
}

function entity(model: ModelChange, maxFields: number): string[] {
  // Changed fields first matter most; then keys and relations, which explain the lines between boxes.
  const rank = (change: FieldChange) =>
    model.status === 'changed' && change.status !== 'same' ? 0 : change.field.id || change.field.relation ? 1 : 2;
  const chosen = new Set([...model.fields].sort((a, b) => rank(a) - rank(b)).slice(0, maxFields));
  const foreignKeys = new Set(model.fields.flatMap((change) => change.field.relation?.fields ?? []));
  const lines = [`  ${model.name} {`];
  for (const change of model.fields)
    if (chosen.has(change)) lines.push(`    ${attribute(change, model.status, foreignKeys.has(change.field.name))}`);
  const hidden = model.fields.length - chosen.size;
  if (hidden > 0) lines.push(`    more fields "${hidden} more, not drawn"`);
  lines.push('  }');
  return lines;
}

function attribute(change: FieldChange, modelStatus: ChangeStatus, foreignKey: boolean): string {
  const { field } = change;
  // Mermaid's attribute type is a word (brackets allowed, no `?`): optional goes in the comment.
  const type = `${field.type}${field.list ? '[]' : ''}`;
  const key = field.id ? ' PK' : foreignKey ? ' FK' : field.unique ? ' UK' : '';
  const notes: string[] = [];
  if (modelStatus === 'changed' && change.status !== 'same')
    notes.push(change.status === 'changed' ? `${ICON.changed} was ${change.was}` : `${ICON[change.status]} ${change.status}`);
  if (field.optional) notes.push('optional');
  return `${type} ${field.name}${key}${notes.length > 0 ? ` "${quote(notes.join(', '))}"` : ''}`;
}

function byName(a: ModelChange, b: ModelChange): number {
  return a.name.localeCompare(b.name);
}

/** Mermaid strings cannot hold a double quote. */
function quote(text: string): string {
  return text.replace(/"/g, "'");
}
