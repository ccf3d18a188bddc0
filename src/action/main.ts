import * as core from '@actions/core';
import { check } from '../commands/check.js';
import type { CheckResult } from '../commands/check-result.js';
import { annotationsOf } from '../report/annotations.js';
import { renderJson } from '../report/json.js';
import { renderCheckMarkdown } from '../report/markdown.js';
import { renderCheckText } from '../report/text.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { redact, registerSecret } from '../util/redact.js';
import { checkPorts } from '../wiring.js';
import { readInputs } from './inputs.js';

const FAILURE: Record<Exclude<CheckResult['verdict'], 'in-sync'>, string> = {
  'missing-migration': 'The Prisma schema has changes that no migration creates.',
  'migration-failed': 'A committed migration fails to apply.',
  'provider-mismatch': 'migration_lock.toml and the schema use different providers.',
  error: 'The check could not run.',
};

/** The action: inputs → check → outputs, job summary, annotations; one catch → setFailed. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    registerSecret(inputs.shadowDatabaseUrl);
    const log = (line: string) => core.info(redact(line));
    const result = await check(
      { cwd: inputs.workingDirectory, schema: inputs.schema, migrations: inputs.migrations, names: { schema: "Input 'schema'", migrations: "Input 'migrations'" }, log },
      checkPorts({ shadowDatabaseUrl: inputs.shadowDatabaseUrl, inputName: "Input 'shadow-database-url'", log }),
    );
    core.info(renderCheckText(result, { color: false }));
    core.setOutput('verdict', result.verdict);
    core.setOutput('missing-migration', result.findings.find((finding) => finding.kind === 'missing-migration')?.sql ?? '');
    core.setOutput('report-json', renderJson(result).trim());
    for (const annotation of annotationsOf(result)) {
      const properties = { title: annotation.title, file: annotation.file, startLine: annotation.line };
      core.error(redact(annotation.message), properties);
    }
    await core.summary.addRaw(renderCheckMarkdown(result)).write();
    if (result.verdict !== 'in-sync') core.setFailed(FAILURE[result.verdict]);
  } catch (error) {
    const fix = error instanceof UsageError && error.fix ? ` ${error.fix}` : '';
    core.setOutput('verdict', 'error');
    core.setFailed(redact(`${errorMessage(error)}${fix}`));
  }
}
