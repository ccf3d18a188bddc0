import { defineConfig } from 'vitest/config';

// The whole suite, against real databases (see README › Development). Every file runs in its own
// forked process: the signal tests send real signals, the engine tests load WebAssembly, and the
// action tests set process.exitCode; a worker thread would share one of those between files.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Two files at a time, as the machines have two cores; each creates uniquely named databases.
    maxWorkers: 2,
    // Real servers, containers and 1,000-migration histories: a test owns its own time limit.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default', './test/support/skip-reporter.ts'],
    // A private temp folder per file: leftover checks see only that file's folders and servers.
    setupFiles: ['./test/support/private-tmpdir.ts'],
  },
});
