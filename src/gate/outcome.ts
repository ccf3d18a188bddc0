/**
 * The one outcome every report agrees on: `fail` whenever the command's exit code is not 0 (a
 * verdict that fails, a finding that `fail-on` gates, or a run that could not complete), `pass`
 * otherwise. `verdict` keeps saying what was found; `gate` says whether the job fails.
 */
export type GateOutcome = 'pass' | 'fail';

export function gateOf(exitCode: number): GateOutcome {
  return exitCode === 0 ? 'pass' : 'fail';
}
