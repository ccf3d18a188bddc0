import type { SchemaFile } from '../schema/files.js';
import type { Finding } from '../verdict/check-result.js';

/**
 * A schema the engine rejects (P1012), reported with Prisma's own diagnostic text and the file and
 * line of its first error (`  -->  prisma/schema.prisma:6`). Line numbers are the user's: the
 * normalisation keeps every line in place.
 */
export function schemaDiagnostic(message: string, files: SchemaFile[]): Finding {
  const location = /-->\s+(.+?):(\d+)/.exec(message);
  const file = location?.[1] && files.some((candidate) => candidate.path === location[1]) ? location[1] : files[0]?.path;
  return {
    kind: 'schema-invalid',
    message: `Prisma rejects the schema:\n${message.trim()}`,
    file,
    line: location?.[2] ? Number(location[2]) : undefined,
    fix: 'Fix the schema at that line (`npx prisma validate` shows the same diagnostic).',
  };
}
