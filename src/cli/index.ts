#!/usr/bin/env node
import { startEarlyShadow } from './early-shadow.js';

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
