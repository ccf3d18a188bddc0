import * as core from '@actions/core';
import { isAbsolute, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../util/errors.js';

/** The action's inputs, read once, checked, typed. */
export interface ActionInputs {
  command: 'check';
  workingDirectory: string;
  schema?: string;
  migrations?: string;
  shadowDatabaseUrl?: string;
}

const COMMANDS = ['check'] as const;

export function readInputs(): ActionInputs {
  const command = core.getInput('command') || 'check';
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Input 'command': expected one of ${COMMANDS.join(', ')}, got "${command}".`);
  }
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const dir = core.getInput('working-directory') || '.';
  const workingDirectory = isAbsolute(dir) ? dir : resolve(workspace, dir);
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    throw new UsageError(`Input 'working-directory': no folder at ${dir}.`, 'Give a folder relative to the repository root (did actions/checkout run before this step?).');
  }
  const shadowDatabaseUrl = core.getInput('shadow-database-url') || undefined;
  if (shadowDatabaseUrl) core.setSecret(shadowDatabaseUrl);
  return {
    command: command as ActionInputs['command'],
    workingDirectory,
    schema: core.getInput('schema') || undefined,
    migrations: core.getInput('migrations') || undefined,
    shadowDatabaseUrl,
  };
}
