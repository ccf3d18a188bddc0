import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * GitHub places annotations by paths from the repository root (`GITHUB_WORKSPACE`), but every
 * finding's file is relative to the working directory (`working-directory: app` → `prisma/...`).
 * The action moves each path to the root once, before anything is rendered, so annotations, the job
 * summary, the PR comment and `report-json` all name the same `app/prisma/...`.
 */
export function workspacePath(file: string, workingDirectory: string, workspace: string): string {
  const rel = relative(workspace, resolve(workingDirectory, file));
  // A file outside the checkout (an absolute `schema` input elsewhere): GitHub cannot place it; shown as given.
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

interface WithFindings {
  findings: Array<{ file?: string }>;
  schema?: { files: string[] };
  migrationsDirectory?: string;
}

/** The same result with every finding's `file` (and the schema files and migrations folder it names) relative to the repository root. */
export function withWorkspacePaths<T extends WithFindings>(
  result: T,
  workingDirectory: string,
  workspace = process.env.GITHUB_WORKSPACE || process.cwd(),
): T {
  if (resolve(workingDirectory) === resolve(workspace)) return result;
  const move = (file: string) => workspacePath(file, workingDirectory, workspace);
  const moved: T = {
    ...result,
    findings: result.findings.map((finding) => (finding.file ? { ...finding, file: move(finding.file) } : finding)),
  };
  if (result.schema) moved.schema = { ...result.schema, files: result.schema.files.map(move) };
  if (result.migrationsDirectory !== undefined) moved.migrationsDirectory = move(result.migrationsDirectory);
  return moved;
}
