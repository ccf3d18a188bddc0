import * as core from '@actions/core';
import { check } from '../../commands/check.js';
import { exitCodeOf, type CheckResult } from '../../commands/check-result.js';
import { annotationsOf } from '../../report/annotations.js';
import { renderJson } from '../../report/json.js';
import { renderCheckMarkdown } from '../../report/markdown.js';
import { renderCheckText } from '../../report/text.js';
import { redact } from '../../util/redact.js';
import { checkPorts } from '../../wiring.js';
import type { ActionInputs } from '../inputs.js';

const FAILURE: Record<Exclude<CheckResult['verdict'], 'in-sync'>, string> = {
  'missing-migration': 'The Prisma schema has changes that no migration creates.',
  'migration-failed': 'A committed migration fails to apply.',
  'provider-mismatch': 'migration_lock.toml and the schema use different providers.',
  error: 'The check could not run.',
};

/** `command: check`: the check, then its outputs, annotations and job summary. */
export async function checkAction(inputs: ActionInputs): Promise<void> {
  const log = (line: string) => core.info(redact(line));
  const result = await check(
    { cwd: inputs.workingDirectory, schema: inputs.schema, migrations: inputs.migrations, names: { schema: "Input 'schema'", migrations: "Input 'migrations'" }, log, base: inputs.base, failOn: inputs.failOn, baseName: "Input 'base'" },
    checkPorts({ shadowDatabaseUrl: inputs.shadowDatabaseUrl, inputName: "Input 'shadow-database-url'", shadowDatabase: inputs.shadowDatabase, log, engine: inputs.engine, engineInputName: "Input 'engine'" }, inputs.workingDirectory),
  );
  core.info(renderCheckText(result, { color: false }));
  core.setOutput('verdict', result.verdict);
  core.setOutput('missing-migration', result.findings.find((finding) => finding.kind === 'missing-migration')?.sql ?? '');
  core.setOutput('report-json', renderJson(result).trim());
  for (const annotation of annotationsOf(result)) {
    (annotation.level === 'warning' ? core.warning : core.error)(redact(annotation.message), { title: annotation.title, file: annotation.file, startLine: annotation.line });
  }
  await core.summary.addRaw(renderCheckMarkdown(result)).write();
  if (result.verdict !== 'in-sync') core.setFailed(FAILURE[result.verdict]);
  else if (exitCodeOf(result) !== 0) {
    const failing = result.findings.filter((finding) => finding.failsGate);
    core.setFailed(`${failing.length} finding${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} the gate (${[...new Set(failing.map((f) => f.kind))].join(', ')}); see the job summary.`);
  }
}
