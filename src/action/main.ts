import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import { couldNotRunReport, renderCouldNotRunMarkdown } from '../report/could-not-run.js';
import { renderJson } from '../report/json.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { redact } from '../util/redact.js';
import { checkAction } from './commands/check.js';
import { driftAction } from './commands/drift.js';
import { previewAction } from './commands/preview.js';
import { reviewAction } from './commands/review.js';
import { commandInput, readInputs, type ActionInputs } from './inputs.js';
import { withTimeLimit } from '../lifecycle/time-limit.js';

const COMMANDS: Record<ActionInputs['command'], (inputs: ActionInputs) => Promise<void>> = {
  check: checkAction,
  drift: driftAction,
  preview: previewAction,
  review: reviewAction,
};

/** The action: inputs read once → the command → outputs and reports; one catch → setFailed. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    await withTimeLimit(inputs.timeoutMs, () => COMMANDS[inputs.command](inputs));
  } catch (error) {
    const fix = error instanceof UsageError ? error.fix : undefined;
    await reportCouldNotRun(commandInput() ?? 'check', errorMessage(error), fix);
    core.setFailed(redact(`${errorMessage(error)}${fix ? ` ${fix}` : ''}`));
  }
}

/**
 * A run that could not run still leaves a report: every output a reader may look for (`verdict`
 * `error`, `report-json`, and the command's own outputs, empty) and the job summary with the message
 * and the fix. Secrets are masked by the renderers.
 */
async function reportCouldNotRun(command: ActionInputs['command'], message: string, fix: string | undefined): Promise<void> {
  core.setOutput('verdict', 'error');
  core.setOutput('gate', 'fail');
  // A command that failed after writing its report (outputs and summary) keeps that report.
  if (reportWritten()) return;
  const report = couldNotRunReport(command, message, fix);
  const json = renderJson(report).trim();
  core.setOutput('report-json', json);
  if (command === 'check') core.setOutput('missing-migration', '');
  if (command === 'preview') {
    core.setOutput('plan-json', json);
    core.setOutput('applied', 'false');
  }
  try {
    await core.summary.addRaw(renderCouldNotRunMarkdown(report)).write();
  } catch (summaryError) {
    // No summary file (a run outside GitHub): the failure itself still fails the step.
    core.debug(`job summary not written: ${errorMessage(summaryError)}`);
  }
}

/** Whether this step wrote `report-json` already (GitHub's output file, `name<<delimiter` entries). */
function reportWritten(): boolean {
  const file = process.env.GITHUB_OUTPUT;
  if (!file || !existsSync(file)) return false;
  return /^report-json<</m.test(readFileSync(file, 'utf8'));
}
