import * as core from '@actions/core';
import { errorMessage, UsageError } from '../util/errors.js';
import { redact, registerSecret } from '../util/redact.js';
import { checkAction } from './commands/check.js';
import { driftAction } from './commands/drift.js';
import { previewAction } from './commands/preview.js';
import { reviewAction } from './commands/review.js';
import { readInputs, type ActionInputs } from './inputs.js';

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
    registerSecret(inputs.shadowDatabaseUrl);
    registerSecret(inputs.databaseUrl);
    await COMMANDS[inputs.command](inputs);
  } catch (error) {
    const fix = error instanceof UsageError && error.fix ? ` ${error.fix}` : '';
    core.setOutput('verdict', 'error');
    core.setFailed(redact(`${errorMessage(error)}${fix}`));
  }
}
