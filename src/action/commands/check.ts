import * as core from '@actions/core';
import { check } from '../../commands/check.js';
import { checkMany, exitCodeOfMany } from '../../commands/check-many.js';
import { exitCodeOf, type CheckResult } from '../../verdict/check-result.js';
import { annotationsOf } from '../../report/annotations.js';
import { renderCheckManyText } from '../../report/check-many.js';
import { renderJson } from '../../report/json.js';
import { renderCheckMarkdown } from '../../report/markdown.js';
import { renderCheckText } from '../../report/text.js';
import { expandSchemaList } from '../../schema/schema-list.js';
import { redact } from '../../util/redact.js';
import { checkPorts, withConfiguredShadow } from '../../wiring.js';
import { maskConfigured, PRISMA_VERSION_INPUT, type ActionInputs } from '../inputs.js';
import { publishStickyComment } from '../sticky-comment.js';
import { withWorkspacePaths } from '../workspace-paths.js';

const FAILURE: Record<Exclude<CheckResult['verdict'], 'in-sync'>, string> = {
  'missing-migration': 'The Prisma schema has changes that no migration creates.',
  'migration-failed': 'A committed migration fails to apply.',
  'provider-mismatch': 'migration_lock.toml and the schema use different providers.',
  error: 'The check could not run.',
};

/** `command: check`: the check, then its outputs, annotations and job summary. */
export async function checkAction(inputs: ActionInputs): Promise<void> {
  const log = (line: string) => core.info(redact(line));
  const schemas = expandSchemaList(inputs.schema, inputs.workingDirectory, "Input 'schema'");
  const chosen = {
    shadowDatabaseUrl: inputs.shadowDatabaseUrl,
    inputName: "Input 'shadow-database-url'",
    shadowDatabase: inputs.shadowDatabase,
    log,
    debug: (line: string) => core.debug(redact(line)),
    engine: inputs.engine,
    engineInputName: "Input 'engine'",
    prismaVersion: inputs.prismaVersion,
    prismaVersionInputName: PRISMA_VERSION_INPUT,
  };
  const ports = checkPorts(
    schemas && schemas.length > 1
      ? chosen
      : maskConfigured(await withConfiguredShadow(chosen, { cwd: inputs.workingDirectory, schema: schemas?.[0] })),
    inputs.workingDirectory,
  );
  if (schemas && schemas.length > 1) return checkManyAction(inputs, schemas, ports, log);
  const result = withWorkspacePaths(await check({ ...checkOptions(inputs, log), schema: schemas?.[0] }, ports), inputs.workingDirectory);
  core.info(renderCheckText(result, { color: false }));
  core.setOutput('verdict', result.verdict);
  core.setOutput('gate', result.gate);
  core.setOutput('missing-migration', result.findings.find((finding) => finding.kind === 'missing-migration')?.sql ?? '');
  core.setOutput('report-json', renderJson(result).trim());
  for (const annotation of annotationsOf(result)) {
    (annotation.level === 'warning' ? core.warning : core.error)(redact(annotation.message), {
      title: annotation.title,
      file: annotation.file,
      startLine: annotation.line,
    });
  }
  const markdown = renderCheckMarkdown(result);
  await core.summary.addRaw(markdown).write();
  // After the summary: a GitHub error is added to it and fails the step, never hides the check.
  await publishStickyComment(inputs, { kind: 'check', hasFindings: result.verdict !== 'in-sync' || result.findings.length > 0, markdown });
  if (result.verdict !== 'in-sync') core.setFailed(FAILURE[result.verdict]);
  else if (exitCodeOf(result) !== 0) {
    const failing = result.findings.filter((finding) => finding.failsGate);
    core.setFailed(
      `${failing.length} finding${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the gate (${[...new Set(failing.map((f) => f.kind))].join(', ')}); see the job summary.`,
    );
  }
}

/** What one schema's check and several schemas' checks both take from the inputs. */
function checkOptions(inputs: ActionInputs, log: (line: string) => void) {
  return {
    cwd: inputs.workingDirectory,
    migrations: inputs.migrations,
    names: { schema: "Input 'schema'", migrations: "Input 'migrations'" },
    log,
    base: inputs.base,
    failOn: inputs.failOn,
    baseName: "Input 'base'",
  };
}

/** Several schemas (input `schema` as a list or glob): one shadow server, the combined verdict, each schema's report. */
async function checkManyAction(
  inputs: ActionInputs,
  schemas: string[],
  ports: ReturnType<typeof checkPorts>,
  log: (line: string) => void,
): Promise<void> {
  const checked = await checkMany({ ...checkOptions(inputs, log), schemas }, ports);
  const many = { ...checked, results: checked.results.map((result) => withWorkspacePaths(result, inputs.workingDirectory)) };
  core.info(renderCheckManyText(many, schemas, { color: false }));
  core.setOutput('verdict', many.verdict);
  core.setOutput('gate', many.gate);
  const missing = many.results.flatMap((result, index) => {
    const sql = result.findings.find((finding) => finding.kind === 'missing-migration')?.sql;
    return sql ? [`-- ${schemas[index]}\n${sql}`] : [];
  });
  core.setOutput('missing-migration', missing.join('\n\n'));
  core.setOutput('report-json', renderJson(many).trim());
  for (const result of many.results) {
    for (const annotation of annotationsOf(result)) {
      (annotation.level === 'warning' ? core.warning : core.error)(redact(annotation.message), {
        title: annotation.title,
        file: annotation.file,
        startLine: annotation.line,
      });
    }
  }
  const markdown = many.results.map(renderCheckMarkdown).join('\n---\n\n');
  await core.summary.addRaw(markdown).write();
  // One comment for the whole list (its marker names the input as written), like the job summary.
  const hasFindings = many.results.some((result) => result.verdict !== 'in-sync' || result.findings.length > 0);
  await publishStickyComment(inputs, { kind: 'check', hasFindings, markdown });
  const code = exitCodeOfMany(many);
  if (code === 0) return;
  const failing = many.results.flatMap((result, index) =>
    exitCodeOf(result) === 0
      ? []
      : [`${schemas[index]}: ${result.verdict === 'in-sync' ? 'findings fail the gate' : FAILURE[result.verdict]}`],
  );
  core.setFailed(`${failing.length} of ${schemas.length} schemas fail the check (see the job summary):\n${failing.join('\n')}`);
}
