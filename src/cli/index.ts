#!/usr/bin/env node
import { installSignalHandlers } from '../lifecycle/cleanup.js';
import { startEarlyShadow } from './early-shadow.js';

// First of all: from here on a signal removes whatever this run has begun to create.
installSignalHandlers();
// A check's shadow database is created while the rest of the CLI loads (see early-shadow.ts).
const early = startEarlyShadow(process.argv.slice(2), process.env);
const { runCli } = await import('./main.js');
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
});
await early?.release();
process.exitCode = code;
