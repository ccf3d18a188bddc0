import { endAfterTimeLimit, installSignalHandlers } from './lifecycle/cleanup.js';
import { timeLimitExpired } from './lifecycle/time-limit.js';
import { stopOnFailures } from './lifecycle/failures.js';
import { run } from './action/main.js';

// First of all: from here on a cancelled job's signal, a closed stdout or an uncaught error removes
// whatever the run has begun to create.
installSignalHandlers();
stopOnFailures();
await run();
if (timeLimitExpired()) await endAfterTimeLimit(1);
