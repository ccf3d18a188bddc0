/**
 * What check, drift and preview share about the engine that judges: which Prisma it stands for
 * (said in the log and the result), and the schema as that engine can read it.
 */
import type { EngineError } from '../engine/engine.js';
import { describePin, withPinnedCommand } from '../prisma-version/pin.js';
import { acceptsDatasourceUrl, describeEngine, reportOf, type EngineSelection } from '../prisma-version/select-engine.js';
import type { Provider } from '../schema/datasource.js';
import { normaliseSchema } from '../schema/normalise.js';
import { displayPath, type SchemaFile } from '../schema/files.js';
import { unknownPreviewFeatures, withoutPreviewFeatures } from '../schema/preview-features.js';
import type { JudgedBy } from '../verdict/judged-by.js';
import { UsageError } from '../util/errors.js';

/** Logs which Prisma judges and by which engine, and records it (and the selection's notices) in the result. */
function announceSelection(selection: EngineSelection | undefined, result: JudgedBy, log: (line: string) => void): void {
  if (!selection) return;
  const report = reportOf(selection);
  result.prisma = report.prisma;
  result.engineUsed = report.engine;
  log(`${describePin(selection.pin)}: judged by ${describeEngine(selection)}.`);
  for (const notice of selection.notices) log(notice);
  result.notices = [...selection.notices];
}

interface SchemaForEngineInput {
  /** The schema as the engine gets it (normalised). */
  files: SchemaFile[];
  selection?: EngineSelection;
  /** The selected engine's verdict on the schema alone (undefined: valid, or not validated by this engine). */
  validate?: (files: SchemaFile[]) => Promise<EngineError | undefined>;
  /** `check`, `drift`, `preview`: named in the notice. */
  command: string;
  cwd: string;
  /** Each notice, as it is decided (the caller logs it and records it in the result). */
  notice: (line: string) => void;
}

/**
 * Validates the schema with the engine that will judge. A stand-in engine (not the pinned release's
 * own) may not know a preview feature the pinned Prisma knows: such entries are removed for the
 * engine, in place (no line moves), and said in a notice. Returns the schema to judge and the
 * engine's rejection, if any remains.
 */
async function schemaForEngine(input: SchemaForEngineInput): Promise<{ files: SchemaFile[]; rejected?: EngineError }> {
  let files = input.files;
  for (;;) {
    const rejected = await input.validate?.(files);
    const unknown = rejected && input.selection && !input.selection.exact ? unknownPreviewFeatures(rejected.message) : [];
    if (!rejected || unknown.length === 0) return { files, rejected };
    const edited = withoutPreviewFeatures(files, unknown);
    if (edited.removed.length === 0) return { files, rejected };
    files = edited.files;
    for (const removed of edited.removed) {
      input.notice(
        `previewFeatures "${removed.feature}" (${displayPath(removed.file, input.cwd)}:${removed.line}) is not known to ${describeEngine(input.selection!)}: removed for this ${input.command} (Prisma ${input.selection!.pin.version} knows it).`,
      );
    }
  }
}

export interface JudgingInput {
  ports: {
    selectEngine?(input: { schema: string; provider: Provider }): Promise<EngineSelection>;
    validateSchema?(schema: SchemaFile[], selection?: EngineSelection): Promise<EngineError | undefined>;
  };
  schemaPath: string;
  provider: Provider;
  schemaFiles: SchemaFile[];
  result: JudgedBy;
  log: (line: string) => void;
  command: string;
  cwd: string;
}

/**
 * The engine that judges (announced in the log and the result), and the schema as it reads it
 * (normalised for that engine, validated, fitted to a stand-in). A rejection is a value: `check`
 * reports it as a finding; `judgeWith` makes it the error drift and preview stop on.
 */
export async function prepareJudging(
  input: JudgingInput,
): Promise<{ selection?: EngineSelection; files: SchemaFile[]; rejected?: EngineError; validateMs: number }> {
  const { ports, result, log } = input;
  const selection = await ports.selectEngine?.({ schema: input.schemaPath, provider: input.provider });
  announceSelection(selection, result, log);
  const { files: normalised } = normaliseSchema(input.schemaFiles, { keepConnectionSettings: acceptsDatasourceUrl(selection) });
  const validate = ports.validateSchema && ((files: SchemaFile[]) => ports.validateSchema!(files, selection));
  const validateStart = Date.now();
  const { files, rejected } = await schemaForEngine({
    files: normalised,
    selection,
    validate,
    command: input.command,
    cwd: input.cwd,
    notice: noticeInto(result, log),
  });
  return { selection, files, rejected, validateMs: Date.now() - validateStart };
}

/**
 * `drift` and `preview`: as `prepareJudging`, before any database is touched; a schema the engine
 * rejects is Prisma's diagnostic (exit 1).
 */
export async function judgeWith(input: JudgingInput): Promise<{ selection?: EngineSelection; files: SchemaFile[] }> {
  const { selection, files, rejected } = await prepareJudging(input);
  if (rejected) throw schemaRejected(rejected, input.schemaFiles, input.result.prisma);
  return { selection, files };
}

/** A notice sink for `schemaForEngine` that logs and records. */
export function noticeInto(result: JudgedBy, log: (line: string) => void): (line: string) => void {
  return (line) => {
    log(line);
    result.notices = [...(result.notices ?? []), line];
  };
}

/**
 * A schema the engine rejects, for the commands that cannot go on without one (drift, preview):
 * Prisma's own diagnostic, and the fix with the pinned Prisma's command.
 */
export function schemaRejected(rejected: EngineError, schema: SchemaFile[], prisma: JudgedBy['prisma']): UsageError {
  return new UsageError(
    `Prisma rejects the schema (${schema.map((file) => file.path).join(', ')}):\n${rejected.message}`,
    withPinnedCommand('Fix the schema (`npx prisma validate` shows the same diagnostic).', prisma),
  );
}

/** Findings whose fix hints run the pinned Prisma (`npx prisma@6.14.0 migrate dev`, see prismaCommand). */
export function withPinnedFixes<T extends { fix?: string }>(findings: T[], prisma: JudgedBy['prisma']): T[] {
  return findings.map((finding) => (finding.fix ? { ...finding, fix: withPinnedCommand(finding.fix, prisma) } : finding));
}
