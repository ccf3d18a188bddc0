import { installSignalHandlers } from './lifecycle/cleanup.js';
import { stopOnFailures } from './lifecycle/failures.js';
import { run } from './action/main.js';

// First of all: from here on a cancelled job's signal, a closed stdout or an uncaught error removes
// whatever the run has begun to create.
installSignalHandlers();
stopOnFailures();
await run();
