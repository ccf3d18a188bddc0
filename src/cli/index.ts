#!/usr/bin/env node
import { endAfterTimeLimit, installSignalHandlers, isStopping } from '../lifecycle/cleanup.js';
import { timeLimitExpired } from '../lifecycle/time-limit.js';
import { stopOnFailures } from '../lifecycle/failures.js';
import { startEarlyShadow } from './early-shadow.js';

// First of all: from here on a signal, a closed stdout or an uncaught error removes whatever this
// run has begun to create.
installSignalHandlers();
stopOnFailures();
// Once the run is stopping, the line that says why is its last word: what the interrupted command
// would still print (an error about a database dropped under it) is not.
const write = (stream: NodeJS.WriteStream) => (text: string) => void (isStopping() || stream.write(text));
// A check's shadow database is created while the rest of the CLI loads (see early-shadow.ts).
const early = startEarlyShadow(process.argv.slice(2), process.env);
const { runCli } = await import('./main.js');
const code = await runCli(process.argv.slice(2), {
  stdout: write(process.stdout),
  stderr: write(process.stderr),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns,
});
// A run abandoned at its time limit may still hold connections (an unanswered CREATE DATABASE among
// them): remove what it created, bounded, and end.
if (timeLimitExpired()) await endAfterTimeLimit(code);
await early?.release();
process.exitCode = code;
