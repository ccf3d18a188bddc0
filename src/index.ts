import { installSignalHandlers } from './lifecycle/cleanup.js';
import { run } from './action/main.js';

// First of all: from here on a cancelled job's signal removes whatever the run has begun to create.
installSignalHandlers();
await run();
