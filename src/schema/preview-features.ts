import type { SchemaFile } from './files.js';

export interface RemovedFeature {
  file: string;
  line: number;
  feature: string;
}

/**
 * The schema without the given `previewFeatures` entries of its generators, edited in place on
 * their own lines so that every line number the engine reports stays the schema's own.
 */
export function withoutPreviewFeatures(
  files: SchemaFile[],
  features: readonly string[],
): { files: SchemaFile[]; removed: RemovedFeature[] } {
  const removed: RemovedFeature[] = [];
  const edited = files.map((file) => {
    const lines = file.content.split('\n').map((line, index) => {
      const match = /^(\s*previewFeatures\s*=\s*\[)([^\]]*)(\].*)$/.exec(line);
      if (!match) return line;
      const entries = match[2]!
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      const kept = entries.filter((entry) => {
        const name = entry.replace(/^"|"$/g, '');
        if (!features.includes(name)) return true;
        removed.push({ file: file.path, line: index + 1, feature: name });
        return false;
      });
      return kept.length === entries.length ? line : `${match[1]}${kept.join(', ')}${match[3]}`;
    });
    return { path: file.path, content: lines.join('\n') };
  });
  return { files: edited, removed };
}

/** The preview feature an engine's P1012 names as unknown ("The preview feature "metrics" is not known."). */
export function unknownPreviewFeatures(message: string): string[] {
  return [...message.matchAll(/The preview feature "([^"]+)" is not known/g)].map((match) => match[1]!);
}
