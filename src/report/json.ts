import { redactValue } from '../util/redact.js';

/** `--json` and the `report-json` output: the result value, redacted, with a stable shape. */
export function renderJson(result: object): string {
  return JSON.stringify(redactValue(result), null, 2) + '\n';
}
