import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { UsageError } from '../../src/util/errors.js';

/** The environment a workflow step sees: `with:` inputs as INPUT_<NAME>, and the event's variables. */
const VARIABLES = ['INPUT_BASE', 'INPUT_FAIL-ON', 'GITHUB_EVENT_NAME', 'GITHUB_BASE_REF', 'GITHUB_WORKSPACE'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

function withEnv(env: Record<string, string>) {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, { GITHUB_WORKSPACE: process.cwd() }, env);
  return readInputs();
}

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('action inputs base and fail-on', () => {
  test('on a pull request the base defaults to its base branch; elsewhere there is none', () => {
    assert.equal(withEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' }).base, 'main');
    assert.equal(withEnv({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_BASE_REF: 'develop' }).base, 'develop');
    assert.equal(withEnv({ GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' }).base, undefined);
    assert.equal(withEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main', INPUT_BASE: 'release/1.x' }).base, 'release/1.x');
  });

  test('fail-on: the default, none, a list, and an error that names the input', () => {
    assert.deepEqual([...withEnv({}).failOn].sort(), ['destructive', 'drift', 'history']);
    assert.deepEqual([...withEnv({ 'INPUT_FAIL-ON': 'none' }).failOn], []);
    assert.deepEqual([...withEnv({ 'INPUT_FAIL-ON': 'history, lock' }).failOn].sort(), ['history', 'lock']);
    assert.throws(
      () => withEnv({ 'INPUT_FAIL-ON': 'histroy' }),
      (error: unknown) => error instanceof UsageError && /^Input 'fail-on': unknown category "histroy"/.test(error.message),
    );
  });
});
